/* SPDX-License-Identifier: GPL-2.0 */
/*
 * P-256 field arithmetic in portable C (128-bit products), Montgomery
 * form with R = 2^256, for ec_p256.c. Branch-free; the final
 * subtractions are masks.
 */
#ifndef MXTLS_CRYPTO_EC_P256_FIELD_H
#define MXTLS_CRYPTO_EC_P256_FIELD_H

#include "crypto/bn.h"

/*
 * Montgomery multiplication for p = 2^256 - 2^224 + 2^192 + 2^96 - 1.
 * -p^-1 = 1 mod 2^64, so the reduction word is m = t0, and
 * t + m p = t + m (2^96 - 1) + m p3 2^192 with p3 = 2^64 - 2^32 + 1: the
 * first term clears t0 and adds m << 32 and m >> 32 one and two words up,
 * the second is one multiplication.
 */
#define P256_P3 0xffffffff00000001ull

/* t = (t + m p) / 2^64 for m = t0, t = t0..t4 with t5 above. */
#define P256_REDUCE(t0, t1, t2, t3, t4, t5) do {			\
	mx_limb m_ = t0, c_;						\
	mx_dlimb mp_ = (mx_dlimb)m_ * P256_P3, acc_;			\
									\
	acc_ = (mx_dlimb)t1 + (m_ << 32);				\
	t0 = (mx_limb)acc_;						\
	c_ = (mx_limb)(acc_ >> 64);					\
	acc_ = (mx_dlimb)t2 + (m_ >> 32) + c_;				\
	t1 = (mx_limb)acc_;						\
	c_ = (mx_limb)(acc_ >> 64);					\
	acc_ = (mx_dlimb)t3 + (mx_limb)mp_ + c_;			\
	t2 = (mx_limb)acc_;						\
	c_ = (mx_limb)(acc_ >> 64);					\
	acc_ = (mx_dlimb)t4 + (mx_limb)(mp_ >> 64) + c_;		\
	t3 = (mx_limb)acc_;						\
	t4 = t5 + (mx_limb)(acc_ >> 64);				\
} while (0)

/* r = t - p when (t4:t) >= p, else t. */
static inline __attribute__((always_inline))
void p256_final(mx_limb *r, mx_limb t0, mx_limb t1, mx_limb t2, mx_limb t3, mx_limb t4)
{
	mx_limb s0, s1, s2, s3, bw;
	mx_dlimb d;
	uint64_t keep;

	d = (mx_dlimb)t0 - 0xffffffffffffffffull;
	s0 = (mx_limb)d;
	bw = (mx_limb)(d >> 64) & 1;
	d = (mx_dlimb)t1 - 0x00000000ffffffffull - bw;
	s1 = (mx_limb)d;
	bw = (mx_limb)(d >> 64) & 1;
	d = (mx_dlimb)t2 - bw;
	s2 = (mx_limb)d;
	bw = (mx_limb)(d >> 64) & 1;
	d = (mx_dlimb)t3 - P256_P3 - bw;
	s3 = (mx_limb)d;
	bw = (mx_limb)(d >> 64) & 1;
	keep = 0 - (bw & ~t4 & 1);
	r[0] = s0 ^ (keep & (s0 ^ t0));
	r[1] = s1 ^ (keep & (s1 ^ t1));
	r[2] = s2 ^ (keep & (s2 ^ t2));
	r[3] = s3 ^ (keep & (s3 ^ t3));
}

static void p256c_fe_mul(mx_limb *r, const mx_limb *a, const mx_limb *b)
{
	const mx_limb a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3];
	mx_limb t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0, t5;
	size_t i;

#pragma GCC unroll 4
	for (i = 0; i < 4; i++) {
		mx_limb bi = b[i], c;
		mx_dlimb acc;

		acc = (mx_dlimb)a0 * bi + t0;
		t0 = (mx_limb)acc;
		c = (mx_limb)(acc >> 64);
		acc = (mx_dlimb)a1 * bi + t1 + c;
		t1 = (mx_limb)acc;
		c = (mx_limb)(acc >> 64);
		acc = (mx_dlimb)a2 * bi + t2 + c;
		t2 = (mx_limb)acc;
		c = (mx_limb)(acc >> 64);
		acc = (mx_dlimb)a3 * bi + t3 + c;
		t3 = (mx_limb)acc;
		c = (mx_limb)(acc >> 64);
		acc = (mx_dlimb)t4 + c;
		t4 = (mx_limb)acc;
		t5 = (mx_limb)(acc >> 64);
		P256_REDUCE(t0, t1, t2, t3, t4, t5);
	}
	p256_final(r, t0, t1, t2, t3, t4);
}

