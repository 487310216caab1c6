/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Algorithm identifiers of certificates and keys: signature algorithms
 * (RSA PKCS#1 v1.5, RSA-PSS, ECDSA) and SubjectPublicKeyInfo (RSA, EC
 * on P-256 and P-384). Unknown algorithms parse as "unsupported" so that
 * a certificate carrying one can still be read; it just cannot verify.
 */
#ifndef MXTLS_PKI_ALGS_H
#define MXTLS_PKI_ALGS_H

#include "pki/der.h"

enum mx_pki_hash {
	MX_PKI_HASH_NONE,
	MX_PKI_MD5,
	MX_PKI_SHA1,
	MX_PKI_SHA256,
	MX_PKI_SHA384,
	MX_PKI_SHA512,
};

enum mx_sig_scheme {
	MX_SIG_UNSUPPORTED,
	MX_SIG_RSA_PKCS1,
	MX_SIG_RSA_PSS,
	MX_SIG_ECDSA,
};

struct mx_sig_alg {
	enum mx_sig_scheme scheme;
	enum mx_pki_hash hash;
	enum mx_pki_hash mgf_hash;	/* RSA-PSS: MGF1's hash */
	unsigned int salt_len;		/* RSA-PSS: salt length in bytes */
};

enum mx_key_type {
	MX_PK_UNSUPPORTED,
	MX_PK_RSA,
	MX_PK_EC,
};

enum mx_curve {
	MX_CURVE_NONE,
	MX_CURVE_P256,
	MX_CURVE_P384,
};

struct mx_pubkey {
	enum mx_key_type type;
	enum mx_curve curve;
	bool rsa_pss_only;		/* an id-RSASSA-PSS key */
	unsigned int bits;		/* modulus or field size */
	struct mx_der n, e;		/* RSA: magnitudes, big-endian */
	struct mx_der point;		/* EC: 04 || X || Y */
	void *cache;			/* the crypto/ key object, built on first use */
};

/* The largest RSA modulus accepted, in bytes (16384 bits). */
#define MX_RSA_MAX_BYTES 2048

/* Output size of a hash in bytes, 0 for MX_PKI_HASH_NONE. */
unsigned int mx_pki_hash_len(enum mx_pki_hash h);

/* A hash AlgorithmIdentifier (its SEQUENCE contents); parameters NULL or absent. */
int mx_hash_alg_parse(const struct mx_der *alg, enum mx_pki_hash *out);

/*
 * A signature AlgorithmIdentifier (its SEQUENCE contents). Unknown
 * algorithms give MX_SIG_UNSUPPORTED and success; -EBADMSG only when the
 * encoding is broken or a known algorithm has wrong parameters.
 */
int mx_sig_alg_parse(const struct mx_der *alg, struct mx_sig_alg *out);

/* SubjectPublicKeyInfo (its SEQUENCE contents). */
int mx_spki_parse(const struct mx_der *spki, struct mx_pubkey *out);

/* The bit length of a big-endian magnitude without leading zeros. */
unsigned int mx_bitlen(const struct mx_der *mag);

#endif /* MXTLS_PKI_ALGS_H */
