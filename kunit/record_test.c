// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the record protection on its own. Known-answer records sealed by
 * OpenSSL and GnuTLS (record_kat.h) are opened and sealed again byte for
 * byte; the constant-time MAC-then-encrypt check is run for every padding
 * length and every corrupted byte; IVs, nonces and sequence numbers are
 * checked against the kernel's own cipher and HMAC implementations.
 */
#include <kunit/test.h>
#include <crypto/aead.h>
#include <crypto/hash.h>
#include <crypto/skcipher.h>
#include <linux/mxtls.h>
#include <linux/random.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>

#include "compat.h"
#include "record.h"
#include "record_kat.h"
#include "util.h"

static struct mxtls_crypto *kat_crypto(struct kunit *test, const struct mxtls_kat *kat)
{
	struct mxtls_key_material km = {
		.version = kat->version,
		.suite = kat->suite,
		.etm = kat->etm,
		.seq = kat->seq,
		.key = kat->key,
		.key_len = kat->key_len,
		.mac_key = kat->mac_key,
		.mac_key_len = kat->mac_key_len,
		.iv = kat->iv,
		.iv_len = kat->iv_len,
		.keystream_offset = kat->keystream_offset,
	};
	struct mxtls_crypto *c = mxtls_crypto_new(&km, NULL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL_MSG(test, c, "%s", kat->name);
	return c;
}

/* The plaintext record r of kat carries */
static u8 *kat_plain(struct kunit *test, const struct mxtls_kat_record *r)
{
	u8 *p = kunit_kzalloc(test, r->plain_len + 1, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	if (r->type == MXTLS_CT_ALERT) {
		p[0] = MXTLS_ALERT_WARNING;
		p[1] = MXTLS_ALERT_CLOSE_NOTIFY;
	} else {
		mxtls_kunit_pattern(p, r->plain_len, r->seed);
	}
	return p;
}

/* Open record r of kat with c; returns the plaintext length or an error */
static int kat_open(struct kunit *test, struct mxtls_crypto *c, const struct mxtls_kat *kat,
		    const struct mxtls_kat_record *r, u8 **plain, int flip)
{
	u32 body = r->len - MXTLS_HDR_LEN;
	u8 *buf = kunit_kmalloc(test, body, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	memcpy(buf, kat->wire + r->off + MXTLS_HDR_LEN, body);
	if (flip >= 0)
		buf[flip] ^= 0x01;
	*plain = buf + c->explicit_len;
	return mxtls_open(c, r->type, buf, body);
}

static void kat_opens(struct kunit *test)
{
	unsigned int i, j;

	for (i = 0; i < ARRAY_SIZE(mxtls_kats); i++) {
		const struct mxtls_kat *kat = mxtls_kats[i];
		struct mxtls_crypto *c = kat_crypto(test, kat);

		for (j = 0; j < kat->n_records; j++) {
			const struct mxtls_kat_record *r = &kat->records[j];
			u8 *plain;
			int n = kat_open(test, c, kat, r, &plain, -1);

			KUNIT_EXPECT_EQ_MSG(test, n, r->plain_len, "%s record %u", kat->name, j);
			if (n == r->plain_len)
				KUNIT_EXPECT_MEMEQ_MSG(test, plain, kat_plain(test, r), n,
						       "%s record %u", kat->name, j);
		}
		KUNIT_EXPECT_EQ(test, c->seq, kat->seq + kat->n_records);
		mxtls_crypto_free(c);
	}
}

/* Sealing the same plaintext with the same explicit IV or nonce gives the same bytes */
static void kat_seals(struct kunit *test)
{
	unsigned int i, j;

	for (i = 0; i < ARRAY_SIZE(mxtls_kats); i++) {
		const struct mxtls_kat *kat = mxtls_kats[i];
		struct mxtls_crypto *c = kat_crypto(test, kat);

		for (j = 0; j < kat->n_records; j++) {
			const struct mxtls_kat_record *r = &kat->records[j];
			const u8 *wire = kat->wire + r->off;
			struct scatterlist pt, out;
			u8 *plain = kat_plain(test, r), *buf;

			KUNIT_ASSERT_EQ_MSG(test, mxtls_sealed_len(c, r->plain_len), r->len,
					    "%s record %u", kat->name, j);
			buf = kunit_kzalloc(test, r->len, GFP_KERNEL);
			KUNIT_ASSERT_NOT_NULL(test, buf);
			sg_init_one(&pt, plain, r->plain_len ?: 1);
			sg_init_one(&out, buf, r->len);
			KUNIT_ASSERT_EQ(test, mxtls_seal(c, r->type, &pt, r->plain_len, &out,
							 wire + MXTLS_HDR_LEN), 0);
			KUNIT_EXPECT_MEMEQ_MSG(test, buf, wire, r->len, "%s record %u",
					       kat->name, j);
		}
		mxtls_crypto_free(c);
	}
}

/* Every byte of an application record changed: one error, the same for all */
static void kat_corrupt_every_byte(struct kunit *test)
{
	unsigned int i, j, rec, pos;

	for (i = 0; i < ARRAY_SIZE(mxtls_kats); i++) {
		const struct mxtls_kat *kat = mxtls_kats[i];

		/* the first non-empty application record */
		for (rec = 0; rec < kat->n_records; rec++)
			if (kat->records[rec].plain_len &&
			    kat->records[rec].type == MXTLS_CT_APPLICATION_DATA)
				break;
		KUNIT_ASSERT_LT(test, rec, kat->n_records);
		for (pos = 0; pos < kat->records[rec].len - MXTLS_HDR_LEN; pos++) {
			struct mxtls_crypto *c = kat_crypto(test, kat);
			u8 *plain;
			int n;

			for (j = 0; j < rec; j++)
				KUNIT_ASSERT_GE(test, kat_open(test, c, kat, &kat->records[j],
							       &plain, -1), 0);
			n = kat_open(test, c, kat, &kat->records[rec], &plain, pos);
			KUNIT_EXPECT_EQ_MSG(test, n, -EBADMSG, "%s byte %u", kat->name, pos);
			mxtls_crypto_free(c);
		}
	}
}

/* The type is authenticated too */
static void kat_wrong_type(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(mxtls_kats); i++) {
		const struct mxtls_kat *kat = mxtls_kats[i];
		const struct mxtls_kat_record *r = &kat->records[0];
		struct mxtls_crypto *c = kat_crypto(test, kat);
		u32 body = r->len - MXTLS_HDR_LEN;
		u8 *buf = kunit_kmalloc(test, body, GFP_KERNEL);

		KUNIT_ASSERT_NOT_NULL(test, buf);
		memcpy(buf, kat->wire + r->off + MXTLS_HDR_LEN, body);
		KUNIT_EXPECT_EQ_MSG(test, mxtls_open(c, MXTLS_CT_HANDSHAKE, buf, body), -EBADMSG,
				    "%s", kat->name);
		mxtls_crypto_free(c);
	}
}

/* data || HMAC || pad_len + 1 bytes of pad_len, the MAC by the kernel's hmac() */
static u8 *mte_plain(struct kunit *test, const char *hmac, unsigned int md, const u8 *key,
		     const u8 *prefix, unsigned int data_len, unsigned int pad_len,
		     unsigned int *len)
{
	struct crypto_shash *tfm = crypto_alloc_shash(hmac, 0, 0);
	u8 *p, hdr[MXTLS_AAD_LEN];

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, tfm);
	*len = data_len + md + pad_len + 1;
	p = kunit_kmalloc(test, *len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	mxtls_kunit_pattern(p, data_len, data_len + pad_len);
	memcpy(hdr, prefix, MXTLS_AAD_LEN - 2);
	hdr[MXTLS_AAD_LEN - 2] = data_len >> 8;
	hdr[MXTLS_AAD_LEN - 1] = data_len;
	{
		SHASH_DESC_ON_STACK(desc, tfm);

		desc->tfm = tfm;
		KUNIT_ASSERT_EQ(test, crypto_shash_setkey(tfm, key, md), 0);
		KUNIT_ASSERT_EQ(test, crypto_shash_init(desc) ?:
				crypto_shash_update(desc, hdr, sizeof(hdr)) ?:
				crypto_shash_finup(desc, p, data_len, p + data_len), 0);
		shash_desc_zero(desc);
	}
	crypto_free_shash(tfm);
	memset(p + data_len + md, pad_len, pad_len + 1);
	return p;
}

struct mte_hash_case {
	const char *hmac;
	u8 hash;
	unsigned int md;
};

static const struct mte_hash_case mte_hashes[] = {
	{ "hmac(sha1)", MXTLS_HASH_SHA1, 20 },
	{ "hmac(sha256)", MXTLS_HASH_SHA256, 32 },
	{ "hmac(sha384)", MXTLS_HASH_SHA384, 48 },
};

static const u8 mte_prefix[MXTLS_AAD_LEN - 2] = { 0, 0, 0, 0, 0, 0, 1, 2, 23, 3, 3 };

/* Every padding length, with data lengths across block boundaries */
static void mte_every_padding_length(struct kunit *test)
{
	u8 key[MXTLS_MAX_DIGEST];
	unsigned int h, pad, len;

	get_random_bytes(key, sizeof(key));
	for (h = 0; h < ARRAY_SIZE(mte_hashes); h++) {
		struct mxtls_hmac mac;

		KUNIT_ASSERT_EQ(test, mxtls_hmac_init(&mac, mte_hashes[h].hash, key,
						      mte_hashes[h].md), 0);
		for (pad = 0; pad < MXTLS_MAX_PAD; pad++) {
			unsigned int data_len = (pad * 7) % 150;
			u8 *p = mte_plain(test, mte_hashes[h].hmac, mte_hashes[h].md, key,
					  mte_prefix, data_len, pad, &len);

			KUNIT_EXPECT_EQ_MSG(test, mxtls_mte_verify(&mac, mte_prefix, p, len),
					    (int)data_len, "%s pad %u", mte_hashes[h].hmac, pad);
			kunit_kfree(test, p);
		}
		mxtls_hmac_free(&mac);
	}
}

/* Any byte changed, data, MAC or padding: the same -EBADMSG */
static void mte_every_corrupted_byte(struct kunit *test)
{
	static const unsigned int pads[] = { 0, 1, 15, 16, 63, 255 };
	u8 key[MXTLS_MAX_DIGEST];
	unsigned int h, i, pos, len;

	get_random_bytes(key, sizeof(key));
	for (h = 0; h < ARRAY_SIZE(mte_hashes); h++) {
		struct mxtls_hmac mac;

		KUNIT_ASSERT_EQ(test, mxtls_hmac_init(&mac, mte_hashes[h].hash, key,
						      mte_hashes[h].md), 0);
		for (i = 0; i < ARRAY_SIZE(pads); i++) {
			u8 *p = mte_plain(test, mte_hashes[h].hmac, mte_hashes[h].md, key,
					  mte_prefix, 40, pads[i], &len);

			for (pos = 0; pos < len; pos++) {
				int ret;

				p[pos] ^= 0x80;
				ret = mxtls_mte_verify(&mac, mte_prefix, p, len);
				KUNIT_EXPECT_EQ_MSG(test, ret, -EBADMSG, "%s pad %u byte %u",
						    mte_hashes[h].hmac, pads[i], pos);
				p[pos] ^= 0x80;
			}
			KUNIT_EXPECT_EQ(test, mxtls_mte_verify(&mac, mte_prefix, p, len), 40);
			kunit_kfree(test, p);
		}
		mxtls_hmac_free(&mac);
	}
}

/* A padding length byte pointing past the MAC, and a wrong sequence number */
static void mte_impossible_padding_and_seq(struct kunit *test)
{
	u8 key[20], prefix[MXTLS_AAD_LEN - 2];
	struct mxtls_hmac mac;
	unsigned int len;
	u8 *p;

	get_random_bytes(key, sizeof(key));
	KUNIT_ASSERT_EQ(test, mxtls_hmac_init(&mac, MXTLS_HASH_SHA1, key, 20), 0);
	p = mte_plain(test, "hmac(sha1)", 20, key, mte_prefix, 3, 8, &len);
	p[len - 1] = 255;
	KUNIT_EXPECT_EQ(test, mxtls_mte_verify(&mac, mte_prefix, p, len), -EBADMSG);
	p[len - 1] = 8;
	memcpy(prefix, mte_prefix, sizeof(prefix));
	prefix[7] ^= 1;
	KUNIT_EXPECT_EQ(test, mxtls_mte_verify(&mac, prefix, p, len), -EBADMSG);
	KUNIT_EXPECT_EQ(test, mxtls_mte_verify(&mac, mte_prefix, p, len), 3);
	KUNIT_EXPECT_EQ(test, mxtls_mte_verify(&mac, mte_prefix, p, 20), -EBADMSG);
	mxtls_hmac_free(&mac);
}

/*
 * The check split as a record opened into a reader's buffer has it: the
 * most it allows in a buffer of its own (the head), every padding length,
 * intact and with a byte of the head, of the MAC and of the padding spoiled
 */
static void mte_split_every_padding_length(struct kunit *test)
{
	u8 key[MXTLS_MAX_DIGEST];
	unsigned int h, pad, len, head_len;

	get_random_bytes(key, sizeof(key));
	for (h = 0; h < ARRAY_SIZE(mte_hashes); h++) {
		unsigned int md = mte_hashes[h].md;
		struct mxtls_hmac mac;

		KUNIT_ASSERT_EQ(test, mxtls_hmac_init(&mac, mte_hashes[h].hash, key, md), 0);
		for (pad = 0; pad < MXTLS_MAX_PAD; pad++) {
			unsigned int data_len = 1500 + (pad * 7) % 150, spoil[3], i;
			u8 *p = mte_plain(test, mte_hashes[h].hmac, md, key, mte_prefix, data_len,
					  pad, &len);
			struct scatterlist head;
			u8 *head_buf;

			head_len = mxtls_mte_head_max(&mac, len);
			KUNIT_ASSERT_GT(test, head_len, 1000U);
			KUNIT_ASSERT_LE(test, head_len, data_len);
			head_buf = kunit_kmalloc(test, head_len, GFP_KERNEL);
			KUNIT_ASSERT_NOT_NULL(test, head_buf);
			memcpy(head_buf, p, head_len);
			sg_init_one(&head, head_buf, head_len);
			KUNIT_EXPECT_EQ_MSG(test, mxtls_mte_verify_split(&mac, mte_prefix, &head,
									 head_len, p + head_len,
									 len),
					    (int)data_len, "%s pad %u", mte_hashes[h].hmac, pad);
			/* more in the head than the check allows */
			KUNIT_EXPECT_EQ(test, mxtls_mte_verify_split(&mac, mte_prefix, &head,
								     head_len + 1, p + head_len + 1,
								     len), -EINVAL);
			spoil[0] = head_len / 2;
			spoil[1] = data_len + md - 1;
			spoil[2] = len - 1 - pad / 2;
			for (i = 0; i < ARRAY_SIZE(spoil); i++) {
				u8 *at = spoil[i] < head_len ? head_buf + spoil[i] : p + spoil[i];

				*at ^= 0x04;
				KUNIT_EXPECT_EQ_MSG(test,
						    mxtls_mte_verify_split(&mac, mte_prefix, &head,
									   head_len, p + head_len,
									   len),
						    -EBADMSG, "%s pad %u byte %u",
						    mte_hashes[h].hmac, pad, spoil[i]);
				*at ^= 0x04;
			}
			kunit_kfree(test, head_buf);
			kunit_kfree(test, p);
		}
		mxtls_hmac_free(&mac);
	}
}

static struct mxtls_crypto *new_crypto(struct kunit *test, u16 version, u16 suite, bool etm,
				       u64 seq, u8 *key, u8 *mac_key, u8 *iv)
{
	const struct mxtls_suite *s = mxtls_suite_find(suite);
	struct mxtls_key_material km = {
		.version = version, .suite = suite, .etm = etm, .seq = seq,
		.key = key, .mac_key = mac_key, .iv = iv,
	};
	struct mxtls_crypto *c;

	KUNIT_ASSERT_NOT_NULL(test, s);
	km.key_len = s->prot->key_len;
	switch (s->prot->hash) {
	case MXTLS_HASH_SHA1:
		km.mac_key_len = 20;
		break;
	case MXTLS_HASH_SHA256:
		km.mac_key_len = 32;
		break;
	case MXTLS_HASH_SHA384:
		km.mac_key_len = 48;
		break;
	}
	if (s->prot->cipher == MXTLS_CIPHER_GCM)
		km.iv_len = 4;
	else if (s->prot->cipher == MXTLS_CIPHER_CHACHA)
		km.iv_len = 12;
	else if (version == MXTLS_TLS_1_0)
		km.iv_len = s->prot->block;
	get_random_bytes(key, km.key_len);
	get_random_bytes(mac_key, km.mac_key_len);
	get_random_bytes(iv, km.iv_len);
	c = mxtls_crypto_new(&km, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, c);
	return c;
}

static u8 *seal_one(struct kunit *test, struct mxtls_crypto *c, const u8 *plain,
		    unsigned int len, unsigned int *out_len)
{
	struct scatterlist pt, out;
	u8 *buf;

	*out_len = mxtls_sealed_len(c, len);
	buf = kunit_kzalloc(test, *out_len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	sg_init_one(&pt, plain, len ?: 1);
	sg_init_one(&out, buf, *out_len);
	KUNIT_ASSERT_EQ(test, mxtls_seal(c, MXTLS_CT_APPLICATION_DATA, &pt, len, &out, NULL), 0);
	return buf;
}

/* Decrypt with the kernel's cbc(aes) directly */
static void cbc_decrypt(struct kunit *test, const u8 *key, const u8 *iv, const u8 *ct,
			unsigned int len, u8 *out)
{
	struct crypto_skcipher *tfm = crypto_alloc_skcipher("cbc(aes)", 0, 0);
	struct skcipher_request *req;
	struct scatterlist sg;
	DECLARE_CRYPTO_WAIT(wait);
	u8 ivbuf[16];

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, tfm);
	KUNIT_ASSERT_EQ(test, crypto_skcipher_setkey(tfm, key, 16), 0);
	req = skcipher_request_alloc(tfm, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, req);
	memcpy(out, ct, len);
	memcpy(ivbuf, iv, 16);
	sg_init_one(&sg, out, len);
	skcipher_request_set_callback(req, 0, crypto_req_done, &wait);
	skcipher_request_set_crypt(req, &sg, &sg, len, ivbuf);
	KUNIT_ASSERT_EQ(test, crypto_wait_req(crypto_skcipher_decrypt(req), &wait), 0);
	skcipher_request_free(req);
	crypto_free_skcipher(tfm);
}

/* TLS 1.0 chains the IV from the previous record's last block; 1.1 and 1.2 send it */
static void iv_per_version(struct kunit *test)
{
	u8 key[32], mac_key[48], iv[16], plain[40], dec[64];
	unsigned int l1, l2, l3;
	struct mxtls_crypto *c;
	u8 *r1, *r2, *r3;

	mxtls_kunit_pattern(plain, sizeof(plain), 5);
	c = new_crypto(test, MXTLS_TLS_1_0, 0x002f, false, 0, key, mac_key, iv);
	r1 = seal_one(test, c, plain, 10, &l1);
	r2 = seal_one(test, c, plain, 20, &l2);
	cbc_decrypt(test, key, iv, r1 + MXTLS_HDR_LEN, 16, dec);
	KUNIT_EXPECT_MEMEQ(test, dec, plain, 10);
	cbc_decrypt(test, key, r1 + l1 - 16, r2 + MXTLS_HDR_LEN, 32, dec);
	KUNIT_EXPECT_MEMEQ(test, dec, plain, 20);
	mxtls_crypto_free(c);

	c = new_crypto(test, MXTLS_TLS_1_1, 0x002f, true, 0, key, mac_key, iv);
	r1 = seal_one(test, c, plain, 30, &l1);
	r3 = seal_one(test, c, plain, 30, &l3);
	/* the explicit IV is the first block, fresh for each record */
	KUNIT_EXPECT_MEMNEQ(test, r1 + MXTLS_HDR_LEN, r3 + MXTLS_HDR_LEN, 16);
	cbc_decrypt(test, key, r1 + MXTLS_HDR_LEN, r1 + MXTLS_HDR_LEN + 16, 32, dec);
	KUNIT_EXPECT_MEMEQ(test, dec, plain, 30);
	mxtls_crypto_free(c);
}

/* GCM's explicit nonce is the sequence number; records open in order only */
static void sequence_numbers(struct kunit *test)
{
	u8 key[32], mac_key[48], iv[16], plain[16];
	struct mxtls_crypto *tx, *rx;
	unsigned int l1, l2;
	u8 *r1, *r2, *copy;

	mxtls_kunit_pattern(plain, sizeof(plain), 9);
	tx = new_crypto(test, MXTLS_TLS_1_2, 0x009c, false, 41, key, mac_key, iv);
	r1 = seal_one(test, tx, plain, 16, &l1);
	r2 = seal_one(test, tx, plain, 16, &l2);
	KUNIT_EXPECT_EQ(test, get_unaligned_be64(r1 + MXTLS_HDR_LEN), 41ULL);
	KUNIT_EXPECT_EQ(test, get_unaligned_be64(r2 + MXTLS_HDR_LEN), 42ULL);
	KUNIT_EXPECT_EQ(test, tx->seq, 43ULL);

	{
		struct mxtls_key_material km = {
			.version = MXTLS_TLS_1_2, .suite = 0x009c, .seq = 41,
			.key = key, .key_len = 16, .iv = iv, .iv_len = 4,
		};

		rx = mxtls_crypto_new(&km, NULL);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, rx);
	}
	/*
	 * The second first: its sequence number is not the expected one. On a
	 * copy: a failed open leaves garbage in its buffer.
	 */
	copy = kunit_kmalloc(test, l2, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, copy);
	memcpy(copy, r2, l2);
	KUNIT_EXPECT_EQ(test, mxtls_open(rx, 23, copy + MXTLS_HDR_LEN, l2 - MXTLS_HDR_LEN),
			-EBADMSG);
	KUNIT_EXPECT_EQ(test, mxtls_open(rx, 23, r1 + MXTLS_HDR_LEN, l1 - MXTLS_HDR_LEN), 16);
	KUNIT_EXPECT_EQ(test, mxtls_open(rx, 23, r2 + MXTLS_HDR_LEN, l2 - MXTLS_HDR_LEN), 16);
	mxtls_crypto_free(rx);

	/* the last sequence number is never used */
	tx->seq = U64_MAX - 1;
	seal_one(test, tx, plain, 16, &l1);
	{
		struct scatterlist pt, out;
		u8 *buf = kunit_kzalloc(test, l1, GFP_KERNEL);

		KUNIT_ASSERT_NOT_NULL(test, buf);
		sg_init_one(&pt, plain, 16);
		sg_init_one(&out, buf, l1);
		KUNIT_EXPECT_EQ(test, mxtls_seal(tx, 23, &pt, 16, &out, NULL), -EKEYEXPIRED);
	}
	mxtls_crypto_free(tx);
}

/* Bytes on the wire per protection and version */
static void record_sizes(struct kunit *test)
{
	u8 key[32], mac_key[48], iv[16];
	struct mxtls_crypto *c;

	c = new_crypto(test, MXTLS_TLS_1_2, 0xc02f, false, 0, key, mac_key, iv);
	KUNIT_EXPECT_EQ(test, mxtls_sealed_len(c, 100), 5U + 8 + 100 + 16);
	KUNIT_EXPECT_EQ(test, mxtls_min_body(c), 24U);
	mxtls_crypto_free(c);
	c = new_crypto(test, MXTLS_TLS_1_2, 0xcca8, false, 0, key, mac_key, iv);
	KUNIT_EXPECT_EQ(test, mxtls_sealed_len(c, 100), 5U + 100 + 16);
	mxtls_crypto_free(c);
	c = new_crypto(test, MXTLS_TLS_1_0, 0x002f, false, 0, key, mac_key, iv);
	KUNIT_EXPECT_EQ(test, mxtls_sealed_len(c, 0), 5U + 32);	/* 20 MAC + 12 pad */
	KUNIT_EXPECT_EQ(test, mxtls_sealed_len(c, 11), 5U + 32);
	KUNIT_EXPECT_EQ(test, mxtls_sealed_len(c, 12), 5U + 48);
	KUNIT_EXPECT_EQ(test, mxtls_min_body(c), 32U);
	mxtls_crypto_free(c);
	c = new_crypto(test, MXTLS_TLS_1_1, 0x002f, true, 0, key, mac_key, iv);
	KUNIT_EXPECT_EQ(test, mxtls_sealed_len(c, 15), 5U + 16 + 16 + 20);
	KUNIT_EXPECT_EQ(test, mxtls_sealed_len(c, 16), 5U + 16 + 32 + 20);
	KUNIT_EXPECT_EQ(test, mxtls_min_body(c), 52U);
	mxtls_crypto_free(c);
	c = new_crypto(test, MXTLS_TLS_1_2, 0x000a, false, 0, key, mac_key, iv);
	KUNIT_EXPECT_EQ(test, mxtls_sealed_len(c, 3), 5U + 8 + 24);
	mxtls_crypto_free(c);
}

static u8 *test_dup(struct kunit *test, const u8 *p, size_t len, gfp_t gfp)
{
	u8 *d = kunit_kmalloc(test, len, gfp);

	KUNIT_ASSERT_NOT_NULL(test, d);
	memcpy(d, p, len);
	return d;
}

/* room bytes in three pieces at odd places, as a reader's pages may be */
static struct scatterlist *scattered(struct kunit *test, unsigned int room, u8 **bufs)
{
	struct scatterlist *sg = kunit_kmalloc_array(test, 3, sizeof(*sg), GFP_KERNEL);
	unsigned int cut[3] = { room / 3 + 1, room / 3 + 5, 0 }, i;

