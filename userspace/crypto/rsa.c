// SPDX-License-Identifier: GPL-2.0
/*
 * RSA keys and the raw operations: public exponentiation, and the private
 * one with CRT, base and exponent blinding and a check of the result.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/ct.h"
#include "crypto/bn_arith.h"
#include "crypto/random.h"
#include "crypto/rsa_impl.h"

#define BLIND_TRIES 8

/* x mod m in Montgomery form, for x below n. */
static void mont_of_reduced(const struct mx_mont *m, mx_limb *r, const mx_limb *x, size_t nn)
{
	mx_mont_reduce(m, r, x, nn);
	mx_mont_to(m, r, r);
}

/* Draw r; set vf = r^-1 and vi = r^e mod n, stored mod p and mod q. */
static int blind_init(const struct mx_rsa_key *key, struct mx_rsa_blind *b)
{
	const struct mx_mont *n = key->n;
	mx_limb raw[MX_BN_MAX_LIMBS + 1], r[MX_BN_MAX_LIMBS], t[MX_BN_MAX_LIMBS];
	int ret = -EIO, i;

	for (i = 0; i < BLIND_TRIES; i++) {
		ret = mx_random_bytes(raw, (n->n + 1) * sizeof(mx_limb));
		if (ret)
			break;
		mx_mont_reduce(n, r, raw, n->n + 1);
		ret = mx_bn_modinv(t, r, n->m, n->n, n->bits);
		if (ret == 0)
			break;
	}
	if (ret == 0) {
		mont_of_reduced(key->p, b->vf_p, t, n->n);
		mont_of_reduced(key->q, b->vf_q, t, n->n);
		mx_mont_exp_pub(n, t, r, key->e, key->en);
		mont_of_reduced(key->p, b->vi_p, t, n->n);
		mont_of_reduced(key->q, b->vi_q, t, n->n);
		b->pid = getpid();
	}
	mx_zeroize(raw, sizeof(raw));
	mx_zeroize(r, sizeof(r));
	mx_zeroize(t, sizeof(t));
	return ret;
}

/* Take the current blinding values and square them (r -> r^2) for the next user. */
static int blind_take(const struct mx_rsa_key *key, struct mx_rsa_blind *v)
{
	struct mx_rsa_blind *b = key->blind;
	const struct mx_mont *p = key->p, *q = key->q;
	int ret = 0;

	pthread_mutex_lock(&b->lock);
	if (b->pid != getpid())
		ret = blind_init(key, b);
	if (ret == 0) {
		mx_bn_copy(v->vi_p, b->vi_p, p->n);
		mx_bn_copy(v->vf_p, b->vf_p, p->n);
		mx_bn_copy(v->vi_q, b->vi_q, q->n);
		mx_bn_copy(v->vf_q, b->vf_q, q->n);
		mx_mont_sqr(p, b->vi_p, b->vi_p);
		mx_mont_sqr(p, b->vf_p, b->vf_p);
		mx_mont_sqr(q, b->vi_q, b->vi_q);
		mx_mont_sqr(q, b->vf_q, b->vf_q);
	}
	pthread_mutex_unlock(&b->lock);
	return ret;
}

void mx_rsa_pub_limbs(const struct mx_rsa_key *key, mx_limb *out, const mx_limb *c)
{
	mx_mont_exp_pub(key->n, out, c, key->e, key->en);
}

/* e = d + r (m - 1) = m r + d - r for the modulus m of mn limbs; e has el limbs. */
static void blind_exponent(mx_limb *e, size_t el, const mx_limb *d, const mx_limb *m,
			   size_t mn, mx_limb r)
{
	mx_limb t[MX_BN_MAX_LIMBS + 1];
	size_t i;

	mx_bn_zero(e, el);
	mx_bn_mul_word(e, m, mn, r);
	mx_bn_zero(t, mn + 1);
	mx_bn_copy(t, d, mn);
	mx_bn_add(e, e, t, mn + 1);
	mx_bn_zero(t, mn + 1);
	t[0] = r;
	mx_bn_sub(e, e, t, mn + 1);	/* m r + d >= r: no borrow */
	for (i = mn + 1; i < el; i++)
		e[i] = 0;
}

/*
 * r = x mod m for x below n = m o (nn limbs): x < m R when the other
 * prime o has no more limbs than m (balanced keys), which the sizes show.
 */
static void reduce_half(const struct mx_mont *m, mx_limb *r, const mx_limb *x, size_t nn,
			size_t on)
{
	mx_limb t[2 * MX_BN_MAX_LIMBS];

	if (on <= m->n && nn <= 2 * m->n) {
		mx_bn_zero(t, 2 * m->n);
		mx_bn_copy(t, x, nn);
		mx_mont_reduce_wide(m, r, t);
		mx_zeroize(t, sizeof(t));
	} else {
		mx_mont_reduce(m, r, x, nn);
	}
}

