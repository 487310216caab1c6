// SPDX-License-Identifier: GPL-2.0
/*
 * Constant time of HMAC verification and the key derivation under
 * valgrind: with the key and the received tag secret, mx_hmac_verify
 * must not branch on either (only its verdict becomes public), for every
 * hash, on the portable hashes (valgrind has no SHA extensions) and for
 * a tag wrong in its first or its last byte. The PRFs and the key block
 * split run with the secrets undefined as well.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "crypto/hmac.h"
#include "crypto/prf.h"
#include "crypto/suites.h"
#include "ct_check.h"

static void hmac_verify(void **state)
{
	uint8_t key[40], msg[100], tag[MX_HASH_MAX_LEN];
	int id, pos;

	memset(key, 0x4b, sizeof(key));
	memset(msg, 0x6d, sizeof(msg));
	for (id = MX_HASH_MD5; id <= MX_HASH_SHA512; id++) {
		size_t dlen = mx_hash_get(id)->digest_len;

		for (pos = -1; pos < 2; pos++) {
			int rc;

			CT_BEGIN();

			mx_hmac(id, key, sizeof(key), msg, sizeof(msg), tag);
			/* pos -1: right tag; 0: first byte wrong; 1: last byte */
			if (pos == 0)
				tag[0] ^= 0x80;
			else if (pos == 1)
				tag[dlen - 1] ^= 0x01;
			SECRET(key, sizeof(key));
			SECRET(tag, dlen);
			rc = mx_hmac_verify(id, key, sizeof(key), msg, sizeof(msg), tag, dlen);
			CT_END(mx_hash_get(id)->name);
			assert_int_equal(rc, pos < 0 ? 0 : -EBADMSG);
			PUBLIC(key, sizeof(key));
		}
	}
}

static void key_derivation(void **state)
{
	uint8_t pms[48], cr[32], sr[32], ms[48], fin[12];
	const struct mx_suite *s = mx_suite_by_id(0x009c);	/* RSA AES-128-GCM */
	struct mx_tls_keys keys;
	int prf;

	memset(pms, 0x03, sizeof(pms));
	memset(cr, 0xc1, sizeof(cr));
	memset(sr, 0x5e, sizeof(sr));
	assert_non_null(s);
	for (prf = MX_PRF_TLS10; prf <= MX_PRF_SHA384; prf++) {
		CT_BEGIN();

		SECRET(pms, sizeof(pms));
		assert_int_equal(mx_tls_master_secret(prf, pms, 48, cr, sr, ms), 0);
		assert_int_equal(mx_tls_extended_master_secret(prf, pms, 48, cr, 32, ms), 0);
		assert_int_equal(mx_tls_finished(prf, ms, 1, sr, 32, fin), 0);
		CT_END("PRF");
	}
	{
		CT_BEGIN();

		SECRET(ms, sizeof(ms));
		assert_int_equal(mx_tls_derive_keys(s, MX_TLS12, ms, cr, sr, &keys), 0);
		CT_END("key block");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hmac_verify),
		cmocka_unit_test(key_derivation),
	};

	return cmocka_run_group_tests(tests, ct_setup, NULL);
}
