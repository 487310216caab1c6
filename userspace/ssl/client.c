// SPDX-License-Identifier: GPL-2.0
/*
 * The client's state machine (RFC 5246 7.3): ClientHello (first or
 * renegotiating), the server's flight, our Certificate /
 * ClientKeyExchange / CertificateVerify / Finished, session tickets, and
 * the abbreviated handshake when the server resumes.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/ct.h"
#include "ssl/hello_ext.h"
#include "ssl/hs_msg.h"
#include "ssl/keys.h"
#include "ssl/keysched.h"
#include "ssl/kx.h"
#include "ssl/peer_key.h"
#include "ssl/sigalg.h"
#include "ssl/ssl_int.h"
#include "ssl/trace.h"

#ifdef USE_CLIENT_SIDE_SSL

#define ALERT(a) mx_alert_err(SSL_ALERT_##a)

static bool offer_ems(const ssl_t *ssl)
{
	return ssl->opts.extendedMasterSecret >= 0 && ssl->max_version >= MX_TLS10;
}

/* What the offered suites need in the ClientHello. */
struct offer {
	bool ec, ff, cbc;
};

static struct offer what_offered(const struct mx_hs *hs)
{
	struct offer o = { false, false, false };
	const struct mx_suite *s;
	unsigned int i;

	for (i = 0; i < hs->n_offered; i++) {
		s = mx_ssl_suite_get(hs->offered[i]);
		o.ec |= mx_suite_is_ecdhe(s) || s->auth == MX_AUTH_ECDSA;
		o.ff |= mx_suite_is_dhe(s);
		o.cbc |= s->type == MX_CIPHER_BLOCK;
	}
	return o;
}

/* The server name to send: expected_name when it is a DNS name. */
static size_t sni_name(const ssl_t *ssl, const char **name)
{
	uint8_t addr[16];
	size_t n;

	*name = ssl->expected_name;
	if (!*name || inet_pton(AF_INET, *name, addr) == 1 || inet_pton(AF_INET6, *name, addr) == 1)
		return 0;
	n = strlen(*name);
	if (n && (*name)[n - 1] == '.')	/* RFC 6066 3: no trailing dot */
		n--;
	return n > 255 ? 0 : n;
}

static bool user_has(const struct mx_hs *hs, uint16_t type)
{
	unsigned int i;

	for (i = 0; i < hs->n_ext_types; i++)
		if (hs->ext_types[i] == type)
			return true;
	return false;
}

static int max_frag_code(short len)
{
	switch (len) {
	case 512:
		return 1;
	case 1024:
		return 2;
	case 2048:
		return 3;
	case 4096:
		return 4;
	}
	return 0;
}

