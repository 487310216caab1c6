/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Finite-field Diffie-Hellman: the RFC 7919 groups ffdhe2048/3072/4096
 * and parameters (p, g) loaded from elsewhere (the PKI code decodes PEM
 * DHParameters and hands over the big-endian integers).
 *
 * Public values and shared secrets are mx_dh_size() bytes, big-endian,
 * left-padded with zeros. TLS 1.2 and earlier strip the leading zero
 * bytes of the shared secret; the caller does that. Private keys are
 * big-endian byte strings. Returns 0 or a negative errno: -EINVAL for
 * bad parameters or arguments, -EBADMSG for a peer value outside
 * 1 < y < p - 1 or a degenerate result, -ENOMEM, or a random generator
 * error.
 */
#ifndef MXTLS_CRYPTO_DH_H
#define MXTLS_CRYPTO_DH_H

#include <stddef.h>
#include <stdint.h>

#define MX_DH_MIN_BITS	1024
#define MX_DH_MAX_BITS	4096
#define MX_DH_MAX_BYTES	(MX_DH_MAX_BITS / 8)

enum mx_dh_group {
	MX_DH_FFDHE2048,
	MX_DH_FFDHE3072,
	MX_DH_FFDHE4096,
};

struct mx_dh_params;

/* The parameters of a named group (g = 2). */
int mx_dh_params_group(struct mx_dh_params **out, enum mx_dh_group group);

/*
 * Parameters from big-endian p and g, validated: p odd, 1024..4096 bits
 * and prime (Miller-Rabin, 50 random bases, unless p is one of the
 * named groups' primes); 1 < g < p - 1.
 */
int mx_dh_params_new(struct mx_dh_params **out, const uint8_t *p, size_t p_len,
		     const uint8_t *g, size_t g_len);

void mx_dh_params_free(struct mx_dh_params *dp);

/* Length of p in bytes: of public values and shared secrets. */
size_t mx_dh_size(const struct mx_dh_params *dp);

/* p and g as minimal big-endian integers (for ServerKeyExchange). */
void mx_dh_params_get(const struct mx_dh_params *dp, const uint8_t **p, size_t *p_len,
		      const uint8_t **g, size_t *g_len);

/* The named group whose parameters these are, or -1. */
int mx_dh_params_group_id(const struct mx_dh_params *dp);

/*
 * A key pair: a random private exponent of 256, 320 or 384 bits for p up
 * to 2048, 3072 or 4096 bits (at least twice the group's strength and
 * RFC 7919's minimum sizes) into priv[0..*priv_len) (*priv_len: the
 * capacity on input, MX_DH_MAX_BYTES always suffices), and g^x mod p
 * into pub (mx_dh_size bytes).
 */
int mx_dh_keygen(const struct mx_dh_params *dp, uint8_t *priv, size_t *priv_len, uint8_t *pub);

/* Check a peer's public value: exactly mx_dh_size bytes or fewer, 1 < y < p - 1. */
int mx_dh_check_public(const struct mx_dh_params *dp, const uint8_t *pub, size_t len);

/*
 * secret = peer^priv mod p (mx_dh_size bytes) after checking the peer
 * value; constant time in priv and in the result. -EBADMSG also when the
 * result is 1.
 */
int mx_dh_derive(const struct mx_dh_params *dp, const uint8_t *priv, size_t priv_len,
		 const uint8_t *peer, size_t peer_len, uint8_t *secret);

#endif /* MXTLS_CRYPTO_DH_H */
