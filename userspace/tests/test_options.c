// SPDX-License-Identifier: GPL-2.0
/*
 * The guide's size/speed options: the library is built without them, so
 * this test compiles the units they change with all four on
 * (PS_{AES,3DES,MD5,SHA1}_IMPROVE_PERF_INCREASE_CODESIZE) and checks
 * those builds against libcrypto and the NIST/RFC files: the bitsliced AES
 * in its eight-block vector form (alone, in CBC and counter mode, and
 * under GCM), unrolled Triple DES, MD5 and SHA-1. The portable code is
 * forced, since these options only change it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#define PS_AES_IMPROVE_PERF_INCREASE_CODESIZE
#define PS_3DES_IMPROVE_PERF_INCREASE_CODESIZE
#define PS_MD5_IMPROVE_PERF_INCREASE_CODESIZE
#define PS_SHA1_IMPROVE_PERF_INCREASE_CODESIZE
#include "crypto/aes.c"
#include "crypto/aes_ct.c"
#include "crypto/des.c"
#include "crypto/md5.c"
#include "crypto/sha1.c"

#include "crypto/gcm.h"
#include "vectors.h"

static int portable(void **state)
{
	mx_cpu_force_portable(1);
	return 0;
}

static void crypt_peer(const EVP_CIPHER *c, const uint8_t *key, const uint8_t *iv,
		       const uint8_t *in, size_t len, uint8_t *out)
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int n1 = 0, n2 = 0;

	assert_non_null(ctx);
	assert_int_equal(EVP_EncryptInit_ex(ctx, c, NULL, key, iv), 1);
	EVP_CIPHER_CTX_set_padding(ctx, 0);
	assert_int_equal(EVP_EncryptUpdate(ctx, out, &n1, in, (int)len), 1);
	assert_int_equal(EVP_EncryptFinal_ex(ctx, out + n1, &n2), 1);
	EVP_CIPHER_CTX_free(ctx);
}

/* Every block count up to 2 x 8 + 1 so both vector lanes and the tails
 * are used, with all three key sizes. */
static void aes_eight_blocks(void **state)
{
	static const EVP_CIPHER *(*const cbc[3])(void) = {
		EVP_aes_128_cbc, EVP_aes_192_cbc, EVP_aes_256_cbc };
	static const EVP_CIPHER *(*const ctr[3])(void) = {
		EVP_aes_128_ctr, EVP_aes_192_ctr, EVP_aes_256_ctr };
	uint8_t key[32], iv[16], ivc[16], in[16 * 18], ours[16 * 18], theirs[16 * 18];
	struct mx_aes_key k;
	size_t ki, nb;

	assert_int_equal(MX_AES_CT_BLOCKS, 8);
	for (ki = 0; ki < 3; ki++) {
		for (nb = 0; nb <= 17; nb++) {
			assert_int_equal(RAND_bytes(key, sizeof(key)), 1);
			assert_int_equal(RAND_bytes(iv, sizeof(iv)), 1);
			assert_int_equal(RAND_bytes(in, sizeof(in)), 1);
			iv[12] = 0;	/* no 32-bit wrap: OpenSSL's CTR agrees */
			assert_int_equal(mx_aes_setkey(&k, key, 16 + 8 * ki), 0);
			assert_int_equal(k.impl, MX_AES_CT);

			mx_aes_ct_encrypt(&k, in, ours, nb < 8 ? nb : 8);
			mx_aes_ct_decrypt(&k, ours, theirs, nb < 8 ? nb : 8);
			assert_memory_equal(theirs, in, 16 * (nb < 8 ? nb : 8));

			memcpy(ivc, iv, 16);
			assert_int_equal(mx_aes_cbc_encrypt(&k, ivc, in, ours, 16 * nb), 0);
			crypt_peer(cbc[ki](), key, iv, in, 16 * nb, theirs);
			assert_memory_equal(ours, theirs, 16 * nb);
			memcpy(ivc, iv, 16);
			assert_int_equal(mx_aes_cbc_decrypt(&k, ivc, theirs, theirs, 16 * nb), 0);
			assert_memory_equal(theirs, in, 16 * nb);

			memcpy(ivc, iv, 16);
			mx_aes_ctr32(&k, ivc, in, ours, 16 * nb + (nb & 7));
			crypt_peer(ctr[ki](), key, iv, in, 16 * nb + (nb & 7), theirs);
			assert_memory_equal(ours, theirs, 16 * nb + (nb & 7));
		}
	}
}

