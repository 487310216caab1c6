// SPDX-License-Identifier: GPL-2.0
/*
 * The guide's API flow between two of our sessions in memory: every
 * version and suite, one-byte partial reads, several records per read,
 * in-situ and from-buffer encryption, resumption, client authentication
 * with its empty-certificate behaviours, the alert path, version
 * negotiation with TLS_FALLBACK_SCSV, the extended master secret,
 * and record-exact reads. Interop with OpenSSL and GnuTLS is
 * scripts/interop*.py's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <pthread.h>

#include "matrixsslApi.h"
#include "ssl/proto.h"
#include "ssl/ssl_int.h"
#include "tls_pair.h"

static sslKeys_t *skeys, *skeys_auth, *ckeys, *ckeys_auth, *skeys_other_ca;

static int setup(void **state)
{
	if (tls_testdata() || matrixSslOpen() < 0)
		return -1;
	skeys = tls_server_keys(0);
	skeys_auth = tls_server_keys(1);
	ckeys = tls_client_keys(0);
	ckeys_auth = tls_client_keys(1);
	if (matrixSslNewKeys(&skeys_other_ca, NULL) < 0 ||
	    matrixSslLoadRsaKeys(skeys_other_ca, TLS_TESTDATA "/server.pem",
				 TLS_TESTDATA "/server.key", NULL, TLS_TESTDATA "/other-ca.pem") < 0)
		return -1;
	return skeys && skeys_auth && ckeys && ckeys_auth ? 0 : -1;
}

static int teardown(void **state)
{
	matrixSslDeleteKeys(skeys);
	matrixSslDeleteKeys(skeys_auth);
	matrixSslDeleteKeys(ckeys);
	matrixSslDeleteKeys(ckeys_auth);
	matrixSslDeleteKeys(skeys_other_ca);
	matrixSslClose();
	return 0;
}

struct cb_log {
	int calls, last_alert, had_cert;
	int32 answer;
};

static struct cb_log srv_cb, cli_cb;

static int32 server_cb(ssl_t *ssl, psX509Cert_t *cert, int32 alert)
{
	srv_cb.calls++;
	srv_cb.last_alert = alert;
	srv_cb.had_cert = cert != NULL;
	return srv_cb.answer == -1 ? alert : srv_cb.answer;
}

static int32 client_cb(ssl_t *ssl, psX509Cert_t *cert, int32 alert)
{
	cli_cb.calls++;
	cli_cb.last_alert = alert;
	cli_cb.had_cert = cert != NULL;
	return alert;
}

struct pair {
	struct tls_end c, s;
};

static int32 start(struct pair *p, const sslKeys_t *ck, const sslKeys_t *sk, sslSessionId_t *sid,
		   const psCipher16_t *suite, int32 cver, int32 sver, sslCertCb_t scb,
		   sslSessOpts_t *copts, sslSessOpts_t *sopts)
{
	sslSessOpts_t co = { 0 }, so = { 0 };
	int32 rc;

	memset(p, 0, sizeof(*p));
	if (copts)
		co = *copts;
	if (sopts)
		so = *sopts;
	co.versionFlag = cver;
	so.versionFlag = sver;
	rc = matrixSslNewClientSession(&p->c.ssl, ck, sid, suite, suite ? 1 : 0, client_cb,
				       "localhost", NULL, NULL, &co);
	if (rc != MATRIXSSL_REQUEST_SEND)
		return rc < 0 ? rc : PS_FAILURE;
	return matrixSslNewServerSession(&p->s.ssl, sk, scb, &so);
}

static void finish(struct pair *p)
{
	tls_end_free(&p->c);
	tls_end_free(&p->s);
}

static void pattern(unsigned char *b, size_t n, unsigned int seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		b[i] = (unsigned char)(i * 31 + seed + (i >> 8));
}

/* Send n bytes each way, alternating the two ways of encrypting. */
static void exchange(struct pair *p, size_t n, size_t chunk)
{
	unsigned char *data = malloc(n), *wb;
	size_t off, take;
	int32 room;

	pattern(data, n, 7);
	for (off = 0; off < n; off += take) {
		take = n - off < 5000 ? n - off : 5000;
		if ((off / 5000) & 1) {
			assert_true(matrixSslEncodeToOutdata(p->c.ssl, data + off, (uint32)take) > 0);
		} else {
			room = matrixSslGetWritebuf(p->c.ssl, &wb, (uint32)take);
			assert_true(room >= (int32)take);
			memcpy(wb, data + off, take);
			assert_true(matrixSslEncodeWritebuf(p->c.ssl, (uint32)take) > 0);
		}
		assert_true(matrixSslEncodeToOutdata(p->s.ssl, data + off, (uint32)take) > 0);
	}
	assert_int_equal(tls_pump(&p->c, &p->s, chunk), 0);
	assert_int_equal(p->s.got_len, n);
	assert_int_equal(p->c.got_len, n);
	assert_memory_equal(p->s.got, data, n);
	assert_memory_equal(p->c.got, data, n);
	free(data);
}

