// SPDX-License-Identifier: GPL-2.0
/*
 * Key exchange: ServerKeyExchange parameters, ClientKeyExchange and the
 * premaster of each key exchange. See kx.h.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/ct.h"
#include "ssl/keys.h"
#include "ssl/kx.h"
#include "ssl/peer_key.h"
#include "ssl/ssl_int.h"

#define DECODE mx_alert_err(SSL_ALERT_DECODE_ERROR)
#define ILLEGAL mx_alert_err(SSL_ALERT_ILLEGAL_PARAMETER)

/* Our preferences, best first. */
static const uint16_t ec_pref[] = { MX_GROUP_X25519, MX_GROUP_P256, MX_GROUP_P384 };
static const uint16_t ff_pref[] = { MX_GROUP_FFDHE2048, MX_GROUP_FFDHE3072,
				    MX_GROUP_FFDHE4096 };

/* The RFC 7919 groups, made once and shared (read-only). */
static struct mx_dh_params *named[3];
static pthread_once_t named_once = PTHREAD_ONCE_INIT;

static void make_named(void)
{
	int i;

	for (i = 0; i < 3; i++)
		if (mx_dh_params_group(&named[i], (enum mx_dh_group)i))
			named[i] = NULL;
}

static const struct mx_dh_params *named_group(uint16_t g)
{
	pthread_once(&named_once, make_named);
	return named[g - MX_GROUP_FFDHE2048];
}

void mx_kx_clear(struct mx_kx_state *kx)
{
	mx_dh_params_free(kx->dh_owned);
	mx_ec_key_clear(&kx->ec);
	mx_zeroize(kx, sizeof(*kx));
}

/* The curves sslSessOpts_t.ecFlags allows. */
static bool ec_allowed(const ssl_t *ssl, uint16_t g)
{
	int32 f = ssl->opts.ecFlags;

	if (!f)
		return true;
	return (g == MX_GROUP_P256 && (f & IS_SECP256R1)) ||
	       (g == MX_GROUP_P384 && (f & IS_SECP384R1)) ||
	       (g == MX_GROUP_X25519 && (f & IS_X25519));
}

void mx_kx_enc_groups(const ssl_t *ssl, struct mx_wr *w, bool ec, bool ff)
{
	size_t at = mx_wr_open(w, 2), i;

	for (i = 0; ec && i < sizeof(ec_pref) / sizeof(ec_pref[0]); i++)
		if (ec_allowed(ssl, ec_pref[i]))
			mx_wr_u16(w, ec_pref[i]);
	for (i = 0; ff && i < sizeof(ff_pref) / sizeof(ff_pref[0]); i++)
		mx_wr_u16(w, ff_pref[i]);
	mx_wr_close(w, at, 2);
}

static bool listed(const uint8_t *p, size_t n, uint16_t g)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (mx_get_u16(p + 2 * i) == g)
			return true;
	return false;
}

void mx_kx_server_groups(ssl_t *ssl, const uint8_t *p, size_t n, bool have)
{
	struct mx_kx_state *kx = &ssl->hs->kx;
	size_t i;

	/* RFC 8422 5.1: no list, any curve */
	kx->ec_group = have || !ec_allowed(ssl, MX_GROUP_P256) ? 0 : MX_GROUP_P256;
	for (i = 0; have && i < sizeof(ec_pref) / sizeof(ec_pref[0]); i++)
		if (listed(p, n, ec_pref[i]) && ec_allowed(ssl, ec_pref[i])) {
			kx->ec_group = ec_pref[i];
			break;
		}
	/* RFC 8422 5.1: an ECDSA certificate on a curve the client lists */
	kx->p256_ok = !have || listed(p, n, MX_GROUP_P256);
	kx->p384_ok = !have || listed(p, n, MX_GROUP_P384);
	kx->ff_listed = false;
	for (i = 0; i < n; i++)
		if ((mx_get_u16(p + 2 * i) >> 8) == 1)	/* 256..511: FFDHE (RFC 7919) */
			kx->ff_listed = true;
	kx->dh = mx_keys_dh(ssl->keys);
	if (kx->dh)
		return;
	if (!kx->ff_listed) {
		kx->dh = named_group(MX_GROUP_FFDHE2048);
		return;
	}
	/* RFC 7919 4: one of the client's groups, or no DHE at all. */
	for (i = 0; i < sizeof(ff_pref) / sizeof(ff_pref[0]); i++)
		if (listed(p, n, ff_pref[i])) {
			kx->dh = named_group(ff_pref[i]);
			return;
		}
}

