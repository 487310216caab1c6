// SPDX-License-Identifier: GPL-2.0
/*
 * The peer's certificates: validation, the certificate callback, and
 * the public key operations the handshake needs.
 */
#include <errno.h>
#include <stdlib.h>

#include "core/ct.h"
#include "crypto/ec.h"
#include "crypto/rsa.h"
#include "mxtls/x509.h"
#include "pki/verdict.h"
#include "pki/verify.h"
#include "pki/x509_name.h"
#include "ssl/keys.h"
#include "ssl/peer_key.h"

struct mx_peer_key {
	enum mx_key_kind kind;
	struct mx_rsa_key *rsa;
	struct mx_ec_key ec;
};

void mx_peer_key_free(struct mx_peer_key *k)
{
	if (!k)
		return;
	mx_rsa_key_free(k->rsa);
	mx_ec_key_clear(&k->ec);
	free(k);
}

enum mx_key_kind mx_peer_key_kind(const struct mx_peer_key *k)
{
	return k->kind;
}

/* The key of a certificate, if the handshake can use it. */
static int make_key(ssl_t *ssl, const struct mx_pubkey *pub, struct mx_peer_key **out)
{
	struct mx_peer_key *pk;
	bool ok;
	int rc;

	if (ssl->role == MX_CLIENT)
		ok = ssl->suite->auth == MX_AUTH_ECDSA ? pub->type == MX_PK_EC :
		     pub->type == MX_PK_RSA && !pub->rsa_pss_only;
	else
		ok = pub->type == MX_PK_EC || (pub->type == MX_PK_RSA && !pub->rsa_pss_only);
	if (!ok)
		return mx_alert_err(SSL_ALERT_UNSUPPORTED_CERTIFICATE);
	pk = calloc(1, sizeof(*pk));
	if (!pk)
		return -ENOMEM;
	if (pub->type == MX_PK_RSA) {
		pk->kind = MX_KEY_RSA;
		rc = mx_rsa_key_public(&pk->rsa, pub->n.p, pub->n.len, pub->e.p, pub->e.len);
	} else {
		pk->kind = MX_KEY_EC;
		rc = mx_ec_key_from_public(&pk->ec, mx_ec_curve(pub->curve == MX_CURVE_P384 ?
								MX_EC_P384 : MX_EC_P256),
					   pub->point.p, pub->point.len);
		if (pub->curve != MX_CURVE_P256 && pub->curve != MX_CURVE_P384)
			rc = -EOPNOTSUPP;
	}
	if (rc) {
		mx_peer_key_free(pk);
		return rc == -ENOMEM ? rc : mx_alert_err(SSL_ALERT_UNSUPPORTED_CERTIFICATE);
	}
	*out = pk;
	return 0;
}

/* The callback's answer as an engine error (0 accepts). */
static int cb_answer(int32 rc, int suggested)
{
	if (rc == 0)
		return 0;
	if (rc > 0 && rc < 256)
		return mx_alert_err(rc);
	return mx_alert_err(suggested ? suggested : SSL_ALERT_BAD_CERTIFICATE);
}

int mx_peer_cert_check(ssl_t *ssl, const struct mx_cert_msg *m)
{
	struct mx_der ders[MX_MAX_CHAIN];
	struct mx_verify_opts o = { .time = MX_VERIFY_NOW };
	struct mx_verify_result *res;
	struct mx_peer_certs pc;
	psCertVerdict_t *v;
	struct mx_peer_key *pk;
	const struct mx_pubkey *pub;
	size_t i, bad;
	int alert, rc;

	for (i = 0; i < m->n; i++) {
		ders[i].p = m->der[i];
		ders[i].len = m->len[i];
	}
	rc = mx_peer_certs_parse(&pc, ders, m->n, &bad);
	if (rc == -ENOMEM)
		return rc;
	if (rc)
		return mx_alert_err(rc == -E2BIG ? SSL_ALERT_UNSUPPORTED_CERTIFICATE :
				    SSL_ALERT_BAD_CERTIFICATE);
	res = calloc(1, sizeof(*res));
	if (!res) {
		mx_peer_certs_clear(&pc);
		return -ENOMEM;
	}
	o.purpose = ssl->role == MX_CLIENT ? MX_PURPOSE_SERVER : MX_PURPOSE_CLIENT;
	o.peer_name = ssl->role == MX_CLIENT ? ssl->expected_name : NULL;
	mx_x509_verify((const struct mx_x509 *const *)pc.cert, pc.n, mx_keys_trust(ssl->keys),
		       &o, res);
	alert = res->status == PS_CERT_OK ? 0 : mx_cert_status_alert(res->status);
	if (ssl->cert_cb) {
		v = mx_cert_verdict(res, mx_keys_trust(ssl->keys));
		if (!v) {
			rc = -ENOMEM;
			goto out;
		}
		rc = cb_answer(ssl->cert_cb(ssl, v->chain, alert), alert);
		psCertVerdictFree(v);
	} else {
		rc = alert ? mx_alert_err(alert) : 0;
	}
	if (rc)
		goto out;

	pub = &pc.cert[0]->key;
	rc = make_key(ssl, pub, &pk);
	if (rc)
		goto out;
	mx_peer_key_free(ssl->hs->peer_key);
	ssl->hs->peer_key = pk;
	mx_sha256(pc.cert[0]->der.p, pc.cert[0]->der.len, ssl->hs->peer.fp);
	mx_name_format(&pc.cert[0]->subject, ssl->hs->peer.subject,
		       sizeof(ssl->hs->peer.subject));
	ssl->hs->peer.known = true;
out:
	free(res);
	mx_peer_certs_clear(&pc);
	return rc;
}

int mx_peer_encrypt_premaster(const struct mx_peer_key *k, const uint8_t *pms, uint8_t *out,
			      size_t cap, size_t *len)
{
	size_t n;
	int rc;

	if (k->kind != MX_KEY_RSA)
		return -EINVAL;
	n = mx_rsa_size(k->rsa);
	if (cap < n)
		return -ENOSPC;
	rc = mx_rsa_pkcs1_encrypt(k->rsa, pms, MX_PREMASTER_LEN, out);
	*len = n;
	return rc;
}

int mx_peer_verify(const struct mx_peer_key *k, const struct mx_sigalg *a, const uint8_t *digest,
		   size_t dlen, const uint8_t *sig, size_t sig_len)
{
	int rc;

	if (mx_sigalg_key(a) != k->kind)
		return mx_alert_err(SSL_ALERT_ILLEGAL_PARAMETER);
	if (a->kind == MX_SIGK_ECDSA)
		rc = mx_ecdsa_verify(&k->ec, digest, dlen, sig, sig_len);
	else if (a->kind == MX_SIGK_RSA_PSS)
		rc = mx_rsa_pss_verify(k->rsa, a->hash, digest, dlen, dlen, sig, sig_len);
	else if (a->hash == MX_HASH_MD5_SHA1)
		rc = mx_rsa_pkcs1_verify_raw(k->rsa, digest, dlen, sig, sig_len);
	else
		rc = mx_rsa_pkcs1_verify(k->rsa, a->hash, digest, dlen, sig, sig_len);
	return rc == -ENOMEM ? rc : rc ? mx_alert_err(SSL_ALERT_DECRYPT_ERROR) : 0;
}