static const psCipher16_t all_suites[] = {
	TLS_RSA_WITH_AES_128_GCM_SHA256, TLS_RSA_WITH_AES_256_GCM_SHA384,
	TLS_RSA_WITH_AES_128_CBC_SHA256, TLS_RSA_WITH_AES_256_CBC_SHA256,
	TLS_RSA_WITH_AES_128_CBC_SHA, TLS_RSA_WITH_AES_256_CBC_SHA,
	SSL_RSA_WITH_3DES_EDE_CBC_SHA, SSL_RSA_WITH_RC4_128_SHA, SSL_RSA_WITH_RC4_128_MD5,
};

static void default_handshake(void **state)
{
	struct pair p;

	assert_int_equal(start(&p, ckeys, skeys, NULL, NULL, 0, 0, NULL, NULL, NULL), 0);
	assert_int_equal(tls_pump(&p.c, &p.s, 0), 0);
	assert_true(p.c.complete && p.s.complete);
	/* Secure defaults: TLS 1.2, forward secrecy and AEAD first, RFC 7627. */
	assert_int_equal(matrixSslGetNegotiatedVersion(p.c.ssl), TLS_1_2_VERSION_WIRE);
	assert_int_equal(matrixSslGetNegotiatedCiphersuite(p.s.ssl),
			 TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256);
	assert_true(matrixSslIsExtendedMasterSecret(p.c.ssl));
	assert_true(matrixSslIsExtendedMasterSecret(p.s.ssl));
	assert_false(matrixSslIsResumedSession(p.c.ssl));
	assert_int_equal(cli_cb.last_alert, 0);
	exchange(&p, 40000, 0);
	finish(&p);
}

/* Every version x suite, one-byte reads, and resumption of each. */
static void every_version_and_suite(void **state)
{
	static const int32 versions[] = { SSL_FLAGS_TLS_1_0, SSL_FLAGS_TLS_1_1,
					  SSL_FLAGS_TLS_1_2 };
	sslSessionId_t sid;
	struct pair p;
	size_t v, s;
	int ran = 0;

	for (v = 0; v < 3; v++) {
		for (s = 0; s < sizeof(all_suites) / sizeof(all_suites[0]); s++) {
			const char *name = matrixSslGetCipherName(all_suites[s]);

			if (!name)
				continue;	/* not in this build */
			matrixSslInitSessionId(&sid);
			if (start(&p, ckeys, skeys, &sid, &all_suites[s], versions[v], versions[v],
				  NULL, NULL, NULL)) {
				/* A TLS 1.2-only suite at an older version. */
				assert_true(v < 2);
				finish(&p);
				continue;
			}
			assert_int_equal(tls_pump(&p.c, &p.s, 1), 0);
			assert_true(p.c.complete && p.s.complete);
			assert_int_equal(matrixSslGetNegotiatedCiphersuite(p.c.ssl), all_suites[s]);
			assert_int_equal(matrixSslGetNegotiatedVersion(p.s.ssl),
					 TLS_1_0_VERSION_WIRE + (int32)v);
			exchange(&p, 20000, 1);
			finish(&p);

			assert_int_equal(start(&p, ckeys, skeys, &sid, &all_suites[s], versions[v],
					       versions[v], NULL, NULL, NULL), 0);
			assert_int_equal(tls_pump(&p.c, &p.s, 0), 0);
			assert_true(p.c.complete && p.s.complete);
			assert_true(matrixSslIsResumedSession(p.c.ssl));
			assert_true(matrixSslIsResumedSession(p.s.ssl));
			exchange(&p, 3000, 0);
			finish(&p);
			ran++;
		}
	}
	/* 3 versions x the 3 SHA-1 CBC suites, and TLS 1.2's 4 SHA-2 and GCM ones. */
	assert_true(ran >= 13);
}

