// SPDX-License-Identifier: GPL-2.0
/*
 * AES-GCM: every Wycheproof AES-GCM vector (all IV sizes, AES-128/192/256:
 * tag and plaintext for valid tests, rejection for invalid ones), random
 * keys, IVs, AAD and message lengths against libcrypto, tag and
 * ciphertext tampering, in-place use. Each runs with AES-NI + PCLMULQDQ
 * and with the bitsliced AES and constant-time GHASH.
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
#include <openssl/rand.h>

#include "crypto/cpu.h"
#include "crypto/gcm.h"
#include "paths.h"
#include "vectors.h"

static void setkey(struct mx_gcm_key *k, const uint8_t *key, size_t len)
{
	assert_int_equal(mx_gcm_setkey(k, key, len), 0);
	assert_int_equal(k->ghash, mx_cpu_has(MX_CPU_AESNI | MX_CPU_PCLMUL) ?
			 MX_GHASH_CLMUL : MX_GHASH_CT);
}

static uint8_t *hex(const char *s, size_t *n)
{
	uint8_t *p = tv_hex(s, n);

	assert_non_null(p);
	return p;
}

static void wycheproof(void **state)
{
	struct json_object *root = tv_json("wycheproof/aes_gcm_test.json"), *groups;
	size_t gi, ti;
	int tests = 0;

	assert_non_null(root);
	assert_true(json_object_object_get_ex(root, "testGroups", &groups));
	for (gi = 0; gi < json_object_array_length(groups); gi++) {
		struct json_object *arr;

		assert_true(json_object_object_get_ex(json_object_array_get_idx(groups, gi),
						      "tests", &arr));
		for (ti = 0; ti < json_object_array_length(arr); ti++) {
			struct json_object *t = json_object_array_get_idx(arr, ti);
			int id = json_object_get_int(json_object_object_get(t, "tcId"));
			int valid = !strcmp(tv_str(t, "result"), "valid");
			size_t kl, il, al, ml, cl, tl;
			uint8_t *key = hex(tv_str(t, "key"), &kl), *iv = hex(tv_str(t, "iv"), &il);
			uint8_t *aad = hex(tv_str(t, "aad"), &al);
			uint8_t *msg = hex(tv_str(t, "msg"), &ml);
			uint8_t *ct = hex(tv_str(t, "ct"), &cl), *tag = hex(tv_str(t, "tag"), &tl);
			uint8_t *buf = malloc(ml + cl + 1), mytag[16];
			struct mx_gcm_key k;
			int rc;

			assert_non_null(buf);
			assert_true(valid || !strcmp(tv_str(t, "result"), "invalid"));
			setkey(&k, key, kl);
			if (valid) {
				assert_int_equal(tl, 16);
				rc = mx_gcm_seal(&k, iv, il, aad, al, msg, ml, buf, mytag);
				if (rc || cl != ml || memcmp(buf, ct, cl) || memcmp(mytag, tag, 16))
					fail_msg("tcId %d: seal differs", id);
			}
			rc = -EINVAL;
			if (tl == 16)
				rc = mx_gcm_open(&k, iv, il, aad, al, ct, cl, tag, buf);
			if (valid && (rc || memcmp(buf, msg, ml)))
				fail_msg("tcId %d: open failed (%d)", id, rc);
			if (!valid && rc == 0)
				fail_msg("tcId %d: invalid test accepted", id);
			mx_gcm_clear(&k);
			free(key);
			free(iv);
			free(aad);
			free(msg);
			free(ct);
			free(tag);
			free(buf);
			tests++;
		}
	}
	assert_int_equal(tests, 316);
	json_object_put(root);
}

static void peer_seal(size_t kl, const uint8_t *key, const uint8_t *iv, size_t il,
		      const uint8_t *aad, size_t al, const uint8_t *in, size_t len, uint8_t *out,
		      uint8_t tag[16])
{
	const EVP_CIPHER *c = kl == 16 ? EVP_aes_128_gcm() :
			      kl == 24 ? EVP_aes_192_gcm() : EVP_aes_256_gcm();
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int n = 0;

	assert_non_null(ctx);
	assert_int_equal(EVP_EncryptInit_ex(ctx, c, NULL, NULL, NULL), 1);
	assert_int_equal(EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, (int)il, NULL), 1);
	assert_int_equal(EVP_EncryptInit_ex(ctx, NULL, NULL, key, iv), 1);
	if (al)
		assert_int_equal(EVP_EncryptUpdate(ctx, NULL, &n, aad, (int)al), 1);
	assert_int_equal(EVP_EncryptUpdate(ctx, out, &n, in, (int)len), 1);
	assert_int_equal(EVP_EncryptFinal_ex(ctx, out + n, &n), 1);
	assert_int_equal(EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, 16, tag), 1);
	EVP_CIPHER_CTX_free(ctx);
}

/*
 * Message lengths 0..300 (every tail, several 8-block passes), AAD
 * lengths around the block size, IVs of 12 and other lengths.
 */
