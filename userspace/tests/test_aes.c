// SPDX-License-Identifier: GPL-2.0
/*
 * AES: the FIPS 197 appendix C examples, every Wycheproof AES-CBC-PKCS5
 * vector, random keys and messages against libcrypto (ECB blocks, CBC,
 * counter mode including the 32-bit wrap), CBC chained across calls at
 * every block boundary, in-place operation, and PKCS#7 unpadding of every
 * pad byte value. Each runs on AES-NI and on the bitsliced fallback.
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

#include "crypto/aes.h"
#include "crypto/cpu.h"
#include "crypto/pad.h"
#include "paths.h"
#include "vectors.h"

/* The key set up must use the implementation the test asked for. */
static void setkey(struct mx_aes_key *k, const uint8_t *key, size_t len)
{
	assert_int_equal(mx_aes_setkey(k, key, len), 0);
	assert_int_equal(k->impl, mx_cpu_has(MX_CPU_AESNI) ? MX_AES_NI : MX_AES_CT);
}

static uint8_t *hex(const char *s, size_t *n)
{
	uint8_t *p = tv_hex(s, n);

	assert_non_null(p);
	return p;
}

/* FIPS 197 appendix C: key 00 01 02 ..., plaintext 00 11 22 ... ff. */
static void fips197(void **state)
{
	static const char *const ct[3] = {
		"69c4e0d86a7b0430d8cdb78070b4c55a",
		"dda97ca4864cdfe06eaf70a0ec0d7191",
		"8ea2b7ca516745bfeafc49904b496089",
	};
	uint8_t key[32], pt[16], out[16], back[16], *want;
	struct mx_aes_key k;
	size_t i, n;

	for (i = 0; i < 32; i++)
		key[i] = (uint8_t)i;
	for (i = 0; i < 16; i++)
		pt[i] = (uint8_t)(i * 0x11);
	for (i = 0; i < 3; i++) {
		setkey(&k, key, 16 + 8 * i);
		assert_int_equal(k.rounds, 10 + 2 * i);
		mx_aes_encrypt_block(&k, pt, out);
		want = hex(ct[i], &n);
		assert_memory_equal(out, want, 16);
		mx_aes_decrypt_block(&k, out, back);
		assert_memory_equal(back, pt, 16);
		free(want);
	}
	assert_int_equal(mx_aes_setkey(&k, key, 15), -EINVAL);
	assert_int_equal(mx_aes_setkey(&k, key, 0), -EINVAL);
	mx_aes_clear(&k);
}

static void wycheproof_cbc_pkcs5(void **state)
{
	struct json_object *root = tv_json("wycheproof/aes_cbc_pkcs5_test.json"), *groups;
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
			size_t kl, il, ml, cl, outlen;
			uint8_t *key = hex(tv_str(t, "key"), &kl), *iv = hex(tv_str(t, "iv"), &il);
			uint8_t *msg = hex(tv_str(t, "msg"), &ml), *ct = hex(tv_str(t, "ct"), &cl);
			uint8_t *buf = malloc(ml + cl + 16), ivc[16];
			struct mx_aes_key k;
			int rc;

			assert_non_null(buf);
			assert_int_equal(il, 16);
			setkey(&k, key, kl);
			if (valid) {
				memcpy(buf, msg, ml);
				outlen = mx_pkcs7_pad(buf, ml, 16);
				memcpy(ivc, iv, 16);
				assert_int_equal(mx_aes_cbc_encrypt(&k, ivc, buf, buf, outlen), 0);
				if (outlen != cl || memcmp(buf, ct, cl))
					fail_msg("tcId %d: encryption differs", id);
			}
			rc = -EBADMSG;
			if (cl && cl % 16 == 0) {
				memcpy(ivc, iv, 16);
				assert_int_equal(mx_aes_cbc_decrypt(&k, ivc, ct, buf, cl), 0);
				rc = mx_pkcs7_unpad(buf, cl, 16, &outlen);
			}
			if (valid && (rc || outlen != ml || memcmp(buf, msg, ml)))
				fail_msg("tcId %d: decryption failed", id);
			if (!valid && rc != -EBADMSG)
				fail_msg("tcId %d: bad padding accepted", id);
			mx_aes_clear(&k);
			free(key);
			free(iv);
			free(msg);
			free(ct);
			free(buf);
			tests++;
		}
	}
	assert_int_equal(tests, 216);
	json_object_put(root);
}

