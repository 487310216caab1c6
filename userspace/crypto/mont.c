// SPDX-License-Identifier: GPL-2.0
/*
 * Montgomery multiplication, squaring and reduction on 64-bit limbs.
 *
 * Multiplication is the coarsely integrated operand scanning method: for
 * each word of b the product a b_i and the reduction u m run in one inner
 * loop with two carry chains. Squaring computes the half product once,
 * doubles it, adds the diagonal and reduces separately. The result of
 * both is below 2m before a final subtraction done by mask.
 */
#include <errno.h>
#include <stdlib.h>

#include "core/ct.h"
#include "crypto/bn_ifma.h"
#include "crypto/cpu.h"
#include "crypto/mont.h"
#include "crypto/mont_adx.h"
#include "crypto/pk_tune.h"

/* The kernels are inlined into their callers, except when optimizing for size. */
#ifdef __OPTIMIZE_SIZE__
#define INLINE static
#else
#define INLINE static inline __attribute__((always_inline))
#endif

/* r = T - m when T = th:t >= m, else T; T < 2m. r may alias t. */
INLINE void final_sub(mx_limb *r, const mx_limb *t, mx_limb th, const mx_limb *m, size_t n)
{
	mx_limb s[MX_BN_MAX_LIMBS];
	mx_limb bw = 0;
	uint64_t keep_t;
	size_t i;

	for (i = 0; i < n; i++) {
		mx_dlimb d = (mx_dlimb)t[i] - m[i] - bw;

		s[i] = (mx_limb)d;
		bw = (mx_limb)(d >> 64) & 1;
	}
	keep_t = 0 - (bw & ~th & 1);
	for (i = 0; i < n; i++)
		r[i] = mx_ct_select(keep_t, t[i], s[i]);
}

/* t (2n limbs) = a b */
INLINE void mul_core(mx_limb *t, const mx_limb *a, const mx_limb *b, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		mx_limb bi = b[i], c = 0;

		for (j = 0; j < n; j++) {
			mx_dlimb p = (mx_dlimb)a[j] * bi + (i ? t[i + j] : 0) + c;

			t[i + j] = (mx_limb)p;
			c = (mx_limb)(p >> 64);
		}
		t[i + n] = c;
	}
}

/* t (2n limbs) = a^2 */
INLINE void sqr_core(mx_limb *t, const mx_limb *a, size_t n)
{
	mx_limb c = 0, cd = 0;
	size_t i, j;

	for (i = 0; i < 2 * n; i++)
		t[i] = 0;
	for (i = 0; i + 1 < n; i++) {
		mx_limb ai = a[i];

		c = 0;
		for (j = i + 1; j < n; j++) {
			mx_dlimb p = (mx_dlimb)ai * a[j] + t[i + j] + c;

			t[i + j] = (mx_limb)p;
			c = (mx_limb)(p >> 64);
		}
		t[i + n] = c;
	}
	/* 2 * cross terms + diagonal; the total fits in 2n limbs. */
	c = 0;
	for (i = 0; i < n; i++) {
		mx_dlimb sq = (mx_dlimb)a[i] * a[i];
		mx_limb lo = t[2 * i], hi = t[2 * i + 1];
		mx_dlimb s = (mx_dlimb)((lo << 1) | c) + (mx_limb)sq + cd;

		c = hi >> 63;
		t[2 * i] = (mx_limb)s;
		s = (mx_dlimb)((hi << 1) | (lo >> 63)) + (mx_limb)(sq >> 64) + (mx_limb)(s >> 64);
		t[2 * i + 1] = (mx_limb)s;
		cd = (mx_limb)(s >> 64);
	}
}

/* r = t / R mod m for t (2n limbs, destroyed) below m R. */
INLINE void redc_core(mx_limb *r, mx_limb *t, const mx_limb *m, mx_limb m0inv, size_t n)
{
	mx_limb top = 0;
	size_t i, j;

	for (i = 0; i < n; i++) {
		mx_limb u = t[i] * m0inv;
		mx_limb c = 0;
		mx_dlimb p;

		for (j = 0; j < n; j++) {
			p = (mx_dlimb)u * m[j] + t[i + j] + c;
			t[i + j] = (mx_limb)p;
			c = (mx_limb)(p >> 64);
		}
		p = (mx_dlimb)t[i + n] + c + top;
		t[i + n] = (mx_limb)p;
		top = (mx_limb)(p >> 64);
	}
	final_sub(r, t + n, top, m, n);
}

