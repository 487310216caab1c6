// SPDX-License-Identifier: GPL-2.0
/*
 * The engine on the netlink record port (offload/daemon_port.c) against
 * OpenSSL (libssl over memory BIOs), with the kernel's part played by a
 * test double: the records the kernel would frame are framed and
 * protected by the userspace record layer with exactly the keys the port
 * handed over through SET_KEYS, so a wrong key, a CCS sent before its
 * keys, or keys switched at the wrong record makes OpenSSL fail.
 *
 * Covered: both roles, application data both ways after the handshake
 * (the keys as given are the keys OpenSSL uses), the order of SET_KEYS
 * and CCS, re-handshakes started by the peer and by us, a session that
 * continues a connection negotiated by another one (daemon restart),
 * certificate refusal (EKEYREJECTED, alert sent), and a fatal alert from
 * the peer (ECONNRESET).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <linux/mxtls.h>

#include "matrixsslApi.h"
#include "offload/daemon_port.h"
#include "ssl/port_session.h"
#include "ssl/proto.h"
#include "ssl/record.h"
#include "ssl/ssl_int.h"
#include "tls_pair.h"

/* The kernel's part: a record layer (an idle session's), and a log. */
struct fake_kernel {
	ssl_t *rl;			/* its record layer frames and protects */
	ssl_t *engine;			/* the session whose version headers carry */
	struct mx_traffic_keys tx_pending;
	bool have_tx;
	BIO *to_peer, *from_peer;
	uint8_t in[1 << 17];
	size_t in_len;
	char log[512];			/* "K" set_keys TX, "k" RX, "C" CCS, "H", "A",
					 * "+" after a send with more */
	size_t log_len;
	uint8_t alert_sent[2];
};

static void note(struct fake_kernel *k, char c)
{
	if (k->log_len < sizeof(k->log) - 1)
		k->log[k->log_len++] = c;
}

static void to_peer(struct fake_kernel *k)
{
	unsigned char *out;
	int32 n = matrixSslGetOutdata(k->rl, &out);

	if (n > 0) {
		assert_int_equal(BIO_write(k->to_peer, out, n), n);
		matrixSslSentData(k->rl, (uint32)n);
	}
}

/* As the kernel with TCP: records sent with more wait for the next send. */
static int fk_send(void *kernel, uint8_t ct, const uint8_t *data, size_t len, bool more)
{
	struct fake_kernel *k = kernel;
	int rc;

	assert_true(len > 0 && len <= MX_DPORT_MAX_SEND);
	if (k->engine && k->engine->version)
		k->rl->rl.version = k->engine->version;
	switch (ct) {
	case MX_CT_HANDSHAKE:
		note(k, 'H');
		rc = mx_rl_port_ops.add_handshake_data(k->rl, k->rl->wr_epoch, ct, data, len);
		if (!rc)
			rc = mx_rl_port_ops.flush(k->rl);
		break;
	case MX_CT_CCS:
		note(k, 'C');
		/* The kernel switches TX right after the CCS: keys must be there. */
		if (!k->have_tx)
			return -EINVAL;
		rc = mx_rl_port_ops.add_handshake_data(k->rl, k->rl->wr_epoch, ct, data, len);
		if (!rc)
			rc = mx_rl_port_ops.set_write_keys(k->rl, &k->tx_pending);
		k->rl->wr_epoch++;
		k->have_tx = false;
		break;
	case MX_CT_ALERT:
		note(k, 'A');
		assert_int_equal(len, 2);
		memcpy(k->alert_sent, data, 2);
		rc = mx_rl_port_ops.send_alert(k->rl, data[0], data[1]);
		break;
	default:
		return -EINVAL;
	}
	if (more)
		note(k, '+');
	else
		to_peer(k);
	return rc;
}

static int fk_set_keys(void *kernel, uint8_t dir, const struct mx_traffic_keys *keys)
{
	struct fake_kernel *k = kernel;

	if (dir == MXTLS_DIR_TX) {
		note(k, 'K');
		k->tx_pending = *keys;
		k->have_tx = true;
		return 0;
	}
	note(k, 'k');
	return mx_rl_port_ops.set_read_keys(k->rl, keys);
}

static const struct mx_dport_kernel_ops fk_ops = {
	.hs_send = fk_send,
	.set_keys = fk_set_keys,
};

static sslKeys_t *skeys, *skeys_auth, *ckeys, *ckeys_auth;

