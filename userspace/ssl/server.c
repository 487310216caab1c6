// SPDX-License-Identifier: GPL-2.0
/*
 * The server's state machine (RFC 5246 7.3): ClientHello (first or
 * renegotiating) with version, suite and extension negotiation,
 * resumption from a ticket or the session cache, our flight, the
 * client's Certificate / ClientKeyExchange / CertificateVerify /
 * Finished, and session tickets.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/ct.h"
#include "crypto/hash.h"
#include "ssl/hs_msg.h"
#include "ssl/keys.h"
#include "ssl/keysched.h"
#include "ssl/kx.h"
#include "ssl/peer_key.h"
#include "ssl/sess_cache.h"
#include "ssl/sigalg.h"
#include "ssl/ssl_int.h"
#include "ssl/ticket.h"
#include "ssl/trace.h"

#ifdef USE_SERVER_SIDE_SSL

#define ALERT(a) mx_alert_err(SSL_ALERT_##a)

/* What the ClientHello's extensions said, beyond struct mx_hs_ext. */
struct ch_ext {
	bool ems, etm, tickets, point_formats, reneg_info;
	const uint8_t *ticket;
	size_t ticket_len;
	const uint8_t *reneg;
	size_t reneg_len;
};

static void enc_server_hello(ssl_t *ssl, struct mx_wr *w)
{
	struct mx_hs *hs = ssl->hs;
	size_t ext, i;

	mx_wr_u16(w, ssl->version);
	mx_wr_bytes(w, hs->server_random, MX_RANDOM_LEN);
	mx_wr_u8(w, ssl->sid_len);
	mx_wr_bytes(w, ssl->sid_bytes, ssl->sid_len);
	mx_wr_u16(w, ssl->suite->id);
	mx_wr_u8(w, 0);
	if (ssl->version == MX_SSL3)
		return;
	ext = mx_wr_open(w, 2);
	if (ssl->flags & MX_F_SECURE_RENEG) {
		mx_wr_u16(w, MX_EXT_RENEG_INFO);
		if (!hs->reneg) {
			mx_wr_u16(w, 1);
			mx_wr_u8(w, 0);
		} else {
			/* RFC 5746 3.7: both verify_data of the last handshake. */
			mx_wr_u16(w, (uint16_t)(1 + 2 * ssl->verify_len));
			mx_wr_u8(w, (uint8_t)(2 * ssl->verify_len));
			mx_wr_bytes(w, ssl->client_verify, ssl->verify_len);
			mx_wr_bytes(w, ssl->server_verify, ssl->verify_len);
		}
	}
	if (hs->ext.sni && !hs->resuming) {
		mx_wr_u16(w, MX_EXT_SERVER_NAME);
		mx_wr_u16(w, 0);
	}
	if (hs->ext.max_frag) {
		mx_wr_u16(w, MX_EXT_MAX_FRAG);
		mx_wr_u16(w, 1);
		for (i = 1; (512u << (i - 1)) != hs->ext.max_frag; i++)
			;
		mx_wr_u8(w, (uint8_t)i);
	}
	if (mx_suite_is_ecdhe(ssl->suite) && hs->kx.ec_group && !hs->resuming) {
		mx_wr_u16(w, MX_EXT_POINT_FORMATS);
		mx_wr_u16(w, 2);
		mx_wr_u8(w, 1);
		mx_wr_u8(w, 0);
	}
	if (ssl->alpn_len && hs->alpn_len) {
		mx_wr_u16(w, MX_EXT_ALPN);
		mx_wr_u16(w, (uint16_t)(3 + ssl->alpn_len));
		mx_wr_u16(w, (uint16_t)(1 + ssl->alpn_len));
		mx_wr_u8(w, ssl->alpn_len);
		mx_wr_bytes(w, ssl->alpn, ssl->alpn_len);
	}
	if (hs->ext.etm) {
		mx_wr_u16(w, MX_EXT_ETM);
		mx_wr_u16(w, 0);
	}
	if (hs->ext.ems) {
		mx_wr_u16(w, MX_EXT_EMS);
		mx_wr_u16(w, 0);
	}
	if (hs->ext.ticket) {
		mx_wr_u16(w, MX_EXT_SESSION_TICKET);
		mx_wr_u16(w, 0);
	}
	mx_wr_close(w, ext, 2);
	if (w->len == ext + 2)
		w->len -= 2;	/* no extensions: no block */
}

