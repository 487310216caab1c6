// SPDX-License-Identifier: GPL-2.0
/*
 * Bignum: Montgomery exponentiation (fixed-window, paired and public),
 * reduction, inverse, small remainders, exact division, Miller-Rabin and
 * prime generation, each against libcrypto's BIGNUM on random and edge
 * values; run on the IFMA, MULX/ADX and portable paths.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <openssl/bn.h>
#include <openssl/err.h>

#include "crypto/bn_arith.h"
#include "crypto/mont.h"
#include "paths.h"

static BN_CTX *ctx;

static void to_limbs(const BIGNUM *b, mx_limb *l, size_t n)
{
	uint8_t buf[2 * MX_BN_MAX_BITS / 8 + 16];

	assert_true(BN_bn2binpad(b, buf, (int)(8 * n)) >= 0);
	assert_int_equal(mx_bn_from_be(l, n, buf, 8 * n), 0);
}

static void assert_limbs_eq_bn(const mx_limb *l, size_t n, const BIGNUM *want)
{
	uint8_t a[2 * MX_BN_MAX_BITS / 8 + 16], b[sizeof(a)];

	mx_bn_to_be(a, 8 * n, l, n);
	assert_true(BN_bn2binpad(want, b, (int)(8 * n)) >= 0);
	assert_memory_equal(a, b, 8 * n);
}

static struct mx_mont *mont_of(const BIGNUM *m)
{
	uint8_t buf[MX_BN_MAX_BITS / 8 + 8];
	struct mx_mont *mc;
	int len = BN_bn2bin(m, buf);

	assert_int_equal(mx_mont_new(&mc, buf, (size_t)len), 0);
	return mc;
}

/* Moduli that hit every path: small, odd sizes, each IFMA register count. */
static const int sizes[] = { 64, 127, 192, 521, 767, 768, 1000, 1024, 1536, 2047, 2048, 3072,
			     4096 };

static void exp_matches_bignum(void **state)
{
	BIGNUM *m = BN_new(), *a = BN_new(), *e = BN_new(), *r = BN_new();
	size_t si;
	int it;

	for (si = 0; si < sizeof(sizes) / sizeof(sizes[0]); si++) {
		int bits = sizes[si], ebits = bits + 64;

		for (it = 0; it < 4; it++) {
			mx_limb al[MX_BN_MAX_LIMBS], el[MX_BN_MAX_LIMBS + 2], rl[MX_BN_MAX_LIMBS];
			struct mx_mont *mc;

			assert_true(BN_rand(m, bits, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ODD));
			assert_true(BN_rand(e, ebits, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY));
			if (it == 0)
				BN_zero(a);
			else if (it == 1)
				BN_one(a);
			else if (it == 2)
				assert_true(BN_sub(a, m, BN_value_one()));
			else
				assert_true(BN_rand_range(a, m));
			mc = mont_of(m);
			to_limbs(a, al, mc->n);
			to_limbs(e, el, MX_BN_LIMBS(ebits));
			assert_true(BN_mod_exp(r, a, e, m, ctx));
			assert_int_equal(mx_mont_exp(mc, rl, al, el, ebits), 0);
			assert_limbs_eq_bn(rl, mc->n, r);
			mx_mont_exp_pub(mc, rl, al, el, MX_BN_LIMBS(ebits));
			assert_limbs_eq_bn(rl, mc->n, r);
			/* e = 0 and e = 1 */
			mx_bn_zero(el, MX_BN_LIMBS(ebits));
			assert_int_equal(mx_mont_exp(mc, rl, al, el, ebits), 0);
			assert_true(BN_one(r));
			assert_limbs_eq_bn(rl, mc->n, r);
			el[0] = 1;
			assert_int_equal(mx_mont_exp(mc, rl, al, el, ebits), 0);
			assert_limbs_eq_bn(rl, mc->n, a);
			mx_mont_free(mc);
		}
	}
	BN_free(m);
	BN_free(a);
	BN_free(e);
	BN_free(r);
}

