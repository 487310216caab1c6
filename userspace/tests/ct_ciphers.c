// SPDX-License-Identifier: GPL-2.0
/*
 * Constant time of the other ciphers under valgrind: Triple DES (key set-up
 * and CBC both ways), ChaCha20-Poly1305 (AVX2 as valgrind runs it, and
 * portable) with a good and a bad tag, and PKCS#7 unpadding of secret
 * plaintext (only the verdict and the length come out).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "crypto/chacha20poly1305.h"
#include "crypto/cpu.h"
#include "crypto/des.h"
#include "crypto/pad.h"
#include "ct_check.h"

static void des3(void **state)
{
	uint8_t key[24], pt[40], ct[40], back[40], iv[8], want[40];
	struct mx_des3_key k;
	size_t i;

	CT_BEGIN();

	for (i = 0; i < sizeof(key); i++)
		key[i] = (uint8_t)(i * 7 + 3);
	for (i = 0; i < sizeof(pt); i++)
		pt[i] = want[i] = (uint8_t)i;
	memset(iv, 0x99, sizeof(iv));
	SECRET(key, sizeof(key));
	SECRET(pt, sizeof(pt));
	assert_int_equal(mx_des3_setkey(&k, key, 24), 0);
	assert_int_equal(mx_des3_cbc_encrypt(&k, iv, pt, ct, 40), 0);
	memset(iv, 0x99, sizeof(iv));
	assert_int_equal(mx_des3_cbc_decrypt(&k, iv, ct, back, 40), 0);
	mx_des3_clear(&k);
	CT_END("3DES");
	PUBLIC(back, sizeof(back));
	assert_memory_equal(back, want, sizeof(back));
}

static void chapoly(int portable)
{
	uint8_t key[32], nonce[12], aad[13], pt[700], ct[700], back[700], tag[16], want[700];
	size_t i;

	CT_BEGIN();

	mx_cpu_force_portable(portable);
	for (i = 0; i < sizeof(key); i++)
		key[i] = (uint8_t)(i + 9);
	for (i = 0; i < sizeof(pt); i++)
		pt[i] = want[i] = (uint8_t)(i * 13);
	memset(nonce, 1, sizeof(nonce));
	memset(aad, 2, sizeof(aad));
	SECRET(key, sizeof(key));
	SECRET(pt, sizeof(pt));
	assert_int_equal(mx_chacha20_poly1305_seal(key, nonce, 12, aad, 13, pt, 700, ct, tag), 0);
	PUBLIC(ct, sizeof(ct));
	PUBLIC(tag, sizeof(tag));
	assert_int_equal(mx_chacha20_poly1305_open(key, nonce, 12, aad, 13, ct, 700, tag, back),
			 0);
	tag[15] ^= 4;
	assert_int_equal(mx_chacha20_poly1305_open(key, nonce, 12, aad, 13, ct, 700, tag, back),
			 -EBADMSG);
	CT_END(portable ? "portable ChaCha20-Poly1305" : "AVX2 ChaCha20-Poly1305");
	PUBLIC(back, sizeof(back));
	assert_memory_equal(back, want, sizeof(back));
}

static void chapoly_portable(void **state)
{
	chapoly(1);
}

static void chapoly_avx2(void **state)
{
	chapoly(0);
}

static void pkcs7(void **state)
{
	uint8_t buf[32];
	size_t outlen;
	int v, rc;

	for (v = 0; v < 20; v++) {
		CT_BEGIN();

		memset(buf, 0x41, sizeof(buf));
		memset(buf + sizeof(buf) - (v % 17), v, (size_t)(v % 17));
		SECRET(buf, sizeof(buf));
		rc = mx_pkcs7_unpad(buf, sizeof(buf), 16, &outlen);
		CT_END("PKCS#7 unpad");
		assert_int_equal(rc, v >= 1 && v <= 16 ? 0 : -EBADMSG);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(des3),
		cmocka_unit_test(chapoly_portable),
		cmocka_unit_test(chapoly_avx2),
		cmocka_unit_test(pkcs7),
	};

	return cmocka_run_group_tests(tests, ct_setup, NULL);
}
