// SPDX-License-Identifier: GPL-2.0
/*
 * The handshake machinery both roles share: handshake state, message
 * reassembly and dispatch, the transcript, ChangeCipherSpec and Finished,
 * what remains of a session when a handshake completes, and the start
 * of re-handshakes the peer asks for (RFC 5746 policy and credits).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/ct.h"
#include "ssl/hs_msg.h"
#include "ssl/keysched.h"
#include "ssl/kx.h"
#include "ssl/peer_key.h"
#include "ssl/sess_cache.h"
#include "ssl/ssl_int.h"
#include "ssl/trace.h"

int mx_hs_begin(ssl_t *ssl)
{
	struct mx_hs *hs = calloc(1, sizeof(*hs));

	if (!hs)
		return -ENOMEM;
	mx_md5_init(&hs->th.md5);
	mx_sha1_init(&hs->th.sha1);
	mx_sha256_init(&hs->th.sha256);
	mx_sha384_init(&hs->th.sha384);
	mx_sha512_init(&hs->th.sha512);
	hs->state = ssl->role == MX_CLIENT ? MX_C_WAIT_SERVER_HELLO : MX_S_WAIT_CLIENT_HELLO;
	hs->reneg = !!(ssl->flags & MX_F_HS_DONE);
	ssl->hs = hs;
	return 0;
}

void mx_hs_end(ssl_t *ssl)
{
	struct mx_hs *hs = ssl->hs;

	if (!hs)
		return;
	mx_peer_key_free(hs->peer_key);
	mx_kx_clear(&hs->kx);
	if (hs->new_ticket) {
		mx_zeroize(hs->new_ticket, hs->new_ticket_len);
		free(hs->new_ticket);
	}
	if (hs->msg) {
		mx_zeroize(hs->msg, hs->msg_cap);
		free(hs->msg);
	}
	mx_zeroize(hs, sizeof(*hs));
	free(hs);
	ssl->hs = NULL;
}

void mx_transcript_add(struct mx_transcript *th, const uint8_t *msg, size_t len)
{
	mx_md5_update(&th->md5, msg, len);
	mx_sha1_update(&th->sha1, msg, len);
	mx_sha256_update(&th->sha256, msg, len);
	mx_sha384_update(&th->sha384, msg, len);
	mx_sha512_update(&th->sha512, msg, len);
}

size_t mx_transcript_hash(const struct mx_transcript *th, enum mx_hash_id id, uint8_t *out)
{
	union mx_hash_ctx c;

	switch (id) {
	case MX_HASH_MD5:
		c.md5 = th->md5;
		mx_md5_final(&c.md5, out);
		return MX_MD5_LEN;
	case MX_HASH_SHA1:
		c.sha1 = th->sha1;
		mx_sha1_final(&c.sha1, out);
		return MX_SHA1_LEN;
	case MX_HASH_SHA256:
		c.sha256 = th->sha256;
		mx_sha256_final(&c.sha256, out);
		return MX_SHA256_LEN;
	case MX_HASH_SHA384:
		c.sha512 = th->sha384;
		mx_sha384_final(&c.sha512, out);
		return MX_SHA384_LEN;
	case MX_HASH_SHA512:
		c.sha512 = th->sha512;
		mx_sha512_final(&c.sha512, out);
		return MX_SHA512_LEN;
	}
	return 0;
}

bool mx_version_allowed(const ssl_t *ssl, uint16_t v)
{
	return v >= ssl->min_version && v <= ssl->max_version;
}

int mx_hs_send(ssl_t *ssl, uint8_t type, const uint8_t *body, size_t len)
{
	uint8_t *msg;
	int rc;

	if (len > 0xffffff)
		return -EMSGSIZE;
	msg = malloc(4 + len);
	if (!msg)
		return -ENOMEM;
	msg[0] = type;
	mx_put_u24(msg + 1, (uint32_t)len);
	if (len)
		memcpy(msg + 4, body, len);
	if (type != MX_HT_HELLO_REQUEST && ssl->hs)
		mx_transcript_add(&ssl->hs->th, msg, 4 + len);
	mx_trace_hs(ssl, true, type, len);
	rc = ssl->port_ops->add_handshake_data(ssl->port, ssl->wr_epoch, MX_CT_HANDSHAKE, msg,
					       4 + len);
	mx_zeroize(msg, 4 + len);
	free(msg);
	return rc;
}

int mx_hs_send_enc(ssl_t *ssl, uint8_t type, mx_hs_encoder enc)
{
	struct mx_wr w;
	uint8_t *body;
	size_t len;
	int rc;

	mx_wr_init(&w, NULL, 0);
	enc(ssl, &w);
	len = w.len;
	body = malloc(len ? len : 1);
	if (!body)
		return -ENOMEM;
	mx_wr_init(&w, body, len);
	enc(ssl, &w);
	rc = (w.bad || w.len != len) ? -EFAULT : mx_hs_send(ssl, type, body, len);
	mx_zeroize(body, len);
	free(body);
	return rc;
}

int mx_hs_send_ccs(ssl_t *ssl)
{
	static const uint8_t one = 1;
	int rc;

	rc = ssl->port_ops->add_handshake_data(ssl->port, ssl->wr_epoch, MX_CT_CCS, &one, 1);
	if (rc)
		return rc;
	ssl->wr_epoch++;
	ssl->hs->keys_wr.epoch = ssl->wr_epoch;
	return ssl->port_ops->set_write_keys(ssl->port, &ssl->hs->keys_wr);
}

int mx_hs_expect_ccs(ssl_t *ssl)
{
	ssl->hs->keys_rd.epoch = ssl->rd_epoch + 1;
	ssl->hs->state = MX_WAIT_CCS;
	return ssl->port_ops->set_read_keys(ssl->port, &ssl->hs->keys_rd);
}

int mx_hs_send_finished(ssl_t *ssl)
{
	uint8_t vd[MX_SSL3_FINISHED_LEN];
	bool client = ssl->role == MX_CLIENT;
	int n = mx_ks_finished(ssl, client, vd), rc;

	if (n < 0)
		return n;
	memcpy(client ? ssl->client_verify : ssl->server_verify, vd, (size_t)n);
	ssl->verify_len = (uint8_t)n;
	rc = mx_hs_send(ssl, MX_HT_FINISHED, vd, (size_t)n);
	mx_zeroize(vd, sizeof(vd));
	if (rc)
		return rc;
	return ssl->port_ops->flush(ssl->port);
}

int mx_hs_check_finished(ssl_t *ssl, const uint8_t *body, size_t len)
{
	uint8_t vd[MX_SSL3_FINISHED_LEN];
	bool from_client = ssl->role == MX_SERVER;
	int n = mx_ks_finished(ssl, from_client, vd);
	int ok;

	if (n < 0)
		return n;
	if (len != (size_t)n)
		return mx_alert_err(SSL_ALERT_DECODE_ERROR);
	ok = mx_ct_memeq(vd, body, len);
	memcpy(from_client ? ssl->client_verify : ssl->server_verify, vd, len);
	ssl->verify_len = (uint8_t)n;
	mx_zeroize(vd, sizeof(vd));
	return ok ? 0 : mx_alert_err(SSL_ALERT_DECRYPT_ERROR);
}

static void fill_client_sid(ssl_t *ssl)
{
	sslSessionId_t *sid = ssl->sid;
	struct mx_hs *hs = ssl->hs;
	uint8_t *ticket = NULL;
	size_t tlen = 0;
	uint32_t hint = 0;

	if (!sid)
		return;
	/* The ticket: a new one, or the one that resumed this session. */
	if (hs->new_ticket) {
		ticket = hs->new_ticket;
		tlen = hs->new_ticket_len;
		hint = hs->ticket_hint;
		hs->new_ticket = NULL;
	} else if (hs->resuming && hs->ticket_offered && sid->sessionTicket) {
		ticket = sid->sessionTicket;
		tlen = sid->sessionTicketLen;
		hint = sid->sessionTicketLifetimeHint;
		sid->sessionTicket = NULL;
	}
	matrixSslClearSessionId(sid);
	if (!ssl->sid_len && !ticket)
		return;
	/* With a ticket the id we made up is no use to anyone. */
	if (!ticket || !hs->ticket_offered) {
		memcpy(sid->id, ssl->sid_bytes, ssl->sid_len);
		sid->idLen = ssl->sid_len;
	}
	memcpy(sid->masterSecret, ssl->master, MX_MASTER_LEN);
	sid->cipherId = ssl->suite->id;
	sid->version = ssl->version;
	sid->extendedMasterSecret = !!(ssl->flags & MX_F_EMS);
	sid->sessionTicket = ticket;
	sid->sessionTicketLen = (uint32)tlen;
	sid->sessionTicketLifetimeHint = hint;
}

