// SPDX-License-Identifier: GPL-2.0
/*
 * Selftest support: GnuTLS as a tlspair backend, over memory buffers, for
 * what OpenSSL no longer offers (3DES). Keys come from
 * gnutls_record_get_state(), the call GnuTLS itself uses to hand keys to
 * the kernel's tls module.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <linux/mxtls.h>

#include "backend.h"

struct gtls {
	gnutls_session_t sess;
	gnutls_psk_client_credentials_t pcc;
	gnutls_psk_server_credentials_t psc;
	gnutls_anon_client_credentials_t acc;
	gnutls_anon_server_credentials_t asc;
	struct tp_sess *s;
	uint8_t *in, *out;
	size_t in_len, in_off, in_cap, out_len, out_cap;
};

static const uint8_t psk_key[32] = "mxtls selftest pre-shared key..";

static int grow(uint8_t **buf, size_t *cap, size_t need)
{
	uint8_t *p;

	if (need <= *cap)
		return 0;
	p = realloc(*buf, need * 2);
	if (!p)
		return -1;
	*buf = p;
	*cap = need * 2;
	return 0;
}

static ssize_t gtls_push(gnutls_transport_ptr_t ptr, const void *data, size_t len)
{
	struct gtls *g = ptr;

	if (grow(&g->out, &g->out_cap, g->out_len + len))
		return -1;
	memcpy(g->out + g->out_len, data, len);
	g->out_len += len;
	return (ssize_t)len;
}

static ssize_t gtls_pull(gnutls_transport_ptr_t ptr, void *data, size_t len)
{
	struct gtls *g = ptr;
	size_t n = g->in_len - g->in_off;

	if (!n) {
		gnutls_transport_set_errno(g->sess, EAGAIN);
		return -1;
	}
	if (n > len)
		n = len;
	memcpy(data, g->in + g->in_off, n);
	g->in_off += n;
	if (g->in_off == g->in_len)
		g->in_off = g->in_len = 0;
	return (ssize_t)n;
}

static int psk_server_cb(gnutls_session_t sess, const char *user, gnutls_datum_t *key)
{
	key->data = gnutls_malloc(sizeof(psk_key));
	if (!key->data)
		return -1;
	memcpy(key->data, psk_key, sizeof(psk_key));
	key->size = sizeof(psk_key);
	return 0;
}

static int gtls_init(struct tp_sess *s, const struct tls_params *p, bool server)
{
	static bool global;
	const gnutls_datum_t key = { (unsigned char *)psk_key, sizeof(psk_key) };
	struct gtls *g = calloc(1, sizeof(*g));
	char prio[256];
	int err;

	if (!g)
		return -1;
	s->impl = g;
	g->s = s;
	if (!global) {
		if (gnutls_global_init() < 0)
			return -1;
		global = true;
	}
	if (gnutls_init(&g->sess, (server ? GNUTLS_SERVER : GNUTLS_CLIENT) | GNUTLS_NO_TICKETS))
		return -1;
	snprintf(prio, sizeof(prio), "NONE:+VERS-TLS1.%d:%s:+COMP-NULL:+SIGN-ALL:+CURVE-ALL%s",
		 p->version - MXTLS_TLS_1_0, p->cipher, p->etm ? "" : ":%NO_ETM");
	err = gnutls_priority_set_direct(g->sess, prio, NULL);
	if (err < 0) {
		fprintf(stderr, "gnutls priority %s: %s\n", prio, gnutls_strerror(err));
		return -1;
	}
	if (strstr(p->cipher, "ANON-DH")) {
		/* anonymous Diffie-Hellman: the only way to TLS_DH_anon_WITH_RC4_128_MD5 */
		if (server) {
			if (gnutls_anon_allocate_server_credentials(&g->asc) < 0)
				return -1;
			gnutls_anon_set_server_known_dh_params(g->asc, GNUTLS_SEC_PARAM_MEDIUM);
			err = gnutls_credentials_set(g->sess, GNUTLS_CRD_ANON, g->asc);
		} else {
			if (gnutls_anon_allocate_client_credentials(&g->acc) < 0)
				return -1;
			err = gnutls_credentials_set(g->sess, GNUTLS_CRD_ANON, g->acc);
		}
	} else if (server) {
		if (gnutls_psk_allocate_server_credentials(&g->psc) < 0)
			return -1;
		gnutls_psk_set_server_credentials_function(g->psc, psk_server_cb);
		err = gnutls_credentials_set(g->sess, GNUTLS_CRD_PSK, g->psc);
	} else {
		if (gnutls_psk_allocate_client_credentials(&g->pcc) < 0 ||
		    gnutls_psk_set_client_credentials(g->pcc, "mxtls", &key, GNUTLS_PSK_KEY_RAW) < 0)
			return -1;
		err = gnutls_credentials_set(g->sess, GNUTLS_CRD_PSK, g->pcc);
	}
	if (err < 0)
		return -1;
	gnutls_transport_set_ptr(g->sess, g);
	gnutls_transport_set_push_function(g->sess, gtls_push);
	gnutls_transport_set_pull_function(g->sess, gtls_pull);
	return 0;
}

