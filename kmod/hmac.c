// SPDX-License-Identifier: GPL-2.0
/*
 * mxtls: HMAC for the CBC and stream suites, over the crypto API's plain
 * hash. The states after the K^ipad and K^opad blocks are computed once
 * per key and imported for every record, which also gives mte.c the
 * block-level access that a constant-time MAC check needs.
 */
#include <crypto/hash.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "record.h"

static const char * const mxtls_hash_names[] = {
	[MXTLS_HASH_MD5]	= "md5",
	[MXTLS_HASH_SHA1]	= "sha1",
	[MXTLS_HASH_SHA256]	= "sha256",
	[MXTLS_HASH_SHA384]	= "sha384",
};

/* Hash one padded key block and keep the state it leaves */
static int hmac_pad_state(struct mxtls_hmac *h, const u8 *key, unsigned int key_len,
			  u8 pad_byte, u8 *state)
{
	u8 block[MXTLS_MAX_HASH_BLOCK];
	unsigned int i;
	int err;

	memset(block, pad_byte, h->block_len);
	for (i = 0; i < key_len; i++)
		block[i] ^= key[i];
	err = crypto_shash_init(h->desc) ?:
	      crypto_shash_update(h->desc, block, h->block_len) ?:
	      crypto_shash_export(h->desc, state);
	memzero_explicit(block, sizeof(block));
	return err;
}

int mxtls_hmac_init(struct mxtls_hmac *h, u8 hash, const u8 *key, unsigned int key_len)
{
	u8 hashed_key[MXTLS_MAX_DIGEST];
	unsigned int statesize;
	int err;

	memset(h, 0, sizeof(*h));
	if (hash == MXTLS_HASH_NONE || hash >= ARRAY_SIZE(mxtls_hash_names))
		return -EINVAL;
	h->hash = hash;
	h->tfm = crypto_alloc_shash(mxtls_hash_names[hash], 0, 0);
	if (IS_ERR(h->tfm)) {
		err = PTR_ERR(h->tfm);
		h->tfm = NULL;
		return err;
	}
	h->digest_len = crypto_shash_digestsize(h->tfm);
	h->block_len = crypto_shash_blocksize(h->tfm);
	if (h->digest_len > MXTLS_MAX_DIGEST || h->block_len > MXTLS_MAX_HASH_BLOCK) {
		err = -EINVAL;
		goto fail;
	}

	err = -ENOMEM;
	h->desc = kzalloc(sizeof(*h->desc) + crypto_shash_descsize(h->tfm), GFP_KERNEL);
	if (!h->desc)
		goto fail;
	h->desc->tfm = h->tfm;
	statesize = crypto_shash_statesize(h->tfm);
	h->istate = kzalloc(2 * statesize, GFP_KERNEL);
	if (!h->istate)
		goto fail;
	h->ostate = h->istate + statesize;

	/* RFC 2104: keys longer than a block are hashed first */
	if (key_len > h->block_len) {
		err = crypto_shash_tfm_digest(h->tfm, key, key_len, hashed_key);
		if (err)
			goto fail;
		key = hashed_key;
		key_len = h->digest_len;
	}
	err = hmac_pad_state(h, key, key_len, 0x36, h->istate) ?:
	      hmac_pad_state(h, key, key_len, 0x5c, h->ostate);
	memzero_explicit(hashed_key, sizeof(hashed_key));
	if (err)
		goto fail;
	return 0;

fail:
	mxtls_hmac_free(h);
	return err;
}

void mxtls_hmac_free(struct mxtls_hmac *h)
{
	if (h->tfm) {
		if (h->istate)
			memzero_explicit(h->istate, 2 * crypto_shash_statesize(h->tfm));
		if (h->desc)
			shash_desc_zero(h->desc);
	}
	kfree(h->istate);
	kfree(h->desc);
	crypto_free_shash(h->tfm);
	memset(h, 0, sizeof(*h));
}

int mxtls_hmac_start(struct mxtls_hmac *h)
{
	return crypto_shash_import(h->desc, h->istate);
}

int mxtls_hmac_update(struct mxtls_hmac *h, const u8 *data, unsigned int len)
{
	return crypto_shash_update(h->desc, data, len);
}

int mxtls_hmac_update_sg(struct mxtls_hmac *h, struct scatterlist *sg, unsigned int len)
{
	struct sg_mapping_iter miter;
	int err = 0;

	sg_miter_start(&miter, sg, sg_nents(sg), SG_MITER_FROM_SG);
	while (len && sg_miter_next(&miter)) {
		unsigned int n = min_t(size_t, miter.length, len);

		err = crypto_shash_update(h->desc, miter.addr, n);
		if (err)
			break;
		len -= n;
	}
	sg_miter_stop(&miter);
	return err ?: (len ? -EINVAL : 0);
}

int mxtls_hmac_finish(struct mxtls_hmac *h, u8 *out)
{
	u8 inner[MXTLS_MAX_DIGEST];
	int err;

	err = crypto_shash_final(h->desc, inner) ?:
	      crypto_shash_import(h->desc, h->ostate) ?:
	      crypto_shash_finup(h->desc, inner, h->digest_len, out);
	memzero_explicit(inner, sizeof(inner));
	return err;
}
