// SPDX-License-Identifier: GPL-2.0
/*
 * The compile-time options of matrixsslConfig.h/coreConfig.h/
 * cryptoConfig.h, each checked for what it promises. Built once with the
 * default options as a unit test, and again for every option set by
 * scripts/config-matrix.sh, which then runs it.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "matrixsslApi.h"
#include "ssl/sess_cache.h"
#include "ssl/ticket.h"
#include "tls_pair.h"

static sslKeys_t *skeys, *skeys_ca, *ckeys, *ckeys_auth;

static int setup(void **state)
{
	if (tls_testdata() || matrixSslOpen() < 0)
		return -1;
	skeys = tls_server_keys(0);
	skeys_ca = tls_server_keys(1);
	ckeys = tls_client_keys(0);
	ckeys_auth = tls_client_keys(1);
#if defined(MATRIX_USE_FILE_SYSTEM) && defined(USE_PRIVATE_KEY_PARSING)
	return skeys && skeys_ca && ckeys && ckeys_auth ? 0 : -1;
#else
	/* Without files or key parsing no server key loads. */
	return skeys || skeys_ca || ckeys_auth ? -1 : 0;
#endif
}

static int teardown(void **state)
{
	matrixSslDeleteKeys(skeys);
	matrixSslDeleteKeys(skeys_ca);
	matrixSslDeleteKeys(ckeys);
	matrixSslDeleteKeys(ckeys_auth);
	matrixSslClose();
	return 0;
}

#if defined(USE_CLIENT_SIDE_SSL) && defined(USE_SERVER_SIDE_SSL) && \
	defined(MATRIX_USE_FILE_SYSTEM) && defined(USE_PRIVATE_KEY_PARSING)
#define BOTH_ROLES 1

static int32 accept_all(ssl_t *ssl, psX509Cert_t *cert, int32 alert)
{
	return 0;
}

/* Handshake two sessions; 0 when both completed. */
static int pair_suite(struct tls_end *c, struct tls_end *s, sslSessionId_t *sid, int32 cver,
		      int32 sver, const sslKeys_t *ck, const sslKeys_t *sk, sslCertCb_t scb,
		      const psCipher16_t *suite)
{
	sslSessOpts_t co = { .versionFlag = cver }, so = { .versionFlag = sver };

	memset(c, 0, sizeof(*c));
	memset(s, 0, sizeof(*s));
	if (matrixSslNewClientSession(&c->ssl, ck, sid, suite, suite ? 1 : 0, NULL, "localhost",
				      NULL, NULL, &co) != MATRIXSSL_REQUEST_SEND)
		return -1;
	if (matrixSslNewServerSession(&s->ssl, sk, scb, &so) < 0)
		return -1;
	if (tls_pump(c, s, 0) < 0)
		return -1;
	return c->complete && s->complete ? 0 : -1;
}

static int pair(struct tls_end *c, struct tls_end *s, sslSessionId_t *sid, int32 cver,
		int32 sver, const sslKeys_t *ck, const sslKeys_t *sk, sslCertCb_t scb)
{
	return pair_suite(c, s, sid, cver, sver, ck, sk, scb, NULL);
}

#if defined(ENABLE_SSLV3) || defined(USE_ARC4)
/* A handshake, data both ways and a resumption with one version and suite. */
static void one_suite(int32 ver, psCipher16_t suite, int32 wire)
{
	struct tls_end c, s;
	sslSessionId_t sid;
	int i;

	matrixSslInitSessionId(&sid);
	for (i = 0; i < 2; i++) {
		assert_int_equal(pair_suite(&c, &s, &sid, ver, ver, ckeys_auth, skeys_ca,
					    accept_all, &suite), 0);
		assert_int_equal(matrixSslGetNegotiatedVersion(c.ssl), wire);
		assert_int_equal(matrixSslGetNegotiatedCiphersuite(s.ssl), suite);
		assert_int_equal(matrixSslIsResumedSession(c.ssl), i);
		assert_true(matrixSslEncodeToOutdata(c.ssl, (unsigned char *)"ping", 4) > 0);
		assert_true(matrixSslEncodeToOutdata(s.ssl, (unsigned char *)"pong!", 5) > 0);
		assert_int_equal(tls_pump(&c, &s, 1), 0);
		assert_int_equal(s.got_len, 4);
		assert_int_equal(c.got_len, 5);
		assert_memory_equal(c.got, "pong!", 5);
		tls_end_free(&c);
		tls_end_free(&s);
	}
}
#endif
#endif

