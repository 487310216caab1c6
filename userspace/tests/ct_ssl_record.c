// SPDX-License-Identifier: GPL-2.0
/*
 * Constant time of the CBC record check (Lucky 13) under valgrind: the
 * record's ciphertext is marked secret, so the decrypted padding, data
 * and MAC are too; opening a good record, one with a bad MAC and one
 * with bad padding must not branch on or index by any of them (only the
 * verdict, and a good record's length, become public). TLS 1.0 (chained
 * IV) and TLS 1.2 (explicit IV), AES with SHA-1 and SHA-256, 3DES; each
 * MAC-then-encrypt and encrypt-then-MAC (RFC 7366), where the MAC's
 * verdict comes first and is public.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ct_check.h"
#include "ssl/record.h"
#include "ssl/ssl_int.h"
#include "tls_pair.h"

static sslKeys_t *skeys, *ckeys;

static int setup(void **state)
{
	if (ct_setup(state) || tls_testdata() || matrixSslOpen() < 0)
		return -1;
	skeys = tls_server_keys(0);
	ckeys = tls_client_keys(0);
	return skeys && ckeys ? 0 : -1;
}

static int teardown(void **state)
{
	matrixSslDeleteKeys(skeys);
	matrixSslDeleteKeys(ckeys);
	matrixSslClose();
	return 0;
}

enum damage { NONE, MAC, PADDING };

/* Open the records of the client's outdata on the server, the last one
 * damaged, with the ciphertext secret. Returns the last open's result.
 */
static int open_records(struct tls_end *c, struct tls_end *s, enum damage d, const char *what)
{
	unsigned char *out, *rec;
	uint8_t *pt;
	size_t ptlen, off = 0, len;
	int32 n = matrixSslGetOutdata(c->ssl, &out);
	int rc = 0;

	assert_true(n > 0);
	rec = malloc((size_t)n);
	memcpy(rec, out, (size_t)n);
	matrixSslSentData(c->ssl, (uint32)n);
	while (off < (size_t)n) {
		len = 5 + ((size_t)rec[off + 3] << 8 | rec[off + 4]);
		if (off + len == (size_t)n && d == MAC)
			rec[off + len / 2] ^= 0x10;	/* data or MAC garbled */
		if (off + len == (size_t)n && d == PADDING) {
			/* The last byte of the second-to-last block: the
			 * padding length comes out wrong.
			 */
			size_t bl = s->ssl->rl.rd.suite->block_len;

			rec[off + len - 1 - bl] ^= 0x01;
		}
		SECRET(rec + off + 5, len - 5);
		{
			CT_BEGIN();
			rc = mx_rl_open(&s->ssl->rl, rec + off, &pt, &ptlen);
			CT_END(what);
		}
		off += len;
	}
	free(rec);
	return rc;
}

static void one(int32 ver, psCipher16_t suite, const char *what, short etm)
{
	sslSessOpts_t o = { .versionFlag = ver, .encryptThenMac = etm };
	struct tls_end c, s;
	char data[300];
	enum damage d;

	memset(data, 'x', sizeof(data));
	for (d = NONE; d <= PADDING; d++) {
		memset(&c, 0, sizeof(c));
		memset(&s, 0, sizeof(s));
		assert_int_equal(matrixSslNewClientSession(&c.ssl, ckeys, NULL, &suite, 1, NULL,
							   NULL, NULL, NULL, &o),
				 MATRIXSSL_REQUEST_SEND);
		assert_int_equal(matrixSslNewServerSession(&s.ssl, skeys, NULL, &o), 0);
		assert_int_equal(tls_pump(&c, &s, 0), 0);
		assert_true(c.complete && s.complete);
		assert_int_equal(matrixSslIsEncryptThenMac(s.ssl), etm == 0);
		/* Lengths that put 1 and many bytes of padding in the record. */
		assert_true(matrixSslEncodeToOutdata(c.ssl, (unsigned char *)data,
						     d == NONE ? 200 : 211) > 0);
		assert_int_equal(open_records(&c, &s, d, what),
				 d == NONE ? 0 : -SSL_ALERT_BAD_RECORD_MAC);
		tls_end_free(&c);
		tls_end_free(&s);
	}
}

static void cbc_records(void **state)
{
	short etm;

	for (etm = -1; etm <= 0; etm++) {
		one(SSL_FLAGS_TLS_1_0, TLS_RSA_WITH_AES_128_CBC_SHA, "TLS 1.0 AES-128-CBC-SHA", etm);
		one(SSL_FLAGS_TLS_1_2, TLS_RSA_WITH_AES_128_CBC_SHA, "TLS 1.2 AES-128-CBC-SHA", etm);
		one(SSL_FLAGS_TLS_1_2, TLS_RSA_WITH_AES_256_CBC_SHA256,
		    "TLS 1.2 AES-256-CBC-SHA256", etm);
		one(SSL_FLAGS_TLS_1_1, SSL_RSA_WITH_3DES_EDE_CBC_SHA,
		    "TLS 1.1 3DES-EDE-CBC-SHA", etm);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cbc_records),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
