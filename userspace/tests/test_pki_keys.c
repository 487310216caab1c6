// SPDX-License-Identifier: GPL-2.0
/*
 * Private keys, their encryption and DH parameters against libcrypto:
 * every "key" and "dh" case of the generated test data is read by both
 * and compared component by component; wrong and missing passwords give
 * their errors and never a key; PBKDF2, the PKCS#12 KDF,
 * EVP_BytesToKey and RC2 against libcrypto on random inputs.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/decoder.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/provider.h>

#include "pki_data.h"
#include "crypto/dh.h"
#include "pki/dhparams.h"
#include "pki/kdf.h"
#include "pki/privkey.h"
#include "pki/rc2.h"

/* A libcrypto key from a file (PEM or DER, encrypted or not). */
static EVP_PKEY *openssl_key(const char *path, const char *pass)
{
	OSSL_DECODER_CTX *dctx;
	EVP_PKEY *pkey = NULL;
	size_t len;
	uint8_t *buf = pki_data_read(path, &len);
	const unsigned char *p = buf;

	assert_non_null(buf);
	/* PEM_read skips blocks that are not keys; the decoder would stop. */
	if (strstr((const char *)buf, "-----BEGIN ")) {
		BIO *bio = BIO_new_mem_buf(buf, (int)len);

		pkey = PEM_read_bio_PrivateKey(bio, NULL, NULL, (void *)pass);
		BIO_free(bio);
		free(buf);
		assert_non_null(pkey);
		return pkey;
	}
	dctx = OSSL_DECODER_CTX_new_for_pkey(&pkey, NULL, NULL, NULL, 0, NULL, NULL);
	assert_non_null(dctx);
	if (pass)
		OSSL_DECODER_CTX_set_passphrase(dctx, (const unsigned char *)pass, strlen(pass));
	assert_int_equal(OSSL_DECODER_from_data(dctx, &p, &len), 1);
	OSSL_DECODER_CTX_free(dctx);
	free(buf);
	return pkey;
}

static void same_bn(EVP_PKEY *pk, const char *param, const struct mx_der *ours)
{
	BIGNUM *bn = NULL;
	unsigned char buf[1024];
	int n;

	assert_int_equal(EVP_PKEY_get_bn_param(pk, param, &bn), 1);
	n = BN_bn2bin(bn, buf);
	BN_free(bn);
	assert_int_equal(ours->len, n);
	assert_memory_equal(ours->p, buf, (size_t)n);
}

static void compare_key(const struct mx_privkey *k, EVP_PKEY *pk)
{
	unsigned char pub[200];
	char group[64];
	size_t len;

	if (k->type == MX_PK_RSA) {
		assert_int_equal(EVP_PKEY_get_base_id(pk), EVP_PKEY_RSA);
		same_bn(pk, OSSL_PKEY_PARAM_RSA_N, &k->rsa.n);
		same_bn(pk, OSSL_PKEY_PARAM_RSA_E, &k->rsa.e);
		same_bn(pk, OSSL_PKEY_PARAM_RSA_D, &k->rsa.d);
		same_bn(pk, OSSL_PKEY_PARAM_RSA_FACTOR1, &k->rsa.p);
		same_bn(pk, OSSL_PKEY_PARAM_RSA_FACTOR2, &k->rsa.q);
		same_bn(pk, OSSL_PKEY_PARAM_RSA_EXPONENT1, &k->rsa.dp);
		same_bn(pk, OSSL_PKEY_PARAM_RSA_EXPONENT2, &k->rsa.dq);
		same_bn(pk, OSSL_PKEY_PARAM_RSA_COEFFICIENT1, &k->rsa.qinv);
		return;
	}
	assert_int_equal(k->type, MX_PK_EC);
	assert_int_equal(EVP_PKEY_get_base_id(pk), EVP_PKEY_EC);
	assert_int_equal(EVP_PKEY_get_utf8_string_param(pk, OSSL_PKEY_PARAM_GROUP_NAME, group,
							sizeof(group), NULL), 1);
	assert_string_equal(group, k->ec.curve == MX_CURVE_P256 ? "prime256v1" : "secp384r1");
	{
		/* The scalar as stored: compare without its leading zeros. */
		struct mx_der d = k->ec.d;

		while (d.len && !d.p[0]) {
			d.p++;
			d.len--;
		}
		same_bn(pk, OSSL_PKEY_PARAM_PRIV_KEY, &d);
	}
	if (k->ec.pub.len) {
		assert_int_equal(EVP_PKEY_get_octet_string_param(pk, OSSL_PKEY_PARAM_PUB_KEY, pub,
								 sizeof(pub), &len), 1);
		assert_int_equal(len, k->ec.pub.len);
		assert_memory_equal(pub, k->ec.pub.p, len);
	}
}

