// SPDX-License-Identifier: GPL-2.0
/*
 * RSA: every Wycheproof RSAES-PKCS1-v1_5 decryption vector (and the same
 * ciphertexts through the TLS premaster path), every RSASSA-PKCS1-v1_5
 * verification and generation vector; the openssl tool on random keys in
 * both directions (PKCS#1 v1.5 and PSS signatures, the TLS 1.0 MD5+SHA-1
 * form, encryption); key generation checked by openssl; implicit
 * rejection in the premaster decryption; edge inputs and bad keys.
 * Vector and interop tests run on the IFMA, MULX/ADX and portable paths.
 *
 * Wycheproof "acceptable" cases: signatures whose DigestInfo lacks the
 * NULL parameter are rejected (we compare with the one DER encoding);
 * SHA-1 and e = 3 signatures are generated and must match.
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
#include <openssl/evp.h>

#include "crypto/hash.h"
#include "crypto/rsa.h"
#include "ossl_cli.h"
#include "paths.h"
#include "vectors.h"

static int number_of_tests(struct json_object *root)
{
	return json_object_get_int(json_object_object_get(root, "numberOfTests"));
}

static int tc_id(struct json_object *t)
{
	return json_object_get_int(json_object_object_get(t, "tcId"));
}

static uint8_t *hexfield(struct json_object *o, const char *key, size_t *len)
{
	uint8_t *p = tv_hex(tv_str(o, key), len);

	assert_non_null(p);
	return p;
}

/* A private key from Wycheproof's privateKey object (all eight fields). */
static struct mx_rsa_key *key_from_json(struct json_object *pk)
{
	static const char *const names[] = { "modulus", "publicExponent", "privateExponent",
					     "prime1", "prime2", "exponent1", "exponent2",
					     "coefficient" };
	uint8_t *v[8];
	size_t l[8], i;
	struct mx_rsa_parts parts;
	struct mx_rsa_key *key;

	for (i = 0; i < 8; i++)
		v[i] = hexfield(pk, names[i], &l[i]);
	parts = (struct mx_rsa_parts){ v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7],
				       l[0], l[1], l[2], l[3], l[4], l[5], l[6], l[7] };
	assert_int_equal(mx_rsa_key_private(&key, &parts), 0);
	for (i = 0; i < 8; i++)
		free(v[i]);
	return key;
}

/* A private key from a PEM file, read back with `openssl pkey -text`. */
static struct mx_rsa_key *key_from_pem(const char *file)
{
	static const char *const names[] = { "modulus", "publicExponent", "privateExponent",
					     "prime1", "prime2", "exponent1", "exponent2",
					     "coefficient" };
	uint8_t *v[8];
	size_t l[8], i;
	struct mx_rsa_parts parts;
	struct mx_rsa_key *key;

	for (i = 0; i < 8; i++) {
		v[i] = ossl_key_field(file, names[i], &l[i]);
		assert_non_null(v[i]);
	}
	parts = (struct mx_rsa_parts){ v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7],
				       l[0], l[1], l[2], l[3], l[4], l[5], l[6], l[7] };
	assert_int_equal(mx_rsa_key_private(&key, &parts), 0);
	for (i = 0; i < 8; i++)
		free(v[i]);
	return key;
}

/* Our key as a PEM private key and PEM public key, DER built by openssl. */
static void key_to_pem(const struct mx_rsa_key *key, const char *priv, const char *pub)
{
	static const enum mx_rsa_part parts[] = { MX_RSA_N, MX_RSA_E, MX_RSA_D, MX_RSA_P,
						  MX_RSA_Q, MX_RSA_DP, MX_RSA_DQ, MX_RSA_QINV };
	char conf[8192];
	size_t off, i;

	off = (size_t)snprintf(conf, sizeof(conf), "asn1=SEQUENCE:k\n[k]\nv=INTEGER:0\n");
	for (i = 0; i < 8; i++) {
		uint8_t b[MX_RSA_MAX_BITS / 8];
		size_t len;
		char *h;

		assert_int_equal(mx_rsa_export(key, parts[i], b, sizeof(b), &len), 0);
		h = ossl_hex(b, len);
		off += (size_t)snprintf(conf + off, sizeof(conf) - off, "f%zu=INTEGER:0x%s\n", i,
					h);
		free(h);
	}
	assert_int_equal(ossl_write("conf", conf, off), 0);
	assert_int_equal(ossl_run("openssl asn1parse -genconf '%s' -out '%s' -noout",
				  ossl_path("conf"), ossl_path("k.der")), 0);
	assert_int_equal(ossl_run("openssl pkey -inform DER -in '%s' -out '%s'",
				  ossl_path("k.der"), ossl_path(priv)), 0);
	assert_int_equal(ossl_run("openssl pkey -in '%s' -pubout -out '%s'", ossl_path(priv),
				  ossl_path(pub)), 0);
}

