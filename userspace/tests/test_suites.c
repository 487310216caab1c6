// SPDX-License-Identifier: GPL-2.0
/*
 * The cipher suite table against two independent lists: every suite's
 * IANA id must be listed by GnuTLS (`gnutls-cli --list`) under the name
 * made from our key exchange, cipher and MAC fields, and where OpenSSL
 * knows it (`openssl ciphers -V -stdname`) under our IANA name with our
 * key exchange, authentication, key size, MAC and minimum version.
 * Then the key block split for every suite at every version it allows,
 * against OpenSSL's TLS1-PRF cut at the RFC 5246 section 6.3 offsets,
 * with the lengths worked out here from the suite's name.
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
#include <openssl/core_names.h>
#include <openssl/kdf.h>
#include <openssl/rand.h>

#include "crypto/suites.h"

/* "0xC0,0x2B" -> 0xc02b */
static unsigned int parse_id(const char *a, const char *b)
{
	return (unsigned int)(strtoul(a, NULL, 16) << 8 | strtoul(b, NULL, 16));
}

/* Find the line of a command's output that lists id; copy it to line. */
static int find_line(const char *cmd, unsigned int id, char *line, size_t len)
{
	FILE *p = popen(cmd, "r");
	char rest[512];
	int found = 0;

	assert_non_null(p);
	while (!found && fgets(line, (int)len, p)) {
		char a[8], b[8];
		const char *x = strstr(line, "0x");

		if (!x || sscanf(x, "0x%2[0-9A-Fa-f], 0x%2[0-9A-Fa-f]", a, b) != 2)
			if (!x || sscanf(x, "0x%2[0-9A-Fa-f],0x%2[0-9A-Fa-f]", a, b) != 2)
				continue;
		found = parse_id(a, b) == id;
	}
	while (fgets(rest, sizeof(rest), p))
		;	/* let the command finish writing */
	pclose(p);
	return found;
}

static const char *gnutls_kx(enum mx_kx kx, enum mx_auth au)
{
	switch (kx) {
	case MX_KX_RSA:
		return "RSA";
	case MX_KX_DHE:
		return "DHE_RSA";
	case MX_KX_ECDHE:
		return au == MX_AUTH_ECDSA ? "ECDHE_ECDSA" : "ECDHE_RSA";
	case MX_KX_PSK:
		return "PSK";
	case MX_KX_DHE_PSK:
		return "DHE_PSK";
	case MX_KX_ECDHE_PSK:
		return "ECDHE_PSK";
	default:
		return "DH_ANON";
	}
}

static const char *const gnutls_cipher[] = {
	[MX_CIPHER_AES_128_CBC] = "AES_128_CBC",
	[MX_CIPHER_AES_256_CBC] = "AES_256_CBC",
	[MX_CIPHER_AES_128_GCM] = "AES_128_GCM",
	[MX_CIPHER_AES_256_GCM] = "AES_256_GCM",
	[MX_CIPHER_CHACHA20_POLY1305] = "CHACHA20_POLY1305",
	[MX_CIPHER_3DES_EDE_CBC] = "3DES_EDE_CBC",
	[MX_CIPHER_RC4_128] = "ARCFOUR_128",
};

static const char *const hash_name[] = {
	[MX_HASH_MD5] = "MD5", [MX_HASH_SHA1] = "SHA1", [MX_HASH_SHA256] = "SHA256",
	[MX_HASH_SHA384] = "SHA384", [MX_HASH_SHA512] = "SHA512",
};

static const char *const openssl_kx[] = {
	[MX_KX_RSA] = "Kx=RSA", [MX_KX_DHE] = "Kx=DH", [MX_KX_ECDHE] = "Kx=ECDH",
	[MX_KX_PSK] = "Kx=PSK", [MX_KX_DHE_PSK] = "Kx=DHEPSK", [MX_KX_ECDHE_PSK] = "Kx=ECDHEPSK",
	[MX_KX_DH_ANON] = "Kx=DH",
};

static const char *const openssl_au[] = {
	[MX_AUTH_RSA] = "Au=RSA", [MX_AUTH_ECDSA] = "Au=ECDSA", [MX_AUTH_PSK] = "Au=PSK",
	[MX_AUTH_NONE] = "Au=None",
};