bool mx_kx_server_can(const ssl_t *ssl, const struct mx_suite *s)
{
	const struct mx_kx_state *kx = &ssl->hs->kx;

	if (mx_suite_is_ecdhe(s) && !kx->ec_group)
		return false;
	if (mx_suite_is_dhe(s) && !kx->dh)
		return false;
	if (mx_suite_is_psk(s) && !mx_keys_have_psk(ssl->keys))
		return false;
	switch (s->auth) {
	case MX_AUTH_RSA:
		return mx_keys_have(ssl->keys, MX_KEY_RSA);
	case MX_AUTH_ECDSA:
		return mx_keys_have(ssl->keys, MX_KEY_EC) &&
		       (mx_keys_ec_is_p384(ssl->keys) ? kx->p384_ok : kx->p256_ok);
	default:
		return true;
	}
}

bool mx_kx_server_sends_ske(const ssl_t *ssl)
{
	const uint8_t *hint;
	size_t len;

	switch (ssl->suite->kx) {
	case MX_KX_RSA:
		return false;
	case MX_KX_PSK:
		/* RFC 4279 2: only to give a hint. */
		mx_keys_psk_hint(ssl->keys, &hint, &len);
		return len != 0;
	default:
		return true;
	}
}

static bool is_psk(const ssl_t *ssl)
{
	return mx_suite_is_psk(ssl->suite);
}

static const struct mx_ec_curve *curve_of(uint16_t group)
{
	return mx_ec_curve(group == MX_GROUP_P384 ? MX_EC_P384 : MX_EC_P256);
}

/* The server's parameters, after its key was made; run twice (size, write). */
static void enc_params(ssl_t *ssl, struct mx_wr *w)
{
	struct mx_kx_state *kx = &ssl->hs->kx;
	const uint8_t *p, *g, *hint;
	size_t plen, glen, hlen, at;

	if (is_psk(ssl)) {
		mx_keys_psk_hint(ssl->keys, &hint, &hlen);
		at = mx_wr_open(w, 2);
		mx_wr_bytes(w, hint, hlen);
		mx_wr_close(w, at, 2);
	}
	if (mx_suite_is_dhe(ssl->suite)) {
		mx_dh_params_get(kx->dh, &p, &plen, &g, &glen);
		at = mx_wr_open(w, 2);
		mx_wr_bytes(w, p, plen);
		mx_wr_close(w, at, 2);
		at = mx_wr_open(w, 2);
		mx_wr_bytes(w, g, glen);
		mx_wr_close(w, at, 2);
		at = mx_wr_open(w, 2);
		mx_wr_bytes(w, kx->peer, kx->peer_len);	/* here: our public value */
		mx_wr_close(w, at, 2);
	} else if (mx_suite_is_ecdhe(ssl->suite)) {
		mx_wr_u8(w, 3);				/* named_curve */
		mx_wr_u16(w, kx->ec_group);
		at = mx_wr_open(w, 1);
		mx_wr_bytes(w, kx->peer, kx->peer_len);
		mx_wr_close(w, at, 1);
	}
}

/* Our ephemeral key pair for the chosen group; the public value in kx->peer. */
static int make_key(ssl_t *ssl)
{
	struct mx_kx_state *kx = &ssl->hs->kx;
	const struct mx_ec_curve *c;
	int rc;

	if (mx_suite_is_dhe(ssl->suite)) {
		kx->dh_priv_len = sizeof(kx->dh_priv);
		kx->peer_len = mx_dh_size(kx->dh);
		return mx_dh_keygen(kx->dh, kx->dh_priv, &kx->dh_priv_len, kx->peer);
	}
	if (!mx_suite_is_ecdhe(ssl->suite))
		return 0;
	if (kx->ec_group == MX_GROUP_X25519) {
		kx->peer_len = MX_X25519_LEN;
		return mx_x25519_keygen(kx->x_priv, kx->peer);
	}
	c = curve_of(kx->ec_group);
	rc = mx_ec_keygen(&kx->ec, c);
	if (rc)
		return rc;
	kx->peer_len = mx_ec_point_len(c);
	memcpy(kx->peer, mx_ec_key_public(&kx->ec), kx->peer_len);
	return 0;
}