void mx_hs_complete(ssl_t *ssl)
{
	struct mx_cached_session c;

	ssl->flags |= MX_F_HS_DONE;
	ssl->peer = ssl->hs->peer;
	if (ssl->role == MX_CLIENT) {
		fill_client_sid(ssl);
	} else {
		memcpy(ssl->sni_hash, ssl->hs->sni_hash, sizeof(ssl->sni_hash));
		if (!(ssl->flags & MX_F_RESUMED) && ssl->sid_len) {
			memset(&c, 0, sizeof(c));
			memcpy(c.id, ssl->sid_bytes, ssl->sid_len);
			c.id_len = ssl->sid_len;
			memcpy(c.master, ssl->master, MX_MASTER_LEN);
			c.version = ssl->version;
			c.suite = ssl->suite->id;
			c.ems = !!(ssl->flags & MX_F_EMS);
			c.client_auth = !!(ssl->flags & MX_F_CLIENT_AUTHED);
			if (c.client_auth)
				c.peer = ssl->hs->peer;
			memcpy(c.sni_hash, ssl->hs->sni_hash, sizeof(c.sni_hash));
			c.keys = ssl->keys;
			mx_cache_store(ssl->cache, &c, mx_cache_now());
			mx_zeroize(&c, sizeof(c));
		}
	}
	mx_trace_info(ssl, "handshake complete: version %04x suite %s%s", ssl->version,
		      ssl->suite->name, (ssl->flags & MX_F_RESUMED) ? " (resumed)" : "");
	mx_hs_end(ssl);
}