static enum mx_key_kind auth_key(const struct mx_suite *s)
{
	return s->auth == MX_AUTH_ECDSA ? MX_KEY_EC : MX_KEY_RSA;
}

static void enc_certificate(ssl_t *ssl, struct mx_wr *w)
{
	const uint8_t *der[MX_MAX_CHAIN];
	size_t len[MX_MAX_CHAIN], n;

	n = mx_keys_chain(ssl->keys, auth_key(ssl->suite), der, len, MX_MAX_CHAIN);
	mx_enc_cert_list(w, der, len, n);
}

#ifdef USE_CLIENT_AUTH
static void enc_cert_request(ssl_t *ssl, struct mx_wr *w)
{
	size_t at;

	at = mx_wr_open(w, 1);
	mx_wr_u8(w, MX_CCT_RSA_SIGN);
	if (ssl->version > MX_SSL3)
		mx_wr_u8(w, MX_CCT_ECDSA_SIGN);
	mx_wr_close(w, at, 1);
	if (ssl->version >= MX_TLS12)
		mx_sigalg_enc_list(w);
	at = mx_wr_open(w, 2);
	mx_keys_enc_ca_names(ssl->keys, w);
	mx_wr_close(w, at, 2);
}
#endif

/* The scheme our ServerKeyExchange is signed with, for a key kind. */
static bool server_sigalg(const ssl_t *ssl, enum mx_key_kind kind, struct mx_sigalg *a)
{
	const struct mx_hs *hs = ssl->hs;

	if (ssl->version >= MX_TLS12 && hs->have_sigalgs && !hs->n_sigalgs)
		return false;
	return mx_sigalg_choose_ec(ssl->version, kind, mx_keys_ec_is_p384(ssl->keys), hs->sigalgs,
				   hs->n_sigalgs, a);
}

/* Pick the suite: ours first, among the client's, usable now. */
static const struct mx_suite *choose_suite(ssl_t *ssl, const struct mx_client_hello *ch)
{
	const struct mx_suite *s;
	struct mx_sigalg a;
	unsigned int i;

	for (i = 0; (s = mx_ssl_suite_at(i)); i++) {
		if (!mx_suite_ok_for(s, ssl->version) || !mx_suite_enabled(ssl, s) ||
		    !mx_hello_has_suite(ch, s->id) || !mx_kx_server_can(ssl, s))
			continue;
		if (mx_suite_has_cert(s) && s->kx != MX_KX_RSA &&
		    !server_sigalg(ssl, auth_key(s), &a))
			continue;
		return s;
	}
	return NULL;
}

/* server_name: the first host_name, handed to the callback. */
static int sni(ssl_t *ssl, const uint8_t *b, size_t len)
{
	struct mx_hs *hs = ssl->hs;
	struct mx_rd r, list, name;
	uint8_t type, lower[256], dig[MX_SHA256_LEN];
	sslKeys_t *keys = NULL;
	char host[256];
	size_t i;

	mx_rd_init(&r, b, len);
	if (!mx_rd_vec(&r, 2, 1, 0xffff, &list) || !mx_rd_done(&r))
		return ALERT(DECODE_ERROR);
	while (list.left) {
		type = mx_rd_u8(&list);
		if (!mx_rd_vec(&list, 2, 1, 0xffff, &name))
			return ALERT(DECODE_ERROR);
		if (type != 0)
			continue;
		if (name.left > 255 || memchr(name.p, 0, name.left))
			return ALERT(ILLEGAL_PARAMETER);
		for (i = 0; i < name.left; i++)
			lower[i] = name.p[i] >= 'A' && name.p[i] <= 'Z' ? name.p[i] + 32 :
				   name.p[i];
		mx_sha256(lower, name.left, dig);
		memcpy(hs->sni_hash, dig, sizeof(hs->sni_hash));
		if (!ssl->sni_cb)
			return 0;
		memcpy(host, name.p, name.left);
		host[name.left] = 0;
		ssl->sni_cb(ssl, host, (int32)name.left, &keys);
		if (keys)
			ssl->keys = keys;
		hs->ext.sni = true;
		return 0;
	}
	return 0;
}