static void wycheproof_decrypt(void **state)
{
	struct json_object *root = tv_json("wycheproof/rsa_pkcs1_2048_test.json"), *groups;
	size_t gi, ti;
	int tests = 0;

	assert_non_null(root);
	assert_true(json_object_object_get_ex(root, "testGroups", &groups));
	for (gi = 0; gi < json_object_array_length(groups); gi++) {
		struct json_object *g = json_object_array_get_idx(groups, gi), *arr, *pk;
		struct mx_rsa_key *key;

		assert_true(json_object_object_get_ex(g, "privateKey", &pk));
		key = key_from_json(pk);
		assert_true(json_object_object_get_ex(g, "tests", &arr));
		for (ti = 0; ti < json_object_array_length(arr); ti++) {
			struct json_object *t = json_object_array_get_idx(arr, ti);
			size_t clen, mlen, outlen;
			uint8_t *ct = hexfield(t, "ct", &clen), *msg = hexfield(t, "msg", &mlen);
			uint8_t out[512], pms[48], pms2[48];
			int valid = !strcmp(tv_str(t, "result"), "valid"), rc, rc2;

			assert_true(valid || !strcmp(tv_str(t, "result"), "invalid"));
			rc = mx_rsa_pkcs1_decrypt(key, ct, clen, out, sizeof(out), &outlen);
			if (valid && (rc != 0 || outlen != mlen || memcmp(out, msg, mlen)))
				fail_msg("tcId %d (%s): valid ciphertext: %d", tc_id(t),
					 tv_str(t, "comment"), rc);
			if (!valid && rc != -EBADMSG)
				fail_msg("tcId %d (%s): invalid ciphertext: %d", tc_id(t),
					 tv_str(t, "comment"), rc);
			/*
			 * The premaster path: the same ciphertext with its first two
			 * plaintext bytes as the version; a valid 48-byte message is
			 * returned, anything else becomes fresh random bytes, with the
			 * same return value.
			 */
			if (clen == mx_rsa_size(key)) {
				uint16_t ver = 0x0303;

				if (mlen >= 2)
					ver = (uint16_t)(msg[0] << 8 | msg[1]);

				rc = mx_rsa_tls_premaster_decrypt(key, ct, clen, ver, pms);
				rc2 = mx_rsa_tls_premaster_decrypt(key, ct, clen, ver, pms2);
				assert_int_equal(rc, 0);
				assert_int_equal(rc2, 0);
				if (valid && mlen == 48) {
					assert_memory_equal(pms, msg, 48);
					assert_memory_equal(pms2, msg, 48);
				} else {
					assert_memory_not_equal(pms, pms2, 48);
				}
			} else {
				assert_int_equal(mx_rsa_tls_premaster_decrypt(key, ct, clen, 0x0303,
									      pms), -EINVAL);
			}
			free(ct);
			free(msg);
			tests++;
		}
		mx_rsa_key_free(key);
	}
	assert_int_equal(tests, number_of_tests(root));
	json_object_put(root);
}