/* Several records arrive in one read; ProcessedData hands out each. */
static void several_records_per_read(void **state)
{
	struct pair p;
	unsigned char msg[10];
	int i;

	assert_int_equal(start(&p, ckeys, skeys, NULL, NULL, SSL_FLAGS_TLS_1_0, 0x0e, NULL,
			       NULL, NULL), 0);
	assert_int_equal(tls_pump(&p.c, &p.s, 0), 0);
	for (i = 0; i < 10; i++) {
		memset(msg, 'a' + i, sizeof(msg));
		assert_true(matrixSslEncodeToOutdata(p.c.ssl, msg, sizeof(msg)) > 0);
	}
	assert_int_equal(tls_pump(&p.c, &p.s, 0), 0);
	assert_int_equal(p.s.got_len, 100);
	for (i = 0; i < 10; i++)
		assert_int_equal(p.s.got[i * 10 + 9], 'a' + i);
	finish(&p);
}

/* Resumption: the client's sslSessionId_t and the server's cache. */
static void resumption_and_cache(void **state)
{
	sslSessionId_t sid;
	struct pair p;

	matrixSslInitSessionId(&sid);
	assert_int_equal(start(&p, ckeys, skeys, &sid, NULL, 0, 0, NULL, NULL, NULL), 0);
	assert_int_equal(tls_pump(&p.c, &p.s, 0), 0);
	assert_int_equal(sid.idLen, 32);
	finish(&p);
	assert_int_equal(start(&p, ckeys, skeys, &sid, NULL, 0, 0, NULL, NULL, NULL), 0);
	assert_int_equal(tls_pump(&p.c, &p.s, 0), 0);
	assert_true(matrixSslIsResumedSession(p.s.ssl));
	assert_true(matrixSslIsExtendedMasterSecret(p.s.ssl));
	finish(&p);
	/* A client offering an id the server does not know gets a full one. */
	sid.id[0] ^= 1;
	assert_int_equal(start(&p, ckeys, skeys, &sid, NULL, 0, 0, NULL, NULL, NULL), 0);
	assert_int_equal(tls_pump(&p.c, &p.s, 0), 0);
	assert_true(p.c.complete);
	assert_false(matrixSslIsResumedSession(p.c.ssl));
	finish(&p);
}

