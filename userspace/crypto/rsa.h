/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RSA (PKCS #1 v2.2, RFC 8017) with 1024- to 4096-bit moduli.
 *
 * Keys are built from big-endian components (as the PKI code finds them
 * in RSAPublicKey / RSAPrivateKey structures), generated, or freed; a key
 * is immutable once built and may be shared between threads.
 *
 * Private operations use the CRT with base blinding (a blinding pair
 * r^e, r^-1 mod n kept in the key and squared after each use), exponent
 * blinding (d_p + r (p - 1) with a fresh 64-bit r per operation) and a
 * check of the result against the public key before anything leaves
 * (fault attacks); the exponentiations are constant time.
 *
 * All functions return 0 or a negative errno:
 *   -EINVAL    bad argument (length, hash, key without private part)
 *   -ERANGE    an input integer is not below the modulus
 *   -EMSGSIZE  the message does not fit the key
 *   -EBADMSG   decryption or signature verification failed
 *   -EIO       the private operation's result failed its check (a fault)
 *   -ENOMEM, or an error from the random generator
 * Output buffers of "k bytes" are mx_rsa_size(key) bytes.
 */
#ifndef MXTLS_CRYPTO_RSA_H
#define MXTLS_CRYPTO_RSA_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/hash.h"

#define MX_RSA_MIN_BITS		1024
#define MX_RSA_MAX_BITS		4096
/* The TLS 1.0/1.1 signature input: MD5 digest || SHA-1 digest. */
#define MX_RSA_MD5_SHA1_LEN	36
/* TLS premaster secret length (RFC 5246, 7.4.7.1). */
#define MX_RSA_PREMASTER_LEN	48
/* PSS verification: accept any salt length. */
#define MX_RSA_PSS_SALT_ANY	((size_t)-1)

struct mx_rsa_key;

/* Components of a private key, big-endian, leading zeros allowed. */
struct mx_rsa_parts {
	const uint8_t *n, *e, *d, *p, *q, *dp, *dq, *qinv;
	size_t n_len, e_len, d_len, p_len, q_len, dp_len, dq_len, qinv_len;
};

enum mx_rsa_part {
	MX_RSA_N, MX_RSA_E, MX_RSA_D, MX_RSA_P, MX_RSA_Q, MX_RSA_DP, MX_RSA_DQ, MX_RSA_QINV,
};

/* A public key: n odd, 1024..4096 bits; e odd, 3 <= e < n. */
int mx_rsa_key_public(struct mx_rsa_key **out, const uint8_t *n, size_t n_len,
		      const uint8_t *e, size_t e_len);

/*
 * A private key from all eight components. Checked: the public rules,
 * n = p q, q qinv = 1 mod p, and one private operation round trip.
 */
int mx_rsa_key_private(struct mx_rsa_key **out, const struct mx_rsa_parts *parts);

/*
 * A new key of `bits` bits (even, 1024..4096) with public exponent e
 * (odd, 3 <= e < 2^31; 65537 is the usual choice).
 */
int mx_rsa_keygen(struct mx_rsa_key **out, unsigned int bits, uint32_t e);

/* Zeroize and free; NULL is fine. */
void mx_rsa_key_free(struct mx_rsa_key *key);

/* Modulus length in bytes (k) and in bits; whether it has a private part. */
size_t mx_rsa_size(const struct mx_rsa_key *key);
unsigned int mx_rsa_bits(const struct mx_rsa_key *key);
int mx_rsa_is_private(const struct mx_rsa_key *key);

/*
 * A component as a minimal big-endian integer (at least one byte) into
 * out[0..cap); *len gets its length. -ENOSPC when cap is too small,
 * -EINVAL for a private component of a public key.
 */
int mx_rsa_export(const struct mx_rsa_key *key, enum mx_rsa_part part, uint8_t *out,
		  size_t cap, size_t *len);

/* Raw RSA on k-byte big-endian blocks: out = in^e and in^d mod n. */
int mx_rsa_public_raw(const struct mx_rsa_key *key, const uint8_t *in, size_t len, uint8_t *out);
int mx_rsa_private_raw(const struct mx_rsa_key *key, const uint8_t *in, size_t len, uint8_t *out);

/* RSAES-PKCS1-v1_5 encryption of len <= k - 11 bytes into k bytes. */
int mx_rsa_pkcs1_encrypt(const struct mx_rsa_key *key, const uint8_t *msg, size_t len,
			 uint8_t *out);

/*
 * RSAES-PKCS1-v1_5 decryption of a k-byte ciphertext. The padding check
 * and the copy of the message are constant time, and every padding error
 * is the same -EBADMSG; the outcome itself is visible to the caller, so
 * TLS must use mx_rsa_tls_premaster_decrypt instead. Writes min(cap,
 * k - 11) bytes to out (zeros after the message); *outlen = its length.
 */
int mx_rsa_pkcs1_decrypt(const struct mx_rsa_key *key, const uint8_t *in, size_t len,
			 uint8_t *out, size_t cap, size_t *outlen);

/*
 * The TLS RSA key exchange (RFC 5246, 7.4.7.1): decrypt the
 * EncryptedPreMasterSecret and write the 48-byte premaster secret. A
 * random premaster replaces the decrypted one, without any observable
 * difference (same return value, same timing, same memory accesses),
 * when the ciphertext is not below n, the padding is wrong, the
 * plaintext is not 48 bytes or its first two bytes differ from
 * client_version (the ClientHello version, major << 8 | minor).
 * Errors only for a wrong length (not k), a fault or a lack of memory
 * or randomness.
 */
int mx_rsa_tls_premaster_decrypt(const struct mx_rsa_key *key, const uint8_t *in, size_t len,
				 uint16_t client_version,
				 uint8_t premaster[MX_RSA_PREMASTER_LEN]);

/*
 * RSASSA-PKCS1-v1_5 with a DigestInfo for `hash` around a digest of that
 * hash's length; sig is k bytes. Verification rebuilds the expected
 * encoding and compares, so any other encoding of the same digest
 * (missing NULL, BER lengths, garbage) is rejected.
 */
int mx_rsa_pkcs1_sign(const struct mx_rsa_key *key, enum mx_hash_id hash,
		      const uint8_t *digest, size_t dlen, uint8_t *sig);
int mx_rsa_pkcs1_verify(const struct mx_rsa_key *key, enum mx_hash_id hash,
			const uint8_t *digest, size_t dlen, const uint8_t *sig, size_t siglen);

/*
 * The same padding around caller-supplied bytes t (no DigestInfo added):
 * the TLS 1.0/1.1 form, t = MD5 || SHA-1 (MX_RSA_MD5_SHA1_LEN bytes), or
 * a DigestInfo the caller built. tlen <= k - 11.
 */
int mx_rsa_pkcs1_sign_raw(const struct mx_rsa_key *key, const uint8_t *t, size_t tlen,
			  uint8_t *sig);
int mx_rsa_pkcs1_verify_raw(const struct mx_rsa_key *key, const uint8_t *t, size_t tlen,
			    const uint8_t *sig, size_t siglen);

/*
 * RSASSA-PSS with MGF1 over the same hash, for a digest of that hash. The
 * signer draws a salt of saltlen bytes (TLS: the digest length); the
 * verifier requires exactly saltlen, or any length with
 * MX_RSA_PSS_SALT_ANY.
 */
int mx_rsa_pss_sign(const struct mx_rsa_key *key, enum mx_hash_id hash,
		    const uint8_t *digest, size_t dlen, size_t saltlen, uint8_t *sig);
int mx_rsa_pss_verify(const struct mx_rsa_key *key, enum mx_hash_id hash,
		      const uint8_t *digest, size_t dlen, size_t saltlen,
		      const uint8_t *sig, size_t siglen);

#endif /* MXTLS_CRYPTO_RSA_H */
