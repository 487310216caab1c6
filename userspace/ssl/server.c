// SPDX-License-Identifier: GPL-2.0
/*
 * The server's state machine (RFC 5246 7.3): ClientHello and version and
 * suite negotiation, resumption from the session cache, our flight, the
 * client's Certificate / ClientKeyExchange / CertificateVerify /
 * Finished.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/ct.h"
#include "ssl/hs_msg.h"
#include "ssl/keys.h"
#include "ssl/keysched.h"
#include "ssl/peer_key.h"
#include "ssl/sess_cache.h"
#include "ssl/ssl_int.h"
#include "ssl/trace.h"

#ifdef USE_SERVER_SIDE_SSL

/* What our CertificateRequest accepts (TLS 1.2), best first. */
static const uint16_t cr_sigalgs[] = {
	MX_SIGALG(MX_HASH_ID_SHA256, MX_SIG_RSA),
	MX_SIGALG(MX_HASH_ID_SHA384, MX_SIG_RSA),
	MX_SIGALG(MX_HASH_ID_SHA512, MX_SIG_RSA),
	MX_SIGALG(MX_HASH_ID_SHA1, MX_SIG_RSA),
};

static void enc_server_hello(ssl_t *ssl, struct mx_wr *w)
{
	size_t ext;

	mx_wr_u16(w, ssl->version);
	mx_wr_bytes(w, ssl->hs->server_random, MX_RANDOM_LEN);
	mx_wr_u8(w, ssl->sid_len);
	mx_wr_bytes(w, ssl->sid_bytes, ssl->sid_len);
	mx_wr_u16(w, ssl->suite->id);
	mx_wr_u8(w, 0);
	if (ssl->version == MX_SSL3 || (!ssl->hs->ems && !(ssl->flags & MX_F_SECURE_RENEG)))
		return;
	ext = mx_wr_open(w, 2);
	if (ssl->flags & MX_F_SECURE_RENEG) {
		mx_wr_u16(w, MX_EXT_RENEG_INFO);
		mx_wr_u16(w, 1);
		mx_wr_u8(w, 0);
	}
	if (ssl->hs->ems) {
		mx_wr_u16(w, MX_EXT_EMS);
		mx_wr_u16(w, 0);
	}
	mx_wr_close(w, ext, 2);
}

static void enc_certificate(ssl_t *ssl, struct mx_wr *w)
{
	const uint8_t *der[MX_MAX_CHAIN];
	size_t len[MX_MAX_CHAIN], n;

	n = mx_keys_chain(ssl->keys, der, len, MX_MAX_CHAIN);
	mx_enc_cert_list(w, der, len, n);
}

#ifdef USE_CLIENT_AUTH
static void enc_cert_request(ssl_t *ssl, struct mx_wr *w)
{
	size_t at, i;

	mx_wr_u8(w, 1);
	mx_wr_u8(w, MX_CCT_RSA_SIGN);
	if (ssl->version >= MX_TLS12) {
		at = mx_wr_open(w, 2);
		for (i = 0; i < sizeof(cr_sigalgs) / 2; i++)
			mx_wr_u16(w, cr_sigalgs[i]);
		mx_wr_close(w, at, 2);
	}
	at = mx_wr_open(w, 2);
	mx_keys_enc_ca_names(ssl->keys, w);
	mx_wr_close(w, at, 2);
}
#endif

/* Pick the suite: ours first, among the client's, usable at the version. */
static const struct mx_suite *choose_suite(ssl_t *ssl, const struct mx_client_hello *ch)
{
	const struct mx_suite *s;
	unsigned int i;

	if (!mx_keys_have_rsa(ssl->keys))
		return NULL;
	for (i = 0; (s = mx_ssl_suite_at(i)); i++)
		if (s->kx == MX_KX_RSA && mx_suite_ok_for(s, ssl->version) &&
		    mx_suite_enabled(ssl, s) &&
		    mx_hello_has_suite(ch, s->id))
			return s;
	return NULL;
}

