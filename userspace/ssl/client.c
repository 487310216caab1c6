// SPDX-License-Identifier: GPL-2.0
/*
 * The client's state machine (RFC 5246 7.3): ClientHello, the server's
 * flight, our Certificate / ClientKeyExchange / CertificateVerify /
 * Finished, and the abbreviated handshake when the server resumes.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/ct.h"
#include "ssl/hello_ext.h"
#include "ssl/hs_msg.h"
#include "ssl/keys.h"
#include "ssl/keysched.h"
#include "ssl/peer_key.h"
#include "ssl/ssl_int.h"
#include "ssl/trace.h"

#ifdef USE_CLIENT_SIDE_SSL

/* TLS 1.2 signature_algorithms we offer and accept: RSA PKCS#1 v1.5. */
static const uint16_t our_sigalgs[] = {
	MX_SIGALG(MX_HASH_ID_SHA256, MX_SIG_RSA),
	MX_SIGALG(MX_HASH_ID_SHA384, MX_SIG_RSA),
	MX_SIGALG(MX_HASH_ID_SHA512, MX_SIG_RSA),
	MX_SIGALG(MX_HASH_ID_SHA1, MX_SIG_RSA),
};

static bool offer_ems(const ssl_t *ssl)
{
	return ssl->opts.extendedMasterSecret >= 0 && ssl->max_version >= MX_TLS10;
}

static void enc_client_hello(ssl_t *ssl, struct mx_wr *w)
{
	struct mx_hs *hs = ssl->hs;
	const tlsExtension_t *e;
	size_t at, ext, i;

	mx_wr_u16(w, ssl->max_version);
	mx_wr_bytes(w, hs->client_random, MX_RANDOM_LEN);
	mx_wr_u8(w, ssl->sid_len);
	mx_wr_bytes(w, ssl->sid_bytes, ssl->sid_len);
	at = mx_wr_open(w, 2);
	for (i = 0; i < hs->n_offered; i++)
		mx_wr_u16(w, hs->offered[i]);
	/* RFC 5746 3.4: the SCSV (also works for SSL 3.0, which has no
	 * extensions); RFC 7507 for a fallback connection.
	 */
	mx_wr_u16(w, TLS_EMPTY_RENEGOTIATION_INFO_SCSV);
	if (ssl->opts.fallbackScsv)
		mx_wr_u16(w, TLS_FALLBACK_SCSV);
	mx_wr_close(w, at, 2);
	mx_wr_u8(w, 1);
	mx_wr_u8(w, 0);			/* null compression only */
	if (ssl->max_version == MX_SSL3)
		return;
	ext = mx_wr_open(w, 2);
	if (offer_ems(ssl)) {
		mx_wr_u16(w, MX_EXT_EMS);
		mx_wr_u16(w, 0);
	}
	if (ssl->max_version >= MX_TLS12) {
		mx_wr_u16(w, MX_EXT_SIG_ALGS);
		mx_wr_u16(w, 2 + sizeof(our_sigalgs));
		mx_wr_u16(w, sizeof(our_sigalgs));
		for (i = 0; i < sizeof(our_sigalgs) / 2; i++)
			mx_wr_u16(w, our_sigalgs[i]);
	}
	for (e = mx_hello_ext_first(hs->user_ext); e; e = mx_hello_ext_next(e)) {
		mx_wr_u16(w, mx_hello_ext_type(e));
		at = mx_wr_open(w, 2);
		mx_wr_bytes(w, mx_hello_ext_data(e), mx_hello_ext_len(e));
		mx_wr_close(w, at, 2);
	}
	mx_wr_close(w, ext, 2);
}

static bool suite_usable(const ssl_t *ssl, const struct mx_suite *s)
{
	return s && s->kx == MX_KX_RSA && s->min_version <= ssl->max_version &&
	       mx_suite_enabled(ssl, s);
}

