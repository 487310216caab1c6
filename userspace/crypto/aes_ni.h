/* SPDX-License-Identifier: GPL-2.0 */
/*
 * AES-NI building blocks shared by aes_ni.c and gcm_clmul.c. Include only
 * from files compiled for x86 whose functions use AESNI_TARGET.
 */
#ifndef MXTLS_CRYPTO_AES_NI_H
#define MXTLS_CRYPTO_AES_NI_H

#include <immintrin.h>

#define AESNI_TARGET __attribute__((target("aes,pclmul,sse4.1,ssse3")))

/*
 * Run `body(nr)` with the round count as a constant, so that loops over
 * rounds unroll and round keys can live in registers.
 */
#define MX_AES_BY_ROUNDS(rounds, body) do { \
	switch (rounds) { \
	case 10: \
		body(10); \
		break; \
	case 12: \
		body(12); \
		break; \
	default: \
		body(14); \
		break; \
	} \
} while (0)

/*
 * Counter blocks keep the big-endian 32-bit counter as a little-endian
 * integer in lane 3; this shuffle converts both ways.
 */
#define MX_AES_NI_BSWAP32 \
	_mm_set_epi8(12, 13, 14, 15, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)

AESNI_TARGET
static inline __m128i mx_aes_ni_enc1(const __m128i *rk, const unsigned int nr, __m128i x)
{
	unsigned int r;

	x = _mm_xor_si128(x, rk[0]);
#pragma GCC unroll 14
	for (r = 1; r < nr; r++)
		x = _mm_aesenc_si128(x, rk[r]);
	return _mm_aesenclast_si128(x, rk[nr]);
}

/* Encrypt eight blocks in place. */
AESNI_TARGET
static inline void mx_aes_ni_enc8(const __m128i *rk, const unsigned int nr, __m128i x[8])
{
	unsigned int r;
	int i;

#pragma GCC unroll 8
	for (i = 0; i < 8; i++)
		x[i] = _mm_xor_si128(x[i], rk[0]);
#pragma GCC unroll 14
	for (r = 1; r < nr; r++)
#pragma GCC unroll 8
		for (i = 0; i < 8; i++)
			x[i] = _mm_aesenc_si128(x[i], rk[r]);
#pragma GCC unroll 8
	for (i = 0; i < 8; i++)
		x[i] = _mm_aesenclast_si128(x[i], rk[nr]);
}

#endif /* MXTLS_CRYPTO_AES_NI_H */
