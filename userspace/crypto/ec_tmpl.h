/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One NIST curve's arithmetic, included once per curve with
 *   EC_N       the limb count (4 for P-256, 6 for P-384)
 *   EC_FN(x)   the name prefix for that curve (p256_##x)
 * and the curve's `static struct ec_fp EC_FN(fp)` and
 * `static struct mx_ec_curve EC_FN(curve)` declared before. Every loop
 * bound is the constant EC_N, so the compiler unrolls the field code. A
 * curve with a faster reduction defines EC_FN(fe_mul) and EC_FN(fe_sqr)
 * itself and sets EC_HAVE_FE_MUL, likewise EC_FN(fe_add), EC_FN(fe_sub) and
 * EC_HAVE_FE_ADD. EC_ENTER(), when defined, runs first in every operation.
 *
 * Field elements are in Montgomery form. Points are Jacobian
 * (X : Y : Z), x = X/Z^2, y = Y/Z^3, Z = 0 for the point at infinity.
 * Nothing branches on or indexes by a value, except where said public.
 *
 * Scalar multiplication. k' = k or n - k, whichever is odd (the result
 * is negated back at the end), is recoded into L digits d_i, odd, with
 * |d_i| < 2^W and d_(L-1) > 0 (a regular recoding: every digit costs the
 * same). The variable-base method keeps a table of P, 3P, ..., (2^W - 1)P
 * and runs Q = 2^W Q + d_i P from the top digit down. The partial scalar
 * before adding d_i is 2^W k'_(i+1) with 0 < 2^W k'_(i+1) < n - 2^W for
 * every i > 0, so Q is never +-d_i P there and the short addition formula
 * is exact; only the last addition can meet equal points (k' close to n)
 * and uses the complete one. The fixed-base method (with the precomputed
 * table of PS_PUBKEY_OPTIMIZE_FOR_FASTER_SPEED) adds d_j 2^(Wj) G for
 * j = 0, 1, ...; its partial sums stay below 2^(Wj) in absolute value, so
 * only additions with 2^(W(j+1)) > n / 2 need the complete formula.
 */
#include <stdlib.h>

#include "core/ct.h"
#include "crypto/ec_impl.h"

#ifndef EC_ENTER
#define EC_ENTER() do { } while (0)
#endif

#define N		EC_N
#define F		(&EC_FN(fp))
#define fe_copy		EC_FN(fe_copy)
#define fe_cmov		EC_FN(fe_cmov)
#define fe_is_zero	EC_FN(fe_is_zero)
#define fe_eq		EC_FN(fe_eq)
#define fe_reduce_once	EC_FN(fe_reduce_once)
#define fe_add		EC_FN(fe_add)
#define fe_sub		EC_FN(fe_sub)
#define fe_mul		EC_FN(fe_mul)
#define fe_sqr		EC_FN(fe_sqr)
#define fe_inv		EC_FN(fe_inv)
#define fe_cneg		EC_FN(fe_cneg)
#define jac_dbl		EC_FN(jac_dbl)
#define jac_add		EC_FN(jac_add)
#define jac_add_full	EC_FN(jac_add_full)
#define jac_madd	EC_FN(jac_madd)
#define jac_to_aff	EC_FN(jac_to_aff)
#define aff_to_jac	EC_FN(aff_to_jac)
#define ec_recode	EC_FN(recode)
#define jac_lookup	EC_FN(jac_lookup)
#define aff_lookup	EC_FN(aff_lookup)
#define ec_mul_jac	EC_FN(mul_jac)
#define ec_base_jac	EC_FN(base_jac)

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

/* r = t - p when (carry:t) >= p, else t. */
static inline void fe_reduce_once(mx_limb *r, const mx_limb *t, mx_limb carry)
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

#ifndef EC_HAVE_FE_ADD
static inline void fe_add(mx_limb *r, const mx_limb *a, const mx_limb *b)
{
	mx_limb t[N], c = 0;
	size_t i;

	#pragma GCC unroll 8
	for (i = 0; i < N; i++) {
		mx_dlimb s = (mx_dlimb)a[i] + b[i] + c;

		t[i] = (mx_limb)s;
		c = (mx_limb)(s >> 64);
	}
	fe_reduce_once(r, t, c);
}

static inline void fe_sub(mx_limb *r, const mx_limb *a, const mx_limb *b)
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

#ifndef EC_HAVE_FE_MUL
/* r = a b / R mod p: operand scanning with the reduction of each word. */
static void fe_mul(mx_limb *r, const mx_limb *a, const mx_limb *b)
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
	fe_reduce_once(r, t, t[N]);
}