int mx_client_start(ssl_t *ssl, tlsExtension_t *extensions)
{
	const struct mx_suite *s;
	struct mx_hs *hs;
	const tlsExtension_t *e;
	unsigned int i;
	int rc;

	rc = mx_hs_begin(ssl);
	if (rc)
		return rc;
	hs = ssl->hs;
	hs->user_ext = extensions;
	for (e = mx_hello_ext_first(extensions); e; e = mx_hello_ext_next(e)) {
		if (hs->n_ext_types == sizeof(hs->ext_types) / sizeof(hs->ext_types[0]))
			return -E2BIG;
		hs->ext_types[hs->n_ext_types++] = mx_hello_ext_type(e);
	}
	if (ssl->suites) {
		for (i = 0; i < ssl->n_suites && hs->n_offered < 32; i++) {
			s = mx_ssl_suite_get(ssl->suites[i]);
			if (suite_usable(ssl, s))
				hs->offered[hs->n_offered++] = s->id;
		}
	} else {
		for (i = 0; (s = mx_ssl_suite_at(i)) && hs->n_offered < 32; i++)
			if (suite_usable(ssl, s))
				hs->offered[hs->n_offered++] = s->id;
	}
	if (hs->n_offered == 0)
		return -EINVAL;
	rc = mx_ssl_random(hs->client_random, MX_RANDOM_LEN);
	if (rc)
		return rc;

	/* Offer the caller's session when it still fits this session. */
	ssl->sid_len = 0;
	if (ssl->sid && ssl->sid->idLen && ssl->sid->idLen <= MX_MAX_SID &&
	    mx_version_allowed(ssl, ssl->sid->version)) {
		for (i = 0; i < hs->n_offered; i++)
			if (hs->offered[i] == ssl->sid->cipherId)
				break;
		if (i < hs->n_offered) {
			memcpy(ssl->sid_bytes, ssl->sid->id, ssl->sid->idLen);
			ssl->sid_len = ssl->sid->idLen;
		}
	}
	hs->hello_version = ssl->max_version;
	ssl->rl.version = ssl->max_version == MX_SSL3 ? MX_SSL3 : MX_TLS10;
	rc = mx_hs_send_enc(ssl, MX_HT_CLIENT_HELLO, enc_client_hello);
	if (rc)
		return rc;
	hs->user_ext = NULL;	/* the caller's: not kept past this call */
	return ssl->port_ops->flush(ssl->port);
}

static bool offered(const struct mx_hs *hs, uint16_t id)
{
	unsigned int i;

	for (i = 0; i < hs->n_offered; i++)
		if (hs->offered[i] == id)
			return true;
	return false;
}

/* The ServerHello's extensions: only what we offered, well formed. */
static int server_extensions(ssl_t *ssl, const struct mx_server_hello *sh, bool *ems,
			     bool *reneg)
{
	struct mx_rd r, body;
	uint16_t type;
	unsigned int i;
	int rc;

	*ems = *reneg = false;
	mx_rd_init(&r, sh->ext, sh->ext_len);
	while (r.left) {
		type = mx_rd_u16(&r);
		mx_rd_vec(&r, 2, 0, 0xffff, &body);
		switch (type) {
		case MX_EXT_EMS:
			if (!offer_ems(ssl))
				return mx_alert_err(SSL_ALERT_UNSUPPORTED_EXTENSION);
			if (body.left)
				return mx_alert_err(SSL_ALERT_DECODE_ERROR);
			*ems = true;
			continue;
		case MX_EXT_RENEG_INFO:
			/* Initial handshake: an empty renegotiated_connection. */
			if (body.left != 1 || body.p[0] != 0)
				return mx_alert_err(SSL_ALERT_HANDSHAKE_FAILURE);
			*reneg = true;
			continue;
		}
		for (i = 0; i < ssl->hs->n_ext_types; i++)
			if (ssl->hs->ext_types[i] == type)
				break;
		if (i == ssl->hs->n_ext_types)
			return mx_alert_err(SSL_ALERT_UNSUPPORTED_EXTENSION);
		if (ssl->ext_cb) {
			rc = ssl->ext_cb(ssl, type, body.left > 255 ? 255 : (uint8_t)body.left,
					 (void *)body.p);
			if (rc < 0)
				return mx_alert_err(SSL_ALERT_UNSUPPORTED_EXTENSION);
		}
	}
	return 0;
}

