// SPDX-License-Identifier: GPL-2.0
/*
 * HMAC over the hash descriptors. See hmac.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/hmac.h"
#include "core/ct.h"

void mx_hmac_init(struct mx_hmac_ctx *ctx, enum mx_hash_id id, const void *key, size_t keylen)
{
	const struct mx_hash_desc *h = mx_hash_get(id);
	uint8_t pad[MX_HASH_MAX_BLOCK];
	size_t i;

	if (!h)
		abort();
	ctx->hash = h;
	memset(pad, 0, sizeof(pad));
	if (keylen > h->block_len) {
		h->init(&ctx->inner);
		h->update(&ctx->inner, key, keylen);
		h->final(&ctx->inner, pad);
	} else if (keylen) {
		memcpy(pad, key, keylen);
	}
	for (i = 0; i < h->block_len; i++)
		pad[i] ^= 0x36;
	h->init(&ctx->inner);
	h->update(&ctx->inner, pad, h->block_len);
	for (i = 0; i < h->block_len; i++)
		pad[i] ^= 0x36 ^ 0x5c;
	h->init(&ctx->outer);
	h->update(&ctx->outer, pad, h->block_len);
	mx_zeroize(pad, sizeof(pad));
}

void mx_hmac_update(struct mx_hmac_ctx *ctx, const void *data, size_t len)
{
	ctx->hash->update(&ctx->inner, data, len);
}

void mx_hmac_final(struct mx_hmac_ctx *ctx, uint8_t *out)
{
	const struct mx_hash_desc *h = ctx->hash;
	uint8_t ih[MX_HASH_MAX_LEN];

	h->final(&ctx->inner, ih);
	h->update(&ctx->outer, ih, h->digest_len);
	h->final(&ctx->outer, out);
	mx_zeroize(ih, sizeof(ih));
	mx_zeroize(ctx, sizeof(*ctx));
}

void mx_hmac(enum mx_hash_id id, const void *key, size_t keylen, const void *msg, size_t len,
	     uint8_t *out)
{
	struct mx_hmac_ctx ctx;

	mx_hmac_init(&ctx, id, key, keylen);
	mx_hmac_update(&ctx, msg, len);
	mx_hmac_final(&ctx, out);
}

int mx_hmac_final_verify(struct mx_hmac_ctx *ctx, const uint8_t *tag, size_t taglen)
{
	uint8_t mac[MX_HASH_MAX_LEN];
	size_t dlen = ctx->hash->digest_len;
	int ok;

	mx_hmac_final(ctx, mac);
	if (taglen < MX_HMAC_MIN_TAG || taglen > dlen) {
		mx_zeroize(mac, sizeof(mac));
		return -EINVAL;
	}
	ok = mx_ct_memeq(mac, tag, taglen);
	mx_ct_declassify(&ok, sizeof(ok));	/* the verdict is public */
	mx_zeroize(mac, sizeof(mac));
	/* ok is 0 or 1; turn it into 0 or -EBADMSG without a branch. */
	return (int)((unsigned int)(ok - 1) & (unsigned int)-EBADMSG);
}

int mx_hmac_verify(enum mx_hash_id id, const void *key, size_t keylen, const void *msg,
		   size_t len, const uint8_t *tag, size_t taglen)
{
	struct mx_hmac_ctx ctx;

	mx_hmac_init(&ctx, id, key, keylen);
	mx_hmac_update(&ctx, msg, len);
	return mx_hmac_final_verify(&ctx, tag, taglen);
}
