// SPDX-License-Identifier: GPL-2.0
/*
 * Modular exponentiation with AVX-512 IFMA.
 *
 * A number below 2^(52 L) is L limbs of 52 bits in 64-bit lanes, eight
 * per 512-bit register, V registers (unused lanes zero).
 * R = 2^(52 L) with 4m <= R, so the almost Montgomery multiplication
 * AMM(a, b) = (a b + q m) / R keeps values below 2m without a final
 * subtraction; only the result of an exponentiation is fully reduced.
 *
 * AMM scans b a limb at a time: the accumulator gets the low halves of
 * a b_i and of m y (y chosen to clear position i's low 52 bits), moves
 * down one lane, and gets the high halves, which belong one lane up.
 * Position i is tracked exactly in a scalar, so the chain from one y to
 * the next runs through a few scalar multiplications and the vector work
 * has two steps of slack. Lanes collect carries lazily
 * (below L * 2^54) and are normalized at the end: one vector pass of
 * carries, then an exact pass whose ripple is computed on bit masks.
 *
 * mx_ifma_exp2 runs two exponentiations (the RSA CRT halves) in one loop
 * so that their dependency chains overlap.
 *
 * Constant time: no branch and no address depends on the base, the
 * exponent or the modulus; the window table is read in full with masks.
 * Only functions marked IFMA_* use the instructions, and they run only
 * when mx_ifma_new found the CPU able (crypto/cpu.h).
 *
 * Register counts: an instance of the arithmetic per supported count
 * (V_SIZES), fully unrolled; a modulus uses the smallest that fits. In a
 * build optimized for size one generic instance serves every count.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/ct.h"
#include "crypto/bn_ifma.h"
#include "crypto/cpu.h"
#include "crypto/pk_tune.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

#define IFMA_TARGET	__attribute__((target("avx512f,avx512vl,avx512ifma")))
#define IFMA_FN		static IFMA_TARGET
#define IFMA_INLINE	static inline __attribute__((always_inline)) IFMA_TARGET

/* Full unrolling over the register count, except when optimizing for size. */
#ifdef __OPTIMIZE_SIZE__
#define UNROLL		_Pragma("GCC unroll 1")
#else
#define UNROLL		_Pragma("GCC unroll 10")
#endif

#define MASK52		((1ull << 52) - 1)
#define MAXV		10	/* 80 limbs: moduli up to 4158 bits */
#define MIN_BITS	768

struct mx_ifma {
	size_t L, V;
	uint64_t k0;		/* -m^-1 mod 2^52 */
	uint64_t *m;		/* 8V lanes each, 64-byte aligned */
	uint64_t *rr;		/* R^2 mod m */
	uint64_t *one;		/* the integer 1 */
	uint64_t mem[] __attribute__((aligned(64)));
};

/* 64-bit limbs (n of them, value below 2^(52 L)) to L 52-bit lanes. */
static void to52(uint64_t *r, size_t lanes, const mx_limb *a, size_t n)
{
	size_t i;

	for (i = 0; i < lanes; i++) {
		size_t bit = 52 * i, w = bit / 64, sh = bit % 64;
		uint64_t v = w < n ? a[w] >> sh : 0;

		if (sh > 12 && w + 1 < n)
			v |= a[w + 1] << (64 - sh);
		r[i] = v & MASK52;
	}
}

static void from52(mx_limb *r, size_t n, const uint64_t *a, size_t lanes)
{
	size_t i;

	mx_bn_zero(r, n);
	for (i = 0; i < lanes; i++) {
		size_t bit = 52 * i, w = bit / 64, sh = bit % 64;

		if (w < n)
			r[w] |= a[i] << sh;
		if (sh > 12 && w + 1 < n)
			r[w + 1] |= a[i] >> (64 - sh);
	}
}

#ifdef __OPTIMIZE_SIZE__
static const size_t v_sizes[] = { MAXV };
#else
static const size_t v_sizes[] = { 3, 4, 5, 8, 10 };
#endif
#define N_SIZES (sizeof(v_sizes) / sizeof(v_sizes[0]))

