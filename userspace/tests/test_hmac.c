// SPDX-License-Identifier: GPL-2.0
/*
 * HMAC: every Wycheproof HMAC-SHA1/256/384 vector (tag and verdict), the
 * RFC 2202 (MD5, SHA-1) and RFC 4231 (SHA-256/384/512) test cases, random
 * keys and messages against libcrypto's HMAC, and the streaming interface
 * at every split point. Each runs on the accelerated and portable paths.
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
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "crypto/hmac.h"
#include "paths.h"
#include "vectors.h"

static void wycheproof(const char *rel, enum mx_hash_id id, int want_tests)
{
	struct json_object *root = tv_json(rel), *groups;
	size_t gi, ti;
	int tests = 0;

	assert_non_null(root);
	assert_true(json_object_object_get_ex(root, "testGroups", &groups));
	for (gi = 0; gi < json_object_array_length(groups); gi++) {
		struct json_object *g = json_object_array_get_idx(groups, gi), *arr, *v;
		size_t tag_bits;

		assert_true(json_object_object_get_ex(g, "tagSize", &v));
		tag_bits = (size_t)json_object_get_int(v);
		assert_true(json_object_object_get_ex(g, "tests", &arr));
		for (ti = 0; ti < json_object_array_length(arr); ti++) {
			struct json_object *t = json_object_array_get_idx(arr, ti);
			const char *result = tv_str(t, "result");
			size_t klen, mlen, tlen;
			uint8_t *key = tv_hex(tv_str(t, "key"), &klen);
			uint8_t *msg = tv_hex(tv_str(t, "msg"), &mlen);
			uint8_t *tag = tv_hex(tv_str(t, "tag"), &tlen);
			uint8_t full[MX_HASH_MAX_LEN];
			int tc = json_object_get_int(json_object_object_get(t, "tcId"));
			int valid = !strcmp(result, "valid"), rc;

			assert_non_null(key);
			assert_non_null(msg);
			assert_non_null(tag);
			assert_int_equal(tlen * 8, tag_bits);
			assert_true(valid || !strcmp(result, "invalid"));
			mx_hmac(id, key, klen, msg, mlen, full);
			rc = mx_hmac_verify(id, key, klen, msg, mlen, tag, tlen);
			if (valid && (memcmp(full, tag, tlen) || rc != 0))
				fail_msg("%s tcId %d: valid tag rejected", rel, tc);
			if (!valid && rc != -EBADMSG)
				fail_msg("%s tcId %d: invalid tag accepted (%d)", rel, tc, rc);
			free(key);
			free(msg);
			free(tag);
			tests++;
		}
	}
	assert_int_equal(tests, want_tests);
	json_object_put(root);
}

static void wycheproof_sha1(void **state)
{
	wycheproof("wycheproof/hmac_sha1_test.json", MX_HASH_SHA1, 170);
}

static void wycheproof_sha256(void **state)
{
	wycheproof("wycheproof/hmac_sha256_test.json", MX_HASH_SHA256, 174);
}

static void wycheproof_sha384(void **state)
{
	wycheproof("wycheproof/hmac_sha384_test.json", MX_HASH_SHA384, 174);
}

/*
 * RFC 2202 section 2 and 3, RFC 4231 section 4. Keys and data are given
 * as (byte, count) fills or strings, as in the RFCs; tags in hex.
 */
struct rfc_case {
	const char *key_hex;	/* NULL: key_fill repeated key_n times */
	uint8_t key_fill;
	size_t key_n;
	const char *data;	/* NULL: data_fill repeated data_n times */
	uint8_t data_fill;
	size_t data_n;
};

#define FILL(b, n) NULL, b, n
static const struct rfc_case rfc2202_md5[7] = {
	{ FILL(0x0b, 16), "Hi There", 0, 0 },
	{ "4a656665", 0, 0, "what do ya want for nothing?", 0, 0 },
	{ FILL(0xaa, 16), FILL(0xdd, 50) },
	{ "0102030405060708090a0b0c0d0e0f10111213141516171819", 0, 0, FILL(0xcd, 50) },
	{ FILL(0x0c, 16), "Test With Truncation", 0, 0 },
	{ FILL(0xaa, 80), "Test Using Larger Than Block-Size Key - Hash Key First", 0, 0 },
	{ FILL(0xaa, 80),
	  "Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data", 0, 0 },
};

static const char *const rfc2202_md5_tags[7] = {
	"9294727a3638bb1c13f48ef8158bfc9d", "750c783e6ab0b503eaa86e310a5db738",
	"56be34521d144c88dbb8c733f0e8b3f6", "697eaf0aca3a3aea3a75164746ffaa79",
	"56461ef2342edc00f9bab995690efd4c", "6b1ab7fe4bd7bf8f0b62e6ce61b9d0cd",
	"6f630fad67cda0ee1fb1f562db3aa53e",
};