static int hello_extensions(ssl_t *ssl, const struct mx_client_hello *ch, bool *ems)
{
	const uint8_t *body;
	size_t blen;

	*ems = false;
	if (mx_hello_has_suite(ch, TLS_EMPTY_RENEGOTIATION_INFO_SCSV))
		ssl->flags |= MX_F_SECURE_RENEG;
	if (!ch->ext || ssl->version == MX_SSL3)
		return 0;
	if (mx_ext_find(ch->ext, ch->ext_len, MX_EXT_RENEG_INFO, &body, &blen)) {
		if (blen != 1 || body[0] != 0)
			return mx_alert_err(SSL_ALERT_HANDSHAKE_FAILURE);
		ssl->flags |= MX_F_SECURE_RENEG;
	}
	if (mx_ext_find(ch->ext, ch->ext_len, MX_EXT_EMS, &body, &blen)) {
		if (blen)
			return mx_alert_err(SSL_ALERT_DECODE_ERROR);
		*ems = ssl->opts.extendedMasterSecret >= 0;
	}
	return 0;
}

/* The server reads with the client keys. */
static int derive_keys(ssl_t *ssl)
{
	return mx_ks_traffic_keys(ssl, &ssl->hs->keys_rd, &ssl->hs->keys_wr);
}

/* Resume when the cache has the session and it fits (RFC 7627 5.3). */
static int try_resume(ssl_t *ssl, const struct mx_client_hello *ch, bool ems, bool *resumed)
{
	struct mx_cached_session c;
	const struct mx_suite *s;
	int rc = 0;

	*resumed = false;
	if (ch->sid_len == 0 || !mx_cache_lookup(ch->sid, ch->sid_len, mx_cache_now(), &c))
		return 0;
	s = mx_ssl_suite_get(c.suite);
	if (c.ems && !ems) {
		rc = mx_alert_err(SSL_ALERT_HANDSHAKE_FAILURE);
		goto out;
	}
	if (c.version != ssl->version || !s || !mx_suite_enabled(ssl, s) ||
	    !mx_hello_has_suite(ch, c.suite) ||
	    (!c.ems && ems) || (c.client_auth == false && ssl->cert_cb))
		goto out;
	memcpy(ssl->sid_bytes, c.id, c.id_len);
	ssl->sid_len = c.id_len;
	memcpy(ssl->master, c.master, MX_MASTER_LEN);
	ssl->suite = s;
	*resumed = true;
out:
	mx_zeroize(&c, sizeof(c));
	return rc;
}