struct mx_ifma *mx_ifma_new(const struct mx_mont *mc)
{
	struct mx_ifma *f;
	size_t L, V = 0, lanes, i;
	mx_limb pow[2 * MAXV * 8 * 52 / 64 + 2], t[MX_BN_MAX_LIMBS];

	if (!mx_cpu_has(MX_CPU_IFMA) || mc->bits < MIN_BITS)
		return NULL;
	L = (mc->bits + 2 + 51) / 52;
	for (i = N_SIZES; i-- > 0;)
		if (8 * v_sizes[i] >= L)
			V = v_sizes[i];
	if (!V)
		return NULL;
	lanes = 8 * V;
	f = aligned_alloc(64, (sizeof(*f) + 3 * lanes * sizeof(uint64_t) + 63) & ~(size_t)63);
	if (!f)
		return NULL;
	memset(f, 0, sizeof(*f) + 3 * lanes * sizeof(uint64_t));
	f->L = L;
	f->V = V;
	f->k0 = mc->m0inv & MASK52;
	f->m = f->mem;
	f->rr = f->mem + lanes;
	f->one = f->mem + 2 * lanes;
	to52(f->m, L, mc->m, mc->n);
	f->one[0] = 1;
	/* R^2 mod m = 2^(104 L) mod m */
	memset(pow, 0, sizeof(pow));
	i = 104 * L;
	pow[i / 64] = (mx_limb)1 << (i % 64);
	mx_mont_reduce(mc, t, pow, i / 64 + 1);
	to52(f->rr, L, t, mc->n);
	mx_zeroize(t, sizeof(t));
	return f;
}

void mx_ifma_free(struct mx_ifma *f)
{
	if (!f)
		return;
	mx_zeroize(f, sizeof(*f) + 3 * 8 * f->V * sizeof(uint64_t));
	free(f);
}

int mx_ifma_can_pair(const struct mx_ifma *f1, const struct mx_ifma *f2)
{
	return f1->L == f2->L && f1->V == f2->V;
}

#define LD(p)	_mm512_load_si512(p)
#define ST(p, v) _mm512_store_si512(p, v)

/* Carry every lane above 52 bits into the next lane, exactly. */
IFMA_INLINE void normalize(__m512i *acc, const size_t V)
{
	const __m512i mask = _mm512_set1_epi64((long long)MASK52);
	const __m512i one = _mm512_set1_epi64(1);
	__m512i prev = _mm512_setzero_si512();
	unsigned __int128 g = 0, p = 0, g1, c;
	size_t k;

	/* one pass: lanes end up at most 2^52 - 1 + 2^10 */
	UNROLL
	for (k = 0; k < V; k++) {
		__m512i hi = _mm512_srli_epi64(acc[k], 52);

		acc[k] = _mm512_and_si512(acc[k], mask);
		acc[k] = _mm512_add_epi64(acc[k], _mm512_alignr_epi64(hi, prev, 7));
		prev = hi;
	}
	/*
	 * The rest ripples: a lane above the mask generates a carry, a lane
	 * equal to it propagates one. Lane j's incoming carry is bit j of
	 * (G << 1) | binary carries of ((G << 1) + P).
	 */
	UNROLL
	for (k = 0; k < V; k++) {
		g |= (unsigned __int128)_mm512_cmpgt_epu64_mask(acc[k], mask) << (8 * k);
		p |= (unsigned __int128)_mm512_cmpeq_epu64_mask(acc[k], mask) << (8 * k);
	}
	g1 = g << 1;
	c = g1 | ((g1 + p) ^ g1 ^ p);
	UNROLL
	for (k = 0; k < V; k++) {
		__mmask8 ck = (__mmask8)(c >> (8 * k));

		acc[k] = _mm512_and_si512(_mm512_mask_add_epi64(acc[k], ck, acc[k], one), mask);
	}
}

