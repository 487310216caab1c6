// SPDX-License-Identifier: GPL-2.0
/*
 * mxtls: the MAC-then-encrypt CBC check, in constant time (Lucky 13).
 *
 * After decryption a record is data || MAC || padding, where the padding
 * length, and so the data length, is secret until the MAC has been checked.
 * Everything below does the same work whatever that length is:
 *
 * - the padding bytes are compared over the last 256 bytes (the most there
 *   can be) with masks;
 * - the inner hash of the HMAC is run over every block the message could
 *   end in: each such block is built with masks (message byte, the 0x80
 *   terminator, zeros, the bit length), hashed, and its chaining state kept
 *   only if it is the real last block;
 * - the received MAC is rotated out of the window it may lie in with masks.
 *
 * A bad padding is treated as no padding, so that the MAC is still computed
 * and compared; both failures give the same -EBADMSG.
 *
 * The bytes before the first block any of this touches are hashed as they
 * are: they may stay where they were decrypted (the reader's pages, see
 * mxtls_mte_verify_split()); the rest is read from a buffer of ours.
 *
 * The chaining state is read through crypto_shash_export(): the state
 * words come first in the exported state of the kernel's SHA-1 and SHA-2
 * implementations. mxtls_mte_selftest() checks that for the tfm in use
 * before any key relies on it.
 */
#include <crypto/algapi.h>
#include <crypto/hash.h>
#include <crypto/sha2.h>
#include <linux/random.h>
#include <linux/log2.h>
#include <linux/string.h>

#include "compat.h"
#include "ct.h"
#include "record.h"

/* Largest exported state of the hashes used here (struct sha512_state) */
#define MTE_MAX_STATE	sizeof(struct sha512_state)

struct mte_hash {
	unsigned int md;	/* digest length */
	unsigned int bs;	/* block length */
	unsigned int shift;	/* log2(bs) */
	unsigned int lf;	/* length field bytes in the last block */
	unsigned int word;	/* state word size: 4 or 8 */
};

static int mte_params(const struct mxtls_hmac *h, struct mte_hash *p)
{
	if (h->hash != MXTLS_HASH_SHA1 && h->hash != MXTLS_HASH_SHA256 &&
	    h->hash != MXTLS_HASH_SHA384)
		return -EINVAL;
	if (crypto_shash_statesize(h->tfm) > MTE_MAX_STATE)
		return -EINVAL;
	p->md = h->digest_len;
	p->bs = h->block_len;
	p->shift = ilog2(p->bs);
	p->lf = p->bs == 128 ? 16 : 8;
	p->word = p->bs == 128 ? 8 : 4;
	return 0;
}

/*
 * A decrypted record of len bytes: the first head_len in head (hashed in
 * bulk only), the others in tail. at() is for the bytes of the tail.
 */
struct mte_plain {
	struct scatterlist *head;
	unsigned int head_len;
	const u8 *tail;
	unsigned int len;
};

static inline u8 mte_at(const struct mte_plain *pl, u32 i)
{
	return pl->tail[i - pl->head_len];
}

/*
 * The plaintext bytes hashed as they are: those before the first hash
 * block that may hold the end of the data, for a data length in
 * [dmin, dmax]. Public: it depends on the lengths only.
 */
static u32 mte_bulk_len(const struct mte_hash *p, u32 dmin)
{
	unsigned int first = (MXTLS_AAD_LEN + dmin) >> p->shift;

	return first ? (first << p->shift) - MXTLS_AAD_LEN : 0;
}

/* The least data length a record of len decrypted bytes can have */
static u32 mte_dmin(const struct mte_hash *p, unsigned int len)
{
	u32 dmax = len - p->md;

	return dmax > MXTLS_MAX_PAD ? dmax - MXTLS_MAX_PAD : 0;
}

unsigned int mxtls_mte_head_max(const struct mxtls_hmac *h, unsigned int len)
{
	struct mte_hash p;

	if (mte_params(h, &p) || len < p.md + 1)
		return 0;
	return mte_bulk_len(&p, mte_dmin(&p, len));
}

/* The big-endian digest from the state words the export left in acc */
static void mte_serialize(const struct mte_hash *p, const u8 *acc, u8 *out)
{
	unsigned int i;

	for (i = 0; i < p->md; i += p->word) {
		if (p->word == 8)
			put_unaligned_be64(get_unaligned((const u64 *)(acc + i)), out + i);
		else
			put_unaligned_be32(get_unaligned((const u32 *)(acc + i)), out + i);
	}
}

/*
 * The inner hash of HMAC(hdr || plain[0..data_len)) where data_len is
 * secret and lies in [dmin, dmax]. hdr is the 13-byte MAC prefix (its
 * length field holds data_len).
 */