/* a^2: the six cross products once, doubled, plus the squares; then
 * four reduction steps on the low half and the high half added.
 */
static void p256c_fe_sqr(mx_limb *r, const mx_limb *a)
{
	const mx_limb a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3];
	mx_limb t0, t1, t2, t3, t4, t5, t6, t7, c, z = 0;
	mx_dlimb acc;

	/* cross products a_i a_j, i < j, at t1..t6 */
	acc = (mx_dlimb)a0 * a1;
	t1 = (mx_limb)acc;
	c = (mx_limb)(acc >> 64);
	acc = (mx_dlimb)a0 * a2 + c;
	t2 = (mx_limb)acc;
	c = (mx_limb)(acc >> 64);
	acc = (mx_dlimb)a0 * a3 + c;
	t3 = (mx_limb)acc;
	t4 = (mx_limb)(acc >> 64);
	acc = (mx_dlimb)a1 * a2 + t3;
	t3 = (mx_limb)acc;
	c = (mx_limb)(acc >> 64);
	acc = (mx_dlimb)a1 * a3 + t4 + c;
	t4 = (mx_limb)acc;
	t5 = (mx_limb)(acc >> 64);
	acc = (mx_dlimb)a2 * a3 + t5;
	t5 = (mx_limb)acc;
	t6 = (mx_limb)(acc >> 64);
	/* doubled */
	t7 = t6 >> 63;
	t6 = (t6 << 1) | (t5 >> 63);
	t5 = (t5 << 1) | (t4 >> 63);
	t4 = (t4 << 1) | (t3 >> 63);
	t3 = (t3 << 1) | (t2 >> 63);
	t2 = (t2 << 1) | (t1 >> 63);
	t1 <<= 1;
	/* plus the squares */
	acc = (mx_dlimb)a0 * a0;
	t0 = (mx_limb)acc;
	acc = (mx_dlimb)t1 + (mx_limb)(acc >> 64);
	t1 = (mx_limb)acc;
	c = (mx_limb)(acc >> 64);
	acc = (mx_dlimb)a1 * a1 + t2 + c;
	t2 = (mx_limb)acc;
	acc = (mx_dlimb)t3 + (mx_limb)(acc >> 64);
	t3 = (mx_limb)acc;
	c = (mx_limb)(acc >> 64);
	acc = (mx_dlimb)a2 * a2 + t4 + c;
	t4 = (mx_limb)acc;
	acc = (mx_dlimb)t5 + (mx_limb)(acc >> 64);
	t5 = (mx_limb)acc;
	c = (mx_limb)(acc >> 64);
	acc = (mx_dlimb)a3 * a3 + t6 + c;
	t6 = (mx_limb)acc;
	t7 += (mx_limb)(acc >> 64);

	/* (t0..t3 + M p) / 2^256 stays below 2^256; then add t4..t7 */
	P256_REDUCE(t0, t1, t2, t3, z, z);
	z = 0;
	P256_REDUCE(t0, t1, t2, t3, z, z);
	z = 0;
	P256_REDUCE(t0, t1, t2, t3, z, z);
	z = 0;
	P256_REDUCE(t0, t1, t2, t3, z, z);
	acc = (mx_dlimb)t0 + t4;
	t0 = (mx_limb)acc;
	acc = (mx_dlimb)t1 + t5 + (mx_limb)(acc >> 64);
	t1 = (mx_limb)acc;
	acc = (mx_dlimb)t2 + t6 + (mx_limb)(acc >> 64);
	t2 = (mx_limb)acc;
	acc = (mx_dlimb)t3 + t7 + (mx_limb)(acc >> 64);
	t3 = (mx_limb)acc;
	p256_final(r, t0, t1, t2, t3, (mx_limb)(acc >> 64));
}