/* The client writes with the client keys. */
static int derive_keys(ssl_t *ssl)
{
	return mx_ks_traffic_keys(ssl, &ssl->hs->keys_wr, &ssl->hs->keys_rd);
}

static int server_hello(ssl_t *ssl, const uint8_t *b, size_t len)
{
	struct mx_hs *hs = ssl->hs;
	struct mx_server_hello sh;
	bool ems, reneg;
	int rc;

	rc = mx_parse_server_hello(b, len, &sh);
	if (rc)
		return mx_alert_err(rc);
	if (!mx_version_allowed(ssl, sh.version))
		return mx_alert_err(SSL_ALERT_PROTOCOL_VERSION);
	ssl->version = sh.version;
	ssl->rl.version = sh.version;
	ssl->rl.version_locked = true;
	if (sh.comp != 0)
		return mx_alert_err(SSL_ALERT_ILLEGAL_PARAMETER);
	ssl->suite = offered(hs, sh.suite) ? mx_ssl_suite_get(sh.suite) : NULL;
	if (!ssl->suite || !mx_suite_ok_for(ssl->suite, sh.version))
		return mx_alert_err(SSL_ALERT_ILLEGAL_PARAMETER);
	if (sh.ext && sh.version == MX_SSL3)
		return mx_alert_err(SSL_ALERT_UNSUPPORTED_EXTENSION);
	rc = server_extensions(ssl, &sh, &ems, &reneg);
	if (rc)
		return rc;
	if (reneg)
		ssl->flags |= MX_F_SECURE_RENEG;
#ifdef REQUIRE_SECURE_REHANDSHAKES
	else
		return mx_alert_err(SSL_ALERT_HANDSHAKE_FAILURE);
#endif
	if (!ems && ssl->opts.extendedMasterSecret > 0)
		return mx_alert_err(SSL_ALERT_HANDSHAKE_FAILURE);
	hs->ems = ems;
	memcpy(hs->server_random, sh.random, MX_RANDOM_LEN);

	if (ssl->sid_len && sh.sid_len == ssl->sid_len &&
	    memcmp(sh.sid, ssl->sid_bytes, ssl->sid_len) == 0) {
		/* The server resumes: same version and suite, and RFC 7627 5.3. */
		if (sh.version != ssl->sid->version || sh.suite != ssl->sid->cipherId)
			return mx_alert_err(SSL_ALERT_ILLEGAL_PARAMETER);
		if (ems != !!ssl->sid->extendedMasterSecret)
			return mx_alert_err(SSL_ALERT_HANDSHAKE_FAILURE);
		hs->resuming = true;
		ssl->flags |= MX_F_RESUMED;
		if (ems)
			ssl->flags |= MX_F_EMS;
		memcpy(ssl->master, ssl->sid->masterSecret, MX_MASTER_LEN);
		rc = derive_keys(ssl);
		return rc ? rc : mx_hs_expect_ccs(ssl);
	}
	/* A full handshake; the session id (maybe empty) is the server's. */
	if (ssl->sid)
		matrixSslClearSessionId(ssl->sid);
	memcpy(ssl->sid_bytes, sh.sid, sh.sid_len);
	ssl->sid_len = sh.sid_len;
	hs->state = MX_C_WAIT_CERT;
	return 0;
}

static int cert_request(ssl_t *ssl, const uint8_t *b, size_t len)
{
	struct mx_hs *hs = ssl->hs;
	struct mx_cert_request cr;
	size_t i, j;
	int rc;

	rc = mx_parse_cert_request(b, len, ssl->version >= MX_TLS12, &cr);
	if (rc)
		return mx_alert_err(rc);
	hs->cert_requested = true;
	hs->n_sigalgs = 0;
	for (i = 0; i < cr.n_sigalgs; i++)
		for (j = 0; j < sizeof(our_sigalgs) / 2; j++)
			if (mx_get_u16(cr.sigalgs + 2 * i) == our_sigalgs[j] &&
			    hs->n_sigalgs < sizeof(hs->sigalgs) / sizeof(hs->sigalgs[0]))
				hs->sigalgs[hs->n_sigalgs++] = our_sigalgs[j];
	for (i = 0; i < cr.n_types; i++)
		if (cr.types[i] == MX_CCT_RSA_SIGN)
			hs->rsa_sign_ok = true;
	hs->state = MX_C_WAIT_DONE;
	return 0;
}