static const EVP_CIPHER *peer(const char *mode, size_t keylen)
{
	static const EVP_CIPHER *(*const ecb[3])(void) = {
		EVP_aes_128_ecb, EVP_aes_192_ecb, EVP_aes_256_ecb };
	static const EVP_CIPHER *(*const cbc[3])(void) = {
		EVP_aes_128_cbc, EVP_aes_192_cbc, EVP_aes_256_cbc };
	static const EVP_CIPHER *(*const ctr[3])(void) = {
		EVP_aes_128_ctr, EVP_aes_192_ctr, EVP_aes_256_ctr };
	size_t i = (keylen - 16) / 8;

	if (!strcmp(mode, "ecb"))
		return ecb[i]();
	if (!strcmp(mode, "cbc"))
		return cbc[i]();
	return ctr[i]();
}

static void peer_crypt(const EVP_CIPHER *c, int enc, const uint8_t *key, const uint8_t *iv,
		       const uint8_t *in, size_t len, uint8_t *out)
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int n1 = 0, n2 = 0;

	assert_non_null(ctx);
	assert_int_equal(EVP_CipherInit_ex(ctx, c, NULL, key, iv, enc), 1);
	EVP_CIPHER_CTX_set_padding(ctx, 0);
	assert_int_equal(EVP_CipherUpdate(ctx, out, &n1, in, (int)len), 1);
	assert_int_equal(EVP_CipherFinal_ex(ctx, out + n1, &n2), 1);
	assert_int_equal((size_t)(n1 + n2), len);
	EVP_CIPHER_CTX_free(ctx);
}

#define MAXB 37	/* blocks: more than four passes of the 8-block loops */

static void against_openssl(void **state)
{
	uint8_t key[32], iv[16], ivc[16], in[16 * MAXB], ours[16 * MAXB], theirs[16 * MAXB];
	size_t kl, nb, i;
	struct mx_aes_key k;

	for (kl = 16; kl <= 32; kl += 8) {
		for (nb = 0; nb <= MAXB; nb++) {
			assert_int_equal(RAND_bytes(key, sizeof(key)), 1);
			assert_int_equal(RAND_bytes(iv, sizeof(iv)), 1);
			assert_int_equal(RAND_bytes(in, sizeof(in)), 1);
			setkey(&k, key, kl);

			for (i = 0; i < nb; i++)
				mx_aes_encrypt_block(&k, in + 16 * i, ours + 16 * i);
			peer_crypt(peer("ecb", kl), 1, key, NULL, in, 16 * nb, theirs);
			assert_memory_equal(ours, theirs, 16 * nb);
			for (i = 0; i < nb; i++)
				mx_aes_decrypt_block(&k, theirs + 16 * i, ours + 16 * i);
			assert_memory_equal(ours, in, 16 * nb);

			memcpy(ivc, iv, 16);
			assert_int_equal(mx_aes_cbc_encrypt(&k, ivc, in, ours, 16 * nb), 0);
			peer_crypt(peer("cbc", kl), 1, key, iv, in, 16 * nb, theirs);
			assert_memory_equal(ours, theirs, 16 * nb);
			if (nb)
				assert_memory_equal(ivc, ours + 16 * (nb - 1), 16);
			memcpy(ivc, iv, 16);
			assert_int_equal(mx_aes_cbc_decrypt(&k, ivc, theirs, ours, 16 * nb), 0);
			assert_memory_equal(ours, in, 16 * nb);

			/*
			 * Counter mode, any length, low word far from wrapping:
			 * OpenSSL's 128-bit counter then agrees with ours.
			 */
			iv[12] = 0;
			memcpy(ivc, iv, 16);
			mx_aes_ctr32(&k, ivc, in, ours, 16 * nb - (nb ? 5 : 0));
			peer_crypt(peer("ctr", kl), 1, key, iv, in, 16 * nb - (nb ? 5 : 0), theirs);
			assert_memory_equal(ours, theirs, 16 * nb - (nb ? 5 : 0));
			mx_aes_clear(&k);
		}
	}
}