static void against_openssl(void **state)
{
	static const size_t alens[] = { 0, 1, 13, 16, 17, 64, 200 };
	static const size_t ilens[] = { 12, 1, 8, 16, 60 };
	uint8_t key[32], iv[60], aad[200], in[300], ours[300], theirs[300], t1[16], t2[16];
	struct mx_gcm_key k;
	size_t len, i = 0;

	for (len = 0; len <= sizeof(in); len++, i++) {
		size_t kl = 16 + 8 * (i % 3), al = alens[i % 7], il = ilens[i % 5];

		assert_int_equal(RAND_bytes(key, sizeof(key)), 1);
		assert_int_equal(RAND_bytes(iv, sizeof(iv)), 1);
		assert_int_equal(RAND_bytes(aad, sizeof(aad)), 1);
		assert_int_equal(RAND_bytes(in, sizeof(in)), 1);
		setkey(&k, key, kl);
		assert_int_equal(mx_gcm_seal(&k, iv, il, aad, al, in, len, ours, t1), 0);
		peer_seal(kl, key, iv, il, aad, al, in, len, theirs, t2);
		if (memcmp(ours, theirs, len) || memcmp(t1, t2, 16))
			fail_msg("len %zu aad %zu iv %zu key %zu differs", len, al, il, kl);
		/* in place, both ways */
		memcpy(ours, in, len);
		assert_int_equal(mx_gcm_seal(&k, iv, il, aad, al, ours, len, ours, t1), 0);
		assert_memory_equal(ours, theirs, len);
		assert_int_equal(mx_gcm_open(&k, iv, il, aad, al, ours, len, t1, ours), 0);
		assert_memory_equal(ours, in, len);
	}
}

/*
 * Any single flipped bit in tag, ciphertext or AAD is refused, and the
 * output is wiped.
 */
static void tampering(void **state)
{
	uint8_t key[16] = { 1 }, iv[12] = { 2 }, aad[13] = { 3 }, in[40], ct[40], out[40];
	uint8_t tag[16], zero[40] = { 0 };
	struct mx_gcm_key k;
	size_t i;

	memset(in, 0x77, sizeof(in));
	setkey(&k, key, sizeof(key));
	assert_int_equal(mx_gcm_seal(&k, iv, 12, aad, 13, in, 40, ct, tag), 0);
	for (i = 0; i < 8 * 16; i++) {
		tag[i / 8] ^= (uint8_t)(1 << (i % 8));
		memset(out, 0x55, sizeof(out));
		assert_int_equal(mx_gcm_open(&k, iv, 12, aad, 13, ct, 40, tag, out), -EBADMSG);
		assert_memory_equal(out, zero, sizeof(out));
		tag[i / 8] ^= (uint8_t)(1 << (i % 8));
	}
	for (i = 0; i < 8 * 40; i++) {
		ct[i / 8] ^= (uint8_t)(1 << (i % 8));
		assert_int_equal(mx_gcm_open(&k, iv, 12, aad, 13, ct, 40, tag, out), -EBADMSG);
		ct[i / 8] ^= (uint8_t)(1 << (i % 8));
	}
	for (i = 0; i < 8 * 13; i++) {
		aad[i / 8] ^= (uint8_t)(1 << (i % 8));
		assert_int_equal(mx_gcm_open(&k, iv, 12, aad, 13, ct, 40, tag, out), -EBADMSG);
		aad[i / 8] ^= (uint8_t)(1 << (i % 8));
	}
	assert_int_equal(mx_gcm_open(&k, iv, 12, aad, 12, ct, 40, tag, out), -EBADMSG);
	assert_int_equal(mx_gcm_open(&k, iv, 12, aad, 13, ct, 40, tag, out), 0);
	assert_memory_equal(out, in, sizeof(in));
	assert_int_equal(mx_gcm_seal(&k, iv, 0, aad, 13, in, 40, ct, tag), -EINVAL);
	assert_int_equal(mx_gcm_setkey(&k, key, 20), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		MX_BOTH(wycheproof),
		MX_BOTH(against_openssl),
		MX_BOTH(tampering),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
