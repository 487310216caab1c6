// SPDX-License-Identifier: GPL-2.0
/*
 * Bad input gets the right alert: unexpected messages, wrong versions,
 * truncated and overlong records and messages, bad hellos, each fed to a
 * fresh session of ours as the network would deliver it. The alert the
 * session queues is read back from its outdata.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "matrixsslApi.h"
#include "ssl/proto.h"
#include "tls_pair.h"

static sslKeys_t *skeys, *ckeys;

static int setup(void **state)
{
	if (tls_testdata() || matrixSslOpen() < 0)
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

struct buf {
	unsigned char b[70000];
	size_t n;
};

static void put(struct buf *b, const void *p, size_t n)
{
	memcpy(b->b + b->n, p, n);
	b->n += n;
}

static void u8(struct buf *b, unsigned int v)
{
	b->b[b->n++] = (unsigned char)v;
}

static void u16(struct buf *b, unsigned int v)
{
	u8(b, v >> 8);
	u8(b, v & 0xff);
}

static void u24(struct buf *b, unsigned int v)
{
	u8(b, v >> 16);
	u16(b, v & 0xffff);
}

/* A record of type ct around body. */
static void record(struct buf *out, unsigned int ct, unsigned int ver, const struct buf *body)
{
	u8(out, ct);
	u16(out, ver);
	u16(out, (unsigned int)body->n);
	put(out, body->b, body->n);
}

/* A handshake message. */
static void hs(struct buf *out, unsigned int type, const struct buf *body)
{
	u8(out, type);
	u24(out, (unsigned int)body->n);
	put(out, body->b, body->n);
}

/* A ClientHello body. */
static void client_hello(struct buf *b, unsigned int ver, const uint16_t *suites, size_t ns,
			 unsigned int comp, const struct buf *ext)
{
	unsigned char random[32] = { 1 };
	size_t i;

	u16(b, ver);
	put(b, random, 32);
	u8(b, 0);
	u16(b, (unsigned int)(2 * ns));
	for (i = 0; i < ns; i++)
		u16(b, suites[i]);
	u8(b, 1);
	u8(b, comp);
	if (ext) {
		u16(b, (unsigned int)ext->n);
		put(b, ext->b, ext->n);
	}
}

/* Feed bytes to a new server (or a client that sent its hello); the
 * fatal alert it queued, or -1 when none.
 */
static int alert_for(int server, const struct buf *in)
{
	struct tls_end e = { 0 };
	unsigned char *out;
	int32 n;
	int alert = -1;

	if (server) {
		assert_int_equal(matrixSslNewServerSession(&e.ssl, skeys, NULL, NULL), 0);
	} else {
		assert_int_equal(matrixSslNewClientSession(&e.ssl, ckeys, NULL, NULL, 0, NULL,
							   NULL, NULL, NULL, NULL),
				 MATRIXSSL_REQUEST_SEND);
		n = matrixSslGetOutdata(e.ssl, &out);
		matrixSslSentData(e.ssl, (uint32)n);
	}
	assert_true(tls_feed(&e, in->b, in->n, 0) < 0);
	n = matrixSslGetOutdata(e.ssl, &out);
	if (n == 7 && out[0] == MX_CT_ALERT && out[5] == SSL_ALERT_LEVEL_FATAL)
		alert = out[6];
	tls_end_free(&e);
	return alert;
}

static const uint16_t rsa_gcm[] = { TLS_RSA_WITH_AES_128_GCM_SHA256 };

static int server_alert_for_hello(const struct buf *body)
{
	struct buf m = { .n = 0 }, r = { .n = 0 };

	hs(&m, MX_HT_CLIENT_HELLO, body);
	record(&r, MX_CT_HANDSHAKE, MX_TLS10, &m);
	return alert_for(1, &r);
}