static void enc_extensions(ssl_t *ssl, struct mx_wr *w)
{
	struct mx_hs *hs = ssl->hs;
	struct offer o = what_offered(hs);
	const tlsExtension_t *e;
	const char *name;
	size_t at, n;

	n = sni_name(ssl, &name);
	if (n && !user_has(hs, MX_EXT_SERVER_NAME)) {
		mx_wr_u16(w, MX_EXT_SERVER_NAME);
		mx_wr_u16(w, (uint16_t)(n + 5));
		mx_wr_u16(w, (uint16_t)(n + 3));
		mx_wr_u8(w, 0);			/* host_name */
		mx_wr_u16(w, (uint16_t)n);
		mx_wr_bytes(w, name, n);
	}
	if (max_frag_code(ssl->opts.maxFragLen)) {
		mx_wr_u16(w, MX_EXT_MAX_FRAG);
		mx_wr_u16(w, 1);
		mx_wr_u8(w, (uint8_t)max_frag_code(ssl->opts.maxFragLen));
	}
	if (o.ec || o.ff) {
		mx_wr_u16(w, MX_EXT_GROUPS);
		at = mx_wr_open(w, 2);
		mx_kx_enc_groups(ssl, w, o.ec, o.ff);
		mx_wr_close(w, at, 2);
	}
	if (o.ec) {
		mx_wr_u16(w, MX_EXT_POINT_FORMATS);
		mx_wr_u16(w, 2);
		mx_wr_u8(w, 1);
		mx_wr_u8(w, 0);			/* uncompressed */
	}
	if (ssl->max_version >= MX_TLS12) {
		mx_wr_u16(w, MX_EXT_SIG_ALGS);
		at = mx_wr_open(w, 2);
		mx_sigalg_enc_list(w);
		mx_wr_close(w, at, 2);
	}
	if (o.cbc && ssl->opts.encryptThenMac >= 0) {
		mx_wr_u16(w, MX_EXT_ETM);
		mx_wr_u16(w, 0);
	}
	if (offer_ems(ssl)) {
		mx_wr_u16(w, MX_EXT_EMS);
		mx_wr_u16(w, 0);
	}
	if (ssl->opts.ticketResumption > 0 && !hs->reneg) {
		mx_wr_u16(w, MX_EXT_SESSION_TICKET);
		at = mx_wr_open(w, 2);
		if (hs->ticket_offered)
			mx_wr_bytes(w, ssl->sid->sessionTicket, ssl->sid->sessionTicketLen);
		mx_wr_close(w, at, 2);
	}
	if (hs->reneg && (ssl->flags & MX_F_SECURE_RENEG)) {
		/* RFC 5746 3.5: our last verify_data, no SCSV. */
		mx_wr_u16(w, MX_EXT_RENEG_INFO);
		mx_wr_u16(w, (uint16_t)(1 + ssl->verify_len));
		mx_wr_u8(w, ssl->verify_len);
		mx_wr_bytes(w, ssl->client_verify, ssl->verify_len);
	}
	for (e = mx_hello_ext_first(hs->user_ext); e; e = mx_hello_ext_next(e)) {
		mx_wr_u16(w, mx_hello_ext_type(e));
		at = mx_wr_open(w, 2);
		mx_wr_bytes(w, mx_hello_ext_data(e), mx_hello_ext_len(e));
		mx_wr_close(w, at, 2);
	}
}

static void enc_client_hello(ssl_t *ssl, struct mx_wr *w)
{
	struct mx_hs *hs = ssl->hs;
	size_t at, i;

	mx_wr_u16(w, ssl->max_version);
	mx_wr_bytes(w, hs->client_random, MX_RANDOM_LEN);
	mx_wr_u8(w, ssl->sid_len);
	mx_wr_bytes(w, ssl->sid_bytes, ssl->sid_len);
	at = mx_wr_open(w, 2);
	for (i = 0; i < hs->n_offered; i++)
		mx_wr_u16(w, hs->offered[i]);
	/*
	 * RFC 5746 3.4: the SCSV in a first ClientHello (it also works for
	 * SSL 3.0, which has no extensions), and 4.2 when renegotiating
	 * with a legacy server; RFC 7507 for a fallback connection.
	 */
	if (!hs->reneg || !(ssl->flags & MX_F_SECURE_RENEG))
		mx_wr_u16(w, TLS_EMPTY_RENEGOTIATION_INFO_SCSV);
	if (ssl->opts.fallbackScsv && !hs->reneg)
		mx_wr_u16(w, TLS_FALLBACK_SCSV);
	mx_wr_close(w, at, 2);
	mx_wr_u8(w, 1);
	mx_wr_u8(w, 0);			/* null compression only */
	if (ssl->max_version == MX_SSL3)
		return;
	at = mx_wr_open(w, 2);
	enc_extensions(ssl, w);
	mx_wr_close(w, at, 2);
}

static bool suite_usable(const ssl_t *ssl, const struct mx_suite *s)
{
	if (!s || !mx_suite_enabled(ssl, s) || !mx_suite_ok_for(s, ssl->max_version))
		return false;
	return !mx_suite_is_psk(s) || mx_keys_have_psk(ssl->keys);
}

