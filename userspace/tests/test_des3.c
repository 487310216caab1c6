// SPDX-License-Identifier: GPL-2.0
/*
 * Triple DES: every record of the NIST CAVP TDES CBC files (the
 * multi-block tests with two and three keys, the known-answer tests that
 * walk every S-box entry and permutation bit, and the Monte Carlo test in
 * both directions), random messages against libcrypto's DES-EDE3-CBC, CBC
 * chained across calls at every block boundary, in place.
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

#include "crypto/des.h"
#include "vectors.h"

static uint8_t *hex(const char *s, size_t *n)
{
	uint8_t *p;

	assert_non_null(s);
	p = tv_hex(s, n);
	assert_non_null(p);
	return p;
}

/* KEYs (one key thrice) or KEY1..3, into a 24-byte key. */
static void record_key(const struct tv_rsp *r, uint8_t key[24])
{
	const char *names[3] = { "KEY1", "KEY2", "KEY3" };
	size_t n;
	int i;

	for (i = 0; i < 3; i++) {
		const char *s = tv_rsp_get(r, "KEYs") ? tv_rsp_get(r, "KEYs") :
			tv_rsp_get(r, names[i]);
		uint8_t *k = hex(s, &n);

		assert_int_equal(n, 8);
		memcpy(key + 8 * i, k, 8);
		free(k);
	}
}

static void run_file(const char *rel, int want_records)
{
	struct tv_rsp r;
	int records = 0;

	assert_int_equal(tv_rsp_open(&r, rel), 0);
	while (tv_rsp_next(&r)) {
		int enc = !strcmp(r.section, "ENCRYPT");
		size_t il, pl, cl;
		uint8_t key[24], *iv, *pt, *ct, *out;
		struct mx_des3_key k;

		if (!tv_rsp_get(&r, "COUNT"))
			continue;
		assert_true(enc || !strcmp(r.section, "DECRYPT"));
		record_key(&r, key);
		iv = hex(tv_rsp_get(&r, "IV"), &il);
		pt = hex(tv_rsp_get(&r, "PLAINTEXT"), &pl);
		ct = hex(tv_rsp_get(&r, "CIPHERTEXT"), &cl);
		assert_int_equal(il, 8);
		assert_int_equal(pl, cl);
		out = malloc(pl + 1);
		assert_non_null(out);
		assert_int_equal(mx_des3_setkey(&k, key, 24), 0);
		if (enc)
			assert_int_equal(mx_des3_cbc_encrypt(&k, iv, pt, out, pl), 0);
		else
			assert_int_equal(mx_des3_cbc_decrypt(&k, iv, ct, out, cl), 0);
		if (memcmp(out, enc ? ct : pt, pl))
			fail_msg("%s %s COUNT %s differs", rel, r.section, tv_rsp_get(&r, "COUNT"));
		mx_des3_clear(&k);
		free(iv);
		free(pt);
		free(ct);
		free(out);
		records++;
	}
	tv_rsp_close(&r);
	assert_int_equal(records, want_records);
}

static void nist_mmt(void **state)
{
	run_file("nist/tdes/TCBCMMT2.rsp", 20);
	run_file("nist/tdes/TCBCMMT3.rsp", 20);
}

/* TCBCMMT2 again with 16-byte keys: K3 = K1 is implied. */
static void two_key_form(void **state)
{
	struct tv_rsp r;
	int records = 0;

	assert_int_equal(tv_rsp_open(&r, "nist/tdes/TCBCMMT2.rsp"), 0);
	while (tv_rsp_next(&r)) {
		int enc = !strcmp(r.section, "ENCRYPT");
		size_t il, pl, cl;
		uint8_t key[24], *iv, *pt, *ct, *out;
		struct mx_des3_key k;

		if (!tv_rsp_get(&r, "COUNT"))
			continue;
		record_key(&r, key);
		assert_memory_equal(key, key + 16, 8);
		iv = hex(tv_rsp_get(&r, "IV"), &il);
		pt = hex(tv_rsp_get(&r, "PLAINTEXT"), &pl);
		ct = hex(tv_rsp_get(&r, "CIPHERTEXT"), &cl);
		out = malloc(pl + 1);
		assert_non_null(out);
		assert_int_equal(mx_des3_setkey(&k, key, 16), 0);
		if (enc)
			assert_int_equal(mx_des3_cbc_encrypt(&k, iv, pt, out, pl), 0);
		else
			assert_int_equal(mx_des3_cbc_decrypt(&k, iv, ct, out, cl), 0);
		assert_memory_equal(out, enc ? ct : pt, pl);
		free(iv);
		free(pt);
		free(ct);
		free(out);
		records++;
	}
	tv_rsp_close(&r);
	assert_int_equal(records, 20);
}

static void nist_kat(void **state)
{
	run_file("nist/tdes/TCBCinvperm.rsp", 128);
	run_file("nist/tdes/TCBCpermop.rsp", 64);
	run_file("nist/tdes/TCBCsubtab.rsp", 38);
	run_file("nist/tdes/TCBCvarkey.rsp", 112);
	run_file("nist/tdes/TCBCvartext.rsp", 128);
}

/*
 * TCBCMonte3: per COUNT, 10,000 chained block operations. Encryption:
 * C0 = E(P0 ^ IV), P1 = IV, Pj = C(j-2) after that, Cj = E(Pj ^ C(j-1)).
 * Decryption: Pj = D(Cj) ^ CVj, CV0 = IV, CV(j+1) = Cj, C(j+1) = Pj.
 */