static void key_files(void **state)
{
	struct pki_case *cases;
	size_t n, i;
	unsigned int ok = 0, refused = 0;

	cases = pki_data_cases("key", &n);
	assert_non_null(cases);
	assert_true(n > 40);
	for (i = 0; i < n; i++) {
		struct pki_case *c = &cases[i];
		const char *path = pki_data_path(c->f[1]);
		const char *pass = strcmp(c->f[2], "-") ? c->f[2] : NULL;
		struct mx_key_opts opts = { .password = pass };
		struct mx_privkey k;
		int err;

		err = mx_privkey_load_file(path, &opts, &k);
		if (!strcmp(c->f[4], "OK")) {
			EVP_PKEY *pk;

			if (err)
				print_message("%s: %d\n", c->f[1], err);
			assert_int_equal(err, 0);
			pk = openssl_key(path, pass);
			compare_key(&k, pk);
			EVP_PKEY_free(pk);
			mx_privkey_clear(&k);
			ok++;
		} else {
			int expect = !strcmp(c->f[4], "BAD_PASSWORD") ? -EKEYREJECTED : -ENOKEY;

			if (err != expect)
				print_message("%s with %s: %d, expected %d\n", c->f[1], c->f[2], err,
					      expect);
			assert_int_equal(err, expect);
			assert_null(k.buf);
			refused++;
		}
	}
	assert_true(ok >= 20);
	assert_true(refused >= 20);
}

/*
 * Many wrong passwords: every so often the padding of a wrong decryption
 * looks right (1 in 256 for the last byte); what follows must still
 * refuse the password rather than return a garbage key.
 */
static void wrong_passwords_never_give_a_key(void **state)
{
	static const char *const files[] = {
		"rsa_legacy_aes128.pem", "rsa_legacy_des3.pem", "ec_legacy_aes256.pem",
		"rsa_p8_pbe3des.pem",
	};
	unsigned int i, f, tries = 0;
	struct mx_privkey k;
	char pw[32];
	uint8_t *buf;
	size_t len;

	for (f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
		buf = pki_data_read(pki_data_path(files[f]), &len);
		assert_non_null(buf);
		for (i = 0; i < (f == 3 ? 40 : 1200); i++) {
			struct mx_key_opts opts = { .password = pw };

			snprintf(pw, sizeof(pw), "wrong-%u", i);
			assert_int_equal(mx_privkey_parse(buf, len, &opts, &k), -EKEYREJECTED);
			tries++;
		}
		free(buf);
	}
	assert_int_equal(tries, 3640);
}

static void malformed_and_missing(void **state)
{
	static const char notkey[] = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
	struct mx_privkey k;
	uint8_t *buf;
	size_t len, cut;

	assert_int_equal(mx_privkey_parse(notkey, sizeof(notkey) - 1, NULL, &k), -ENOENT);
	assert_int_equal(mx_privkey_load_file("/nonexistent/key.pem", NULL, &k), -ENOENT);
	/* Every truncation of a DER key is malformed, never a key. */
	buf = pki_data_read(pki_data_path("rsa_pkcs8.der"), &len);
	assert_non_null(buf);
	for (cut = 0; cut < len; cut++)
		assert_int_not_equal(mx_privkey_parse(buf, cut, NULL, &k), 0);
	free(buf);
	buf = pki_data_read(pki_data_path("ec_sec1.der"), &len);
	assert_non_null(buf);
	for (cut = 0; cut < len; cut++)
		assert_int_not_equal(mx_privkey_parse(buf, cut, NULL, &k), 0);
	free(buf);
}

/*
 * A key whose parts do not belong together (a prime altered, still odd and
 * of the same size) is refused by the mathematical check, not returned.
 */