static int choose_offer(ssl_t *ssl)
{
	struct mx_hs *hs = ssl->hs;
	const struct mx_suite *s;
	unsigned int i;

	hs->n_offered = 0;
	if (ssl->suites) {
		for (i = 0; i < ssl->n_suites && hs->n_offered < MX_SSL_MAX_SUITES; i++) {
			s = mx_ssl_suite_get(ssl->suites[i]);
			if (suite_usable(ssl, s))
				hs->offered[hs->n_offered++] = s->id;
		}
	} else {
		for (i = 0; (s = mx_ssl_suite_at(i)); i++)
			if (suite_usable(ssl, s))
				hs->offered[hs->n_offered++] = s->id;
	}
	return hs->n_offered ? 0 : -EINVAL;
}

static bool offered(const struct mx_hs *hs, uint16_t id)
{
	unsigned int i;

	for (i = 0; i < hs->n_offered; i++)
		if (hs->offered[i] == id)
			return true;
	return false;
}

/* The session of the caller's session id, when it still fits. */
static int offer_caller_session(ssl_t *ssl)
{
	struct mx_hs *hs = ssl->hs;
	sslSessionId_t *sid = ssl->sid;
	int rc;

	ssl->sid_len = 0;
	if (!sid || !sid->cipherId || !mx_version_allowed(ssl, sid->version) ||
	    !offered(hs, sid->cipherId) || sid->idLen > MX_MAX_SID)
		return 0;
	hs->offer_resume = true;
	memcpy(hs->resume_master, sid->masterSecret, MX_MASTER_LEN);
	hs->resume_suite = sid->cipherId;
	hs->resume_version = sid->version;
	hs->resume_ems = sid->extendedMasterSecret;
	if (sid->sessionTicket && sid->sessionTicketLen && ssl->opts.ticketResumption > 0 &&
	    sid->sessionTicketLen <= 0xffff) {
		/* RFC 5077 3.4: a fresh id; the server echoes it if it resumes. */
		hs->ticket_offered = true;
		rc = mx_ssl_random(ssl->sid_bytes, MX_MAX_SID);
		if (rc)
			return rc;
		ssl->sid_len = MX_MAX_SID;
		return 0;
	}
	if (!sid->idLen) {
		hs->offer_resume = false;
		return 0;
	}
	memcpy(ssl->sid_bytes, sid->id, sid->idLen);
	ssl->sid_len = sid->idLen;
	return 0;
}

/* The current session, for a renegotiation that may resume it. */
static void offer_current_session(ssl_t *ssl)
{
	struct mx_hs *hs = ssl->hs;

	if (!ssl->sid_len || !offered(hs, ssl->suite->id))
		return;
	hs->offer_resume = true;
	memcpy(hs->resume_master, ssl->master, MX_MASTER_LEN);
	hs->resume_suite = ssl->suite->id;
	hs->resume_version = ssl->version;
	hs->resume_ems = !!(ssl->flags & MX_F_EMS);
}

static int send_client_hello(ssl_t *ssl)
{
	int rc;

	rc = mx_ssl_random(ssl->hs->client_random, MX_RANDOM_LEN);
	if (rc)
		return rc;
	ssl->hs->hello_version = ssl->max_version;
	rc = mx_hs_send_enc(ssl, MX_HT_CLIENT_HELLO, enc_client_hello);
	ssl->hs->user_ext = NULL;	/* the caller's: not kept past this call */
	if (rc)
		return rc;
	return ssl->port_ops->flush(ssl->port);
}

int mx_client_start(ssl_t *ssl, const tlsExtension_t *extensions)
{
	struct mx_hs *hs;
	const tlsExtension_t *e;
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
		if (mx_hello_ext_type(e) == MX_EXT_ALPN &&
		    mx_hello_ext_len(e) <= sizeof(hs->alpn)) {
			memcpy(hs->alpn, mx_hello_ext_data(e), mx_hello_ext_len(e));
			hs->alpn_len = mx_hello_ext_len(e);
		}
	}
	rc = choose_offer(ssl);
	if (!rc)
		rc = offer_caller_session(ssl);
	if (rc)
		return rc;
	ssl->rl.version = ssl->max_version == MX_SSL3 ? MX_SSL3 : MX_TLS10;
	return send_client_hello(ssl);
}