int mx_rsa_priv_limbs(const struct mx_rsa_key *key, mx_limb *out, const mx_limb *c)
{
	const struct mx_mont *n = key->n, *p = key->p, *q = key->q;
	const size_t nn = n->n, pn = p->n, qn = q->n;
	const size_t ebits = (p->bits > q->bits ? p->bits : q->bits) + MX_LIMB_BITS;
	const size_t el = MX_BN_LIMBS(ebits);
	mx_limb cp[MX_BN_MAX_LIMBS], cq[MX_BN_MAX_LIMBS], mp[MX_BN_MAX_LIMBS];
	mx_limb mq[MX_BN_MAX_LIMBS], h[MX_BN_MAX_LIMBS], chk[MX_BN_MAX_LIMBS];
	mx_limb ep[MX_BN_MAX_LIMBS + 1], eq[MX_BN_MAX_LIMBS + 1];
	mx_limb t[2 * MX_BN_MAX_LIMBS], s[2 * MX_BN_MAX_LIMBS], r[2];
	struct mx_rsa_blind v;
	uint64_t ok;
	int ret;

	ret = blind_take(key, &v);
	if (ret == 0)
		ret = mx_random_bytes(r, sizeof(r));
	if (ret)
		goto out;

	/* c r^e mod p and mod q: the exponentiations see values unrelated to c */
	reduce_half(p, cp, c, nn, qn);
	reduce_half(q, cq, c, nn, pn);
	mx_mont_mul(p, cp, cp, v.vi_p);
	mx_mont_mul(q, cq, cq, v.vi_q);
	blind_exponent(ep, el, key->dp, p->m, pn, r[0]);
	blind_exponent(eq, el, key->dq, q->m, qn, r[1]);
	ret = mx_mont_exp2(p, mp, cp, ep, q, mq, cq, eq, ebits);
	if (ret)
		goto out;
	/* (c r^e)^d = c^d r: unblind with r^-1 */
	mx_mont_mul(p, mp, mp, v.vf_p);
	mx_mont_mul(q, mq, mq, v.vf_q);

	/* Garner: m = mq + q ((mp - mq) qinv mod p) */
	if (p->bits == q->bits) {
		/* q < 2p: one masked subtraction reduces mq */
		mx_bn_sub(h, mq, p->m, pn);
		mx_bn_cmov(mx_bn_lt(mq, p->m, pn), h, mq, pn);
	} else {
		mx_mont_reduce(p, h, mq, qn);
	}
	mx_bn_sub_mod(h, mp, h, p->m, pn);
	mx_mont_mul(p, h, h, key->qinv_m);
	mx_bn_mul(t, h, pn, q->m, qn);
	mx_bn_zero(s, pn + qn);
	mx_bn_copy(s, mq, qn);
	mx_bn_add(t, t, s, pn + qn);
	mx_bn_copy(out, t, nn);

	/* The result must map back to c; otherwise release nothing. */
	mx_rsa_pub_limbs(key, chk, out);
	ok = mx_bn_eq(chk, c, nn);
	mx_bn_zero(t, nn);
	mx_bn_cmov(~ok, out, t, nn);
	mx_ct_declassify(&ok, sizeof(ok));	/* a fault is no secret */
	ret = ok ? 0 : -EIO;
out:
	mx_zeroize(&v, sizeof(v));
	mx_zeroize(cp, sizeof(cp));
	mx_zeroize(cq, sizeof(cq));
	mx_zeroize(mp, sizeof(mp));
	mx_zeroize(mq, sizeof(mq));
	mx_zeroize(h, sizeof(h));
	mx_zeroize(ep, sizeof(ep));
	mx_zeroize(eq, sizeof(eq));
	mx_zeroize(t, sizeof(t));
	mx_zeroize(s, sizeof(s));
	mx_zeroize(r, sizeof(r));
	return ret;
}

int mx_rsa_key_alloc(struct mx_rsa_key **out, const mx_limb *n, size_t nn,
		     const mx_limb *e, size_t en)
{
	struct mx_rsa_key *key;
	size_t bits;
	int ret;

	*out = NULL;
	while (nn > 0 && n[nn - 1] == 0)
		nn--;
	while (en > 0 && e[en - 1] == 0)
		en--;
	bits = mx_bn_bits_pub(n, nn);
	if (bits < MX_RSA_MIN_BITS || bits > MX_RSA_MAX_BITS || en == 0 || en > nn ||
	    !(e[0] & 1) || (en == 1 && e[0] < 3))
		return -EINVAL;
	if (en == nn && !mx_bn_lt(e, n, nn))
		return -EINVAL;
	key = calloc(1, sizeof(*key));
	if (!key)
		return -ENOMEM;
	ret = mx_mont_new_limbs(&key->n, n, nn);
	if (ret) {
		free(key);
		return ret;
	}
	key->k = (bits + 7) / 8;
	key->en = en;
	mx_bn_copy(key->e, e, en);
	*out = key;
	return 0;
}