static const struct rfc_case rfc2202_sha1[7] = {
	{ FILL(0x0b, 20), "Hi There", 0, 0 },
	{ "4a656665", 0, 0, "what do ya want for nothing?", 0, 0 },
	{ FILL(0xaa, 20), FILL(0xdd, 50) },
	{ "0102030405060708090a0b0c0d0e0f10111213141516171819", 0, 0, FILL(0xcd, 50) },
	{ FILL(0x0c, 20), "Test With Truncation", 0, 0 },
	{ FILL(0xaa, 80), "Test Using Larger Than Block-Size Key - Hash Key First", 0, 0 },
	{ FILL(0xaa, 80),
	  "Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data", 0, 0 },
};

static const char *const rfc2202_sha1_tags[7] = {
	"b617318655057264e28bc0b6fb378c8ef146be00", "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79",
	"125d7342b9ac11cd91a39af48aa17b4f63f175d3", "4c9007f4026250c6bc8414f9bf50c86c2d7235da",
	"4c1a03424b55e07fe7f27be1d58bb9324a9a5a04", "aa4ae5e15272d00e95705637ce8a3b55ed402112",
	"e8e99d0f45237d786d6bbaa7965c7808bbff1a91",
};

/* RFC 4231 test cases 1-7; case 5's tags are truncated to 128 bits. */
static const struct rfc_case rfc4231[7] = {
	{ FILL(0x0b, 20), "Hi There", 0, 0 },
	{ "4a656665", 0, 0, "what do ya want for nothing?", 0, 0 },
	{ FILL(0xaa, 20), FILL(0xdd, 50) },
	{ "0102030405060708090a0b0c0d0e0f10111213141516171819", 0, 0, FILL(0xcd, 50) },
	{ FILL(0x0c, 20), "Test With Truncation", 0, 0 },
	{ FILL(0xaa, 131), "Test Using Larger Than Block-Size Key - Hash Key First", 0, 0 },
	{ FILL(0xaa, 131),
	  "This is a test using a larger than block-size key and a larger than block-size "
	  "data. The key needs to be hashed before being used by the HMAC algorithm.", 0, 0 },
};

static const char *const rfc4231_sha256[7] = {
	"b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
	"5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
	"773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
	"82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
	"a3b6167473100ee06e0c796c2955552b",
	"60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
	"9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
};

static const char *const rfc4231_sha384[7] = {
	"afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59c"
	"faea9ea9076ede7f4af152e8b2fa9cb6",
	"af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e"
	"8e2240ca5e69e2c78b3239ecfab21649",
	"88062608d3e6ad8a0aa2ace014c8a86f0aa635d947ac9febe83ef4e55966144b"
	"2a5ab39dc13814b94e3ab6e101a34f27",
	"3e8a69b7783c25851933ab6290af6ca77a9981480850009cc5577c6e1f573b4e"
	"6801dd23c4a7d679ccf8a386c674cffb",
	"3abf34c3503b2a23a46efc619baef897",
	"4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c6"
	"0c2ef6ab4030fe8296248df163f44952",
	"6617178e941f020d351e2f254e8fd32c602420feb0b8fb9adccebb82461e99c5"
	"a678cc31e799176d3860e6110c46523e",
};

static const char *const rfc4231_sha512[7] = {
	"87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
	"daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854",
	"164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
	"9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737",
	"fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39"
	"bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb",
	"b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3db"
	"a91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd",
	"415fad6271580a531d4179bc891d87a6",
	"80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
	"6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598",
	"e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944"
	"b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58",
};

static void run_rfc(enum mx_hash_id id, const struct rfc_case *c, const char *const *tags)
{
	int i;

	for (i = 0; i < 7; i++) {
		uint8_t key[131], data[160], out[MX_HASH_MAX_LEN], *k, *want;
		size_t klen, dlen, wlen;

		if (c[i].key_hex) {
			k = tv_hex(c[i].key_hex, &klen);
			assert_non_null(k);
			memcpy(key, k, klen);
			free(k);
		} else {
			klen = c[i].key_n;
			memset(key, c[i].key_fill, klen);
		}
		if (c[i].data) {
			dlen = strlen(c[i].data);
			memcpy(data, c[i].data, dlen);
		} else {
			dlen = c[i].data_n;
			memset(data, c[i].data_fill, dlen);
		}
		want = tv_hex(tags[i], &wlen);
		assert_non_null(want);
		mx_hmac(id, key, klen, data, dlen, out);
		if (memcmp(out, want, wlen))
			fail_msg("%s RFC case %d differs", mx_hash_get(id)->name, i + 1);
		assert_int_equal(mx_hmac_verify(id, key, klen, data, dlen, want, wlen), 0);
		free(want);
	}
}

static void rfc2202_4231(void **state)
{
	run_rfc(MX_HASH_MD5, rfc2202_md5, rfc2202_md5_tags);
	run_rfc(MX_HASH_SHA1, rfc2202_sha1, rfc2202_sha1_tags);
	run_rfc(MX_HASH_SHA256, rfc4231, rfc4231_sha256);
	run_rfc(MX_HASH_SHA384, rfc4231, rfc4231_sha384);
	run_rfc(MX_HASH_SHA512, rfc4231, rfc4231_sha512);
}

static const EVP_MD *peer_md(enum mx_hash_id id)
{
	static const EVP_MD *(*const mds[])(void) = {
		EVP_md5, EVP_sha1, EVP_sha256, EVP_sha384, EVP_sha512,
	};

	return mds[id]();
}

