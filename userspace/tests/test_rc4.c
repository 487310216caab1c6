// SPDX-License-Identifier: GPL-2.0
/*
 * RC4: the RFC 6229 keystreams (80-bit keys at every listed offset up to
 * 4096; 40- and 128-bit keys at offset 0) and the classic vectors, the
 * streaming interface at every split point, and libcrypto's RC4 (legacy
 * provider) on random keys.
 *
 * The library is built without USE_ARC4 (RC4 is off by default), so this
 * test compiles the RC4 unit itself with the option on.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <openssl/evp.h>
#include <openssl/provider.h>
#include <openssl/rand.h>

#include "cryptoConfig.h"
#ifdef USE_ARC4
#error "RC4 must be off in the default configuration (RFC 7465)"
#endif
#define USE_ARC4
#include "crypto/rc4.c"

#include "vectors.h"

static uint8_t *hex(const char *s, size_t *n)
{
	uint8_t *p;

	assert_non_null(s);
	p = tv_hex(s, n);
	assert_non_null(p);
	return p;
}

static void rfc6229(void **state)
{
	struct tv_rsp r;
	int records = 0;

	assert_int_equal(tv_rsp_open(&r, "rfc/rfc-6229-80.txt"), 0);
	while (tv_rsp_next(&r)) {
		size_t kl, pl, cl, off = strtoul(tv_rsp_get(&r, "OFFSET"), NULL, 10);
		uint8_t *key = hex(tv_rsp_get(&r, "KEY"), &kl);
		uint8_t *pt = hex(tv_rsp_get(&r, "PLAINTEXT"), &pl);
		uint8_t *ct = hex(tv_rsp_get(&r, "CIPHERTEXT"), &cl);
		uint8_t *skip = calloc(1, off + 1), out[64];
		struct mx_rc4_ctx c;

		assert_non_null(skip);
		assert_int_equal(pl, cl);
		assert_true(pl <= sizeof(out));
		assert_int_equal(mx_rc4_init(&c, key, kl), 0);
		mx_rc4_crypt(&c, skip, skip, off);
		mx_rc4_crypt(&c, pt, out, pl);
		if (memcmp(out, ct, cl))
			fail_msg("RFC 6229 key %s offset %zu differs", tv_rsp_get(&r, "KEY"), off);
		free(key);
		free(pt);
		free(ct);
		free(skip);
		records++;
	}
	tv_rsp_close(&r);
	assert_true(records >= 30);
}

static void classic_vectors(void **state)
{
	struct tv_rsp r;
	int records = 0;

	assert_int_equal(tv_rsp_open(&r, "rfc/evpciph_rc4.txt"), 0);
	while (tv_rsp_next(&r)) {
		size_t kl, pl, cl;
		uint8_t *key, *pt, *ct, *out;
		struct mx_rc4_ctx c;

		if (!tv_rsp_get(&r, "Cipher"))
			continue;
		key = hex(tv_rsp_get(&r, "Key"), &kl);
		pt = hex(tv_rsp_get(&r, "Plaintext"), &pl);
		ct = hex(tv_rsp_get(&r, "Ciphertext"), &cl);
		out = malloc(pl + 1);
		assert_non_null(out);
		assert_int_equal(pl, cl);
		assert_int_equal(mx_rc4_init(&c, key, kl), 0);
		mx_rc4_crypt(&c, pt, out, pl);
		if (memcmp(out, ct, cl))
			fail_msg("%s key %s differs", tv_rsp_get(&r, "Cipher"),
				 tv_rsp_get(&r, "Key"));
		free(key);
		free(pt);
		free(ct);
		free(out);
		records++;
	}
	tv_rsp_close(&r);
	assert_true(records >= 8);
}

static void every_split_point(void **state)
{
	uint8_t key[16], in[300], whole[300], out[300];
	struct mx_rc4_ctx c;
	size_t i, n = sizeof(in);

	assert_int_equal(RAND_bytes(key, sizeof(key)), 1);
	assert_int_equal(RAND_bytes(in, sizeof(in)), 1);
	assert_int_equal(mx_rc4_init(&c, key, sizeof(key)), 0);
	mx_rc4_crypt(&c, in, whole, n);
	for (i = 0; i <= n; i++) {
		assert_int_equal(mx_rc4_init(&c, key, sizeof(key)), 0);
		mx_rc4_crypt(&c, in, out, i);
		mx_rc4_crypt(&c, in + i, out + i, n - i);
		assert_memory_equal(out, whole, n);
	}
	mx_rc4_clear(&c);
	assert_int_equal(mx_rc4_init(&c, key, 0), -EINVAL);
	assert_int_equal(mx_rc4_init(&c, key, 257), -EINVAL);
}

static void against_openssl(void **state)
{
	OSSL_PROVIDER *legacy = OSSL_PROVIDER_load(NULL, "legacy");
	EVP_CIPHER *rc4;
	uint8_t key[256], in[1000], ours[1000], theirs[1000];
	size_t kl;

	assert_non_null(legacy);
	rc4 = EVP_CIPHER_fetch(NULL, "RC4", "provider=legacy");
	assert_non_null(rc4);
	for (kl = 1; kl <= 256; kl += 17) {
		EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
		struct mx_rc4_ctx c;
		int n = 0;

		assert_int_equal(RAND_bytes(key, sizeof(key)), 1);
		assert_int_equal(RAND_bytes(in, sizeof(in)), 1);
		assert_int_equal(mx_rc4_init(&c, key, kl), 0);
		mx_rc4_crypt(&c, in, ours, sizeof(in));
		assert_non_null(ctx);
		assert_int_equal(EVP_EncryptInit_ex(ctx, rc4, NULL, NULL, NULL), 1);
		assert_int_equal(EVP_CIPHER_CTX_set_key_length(ctx, (int)kl), 1);
		assert_int_equal(EVP_EncryptInit_ex(ctx, NULL, NULL, key, NULL), 1);
		assert_int_equal(EVP_EncryptUpdate(ctx, theirs, &n, in, sizeof(in)), 1);
		EVP_CIPHER_CTX_free(ctx);
		assert_memory_equal(ours, theirs, sizeof(in));
	}
	EVP_CIPHER_free(rc4);
	OSSL_PROVIDER_unload(legacy);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rfc6229),
		cmocka_unit_test(classic_vectors),
		cmocka_unit_test(every_split_point),
		cmocka_unit_test(against_openssl),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