static void gcm_over_eight_blocks(void **state)
{
	uint8_t key[16], iv[12], aad[13], in[600], ours[600], theirs[600], t1[16], t2[16];
	struct mx_gcm_key k;
	size_t len;

	for (len = 0; len <= sizeof(in); len += 23) {
		EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
		int n = 0;

		assert_int_equal(RAND_bytes(key, sizeof(key)), 1);
		assert_int_equal(RAND_bytes(iv, sizeof(iv)), 1);
		assert_int_equal(RAND_bytes(aad, sizeof(aad)), 1);
		assert_int_equal(RAND_bytes(in, sizeof(in)), 1);
		assert_int_equal(mx_gcm_setkey(&k, key, 16), 0);
		assert_int_equal(k.ghash, MX_GHASH_CT);
		assert_int_equal(mx_gcm_seal(&k, iv, 12, aad, 13, in, len, ours, t1), 0);
		assert_non_null(ctx);
		assert_int_equal(EVP_EncryptInit_ex(ctx, EVP_aes_128_gcm(), NULL, key, iv), 1);
		assert_int_equal(EVP_EncryptUpdate(ctx, NULL, &n, aad, 13), 1);
		assert_int_equal(EVP_EncryptUpdate(ctx, theirs, &n, in, (int)len), 1);
		assert_int_equal(EVP_EncryptFinal_ex(ctx, theirs + n, &n), 1);
		assert_int_equal(EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, 16, t2), 1);
		EVP_CIPHER_CTX_free(ctx);
		assert_memory_equal(ours, theirs, len);
		assert_memory_equal(t1, t2, 16);
	}
}

static void des3_unrolled(void **state)
{
	uint8_t key[24], iv[8], ivc[8], in[8 * 20], ours[8 * 20], theirs[8 * 20];
	struct mx_des3_key k;
	size_t nb;

	for (nb = 0; nb <= 20; nb++) {
		assert_int_equal(RAND_bytes(key, sizeof(key)), 1);
		assert_int_equal(RAND_bytes(iv, sizeof(iv)), 1);
		assert_int_equal(RAND_bytes(in, sizeof(in)), 1);
		assert_int_equal(mx_des3_setkey(&k, key, 24), 0);
		memcpy(ivc, iv, 8);
		assert_int_equal(mx_des3_cbc_encrypt(&k, ivc, in, ours, 8 * nb), 0);
		crypt_peer(EVP_des_ede3_cbc(), key, iv, in, 8 * nb, theirs);
		assert_memory_equal(ours, theirs, 8 * nb);
		memcpy(ivc, iv, 8);
		assert_int_equal(mx_des3_cbc_decrypt(&k, ivc, theirs, theirs, 8 * nb), 0);
		assert_memory_equal(theirs, in, 8 * nb);
	}
}

static void md5_sha1_unrolled(void **state)
{
	uint8_t msg[300], ours[20], theirs[20];
	unsigned int n;
	size_t len;
	struct tv_rsp r;
	int records = 0;

	assert_int_equal(RAND_bytes(msg, sizeof(msg)), 1);
	for (len = 0; len <= sizeof(msg); len++) {
		mx_md5(msg, len, ours);
		assert_int_equal(EVP_Digest(msg, len, theirs, &n, EVP_md5(), NULL), 1);
		assert_memory_equal(ours, theirs, 16);
		mx_sha1(msg, len, ours);
		assert_int_equal(EVP_Digest(msg, len, theirs, &n, EVP_sha1(), NULL), 1);
		assert_memory_equal(ours, theirs, 20);
	}
	assert_int_equal(tv_rsp_open(&r, "rfc/rfc-1321.txt"), 0);
	while (tv_rsp_next(&r)) {
		size_t ml, dl, bits = strtoul(tv_rsp_get(&r, "Len"), NULL, 10);
		uint8_t *m = tv_hex(tv_rsp_get(&r, "Msg"), &ml), *d = tv_hex(tv_rsp_get(&r, "MD"), &dl);

		assert_non_null(m);
		assert_non_null(d);
		mx_md5(m, bits / 8, ours);
		assert_memory_equal(ours, d, 16);
		free(m);
		free(d);
		records++;
	}
	tv_rsp_close(&r);
	assert_int_equal(records, 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(aes_eight_blocks, portable),
		cmocka_unit_test_setup(gcm_over_eight_blocks, portable),
		cmocka_unit_test_setup(des3_unrolled, portable),
		cmocka_unit_test_setup(md5_sha1_unrolled, portable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