/* r = a + b mod p and a - b mod p with p's words as constants. */
static inline void p256c_fe_add(mx_limb *r, const mx_limb *a, const mx_limb *b)
{
	mx_limb t0, t1, t2, t3, c;
	mx_dlimb acc;

	acc = (mx_dlimb)a[0] + b[0];
	t0 = (mx_limb)acc;
	acc = (mx_dlimb)a[1] + b[1] + (mx_limb)(acc >> 64);
	t1 = (mx_limb)acc;
	acc = (mx_dlimb)a[2] + b[2] + (mx_limb)(acc >> 64);
	t2 = (mx_limb)acc;
	acc = (mx_dlimb)a[3] + b[3] + (mx_limb)(acc >> 64);
	t3 = (mx_limb)acc;
	c = (mx_limb)(acc >> 64);
	p256_final(r, t0, t1, t2, t3, c);
}

static inline void p256c_fe_sub(mx_limb *r, const mx_limb *a, const mx_limb *b)
{
	mx_limb t0, t1, t2, t3, m;
	mx_dlimb d;

	d = (mx_dlimb)a[0] - b[0];
	t0 = (mx_limb)d;
	d = (mx_dlimb)a[1] - b[1] - ((mx_limb)(d >> 64) & 1);
	t1 = (mx_limb)d;
	d = (mx_dlimb)a[2] - b[2] - ((mx_limb)(d >> 64) & 1);
	t2 = (mx_limb)d;
	d = (mx_dlimb)a[3] - b[3] - ((mx_limb)(d >> 64) & 1);
	t3 = (mx_limb)d;
	m = 0 - ((mx_limb)(d >> 64) & 1);
	/* + p when it borrowed: p = (2^64 - 1, 2^32 - 1, 0, P256_P3) */
	d = (mx_dlimb)t0 + m;
	r[0] = (mx_limb)d;
	d = (mx_dlimb)t1 + (m & 0xffffffffull) + (mx_limb)(d >> 64);
	r[1] = (mx_limb)d;
	d = (mx_dlimb)t2 + (mx_limb)(d >> 64);
	r[2] = (mx_limb)d;
	r[3] = t3 + (m & P256_P3) + (mx_limb)(d >> 64);
}

/*
 * Arithmetic modulo the group order n (ECDSA's scalars), Montgomery form
 * with R = 2^256: n's words and -n^-1 mod 2^64.
 */
static const mx_limb p256_n_w[4] = {
	0xf3b9cac2fc632551ull, 0xbce6faada7179e84ull, 0xffffffffffffffffull, 0xffffffff00000000ull,
};

#define P256_N0INV 0xccd1c8aaee00bc4full

/* r = a b / 2^256 mod n (a, b < n): operand scanning, a reduction step per word. */
static void p256c_ord_mul(mx_limb *r, const mx_limb *a, const mx_limb *b)
{
	mx_limb t[6] = { 0 }, s[4], bw = 0;
	uint64_t keep;
	size_t i, j;

#pragma GCC unroll 4
	for (i = 0; i < 4; i++) {
		mx_limb c = 0, m;
		mx_dlimb uv;

#pragma GCC unroll 4
		for (j = 0; j < 4; j++) {
			uv = (mx_dlimb)a[j] * b[i] + t[j] + c;
			t[j] = (mx_limb)uv;
			c = (mx_limb)(uv >> 64);
		}
		uv = (mx_dlimb)t[4] + c;
		t[4] = (mx_limb)uv;
		t[5] = (mx_limb)(uv >> 64);
		m = t[0] * P256_N0INV;
		uv = (mx_dlimb)m * p256_n_w[0] + t[0];
		c = (mx_limb)(uv >> 64);
#pragma GCC unroll 4
		for (j = 1; j < 4; j++) {
			uv = (mx_dlimb)m * p256_n_w[j] + t[j] + c;
			t[j - 1] = (mx_limb)uv;
			c = (mx_limb)(uv >> 64);
		}
		uv = (mx_dlimb)t[4] + c;
		t[3] = (mx_limb)uv;
		t[4] = t[5] + (mx_limb)(uv >> 64);
	}
#pragma GCC unroll 4
	for (i = 0; i < 4; i++) {
		mx_dlimb d = (mx_dlimb)t[i] - p256_n_w[i] - bw;

		s[i] = (mx_limb)d;
		bw = (mx_limb)(d >> 64) & 1;
	}
	keep = 0 - (bw & ~t[4] & 1);
#pragma GCC unroll 4
	for (i = 0; i < 4; i++)
		r[i] = s[i] ^ (keep & (s[i] ^ t[i]));
}

#endif /* MXTLS_CRYPTO_EC_P256_FIELD_H */