static void wycheproof_verify(void **state)
{
	struct json_object *root = tv_json("wycheproof/rsa_signature_2048_sha256_test.json");
	struct json_object *groups;
	size_t gi, ti;
	int tests = 0;

	assert_non_null(root);
	assert_true(json_object_object_get_ex(root, "testGroups", &groups));
	for (gi = 0; gi < json_object_array_length(groups); gi++) {
		struct json_object *g = json_object_array_get_idx(groups, gi), *arr, *pk;
		size_t nl, el;
		uint8_t *n, *e;
		struct mx_rsa_key *key;

		assert_true(json_object_object_get_ex(g, "publicKey", &pk));
		n = hexfield(pk, "modulus", &nl);
		e = hexfield(pk, "publicExponent", &el);
		assert_int_equal(mx_rsa_key_public(&key, n, nl, e, el), 0);
		assert_true(json_object_object_get_ex(g, "tests", &arr));
		for (ti = 0; ti < json_object_array_length(arr); ti++) {
			struct json_object *t = json_object_array_get_idx(arr, ti);
			const char *res = tv_str(t, "result");
			size_t ml, sl;
			uint8_t *msg = hexfield(t, "msg", &ml), *sig = hexfield(t, "sig", &sl);
			uint8_t d[MX_SHA256_LEN];
			int rc;

			mx_sha256(msg, ml, d);
			rc = mx_rsa_pkcs1_verify(key, MX_HASH_SHA256, d, sizeof(d), sig, sl);
			if (!strcmp(res, "valid") && rc != 0)
				fail_msg("tcId %d (%s): valid signature rejected: %d", tc_id(t),
					 tv_str(t, "comment"), rc);
			/* invalid, and our choice for "acceptable" (MissingNull): reject */
			if (strcmp(res, "valid") && rc != -EBADMSG)
				fail_msg("tcId %d (%s): %s signature: %d", tc_id(t),
					 tv_str(t, "comment"), res, rc);
			free(msg);
			free(sig);
			tests++;
		}
		mx_rsa_key_free(key);
		free(n);
		free(e);
	}
	assert_int_equal(tests, number_of_tests(root));
	json_object_put(root);
}

/* The DER DigestInfo header of SHA-224 (RFC 8017, 9.2 note 1). */
static const uint8_t sha224_info[] = { 0x30, 0x2d, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48,
				       0x01, 0x65, 0x03, 0x04, 0x02, 0x04, 0x05, 0x00, 0x04,
				       0x1c };

static void wycheproof_sign(void **state)
{
	struct json_object *root = tv_json("wycheproof/rsa_pkcs1_2048_sig_gen_test.json");
	struct json_object *groups;
	size_t gi, ti;
	int tests = 0;

	assert_non_null(root);
	assert_true(json_object_object_get_ex(root, "testGroups", &groups));
	for (gi = 0; gi < json_object_array_length(groups); gi++) {
		struct json_object *g = json_object_array_get_idx(groups, gi), *arr;
		const char *sha = tv_str(g, "sha"), *pem = tv_str(g, "privateKeyPem");
		const EVP_MD *md = EVP_get_digestbyname(sha);
		enum mx_hash_id id = MX_HASH_SHA1;
		int ours = 1;
		struct mx_rsa_key *key;

		/* Only n, e, d are given as fields: the CRT parts come from the PEM. */
		assert_int_equal(ossl_write("wp.pem", pem, strlen(pem)), 0);
		key = key_from_pem(ossl_path("wp.pem"));
		assert_non_null(md);
		if (!strcmp(sha, "SHA-256"))
			id = MX_HASH_SHA256;
		else if (!strcmp(sha, "SHA-384"))
			id = MX_HASH_SHA384;
		else if (!strcmp(sha, "SHA-512"))
			id = MX_HASH_SHA512;
		else if (!strcmp(sha, "SHA-224"))
			ours = 0;	/* no SHA-224 of ours: libcrypto digests, raw padding */
		else
			assert_string_equal(sha, "SHA-1");
		assert_true(json_object_object_get_ex(g, "tests", &arr));
		for (ti = 0; ti < json_object_array_length(arr); ti++) {
			struct json_object *t = json_object_array_get_idx(arr, ti);
			size_t ml, sl, dl = (size_t)EVP_MD_get_size(md);
			uint8_t *msg = hexfield(t, "msg", &ml), *want = hexfield(t, "sig", &sl);
			uint8_t d[64], sig[512], ti_buf[19 + 28];

			assert_true(EVP_Digest(msg, ml, d, NULL, md, NULL));
			if (ours) {
				const struct mx_hash_desc *h = mx_hash_get(id);
				uint8_t d2[64];
				union mx_hash_ctx hc;

				h->init(&hc);
				h->update(&hc, msg, ml);
				h->final(&hc, d2);
				assert_memory_equal(d, d2, dl);
				assert_int_equal(mx_rsa_pkcs1_sign(key, id, d, dl, sig), 0);
				assert_int_equal(mx_rsa_pkcs1_verify(key, id, d, dl, want, sl), 0);
			} else {
				memcpy(ti_buf, sha224_info, sizeof(sha224_info));
				memcpy(ti_buf + sizeof(sha224_info), d, 28);
				assert_int_equal(mx_rsa_pkcs1_sign_raw(key, ti_buf, sizeof(ti_buf),
								       sig), 0);
				assert_int_equal(mx_rsa_pkcs1_verify_raw(key, ti_buf,
									 sizeof(ti_buf), want, sl),
						 0);
			}
			assert_int_equal(sl, mx_rsa_size(key));
			if (memcmp(sig, want, sl))
				fail_msg("tcId %d (%s): signature differs", tc_id(t), sha);
			free(msg);
			free(want);
			tests++;
		}
		mx_rsa_key_free(key);
	}
	assert_int_equal(tests, number_of_tests(root));
	json_object_put(root);
}

