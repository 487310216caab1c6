// SPDX-License-Identifier: GPL-2.0
/*
 * Master secret, key block and Finished (RFC 5246 5, 6.3, 7.4.9, 8.1;
 * RFC 7627 for the extended master secret).
 */
#include <errno.h>
#include <string.h>

#include "core/ct.h"
#include "ssl/keysched.h"
#include "ssl/peer_key.h"
#include "ssl/prf.h"

static void prf(const ssl_t *ssl, const uint8_t *secret, size_t slen, const char *label,
		const uint8_t *seed, size_t seedlen, uint8_t *out, size_t outlen)
{
	if (ssl->version >= MX_TLS12)
		mx_ssl_prf12(ssl->suite->prf_hash, secret, slen, label, seed, seedlen, out,
			     outlen);
	else
		mx_ssl_prf10(secret, slen, label, seed, seedlen, out, outlen);
}

/* The handshake hash the PRF takes: the suite's hash, or MD5 || SHA-1. */
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
	uint8_t seed[2 * MX_RANDOM_LEN];

	if (ssl->version == MX_SSL3)
		return -EOPNOTSUPP;
	if (hs->ems) {
		prf(ssl, hs->premaster, MX_PREMASTER_LEN, "extended master secret",
		    hs->session_hash, hs->session_hash_len, ssl->master, MX_MASTER_LEN);
		ssl->flags |= MX_F_EMS;
		return 0;
	}
	memcpy(seed, hs->client_random, MX_RANDOM_LEN);
	memcpy(seed + MX_RANDOM_LEN, hs->server_random, MX_RANDOM_LEN);
	prf(ssl, hs->premaster, MX_PREMASTER_LEN, "master secret", seed, sizeof(seed),
	    ssl->master, MX_MASTER_LEN);
	return 0;
}

int mx_ks_traffic_keys(ssl_t *ssl, struct mx_traffic_keys *client, struct mx_traffic_keys *server)
{
	const struct mx_suite *s = ssl->suite;
	uint8_t seed[2 * MX_RANDOM_LEN], kb[2 * (MX_MAX_MAC_KEY + MX_MAX_KEY + MX_MAX_IV)];
	const uint8_t *p = kb;
	size_t n = mx_suite_key_block_len(s);

	if (ssl->version == MX_SSL3)
		return -EOPNOTSUPP;
	if (n > sizeof(kb) || s->mac_len > MX_MAX_MAC_KEY || s->key_len > MX_MAX_KEY ||
	    s->fixed_iv_len > MX_MAX_IV)
		return -EINVAL;
	memcpy(seed, ssl->hs->server_random, MX_RANDOM_LEN);
	memcpy(seed + MX_RANDOM_LEN, ssl->hs->client_random, MX_RANDOM_LEN);
	prf(ssl, ssl->master, MX_MASTER_LEN, "key expansion", seed, sizeof(seed), kb, n);

	memset(client, 0, sizeof(*client));
	memset(server, 0, sizeof(*server));
	client->version = server->version = ssl->version;
	client->suite = server->suite = s->id;
	client->mac_key_len = server->mac_key_len = s->mac_len;
	client->key_len = server->key_len = s->key_len;
	client->iv_len = server->iv_len = s->fixed_iv_len;
	memcpy(client->mac_key, p, s->mac_len);
	p += s->mac_len;
	memcpy(server->mac_key, p, s->mac_len);
	p += s->mac_len;
	memcpy(client->key, p, s->key_len);
	p += s->key_len;
	memcpy(server->key, p, s->key_len);
	p += s->key_len;
	memcpy(client->iv, p, s->fixed_iv_len);
	p += s->fixed_iv_len;
	memcpy(server->iv, p, s->fixed_iv_len);
	mx_zeroize(kb, sizeof(kb));
	return 0;
}

int mx_ks_finished(ssl_t *ssl, bool from_client, uint8_t *out)
{
	uint8_t h[MX_HASH_MAX_LEN];
	size_t hl;

	if (ssl->version == MX_SSL3)
		return -EOPNOTSUPP;
	hl = hs_hash(ssl, h);
	prf(ssl, ssl->master, MX_MASTER_LEN, from_client ? "client finished" : "server finished",
	    h, hl, out, MX_FINISHED_LEN);
	return MX_FINISHED_LEN;
}

size_t mx_ks_cert_verify_hash(ssl_t *ssl, enum mx_hash_id h, uint8_t *out)
{
	if (h == MX_HASH_MD5_SHA1) {
		mx_transcript_hash(&ssl->hs->th, MX_HASH_MD5, out);
		mx_transcript_hash(&ssl->hs->th, MX_HASH_SHA1, out + MX_MD5_LEN);
		return MX_MD5_LEN + MX_SHA1_LEN;
	}
	return mx_transcript_hash(&ssl->hs->th, h, out);
}