static void exp2_matches_bignum(void **state)
{
	static const int pair_bits[][2] = { { 512, 512 }, { 1024, 1024 }, { 1536, 1536 },
					    { 2048, 2048 }, { 1024, 1000 }, { 1100, 1024 } };
	BIGNUM *m1 = BN_new(), *m2 = BN_new(), *a1 = BN_new(), *a2 = BN_new();
	BIGNUM *e1 = BN_new(), *e2 = BN_new(), *r = BN_new();
	size_t i;

	for (i = 0; i < sizeof(pair_bits) / sizeof(pair_bits[0]); i++) {
		int ebits = pair_bits[i][0] + 64;
		mx_limb x1[MX_BN_MAX_LIMBS], x2[MX_BN_MAX_LIMBS];
		mx_limb f1[MX_BN_MAX_LIMBS + 2], f2[MX_BN_MAX_LIMBS + 2];
		mx_limb r1[MX_BN_MAX_LIMBS], r2[MX_BN_MAX_LIMBS];
		struct mx_mont *c1, *c2;

		assert_true(BN_rand(m1, pair_bits[i][0], BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ODD));
		assert_true(BN_rand(m2, pair_bits[i][1], BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ODD));
		assert_true(BN_rand_range(a1, m1));
		assert_true(BN_rand_range(a2, m2));
		assert_true(BN_rand(e1, ebits, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY));
		assert_true(BN_rand(e2, ebits - 3, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY));
		c1 = mont_of(m1);
		c2 = mont_of(m2);
		to_limbs(a1, x1, c1->n);
		to_limbs(a2, x2, c2->n);
		to_limbs(e1, f1, MX_BN_LIMBS(ebits));
		to_limbs(e2, f2, MX_BN_LIMBS(ebits));
		assert_int_equal(mx_mont_exp2(c1, r1, x1, f1, c2, r2, x2, f2, ebits), 0);
		assert_true(BN_mod_exp(r, a1, e1, m1, ctx));
		assert_limbs_eq_bn(r1, c1->n, r);
		assert_true(BN_mod_exp(r, a2, e2, m2, ctx));
		assert_limbs_eq_bn(r2, c2->n, r);
		mx_mont_free(c1);
		mx_mont_free(c2);
	}
	BN_free(m1);
	BN_free(m2);
	BN_free(a1);
	BN_free(a2);
	BN_free(e1);
	BN_free(e2);
	BN_free(r);
}

static void reduce_any_length(void **state)
{
	BIGNUM *m = BN_new(), *x = BN_new(), *r = BN_new();
	static const int xbits[] = { 1, 64, 500, 1023, 1024, 2048, 2049, 4096, 8192 };
	size_t i;

	assert_true(BN_rand(m, 1024, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ODD));
	for (i = 0; i < sizeof(xbits) / sizeof(xbits[0]); i++) {
		mx_limb xl[2 * MX_BN_MAX_LIMBS], rl[MX_BN_MAX_LIMBS];
		size_t xn = MX_BN_LIMBS(xbits[i]);
		struct mx_mont *mc = mont_of(m);

		assert_true(BN_rand(x, xbits[i], BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY));
		to_limbs(x, xl, xn);
		mx_mont_reduce(mc, rl, xl, xn);
		assert_true(BN_mod(r, x, m, ctx));
		assert_limbs_eq_bn(rl, mc->n, r);
		mx_mont_free(mc);
	}
	BN_free(m);
	BN_free(x);
	BN_free(r);
}

