// SPDX-License-Identifier: GPL-2.0
/*
 * Master secret, traffic keys and Finished (RFC 5246 6.3, 7.4.9, 8.1;
 * RFC 7627 for the extended master secret; RFC 6101 for SSL 3.0 builds)
 * over the crypto library's PRFs and key-block split. What is ours here
 * is which handshake hash goes in when.
 */
#include <errno.h>
#include <string.h>

#include "core/ct.h"
#include "crypto/prf.h"
#include "crypto/ssl3.h"
#include "ssl/keysched.h"
#include "ssl/kx.h"
#include "ssl/sigalg.h"

static enum mx_prf prf_of(const ssl_t *ssl)
{
	return mx_suite_prf(ssl->suite, ssl->version);
}

/* The handshake hash TLS's PRF takes: the PRF's hash, or MD5 || SHA-1. */
static size_t hs_hash(ssl_t *ssl, uint8_t *out)
{
	if (ssl->version >= MX_TLS12)
		return mx_transcript_hash(&ssl->hs->th, ssl->suite->prf_hash, out);
	return mx_ks_cert_verify_hash(ssl, MX_HASH_MD5_SHA1, out);
}

void mx_ks_session_hash(ssl_t *ssl)
{
	ssl->hs->session_hash_len = hs_hash(ssl, ssl->hs->session_hash);
}

int mx_ks_master(ssl_t *ssl)
{
	struct mx_hs *hs = ssl->hs;
	uint8_t sec[MX_PMS_MAX];
	size_t slen;
	int rc;

	if (ssl->version == MX_SSL3) {
#ifdef USE_SSL3
		/* RSA key exchange only (mx_suite_ok_for): a 48-byte premaster. */
		return mx_ssl3_derive(hs->kx.pms, hs->kx.pms_len, hs->client_random,
				      MX_RANDOM_LEN, hs->server_random, MX_RANDOM_LEN,
				      ssl->master, MX_MASTER_LEN);
#else
		return -EPROTONOSUPPORT;
#endif
	}
	rc = mx_kx_prf_secret(ssl, sec, &slen);
	if (rc)
		return rc;
	if (hs->ext.ems) {
		ssl->flags |= MX_F_EMS;
		rc = mx_tls_extended_master_secret(prf_of(ssl), sec, slen, hs->session_hash,
						   hs->session_hash_len, ssl->master);
	} else {
		rc = mx_tls_master_secret(prf_of(ssl), sec, slen, hs->client_random,
					  hs->server_random, ssl->master);
	}
	mx_zeroize(sec, sizeof(sec));
	mx_zeroize(hs->kx.pms, sizeof(hs->kx.pms));
	return rc;
}

static void fill(struct mx_traffic_keys *t, const ssl_t *ssl, const struct mx_tls_keys *k,
		 const uint8_t *mac, const uint8_t *key, const uint8_t *iv)
{
	memset(t, 0, sizeof(*t));
	t->version = ssl->version;
	t->suite = ssl->suite->id;
	t->mac_key_len = (uint8_t)k->mac_len;
	t->key_len = (uint8_t)k->key_len;
	t->iv_len = (uint8_t)k->iv_len;
	if (ssl->hs->ext.etm && ssl->suite->type == MX_CIPHER_BLOCK)
		t->flags |= MX_TK_ETM;
	memcpy(t->mac_key, mac, k->mac_len);
	memcpy(t->key, key, k->key_len);
	memcpy(t->iv, iv, k->iv_len);
}

int mx_ks_traffic_keys(ssl_t *ssl, struct mx_traffic_keys *client, struct mx_traffic_keys *server)
{
	struct mx_tls_keys k;
	int rc;

	rc = mx_tls_derive_keys(ssl->suite, ssl->version, ssl->master, ssl->hs->client_random,
				ssl->hs->server_random, &k);
	if (rc == 0 && (k.mac_len > MX_MAX_MAC_KEY || k.key_len > MX_MAX_KEY ||
			k.iv_len > MX_MAX_IV))
		rc = -EINVAL;
	if (rc == 0) {
		fill(client, ssl, &k, k.client_mac, k.client_key, k.client_iv);
		fill(server, ssl, &k, k.server_mac, k.server_key, k.server_iv);
	}
	mx_zeroize(&k, sizeof(k));
	return rc;
}

int mx_ks_finished(ssl_t *ssl, bool from_client, uint8_t *out)
{
	uint8_t h[MX_HASH_MAX_LEN];
	size_t hl;
	int rc;

	if (ssl->version == MX_SSL3) {
#ifdef USE_SSL3
		mx_ssl3_handshake_hash(&ssl->hs->th.md5, &ssl->hs->th.sha1,
				       (const uint8_t *)(from_client ? "CLNT" : "SRVR"),
				       ssl->master, out);
		return MX_SSL3_FINISHED_LEN;
#else
		return -EPROTONOSUPPORT;
#endif
	}
	hl = hs_hash(ssl, h);
	rc = mx_tls_finished(prf_of(ssl), ssl->master, from_client, h, hl, out);
	mx_zeroize(h, sizeof(h));
	return rc ? rc : MX_FINISHED_LEN;
}

size_t mx_ks_cert_verify_hash(ssl_t *ssl, enum mx_hash_id h, uint8_t *out)
{
	if (h == MX_HASH_MD5_SHA1) {
#ifdef USE_SSL3
		if (ssl->version == MX_SSL3) {
			mx_ssl3_handshake_hash(&ssl->hs->th.md5, &ssl->hs->th.sha1, NULL,
					       ssl->master, out);
			return MX_SSL3_FINISHED_LEN;
		}
#endif
		mx_transcript_hash(&ssl->hs->th, MX_HASH_MD5, out);
		mx_transcript_hash(&ssl->hs->th, MX_HASH_SHA1, out + MX_MD5_LEN);
		return MX_MD5_LEN + MX_SHA1_LEN;
	}
	return mx_transcript_hash(&ssl->hs->th, h, out);
}
