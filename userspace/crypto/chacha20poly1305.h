/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ChaCha20, Poly1305 and their AEAD (RFC 8439), as TLS uses them
 * (RFC 7905: 96-bit nonce, 32-bit block counter).
 *
 * ChaCha20 runs eight blocks at a time with AVX-512VL or AVX2 when the CPU
 * has them, and Poly1305 four blocks at a time with AVX2; otherwise both
 * are portable C (Poly1305 on 64-bit limbs). All of it is constant time by
 * construction (add, rotate, xor, multiplications). in and out may be the
 * same buffer.
 */
#ifndef MXTLS_CRYPTO_CHACHA20POLY1305_H
#define MXTLS_CRYPTO_CHACHA20POLY1305_H

#include <stddef.h>
#include <stdint.h>

#define MX_CHACHA20_KEY_LEN	32
#define MX_CHACHA20_NONCE_LEN	12
#define MX_POLY1305_KEY_LEN	32
#define MX_POLY1305_TAG_LEN	16

/* A ChaCha20 keystream that can be consumed in pieces of any length. */
struct mx_chacha20_ctx {
	uint32_t state[16];
	uint8_t ks[64];		/* unused keystream of the last block */
	size_t ks_left;
};

void mx_chacha20_init(struct mx_chacha20_ctx *ctx, const uint8_t key[32],
		      const uint8_t nonce[12], uint32_t counter);
void mx_chacha20_crypt(struct mx_chacha20_ctx *ctx, const uint8_t *in, uint8_t *out,
		       size_t len);
void mx_chacha20_clear(struct mx_chacha20_ctx *ctx);

struct mx_poly1305_ctx {
	uint64_t r[2], h[3], s[2];
	/* r^1..r^4 in 26-bit limbs for the AVX2 code, made on first use */
	uint32_t rpow[4][5];
	int have_rpow;
	uint8_t buf[16];
	size_t used;
};

void mx_poly1305_init(struct mx_poly1305_ctx *ctx, const uint8_t key[32]);
void mx_poly1305_update(struct mx_poly1305_ctx *ctx, const void *data, size_t len);
/* Writes the tag and wipes ctx. */
void mx_poly1305_final(struct mx_poly1305_ctx *ctx, uint8_t tag[16]);

/*
 * The AEAD. noncelen must be 12 (-EINVAL otherwise, as for a message over
 * the 2^32-block counter's reach). open checks the tag in constant time
 * before decrypting; -EBADMSG when it is wrong (out is then untouched).
 */
int mx_chacha20_poly1305_seal(const uint8_t key[32], const uint8_t *nonce, size_t noncelen,
			      const uint8_t *aad, size_t aadlen, const uint8_t *in, size_t len,
			      uint8_t *out, uint8_t tag[16]);
int mx_chacha20_poly1305_open(const uint8_t key[32], const uint8_t *nonce, size_t noncelen,
			      const uint8_t *aad, size_t aadlen, const uint8_t *in, size_t len,
			      const uint8_t tag[16], uint8_t *out);

#endif /* MXTLS_CRYPTO_CHACHA20POLY1305_H */
