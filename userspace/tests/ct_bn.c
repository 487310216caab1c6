// SPDX-License-Identifier: GPL-2.0
/*
 * Constant time of the bignum under valgrind: modular exponentiation
 * (single and paired) with the base, the exponent and the modulus secret,
 * as an RSA prime is; the inverse and the reduction; a DH derivation with
 * the private exponent secret. Valgrind reports no AVX-512, so this is
 * the portable path; the IFMA one has no branch at all and reads its
 * window table in full.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "crypto/bn_arith.h"
#include "crypto/dh.h"
#include "crypto/mont.h"
#include "crypto/random.h"
#include "ct_check.h"

/* The secret parts of a Montgomery context: all but its sizes. */
static void secret_mont(struct mx_mont *mc)
{
	SECRET(mc->m, mc->n * sizeof(mx_limb));
	SECRET(mc->rr, mc->n * sizeof(mx_limb));
	SECRET(mc->one, mc->n * sizeof(mx_limb));
	SECRET(&mc->m0inv, sizeof(mc->m0inv));
}

static void public_mont(struct mx_mont *mc)
{
	PUBLIC(mc->m, mc->n * sizeof(mx_limb));
	PUBLIC(mc->rr, mc->n * sizeof(mx_limb));
	PUBLIC(mc->one, mc->n * sizeof(mx_limb));
	PUBLIC(&mc->m0inv, sizeof(mc->m0inv));
}

static struct mx_mont *random_mont(size_t bits)
{
	mx_limb m[MX_BN_MAX_LIMBS];
	struct mx_mont *mc;
	size_t n = MX_BN_LIMBS(bits);

	assert_int_equal(mx_random_bytes(m, n * sizeof(mx_limb)), 0);
	m[0] |= 1;
	m[n - 1] |= (mx_limb)1 << ((bits - 1) % 64);
	assert_int_equal(mx_mont_new_limbs(&mc, m, n), 0);
	return mc;
}

static void modexp(void **state)
{
	static const size_t sizes[] = { 256, 1024, 2048 };
	size_t si;

	for (si = 0; si < sizeof(sizes) / sizeof(sizes[0]); si++) {
		const size_t bits = sizes[si], ebits = bits + 64;
		struct mx_mont *mc = random_mont(bits), *mc2 = random_mont(bits);
		mx_limb a[MX_BN_MAX_LIMBS], e[MX_BN_MAX_LIMBS + 1], r[MX_BN_MAX_LIMBS];
		mx_limb want[MX_BN_MAX_LIMBS], r2[MX_BN_MAX_LIMBS], x[2 * MX_BN_MAX_LIMBS];

		assert_int_equal(mx_random_bytes(e, sizeof(e)), 0);
		assert_int_equal(mx_random_bytes(x, sizeof(x)), 0);
		mx_mont_reduce(mc, a, x, mc->n);
		mx_mont_exp_pub(mc, want, a, e, MX_BN_LIMBS(ebits));
		{
			CT_BEGIN();

			secret_mont(mc);
			SECRET(a, sizeof(a));
			SECRET(e, sizeof(e));
			SECRET(x, sizeof(x));
			assert_int_equal(mx_mont_exp(mc, r, a, e, ebits), 0);
			assert_int_equal(mx_mont_exp2(mc, r, a, e, mc2, r2, a, e, ebits), 0);
			mx_mont_reduce(mc, r2, x, 2 * mc->n);
			CT_END("modular exponentiation and reduction");
		}
		PUBLIC(r, sizeof(r));
		PUBLIC(a, sizeof(a));
		PUBLIC(e, sizeof(e));
		public_mont(mc);
		assert_memory_equal(r, want, mc->n * sizeof(mx_limb));
		mx_mont_free(mc);
		mx_mont_free(mc2);
	}
}

static void inverse(void **state)
{
	struct mx_mont *mc = random_mont(256);
	mx_limb x[4], inv[4], check[4], one[4] = { 1, 0, 0, 0 };

	assert_int_equal(mx_random_bytes(x, sizeof(x)), 0);
	x[3] >>= 1;
	{
		int ret;

		CT_BEGIN();

		secret_mont(mc);
		SECRET(x, sizeof(x));
		ret = mx_bn_modinv(inv, x, mc->m, mc->n, mc->bits);
		CT_END("modular inverse");
		public_mont(mc);
		PUBLIC(inv, sizeof(inv));
		PUBLIC(x, sizeof(x));
		if (ret == 0) {
			/* x x^-1 = 1: via Montgomery, (x R)(x^-1) / R */
			mx_mont_to(mc, check, x);
			mx_mont_mul(mc, check, check, inv);
			assert_memory_equal(check, one, sizeof(one));
		}
	}
	mx_mont_free(mc);
}

static void dh_derive(void **state)
{
	struct mx_dh_params *dp;
	uint8_t priv[MX_DH_MAX_BYTES], pub[MX_DH_MAX_BYTES], z[MX_DH_MAX_BYTES];
	uint8_t z2[MX_DH_MAX_BYTES];
	size_t pl = sizeof(priv), size;

	assert_int_equal(mx_dh_params_group(&dp, MX_DH_FFDHE2048), 0);
	size = mx_dh_size(dp);
	assert_int_equal(mx_dh_keygen(dp, priv, &pl, pub), 0);
	assert_int_equal(mx_dh_derive(dp, priv, pl, pub, size, z), 0);
	{
		CT_BEGIN();

		SECRET(priv, pl);
		assert_int_equal(mx_dh_derive(dp, priv, pl, pub, size, z2), 0);
		CT_END("DH derivation");
	}
	PUBLIC(z2, size);
	assert_memory_equal(z, z2, size);
	mx_dh_params_free(dp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		CT_PATHS(modexp),
		CT_PATHS(inverse),
		CT_PATHS(dh_derive),
	};

	return cmocka_run_group_tests_name("ct_bn", tests, ct_setup, NULL);
}
