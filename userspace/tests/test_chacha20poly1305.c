// SPDX-License-Identifier: GPL-2.0
/*
 * ChaCha20-Poly1305: every Wycheproof vector (including the nonce sizes
 * that must be refused), the AEAD, raw ChaCha20 and Poly1305 against
 * libcrypto on random inputs of every length up to several 8-block
 * passes, the streaming ChaCha20 and Poly1305 at every split point, and
 * tampering. Each runs with AVX2 and with the portable code.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "crypto/chacha20_impl.h"
#include "crypto/chacha20poly1305.h"
#include "crypto/cpu.h"
#include "paths.h"
#include "vectors.h"

static uint8_t *hex(const char *s, size_t *n)
{
	uint8_t *p = tv_hex(s, n);

	assert_non_null(p);
	return p;
}

static void wycheproof(void **state)
{
	struct json_object *root = tv_json("wycheproof/chacha20_poly1305_test.json"), *groups;
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
			int rc;

			assert_non_null(buf);
			assert_true(valid || !strcmp(tv_str(t, "result"), "invalid"));
			assert_int_equal(kl, 32);
			if (valid) {
				assert_int_equal(tl, 16);
				rc = mx_chacha20_poly1305_seal(key, iv, il, aad, al, msg, ml, buf,
							       mytag);
				if (rc || cl != ml || memcmp(buf, ct, cl) || memcmp(mytag, tag, 16))
					fail_msg("tcId %d: seal differs", id);
			}
			/* Tests without a tag (bad nonce sizes) must fail to seal. */
			if (tl != 16)
				rc = mx_chacha20_poly1305_seal(key, iv, il, aad, al, msg, ml, buf,
							       mytag);
			else
				rc = mx_chacha20_poly1305_open(key, iv, il, aad, al, ct, cl, tag,
							       buf);
			if (valid && (rc || memcmp(buf, msg, ml)))
				fail_msg("tcId %d: open failed (%d)", id, rc);
			if (!valid && rc == 0)
				fail_msg("tcId %d: invalid test accepted", id);
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
	assert_int_equal(tests, 325);
	json_object_put(root);
}

static void peer_seal(const uint8_t *key, const uint8_t *iv, const uint8_t *aad, size_t al,
		      const uint8_t *in, size_t len, uint8_t *out, uint8_t tag[16])
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int n = 0;

	assert_non_null(ctx);
	assert_int_equal(EVP_EncryptInit_ex(ctx, EVP_chacha20_poly1305(), NULL, key, iv), 1);
	if (al)
		assert_int_equal(EVP_EncryptUpdate(ctx, NULL, &n, aad, (int)al), 1);
	assert_int_equal(EVP_EncryptUpdate(ctx, out, &n, in, (int)len), 1);
	assert_int_equal(EVP_EncryptFinal_ex(ctx, out + n, &n), 1);
	assert_int_equal(EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, 16, tag), 1);
	EVP_CIPHER_CTX_free(ctx);
}

/* Raw ChaCha20 from OpenSSL: its 16-byte IV is counter (LE) || nonce. */
static void peer_chacha(const uint8_t *key, const uint8_t *nonce, uint32_t ctr,
			const uint8_t *in, size_t len, uint8_t *out)
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	uint8_t iv[16];
	int n = 0;

	iv[0] = (uint8_t)ctr;
	iv[1] = (uint8_t)(ctr >> 8);
	iv[2] = (uint8_t)(ctr >> 16);
	iv[3] = (uint8_t)(ctr >> 24);
	memcpy(iv + 4, nonce, 12);
	assert_non_null(ctx);
	assert_int_equal(EVP_EncryptInit_ex(ctx, EVP_chacha20(), NULL, key, iv), 1);
	assert_int_equal(EVP_EncryptUpdate(ctx, out, &n, in, (int)len), 1);
	EVP_CIPHER_CTX_free(ctx);
}

static void peer_poly1305(const uint8_t key[32], const uint8_t *msg, size_t len,
			  uint8_t tag[16])
{
	EVP_MAC *mac = EVP_MAC_fetch(NULL, "POLY1305", NULL);
	EVP_MAC_CTX *ctx = EVP_MAC_CTX_new(mac);
	size_t n;

	assert_non_null(ctx);
	assert_int_equal(EVP_MAC_init(ctx, key, 32, NULL), 1);
	assert_int_equal(EVP_MAC_update(ctx, msg, len), 1);
	assert_int_equal(EVP_MAC_final(ctx, tag, &n, 16), 1);
	assert_int_equal(n, 16);
	EVP_MAC_CTX_free(ctx);
	EVP_MAC_free(mac);
}