/*
 * One step of AMM for limb b_i. Position i is kept exactly in the scalar
 * *s; the vector's lane 0 is left inexact (the carries between positions
 * go through the scalar), lanes 1 and up are exact. So y comes from
 * scalars, and the next position is lane 1 as it was before this step
 * plus this step's low halves there and the carry out of position i,
 * while the vector work feeds only the step after next. a and m are
 * read from memory.
 */
IFMA_INLINE void amm_step(__m512i *acc, uint64_t *s, const uint64_t *a, const uint64_t *mp,
			  uint64_t bi, uint64_t k0, const size_t V)
{
	__m512i bv = _mm512_set1_epi64((long long)bi), yv;
	uint64_t r1 = (uint64_t)_mm_extract_epi64(_mm512_castsi512_si128(acc[0]), 1);
	unsigned __int128 t = (unsigned __int128)a[0] * bi + *s;
	uint64_t y = ((uint64_t)t * k0) & MASK52;
	size_t k;

	t += (unsigned __int128)mp[0] * y;
	*s = r1 + ((a[1] * bi) & MASK52) + ((mp[1] * y) & MASK52) + (uint64_t)(t >> 52);

	yv = _mm512_set1_epi64((long long)y);
	UNROLL
	for (k = 0; k < V; k++)
		acc[k] = _mm512_madd52lo_epu64(acc[k], LD(a + 8 * k), bv);
	UNROLL
	for (k = 0; k < V; k++)
		acc[k] = _mm512_madd52lo_epu64(acc[k], LD(mp + 8 * k), yv);
	UNROLL
	for (k = 0; k + 1 < V; k++)
		acc[k] = _mm512_alignr_epi64(acc[k + 1], acc[k], 1);
	acc[V - 1] = _mm512_alignr_epi64(_mm512_setzero_si512(), acc[V - 1], 1);
	UNROLL
	for (k = 0; k < V; k++)
		acc[k] = _mm512_madd52hi_epu64(acc[k], LD(a + 8 * k), bv);
	UNROLL
	for (k = 0; k < V; k++)
		acc[k] = _mm512_madd52hi_epu64(acc[k], LD(mp + 8 * k), yv);
}

/* After the last step: the exact lane 0 from the scalar. */
IFMA_INLINE void amm_finish(__m512i *acc, uint64_t s)
{
	acc[0] = _mm512_mask_set1_epi64(acc[0], 1, (long long)s);
}

/*
 * Squaring. Row i of a^2 is a_i (a_i X^i + sum_{j>i} 2 a_j X^j), X = 2^52:
 * each cross product once, doubled. Its operand is D (2a renormalized:
 * D_j = (2 a_j mod X) + bit 51 of a_(j-1)) with lane i set to a_i, lane
 * i+1 to E_(i+1) = 2 a_(i+1) mod X (no carry comes from lane i) and the
 * lanes below i zero; as a sum of lanes it is the row's polynomial, every
 * lane below 2^52 (a < R/2, so nothing leaves the top lane). The
 * registers below kf = i / 8 hold no operand lane and are skipped: that
 * is the saving. The reduction half is AMM's.
 */
IFMA_INLINE void ams_prepare(const uint64_t *a, uint64_t *d, uint64_t *e, const size_t V)
{
	const __m512i mask = _mm512_set1_epi64((long long)MASK52);
	__m512i prev = _mm512_setzero_si512();
	size_t k;

	UNROLL
	for (k = 0; k < V; k++) {
		__m512i v = LD(a + 8 * k), twice = _mm512_and_si512(_mm512_slli_epi64(v, 1), mask);
		__m512i top = _mm512_srli_epi64(v, 51);

		ST(e + 8 * k, twice);
		ST(d + 8 * k, _mm512_add_epi64(twice, _mm512_alignr_epi64(top, prev, 7)));
		prev = top;
	}
}