	KUNIT_ASSERT_NOT_NULL(test, sg);
	if (room < 8) {
		cut[0] = room;
		cut[1] = 0;
	}
	cut[2] = room - cut[0] - cut[1];
	sg_init_table(sg, 3);
	for (i = 0; i < 3; i++) {
		bufs[i] = kunit_kzalloc(test, cut[i] + 3, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, bufs[i]);
		sg_set_buf(&sg[i], bufs[i] + 3, cut[i]);
	}
	return sg;
}

/*
 * Open a body from src into three scattered pieces with mxtls_open_sg();
 * the plaintext gathered in out
 */
static int open_scattered(struct kunit *test, struct mxtls_crypto *c, u8 type, const u8 *body,
			  unsigned int len, u8 *out)
{
	unsigned int room = mxtls_open_max_plain(c, len);
	struct scatterlist src, *dst;
	u8 *copy = test_dup(test, body, len, GFP_KERNEL), *bufs[3];
	int n;

	KUNIT_ASSERT_NOT_NULL(test, copy);
	dst = scattered(test, room, bufs);
	sg_init_one(&src, copy, len);
	n = mxtls_open_sg(c, type, &src, len, dst);
	if (n > 0)
		sg_copy_to_buffer(dst, 3, out, n);
	kunit_kfree(test, copy);
	return n;
}

/*
 * The known-answer records of the CBC and AEAD suites opened into scattered
 * buffers (as into a reader's pages), and every byte of the first
 * application record spoiled that way
 */
static void kat_opens_scattered(struct kunit *test)
{
	unsigned int i, j, rec, pos;

	for (i = 0; i < ARRAY_SIZE(mxtls_kats); i++) {
		const struct mxtls_kat *kat = mxtls_kats[i];
		struct mxtls_crypto *c = kat_crypto(test, kat);
		u8 *out = kunit_kmalloc(test, MXTLS_MAX_BODY, GFP_KERNEL);

		KUNIT_ASSERT_NOT_NULL(test, out);
		if (!c->cbc && !c->aead) {
			mxtls_crypto_free(c);
			continue;
		}
		for (j = 0; j < kat->n_records; j++) {
			const struct mxtls_kat_record *r = &kat->records[j];
			int n = open_scattered(test, c, r->type, kat->wire + r->off + MXTLS_HDR_LEN,
					       r->len - MXTLS_HDR_LEN, out);

			KUNIT_EXPECT_EQ_MSG(test, n, r->plain_len, "%s record %u", kat->name, j);
			if (n == r->plain_len && n)
				KUNIT_EXPECT_MEMEQ_MSG(test, out, kat_plain(test, r), n,
						       "%s record %u", kat->name, j);
		}
		mxtls_crypto_free(c);

		for (rec = 0; rec < kat->n_records; rec++)
			if (kat->records[rec].plain_len &&
			    kat->records[rec].type == MXTLS_CT_APPLICATION_DATA)
				break;
		KUNIT_ASSERT_LT(test, rec, kat->n_records);
		for (pos = 0; pos < kat->records[rec].len - MXTLS_HDR_LEN; pos++) {
			const struct mxtls_kat_record *r = &kat->records[rec];
			u8 *body = test_dup(test, kat->wire + r->off + MXTLS_HDR_LEN,
						 r->len - MXTLS_HDR_LEN, GFP_KERNEL);
			u8 *plain;

			KUNIT_ASSERT_NOT_NULL(test, body);
			c = kat_crypto(test, kat);
			for (j = 0; j < rec; j++)
				KUNIT_ASSERT_GE(test, kat_open(test, c, kat, &kat->records[j],
							       &plain, -1), 0);
			body[pos] ^= 0x01;
			KUNIT_EXPECT_EQ_MSG(test, open_scattered(test, c, r->type, body,
								 r->len - MXTLS_HDR_LEN, out),
					    -EBADMSG, "%s byte %u", kat->name, pos);
			mxtls_crypto_free(c);
			kunit_kfree(test, body);
		}
	}
}

/* The receiving side of tx: its keys, from the sequence number seq on */
static struct mxtls_crypto *peer_of(struct kunit *test, const struct mxtls_crypto *tx, u64 seq,
				    const u8 *key, const u8 *mac_key, const u8 *iv)
{
	struct mxtls_key_material km = {
		.version = tx->version, .suite = tx->suite->id, .etm = tx->etm, .seq = seq,
		.key = key, .key_len = tx->suite->prot->key_len,
		.mac_key = mac_key, .mac_key_len = tx->tag_len,
		.iv = iv, .iv_len = tx->version == MXTLS_TLS_1_0 ? tx->block : 0,
	};
	struct mxtls_crypto *c = mxtls_crypto_new(&km, NULL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, c);
	return c;
}

/*
 * Records of every size class up to 2^14 of one CBC protection, sealed and
 * opened into scattered buffers; a byte spoiled in the first and in the
 * last block of each
 */
static void cbc_scattered_one(struct kunit *test, u16 version, u16 suite, bool etm, u8 *plain,
			      u8 *out)
{
	static const unsigned int sizes[] = { 0, 1, 255, 256, 300, 1000, 4095, 4096,
					      16000, 16383, 16384 };
	u8 key[32], mac_key[48], iv[16];
	struct mxtls_crypto *tx, *rx;
	unsigned int i, spoil;

	tx = new_crypto(test, version, suite, etm, 5, key, mac_key, iv);
	rx = peer_of(test, tx, 5, key, mac_key, iv);
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		unsigned int len, body;
		u8 *rec;
		int n;

		mxtls_kunit_pattern(plain, sizes[i], sizes[i] + suite);
		rec = seal_one(test, tx, plain, sizes[i], &len);
		body = len - MXTLS_HDR_LEN;
		for (spoil = 0; spoil < 2; spoil++) {
			/* rx as it is before this record: the same sequence number and IV */
			const u8 *now_iv = version == MXTLS_TLS_1_0 ? rx->iv : iv;
			struct mxtls_crypto *again;
			u8 *bad = test_dup(test, rec, len, GFP_KERNEL);

			KUNIT_ASSERT_NOT_NULL(test, bad);
			again = peer_of(test, tx, rx->seq, key, mac_key, now_iv);
			bad[spoil ? len - 1 : MXTLS_HDR_LEN + rx->explicit_len] ^= 0x20;
			n = open_scattered(test, again, MXTLS_CT_APPLICATION_DATA,
					   bad + MXTLS_HDR_LEN, body, out);
			KUNIT_EXPECT_EQ_MSG(test, n, -EBADMSG,
					    "suite %04x v%04x etm %d size %u spoil %u", suite,
					    version, etm, sizes[i], spoil);
			mxtls_crypto_free(again);
			kunit_kfree(test, bad);
		}
		n = open_scattered(test, rx, MXTLS_CT_APPLICATION_DATA, rec + MXTLS_HDR_LEN, body,
				   out);
		KUNIT_EXPECT_EQ_MSG(test, n, (int)sizes[i], "suite %04x v%04x etm %d", suite,
				    version, etm);
		if (n == (int)sizes[i] && n)
			KUNIT_EXPECT_MEMEQ(test, out, plain, n);
		kunit_kfree(test, rec);
	}
	KUNIT_EXPECT_EQ(test, rx->seq, tx->seq);
	mxtls_crypto_free(tx);
	mxtls_crypto_free(rx);
}