/* ALPN (RFC 7301): the callback picks one of the client's protocols. */
static int alpn(ssl_t *ssl, const uint8_t *b, size_t len)
{
	struct mx_rd r, list, name;
	char buf[MAX_PROTO_EXT][256], *proto[MAX_PROTO_EXT];
	int32 plen[MAX_PROTO_EXT], index = -1;
	short n = 0;

	mx_rd_init(&r, b, len);
	if (!mx_rd_vec(&r, 2, 2, 0xffff, &list) || !mx_rd_done(&r))
		return ALERT(DECODE_ERROR);
	while (list.left) {
		if (!mx_rd_vec(&list, 1, 1, 0xff, &name))
			return ALERT(DECODE_ERROR);
		if (n == MAX_PROTO_EXT)
			continue;
		memcpy(buf[n], name.p, name.left);
		buf[n][name.left] = 0;
		proto[n] = buf[n];
		plen[n] = (int32)name.left;
		n++;
	}
	ssl->hs->alpn_len = 1;		/* the client offered ALPN */
	if (!ssl->alpn_cb)
		return 0;
	ssl->alpn_cb(ssl, n, proto, plen, &index);
	if (index < 0 || index >= n)
		return ALERT(NO_APPLICATION_PROTOCOL);
	memcpy(ssl->alpn, proto[index], (size_t)plen[index]);
	ssl->alpn_len = (uint8_t)plen[index];
	return 0;
}

static int hello_extensions(ssl_t *ssl, const struct mx_client_hello *ch, struct ch_ext *x)
{
	struct mx_hs *hs = ssl->hs;
	const uint8_t *groups = NULL;
	size_t n_groups = 0;
	bool have_groups = false;
	struct mx_rd r, body, v;
	uint16_t type;
	int rc;

	memset(x, 0, sizeof(*x));
	mx_rd_init(&r, ch->ext, ch->ext_len);
	while (ch->ext && ssl->version > MX_SSL3 && r.left) {
		type = mx_rd_u16(&r);
		mx_rd_vec(&r, 2, 0, 0xffff, &body);
		switch (type) {
		case MX_EXT_SERVER_NAME:
			rc = sni(ssl, body.p, body.left);
			if (rc)
				return rc;
			break;
		case MX_EXT_SIG_ALGS:
			if (!mx_rd_vec(&body, 2, 2, 0xfffe, &v) || (v.left & 1) || body.left)
				return ALERT(DECODE_ERROR);
			hs->have_sigalgs = true;
			hs->n_sigalgs = (unsigned int)mx_sigalg_filter(v.p, v.left / 2, hs->sigalgs,
								       sizeof(hs->sigalgs) /
								       sizeof(hs->sigalgs[0]));
			break;
		case MX_EXT_GROUPS:
			if (!mx_rd_vec(&body, 2, 2, 0xfffe, &v) || (v.left & 1) || body.left)
				return ALERT(DECODE_ERROR);
			groups = v.p;
			n_groups = v.left / 2;
			have_groups = true;
			break;
		case MX_EXT_POINT_FORMATS:
			if (!mx_rd_vec(&body, 1, 1, 0xff, &v) || body.left)
				return ALERT(DECODE_ERROR);
			/* RFC 8422 5.1.2: uncompressed, or no ECDHE. */
			x->point_formats = memchr(v.p, 0, v.left) != NULL;
			if (!x->point_formats)
				return ALERT(ILLEGAL_PARAMETER);
			break;
		case MX_EXT_EMS:
			if (body.left)
				return ALERT(DECODE_ERROR);
			x->ems = true;
			break;
		case MX_EXT_ETM:
			if (body.left)
				return ALERT(DECODE_ERROR);
			x->etm = true;
			break;
		case MX_EXT_SESSION_TICKET:
			x->tickets = true;
			x->ticket = body.p;
			x->ticket_len = body.left;
			break;
		case MX_EXT_MAX_FRAG:
			if (body.left != 1 || body.p[0] < 1 || body.p[0] > 4)
				return ALERT(ILLEGAL_PARAMETER);
			if (ssl->opts.maxFragLen >= 0)
				hs->ext.max_frag = (uint16_t)(512u << (body.p[0] - 1));
			break;
		case MX_EXT_ALPN:
			rc = alpn(ssl, body.p, body.left);
			if (rc)
				return rc;
			break;
		case MX_EXT_RENEG_INFO:
			x->reneg_info = true;
			x->reneg = body.p;
			x->reneg_len = body.left;
			break;
		default:
			break;
		}
	}
	mx_kx_server_groups(ssl, groups, n_groups, have_groups);
	return 0;
}