bool mx_reneg_allowed(const ssl_t *ssl)
{
	if (ssl->flags & MX_F_RENEG_OFF)
		return false;
#if defined(ENABLE_INSECURE_REHANDSHAKES)
	return true;
#elif defined(ENABLE_SECURE_REHANDSHAKES)
	return !!(ssl->flags & MX_F_SECURE_RENEG);
#else
	return false;
#endif
}

void mx_rh_count(ssl_t *ssl, size_t bytes)
{
	if (ssl->rh_credits >= DEFAULT_RH_CREDITS)
		return;
	ssl->rh_bytes += bytes;
	while (ssl->rh_bytes >= BYTES_BEFORE_RH_CREDIT && ssl->rh_credits < DEFAULT_RH_CREDITS) {
		ssl->rh_bytes -= BYTES_BEFORE_RH_CREDIT;
		ssl->rh_credits++;
	}
	if (ssl->rh_credits >= DEFAULT_RH_CREDITS)
		ssl->rh_bytes = 0;
}

/*
 * The peer asks for a re-handshake (a HelloRequest reaching a client, a
 * ClientHello a server did not ask for). true when we take it: then it
 * cost a credit.
 */
static bool take_peer_request(ssl_t *ssl)
{
	if (!mx_reneg_allowed(ssl))
		return false;
	if (ssl->role == MX_SERVER && (ssl->flags & MX_F_HR_SENT))
		return true;	/* the answer to our HelloRequest */
	if (!ssl->rh_credits)
		return false;
	ssl->rh_credits--;
	return true;
}

