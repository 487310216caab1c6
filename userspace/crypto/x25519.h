/* SPDX-License-Identifier: GPL-2.0 */
/*
 * X25519 (RFC 7748): Diffie-Hellman on Curve25519's u-coordinate.
 *
 * Scalars and u-coordinates are 32 bytes, little-endian. The scalar is
 * clamped as RFC 7748 says and the top bit of u ignored; non-canonical u
 * (>= 2^255 - 19) are accepted and reduced. The ladder is constant time.
 */
#ifndef MXTLS_CRYPTO_X25519_H
#define MXTLS_CRYPTO_X25519_H

#include <stdint.h>

#define MX_X25519_LEN 32

/*
 * out = X25519(scalar, u). Returns 0, or -EBADMSG when the result is all
 * zeros (u of small order: RFC 7748 section 6.1 says to abort); out is
 * written either way.
 */
int mx_x25519(uint8_t out[MX_X25519_LEN], const uint8_t scalar[MX_X25519_LEN],
	      const uint8_t u[MX_X25519_LEN]);

/* pub = X25519(priv, 9): the public key of priv. */
void mx_x25519_public(uint8_t pub[MX_X25519_LEN], const uint8_t priv[MX_X25519_LEN]);

/* A random private key and its public key. 0 or a random generator error. */
int mx_x25519_keygen(uint8_t priv[MX_X25519_LEN], uint8_t pub[MX_X25519_LEN]);

#endif /* MXTLS_CRYPTO_X25519_H */