int mx_client_renegotiate(ssl_t *ssl, bool full)
{
	int rc;

	rc = mx_hs_begin(ssl);
	if (rc)
		return rc;
	ssl->hs->reneg = true;
	rc = choose_offer(ssl);
	if (rc)
		return rc;
	if (!full && !(ssl->flags & MX_F_FULL_NEXT))
		offer_current_session(ssl);
	if (!ssl->hs->offer_resume)
		ssl->sid_len = 0;
	ssl->flags &= ~MX_F_FULL_NEXT;
	return send_client_hello(ssl);
}

/* The ALPN protocol the server chose: one, and one we offered. */
static int server_alpn(ssl_t *ssl, struct mx_rd *body)
{
	struct mx_hs *hs = ssl->hs;
	struct mx_rd list, name, ours, o;

	if (!mx_rd_vec(body, 2, 2, 0xffff, &list) || !mx_rd_done(body) ||
	    !mx_rd_vec(&list, 1, 1, 0xff, &name) || !mx_rd_done(&list))
		return ALERT(DECODE_ERROR);
	mx_rd_init(&ours, hs->alpn, hs->alpn_len);
	if (!mx_rd_vec(&ours, 2, 0, 0xffff, &ours))
		return ALERT(ILLEGAL_PARAMETER);
	while (ours.left) {
		if (!mx_rd_vec(&ours, 1, 1, 0xff, &o))
			break;
		if (o.left == name.left && !memcmp(o.p, name.p, o.left)) {
			memcpy(ssl->alpn, name.p, name.left);
			ssl->alpn_len = (uint8_t)name.left;
			return 0;
		}
	}
	return ALERT(ILLEGAL_PARAMETER);
}

/* RFC 5746 3.4 and 3.5: what the ServerHello's renegotiation_info must say. */
static int server_reneg_info(ssl_t *ssl, const struct mx_rd *body, bool present)
{
	struct mx_hs *hs = ssl->hs;
	uint8_t want[1 + 2 * MX_SSL3_FINISHED_LEN];
	size_t n;

	if (!hs->reneg) {
		if (!present)
			return 0;
		if (body->left != 1 || body->p[0] != 0)
			return ALERT(HANDSHAKE_FAILURE);
		ssl->flags |= MX_F_SECURE_RENEG;
		return 0;
	}
	if (!(ssl->flags & MX_F_SECURE_RENEG))	/* legacy: must stay absent (4.2) */
		return present ? ALERT(HANDSHAKE_FAILURE) : 0;
	n = 2 * (size_t)ssl->verify_len;
	want[0] = (uint8_t)n;
	memcpy(want + 1, ssl->client_verify, ssl->verify_len);
	memcpy(want + 1 + ssl->verify_len, ssl->server_verify, ssl->verify_len);
	if (!present || body->left != n + 1 || !mx_ct_memeq(want, body->p, n + 1))
		return ALERT(HANDSHAKE_FAILURE);
	return 0;
}