int mx_rsa_key_set_private(struct mx_rsa_key *key, const mx_limb *p, size_t pn,
			   const mx_limb *q, size_t qn, const mx_limb *d,
			   const mx_limb *dp, const mx_limb *dq, const mx_limb *qinv)
{
	const size_t nn = key->n->n;
	mx_limb t[2 * MX_BN_MAX_LIMBS], x[MX_BN_MAX_LIMBS], y[MX_BN_MAX_LIMBS];
	size_t pbits, qbits;
	int ret;

	while (pn > 0 && p[pn - 1] == 0)
		pn--;
	while (qn > 0 && q[qn - 1] == 0)
		qn--;
	pbits = mx_bn_bits_pub(p, pn);
	qbits = mx_bn_bits_pub(q, qn);
	if (pbits < 64 || qbits < 64 || pn + qn < nn || pn + qn > nn + 1 ||
	    pbits + qbits > key->n->bits + 1)
		return -EINVAL;
	mx_bn_mul(t, p, pn, q, qn);
	if (!mx_bn_eq(t, key->n->m, nn) || (pn + qn > nn && t[nn] != 0))
		return -EINVAL;
	ret = mx_mont_new_limbs(&key->p, p, pn);
	if (ret == 0)
		ret = mx_mont_new_limbs(&key->q, q, qn);
	if (ret)
		return ret;
	mx_bn_copy(key->d, d, nn);
	mx_bn_copy(key->dp, dp, pn);
	mx_bn_copy(key->dq, dq, qn);
	mx_bn_copy(key->qinv, qinv, pn);
	if (!mx_bn_lt(key->d, key->n->m, nn) || !mx_bn_lt(key->dp, p, pn) ||
	    !mx_bn_lt(key->dq, q, qn) || !mx_bn_lt(key->qinv, p, pn))
		return -EINVAL;

	/* q qinv = 1 mod p */
	mx_mont_to(key->p, key->qinv_m, key->qinv);
	mx_mont_reduce(key->p, x, q, qn);
	mx_mont_mul(key->p, x, x, key->qinv_m);
	mx_bn_zero(y, pn);
	y[0] = 1;
	if (!mx_bn_eq(x, y, pn))
		return -EINVAL;

	key->blind = calloc(1, sizeof(*key->blind));
	if (!key->blind)
		return -ENOMEM;
	pthread_mutex_init(&key->blind->lock, NULL);
	ret = blind_init(key, key->blind);
	if (ret)
		return ret;

	/* One round trip: catches d_p, d_q that do not match e. */
	ret = mx_random_bytes(t, nn * sizeof(mx_limb));
	if (ret)
		return ret;
	mx_mont_reduce(key->n, x, t, nn);
	ret = mx_rsa_priv_limbs(key, y, x);
	mx_zeroize(t, sizeof(t));
	mx_zeroize(x, sizeof(x));
	mx_zeroize(y, sizeof(y));
	return ret == -EIO ? -EINVAL : ret;
}

int mx_rsa_key_public(struct mx_rsa_key **out, const uint8_t *n, size_t n_len,
		      const uint8_t *e, size_t e_len)
{
	mx_limb nl[MX_BN_MAX_LIMBS], el[MX_BN_MAX_LIMBS];

	*out = NULL;
	if (mx_bn_from_be(nl, MX_BN_MAX_LIMBS, n, n_len) ||
	    mx_bn_from_be(el, MX_BN_MAX_LIMBS, e, e_len))
		return -EINVAL;
	return mx_rsa_key_alloc(out, nl, MX_BN_MAX_LIMBS, el, MX_BN_MAX_LIMBS);
}