static void roles(void **state)
{
	sslKeys_t *empty = NULL;
	ssl_t *ssl = NULL;
	int32 rc;

	rc = matrixSslNewServerSession(&ssl, skeys, NULL, NULL);
#ifdef USE_SERVER_SIDE_SSL
	assert_int_equal(rc, skeys ? PS_SUCCESS : PS_ARG_FAIL);
#else
	assert_int_equal(rc, PS_DISABLED_FEATURE_FAIL);
#endif
	matrixSslDeleteSession(ssl);
	ssl = NULL;
	/* Keys that could not be loaded (no file system): an empty set. */
	if (!ckeys)
		assert_int_equal(matrixSslNewKeys(&empty, NULL), PS_SUCCESS);
	rc = matrixSslNewClientSession(&ssl, ckeys ? ckeys : empty, NULL, NULL, 0, NULL, NULL,
				       NULL, NULL, NULL);
#ifdef USE_CLIENT_SIDE_SSL
	assert_int_equal(rc, MATRIXSSL_REQUEST_SEND);
#else
	assert_int_equal(rc, PS_DISABLED_FEATURE_FAIL);
#endif
	matrixSslDeleteSession(ssl);
	matrixSslDeleteKeys(empty);
}

#ifdef BOTH_ROLES
static void versions(void **state)
{
	struct tls_end c, s;
	int32 best = 0;

#ifdef USE_TLS
	best = TLS_1_0_VERSION_WIRE;
#endif
#ifdef USE_TLS_1_1
	best = TLS_1_1_VERSION_WIRE;
#endif
#ifdef USE_TLS_1_2
	best = TLS_1_2_VERSION_WIRE;
#endif
	/* Everything both allow: the best the build has. */
	assert_int_equal(pair(&c, &s, NULL, 0xf, 0xf, ckeys, skeys, NULL), 0);
	assert_int_equal(matrixSslGetNegotiatedVersion(c.ssl), best);
	tls_end_free(&c);
	tls_end_free(&s);
	/* Asking only for a version the build lacks fails at once. */
#ifndef USE_TLS_1_2
	assert_int_not_equal(matrixSslNewClientSession(&c.ssl, ckeys, NULL, NULL, 0, NULL, NULL,
			     NULL, NULL, &(sslSessOpts_t){ .versionFlag = SSL_FLAGS_TLS_1_2 }),
			     MATRIXSSL_REQUEST_SEND);
#endif
#ifdef DISABLE_SSLV3
	assert_int_not_equal(matrixSslNewClientSession(&c.ssl, ckeys, NULL, NULL, 0, NULL, NULL,
			     NULL, NULL, &(sslSessOpts_t){ .versionFlag = SSL_FLAGS_SSLV3 }),
			     MATRIXSSL_REQUEST_SEND);
#endif
}
#endif

static void suites(void **state)
{
#ifdef USE_ARC4
	assert_non_null(matrixSslGetCipherName(SSL_RSA_WITH_RC4_128_SHA));
#else
	assert_null(matrixSslGetCipherName(SSL_RSA_WITH_RC4_128_SHA));
	assert_null(matrixSslGetCipherName(SSL_RSA_WITH_RC4_128_MD5));
#endif
	assert_non_null(matrixSslGetCipherName(TLS_RSA_WITH_AES_128_CBC_SHA));
}