#define MAXLEN (64 * 8 * 3 + 100)

static void against_openssl(void **state)
{
	static uint8_t key[32], nonce[12], aad[40], in[MAXLEN], ours[MAXLEN], theirs[MAXLEN];
	uint8_t t1[16], t2[16];
	size_t len;

	for (len = 0; len <= MAXLEN; len += len < 600 ? 1 : 37) {
		struct mx_chacha20_ctx cc;
		struct mx_poly1305_ctx pc;
		size_t al = len % 41;
		uint32_t ctr;

		assert_int_equal(RAND_bytes(key, sizeof(key)), 1);
		assert_int_equal(RAND_bytes(nonce, sizeof(nonce)), 1);
		assert_int_equal(RAND_bytes(aad, sizeof(aad)), 1);
		assert_int_equal(RAND_bytes(in, sizeof(in)), 1);
		assert_int_equal(RAND_bytes((uint8_t *)&ctr, sizeof(ctr)), 1);
		ctr &= 0x7fffffff;	/* OpenSSL carries into the nonce; we do not */

		assert_int_equal(mx_chacha20_poly1305_seal(key, nonce, 12, aad, al, in, len,
							   ours, t1), 0);
		peer_seal(key, nonce, aad, al, in, len, theirs, t2);
		if (memcmp(ours, theirs, len) || memcmp(t1, t2, 16))
			fail_msg("AEAD of %zu bytes (aad %zu) differs", len, al);
		assert_int_equal(mx_chacha20_poly1305_open(key, nonce, 12, aad, al, ours, len,
							   t1, ours), 0);
		assert_memory_equal(ours, in, len);

		mx_chacha20_init(&cc, key, nonce, ctr);
		mx_chacha20_crypt(&cc, in, ours, len);
		peer_chacha(key, nonce, ctr, in, len, theirs);
		if (memcmp(ours, theirs, len))
			fail_msg("ChaCha20 of %zu bytes differs", len);

		mx_poly1305_init(&pc, key);
		mx_poly1305_update(&pc, in, len);
		mx_poly1305_final(&pc, t1);
		peer_poly1305(key, in, len, t2);
		if (memcmp(t1, t2, 16))
			fail_msg("Poly1305 of %zu bytes differs", len);
	}
}

/*
 * Poly1305 edge values: accumulators near p, s near 2^128 (carries),
 * r at its clamped maximum; checked against libcrypto.
 */
static void poly1305_edges(void **state)
{
	uint8_t key[32], msg[64], t1[16], t2[16];
	struct mx_poly1305_ctx pc;
	int i, fill;

	for (i = 0; i < 64; i++) {
		fill = (i & 1) ? 0xff : 0x00;
		memset(key, (i & 2) ? 0xff : 0x00, 16);
		memset(key + 16, (i & 4) ? 0xff : 0x00, 16);
		memset(msg, fill, sizeof(msg));
		if (i & 8)
			msg[0] = 0xfb;	/* p's low byte pattern */
		mx_poly1305_init(&pc, key);
		mx_poly1305_update(&pc, msg, 16 + (size_t)(i % 48));
		mx_poly1305_final(&pc, t1);
		peer_poly1305(key, msg, 16 + (size_t)(i % 48), t2);
		assert_memory_equal(t1, t2, 16);
	}
}

