// SPDX-License-Identifier: GPL-2.0
/*
 * Constant-time checks, under valgrind, of the PKI code that handles
 * secrets itself: base64 decoding of a PEM body (only the text's layout
 * is branched on), RC2 key expansion and decryption (its table lookups go
 * through full scans), key file decryption with its padding check, the
 * PKCS#12 KDF, PBKDF2 and EVP_BytesToKey over a secret password. Secrets
 * are marked undefined; valgrind reports any branch or memory address
 * that depends on them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <valgrind/memcheck.h>

#include "pki/base64.h"
#include "pki/cipher.h"
#include "pki/kdf.h"
#include "pki/rc2.h"

#define SECRET(p, n) VALGRIND_MAKE_MEM_UNDEFINED(p, n)
#define PUBLIC(p, n) VALGRIND_MAKE_MEM_DEFINED(p, n)

static void rc2_is_constant_time(void **state)
{
	uint8_t key[16], iv[8], ct[64], pt[64];
	struct mx_rc2_key k;
	size_t len;

	for (len = 5; len <= 16; len += 11) {
		memset(key, 0x5a, sizeof(key));
		memset(iv, 1, sizeof(iv));
		memset(ct, 0xa5, sizeof(ct));
		SECRET(key, sizeof(key));
		SECRET(ct, sizeof(ct));
		assert_int_equal(mx_rc2_setkey(&k, key, len, (unsigned int)len * 8), 0);
		mx_rc2_cbc_decrypt(&k, iv, ct, pt, sizeof(ct));
		PUBLIC(pt, sizeof(pt));
		PUBLIC(&k, sizeof(k));
	}
}

static void base64_is_constant_time(void **state)
{
	/* A PEM body: lines of 64 characters, then a padded last group. */
	static const char layout[] =
		"MIIBVgIBADANBgkqhkiG9w0BAQEFAASCAUAwggE8AgEAAkEAq7BFUpkGp3+LQmlQ\n"
		"Yx2eqzDV+xeG8kx/sQFV18S5JKb1JZULdcpb5V8JhkbkHhT1stSo2RlJ2aEkPWEN\n"
		"bw==\n";
	char src[sizeof(layout)];
	uint8_t out[sizeof(layout)];
	size_t len, i;

	memcpy(src, layout, sizeof(src));
	/* The characters of the key are secret; the line breaks are not. */
	for (i = 0; i < sizeof(src) - 1; i++)
		if (src[i] != '\n' && src[i] != '=')
			SECRET(&src[i], 1);
	assert_int_equal(mx_base64_decode(src, sizeof(src) - 1, out, &len), 0);
	PUBLIC(out, len);
	assert_int_equal(len, 97);
}

static void key_decryption_is_constant_time(void **state)
{
	static const struct mx_pki_cipher aes = { MX_PKI_AES_CBC, 32, 16, 0 };
	static const struct mx_pki_cipher des = { MX_PKI_DES_EDE3_CBC, 24, 8, 0 };
	uint8_t key[32], iv[16] = { 0 }, buf[64];
	size_t len;

	memset(key, 7, sizeof(key));
	memset(buf, 0x33, sizeof(buf));
	SECRET(key, sizeof(key));
	SECRET(buf, sizeof(buf));
	/* Whatever the padding says becomes public as the outcome. */
	len = sizeof(buf);
	mx_pki_cbc_decrypt(&aes, key, iv, buf, sizeof(buf), &len);
	SECRET(buf, sizeof(buf));
	mx_pki_cbc_decrypt(&des, key, iv, buf, sizeof(buf), &len);
	PUBLIC(buf, sizeof(buf));
}

static void kdfs_are_constant_time(void **state)
{
	uint8_t pass[24], salt[8] = { 1, 2, 3, 4, 5, 6, 7, 8 }, out[48];

	memset(pass, 'p', sizeof(pass));
	SECRET(pass, sizeof(pass));
	assert_int_equal(mx_p12_kdf(MX_HASH_SHA1, pass, sizeof(pass), salt, sizeof(salt),
				    MX_P12_KDF_KEY, 3, out, sizeof(out)), 0);
	PUBLIC(out, sizeof(out));
	assert_int_equal(mx_p12_kdf(MX_HASH_SHA256, pass, sizeof(pass), salt, sizeof(salt),
				    MX_P12_KDF_MAC, 3, out, 32), 0);
	PUBLIC(out, sizeof(out));
	mx_pbkdf2(MX_HASH_SHA256, pass, sizeof(pass), salt, sizeof(salt), 3, out, sizeof(out));
	PUBLIC(out, sizeof(out));
	mx_evp_bytes_to_key_md5(pass, sizeof(pass), salt, out, 32);
	PUBLIC(out, sizeof(out));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(base64_is_constant_time),
		cmocka_unit_test(rc2_is_constant_time),
		cmocka_unit_test(key_decryption_is_constant_time),
		cmocka_unit_test(kdfs_are_constant_time),
	};

	return cmocka_run_group_tests_name("ct_pki", tests, NULL, NULL);
}
