// SPDX-License-Identifier: GPL-2.0
/*
 * The MatrixSSL API: sessions, the library-managed buffers and the
 * guide's calling sequence, over the engine and the userspace record
 * layer.
 *
 * Read buffer: the caller reads into [in_len, in_cap); records are
 * opened in place at in_pos; the plaintext handed out stays there until
 * matrixSslProcessedData. Outdata: records are sealed in place at the
 * end of [out_pos, out_len); matrixSslSentData consumes from the front.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/ct.h"
#include "crypto/random.h"
#include "ssl/keys.h"
#include "ssl/sess_cache.h"
#include "ssl/ssl_int.h"
#include "ssl/trace.h"

/* Buffer sizes a session falls back to when idle. */
#define MX_IN_DEFAULT	4096
#define MX_OUT_DEFAULT	4096

int32 matrixSslOpen(void)
{
	uint8_t b;

	if (mx_cache_init())
		return PS_FAILURE;
	/* Seed the generator now rather than in the first handshake. */
	return mx_random_bytes(&b, 1) ? PS_PLATFORM_FAIL : PS_SUCCESS;
}

void matrixSslClose(void)
{
	mx_cache_destroy();
}

void matrixSslInitSessionId(sslSessionId_t *sid)
{
	if (sid)
		mx_zeroize(sid, sizeof(*sid));
}

void matrixSslClearSessionId(sslSessionId_t *sid)
{
	if (!sid)
		return;
	if (sid->sessionTicket) {
		mx_zeroize(sid->sessionTicket, sid->sessionTicketLen);
		free(sid->sessionTicket);
	}
	mx_zeroize(sid, sizeof(*sid));
}

int32 matrixSslNewSessionId(sslSessionId_t **sid, void *poolUserPtr)
{
	if (!sid)
		return PS_ARG_FAIL;
	*sid = calloc(1, sizeof(**sid));
	return *sid ? PS_SUCCESS : PS_MEM_FAIL;
}

void matrixSslDeleteSessionId(sslSessionId_t *sid)
{
	if (!sid)
		return;
	matrixSslClearSessionId(sid);
	free(sid);
}

/* The versions this build has, as SSL_FLAGS_*. */
static int32 build_versions(void)
{
	int32 v = 0;

#ifdef ENABLE_SSLV3
	v |= SSL_FLAGS_SSLV3;
#endif
#ifdef USE_TLS
	v |= SSL_FLAGS_TLS_1_0;
#endif
#ifdef USE_TLS_1_1
	v |= SSL_FLAGS_TLS_1_1;
#endif
#ifdef USE_TLS_1_2
	v |= SSL_FLAGS_TLS_1_2;
#endif
	return v;
}

/* The version range of a session: the lowest and highest flag set. */
static int set_versions(ssl_t *ssl, int32 flags)
{
	static const uint16_t wire[] = { MX_SSL3, MX_TLS10, MX_TLS11, MX_TLS12 };
	int32 have = build_versions();
	int i;

	if (flags == 0)	/* secure default: TLS 1.2 when built */
		flags = (have & SSL_FLAGS_TLS_1_2) ? SSL_FLAGS_TLS_1_2 : have;
	flags &= have;
	if (!flags)
		return -EINVAL;
	for (i = 0; i < 4; i++)
		if (flags & (1 << i)) {
			ssl->min_version = wire[i];
			break;
		}
	for (i = 3; i >= 0; i--)
		if (flags & (1 << i)) {
			ssl->max_version = wire[i];
			break;
		}
	return 0;
}