IFMA_INLINE void ams_step(__m512i *acc, uint64_t *s, const uint64_t *a, const uint64_t *d,
			  const uint64_t *e, const uint64_t *mp, size_t i, uint64_t k0,
			  const size_t kf, const size_t V)
{
	const uint64_t bi = a[i];
	const unsigned int lane = (unsigned int)(i - 8 * kf);
	__m512i op[MAXV], bv = _mm512_set1_epi64((long long)bi), yv;
	uint64_t r1 = (uint64_t)_mm_extract_epi64(_mm512_castsi512_si128(acc[0]), 1);
	uint64_t o0 = 0, o1 = 0, y;
	unsigned __int128 t;
	size_t k;

	/* the row's lanes 0 and 1, for the scalar position (i is public) */
	if (i == 0) {
		o0 = a[0];
		o1 = e[1];
	} else if (i == 1) {
		o1 = a[1];
	}
	t = (unsigned __int128)o0 * bi + *s;
	y = ((uint64_t)t * k0) & MASK52;
	t += (unsigned __int128)mp[0] * y;
	*s = r1 + ((o1 * bi) & MASK52) + ((mp[1] * y) & MASK52) + (uint64_t)(t >> 52);

	UNROLL
	for (k = kf; k < V; k++)
		op[k] = LD(d + 8 * k);
	op[kf] = _mm512_maskz_mov_epi64((__mmask8)(0xff << lane), op[kf]);
	op[kf] = _mm512_mask_mov_epi64(op[kf], (__mmask8)(1u << lane), LD(a + 8 * kf));
	if (lane < 7)
		op[kf] = _mm512_mask_mov_epi64(op[kf], (__mmask8)(2u << lane), LD(e + 8 * kf));
	else if (kf + 1 < V)
		op[kf + 1] = _mm512_mask_mov_epi64(op[kf + 1], 1, LD(e + 8 * (kf + 1)));

	yv = _mm512_set1_epi64((long long)y);
	UNROLL
	for (k = kf; k < V; k++)
		acc[k] = _mm512_madd52lo_epu64(acc[k], op[k], bv);
	UNROLL
	for (k = 0; k < V; k++)
		acc[k] = _mm512_madd52lo_epu64(acc[k], LD(mp + 8 * k), yv);
	UNROLL
	for (k = 0; k + 1 < V; k++)
		acc[k] = _mm512_alignr_epi64(acc[k + 1], acc[k], 1);
	acc[V - 1] = _mm512_alignr_epi64(_mm512_setzero_si512(), acc[V - 1], 1);
	UNROLL
	for (k = kf; k < V; k++)
		acc[k] = _mm512_madd52hi_epu64(acc[k], op[k], bv);
	UNROLL
	for (k = 0; k < V; k++)
		acc[k] = _mm512_madd52hi_epu64(acc[k], LD(mp + 8 * k), yv);
}

/* r1 = AMM(a1, a1) mod m1 and r2 = AMM(a2, a2) mod m2 by squaring rows. */
IFMA_INLINE void ams2(uint64_t *r1, const uint64_t *a1, const struct mx_ifma *f1,
		      uint64_t *r2, const uint64_t *a2, const struct mx_ifma *f2, const size_t V)
{
	uint64_t d1[MAXV * 8] __attribute__((aligned(64)));
	uint64_t e1[MAXV * 8] __attribute__((aligned(64)));
	uint64_t d2[MAXV * 8] __attribute__((aligned(64)));
	uint64_t e2[MAXV * 8] __attribute__((aligned(64)));
	uint64_t s1 = 0, s2 = 0;
	__m512i acc1[MAXV], acc2[MAXV];
	size_t p, i, k;

	ams_prepare(a1, d1, e1, V);
	ams_prepare(a2, d2, e2, V);
	UNROLL
	for (k = 0; k < V; k++) {
		acc1[k] = _mm512_setzero_si512();
		acc2[k] = _mm512_setzero_si512();
	}
	/* one loop per register the rows start in, so that kf is a constant */
	UNROLL
	for (p = 0; p < V; p++) {
		for (i = 8 * p; i < 8 * p + 8 && i < f1->L; i++) {
			ams_step(acc1, &s1, a1, d1, e1, f1->m, i, f1->k0, p, V);
			ams_step(acc2, &s2, a2, d2, e2, f2->m, i, f2->k0, p, V);
		}
	}
	amm_finish(acc1, s1);
	amm_finish(acc2, s2);
	normalize(acc1, V);
	normalize(acc2, V);
	UNROLL
	for (k = 0; k < V; k++) {
		ST(r1 + 8 * k, acc1[k]);
		ST(r2 + 8 * k, acc2[k]);
	}
}