/* MAC-then-encrypt and encrypt-then-MAC, TLS 1.0 (the chained IV) and 1.2 */
static void cbc_open_scattered_sizes(struct kunit *test)
{
	u8 *plain = kunit_kmalloc(test, MXTLS_MAX_PLAIN, GFP_KERNEL);
	u8 *out = kunit_kmalloc(test, MXTLS_MAX_BODY, GFP_KERNEL);
	unsigned int etm;

	KUNIT_ASSERT_NOT_NULL(test, plain);
	KUNIT_ASSERT_NOT_NULL(test, out);
	for (etm = 0; etm < 2; etm++) {
		cbc_scattered_one(test, MXTLS_TLS_1_0, 0x002f, etm, plain, out);
		cbc_scattered_one(test, MXTLS_TLS_1_2, 0x002f, etm, plain, out);
		cbc_scattered_one(test, MXTLS_TLS_1_2, 0x003d, etm, plain, out);
		cbc_scattered_one(test, MXTLS_TLS_1_1, 0x000a, etm, plain, out);
		cbc_scattered_one(test, MXTLS_TLS_1_2, 0xc028, etm, plain, out);
	}
}

static void suite_table(struct kunit *test)
{
	static const u16 known[] = {
		0x002f, 0x0035, 0x003c, 0x003d, 0xc027, 0xc028, 0x000a, 0x009c, 0x009d,
		0xc02b, 0xc030, 0xcca8, 0xcca9, 0x008c, 0x00ae, 0x00af,
	};
	static const u16 unknown[] = { 0x0000, 0x0001, 0x1301, 0x1303, 0xffff, 0x00ff };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(known); i++)
		KUNIT_EXPECT_NOT_NULL_MSG(test, mxtls_suite_find(known[i]), "0x%04x", known[i]);
	for (i = 0; i < ARRAY_SIZE(unknown); i++)
		KUNIT_EXPECT_NULL_MSG(test, mxtls_suite_find(unknown[i]), "0x%04x", unknown[i]);
	KUNIT_EXPECT_TRUE(test, mxtls_suite_find(0x009c)->tls12_only);
	KUNIT_EXPECT_TRUE(test, mxtls_suite_find(0x003c)->tls12_only);
	KUNIT_EXPECT_FALSE(test, mxtls_suite_find(0x00ae)->tls12_only);
	KUNIT_EXPECT_FALSE(test, mxtls_suite_find(0x002f)->tls12_only);
	KUNIT_EXPECT_EQ(test, !!mxtls_suite_find(0x0005), IS_ENABLED(CONFIG_MXTLS_RC4));
	KUNIT_EXPECT_EQ(test, !!mxtls_suite_find(0x0004), IS_ENABLED(CONFIG_MXTLS_RC4));
}