/* The counter wraps in its last 32 bits only (GCM's inc32). */
static void ctr32_wraps(void **state)
{
	uint8_t key[16] = { 7 }, ctr[16], cb[16], in[16 * 20] = { 0 }, out[16 * 20], ks[16];
	struct mx_aes_key k;
	int i;

	setkey(&k, key, 16);
	memset(ctr, 0xab, 12);
	memset(ctr + 12, 0xff, 4);
	ctr[15] = 0xf6;			/* wraps after ten blocks */
	memcpy(cb, ctr, 16);
	mx_aes_ctr32(&k, ctr, in, out, sizeof(in));
	for (i = 0; i < 20; i++) {
		peer_crypt(peer("ecb", 16), 1, key, NULL, cb, 16, ks);
		assert_memory_equal(out + 16 * i, ks, 16);
		/* increment the last 4 bytes only */
		for (int j = 15; j >= 12 && ++cb[j] == 0; j--)
			;
	}
	assert_memory_equal(ctr, cb, 16);
	assert_memory_equal(ctr, "\xab\xab\xab\xab\xab\xab\xab\xab\xab\xab\xab\xab\0\0\0\x0a", 16);
}

/*
 * A CBC message processed in two calls, cut at every block boundary, and
 * in place.
 */
static void cbc_every_split(void **state)
{
	uint8_t key[32], iv[16], ivc[16], in[16 * 20], whole[16 * 20], out[16 * 20];
	struct mx_aes_key k;
	size_t i, n = sizeof(in);

	assert_int_equal(RAND_bytes(key, sizeof(key)), 1);
	assert_int_equal(RAND_bytes(iv, sizeof(iv)), 1);
	assert_int_equal(RAND_bytes(in, sizeof(in)), 1);
	setkey(&k, key, 32);
	memcpy(ivc, iv, 16);
	assert_int_equal(mx_aes_cbc_encrypt(&k, ivc, in, whole, n), 0);
	for (i = 0; i <= n; i += 16) {
		memcpy(ivc, iv, 16);
		memcpy(out, in, n);
		assert_int_equal(mx_aes_cbc_encrypt(&k, ivc, out, out, i), 0);
		assert_int_equal(mx_aes_cbc_encrypt(&k, ivc, out + i, out + i, n - i), 0);
		assert_memory_equal(out, whole, n);
		memcpy(ivc, iv, 16);
		assert_int_equal(mx_aes_cbc_decrypt(&k, ivc, out, out, i), 0);
		assert_int_equal(mx_aes_cbc_decrypt(&k, ivc, out + i, out + i, n - i), 0);
		assert_memory_equal(out, in, n);
	}
	assert_int_equal(mx_aes_cbc_encrypt(&k, ivc, in, out, 15), -EINVAL);
	assert_int_equal(mx_aes_cbc_decrypt(&k, ivc, in, out, 17), -EINVAL);
}

/*
 * Every pad value 0..255 in the last byte, with the bytes before it right
 * or off by one, at block sizes 8 and 16.
 */
static void pkcs7_every_value(void **state)
{
	uint8_t buf[48];
	size_t bs, outlen, i;
	int v;

	for (bs = 8; bs <= 16; bs += 8) {
		for (v = 0; v < 256; v++) {
			int good = v >= 1 && (size_t)v <= bs;

			memset(buf, 0x5a, sizeof(buf));
			for (i = 0; i < (size_t)v && i < sizeof(buf); i++)
				buf[sizeof(buf) - 1 - i] = (uint8_t)v;
			assert_int_equal(mx_pkcs7_unpad(buf, sizeof(buf), bs, &outlen),
					 good ? 0 : -EBADMSG);
			assert_int_equal(outlen, sizeof(buf) - (good ? (size_t)v : 0));
			if (v >= 2 && (size_t)v <= bs) {
				buf[sizeof(buf) - v] ^= 1;
				assert_int_equal(mx_pkcs7_unpad(buf, sizeof(buf), bs, &outlen),
						 -EBADMSG);
			}
		}
		assert_int_equal(mx_pkcs7_pad(buf, 0, bs), bs);
		assert_int_equal(buf[bs - 1], bs);
		assert_int_equal(mx_pkcs7_pad(buf, 3, bs), bs);
		assert_int_equal(mx_pkcs7_unpad(buf, bs, bs, &outlen), 0);
		assert_int_equal(outlen, 3);
		assert_int_equal(mx_pkcs7_unpad(buf, 0, bs, &outlen), -EBADMSG);
		assert_int_equal(mx_pkcs7_unpad(buf, bs + 1, bs, &outlen), -EBADMSG);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		MX_BOTH(fips197),
		MX_BOTH(wycheproof_cbc_pkcs5),
		MX_BOTH(against_openssl),
		MX_BOTH(ctr32_wraps),
		MX_BOTH(cbc_every_split),
		cmocka_unit_test(pkcs7_every_value),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
