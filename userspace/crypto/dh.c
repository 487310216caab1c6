// SPDX-License-Identifier: GPL-2.0
/*
 * Finite-field Diffie-Hellman over a validated prime p.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/ct.h"
#include "crypto/bn_arith.h"
#include "crypto/dh_groups.h"
#include "crypto/random.h"

struct mx_dh_params {
	struct mx_mont *p;
	size_t size;			/* bytes of p */
	int group;			/* enum mx_dh_group, or -1 */
	mx_limb g[MX_BN_MAX_LIMBS];
	size_t p_len, g_len;
	uint8_t p_be[MX_DH_MAX_BYTES];
	uint8_t g_be[MX_DH_MAX_BYTES];
};

static void strip(const uint8_t **v, size_t *len)
{
	while (*len > 1 && **v == 0) {
		(*v)++;
		(*len)--;
	}
}

static int params_build(struct mx_dh_params **out, const uint8_t *p, size_t p_len,
			const uint8_t *g, size_t g_len, int check_prime)
{
	struct mx_dh_params *dp;
	mx_limb t[MX_BN_MAX_LIMBS];
	size_t i, n;
	int ret;

	*out = NULL;
	strip(&p, &p_len);
	strip(&g, &g_len);
	if (p_len > MX_DH_MAX_BYTES || g_len > p_len)
		return -EINVAL;
	dp = calloc(1, sizeof(*dp));
	if (!dp)
		return -ENOMEM;
	ret = mx_mont_new(&dp->p, p, p_len);
	if (ret)
		goto fail;
	n = dp->p->n;
	ret = -EINVAL;
	if (dp->p->bits < MX_DH_MIN_BITS)
		goto fail;
	/* 1 < g < p - 1 */
	mx_bn_from_be(dp->g, n, g, g_len);
	mx_bn_copy(t, dp->p->m, n);
	t[0] ^= 1;
	if (mx_bn_lt_word(dp->g, n, 2) || !mx_bn_lt(dp->g, t, n))
		goto fail;
	dp->group = -1;
	for (i = 0; i < mx_dh_ngroups; i++)
		if (p_len == mx_dh_groups[i].len && !memcmp(p, mx_dh_groups[i].p, p_len))
			dp->group = (int)i;
	if (check_prime && dp->group < 0) {
		ret = mx_bn_is_probable_prime(dp->p, MX_MR_ROUNDS_ADVERSARIAL);
		if (ret <= 0) {
			ret = ret ? ret : -EINVAL;
			goto fail;
		}
	}
	dp->size = (dp->p->bits + 7) / 8;
	dp->p_len = p_len;
	dp->g_len = g_len;
	memcpy(dp->p_be, p, p_len);
	memcpy(dp->g_be, g, g_len);
	*out = dp;
	return 0;
fail:
	mx_dh_params_free(dp);
	return ret;
}

int mx_dh_params_group(struct mx_dh_params **out, enum mx_dh_group group)
{
	static const uint8_t two = 2;

	if ((size_t)group >= mx_dh_ngroups) {
		*out = NULL;
		return -EINVAL;
	}
	return params_build(out, mx_dh_groups[group].p, mx_dh_groups[group].len, &two, 1, 0);
}

int mx_dh_params_new(struct mx_dh_params **out, const uint8_t *p, size_t p_len,
		     const uint8_t *g, size_t g_len)
{
	return params_build(out, p, p_len, g, g_len, 1);
}

void mx_dh_params_free(struct mx_dh_params *dp)
{
	if (!dp)
		return;
	mx_mont_free(dp->p);
	free(dp);
}

size_t mx_dh_size(const struct mx_dh_params *dp)
{
	return dp->size;
}

void mx_dh_params_get(const struct mx_dh_params *dp, const uint8_t **p, size_t *p_len,
		      const uint8_t **g, size_t *g_len)
{
	*p = dp->p_be;
	*p_len = dp->p_len;
	*g = dp->g_be;
	*g_len = dp->g_len;
}

int mx_dh_params_group_id(const struct mx_dh_params *dp)
{
	return dp->group;
}

static size_t priv_bits(const struct mx_dh_params *dp)
{
	return dp->p->bits <= 2048 ? 256 : dp->p->bits <= 3072 ? 320 : 384;
}

int mx_dh_keygen(const struct mx_dh_params *dp, uint8_t *priv, size_t *priv_len, uint8_t *pub)
{
	const size_t bits = priv_bits(dp), bytes = bits / 8, n = dp->p->n;
	mx_limb x[MX_BN_MAX_LIMBS], y[MX_BN_MAX_LIMBS];
	int ret;

	if (*priv_len < bytes)
		return -EINVAL;
	do {
		ret = mx_random_bytes(priv, bytes);
		if (ret)
			return ret;
		mx_bn_from_be(x, MX_BN_LIMBS(bits), priv, bytes);
	} while (mx_bn_lt_word(x, MX_BN_LIMBS(bits), 2));
	ret = mx_mont_exp(dp->p, y, dp->g, x, bits);
	if (ret == 0) {
		mx_bn_to_be(pub, dp->size, y, n);
		*priv_len = bytes;
	}
	mx_zeroize(x, sizeof(x));
	return ret;
}

/* y (p's limbs) from a peer's bytes, with 1 < y < p - 1. */
static int peer_value(const struct mx_dh_params *dp, mx_limb *y, const uint8_t *pub, size_t len)
{
	const size_t n = dp->p->n;
	mx_limb pm1[MX_BN_MAX_LIMBS];

	if (len == 0 || len > dp->size || mx_bn_from_be(y, n, pub, len))
		return -EBADMSG;
	mx_bn_copy(pm1, dp->p->m, n);
	pm1[0] ^= 1;
	if (mx_bn_lt_word(y, n, 2) || !mx_bn_lt(y, pm1, n))
		return -EBADMSG;
	return 0;
}

int mx_dh_check_public(const struct mx_dh_params *dp, const uint8_t *pub, size_t len)
{
	mx_limb y[MX_BN_MAX_LIMBS];

	return peer_value(dp, y, pub, len);
}

int mx_dh_derive(const struct mx_dh_params *dp, const uint8_t *priv, size_t priv_len,
		 const uint8_t *peer, size_t peer_len, uint8_t *secret)
{
	const size_t n = dp->p->n;
	mx_limb x[MX_BN_MAX_LIMBS], y[MX_BN_MAX_LIMBS], z[MX_BN_MAX_LIMBS];
	uint64_t one;
	int ret;

	if (priv_len == 0 || priv_len > dp->size)
		return -EINVAL;
	ret = peer_value(dp, y, peer, peer_len);
	if (ret)
		return ret;
	mx_bn_from_be(x, MX_BN_LIMBS(8 * priv_len), priv, priv_len);
	ret = mx_mont_exp(dp->p, z, y, x, 8 * priv_len);
	mx_zeroize(x, sizeof(x));
	if (ret)
		return ret;
	mx_bn_zero(y, n);
	y[0] = 1;
	one = mx_bn_eq(z, y, n);
	mx_ct_declassify(&one, sizeof(one));
	mx_bn_to_be(secret, dp->size, z, n);
	mx_zeroize(z, sizeof(z));
	if (one) {
		mx_zeroize(secret, dp->size);
		return -EBADMSG;
	}
	return 0;
}