/* RFC 5746 3.6, 3.7 and 4.4: the ClientHello's renegotiation signals. */
static int check_reneg_info(ssl_t *ssl, const struct mx_client_hello *ch, const struct ch_ext *x)
{
	bool scsv = mx_hello_has_suite(ch, TLS_EMPTY_RENEGOTIATION_INFO_SCSV);

	if (!ssl->hs->reneg) {
		if (x->reneg_info && (x->reneg_len != 1 || x->reneg[0] != 0))
			return ALERT(HANDSHAKE_FAILURE);
		if (scsv || x->reneg_info)
			ssl->flags |= MX_F_SECURE_RENEG;
		return 0;
	}
	if (!(ssl->flags & MX_F_SECURE_RENEG))	/* legacy, allowed by the policy */
		return scsv || x->reneg_info ? ALERT(HANDSHAKE_FAILURE) : 0;
	if (scsv || !x->reneg_info || x->reneg_len != 1u + ssl->verify_len ||
	    x->reneg[0] != ssl->verify_len ||
	    !mx_ct_memeq(x->reneg + 1, ssl->client_verify, ssl->verify_len))
		return ALERT(HANDSHAKE_FAILURE);
	return 0;
}

/* The server reads with the client keys. */
static int derive_keys(ssl_t *ssl)
{
	return mx_ks_traffic_keys(ssl, &ssl->hs->keys_rd, &ssl->hs->keys_wr);
}

/*
 * Whether a remembered session may be resumed now: 1 yes, 0 no (full
 * handshake), or an alert (RFC 7627 5.3: an EMS session without EMS).
 */
static int resumable(ssl_t *ssl, const struct mx_client_hello *ch, const struct ch_ext *x,
		     uint16_t version, uint16_t suite, bool ems, bool client_auth,
		     const uint8_t *sni_hash)
{
	const struct mx_suite *s = mx_ssl_suite_get(suite);

	if (ems && !x->ems)
		return ALERT(HANDSHAKE_FAILURE);
	if (version != ssl->version || !s || !mx_suite_enabled(ssl, s) ||
	    !mx_suite_ok_for(s, version) || !mx_hello_has_suite(ch, suite) || (!ems && x->ems) ||
	    (!client_auth && ssl->cert_cb) ||
	    !mx_ct_memeq(sni_hash, ssl->hs->sni_hash, sizeof(ssl->hs->sni_hash)))
		return 0;
	ssl->suite = s;
	if (client_auth)
		ssl->flags |= MX_F_CLIENT_AUTHED;
	return 1;
}

static bool tickets_on(const ssl_t *ssl)
{
	return mx_keys_tickets(ssl->keys) && ssl->opts.ticketResumption >= 0 && !ssl->hs->reneg;
}

static int try_ticket(ssl_t *ssl, const struct mx_client_hello *ch, const struct ch_ext *x)
{
	struct mx_ticket_state st;
	bool renew;
	int rc;

	if (!tickets_on(ssl) || !x->ticket_len ||
	    mx_ticket_open(mx_keys_tickets(ssl->keys), x->ticket, x->ticket_len, &st, &renew))
		return 0;
	rc = resumable(ssl, ch, x, st.version, st.suite, st.ems, st.client_auth, st.sni_hash);
	if (rc == 1) {
		memcpy(ssl->master, st.master, MX_MASTER_LEN);
		if (st.client_auth)
			ssl->hs->peer = st.peer;
		/* RFC 5077 3.4: the client's id back says we resume. */
		memcpy(ssl->sid_bytes, ch->sid, ch->sid_len);
		ssl->sid_len = ch->sid_len;
		ssl->hs->ext.ticket = renew;
	}
	mx_zeroize(&st, sizeof(st));
	return rc;
}

