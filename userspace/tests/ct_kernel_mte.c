// SPDX-License-Identifier: GPL-2.0
/*
 * The module's MAC-then-encrypt check (kmod/mte.c, against Lucky 13) is
 * constant time: compiled here against userspace stand-ins for the kernel
 * headers (userspace/tests/kshim/) and run under valgrind with the whole
 * decrypted record (data, MAC, padding) marked undefined, so that a branch
 * or a memory index that depends on any of it is an error. Every padding
 * length, intact and spoiled, for SHA-1, SHA-256 and SHA-384; whole, and
 * split as the module opens a record into a reader's buffer (the head
 * there, the rest in a buffer of its own: mxtls_mte_verify_split()).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <valgrind/memcheck.h>

#define mxtls_ct_declassify(x)	VALGRIND_MAKE_MEM_DEFINED(&(x), sizeof(x))
#include "mte.c"

/* The mxtls_hmac calls mte.c makes, as kmod/hmac.c does them */
int mxtls_hmac_start(struct mxtls_hmac *h)
{
	return crypto_shash_import(h->desc, h->istate);
}

int mxtls_hmac_update(struct mxtls_hmac *h, const u8 *data, unsigned int len)
{
	return crypto_shash_update(h->desc, data, len);
}

int mxtls_hmac_finish(struct mxtls_hmac *h, u8 *out)
{
	u8 inner[MXTLS_MAX_DIGEST];

	crypto_shash_final(h->desc, inner);
	crypto_shash_import(h->desc, h->ostate);
	return crypto_shash_finup(h->desc, inner, h->digest_len, out);
}

int mxtls_hmac_update_sg(struct mxtls_hmac *h, struct scatterlist *sg, unsigned int len)
{
	if (len > sg->length)
		return -EINVAL;
	return crypto_shash_update(h->desc, sg->buf, len);
}

struct hmac_setup {
	struct crypto_shash tfm;
	struct shash_desc desc;
	u8 states[2 * sizeof(struct sha512_state)];
	struct mxtls_hmac h;
};

static void hmac_setup(struct hmac_setup *s, int alg, u8 hash, const u8 *key, unsigned int len)
{
	u8 block[128];
	unsigned int i, statesize;

	s->tfm.alg = alg;
	s->desc.tfm = &s->tfm;
	statesize = crypto_shash_statesize(&s->tfm);
	s->h.tfm = &s->tfm;
	s->h.desc = &s->desc;
	s->h.istate = s->states;
	s->h.ostate = s->states + statesize;
	s->h.digest_len = crypto_shash_digestsize(&s->tfm);
	s->h.block_len = crypto_shash_blocksize(&s->tfm);
	s->h.hash = hash;
	for (i = 0; i < 2; i++) {
		memset(block, i ? 0x5c : 0x36, sizeof(block));
		for (unsigned int k = 0; k < len; k++)
			block[k] ^= key[k];
		crypto_shash_init(&s->desc);
		crypto_shash_update(&s->desc, block, s->h.block_len);
		crypto_shash_export(&s->desc, i ? s->h.ostate : s->h.istate);
	}
}

static const u8 prefix[MXTLS_AAD_LEN - 2] = { 0, 0, 0, 0, 0, 0, 0, 9, 23, 3, 3 };

/* data || HMAC || pad + 1 bytes of pad, the MAC over the record prefix and data */
static unsigned int make_record(struct hmac_setup *s, u8 *p, unsigned int data_len,
				unsigned int pad)
{
	u8 hdr[MXTLS_AAD_LEN];
	unsigned int i;

	for (i = 0; i < data_len; i++)
		p[i] = (u8)(i * 31 + pad);
	memcpy(hdr, prefix, sizeof(prefix));
	hdr[11] = (u8)(data_len >> 8);
	hdr[12] = (u8)data_len;
	mxtls_hmac_start(&s->h);
	mxtls_hmac_update(&s->h, hdr, sizeof(hdr));
	mxtls_hmac_update(&s->h, p, data_len);
	mxtls_hmac_finish(&s->h, p + data_len);
	memset(p + data_len + s->h.digest_len, (int)pad, pad + 1);
	return data_len + s->h.digest_len + pad + 1;
}