static void enc_certificate(ssl_t *ssl, struct mx_wr *w)
{
	const uint8_t *der[MX_MAX_CHAIN];
	size_t len[MX_MAX_CHAIN], n = 0;

	if (ssl->hs->authenticate)
		n = mx_keys_chain(ssl->keys, der, len, MX_MAX_CHAIN);
	mx_enc_cert_list(w, der, len, n);
}

/* Which hash our CertificateVerify uses. */
static enum mx_hash_id cv_hash(const ssl_t *ssl, uint16_t *sigalg)
{
	static const enum mx_hash_id by_id[] = {
		[MX_HASH_ID_SHA1] = MX_HASH_SHA1, [MX_HASH_ID_SHA256] = MX_HASH_SHA256,
		[MX_HASH_ID_SHA384] = MX_HASH_SHA384, [MX_HASH_ID_SHA512] = MX_HASH_SHA512,
	};

	if (ssl->version < MX_TLS12) {
		*sigalg = 0;
		return MX_HASH_MD5_SHA1;
	}
	/* Our preference among what the server accepts (n_sigalgs > 0). */
	*sigalg = ssl->hs->sigalgs[0];
	return by_id[*sigalg >> 8];
}

static int send_cert_verify(ssl_t *ssl)
{
	uint8_t digest[MX_HASH_MAX_LEN], *body;
	size_t dlen, cap = 4 + mx_keys_rsa_size(ssl->keys), slen, off;
	uint16_t sigalg;
	enum mx_hash_id h = cv_hash(ssl, &sigalg);
	int rc;

	dlen = mx_ks_cert_verify_hash(ssl, h, digest);
	body = malloc(cap);
	if (!body)
		return -ENOMEM;
	off = 0;
	if (sigalg) {
		mx_put_u16(body, sigalg);
		off = 2;
	}
	rc = mx_keys_sign(ssl->keys, h, digest, dlen, body + off + 2, cap - off - 2, &slen);
	if (rc == 0) {
		mx_put_u16(body + off, (uint16_t)slen);
		rc = mx_hs_send(ssl, MX_HT_CERT_VERIFY, body, off + 2 + slen);
	}
	free(body);
	return rc;
}

static int client_flight(ssl_t *ssl)
{
	struct mx_hs *hs = ssl->hs;
	uint8_t *cke;
	size_t cap, len, off;
	int rc;

	if (hs->cert_requested) {
		/* Send our chain when we have an RSA one the server can take;
		 * else an empty list (TLS) or a no_certificate warning (SSL 3.0).
		 */
#ifdef USE_CLIENT_AUTH
		hs->authenticate = hs->rsa_sign_ok && mx_keys_have_rsa(ssl->keys) &&
				   (ssl->version < MX_TLS12 || hs->n_sigalgs > 0);
#endif
		if (!hs->authenticate && ssl->version == MX_SSL3)
			rc = ssl->port_ops->send_alert(ssl->port, SSL_ALERT_LEVEL_WARNING,
						       SSL_ALERT_NO_CERTIFICATE);
		else
			rc = mx_hs_send_enc(ssl, MX_HT_CERTIFICATE, enc_certificate);
		if (rc)
			return rc;
	}

	/* RSA key exchange: the premaster, its first two bytes the version
	 * we offered (RFC 5246 7.4.7.1).
	 */
	rc = mx_ssl_random(hs->premaster, MX_PREMASTER_LEN);
	if (rc)
		return rc;
	mx_put_u16(hs->premaster, hs->hello_version);
	cap = 2 + 2048;
	cke = malloc(cap);
	if (!cke)
		return -ENOMEM;
	off = ssl->version == MX_SSL3 ? 0 : 2;
	rc = mx_peer_encrypt_premaster(hs->peer_key, hs->premaster, cke + off, cap - off, &len);
	if (rc == 0) {
		if (off)
			mx_put_u16(cke, (uint16_t)len);
		rc = mx_hs_send(ssl, MX_HT_CLIENT_KEY_EXCHANGE, cke, off + len);
	}
	free(cke);
	if (rc)
		return rc;
	if (hs->ems)
		mx_ks_session_hash(ssl);
	rc = mx_ks_master(ssl);
	mx_zeroize(hs->premaster, sizeof(hs->premaster));
	if (rc)
		return rc;
	if (hs->authenticate) {
		rc = send_cert_verify(ssl);
		if (rc)
			return rc;
	}
	rc = derive_keys(ssl);
	if (rc)
		return rc;
	rc = mx_hs_send_ccs(ssl);
	if (rc)
		return rc;
	rc = mx_hs_send_finished(ssl);
	if (rc)
		return rc;
	return mx_hs_expect_ccs(ssl);
}