int mx_rsa_key_private(struct mx_rsa_key **out, const struct mx_rsa_parts *pt)
{
	mx_limb p[MX_BN_MAX_LIMBS], q[MX_BN_MAX_LIMBS], d[MX_BN_MAX_LIMBS];
	mx_limb dp[MX_BN_MAX_LIMBS], dq[MX_BN_MAX_LIMBS], qi[MX_BN_MAX_LIMBS];
	int ret;

	ret = mx_rsa_key_public(out, pt->n, pt->n_len, pt->e, pt->e_len);
	if (ret)
		return ret;
	if (mx_bn_from_be(p, MX_BN_MAX_LIMBS, pt->p, pt->p_len) ||
	    mx_bn_from_be(q, MX_BN_MAX_LIMBS, pt->q, pt->q_len) ||
	    mx_bn_from_be(d, MX_BN_MAX_LIMBS, pt->d, pt->d_len) ||
	    mx_bn_from_be(dp, MX_BN_MAX_LIMBS, pt->dp, pt->dp_len) ||
	    mx_bn_from_be(dq, MX_BN_MAX_LIMBS, pt->dq, pt->dq_len) ||
	    mx_bn_from_be(qi, MX_BN_MAX_LIMBS, pt->qinv, pt->qinv_len))
		ret = -EINVAL;
	else
		ret = mx_rsa_key_set_private(*out, p, MX_BN_MAX_LIMBS, q, MX_BN_MAX_LIMBS,
					     d, dp, dq, qi);
	mx_zeroize(p, sizeof(p));
	mx_zeroize(q, sizeof(q));
	mx_zeroize(d, sizeof(d));
	mx_zeroize(dp, sizeof(dp));
	mx_zeroize(dq, sizeof(dq));
	mx_zeroize(qi, sizeof(qi));
	if (ret) {
		mx_rsa_key_free(*out);
		*out = NULL;
	}
	return ret;
}

void mx_rsa_key_free(struct mx_rsa_key *key)
{
	if (!key)
		return;
	mx_mont_free(key->n);
	mx_mont_free(key->p);
	mx_mont_free(key->q);
	if (key->blind) {
		pthread_mutex_destroy(&key->blind->lock);
		mx_zeroize(key->blind, sizeof(*key->blind));
		free(key->blind);
	}
	mx_zeroize(key, sizeof(*key));
	free(key);
}

size_t mx_rsa_size(const struct mx_rsa_key *key)
{
	return key->k;
}

unsigned int mx_rsa_bits(const struct mx_rsa_key *key)
{
	return (unsigned int)key->n->bits;
}

int mx_rsa_is_private(const struct mx_rsa_key *key)
{
	return !!key->p;
}

int mx_rsa_export(const struct mx_rsa_key *key, enum mx_rsa_part part, uint8_t *out,
		  size_t cap, size_t *len)
{
	const mx_limb *v;
	size_t n, bytes;

	switch (part) {
	case MX_RSA_N:
		v = key->n->m;
		n = key->n->n;
		break;
	case MX_RSA_E:
		v = key->e;
		n = key->en;
		break;
	default:
		if (!key->p)
			return -EINVAL;
		v = part == MX_RSA_D ? key->d : part == MX_RSA_P ? key->p->m :
		    part == MX_RSA_Q ? key->q->m : part == MX_RSA_DP ? key->dp :
		    part == MX_RSA_DQ ? key->dq : part == MX_RSA_QINV ? key->qinv : NULL;
		if (!v)
			return -EINVAL;
		n = part == MX_RSA_D ? key->n->n : part == MX_RSA_Q || part == MX_RSA_DQ ?
		    key->q->n : key->p->n;
		break;
	}
	bytes = (mx_bn_bits_pub(v, n) + 7) / 8;
	if (bytes == 0)
		bytes = 1;
	if (bytes > cap)
		return -ENOSPC;
	mx_bn_to_be(out, bytes, v, n);
	*len = bytes;
	return 0;
}

/* A k-byte block as limbs below n. */
static int block_in(const struct mx_rsa_key *key, mx_limb *c, const uint8_t *in, size_t len)
{
	if (len != key->k)
		return -EINVAL;
	mx_bn_from_be(c, key->n->n, in, len);
	return mx_bn_lt(c, key->n->m, key->n->n) ? 0 : -ERANGE;
}

int mx_rsa_public_raw(const struct mx_rsa_key *key, const uint8_t *in, size_t len, uint8_t *out)
{
	mx_limb c[MX_BN_MAX_LIMBS], m[MX_BN_MAX_LIMBS];
	int ret = block_in(key, c, in, len);

	if (ret)
		return ret;
	mx_rsa_pub_limbs(key, m, c);
	mx_bn_to_be(out, key->k, m, key->n->n);
	return 0;
}

int mx_rsa_private_raw(const struct mx_rsa_key *key, const uint8_t *in, size_t len, uint8_t *out)
{
	mx_limb c[MX_BN_MAX_LIMBS], m[MX_BN_MAX_LIMBS];
	int ret;

	if (!key->p)
		return -EINVAL;
	ret = block_in(key, c, in, len);
	if (ret)
		return ret;
	ret = mx_rsa_priv_limbs(key, m, c);
	if (ret == 0)
		mx_bn_to_be(out, key->k, m, key->n->n);
	mx_zeroize(m, sizeof(m));
	return ret;
}