static void fe_sqr(mx_limb *r, const mx_limb *a)
{
	fe_mul(r, a, a);
}
#endif

/* r = a^(p-2) = a^-1 (0 for a = 0), over the public exponent p - 2. */
static void fe_inv(mx_limb *r, const mx_limb *a)
{
	mx_limb e[N], tab[16][N], acc[N];
	size_t i, k;
	int started = 0;

	fe_copy(e, F->p);
	e[0] -= 2;	/* p is odd and above 2^64: no borrow */
	fe_copy(tab[1], a);
	for (i = 2; i < 16; i++)
		fe_mul(tab[i], tab[i - 1], a);
	fe_copy(acc, F->one);
	for (k = 16 * N; k-- > 0;) {
		unsigned int w = (unsigned int)(e[k / 16] >> (4 * (k % 16))) & 15;

		if (started)
			for (i = 0; i < 4; i++)
				fe_sqr(acc, acc);
		if (w) {
			fe_mul(acc, acc, tab[w]);
			started = 1;
		}
	}
	fe_copy(r, acc);
	mx_zeroize(tab, sizeof(tab));
}

/* y = -y when mask. */
static void fe_cneg(mx_limb *y, uint64_t mask)
{
	mx_limb zero[N], t[N];
	size_t i;

	#pragma GCC unroll 8
	for (i = 0; i < N; i++)
		zero[i] = 0;
	fe_sub(t, zero, y);
	fe_cmov(y, t, mask);
}