/*
 * mxtls_mte_verify() on the record, or mxtls_mte_verify_split() with its
 * head (as much as may be) moved to a buffer of its own, everything secret
 */
static int verify(struct hmac_setup *s, u8 *rec, unsigned int len, bool split)
{
	static u8 head_buf[2048];
	struct scatterlist head;
	unsigned int head_len;
	int ret;

	if (!split) {
		VALGRIND_MAKE_MEM_UNDEFINED(rec, len);
		ret = mxtls_mte_verify(&s->h, prefix, rec, len);
		VALGRIND_MAKE_MEM_DEFINED(rec, len);
		return ret;
	}
	head_len = mxtls_mte_head_max(&s->h, len);
	memcpy(head_buf, rec, head_len);
	head.buf = head_buf;
	head.length = head_len;
	VALGRIND_MAKE_MEM_UNDEFINED(head_buf, head_len);
	VALGRIND_MAKE_MEM_UNDEFINED(rec + head_len, len - head_len);
	ret = mxtls_mte_verify_split(&s->h, prefix, &head, head_len, rec + head_len,
				     len);
	VALGRIND_MAKE_MEM_DEFINED(head_buf, head_len);
	VALGRIND_MAKE_MEM_DEFINED(rec, len);
	return ret;
}

static void every_padding(int alg, u8 hash, unsigned int base, bool split)
{
	static u8 rec[2048];
	u8 key[48];
	struct hmac_setup s;
	unsigned int pad, i;

	for (i = 0; i < sizeof(key); i++)
		key[i] = (u8)(i + alg);
	hmac_setup(&s, alg, hash, key, alg == KSHIM_SHA1 ? 20 : alg == KSHIM_SHA256 ? 32 : 48);
	for (pad = 0; pad < MXTLS_MAX_PAD; pad++) {
		unsigned int data_len = base + pad % 23;
		unsigned int len = make_record(&s, rec, data_len, pad);

		/* a split must leave something to the buffer of ours, and may not go past it */
		if (split) {
			assert_true(mxtls_mte_head_max(&s.h, len) > 0);
			assert_true(mxtls_mte_head_max(&s.h, len) <= data_len);
		}
		/* intact: everything about the plaintext is secret until checked */
		assert_int_equal(verify(&s, rec, len, split), (int)data_len);
		/* a padding byte, then the last MAC byte, spoiled */
		rec[len - 1 - pad / 2] ^= 1;
		assert_int_equal(verify(&s, rec, len, split), -EBADMSG);
		rec[len - 1 - pad / 2] ^= 1;
		rec[data_len + s.h.digest_len - 1] ^= 0x40;
		assert_int_equal(verify(&s, rec, len, split), -EBADMSG);
		rec[data_len + s.h.digest_len - 1] ^= 0x40;
		/* the first data byte, which a split leaves in the head */
		rec[0] ^= 0x10;
		assert_int_equal(verify(&s, rec, len, split), -EBADMSG);
	}
}

static void sha1_every_padding(void **state)
{
	every_padding(KSHIM_SHA1, MXTLS_HASH_SHA1, 40, false);
}

static void sha1_every_padding_split(void **state)
{
	every_padding(KSHIM_SHA1, MXTLS_HASH_SHA1, 700, true);
}

static void sha256_every_padding(void **state)
{
	every_padding(KSHIM_SHA256, MXTLS_HASH_SHA256, 40, false);
}

static void sha256_every_padding_split(void **state)
{
	every_padding(KSHIM_SHA256, MXTLS_HASH_SHA256, 700, true);
}

static void sha384_every_padding(void **state)
{
	every_padding(KSHIM_SHA384, MXTLS_HASH_SHA384, 40, false);
}

static void sha384_every_padding_split(void **state)
{
	every_padding(KSHIM_SHA384, MXTLS_HASH_SHA384, 700, true);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sha1_every_padding),
		cmocka_unit_test(sha256_every_padding),
		cmocka_unit_test(sha384_every_padding),
		cmocka_unit_test(sha1_every_padding_split),
		cmocka_unit_test(sha256_every_padding_split),
		cmocka_unit_test(sha384_every_padding_split),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
