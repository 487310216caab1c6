// SPDX-License-Identifier: GPL-2.0
/*
 * X25519 with field elements in radix 2^51 (five 64-bit limbs, 128-bit
 * products); the Montgomery ladder of RFC 7748, section 5, with a masked
 * swap each step.
 */
#include <errno.h>
#include <string.h>

#include "core/ct.h"
#include "crypto/random.h"
#include "crypto/x25519.h"

typedef uint64_t fe[5];
typedef unsigned __int128 u128;

#define MASK51 ((1ull << 51) - 1)

static void fe_load(fe r, const uint8_t s[32])
{
	uint64_t w[4];
	int i;

	for (i = 0; i < 4; i++) {
		int j;

		w[i] = 0;
		for (j = 7; j >= 0; j--)
			w[i] = w[i] << 8 | s[8 * i + j];
	}
	r[0] = w[0] & MASK51;
	r[1] = (w[0] >> 51 | w[1] << 13) & MASK51;
	r[2] = (w[1] >> 38 | w[2] << 26) & MASK51;
	r[3] = (w[2] >> 25 | w[3] << 39) & MASK51;
	r[4] = (w[3] >> 12) & MASK51;	/* bit 255 dropped */
}

/* Limbs below 2^51 (and the value below 2p), carried and wrapped. */
static void fe_carry(fe r)
{
	uint64_t c;

	c = r[0] >> 51;
	r[0] &= MASK51;
	r[1] += c;
	c = r[1] >> 51;
	r[1] &= MASK51;
	r[2] += c;
	c = r[2] >> 51;
	r[2] &= MASK51;
	r[3] += c;
	c = r[3] >> 51;
	r[3] &= MASK51;
	r[4] += c;
	c = r[4] >> 51;
	r[4] &= MASK51;
	r[0] += 19 * c;
	c = r[0] >> 51;
	r[0] &= MASK51;
	r[1] += c;
}

/* The canonical value (below p), little-endian. */
static void fe_store(uint8_t s[32], const fe a)
{
	uint64_t t[5], q, w[4];
	int i;

	memcpy(t, a, sizeof(t));
	fe_carry(t);
	fe_carry(t);
	/* q = 1 when t >= p: t + 19 reaches 2^255 */
	q = (t[0] + 19) >> 51;
	q = (t[1] + q) >> 51;
	q = (t[2] + q) >> 51;
	q = (t[3] + q) >> 51;
	q = (t[4] + q) >> 51;
	t[0] += 19 * q;
	t[1] += t[0] >> 51;
	t[0] &= MASK51;
	t[2] += t[1] >> 51;
	t[1] &= MASK51;
	t[3] += t[2] >> 51;
	t[2] &= MASK51;
	t[4] += t[3] >> 51;
	t[3] &= MASK51;
	t[4] &= MASK51;
	w[0] = t[0] | t[1] << 51;
	w[1] = t[1] >> 13 | t[2] << 38;
	w[2] = t[2] >> 26 | t[3] << 25;
	w[3] = t[3] >> 39 | t[4] << 12;
	for (i = 0; i < 32; i++)
		s[i] = (uint8_t)(w[i / 8] >> (8 * (i % 8)));
}

static void fe_add(fe r, const fe a, const fe b)
{
	int i;

	for (i = 0; i < 5; i++)
		r[i] = a[i] + b[i];
}

/* a - b + 4p, so limbs stay non-negative for inputs below 2^53. */
static void fe_sub(fe r, const fe a, const fe b)
{
	r[0] = a[0] + 0x1fffffffffffb4ull - b[0];
	r[1] = a[1] + 0x1ffffffffffffcull - b[1];
	r[2] = a[2] + 0x1ffffffffffffcull - b[2];
	r[3] = a[3] + 0x1ffffffffffffcull - b[3];
	r[4] = a[4] + 0x1ffffffffffffcull - b[4];
}