/* sign here, verify with openssl; sign with openssl, verify here */
static void interop_key(struct mx_rsa_key *key, const char *priv, const char *pub)
{
	uint8_t msg[100], d[MX_SHA384_LEN], t36[MX_RSA_MD5_SHA1_LEN], sig[512], *s;
	size_t k = mx_rsa_size(key), len, i;

	for (i = 0; i < sizeof(msg); i++)
		msg[i] = (uint8_t)(rand() & 0xff);

	/* PKCS#1 v1.5 with SHA-256 and SHA-384 */
	mx_sha256(msg, sizeof(msg), d);
	assert_int_equal(ossl_write("d256", d, MX_SHA256_LEN), 0);
	assert_int_equal(mx_rsa_pkcs1_sign(key, MX_HASH_SHA256, d, MX_SHA256_LEN, sig), 0);
	assert_int_equal(ossl_write("sig", sig, k), 0);
	assert_int_equal(ossl_run("openssl pkeyutl -verify -pubin -inkey '%s' -in '%s' "
				  "-sigfile '%s' -pkeyopt digest:sha256", ossl_path(pub),
				  ossl_path("d256"), ossl_path("sig")), 0);
	assert_int_equal(ossl_run("openssl pkeyutl -sign -inkey '%s' -in '%s' -out '%s' "
				  "-pkeyopt digest:sha256", ossl_path(priv), ossl_path("d256"),
				  ossl_path("osig")), 0);
	s = ossl_read("osig", &len);
	assert_non_null(s);
	assert_int_equal(len, k);
	assert_memory_equal(s, sig, k);		/* deterministic padding */
	assert_int_equal(mx_rsa_pkcs1_verify(key, MX_HASH_SHA256, d, MX_SHA256_LEN, s, len), 0);
	s[k / 2] ^= 1;
	assert_int_equal(mx_rsa_pkcs1_verify(key, MX_HASH_SHA256, d, MX_SHA256_LEN, s, len),
			 -EBADMSG);
	free(s);
	mx_sha384(msg, sizeof(msg), d);
	assert_int_equal(ossl_write("d384", d, MX_SHA384_LEN), 0);
	assert_int_equal(mx_rsa_pkcs1_sign(key, MX_HASH_SHA384, d, MX_SHA384_LEN, sig), 0);
	assert_int_equal(ossl_write("sig", sig, k), 0);
	assert_int_equal(ossl_run("openssl pkeyutl -verify -pubin -inkey '%s' -in '%s' "
				  "-sigfile '%s' -pkeyopt digest:sha384", ossl_path(pub),
				  ossl_path("d384"), ossl_path("sig")), 0);

	/* TLS 1.0/1.1: MD5 || SHA-1 padded as is */
	mx_md5(msg, sizeof(msg), t36);
	mx_sha1(msg, sizeof(msg), t36 + MX_MD5_LEN);
	assert_int_equal(ossl_write("t36", t36, sizeof(t36)), 0);
	assert_int_equal(mx_rsa_pkcs1_sign_raw(key, t36, sizeof(t36), sig), 0);
	assert_int_equal(ossl_write("sig", sig, k), 0);
	assert_int_equal(ossl_run("openssl pkeyutl -verify -pubin -inkey '%s' -in '%s' "
				  "-sigfile '%s'", ossl_path(pub), ossl_path("t36"),
				  ossl_path("sig")), 0);
	assert_int_equal(ossl_run("openssl pkeyutl -sign -inkey '%s' -in '%s' -out '%s'",
				  ossl_path(priv), ossl_path("t36"), ossl_path("osig")), 0);
	s = ossl_read("osig", &len);
	assert_non_null(s);
	assert_int_equal(mx_rsa_pkcs1_verify_raw(key, t36, sizeof(t36), s, len), 0);
	free(s);

	/* PSS, salt = digest length (TLS) */
	mx_sha256(msg, sizeof(msg), d);
	assert_int_equal(mx_rsa_pss_sign(key, MX_HASH_SHA256, d, MX_SHA256_LEN, 32, sig), 0);
	assert_int_equal(ossl_write("sig", sig, k), 0);
	assert_int_equal(ossl_run("openssl pkeyutl -verify -pubin -inkey '%s' -in '%s' "
				  "-sigfile '%s' -pkeyopt digest:sha256 "
				  "-pkeyopt rsa_padding_mode:pss -pkeyopt rsa_pss_saltlen:32",
				  ossl_path(pub), ossl_path("d256"), ossl_path("sig")), 0);
	assert_int_equal(ossl_run("openssl pkeyutl -sign -inkey '%s' -in '%s' -out '%s' "
				  "-pkeyopt digest:sha256 -pkeyopt rsa_padding_mode:pss "
				  "-pkeyopt rsa_pss_saltlen:32", ossl_path(priv), ossl_path("d256"),
				  ossl_path("osig")), 0);
	s = ossl_read("osig", &len);
	assert_non_null(s);
	assert_int_equal(mx_rsa_pss_verify(key, MX_HASH_SHA256, d, MX_SHA256_LEN, 32, s, len), 0);
	assert_int_equal(mx_rsa_pss_verify(key, MX_HASH_SHA256, d, MX_SHA256_LEN,
					   MX_RSA_PSS_SALT_ANY, s, len), 0);
	assert_int_equal(mx_rsa_pss_verify(key, MX_HASH_SHA256, d, MX_SHA256_LEN, 20, s, len),
			 -EBADMSG);
	d[0] ^= 1;
	assert_int_equal(mx_rsa_pss_verify(key, MX_HASH_SHA256, d, MX_SHA256_LEN, 32, s, len),
			 -EBADMSG);
	free(s);

	/* PKCS#1 v1.5 encryption both ways */
	assert_int_equal(ossl_write("msg", msg, 48), 0);
	assert_int_equal(mx_rsa_pkcs1_encrypt(key, msg, 48, sig), 0);
	assert_int_equal(ossl_write("ct", sig, k), 0);
	assert_int_equal(ossl_run("openssl pkeyutl -decrypt -inkey '%s' -in '%s' -out '%s'",
				  ossl_path(priv), ossl_path("ct"), ossl_path("pt")), 0);
	s = ossl_read("pt", &len);
	assert_non_null(s);
	assert_int_equal(len, 48);
	assert_memory_equal(s, msg, 48);
	free(s);
	assert_int_equal(ossl_run("openssl pkeyutl -encrypt -pubin -inkey '%s' -in '%s' -out '%s'",
				  ossl_path(pub), ossl_path("msg"), ossl_path("ct")), 0);
	s = ossl_read("ct", &len);
	assert_non_null(s);
	{
		uint8_t out[512], pms[48];
		size_t ol;

		assert_int_equal(mx_rsa_pkcs1_decrypt(key, s, len, out, sizeof(out), &ol), 0);
		assert_int_equal(ol, 48);
		assert_memory_equal(out, msg, 48);
		assert_int_equal(mx_rsa_tls_premaster_decrypt(key, s, len,
							      (uint16_t)(msg[0] << 8 | msg[1]),
							      pms), 0);
		assert_memory_equal(pms, msg, 48);
	}
	free(s);
}