static void against_gnutls_and_openssl(void **state)
{
	const struct mx_suite *s;
	size_t i;
	int in_openssl = 0;

	for (i = 0; (s = mx_suite_at(i)); i++) {
		char line[512], want[128], word[64];
		int gnutls12;

		assert_ptr_equal(mx_suite_by_id(s->id), s);
		/* GnuTLS: TLS_<kx>_<cipher>[_<mac or PRF hash>] */
		snprintf(want, sizeof(want), "TLS_%s_%s", gnutls_kx(s->kx, s->auth),
			 gnutls_cipher[s->cipher]);
		if (s->cipher != MX_CIPHER_CHACHA20_POLY1305)
			snprintf(want + strlen(want), sizeof(want) - strlen(want), "_%s",
				 hash_name[s->type == MX_CIPHER_AEAD ? s->prf_hash : s->mac]);
		if (!find_line("gnutls-cli --list 2>/dev/null", s->id, line, sizeof(line)))
			fail_msg("%s (0x%04x) is not in GnuTLS's list", s->name, s->id);
		sscanf(line, "%63s", word);
		if (strcmp(word, want))
			fail_msg("0x%04x: GnuTLS calls it %s, our fields say %s", s->id, word,
				 want);
		gnutls12 = strstr(line, "TLS1.2") != NULL;

		/* OpenSSL: "0xC0,0x2B - NAME - OPENSSL-NAME VERSION Kx= Au= Enc= Mac=" */
		if (!find_line("openssl ciphers -V -stdname 'ALL:COMPLEMENTOFALL:@SECLEVEL=0'",
			       s->id, line, sizeof(line))) {
			/* not in this OpenSSL build (3DES, RC4): GnuTLS's version */
			assert_int_equal(gnutls12, s->min_version == MX_TLS12);
			continue;
		}
		in_openssl++;
		sscanf(strchr(line, '-') + 1, "%63s", word);
		if (strcmp(word, s->name))
			fail_msg("0x%04x: OpenSSL calls it %s, we call it %s", s->id, word,
				 s->name);
		assert_non_null(strstr(line, openssl_kx[s->kx]));
		assert_non_null(strstr(line, openssl_au[s->auth]));
		assert_int_equal(strstr(line, "TLSv1.2") != NULL, s->min_version == MX_TLS12);
		snprintf(want, sizeof(want), "(%d)", 8 * s->key_len);
		assert_non_null(strstr(line, want));
		snprintf(want, sizeof(want), "Mac=%s",
			 s->type == MX_CIPHER_AEAD ? "AEAD" :
			 s->mac == MX_HASH_SHA1 ? "SHA1" : hash_name[s->mac]);
		assert_non_null(strstr(line, want));
	}
	assert_true(i >= 60);
	assert_true(in_openssl >= 45);
	assert_null(mx_suite_by_id(0x0000));
	assert_null(mx_suite_by_id(0x1301));	/* TLS 1.3 suites are not ours */
#ifndef USE_ARC4
	assert_null(mx_suite_by_id(0x0005));
#endif
}

/* Lengths from the name alone: "..._WITH_<CIPHER>_<HASH>". */
static void lengths_from_name(const char *name, uint16_t version, size_t *mac, size_t *key,
			      size_t *iv, const char **digest)
{
	const char *c = strstr(name, "_WITH_") + 6;
	int aead = strstr(c, "GCM") || strstr(c, "CHACHA");
	int block = strstr(c, "CBC") != NULL;
	size_t blk = strstr(c, "3DES") ? 8 : 16;
	const char *h = strrchr(name, '_') + 1;

	*key = strstr(c, "AES_128") || strstr(c, "RC4") ? 16 : strstr(c, "3DES") ? 24 : 32;
	*mac = aead ? 0 : !strcmp(h, "MD5") ? 16 : !strcmp(h, "SHA") ? 20 :
	       !strcmp(h, "SHA256") ? 32 : 48;
	*iv = aead ? (strstr(c, "GCM") ? 4 : 12) : block && version <= MX_TLS10 ? blk : 0;
	*digest = version < MX_TLS12 ? "MD5-SHA1" : !strcmp(h, "SHA384") ? "SHA384" : "SHA256";
}

static void key_block_split(void **state)
{
	uint8_t ms[48], cr[32], sr[32], seed[13 + 64], kb[300];
	const struct mx_suite *s;
	size_t i;
	uint16_t v;

	assert_int_equal(RAND_bytes(ms, sizeof(ms)), 1);
	assert_int_equal(RAND_bytes(cr, sizeof(cr)), 1);
	assert_int_equal(RAND_bytes(sr, sizeof(sr)), 1);
	memcpy(seed, "key expansion", 13);
	memcpy(seed + 13, sr, 32);
	memcpy(seed + 45, cr, 32);
	for (i = 0; (s = mx_suite_at(i)); i++) {
		for (v = MX_SSL30; v <= MX_TLS12; v++) {
			struct mx_tls_keys k;
			size_t mac, key, iv, total;
			const char *digest;
			EVP_KDF *kdf;
			EVP_KDF_CTX *ctx;
			int rc = mx_tls_derive_keys(s, v, ms, cr, sr, &k);

			if (v < s->min_version) {
				assert_int_equal(rc, -EINVAL);
				continue;
			}
			if (v == MX_SSL30) {	/* not in this build: see test_ssl3 */
				assert_int_equal(rc, -EPROTONOSUPPORT);
				continue;
			}
			assert_int_equal(rc, 0);
			lengths_from_name(s->name, v, &mac, &key, &iv, &digest);
			total = 2 * (mac + key + iv);
			assert_int_equal(mx_suite_key_block_len(s, v), total);
			assert_int_equal(k.mac_len, mac);
			assert_int_equal(k.key_len, key);
			assert_int_equal(k.iv_len, iv);

			kdf = EVP_KDF_fetch(NULL, "TLS1-PRF", NULL);
			ctx = EVP_KDF_CTX_new(kdf);
			{
				OSSL_PARAM p[] = {
					OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST,
									 (char *)digest, 0),
					OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SECRET,
									  ms, 48),
					OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SEED,
									  seed, sizeof(seed)),
					OSSL_PARAM_construct_end(),
				};

				assert_int_equal(EVP_KDF_derive(ctx, kb, total, p), 1);
			}
			EVP_KDF_CTX_free(ctx);
			EVP_KDF_free(kdf);
			assert_memory_equal(k.client_mac, kb, mac);
			assert_memory_equal(k.server_mac, kb + mac, mac);
			assert_memory_equal(k.client_key, kb + 2 * mac, key);
			assert_memory_equal(k.server_key, kb + 2 * mac + key, key);
			assert_memory_equal(k.client_iv, kb + 2 * (mac + key), iv);
			assert_memory_equal(k.server_iv, kb + 2 * (mac + key) + iv, iv);
		}
	}
	assert_int_equal(mx_tls_derive_keys(mx_suite_at(0), 0x0304, ms, cr, sr, NULL),
			 -EPROTONOSUPPORT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(against_gnutls_and_openssl),
		cmocka_unit_test(key_block_split),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
