// SPDX-License-Identifier: GPL-2.0
/*
 * Modular inverse, exact division, small remainders, Miller-Rabin and
 * prime generation, all with masked arithmetic over public lengths.
 */
#include <errno.h>
#include <stdlib.h>

#include "core/ct.h"
#include "crypto/bn_arith.h"
#include "crypto/random.h"

int mx_bn_modinv(mx_limb *r, const mx_limb *x, const mx_limb *m, size_t n, size_t mbits)
{
	mx_limb a[MX_BN_MAX_LIMBS], b[MX_BN_MAX_LIMBS], u[MX_BN_MAX_LIMBS];
	mx_limb v[MX_BN_MAX_LIMBS], t[MX_BN_MAX_LIMBS], half[MX_BN_MAX_LIMBS];
	uint64_t ok;
	size_t i;

	/*
	 * Invariants: a = u x and b = v x (mod m), b odd. Each step makes a
	 * even (subtracting b when a is odd, after swapping so that a >= b)
	 * and halves it; 2 mbits steps bring a to 0 and b to gcd(x, m).
	 */
	mx_bn_copy(a, x, n);
	mx_bn_copy(b, m, n);
	mx_bn_zero(u, n);
	mx_bn_zero(v, n);
	u[0] = 1;
	/* (m + 1) / 2, added after halving an odd u: u / 2 mod m */
	mx_bn_copy(half, m, n);
	mx_bn_shr1(half, n, 0);
	mx_bn_add(half, half, u, n);

	for (i = 0; i < 2 * mbits; i++) {
		uint64_t odd = 0 - (a[0] & 1);
		uint64_t swap = odd & mx_bn_lt(a, b, n);

		mx_bn_cswap(swap, a, b, n);
		mx_bn_cswap(swap, u, v, n);
		mx_bn_sub(t, a, b, n);
		mx_bn_cmov(odd, a, t, n);
		mx_bn_sub_mod(t, u, v, m, n);
		mx_bn_cmov(odd, u, t, n);
		mx_bn_shr1(a, n, 0);
		odd = 0 - (u[0] & 1);
		mx_bn_shr1(u, n, 0);
		mx_bn_add(t, u, half, n);
		mx_bn_cmov(odd, u, t, n);
	}
	mx_bn_zero(t, n);
	t[0] = 1;
	ok = mx_bn_eq(b, t, n);
	for (i = 0; i < n; i++)
		r[i] = v[i] & ok;
	mx_ct_declassify(&ok, sizeof(ok));	/* invertibility is the result */
	mx_zeroize(a, sizeof(a));
	mx_zeroize(b, sizeof(b));
	mx_zeroize(u, sizeof(u));
	mx_zeroize(v, sizeof(v));
	mx_zeroize(t, sizeof(t));
	return ok ? 0 : -EINVAL;
}

void mx_bn_divexact_word(mx_limb *r, const mx_limb *x, size_t n, mx_limb d)
{
	mx_limb inv = d, borrow = 0;
	size_t i;

	/* d^-1 mod 2^64 by Newton's iteration; then each quotient word is
	 * the current low word times d^-1, and q d's high word is borrowed
	 * from the next word.
	 */
	for (i = 0; i < 5; i++)
		inv *= 2 - d * inv;
	for (i = 0; i < n; i++) {
		mx_limb s = x[i] - borrow;
		mx_limb b1 = x[i] < borrow;
		mx_limb q = s * inv;

		r[i] = q;
		borrow = (mx_limb)(((mx_dlimb)q * d) >> 64) + b1;
	}
}

mx_limb mx_bn_mod_word(const mx_limb *x, size_t n, mx_limb d)
{
	mx_limb mu = (mx_limb)(((mx_dlimb)1 << 64) / d);	/* public d */
	mx_limb acc = 0;
	size_t i;

	for (i = 2 * n; i-- > 0;) {
		mx_limb q, rem;

		acc = acc << 32 | ((x[i / 2] >> (32 * (i % 2))) & 0xffffffff);
		/* acc < 2^63: q undershoots by at most one, so rem < 2d */
		q = (mx_limb)(((mx_dlimb)acc * mu) >> 64);
		rem = acc - q * d;
		acc = mx_ct_select(mx_ct_lt(rem, d), rem, rem - d);
	}
	return acc;
}

/* A base in [2, m - 2], from 64 more random bits than m has. */
static int random_base(const struct mx_mont *mc, mx_limb *b, const mx_limb *mm1)
{
	mx_limb raw[MX_BN_MAX_LIMBS + 1];
	int ret;

	do {
		ret = mx_random_bytes(raw, (mc->n + 1) * sizeof(mx_limb));
		if (ret)
			return ret;
		mx_mont_reduce(mc, b, raw, mc->n + 1);
	} while (mx_bn_lt_word(b, mc->n, 2) | mx_bn_eq(b, mm1, mc->n));
	return 0;
}