static void mul_any(mx_limb *r, const mx_limb *a, const mx_limb *b, const mx_limb *m,
		    mx_limb m0inv, size_t n)
{
	mx_limb t[2 * MX_BN_MAX_LIMBS];

	mul_core(t, a, b, n);
	redc_core(r, t, m, m0inv, n);
}

static void sqr_any(mx_limb *r, const mx_limb *a, const mx_limb *m, mx_limb m0inv, size_t n)
{
	mx_limb t[2 * MX_BN_MAX_LIMBS];

	sqr_core(t, a, n);
	redc_core(r, t, m, m0inv, n);
}

#ifdef USE_1024_KEY_SPEED_OPTIMIZATIONS
/* The same code with the 1024-bit length a constant, fully unrolled. */
__attribute__((optimize("unroll-loops")))
static void mul_16(mx_limb *r, const mx_limb *a, const mx_limb *b, const mx_limb *m,
		   mx_limb m0inv)
{
	mx_limb t[32];

	mul_core(t, a, b, 16);
	redc_core(r, t, m, m0inv, 16);
}

__attribute__((optimize("unroll-loops")))
static void sqr_16(mx_limb *r, const mx_limb *a, const mx_limb *m, mx_limb m0inv)
{
	mx_limb t[32];

	sqr_core(t, a, 16);
	redc_core(r, t, m, m0inv, 16);
}
#endif

/* Whether this call takes the MULX/ADX code (decided per call: tests flip the CPU features). */
static inline int use_adx(size_t n)
{
#if defined(__x86_64__)
	return n % MX_MONT_ADX_STEP == 0 && mx_cpu_has(MX_CPU_BMI2 | MX_CPU_ADX);
#else
	return 0;
#endif
}

void mx_mont_mul(const struct mx_mont *mc, mx_limb *r, const mx_limb *a, const mx_limb *b)
{
#if defined(__x86_64__)
	if (use_adx(mc->n)) {
		mx_mont_adx_mul(r, a, b, mc->m, mc->m0inv, mc->n);
		return;
	}
#endif
#ifdef USE_1024_KEY_SPEED_OPTIMIZATIONS
	if (mc->n == 16) {
		mul_16(r, a, b, mc->m, mc->m0inv);
		return;
	}
#endif
	mul_any(r, a, b, mc->m, mc->m0inv, mc->n);
}

void mx_mont_sqr(const struct mx_mont *mc, mx_limb *r, const mx_limb *a)
{
#if defined(__x86_64__)
	if (use_adx(mc->n)) {
		mx_mont_adx_sqr(r, a, mc->m, mc->m0inv, mc->n);
		return;
	}
#endif
#ifdef USE_1024_KEY_SPEED_OPTIMIZATIONS
	if (mc->n == 16) {
		sqr_16(r, a, mc->m, mc->m0inv);
		return;
	}
#endif
	sqr_any(r, a, mc->m, mc->m0inv, mc->n);
}

void mx_mont_to(const struct mx_mont *mc, mx_limb *r, const mx_limb *a)
{
	mx_mont_mul(mc, r, a, mc->rr);
}

void mx_mont_from(const struct mx_mont *mc, mx_limb *r, const mx_limb *a)
{
	mx_limb one[MX_BN_MAX_LIMBS];

	mx_bn_zero(one, mc->n);
	one[0] = 1;
	mx_mont_mul(mc, r, a, one);
}

void mx_mont_reduce(const struct mx_mont *mc, mx_limb *r, const mx_limb *x, size_t xn)
{
	const size_t n = mc->n;
	mx_limb acc[MX_BN_MAX_LIMBS], t[MX_BN_MAX_LIMBS];
	size_t chunks = (xn + n - 1) / n, k, i;

	/*
	 * Horner over n-limb chunks x = sum c_k R^k, kept in Montgomery
	 * form: [acc] <- [acc] R + [c_k], where [v] R = mont_mul([v], R^2)
	 * and [c_k] = mont_mul(c_k, R^2) (valid for any c_k < R).
	 */
	mx_bn_zero(acc, n);
	for (k = chunks; k-- > 0;) {
		for (i = 0; i < n; i++)
			t[i] = k * n + i < xn ? x[k * n + i] : 0;
		mx_mont_mul(mc, acc, acc, mc->rr);
		mx_mont_mul(mc, t, t, mc->rr);
		mx_bn_add_mod(acc, acc, t, mc->m, n);
	}
	mx_mont_from(mc, r, acc);
	mx_zeroize(acc, sizeof(acc));
	mx_zeroize(t, sizeof(t));
}

