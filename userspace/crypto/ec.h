/* SPDX-License-Identifier: GPL-2.0 */
/*
 * NIST P-256 and P-384: keys, ECDH (RFC 8422 / SEC 1) and ECDSA
 * (FIPS 186-4) with deterministic nonces (RFC 6979).
 *
 * Points travel in the uncompressed SEC 1 encoding (04 || X || Y, as in
 * TLS ECPoint), scalars and shared secrets as fixed-length big-endian
 * byte strings, signatures as DER Ecdsa-Sig-Value (TLS). Every point from
 * outside is checked to be on the curve. Scalar multiplications by a
 * secret are constant time: a signed fixed window over a regular
 * recoding of the scalar, table lookups that read every entry.
 *
 * An mx_ec_key lives wherever the caller puts it; mx_ec_key_clear
 * zeroizes it. Functions return 0 or a negative errno: -EINVAL for bad
 * arguments or a private scalar outside [1, n - 1], -EBADMSG for an
 * invalid peer point, signature or degenerate result, -ENOSPC for a
 * short output buffer, or a random generator error.
 */
#ifndef MXTLS_CRYPTO_EC_H
#define MXTLS_CRYPTO_EC_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/bn.h"
#include "crypto/hash.h"

enum mx_ec_curve_id {
	MX_EC_P256,
	MX_EC_P384,
};

#define MX_EC_MAX_SCALAR	48
#define MX_EC_MAX_POINT		(1 + 2 * MX_EC_MAX_SCALAR)
/* SEQUENCE { INTEGER r, INTEGER s } with a possible 00 before each. */
#define MX_ECDSA_MAX_SIG	(2 + 2 * (2 + 1 + MX_EC_MAX_SCALAR))

struct mx_ec_curve;

/* The curve, or NULL for an unknown id. */
const struct mx_ec_curve *mx_ec_curve(enum mx_ec_curve_id id);
enum mx_ec_curve_id mx_ec_curve_id(const struct mx_ec_curve *c);
/* Bytes of a scalar, coordinate or shared secret (32, 48); of a point. */
size_t mx_ec_scalar_len(const struct mx_ec_curve *c);
size_t mx_ec_point_len(const struct mx_ec_curve *c);

struct mx_ec_key {
	const struct mx_ec_curve *curve;
	int has_private;
	mx_limb d[MX_BN_LIMBS(8 * MX_EC_MAX_SCALAR)];	/* the private scalar */
	mx_limb qx[MX_BN_LIMBS(8 * MX_EC_MAX_SCALAR)];	/* public point, internal form */
	mx_limb qy[MX_BN_LIMBS(8 * MX_EC_MAX_SCALAR)];
	uint8_t pub[MX_EC_MAX_POINT];			/* 04 || X || Y */
};

/*
 * A key from a big-endian private scalar (leading zero bytes allowed;
 * 1 <= d < n), its public point computed.
 */
int mx_ec_key_from_private(struct mx_ec_key *key, const struct mx_ec_curve *c,
			   const uint8_t *d, size_t len);
/* A public-only key from an uncompressed point, validated. */
int mx_ec_key_from_public(struct mx_ec_key *key, const struct mx_ec_curve *c,
			  const uint8_t *point, size_t len);
/* A fresh random key pair (ECDHE, tests, tools). */
int mx_ec_keygen(struct mx_ec_key *key, const struct mx_ec_curve *c);
void mx_ec_key_clear(struct mx_ec_key *key);

/* The private scalar, mx_ec_scalar_len bytes. */
int mx_ec_key_private_bytes(const struct mx_ec_key *key, uint8_t *out);
/* The public point, mx_ec_point_len bytes. */
const uint8_t *mx_ec_key_public(const struct mx_ec_key *key);

/*
 * ECDH: secret = x coordinate of d * peer (mx_ec_scalar_len bytes). The
 * peer point must be uncompressed and on the curve (-EBADMSG otherwise).
 */
int mx_ecdh_derive(const struct mx_ec_key *key, const uint8_t *peer, size_t len,
		   uint8_t *secret);

/*
 * ECDSA over a message digest of any length (truncated to the order's
 * size as FIPS 186-4 says). The nonce is RFC 6979's, from HMAC over
 * `hash` (the hash that made the digest). *siglen: the capacity of sig
 * on input (MX_ECDSA_MAX_SIG always suffices), the DER length on output.
 */
int mx_ecdsa_sign(const struct mx_ec_key *key, enum mx_hash_id hash,
		  const uint8_t *digest, size_t dlen, uint8_t *sig, size_t *siglen);

/* 0 for a valid strict-DER signature of the digest, else -EBADMSG. */
int mx_ecdsa_verify(const struct mx_ec_key *key, const uint8_t *digest, size_t dlen,
		    const uint8_t *sig, size_t siglen);

#endif /* MXTLS_CRYPTO_EC_H */