static void records(void **state)
{
	struct buf body = { .n = 0 }, r;

	memset(body.b, 0, 20000);
	body.n = 10;
	r.n = 0;
	record(&r, 99, MX_TLS10, &body);
	assert_int_equal(alert_for(1, &r), SSL_ALERT_UNEXPECTED_MESSAGE);
	r.n = 0;
	record(&r, MX_CT_HANDSHAKE, 0x0200, &body);
	assert_int_equal(alert_for(1, &r), SSL_ALERT_PROTOCOL_VERSION);
	r.n = 0;
	body.n = MX_MAX_CIPHER + 1;
	record(&r, MX_CT_HANDSHAKE, MX_TLS10, &body);
	assert_int_equal(alert_for(1, &r), SSL_ALERT_RECORD_OVERFLOW);
	/* Plaintext beyond 2^14 in an unprotected record. */
	r.n = 0;
	body.n = MX_MAX_PLAIN + 1;
	record(&r, MX_CT_HANDSHAKE, MX_TLS10, &body);
	assert_int_equal(alert_for(1, &r), SSL_ALERT_RECORD_OVERFLOW);
	/* An empty handshake record. */
	r.n = 0;
	body.n = 0;
	record(&r, MX_CT_HANDSHAKE, MX_TLS10, &body);
	assert_int_equal(alert_for(1, &r), SSL_ALERT_DECODE_ERROR);
	/* Application data and ChangeCipherSpec before any keys. */
	r.n = 0;
	body.n = 5;
	record(&r, MX_CT_APPDATA, MX_TLS10, &body);
	assert_int_equal(alert_for(1, &r), SSL_ALERT_UNEXPECTED_MESSAGE);
	r.n = 0;
	body.n = 1;
	body.b[0] = 1;
	record(&r, MX_CT_CCS, MX_TLS10, &body);
	assert_int_equal(alert_for(1, &r), SSL_ALERT_UNEXPECTED_MESSAGE);
	/* An alert that is not two bytes. */
	r.n = 0;
	body.n = 3;
	record(&r, MX_CT_ALERT, MX_TLS10, &body);
	assert_int_equal(alert_for(1, &r), SSL_ALERT_DECODE_ERROR);
}

static void messages(void **state)
{
	struct buf body = { .n = 0 }, m = { .n = 0 }, r = { .n = 0 };

	/* Finished first. */
	body.n = 12;
	hs(&m, MX_HT_FINISHED, &body);
	record(&r, MX_CT_HANDSHAKE, MX_TLS10, &m);
	assert_int_equal(alert_for(1, &r), SSL_ALERT_UNEXPECTED_MESSAGE);
	/* A message longer than anything we take. */
	m.n = 0;
	r.n = 0;
	u8(&m, MX_HT_CLIENT_HELLO);
	u24(&m, MX_MAX_HS_MSG + 1);
	put(&m, body.b, 10);
	record(&r, MX_CT_HANDSHAKE, MX_TLS10, &m);
	assert_int_equal(alert_for(1, &r), SSL_ALERT_ILLEGAL_PARAMETER);
	/* A ClientHello cut short. */
	body.n = 0;
	client_hello(&body, MX_TLS12, rsa_gcm, 1, 0, NULL);
	body.n -= 3;
	assert_int_equal(server_alert_for_hello(&body), SSL_ALERT_DECODE_ERROR);
	/* ... with trailing garbage. */
	body.n = 0;
	client_hello(&body, MX_TLS12, rsa_gcm, 1, 0, NULL);
	u8(&body, 0);
	assert_int_equal(server_alert_for_hello(&body), SSL_ALERT_DECODE_ERROR);
}

