// SPDX-License-Identifier: GPL-2.0
/*
 * Poly1305 four blocks at a time with AVX2.
 *
 * Lane j of the accumulator collects the blocks j, j + 4, j + 8, ... of a
 * run of 4K blocks: A = A r^4 + M each step, lane 0 starting with the
 * running h added to its first block. Then h = A_0 r^4 + A_1 r^3 +
 * A_2 r^2 + A_3 r, which is one more vector product and a sum of lanes.
 * Numbers are five 26-bit limbs in the 64-bit lanes, so vpmuludq gives
 * exact 52-bit products; terms at 2^130 and above come back times 5.
 * Limbs stay below 2^27 between steps, products below 2^57, the five-term
 * sums below 2^60.
 */
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#include "crypto/bytes.h"
#include "crypto/poly1305_impl.h"

#define AVX2_TARGET __attribute__((target("avx2")))
#define AVX2_INLINE __attribute__((target("avx2"), always_inline))
#define M26 0x3ffffffu

/* 26-bit limbs of a value below 2^131 given as three 64-bit limbs. */
static void to_limbs(uint32_t l[5], const uint64_t h[3])
{
	l[0] = (uint32_t)h[0] & M26;
	l[1] = (uint32_t)(h[0] >> 26) & M26;
	l[2] = (uint32_t)((h[0] >> 52) | (h[1] << 12)) & M26;
	l[3] = (uint32_t)(h[1] >> 14) & M26;
	l[4] = (uint32_t)((h[1] >> 40) | (h[2] << 24));
}

static void make_powers(struct mx_poly1305_ctx *ctx)
{
	const uint64_t r0 = ctx->r[0], r1 = ctx->r[1], s1 = r1 + (r1 >> 2);
	uint64_t p[3] = { r0, r1, 0 };
	int k;

	to_limbs(ctx->rpow[0], p);
	for (k = 1; k < 4; k++) {
		mx_poly1305_mulmod(p, r0, r1, s1);
		to_limbs(ctx->rpow[k], p);
	}
	ctx->have_rpow = 1;
}

struct vec5 {
	__m256i l[5];
};

/* d = a * r mod p (lazily carried); s[i] = 5 r[i]. */
AVX2_INLINE
static inline void vmul(struct vec5 *d, const struct vec5 *a, const struct vec5 *r,
			const struct vec5 *s)
{
	const __m256i m = _mm256_set1_epi64x(M26);
	__m256i c0, c1, c2, c3, c4;

#define MUL(x, y) _mm256_mul_epu32(x, y)
#define ADD(x, y) _mm256_add_epi64(x, y)
	c0 = ADD(ADD(ADD(ADD(MUL(a->l[0], r->l[0]), MUL(a->l[1], s->l[4])),
			 MUL(a->l[2], s->l[3])), MUL(a->l[3], s->l[2])), MUL(a->l[4], s->l[1]));
	c1 = ADD(ADD(ADD(ADD(MUL(a->l[0], r->l[1]), MUL(a->l[1], r->l[0])),
			 MUL(a->l[2], s->l[4])), MUL(a->l[3], s->l[3])), MUL(a->l[4], s->l[2]));
	c2 = ADD(ADD(ADD(ADD(MUL(a->l[0], r->l[2]), MUL(a->l[1], r->l[1])),
			 MUL(a->l[2], r->l[0])), MUL(a->l[3], s->l[4])), MUL(a->l[4], s->l[3]));
	c3 = ADD(ADD(ADD(ADD(MUL(a->l[0], r->l[3]), MUL(a->l[1], r->l[2])),
			 MUL(a->l[2], r->l[1])), MUL(a->l[3], r->l[0])), MUL(a->l[4], s->l[4]));
	c4 = ADD(ADD(ADD(ADD(MUL(a->l[0], r->l[4]), MUL(a->l[1], r->l[3])),
			 MUL(a->l[2], r->l[2])), MUL(a->l[3], r->l[1])), MUL(a->l[4], r->l[0]));
#undef MUL

	/*
	 * Two interleaved carry chains; afterwards every limb is below
	 * 2^26 + 2^11.
	 */
	c1 = ADD(c1, _mm256_srli_epi64(c0, 26));
	c0 = _mm256_and_si256(c0, m);
	c4 = ADD(c4, _mm256_srli_epi64(c3, 26));
	c3 = _mm256_and_si256(c3, m);
	c2 = ADD(c2, _mm256_srli_epi64(c1, 26));
	c1 = _mm256_and_si256(c1, m);
	{
		__m256i t = _mm256_srli_epi64(c4, 26);

		c0 = ADD(c0, ADD(t, _mm256_slli_epi64(t, 2)));
	}
	c4 = _mm256_and_si256(c4, m);
	c3 = ADD(c3, _mm256_srli_epi64(c2, 26));
	c2 = _mm256_and_si256(c2, m);
	c1 = ADD(c1, _mm256_srli_epi64(c0, 26));
	c0 = _mm256_and_si256(c0, m);
	c4 = ADD(c4, _mm256_srli_epi64(c3, 26));
	c3 = _mm256_and_si256(c3, m);
#undef ADD
	d->l[0] = c0;
	d->l[1] = c1;
	d->l[2] = c2;
	d->l[3] = c3;
	d->l[4] = c4;
}