/* 2P (dbl-2001-b for a = -3, with Z3 = 2YZ): 4M + 4S; exact for every input. r may alias p. */
static void jac_dbl(struct ec_jac *r, const struct ec_jac *p)
{
	mx_limb delta[N], gamma[N], beta[N], alpha[N], t1[N], t2[N];

	fe_sqr(delta, p->z);
	fe_sqr(gamma, p->y);
	fe_mul(beta, p->x, gamma);
	fe_sub(t1, p->x, delta);
	fe_add(t2, p->x, delta);
	fe_mul(alpha, t1, t2);
	fe_add(t1, alpha, alpha);
	fe_add(alpha, alpha, t1);		/* 3 (x - delta)(x + delta) */
	fe_mul(t1, p->y, p->z);
	fe_add(r->z, t1, t1);			/* 2 y z */
	fe_add(beta, beta, beta);
	fe_add(beta, beta, beta);		/* 4 beta */
	fe_sqr(t1, alpha);
	fe_add(t2, beta, beta);
	fe_sub(r->x, t1, t2);
	fe_sub(t1, beta, r->x);
	fe_mul(t1, alpha, t1);
	fe_sqr(gamma, gamma);
	fe_add(gamma, gamma, gamma);
	fe_add(gamma, gamma, gamma);
	fe_add(gamma, gamma, gamma);		/* 8 gamma^2 */
	fe_sub(r->y, t1, gamma);
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

	fe_sqr(z1z1, p->z);
	fe_sqr(z2z2, q->z);
	fe_mul(u1, p->x, z2z2);
	fe_mul(u2, q->x, z1z1);
	fe_mul(s1, p->y, q->z);
	fe_mul(s1, s1, z2z2);
	fe_mul(s2, q->y, p->z);
	fe_mul(s2, s2, z1z1);
	fe_sub(h, u2, u1);
	fe_sub(rr, s2, s1);
	*same = fe_is_zero(h) & fe_is_zero(rr);
	fe_add(rr, rr, rr);
	fe_add(i, h, h);
	fe_sqr(i, i);
	fe_mul(j, h, i);
	fe_mul(v, u1, i);
	fe_add(t, p->z, q->z);
	fe_sqr(t, t);
	fe_sub(t, t, z1z1);
	fe_sub(t, t, z2z2);
	fe_mul(r->z, t, h);
	fe_sqr(t, rr);
	fe_sub(t, t, j);
	fe_sub(t, t, v);
	fe_sub(r->x, t, v);
	fe_sub(t, v, r->x);
	fe_mul(t, rr, t);
	fe_mul(s1, s1, j);
	fe_add(s1, s1, s1);
	fe_sub(r->y, t, s1);
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

/* P + (x, y), Z2 = 1 (madd-2007-bl): 7M + 4S; exact as jac_add. r may alias p. */
static void jac_madd(struct ec_jac *r, const struct ec_jac *p, const struct ec_aff *q)
{
	mx_limb z1z1[N], u2[N], s2[N], h[N], hh[N], i[N], j[N], rr[N], v[N], t[N];

	fe_sqr(z1z1, p->z);
	fe_mul(u2, q->x, z1z1);
	fe_mul(s2, q->y, p->z);
	fe_mul(s2, s2, z1z1);
	fe_sub(h, u2, p->x);
	fe_sqr(hh, h);
	fe_add(i, hh, hh);
	fe_add(i, i, i);
	fe_mul(j, h, i);
	fe_sub(rr, s2, p->y);
	fe_add(rr, rr, rr);
	fe_mul(v, p->x, i);
	fe_add(t, p->z, h);
	fe_sqr(t, t);
	fe_sub(t, t, z1z1);
	fe_sub(r->z, t, hh);
	fe_sqr(t, rr);
	fe_sub(t, t, j);
	fe_sub(t, t, v);
	fe_sub(t, t, v);
	fe_mul(s2, p->y, j);
	fe_add(s2, s2, s2);
	fe_sub(v, v, t);
	fe_copy(r->x, t);
	fe_mul(t, rr, v);
	fe_sub(r->y, t, s2);
}

/* (x, y) = P / Z; returns the mask of "P is infinity" (x = y = 0 then). */
static uint64_t jac_to_aff(struct ec_aff *r, const struct ec_jac *p)
{
	mx_limb zi[N], zi2[N];

	fe_inv(zi, p->z);
	fe_sqr(zi2, zi);
	fe_mul(r->x, p->x, zi2);
	fe_mul(zi2, zi2, zi);
	fe_mul(r->y, p->y, zi2);
	return fe_is_zero(p->z);
}

static void aff_to_jac(struct ec_jac *r, const struct ec_aff *p)
{
	fe_copy(r->x, p->x);
	fe_copy(r->y, p->y);
	fe_copy(r->z, F->one);
}

/*
 * The regular recoding of k' = (k odd ? k : n - k): idx[i] = (|d_i| - 1)/2
 * and neg[i] = (d_i < 0), for L digits. Returns the mask of "k was even".
 */
static uint64_t ec_recode(uint8_t *idx, uint8_t *neg, const mx_limb *k, size_t L)
{
	mx_limb t[N + 1], a[N + 1], s[N + 1];
	uint64_t even = 0 - (~k[0] & 1);
	size_t i, j;

	mx_bn_sub(t, EC_FN(curve).order, k, N);
	fe_cmov(t, k, ~even);
	t[N] = 0;
	for (i = 0; i + 1 < L; i++) {
		mx_limb v = t[0] & ((2u << EC_W) - 1);
		uint64_t ng = mx_ct_lt(v, 1u << EC_W);
		mx_limb ad = mx_ct_select(ng, (1u << EC_W) - v, v - (1u << EC_W));
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
			t[j] = (t[j] >> EC_W) | (t[j + 1] << (64 - EC_W));
		t[N] >>= EC_W;
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

/* r = +-tab[idx] from a Jacobian table of EC_TAB entries, reading them all. */
static void jac_lookup(struct ec_jac *r, const struct ec_jac *tab, mx_limb idx, uint8_t neg)
{
	size_t e, i;

	#pragma GCC unroll 8
	for (i = 0; i < N; i++) {
		r->x[i] = 0;
		r->y[i] = 0;
		r->z[i] = 0;
	}
	for (e = 0; e < EC_TAB; e++) {
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

static void aff_lookup(struct ec_aff *r, const struct ec_aff *tab, mx_limb idx, uint8_t neg)
{
	size_t e, i;

	#pragma GCC unroll 8
	for (i = 0; i < N; i++) {
		r->x[i] = 0;
		r->y[i] = 0;
	}
	for (e = 0; e < EC_TAB; e++) {
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
	const size_t L = EC_DIGITS(EC_FN(curve).order_bits);
	struct ec_jac tab[EC_TAB], d, t;
	uint8_t idx[EC_MAX_DIGITS], neg[EC_MAX_DIGITS];
	uint64_t even, same;
	size_t i, j;

	even = ec_recode(idx, neg, k, L);
	aff_to_jac(&tab[0], p);
	jac_dbl(&d, &tab[0]);
	for (i = 1; i < EC_TAB; i++)
		jac_add(&tab[i], &tab[i - 1], &d, &same);

	jac_lookup(q, tab, idx[L - 1], neg[L - 1]);
	for (i = L - 1; i-- > 0;) {
		for (j = 0; j < EC_W; j++)
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

/* Q = k G: from the fixed-base table when there is one; constant time in k. */
static void ec_base_jac(struct ec_jac *q, const mx_limb *k)
{
	const struct mx_ec_curve *c = &EC_FN(curve);
	const size_t L = EC_DIGITS(c->order_bits);
	uint8_t idx[EC_MAX_DIGITS], neg[EC_MAX_DIGITS];
	struct ec_aff a;
	struct ec_jac t;
	uint64_t even;
	size_t j;

	if (!c->base_tab) {
		ec_mul_jac(q, c->g, k);
		return;
	}
	even = ec_recode(idx, neg, k, L);
	aff_lookup(&a, c->base_tab, idx[0], neg[0]);
	aff_to_jac(q, &a);
	for (j = 1; j < L; j++) {
		aff_lookup(&a, c->base_tab + j * EC_TAB, idx[j], neg[j]);
		if (EC_W * (j + 1) < c->order_bits) {
			jac_madd(q, q, &a);
		} else {
			aff_to_jac(&t, &a);
			jac_add_full(q, q, &t);
		}
	}
	fe_cneg(q->y, even);
	mx_zeroize(idx, sizeof(idx));
	mx_zeroize(neg, sizeof(neg));
	mx_zeroize(&a, sizeof(a));
}

/*
 * The fixed-base table: entry [j][i] = (2i + 1) 2^(Wj) G, affine, with one
 * shared inversion (Montgomery's trick). Public data, built once.
 */
static int EC_FN(base_table)(struct mx_ec_curve *c)
{
	const size_t L = EC_DIGITS(c->order_bits), cnt = L * EC_TAB;
	struct ec_jac *jt = calloc(cnt, sizeof(*jt)), p, d;
	struct ec_aff *at = calloc(cnt, sizeof(*at));
	mx_limb (*acc)[N] = calloc(cnt, sizeof(*acc));
	mx_limb inv[N], t[N], z2[N];
	uint64_t same;
	size_t i, j;

	EC_ENTER();

	if (!jt || !at || !acc) {
		free(jt);
		free(at);
		free(acc);
		return -1;
	}
	aff_to_jac(&p, c->g);
	for (j = 0; j < L; j++) {
		jt[j * EC_TAB] = p;
		jac_dbl(&d, &p);
		for (i = 1; i < EC_TAB; i++)
			jac_add(&jt[j * EC_TAB + i], &jt[j * EC_TAB + i - 1], &d, &same);
		for (i = 0; i < EC_W; i++)
			jac_dbl(&p, &p);
	}
	fe_copy(acc[0], jt[0].z);
	for (i = 1; i < cnt; i++)
		fe_mul(acc[i], acc[i - 1], jt[i].z);
	fe_inv(inv, acc[cnt - 1]);
	for (i = cnt; i-- > 0;) {
		/* inv = (z_0 ... z_i)^-1 here */
		if (i > 0) {
			fe_mul(t, inv, acc[i - 1]);
			fe_mul(inv, inv, jt[i].z);
		} else {
			fe_copy(t, inv);
		}
		fe_sqr(z2, t);
		fe_mul(at[i].x, jt[i].x, z2);
		fe_mul(z2, z2, t);
		fe_mul(at[i].y, jt[i].y, z2);
	}
	free(jt);
	free(acc);
	c->base_tab = at;
	return 0;
}

/* x, y from X || Y; the mask of "below p and on y^2 = x^3 - 3x + b". */
static uint64_t EC_FN(decode)(const struct mx_ec_curve *c, struct ec_aff *pt, const uint8_t *xy)
{
	mx_limb t[N], l[N], r[N];
	uint64_t ok;

	EC_ENTER();

	mx_bn_from_be(t, N, xy, 8 * N);
	ok = mx_bn_lt(t, F->p, N);
	fe_mul(pt->x, t, F->rr);
	mx_bn_from_be(t, N, xy + 8 * N, 8 * N);
	ok &= mx_bn_lt(t, F->p, N);
	fe_mul(pt->y, t, F->rr);

	fe_sqr(l, pt->y);
	fe_sqr(r, pt->x);
	fe_mul(r, r, pt->x);
	fe_add(t, pt->x, pt->x);
	fe_add(t, t, pt->x);
	fe_sub(r, r, t);
	fe_add(r, r, F->b);
	return ok & fe_eq(l, r);
}

static void EC_FN(encode)(const struct mx_ec_curve *c, uint8_t *xy, const struct ec_aff *pt)
{
	mx_limb t[N], one[N];
	size_t i;

	EC_ENTER();

	#pragma GCC unroll 8
	for (i = 0; i < N; i++)
		one[i] = i == 0;
	fe_mul(t, pt->x, one);
	mx_bn_to_be(xy, 8 * N, t, N);
	fe_mul(t, pt->y, one);
	mx_bn_to_be(xy + 8 * N, 8 * N, t, N);
}

static uint64_t EC_FN(mul)(const struct mx_ec_curve *c, struct ec_aff *r, const struct ec_aff *p,
			   const mx_limb *k)
{
	struct ec_jac q;
	uint64_t inf;

	EC_ENTER();

	ec_mul_jac(&q, p, k);
	inf = jac_to_aff(r, &q);
	mx_zeroize(&q, sizeof(q));
	return inf;
}

static uint64_t EC_FN(mul_base)(const struct mx_ec_curve *c, struct ec_aff *r, const mx_limb *k)
{
	struct ec_jac q;
	uint64_t inf;

	EC_ENTER();

	ec_base_jac(&q, k);
	inf = jac_to_aff(r, &q);
	mx_zeroize(&q, sizeof(q));
	return inf;
}

/* P + Q for public points: branches on the special cases. */
static void EC_FN(add_pub)(struct ec_jac *r, const struct ec_jac *p, const struct ec_jac *q)
{
	uint64_t same;

	if (fe_is_zero(q->z))
		return;			/* r = p = r */
	if (fe_is_zero(p->z)) {
		*r = *q;
		return;
	}
	jac_add(r, p, q, &same);
	if (same)
		jac_dbl(r, q);
}

/*
 * u1 G + u2 P for public scalars (ECDSA verification): both recoded as in
 * ec_mul_jac, an even scalar turning into n - u and its point into -G or
 * -P, and the two digit streams added in the same doubling chain
 * (Straus). Variable time: nothing here is secret.
 */
static uint64_t EC_FN(mul2)(const struct mx_ec_curve *c, struct ec_aff *r, const mx_limb *u1,
			    const struct ec_aff *p, const mx_limb *u2)
{
	const size_t L = EC_DIGITS(c->order_bits);
	uint8_t idx[2][EC_MAX_DIGITS], neg[2][EC_MAX_DIGITS];
	struct ec_jac tab[2][EC_TAB], d, t, q;
	const struct ec_aff *base[2] = { c->g, p };
	const mx_limb *u[2] = { u1, u2 };
	uint64_t even, same;
	size_t i, j, s;

	EC_ENTER();

	for (s = 0; s < 2; s++) {
		even = ec_recode(idx[s], neg[s], u[s], L);
		aff_to_jac(&tab[s][0], base[s]);
		fe_cneg(tab[s][0].y, even);
		jac_dbl(&d, &tab[s][0]);
		for (i = 1; i < EC_TAB; i++)
			jac_add(&tab[s][i], &tab[s][i - 1], &d, &same);
	}
	q = tab[0][0];
	for (i = 0; i < N; i++)
		q.z[i] = 0;	/* infinity */
	for (i = L; i-- > 0;) {
		if (i + 1 < L)
			for (j = 0; j < EC_W; j++)
				jac_dbl(&q, &q);
		for (s = 0; s < 2; s++) {
			t = tab[s][idx[s][i]];
			fe_cneg(t.y, 0 - (uint64_t)neg[s][i]);
			EC_FN(add_pub)(&q, &q, &t);
		}
	}
	return jac_to_aff(r, &q);
}

#undef EC_N
#undef EC_FN
#undef EC_ENTER
#undef EC_HAVE_FE_MUL
#undef EC_HAVE_FE_ADD
#undef N
#undef F
#undef fe_copy
#undef fe_cmov
#undef fe_is_zero
#undef fe_eq
#undef fe_reduce_once
#undef fe_add
#undef fe_sub
#undef fe_mul
#undef fe_sqr
#undef fe_inv
#undef fe_cneg
#undef jac_dbl
#undef jac_add
#undef jac_add_full
#undef jac_madd
#undef jac_to_aff
#undef aff_to_jac
#undef ec_recode
#undef jac_lookup
#undef aff_lookup
#undef ec_mul_jac
#undef ec_base_jac