static void inconsistent_keys(void **state)
{
	struct mx_privkey k;
	struct mx_der cur, seq, v;
	uint8_t *buf;
	size_t len, field;
	long version;

	buf = pki_data_read(pki_data_path("rsa_pkcs1.der"), &len);
	assert_non_null(buf);
	assert_int_equal(mx_privkey_parse(buf, len, NULL, &k), 0);
	mx_privkey_clear(&k);
	/*
	 * Fields after the version: n e d p q dp dq qinv. Alter each but e,
	 * and d, which nothing uses (everything is done with the CRT values).
	 */
	for (field = 0; field < 8; field++) {
		size_t i;

		if (field == 1 || field == 2)
			continue;
		cur = mx_der_span(buf, len);
		assert_int_equal(mx_der_get(&cur, MX_DER_SEQUENCE, &seq), 0);
		assert_int_equal(mx_der_get_long(&seq, 0, 0, &version), 0);
		for (i = 0; i <= field; i++)
			assert_int_equal(mx_der_get(&seq, MX_DER_INTEGER, &v), 0);
		((uint8_t *)v.p)[v.len - 1] ^= 0x02;
		assert_int_equal(mx_privkey_parse(buf, len, NULL, &k), -EKEYREJECTED);
		((uint8_t *)v.p)[v.len - 1] ^= 0x02;
	}
	free(buf);

	/* EC: the scalar and the public point the file holds must agree. */
	buf = pki_data_read(pki_data_path("ec_sec1.der"), &len);
	assert_non_null(buf);
	assert_int_equal(mx_privkey_parse(buf, len, NULL, &k), 0);
	mx_privkey_clear(&k);
	buf[10] ^= 0x01;		/* inside the scalar */
	assert_int_equal(mx_privkey_parse(buf, len, NULL, &k), -EKEYREJECTED);
	buf[10] ^= 0x01;
	buf[len - 1] ^= 0x01;		/* the point's last byte */
	assert_int_equal(mx_privkey_parse(buf, len, NULL, &k), -EKEYREJECTED);
	free(buf);
}

static void dh_params(void **state)
{
	struct pki_case *cases;
	size_t n, i;

	cases = pki_data_cases("dh", &n);
	assert_non_null(cases);
	assert_int_equal(n, 3);
	for (i = 0; i < n; i++) {
		const char *file = cases[i].f[1];
		const char *pem = strstr(file, ".der") ? "dh_ffdhe2048.pem" : file;
		struct mx_pki_dh dh;
		struct mx_dh_params *params;
		EVP_PKEY *pk;
		BIO *bio;
		struct mx_der p, g;

		assert_int_equal(mx_pki_dh_load_file(pki_data_path(file), &dh), 0);
		/* libcrypto reads the PEM form of the same parameters. */
		bio = BIO_new_file(pki_data_path(pem), "r");
		assert_non_null(bio);
		pk = PEM_read_bio_Parameters(bio, NULL);
		assert_non_null(pk);
		p = mx_der_span(dh.p, dh.p_len);
		g = mx_der_span(dh.g, dh.g_len);
		same_bn(pk, OSSL_PKEY_PARAM_FFC_P, &p);
		same_bn(pk, OSSL_PKEY_PARAM_FFC_G, &g);
		EVP_PKEY_free(pk);
		BIO_free(bio);
		mx_pki_dh_clear(&dh);

		/* Handed to crypto/dh.h, which checks the group (p prime). */
		assert_int_equal(mx_pki_dh_load_params(pki_data_path(file), &params), 0);
		assert_int_equal(mx_dh_size(params), p.len);
		mx_dh_params_free(params);
	}
}

static void rnd(uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)rand();
}

