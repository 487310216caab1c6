/* SPDX-License-Identifier: GPL-2.0 */
/*
 * GHASH internals shared by gcm.c and its two back ends.
 *
 * A 16-byte block b[0..15] stands for the polynomial whose x^0
 * coefficient is the top bit of b[0]. We hold it as the 128-bit integer
 * read big-endian from the block, so integer bit j is the coefficient of
 * x^(127-j) ("reflected"); in memory that is {low 64 bits, high 64 bits},
 * the same as the byte-reversed block in an xmm register.
 *
 * The carry-less product of two reflected values A, B is the 255-bit
 * y^254 * (A*B)(1/y). Read as a 256-bit reflected value it is x*A*B, and
 * it reduces modulo the reflected field polynomial
 *   G*(y) = y^128 + y^127 + y^126 + y^121 + 1
 * by two Montgomery steps of 64 bits: since G* = 1 mod y^64, the
 * quotient digit is just the low word q, and
 *   F <- F / y^64 + q * (y^57 + y^62 + y^63) + q * y^64.
 * The stray factor x is cancelled by keeping the key as H / x ("twisted"
 * H): the product of a block with it is then exactly block * H. Powers
 * of H are kept the same way: twist(H^k) = twist(H^(k-1)) (*) twist(H).
 */
#ifndef MXTLS_CRYPTO_GHASH_H
#define MXTLS_CRYPTO_GHASH_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/gcm.h"

/* H / x from H, both reflected {low, high}. */
void mx_ghash_twist(uint64_t out[2], const uint64_t h[2]);

/* Portable: y = (y + block) * H for each block; h is twist(H). */
void mx_ghash_ct(const uint64_t h[2], uint64_t y[2], const uint8_t *p, size_t nblocks);
/* Portable product of two reflected values: x * a * b reduced. */
void mx_ghash_ct_mul(uint64_t out[2], const uint64_t a[2], const uint64_t b[2]);

/* PCLMULQDQ (gcm_clmul.c): fill key->h[1..7] from key->h[0]. */
void mx_ghash_clmul_init(struct mx_gcm_key *key);
void mx_ghash_clmul(const struct mx_gcm_key *key, uint64_t y[2], const uint8_t *p,
		    size_t nblocks);
/*
 * Counter mode and GHASH fused over whole blocks; ctr as in
 * mx_aes_ctr32(). GHASH covers out when encrypting, in when decrypting.
 */
void mx_gcm_clmul_encrypt(const struct mx_gcm_key *key, uint8_t ctr[16], uint64_t y[2],
			  const uint8_t *in, uint8_t *out, size_t nblocks);
void mx_gcm_clmul_decrypt(const struct mx_gcm_key *key, uint8_t ctr[16], uint64_t y[2],
			  const uint8_t *in, uint8_t *out, size_t nblocks);

#endif /* MXTLS_CRYPTO_GHASH_H */
