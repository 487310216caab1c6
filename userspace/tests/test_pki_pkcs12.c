// SPDX-License-Identifier: GPL-2.0
/*
 * PKCS#12 files written by "openssl pkcs12 -export" (current defaults,
 * -legacy, -nomac, other MACs and ciphers, an empty password) read by us
 * and by "openssl pkcs12" (which extracted key, certificate and chain to
 * PEM when the test data was made): the same key, the same certificate,
 * the same chain; wrong and missing passwords refused.
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
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "pki_data.h"
#include "pki/pkcs12.h"

static void same_der(const struct mx_x509 *c, X509 *x)
{
	unsigned char *enc = NULL;
	int n = i2d_X509(x, &enc);

	assert_int_equal(c->der.len, n);
	assert_memory_equal(c->der.p, enc, (size_t)n);
	OPENSSL_free(enc);
}

static void same_key(const struct mx_privkey *k, EVP_PKEY *pk)
{
	const struct mx_der *mine = k->type == MX_PK_RSA ? &k->rsa.d : &k->ec.d;
	const char *param = k->type == MX_PK_RSA ? OSSL_PKEY_PARAM_RSA_D : OSSL_PKEY_PARAM_PRIV_KEY;
	unsigned char buf[1024];
	BIGNUM *bn = NULL;
	struct mx_der d = *mine;
	int n;

	while (d.len && !d.p[0]) {
		d.p++;
		d.len--;
	}
	assert_int_equal(EVP_PKEY_get_bn_param(pk, param, &bn), 1);
	n = BN_bn2bin(bn, buf);
	BN_free(bn);
	assert_int_equal(d.len, n);
	assert_memory_equal(d.p, buf, (size_t)n);
}

static void openssl_files(void **state)
{
	struct pki_case *cases;
	size_t n, i, k;

	cases = pki_data_cases("p12", &n);
	assert_non_null(cases);
	assert_true(n >= 14);
	for (i = 0; i < n; i++) {
		struct pki_case *c = &cases[i];
		const char *path = pki_data_path(c->f[1]);
		const char *pass = !strcmp(c->f[2], "-") ? NULL :
				   !strcmp(c->f[2], "EMPTY") ? "" : c->f[2];
		struct mx_key_opts opts = { .password = pass };
		struct mx_pkcs12 p12;
		int err;

		err = mx_pkcs12_load_file(path, &opts, &p12);
		if (!strcmp(c->f[3], "OK")) {
			char name[256];
			EVP_PKEY *pk;
			X509 *x;
			BIO *bio;

			if (err)
				print_message("%s: %d\n", c->f[1], err);
			assert_int_equal(err, 0);
			assert_true(p12.have_key);
			assert_int_equal(p12.ncerts, atoi(c->f[4]));
			/* What "openssl pkcs12" extracted from the same file. */
			snprintf(name, sizeof(name), "%s.key.pem", c->f[1]);
			bio = BIO_new_file(pki_data_path(name), "r");
			assert_non_null(bio);
			pk = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
			assert_non_null(pk);
			same_key(&p12.key, pk);
			EVP_PKEY_free(pk);
			BIO_free(bio);
			snprintf(name, sizeof(name), "%s.leaf.pem", c->f[1]);
			bio = BIO_new_file(pki_data_path(name), "r");
			assert_non_null(bio);
			x = PEM_read_bio_X509(bio, NULL, NULL, NULL);
			assert_non_null(x);
			same_der(p12.certs[0], x);
			X509_free(x);
			BIO_free(bio);
			snprintf(name, sizeof(name), "%s.ca.pem", c->f[1]);
			bio = BIO_new_file(pki_data_path(name), "r");
			assert_non_null(bio);
			for (k = 1; (x = PEM_read_bio_X509(bio, NULL, NULL, NULL)); k++) {
				assert_true(k < p12.ncerts);
				same_der(p12.certs[k], x);
				X509_free(x);
			}
			assert_int_equal(k, p12.ncerts);
			BIO_free(bio);
			mx_pkcs12_clear(&p12);
		} else {
			int expect = !strcmp(c->f[3], "BAD_PASSWORD") ? -EKEYREJECTED : -ENOKEY;

			if (err != expect)
				print_message("%s with %s: %d, expected %d\n", c->f[1], c->f[2], err,
					      expect);
			assert_int_equal(err, expect);
			assert_false(p12.have_key);
			assert_int_equal(p12.ncerts, 0);
		}
	}
}

/* A file that asks for more key derivation work than allowed is refused early. */
static void kdf_budget(void **state)
{
	struct mx_key_opts opts = { .password = "s3cret-Pässwörd", .kdf_budget = 1000 };
	struct mx_pkcs12 p12;

	assert_int_equal(mx_pkcs12_load_file(pki_data_path("modern.p12"), &opts, &p12), -E2BIG);
	opts.kdf_budget = 0;
	assert_int_equal(mx_pkcs12_load_file(pki_data_path("modern.p12"), &opts, &p12), 0);
	mx_pkcs12_clear(&p12);
}

/* Every truncation and many corruptions: an error, never a crash or a key. */
static void damaged_files(void **state)
{
	struct mx_key_opts opts = { .password = "s3cret-Pässwörd" };
	struct mx_pkcs12 p12;
	uint8_t *buf;
	size_t len, i;

	buf = pki_data_read(pki_data_path("legacy.p12"), &len);
	assert_non_null(buf);
	for (i = 0; i < len; i += 7)
		assert_int_not_equal(mx_pkcs12_parse(buf, i, &opts, &p12), 0);
	/* Any flipped bit inside the MACed contents fails the MAC. */
	for (i = 40; i < len - 80; i += 97) {
		buf[i] ^= 0x10;
		assert_int_not_equal(mx_pkcs12_parse(buf, len, &opts, &p12), 0);
		buf[i] ^= 0x10;
	}
	assert_int_equal(mx_pkcs12_parse(buf, len, &opts, &p12), 0);
	mx_pkcs12_clear(&p12);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(openssl_files),
		cmocka_unit_test(kdf_budget),
		cmocka_unit_test(damaged_files),
	};

	return cmocka_run_group_tests_name("pki_pkcs12", tests, NULL, NULL);
}