static void nist_monte(void **state)
{
	struct tv_rsp r;
	int counts = 0;

	assert_int_equal(tv_rsp_open(&r, "nist/tdes/TCBCMonte3.rsp"), 0);
	while (tv_rsp_next(&r)) {
		int enc = !strcmp(r.section, "ENCRYPT"), j;
		uint8_t key[24], *iv, *pt, *ct, x[8], y[8], prev[8], prev2[8];
		size_t n;
		struct mx_des3_key k;

		if (!tv_rsp_get(&r, "COUNT"))
			continue;
		record_key(&r, key);
		assert_int_equal(mx_des3_setkey(&k, key, 24), 0);
		iv = hex(tv_rsp_get(&r, "IV"), &n);
		pt = hex(tv_rsp_get(&r, "PLAINTEXT"), &n);
		ct = hex(tv_rsp_get(&r, "CIPHERTEXT"), &n);
		if (enc) {
			uint8_t p[8];

			memcpy(p, pt, 8);
			memcpy(prev, iv, 8);	/* C(j-1), IV for j = 0 */
			for (j = 0; j < 10000; j++) {
				int i;

				for (i = 0; i < 8; i++)
					x[i] = p[i] ^ prev[i];
				mx_des3_encrypt_block(&k, x, y);
				/* next P: IV after the first block, then C(j-1) */
				memcpy(p, j == 0 ? iv : prev, 8);
				memcpy(prev, y, 8);
			}
			if (memcmp(y, ct, 8))
				fail_msg("Monte ENCRYPT COUNT %s differs", tv_rsp_get(&r, "COUNT"));
		} else {
			uint8_t c[8];

			memcpy(c, ct, 8);
			memcpy(prev2, iv, 8);	/* CV */
			for (j = 0; j < 10000; j++) {
				int i;

				mx_des3_decrypt_block(&k, c, x);
				for (i = 0; i < 8; i++)
					y[i] = x[i] ^ prev2[i];
				memcpy(prev2, c, 8);
				memcpy(c, y, 8);
			}
			if (memcmp(y, pt, 8))
				fail_msg("Monte DECRYPT COUNT %s differs", tv_rsp_get(&r, "COUNT"));
		}
		free(iv);
		free(pt);
		free(ct);
		counts++;
	}
	tv_rsp_close(&r);
	assert_int_equal(counts, 800);
}

static void against_openssl(void **state)
{
	uint8_t key[24], iv[8], ivc[8], in[8 * 40], ours[8 * 40], theirs[8 * 40];
	size_t nb;

	for (nb = 0; nb <= 40; nb++) {
		EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
		struct mx_des3_key k;
		int n1 = 0, n2 = 0;

		assert_int_equal(RAND_bytes(key, sizeof(key)), 1);
		assert_int_equal(RAND_bytes(iv, sizeof(iv)), 1);
		assert_int_equal(RAND_bytes(in, sizeof(in)), 1);
		assert_int_equal(mx_des3_setkey(&k, key, 24), 0);
		memcpy(ivc, iv, 8);
		assert_int_equal(mx_des3_cbc_encrypt(&k, ivc, in, ours, 8 * nb), 0);
		assert_non_null(ctx);
		assert_int_equal(EVP_EncryptInit_ex(ctx, EVP_des_ede3_cbc(), NULL, key, iv), 1);
		EVP_CIPHER_CTX_set_padding(ctx, 0);
		assert_int_equal(EVP_EncryptUpdate(ctx, theirs, &n1, in, 8 * (int)nb), 1);
		assert_int_equal(EVP_EncryptFinal_ex(ctx, theirs + n1, &n2), 1);
		EVP_CIPHER_CTX_free(ctx);
		assert_memory_equal(ours, theirs, 8 * nb);
		memcpy(ivc, iv, 8);
		assert_int_equal(mx_des3_cbc_decrypt(&k, ivc, theirs, theirs, 8 * nb), 0);
		assert_memory_equal(theirs, in, 8 * nb);
	}
}

static void cbc_every_split(void **state)
{
	uint8_t key[24], iv[8], ivc[8], in[8 * 12], whole[8 * 12], out[8 * 12];
	struct mx_des3_key k;
	size_t i, n = sizeof(in);

	assert_int_equal(RAND_bytes(key, sizeof(key)), 1);
	assert_int_equal(RAND_bytes(iv, sizeof(iv)), 1);
	assert_int_equal(RAND_bytes(in, sizeof(in)), 1);
	assert_int_equal(mx_des3_setkey(&k, key, 24), 0);
	memcpy(ivc, iv, 8);
	assert_int_equal(mx_des3_cbc_encrypt(&k, ivc, in, whole, n), 0);
	for (i = 0; i <= n; i += 8) {
		memcpy(ivc, iv, 8);
		memcpy(out, in, n);
		assert_int_equal(mx_des3_cbc_encrypt(&k, ivc, out, out, i), 0);
		assert_int_equal(mx_des3_cbc_encrypt(&k, ivc, out + i, out + i, n - i), 0);
		assert_memory_equal(out, whole, n);
		memcpy(ivc, iv, 8);
		assert_int_equal(mx_des3_cbc_decrypt(&k, ivc, out, out, i), 0);
		assert_int_equal(mx_des3_cbc_decrypt(&k, ivc, out + i, out + i, n - i), 0);
		assert_memory_equal(out, in, n);
	}
	assert_int_equal(mx_des3_cbc_encrypt(&k, ivc, in, out, 7), -EINVAL);
	assert_int_equal(mx_des3_cbc_decrypt(&k, ivc, in, out, 9), -EINVAL);
	assert_int_equal(mx_des3_setkey(&k, key, 8), -EINVAL);
	assert_int_equal(mx_des3_setkey(&k, key, 23), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(nist_mmt),
		cmocka_unit_test(two_key_form),
		cmocka_unit_test(nist_kat),
		cmocka_unit_test(against_openssl),
		cmocka_unit_test(cbc_every_split),
		cmocka_unit_test(nist_monte),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