/* One whole handshake message, header included. */
static int dispatch(ssl_t *ssl, const uint8_t *msg, size_t len)
{
	uint8_t type = msg[0];
	int rc;

	mx_trace_hs(ssl, false, type, len - 4);
	if (type == MX_HT_HELLO_REQUEST) {
		/* A client ignores it while negotiating (RFC 5246 7.4.1.1). */
		if (ssl->role == MX_CLIENT && len == 4)
			return 0;
		return mx_alert_err(ssl->role == MX_CLIENT ? SSL_ALERT_DECODE_ERROR :
				    SSL_ALERT_UNEXPECTED_MESSAGE);
	}
	/* Finished and CertificateVerify are checked against the transcript
	 * before them; their handlers add them.
	 */
	if (type != MX_HT_FINISHED && type != MX_HT_CERT_VERIFY)
		mx_transcript_add(&ssl->hs->th, msg, len);
	if (ssl->role == MX_CLIENT)
		rc = mx_client_handle(ssl, type, msg + 4, len - 4);
	else
		rc = mx_server_handle(ssl, type, msg + 4, len - 4);
	return rc;
}

/* Refuse a re-handshake: a no_renegotiation warning (RFC 5246 7.2.2). */
static int refuse(ssl_t *ssl)
{
	mx_trace_info(ssl, "renegotiation refused");
	return ssl->port_ops->send_alert(ssl->port, SSL_ALERT_LEVEL_WARNING,
					 SSL_ALERT_NO_RENEGOTIATION);
}

static int handshake_data(ssl_t *ssl, const uint8_t *data, size_t len);

/*
 * After a handshake: a HelloRequest (client) or ClientHello (server)
 * asks for a re-handshake. Taken, it starts one (the ClientHello then
 * goes through the handshake as any other); refused, it is answered
 * with a no_renegotiation warning and dropped. Anything else is
 * unexpected.
 */
static int post_handshake(ssl_t *ssl, const uint8_t *data, size_t len)
{
	size_t take;
	uint32_t body;
	int rc;

	while (len) {
		if (ssl->hs_skip) {
			take = len < ssl->hs_skip ? len : ssl->hs_skip;
			ssl->hs_skip -= (uint32_t)take;
			data += take;
			len -= take;
			continue;
		}
		if (ssl->hs)
			return handshake_data(ssl, data, len);
		/* A server's ClientHello, taken: into the handshake, whole. */
		if (ssl->role == MX_SERVER && ssl->hs_skip_hdr_len == 0 &&
		    data[0] == MX_HT_CLIENT_HELLO && take_peer_request(ssl)) {
			ssl->flags &= ~MX_F_HR_SENT;
			rc = mx_hs_begin(ssl);
			if (rc)
				return rc;
			continue;
		}
		take = 4 - ssl->hs_skip_hdr_len;
		if (take > len)
			take = len;
		memcpy(ssl->hs_skip_hdr + ssl->hs_skip_hdr_len, data, take);
		ssl->hs_skip_hdr_len += (uint8_t)take;
		data += take;
		len -= take;
		if (ssl->hs_skip_hdr_len < 4)
			return 0;
		ssl->hs_skip_hdr_len = 0;
		body = mx_get_u24(ssl->hs_skip_hdr + 1);
		if (ssl->role == MX_CLIENT && ssl->hs_skip_hdr[0] == MX_HT_HELLO_REQUEST) {
			if (body != 0)
				return mx_alert_err(SSL_ALERT_DECODE_ERROR);
			mx_trace_hs(ssl, false, MX_HT_HELLO_REQUEST, 0);
			/* The server wants something new (client authentication,
			 * another suite): a full handshake, not a resumption.
			 */
			if (take_peer_request(ssl)) {
				rc = mx_client_renegotiate(ssl, true);
				if (rc)
					return rc;
				continue;
			}
		} else if (ssl->role == MX_SERVER &&
			   ssl->hs_skip_hdr[0] == MX_HT_CLIENT_HELLO) {
			if (body > MX_MAX_HS_MSG)
				return mx_alert_err(SSL_ALERT_ILLEGAL_PARAMETER);
			ssl->hs_skip = body;
		} else {
			return mx_alert_err(SSL_ALERT_UNEXPECTED_MESSAGE);
		}
		rc = refuse(ssl);
		if (rc)
			return rc;
	}
	return 0;
}