int32 mx_new_session(ssl_t **out, const sslKeys_t *keys, sslSessOpts_t *options, uint8_t role)
{
	ssl_t *ssl;

	ssl = calloc(1, sizeof(*ssl));
	if (!ssl)
		return PS_MEM_FAIL;
	ssl->role = role;
	ssl->keys = keys;
	ssl->cache = mx_cache_default();
	if (options)
		ssl->opts = *options;
	if (set_versions(ssl, ssl->opts.versionFlag)) {
		free(ssl);
		return PS_ARG_FAIL;
	}
	mx_suites_default_disabled(&ssl->suites_disabled);
	ssl->rh_credits = DEFAULT_RH_CREDITS;
	mx_rl_init(&ssl->rl);
	/* Until a version is negotiated, records (an early alert too) say
	 * TLS 1.0, as most stacks do, or SSL 3.0 for an SSL 3.0-only session.
	 */
	ssl->rl.version = ssl->max_version == MX_SSL3 ? MX_SSL3 : MX_TLS10;
	ssl->port_ops = &mx_rl_port_ops;
	ssl->port = ssl;
	*out = ssl;
	return PS_SUCCESS;
}

int32 matrixSslNewClientSession(ssl_t **sslp, const sslKeys_t *keys, sslSessionId_t *sid,
				const psCipher16_t cipherSpec[], uint8_t cipherSpecLen,
				sslCertCb_t certCb, const char *expectedName,
				tlsExtension_t *extensions, sslExtCb_t extCb,
				sslSessOpts_t *options)
{
	ssl_t *ssl;
	int32 rc;
	int err;

#ifndef USE_CLIENT_SIDE_SSL
	return PS_DISABLED_FEATURE_FAIL;
#endif
	if (!sslp || !keys || (cipherSpecLen && !cipherSpec))
		return PS_ARG_FAIL;
	*sslp = NULL;
	rc = mx_new_session(&ssl, keys, options, MX_CLIENT);
	if (rc)
		return rc;
	ssl->sid = sid;
	ssl->cert_cb = certCb;
	ssl->ext_cb = extCb;
	if (cipherSpecLen) {
		ssl->suites = malloc(cipherSpecLen * sizeof(*ssl->suites));
		if (!ssl->suites)
			goto nomem;
		memcpy(ssl->suites, cipherSpec, cipherSpecLen * sizeof(*ssl->suites));
		ssl->n_suites = cipherSpecLen;
	}
	if (expectedName) {
		ssl->expected_name = strdup(expectedName);
		if (!ssl->expected_name)
			goto nomem;
	}
	err = mx_client_start(ssl, extensions);
	if (err) {
		matrixSslDeleteSession(ssl);
		return err == -ENOMEM ? PS_MEM_FAIL : err == -EINVAL ? PS_ARG_FAIL : PS_FAILURE;
	}
	*sslp = ssl;
	return MATRIXSSL_REQUEST_SEND;
nomem:
	matrixSslDeleteSession(ssl);
	return PS_MEM_FAIL;
}

int32 matrixSslNewServerSession(ssl_t **sslp, const sslKeys_t *keys, sslCertCb_t certCb,
				sslSessOpts_t *options)
{
	ssl_t *ssl;
	int32 rc;

#ifndef USE_SERVER_SIDE_SSL
	return PS_DISABLED_FEATURE_FAIL;
#endif
	if (!sslp || !mx_keys_server_usable(keys))
		return PS_ARG_FAIL;
	*sslp = NULL;
	if (certCb) {
#ifndef USE_CLIENT_AUTH
		return PS_DISABLED_FEATURE_FAIL;
#endif
#ifndef SERVER_CAN_SEND_EMPTY_CERT_REQUEST
		if (!mx_keys_ca_count(keys))
			return PS_ARG_FAIL;
#endif
	}
	rc = mx_new_session(&ssl, keys, options, MX_SERVER);
	if (rc)
		return rc;
	ssl->cert_cb = certCb;
	if (mx_hs_begin(ssl)) {
		matrixSslDeleteSession(ssl);
		return PS_MEM_FAIL;
	}
	*sslp = ssl;
	return PS_SUCCESS;
}

static void free_buf(uint8_t **b, size_t *cap)
{
	if (*b) {
		mx_zeroize(*b, *cap);
		free(*b);
	}
	*b = NULL;
	*cap = 0;
}

