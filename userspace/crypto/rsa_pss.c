// SPDX-License-Identifier: GPL-2.0
/*
 * RSASSA-PSS (RFC 8017, 8.1 and 9.1) with MGF1 over the message hash.
 */
#include <errno.h>
#include <string.h>

#include "core/ct.h"
#include "crypto/random.h"
#include "crypto/rsa_impl.h"

#define MAX_K (MX_RSA_MAX_BITS / 8)

/* out[0..len) ^= MGF1(seed) */
static void mgf1_xor(const struct mx_hash_desc *h, uint8_t *out, size_t len,
		     const uint8_t *seed, size_t slen)
{
	union mx_hash_ctx ctx;
	uint8_t d[MX_HASH_MAX_LEN], cnt[4];
	uint32_t c;
	size_t off = 0, i;

	for (c = 0; off < len; c++) {
		cnt[0] = (uint8_t)(c >> 24);
		cnt[1] = (uint8_t)(c >> 16);
		cnt[2] = (uint8_t)(c >> 8);
		cnt[3] = (uint8_t)c;
		h->init(&ctx);
		h->update(&ctx, seed, slen);
		h->update(&ctx, cnt, sizeof(cnt));
		h->final(&ctx, d);
		for (i = 0; i < h->digest_len && off < len; i++)
			out[off++] ^= d[i];
	}
	mx_zeroize(d, sizeof(d));
}

/* H = Hash(0^64 || digest || salt) */
static void pss_hash(const struct mx_hash_desc *h, uint8_t *out, const uint8_t *digest,
		     const uint8_t *salt, size_t saltlen)
{
	static const uint8_t zeros[8];
	union mx_hash_ctx ctx;

	h->init(&ctx);
	h->update(&ctx, zeros, sizeof(zeros));
	h->update(&ctx, digest, h->digest_len);
	h->update(&ctx, salt, saltlen);
	h->final(&ctx, out);
}

int mx_rsa_pss_sign(const struct mx_rsa_key *key, enum mx_hash_id hash,
		    const uint8_t *digest, size_t dlen, size_t saltlen, uint8_t *sig)
{
	const struct mx_hash_desc *h = mx_hash_get(hash);
	const size_t k = key->k, embits = key->n->bits - 1, emlen = (embits + 7) / 8;
	uint8_t block[MAX_K], *em = block + (k - emlen), *hh;
	size_t hlen, dblen;
	int ret;

	if (!h || dlen != h->digest_len || !key->p)
		return -EINVAL;
	hlen = h->digest_len;
	if (saltlen > emlen || emlen < hlen + saltlen + 2)
		return -EMSGSIZE;
	dblen = emlen - hlen - 1;
	hh = em + dblen;

	/* DB = 0.. || 01 || salt, masked; then H and 0xbc */
	memset(block, 0, k);
	em[dblen - saltlen - 1] = 0x01;
	ret = mx_random_bytes(em + dblen - saltlen, saltlen);
	if (ret)
		goto out;
	pss_hash(h, hh, digest, em + dblen - saltlen, saltlen);
	mgf1_xor(h, em, dblen, hh, hlen);
	em[0] &= (uint8_t)(0xff >> (8 * emlen - embits));
	em[emlen - 1] = 0xbc;
	ret = mx_rsa_private_raw(key, block, k, sig);
out:
	mx_zeroize(block, sizeof(block));
	return ret;
}

int mx_rsa_pss_verify(const struct mx_rsa_key *key, enum mx_hash_id hash,
		      const uint8_t *digest, size_t dlen, size_t saltlen,
		      const uint8_t *sig, size_t siglen)
{
	const struct mx_hash_desc *h = mx_hash_get(hash);
	const size_t k = key->k, embits = key->n->bits - 1, emlen = (embits + 7) / 8;
	uint8_t block[MAX_K], want[MX_HASH_MAX_LEN], *em = block + (k - emlen), *hh;
	uint8_t topmask = (uint8_t)(0xff >> (8 * emlen - embits));
	size_t hlen, dblen, i;
	int ret;

	if (!h || dlen != h->digest_len)
		return -EINVAL;
	hlen = h->digest_len;
	if (siglen != k || emlen < hlen + 2)
		return -EBADMSG;
	ret = mx_rsa_public_raw(key, sig, siglen, block);
	if (ret)
		return ret == -ERANGE ? -EBADMSG : ret;
	if ((k > emlen && block[0] != 0) || em[emlen - 1] != 0xbc || (em[0] & ~topmask))
		return -EBADMSG;
	dblen = emlen - hlen - 1;
	hh = em + dblen;
	mgf1_xor(h, em, dblen, hh, hlen);
	em[0] &= topmask;
	for (i = 0; i < dblen && em[i] == 0; i++)
		;
	if (i == dblen || em[i] != 0x01)
		return -EBADMSG;
	i++;
	if (saltlen != MX_RSA_PSS_SALT_ANY && dblen - i != saltlen)
		return -EBADMSG;
	pss_hash(h, want, digest, em + i, dblen - i);
	return mx_ct_memeq(want, hh, hlen) ? 0 : -EBADMSG;
}
