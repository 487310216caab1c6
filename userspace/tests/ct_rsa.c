// SPDX-License-Identifier: GPL-2.0
/*
 * Constant time of the RSA private operation under valgrind, with every
 * private part of the key secret (the primes and their Montgomery
 * constants, the CRT exponents, q^-1, d, the blinding pair): the TLS
 * premaster decryption on a well-formed and on a badly padded
 * ciphertext (the padding check and the replacement are part of it), the
 * general PKCS#1 v1.5 decryption (its verdict is its public result) and
 * signing; on the portable and on the MULX/ADX Montgomery code (CT_PATHS).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <stdlib.h>

#include "crypto/rsa_impl.h"
#include "ct_check.h"
#include "vectors.h"

static void mont_secret(struct mx_mont *mc, int on)
{
	const size_t sz = mc->n * sizeof(mx_limb);

	if (on) {
		SECRET(mc->m, sz);
		SECRET(mc->rr, sz);
		SECRET(mc->one, sz);
		SECRET(&mc->m0inv, sizeof(mc->m0inv));
	} else {
		PUBLIC(mc->m, sz);
		PUBLIC(mc->rr, sz);
		PUBLIC(mc->one, sz);
		PUBLIC(&mc->m0inv, sizeof(mc->m0inv));
	}
}

static void key_secret(struct mx_rsa_key *k, int on)
{
	mont_secret(k->p, on);
	mont_secret(k->q, on);
	if (on) {
		SECRET(k->d, sizeof(k->d));
		SECRET(k->dp, sizeof(k->dp));
		SECRET(k->dq, sizeof(k->dq));
		SECRET(k->qinv, sizeof(k->qinv));
		SECRET(k->qinv_m, sizeof(k->qinv_m));
		SECRET(k->blind->vi_p, sizeof(k->blind->vi_p));
		SECRET(k->blind->vf_p, sizeof(k->blind->vf_p));
		SECRET(k->blind->vi_q, sizeof(k->blind->vi_q));
		SECRET(k->blind->vf_q, sizeof(k->blind->vf_q));
	} else {
		PUBLIC(k->d, sizeof(k->d));
		PUBLIC(k->dp, sizeof(k->dp));
		PUBLIC(k->dq, sizeof(k->dq));
		PUBLIC(k->qinv, sizeof(k->qinv));
		PUBLIC(k->qinv_m, sizeof(k->qinv_m));
		PUBLIC(k->blind->vi_p, sizeof(k->blind->vi_p));
		PUBLIC(k->blind->vf_p, sizeof(k->blind->vf_p));
		PUBLIC(k->blind->vi_q, sizeof(k->blind->vi_q));
		PUBLIC(k->blind->vf_q, sizeof(k->blind->vf_q));
	}
}

/* The 2048-bit key of the Wycheproof decryption vectors. */
static struct mx_rsa_key *wycheproof_key(void)
{
	static const char *const names[] = { "modulus", "publicExponent", "privateExponent",
					     "prime1", "prime2", "exponent1", "exponent2",
					     "coefficient" };
	struct json_object *root = tv_json("wycheproof/rsa_pkcs1_2048_test.json"), *groups, *pk;
	struct mx_rsa_parts p;
	struct mx_rsa_key *key;
	uint8_t *v[8];
	size_t l[8], i;

	assert_non_null(root);
	assert_true(json_object_object_get_ex(root, "testGroups", &groups));
	assert_true(json_object_object_get_ex(json_object_array_get_idx(groups, 0), "privateKey",
					      &pk));
	for (i = 0; i < 8; i++) {
		v[i] = tv_hex(tv_str(pk, names[i]), &l[i]);
		assert_non_null(v[i]);
	}
	p = (struct mx_rsa_parts){ v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7],
				   l[0], l[1], l[2], l[3], l[4], l[5], l[6], l[7] };
	assert_int_equal(mx_rsa_key_private(&key, &p), 0);
	for (i = 0; i < 8; i++)
		free(v[i]);
	json_object_put(root);
	return key;
}

static void private_operation(void **state)
{
	struct mx_rsa_key *key;
	uint8_t em[256], good[256], bad[256], pms[48], out[256], sig[256], d[32] = { 9 };
	size_t k, ol;
	int rc;

	key = wycheproof_key();
	k = mx_rsa_size(key);
	memset(em, 0x77, k);
	em[0] = 0;
	em[1] = 2;
	em[k - 49] = 0;
	em[k - 48] = 3;
	em[k - 47] = 3;
	assert_int_equal(mx_rsa_public_raw(key, em, k, good), 0);
	em[1] = 1;
	assert_int_equal(mx_rsa_public_raw(key, em, k, bad), 0);
	{
		CT_BEGIN();

		key_secret(key, 1);
		assert_int_equal(mx_rsa_tls_premaster_decrypt(key, good, k, 0x0303, pms), 0);
		CT_END("premaster decryption, good padding");
	}
	PUBLIC(pms, sizeof(pms));
	assert_memory_equal(pms, em + k - 48, 48);
	{
		CT_BEGIN();

		assert_int_equal(mx_rsa_tls_premaster_decrypt(key, bad, k, 0x0303, pms), 0);
		CT_END("premaster decryption, bad padding");
	}
	PUBLIC(pms, sizeof(pms));
	assert_memory_not_equal(pms, em + k - 48, 48);
	{
		CT_BEGIN();

		rc = mx_rsa_pkcs1_decrypt(key, good, k, out, sizeof(out), &ol);
		CT_END("PKCS#1 v1.5 decryption");
	}
	assert_int_equal(rc, 0);
	assert_int_equal(ol, 48);
	{
		CT_BEGIN();

		assert_int_equal(mx_rsa_pkcs1_sign(key, MX_HASH_SHA256, d, sizeof(d), sig), 0);
		CT_END("PKCS#1 v1.5 signing");
	}
	key_secret(key, 0);
	PUBLIC(sig, k);
	assert_int_equal(mx_rsa_pkcs1_verify(key, MX_HASH_SHA256, d, sizeof(d), sig, k), 0);
	mx_rsa_key_free(key);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		CT_PATHS(private_operation),
	};

	return cmocka_run_group_tests_name("ct_rsa", tests, ct_setup, NULL);
}