static void client_auth(void **state)
{
	struct pair p;

	/* With a certificate the server's CA trusts. */
	memset(&srv_cb, 0, sizeof(srv_cb));
	srv_cb.answer = -1;
	assert_int_equal(start(&p, ckeys_auth, skeys_auth, NULL, NULL, 0, 0, server_cb, NULL,
			       NULL), 0);
	assert_int_equal(tls_pump(&p.c, &p.s, 0), 0);
	assert_true(p.c.complete && p.s.complete);
	assert_int_equal(srv_cb.calls, 1);
	assert_true(srv_cb.had_cert);
	assert_int_equal(srv_cb.last_alert, 0);
	exchange(&p, 1000, 0);
	finish(&p);

	/* Every version (TLS 1.0/1.1 sign MD5+SHA-1). */
	assert_int_equal(start(&p, ckeys_auth, skeys_auth, NULL, NULL, SSL_FLAGS_TLS_1_0,
			       SSL_FLAGS_TLS_1_0, server_cb, NULL, NULL), 0);
	assert_int_equal(tls_pump(&p.c, &p.s, 1), 0);
	assert_true(p.c.complete && p.s.complete);
	finish(&p);

	/* No client certificate: the callback decides (accept-empty). */
	memset(&srv_cb, 0, sizeof(srv_cb));
	assert_int_equal(start(&p, ckeys, skeys_auth, NULL, NULL, 0, 0, server_cb, NULL, NULL), 0);
	assert_int_equal(tls_pump(&p.c, &p.s, 0), 0);
	assert_true(p.c.complete && p.s.complete);
	assert_int_equal(srv_cb.calls, 1);
	assert_false(srv_cb.had_cert);
	finish(&p);

	/* ... and may refuse it. */
	srv_cb.answer = SSL_ALERT_HANDSHAKE_FAILURE;
	assert_int_equal(start(&p, ckeys, skeys_auth, NULL, NULL, 0, 0, server_cb, NULL, NULL), 0);
	assert_true(tls_pump(&p.c, &p.s, 0) < 0);
	tls_pump(&p.c, &p.s, 0);
	assert_int_equal(p.c.alert[0], SSL_ALERT_LEVEL_FATAL);
	assert_int_equal(p.c.alert[1], SSL_ALERT_HANDSHAKE_FAILURE);
	finish(&p);

	/* A certificate from a CA the server does not trust. */
	srv_cb.answer = -1;
	assert_int_equal(start(&p, ckeys_auth, skeys_other_ca, NULL, NULL, 0, 0, server_cb, NULL,
			       NULL), 0);
	assert_true(tls_pump(&p.c, &p.s, 0) < 0);
	tls_pump(&p.c, &p.s, 0);
	assert_int_equal(srv_cb.last_alert, SSL_ALERT_UNKNOWN_CA);
	assert_int_equal(p.c.alert[1], SSL_ALERT_UNKNOWN_CA);
	finish(&p);

	/* An empty CertificateRequest when the server has no CA loaded. */
	srv_cb.answer = 0;
	assert_int_equal(start(&p, ckeys_auth, skeys, NULL, NULL, 0, 0, server_cb, NULL, NULL), 0);
	assert_int_equal(tls_pump(&p.c, &p.s, 0), 0);
	assert_true(p.c.complete && p.s.complete);
	finish(&p);
}

static void server_name_checked(void **state)
{
	sslSessOpts_t o = { 0 };
	struct tls_end c = { 0 }, s = { 0 };

	assert_int_equal(matrixSslNewClientSession(&c.ssl, ckeys, NULL, NULL, 0, client_cb,
						   "wrong.example", NULL, NULL, &o),
			 MATRIXSSL_REQUEST_SEND);
	assert_int_equal(matrixSslNewServerSession(&s.ssl, skeys, NULL, NULL), 0);
	assert_true(tls_pump(&c, &s, 0) < 0);
	tls_pump(&c, &s, 0);
	assert_int_not_equal(cli_cb.last_alert, 0);
	assert_int_equal(s.alert[0], SSL_ALERT_LEVEL_FATAL);
	assert_int_equal(s.alert[1], cli_cb.last_alert);
	tls_end_free(&c);
	tls_end_free(&s);
}

static void flip_last(unsigned char *b, size_t n, void *arg)
{
	if (*(int *)arg && n) {
		b[n - 1] ^= 1;
		*(int *)arg = 0;
	}
}

/* A damaged record: bad_record_mac, a fatal alert the peer reports. */
static void alert_path(void **state)
{
	static const int32 v[] = { SSL_FLAGS_TLS_1_0, SSL_FLAGS_TLS_1_2, SSL_FLAGS_TLS_1_2 };
	static const psCipher16_t s[] = { TLS_RSA_WITH_AES_128_CBC_SHA,
					  TLS_RSA_WITH_AES_128_CBC_SHA256,
					  TLS_RSA_WITH_AES_256_GCM_SHA384 };
	unsigned char *pt;
	uint32 ptlen;
	struct pair p;
	int armed, i;

	for (i = 0; i < 3; i++) {
		assert_int_equal(start(&p, ckeys, skeys, NULL, &s[i], v[i], v[i], NULL, NULL,
				       NULL), 0);
		assert_int_equal(tls_pump(&p.c, &p.s, 0), 0);
		armed = 1;
		p.c.tamper = flip_last;
		p.c.tamper_arg = &armed;
		assert_true(matrixSslEncodeToOutdata(p.c.ssl, (unsigned char *)"hello", 5) > 0);
		assert_int_equal(tls_pump(&p.c, &p.s, 0), PS_PROTOCOL_FAIL);
		/* The server's alert reaches the client. */
		tls_pump(&p.c, &p.s, 0);
		assert_int_equal(p.c.alert[0], SSL_ALERT_LEVEL_FATAL);
		assert_int_equal(p.c.alert[1], SSL_ALERT_BAD_RECORD_MAC);
		/* Both are dead now. */
		assert_true(matrixSslEncodeToOutdata(p.s.ssl, (unsigned char *)"x", 1) < 0);
		assert_true(matrixSslReceivedData(p.c.ssl, 0, &pt, &ptlen) < 0);
		finish(&p);
	}
}