static int try_cache(ssl_t *ssl, const struct mx_client_hello *ch, const struct ch_ext *x)
{
	struct mx_cached_session c;
	int rc;

	if (ch->sid_len == 0 ||
	    !mx_cache_lookup(ssl->cache, ch->sid, ch->sid_len, mx_cache_now(), &c))
		return 0;
	if (c.keys != ssl->keys) {
		mx_zeroize(&c, sizeof(c));
		return 0;
	}
	rc = resumable(ssl, ch, x, c.version, c.suite, c.ems, c.client_auth, c.sni_hash);
	if (rc == 1) {
		memcpy(ssl->sid_bytes, c.id, c.id_len);
		ssl->sid_len = c.id_len;
		memcpy(ssl->master, c.master, MX_MASTER_LEN);
		if (c.client_auth)
			ssl->hs->peer = c.peer;
	}
	mx_zeroize(&c, sizeof(c));
	return rc;
}

static void enc_new_ticket(ssl_t *ssl, struct mx_wr *w)
{
	struct mx_ticket_state st;
	uint8_t t[MX_TICKET_MAX_LEN];
	size_t at, len = 0;

	memset(&st, 0, sizeof(st));
	st.version = ssl->version;
	st.suite = ssl->suite->id;
	st.ems = !!(ssl->flags & MX_F_EMS);
	st.client_auth = !!(ssl->flags & MX_F_CLIENT_AUTHED);
	if (st.client_auth)
		st.peer = ssl->hs->peer;
	memcpy(st.master, ssl->master, MX_MASTER_LEN);
	memcpy(st.sni_hash, ssl->hs->sni_hash, sizeof(st.sni_hash));
	mx_wr_u16(w, (uint16_t)(mx_ticket_lifetime() >> 16));
	mx_wr_u16(w, (uint16_t)mx_ticket_lifetime());
	at = mx_wr_open(w, 2);
	/* Sealing twice (sizing, writing) would give two tickets: seal once. */
	if (!w->p || mx_ticket_seal(mx_keys_tickets(ssl->keys), &st, t, &len) == 0)
		mx_wr_bytes(w, t, w->p ? len : mx_ticket_len(&st));
	mx_wr_close(w, at, 2);
	mx_zeroize(&st, sizeof(st));
	mx_zeroize(t, sizeof(t));
}

/* CCS and Finished, a NewSessionTicket before them when one is due. */
static int send_ccs_finished(ssl_t *ssl)
{
	int rc = 0;

	if (ssl->hs->ext.ticket)
		rc = mx_hs_send_enc(ssl, MX_HT_NEW_SESSION_TICKET, enc_new_ticket);
	if (!rc)
		rc = mx_hs_send_ccs(ssl);
	if (!rc)
		rc = mx_hs_send_finished(ssl);
	return rc;
}