void mx_mont_reduce_wide(const struct mx_mont *mc, mx_limb *r, const mx_limb *x)
{
	mx_limb t[2 * MX_BN_MAX_LIMBS];

	/* x / R mod m in one pass (x < m R keeps it below 2m), then times R */
	mx_bn_copy(t, x, 2 * mc->n);
#if defined(__x86_64__)
	if (use_adx(mc->n))
		mx_mont_adx_redc(r, t, mc->m, mc->m0inv, mc->n);
	else
#endif
		redc_core(r, t, mc->m, mc->m0inv, mc->n);
	mx_mont_mul(mc, r, r, mc->rr);
	mx_zeroize(t, sizeof(t));
}

/* -m0^-1 mod 2^64 by Newton's iteration (each step doubles the bits). */
static mx_limb neg_inv64(mx_limb m0)
{
	mx_limb x = m0;	/* right to 3 bits for odd m0 */
	int i;

	for (i = 0; i < 5; i++)
		x *= 2 - m0 * x;
	return 0 - x;
}

/*
 * R mod m and R^2 mod m. Doubling from 2^(bits-1) < m reaches
 * 2^(64n + k) mod m, the Montgomery form of 2^k, where 64n = k 2^j with
 * k odd; j Montgomery squarings then give the form of 2^(64n) = R, which
 * is R^2 mod m. All steps are masked arithmetic on public counts.
 */
static void mont_constants(struct mx_mont *mc)
{
	const size_t n = mc->n, rbits = MX_LIMB_BITS * n;
	size_t j = (size_t)__builtin_ctzll(rbits), k = rbits >> j, i;
	mx_limb *t = mc->rr;

	mx_bn_zero(t, n);
	t[(mc->bits - 1) / MX_LIMB_BITS] = (mx_limb)1 << ((mc->bits - 1) % MX_LIMB_BITS);
	for (i = mc->bits - 1; i < rbits + k; i++) {
		if (i == rbits)
			mx_bn_copy(mc->one, t, n);
		mx_bn_add_mod(t, t, t, mc->m, n);
	}
	for (i = 0; i < j; i++)
		mx_mont_sqr(mc, t, t);
}

int mx_mont_new_limbs(struct mx_mont **out, const mx_limb *m, size_t n)
{
	struct mx_mont *mc;

	*out = NULL;
	while (n > 0 && m[n - 1] == 0)
		n--;
	if (n > MX_BN_MAX_LIMBS)
		return -ERANGE;
	if (n == 0 || (m[0] & 1) == 0 || (n == 1 && m[0] == 1))
		return -EINVAL;
	mc = calloc(1, sizeof(*mc) + 3 * n * sizeof(mx_limb));
	if (!mc)
		return -ENOMEM;
	mc->n = n;
	mc->m = mc->data;
	mc->rr = mc->data + n;
	mc->one = mc->data + 2 * n;
	mx_bn_copy(mc->m, m, n);
	mc->bits = mx_bn_bits_pub(m, n);
	mc->m0inv = neg_inv64(m[0]);
	mont_constants(mc);
	mc->ifma = mx_ifma_new(mc);
	*out = mc;
	return 0;
}

int mx_mont_new(struct mx_mont **out, const uint8_t *m, size_t len)
{
	mx_limb t[MX_BN_MAX_LIMBS];
	int ret;

	*out = NULL;
	while (len > 0 && *m == 0) {
		m++;
		len--;
	}
	if (len > MX_BN_MAX_BITS / 8)
		return -ERANGE;
	mx_bn_from_be(t, MX_BN_MAX_LIMBS, m, len);
	ret = mx_mont_new_limbs(out, t, MX_BN_LIMBS(8 * len));
	mx_zeroize(t, sizeof(t));
	return ret;
}