static void openssl_keys(void **state)
{
	static const int bits[] = { 1024, 2048, 3072, 4096 };
	size_t i;

	for (i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
		struct mx_rsa_key *key;

		assert_int_equal(ossl_run("openssl genpkey -algorithm RSA -pkeyopt "
					  "rsa_keygen_bits:%d -out '%s'", bits[i],
					  ossl_path("ok.pem")), 0);
		assert_int_equal(ossl_run("openssl pkey -in '%s' -pubout -out '%s'",
					  ossl_path("ok.pem"), ossl_path("ok.pub")), 0);
		key = key_from_pem(ossl_path("ok.pem"));
		assert_int_equal(mx_rsa_bits(key), bits[i]);
		interop_key(key, "ok.pem", "ok.pub");
		mx_rsa_key_free(key);
	}
}

static void generated_keys(void **state)
{
	static const struct {
		unsigned int bits;
		uint32_t e;
	} gen[] = { { 1024, 65537 }, { 2048, 65537 }, { 2048, 3 } };
	size_t i;

	for (i = 0; i < sizeof(gen) / sizeof(gen[0]); i++) {
		struct mx_rsa_key *key;

		assert_int_equal(mx_rsa_keygen(&key, gen[i].bits, gen[i].e), 0);
		assert_int_equal(mx_rsa_bits(key), gen[i].bits);
		key_to_pem(key, "gk.pem", "gk.pub");
		/* openssl checks n = pq, d e = 1 mod lcm, the CRT values */
		assert_int_equal(ossl_run("openssl pkey -check -noout -in '%s'",
					  ossl_path("gk.pem")), 0);
		interop_key(key, "gk.pem", "gk.pub");
		mx_rsa_key_free(key);
	}
	assert_int_equal(mx_rsa_keygen(&(struct mx_rsa_key *){ NULL }, 1023, 65537), -EINVAL);
	assert_int_equal(mx_rsa_keygen(&(struct mx_rsa_key *){ NULL }, 2048, 4), -EINVAL);
}