void matrixSslDeleteSession(ssl_t *ssl)
{
	if (!ssl)
		return;
	mx_hs_end(ssl);
	if (ssl->port_release)
		ssl->port_release(ssl->port);
	mx_rl_clear(&ssl->rl);
	free_buf(&ssl->in, &ssl->in_cap);
	free_buf(&ssl->out, &ssl->out_cap);
	free(ssl->suites);
	free(ssl->expected_name);
	mx_zeroize(ssl, sizeof(*ssl));
	free(ssl);
}

/* --- outdata ------------------------------------------------------------ */

static size_t out_pending(const ssl_t *ssl)
{
	return ssl->out_len - ssl->out_pos;
}

/* Grow or shrink a buffer to cap bytes, keeping [0, keep). */
static int resize(uint8_t **b, size_t *cap, size_t newcap, size_t keep)
{
	uint8_t *n = malloc(newcap ? newcap : 1);

	if (!n)
		return -ENOMEM;
	if (keep)
		memcpy(n, *b, keep);
	free_buf(b, cap);
	*b = n;
	*cap = newcap;
	return 0;
}

uint8_t *mx_out_room(ssl_t *ssl, size_t n)
{
	size_t need;

	if (ssl->out_pos && !ssl->wb_open) {
		memmove(ssl->out, ssl->out + ssl->out_pos, out_pending(ssl));
		ssl->out_len -= ssl->out_pos;
		ssl->out_pos = 0;
	}
	need = ssl->out_len + n;
	if (need > ssl->out_cap) {
		size_t cap = ssl->out_cap ? ssl->out_cap : MX_OUT_DEFAULT;

		while (cap < need)
			cap *= 2;
		if (resize(&ssl->out, &ssl->out_cap, cap, ssl->out_len))
			return NULL;
	}
	return ssl->out + ssl->out_len;
}

int32 matrixSslGetOutdata(ssl_t *ssl, unsigned char **buf)
{
	if (!ssl || !buf)
		return PS_ARG_FAIL;
	*buf = ssl->out + ssl->out_pos;
	return (int32)out_pending(ssl);
}

int32 matrixSslSentData(ssl_t *ssl, uint32 bytes)
{
	if (!ssl || bytes > out_pending(ssl))
		return PS_ARG_FAIL;
	ssl->out_pos += bytes;
	if (out_pending(ssl))
		return MATRIXSSL_REQUEST_SEND;
	ssl->out_pos = ssl->out_len = 0;
	/* An idle session keeps no outdata buffer. */
	if (!ssl->wb_open)
		free_buf(&ssl->out, &ssl->out_cap);
	if (ssl->flags & (MX_F_FATAL | MX_F_CLOSE_SENT))
		return MATRIXSSL_REQUEST_CLOSE;
	if (ssl->flags & MX_F_COMPLETE_ON_SENT) {
		ssl->flags &= ~MX_F_COMPLETE_ON_SENT;
		return MATRIXSSL_HANDSHAKE_COMPLETE;
	}
	return MATRIXSSL_SUCCESS;
}

/* Application data may go once a handshake completed, during re-handshakes too. */
static bool can_send_data(const ssl_t *ssl)
{
	return (ssl->flags & MX_F_HS_DONE) &&
	       !(ssl->flags & (MX_F_FATAL | MX_F_CLOSE_SENT | MX_F_OFFLOADED));
}

/*
 * TLS 1.0 CBC splits application data 1/n-1: the first record carries
 * one byte, and its size is known in advance.
 */
static size_t split_record_len(const ssl_t *ssl)
{
	const struct mx_rec_state *s = &ssl->rl.wr;

	if (!s->suite || !s->suite->block_len || s->k.version > MX_TLS10)
		return 0;
	return mx_rl_sealed_len(s, 1);
}

