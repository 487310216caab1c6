// SPDX-License-Identifier: GPL-2.0
/*
 * ChaCha20 with AVX2: eight blocks at once, one block per 32-bit lane, so
 * v[i] holds word i of the eight blocks and the rounds are the scalar
 * ones on vectors. The results are transposed back to byte order before
 * the XOR. Rotations by 16 and 8 are byte shuffles.
 */
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#include "crypto/chacha20_impl.h"

#define AVX2_TARGET __attribute__((target("avx2")))

#define ROL(x, n) _mm256_or_si256(_mm256_slli_epi32(x, n), _mm256_srli_epi32(x, 32 - (n)))

#define VQR(a, b, c, d) do { \
	a = _mm256_add_epi32(a, b); \
	d = _mm256_shuffle_epi8(_mm256_xor_si256(d, a), rot16); \
	c = _mm256_add_epi32(c, d); \
	b = _mm256_xor_si256(b, c); \
	b = ROL(b, 12); \
	a = _mm256_add_epi32(a, b); \
	d = _mm256_shuffle_epi8(_mm256_xor_si256(d, a), rot8); \
	c = _mm256_add_epi32(c, d); \
	b = _mm256_xor_si256(b, c); \
	b = ROL(b, 7); \
} while (0)

/* Rows in[0..7] (word i of blocks 0..7) to out[b] = words 0..7 of block b. */
AVX2_TARGET
static inline void transpose8(__m256i v[8])
{
	__m256i t[8], u[8];
	int i;

#pragma GCC unroll 16
	for (i = 0; i < 8; i += 2) {
		t[i] = _mm256_unpacklo_epi32(v[i], v[i + 1]);
		t[i + 1] = _mm256_unpackhi_epi32(v[i], v[i + 1]);
	}
#pragma GCC unroll 16
	for (i = 0; i < 8; i += 4) {
		u[i] = _mm256_unpacklo_epi64(t[i], t[i + 2]);
		u[i + 1] = _mm256_unpackhi_epi64(t[i], t[i + 2]);
		u[i + 2] = _mm256_unpacklo_epi64(t[i + 1], t[i + 3]);
		u[i + 3] = _mm256_unpackhi_epi64(t[i + 1], t[i + 3]);
	}
#pragma GCC unroll 16
	for (i = 0; i < 4; i++) {
		v[i] = _mm256_permute2x128_si256(u[i], u[i + 4], 0x20);
		v[i + 4] = _mm256_permute2x128_si256(u[i], u[i + 4], 0x31);
	}
}

AVX2_TARGET
void mx_chacha20_blocks_avx2(uint32_t state[16], const uint8_t *in, uint8_t *out, size_t n)
{
	const __m256i rot16 = _mm256_set_epi8(13, 12, 15, 14, 9, 8, 11, 10, 5, 4, 7, 6, 1, 0,
					      3, 2, 13, 12, 15, 14, 9, 8, 11, 10, 5, 4, 7, 6,
					      1, 0, 3, 2);
	const __m256i rot8 = _mm256_set_epi8(14, 13, 12, 15, 10, 9, 8, 11, 6, 5, 4, 7, 2, 1,
					     0, 3, 14, 13, 12, 15, 10, 9, 8, 11, 6, 5, 4, 7,
					     2, 1, 0, 3);
	const __m256i lane = _mm256_set_epi32(7, 6, 5, 4, 3, 2, 1, 0);
	__m256i s[16];
	int i;

#pragma GCC unroll 16
	for (i = 0; i < 16; i++)
		s[i] = _mm256_set1_epi32((int)state[i]);
	for (; n >= 8; n -= 8, in += 512, out += 512) {
		__m256i v[16];
		int r;

		s[12] = _mm256_add_epi32(_mm256_set1_epi32((int)state[12]), lane);
#pragma GCC unroll 16
		for (i = 0; i < 16; i++)
			v[i] = s[i];
#pragma GCC unroll 10
		for (r = 0; r < 10; r++) {
			VQR(v[0], v[4], v[8], v[12]);
			VQR(v[1], v[5], v[9], v[13]);
			VQR(v[2], v[6], v[10], v[14]);
			VQR(v[3], v[7], v[11], v[15]);
			VQR(v[0], v[5], v[10], v[15]);
			VQR(v[1], v[6], v[11], v[12]);
			VQR(v[2], v[7], v[8], v[13]);
			VQR(v[3], v[4], v[9], v[14]);
		}
#pragma GCC unroll 16
		for (i = 0; i < 16; i++)
			v[i] = _mm256_add_epi32(v[i], s[i]);
		transpose8(v);
		transpose8(v + 8);
#pragma GCC unroll 16
		for (i = 0; i < 8; i++) {
			const __m256i *src = (const __m256i *)(in + 64 * i);
			__m256i *dst = (__m256i *)(out + 64 * i);

			_mm256_storeu_si256(dst, _mm256_xor_si256(v[i], _mm256_loadu_si256(src)));
			_mm256_storeu_si256(dst + 1,
					    _mm256_xor_si256(v[i + 8], _mm256_loadu_si256(src + 1)));
		}
		state[12] += 8;
	}
	if (n)
		mx_chacha20_blocks_c(state, in, out, n);
}
#endif
