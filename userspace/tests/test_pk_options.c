// SPDX-License-Identifier: GPL-2.0
/*
 * The guide's public-key options: the library is built with the default
 * PS_PUBKEY_OPTIMIZE_FOR_SMALLER_RAM, so this test compiles the bignum,
 * RSA, DH and EC units with PS_PUBKEY_OPTIMIZE_FOR_FASTER_SPEED (windows
 * up to 6 bits, a 5-bit EC window and the fixed-base table) and
 * USE_1024_KEY_SPEED_OPTIMIZATIONS (the unrolled 1024-bit Montgomery
 * code), and checks that build against libcrypto and the Wycheproof
 * files, on the IFMA/ADX paths and on the portable one.
 */
#define PS_PUBKEY_OPTIMIZE_FOR_FASTER_SPEED
#define USE_1024_KEY_SPEED_OPTIMIZATIONS

#include "crypto/bn.c"
#include "crypto/mont.c"
#include "crypto/bn_arith.c"
#include "crypto/bn_ifma.c"
#include "crypto/rsa.c"
#include "crypto/rsa_pkcs1.c"
#include "crypto/rsa_pss.c"
#include "crypto/rsa_keygen.c"
#include "crypto/dh.c"
#include "crypto/dh_groups.c"
#include "crypto/ec.c"
#include "crypto/ec_p256.c"
#include "crypto/ec_p384.c"
#include "crypto/ecdsa.c"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>

#include "paths.h"
#include "vectors.h"

#if MX_EXP_WINDOW_MAX != 6 || MX_EC_WINDOW != 5 || MX_EC_COMB_TEETH < 77
#error "the options did not take effect"
#endif

static BN_CTX *bnctx;

static void exponentiation(void **state)
{
	static const int sizes[] = { 512, 1000, 1024, 2048, 4096 };
	BIGNUM *m = BN_new(), *a = BN_new(), *e = BN_new(), *r = BN_new();
	size_t si;
	int it;

	for (si = 0; si < sizeof(sizes) / sizeof(sizes[0]); si++) {
		for (it = 0; it < 3; it++) {
			int bits = sizes[si], ebits = bits + 64;
			uint8_t buf[2 * MX_BN_MAX_BITS / 8 + 16], want[MX_BN_MAX_BITS / 8];
			mx_limb al[MX_BN_MAX_LIMBS], el[MX_BN_MAX_LIMBS + 2], rl[MX_BN_MAX_LIMBS];
			struct mx_mont *mc;
			int len;

			assert_true(BN_rand(m, bits, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ODD));
			assert_true(BN_rand_range(a, m));
			assert_true(BN_rand(e, ebits, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY));
			assert_true(BN_mod_exp(r, a, e, m, bnctx));
			len = BN_bn2bin(m, buf);
			assert_int_equal(mx_mont_new(&mc, buf, (size_t)len), 0);
			assert_true(BN_bn2binpad(a, buf, (int)(8 * mc->n)) > 0);
			assert_int_equal(mx_bn_from_be(al, mc->n, buf, 8 * mc->n), 0);
			assert_true(BN_bn2binpad(e, buf, (ebits + 7) / 8) > 0);
			assert_int_equal(mx_bn_from_be(el, MX_BN_LIMBS(ebits), buf,
						       (size_t)(ebits + 7) / 8), 0);
			assert_int_equal(mx_mont_exp(mc, rl, al, el, (size_t)ebits), 0);
			mx_bn_to_be(buf, 8 * mc->n, rl, mc->n);
			assert_true(BN_bn2binpad(r, want, (int)(8 * mc->n)) > 0);
			assert_memory_equal(buf, want, 8 * mc->n);
			mx_mont_free(mc);
		}
	}
	BN_free(m);
	BN_free(a);
	BN_free(e);
	BN_free(r);
}

static uint8_t *hexfield(struct json_object *o, const char *key, size_t *len)
{
	uint8_t *p = tv_hex(tv_str(o, key), len);

	assert_non_null(p);
	return p;
}

/* The Wycheproof decryption key; its valid ciphertexts decrypt. */
static void rsa_decrypt(void **state)
{
	static const char *const names[] = { "modulus", "publicExponent", "privateExponent",
					     "prime1", "prime2", "exponent1", "exponent2",
					     "coefficient" };
	struct json_object *root = tv_json("wycheproof/rsa_pkcs1_2048_test.json"), *groups;
	size_t gi, ti, i;
	int valid = 0;

	assert_non_null(root);
	assert_true(json_object_object_get_ex(root, "testGroups", &groups));
	for (gi = 0; gi < json_object_array_length(groups); gi++) {
		struct json_object *g = json_object_array_get_idx(groups, gi), *pk, *arr;
		struct mx_rsa_parts p;
		struct mx_rsa_key *key;
		uint8_t *v[8];
		size_t l[8];

		assert_true(json_object_object_get_ex(g, "privateKey", &pk));
		for (i = 0; i < 8; i++)
			v[i] = hexfield(pk, names[i], &l[i]);
		p = (struct mx_rsa_parts){ v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7],
					   l[0], l[1], l[2], l[3], l[4], l[5], l[6], l[7] };
		assert_int_equal(mx_rsa_key_private(&key, &p), 0);
		assert_true(json_object_object_get_ex(g, "tests", &arr));
		for (ti = 0; ti < json_object_array_length(arr); ti++) {
			struct json_object *t = json_object_array_get_idx(arr, ti);
			size_t cl, ml, ol;
			uint8_t *ct = hexfield(t, "ct", &cl), *msg = hexfield(t, "msg", &ml);
			uint8_t out[256];
			int rc = mx_rsa_pkcs1_decrypt(key, ct, cl, out, sizeof(out), &ol);

			if (!strcmp(tv_str(t, "result"), "valid")) {
				assert_int_equal(rc, 0);
				assert_int_equal(ol, ml);
				assert_memory_equal(out, msg, ml);
				valid++;
			} else {
				assert_int_equal(rc, -EBADMSG);
			}
			free(ct);
			free(msg);
		}
		mx_rsa_key_free(key);
		for (i = 0; i < 8; i++)
			free(v[i]);
	}
	assert_int_equal(valid, 42);
	json_object_put(root);
}