int32 matrixSslGetWritebuf(ssl_t *ssl, unsigned char **buf, uint32 reqLen)
{
	size_t plen, pre, split, off;

	if (!ssl || !buf)
		return PS_ARG_FAIL;
	if (!can_send_data(ssl))
		return PS_PROTOCOL_FAIL;
	plen = mx_rl_max_plain(&ssl->rl);
	if (reqLen && reqLen < plen)
		plen = reqLen;
	pre = mx_rl_prefix(&ssl->rl.wr);
	split = split_record_len(ssl);
	ssl->wb_open = false;
	/* With the split, record 2 starts right after record 1, so its
	 * plaintext (from the second byte on) follows its header.
	 */
	off = split ? split - 1 + pre : pre;
	if (!mx_out_room(ssl, off + mx_rl_record_max(&ssl->rl.wr, plen)))
		return PS_MEM_FAIL;
	ssl->wb_off = ssl->out_len + off;
	ssl->wb_cap = plen;
	ssl->wb_open = true;
	*buf = ssl->out + ssl->wb_off;
	return (int32)plen;
}

int32 matrixSslEncodeWritebuf(ssl_t *ssl, uint32 len)
{
	size_t split, pre, at;
	uint8_t *p, first;
	int n;

	if (!ssl || !ssl->wb_open || len > ssl->wb_cap)
		return PS_ARG_FAIL;
	if (!can_send_data(ssl))
		return PS_PROTOCOL_FAIL;
	ssl->wb_open = false;
	split = split_record_len(ssl);
	pre = mx_rl_prefix(&ssl->rl.wr);
	p = ssl->out + ssl->wb_off;
	at = ssl->out_len;
	if (split && len > 1) {
		first = p[0];
		ssl->out[at + pre] = first;
		n = mx_rl_seal(&ssl->rl, MX_CT_APPDATA, ssl->out + at, 1);
		if (n != (int)split)
			return PS_FAILURE;
		at += (size_t)n;
		n = mx_rl_seal(&ssl->rl, MX_CT_APPDATA, ssl->out + at, len - 1);
	} else {
		if (ssl->wb_off != at + pre)
			memmove(ssl->out + at + pre, p, len);
		n = mx_rl_seal(&ssl->rl, MX_CT_APPDATA, ssl->out + at, len);
	}
	if (n < 0)
		return mx_fatal(ssl, n);
	ssl->out_len = at + (size_t)n;
	mx_rh_count(ssl, len);
	return (int32)out_pending(ssl);
}

int32 matrixSslEncodeToOutdata(ssl_t *ssl, unsigned char *buf, uint32 len)
{
	int rc;

	if (!ssl || (len && !buf))
		return PS_ARG_FAIL;
	if (!can_send_data(ssl))
		return PS_PROTOCOL_FAIL;
	ssl->wb_open = false;
	rc = mx_rl_write(ssl, MX_CT_APPDATA, buf, len);
	if (rc)
		return rc == -ENOMEM ? PS_MEM_FAIL : mx_fatal(ssl, rc);
	mx_rh_count(ssl, len);
	return (int32)out_pending(ssl);
}

int32 matrixSslEncodeClosureAlert(ssl_t *ssl)
{
	int rc;

	if (!ssl)
		return PS_ARG_FAIL;
	if (ssl->flags & (MX_F_FATAL | MX_F_CLOSE_SENT))
		return PS_SUCCESS;
	ssl->wb_open = false;
	rc = ssl->port_ops->send_alert(ssl->port, SSL_ALERT_LEVEL_WARNING,
				       SSL_ALERT_CLOSE_NOTIFY);
	if (rc)
		return rc == -ENOMEM ? PS_MEM_FAIL : PS_FAILURE;
	ssl->flags |= MX_F_CLOSE_SENT;
	return PS_SUCCESS;
}

/* A server allows only these suites from now on. */
static void allow_only(ssl_t *ssl, const psCipher16_t *ids, uint8_t n)
{
	const struct mx_suite *s;
	unsigned int i, j;

	for (i = 0; (s = mx_ssl_suite_at(i)); i++) {
		for (j = 0; j < n && ids[j] != s->id; j++)
			;
		mx_suite_set_put(&ssl->suites_disabled, i, j == n);
	}
}