/* r = AMM(a, b) for the modulus of f; r may alias a or b (written last). */
IFMA_INLINE void amm(uint64_t *r, const uint64_t *a, const uint64_t *b,
		     const struct mx_ifma *f, const size_t V)
{
	__m512i acc[MAXV];
	uint64_t s = 0;
	size_t i, k;

	UNROLL
	for (k = 0; k < V; k++)
		acc[k] = _mm512_setzero_si512();
	for (i = 0; i < f->L; i++)
		amm_step(acc, &s, a, f->m, b[i], f->k0, V);
	amm_finish(acc, s);
	normalize(acc, V);
	UNROLL
	for (k = 0; k < V; k++)
		ST(r + 8 * k, acc[k]);
}

/* r1 = AMM(a1, b1) mod m1 and r2 = AMM(a2, b2) mod m2, interleaved. */
IFMA_INLINE void amm2(uint64_t *r1, const uint64_t *a1, const uint64_t *b1,
		      const struct mx_ifma *f1, uint64_t *r2, const uint64_t *a2,
		      const uint64_t *b2, const struct mx_ifma *f2, const size_t V)
{
	__m512i acc1[MAXV], acc2[MAXV];
	uint64_t s1 = 0, s2 = 0;
	size_t i, k;

	UNROLL
	for (k = 0; k < V; k++) {
		acc1[k] = _mm512_setzero_si512();
		acc2[k] = _mm512_setzero_si512();
	}
	for (i = 0; i < f1->L; i++) {
		amm_step(acc1, &s1, a1, f1->m, b1[i], f1->k0, V);
		amm_step(acc2, &s2, a2, f2->m, b2[i], f2->k0, V);
	}
	amm_finish(acc1, s1);
	amm_finish(acc2, s2);
	normalize(acc1, V);
	normalize(acc2, V);
	UNROLL
	for (k = 0; k < V; k++) {
		ST(r1 + 8 * k, acc1[k]);
		ST(r2 + 8 * k, acc2[k]);
	}
}

/* r = tab[idx] for a table of `entries` numbers of V registers, all read. */
IFMA_INLINE void tab_sel(uint64_t *r, const uint64_t *tab, size_t entries, uint64_t idx,
			 const size_t V)
{
	__m512i acc[MAXV];
	size_t e, k;

	UNROLL
	for (k = 0; k < V; k++)
		acc[k] = _mm512_setzero_si512();
	for (e = 0; e < entries; e++) {
		__m512i m = _mm512_set1_epi64((long long)mx_ct_eq(e, idx));

	UNROLL
		for (k = 0; k < V; k++)
			acc[k] = _mm512_ternarylogic_epi64(acc[k], m, LD(tab + (e * V + k) * 8),
							   0xf8);	/* acc | (m & t) */
	}
	UNROLL
	for (k = 0; k < V; k++)
		ST(r + 8 * k, acc[k]);
}

typedef void (*amm_fn)(uint64_t *, const uint64_t *, const uint64_t *, const struct mx_ifma *);
typedef void (*amm2_fn)(uint64_t *, const uint64_t *, const uint64_t *, const struct mx_ifma *,
			uint64_t *, const uint64_t *, const uint64_t *, const struct mx_ifma *);
typedef void (*sel_fn)(uint64_t *, const uint64_t *, size_t, uint64_t, size_t);
typedef void (*ams2_fn)(uint64_t *, const uint64_t *, const struct mx_ifma *, uint64_t *,
			const uint64_t *, const struct mx_ifma *);

struct ifma_ops {
	amm_fn mul;
	amm2_fn mul2;	/* NULL: no interleaved instance */
	sel_fn sel;
	ams2_fn sqr2;	/* NULL: squares with mul2 */
};