/* Key lengths around the block size, message lengths around it too. */
static void against_openssl(void **state)
{
	uint8_t key[2 * MX_HASH_MAX_BLOCK + 1], msg[300];
	static const size_t klens[] = { 0, 1, 20, 63, 64, 65, 127, 128, 129, 257 };
	static const size_t mlens[] = { 0, 1, 55, 56, 64, 111, 112, 128, 300 };
	int id;
	size_t ki, mi;

	assert_int_equal(RAND_bytes(key, sizeof(key)), 1);
	assert_int_equal(RAND_bytes(msg, sizeof(msg)), 1);
	for (id = MX_HASH_MD5; id <= MX_HASH_SHA512; id++) {
		for (ki = 0; ki < sizeof(klens) / sizeof(klens[0]); ki++) {
			for (mi = 0; mi < sizeof(mlens) / sizeof(mlens[0]); mi++) {
				uint8_t ours[MX_HASH_MAX_LEN], peer[EVP_MAX_MD_SIZE];
				unsigned int plen;

				mx_hmac(id, key, klens[ki], msg, mlens[mi], ours);
				const EVP_MD *md = peer_md(id);

				assert_non_null(HMAC(md, key, (int)klens[ki], msg, mlens[mi], peer,
						     &plen));
				if (memcmp(ours, peer, plen))
					fail_msg("HMAC-%s key %zu msg %zu differs",
						 mx_hash_get(id)->name, klens[ki], mlens[mi]);
			}
		}
	}
}

static void every_split_point(void **state)
{
	uint8_t key[32], msg[2 * MX_HASH_MAX_BLOCK + 5];
	int id;

	assert_int_equal(RAND_bytes(key, sizeof(key)), 1);
	assert_int_equal(RAND_bytes(msg, sizeof(msg)), 1);
	for (id = MX_HASH_MD5; id <= MX_HASH_SHA512; id++) {
		uint8_t want[MX_HASH_MAX_LEN], got[MX_HASH_MAX_LEN];
		struct mx_hmac_ctx keyed, ctx;
		size_t i;

		mx_hmac(id, key, sizeof(key), msg, sizeof(msg), want);
		mx_hmac_init(&keyed, id, key, sizeof(key));
		for (i = 0; i <= sizeof(msg); i++) {
			ctx = keyed;	/* a keyed context is reusable by copy */
			mx_hmac_update(&ctx, msg, i);
			mx_hmac_update(&ctx, msg + i, sizeof(msg) - i);
			mx_hmac_final(&ctx, got);
			if (memcmp(got, want, mx_hash_get(id)->digest_len))
				fail_msg("HMAC-%s split at %zu differs", mx_hash_get(id)->name, i);
		}
	}
}

/*
 * Verification: every single-bit change of the tag is refused, lengths
 * out of range are refused as such, final wipes the context.
 */
static void verify_rules(void **state)
{
	uint8_t key[16] = { 1 }, msg[10] = { 2 }, tag[MX_SHA256_LEN];
	uint8_t zero[sizeof(struct mx_hmac_ctx)];
	struct mx_hmac_ctx ctx;
	size_t i;
	int b;

	mx_hmac(MX_HASH_SHA256, key, sizeof(key), msg, sizeof(msg), tag);
	assert_int_equal(mx_hmac_verify(MX_HASH_SHA256, key, 16, msg, 10, tag, 32), 0);
	assert_int_equal(mx_hmac_verify(MX_HASH_SHA256, key, 16, msg, 10, tag, 10), 0);
	assert_int_equal(mx_hmac_verify(MX_HASH_SHA256, key, 16, msg, 10, tag, 9), -EINVAL);
	assert_int_equal(mx_hmac_verify(MX_HASH_SHA256, key, 16, msg, 10, tag, 33), -EINVAL);
	for (i = 0; i < sizeof(tag); i++) {
		for (b = 0; b < 8; b++) {
			tag[i] ^= (uint8_t)(1 << b);
			assert_int_equal(mx_hmac_verify(MX_HASH_SHA256, key, 16, msg, 10, tag, 32),
					 -EBADMSG);
			tag[i] ^= (uint8_t)(1 << b);
		}
	}
	assert_int_equal(mx_hmac_verify(MX_HASH_SHA256, key, 16, msg, 9, tag, 32), -EBADMSG);
	mx_hmac_init(&ctx, MX_HASH_SHA256, key, sizeof(key));
	mx_hmac_update(&ctx, msg, sizeof(msg));
	assert_int_equal(mx_hmac_final_verify(&ctx, tag, sizeof(tag)), 0);
	memset(zero, 0, sizeof(zero));
	assert_memory_equal(&ctx, zero, sizeof(ctx));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		MX_BOTH(wycheproof_sha1),
		MX_BOTH(wycheproof_sha256),
		MX_BOTH(wycheproof_sha384),
		MX_BOTH(rfc2202_4231),
		MX_BOTH(against_openssl),
		MX_BOTH(every_split_point),
		cmocka_unit_test(verify_rules),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
