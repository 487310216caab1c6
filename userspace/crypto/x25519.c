// SPDX-License-Identifier: GPL-2.0
/*
 * X25519: the Montgomery ladder of RFC 7748, section 5, with a masked
 * swap each step (x25519_ladder.h), over one of two field codes chosen
 * per call: radix 2^51 in portable C (five 64-bit limbs, 128-bit
 * products), or radix 2^64 with MULX/ADX on x86-64 CPUs that have them
 * (x25519_field_adx.h).
 */
#include <errno.h>
#include <string.h>

#include "core/ct.h"
#include "crypto/cpu.h"
#include "crypto/random.h"
#include "crypto/x25519.h"
#if defined(__x86_64__)
#include "crypto/x25519_field_adx.h"
#endif

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

/* r = a * 121665 + b */
static void fe_mul_a24_add(fe r, const fe a, const fe b)
{
	fe_mul_a24(r, a);
	fe_add(r, r, b);
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

/* The portable instance of the ladder, over radix 2^51. */
#define LD_FE		fe
#define LD_(name)	ld51_##name
#define LD_LOAD		fe_load
#define LD_STORE	fe_store
#define LD_ADD		fe_add
#define LD_SUB		fe_sub
#define LD_MUL		fe_mul
#define LD_SQR		fe_sqr
#define LD_A24_ADD	fe_mul_a24_add
#define LD_CSWAP	fe_cswap
#include "crypto/x25519_ladder.h"
#undef LD_FE
#undef LD_
#undef LD_LOAD
#undef LD_STORE
#undef LD_ADD
#undef LD_SUB
#undef LD_MUL
#undef LD_SQR
#undef LD_A24_ADD
#undef LD_CSWAP

#if defined(__x86_64__)
/* The MULX/ADX instance, over radix 2^64. */
#define LD_FE		fe64
#define LD_(name)	ld64_##name
#define LD_LOAD		fe64_load
#define LD_STORE	fe64_store
#define LD_ADD		fe64_add
#define LD_SUB		fe64_sub
#define LD_MUL		fe64_mul
#define LD_SQR		fe64_sqr
#define LD_A24_ADD	fe64_mul_a24_add
#define LD_CSWAP	fe64_cswap
#include "crypto/x25519_ladder.h"
#endif

int mx_x25519(uint8_t out[MX_X25519_LEN], const uint8_t scalar[MX_X25519_LEN],
	      const uint8_t u[MX_X25519_LEN])
{
	static const uint8_t zero[MX_X25519_LEN];
	uint8_t k[32];
	int ret;

	memcpy(k, scalar, sizeof(k));
	k[0] &= 248;
	k[31] &= 127;
	k[31] |= 64;
#if defined(__x86_64__)
	if (mx_cpu_has(MX_CPU_BMI2 | MX_CPU_ADX))
		ld64_ladder(out, k, u);
	else
#endif
		ld51_ladder(out, k, u);

	ret = mx_ct_memeq(out, zero, MX_X25519_LEN);
	mx_ct_declassify(&ret, sizeof(ret));	/* the caller aborts on it */
	ret = ret ? -EBADMSG : 0;
	mx_zeroize(k, sizeof(k));
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