#ifdef __OPTIMIZE_SIZE__
/* One instance with the register count read at run time. */
IFMA_FN void amm_any(uint64_t *r, const uint64_t *a, const uint64_t *b, const struct mx_ifma *f)
{
	amm(r, a, b, f, f->V);
}

IFMA_FN void sel_any(uint64_t *r, const uint64_t *tab, size_t entries, uint64_t idx, size_t V)
{
	tab_sel(r, tab, entries, idx, V);
}

/* No interleaved pair here: exp2 runs two single exponentiations. */
static const struct ifma_ops ops_any = { amm_any, NULL, sel_any, NULL };

static const struct ifma_ops *ops_for(size_t V)
{
	return &ops_any;
}
#else
#define IFMA_INSTANCE(V)							\
IFMA_FN void amm_##V(uint64_t *r, const uint64_t *a, const uint64_t *b,		\
		     const struct mx_ifma *f)					\
{										\
	amm(r, a, b, f, V);							\
}										\
IFMA_FN void sel_##V(uint64_t *r, const uint64_t *tab, size_t entries, uint64_t idx, \
		     size_t v)							\
{										\
	tab_sel(r, tab, entries, idx, V);					\
}

#define IFMA_INSTANCE2(V)							\
IFMA_FN void amm2_##V(uint64_t *r1, const uint64_t *a1, const uint64_t *b1,	\
		      const struct mx_ifma *f1, uint64_t *r2, const uint64_t *a2,	\
		      const uint64_t *b2, const struct mx_ifma *f2)		\
{										\
	amm2(r1, a1, b1, f1, r2, a2, b2, f2, V);				\
}										\
IFMA_FN void ams2_##V(uint64_t *r1, const uint64_t *a1, const struct mx_ifma *f1,	\
		      uint64_t *r2, const uint64_t *a2, const struct mx_ifma *f2)	\
{										\
	ams2(r1, a1, f1, r2, a2, f2, V);					\
}

IFMA_INSTANCE(3)
IFMA_INSTANCE(4)
IFMA_INSTANCE(5)
IFMA_INSTANCE(8)
IFMA_INSTANCE(10)
/* Interleaved pairs: the CRT halves of RSA-2048, -3072 and -4096. */
IFMA_INSTANCE2(3)
IFMA_INSTANCE2(4)
IFMA_INSTANCE2(5)

static const struct ifma_ops ops[] = {
	{ amm_3, amm2_3, sel_3, ams2_3 },
	{ amm_4, amm2_4, sel_4, ams2_4 },
	{ amm_5, amm2_5, sel_5, ams2_5 },
	{ amm_8, NULL, sel_8, NULL },
	{ amm_10, NULL, sel_10, NULL },
};

static const struct ifma_ops *ops_for(size_t V)
{
	return &ops[V == 3 ? 0 : V == 4 ? 1 : V == 5 ? 2 : V == 8 ? 3 : 4];
}
#endif

/* r = (x mod m) in 64-bit limbs for x <= m in 52-bit lanes. */
static void out64(const struct mx_mont *mc, mx_limb *r, const uint64_t *x)
{
	mx_limb t[MX_BN_MAX_LIMBS + 1], s[MX_BN_MAX_LIMBS + 1], mm[MX_BN_MAX_LIMBS + 1];
	const size_t n = mc->n;

	from52(t, n + 1, x, mc->ifma->L);
	mx_bn_copy(mm, mc->m, n);
	mm[n] = 0;
	mx_bn_cmov(0 - (mx_bn_sub(s, t, mm, n + 1) ^ 1), t, s, n + 1);
	mx_bn_copy(r, t, n);
	mx_zeroize(t, sizeof(t));
	mx_zeroize(s, sizeof(s));
}

/* Per exponentiation: the table, the accumulator, a spare and the base. */
#define EXP_WORDS(entries, V) (((entries) + 3) * 8 * (V))