void mx_mont_free(struct mx_mont *mc)
{
	if (!mc)
		return;
	mx_ifma_free(mc->ifma);
	mx_zeroize(mc, sizeof(*mc) + 3 * mc->n * sizeof(mx_limb));
	free(mc);
}

/* r = tab[idx], reading every entry. */
static void tab_select(mx_limb *r, const mx_limb *tab, size_t n, size_t entries, mx_limb idx)
{
	size_t i, j;

	mx_bn_zero(r, n);
	for (i = 0; i < entries; i++) {
		uint64_t mask = mx_ct_eq(i, idx);

		for (j = 0; j < n; j++)
			r[j] |= tab[i * n + j] & mask;
	}
}

int mx_mont_exp(const struct mx_mont *mc, mx_limb *r, const mx_limb *a,
		const mx_limb *e, size_t ebits)
{
	const size_t n = mc->n;
	unsigned int w = mx_exp_window(ebits);
	size_t entries = (size_t)1 << w, win, i, k;
	mx_limb acc[MX_BN_MAX_LIMBS], t[MX_BN_MAX_LIMBS];
	mx_limb *tab;

	if (ebits == 0) {
		mx_mont_from(mc, r, mc->one);
		return 0;
	}
	if (mc->ifma)
		return mx_ifma_exp(mc, r, a, e, ebits);
	tab = malloc(entries * n * sizeof(mx_limb));
	if (!tab)
		return -ENOMEM;
	mx_bn_copy(tab, mc->one, n);
	mx_mont_to(mc, tab + n, a);
	for (i = 2; i < entries; i++) {
		if (i % 2 == 0)
			mx_mont_sqr(mc, tab + i * n, tab + i / 2 * n);
		else
			mx_mont_mul(mc, tab + i * n, tab + (i - 1) * n, tab + n);
	}

	win = (ebits + w - 1) / w;
	tab_select(acc, tab, n, entries, mx_exp_window_at(e, ebits, (win - 1) * w, w));
	for (k = win - 1; k-- > 0;) {
		for (i = 0; i < w; i++)
			mx_mont_sqr(mc, acc, acc);
		tab_select(t, tab, n, entries, mx_exp_window_at(e, ebits, k * w, w));
		mx_mont_mul(mc, acc, acc, t);
	}
	mx_mont_from(mc, r, acc);

	mx_zeroize(tab, entries * n * sizeof(mx_limb));
	free(tab);
	mx_zeroize(acc, sizeof(acc));
	mx_zeroize(t, sizeof(t));
	return 0;
}

int mx_mont_exp2(const struct mx_mont *m1, mx_limb *r1, const mx_limb *a1, const mx_limb *e1,
		 const struct mx_mont *m2, mx_limb *r2, const mx_limb *a2, const mx_limb *e2,
		 size_t ebits)
{
	int ret;

	if (m1->ifma && m2->ifma && ebits > 0 && mx_ifma_can_pair(m1->ifma, m2->ifma))
		return mx_ifma_exp2(m1, r1, a1, e1, m2, r2, a2, e2, ebits);
	ret = mx_mont_exp(m1, r1, a1, e1, ebits);
	if (ret == 0)
		ret = mx_mont_exp(m2, r2, a2, e2, ebits);
	return ret;
}

void mx_mont_exp_pub(const struct mx_mont *mc, mx_limb *r, const mx_limb *a,
		     const mx_limb *e, size_t en)
{
	mx_limb acc[MX_BN_MAX_LIMBS], base[MX_BN_MAX_LIMBS];
	size_t bits = mx_bn_bits_pub(e, en), i;

	if (bits == 0) {
		mx_mont_from(mc, r, mc->one);
		return;
	}
	if (mc->ifma && mx_ifma_exp_pub(mc, r, a, e, en) == 0)
		return;
	mx_mont_to(mc, base, a);
	mx_bn_copy(acc, base, mc->n);
	for (i = bits - 1; i-- > 0;) {
		mx_mont_sqr(mc, acc, acc);
		if (mx_bn_bit(e, i))
			mx_mont_mul(mc, acc, acc, base);
	}
	mx_mont_from(mc, r, acc);
}