static int client_hello(ssl_t *ssl, const uint8_t *b, size_t len)
{
	struct mx_hs *hs = ssl->hs;
	struct mx_client_hello ch;
	bool ems, resumed;
	int rc;

	rc = mx_parse_client_hello(b, len, &ch);
	if (rc)
		return mx_alert_err(rc);
	hs->hello_version = ch.version;
	/* RFC 7507: a fallback to below our best is a downgrade attack,
	 * whether or not the version would do.
	 */
	if (mx_hello_has_suite(&ch, TLS_FALLBACK_SCSV) && ch.version < ssl->max_version &&
	    (ch.version >> 8) == 3)
		return mx_alert_err(SSL_ALERT_INAPPROPRIATE_FALLBACK);
	if (ch.version < ssl->min_version || (ch.version >> 8) != 3)
		return mx_alert_err(SSL_ALERT_PROTOCOL_VERSION);
	ssl->version = ch.version < ssl->max_version ? ch.version : ssl->max_version;
	if (!ch.null_comp)
		return mx_alert_err(SSL_ALERT_ILLEGAL_PARAMETER);
	rc = hello_extensions(ssl, &ch, &ems);
	if (rc)
		return rc;
#ifdef REQUIRE_SECURE_REHANDSHAKES
	if (!(ssl->flags & MX_F_SECURE_RENEG))
		return mx_alert_err(SSL_ALERT_HANDSHAKE_FAILURE);
#endif
	if (!ems && ssl->opts.extendedMasterSecret > 0)
		return mx_alert_err(SSL_ALERT_HANDSHAKE_FAILURE);
	hs->ems = ems;
	ssl->rl.version = ssl->version;
	ssl->rl.version_locked = true;
	memcpy(hs->client_random, ch.random, MX_RANDOM_LEN);
	rc = mx_ssl_random(hs->server_random, MX_RANDOM_LEN);
	if (rc)
		return rc;

	rc = try_resume(ssl, &ch, ems, &resumed);
	if (rc)
		return rc;
	if (resumed) {
		hs->resuming = true;
		ssl->flags |= MX_F_RESUMED;
		if (ems)
			ssl->flags |= MX_F_EMS;
		rc = mx_hs_send_enc(ssl, MX_HT_SERVER_HELLO, enc_server_hello);
		if (!rc)
			rc = derive_keys(ssl);
		if (!rc)
			rc = mx_hs_send_ccs(ssl);
		if (!rc)
			rc = mx_hs_send_finished(ssl);
		return rc ? rc : mx_hs_expect_ccs(ssl);
	}

	ssl->suite = choose_suite(ssl, &ch);
	if (!ssl->suite)
		return mx_alert_err(SSL_ALERT_HANDSHAKE_FAILURE);
	ssl->sid_len = 0;
	if (SSL_SESSION_TABLE_SIZE > 0) {
		rc = mx_ssl_random(ssl->sid_bytes, MX_MAX_SID);
		if (rc)
			return rc;
		ssl->sid_len = MX_MAX_SID;
	}
	rc = mx_hs_send_enc(ssl, MX_HT_SERVER_HELLO, enc_server_hello);
	if (!rc)
		rc = mx_hs_send_enc(ssl, MX_HT_CERTIFICATE, enc_certificate);
	if (rc)
		return rc;
#ifdef USE_CLIENT_AUTH
	if (ssl->cert_cb) {
		rc = mx_hs_send_enc(ssl, MX_HT_CERT_REQUEST, enc_cert_request);
		if (rc)
			return rc;
		hs->cert_requested = true;
	}
#endif
	rc = mx_hs_send(ssl, MX_HT_SERVER_HELLO_DONE, NULL, 0);
	if (rc)
		return rc;
	hs->state = hs->cert_requested ? MX_S_WAIT_CERT : MX_S_WAIT_CKE;
	return ssl->port_ops->flush(ssl->port);
}

/* The client has no certificate: an empty Certificate (SSL 3.0: an alert). */
static int no_client_certificate(ssl_t *ssl)
{
#ifdef SERVER_WILL_ACCEPT_EMPTY_CLIENT_CERT_MSG
	int32 rc = ssl->cert_cb(ssl, NULL, SSL_ALERT_HANDSHAKE_FAILURE);

	if (rc == 0)
		return 0;
	return mx_alert_err(rc > 0 && rc < 256 ? rc : SSL_ALERT_HANDSHAKE_FAILURE);
#else
	return mx_alert_err(SSL_ALERT_HANDSHAKE_FAILURE);
#endif
}

static int client_certificate(ssl_t *ssl, const uint8_t *b, size_t len)
{
	struct mx_cert_msg cm;
	int rc;

	rc = mx_parse_certificate(b, len, &cm);
	if (rc)
		return mx_alert_err(rc);
	ssl->hs->state = MX_S_WAIT_CKE;
	if (cm.n)
		return mx_peer_cert_check(ssl, &cm);
	return no_client_certificate(ssl);
}

int mx_server_no_certificate_alert(ssl_t *ssl)
{
	if (!ssl->hs || ssl->hs->state != MX_S_WAIT_CERT || ssl->version != MX_SSL3)
		return mx_alert_err(SSL_ALERT_UNEXPECTED_MESSAGE);
	ssl->hs->state = MX_S_WAIT_CKE;
	return no_client_certificate(ssl);
}