/* The ServerHello's extensions: only what we offered, well formed. */
static int server_extensions(ssl_t *ssl, const struct mx_server_hello *sh)
{
	struct mx_hs *hs = ssl->hs;
	struct offer o = what_offered(hs);
	struct mx_rd r, body, reneg = { 0 }, v;
	bool have_reneg = false, sni_sent;
	const char *name;
	uint16_t type;
	int rc;

	sni_sent = user_has(hs, MX_EXT_SERVER_NAME) || sni_name(ssl, &name);
	mx_rd_init(&r, sh->ext, sh->ext_len);
	while (r.left) {
		type = mx_rd_u16(&r);
		mx_rd_vec(&r, 2, 0, 0xffff, &body);
		switch (type) {
		case MX_EXT_EMS:
			if (!offer_ems(ssl))
				return ALERT(UNSUPPORTED_EXTENSION);
			if (body.left)
				return ALERT(DECODE_ERROR);
			hs->ext.ems = true;
			continue;
		case MX_EXT_RENEG_INFO:
			reneg = body;
			have_reneg = true;
			continue;
		case MX_EXT_ETM:
			/* RFC 7366 2: never with a suite other than CBC. */
			if (!o.cbc || ssl->opts.encryptThenMac < 0 ||
			    ssl->suite->type != MX_CIPHER_BLOCK)
				return ALERT(UNSUPPORTED_EXTENSION);
			if (body.left)
				return ALERT(DECODE_ERROR);
			hs->ext.etm = true;
			continue;
		case MX_EXT_SESSION_TICKET:
			if (ssl->opts.ticketResumption <= 0 || hs->reneg)
				return ALERT(UNSUPPORTED_EXTENSION);
			if (body.left)
				return ALERT(DECODE_ERROR);
			hs->ext.ticket = true;
			continue;
		case MX_EXT_MAX_FRAG:
			if (!max_frag_code(ssl->opts.maxFragLen))
				return ALERT(UNSUPPORTED_EXTENSION);
			/* RFC 6066 4: exactly what we asked for. */
			if (body.left != 1 || body.p[0] != max_frag_code(ssl->opts.maxFragLen))
				return ALERT(ILLEGAL_PARAMETER);
			hs->ext.max_frag = (uint16_t)ssl->opts.maxFragLen;
			continue;
		case MX_EXT_POINT_FORMATS:
			if (!o.ec)
				return ALERT(UNSUPPORTED_EXTENSION);
			/* RFC 8422 5.2: uncompressed must be among them. */
			if (!mx_rd_vec(&body, 1, 1, 0xff, &v) || !mx_rd_done(&body) ||
			    !memchr(v.p, 0, v.left))
				return ALERT(ILLEGAL_PARAMETER);
			continue;
		case MX_EXT_SERVER_NAME:
			if (!sni_sent)
				return ALERT(UNSUPPORTED_EXTENSION);
			if (body.left)
				return ALERT(DECODE_ERROR);
			break;	/* the caller's callback sees it too if the caller sent it */
		case MX_EXT_ALPN:
			if (!hs->alpn_len)
				return ALERT(UNSUPPORTED_EXTENSION);
			v = body;
			rc = server_alpn(ssl, &v);
			if (rc)
				return rc;
			break;
		default:
			break;
		}
		if (!user_has(hs, type)) {
			if (type == MX_EXT_SERVER_NAME)
				continue;
			return ALERT(UNSUPPORTED_EXTENSION);
		}
		if (ssl->ext_cb) {
			rc = ssl->ext_cb(ssl, type, body.left > 255 ? 255 : (uint8_t)body.left,
					 (void *)body.p);
			if (rc < 0)
				return ALERT(UNSUPPORTED_EXTENSION);
		}
	}
	return server_reneg_info(ssl, &reneg, have_reneg);
}

/* The client writes with the client keys. */
static int derive_keys(ssl_t *ssl)
{
	return mx_ks_traffic_keys(ssl, &ssl->hs->keys_wr, &ssl->hs->keys_rd);
}

/* Keys installed for the server's CCS; a promised ticket comes first. */
static int expect_server_ccs(ssl_t *ssl)
{
	int rc = mx_hs_expect_ccs(ssl);

	if (!rc && ssl->hs->ext.ticket)
		ssl->hs->state = MX_C_WAIT_TICKET;
	return rc;
}

static int resume(ssl_t *ssl, const struct mx_server_hello *sh)
{
	struct mx_hs *hs = ssl->hs;
	int rc;

	/* Same version and suite, and RFC 7627 5.3. */
	if (sh->version != hs->resume_version || sh->suite != hs->resume_suite)
		return ALERT(ILLEGAL_PARAMETER);
	if (hs->ext.ems != hs->resume_ems)
		return ALERT(HANDSHAKE_FAILURE);
	hs->resuming = true;
	ssl->flags |= MX_F_RESUMED;
	if (hs->ext.ems)
		ssl->flags |= MX_F_EMS;
	memcpy(ssl->master, hs->resume_master, MX_MASTER_LEN);
	rc = derive_keys(ssl);
	return rc ? rc : expect_server_ccs(ssl);
}