static void closure_alert(void **state)
{
	struct pair p;
	unsigned char *out;
	int32 n;

	assert_int_equal(start(&p, ckeys, skeys, NULL, NULL, 0, 0, NULL, NULL, NULL), 0);
	assert_int_equal(tls_pump(&p.c, &p.s, 0), 0);
	assert_int_equal(matrixSslEncodeClosureAlert(p.c.ssl), 0);
	n = matrixSslGetOutdata(p.c.ssl, &out);
	assert_true(n > 0);
	assert_int_equal(tls_feed(&p.s, out, (size_t)n, 0), 0);
	assert_int_equal(matrixSslSentData(p.c.ssl, (uint32)n), MATRIXSSL_REQUEST_CLOSE);
	assert_int_equal(p.s.alerts, 1);
	assert_int_equal(p.s.alert[0], SSL_ALERT_LEVEL_WARNING);
	assert_int_equal(p.s.alert[1], SSL_ALERT_CLOSE_NOTIFY);
	/* No data after our close_notify. */
	assert_true(matrixSslEncodeToOutdata(p.c.ssl, (unsigned char *)"x", 1) < 0);
	finish(&p);
}

static void version_negotiation(void **state)
{
	sslSessOpts_t fb = { .fallbackScsv = 1 };
	struct pair p;

	/* The highest both have. */
	assert_int_equal(start(&p, ckeys, skeys, NULL, NULL, 0x0e, SSL_FLAGS_TLS_1_0 |
			       SSL_FLAGS_TLS_1_1, NULL, NULL, NULL), 0);
	assert_int_equal(tls_pump(&p.c, &p.s, 0), 0);
	assert_int_equal(matrixSslGetNegotiatedVersion(p.c.ssl), TLS_1_1_VERSION_WIRE);
	finish(&p);
	/* None in common: protocol_version. */
	assert_int_equal(start(&p, ckeys, skeys, NULL, NULL, SSL_FLAGS_TLS_1_0,
			       SSL_FLAGS_TLS_1_2, NULL, NULL, NULL), 0);
	assert_true(tls_pump(&p.c, &p.s, 0) < 0);
	tls_pump(&p.c, &p.s, 0);
	assert_int_equal(p.c.alert[1], SSL_ALERT_PROTOCOL_VERSION);
	finish(&p);
	/* RFC 7507: a fallback below the server's best is refused... */
	assert_int_equal(start(&p, ckeys, skeys, NULL, NULL, SSL_FLAGS_TLS_1_1, 0x0e, NULL, &fb,
			       NULL), 0);
	assert_true(tls_pump(&p.c, &p.s, 0) < 0);
	tls_pump(&p.c, &p.s, 0);
	assert_int_equal(p.c.alert[1], SSL_ALERT_INAPPROPRIATE_FALLBACK);
	finish(&p);
	/* ... but not when it is the server's best. */
	assert_int_equal(start(&p, ckeys, skeys, NULL, NULL, SSL_FLAGS_TLS_1_1,
			       SSL_FLAGS_TLS_1_0 | SSL_FLAGS_TLS_1_1, NULL, &fb, NULL), 0);
	assert_int_equal(tls_pump(&p.c, &p.s, 0), 0);
	assert_true(p.c.complete);
	finish(&p);
}

static void extended_master_secret(void **state)
{
	sslSessOpts_t off = { .extendedMasterSecret = -1 }, req = { .extendedMasterSecret = 1 };
	struct pair p;

	assert_int_equal(start(&p, ckeys, skeys, NULL, NULL, 0, 0, NULL, &off, NULL), 0);
	assert_int_equal(tls_pump(&p.c, &p.s, 0), 0);
	assert_false(matrixSslIsExtendedMasterSecret(p.s.ssl));
	finish(&p);
	assert_int_equal(start(&p, ckeys, skeys, NULL, NULL, 0, 0, NULL, &off, &req), 0);
	assert_true(tls_pump(&p.c, &p.s, 0) < 0);
	tls_pump(&p.c, &p.s, 0);
	assert_int_equal(p.c.alert[1], SSL_ALERT_HANDSHAKE_FAILURE);
	finish(&p);
}

