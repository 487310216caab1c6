// SPDX-License-Identifier: GPL-2.0
/*
 * Private key consistency: catches wrong passwords that padding let
 * through, and damaged or mismatched key files.
 */
#include <errno.h>
#include <string.h>

#include "core/ct.h"
#include <stdlib.h>

#include "crypto/ec.h"
#include "crypto/rsa.h"
#include "pki/privkey.h"

static bool odd(const struct mx_der *m)
{
	return m->len && (m->p[m->len - 1] & 1);
}

static int rsa_check(const struct mx_rsa_priv *r)
{
	unsigned int nbits = mx_bitlen(&r->n), pq = mx_bitlen(&r->p) + mx_bitlen(&r->q);

	/* Sizes first: a product of p and q has their bit lengths' sum, or one less. */
	if (r->n.len > MX_RSA_MAX_BYTES || nbits < 512 || !odd(&r->n) || !odd(&r->e) ||
	    mx_bitlen(&r->e) < 2 || r->e.len > r->n.len || !odd(&r->p) || !odd(&r->q) ||
	    pq < nbits || pq > nbits + 1 || r->d.len > r->n.len || r->dp.len > r->p.len ||
	    r->dq.len > r->q.len || r->qinv.len > r->p.len)
		return -EKEYREJECTED;
	return 0;
}

static unsigned int coord_len(enum mx_curve c)
{
	return c == MX_CURVE_P256 ? 32 : c == MX_CURVE_P384 ? 48 : 0;
}

static int ec_check(const struct mx_ec_priv *e)
{
	unsigned int n = coord_len(e->curve);

	/* The scalar's range (1 <= d < n) is crypto/ec.h's to check. */
	if (!n || e->d.len > n)
		return -EKEYREJECTED;
	if (e->pub.len && (e->pub.len != 1 + 2 * n || e->pub.p[0] != 0x04))
		return -EKEYREJECTED;
	return 0;
}

/*
 * crypto/rsa.h checks the mathematics of p, q and the CRT values when it
 * builds the key (n = p q, q qinv = 1 mod p, a private operation undone
 * by the public one). d itself is not checked: everything is done with
 * the CRT values, and checking d would cost a full-size exponentiation.
 */
static int rsa_build(struct mx_privkey *key)
{
	const struct mx_rsa_priv *r = &key->rsa;
	struct mx_rsa_parts parts = {
		.n = r->n.p, .n_len = r->n.len, .e = r->e.p, .e_len = r->e.len,
		.d = r->d.p, .d_len = r->d.len, .p = r->p.p, .p_len = r->p.len,
		.q = r->q.p, .q_len = r->q.len, .dp = r->dp.p, .dp_len = r->dp.len,
		.dq = r->dq.p, .dq_len = r->dq.len, .qinv = r->qinv.p, .qinv_len = r->qinv.len,
	};
	unsigned int bits = mx_bitlen(&r->n);
	int err;

	if (bits < MX_RSA_MIN_BITS || bits > MX_RSA_MAX_BITS)
		return -EOPNOTSUPP;
	err = mx_rsa_key_private(&key->rsa_key, &parts);
	if (err == -ENOMEM)
		return err;
	if (err && err != -ENOMEM)
		err = -EKEYREJECTED;
	if (err) {
		mx_rsa_key_free(key->rsa_key);
		key->rsa_key = NULL;
	}
	return err;
}

/* crypto/ec.h computes the public point; it must be the one stored. */
static int ec_build(struct mx_privkey *key)
{
	const struct mx_ec_priv *e = &key->ec;
	enum mx_ec_curve_id id = e->curve == MX_CURVE_P256 ? MX_EC_P256 : MX_EC_P384;
	const struct mx_ec_curve *c = mx_ec_curve(id);
	struct mx_ec_key *ek;
	int err;

	ek = malloc(sizeof(*ek));
	if (!ek)
		return -ENOMEM;
	err = mx_ec_key_from_private(ek, c, e->d.p, e->d.len);
	if (!err && e->pub.len &&
	    (e->pub.len != mx_ec_point_len(c) || !mx_ct_memeq(mx_ec_key_public(ek), e->pub.p,
							       e->pub.len)))
		err = -EKEYREJECTED;
	if (err) {
		mx_ec_key_clear(ek);
		free(ek);
		return err == -ENOMEM ? err : -EKEYREJECTED;
	}
	key->ec_key = ek;
	return 0;
}

int mx_privkey_check(struct mx_privkey *key)
{
	int err;

	switch (key->type) {
	case MX_PK_RSA:
		err = rsa_check(&key->rsa);
		return err ? err : rsa_build(key);
	case MX_PK_EC:
		err = ec_check(&key->ec);
		return err ? err : ec_build(key);
	default:
		return -EKEYREJECTED;
	}
}

bool mx_privkey_matches(const struct mx_privkey *key, const struct mx_pubkey *pub)
{
	if (key->type != pub->type)
		return false;
	if (key->type == MX_PK_RSA)
		return mx_der_eq(&key->rsa.n, &pub->n) && mx_der_eq(&key->rsa.e, &pub->e);
	/* The computed point: the file need not hold one. */
	return key->ec.curve == pub->curve && key->ec_key &&
	       pub->point.len == mx_ec_point_len(key->ec_key->curve) &&
	       !memcmp(mx_ec_key_public(key->ec_key), pub->point.p, pub->point.len);
}