static int server_hello(ssl_t *ssl, const uint8_t *b, size_t len)
{
	struct mx_hs *hs = ssl->hs;
	struct mx_server_hello sh;
	int rc;

	rc = mx_parse_server_hello(b, len, &sh);
	if (rc)
		return mx_alert_err(rc);
	ssl->flags &= ~(MX_F_RESUMED | MX_F_EMS);
	if (!mx_version_allowed(ssl, sh.version) || (hs->reneg && sh.version != ssl->version))
		return ALERT(PROTOCOL_VERSION);
	ssl->version = sh.version;
	ssl->rl.version = sh.version;
	ssl->rl.version_locked = true;
	if (sh.comp != 0)
		return ALERT(ILLEGAL_PARAMETER);
	ssl->suite = offered(hs, sh.suite) ? mx_ssl_suite_get(sh.suite) : NULL;
	if (!ssl->suite || !mx_suite_ok_for(ssl->suite, sh.version))
		return ALERT(ILLEGAL_PARAMETER);
	if (sh.ext && sh.version == MX_SSL3)
		return ALERT(UNSUPPORTED_EXTENSION);
	rc = server_extensions(ssl, &sh);
	if (rc)
		return rc;
#ifdef REQUIRE_SECURE_REHANDSHAKES
	if (!(ssl->flags & MX_F_SECURE_RENEG))
		return ALERT(HANDSHAKE_FAILURE);
#endif
	if (!hs->ext.ems && ssl->opts.extendedMasterSecret > 0)
		return ALERT(HANDSHAKE_FAILURE);
	memcpy(hs->server_random, sh.random, MX_RANDOM_LEN);
	if (hs->ext.max_frag) {
		rc = ssl->port_ops->set_max_fragment(ssl->port, hs->ext.max_frag);
		if (rc)
			return rc;
	}
	if (hs->offer_resume && sh.sid_len && sh.sid_len == ssl->sid_len &&
	    memcmp(sh.sid, ssl->sid_bytes, ssl->sid_len) == 0)
		return resume(ssl, &sh);
	/* A full handshake; the session id (maybe empty) is the server's. */
	if (ssl->sid && !hs->reneg)
		matrixSslClearSessionId(ssl->sid);
	memcpy(ssl->sid_bytes, sh.sid, sh.sid_len);
	ssl->sid_len = sh.sid_len;
	if (mx_suite_has_cert(ssl->suite))
		hs->state = MX_C_WAIT_CERT;
	else
		hs->state = ssl->suite->kx == MX_KX_PSK ? MX_C_WAIT_SKE_OR_DONE : MX_C_WAIT_SKE;
	return 0;
}

static int server_key_exchange(ssl_t *ssl, const uint8_t *b, size_t len)
{
	struct mx_hs *hs = ssl->hs;
	uint8_t digest[MX_HASH_MAX_LEN * 2];
	const uint8_t *parts[3];
	size_t lens[3], plen, dlen;
	struct mx_sigalg a;
	struct mx_rd r, sig;
	int rc;

	rc = mx_kx_client_params(ssl, b, len, &plen);
	if (rc)
		return rc;
	hs->state = mx_suite_has_cert(ssl->suite) ? MX_C_WAIT_CR_OR_DONE : MX_C_WAIT_DONE;
	mx_rd_init(&r, b + plen, len - plen);
	if (!mx_suite_has_cert(ssl->suite))
		return r.left ? ALERT(DECODE_ERROR) : 0;
	/* The signature over both randoms and the parameters. */
	if (ssl->version >= MX_TLS12) {
		if (!mx_sigalg_get(mx_rd_u16(&r), &a))
			return mx_rd_ok(&r) ? ALERT(ILLEGAL_PARAMETER) : ALERT(DECODE_ERROR);
	} else {
		mx_sigalg_legacy(mx_peer_key_kind(hs->peer_key), &a);
	}
	if (!mx_rd_vec(&r, 2, 1, 0xffff, &sig) || !mx_rd_done(&r))
		return ALERT(DECODE_ERROR);
	parts[0] = hs->client_random;
	parts[1] = hs->server_random;
	parts[2] = b;
	lens[0] = lens[1] = MX_RANDOM_LEN;
	lens[2] = plen;
	dlen = mx_sig_digest(a.hash, parts, lens, 3, digest);
	return mx_peer_verify(hs->peer_key, &a, digest, dlen, sig.p, sig.left);
}