static int send_ske(ssl_t *ssl)
{
	struct mx_hs *hs = ssl->hs;
	uint8_t *params = NULL, *msg = NULL, digest[MX_HASH_MAX_LEN * 2];
	const uint8_t *parts[3];
	size_t plen, lens[3], dlen, off, slen, cap;
	struct mx_sigalg a;
	int rc;

	rc = mx_kx_server_params(ssl, &params, &plen);
	if (rc)
		return rc;
	if (!mx_suite_has_cert(ssl->suite)) {
		rc = mx_hs_send(ssl, MX_HT_SERVER_KEY_EXCHANGE, params, plen);
		free(params);
		return rc;
	}
	if (!server_sigalg(ssl, auth_key(ssl->suite), &a)) {
		free(params);
		return ALERT(HANDSHAKE_FAILURE);
	}
	cap = plen + 4 + mx_keys_sig_max(ssl->keys, auth_key(ssl->suite));
	msg = malloc(cap);
	if (!msg) {
		free(params);
		return -ENOMEM;
	}
	memcpy(msg, params, plen);
	off = plen;
	if (ssl->version >= MX_TLS12) {
		mx_put_u16(msg + off, a.id);
		off += 2;
	}
	parts[0] = hs->client_random;
	parts[1] = hs->server_random;
	parts[2] = params;
	lens[0] = lens[1] = MX_RANDOM_LEN;
	lens[2] = plen;
	dlen = mx_sig_digest(a.hash, parts, lens, 3, digest);
	rc = mx_keys_sign(ssl->keys, &a, digest, dlen, msg + off + 2, cap - off - 2, &slen);
	if (!rc) {
		mx_put_u16(msg + off, (uint16_t)slen);
		rc = mx_hs_send(ssl, MX_HT_SERVER_KEY_EXCHANGE, msg, off + 2 + slen);
	}
	free(params);
	free(msg);
	return rc;
}