/* ECDSA P-256 verification vectors, through the fixed-base table. */
static void ecdsa_vectors(void **state)
{
	struct json_object *root = tv_json("wycheproof/ecdsa_secp256r1_sha256_test.json");
	struct json_object *groups;
	size_t gi, ti;

	assert_non_null(root);
	assert_true(json_object_object_get_ex(root, "testGroups", &groups));
	for (gi = 0; gi < json_object_array_length(groups); gi++) {
		struct json_object *g = json_object_array_get_idx(groups, gi), *arr, *pk;
		struct mx_ec_key key;
		size_t ql;
		uint8_t *q;

		assert_true(json_object_object_get_ex(g, "publicKey", &pk));
		q = hexfield(pk, "uncompressed", &ql);
		assert_int_equal(mx_ec_key_from_public(&key, mx_ec_curve(MX_EC_P256), q, ql), 0);
		assert_true(json_object_object_get_ex(g, "tests", &arr));
		for (ti = 0; ti < json_object_array_length(arr); ti++) {
			struct json_object *t = json_object_array_get_idx(arr, ti);
			size_t ml, sl;
			uint8_t *msg = hexfield(t, "msg", &ml), *sig = hexfield(t, "sig", &sl);
			uint8_t d[32];
			int rc;

			mx_sha256(msg, ml, d);
			rc = mx_ecdsa_verify(&key, d, 32, sig, sl);
			assert_int_equal(rc == 0, !strcmp(tv_str(t, "result"), "valid"));
			free(msg);
			free(sig);
		}
		free(q);
	}
	json_object_put(root);
}

/*
 * Public keys (fixed-base table) and ECDH (5-bit window) against
 * libcrypto's EC_POINT_mul, for small scalars, scalars near n and random
 * ones, on both curves.
 */
static void ec_against_libcrypto(void **state)
{
	static const struct {
		enum mx_ec_curve_id id;
		int nid;
	} curves[] = { { MX_EC_P256, NID_X9_62_prime256v1 }, { MX_EC_P384, NID_secp384r1 } };
	size_t ci;
	int it;

	for (ci = 0; ci < 2; ci++) {
		const struct mx_ec_curve *c = mx_ec_curve(curves[ci].id);
		EC_GROUP *g = EC_GROUP_new_by_curve_name(curves[ci].nid);
		const BIGNUM *order = EC_GROUP_get0_order(g);
		size_t sl = mx_ec_scalar_len(c), pl = mx_ec_point_len(c);
		BIGNUM *k = BN_new(), *k2 = BN_new(), *x = BN_new();
		EC_POINT *p = EC_POINT_new(g), *q = EC_POINT_new(g);

		assert_int_equal(c->comb_span, 1);	/* one tooth per digit */
		for (it = 0; it < 60; it++) {
			uint8_t kb[48], k2b[48], want[97], z[48], zw[48];
			struct mx_ec_key key, peer;

			if (it < 10) {
				assert_true(BN_set_word(k, (BN_ULONG)it + 1));
			} else if (it < 20) {
				assert_true(BN_copy(k, order));
				assert_true(BN_sub_word(k, (BN_ULONG)it - 9));
			} else {
				assert_true(BN_rand_range(k, order));
				if (BN_is_zero(k))
					assert_true(BN_one(k));
			}
			assert_true(BN_rand_range(k2, order));
			if (BN_is_zero(k2))
				assert_true(BN_one(k2));
			assert_true(BN_bn2binpad(k, kb, (int)sl) > 0);
			assert_true(BN_bn2binpad(k2, k2b, (int)sl) > 0);
			assert_true(EC_POINT_mul(g, p, k, NULL, NULL, bnctx));
			assert_int_equal(EC_POINT_point2oct(g, p, POINT_CONVERSION_UNCOMPRESSED,
							    want, pl, bnctx), pl);
			assert_int_equal(mx_ec_key_from_private(&key, c, kb, sl), 0);
			assert_memory_equal(mx_ec_key_public(&key), want, pl);
			/* k2 (k G) */
			assert_int_equal(mx_ec_key_from_private(&peer, c, k2b, sl), 0);
			assert_int_equal(mx_ecdh_derive(&peer, want, pl, z), 0);
			assert_true(EC_POINT_mul(g, q, NULL, p, k2, bnctx));
			assert_true(EC_POINT_get_affine_coordinates(g, q, x, NULL, bnctx));
			assert_true(BN_bn2binpad(x, zw, (int)sl) > 0);
			assert_memory_equal(z, zw, sl);
		}
		EC_POINT_free(p);
		EC_POINT_free(q);
		BN_free(k);
		BN_free(k2);
		BN_free(x);
		EC_GROUP_free(g);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		MX_PK_PATHS(exponentiation),
		MX_PK_PATHS(rsa_decrypt),
		MX_BOTH(ecdsa_vectors),
		MX_BOTH(ec_against_libcrypto),
	};
	int ret;

	bnctx = BN_CTX_new();
	ret = cmocka_run_group_tests_name("pk_options", tests, NULL, NULL);
	BN_CTX_free(bnctx);
	return ret;
}
