// SPDX-License-Identifier: GPL-2.0
/*
 * Fixed-size big-integer primitives. Loops run over the public lengths
 * only; carries and comparisons are computed arithmetically.
 */
#include <errno.h>

#include "core/ct.h"
#include "crypto/bn.h"

int mx_bn_from_be(mx_limb *r, size_t n, const uint8_t *in, size_t len)
{
	uint8_t over = 0;
	size_t i;

	mx_bn_zero(r, n);
	for (i = 0; i < len; i++) {
		size_t pos = len - 1 - i;	/* byte weight 256^i */

		if (i / 8 < n)
			r[i / 8] |= (mx_limb)in[pos] << (8 * (i % 8));
		else
			over |= in[pos];
	}
	return over ? -ERANGE : 0;
}

void mx_bn_to_be(uint8_t *out, size_t len, const mx_limb *a, size_t n)
{
	size_t i;

	for (i = 0; i < len; i++) {
		size_t pos = len - 1 - i;

		out[pos] = i / 8 < n ? (uint8_t)(a[i / 8] >> (8 * (i % 8))) : 0;
	}
}

mx_limb mx_bn_add(mx_limb *r, const mx_limb *a, const mx_limb *b, size_t n)
{
	mx_limb c = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		mx_dlimb t = (mx_dlimb)a[i] + b[i] + c;

		r[i] = (mx_limb)t;
		c = (mx_limb)(t >> 64);
	}
	return c;
}

mx_limb mx_bn_sub(mx_limb *r, const mx_limb *a, const mx_limb *b, size_t n)
{
	mx_limb c = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		mx_dlimb t = (mx_dlimb)a[i] - b[i] - c;

		r[i] = (mx_limb)t;
		c = (mx_limb)(t >> 64) & 1;
	}
	return c;
}

void mx_bn_add_mod(mx_limb *r, const mx_limb *a, const mx_limb *b, const mx_limb *m, size_t n)
{
	mx_limb t[MX_BN_MAX_LIMBS];
	mx_limb c = mx_bn_add(r, a, b, n);
	mx_limb bw = mx_bn_sub(t, r, m, n);

	/* Keep a + b - m unless the sum had no carry and was below m. */
	mx_bn_cmov(mx_ct_is_zero(bw & ~c), r, t, n);
}

void mx_bn_sub_mod(mx_limb *r, const mx_limb *a, const mx_limb *b, const mx_limb *m, size_t n)
{
	mx_limb t[MX_BN_MAX_LIMBS];
	mx_limb bw = mx_bn_sub(r, a, b, n);

	mx_bn_add(t, r, m, n);
	mx_bn_cmov(0 - bw, r, t, n);
}

uint64_t mx_bn_is_zero(const mx_limb *a, size_t n)
{
	mx_limb d = 0;
	size_t i;

	for (i = 0; i < n; i++)
		d |= a[i];
	return mx_ct_is_zero(d);
}

uint64_t mx_bn_eq(const mx_limb *a, const mx_limb *b, size_t n)
{
	mx_limb d = 0;
	size_t i;

	for (i = 0; i < n; i++)
		d |= a[i] ^ b[i];
	return mx_ct_is_zero(d);
}

uint64_t mx_bn_lt(const mx_limb *a, const mx_limb *b, size_t n)
{
	mx_limb c = 0;
	size_t i;

	/* The borrow out of a - b. */
	for (i = 0; i < n; i++) {
		mx_dlimb t = (mx_dlimb)a[i] - b[i] - c;

		c = (mx_limb)(t >> 64) & 1;
	}
	return 0 - c;
}

uint64_t mx_bn_lt_word(const mx_limb *a, size_t n, mx_limb w)
{
	mx_limb hi = 0;
	size_t i;

	for (i = 1; i < n; i++)
		hi |= a[i];
	return mx_ct_is_zero(hi) & mx_ct_lt(a[0], w);
}

void mx_bn_cmov(uint64_t mask, mx_limb *r, const mx_limb *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		r[i] = mx_ct_select(mask, a[i], r[i]);
}

void mx_bn_cswap(uint64_t mask, mx_limb *a, mx_limb *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		mx_limb t = mask & (a[i] ^ b[i]);

		a[i] ^= t;
		b[i] ^= t;
	}
}

void mx_bn_mul_word(mx_limb *r, const mx_limb *a, size_t n, mx_limb w)
{
	mx_limb c = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		mx_dlimb t = (mx_dlimb)a[i] * w + c;

		r[i] = (mx_limb)t;
		c = (mx_limb)(t >> 64);
	}
	r[n] = c;
}

void mx_bn_mul(mx_limb *r, const mx_limb *a, size_t na, const mx_limb *b, size_t nb)
{
	size_t i, j;

	mx_bn_zero(r, na + nb);
	for (i = 0; i < nb; i++) {
		mx_limb c = 0;

		for (j = 0; j < na; j++) {
			mx_dlimb t = (mx_dlimb)a[j] * b[i] + r[i + j] + c;

			r[i + j] = (mx_limb)t;
			c = (mx_limb)(t >> 64);
		}
		r[i + na] = c;
	}
}

void mx_bn_shr1(mx_limb *a, size_t n, mx_limb top)
{
	size_t i;

	for (i = 0; i + 1 < n; i++)
		a[i] = (a[i] >> 1) | (a[i + 1] << 63);
	a[n - 1] = (a[n - 1] >> 1) | (top << 63);
}

size_t mx_bn_bits_pub(const mx_limb *a, size_t n)
{
	size_t i = n;

	while (i > 0 && a[i - 1] == 0)
		i--;
	if (i == 0)
		return 0;
	return (i - 1) * MX_LIMB_BITS + (MX_LIMB_BITS - (size_t)__builtin_clzll(a[i - 1]));
}
