// SPDX-License-Identifier: GPL-2.0
/*
 * Constant time of AES under valgrind: key and plaintext secret, through
 * key set-up, block encryption and decryption, CBC both ways and counter
 * mode, on the bitsliced fallback and (where valgrind runs it) AES-NI.
 * The FIPS 197 example checks the results are still right.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "crypto/aes.h"
#include "crypto/cpu.h"
#include "ct_check.h"

static const uint8_t fips197_ct[16] = {
	0x69, 0xc4, 0xe0, 0xd8, 0x6a, 0x7b, 0x04, 0x30,
	0xd8, 0xcd, 0xb7, 0x80, 0x70, 0xb4, 0xc5, 0x5a,
};

static void run(int portable)
{
	uint8_t key[32], pt[64], want[64], ct[64], back[64], iv[16], ctr[16];
	struct mx_aes_key k;
	size_t kl, i;

	mx_cpu_force_portable(portable);
	for (kl = 16; kl <= 32; kl += 8) {
		CT_BEGIN();

		for (i = 0; i < 32; i++)
			key[i] = (uint8_t)i;
		for (i = 0; i < 64; i++)
			pt[i] = want[i] = (uint8_t)(i * 0x11);
		memset(iv, 0xa5, sizeof(iv));
		memset(ctr, 0x5a, sizeof(ctr));
		SECRET(key, sizeof(key));
		SECRET(pt, sizeof(pt));

		assert_int_equal(mx_aes_setkey(&k, key, kl), 0);
		assert_int_equal(k.impl, portable ? MX_AES_CT : MX_AES_NI);
		mx_aes_encrypt_block(&k, pt, ct);
		mx_aes_decrypt_block(&k, ct, back);
		PUBLIC(ct, 16);
		PUBLIC(back, 16);
		if (kl == 16)
			assert_memory_equal(ct, fips197_ct, 16);
		assert_memory_equal(back, want, 16);

		assert_int_equal(mx_aes_cbc_encrypt(&k, iv, pt, ct, 64), 0);
		assert_int_equal(mx_aes_cbc_decrypt(&k, iv, ct, back, 64), 0);
		mx_aes_ctr32(&k, ctr, pt, ct, 61);
		mx_aes_clear(&k);
		CT_END(portable ? "bitsliced AES" : "AES-NI");
	}
}

static void bitsliced(void **state)
{
	run(1);
}

/* valgrind emulates AES-NI: our glue around it must not leak either */
static void aesni(void **state)
{
	run(0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bitsliced),
		cmocka_unit_test(aesni),
	};

	return cmocka_run_group_tests(tests, ct_setup, NULL);
}
