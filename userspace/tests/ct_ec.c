// SPDX-License-Identifier: GPL-2.0
/*
 * Constant time of the NIST curves under valgrind, with the scalar
 * secret: variable-base multiplication (ECDH), fixed-base multiplication
 * (key generation), ECDSA signing (private key and nonce), on P-256 and
 * P-384; scalars 1, 2, n - 1 and random ones, so that the recoding and
 * the final complete addition see their edge cases. Each on the portable
 * field code and on P-256's MULX/ADX field code (CT_PATHS: valgrind runs
 * the instructions but hides them from CPUID, so the test claims them).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "crypto/ec_impl.h"
#include "ct_check.h"

static void scalar_multiplication(void **state)
{
	static const enum mx_ec_curve_id ids[] = { MX_EC_P256, MX_EC_P384 };
	size_t ci;
	int which;

	for (ci = 0; ci < 2; ci++) {
		const struct mx_ec_curve *c = mx_ec_curve(ids[ci]);
		const size_t n = c->n;

		for (which = 0; which < 4; which++) {
			struct mx_ec_key key, peer;
			struct ec_aff r1, r2;
			uint8_t z1[48], z2[48], d[48];
			mx_limb k[EC_MAX_LIMBS];

			assert_int_equal(mx_ec_keygen(&peer, c), 0);
			memset(d, 0, sizeof(d));
			if (which < 2) {
				d[c->bytes - 1] = (uint8_t)(which + 1);
			} else if (which == 2) {
				mx_limb t[EC_MAX_LIMBS] = { 1 };

				mx_bn_sub(k, c->order, t, n);	/* n - 1 */
				mx_bn_to_be(d, c->bytes, k, n);
			} else {
				mx_ec_key_private_bytes(&peer, d);
			}
			assert_int_equal(mx_ec_key_from_private(&key, c, d, c->bytes), 0);
			assert_int_equal(mx_ecdh_derive(&key, mx_ec_key_public(&peer),
							mx_ec_point_len(c), z1), 0);
			mx_bn_copy(k, key.d, n);
			{
				CT_BEGIN();

				SECRET(key.d, sizeof(key.d));
				SECRET(k, sizeof(k));
				assert_int_equal(mx_ecdh_derive(&key, mx_ec_key_public(&peer),
								mx_ec_point_len(c), z2), 0);
				c->mul_base(c, &r1, k);
				c->mul(c, &r2, c->g, k);
				CT_END("scalar multiplication");
			}
			PUBLIC(z2, sizeof(z2));
			PUBLIC(&r1, sizeof(r1));
			PUBLIC(&r2, sizeof(r2));
			assert_memory_equal(z1, z2, c->bytes);
			assert_memory_equal(r1.x, r2.x, n * sizeof(mx_limb));
			assert_memory_equal(r1.y, r2.y, n * sizeof(mx_limb));
			assert_memory_equal(r1.x, key.qx, n * sizeof(mx_limb));
		}
	}
}

static void ecdsa_signing(void **state)
{
	static const enum mx_ec_curve_id ids[] = { MX_EC_P256, MX_EC_P384 };
	size_t ci;

	for (ci = 0; ci < 2; ci++) {
		const struct mx_ec_curve *c = mx_ec_curve(ids[ci]);
		uint8_t d[48] = { 1, 2, 3 }, sig[MX_ECDSA_MAX_SIG];
		size_t sl = sizeof(sig);
		struct mx_ec_key key;

		assert_int_equal(mx_ec_keygen(&key, c), 0);
		{
			CT_BEGIN();

			SECRET(key.d, sizeof(key.d));
			assert_int_equal(mx_ecdsa_sign(&key, MX_HASH_SHA256, d, 32, sig, &sl), 0);
			CT_END("ECDSA signing");
		}
		PUBLIC(key.d, sizeof(key.d));
		assert_int_equal(mx_ecdsa_verify(&key, d, 32, sig, sl), 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		CT_PATHS(scalar_multiplication),
		CT_PATHS(ecdsa_signing),
	};

	return cmocka_run_group_tests_name("ct_ec", tests, ct_setup, NULL);
}