static int client_key_exchange(ssl_t *ssl, const uint8_t *b, size_t len)
{
	struct mx_hs *hs = ssl->hs;
	const uint8_t *enc;
	size_t enc_len;
	int rc;

	rc = mx_parse_rsa_cke(b, len, ssl->version == MX_SSL3, &enc, &enc_len);
	if (rc)
		return mx_alert_err(rc);
	rc = mx_keys_decrypt_premaster(ssl->keys, enc, enc_len, hs->hello_version, hs->premaster);
	if (rc)
		return rc;
	if (hs->ems)
		mx_ks_session_hash(ssl);
	rc = mx_ks_master(ssl);
	mx_zeroize(hs->premaster, sizeof(hs->premaster));
	if (rc)
		return rc;
	rc = derive_keys(ssl);
	if (rc)
		return rc;
	if (hs->peer_key) {
		hs->state = MX_S_WAIT_CERT_VERIFY;
		return 0;
	}
	return mx_hs_expect_ccs(ssl);
}

static int cert_verify(ssl_t *ssl, const uint8_t *b, size_t len)
{
	static const enum mx_hash_id by_id[] = {
		[MX_HASH_ID_SHA1] = MX_HASH_SHA1, [MX_HASH_ID_SHA256] = MX_HASH_SHA256,
		[MX_HASH_ID_SHA384] = MX_HASH_SHA384, [MX_HASH_ID_SHA512] = MX_HASH_SHA512,
	};
	const uint8_t hdr[4] = { MX_HT_CERT_VERIFY, (uint8_t)(len >> 16), (uint8_t)(len >> 8),
				 (uint8_t)len };
	uint8_t digest[MX_HASH_MAX_LEN];
	struct mx_cert_verify cv;
	enum mx_hash_id h = MX_HASH_MD5_SHA1;
	size_t dlen, i;
	int rc;

	rc = mx_parse_cert_verify(b, len, ssl->version >= MX_TLS12, &cv);
	if (rc)
		return mx_alert_err(rc);
	if (ssl->version >= MX_TLS12) {
		for (i = 0; i < sizeof(cr_sigalgs) / 2; i++)
			if (cv.sigalg == cr_sigalgs[i])
				break;
		if (i == sizeof(cr_sigalgs) / 2)
			return mx_alert_err(SSL_ALERT_ILLEGAL_PARAMETER);
		h = by_id[cv.sigalg >> 8];
	}
	dlen = mx_ks_cert_verify_hash(ssl, h, digest);
	rc = mx_peer_verify(ssl->hs->peer_key, h, digest, dlen, cv.sig, cv.sig_len);
	if (rc)
		return rc;
	mx_transcript_add(&ssl->hs->th, hdr, 4);
	mx_transcript_add(&ssl->hs->th, b, len);
	ssl->flags |= MX_F_CLIENT_AUTHED;
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
	if (ssl->hs->resuming) {
		mx_hs_complete(ssl);
		return MATRIXSSL_HANDSHAKE_COMPLETE;
	}
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

int mx_server_handle(ssl_t *ssl, uint8_t type, const uint8_t *b, size_t len)
{
	switch (ssl->hs->state) {
	case MX_S_WAIT_CLIENT_HELLO:
		if (type == MX_HT_CLIENT_HELLO)
			return client_hello(ssl, b, len);
		break;
	case MX_S_WAIT_CERT:
		if (type == MX_HT_CERTIFICATE)
			return client_certificate(ssl, b, len);
		break;
	case MX_S_WAIT_CKE:
		if (type == MX_HT_CLIENT_KEY_EXCHANGE)
			return client_key_exchange(ssl, b, len);
		break;
	case MX_S_WAIT_CERT_VERIFY:
		if (type == MX_HT_CERT_VERIFY)
			return cert_verify(ssl, b, len);
		break;
	case MX_WAIT_FINISHED:
		if (type == MX_HT_FINISHED)
			return finished(ssl, b, len);
		break;
	default:
		break;
	}
	return mx_alert_err(SSL_ALERT_UNEXPECTED_MESSAGE);
}

#else /* !USE_SERVER_SIDE_SSL */

int mx_server_handle(ssl_t *ssl, uint8_t type, const uint8_t *b, size_t len)
{
	return mx_alert_err(SSL_ALERT_UNEXPECTED_MESSAGE);
}

int mx_server_no_certificate_alert(ssl_t *ssl)
{
	return mx_alert_err(SSL_ALERT_UNEXPECTED_MESSAGE);
}

#endif