int mx_kx_server_params(ssl_t *ssl, uint8_t **out, size_t *len)
{
	struct mx_wr w;
	uint8_t *b;
	int rc;

	rc = make_key(ssl);
	if (rc)
		return rc;
	mx_wr_init(&w, NULL, 0);
	enc_params(ssl, &w);
	b = malloc(w.len ? w.len : 1);
	if (!b)
		return -ENOMEM;
	*len = w.len;
	mx_wr_init(&w, b, *len);
	enc_params(ssl, &w);
	if (w.bad) {
		free(b);
		return -EFAULT;
	}
	*out = b;
	return 0;
}

/*
 * The premaster from the (EC)DH secret z (zlen bytes; NULL for plain
 * PSK) and the PSK, stripping a finite-field secret's leading zeros
 * the constant-time way (premaster.h).
 */
static int make_pms(ssl_t *ssl, const uint8_t *z, size_t zlen)
{
	struct mx_kx_state *kx = &ssl->hs->kx;
	bool ff = mx_suite_is_dhe(ssl->suite);
	uint64_t s = ff ? mx_pms_leading_zeros(z, zlen) : 0;
	const struct mx_psk *psk = kx->psk;
	size_t n = 0;

	if (!is_psk(ssl)) {
		memcpy(kx->pms, z, zlen);
		kx->pms_len = zlen;
		kx->pms_at = 0;
		kx->pms_strip = s;
		return 0;
	}
	if (!psk || 2 + zlen + 2 + psk->key_len > sizeof(kx->pms))
		return -EINVAL;
	/* RFC 4279 2 and 3, RFC 5489 2: other_secret, then the PSK. */
	if (z) {
		mx_put_u16(kx->pms, (uint16_t)(zlen - s));
		memcpy(kx->pms + 2, z, zlen);
		n = 2 + zlen;
	} else {
		mx_put_u16(kx->pms, psk->key_len);
		memset(kx->pms + 2, 0, psk->key_len);
		n = 2 + psk->key_len;
	}
	mx_put_u16(kx->pms + n, psk->key_len);
	memcpy(kx->pms + n + 2, psk->key, psk->key_len);
	kx->pms_len = n + 2 + psk->key_len;
	kx->pms_at = 2;
	kx->pms_strip = s;
	return 0;
}

/* Our secret with the peer's public value pub: z (mx_dh_size or the
 * curve's size bytes), its length in *zlen.
 */
static int derive(ssl_t *ssl, const uint8_t *pub, size_t len, uint8_t *z, size_t *zlen)
{
	struct mx_kx_state *kx = &ssl->hs->kx;
	int rc;

	if (mx_suite_is_dhe(ssl->suite)) {
		*zlen = mx_dh_size(kx->dh);
		rc = mx_dh_derive(kx->dh, kx->dh_priv, kx->dh_priv_len, pub, len, z);
	} else if (kx->ec_group == MX_GROUP_X25519) {
		*zlen = MX_X25519_LEN;
		rc = len == MX_X25519_LEN ? mx_x25519(z, kx->x_priv, pub) : -EBADMSG;
	} else {
		*zlen = mx_ec_scalar_len(curve_of(kx->ec_group));
		rc = mx_ecdh_derive(&kx->ec, pub, len, z);
	}
	if (rc == -EBADMSG || rc == -EINVAL)
		return ILLEGAL;
	return rc;
}

int mx_kx_server_cke(ssl_t *ssl, const uint8_t *b, size_t len)
{
	struct mx_kx_state *kx = &ssl->hs->kx;
	uint8_t z[MX_DH_MAX_BYTES];
	struct mx_rd r, v;
	size_t zlen = 0;
	int rc;

	mx_rd_init(&r, b, len);
	if (is_psk(ssl)) {
		if (!mx_rd_vec(&r, 2, 1, 0xffff, &v))
			return DECODE;
		kx->psk = mx_keys_psk_find(ssl->keys, v.p, v.left);
		if (!kx->psk)
			return mx_alert_err(SSL_ALERT_UNKNOWN_PSK_IDENTITY);
	}
	if (ssl->suite->kx == MX_KX_PSK) {
		if (!mx_rd_done(&r))
			return DECODE;
		return make_pms(ssl, NULL, 0);
	}
	if (mx_suite_is_dhe(ssl->suite)) {
		if (!mx_rd_vec(&r, 2, 1, 0xffff, &v) || !mx_rd_done(&r))
			return DECODE;
	} else if (!mx_rd_vec(&r, 1, 1, 0xff, &v) || !mx_rd_done(&r)) {
		return DECODE;
	}
	rc = derive(ssl, v.p, v.left, z, &zlen);
	if (rc == 0)
		rc = make_pms(ssl, z, zlen);
	mx_zeroize(z, sizeof(z));
	return rc;
}

