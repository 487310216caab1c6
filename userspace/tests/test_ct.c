// SPDX-License-Identifier: GPL-2.0
/*
 * Constant-time helpers: every comparison against its plain C meaning on
 * edge values, memeq on every differing position, conditional copy.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/ct.h"

static const uint64_t edge[] = {
	0, 1, 2, 0x7f, 0x80, 0xff, 0x7fffffffffffffffull, 0x8000000000000000ull,
	0x8000000000000001ull, 0xfffffffffffffffeull, 0xffffffffffffffffull,
};
#define N_EDGE (sizeof(edge) / sizeof(edge[0]))

static void masks_match_c_operators(void **state)
{
	size_t i, j;

	for (i = 0; i < N_EDGE; i++) {
		assert_true(mx_ct_is_zero(edge[i]) == (edge[i] == 0 ? ~0ull : 0));
		for (j = 0; j < N_EDGE; j++) {
			uint64_t a = edge[i], b = edge[j];

			assert_true(mx_ct_eq(a, b) == (a == b ? ~0ull : 0));
			assert_true(mx_ct_lt(a, b) == (a < b ? ~0ull : 0));
			assert_true(mx_ct_select(mx_ct_lt(a, b), a, b) == (a < b ? a : b));
		}
	}
}

static void memeq_every_position(void **state)
{
	unsigned char a[64], b[64];
	size_t n, i;

	for (i = 0; i < sizeof(a); i++)
		a[i] = (unsigned char)(i * 7 + 1);
	for (n = 0; n <= sizeof(a); n++) {
		memcpy(b, a, sizeof(a));
		assert_int_equal(mx_ct_memeq(a, b, n), 1);
		for (i = 0; i < n; i++) {
			b[i] ^= 0x80;
			assert_int_equal(mx_ct_memeq(a, b, n), 0);
			b[i] ^= 0x80;
		}
	}
}

static void memcpy_if_and_zeroize(void **state)
{
	unsigned char d[16], s[16];

	memset(d, 0xaa, sizeof(d));
	memset(s, 0x55, sizeof(s));
	mx_ct_memcpy_if(0, d, s, sizeof(d));
	assert_int_equal(d[0], 0xaa);
	assert_int_equal(d[15], 0xaa);
	mx_ct_memcpy_if(~0ull, d, s, sizeof(d));
	assert_memory_equal(d, s, sizeof(d));
	mx_zeroize(d, sizeof(d));
	memset(s, 0, sizeof(s));
	assert_memory_equal(d, s, sizeof(d));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(masks_match_c_operators),
		cmocka_unit_test(memeq_every_position),
		cmocka_unit_test(memcpy_if_and_zeroize),
	};

	return cmocka_run_group_tests_name("ct", tests, NULL, NULL);
}