static int mte_inner_hash(struct mxtls_hmac *h, const struct mte_hash *p,
			  const u8 *hdr, const struct mte_plain *pl, u32 data_len,
			  u32 dmin, u32 dmax, u8 *inner)
{
	u8 block[MXTLS_MAX_HASH_BLOCK], state[MTE_MAX_STATE], acc[MXTLS_MAX_DIGEST];
	u32 tmin = MXTLS_AAD_LEN + dmin, tmax = MXTLS_AAD_LEN + dmax;
	u32 t = MXTLS_AAD_LEN + data_len;
	/* bits hashed: the key block, then the message */
	u64 bits = ((u64)p->bs + t) * 8;
	u32 last_block = (t + p->lf) >> p->shift;
	unsigned int first = tmin >> p->shift, last = (tmax + p->lf) >> p->shift;
	u32 bulk = mte_bulk_len(p, dmin);
	unsigned int j, q;
	int err;

	memset(acc, 0, sizeof(acc));
	err = mxtls_hmac_start(h);
	if (err)
		return err;

	/* Blocks made only of message bytes, whatever the data length */
	if (first) {
		err = mxtls_hmac_update(h, hdr, MXTLS_AAD_LEN);
		if (!err && pl->head_len)
			err = mxtls_hmac_update_sg(h, pl->head, pl->head_len);
		if (!err)
			err = mxtls_hmac_update(h, pl->tail, bulk - pl->head_len);
		if (err)
			return err;
	}

	for (j = first; j <= last; j++) {
		u32 is_last = mxtls_ct_eq(j, last_block);

		for (q = 0; q < p->bs; q++) {
			u32 a = mxtls_ct_hide((j << p->shift) + q);
			u32 b = 0;

			if (a < MXTLS_AAD_LEN)
				b = hdr[a];
			else if (a < tmax)
				b = mte_at(pl, a - MXTLS_AAD_LEN);
			b = (b & mxtls_ct_lt(a, t)) | (0x80 & mxtls_ct_eq(a, t));
			if (q >= p->bs - 8) {
				/* low 8 bytes of the length field, big endian */
				u8 lb = bits >> (8 * (p->bs - 1 - q));

				b |= lb & is_last;
			}
			block[q] = b;
		}
		err = mxtls_hmac_update(h, block, p->bs) ?:
		      crypto_shash_export(h->desc, state);
		if (err)
			goto out;
		for (q = 0; q < p->md; q++)
			acc[q] |= state[q] & is_last;
	}
	mte_serialize(p, acc, inner);
out:
	memzero_explicit(block, sizeof(block));
	memzero_explicit(state, sizeof(state));
	memzero_explicit(acc, sizeof(acc));
	return err;
}

/* The md bytes at plain[data_len], data_len secret in [dmin, dmax] */
static void mte_copy_mac(const struct mte_hash *p, const struct mte_plain *pl,
			 u32 data_len, u32 dmin, u8 *out)
{
	u8 rot[MXTLS_MAX_DIGEST];
	u32 i, j = 0, start = 0;
	unsigned int k, m;

	memset(rot, 0, sizeof(rot));
	for (i = dmin; i < pl->len; i++) {
		/* hidden, or the loop would count relative to data_len */
		u32 pos = mxtls_ct_hide(i);
		u32 in_mac = mxtls_ct_ge(pos, data_len) & mxtls_ct_lt(pos, data_len + p->md);

		rot[j] |= mte_at(pl, i) & in_mac;
		start |= j & mxtls_ct_eq(pos, data_len);
		j = j + 1 == p->md ? 0 : j + 1;
	}
	for (k = 0; k < p->md; k++) {
		u32 idx = k + start;
		u8 v = 0;

		idx -= p->md & mxtls_ct_ge(idx, p->md);
		for (m = 0; m < p->md; m++)
			v |= rot[m] & mxtls_ct_eq(m, idx);
		out[k] = v;
	}
	memzero_explicit(rot, sizeof(rot));
}

