/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One NIST curve's point arithmetic over one field implementation,
 * included once per pair with
 *   EC_N        the limb count (4 for P-256, 6 for P-384)
 *   EC_FN(x)    the name prefix of this instance (p256x_##x)
 *   EC_FP       the curve's struct ec_fp object
 *   EC_CURVE    the curve's struct mx_ec_curve object
 * and optionally the curve's own field code, as names of functions
 * defined before: EC_FE_MUL and EC_FE_SQR (r = a b / R mod p),
 * EC_FE_ADD and EC_FE_SUB, EC_FE_INV (r = a^(p - 2)). What is not given
 * is the generic Montgomery code below. Every loop bound is the constant
 * EC_N, so the compiler unrolls the field code.
 *
 * Field elements are in Montgomery form. Points are Jacobian
 * (X : Y : Z), x = X/Z^2, y = Y/Z^3, Z = 0 for the point at infinity.
 * Nothing branches on or indexes by a value, except where said public.
 *
 * Scalars. k' = k or n - k, whichever is odd (the result is negated back
 * at the end), is recoded into L = bits/w + 1 digits d_i of width w,
 * odd, |d_i| < 2^w and d_(L-1) > 0 (a regular recoding: every digit costs
 * the same). A partial sum of such digits at distinct positions is never
 * zero: its lowest digit is odd, and the others are multiples of
 * 2^w times its weight.
 *
 * Variable base (ECDH): a table of P, 3P, .., (2^w - 1)P, and
 * Q = 2^w Q + d_i P from the top digit down. Before d_i is added Q is
 * 2^w k'_(i+1) with 0 < 2^w k'_(i+1) < n - 2^w for every i > 0, so Q is
 * never +-d_i P there and the short addition formula is exact; only the
 * last addition can meet equal points (k' close to n) and uses the
 * complete one.
 *
 * Fixed base (key generation, ECDSA signing): a comb. With T teeth and
 * m = ceil(L / T) digits per tooth, row t of the table holds the odd
 * multiples of G_t = 2^(w m t) G, and
 *   Q = sum_(i = m-1 .. 0) 2^(w i) sum_t d_(i + m t) G_t
 * is evaluated by Horner's rule: w doublings per i, then one table
 * lookup and addition per tooth. Before the addition of d_(i + m t) G_t
 * with i >= 1, Q and the addend are sums of digits at distinct positions,
 * weighted 2^(w (position - i)), so Q, Q - addend and Q + addend are
 * non-zero integers. Their positions are at most L - 1 - i <= L - 2, the
 * top one only for the top digit, which the recoding leaves below
 * n / 2^(w (L - 1)) + 2 (so at most 3 for w = 5 on P-256 and P-384); hence
 * all three are below (d_top + 1) 2^(w (L - 2)) < 4 n / 2^w < n in
 * absolute value: Q is finite and not +-addend, and the short mixed
 * addition is exact. In the last round (i = 0) that bound is lost and the
 * complete addition is used, except with a single round (m = 1, one
 * tooth per digit) where the partial sums grow from the lowest digit up
 * and stay below 2^(w t) < |addend|, so only the additions with
 * 2^(w (t + 1)) >= n / 2 need it.
 *
 * ECDSA verification works on public values only: width-w NAFs of u1 and
 * u2 in one doubling chain (Straus), u1 over comb row 0, and the special
 * cases of the addition handled by branches.
 */
#include <stdlib.h>
#include <string.h>

#include "core/ct.h"
#include "crypto/ec_impl.h"

#define N		EC_N
#define F		(&EC_FP)
#define VB_W		MX_EC_WINDOW		/* variable-base digit width */
#define VB_TAB		EC_TAB(VB_W)
#define CB_W		MX_EC_COMB_W
#define NAF_WP		5			/* verification: width of P's NAF */
#define fe_copy		EC_FN(fe_copy)
#define fe_cmov		EC_FN(fe_cmov)
#define fe_is_zero	EC_FN(fe_is_zero)
#define fe_eq		EC_FN(fe_eq)
#define fe_cneg		EC_FN(fe_cneg)
#define jac_dbl		EC_FN(jac_dbl)
#define jac_add		EC_FN(jac_add)
#define jac_add_full	EC_FN(jac_add_full)
#define jac_madd	EC_FN(jac_madd)
#define jac_madd_full	EC_FN(jac_madd_full)
#define jac_to_aff	EC_FN(jac_to_aff)
#define aff_to_jac	EC_FN(aff_to_jac)
#define ec_recode	EC_FN(recode)
#define jac_lookup	EC_FN(jac_lookup)
#define aff_lookup	EC_FN(aff_lookup)
#define ec_mul_jac	EC_FN(mul_jac)
#define ec_base_jac	EC_FN(base_jac)
#define ec_wnaf		EC_FN(wnaf)
#define add_pub		EC_FN(add_pub)
#define madd_pub	EC_FN(madd_pub)

static inline void fe_copy(mx_limb *r, const mx_limb *a)
{
	size_t i;

	#pragma GCC unroll 8
	for (i = 0; i < N; i++)
		r[i] = a[i];
}

static inline void fe_cmov(mx_limb *r, const mx_limb *a, uint64_t mask)
{
	size_t i;

	#pragma GCC unroll 8
	for (i = 0; i < N; i++)
		r[i] ^= mask & (r[i] ^ a[i]);
}

static inline uint64_t fe_is_zero(const mx_limb *a)
{
	mx_limb d = 0;
	size_t i;

	#pragma GCC unroll 8
	for (i = 0; i < N; i++)
		d |= a[i];
	return mx_ct_is_zero(d);
}

static inline uint64_t fe_eq(const mx_limb *a, const mx_limb *b)
{
	mx_limb d = 0;
	size_t i;

	#pragma GCC unroll 8
	for (i = 0; i < N; i++)
		d |= a[i] ^ b[i];
	return mx_ct_is_zero(d);
}

#ifndef EC_FE_ADD
#define EC_FE_ADD	EC_FN(fe_add)
#define EC_FE_SUB	EC_FN(fe_sub)

/* r = t - p when (carry:t) >= p, else t. */
static inline void EC_FN(fe_reduce_once)(mx_limb *r, const mx_limb *t, mx_limb carry)
{
	mx_limb s[N], bw = 0;
	uint64_t keep;
	size_t i;

	#pragma GCC unroll 8
	for (i = 0; i < N; i++) {
		mx_dlimb d = (mx_dlimb)t[i] - F->p[i] - bw;

		s[i] = (mx_limb)d;
		bw = (mx_limb)(d >> 64) & 1;
	}
	keep = 0 - (bw & ~carry & 1);
	#pragma GCC unroll 8
	for (i = 0; i < N; i++)
		r[i] = s[i] ^ (keep & (s[i] ^ t[i]));
}

static inline void EC_FE_ADD(mx_limb *r, const mx_limb *a, const mx_limb *b)
{
	mx_limb t[N], c = 0;
	size_t i;

	#pragma GCC unroll 8
	for (i = 0; i < N; i++) {
		mx_dlimb s = (mx_dlimb)a[i] + b[i] + c;

		t[i] = (mx_limb)s;
		c = (mx_limb)(s >> 64);
	}
	EC_FN(fe_reduce_once)(r, t, c);
}

static inline void EC_FE_SUB(mx_limb *r, const mx_limb *a, const mx_limb *b)
{
	mx_limb t[N], bw = 0, c = 0, mask;
	size_t i;

	#pragma GCC unroll 8
	for (i = 0; i < N; i++) {
		mx_dlimb d = (mx_dlimb)a[i] - b[i] - bw;

		t[i] = (mx_limb)d;
		bw = (mx_limb)(d >> 64) & 1;
	}
	mask = 0 - bw;
	#pragma GCC unroll 8
	for (i = 0; i < N; i++) {
		mx_dlimb s = (mx_dlimb)t[i] + (F->p[i] & mask) + c;

		r[i] = (mx_limb)s;
		c = (mx_limb)(s >> 64);
	}
}
#endif

#ifndef EC_FE_MUL
#define EC_FE_MUL	EC_FN(fe_mul)
#define EC_FE_SQR	EC_FN(fe_sqr)

/* r = a b / R mod p: operand scanning with the reduction of each word. */
static void EC_FE_MUL(mx_limb *r, const mx_limb *a, const mx_limb *b)
{
	const mx_limb *p = F->p, p0inv = F->p0inv;
	mx_limb t[N + 2];
	size_t i, j;

	#pragma GCC unroll 8
	for (i = 0; i < N + 2; i++)
		t[i] = 0;
	#pragma GCC unroll 8
	for (i = 0; i < N; i++) {
		mx_limb c = 0, m;
		mx_dlimb uv;

		#pragma GCC unroll 8
		for (j = 0; j < N; j++) {
			uv = (mx_dlimb)a[j] * b[i] + t[j] + c;
			t[j] = (mx_limb)uv;
			c = (mx_limb)(uv >> 64);
		}
		uv = (mx_dlimb)t[N] + c;
		t[N] = (mx_limb)uv;
		t[N + 1] = (mx_limb)(uv >> 64);

		m = t[0] * p0inv;
		uv = (mx_dlimb)m * p[0] + t[0];
		c = (mx_limb)(uv >> 64);
		#pragma GCC unroll 8
		for (j = 1; j < N; j++) {
			uv = (mx_dlimb)m * p[j] + t[j] + c;
			t[j - 1] = (mx_limb)uv;
			c = (mx_limb)(uv >> 64);
		}
		uv = (mx_dlimb)t[N] + c;
		t[N - 1] = (mx_limb)uv;
		t[N] = t[N + 1] + (mx_limb)(uv >> 64);
	}
	EC_FN(fe_reduce_once)(r, t, t[N]);
}

static void EC_FE_SQR(mx_limb *r, const mx_limb *a)
{
	EC_FE_MUL(r, a, a);
}
#endif

#ifndef EC_FE_INV
#define EC_FE_INV	EC_FN(fe_inv)

/* r = a^(p-2) = a^-1 (0 for a = 0): a 4-bit window over the public p - 2. */
static void EC_FE_INV(mx_limb *r, const mx_limb *a)
{
	mx_limb e[N], tab[16][N], acc[N];
	size_t i, k;
	int started = 0;

	fe_copy(e, F->p);
	e[0] -= 2;	/* p is odd and above 2^64: no borrow */
	fe_copy(tab[1], a);
	for (i = 2; i < 16; i++)
		EC_FE_MUL(tab[i], tab[i - 1], a);
	fe_copy(acc, F->one);
	for (k = 16 * N; k-- > 0;) {
		unsigned int w = (unsigned int)(e[k / 16] >> (4 * (k % 16))) & 15;

		if (started)
			for (i = 0; i < 4; i++)
				EC_FE_SQR(acc, acc);
		if (w) {
			EC_FE_MUL(acc, acc, tab[w]);
			started = 1;
		}
	}
	fe_copy(r, acc);
	mx_zeroize(tab, sizeof(tab));
}
#endif

/* y = -y when mask. */
static inline void fe_cneg(mx_limb *y, uint64_t mask)
{
	mx_limb zero[N], t[N];
	size_t i;

	#pragma GCC unroll 8
	for (i = 0; i < N; i++)
		zero[i] = 0;
	EC_FE_SUB(t, zero, y);
	fe_cmov(y, t, mask);
}

/*
 * 2P (dbl-2001-b for a = -3, with Z3 = 2YZ and the small multiples
 * folded): 4M + 4S; exact for every input. r may alias p.
 */
static void jac_dbl(struct ec_jac *r, const struct ec_jac *p)
{
	mx_limb delta[N], g2[N], s[N], alpha[N], t1[N], t2[N];

	EC_FE_SQR(delta, p->z);
	EC_FE_SQR(g2, p->y);
	EC_FE_ADD(g2, g2, g2);			/* 2 Y^2 */
	EC_FE_SUB(t1, p->x, delta);
	EC_FE_ADD(t2, p->x, delta);
	EC_FE_MUL(alpha, t1, t2);
	EC_FE_ADD(t1, alpha, alpha);
	EC_FE_ADD(alpha, alpha, t1);		/* 3 (X - delta)(X + delta) */
	EC_FE_ADD(t1, g2, g2);
	EC_FE_MUL(s, p->x, t1);			/* S = 4 X Y^2 */
	EC_FE_MUL(t1, p->y, p->z);
	EC_FE_ADD(r->z, t1, t1);		/* 2 Y Z */
	EC_FE_SQR(t1, alpha);
	EC_FE_ADD(t2, s, s);
	EC_FE_SUB(r->x, t1, t2);		/* alpha^2 - 2 S */
	EC_FE_SUB(t1, s, r->x);
	EC_FE_MUL(t1, alpha, t1);
	EC_FE_SQR(g2, g2);
	EC_FE_ADD(g2, g2, g2);			/* 8 Y^4 */
	EC_FE_SUB(r->y, t1, g2);
}

/*
 * P + Q (add-2007-bl): 11M + 5S. Exact when P, Q are finite and P != Q;
 * P = -Q gives Z = 0. *same gets the mask of "H = 0 and r = 0", which for
 * finite points means P = Q. r may alias p.
 */
static void jac_add(struct ec_jac *r, const struct ec_jac *p, const struct ec_jac *q,
		    uint64_t *same)
{
	mx_limb z1z1[N], z2z2[N], u1[N], u2[N], s1[N], s2[N];
	mx_limb h[N], i[N], j[N], rr[N], v[N], t[N];

	EC_FE_SQR(z1z1, p->z);
	EC_FE_SQR(z2z2, q->z);
	EC_FE_MUL(u1, p->x, z2z2);
	EC_FE_MUL(u2, q->x, z1z1);
	EC_FE_MUL(s1, p->y, q->z);
	EC_FE_MUL(s1, s1, z2z2);
	EC_FE_MUL(s2, q->y, p->z);
	EC_FE_MUL(s2, s2, z1z1);
	EC_FE_SUB(h, u2, u1);
	EC_FE_SUB(rr, s2, s1);
	*same = fe_is_zero(h) & fe_is_zero(rr);
	EC_FE_ADD(rr, rr, rr);
	EC_FE_ADD(i, h, h);
	EC_FE_SQR(i, i);
	EC_FE_MUL(j, h, i);
	EC_FE_MUL(v, u1, i);
	EC_FE_ADD(t, p->z, q->z);
	EC_FE_SQR(t, t);
	EC_FE_SUB(t, t, z1z1);
	EC_FE_SUB(t, t, z2z2);
	EC_FE_MUL(r->z, t, h);
	EC_FE_SQR(t, rr);
	EC_FE_SUB(t, t, j);
	EC_FE_SUB(t, t, v);
	EC_FE_SUB(r->x, t, v);
	EC_FE_SUB(t, v, r->x);
	EC_FE_MUL(t, rr, t);
	EC_FE_MUL(s1, s1, j);
	EC_FE_ADD(s1, s1, s1);
	EC_FE_SUB(r->y, t, s1);
}

/* P + Q for any P, Q (infinity, equal, opposite), by masks. */
static void jac_add_full(struct ec_jac *r, const struct ec_jac *p, const struct ec_jac *q)
{
	struct ec_jac a, d;
	uint64_t same, pinf = fe_is_zero(p->z), qinf = fe_is_zero(q->z);

	jac_add(&a, p, q, &same);
	jac_dbl(&d, p);
	same &= ~pinf & ~qinf;
	fe_cmov(a.x, d.x, same);
	fe_cmov(a.y, d.y, same);
	fe_cmov(a.z, d.z, same);
	fe_cmov(a.x, q->x, pinf);
	fe_cmov(a.y, q->y, pinf);
	fe_cmov(a.z, q->z, pinf);
	fe_cmov(a.x, p->x, qinf);
	fe_cmov(a.y, p->y, qinf);
	fe_cmov(a.z, p->z, qinf);
	*r = a;
}

/*
 * P + (x, y) (madd-2007-bl): 7M + 4S; exact as jac_add, with *same set
 * the same way. r may alias p.
 */
static void jac_madd(struct ec_jac *r, const struct ec_jac *p, const struct ec_aff *q,
		     uint64_t *same)
{
	mx_limb z1z1[N], u2[N], s2[N], h[N], hh[N], i[N], j[N], rr[N], v[N], t[N];

	EC_FE_SQR(z1z1, p->z);
	EC_FE_MUL(u2, q->x, z1z1);
	EC_FE_MUL(s2, q->y, p->z);
	EC_FE_MUL(s2, s2, z1z1);
	EC_FE_SUB(h, u2, p->x);
	EC_FE_SQR(hh, h);
	EC_FE_ADD(i, hh, hh);
	EC_FE_ADD(i, i, i);
	EC_FE_MUL(j, h, i);
	EC_FE_SUB(rr, s2, p->y);
	*same = fe_is_zero(h) & fe_is_zero(rr);
	EC_FE_ADD(rr, rr, rr);
	EC_FE_MUL(v, p->x, i);
	EC_FE_ADD(t, p->z, h);
	EC_FE_SQR(t, t);
	EC_FE_SUB(t, t, z1z1);
	EC_FE_SUB(r->z, t, hh);
	EC_FE_SQR(t, rr);
	EC_FE_SUB(t, t, j);
	EC_FE_SUB(t, t, v);
	EC_FE_SUB(t, t, v);
	EC_FE_MUL(s2, p->y, j);
	EC_FE_ADD(s2, s2, s2);
	EC_FE_SUB(v, v, t);
	fe_copy(r->x, t);
	EC_FE_MUL(t, rr, v);
	EC_FE_SUB(r->y, t, s2);
}

static void aff_to_jac(struct ec_jac *r, const struct ec_aff *p)
{
	fe_copy(r->x, p->x);
	fe_copy(r->y, p->y);
	fe_copy(r->z, F->one);
}

/* P + (x, y) for any P (infinity, equal, opposite), by masks. r may alias p. */
static void jac_madd_full(struct ec_jac *r, const struct ec_jac *p, const struct ec_aff *q)
{
	struct ec_jac a, d;
	uint64_t same, pinf = fe_is_zero(p->z);

	jac_madd(&a, p, q, &same);
	jac_dbl(&d, p);
	same &= ~pinf;
	fe_cmov(a.x, d.x, same);
	fe_cmov(a.y, d.y, same);
	fe_cmov(a.z, d.z, same);
	fe_cmov(a.x, q->x, pinf);
	fe_cmov(a.y, q->y, pinf);
	fe_cmov(a.z, F->one, pinf);
	*r = a;
}

/* (x, y) = P / Z; returns the mask of "P is infinity" (x = y = 0 then). */
static uint64_t jac_to_aff(struct ec_aff *r, const struct ec_jac *p)
{
	mx_limb zi[N], zi2[N];

	EC_FE_INV(zi, p->z);
	EC_FE_SQR(zi2, zi);
	EC_FE_MUL(r->x, p->x, zi2);
	EC_FE_MUL(zi2, zi2, zi);
	EC_FE_MUL(r->y, p->y, zi2);
	return fe_is_zero(p->z);
}

/*
 * The regular recoding of k' = (k odd ? k : n - k) in L digits of width w:
 * idx[i] = (|d_i| - 1)/2 and neg[i] = (d_i < 0). Returns the mask of
 * "k was even".
 */
static uint64_t ec_recode(uint8_t *idx, uint8_t *neg, const mx_limb *k, size_t L,
			  unsigned int w)
{
	mx_limb t[N + 1], a[N + 1], s[N + 1];
	uint64_t even = 0 - (~k[0] & 1);
	size_t i, j;

	mx_bn_sub(t, EC_CURVE.order, k, N);
	fe_cmov(t, k, ~even);
	t[N] = 0;
	for (i = 0; i + 1 < L; i++) {
		mx_limb v = t[0] & ((2u << w) - 1);
		uint64_t ng = mx_ct_lt(v, 1u << w);
		mx_limb ad = mx_ct_select(ng, (1u << w) - v, v - (1u << w));
		mx_limb ca = ad, cs = ad;

		/* t -= d: t + |d| for a negative digit, t - |d| otherwise */
		#pragma GCC unroll 8
		for (j = 0; j <= N; j++) {
			mx_dlimb x = (mx_dlimb)t[j] + ca;
			mx_dlimb y = (mx_dlimb)t[j] - cs;

			a[j] = (mx_limb)x;
			ca = (mx_limb)(x >> 64);
			s[j] = (mx_limb)y;
			cs = (mx_limb)(y >> 64) & 1;
		}
		#pragma GCC unroll 8
		for (j = 0; j <= N; j++)
			t[j] = mx_ct_select(ng, a[j], s[j]);
		#pragma GCC unroll 8
		for (j = 0; j < N; j++)
			t[j] = (t[j] >> w) | (t[j + 1] << (64 - w));
		t[N] >>= w;
		idx[i] = (uint8_t)((ad - 1) >> 1);
		neg[i] = (uint8_t)(ng & 1);
	}
	idx[L - 1] = (uint8_t)((t[0] - 1) >> 1);
	neg[L - 1] = 0;
	mx_zeroize(t, sizeof(t));
	mx_zeroize(a, sizeof(a));
	mx_zeroize(s, sizeof(s));
	return even;
}

/* r = +-tab[idx] from a Jacobian table of VB_TAB entries, reading them all. */
static void jac_lookup(struct ec_jac *r, const struct ec_jac *tab, mx_limb idx, uint8_t neg)
{
	size_t e, i;

	#pragma GCC unroll 8
	for (i = 0; i < N; i++) {
		r->x[i] = 0;
		r->y[i] = 0;
		r->z[i] = 0;
	}
	for (e = 0; e < VB_TAB; e++) {
		uint64_t m = mx_ct_eq(e, idx);

		#pragma GCC unroll 8
		for (i = 0; i < N; i++) {
			r->x[i] |= tab[e].x[i] & m;
			r->y[i] |= tab[e].y[i] & m;
			r->z[i] |= tab[e].z[i] & m;
		}
	}
	fe_cneg(r->y, 0 - (uint64_t)neg);
}

/* r = +-tab[idx] from a comb row of EC_COMB_TAB affine points, reading them all. */
static void aff_lookup(struct ec_aff *r, const struct ec_aff *tab, mx_limb idx, uint8_t neg)
{
	size_t e, i;

	#pragma GCC unroll 8
	for (i = 0; i < N; i++) {
		r->x[i] = 0;
		r->y[i] = 0;
	}
	for (e = 0; e < EC_COMB_TAB; e++) {
		uint64_t m = mx_ct_eq(e, idx);

		#pragma GCC unroll 8
		for (i = 0; i < N; i++) {
			r->x[i] |= tab[e].x[i] & m;
			r->y[i] |= tab[e].y[i] & m;
		}
	}
	fe_cneg(r->y, 0 - (uint64_t)neg);
}

/* Q = k P, Jacobian; constant time in k and P. */
static void ec_mul_jac(struct ec_jac *q, const struct ec_aff *p, const mx_limb *k)
{
	const size_t L = EC_DIGITS(EC_CURVE.order_bits, VB_W);
	struct ec_jac tab[VB_TAB], d, t;
	uint8_t idx[EC_MAX_DIGITS], neg[EC_MAX_DIGITS];
	uint64_t even, same;
	size_t i, j;

	even = ec_recode(idx, neg, k, L, VB_W);
	aff_to_jac(&tab[0], p);
	jac_dbl(&d, &tab[0]);
	for (i = 1; i < VB_TAB; i++)
		jac_add(&tab[i], &tab[i - 1], &d, &same);

	jac_lookup(q, tab, idx[L - 1], neg[L - 1]);
	for (i = L - 1; i-- > 0;) {
		for (j = 0; j < VB_W; j++)
			jac_dbl(q, q);
		jac_lookup(&t, tab, idx[i], neg[i]);
		if (i > 0)
			jac_add(q, q, &t, &same);
		else
			jac_add_full(q, q, &t);
	}
	fe_cneg(q->y, even);
	mx_zeroize(tab, sizeof(tab));
	mx_zeroize(idx, sizeof(idx));
	mx_zeroize(neg, sizeof(neg));
	mx_zeroize(&t, sizeof(t));
}

/* Q = k G over the comb (see the top of this file); constant time in k. */
static void ec_base_jac(struct ec_jac *q, const mx_limb *k)
{
	const struct mx_ec_curve *c = &EC_CURVE;
	const size_t L = EC_DIGITS(c->order_bits, CB_W), T = c->comb_teeth, m = c->comb_span;
	uint8_t idx[EC_MAX_DIGITS], neg[EC_MAX_DIGITS];
	struct ec_aff a;
	uint64_t even, same;
	size_t i, j, t;
	int first = 1;

	even = ec_recode(idx, neg, k, L, CB_W);
	for (i = m; i-- > 0;) {
		if (!first)
			for (j = 0; j < CB_W; j++)
				jac_dbl(q, q);
		for (t = 0; t < T && i + m * t < L; t++) {
			aff_lookup(&a, c->comb + t * EC_COMB_TAB, idx[i + m * t], neg[i + m * t]);
			if (first)
				aff_to_jac(q, &a);
			else if (i > 0 || (m == 1 && CB_W * (t + 1) < c->order_bits))
				jac_madd(q, q, &a, &same);
			else
				jac_madd_full(q, q, &a);
			first = 0;
		}
	}
	fe_cneg(q->y, even);
	mx_zeroize(idx, sizeof(idx));
	mx_zeroize(neg, sizeof(neg));
	mx_zeroize(&a, sizeof(a));
}

/*
 * The comb (see the top of this file), affine, with one shared inversion
 * (Montgomery's trick). Public data, built once per curve.
 */
static int EC_FN(comb_build)(struct mx_ec_curve *c)
{
	const size_t L = EC_DIGITS(c->order_bits, CB_W);
	const size_t T = L < MX_EC_COMB_TEETH ? L : MX_EC_COMB_TEETH, m = (L + T - 1) / T;
	const size_t cnt = T * EC_COMB_TAB;
	struct ec_jac *jt = calloc(cnt, sizeof(*jt)), p, d;
	struct ec_aff *at = calloc(cnt, sizeof(*at));
	mx_limb (*acc)[N] = calloc(cnt, sizeof(*acc));
	mx_limb inv[N], t[N], z2[N];
	uint64_t same;
	size_t i, j;

	if (!jt || !at || !acc) {
		free(jt);
		free(at);
		free(acc);
		return -1;
	}
	aff_to_jac(&p, c->g);
	for (j = 0; j < T; j++) {
		jt[j * EC_COMB_TAB] = p;
		jac_dbl(&d, &p);
		for (i = 1; i < EC_COMB_TAB; i++)
			jac_add(&jt[j * EC_COMB_TAB + i], &jt[j * EC_COMB_TAB + i - 1], &d, &same);
		for (i = 0; i < CB_W * m; i++)
			jac_dbl(&p, &p);
	}
	fe_copy(acc[0], jt[0].z);
	for (i = 1; i < cnt; i++)
		EC_FE_MUL(acc[i], acc[i - 1], jt[i].z);
	EC_FE_INV(inv, acc[cnt - 1]);
	for (i = cnt; i-- > 0;) {
		/* inv = (z_0 ... z_i)^-1 here */
		if (i > 0) {
			EC_FE_MUL(t, inv, acc[i - 1]);
			EC_FE_MUL(inv, inv, jt[i].z);
		} else {
			fe_copy(t, inv);
		}
		EC_FE_SQR(z2, t);
		EC_FE_MUL(at[i].x, jt[i].x, z2);
		EC_FE_MUL(z2, z2, t);
		EC_FE_MUL(at[i].y, jt[i].y, z2);
	}
	free(jt);
	free(acc);
	c->comb = at;
	c->comb_teeth = T;
	c->comb_span = m;
	return 0;
}

/* x, y from X || Y; the mask of "below p and on y^2 = x^3 - 3x + b". */
static uint64_t EC_FN(decode)(const struct mx_ec_curve *c, struct ec_aff *pt, const uint8_t *xy)
{
	mx_limb t[N], l[N], r[N];
	uint64_t ok;

	mx_bn_from_be(t, N, xy, 8 * N);
	ok = mx_bn_lt(t, F->p, N);
	EC_FE_MUL(pt->x, t, F->rr);
	mx_bn_from_be(t, N, xy + 8 * N, 8 * N);
	ok &= mx_bn_lt(t, F->p, N);
	EC_FE_MUL(pt->y, t, F->rr);

	EC_FE_SQR(l, pt->y);
	EC_FE_SQR(r, pt->x);
	EC_FE_MUL(r, r, pt->x);
	EC_FE_ADD(t, pt->x, pt->x);
	EC_FE_ADD(t, t, pt->x);
	EC_FE_SUB(r, r, t);
	EC_FE_ADD(r, r, F->b);
	return ok & fe_eq(l, r);
}

static void EC_FN(encode)(const struct mx_ec_curve *c, uint8_t *xy, const struct ec_aff *pt)
{
	mx_limb t[N], one[N];
	size_t i;

	#pragma GCC unroll 8
	for (i = 0; i < N; i++)
		one[i] = i == 0;
	EC_FE_MUL(t, pt->x, one);
	mx_bn_to_be(xy, 8 * N, t, N);
	EC_FE_MUL(t, pt->y, one);
	mx_bn_to_be(xy + 8 * N, 8 * N, t, N);
}

static uint64_t EC_FN(mul)(const struct mx_ec_curve *c, struct ec_aff *r, const struct ec_aff *p,
			   const mx_limb *k)
{
	struct ec_jac q;
	uint64_t inf;

	ec_mul_jac(&q, p, k);
	inf = jac_to_aff(r, &q);
	mx_zeroize(&q, sizeof(q));
	return inf;
}

static uint64_t EC_FN(mul_base)(const struct mx_ec_curve *c, struct ec_aff *r, const mx_limb *k)
{
	struct ec_jac q;
	uint64_t inf;

	ec_base_jac(&q, k);
	inf = jac_to_aff(r, &q);
	mx_zeroize(&q, sizeof(q));
	return inf;
}

/* Q += A for public points: branches on the special cases. */
static void add_pub(struct ec_jac *q, const struct ec_jac *a)
{
	uint64_t same;

	if (fe_is_zero(q->z)) {
		*q = *a;
		return;
	}
	jac_add(q, q, a, &same);
	if (same)
		jac_dbl(q, a);
}

static void madd_pub(struct ec_jac *q, const struct ec_aff *a)
{
	struct ec_jac t;
	uint64_t same;

	if (fe_is_zero(q->z)) {
		aff_to_jac(q, a);
		return;
	}
	jac_madd(q, q, a, &same);
	if (same) {
		aff_to_jac(&t, a);
		jac_dbl(q, &t);
	}
}

/*
 * The width-w NAF of a public u < 2^(64 N): digits naf[i], odd or zero,
 * |naf[i]| < 2^(w-1), at most one non-zero in any w consecutive ones.
 * Returns the number of digits (the top one non-zero), 0 for u = 0.
 */
static size_t ec_wnaf(int8_t *naf, const mx_limb *u, unsigned int w)
{
	mx_limb t[N + 1];
	size_t len = 0, i;

	fe_copy(t, u);
	t[N] = 0;
	while (!mx_bn_is_zero(t, N + 1)) {
		int d = 0;

		if (t[0] & 1) {
			d = (int)(t[0] & ((1u << w) - 1));
			if (d >= (1 << (w - 1)))
				d -= 1 << w;
			/* t -= d, which clears the low w bits */
			if (d > 0) {
				mx_limb bw = (mx_limb)d;

				for (i = 0; i <= N; i++) {
					mx_limb x = t[i];

					t[i] = x - bw;
					bw = x < bw;
				}
			} else {
				mx_limb c = (mx_limb)-d;

				for (i = 0; i <= N; i++) {
					t[i] += c;
					c = t[i] < c;
				}
			}
		}
		naf[len++] = (int8_t)d;
		mx_bn_shr1(t, N + 1, 0);
	}
	return len;
}

static int EC_FN(verify_x)(const struct mx_ec_curve *c, const mx_limb *u1,
			   const struct ec_aff *p, const mx_limb *u2, const mx_limb *r)
{
	int8_t naf1[8 * MX_EC_MAX_SCALAR + 1], naf2[8 * MX_EC_MAX_SCALAR + 1];
	struct ec_jac tab[EC_TAB(NAF_WP - 1)], d, q, t;
	struct ec_aff a;
	mx_limb rm[N], z2[N], x[N];
	size_t l1, l2, i, len;
	uint64_t same;

	l1 = ec_wnaf(naf1, u1, CB_W + 1);
	l2 = ec_wnaf(naf2, u2, NAF_WP);
	aff_to_jac(&tab[0], p);
	jac_dbl(&d, &tab[0]);
	for (i = 1; i < EC_TAB(NAF_WP - 1); i++)
		jac_add(&tab[i], &tab[i - 1], &d, &same);

	len = l1 > l2 ? l1 : l2;
	memset(&q, 0, sizeof(q));
	for (i = len; i-- > 0;) {
		if (!fe_is_zero(q.z))
			jac_dbl(&q, &q);
		if (i < l1 && naf1[i]) {
			a = c->comb[(naf1[i] < 0 ? -naf1[i] : naf1[i]) / 2];
			if (naf1[i] < 0)
				fe_cneg(a.y, ~(uint64_t)0);
			madd_pub(&q, &a);
		}
		if (i < l2 && naf2[i]) {
			t = tab[(naf2[i] < 0 ? -naf2[i] : naf2[i]) / 2];
			if (naf2[i] < 0)
				fe_cneg(t.y, ~(uint64_t)0);
			add_pub(&q, &t);
		}
	}
	if (fe_is_zero(q.z))
		return 0;
	/* x = X / Z^2 equals r or r + n (when below p): X = (r [+ n]) Z^2 */
	EC_FE_SQR(z2, q.z);
	EC_FE_MUL(rm, r, F->rr);
	EC_FE_MUL(x, rm, z2);
	if (fe_eq(x, q.x))
		return 1;
	if (mx_bn_add(rm, r, c->order, N) || !mx_bn_lt(rm, F->p, N))
		return 0;
	EC_FE_MUL(rm, rm, F->rr);
	EC_FE_MUL(x, rm, z2);
	return fe_eq(x, q.x) ? 1 : 0;
}

#undef EC_N
#undef EC_FN
#undef EC_FP
#undef EC_CURVE
#undef EC_FE_MUL
#undef EC_FE_SQR
#undef EC_FE_ADD
#undef EC_FE_SUB
#undef EC_FE_INV
#undef N
#undef F
#undef VB_W
#undef VB_TAB
#undef CB_W
#undef NAF_WP
#undef fe_copy
#undef fe_cmov
#undef fe_is_zero
#undef fe_eq
#undef fe_cneg
#undef jac_dbl
#undef jac_add
#undef jac_add_full
#undef jac_madd
#undef jac_madd_full
#undef jac_to_aff
#undef aff_to_jac
#undef ec_recode
#undef jac_lookup
#undef aff_lookup
#undef ec_mul_jac
#undef ec_base_jac
#undef ec_wnaf
#undef add_pub
#undef madd_pub