int mx_kx_client_params(ssl_t *ssl, const uint8_t *b, size_t len, size_t *plen)
{
	struct mx_kx_state *kx = &ssl->hs->kx;
	struct mx_rd r, v, p, g;
	uint16_t group;

	mx_rd_init(&r, b, len);
	if (is_psk(ssl)) {
		if (!mx_rd_vec(&r, 2, 0, sizeof(kx->hint), &v))
			return DECODE;
		memcpy(kx->hint, v.p, v.left);
		kx->hint_len = v.left;
	}
	if (mx_suite_is_dhe(ssl->suite)) {
		if (!mx_rd_vec(&r, 2, 1, MX_DH_MAX_BYTES, &p) ||
		    !mx_rd_vec(&r, 2, 1, MX_DH_MAX_BYTES, &g) ||
		    !mx_rd_vec(&r, 2, 1, MX_DH_MAX_BYTES, &v))
			return DECODE;
		/* Checked, and the group made, once the signature is. */
		mx_dh_params_free(kx->dh_owned);
		kx->dh_owned = NULL;
		kx->dh = NULL;
		memcpy(kx->peer, v.p, v.left);
		kx->peer_len = v.left;
		kx->pms_len = 0;
		/* Keep p and g where the premaster will go until then. */
		if (2 + p.left + 2 + g.left > sizeof(kx->pms))
			return ILLEGAL;
		mx_put_u16(kx->pms, (uint16_t)p.left);
		memcpy(kx->pms + 2, p.p, p.left);
		mx_put_u16(kx->pms + 2 + p.left, (uint16_t)g.left);
		memcpy(kx->pms + 4 + p.left, g.p, g.left);
	} else if (mx_suite_is_ecdhe(ssl->suite)) {
		if (mx_rd_u8(&r) != 3)		/* named_curve only (RFC 8422 5.4) */
			return mx_rd_ok(&r) ? ILLEGAL : DECODE;
		group = mx_rd_u16(&r);
		if (!mx_rd_vec(&r, 1, 1, 0xff, &v))
			return DECODE;
		if ((group != MX_GROUP_X25519 && group != MX_GROUP_P256 &&
		     group != MX_GROUP_P384) || !ec_allowed(ssl, group))
			return ILLEGAL;
		kx->ec_group = group;
		memcpy(kx->peer, v.p, v.left);
		kx->peer_len = v.left;
	}
	if (!mx_rd_ok(&r))
		return DECODE;
	*plen = len - r.left;
	return 0;
}

/* Client: the server's DH group from the parameters kept in kx->pms. */
static int client_group(ssl_t *ssl)
{
	struct mx_kx_state *kx = &ssl->hs->kx;
	size_t plen = mx_get_u16(kx->pms), glen = mx_get_u16(kx->pms + 2 + plen);
	const uint8_t *p = kx->pms + 2, *g = kx->pms + 4 + plen;
	size_t bits;
	int rc;

	while (plen && !*p) {
		p++;
		plen--;
	}
	bits = plen * 8;
	if (plen)
		bits -= (size_t)__builtin_clz(p[0]) - 24;
	if (bits < MIN_DH_BITS)
		return mx_alert_err(SSL_ALERT_INSUFFICIENT_SECURITY);
	rc = mx_dh_params_new(&kx->dh_owned, p, plen, g, glen);
	if (rc == -ENOMEM)
		return rc;
	if (rc)
		return ILLEGAL;
	kx->dh = kx->dh_owned;
	return 0;
}