static void every_split_point(void **state)
{
	uint8_t key[32], nonce[12], in[700], whole[700], out[700], t1[16], t2[16];
	size_t i, j, n = sizeof(in);

	assert_int_equal(RAND_bytes(key, sizeof(key)), 1);
	assert_int_equal(RAND_bytes(nonce, sizeof(nonce)), 1);
	assert_int_equal(RAND_bytes(in, sizeof(in)), 1);
	{
		struct mx_chacha20_ctx cc;
		struct mx_poly1305_ctx pc;

		mx_chacha20_init(&cc, key, nonce, 7);
		mx_chacha20_crypt(&cc, in, whole, n);
		mx_poly1305_init(&pc, key);
		mx_poly1305_update(&pc, in, n);
		mx_poly1305_final(&pc, t1);
	}
	for (i = 0; i <= n; i++) {
		struct mx_chacha20_ctx cc;
		struct mx_poly1305_ctx pc;

		mx_chacha20_init(&cc, key, nonce, 7);
		mx_chacha20_crypt(&cc, in, out, i);
		mx_chacha20_crypt(&cc, in + i, out + i, n - i);
		if (memcmp(out, whole, n))
			fail_msg("ChaCha20 split at %zu differs", i);
		mx_poly1305_init(&pc, key);
		mx_poly1305_update(&pc, in, i);
		mx_poly1305_update(&pc, in + i, n - i);
		mx_poly1305_final(&pc, t2);
		if (memcmp(t1, t2, 16))
			fail_msg("Poly1305 split at %zu differs", i);
	}
	/* three pieces around the 64-byte keystream blocks */
	for (i = 0; i <= 130; i++) {
		for (j = i; j <= 130; j++) {
			struct mx_chacha20_ctx cc;

			mx_chacha20_init(&cc, key, nonce, 7);
			mx_chacha20_crypt(&cc, in, out, i);
			mx_chacha20_crypt(&cc, in + i, out + i, j - i);
			mx_chacha20_crypt(&cc, in + j, out + j, 130 - j);
			if (memcmp(out, whole, 130))
				fail_msg("ChaCha20 split at %zu, %zu differs", i, j);
		}
	}
}

/*
 * Each block function this CPU can run against the portable one, from
 * 0 to 3 x 8 + 7 blocks and counters about to wrap: the accelerated run
 * above only reaches the best of them.
 */
static void every_block_function(void **state)
{
	static uint8_t in[64 * 31], want[64 * 31], got[64 * 31];
	uint32_t st0[16], st1[16];
	size_t n, i;
	int f;

	assert_int_equal(RAND_bytes(in, sizeof(in)), 1);
	for (f = 0; f < 2; f++) {
		if (!mx_cpu_has(f ? MX_CPU_AVX512 : MX_CPU_AVX2))
			continue;
		for (n = 0; n <= 31; n++) {
			assert_int_equal(RAND_bytes((uint8_t *)st0, sizeof(st0)), 1);
			if (n & 1)
				st0[12] = 0xfffffffa;
			memcpy(st1, st0, sizeof(st0));
			mx_chacha20_blocks_c(st0, in, want, n);
			if (f)
				mx_chacha20_blocks_avx512(st1, in, got, n);
			else
				mx_chacha20_blocks_avx2(st1, in, got, n);
			for (i = 0; i < 64 * n; i++)
				if (got[i] != want[i])
					fail_msg("%s, %zu blocks: byte %zu differs",
						 f ? "AVX-512" : "AVX2", n, i);
			assert_memory_equal(st0, st1, sizeof(st0));
		}
	}
}

static void tampering(void **state)
{
	uint8_t key[32] = { 1 }, nonce[12] = { 2 }, aad[12] = { 3 }, in[33], ct[33], out[33];
	uint8_t tag[16];
	size_t i;

	memset(in, 0x42, sizeof(in));
	memset(out, 0x99, sizeof(out));
	assert_int_equal(mx_chacha20_poly1305_seal(key, nonce, 12, aad, 12, in, 33, ct, tag), 0);
	for (i = 0; i < 8 * 16; i++) {
		tag[i / 8] ^= (uint8_t)(1 << (i % 8));
		assert_int_equal(mx_chacha20_poly1305_open(key, nonce, 12, aad, 12, ct, 33, tag,
							   out), -EBADMSG);
		tag[i / 8] ^= (uint8_t)(1 << (i % 8));
	}
	for (i = 0; i < 8 * 33; i++) {
		ct[i / 8] ^= (uint8_t)(1 << (i % 8));
		assert_int_equal(mx_chacha20_poly1305_open(key, nonce, 12, aad, 12, ct, 33, tag,
							   out), -EBADMSG);
		ct[i / 8] ^= (uint8_t)(1 << (i % 8));
	}
	/* nothing was written by the failures */
	for (i = 0; i < sizeof(out); i++)
		assert_int_equal(out[i], 0x99);
	assert_int_equal(mx_chacha20_poly1305_open(key, nonce, 11, aad, 12, ct, 33, tag, out),
			 -EINVAL);
	assert_int_equal(mx_chacha20_poly1305_open(key, nonce, 12, aad, 12, ct, 33, tag, out), 0);
	assert_memory_equal(out, in, sizeof(in));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		MX_BOTH(wycheproof),
		MX_BOTH(against_openssl),
		cmocka_unit_test(poly1305_edges),
		cmocka_unit_test(every_block_function),
		MX_BOTH(every_split_point),
		cmocka_unit_test(tampering),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