/* Four blocks as limbs, one block per lane, with the 2^128 bit. */
AVX2_INLINE
static inline void load4(struct vec5 *x, const uint8_t *p)
{
	const __m256i m = _mm256_set1_epi64x(M26);
	__m256i a = _mm256_loadu_si256((const __m256i *)p);
	__m256i b = _mm256_loadu_si256((const __m256i *)(p + 32));
	/* [lo0 lo2 lo1 lo3] and [hi0 hi2 hi1 hi3], then lanes in order */
	__m256i lo = _mm256_permute4x64_epi64(_mm256_unpacklo_epi64(a, b), 0xd8);
	__m256i hi = _mm256_permute4x64_epi64(_mm256_unpackhi_epi64(a, b), 0xd8);

	x->l[0] = _mm256_and_si256(lo, m);
	x->l[1] = _mm256_and_si256(_mm256_srli_epi64(lo, 26), m);
	x->l[2] = _mm256_and_si256(_mm256_or_si256(_mm256_srli_epi64(lo, 52),
						   _mm256_slli_epi64(hi, 12)), m);
	x->l[3] = _mm256_and_si256(_mm256_srli_epi64(hi, 14), m);
	x->l[4] = _mm256_or_si256(_mm256_srli_epi64(hi, 40), _mm256_set1_epi64x(1 << 24));
}

/* Multiplier vectors: lane j gets power pw[j] (indices into rpow). */
AVX2_INLINE
static inline void powers(struct vec5 *r, struct vec5 *s, const struct mx_poly1305_ctx *ctx,
			  const int pw[4])
{
	int i;

#pragma GCC unroll 5
	for (i = 0; i < 5; i++) {
		r->l[i] = _mm256_set_epi64x(ctx->rpow[pw[3]][i], ctx->rpow[pw[2]][i],
					    ctx->rpow[pw[1]][i], ctx->rpow[pw[0]][i]);
		s->l[i] = _mm256_add_epi64(r->l[i], _mm256_slli_epi64(r->l[i], 2));
	}
}

AVX2_TARGET
void mx_poly1305_blocks_avx2(struct mx_poly1305_ctx *ctx, const uint8_t *p, size_t n)
{
	static const int all4[4] = { 3, 3, 3, 3 }, last[4] = { 3, 2, 1, 0 };
	struct vec5 a, x, r4, s4;
	uint32_t hl[5];
	uint64_t l[5], h[3];
	mx_u128 t;
	int i;

	if (!ctx->have_rpow)
		make_powers(ctx);
	powers(&r4, &s4, ctx, all4);

	to_limbs(hl, ctx->h);
	load4(&a, p);
#pragma GCC unroll 5
	for (i = 0; i < 5; i++)
		a.l[i] = _mm256_add_epi64(a.l[i], _mm256_set_epi64x(0, 0, 0, hl[i]));
	for (p += 64, n -= 4; n; p += 64, n -= 4) {
		vmul(&a, &a, &r4, &s4);
		load4(&x, p);
#pragma GCC unroll 5
		for (i = 0; i < 5; i++)
			a.l[i] = _mm256_add_epi64(a.l[i], x.l[i]);
	}
	powers(&r4, &s4, ctx, last);
	vmul(&a, &a, &r4, &s4);

	/* Sum the lanes (each limb below 2^28), back to 64-bit limbs. */
#pragma GCC unroll 5
	for (i = 0; i < 5; i++) {
		__m128i v = _mm_add_epi64(_mm256_castsi256_si128(a.l[i]),
					  _mm256_extracti128_si256(a.l[i], 1));

		l[i] = (uint64_t)_mm_cvtsi128_si64(v) + (uint64_t)_mm_extract_epi64(v, 1);
	}
	t = (mx_u128)l[0] + ((mx_u128)l[1] << 26) + ((mx_u128)l[2] << 52);
	h[0] = (uint64_t)t;
	t = (t >> 64) + ((mx_u128)l[3] << 14) + ((mx_u128)l[4] << 40);
	h[1] = (uint64_t)t;
	h[2] = (uint64_t)(t >> 64);
	/* bring h[2] back to a few bits: 2^130 = 5 */
	t = (mx_u128)h[0] + (h[2] >> 2) * 5;
	ctx->h[0] = (uint64_t)t;
	t = (mx_u128)h[1] + (uint64_t)(t >> 64);
	ctx->h[1] = (uint64_t)t;
	ctx->h[2] = (h[2] & 3) + (uint64_t)(t >> 64);
}
#endif