static int setup(void **state)
{
	if (tls_testdata() || matrixSslOpen() < 0)
		return -1;
	skeys = tls_server_keys(0);
	skeys_auth = tls_server_keys(1);
	ckeys = tls_client_keys(0);
	ckeys_auth = tls_client_keys(1);
	return skeys && skeys_auth && ckeys && ckeys_auth ? 0 : -1;
}

static int teardown(void **state)
{
	matrixSslDeleteKeys(skeys);
	matrixSslDeleteKeys(skeys_auth);
	matrixSslDeleteKeys(ckeys);
	matrixSslDeleteKeys(ckeys_auth);
	matrixSslClose();
	return 0;
}

/* One connection: our engine on the daemon port, OpenSSL as the peer. */
struct conn {
	struct fake_kernel k;
	struct mx_dport port;
	ssl_t *ssl;
	SSL_CTX *ctx;
	SSL *peer;
	int complete;			/* HANDSHAKE_COMPLETE from our engine */
	int err;			/* first error of ours */
	uint8_t app[4096];		/* application data that reached the kernel */
	size_t app_len;
};

static int32 accept_cb(ssl_t *ssl, psX509Cert_t *cert, int32 alert)
{
	return alert;
}

static void conn_init_keys(struct conn *c, uint8_t role, const char *name, bool client_auth,
			   sslKeys_t *keys, SSL_SESSION *resume);

static void conn_init(struct conn *c, uint8_t role, const char *name, bool client_auth)
{
	conn_init_keys(c, role, name, client_auth, NULL, NULL);
}