int32 matrixSslEncodeRehandshake(ssl_t *ssl, sslKeys_t *keys, sslCertCb_t certCb,
				 uint32 sessionOption, const psCipher16_t cipherSpec[],
				 uint8_t cipherSpecLen)
{
	uint16_t *suites;
	bool full;
	int rc;

	if (!ssl || (cipherSpecLen && !cipherSpec))
		return PS_ARG_FAIL;
	if (!(ssl->flags & MX_F_HS_DONE) || ssl->hs ||
	    (ssl->flags & (MX_F_FATAL | MX_F_CLOSE_SENT | MX_F_PEER_CLOSED)))
		return PS_PROTOCOL_FAIL;
	if (!mx_reneg_allowed(ssl))
		return PS_UNSUPPORTED_FAIL;
#ifndef USE_CLIENT_AUTH
	if (certCb && ssl->role == MX_SERVER)
		return PS_DISABLED_FEATURE_FAIL;
#endif
	if (keys)
		ssl->keys = keys;
	if (certCb)
		ssl->cert_cb = certCb;
	full = (sessionOption & SSL_OPTION_FULL_HANDSHAKE) || cipherSpecLen ||
	       (certCb && ssl->role == MX_SERVER);
	if (cipherSpecLen && ssl->role == MX_CLIENT) {
		suites = malloc(cipherSpecLen * sizeof(*suites));
		if (!suites)
			return PS_MEM_FAIL;
		memcpy(suites, cipherSpec, cipherSpecLen * sizeof(*suites));
		free(ssl->suites);
		ssl->suites = suites;
		ssl->n_suites = cipherSpecLen;
	} else if (cipherSpecLen) {
		allow_only(ssl, cipherSpec, cipherSpecLen);
	}
	ssl->wb_open = false;
	if (ssl->role == MX_CLIENT) {
		rc = mx_client_renegotiate(ssl, full);
		if (rc)
			mx_hs_end(ssl);
	} else {
		if (full)
			ssl->flags |= MX_F_FULL_NEXT;
		rc = mx_hs_send(ssl, MX_HT_HELLO_REQUEST, NULL, 0);
		if (!rc)
			rc = ssl->port_ops->flush(ssl->port);
		if (!rc)
			ssl->flags |= MX_F_HR_SENT;
	}
	if (rc == -EINVAL)
		return PS_ARG_FAIL;
	return rc == -ENOMEM ? PS_MEM_FAIL : rc ? PS_FAILURE : PS_SUCCESS;
}

void matrixSslRegisterSNICallback(ssl_t *ssl, void (*sni_cb)(void *ssl, char *hostname,
							    int32 hostnameLen,
							    sslKeys_t **newKeys))
{
	if (ssl)
		ssl->sni_cb = sni_cb;
}

void matrixSslRegisterALPNCallback(ssl_t *ssl,
				   void (*srv_alpn_cb)(void *ssl, short protoCount,
						       char *proto[MAX_PROTO_EXT],
						       int32 protoLen[MAX_PROTO_EXT], int32 *index))
{
	if (ssl)
		ssl->alpn_cb = srv_alpn_cb;
}

int32 matrixSslGetAlpnProtocol(ssl_t *ssl, const unsigned char **proto)
{
	if (!ssl || !proto)
		return PS_ARG_FAIL;
	*proto = ssl->alpn;
	return ssl->alpn_len;
}

/* --- reading -------------------------------------------------------------- */

static size_t in_avail(const ssl_t *ssl)
{
	return ssl->in_len - ssl->in_pos;
}