/* Reduce five 128-bit column sums to limbs just above 2^51. */
static inline __attribute__((always_inline))
void fe_reduce(fe r, u128 t0, u128 t1, u128 t2, u128 t3, u128 t4)
{
	uint64_t c;

	t1 += (uint64_t)(t0 >> 51);
	t2 += (uint64_t)(t1 >> 51);
	t3 += (uint64_t)(t2 >> 51);
	t4 += (uint64_t)(t3 >> 51);
	c = (uint64_t)(t4 >> 51);
	r[0] = ((uint64_t)t0 & MASK51) + 19 * c;
	r[1] = (uint64_t)t1 & MASK51;
	r[2] = (uint64_t)t2 & MASK51;
	r[3] = (uint64_t)t3 & MASK51;
	r[4] = (uint64_t)t4 & MASK51;
	r[1] += r[0] >> 51;
	r[0] &= MASK51;
}

static void fe_mul(fe r, const fe a, const fe b)
{
	uint64_t b1 = 19 * b[1], b2 = 19 * b[2], b3 = 19 * b[3], b4 = 19 * b[4];
	u128 t0, t1, t2, t3, t4;

	t0 = (u128)a[0] * b[0] + (u128)a[1] * b4 + (u128)a[2] * b3 + (u128)a[3] * b2 +
	     (u128)a[4] * b1;
	t1 = (u128)a[0] * b[1] + (u128)a[1] * b[0] + (u128)a[2] * b4 + (u128)a[3] * b3 +
	     (u128)a[4] * b2;
	t2 = (u128)a[0] * b[2] + (u128)a[1] * b[1] + (u128)a[2] * b[0] + (u128)a[3] * b4 +
	     (u128)a[4] * b3;
	t3 = (u128)a[0] * b[3] + (u128)a[1] * b[2] + (u128)a[2] * b[1] + (u128)a[3] * b[0] +
	     (u128)a[4] * b4;
	t4 = (u128)a[0] * b[4] + (u128)a[1] * b[3] + (u128)a[2] * b[2] + (u128)a[3] * b[1] +
	     (u128)a[4] * b[0];
	fe_reduce(r, t0, t1, t2, t3, t4);
}

static void fe_sqr(fe r, const fe a)
{
	uint64_t a0_2 = 2 * a[0], a1_2 = 2 * a[1], a3_19 = 19 * a[3], a4_19 = 19 * a[4];
	u128 t0, t1, t2, t3, t4;

	t0 = (u128)a[0] * a[0] + (u128)a1_2 * a4_19 + (u128)(2 * a[2]) * a3_19;
	t1 = (u128)a0_2 * a[1] + (u128)(2 * a[2]) * a4_19 + (u128)a[3] * a3_19;
	t2 = (u128)a0_2 * a[2] + (u128)a[1] * a[1] + (u128)(2 * a[3]) * a4_19;
	t3 = (u128)a0_2 * a[3] + (u128)a1_2 * a[2] + (u128)a[4] * a4_19;
	t4 = (u128)a0_2 * a[4] + (u128)a1_2 * a[3] + (u128)a[2] * a[2];
	fe_reduce(r, t0, t1, t2, t3, t4);
}

/* r = a * 121665 ((A - 2) / 4 for Curve25519) */
static void fe_mul_a24(fe r, const fe a)
{
	u128 t[5];
	int i;

	for (i = 0; i < 5; i++)
		t[i] = (u128)a[i] * 121665;
	fe_reduce(r, t[0], t[1], t[2], t[3], t[4]);
}

static void fe_sqr_n(fe r, const fe a, int n)
{
	fe_sqr(r, a);
	while (--n > 0)
		fe_sqr(r, r);
}

/* r = z^(p - 2) = z^(2^255 - 21): 254 squarings and 11 multiplications. */
static void fe_invert(fe r, const fe z)
{
	fe z2, z9, z11, a, b, c;

	fe_sqr(z2, z);
	fe_sqr_n(a, z2, 2);
	fe_mul(z9, a, z);		/* z^9 */
	fe_mul(z11, z9, z2);		/* z^11 */
	fe_sqr(a, z11);
	fe_mul(a, a, z9);		/* z^(2^5 - 1) */
	fe_sqr_n(b, a, 5);
	fe_mul(b, b, a);		/* z^(2^10 - 1) */
	fe_sqr_n(c, b, 10);
	fe_mul(c, c, b);		/* 2^20 - 1 */
	fe_sqr_n(a, c, 20);
	fe_mul(a, a, c);		/* 2^40 - 1 */
	fe_sqr_n(a, a, 10);
	fe_mul(a, a, b);		/* 2^50 - 1 */
	fe_sqr_n(b, a, 50);
	fe_mul(b, b, a);		/* 2^100 - 1 */
	fe_sqr_n(c, b, 100);
	fe_mul(c, c, b);		/* 2^200 - 1 */
	fe_sqr_n(c, c, 50);
	fe_mul(c, c, a);		/* 2^250 - 1 */
	fe_sqr_n(c, c, 5);
	fe_mul(r, c, z11);		/* 2^255 - 32 + 11 */
}

