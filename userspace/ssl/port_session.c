// SPDX-License-Identifier: GPL-2.0
/*
 * Sessions on an external record port: creating them, continuing a
 * connection another session negotiated, and the input side that the
 * library mode's record processing (api.c) does for its own port.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/ct.h"
#include "ssl/port_session.h"
#include "ssl/sess_cache.h"
#include "ssl/ssl_int.h"
#include "ssl/trace.h"

static void allow_only(ssl_t *ssl, const uint16_t *ids, unsigned int n)
{
	const struct mx_suite *s;
	unsigned int i, j;

	for (i = 0; (s = mx_ssl_suite_at(i)); i++) {
		for (j = 0; j < n && ids[j] != s->id; j++)
			;
		mx_suite_set_put(&ssl->suites_disabled, i, j == n);
	}
}

int mx_port_session_new(ssl_t **out, const struct mx_port_session_params *p,
			const struct mx_record_port_ops *ops, void *port)
{
	ssl_t *ssl;
	int32 rc;

	*out = NULL;
	if (!p->keys || !ops || (p->role != MX_CLIENT && p->role != MX_SERVER) ||
	    (p->n_suites && !p->suites))
		return -EINVAL;
	rc = mx_new_session(&ssl, p->keys, p->opts, p->role);
	if (rc)
		return rc == PS_MEM_FAIL ? -ENOMEM : -EINVAL;
	ssl->port_ops = ops;
	ssl->port = port;
	ssl->cert_cb = p->cert_cb;
	if (p->role == MX_CLIENT) {
		ssl->sid = p->sid;
		if (p->n_suites) {
			ssl->suites = malloc(p->n_suites * sizeof(*ssl->suites));
			if (!ssl->suites)
				goto nomem;
			memcpy(ssl->suites, p->suites, p->n_suites * sizeof(*ssl->suites));
			ssl->n_suites = p->n_suites;
		}
		if (p->expected_name) {
			ssl->expected_name = strdup(p->expected_name);
			if (!ssl->expected_name)
				goto nomem;
		}
	} else {
		if (p->cache)
			ssl->cache = p->cache;
		if (p->n_suites)
			allow_only(ssl, p->suites, p->n_suites);
	}
	*out = ssl;
	return 0;
nomem:
	matrixSslDeleteSession(ssl);
	return -ENOMEM;
}

int mx_port_session_established(ssl_t *ssl, uint16_t version, uint16_t suite,
				const uint8_t *client_verify, const uint8_t *server_verify,
				size_t len)
{
	const struct mx_suite *s = mx_ssl_suite_get(suite);

	if (!s || ssl->hs || (ssl->flags & MX_F_HS_DONE) || len > MX_SSL3_FINISHED_LEN ||
	    (len && (!client_verify || !server_verify)) || !mx_suite_ok_for(s, version))
		return -EINVAL;
	ssl->version = version;
	ssl->suite = s;
	ssl->flags |= MX_F_HS_DONE;
	if (len) {
		memcpy(ssl->client_verify, client_verify, len);
		memcpy(ssl->server_verify, server_verify, len);
		ssl->verify_len = (uint8_t)len;
		ssl->flags |= MX_F_SECURE_RENEG;
	}
	/* The records so far were protected: both directions are past a CCS. */
	ssl->wr_epoch = 1;
	ssl->rd_epoch = 1;
	return 0;
}

int mx_port_session_start(ssl_t *ssl)
{
	int32 rc;

	if (ssl->flags & MX_F_HS_DONE) {
		rc = matrixSslEncodeRehandshake(ssl, NULL, NULL, SSL_OPTION_FULL_HANDSHAKE,
						NULL, 0);
		if (rc == PS_MEM_FAIL)
			return -ENOMEM;
		if (rc == PS_UNSUPPORTED_FAIL)
			return -EOPNOTSUPP;
		return rc == PS_SUCCESS ? 0 : -EPROTO;
	}
	if (ssl->hs)
		return -EALREADY;
	if (ssl->role == MX_SERVER)
		return mx_hs_begin(ssl);
	return mx_client_start(ssl, NULL);
}