int32 matrixSslGetReadbufOfSize(ssl_t *ssl, int32 size, unsigned char **buf)
{
	size_t avail, need, want;

	if (!ssl || !buf || size < 0)
		return PS_ARG_FAIL;
	if (ssl->flags & MX_F_OFFLOADED)
		return PS_PROTOCOL_FAIL;	/* matrixSslOffloadRead reads */
	if (ssl->in_hold)
		return PS_ARG_FAIL;	/* matrixSslProcessedData first */
	if (ssl->in_pos) {
		memmove(ssl->in, ssl->in + ssl->in_pos, in_avail(ssl));
		ssl->in_len -= ssl->in_pos;
		ssl->in_pos = 0;
	}
	avail = ssl->in_len;
	/* What completes the current record's header, then its body. */
	if (avail < MX_REC_HDR)
		need = MX_REC_HDR;
	else
		need = MX_REC_HDR + mx_get_u16(ssl->in + 3);
	if (ssl->opts.recordExactReads) {
		want = need;
	} else {
		want = need > MX_IN_DEFAULT ? need : MX_IN_DEFAULT;
		if (want < avail + (size_t)size)
			want = avail + (size_t)size;
	}
	if (want > ssl->in_cap || (!avail && ssl->in_cap > MX_IN_DEFAULT &&
				   !ssl->opts.recordExactReads)) {
		if (resize(&ssl->in, &ssl->in_cap, want, avail))
			return PS_MEM_FAIL;
	}
	*buf = ssl->in + avail;
	if (ssl->opts.recordExactReads)
		return (int32)(need - avail);
	return (int32)(ssl->in_cap - avail);
}

int32 matrixSslGetReadbuf(ssl_t *ssl, unsigned char **buf)
{
	return matrixSslGetReadbufOfSize(ssl, 0, buf);
}

static int32 fatal_alert(ssl_t *ssl, int neg_alert)
{
	return mx_fatal(ssl, mx_alert_err(-neg_alert));
}

static int32 received_alert(ssl_t *ssl, const uint8_t *p, size_t len, size_t reclen,
			    unsigned char **pt, uint32 *ptlen)
{
	if (len != 2)
		return mx_fatal(ssl, mx_alert_err(SSL_ALERT_DECODE_ERROR));
	if (p[0] != SSL_ALERT_LEVEL_WARNING && p[0] != SSL_ALERT_LEVEL_FATAL)
		return mx_fatal(ssl, mx_alert_err(SSL_ALERT_ILLEGAL_PARAMETER));
	ssl->alert[0] = p[0];
	ssl->alert[1] = p[1];
	mx_trace_info(ssl, "received %s alert %s", p[0] == SSL_ALERT_LEVEL_FATAL ? "fatal" :
		      "warning", mx_alert_name(p[1]));
	if (p[0] == SSL_ALERT_LEVEL_WARNING && p[1] == SSL_ALERT_NO_RENEGOTIATION) {
		/* Our re-handshake refused: the session goes on as it was. */
		ssl->flags &= ~MX_F_HR_SENT;
		if (ssl->role == MX_CLIENT && ssl->hs && ssl->hs->reneg &&
		    ssl->hs->state == MX_C_WAIT_SERVER_HELLO)
			mx_hs_end(ssl);
	}
	if (p[0] == SSL_ALERT_LEVEL_FATAL) {
		ssl->flags |= MX_F_FATAL;
		if (ssl->role == MX_SERVER)
			mx_cache_remove(ssl->cache, ssl->sid_bytes, ssl->sid_len);
		else if (ssl->sid)
			matrixSslClearSessionId(ssl->sid);
		mx_hs_end(ssl);
	} else if (p[1] == SSL_ALERT_CLOSE_NOTIFY) {
		ssl->flags |= MX_F_PEER_CLOSED;
	} else if (p[1] == SSL_ALERT_NO_CERTIFICATE && ssl->role == MX_SERVER && ssl->hs) {
		int rc = mx_server_no_certificate_alert(ssl);

		if (rc)
			return mx_fatal(ssl, rc);
	}
	ssl->in_hold = reclen;
	*pt = ssl->alert;
	*ptlen = 2;
	return MATRIXSSL_RECEIVED_ALERT;
}

/* Process every complete record held, up to the first that the caller
 * must see.
 */