#ifdef BOTH_ROLES
static void client_auth(void **state)
{
	struct tls_end c, s;
	ssl_t *ssl = NULL;
	int rc;

#ifndef USE_CLIENT_AUTH
	assert_int_equal(matrixSslNewServerSession(&ssl, skeys_ca, accept_all, NULL),
			 PS_DISABLED_FEATURE_FAIL);
	return;
#endif
	/* No CA loaded: an empty CertificateRequest, if the build allows it. */
	rc = matrixSslNewServerSession(&ssl, skeys, accept_all, NULL);
#ifdef SERVER_CAN_SEND_EMPTY_CERT_REQUEST
	assert_int_equal(rc, PS_SUCCESS);
#else
	assert_int_equal(rc, PS_ARG_FAIL);
#endif
	matrixSslDeleteSession(ssl);
	/* A client without a certificate. */
	rc = pair(&c, &s, NULL, 0, 0, ckeys, skeys_ca, accept_all);
#ifdef SERVER_WILL_ACCEPT_EMPTY_CLIENT_CERT_MSG
	assert_int_equal(rc, 0);
#else
	assert_int_equal(rc, -1);
	tls_pump(&c, &s, 0);
	assert_int_equal(c.alert[1], SSL_ALERT_HANDSHAKE_FAILURE);
#endif
	tls_end_free(&c);
	tls_end_free(&s);
	/* With one. */
	assert_int_equal(pair(&c, &s, NULL, 0, 0, ckeys_auth, skeys_ca, accept_all), 0);
	tls_end_free(&c);
	tls_end_free(&s);
}
#endif

#ifdef BOTH_ROLES
#ifdef USE_CLIENT_AUTH
/* The client certificate's SHA-256 as openssl computes it, into fp. */
static void openssl_fingerprint(const char *pem, unsigned char fp[32])
{
	char cmd[512], line[256], *p;
	unsigned int i, b;
	FILE *f;

	snprintf(cmd, sizeof(cmd), "openssl x509 -noout -fingerprint -sha256 -in %s", pem);
	f = popen(cmd, "r");
	assert_non_null(f);
	assert_non_null(fgets(line, sizeof(line), f));
	pclose(f);
	p = strchr(line, '=');
	assert_non_null(p);
	for (i = 0; i < 32; i++, p += 3) {
		assert_int_equal(sscanf(p + 1, "%2x", &b), 1);
		fp[i] = (unsigned char)b;
	}
}

/* A pair whose client asks for a ticket (tickets 1) or not (0). */
static int pair_tickets(struct tls_end *c, struct tls_end *s, sslSessionId_t *sid,
			const sslKeys_t *sk, short tickets)
{
	sslSessOpts_t co = { .ticketResumption = tickets }, so = { 0 };

	memset(c, 0, sizeof(*c));
	memset(s, 0, sizeof(*s));
	if (matrixSslNewClientSession(&c->ssl, ckeys_auth, sid, NULL, 0, NULL, "localhost", NULL,
				      NULL, &co) != MATRIXSSL_REQUEST_SEND ||
	    matrixSslNewServerSession(&s->ssl, sk, accept_all, &so) < 0 || tls_pump(c, s, 0) < 0)
		return -1;
	return c->complete && s->complete ? 0 : -1;
}
#endif

/*
 * Who the client is, as the server has it: from the certificate checked
 * in a full handshake, and from the session when a later handshake
 * resumes it by the cache or by a ticket (which carries it, sealed).
 */
static void client_identity(void **state)
{
#ifdef USE_CLIENT_AUTH
	static const unsigned char name[16] = "identity tests", aes[32] = { 1 }, mac[32] = { 2 };
	unsigned char want[32];
	const unsigned char *fp;
	const char *subject;
	struct tls_end c, s;
	sslSessionId_t sid;
	sslKeys_t *sk = tls_server_keys(1);
	short tickets;
	int i;

	assert_non_null(sk);
	assert_int_equal(matrixSslLoadSessionTicketKeys(sk, name, aes, 32, mac, 32), PS_SUCCESS);
	openssl_fingerprint(TLS_TESTDATA "/client.pem", want);
	for (tickets = 0; tickets < 2; tickets++) {
		if (!tickets && SSL_SESSION_TABLE_SIZE == 0)
			continue;
		matrixSslInitSessionId(&sid);
		for (i = 0; i < 2; i++) {
			assert_int_equal(pair_tickets(&c, &s, &sid, sk, tickets), 0);
			assert_int_equal(matrixSslIsResumedSession(s.ssl), i);
			assert_int_equal(matrixSslGetPeerIdentity(s.ssl, &subject, &fp), PS_SUCCESS);
			assert_string_equal(subject, "O=mxtls tests,CN=mxtls client");
			assert_memory_equal(fp, want, 32);
			/* the server's identity is the client's, from its certificate */
			assert_int_equal(matrixSslGetPeerIdentity(c.ssl, &subject, NULL),
					 i ? PS_FAILURE : PS_SUCCESS);
			tls_end_free(&c);
			tls_end_free(&s);
			/* the second resumes by the ticket alone */
			if (tickets) {
				assert_true(sid.sessionTicketLen > 0);
				mx_cache_init();
			}
		}
		matrixSslClearSessionId(&sid);
	}
	/* A client without a certificate: nobody */
	assert_int_equal(pair(&c, &s, NULL, 0, 0, ckeys, skeys, NULL), 0);
	assert_int_equal(matrixSslGetPeerIdentity(s.ssl, &subject, &fp), PS_FAILURE);
	assert_int_equal(matrixSslGetPeerIdentity(NULL, &subject, &fp), PS_FAILURE);
	tls_end_free(&c);
	tls_end_free(&s);
	matrixSslDeleteKeys(sk);
#endif
}
#endif