static int full_handshake(ssl_t *ssl, const struct mx_client_hello *ch, const struct ch_ext *x)
{
	struct mx_hs *hs = ssl->hs;
	int rc;

	ssl->suite = choose_suite(ssl, ch);
	if (!ssl->suite)
		return ALERT(HANDSHAKE_FAILURE);
	hs->ext.etm = x->etm && ssl->suite->type == MX_CIPHER_BLOCK &&
		      ssl->opts.encryptThenMac >= 0;
	hs->ext.ticket = x->tickets && tickets_on(ssl);
	ssl->sid_len = 0;
	/* With a ticket the client needs no id of ours, nor the cache an entry. */
	if (SSL_SESSION_TABLE_SIZE > 0 && !hs->ext.ticket) {
		rc = mx_ssl_random(ssl->sid_bytes, MX_MAX_SID);
		if (rc)
			return rc;
		ssl->sid_len = MX_MAX_SID;
	}
	rc = mx_hs_send_enc(ssl, MX_HT_SERVER_HELLO, enc_server_hello);
	if (!rc && mx_suite_has_cert(ssl->suite))
		rc = mx_hs_send_enc(ssl, MX_HT_CERTIFICATE, enc_certificate);
	if (!rc && mx_kx_server_sends_ske(ssl))
		rc = send_ske(ssl);
	if (rc)
		return rc;
#ifdef USE_CLIENT_AUTH
	if (ssl->cert_cb && mx_suite_has_cert(ssl->suite)) {
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

static int client_hello(ssl_t *ssl, const uint8_t *b, size_t len)
{
	struct mx_hs *hs = ssl->hs;
	struct mx_client_hello ch;
	struct ch_ext x;
	int rc;

	rc = mx_parse_client_hello(b, len, &ch);
	if (rc)
		return mx_alert_err(rc);
	ssl->flags &= ~(MX_F_RESUMED | MX_F_EMS | MX_F_CLIENT_AUTHED);
	hs->hello_version = ch.version;
	/* RFC 7507: a fallback to below our best is a downgrade attack,
	 * whether or not the version would do.
	 */
	if (mx_hello_has_suite(&ch, TLS_FALLBACK_SCSV) && ch.version < ssl->max_version &&
	    (ch.version >> 8) == 3)
		return ALERT(INAPPROPRIATE_FALLBACK);
	if (ch.version < ssl->min_version || (ch.version >> 8) != 3)
		return ALERT(PROTOCOL_VERSION);
	if (hs->reneg) {
		/* A re-handshake keeps the version. */
		if ((ch.version < ssl->max_version ? ch.version : ssl->max_version) != ssl->version)
			return ALERT(PROTOCOL_VERSION);
	} else {
		ssl->version = ch.version < ssl->max_version ? ch.version : ssl->max_version;
	}
	if (!ch.null_comp)
		return ALERT(ILLEGAL_PARAMETER);
	rc = hello_extensions(ssl, &ch, &x);
	if (!rc)
		rc = check_reneg_info(ssl, &ch, &x);
	if (rc)
		return rc;
#ifdef REQUIRE_SECURE_REHANDSHAKES
	if (!(ssl->flags & MX_F_SECURE_RENEG))
		return ALERT(HANDSHAKE_FAILURE);
#endif
	if (!x.ems && ssl->opts.extendedMasterSecret > 0)
		return ALERT(HANDSHAKE_FAILURE);
	hs->ext.ems = x.ems && ssl->opts.extendedMasterSecret >= 0;
	ssl->rl.version = ssl->version;
	ssl->rl.version_locked = true;
	memcpy(hs->client_random, ch.random, MX_RANDOM_LEN);
	rc = mx_ssl_random(hs->server_random, MX_RANDOM_LEN);
	if (rc)
		return rc;
	if (hs->ext.max_frag) {
		rc = ssl->port_ops->set_max_fragment(ssl->port, hs->ext.max_frag);
		if (rc)
			return rc;
	}

	rc = 0;
	if (!(ssl->flags & MX_F_FULL_NEXT)) {
		rc = try_ticket(ssl, &ch, &x);
		if (rc == 0)
			rc = try_cache(ssl, &ch, &x);
	}
	ssl->flags &= ~MX_F_FULL_NEXT;
	if (rc < 0)
		return rc;
	if (rc == 0)
		return full_handshake(ssl, &ch, &x);
	hs->resuming = true;
	ssl->flags |= MX_F_RESUMED;
	if (hs->ext.ems)
		ssl->flags |= MX_F_EMS;
	hs->ext.etm = x.etm && ssl->suite->type == MX_CIPHER_BLOCK &&
		      ssl->opts.encryptThenMac >= 0;
	rc = mx_hs_send_enc(ssl, MX_HT_SERVER_HELLO, enc_server_hello);
	if (!rc)
		rc = derive_keys(ssl);
	if (!rc)
		rc = send_ccs_finished(ssl);
	return rc ? rc : mx_hs_expect_ccs(ssl);
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
	return ALERT(HANDSHAKE_FAILURE);
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
		return ALERT(UNEXPECTED_MESSAGE);
	ssl->hs->state = MX_S_WAIT_CKE;
	return no_client_certificate(ssl);
}

static int client_key_exchange(ssl_t *ssl, const uint8_t *b, size_t len)
{
	struct mx_hs *hs = ssl->hs;
	const uint8_t *enc;
	size_t enc_len;
	int rc;

	if (ssl->suite->kx == MX_KX_RSA) {
		rc = mx_parse_rsa_cke(b, len, ssl->version == MX_SSL3, &enc, &enc_len);
		if (rc)
			return mx_alert_err(rc);
		rc = mx_keys_decrypt_premaster(ssl->keys, enc, enc_len, hs->hello_version,
					       hs->kx.pms);
		hs->kx.pms_len = MX_PREMASTER_LEN;
	} else {
		rc = mx_kx_server_cke(ssl, b, len);
	}
	if (rc)
		return rc;
	if (hs->ext.ems)
		mx_ks_session_hash(ssl);
	rc = mx_ks_master(ssl);
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
	const uint8_t hdr[4] = { MX_HT_CERT_VERIFY, (uint8_t)(len >> 16), (uint8_t)(len >> 8),
				 (uint8_t)len };
	uint8_t digest[MX_HASH_MAX_LEN];
	struct mx_cert_verify cv;
	struct mx_sigalg a;
	size_t dlen;
	int rc;

	rc = mx_parse_cert_verify(b, len, ssl->version >= MX_TLS12, &cv);
	if (rc)
		return mx_alert_err(rc);
	if (ssl->version >= MX_TLS12) {
		if (!mx_sigalg_get(cv.sigalg, &a))
			return ALERT(ILLEGAL_PARAMETER);
	} else {
		mx_sigalg_legacy(mx_peer_key_kind(ssl->hs->peer_key), &a);
	}
	dlen = mx_ks_cert_verify_hash(ssl, a.hash, digest);
	rc = mx_peer_verify(ssl->hs->peer_key, &a, digest, dlen, cv.sig, cv.sig_len);
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
	rc = send_ccs_finished(ssl);
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
	return ALERT(UNEXPECTED_MESSAGE);
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