static int32 process(ssl_t *ssl, unsigned char **pt, uint32 *ptlen)
{
	uint8_t *rec, *p;
	size_t plen, reclen;
	int n, rc;

	*pt = NULL;
	*ptlen = 0;
	if (ssl->flags & MX_F_FATAL)
		return PS_PROTOCOL_FAIL;
	if (ssl->flags & MX_F_PEER_CLOSED)
		return MATRIXSSL_REQUEST_CLOSE;
	while (in_avail(ssl) >= MX_REC_HDR) {
		rec = ssl->in + ssl->in_pos;
		n = mx_rl_check_header(&ssl->rl, rec);
		if (n < 0)
			return fatal_alert(ssl, n);
		reclen = MX_REC_HDR + (size_t)n;
		if (in_avail(ssl) < reclen)
			break;
		rc = mx_rl_open(&ssl->rl, rec, &p, &plen);
		if (rc < 0)
			return fatal_alert(ssl, rc);
		switch (rec[0]) {
		case MX_CT_APPDATA:
			/* Also during a re-handshake, but not between CCS and Finished. */
			if (!(ssl->flags & MX_F_HS_DONE) ||
			    (ssl->hs && ssl->hs->state == MX_WAIT_FINISHED))
				return mx_fatal(ssl, mx_alert_err(SSL_ALERT_UNEXPECTED_MESSAGE));
			mx_rh_count(ssl, plen);
			if (plen == 0) {
				ssl->in_pos += reclen;
				continue;
			}
			ssl->in_hold = reclen;
			*pt = p;
			*ptlen = (uint32)plen;
			return MATRIXSSL_APP_DATA;
		case MX_CT_ALERT:
			return received_alert(ssl, p, plen, reclen, pt, ptlen);
		case MX_CT_CCS:
			rc = mx_engine_input(ssl, MX_CT_CCS, p, plen);
			if (rc < 0)
				return mx_fatal(ssl, rc);
			rc = mx_rl_ccs_received(&ssl->rl);
			if (rc < 0)
				return fatal_alert(ssl, rc);
			ssl->in_pos += reclen;
			continue;
		default:
			rc = mx_engine_input(ssl, MX_CT_HANDSHAKE, p, plen);
			if (rc < 0)
				return mx_fatal(ssl, rc);
			ssl->in_pos += reclen;
			if (rc == MATRIXSSL_HANDSHAKE_COMPLETE)
				return MATRIXSSL_HANDSHAKE_COMPLETE;
			continue;
		}
	}
	if (in_avail(ssl) == 0)
		ssl->in_pos = ssl->in_len = 0;
	return out_pending(ssl) ? MATRIXSSL_REQUEST_SEND : MATRIXSSL_REQUEST_RECV;
}

int32 matrixSslReceivedData(ssl_t *ssl, int32 bytes, unsigned char **ptbuf, uint32 *ptlen)
{
	if (!ssl || !ptbuf || !ptlen || bytes < 0 || (size_t)bytes > ssl->in_cap - ssl->in_len)
		return PS_ARG_FAIL;
	if (ssl->flags & MX_F_OFFLOADED)
		return PS_PROTOCOL_FAIL;
	if (ssl->in_hold)
		return PS_ARG_FAIL;	/* matrixSslProcessedData first */
	ssl->in_len += (size_t)bytes;
	return process(ssl, ptbuf, ptlen);
}

int32 matrixSslProcessedData(ssl_t *ssl, unsigned char **ptbuf, uint32 *ptlen)
{
	size_t before;
	int32 rc;

	if (!ssl || !ptbuf || !ptlen)
		return PS_ARG_FAIL;
	*ptbuf = NULL;
	*ptlen = 0;
	if (ssl->in_hold) {
		mx_zeroize(ssl->in + ssl->in_pos, ssl->in_hold);
		ssl->in_pos += ssl->in_hold;
		ssl->in_hold = 0;
	}
	if (ssl->flags & (MX_F_FATAL | MX_F_PEER_CLOSED))
		return MATRIXSSL_SUCCESS;
	before = out_pending(ssl);
	rc = process(ssl, ptbuf, ptlen);
	if (rc == MATRIXSSL_REQUEST_RECV && in_avail(ssl) == 0)
		return MATRIXSSL_SUCCESS;
	/* REQUEST_SEND only for what processing queued (an alert), not for
	 * data the caller encoded and has yet to send. */
	if (rc == MATRIXSSL_REQUEST_SEND && out_pending(ssl) == before && in_avail(ssl) == 0)
		return MATRIXSSL_SUCCESS;
	return rc;
}

