// SPDX-License-Identifier: GPL-2.0
/*
 * Constant time of AES-GCM under valgrind: key and plaintext secret
 * through key set-up (the GHASH key), seal, and open with a good and a
 * bad tag, on the bitsliced AES with the portable GHASH and on AES-NI
 * with PCLMULQDQ (valgrind runs both). Results are checked against a
 * seal of the same data made with the key public.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "crypto/cpu.h"
#include "crypto/gcm.h"
#include "ct_check.h"

static void run(int portable)
{
	uint8_t key[32], iv[12], aad[20], pt[150], want[150], ct[150], back[150];
	uint8_t tag[16], ref_ct[150], ref_tag[16];
	struct mx_gcm_key k;
	size_t i;

	mx_cpu_force_portable(portable);
	for (i = 0; i < sizeof(key); i++)
		key[i] = (uint8_t)(3 * i + 1);
	for (i = 0; i < sizeof(pt); i++)
		pt[i] = want[i] = (uint8_t)(i ^ 0x5a);
	memset(iv, 0x11, sizeof(iv));
	memset(aad, 0x22, sizeof(aad));
	/* the reference, all public */
	assert_int_equal(mx_gcm_setkey(&k, key, 32), 0);
	assert_int_equal(mx_gcm_seal(&k, iv, 12, aad, 20, pt, 150, ref_ct, ref_tag), 0);

	{
		CT_BEGIN();

		SECRET(key, sizeof(key));
		SECRET(pt, sizeof(pt));
		assert_int_equal(mx_gcm_setkey(&k, key, 32), 0);
		assert_int_equal(k.ghash, portable ? MX_GHASH_CT : MX_GHASH_CLMUL);
		assert_int_equal(mx_gcm_seal(&k, iv, 12, aad, 20, pt, 150, ct, tag), 0);
		/* ciphertext and tag go on the wire: public from here */
		PUBLIC(ct, sizeof(ct));
		PUBLIC(tag, sizeof(tag));
		assert_int_equal(mx_gcm_open(&k, iv, 12, aad, 20, ct, 150, tag, back), 0);
		tag[3] ^= 1;
		assert_int_equal(mx_gcm_open(&k, iv, 12, aad, 20, ct, 150, tag, back), -EBADMSG);
		tag[3] ^= 1;
		assert_int_equal(mx_gcm_open(&k, iv, 12, aad, 20, ct, 150, tag, back), 0);
		mx_gcm_clear(&k);
		CT_END(portable ? "portable GCM" : "AES-NI/PCLMULQDQ GCM");
	}
	PUBLIC(back, sizeof(back));
	assert_memory_equal(ct, ref_ct, sizeof(ct));
	assert_memory_equal(tag, ref_tag, sizeof(tag));
	assert_memory_equal(back, want, sizeof(back));
}

static void portable_gcm(void **state)
{
	run(1);
}

static void clmul_gcm(void **state)
{
	run(0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(portable_gcm),
		cmocka_unit_test(clmul_gcm),
	};

	return cmocka_run_group_tests(tests, ct_setup, NULL);
}