/* recordExactReads: never more than the rest of the current record. */
static void record_exact_reads(void **state)
{
	sslSessOpts_t ex = { .recordExactReads = 1 };
	unsigned char *out, *buf, *pt;
	uint32 ptlen;
	struct pair p;
	int32 n, room, rc = 0;
	size_t off = 0, reclen = 0;

	assert_int_equal(start(&p, ckeys, skeys, NULL, NULL, 0, 0, NULL, NULL, &ex), 0);
	n = matrixSslGetOutdata(p.c.ssl, &out);
	/* The ClientHello record: 5 bytes of header, then exactly the body. */
	while (off < (size_t)n) {
		room = matrixSslGetReadbuf(p.s.ssl, &buf);
		if (reclen == 0) {
			assert_int_equal(room, 5);
			reclen = 5 + ((size_t)out[off + 3] << 8 | out[off + 4]);
		} else {
			assert_int_equal((size_t)room, reclen - 5);
			reclen = 0;
		}
		memcpy(buf, out + off, (size_t)room);
		off += (size_t)room;
		rc = matrixSslReceivedData(p.s.ssl, room, &pt, &ptlen);
		assert_true(rc >= 0);
	}
	assert_int_equal(off, (size_t)n);
	assert_int_equal(rc, MATRIXSSL_REQUEST_SEND);
	matrixSslSentData(p.c.ssl, (uint32)n);
	assert_int_equal(tls_pump(&p.c, &p.s, 0), 0);
	assert_true(p.s.complete && p.c.complete);
	finish(&p);
}

/*
 * Offload readiness: after records flowed, the keys, chained IV and
 * sequence numbers exported from a session open the peer's next record
 * in another record layer, and protect one the peer opens.
 */
static void export_keys(void **state)
{
	static const int32 v[] = { SSL_FLAGS_TLS_1_0, SSL_FLAGS_TLS_1_1, SSL_FLAGS_TLS_1_2 };
	static const psCipher16_t s[] = { TLS_RSA_WITH_AES_128_CBC_SHA,
					  SSL_RSA_WITH_3DES_EDE_CBC_SHA,
					  TLS_RSA_WITH_AES_256_GCM_SHA384 };
	struct mx_traffic_keys rd, wr;
	sslSessOpts_t ex = { .recordExactReads = 1 };
	struct tls_end other = { 0 };
	unsigned char *out, *pt8, plain[13];
	uint8_t *pt;
	size_t ptlen, got;
	struct pair p;
	int32 n;
	int i;

	for (i = 0; i < 3; i++) {
		assert_int_equal(start(&p, ckeys, skeys, NULL, &s[i], v[i], v[i], NULL, NULL, &ex),
				 0);
		assert_int_equal(tls_pump(&p.c, &p.s, 0), 0);
		exchange(&p, 3000, 0);	/* the IV chain and sequence numbers move on */
		assert_int_equal(mx_ssl_export(p.s.ssl, &rd, &wr), 0);
		assert_true(rd.seq > 0 && wr.seq > 0);
		/* A second layer, as the kernel would be, takes over. */
		assert_int_equal(matrixSslNewServerSession(&other.ssl, skeys, NULL, NULL), 0);
		assert_int_equal(other.ssl->port_ops->set_read_keys(other.ssl->port, &rd), 0);
		assert_int_equal(mx_rl_ccs_received(&other.ssl->rl), 0);
		assert_int_equal(other.ssl->port_ops->set_write_keys(other.ssl->port, &wr), 0);
		other.ssl->rl.version = rd.version;
		assert_true(matrixSslEncodeToOutdata(p.c.ssl, (unsigned char *)"after offload",
						     13) > 0);
		n = matrixSslGetOutdata(p.c.ssl, &out);
		/* TLS 1.0 splits 1/n-1: two records. */
		got = 0;
		while (n > 0) {
			size_t len = 5 + ((size_t)out[3] << 8 | out[4]);

			assert_int_equal(mx_rl_open(&other.ssl->rl, out, &pt, &ptlen), 0);
			assert_true(got + ptlen <= sizeof(plain));
			memcpy(plain + got, pt, ptlen);
			got += ptlen;
			matrixSslSentData(p.c.ssl, (uint32)len);
			n = matrixSslGetOutdata(p.c.ssl, &out);
		}
		assert_int_equal(got, 13);
		assert_memory_equal(plain, "after offload", 13);
		/* And the other way. */
		assert_int_equal(mx_rl_write(other.ssl, MX_CT_APPDATA, (const uint8_t *)"back", 4),
				 0);
		n = matrixSslGetOutdata(other.ssl, &pt8);
		assert_int_equal(tls_feed(&p.c, pt8, (size_t)n, 0), 0);
		assert_memory_equal(p.c.got + p.c.got_len - 4, "back", 4);
		matrixSslSentData(other.ssl, (uint32)n);
		/* The exporting session is done with records. */
		assert_true(matrixSslEncodeToOutdata(p.s.ssl, (unsigned char *)"x", 1) < 0);
		tls_end_free(&other);
		finish(&p);
	}
}

