// SPDX-License-Identifier: GPL-2.0
/*
 * EC keys and ECDH on top of the per-curve operations.
 */
#include <errno.h>
#include <string.h>

#include "crypto/ec_impl.h"
#include "core/ct.h"
#include "crypto/mont.h"
#include "crypto/random.h"

int mx_ec_curve_setup(struct mx_ec_curve *c, const uint8_t *p, const uint8_t *b,
		      const uint8_t *gx, const uint8_t *gy)
{
	struct mx_mont *mp;
	struct ec_fp *F = c->fp;
	mx_limb t[EC_MAX_LIMBS];
	uint8_t nb[MX_EC_MAX_SCALAR];
	int ret;

	ret = mx_mont_new(&mp, p, c->bytes);
	if (ret)
		return ret;
	mx_bn_copy(F->p, mp->m, c->n);
	mx_bn_copy(F->rr, mp->rr, c->n);
	mx_bn_copy(F->one, mp->one, c->n);
	F->p0inv = mp->m0inv;
	mx_bn_from_be(t, c->n, b, c->bytes);
	mx_mont_to(mp, F->b, t);
	mx_bn_from_be(t, c->n, gx, c->bytes);
	mx_mont_to(mp, c->g->x, t);
	mx_bn_from_be(t, c->n, gy, c->bytes);
	mx_mont_to(mp, c->g->y, t);
	mx_mont_free(mp);
	mx_bn_to_be(nb, c->bytes, c->order, c->n);
	return mx_mont_new(&c->order_mont, nb, c->bytes);
}

void mx_ec_scalar_inv_mont(const struct mx_ec_curve *c, mx_limb *r, const mx_limb *k)
{
	mx_limb e[EC_MAX_LIMBS], two[EC_MAX_LIMBS] = { 2 };

	mx_bn_sub(e, c->order, two, c->n);
	mx_mont_exp_pub(c->order_mont, r, k, e, c->n);
}

const struct mx_ec_curve *mx_ec_curve(enum mx_ec_curve_id id)
{
	switch (id) {
	case MX_EC_P256:
		return mx_ec_p256();
	case MX_EC_P384:
		return mx_ec_p384();
	}
	return NULL;
}

enum mx_ec_curve_id mx_ec_curve_id(const struct mx_ec_curve *c)
{
	return c->id;
}

size_t mx_ec_scalar_len(const struct mx_ec_curve *c)
{
	return c->bytes;
}

size_t mx_ec_point_len(const struct mx_ec_curve *c)
{
	return 1 + 2 * c->bytes;
}

/* The public point and its encoding from key->d. */
static int key_public_from_private(struct mx_ec_key *key)
{
	const struct mx_ec_curve *c = key->curve;
	struct ec_aff q;
	uint64_t inf = c->mul_base(c, &q, key->d);

	mx_ct_declassify(&inf, sizeof(inf));
	if (inf)
		return -EINVAL;
	memcpy(key->qx, q.x, sizeof(key->qx));
	memcpy(key->qy, q.y, sizeof(key->qy));
	key->pub[0] = 0x04;
	c->encode(c, key->pub + 1, &q);
	return 0;
}

int mx_ec_key_from_private(struct mx_ec_key *key, const struct mx_ec_curve *c,
			   const uint8_t *d, size_t len)
{
	int ret;

	memset(key, 0, sizeof(*key));
	if (!c)
		return -EINVAL;
	while (len > c->bytes && *d == 0) {
		d++;
		len--;
	}
	if (len > c->bytes || mx_bn_from_be(key->d, c->n, d, len) ||
	    mx_bn_is_zero(key->d, c->n) || !mx_bn_lt(key->d, c->order, c->n)) {
		mx_ec_key_clear(key);
		return -EINVAL;
	}
	key->curve = c;
	key->has_private = 1;
	ret = key_public_from_private(key);
	if (ret)
		mx_ec_key_clear(key);
	return ret;
}

/* The point (uncompressed, on the curve) into key->qx, qy and pub. */
static int decode_point(const struct mx_ec_curve *c, struct ec_aff *q, const uint8_t *pt,
			size_t len)
{
	if (len != 1 + 2 * c->bytes || pt[0] != 0x04)
		return -EBADMSG;
	return c->decode(c, q, pt + 1) ? 0 : -EBADMSG;
}

int mx_ec_key_from_public(struct mx_ec_key *key, const struct mx_ec_curve *c,
			  const uint8_t *point, size_t len)
{
	struct ec_aff q;
	int ret;

	memset(key, 0, sizeof(*key));
	if (!c)
		return -EINVAL;
	ret = decode_point(c, &q, point, len);
	if (ret)
		return ret;
	key->curve = c;
	memcpy(key->qx, q.x, sizeof(key->qx));
	memcpy(key->qy, q.y, sizeof(key->qy));
	memcpy(key->pub, point, len);
	return 0;
}

int mx_ec_keygen(struct mx_ec_key *key, const struct mx_ec_curve *c)
{
	uint8_t raw[MX_EC_MAX_SCALAR];
	int ret;

	memset(key, 0, sizeof(*key));
	if (!c)
		return -EINVAL;
	/* Rejection sampling: uniform in [1, n - 1]. */
	do {
		ret = mx_random_bytes(raw, c->bytes);
		if (ret)
			return ret;
		mx_bn_from_be(key->d, c->n, raw, c->bytes);
	} while (mx_bn_is_zero(key->d, c->n) || !mx_bn_lt(key->d, c->order, c->n));
	mx_zeroize(raw, sizeof(raw));
	key->curve = c;
	key->has_private = 1;
	ret = key_public_from_private(key);
	if (ret)
		mx_ec_key_clear(key);
	return ret;
}

void mx_ec_key_clear(struct mx_ec_key *key)
{
	mx_zeroize(key, sizeof(*key));
}

int mx_ec_key_private_bytes(const struct mx_ec_key *key, uint8_t *out)
{
	if (!key->has_private)
		return -EINVAL;
	mx_bn_to_be(out, key->curve->bytes, key->d, key->curve->n);
	return 0;
}

const uint8_t *mx_ec_key_public(const struct mx_ec_key *key)
{
	return key->pub;
}

int mx_ecdh_derive(const struct mx_ec_key *key, const uint8_t *peer, size_t len,
		   uint8_t *secret)
{
	const struct mx_ec_curve *c = key->curve;
	struct ec_aff q, r;
	uint8_t xy[2 * MX_EC_MAX_SCALAR];
	uint64_t inf;
	int ret;

	if (!key->has_private)
		return -EINVAL;
	ret = decode_point(c, &q, peer, len);
	if (ret)
		return ret;
	inf = c->mul(c, &r, &q, key->d);
	c->encode(c, xy, &r);
	memcpy(secret, xy, c->bytes);
	mx_zeroize(xy, sizeof(xy));
	mx_zeroize(&r, sizeof(r));
	mx_ct_declassify(&inf, sizeof(inf));
	if (inf) {
		mx_zeroize(secret, c->bytes);
		return -EBADMSG;
	}
	return 0;
}
