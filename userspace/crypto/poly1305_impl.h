/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Poly1305 internals shared by poly1305.c and poly1305_avx2.c.
 */
#ifndef MXTLS_CRYPTO_POLY1305_IMPL_H
#define MXTLS_CRYPTO_POLY1305_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/chacha20poly1305.h"

typedef unsigned __int128 mx_u128;

/*
 * h = h * r mod 2^130 - 5, partially: on entry h < 2^131 with h[2] <= 7;
 * on exit h[2] <= 4. r = r0 + r1 2^64 clamped, s1 = 5 (r1 / 4).
 */
static inline void mx_poly1305_mulmod(uint64_t h[3], uint64_t r0, uint64_t r1, uint64_t s1)
{
	mx_u128 d0, d1, d2;
	uint64_t c;

	d0 = (mx_u128)h[0] * r0 + (mx_u128)h[1] * s1;
	d1 = (mx_u128)h[0] * r1 + (mx_u128)h[1] * r0 + (mx_u128)h[2] * s1;
	d2 = (mx_u128)h[2] * r0;

	d1 += (uint64_t)(d0 >> 64);
	h[0] = (uint64_t)d0;
	d2 += (uint64_t)(d1 >> 64);
	h[1] = (uint64_t)d1;
	/* d2 < 2^63 here; keep its low two bits, fold the rest (2^130 = 5) */
	h[2] = (uint64_t)d2 & 3;
	c = ((uint64_t)d2 >> 2) * 5;
	d0 = (mx_u128)h[0] + c;
	h[0] = (uint64_t)d0;
	d1 = (mx_u128)h[1] + (uint64_t)(d0 >> 64);
	h[1] = (uint64_t)d1;
	h[2] += (uint64_t)(d1 >> 64);
}

/* nblocks full blocks, a multiple of 4 and at least 4; AVX2 only. */
void mx_poly1305_blocks_avx2(struct mx_poly1305_ctx *ctx, const uint8_t *p, size_t nblocks);

#endif /* MXTLS_CRYPTO_POLY1305_IMPL_H */
