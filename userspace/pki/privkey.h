/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private keys from files and memory: PKCS#1 RSAPrivateKey, SEC1
 * ECPrivateKey, PKCS#8 PrivateKeyInfo, PKCS#8 EncryptedPrivateKeyInfo
 * (PBES2 with PBKDF2, or the PKCS#12 PBEs) and legacy PEM encryption
 * ("Proc-Type: 4,ENCRYPTED"), in PEM or DER.
 *
 * Compile options (cryptoConfig.h): USE_PRIVATE_KEY_PARSING enables all
 * of this; USE_PKCS8 the PKCS#8 forms; USE_PKCS5 the password-protected
 * forms. A disabled form gives -EOPNOTSUPP.
 *
 * Errors: -EBADMSG malformed; -ENOENT no key in the PEM input; -ENOKEY
 * encrypted but no password given; -EKEYREJECTED wrong password (the
 * padding, the decrypted structure or the key's consistency is wrong);
 * -EOPNOTSUPP an algorithm not implemented; -E2BIG key derivation asks
 * for more iterations than allowed; -ENOMEM.
 */
#ifndef MXTLS_PKI_PRIVKEY_H
#define MXTLS_PKI_PRIVKEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pki/algs.h"
#include "pki/der.h"

struct mx_rsa_key;
struct mx_ec_key;

/* RSA: big-endian magnitudes without leading zeros. */
struct mx_rsa_priv {
	struct mx_der n, e, d, p, q, dp, dq, qinv;
};

struct mx_ec_priv {
	enum mx_curve curve;
	struct mx_der d;		/* the scalar, as stored (big-endian) */
	struct mx_der pub;		/* 04 || X || Y when the file has it, else empty */
};

struct mx_privkey {
	enum mx_key_type type;		/* MX_PK_RSA or MX_PK_EC */
	bool rsa_pss_only;		/* an id-RSASSA-PSS key */
	union {
		struct mx_rsa_priv rsa;
		struct mx_ec_priv ec;
	};
	uint8_t *buf;			/* the DER the spans point into (owned) */
	size_t buf_len;
	/* The key as crypto/ uses it, built (and checked) when parsed. */
	struct mx_rsa_key *rsa_key;
	struct mx_ec_key *ec_key;
};

/*
 * The work key derivation may do for one file, counted in hash
 * iterations: generous for real files (OpenSSL writes 2048 per
 * derivation), finite for hostile ones.
 */
#define MX_KDF_DEFAULT_BUDGET 8000000ul

struct mx_key_opts {
	const char *password;		/* NUL-terminated; NULL: none */
	unsigned long kdf_budget;	/* 0: MX_KDF_DEFAULT_BUDGET */
};

int mx_privkey_parse(const void *buf, size_t len, const struct mx_key_opts *opts,
		     struct mx_privkey *out);
int mx_privkey_load_file(const char *path, const struct mx_key_opts *opts,
			 struct mx_privkey *out);

/* Zeroize and free. */
void mx_privkey_clear(struct mx_privkey *key);

/*
 * Internal to the PKI code: take ownership of a DER buffer (on success
 * and failure alike) holding a PrivateKeyInfo, and parse it.
 */
int mx_privkey_take_pkcs8(uint8_t *der, size_t len, struct mx_privkey *out);

/*
 * The consistency of a parsed key: its structure (sizes, parity), then
 * its mathematics, by building the crypto/ key object (RSA: n = p q,
 * q qinv = 1 mod p, a private operation undone by the public one; d is
 * not used, and not checked; EC: 1 <= d < n, and d G is the public point
 * the file holds).
 * -EKEYREJECTED when inconsistent, -EOPNOTSUPP for a size crypto/ does
 * not do, -ENOMEM.
 */
int mx_privkey_check(struct mx_privkey *key);

/* The public key matches the private key. */
bool mx_privkey_matches(const struct mx_privkey *key, const struct mx_pubkey *pub);

#endif /* MXTLS_PKI_PRIVKEY_H */