static int handshake_data(ssl_t *ssl, const uint8_t *data, size_t len)
{
	struct mx_hs *hs = ssl->hs;
	size_t total, take;
	int rc = 0;

	if (len == 0)	/* RFC 5246 6.2.1: no empty handshake fragments */
		return mx_alert_err(SSL_ALERT_DECODE_ERROR);
	if (!hs || ssl->hs_skip)
		return post_handshake(ssl, data, len);
	if (hs->state == MX_WAIT_CCS)
		return mx_alert_err(SSL_ALERT_UNEXPECTED_MESSAGE);
	while (len) {
		/* Nothing may follow, in the same record, the message that
		 * completes a handshake or precedes the peer's CCS.
		 */
		if (rc == MATRIXSSL_HANDSHAKE_COMPLETE || !ssl->hs ||
		    ssl->hs->state == MX_WAIT_CCS)
			return mx_alert_err(SSL_ALERT_UNEXPECTED_MESSAGE);
		hs = ssl->hs;
		if (hs->msg_len == 0 && len >= 4 && 4 + (size_t)mx_get_u24(data + 1) <= len) {
			/* The common case: a whole message in this record. */
			total = 4 + mx_get_u24(data + 1);
			rc = dispatch(ssl, data, total);
			if (rc < 0)
				return rc;
			data += total;
			len -= total;
			continue;
		}
		if (hs->msg_len < 4) {
			take = 4 - hs->msg_len;
		} else {
			total = 4 + mx_get_u24(hs->msg + 1);
			take = total - hs->msg_len;
		}
		if (take > len)
			take = len;
		if (hs->msg_len + take > hs->msg_cap) {
			size_t cap = hs->msg_len < 4 ? 4 : 4 + mx_get_u24(hs->msg + 1);
			uint8_t *m;

			if (cap < 4 + 1024)
				cap = 4 + 1024;
			m = realloc(hs->msg, cap);
			if (!m)
				return -ENOMEM;
			hs->msg = m;
			hs->msg_cap = cap;
		}
		memcpy(hs->msg + hs->msg_len, data, take);
		hs->msg_len += take;
		data += take;
		len -= take;
		if (hs->msg_len < 4)
			continue;
		total = 4 + mx_get_u24(hs->msg + 1);
		if (total > MX_MAX_HS_MSG)
			return mx_alert_err(SSL_ALERT_ILLEGAL_PARAMETER);
		if (hs->msg_len < total) {
			if (hs->msg_cap < total) {
				uint8_t *m = realloc(hs->msg, total);

				if (!m)
					return -ENOMEM;
				hs->msg = m;
				hs->msg_cap = total;
			}
			continue;
		}
		hs->msg_len = 0;
		rc = dispatch(ssl, hs->msg, total);
		if (rc < 0)
			return rc;
	}
	return rc;
}

int mx_engine_input(ssl_t *ssl, uint8_t ct, const uint8_t *data, size_t len)
{
	if (ct == MX_CT_HANDSHAKE)
		return handshake_data(ssl, data, len);
	if (ct != MX_CT_CCS)
		return mx_alert_err(SSL_ALERT_UNEXPECTED_MESSAGE);
	/* ChangeCipherSpec: only where expected, at a message boundary. */
	if (!ssl->hs || ssl->hs->state != MX_WAIT_CCS || ssl->hs->msg_len)
		return mx_alert_err(SSL_ALERT_UNEXPECTED_MESSAGE);
	if (len != 1 || data[0] != 1)
		return mx_alert_err(SSL_ALERT_DECODE_ERROR);
	ssl->rd_epoch++;
	ssl->hs->state = MX_WAIT_FINISHED;
	return 0;
}