static void hellos(void **state)
{
	static const uint16_t none[] = { 0x1301 }, fallback[] = {
		TLS_RSA_WITH_AES_128_CBC_SHA, TLS_FALLBACK_SCSV };
	struct buf body = { .n = 0 }, ext = { .n = 0 };

	client_hello(&body, 0x0200, rsa_gcm, 1, 0, NULL);
	assert_int_equal(server_alert_for_hello(&body), SSL_ALERT_PROTOCOL_VERSION);
	body.n = 0;
	client_hello(&body, MX_TLS12, rsa_gcm, 1, 1, NULL);	/* no null compression */
	assert_int_equal(server_alert_for_hello(&body), SSL_ALERT_ILLEGAL_PARAMETER);
	body.n = 0;
	client_hello(&body, MX_TLS12, none, 1, 0, NULL);
	assert_int_equal(server_alert_for_hello(&body), SSL_ALERT_HANDSHAKE_FAILURE);
	/* A fallback to TLS 1.1 with a server that has TLS 1.2 (its default). */
	body.n = 0;
	client_hello(&body, MX_TLS11, fallback, 2, 0, NULL);
	assert_int_equal(server_alert_for_hello(&body), SSL_ALERT_INAPPROPRIATE_FALLBACK);
	/* The same extension twice. */
	u16(&ext, MX_EXT_EMS);
	u16(&ext, 0);
	u16(&ext, MX_EXT_EMS);
	u16(&ext, 0);
	body.n = 0;
	client_hello(&body, MX_TLS12, rsa_gcm, 1, 0, &ext);
	assert_int_equal(server_alert_for_hello(&body), SSL_ALERT_ILLEGAL_PARAMETER);
	/* An extension longer than the block. */
	ext.n = 0;
	u16(&ext, MX_EXT_SERVER_NAME);
	u16(&ext, 40);
	body.n = 0;
	client_hello(&body, MX_TLS12, rsa_gcm, 1, 0, &ext);
	assert_int_equal(server_alert_for_hello(&body), SSL_ALERT_DECODE_ERROR);
	/* A renegotiation_info that is not empty on a first handshake. */
	ext.n = 0;
	u16(&ext, MX_EXT_RENEG_INFO);
	u16(&ext, 2);
	u8(&ext, 1);
	u8(&ext, 7);
	body.n = 0;
	client_hello(&body, MX_TLS12, rsa_gcm, 1, 0, &ext);
	assert_int_equal(server_alert_for_hello(&body), SSL_ALERT_HANDSHAKE_FAILURE);
}

/* A ServerHello body for the client. */
static int client_alert_for_server_hello(unsigned int ver, unsigned int suite, unsigned int comp,
					 const struct buf *ext)
{
	unsigned char random[32] = { 2 };
	struct buf b = { .n = 0 }, m = { .n = 0 }, r = { .n = 0 };

	u16(&b, ver);
	put(&b, random, 32);
	u8(&b, 0);
	u16(&b, suite);
	u8(&b, comp);
	if (ext) {
		u16(&b, (unsigned int)ext->n);
		put(&b, ext->b, ext->n);
	}
	hs(&m, MX_HT_SERVER_HELLO, &b);
	record(&r, MX_CT_HANDSHAKE, MX_TLS12, &m);
	return alert_for(0, &r);
}

static void server_hellos(void **state)
{
	struct buf ext = { .n = 0 }, b = { .n = 0 }, m = { .n = 0 }, r = { .n = 0 };

	assert_int_equal(client_alert_for_server_hello(MX_TLS12, 0x0005, 0, NULL),
			 SSL_ALERT_ILLEGAL_PARAMETER);
	assert_int_equal(client_alert_for_server_hello(MX_TLS12, TLS_RSA_WITH_AES_128_GCM_SHA256,
						       1, NULL),
			 SSL_ALERT_ILLEGAL_PARAMETER);
	assert_int_equal(client_alert_for_server_hello(0x0304, TLS_RSA_WITH_AES_128_GCM_SHA256,
						       0, NULL),
			 SSL_ALERT_PROTOCOL_VERSION);
	/* The client's default is TLS 1.2 only. */
	assert_int_equal(client_alert_for_server_hello(MX_TLS10, TLS_RSA_WITH_AES_128_CBC_SHA,
						       0, NULL),
			 SSL_ALERT_PROTOCOL_VERSION);
	u16(&ext, 0x1234);	/* never offered */
	u16(&ext, 0);
	assert_int_equal(client_alert_for_server_hello(MX_TLS12, TLS_RSA_WITH_AES_128_GCM_SHA256,
						       0, &ext),
			 SSL_ALERT_UNSUPPORTED_EXTENSION);
	/* A ServerKeyExchange after ServerHello in an RSA suite. */
	{
		unsigned char random[32] = { 2 };

		u16(&b, MX_TLS12);
		put(&b, random, 32);
		u8(&b, 0);
		u16(&b, TLS_RSA_WITH_AES_128_GCM_SHA256);
		u8(&b, 0);
		hs(&m, MX_HT_SERVER_HELLO, &b);
		b.n = 4;
		hs(&m, MX_HT_SERVER_KEY_EXCHANGE, &b);
		record(&r, MX_CT_HANDSHAKE, MX_TLS12, &m);
		assert_int_equal(alert_for(0, &r), SSL_ALERT_UNEXPECTED_MESSAGE);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(records),
		cmocka_unit_test(messages),
		cmocka_unit_test(hellos),
		cmocka_unit_test(server_hellos),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
