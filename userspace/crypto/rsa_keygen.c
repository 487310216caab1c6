// SPDX-License-Identifier: GPL-2.0
/*
 * RSA key generation: two random primes of half the size with
 * gcd(p - 1, e) = 1, d = e^-1 mod (p - 1)(q - 1), CRT exponents, q^-1 mod p.
 */
#include <errno.h>

#include "core/ct.h"
#include "crypto/bn_arith.h"
#include "crypto/rsa_impl.h"

/*
 * r = e^-1 mod x for an even x (n limbs) coprime to the word e:
 * with u = x^-1 mod e, (1 + (e - u) x) is a multiple of e, and the
 * quotient is the inverse. r has n limbs.
 */
static int inv_mod_even(mx_limb *r, const mx_limb *x, size_t n, mx_limb e)
{
	mx_limb t[MX_BN_MAX_LIMBS + 1], q[MX_BN_MAX_LIMBS + 1], one[MX_BN_MAX_LIMBS + 1];
	mx_limb u = mx_bn_mod_word(x, n, e);
	int ret = mx_bn_modinv(&u, &u, &e, 1, MX_LIMB_BITS);

	if (ret)
		return ret;
	mx_bn_mul_word(t, x, n, e - u);
	mx_bn_zero(one, n + 1);
	one[0] = 1;
	mx_bn_add(t, t, one, n + 1);
	mx_bn_divexact_word(q, t, n + 1, e);
	mx_bn_copy(r, q, n);
	mx_zeroize(t, sizeof(t));
	mx_zeroize(q, sizeof(q));
	return 0;
}

int mx_rsa_keygen(struct mx_rsa_key **out, unsigned int bits, uint32_t e)
{
	const size_t half = bits / 2, pn = MX_BN_LIMBS(half), nn = MX_BN_LIMBS(bits);
	mx_limb p[MX_BN_MAX_LIMBS], q[MX_BN_MAX_LIMBS], n[MX_BN_MAX_LIMBS];
	mx_limb pm1[MX_BN_MAX_LIMBS], qm1[MX_BN_MAX_LIMBS], phi[MX_BN_MAX_LIMBS];
	mx_limb d[MX_BN_MAX_LIMBS], dp[MX_BN_MAX_LIMBS], dq[MX_BN_MAX_LIMBS];
	mx_limb qinv[MX_BN_MAX_LIMBS], diff[MX_BN_MAX_LIMBS], el = e;
	int ret;

	*out = NULL;
	if (bits % 2 || bits < MX_RSA_MIN_BITS || bits > MX_RSA_MAX_BITS || !(e & 1) || e < 3 ||
	    e >= 1u << 31)
		return -EINVAL;
	mx_bn_zero(n, MX_BN_MAX_LIMBS);
	mx_bn_zero(d, MX_BN_MAX_LIMBS);
	for (;;) {
		uint64_t swap;

		ret = mx_bn_gen_prime(p, half, e);
		if (ret == 0)
			ret = mx_bn_gen_prime(q, half, e);
		if (ret)
			goto out;
		/* p > q, and |p - q| > 2^(half - 100) (FIPS 186-4, B.3.1) */
		swap = mx_bn_lt(p, q, pn);
		mx_bn_cswap(swap, p, q, pn);
		mx_bn_sub(diff, p, q, pn);
		if (mx_bn_bits_pub(diff, pn) > half - 100)
			break;
	}
	mx_bn_mul(n, p, pn, q, pn);
	mx_bn_copy(pm1, p, pn);
	mx_bn_copy(qm1, q, pn);
	pm1[0] ^= 1;
	qm1[0] ^= 1;
	mx_bn_mul(phi, pm1, pn, qm1, pn);

	ret = inv_mod_even(d, phi, nn, e);
	if (ret == 0)
		ret = inv_mod_even(dp, pm1, pn, e);
	if (ret == 0)
		ret = inv_mod_even(dq, qm1, pn, e);
	if (ret == 0)
		ret = mx_bn_modinv(qinv, q, p, pn, half);
	if (ret == 0)
		ret = mx_rsa_key_alloc(out, n, nn, &el, 1);
	if (ret == 0)
		ret = mx_rsa_key_set_private(*out, p, pn, q, pn, d, dp, dq, qinv);
	if (ret) {
		mx_rsa_key_free(*out);
		*out = NULL;
	}
out:
	mx_zeroize(p, sizeof(p));
	mx_zeroize(q, sizeof(q));
	mx_zeroize(pm1, sizeof(pm1));
	mx_zeroize(qm1, sizeof(qm1));
	mx_zeroize(phi, sizeof(phi));
	mx_zeroize(d, sizeof(d));
	mx_zeroize(dp, sizeof(dp));
	mx_zeroize(dq, sizeof(dq));
	mx_zeroize(qinv, sizeof(qinv));
	mx_zeroize(diff, sizeof(diff));
	return ret;
}