static int cert_request(ssl_t *ssl, const uint8_t *b, size_t len)
{
	struct mx_hs *hs = ssl->hs;
	struct mx_cert_request cr;
	size_t i;
	int rc;

	rc = mx_parse_cert_request(b, len, ssl->version >= MX_TLS12, &cr);
	if (rc)
		return mx_alert_err(rc);
	hs->cert_requested = true;
	hs->n_sigalgs = (unsigned int)mx_sigalg_filter(cr.sigalgs, cr.n_sigalgs, hs->sigalgs,
						      sizeof(hs->sigalgs) / sizeof(hs->sigalgs[0]));
	for (i = 0; i < cr.n_types; i++) {
		hs->rsa_sign_ok |= cr.types[i] == MX_CCT_RSA_SIGN;
		hs->ecdsa_sign_ok |= cr.types[i] == MX_CCT_ECDSA_SIGN;
	}
	hs->state = MX_C_WAIT_DONE;
	return 0;
}

/* The identity to authenticate with, if one suits the request. */
static bool pick_identity(ssl_t *ssl, struct mx_sigalg *a)
{
#ifdef USE_CLIENT_AUTH
	struct mx_hs *hs = ssl->hs;

	if (hs->ecdsa_sign_ok && ssl->version > MX_SSL3 && mx_keys_have(ssl->keys, MX_KEY_EC) &&
	    mx_sigalg_choose_ec(ssl->version, MX_KEY_EC, mx_keys_ec_is_p384(ssl->keys), hs->sigalgs,
				hs->n_sigalgs, a) &&
	    (ssl->version < MX_TLS12 || hs->n_sigalgs))
		return true;
	if (hs->rsa_sign_ok && mx_keys_have(ssl->keys, MX_KEY_RSA) &&
	    mx_sigalg_choose(ssl->version, MX_KEY_RSA, hs->sigalgs, hs->n_sigalgs, a) &&
	    (ssl->version < MX_TLS12 || hs->n_sigalgs))
		return true;
#endif
	return false;
}

static void enc_certificate(ssl_t *ssl, struct mx_wr *w)
{
	const uint8_t *der[MX_MAX_CHAIN] = { 0 };
	size_t len[MX_MAX_CHAIN] = { 0 }, n = 0;
	struct mx_sigalg a;

	if (ssl->hs->authenticate && pick_identity(ssl, &a))
		n = mx_keys_chain(ssl->keys, mx_sigalg_key(&a), der, len, MX_MAX_CHAIN);
	mx_enc_cert_list(w, der, len, n);
}