/* A k-byte block: 00 02 PS 00 M with PS of ps bytes from `fill`. */
static void em_encrypt(struct mx_rsa_key *key, uint8_t *ct, const uint8_t *em)
{
	assert_int_equal(mx_rsa_public_raw(key, em, mx_rsa_size(key), ct), 0);
}

static void premaster_rejection(void **state)
{
	struct mx_rsa_key *key;
	uint8_t em[256], ct[256], pms[48], pms2[48], out[256];
	size_t k, ol;
	int variant, rc;

	assert_int_equal(mx_rsa_keygen(&key, 2048, 65537), 0);
	k = mx_rsa_size(key);
	for (variant = 0; variant < 9; variant++) {
		int good = variant == 0;

		memset(em, 0x5a, k);
		em[0] = 0;
		em[1] = 2;
		em[k - 49] = 0;
		em[k - 48] = 3;
		em[k - 47] = 3;
		switch (variant) {
		case 1:			/* not 00 */
			em[0] = 1;
			break;
		case 2:			/* signature block type */
			em[1] = 1;
			break;
		case 3:			/* no separator */
			em[k - 49] = 0x11;
			break;
		case 4:			/* longer message */
			em[20] = 0;
			break;
		case 5:			/* shorter message */
			em[k - 60] = 0;
			break;
		case 6:			/* version 3.1 */
			em[k - 47] = 1;
			break;
		case 7:			/* SSL 2 version */
			em[k - 48] = 2;
			em[k - 47] = 0;
			break;
		case 8:			/* zero inside PS */
			em[5] = 0;
			break;
		}
		em_encrypt(key, ct, em);
		assert_int_equal(mx_rsa_tls_premaster_decrypt(key, ct, k, 0x0303, pms), 0);
		assert_int_equal(mx_rsa_tls_premaster_decrypt(key, ct, k, 0x0303, pms2), 0);
		if (good) {
			assert_memory_equal(pms, em + k - 48, 48);
			assert_memory_equal(pms2, em + k - 48, 48);
		} else {
			assert_memory_not_equal(pms, em + k - 48, 48);
			assert_memory_not_equal(pms, pms2, 48);
		}
		/* the general decryption reports the padding, nothing more */
		rc = mx_rsa_pkcs1_decrypt(key, ct, k, out, sizeof(out), &ol);
		if (variant == 0 || (variant >= 4 && variant <= 7))
			assert_int_equal(rc, 0);
		else
			assert_int_equal(rc, -EBADMSG);
	}
	/* a ciphertext not below n is one more bad ciphertext */
	memset(ct, 0xff, k);
	assert_int_equal(mx_rsa_tls_premaster_decrypt(key, ct, k, 0x0303, pms), 0);
	assert_int_equal(mx_rsa_tls_premaster_decrypt(key, ct, k - 1, 0x0303, pms), -EINVAL);
	assert_int_equal(mx_rsa_tls_premaster_decrypt(key, ct, k + 1, 0x0303, pms), -EINVAL);
	/* message as long as the padding allows, and empty; short buffers */
	assert_int_equal(mx_rsa_pkcs1_encrypt(key, em, k - 11, ct), 0);
	assert_int_equal(mx_rsa_pkcs1_decrypt(key, ct, k, out, sizeof(out), &ol), 0);
	assert_int_equal(ol, k - 11);
	assert_memory_equal(out, em, k - 11);
	assert_int_equal(mx_rsa_pkcs1_decrypt(key, ct, k, out, k - 12, &ol), -EBADMSG);
	assert_int_equal(mx_rsa_pkcs1_encrypt(key, em, k - 10, ct), -EMSGSIZE);
	assert_int_equal(mx_rsa_pkcs1_encrypt(key, em, 0, ct), 0);
	assert_int_equal(mx_rsa_pkcs1_decrypt(key, ct, k, out, 0, &ol), 0);
	assert_int_equal(ol, 0);
	mx_rsa_key_free(key);
}