/*
 * Tickets: the state without and with a client's identity (the longest
 * subject fills MX_TICKET_MAX_LEN) comes back as sealed; any byte changed,
 * a length cut or grown, and the ticket is not ours.
 */
static void ticket_format(void **state)
{
	static const uint8_t name[16] = "ticket format", aes[32] = { 3 }, mac[32] = { 4 };
	struct mx_ticket_state st, out;
	uint8_t t[MX_TICKET_MAX_LEN + 16];
	struct mx_ticket_keys *k;
	size_t len, i;
	bool renew;
	int with;

	assert_int_equal(mx_ticket_keys_new(&k), 0);
	assert_int_equal(mx_ticket_keys_add(k, name, aes, 32, mac, 32), 0);
	for (with = 0; with < 2; with++) {
		memset(&st, 0, sizeof(st));
		st.version = 0x0303;
		st.suite = 0xc02f;
		st.ems = true;
		st.client_auth = with;
		memset(st.master, 0x5a, sizeof(st.master));
		memset(st.sni_hash, 0xa5, sizeof(st.sni_hash));
		if (with) {
			st.peer.known = true;
			memset(st.peer.fp, 0x77, sizeof(st.peer.fp));
			memset(st.peer.subject, 'x', MX_PEER_SUBJECT_MAX - 1);
		}
		assert_int_equal(mx_ticket_seal(k, &st, t, &len), 0);
		assert_int_equal(len, mx_ticket_len(&st));
		assert_int_equal(len, with ? MX_TICKET_MAX_LEN : 16 + 16 + 80 + 32);
		assert_int_equal(mx_ticket_open(k, t, len, &out, &renew), 0);
		assert_false(renew);
		assert_int_equal(out.version, st.version);
		assert_int_equal(out.suite, st.suite);
		assert_true(out.ems);
		assert_int_equal(out.client_auth, with);
		assert_memory_equal(out.master, st.master, sizeof(st.master));
		assert_memory_equal(out.sni_hash, st.sni_hash, sizeof(st.sni_hash));
		assert_int_equal(out.peer.known, with);
		assert_memory_equal(&out.peer, &st.peer, sizeof(st.peer));
		for (i = 0; i < len; i++) {
			t[i] ^= 0x01;
			assert_int_equal(mx_ticket_open(k, t, len, &out, &renew), -ENOENT);
			t[i] ^= 0x01;
		}
		assert_int_equal(mx_ticket_open(k, t, len - 16, &out, &renew), -ENOENT);
		assert_int_equal(mx_ticket_open(k, t, len - 1, &out, &renew), -ENOENT);
		assert_int_equal(mx_ticket_open(k, t, len + 16, &out, &renew), -ENOENT);
	}
	mx_ticket_keys_free(k);
}

/* SSL_SESSION_TABLE_SIZE entries, LRU, SSL_SESSION_ENTRY_LIFE. */
static void session_cache(void **state)
{
	struct mx_cached_session e;
	unsigned int i, n = SSL_SESSION_TABLE_SIZE;
	uint64_t t0 = 1000;

	mx_cache_init();
	memset(&e, 0, sizeof(e));
	e.id_len = 32;
	for (i = 0; i < n + 3; i++) {
		e.id[0] = (uint8_t)i;
		e.id[1] = (uint8_t)(i >> 8);
		mx_cache_store(mx_cache_default(), &e, t0 + i);
	}
	assert_int_equal(mx_cache_count(mx_cache_default(), t0 + n + 3), n);
	if (n) {
		struct mx_cached_session out;

		/* The three oldest gave way. */
		e.id[0] = 0;
		e.id[1] = 0;
		assert_false(mx_cache_lookup(mx_cache_default(), e.id, 32, t0 + n + 3, &out));
		e.id[0] = (uint8_t)(n + 2);
		e.id[1] = (uint8_t)((n + 2) >> 8);
		assert_true(mx_cache_lookup(mx_cache_default(), e.id, 32, t0 + n + 3, &out));
		/* Expired after its life. */
		assert_false(mx_cache_lookup(mx_cache_default(), e.id, 32,
					     t0 + n + 2 + SSL_SESSION_ENTRY_LIFE, &out));
	}
	mx_cache_init();
}

