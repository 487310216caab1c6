// SPDX-License-Identifier: GPL-2.0
/*
 * ECDSA (FIPS 186-4, 6.4) with RFC 6979 nonces and DER signatures.
 */
#include <errno.h>
#include <string.h>

#include "core/ct.h"
#include "crypto/ec_impl.h"
#include "crypto/hmac.h"
#include "crypto/mont.h"

/* bits2int(digest) mod n (RFC 6979, 2.3.2 and 2.3.4): the leftmost bits. */
static void digest_scalar(const struct mx_ec_curve *c, mx_limb *z, const uint8_t *d, size_t len)
{
	mx_limb t[EC_MAX_LIMBS];

	if (len > c->bytes)
		len = c->bytes;	/* the order's size is a whole number of bytes */
	mx_bn_from_be(z, c->n, d, len);
	/* z < 2^qlen < 2n: one subtraction reduces it */
	mx_bn_sub(t, z, c->order, c->n);
	mx_bn_cmov(~mx_bn_lt(z, c->order, c->n), z, t, c->n);
}

/* K = HMAC_K(V || sep || x || h); V = HMAC_K(V) (sep < 0: V only) */
static void rfc6979_step(enum mx_hash_id hash, uint8_t *k, uint8_t *v, size_t hlen, int sep,
			 const uint8_t *x, const uint8_t *h, size_t rlen)
{
	struct mx_hmac_ctx ctx;
	uint8_t b = (uint8_t)sep;

	mx_hmac_init(&ctx, hash, k, hlen);
	mx_hmac_update(&ctx, v, hlen);
	mx_hmac_update(&ctx, &b, 1);
	if (x) {
		mx_hmac_update(&ctx, x, rlen);
		mx_hmac_update(&ctx, h, rlen);
	}
	mx_hmac_final(&ctx, k);
	mx_hmac(hash, k, hlen, v, hlen, v);
}

/*
 * The RFC 6979 (3.2) generator: keyed by the private key and the reduced
 * digest; next() yields candidates until one is in [1, n - 1].
 */
struct rfc6979 {
	enum mx_hash_id hash;
	size_t hlen, rlen;
	uint8_t k[MX_HASH_MAX_LEN], v[MX_HASH_MAX_LEN];
};

static int rfc6979_init(struct rfc6979 *g, const struct mx_ec_curve *c, enum mx_hash_id hash,
			const mx_limb *d, const mx_limb *z)
{
	const struct mx_hash_desc *h = mx_hash_get(hash);
	uint8_t x[MX_EC_MAX_SCALAR], zo[MX_EC_MAX_SCALAR];

	if (!h)
		return -EINVAL;
	g->hash = hash;
	g->hlen = h->digest_len;
	g->rlen = c->bytes;
	mx_bn_to_be(x, c->bytes, d, c->n);
	mx_bn_to_be(zo, c->bytes, z, c->n);
	memset(g->v, 0x01, g->hlen);
	memset(g->k, 0x00, g->hlen);
	rfc6979_step(hash, g->k, g->v, g->hlen, 0, x, zo, g->rlen);
	rfc6979_step(hash, g->k, g->v, g->hlen, 1, x, zo, g->rlen);
	mx_zeroize(x, sizeof(x));
	return 0;
}

static void rfc6979_next(struct rfc6979 *g, const struct mx_ec_curve *c, mx_limb *kk)
{
	uint8_t t[MX_EC_MAX_SCALAR + MX_HASH_MAX_LEN];
	size_t tlen;

	for (;;) {
		uint64_t ok;

		for (tlen = 0; tlen < g->rlen; tlen += g->hlen) {
			mx_hmac(g->hash, g->k, g->hlen, g->v, g->hlen, g->v);
			memcpy(t + tlen, g->v, g->hlen);
		}
		mx_bn_from_be(kk, c->n, t, g->rlen);
		/* Rejections are discarded candidates: branching on them is fine. */
		ok = ~mx_bn_is_zero(kk, c->n) & mx_bn_lt(kk, c->order, c->n);
		mx_ct_declassify(&ok, sizeof(ok));
		if (ok)
			break;
		rfc6979_step(g->hash, g->k, g->v, g->hlen, 0, NULL, NULL, 0);
	}
	/* the state moves on, in case the caller needs another candidate */
	rfc6979_step(g->hash, g->k, g->v, g->hlen, 0, NULL, NULL, 0);
	mx_zeroize(t, sizeof(t));
}

/* A DER INTEGER of the n-limb value v (non-negative, minimal). */
static size_t der_put_int(uint8_t *out, const mx_limb *v, size_t bytes, size_t n)
{
	uint8_t b[MX_EC_MAX_SCALAR + 1];
	size_t i = 1, len;

	b[0] = 0;
	mx_bn_to_be(b + 1, bytes, v, n);
	while (i < bytes && b[i] == 0)
		i++;
	if (b[i] & 0x80)
		i--;
	len = bytes + 1 - i;
	out[0] = 0x02;
	out[1] = (uint8_t)len;
	memcpy(out + 2, b + i, len);
	return 2 + len;
}