static void edge_inputs(void **state)
{
	struct mx_rsa_key *key, *pub;
	uint8_t n[512], e[8], in[512], out[512], sig[512], d[32] = { 1 };
	size_t nl, el, k;

	assert_int_equal(mx_rsa_keygen(&key, 1024, 65537), 0);
	k = mx_rsa_size(key);
	assert_int_equal(mx_rsa_export(key, MX_RSA_N, n, sizeof(n), &nl), 0);
	assert_int_equal(mx_rsa_export(key, MX_RSA_E, e, sizeof(e), &el), 0);
	assert_int_equal(mx_rsa_key_public(&pub, n, nl, e, el), 0);
	assert_false(mx_rsa_is_private(pub));
	assert_true(mx_rsa_is_private(key));
	assert_int_equal(mx_rsa_export(pub, MX_RSA_D, out, sizeof(out), &nl), -EINVAL);
	assert_int_equal(mx_rsa_export(key, MX_RSA_N, out, 10, &nl), -ENOSPC);

	/* 0, 1 and n - 1 are their own images under both exponents (d, e odd) */
	memset(in, 0, k);
	assert_int_equal(mx_rsa_private_raw(key, in, k, out), 0);
	assert_memory_equal(out, in, k);
	in[k - 1] = 1;
	assert_int_equal(mx_rsa_private_raw(key, in, k, out), 0);
	assert_memory_equal(out, in, k);
	memcpy(in, n, k);
	in[k - 1] -= 1;
	assert_int_equal(mx_rsa_private_raw(key, in, k, out), 0);
	assert_memory_equal(out, in, k);
	assert_int_equal(mx_rsa_public_raw(pub, in, k, out), 0);
	assert_memory_equal(out, in, k);
	/* n and above, wrong lengths, private operations on a public key */
	assert_int_equal(mx_rsa_private_raw(key, n, k, out), -ERANGE);
	assert_int_equal(mx_rsa_public_raw(pub, n, k, out), -ERANGE);
	assert_int_equal(mx_rsa_public_raw(pub, in, k - 1, out), -EINVAL);
	assert_int_equal(mx_rsa_private_raw(pub, in, k, out), -EINVAL);
	assert_int_equal(mx_rsa_pkcs1_sign(pub, MX_HASH_SHA256, d, 32, sig), -EINVAL);
	/* signatures: truncated, overlong, not below n, wrong digest length */
	assert_int_equal(mx_rsa_pkcs1_sign(key, MX_HASH_SHA256, d, 32, sig), 0);
	assert_int_equal(mx_rsa_pkcs1_verify(pub, MX_HASH_SHA256, d, 32, sig, k), 0);
	assert_int_equal(mx_rsa_pkcs1_verify(pub, MX_HASH_SHA256, d, 32, sig, k - 1), -EBADMSG);
	memmove(sig + 1, sig, k);
	sig[0] = 0;
	assert_int_equal(mx_rsa_pkcs1_verify(pub, MX_HASH_SHA256, d, 32, sig, k + 1), -EBADMSG);
	assert_int_equal(mx_rsa_pkcs1_verify(pub, MX_HASH_SHA256, d, 32, n, k), -EBADMSG);
	assert_int_equal(mx_rsa_pkcs1_sign(key, MX_HASH_SHA256, d, 31, sig), -EINVAL);
	assert_int_equal(mx_rsa_pkcs1_sign(key, (enum mx_hash_id)99, d, 32, sig), -EINVAL);
	assert_int_equal(mx_rsa_pkcs1_sign_raw(key, in, k - 10, sig), -EMSGSIZE);
	mx_rsa_key_free(pub);

	/* bad public keys: even or short modulus, even or tiny exponent, e >= n */
	e[0] = 3;
	assert_int_equal(mx_rsa_key_public(&pub, n, nl, e, 1), 0);
	mx_rsa_key_free(pub);
	n[nl - 1] ^= 1;
	assert_int_equal(mx_rsa_key_public(&pub, n, nl, e, 1), -EINVAL);
	n[nl - 1] ^= 1;
	assert_int_equal(mx_rsa_key_public(&pub, n + 1, nl - 1, e, 1), -EINVAL);
	e[0] = 4;
	assert_int_equal(mx_rsa_key_public(&pub, n, nl, e, 1), -EINVAL);
	e[0] = 1;
	assert_int_equal(mx_rsa_key_public(&pub, n, nl, e, 1), -EINVAL);
	assert_int_equal(mx_rsa_key_public(&pub, n, nl, n, nl), -EINVAL);
	mx_rsa_key_free(key);
}

