/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The eight-block ChaCha20 function, included twice by chacha20_x86.c:
 * once for AVX2 and once for AVX-512VL. The includer defines
 * CHACHA_TARGET (the function attribute), CHACHA_NAME(x) (the name with
 * its suffix) and ROL16, ROL12, ROL8, ROL7 (rotations of the 32-bit lanes
 * of a __m256i). No include guard, by design.
 *
 * One block per 32-bit lane: v[i] holds word i of the eight blocks and
 * the rounds are the scalar ones on vectors. The results are transposed
 * back to byte order before the XOR.
 */
#define VQR(a, b, c, d) do { \
	a = _mm256_add_epi32(a, b); \
	d = ROL16(_mm256_xor_si256(d, a)); \
	c = _mm256_add_epi32(c, d); \
	b = _mm256_xor_si256(b, c); \
	b = ROL12(b); \
	a = _mm256_add_epi32(a, b); \
	d = ROL8(_mm256_xor_si256(d, a)); \
	c = _mm256_add_epi32(c, d); \
	b = _mm256_xor_si256(b, c); \
	b = ROL7(b); \
} while (0)

/* Rows in[0..7] (word i of blocks 0..7) to out[b] = words 0..7 of block b. */
CHACHA_TARGET
static inline void CHACHA_NAME(transpose8)(__m256i v[8])
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

CHACHA_TARGET
void CHACHA_NAME(mx_chacha20_blocks)(uint32_t state[16], const uint8_t *in, uint8_t *out,
				      size_t n)
{
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
		CHACHA_NAME(transpose8)(v);
		CHACHA_NAME(transpose8)(v + 8);
#pragma GCC unroll 16
		for (i = 0; i < 8; i++) {
			const __m256i *src = (const __m256i *)(in + 64 * i);
			__m256i *dst = (__m256i *)(out + 64 * i);

			__m256i lo = _mm256_loadu_si256(src), hi = _mm256_loadu_si256(src + 1);

			_mm256_storeu_si256(dst, _mm256_xor_si256(v[i], lo));
			_mm256_storeu_si256(dst + 1, _mm256_xor_si256(v[i + 8], hi));
		}
		state[12] += 8;
	}
	if (n)
		mx_chacha20_blocks_c(state, in, out, n);
}
#undef VQR