static void exp_one(const struct mx_mont *mc, mx_limb *r, const mx_limb *a,
		    const mx_limb *e, size_t ebits, uint64_t *mem)
{
	const struct mx_ifma *f = mc->ifma;
	const size_t V = f->V, stride = 8 * V;
	const struct ifma_ops *op = ops_for(V);
	const amm_fn mul = op->mul;
	const unsigned int w = mx_exp_window(ebits);
	const size_t entries = (size_t)1 << w;
	uint64_t *tab = mem, *acc = mem + entries * stride, *t = acc + stride;
	uint64_t *x = t + stride;
	size_t i, k, win;

	memset(x, 0, stride * sizeof(uint64_t));
	to52(x, f->L, a, mc->n);
	mul(tab + stride, x, f->rr, f);		/* a R */
	mul(tab, f->rr, f->one, f);		/* R */
	for (i = 2; i < entries; i++) {
		if (i % 2 == 0)
			mul(tab + i * stride, tab + i / 2 * stride, tab + i / 2 * stride, f);
		else
			mul(tab + i * stride, tab + (i - 1) * stride, tab + stride, f);
	}
	win = (ebits + w - 1) / w;
	op->sel(acc, tab, entries, mx_exp_window_at(e, ebits, (win - 1) * w, w), V);
	for (k = win - 1; k-- > 0;) {
		for (i = 0; i < w; i++)
			mul(acc, acc, acc, f);
		op->sel(t, tab, entries, mx_exp_window_at(e, ebits, k * w, w), V);
		mul(acc, acc, t, f);
	}
	mul(acc, acc, f->one, f);
	out64(mc, r, acc);
}

static void exp_two(const struct mx_mont *m1, mx_limb *r1, const mx_limb *a1,
		    const mx_limb *e1, const struct mx_mont *m2, mx_limb *r2,
		    const mx_limb *a2, const mx_limb *e2, size_t ebits, uint64_t *mem)
{
	const struct mx_ifma *f1 = m1->ifma, *f2 = m2->ifma;
	const size_t V = f1->V, stride = 8 * V;
	const struct ifma_ops *op = ops_for(V);
	const amm2_fn mul2 = op->mul2;
	const ams2_fn sqr2 = op->sqr2;
	const unsigned int w = mx_exp_window(ebits);
	const size_t entries = (size_t)1 << w, part = EXP_WORDS(entries, V);
	uint64_t *tab1 = mem, *acc1 = tab1 + entries * stride, *t1 = acc1 + stride;
	uint64_t *x1 = t1 + stride;
	uint64_t *tab2 = mem + part, *acc2 = tab2 + entries * stride, *t2 = acc2 + stride;
	uint64_t *x2 = t2 + stride;
	size_t i, k, win;

	memset(x1, 0, stride * sizeof(uint64_t));
	memset(x2, 0, stride * sizeof(uint64_t));
	to52(x1, f1->L, a1, m1->n);
	to52(x2, f2->L, a2, m2->n);
	mul2(tab1 + stride, x1, f1->rr, f1, tab2 + stride, x2, f2->rr, f2);
	mul2(tab1, f1->rr, f1->one, f1, tab2, f2->rr, f2->one, f2);
	for (i = 2; i < entries; i++) {
		size_t h = i / 2, p = i - 1;

		if (i % 2 == 0)
			sqr2(tab1 + i * stride, tab1 + h * stride, f1, tab2 + i * stride,
			     tab2 + h * stride, f2);
		else
			mul2(tab1 + i * stride, tab1 + p * stride, tab1 + stride, f1,
			     tab2 + i * stride, tab2 + p * stride, tab2 + stride, f2);
	}
	win = (ebits + w - 1) / w;
	op->sel(acc1, tab1, entries, mx_exp_window_at(e1, ebits, (win - 1) * w, w), V);
	op->sel(acc2, tab2, entries, mx_exp_window_at(e2, ebits, (win - 1) * w, w), V);
	for (k = win - 1; k-- > 0;) {
		for (i = 0; i < w; i++)
			sqr2(acc1, acc1, f1, acc2, acc2, f2);
		op->sel(t1, tab1, entries, mx_exp_window_at(e1, ebits, k * w, w), V);
		op->sel(t2, tab2, entries, mx_exp_window_at(e2, ebits, k * w, w), V);
		mul2(acc1, acc1, t1, f1, acc2, acc2, t2, f2);
	}
	mul2(acc1, acc1, f1->one, f1, acc2, acc2, f2->one, f2);
	out64(m1, r1, acc1);
	out64(m2, r2, acc2);
}