static void bad_private_keys(void **state)
{
	static const enum mx_rsa_part order[] = { MX_RSA_N, MX_RSA_E, MX_RSA_D, MX_RSA_P,
						  MX_RSA_Q, MX_RSA_DP, MX_RSA_DQ, MX_RSA_QINV };
	uint8_t v[8][512];
	size_t l[8], i;
	struct mx_rsa_key *key, *bad;
	struct mx_rsa_parts p;

	assert_int_equal(mx_rsa_keygen(&key, 1024, 65537), 0);
	for (i = 0; i < 8; i++)
		assert_int_equal(mx_rsa_export(key, order[i], v[i], sizeof(v[i]), &l[i]), 0);
	p = (struct mx_rsa_parts){ v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7],
				   l[0], l[1], l[2], l[3], l[4], l[5], l[6], l[7] };
	assert_int_equal(mx_rsa_key_private(&bad, &p), 0);
	mx_rsa_key_free(bad);
	for (i = 3; i < 8; i++) {
		v[i][l[i] - 1] ^= 2;	/* p, q: no longer n = pq; the rest: inconsistent */
		assert_int_equal(mx_rsa_key_private(&bad, &p), -EINVAL);
		assert_null(bad);
		v[i][l[i] - 1] ^= 2;
	}
	mx_rsa_key_free(key);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		MX_PK_PATHS(wycheproof_decrypt),
		cmocka_unit_test(wycheproof_verify),
		MX_PK_PATHS(wycheproof_sign),
		MX_PK_PATHS(openssl_keys),
		cmocka_unit_test(generated_keys),
		MX_PK_PATHS(premaster_rejection),
		cmocka_unit_test(edge_inputs),
		cmocka_unit_test(bad_private_keys),
	};

	return cmocka_run_group_tests_name("rsa", tests, NULL, NULL);
}