int mxtls_mte_verify_split(struct mxtls_hmac *h, const u8 aad_prefix[MXTLS_AAD_LEN - 2],
			   struct scatterlist *head, unsigned int head_len, const u8 *tail,
			   unsigned int len)
{
	const struct mte_plain pl = { head, head_len, tail, len };
	u8 hdr[MXTLS_AAD_LEN], inner[MXTLS_MAX_DIGEST], mac[MXTLS_MAX_DIGEST];
	u8 rx_mac[MXTLS_MAX_DIGEST];
	struct mte_hash p;
	u32 pad, good, data_len, dmin, dmax, i, n;
	int err;

	err = mte_params(h, &p);
	if (err)
		return err;
	/* Public: the caller checked the length against the suite */
	if (len < p.md + 1 || len > MXTLS_MAX_BODY)
		return -EBADMSG;
	dmax = len - p.md;
	dmin = mte_dmin(&p, len);
	if (head_len > mte_bulk_len(&p, dmin))
		return -EINVAL;

	pad = mte_at(&pl, len - 1);
	good = mxtls_ct_ge(len, p.md + pad + 1);
	n = min_t(u32, len, MXTLS_MAX_PAD);
	for (i = 0; i < n; i++) {
		u32 in_pad = mxtls_ct_ge(pad, i);

		good &= ~(in_pad & mxtls_ct_nonzero(mte_at(&pl, len - 1 - i) ^ pad));
	}
	data_len = dmax - (good & (pad + 1));

	memcpy(hdr, aad_prefix, MXTLS_AAD_LEN - 2);
	hdr[MXTLS_AAD_LEN - 2] = data_len >> 8;
	hdr[MXTLS_AAD_LEN - 1] = data_len;
	err = mte_inner_hash(h, &p, hdr, &pl, data_len, dmin, dmax, inner) ?:
	      crypto_shash_import(h->desc, h->ostate) ?:
	      crypto_shash_finup(h->desc, inner, p.md, mac);
	if (!err) {
		mte_copy_mac(&p, &pl, data_len, dmin, rx_mac);
		good &= ~mxtls_ct_nonzero(crypto_memneq(mac, rx_mac, p.md));
	}
	memzero_explicit(hdr, sizeof(hdr));
	memzero_explicit(inner, sizeof(inner));
	memzero_explicit(mac, sizeof(mac));
	memzero_explicit(rx_mac, sizeof(rx_mac));
	if (err)
		return err;
	/* Only now is anything decided: good or bad, and then the length */
	mxtls_ct_declassify(good);
	mxtls_ct_declassify(data_len);
	return good ? (int)data_len : -EBADMSG;
}

int mxtls_mte_verify(struct mxtls_hmac *h, const u8 aad_prefix[MXTLS_AAD_LEN - 2],
		     const u8 *plain, unsigned int len)
{
	return mxtls_mte_verify_split(h, aad_prefix, NULL, 0, plain, len);
}

/*
 * Build data || HMAC || padding of pad_len + 1 bytes with the streaming
 * HMAC, then check it with mxtls_mte_verify(), intact and with the MAC
 * broken. Both paths must agree for the block-level access to be trusted.
 */
static int mte_selftest_one(struct mxtls_hmac *h, u8 *buf, unsigned int data_len,
			    unsigned int pad_len, const u8 *prefix)
{
	unsigned int md = h->digest_len, len = data_len + md + pad_len + 1;
	u8 hdr[MXTLS_AAD_LEN];
	int err;

	memcpy(hdr, prefix, MXTLS_AAD_LEN - 2);
	hdr[MXTLS_AAD_LEN - 2] = data_len >> 8;
	hdr[MXTLS_AAD_LEN - 1] = data_len;
	err = mxtls_hmac_start(h) ?:
	      mxtls_hmac_update(h, hdr, MXTLS_AAD_LEN) ?:
	      mxtls_hmac_update(h, buf, data_len) ?:
	      mxtls_hmac_finish(h, buf + data_len);
	if (err)
		return err;
	memset(buf + data_len + md, pad_len, pad_len + 1);
	if (mxtls_mte_verify(h, prefix, buf, len) != (int)data_len)
		return -ENOTRECOVERABLE;
	buf[data_len] ^= 1;
	if (mxtls_mte_verify(h, prefix, buf, len) != -EBADMSG)
		return -ENOTRECOVERABLE;
	return 0;
}

int mxtls_mte_selftest(struct mxtls_hmac *h)
{
	static const u16 cases[][2] = { { 0, 0 }, { 55, 3 }, { 300, 255 }, { 1000, 100 } };
	const u8 prefix[MXTLS_AAD_LEN - 2] = { 0, 0, 0, 0, 0, 0, 0, 1, 23, 3, 3 };
	struct mte_hash p;
	unsigned int i;
	int err;
	u8 *buf;

	err = mte_params(h, &p);
	if (err)
		return err;
	buf = kmalloc(1000 + MXTLS_MAX_DIGEST + MXTLS_MAX_PAD, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	get_random_bytes(buf, 1000);
	for (i = 0; i < ARRAY_SIZE(cases) && !err; i++)
		err = mte_selftest_one(h, buf, cases[i][0], cases[i][1], prefix);
	kfree(buf);
	return err;
}