static void moduli_rejected(void **state)
{
	uint8_t buf[MX_BN_MAX_BITS / 8 + 2];
	struct mx_mont *mc;

	memset(buf, 0, sizeof(buf));
	assert_int_equal(mx_mont_new(&mc, buf, 16), -EINVAL);	/* zero */
	assert_null(mc);
	buf[15] = 1;
	assert_int_equal(mx_mont_new(&mc, buf, 16), -EINVAL);	/* one */
	buf[15] = 4;
	assert_int_equal(mx_mont_new(&mc, buf, 16), -EINVAL);	/* even */
	buf[15] = 3;
	assert_int_equal(mx_mont_new(&mc, buf, 16), 0);		/* leading zeros are fine */
	assert_int_equal(mc->n, 1);
	assert_int_equal(mc->bits, 2);
	mx_mont_free(mc);
	memset(buf, 0xff, sizeof(buf));
	assert_int_equal(mx_mont_new(&mc, buf, MX_BN_MAX_BITS / 8), 0);
	mx_mont_free(mc);
	assert_int_equal(mx_mont_new(&mc, buf, MX_BN_MAX_BITS / 8 + 1), -ERANGE);
}

static void bytes_round_trip(void **state)
{
	uint8_t in[40], out[40];
	mx_limb l[4];
	size_t i;

	for (i = 0; i < sizeof(in); i++)
		in[i] = (uint8_t)(i * 37 + 1);
	/* 40 bytes do not fit 4 limbs unless the top 8 are zero */
	assert_int_equal(mx_bn_from_be(l, 4, in, 40), -ERANGE);
	memset(in, 0, 8);
	assert_int_equal(mx_bn_from_be(l, 4, in, 40), 0);
	mx_bn_to_be(out, 40, l, 4);
	assert_memory_equal(in, out, 40);
	mx_bn_to_be(out, 3, l, 4);
	assert_memory_equal(in + 37, out, 3);
	assert_int_equal(mx_bn_from_be(l, 4, in, 0), 0);
	assert_true(mx_bn_is_zero(l, 4));
}

static void modinv_matches_bignum(void **state)
{
	BIGNUM *m = BN_new(), *x = BN_new(), *r = BN_new();
	int bits;

	for (bits = 3; bits <= 2100; bits += bits < 130 ? 1 : 257) {
		mx_limb ml[MX_BN_MAX_LIMBS], xl[MX_BN_MAX_LIMBS], rl[MX_BN_MAX_LIMBS];
		size_t n = MX_BN_LIMBS(bits);
		BIGNUM *inv;
		int ret;

		assert_true(BN_rand(m, bits, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ODD));
		assert_true(BN_rand_range(x, m));
		if (bits % 5 == 0)
			assert_true(BN_set_word(x, 3));	/* often not invertible mod 3k */
		to_limbs(m, ml, n);
		to_limbs(x, xl, n);
		ret = mx_bn_modinv(rl, xl, ml, n, (size_t)bits);
		inv = BN_mod_inverse(NULL, x, m, ctx);
		ERR_clear_error();
		if (inv) {
			assert_int_equal(ret, 0);
			assert_limbs_eq_bn(rl, n, inv);
			BN_free(inv);
		} else {
			assert_int_equal(ret, -EINVAL);
			assert_true(mx_bn_is_zero(rl, n));
		}
	}
	BN_free(m);
	BN_free(x);
	BN_free(r);
}

static void small_division(void **state)
{
	BIGNUM *x = BN_new(), *q = BN_new();
	static const mx_limb words[] = { 2, 3, 7, 255, 65537, 1000003, 2147483647 };
	size_t i;
	int it;

	for (it = 0; it < 50; it++) {
		mx_limb xl[40], ql[41], rl[41];

		assert_true(BN_rand(x, 64 * (it % 32 + 1) - it % 7, BN_RAND_TOP_ANY,
				    BN_RAND_BOTTOM_ANY));
		to_limbs(x, xl, 32);
		for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
			assert_int_equal(mx_bn_mod_word(xl, 32, words[i]),
					 BN_mod_word(x, (BN_ULONG)words[i]));
		/* (x * w) / w = x for odd w */
		for (i = 1; i < sizeof(words) / sizeof(words[0]); i++) {
			assert_true(BN_copy(q, x));
			assert_true(BN_mul_word(q, (BN_ULONG)words[i]));
			to_limbs(q, ql, 33);
			mx_bn_divexact_word(rl, ql, 33, words[i]);
			assert_limbs_eq_bn(rl, 33, x);
		}
	}
	BN_free(x);
	BN_free(q);
}