/* Each way key material can be wrong, and its errno */
static void key_material_checks(struct kunit *test)
{
	static const u8 key[48], iv[16];
	struct mxtls_key_material ok = {
		.version = MXTLS_TLS_1_2, .suite = 0x002f, .key = key, .key_len = 16,
		.mac_key = key, .mac_key_len = 20,
	};
	struct mxtls_key_material km;

	KUNIT_EXPECT_EQ(test, mxtls_crypto_check(&ok, NULL), 0);
	km = ok;
	km.version = MXTLS_SSL_3_0;
	KUNIT_EXPECT_EQ(test, mxtls_crypto_check(&km, NULL), -EPROTONOSUPPORT);
	km.version = 0x0304;
	KUNIT_EXPECT_EQ(test, mxtls_crypto_check(&km, NULL), -EPROTONOSUPPORT);
	km = ok;
	km.suite = 0x1301;
	KUNIT_EXPECT_EQ(test, mxtls_crypto_check(&km, NULL), -EOPNOTSUPP);
	km = ok;
	km.key_len = 32;
	KUNIT_EXPECT_EQ(test, mxtls_crypto_check(&km, NULL), -EINVAL);
	km = ok;
	km.mac_key_len = 32;
	KUNIT_EXPECT_EQ(test, mxtls_crypto_check(&km, NULL), -EINVAL);
	km = ok;
	km.iv = iv;
	km.iv_len = 16;		/* TLS 1.2 CBC sends its IVs */
	KUNIT_EXPECT_EQ(test, mxtls_crypto_check(&km, NULL), -EINVAL);
	km.version = MXTLS_TLS_1_0;
	KUNIT_EXPECT_EQ(test, mxtls_crypto_check(&km, NULL), 0);
	km.iv_len = 8;
	KUNIT_EXPECT_EQ(test, mxtls_crypto_check(&km, NULL), -EINVAL);
	km = ok;
	km.suite = 0x009c;	/* GCM: no MAC key, a 4-byte salt, TLS 1.2 only */
	km.mac_key_len = 0;
	km.iv = iv;
	km.iv_len = 4;
	KUNIT_EXPECT_EQ(test, mxtls_crypto_check(&km, NULL), 0);
	km.mac_key_len = 20;
	KUNIT_EXPECT_EQ(test, mxtls_crypto_check(&km, NULL), -EINVAL);
	km.mac_key_len = 0;
	km.etm = true;
	KUNIT_EXPECT_EQ(test, mxtls_crypto_check(&km, NULL), -EINVAL);
	km.etm = false;
	km.version = MXTLS_TLS_1_1;
	KUNIT_EXPECT_EQ(test, mxtls_crypto_check(&km, NULL), -EINVAL);
	km = ok;
	km.keystream_offset = 10;
	KUNIT_EXPECT_EQ(test, mxtls_crypto_check(&km, NULL), -EINVAL);
}

static struct kunit_case mxtls_record_cases[] = {
	KUNIT_CASE(kat_opens),
	KUNIT_CASE(kat_seals),
	KUNIT_CASE(kat_corrupt_every_byte),
	KUNIT_CASE(kat_wrong_type),
	KUNIT_CASE(mte_every_padding_length),
	KUNIT_CASE(mte_every_corrupted_byte),
	KUNIT_CASE(mte_impossible_padding_and_seq),
	KUNIT_CASE(mte_split_every_padding_length),
	KUNIT_CASE(kat_opens_scattered),
	KUNIT_CASE(cbc_open_scattered_sizes),
	KUNIT_CASE(iv_per_version),
	KUNIT_CASE(sequence_numbers),
	KUNIT_CASE(record_sizes),
	KUNIT_CASE(suite_table),
	KUNIT_CASE(key_material_checks),
	{}
};

static struct kunit_suite mxtls_record_suite = {
	.name = "mxtls_record",
	.test_cases = mxtls_record_cases,
};

kunit_test_suite(mxtls_record_suite);