/* A cache of its own (mxtlsd's per profile): its size and life, not the library's. */
static void session_cache_own(void **state)
{
	struct mx_sess_cache *c = mx_cache_new(2, 1000), *none = mx_cache_new(0, 1000);
	struct mx_cached_session e, out;
	unsigned int i;

	assert_non_null(c);
	assert_non_null(none);
	memset(&e, 0, sizeof(e));
	e.id_len = 32;
	for (i = 1; i <= 3; i++) {
		e.id[0] = (uint8_t)i;
		mx_cache_store(c, &e, 100 + i);
		mx_cache_store(none, &e, 100 + i);
	}
	assert_int_equal(mx_cache_count(c, 104), 2);
	assert_int_equal(mx_cache_count(none, 104), 0);
	e.id[0] = 1;
	assert_false(mx_cache_lookup(c, e.id, 32, 104, &out));
	assert_false(mx_cache_lookup(mx_cache_default(), e.id, 32, 104, &out));
	e.id[0] = 2;
	assert_true(mx_cache_lookup(c, e.id, 32, 1101, &out));
	assert_false(mx_cache_lookup(c, e.id, 32, 1102, &out));
	e.id[0] = 3;
	mx_cache_remove(c, e.id, 32);
	assert_false(mx_cache_lookup(c, e.id, 32, 104, &out));
	mx_cache_free(c);
	mx_cache_free(none);
}

#ifdef BOTH_ROLES
static void resumption(void **state)
{
	struct tls_end c, s;
	sslSessionId_t sid;

	matrixSslInitSessionId(&sid);
	assert_int_equal(pair(&c, &s, &sid, 0, 0, ckeys, skeys, NULL), 0);
	tls_end_free(&c);
	tls_end_free(&s);
	assert_int_equal(pair(&c, &s, &sid, 0, 0, ckeys, skeys, NULL), 0);
	assert_int_equal(matrixSslIsResumedSession(c.ssl), SSL_SESSION_TABLE_SIZE > 0);
	tls_end_free(&c);
	tls_end_free(&s);
}
#endif

#ifdef BOTH_ROLES
#ifdef ENABLE_SSLV3
/* SSL 3.0 (with client authentication) in builds that enable it. */
static void sslv3(void **state)
{
	one_suite(SSL_FLAGS_SSLV3, TLS_RSA_WITH_AES_128_CBC_SHA, SSL3_VERSION_WIRE);
	one_suite(SSL_FLAGS_SSLV3, SSL_RSA_WITH_3DES_EDE_CBC_SHA, SSL3_VERSION_WIRE);
#ifdef SERVER_WILL_ACCEPT_EMPTY_CLIENT_CERT_MSG
	{
		/* No client certificate: SSL 3.0 says so with an alert. */
		struct tls_end c, s;

		assert_int_equal(pair(&c, &s, NULL, SSL_FLAGS_SSLV3, SSL_FLAGS_SSLV3, ckeys,
				      skeys_ca, accept_all), 0);
		assert_int_equal(s.alerts, 1);
		assert_int_equal(s.alert[1], SSL_ALERT_NO_CERTIFICATE);
		tls_end_free(&c);
		tls_end_free(&s);
	}
#endif
}
#endif