int mx_ifma_exp(const struct mx_mont *mc, mx_limb *r, const mx_limb *a,
		const mx_limb *e, size_t ebits)
{
	const size_t words = EXP_WORDS((size_t)1 << mx_exp_window(ebits), mc->ifma->V);
	uint64_t *mem = aligned_alloc(64, words * sizeof(uint64_t));

	if (!mem)
		return -ENOMEM;
	exp_one(mc, r, a, e, ebits, mem);
	mx_zeroize(mem, words * sizeof(uint64_t));
	free(mem);
	return 0;
}

int mx_ifma_exp2(const struct mx_mont *m1, mx_limb *r1, const mx_limb *a1, const mx_limb *e1,
		 const struct mx_mont *m2, mx_limb *r2, const mx_limb *a2, const mx_limb *e2,
		 size_t ebits)
{
	const size_t words = EXP_WORDS((size_t)1 << mx_exp_window(ebits), m1->ifma->V);
	uint64_t *mem;

	if (!ops_for(m1->ifma->V)->mul2) {
		int ret = mx_ifma_exp(m1, r1, a1, e1, ebits);

		return ret ? ret : mx_ifma_exp(m2, r2, a2, e2, ebits);
	}
	mem = aligned_alloc(64, 2 * words * sizeof(uint64_t));
	if (!mem)
		return -ENOMEM;
	exp_two(m1, r1, a1, e1, m2, r2, a2, e2, ebits, mem);
	mx_zeroize(mem, 2 * words * sizeof(uint64_t));
	free(mem);
	return 0;
}

int mx_ifma_exp_pub(const struct mx_mont *mc, mx_limb *r, const mx_limb *a,
		    const mx_limb *e, size_t en)
{
	const struct mx_ifma *f = mc->ifma;
	const amm_fn mul = ops_for(f->V)->mul;
	const size_t stride = 8 * f->V;
	size_t bits = mx_bn_bits_pub(e, en), i;
	uint64_t *mem = aligned_alloc(64, 3 * stride * sizeof(uint64_t));
	uint64_t *x = mem, *base = mem + stride, *acc = mem + 2 * stride;

	if (!mem)
		return -ENOMEM;
	memset(x, 0, stride * sizeof(uint64_t));
	to52(x, f->L, a, mc->n);
	mul(base, x, f->rr, f);
	memcpy(acc, base, stride * sizeof(uint64_t));
	for (i = bits - 1; i-- > 0;) {
		mul(acc, acc, acc, f);
		if (mx_bn_bit(e, i))
			mul(acc, acc, base, f);
	}
	mul(acc, acc, f->one, f);
	out64(mc, r, acc);
	free(mem);
	return 0;
}

#else /* no x86-64 IFMA support in this build */

struct mx_ifma *mx_ifma_new(const struct mx_mont *mc)
{
	return NULL;
}

void mx_ifma_free(struct mx_ifma *f)
{
}

int mx_ifma_can_pair(const struct mx_ifma *f1, const struct mx_ifma *f2)
{
	return 0;
}

int mx_ifma_exp(const struct mx_mont *mc, mx_limb *r, const mx_limb *a,
		const mx_limb *e, size_t ebits)
{
	return -ENOTSUP;
}

int mx_ifma_exp2(const struct mx_mont *m1, mx_limb *r1, const mx_limb *a1, const mx_limb *e1,
		 const struct mx_mont *m2, mx_limb *r2, const mx_limb *a2, const mx_limb *e2,
		 size_t ebits)
{
	return -ENOTSUP;
}

int mx_ifma_exp_pub(const struct mx_mont *mc, mx_limb *r, const mx_limb *a,
		    const mx_limb *e, size_t en)
{
	return -ENOTSUP;
}
#endif