static void fe_cswap(fe a, fe b, uint64_t mask)
{
	int i;

	for (i = 0; i < 5; i++) {
		uint64_t t = mask & (a[i] ^ b[i]);

		a[i] ^= t;
		b[i] ^= t;
	}
}

int mx_x25519(uint8_t out[MX_X25519_LEN], const uint8_t scalar[MX_X25519_LEN],
	      const uint8_t u[MX_X25519_LEN])
{
	static const uint8_t zero[MX_X25519_LEN];
	uint8_t k[32];
	fe x1, x2, z2, x3, z3, a, aa, b, bb, e, c, d, da, cb;
	uint64_t swap = 0;
	int t, ret;

	memcpy(k, scalar, sizeof(k));
	k[0] &= 248;
	k[31] &= 127;
	k[31] |= 64;
	fe_load(x1, u);
	memset(x2, 0, sizeof(x2));
	x2[0] = 1;
	memset(z2, 0, sizeof(z2));
	memcpy(x3, x1, sizeof(x3));
	memset(z3, 0, sizeof(z3));
	z3[0] = 1;

	for (t = 254; t >= 0; t--) {
		uint64_t bit = (k[t / 8] >> (t % 8)) & 1;

		swap ^= bit;
		fe_cswap(x2, x3, 0 - swap);
		fe_cswap(z2, z3, 0 - swap);
		swap = bit;

		fe_add(a, x2, z2);
		fe_sqr(aa, a);
		fe_sub(b, x2, z2);
		fe_sqr(bb, b);
		fe_sub(e, aa, bb);
		fe_add(c, x3, z3);
		fe_sub(d, x3, z3);
		fe_mul(da, d, a);
		fe_mul(cb, c, b);
		fe_add(x3, da, cb);
		fe_sqr(x3, x3);
		fe_sub(z3, da, cb);
		fe_sqr(z3, z3);
		fe_mul(z3, z3, x1);
		fe_mul(x2, aa, bb);
		fe_mul_a24(z2, e);
		fe_add(z2, z2, aa);
		fe_mul(z2, z2, e);
	}
	fe_cswap(x2, x3, 0 - swap);
	fe_cswap(z2, z3, 0 - swap);

	fe_invert(z2, z2);
	fe_mul(x2, x2, z2);
	fe_store(out, x2);

	ret = mx_ct_memeq(out, zero, MX_X25519_LEN);
	mx_ct_declassify(&ret, sizeof(ret));	/* the caller aborts on it */
	ret = ret ? -EBADMSG : 0;
	mx_zeroize(k, sizeof(k));
	mx_zeroize(x2, sizeof(x2));
	mx_zeroize(z2, sizeof(z2));
	mx_zeroize(x3, sizeof(x3));
	mx_zeroize(z3, sizeof(z3));
	mx_zeroize(a, sizeof(a));
	mx_zeroize(aa, sizeof(aa));
	mx_zeroize(b, sizeof(b));
	mx_zeroize(bb, sizeof(bb));
	mx_zeroize(e, sizeof(e));
	mx_zeroize(da, sizeof(da));
	mx_zeroize(cb, sizeof(cb));
	return ret;
}

void mx_x25519_public(uint8_t pub[MX_X25519_LEN], const uint8_t priv[MX_X25519_LEN])
{
	static const uint8_t nine[MX_X25519_LEN] = { 9 };

	mx_x25519(pub, priv, nine);
}

int mx_x25519_keygen(uint8_t priv[MX_X25519_LEN], uint8_t pub[MX_X25519_LEN])
{
	int ret = mx_random_bytes(priv, MX_X25519_LEN);

	if (ret == 0)
		mx_x25519_public(pub, priv);
	return ret;
}
