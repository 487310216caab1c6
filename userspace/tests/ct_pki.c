// SPDX-License-Identifier: GPL-2.0
/*
 * Constant-time checks, under valgrind, of the PKI code that handles
 * secrets itself: RC2 key expansion and decryption (its table lookups go
 * through full scans), the PKCS#12 KDF, PBKDF2 and EVP_BytesToKey over
 * a secret password. Secrets are marked undefined; valgrind reports any
 * branch or memory address that depends on them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <valgrind/memcheck.h>

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
		cmocka_unit_test(rc2_is_constant_time),
		cmocka_unit_test(kdfs_are_constant_time),
	};

	return cmocka_run_group_tests_name("ct_pki", tests, NULL, NULL);
}
