// SPDX-License-Identifier: GPL-2.0
/*
 * Constant time of X25519 under valgrind: the ladder with the scalar
 * secret, for the base point and a peer's point, and for a small-order
 * point whose all-zero result is the only thing made public; on the
 * portable and on the MULX/ADX field code (CT_PATHS).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "crypto/x25519.h"
#include "ct_check.h"

static void ladder(void **state)
{
	uint8_t a[32], b[32], pa[32], pb[32], s1[32], s2[32], zero[32] = { 0 };
	int rc;

	assert_int_equal(mx_x25519_keygen(a, pa), 0);
	assert_int_equal(mx_x25519_keygen(b, pb), 0);
	assert_int_equal(mx_x25519(s1, b, pa), 0);
	{
		CT_BEGIN();

		SECRET(a, sizeof(a));
		mx_x25519_public(pa, a);
		assert_int_equal(mx_x25519(s2, a, pb), 0);
		rc = mx_x25519(s1 + 0, a, zero);
		CT_END("X25519");
	}
	assert_int_equal(rc, -EBADMSG);
	PUBLIC(pa, sizeof(pa));
	assert_int_equal(mx_x25519(s1, b, pa), 0);
	PUBLIC(s2, sizeof(s2));
	assert_memory_equal(s1, s2, 32);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		CT_PATHS(ladder),
	};

	return cmocka_run_group_tests_name("ct_x25519", tests, ct_setup, NULL);
}