static void conn_init_keys(struct conn *c, uint8_t role, const char *name, bool client_auth,
			   sslKeys_t *keys, SSL_SESSION *resume)
{
	struct mx_port_session_params p = {
		.role = role,
		.keys = keys ? keys : role == MX_CLIENT ? (client_auth ? ckeys_auth : ckeys) :
			(client_auth ? skeys_auth : skeys),
		.cert_cb = role == MX_CLIENT || client_auth ? accept_cb : NULL,
		.expected_name = name,
	};
	sslSessOpts_t none = { 0 };

	memset(c, 0, sizeof(*c));
	assert_int_equal(mx_new_session(&c->k.rl, ckeys, &none, MX_CLIENT), 0);
	mx_dport_init(&c->port, &fk_ops, &c->k, 0);
	assert_int_equal(mx_port_session_new(&c->ssl, &p, &mx_dport_ops, &c->port), 0);
	c->k.engine = c->ssl;
	c->k.to_peer = BIO_new(BIO_s_mem());
	c->k.from_peer = BIO_new(BIO_s_mem());
	c->ctx = SSL_CTX_new(role == MX_CLIENT ? TLS_server_method() : TLS_client_method());
	assert_non_null(c->ctx);
	SSL_CTX_set_max_proto_version(c->ctx, TLS1_2_VERSION);
	SSL_CTX_set_security_level(c->ctx, 0);
	if (role == MX_CLIENT) {
		/* OpenSSL 3 servers refuse a client's renegotiation without it */
		SSL_CTX_set_options(c->ctx, SSL_OP_ALLOW_CLIENT_RENEGOTIATION);
		assert_int_equal(SSL_CTX_use_certificate_chain_file(c->ctx,
				 TLS_TESTDATA "/server-chain.pem"), 1);
		assert_int_equal(SSL_CTX_use_PrivateKey_file(c->ctx, TLS_TESTDATA "/server.key",
							     SSL_FILETYPE_PEM), 1);
		if (client_auth) {
			SSL_CTX_load_verify_locations(c->ctx, TLS_TESTDATA "/client-ca.pem", NULL);
			SSL_CTX_set_verify(c->ctx, SSL_VERIFY_PEER |
					   SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
		}
	} else {
		SSL_CTX_load_verify_locations(c->ctx, TLS_TESTDATA "/ca.pem", NULL);
		SSL_CTX_set_verify(c->ctx, SSL_VERIFY_PEER, NULL);
		if (client_auth) {
			SSL_CTX_use_certificate_chain_file(c->ctx, TLS_TESTDATA "/client.pem");
			SSL_CTX_use_PrivateKey_file(c->ctx, TLS_TESTDATA "/client.key",
						    SSL_FILETYPE_PEM);
		}
	}
	c->peer = SSL_new(c->ctx);
	/* OpenSSL reads what the kernel sends and writes what it receives */
	SSL_set_bio(c->peer, c->k.to_peer, c->k.from_peer);
	if (role == MX_CLIENT)
		SSL_set_accept_state(c->peer);
	else
		SSL_set_connect_state(c->peer);
	if (resume)
		SSL_set_session(c->peer, resume);
}

static void conn_free(struct conn *c)
{
	matrixSslDeleteSession(c->ssl);
	mx_dport_clear(&c->port);
	matrixSslDeleteSession(c->k.rl);
	SSL_free(c->peer);
	SSL_CTX_free(c->ctx);
}

/* The kernel reads the peer's records: handshake ones go to the engine. */
static void from_peer(struct conn *c)
{
	struct fake_kernel *k = &c->k;
	uint8_t *pt;
	size_t ptlen, reclen;
	int n, rc;

	n = BIO_read(k->from_peer, k->in + k->in_len, (int)(sizeof(k->in) - k->in_len));
	if (n > 0)
		k->in_len += (size_t)n;
	while (k->in_len >= 5 && !c->err) {
		n = mx_rl_check_header(&k->rl->rl, k->in);
		assert_true(n >= 0);
		reclen = 5 + (size_t)n;
		if (k->in_len < reclen)
			break;
		assert_int_equal(mx_rl_open(&k->rl->rl, k->in, &pt, &ptlen), 0);
		if (k->in[0] == MX_CT_APPDATA) {
			/* The daemon never sees these: they stay for the application. */
			assert_true(c->app_len + ptlen <= sizeof(c->app));
			memcpy(c->app + c->app_len, pt, ptlen);
			c->app_len += ptlen;
			rc = 0;
		} else {
			rc = mx_port_session_input(c->ssl, k->in[0], pt, ptlen);
			if (k->in[0] == MX_CT_CCS)
				assert_int_equal(mx_rl_ccs_received(&k->rl->rl), 0);
		}
		memmove(k->in, k->in + reclen, k->in_len - reclen);
		k->in_len -= reclen;
		if (rc == MATRIXSSL_HANDSHAKE_COMPLETE)
			c->complete++;
		else if (rc < 0)
			c->err = rc;
	}
}

/* Run both sides until neither moves; peer_step drives OpenSSL. */
static void pump(struct conn *c, int (*peer_step)(SSL *))
{
	int i;

	for (i = 0; i < 64; i++) {
		peer_step(c->peer);
		from_peer(c);
		if (c->err)
			break;
	}
}

static int peer_handshake(SSL *s)
{
	return SSL_do_handshake(s);
}

static int peer_read_nothing(SSL *s)
{
	char b[64];

	return SSL_read(s, b, sizeof(b));
}

/* Application data both ways through the kernel's record layer. */
static void check_data(struct conn *c, const char *tag)
{
	char msg[64], got[64];
	unsigned char *out;
	uint32_t len;
	int n;

	n = snprintf(msg, sizeof(msg), "from the peer: %s", tag);
	assert_int_equal(SSL_write(c->peer, msg, n), n);
	c->app_len = 0;
	from_peer(c);
	assert_int_equal(c->app_len, (size_t)n);
	assert_memory_equal(c->app, msg, (size_t)n);

	n = snprintf(msg, sizeof(msg), "to the peer: %s", tag);
	assert_int_equal(mx_rl_write(c->k.rl, MX_CT_APPDATA, (const uint8_t *)msg, (size_t)n), 0);
	len = (uint32_t)matrixSslGetOutdata(c->k.rl, &out);
	assert_true(len > 0);
	to_peer(&c->k);
	assert_int_equal(SSL_read(c->peer, got, sizeof(got)), n);
	assert_memory_equal(got, msg, (size_t)n);
}

static void client_handshake(struct conn *c)
{
	assert_int_equal(mx_port_session_start(c->ssl), 0);
	pump(c, peer_handshake);
	assert_int_equal(c->err, 0);
	assert_int_equal(c->complete, 1);
	assert_int_equal(SSL_is_init_finished(c->peer), 1);
}

static void client_against_openssl(void **state)
{
	struct conn c;

	conn_init(&c, MX_CLIENT, "localhost", false);
	client_handshake(&c);
	/*
	 * Keys before the CCS that uses them, RX keys before the peer's CCS.
	 * ClientKeyExchange goes at once (the peer starts on it while the
	 * kernel sets our keys); CCS and Finished leave together; the read
	 * keys wait until our Finished is out.
	 */
	assert_non_null(strstr(c.k.log, "HKC+Hk"));
	assert_int_not_equal(c.k.log[c.k.log_len - 1], '+');
	assert_int_equal(matrixSslGetNegotiatedVersion(c.ssl), 0x0303);
	assert_int_equal(matrixSslGetNegotiatedCiphersuite(c.ssl),
			 SSL_CIPHER_get_protocol_id(SSL_get_current_cipher(c.peer)));
	check_data(&c, "client");
	conn_free(&c);
}

static void server_against_openssl(void **state)
{
	struct conn c;

	conn_init(&c, MX_SERVER, NULL, true);
	assert_int_equal(mx_port_session_start(c.ssl), 0);
	pump(&c, peer_handshake);
	assert_int_equal(c.err, 0);
	assert_int_equal(c.complete, 1);
	assert_int_equal(SSL_is_init_finished(c.peer), 1);
	assert_non_null(strstr(c.k.log, "KC+H"));
	assert_int_not_equal(c.k.log[c.k.log_len - 1], '+');
	check_data(&c, "server");
	conn_free(&c);
}

static void rehandshake_by_peer(void **state)
{
	struct conn c;

	conn_init(&c, MX_CLIENT, "localhost", false);
	client_handshake(&c);
	/* The HelloRequest goes now; OpenSSL takes the ClientHello in SSL_read. */
	assert_int_equal(SSL_renegotiate(c.peer), 1);
	assert_int_equal(SSL_do_handshake(c.peer), 1);
	pump(&c, peer_read_nothing);
	assert_int_equal(c.err, 0);
	assert_int_equal(c.complete, 2);
	assert_int_equal(SSL_renegotiate_pending(c.peer), 0);
	check_data(&c, "after the peer's re-handshake");
	conn_free(&c);
}

static void rehandshake_by_us(void **state)
{
	struct conn c;

	conn_init(&c, MX_SERVER, NULL, false);
	assert_int_equal(mx_port_session_start(c.ssl), 0);
	pump(&c, peer_handshake);
	assert_int_equal(c.complete, 1);
	/* A HelloRequest; OpenSSL answers while reading. */
	assert_int_equal(mx_port_session_start(c.ssl), 0);
	pump(&c, peer_read_nothing);
	assert_int_equal(c.err, 0);
	assert_int_equal(c.complete, 2);
	check_data(&c, "after our re-handshake");
	conn_free(&c);
}

/*
 * A daemon restarted: a new session continues the connection from what
 * the kernel kept (version, suite, verify_data), then renegotiates it.
 */
static void rehandshake_after_restart(void **state)
{
	struct mx_port_session_params p = { .role = MX_CLIENT, .keys = ckeys,
					    .cert_cb = accept_cb, .expected_name = "localhost" };
	const uint8_t *cv, *sv;
	uint8_t cvd[36], svd[36];
	struct conn c;
	size_t vlen;
	ssl_t *fresh;
	uint16_t version, suite;

	conn_init(&c, MX_CLIENT, "localhost", false);
	client_handshake(&c);
	vlen = mx_port_session_verify_data(c.ssl, &cv, &sv);
	assert_int_equal(vlen, 12);
	memcpy(cvd, cv, vlen);
	memcpy(svd, sv, vlen);
	version = (uint16_t)matrixSslGetNegotiatedVersion(c.ssl);
	suite = (uint16_t)matrixSslGetNegotiatedCiphersuite(c.ssl);
	matrixSslDeleteSession(c.ssl);
	mx_dport_clear(&c.port);

	mx_dport_init(&c.port, &fk_ops, &c.k, 1);
	assert_int_equal(mx_port_session_new(&fresh, &p, &mx_dport_ops, &c.port), 0);
	assert_int_equal(mx_port_session_established(fresh, version, suite, cvd, svd, vlen), 0);
	c.ssl = fresh;
	c.k.engine = fresh;
	c.complete = 0;
	/* Wrong verify_data would make OpenSSL refuse the renegotiation. */
	assert_int_equal(mx_port_session_start(fresh), 0);
	pump(&c, peer_read_nothing);
	assert_int_equal(c.err, 0);
	assert_int_equal(c.complete, 1);
	check_data(&c, "after a restart");
	conn_free(&c);
}

static void restart_with_wrong_verify_data_fails(void **state)
{
	struct mx_port_session_params p = { .role = MX_CLIENT, .keys = ckeys,
					    .cert_cb = accept_cb, .expected_name = "localhost" };
	uint8_t zero[12] = { 0 };
	struct conn c;
	ssl_t *fresh;

	conn_init(&c, MX_CLIENT, "localhost", false);
	client_handshake(&c);
	fresh = NULL;
	mx_dport_clear(&c.port);
	mx_dport_init(&c.port, &fk_ops, &c.k, 1);
	assert_int_equal(mx_port_session_new(&fresh, &p, &mx_dport_ops, &c.port), 0);
	assert_int_equal(mx_port_session_established(fresh, 0x0303,
		(uint16_t)matrixSslGetNegotiatedCiphersuite(c.ssl), zero, zero, 12), 0);
	matrixSslDeleteSession(c.ssl);
	c.ssl = fresh;
	c.k.engine = fresh;
	c.complete = 0;
	assert_int_equal(mx_port_session_start(fresh), 0);
	pump(&c, peer_read_nothing);
	/* OpenSSL sends a fatal alert: the session fails, nothing completes. */
	assert_int_equal(c.complete, 0);
	assert_int_equal(c.err, -ECONNRESET);
	assert_int_equal(mx_port_session_alert(fresh) >> 8, SSL_ALERT_LEVEL_FATAL);
	conn_free(&c);
}

/*
 * Resumption by session id through the server's cache, which keeps the
 * sessions of different server keys (mxtlsd's profiles) apart.
 */
static void resumption_per_keys(void **state)
{
	SSL_SESSION *sess;
	sslKeys_t *other;
	struct conn c;

	conn_init(&c, MX_SERVER, NULL, false);
	SSL_set_options(c.peer, SSL_OP_NO_TICKET);
	assert_int_equal(mx_port_session_start(c.ssl), 0);
	pump(&c, peer_handshake);
	assert_int_equal(c.complete, 1);
	sess = SSL_get1_session(c.peer);
	assert_non_null(sess);
	/* A connection freed unshut makes OpenSSL drop its session. */
	SSL_set_shutdown(c.peer, SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
	conn_free(&c);

	conn_init_keys(&c, MX_SERVER, NULL, false, NULL, sess);
	SSL_set_options(c.peer, SSL_OP_NO_TICKET);
	assert_int_equal(mx_port_session_start(c.ssl), 0);
	pump(&c, peer_handshake);
	assert_int_equal(c.complete, 1);
	assert_int_equal(SSL_session_reused(c.peer), 1);
	assert_int_equal(matrixSslIsResumedSession(c.ssl), 1);
	check_data(&c, "resumed");
	SSL_set_shutdown(c.peer, SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
	conn_free(&c);

	/* The same certificate and key loaded again: another profile. */
	other = tls_server_keys(0);
	assert_non_null(other);
	conn_init_keys(&c, MX_SERVER, NULL, false, other, sess);
	SSL_set_options(c.peer, SSL_OP_NO_TICKET);
	assert_int_equal(mx_port_session_start(c.ssl), 0);
	pump(&c, peer_handshake);
	assert_int_equal(c.complete, 1);
	assert_int_equal(SSL_session_reused(c.peer), 0);
	assert_int_equal(matrixSslIsResumedSession(c.ssl), 0);
	conn_free(&c);
	matrixSslDeleteKeys(other);
	SSL_SESSION_free(sess);
}

static void wrong_name_is_rejected(void **state)
{
	struct conn c;

	conn_init(&c, MX_CLIENT, "not-the-server.example", false);
	assert_int_equal(mx_port_session_start(c.ssl), 0);
	pump(&c, peer_handshake);
	assert_int_equal(c.err, -EKEYREJECTED);
	assert_int_equal(c.complete, 0);
	assert_int_equal(c.k.alert_sent[0], SSL_ALERT_LEVEL_FATAL);
	assert_int_equal(SSL_is_init_finished(c.peer), 0);
	conn_free(&c);
}

static void port_refuses_wrong_epoch(void **state)
{
	struct fake_kernel k = { 0 };
	struct mx_dport p;
	uint8_t hello[4] = { 0 };

	mx_dport_init(&p, &fk_ops, &k, 0);
	assert_int_equal(mx_dport_ops.add_handshake_data(&p, 1, MX_CT_HANDSHAKE, hello, 4),
			 -EPROTO);
	/* TX keys without a CCS queued first */
	assert_int_equal(mx_dport_ops.set_write_keys(&p, &k.tx_pending), -EPROTO);
	assert_int_equal(k.log_len, 0);
	mx_dport_clear(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(client_against_openssl),
		cmocka_unit_test(server_against_openssl),
		cmocka_unit_test(rehandshake_by_peer),
		cmocka_unit_test(rehandshake_by_us),
		cmocka_unit_test(rehandshake_after_restart),
		cmocka_unit_test(restart_with_wrong_verify_data_fails),
		cmocka_unit_test(resumption_per_keys),
		cmocka_unit_test(wrong_name_is_rejected),
		cmocka_unit_test(port_refuses_wrong_epoch),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