/* The errno a failed session reports, from mx_fatal's API code. */
static int fail(ssl_t *ssl, int rc)
{
	int32 err = mx_fatal(ssl, rc);

	if (err == PS_CERT_AUTH_FAIL)
		return -EKEYREJECTED;
	return err == PS_MEM_FAIL ? -ENOMEM : -EPROTO;
}

static int alert_input(ssl_t *ssl, const uint8_t *p, size_t len)
{
	int rc;

	if (len != 2)
		return fail(ssl, mx_alert_err(SSL_ALERT_DECODE_ERROR));
	if (p[0] != SSL_ALERT_LEVEL_WARNING && p[0] != SSL_ALERT_LEVEL_FATAL)
		return fail(ssl, mx_alert_err(SSL_ALERT_ILLEGAL_PARAMETER));
	ssl->alert[0] = p[0];
	ssl->alert[1] = p[1];
	mx_trace_info(ssl, "received %s alert %s", p[0] == SSL_ALERT_LEVEL_FATAL ? "fatal" :
		      "warning", mx_alert_name(p[1]));
	if (p[0] == SSL_ALERT_LEVEL_FATAL || p[1] == SSL_ALERT_CLOSE_NOTIFY) {
		ssl->flags |= p[0] == SSL_ALERT_LEVEL_FATAL ? MX_F_FATAL : MX_F_PEER_CLOSED;
		if (ssl->role == MX_SERVER)
			mx_cache_remove(ssl->cache, ssl->sid_bytes, ssl->sid_len);
		else if (ssl->sid && p[0] == SSL_ALERT_LEVEL_FATAL)
			matrixSslClearSessionId(ssl->sid);
		mx_hs_end(ssl);
		return -ECONNRESET;
	}
	if (p[1] == SSL_ALERT_NO_RENEGOTIATION && (ssl->flags & MX_F_HS_DONE)) {
		/* Our re-handshake refused: the connection goes on as it was. */
		ssl->flags &= ~MX_F_HR_SENT;
		mx_hs_end(ssl);
		return -ECANCELED;
	}
	if (p[1] == SSL_ALERT_NO_CERTIFICATE && ssl->role == MX_SERVER && ssl->hs) {
		rc = mx_server_no_certificate_alert(ssl);
		if (rc)
			return fail(ssl, rc);
	}
	return 0;
}

int mx_port_session_input(ssl_t *ssl, uint8_t ct, const uint8_t *data, size_t len)
{
	int rc;

	if (ssl->flags & (MX_F_FATAL | MX_F_PEER_CLOSED))
		return -EPROTO;
	if (ct == MX_CT_ALERT)
		return alert_input(ssl, data, len);
	if (ct != MX_CT_HANDSHAKE && ct != MX_CT_CCS)
		return fail(ssl, mx_alert_err(SSL_ALERT_UNEXPECTED_MESSAGE));
	rc = mx_engine_input(ssl, ct, data, len);
	if (rc < 0)
		return fail(ssl, rc);
	/*
	 * The side that sends the last Finished completes once it went out
	 * (library mode reports it from matrixSslSentData): here the flight
	 * is with the port already.
	 */
	if (ssl->flags & MX_F_COMPLETE_ON_SENT) {
		ssl->flags &= ~MX_F_COMPLETE_ON_SENT;
		return MATRIXSSL_HANDSHAKE_COMPLETE;
	}
	return rc;
}

unsigned int mx_port_session_alert(const ssl_t *ssl)
{
	return (unsigned int)ssl->alert[0] << 8 | ssl->alert[1];
}

size_t mx_port_session_verify_data(const ssl_t *ssl, const uint8_t **client,
				   const uint8_t **server)
{
	*client = ssl->client_verify;
	*server = ssl->server_verify;
	return ssl->verify_len;
}