int mx_bn_is_probable_prime(const struct mx_mont *mc, int rounds)
{
	const size_t n = mc->n, mbits = mc->bits;
	mx_limb d[MX_BN_MAX_LIMBS], mm1[MX_BN_MAX_LIMBS], y[MX_BN_MAX_LIMBS];
	mx_limb mm1_m[MX_BN_MAX_LIMBS], b[MX_BN_MAX_LIMBS], t[MX_BN_MAX_LIMBS];
	uint64_t composite = 0, seen_one = 0;
	size_t s = 0, i, k;
	int ret = 0, r;

	if (mbits < 3)
		return mbits == 2;	/* 3 is the only odd prime below 4 */
	mx_bn_copy(mm1, mc->m, n);
	mm1[0] ^= 1;
	mx_mont_to(mc, mm1_m, mm1);

	/* m - 1 = 2^s d with d odd: s counted and d shifted by masks */
	for (i = 0; i < mbits; i++) {
		seen_one |= 0 - mx_bn_bit(mm1, i);
		s += 1 & ~seen_one;
	}
	mx_bn_copy(d, mm1, n);
	for (k = 0; ((size_t)1 << k) < mbits; k++) {
		size_t w = ((size_t)1 << k) / MX_LIMB_BITS, sh = ((size_t)1 << k) % MX_LIMB_BITS;

		for (i = 0; i < n; i++) {
			mx_limb lo = i + w < n ? d[i + w] >> sh : 0;
			mx_limb hi = sh && i + w + 1 < n ? d[i + w + 1] << (MX_LIMB_BITS - sh) : 0;

			t[i] = lo | hi;
		}
		mx_bn_cmov(0 - ((s >> k) & 1), d, t, n);
	}

	for (r = 0; r < rounds; r++) {
		uint64_t pass;

		ret = random_base(mc, b, mm1);
		if (ret)
			break;
		ret = mx_mont_exp(mc, y, b, d, mbits);
		if (ret)
			break;
		mx_mont_to(mc, y, y);
		pass = mx_bn_eq(y, mc->one, n) | mx_bn_eq(y, mm1_m, n);
		/* y^(2^j) = m - 1 for some 0 < j < s; s is secret, so square
		 * mbits times and count only the first s - 1.
		 */
		for (i = 1; i < mbits; i++) {
			mx_mont_sqr(mc, y, y);
			pass |= mx_ct_lt(i, s) & mx_bn_eq(y, mm1_m, n);
		}
		composite |= ~pass;
	}
	mx_zeroize(d, sizeof(d));
	mx_zeroize(mm1, sizeof(mm1));
	mx_zeroize(mm1_m, sizeof(mm1_m));
	mx_zeroize(y, sizeof(y));
	mx_zeroize(b, sizeof(b));
	mx_zeroize(t, sizeof(t));
	if (ret)
		return ret;
	mx_ct_declassify(&composite, sizeof(composite));
	return composite ? 0 : 1;
}

/* Odd primes below 2048, for trial division of candidates. */
static size_t small_primes(uint16_t *out, size_t max)
{
	uint8_t sieve[2048] = { 0 };
	size_t i, j, cnt = 0;

	for (i = 3; i < sizeof(sieve) && cnt < max; i += 2) {
		if (sieve[i])
			continue;
		out[cnt++] = (uint16_t)i;
		for (j = i * i; j < sizeof(sieve); j += 2 * i)
			sieve[j] = 1;
	}
	return cnt;
}

int mx_bn_gen_prime(mx_limb *p, size_t bits, mx_limb e)
{
	const size_t n = MX_BN_LIMBS(bits);
	uint16_t primes[320];
	size_t np = small_primes(primes, 320), i;
	mx_limb g;
	int ret, rounds = bits >= 1024 ? 5 : bits >= 512 ? 8 : 20;

	if (bits < 64 || bits > MX_BN_MAX_BITS || !(e & 1) || e < 3)
		return -EINVAL;
	for (;;) {
		struct mx_mont *mc;
		size_t top = (bits - 1) % MX_LIMB_BITS;
		int found;

		ret = mx_random_bytes(p, n * sizeof(mx_limb));
		if (ret)
			return ret;
		if (top < MX_LIMB_BITS - 1)
			p[n - 1] &= ((mx_limb)1 << (top + 1)) - 1;
		p[n - 1] |= (mx_limb)1 << top;
		p[(bits - 2) / MX_LIMB_BITS] |= (mx_limb)1 << ((bits - 2) % MX_LIMB_BITS);
		p[0] |= 1;

		/* Rejected candidates are discarded, so their branches tell nothing. */
		for (i = 0; i < np; i++)
			if (mx_bn_mod_word(p, n, primes[i]) == 0)
				break;
		if (i < np)
			continue;
		/* gcd(p - 1, e) = 1 */
		g = mx_bn_mod_word(p, n, e);
		g = mx_ct_select(mx_ct_is_zero(g), e - 1, g - 1);
		if (mx_bn_modinv(&g, &g, &e, 1, MX_LIMB_BITS) != 0)
			continue;

		ret = mx_mont_new_limbs(&mc, p, n);
		if (ret)
			return ret;
		found = mx_bn_is_probable_prime(mc, rounds);
		mx_mont_free(mc);
		if (found < 0)
			return found;
		if (found)
			return 0;
	}
}