static int mr(const BIGNUM *p)
{
	struct mx_mont *mc = mont_of(p);
	int ret = mx_bn_is_probable_prime(mc, 20);

	mx_mont_free(mc);
	return ret;
}

static void miller_rabin(void **state)
{
	/* Carmichael numbers and strong pseudoprimes to the first few bases */
	static const char *const composites[] = {
		"561", "41041", "825265", "2047", "1373653", "25326001", "3215031751",
		"2152302898747", "3474749660383", "341550071728321",
		"3825123056546413051",
		"318665857834031151167461",	/* spsp to bases 2..37 */
	};
	static const char *const primes[] = { "3", "5", "97", "65537", "4294967291",
					      "18446744073709551557" };
	BIGNUM *p = BN_new(), *q = BN_new(), *n = BN_new();
	size_t i;
	int bits;

	for (i = 0; i < sizeof(composites) / sizeof(composites[0]); i++) {
		assert_true(BN_dec2bn(&p, composites[i]));
		assert_int_equal(mr(p), 0);
	}
	for (i = 0; i < sizeof(primes) / sizeof(primes[0]); i++) {
		assert_true(BN_dec2bn(&p, primes[i]));
		assert_int_equal(mr(p), 1);
	}
	for (bits = 64; bits <= 1024; bits *= 2) {
		assert_true(BN_generate_prime_ex(p, bits, 0, NULL, NULL, NULL));
		assert_int_equal(mr(p), 1);
		assert_true(BN_generate_prime_ex(q, bits, 0, NULL, NULL, NULL));
		assert_true(BN_mul(n, p, q, ctx));
		assert_int_equal(mr(n), 0);
		assert_true(BN_add_word(p, 2));
		assert_int_equal(mr(p), BN_check_prime(p, ctx, NULL));
	}
	BN_free(p);
	BN_free(q);
	BN_free(n);
}

static void prime_generation(void **state)
{
	static const size_t bits[] = { 64, 127, 512, 1024 };
	BIGNUM *p = BN_new();
	size_t i;

	for (i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
		mx_limb pl[MX_BN_MAX_LIMBS];
		uint8_t buf[MX_BN_MAX_BITS / 8];
		size_t n = MX_BN_LIMBS(bits[i]);

		assert_int_equal(mx_bn_gen_prime(pl, bits[i], 65537), 0);
		mx_bn_to_be(buf, 8 * n, pl, n);
		assert_non_null(BN_bin2bn(buf, (int)(8 * n), p));
		assert_int_equal(BN_num_bits(p), (int)bits[i]);
		assert_true(BN_is_bit_set(p, (int)bits[i] - 2));
		assert_int_equal(BN_check_prime(p, ctx, NULL), 1);
		assert_int_not_equal(BN_mod_word(p, 65537), 1);
	}
	assert_int_equal(mx_bn_gen_prime(NULL, 32, 65537), -EINVAL);
	BN_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		MX_PK_PATHS(exp_matches_bignum),
		MX_PK_PATHS(exp2_matches_bignum),
		MX_PK_PATHS(reduce_any_length),
		cmocka_unit_test(moduli_rejected),
		cmocka_unit_test(bytes_round_trip),
		cmocka_unit_test(modinv_matches_bignum),
		cmocka_unit_test(small_division),
		MX_PK_PATHS(miller_rabin),
		cmocka_unit_test(prime_generation),
	};
	int ret;

	ctx = BN_CTX_new();
	ret = cmocka_run_group_tests_name("bn", tests, NULL, NULL);
	BN_CTX_free(ctx);
	return ret;
}