int mx_ssl_export_ready(const ssl_t *ssl)
{
	if (ssl->flags & (MX_F_FATAL | MX_F_PEER_CLOSED | MX_F_CLOSE_SENT | MX_F_OFFLOADED))
		return -EPIPE;
	if (!(ssl->flags & MX_F_HS_DONE) || ssl->hs || (ssl->flags & MX_F_HR_SENT) ||
	    ssl->in_hold || in_avail(ssl) ||
	    out_pending(ssl) || ssl->wb_open || !ssl->rl.rd.suite || !ssl->rl.wr.suite)
		return -EBUSY;
	return 0;
}

void mx_ssl_hand_over(ssl_t *ssl, const struct mx_record_port_ops *ops, void *port,
		      void (*release)(void *port))
{
	uint8_t etm = ssl->rl.wr.k.flags & MX_TK_ETM;

	mx_rl_clear(&ssl->rl);
	mx_rl_init(&ssl->rl);
	/* No keys, but matrixSslIsEncryptThenMac still tells. */
	ssl->rl.wr.k.flags = etm;
	free_buf(&ssl->in, &ssl->in_cap);
	free_buf(&ssl->out, &ssl->out_cap);
	ssl->in_len = ssl->in_pos = ssl->out_len = ssl->out_pos = 0;
	ssl->port_ops = ops;
	ssl->port = port;
	ssl->port_release = release;
	ssl->flags |= MX_F_OFFLOADED;
}

int mx_ssl_export(ssl_t *ssl, struct mx_traffic_keys *rd, struct mx_traffic_keys *wr)
{
	if (mx_ssl_export_ready(ssl))
		return -EBUSY;
	mx_rl_export(&ssl->rl, rd, wr);
	mx_rl_clear(&ssl->rl);
	mx_rl_init(&ssl->rl);
	ssl->flags |= MX_F_FATAL;	/* nothing more goes through this session */
	return 0;
}

/* --- about a session -------------------------------------------------------- */

int32 matrixSslGetNegotiatedVersion(ssl_t *ssl)
{
	return ssl ? ssl->version : 0;
}

int32 matrixSslGetNegotiatedCiphersuite(ssl_t *ssl)
{
	return ssl && ssl->suite ? ssl->suite->id : 0;
}

int32 matrixSslIsResumedSession(ssl_t *ssl)
{
	return ssl && (ssl->flags & MX_F_RESUMED) ? 1 : 0;
}

int32 matrixSslGetPeerIdentity(ssl_t *ssl, const char **subject, const unsigned char **sha256)
{
	if (!ssl || !ssl->peer.known)
		return PS_FAILURE;
	if (subject)
		*subject = ssl->peer.subject;
	if (sha256)
		*sha256 = ssl->peer.fp;
	return PS_SUCCESS;
}

int32 matrixSslHandshakeIsComplete(ssl_t *ssl)
{
	return ssl && (ssl->flags & MX_F_HS_DONE) && !ssl->hs &&
	       !(ssl->flags & (MX_F_FATAL | MX_F_HR_SENT)) ? 1 : 0;
}

int32 matrixSslIsExtendedMasterSecret(ssl_t *ssl)
{
	return ssl && (ssl->flags & MX_F_EMS) ? 1 : 0;
}

int32 matrixSslIsEncryptThenMac(ssl_t *ssl)
{
	return ssl && (ssl->rl.wr.k.flags & MX_TK_ETM) ? 1 : 0;
}

int32 matrixSslGetMaxFragmentLength(ssl_t *ssl)
{
	return ssl ? ssl->rl.max_plain : 0;
}

void *matrixSslGetUserPtr(ssl_t *ssl)
{
	return ssl ? ssl->opts.userPtr : NULL;
}
