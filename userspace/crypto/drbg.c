// SPDX-License-Identifier: GPL-2.0
/*
 * HMAC_DRBG, SP 800-90A Rev. 1, section 10.1.2.
 */
#include <errno.h>
#include <string.h>

#include "core/ct.h"
#include "crypto/drbg.h"
#include "crypto/hmac.h"

/* HMAC_DRBG_Update over the concatenation of up to three inputs. */
static void drbg_update(struct mx_hmac_drbg *d, const void *a, size_t alen,
			const void *b, size_t blen, const void *c, size_t clen)
{
	struct mx_hmac_ctx h;
	uint8_t round;

	for (round = 0; round < 2; round++) {
		mx_hmac_init(&h, d->hash, d->k, d->outlen);
		mx_hmac_update(&h, d->v, d->outlen);
		mx_hmac_update(&h, &round, 1);
		if (alen)
			mx_hmac_update(&h, a, alen);
		if (blen)
			mx_hmac_update(&h, b, blen);
		if (clen)
			mx_hmac_update(&h, c, clen);
		mx_hmac_final(&h, d->k);
		mx_hmac(d->hash, d->k, d->outlen, d->v, d->outlen, d->v);
		if (alen + blen + clen == 0)
			break;
	}
}

int mx_hmac_drbg_init(struct mx_hmac_drbg *d, enum mx_hash_id hash,
		      const void *entropy, size_t elen, const void *nonce, size_t nlen,
		      const void *pers, size_t plen)
{
	const struct mx_hash_desc *h = mx_hash_get(hash);

	if (!h || elen == 0)
		return -EINVAL;
	d->hash = hash;
	d->outlen = h->digest_len;
	memset(d->k, 0x00, sizeof(d->k));
	memset(d->v, 0x01, sizeof(d->v));
	drbg_update(d, entropy, elen, nonce, nlen, pers, plen);
	d->reseed_counter = 1;
	return 0;
}

int mx_hmac_drbg_reseed(struct mx_hmac_drbg *d, const void *entropy, size_t elen,
			const void *add, size_t alen)
{
	if (elen == 0)
		return -EINVAL;
	drbg_update(d, entropy, elen, add, alen, NULL, 0);
	d->reseed_counter = 1;
	return 0;
}

int mx_hmac_drbg_generate(struct mx_hmac_drbg *d, void *out, size_t len,
			  const void *add, size_t alen)
{
	uint8_t *p = out;

	if (len > MX_DRBG_MAX_REQUEST)
		return -EINVAL;
	if (d->reseed_counter > MX_DRBG_RESEED_INTERVAL)
		return -EAGAIN;
	if (alen)
		drbg_update(d, add, alen, NULL, 0, NULL, 0);
	while (len) {
		size_t n = len < d->outlen ? len : d->outlen;

		mx_hmac(d->hash, d->k, d->outlen, d->v, d->outlen, d->v);
		memcpy(p, d->v, n);
		p += n;
		len -= n;
	}
	drbg_update(d, add, alen, NULL, 0, NULL, 0);
	d->reseed_counter++;
	return 0;
}

void mx_hmac_drbg_clear(struct mx_hmac_drbg *d)
{
	mx_zeroize(d, sizeof(*d));
}