/* The ClientKeyExchange, run twice (size, write). */
static void enc_cke(ssl_t *ssl, struct mx_wr *w, const uint8_t *pub, size_t len)
{
	const struct mx_kx_state *kx = &ssl->hs->kx;
	size_t at;

	if (is_psk(ssl)) {
		at = mx_wr_open(w, 2);
		mx_wr_bytes(w, kx->psk->id, kx->psk->id_len);
		mx_wr_close(w, at, 2);
	}
	if (ssl->suite->kx == MX_KX_PSK)
		return;
	if (ssl->suite->kx == MX_KX_RSA && ssl->version == MX_SSL3) {
		mx_wr_bytes(w, pub, len);	/* SSL 3.0: no length (RFC 6101 5.6.7.1) */
		return;
	}
	at = mx_wr_open(w, mx_suite_is_ecdhe(ssl->suite) ? 1 : 2);
	mx_wr_bytes(w, pub, len);
	mx_wr_close(w, at, mx_suite_is_ecdhe(ssl->suite) ? 1 : 2);
}

/* RSA: a random premaster with the offered version, encrypted for the server. */
static int client_rsa(ssl_t *ssl, uint8_t *pub, size_t cap, size_t *len)
{
	struct mx_kx_state *kx = &ssl->hs->kx;
	int rc;

	rc = mx_ssl_random(kx->pms, MX_PREMASTER_LEN);
	if (rc)
		return rc;
	mx_put_u16(kx->pms, ssl->hs->hello_version);
	kx->pms_len = MX_PREMASTER_LEN;
	kx->pms_at = 0;
	kx->pms_strip = 0;
	return mx_peer_encrypt_premaster(ssl->hs->peer_key, kx->pms, pub, cap, len);
}

int mx_kx_client_cke(ssl_t *ssl, uint8_t **out, size_t *len)
{
	struct mx_kx_state *kx = &ssl->hs->kx;
	uint8_t *pub, z[MX_DH_MAX_BYTES], *b;
	size_t plen = 0, zlen = 0;
	struct mx_wr w;
	int rc = 0;

	pub = malloc(MX_DH_MAX_BYTES);
	if (!pub)
		return -ENOMEM;
	if (is_psk(ssl)) {
		kx->psk = mx_keys_psk_pick(ssl->keys, kx->hint, kx->hint_len);
		if (!kx->psk)
			rc = mx_alert_err(SSL_ALERT_HANDSHAKE_FAILURE);
	}
	if (!rc && ssl->suite->kx == MX_KX_RSA) {
		rc = client_rsa(ssl, pub, MX_DH_MAX_BYTES, &plen);
	} else if (!rc && ssl->suite->kx == MX_KX_PSK) {
		rc = make_pms(ssl, NULL, 0);
	} else if (!rc) {
		if (mx_suite_is_dhe(ssl->suite)) {
			rc = client_group(ssl);
			if (!rc && mx_dh_check_public(kx->dh, kx->peer, kx->peer_len))
				rc = ILLEGAL;
		}
		if (!rc) {
			/* make_key leaves our public value where the peer's is. */
			memcpy(z, kx->peer, kx->peer_len);
			zlen = kx->peer_len;
			rc = make_key(ssl);
			plen = kx->peer_len;
			memcpy(pub, kx->peer, plen);
			memcpy(kx->peer, z, zlen);
			kx->peer_len = zlen;
		}
		if (!rc)
			rc = derive(ssl, kx->peer, kx->peer_len, z, &zlen);
		if (!rc)
			rc = make_pms(ssl, z, zlen);
	}
	mx_zeroize(z, sizeof(z));
	if (!rc) {
		mx_wr_init(&w, NULL, 0);
		enc_cke(ssl, &w, pub, plen);
		b = malloc(w.len ? w.len : 1);
		if (!b) {
			rc = -ENOMEM;
		} else {
			*len = w.len;
			mx_wr_init(&w, b, *len);
			enc_cke(ssl, &w, pub, plen);
			*out = b;
		}
	}
	free(pub);
	return rc;
}

int mx_kx_prf_secret(ssl_t *ssl, uint8_t *out, size_t *out_len)
{
	struct mx_kx_state *kx = &ssl->hs->kx;

	if (!mx_suite_is_dhe(ssl->suite)) {
		if (kx->pms_len > MX_PMS_MAX)
			return -EINVAL;
		memcpy(out, kx->pms, kx->pms_len);
		*out_len = kx->pms_len;
		return 0;
	}
	return mx_pms_prf_secret(mx_suite_prf(ssl->suite, ssl->version), kx->pms, kx->pms_len,
				 kx->pms_at, kx->pms_strip, out, out_len);
}
