// SPDX-License-Identifier: GPL-2.0
/*
 * Private key consistency: catches wrong passwords that padding let
 * through, and damaged or mismatched key files.
 */
#include <errno.h>

#include "core/ct.h"
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
	uint8_t acc = 0;
	size_t i;

	if (!n || e->d.len > n)
		return -EKEYREJECTED;
	/* The scalar may not be zero; read all of it whatever it holds. */
	for (i = 0; i < e->d.len; i++)
		acc |= e->d.p[i];
	if (mx_ct_is_zero(acc))
		return -EKEYREJECTED;
	if (e->pub.len && (e->pub.len != 1 + 2 * n || e->pub.p[0] != 0x04))
		return -EKEYREJECTED;
	return 0;
}

int mx_privkey_check(const struct mx_privkey *key)
{
	switch (key->type) {
	case MX_PK_RSA:
		return rsa_check(&key->rsa);
	case MX_PK_EC:
		return ec_check(&key->ec);
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
	return key->ec.curve == pub->curve && key->ec.pub.len &&
	       mx_der_eq(&key->ec.pub, &pub->point);
}