static void gtls_fini(struct tp_sess *s)
{
	struct gtls *g = s->impl;

	if (!g)
		return;
	if (g->sess)
		gnutls_deinit(g->sess);
	if (g->pcc)
		gnutls_psk_free_client_credentials(g->pcc);
	if (g->psc)
		gnutls_psk_free_server_credentials(g->psc);
	if (g->acc)
		gnutls_anon_free_client_credentials(g->acc);
	if (g->asc)
		gnutls_anon_free_server_credentials(g->asc);
	free(g->in);
	free(g->out);
	free(g);
	s->impl = NULL;
}

static int gtls_handshake(struct tp_sess *s)
{
	struct gtls *g = s->impl;
	int r = gnutls_handshake(g->sess);

	if (r == 0)
		return 1;
	if (r == GNUTLS_E_AGAIN || !gnutls_error_is_fatal(r))
		return 0;
	fprintf(stderr, "gnutls handshake: %s\n", gnutls_strerror(r));
	return -1;
}

static int gtls_write(struct tp_sess *s, const void *data, size_t len)
{
	struct gtls *g = s->impl;
	size_t done = 0;

	while (done < len) {
		ssize_t n = gnutls_record_send(g->sess, (const uint8_t *)data + done, len - done);

		if (n <= 0)
			return -1;
		done += (size_t)n;
	}
	return 0;
}

static ssize_t gtls_read(struct tp_sess *s, void *out, size_t cap)
{
	struct gtls *g = s->impl;

	for (;;) {
		ssize_t n = gnutls_record_recv(g->sess, out, cap);

		if (n >= 0)
			return n;
		if (n == GNUTLS_E_AGAIN || n == GNUTLS_E_REHANDSHAKE)
			return -1;
		if (n == GNUTLS_E_WARNING_ALERT_RECEIVED) {
			s->alert = MXTLS_ALERT_WARNING << 8 | gnutls_alert_get(g->sess);
			continue;
		}
		if (n == GNUTLS_E_FATAL_ALERT_RECEIVED)
			s->alert = MXTLS_ALERT_FATAL << 8 | gnutls_alert_get(g->sess);
		else
			gnutls_alert_send_appropriate(g->sess, (int)n);
		return -2;
	}
}

static ssize_t gtls_drain(struct tp_sess *s, uint8_t *out, size_t cap)
{
	struct gtls *g = s->impl;
	size_t n = g->out_len < cap ? g->out_len : cap;

	memcpy(out, g->out, n);
	memmove(g->out, g->out + n, g->out_len - n);
	g->out_len -= n;
	return (ssize_t)n;
}

static int gtls_feed(struct tp_sess *s, const uint8_t *in, size_t len)
{
	struct gtls *g = s->impl;

	if (grow(&g->in, &g->in_cap, g->in_len + len))
		return -1;
	memcpy(g->in + g->in_len, in, len);
	g->in_len += len;
	return 0;
}

/* The IANA number of the negotiated suite */
static uint16_t gtls_suite(gnutls_session_t sess)
{
	gnutls_kx_algorithm_t kx = gnutls_kx_get(sess), k;
	gnutls_cipher_algorithm_t cipher = gnutls_cipher_get(sess), c;
	gnutls_mac_algorithm_t mac = gnutls_mac_get(sess), m;
	gnutls_protocol_t min;
	unsigned char id[2];
	size_t i;

	for (i = 0; gnutls_cipher_suite_info(i, id, &k, &c, &m, &min); i++)
		if (k == kx && c == cipher && m == mac)
			return id[0] << 8 | id[1];
	return 0;
}

static int gtls_secrets(struct tp_sess *s, bool server, uint16_t version,
			struct tp_secrets *sec)
{
	gnutls_session_t sess = ((struct gtls *)s->impl)->sess;
	gnutls_datum_t mac, iv, key;
	unsigned char seq[8];
	int w;

	for (w = 0; w < 2; w++) {
		/* each writes with its write state, the other's is our read state */
		if (gnutls_record_get_state(sess, (w == TP_SERVER) != server, &mac, &iv, &key,
					    seq) < 0 ||
		    mac.size > sizeof(sec->mac[w]) || key.size > sizeof(sec->key[w]) ||
		    iv.size > sizeof(sec->iv[w]))
			return -1;
		sec->mac_len = mac.size;
		sec->key_len = key.size;
		sec->iv_len = iv.size;
		memcpy(sec->mac[w], mac.data, mac.size);
		memcpy(sec->key[w], key.data, key.size);
		memcpy(sec->iv[w], iv.data, iv.size);
	}
	sec->suite = gtls_suite(sess);
	sec->block = gnutls_cipher_get_block_size(gnutls_cipher_get(sess));
	sec->etm = gnutls_session_etm_status(sess);
	sec->verify_len = 0;
	return sec->suite ? 0 : -1;
}

static int gtls_hello_request(struct tp_sess *s)
{
	struct gtls *g = s->impl;

	return gnutls_rehandshake(g->sess) < 0 ? -1 : 0;
}

static int gtls_close_notify(struct tp_sess *s)
{
	struct gtls *g = s->impl;

	return gnutls_bye(g->sess, GNUTLS_SHUT_WR) < 0 ? -1 : 0;
}

const struct tp_backend tp_gnutls = {
	.init		= gtls_init,
	.fini		= gtls_fini,
	.handshake	= gtls_handshake,
	.write		= gtls_write,
	.read		= gtls_read,
	.drain		= gtls_drain,
	.feed		= gtls_feed,
	.secrets	= gtls_secrets,
	.hello_request	= gtls_hello_request,
	.close_notify	= gtls_close_notify,
};