/* Sessions in several threads share keys and the server's cache. */
static void *handshakes(void *arg)
{
	sslSessionId_t sid;
	struct tls_end c, s;
	sslSessOpts_t o = { 0 };
	long i, resumed = 0;

	for (i = 0; i < 6; i++) {
		if (i % 2 == 0)
			matrixSslInitSessionId(&sid);
		memset(&c, 0, sizeof(c));
		memset(&s, 0, sizeof(s));
		if (matrixSslNewClientSession(&c.ssl, ckeys, &sid, NULL, 0, NULL, "localhost",
					      NULL, NULL, &o) != MATRIXSSL_REQUEST_SEND ||
		    matrixSslNewServerSession(&s.ssl, skeys, NULL, NULL) ||
		    tls_pump(&c, &s, 0) || !c.complete || !s.complete)
			return (void *)-1L;
		resumed += matrixSslIsResumedSession(s.ssl);
		tls_end_free(&c);
		tls_end_free(&s);
	}
	return (void *)resumed;
}

static void concurrent_sessions(void **state)
{
	pthread_t t[4];
	void *r;
	int i;

	for (i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, handshakes, NULL), 0);
	for (i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(t[i], &r), 0);
		assert_int_equal((long)r, 3);	/* every second one resumed */
	}
}

static void api_misuse(void **state)
{
	struct pair p;
	unsigned char *buf;

	assert_int_equal(matrixSslNewServerSession(&p.s.ssl, ckeys, NULL, NULL), PS_ARG_FAIL);
	assert_int_equal(start(&p, ckeys, skeys, NULL, NULL, 0, 0, NULL, NULL, NULL), 0);
	/* No data before the handshake. */
	assert_int_equal(matrixSslGetWritebuf(p.c.ssl, &buf, 10), PS_PROTOCOL_FAIL);
	assert_int_equal(matrixSslEncodeToOutdata(p.c.ssl, (unsigned char *)"x", 1),
			 PS_PROTOCOL_FAIL);
	assert_int_equal(matrixSslSentData(p.c.ssl, 100000), PS_ARG_FAIL);
	assert_int_equal(matrixSslGetCipherByName("SSL_RSA_WITH_3DES_EDE_CBC_SHA") != 0,
			 matrixSslGetCipherName(SSL_RSA_WITH_3DES_EDE_CBC_SHA) != NULL);
	finish(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(default_handshake),
		cmocka_unit_test(every_version_and_suite),
		cmocka_unit_test(several_records_per_read),
		cmocka_unit_test(resumption_and_cache),
		cmocka_unit_test(client_auth),
		cmocka_unit_test(server_name_checked),
		cmocka_unit_test(alert_path),
		cmocka_unit_test(closure_alert),
		cmocka_unit_test(version_negotiation),
		cmocka_unit_test(extended_master_secret),
		cmocka_unit_test(record_exact_reads),
		cmocka_unit_test(export_keys),
		cmocka_unit_test(concurrent_sessions),
		cmocka_unit_test(api_misuse),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