static void kdfs_match_openssl(void **state)
{
	static const struct {
		enum mx_hash_id id;
		const EVP_MD *(*md)(void);
	} hashes[] = {
		{ MX_HASH_SHA1, EVP_sha1 }, { MX_HASH_SHA256, EVP_sha256 },
		{ MX_HASH_SHA384, EVP_sha384 }, { MX_HASH_SHA512, EVP_sha512 },
	};
	uint8_t salt[40], ours[200], theirs[200], *bmp;
	unsigned char iv[16];
	char pass[40];
	size_t plen, slen, olen, blen, i, h;
	int iter, id;

	srand(7);
	for (i = 0; i < 400; i++) {
		h = i % 4;
		plen = (size_t)rand() % 30;
		slen = (size_t)rand() % 33;
		olen = 1 + (size_t)rand() % 150;
		iter = 1 + rand() % 40;
		/* Printable passwords, with a UTF-8 character now and then. */
		for (size_t k = 0; k < plen; k++)
			pass[k] = (char)(' ' + rand() % 95);
		pass[plen] = '\0';
		if (plen > 2 && i % 3 == 0)
			memcpy(pass, "\xc3\xa9", 2);
		rnd(salt, slen);

		mx_pbkdf2(hashes[h].id, pass, plen, salt, slen, (unsigned long)iter, ours, olen);
		assert_int_equal(PKCS5_PBKDF2_HMAC(pass, (int)plen, salt, (int)slen, iter,
						   hashes[h].md(), (int)olen, theirs), 1);
		assert_memory_equal(ours, theirs, olen);

		id = 1 + (int)(i % 3);
		bmp = mx_p12_password(pass, &blen);
		assert_non_null(bmp);
		assert_int_equal(mx_p12_kdf(hashes[h].id, bmp, blen, salt, slen, id,
					    (unsigned long)iter, ours, olen), 0);
		free(bmp);
		assert_int_equal(PKCS12_key_gen_utf8(pass, (int)plen, salt, (int)slen, id, iter,
						     (int)olen, theirs, hashes[h].md()), 1);
		assert_memory_equal(ours, theirs, olen);

		if (slen >= 8) {
			mx_evp_bytes_to_key_md5(pass, plen, salt, ours, 32);
			assert_int_equal(EVP_BytesToKey(EVP_aes_256_cbc(), EVP_md5(), salt,
							(const unsigned char *)pass, (int)plen, 1,
							theirs, iv), 32);
			assert_memory_equal(ours, theirs, 32);
		}
	}
}

static void rc2_matches_openssl(void **state)
{
	OSSL_PROVIDER *legacy = OSSL_PROVIDER_load(NULL, "legacy");
	OSSL_PROVIDER *deflt = OSSL_PROVIDER_load(NULL, "default");
	uint8_t key[16], iv[8], iv2[8], pt[256], ct[256], out[256];
	struct mx_rc2_key k;
	unsigned int i;
	int len, fl;

	assert_non_null(legacy);
	assert_non_null(deflt);
	srand(11);
	for (i = 0; i < 200; i++) {
		int forty = i & 1;
		EVP_CIPHER *c = EVP_CIPHER_fetch(NULL, forty ? "RC2-40-CBC" : "RC2-CBC", NULL);
		EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
		size_t n = 8 * (1 + (size_t)rand() % 32);

		assert_non_null(c);
		rnd(key, sizeof(key));
		rnd(iv, sizeof(iv));
		rnd(pt, n);
		assert_int_equal(EVP_EncryptInit_ex(ctx, c, NULL, key, iv), 1);
		EVP_CIPHER_CTX_set_padding(ctx, 0);
		assert_int_equal(EVP_EncryptUpdate(ctx, ct, &len, pt, (int)n), 1);
		assert_int_equal(EVP_EncryptFinal_ex(ctx, ct + len, &fl), 1);
		assert_int_equal(len + fl, n);
		EVP_CIPHER_CTX_free(ctx);
		EVP_CIPHER_free(c);

		assert_int_equal(mx_rc2_setkey(&k, key, forty ? 5 : 16, forty ? 40 : 128), 0);
		memcpy(iv2, iv, 8);
		mx_rc2_cbc_decrypt(&k, iv2, ct, out, n);
		assert_memory_equal(out, pt, n);
		assert_memory_equal(iv2, ct + n - 8, 8);
	}
	OSSL_PROVIDER_unload(legacy);
	OSSL_PROVIDER_unload(deflt);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(key_files),
		cmocka_unit_test(wrong_passwords_never_give_a_key),
		cmocka_unit_test(malformed_and_missing),
		cmocka_unit_test(inconsistent_keys),
		cmocka_unit_test(dh_params),
		cmocka_unit_test(kdfs_match_openssl),
		cmocka_unit_test(rc2_matches_openssl),
	};

	return cmocka_run_group_tests_name("pki_keys", tests, NULL, NULL);
}