#ifdef USE_ARC4
/* The RC4 suites in builds that enable RC4. */
static void arc4(void **state)
{
#ifdef USE_TLS_1_2
	one_suite(SSL_FLAGS_TLS_1_2, SSL_RSA_WITH_RC4_128_SHA, TLS_1_2_VERSION_WIRE);
#endif
	one_suite(SSL_FLAGS_TLS_1_0, SSL_RSA_WITH_RC4_128_MD5, TLS_1_0_VERSION_WIRE);
#ifdef ENABLE_SSLV3
	one_suite(SSL_FLAGS_SSLV3, SSL_RSA_WITH_RC4_128_SHA, SSL3_VERSION_WIRE);
#endif
}
#endif
#endif

/* The trace options write to standard error; release builds never do. */
#ifdef BOTH_ROLES
static void traces(void **state)
{
	struct tls_end c, s;
	char path[] = "/tmp/mxtls-trace-XXXXXX", buf[65536];
	int fd = mkstemp(path), saved = dup(2);
	ssize_t n;

	assert_true(fd >= 0 && saved >= 0);
	fflush(stderr);
	dup2(fd, 2);
	assert_int_equal(pair(&c, &s, NULL, 0, 0, ckeys, skeys, NULL), 0);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	n = pread(fd, buf, sizeof(buf) - 1, 0);
	close(fd);
	unlink(path);
	assert_true(n >= 0);
	buf[n] = 0;
#ifdef USE_SSL_HANDSHAKE_MSG_TRACE
	assert_non_null(strstr(buf, "ClientHello"));
#else
	assert_null(strstr(buf, "ClientHello"));
#endif
#ifdef USE_SSL_INFORMATIONAL_TRACE
	assert_non_null(strstr(buf, "handshake complete"));
#else
	assert_null(strstr(buf, "handshake complete"));
#endif
	tls_end_free(&c);
	tls_end_free(&s);
}
#endif

/* cryptoConfig.h: password-protected and PKCS#8/#12 keys. */
static void key_formats(void **state)
{
#ifdef MATRIX_USE_FILE_SYSTEM
	sslKeys_t *k;
	int32 rc;

	assert_int_equal(matrixSslNewKeys(&k, NULL), PS_SUCCESS);
	rc = matrixSslLoadRsaKeys(k, TLS_TESTDATA "/server.pem", TLS_TESTDATA "/server-enc.key",
				  "secret", NULL);
#if defined(USE_PRIVATE_KEY_PARSING) && defined(USE_PKCS5) && defined(USE_PKCS8)
	assert_int_equal(rc, PS_SUCCESS);
#else
	assert_true(rc < 0);
#endif
	rc = matrixSslLoadRsaKeys(k, TLS_TESTDATA "/server.pem", TLS_TESTDATA "/server-p8.key",
				  NULL, NULL);
#if defined(USE_PRIVATE_KEY_PARSING) && defined(USE_PKCS8)
	assert_int_equal(rc, PS_SUCCESS);
#else
	assert_true(rc < 0);
#endif
	rc = matrixSslLoadPkcs12(k, (const unsigned char *)TLS_TESTDATA "/server.p12",
				 (const unsigned char *)"secret", 6, NULL, 0, 0);
#if defined(USE_PRIVATE_KEY_PARSING) && defined(USE_PKCS12)
	assert_int_equal(rc, PS_SUCCESS);
#else
	assert_true(rc < 0);
#endif
	matrixSslDeleteKeys(k);
#else
	sslKeys_t *k;

	assert_int_equal(matrixSslNewKeys(&k, NULL), PS_SUCCESS);
	assert_int_equal(matrixSslLoadRsaKeys(k, TLS_TESTDATA "/server.pem",
					      TLS_TESTDATA "/server.key", NULL, NULL),
			 PS_DISABLED_FEATURE_FAIL);
	matrixSslDeleteKeys(k);
#endif
}

int main(void)
{
	/* A build with one role, or no way to load a key, has no handshakes. */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(roles),
		cmocka_unit_test(suites),
		cmocka_unit_test(session_cache),
		cmocka_unit_test(session_cache_own),
		cmocka_unit_test(ticket_format),
		cmocka_unit_test(key_formats),
#ifdef BOTH_ROLES
		cmocka_unit_test(versions),
		cmocka_unit_test(client_auth),
		cmocka_unit_test(client_identity),
		cmocka_unit_test(resumption),
		cmocka_unit_test(traces),
#ifdef ENABLE_SSLV3
		cmocka_unit_test(sslv3),
#endif
#ifdef USE_ARC4
		cmocka_unit_test(arc4),
#endif
#endif
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