static int send_cert_verify(ssl_t *ssl, const struct mx_sigalg *a)
{
	uint8_t digest[MX_HASH_MAX_LEN], *body;
	size_t dlen, cap = 4 + mx_keys_sig_max(ssl->keys, mx_sigalg_key(a)), slen, off = 0;
	int rc;

	dlen = mx_ks_cert_verify_hash(ssl, a->hash, digest);
	body = malloc(cap);
	if (!body)
		return -ENOMEM;
	if (ssl->version >= MX_TLS12) {
		mx_put_u16(body, a->id);
		off = 2;
	}
	rc = mx_keys_sign(ssl->keys, a, digest, dlen, body + off + 2, cap - off - 2, &slen);
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
	struct mx_sigalg a = { 0 };
	uint8_t *cke;
	size_t len;
	int rc;

	if (hs->cert_requested) {
		/* Our chain when we have one the server can take; else an
		 * empty list (TLS) or a no_certificate warning (SSL 3.0).
		 */
		hs->authenticate = pick_identity(ssl, &a);
		if (!hs->authenticate && ssl->version == MX_SSL3)
			rc = ssl->port_ops->send_alert(ssl->port, SSL_ALERT_LEVEL_WARNING,
						       SSL_ALERT_NO_CERTIFICATE);
		else
			rc = mx_hs_send_enc(ssl, MX_HT_CERTIFICATE, enc_certificate);
		if (rc)
			return rc;
	}
	rc = mx_kx_client_cke(ssl, &cke, &len);
	if (rc)
		return rc;
	rc = mx_hs_send(ssl, MX_HT_CLIENT_KEY_EXCHANGE, cke, len);
	free(cke);
	if (rc)
		return rc;
	if (hs->ext.ems)
		mx_ks_session_hash(ssl);
	rc = mx_ks_master(ssl);
	if (rc)
		return rc;
	if (hs->authenticate) {
		rc = send_cert_verify(ssl, &a);
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
	return expect_server_ccs(ssl);
}

static int new_session_ticket(ssl_t *ssl, const uint8_t *b, size_t len)
{
	struct mx_hs *hs = ssl->hs;
	struct mx_rd r, t;

	mx_rd_init(&r, b, len);
	hs->ticket_hint = (uint32_t)mx_rd_u16(&r) << 16;
	hs->ticket_hint |= mx_rd_u16(&r);
	if (!mx_rd_vec(&r, 2, 0, 0xffff, &t) || !mx_rd_done(&r))
		return ALERT(DECODE_ERROR);
	free(hs->new_ticket);
	hs->new_ticket = NULL;
	hs->new_ticket_len = 0;
	/* An empty ticket: the server changed its mind (RFC 5077 3.3). */
	if (t.left) {
		hs->new_ticket = malloc(t.left);
		if (!hs->new_ticket)
			return -ENOMEM;
		memcpy(hs->new_ticket, t.p, t.left);
		hs->new_ticket_len = t.left;
	}
	hs->state = MX_WAIT_CCS;
	return 0;
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
			return ALERT(HANDSHAKE_FAILURE);
		rc = mx_peer_cert_check(ssl, &cm);
		if (rc)
			return rc;
		hs->state = ssl->suite->kx == MX_KX_RSA ? MX_C_WAIT_CR_OR_DONE : MX_C_WAIT_SKE;
		return 0;
	case MX_C_WAIT_SKE_OR_DONE:
		if (type == MX_HT_SERVER_HELLO_DONE)
			goto done;
		/* fall through */
	case MX_C_WAIT_SKE:
		if (type == MX_HT_SERVER_KEY_EXCHANGE)
			return server_key_exchange(ssl, b, len);
		break;
	case MX_C_WAIT_CR_OR_DONE:
		if (type == MX_HT_CERT_REQUEST)
			return cert_request(ssl, b, len);
		/* fall through */
	case MX_C_WAIT_DONE:
		if (type != MX_HT_SERVER_HELLO_DONE)
			break;
done:
		if (len)
			return ALERT(DECODE_ERROR);
		return client_flight(ssl);
	case MX_C_WAIT_TICKET:
		if (type == MX_HT_NEW_SESSION_TICKET)
			return new_session_ticket(ssl, b, len);
		break;
	case MX_WAIT_FINISHED:
		if (type == MX_HT_FINISHED)
			return finished(ssl, b, len);
		break;
	default:
		break;
	}
	return ALERT(UNEXPECTED_MESSAGE);
}

#else /* !USE_CLIENT_SIDE_SSL */

int mx_client_start(ssl_t *ssl, const tlsExtension_t *extensions)
{
	return -EOPNOTSUPP;
}

int mx_client_renegotiate(ssl_t *ssl, bool full)
{
	return -EOPNOTSUPP;
}

int mx_client_handle(ssl_t *ssl, uint8_t type, const uint8_t *b, size_t len)
{
	return mx_alert_err(SSL_ALERT_UNEXPECTED_MESSAGE);
}

#endif