static int finished(ssl_t *ssl, const uint8_t *b, size_t len)
{
	const uint8_t hdr[4] = { MX_HT_FINISHED, 0, 0, (uint8_t)len };
	int rc;

	rc = mx_hs_check_finished(ssl, b, len);
	if (rc)
		return rc;
	mx_transcript_add(&ssl->hs->th, hdr, 4);
	mx_transcript_add(&ssl->hs->th, b, len);
	if (!ssl->hs->resuming) {
		mx_hs_complete(ssl);
		return MATRIXSSL_HANDSHAKE_COMPLETE;
	}
	/* Abbreviated: our CCS and Finished close it; SentData reports it. */
	rc = mx_hs_send_ccs(ssl);
	if (rc)
		return rc;
	rc = mx_hs_send_finished(ssl);
	if (rc)
		return rc;
	ssl->flags |= MX_F_COMPLETE_ON_SENT;
	mx_hs_complete(ssl);
	return 0;
}

int mx_client_handle(ssl_t *ssl, uint8_t type, const uint8_t *b, size_t len)
{
	struct mx_hs *hs = ssl->hs;
	struct mx_cert_msg cm;
	int rc;

	switch (hs->state) {
	case MX_C_WAIT_SERVER_HELLO:
		if (type == MX_HT_SERVER_HELLO)
			return server_hello(ssl, b, len);
		break;
	case MX_C_WAIT_CERT:
		if (type != MX_HT_CERTIFICATE)
			break;
		rc = mx_parse_certificate(b, len, &cm);
		if (rc)
			return mx_alert_err(rc);
		if (cm.n == 0)
			return mx_alert_err(SSL_ALERT_HANDSHAKE_FAILURE);
		rc = mx_peer_cert_check(ssl, &cm);
		if (rc)
			return rc;
		hs->state = MX_C_WAIT_CR_OR_DONE;
		return 0;
	case MX_C_WAIT_CR_OR_DONE:
		if (type == MX_HT_CERT_REQUEST)
			return cert_request(ssl, b, len);
		/* fall through */
	case MX_C_WAIT_DONE:
		if (type != MX_HT_SERVER_HELLO_DONE)
			break;
		if (len)
			return mx_alert_err(SSL_ALERT_DECODE_ERROR);
		return client_flight(ssl);
	case MX_WAIT_FINISHED:
		if (type == MX_HT_FINISHED)
			return finished(ssl, b, len);
		break;
	default:
		break;
	}
	return mx_alert_err(SSL_ALERT_UNEXPECTED_MESSAGE);
}

#else /* !USE_CLIENT_SIDE_SSL */

int mx_client_start(ssl_t *ssl, tlsExtension_t *extensions)
{
	return -EOPNOTSUPP;
}

int mx_client_handle(ssl_t *ssl, uint8_t type, const uint8_t *b, size_t len)
{
	return mx_alert_err(SSL_ALERT_UNEXPECTED_MESSAGE);
}

#endif