/* A strict-DER INTEGER into v (n limbs): 1 <= v < order. */
static int der_get_int(const struct mx_ec_curve *c, const uint8_t **p, const uint8_t *end,
		       mx_limb *v)
{
	const uint8_t *q = *p;
	size_t len;

	if (end - q < 2 || q[0] != 0x02 || q[1] & 0x80)
		return -EBADMSG;
	len = q[1];
	q += 2;
	if (len == 0 || (size_t)(end - q) < len || q[0] & 0x80 ||
	    (len > 1 && q[0] == 0 && !(q[1] & 0x80)))
		return -EBADMSG;
	*p = q + len;
	if (q[0] == 0) {
		q++;
		len--;
	}
	if (len > c->bytes)
		return -EBADMSG;
	mx_bn_from_be(v, c->n, q, len);
	if (mx_bn_is_zero(v, c->n) || !mx_bn_lt(v, c->order, c->n))
		return -EBADMSG;
	return 0;
}

int mx_ecdsa_sign(const struct mx_ec_key *key, enum mx_hash_id hash,
		  const uint8_t *digest, size_t dlen, uint8_t *sig, size_t *siglen)
{
	const struct mx_ec_curve *c = key->curve;
	const struct mx_mont *nm;
	mx_limb z[EC_MAX_LIMBS], k[EC_MAX_LIMBS], r[EC_MAX_LIMBS], s[EC_MAX_LIMBS];
	mx_limb t[EC_MAX_LIMBS];
	uint8_t xy[2 * MX_EC_MAX_SCALAR], body[MX_ECDSA_MAX_SIG];
	struct rfc6979 g;
	struct ec_aff pt;
	size_t len;
	int ret;

	if (!key->has_private)
		return -EINVAL;
	nm = c->order_mont;
	digest_scalar(c, z, digest, dlen);
	ret = rfc6979_init(&g, c, hash, key->d, z);
	if (ret)
		return ret;
	for (;;) {
		rfc6979_next(&g, c, k);
		/* r = x(k G) mod n; x < p < 2n */
		c->mul_base(c, &pt, k);
		c->encode(c, xy, &pt);
		mx_bn_from_be(r, c->n, xy, c->bytes);
		mx_bn_sub(t, r, c->order, c->n);
		mx_bn_cmov(~mx_bn_lt(r, c->order, c->n), r, t, c->n);
		/* s = k^-1 (z + r d) mod n */
		mx_mont_to(nm, t, r);
		mx_mont_mul(nm, s, t, key->d);
		mx_bn_add_mod(s, s, z, c->order, c->n);
		c->scalar_inv(c, t, k);
		mx_mont_to(nm, t, t);
		mx_mont_mul(nm, s, t, s);
		/* r and s are the signature: public */
		mx_ct_declassify(r, sizeof(r));
		mx_ct_declassify(s, sizeof(s));
		if (!mx_bn_is_zero(r, c->n) && !mx_bn_is_zero(s, c->n))
			break;
	}
	len = der_put_int(body + 2, r, c->bytes, c->n);
	len += der_put_int(body + 2 + len, s, c->bytes, c->n);
	body[0] = 0x30;
	body[1] = (uint8_t)len;
	if (len + 2 > *siglen) {
		ret = -ENOSPC;
	} else {
		memcpy(sig, body, len + 2);
		*siglen = len + 2;
	}
	mx_zeroize(&g, sizeof(g));
	mx_zeroize(k, sizeof(k));
	mx_zeroize(t, sizeof(t));
	mx_zeroize(&pt, sizeof(pt));
	mx_zeroize(xy, sizeof(xy));
	return ret;
}

int mx_ecdsa_verify(const struct mx_ec_key *key, const uint8_t *digest, size_t dlen,
		    const uint8_t *sig, size_t siglen)
{
	const struct mx_ec_curve *c = key->curve;
	const struct mx_mont *nm = c->order_mont;
	const uint8_t *p = sig, *end = sig + siglen;
	mx_limb r[EC_MAX_LIMBS], s[EC_MAX_LIMBS], z[EC_MAX_LIMBS], w[EC_MAX_LIMBS];
	mx_limb u1[EC_MAX_LIMBS], u2[EC_MAX_LIMBS];
	struct ec_aff q;
	size_t len;

	/* SEQUENCE, definite short length covering exactly the rest */
	if (siglen < 2 || p[0] != 0x30 || p[1] & 0x80)
		return -EBADMSG;
	len = p[1];
	p += 2;
	if ((size_t)(end - p) != len)
		return -EBADMSG;
	if (der_get_int(c, &p, end, r) || der_get_int(c, &p, end, s) || p != end)
		return -EBADMSG;

	digest_scalar(c, z, digest, dlen);
	/* w = s^-1, u1 = z w, u2 = r w (s is prime to the prime n: 0 < s < n) */
	c->scalar_inv(c, w, s);
	mx_mont_to(nm, w, w);
	mx_mont_mul(nm, u1, w, z);
	mx_mont_mul(nm, u2, w, r);
	memcpy(q.x, key->qx, sizeof(q.x));
	memcpy(q.y, key->qy, sizeof(q.y));
	return c->verify_x(c, u1, &q, u2, r) ? 0 : -EBADMSG;
}
