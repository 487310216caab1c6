// SPDX-License-Identifier: GPL-2.0
/*
 * SSL 3.0 key derivation, MAC and handshake hashes, only with USE_SSL3.
 * See ssl3.h.
 */
#include <errno.h>
#include <string.h>

#include "crypto/ssl3.h"
#include "core/ct.h"

#ifdef USE_SSL3
static const uint8_t pad1[48] = {
	0x36, 0x36, 0x36, 0x36, 0x36, 0x36, 0x36, 0x36, 0x36, 0x36, 0x36, 0x36,
	0x36, 0x36, 0x36, 0x36, 0x36, 0x36, 0x36, 0x36, 0x36, 0x36, 0x36, 0x36,
	0x36, 0x36, 0x36, 0x36, 0x36, 0x36, 0x36, 0x36, 0x36, 0x36, 0x36, 0x36,
	0x36, 0x36, 0x36, 0x36, 0x36, 0x36, 0x36, 0x36, 0x36, 0x36, 0x36, 0x36,
};

static const uint8_t pad2[48] = {
	0x5c, 0x5c, 0x5c, 0x5c, 0x5c, 0x5c, 0x5c, 0x5c, 0x5c, 0x5c, 0x5c, 0x5c,
	0x5c, 0x5c, 0x5c, 0x5c, 0x5c, 0x5c, 0x5c, 0x5c, 0x5c, 0x5c, 0x5c, 0x5c,
	0x5c, 0x5c, 0x5c, 0x5c, 0x5c, 0x5c, 0x5c, 0x5c, 0x5c, 0x5c, 0x5c, 0x5c,
	0x5c, 0x5c, 0x5c, 0x5c, 0x5c, 0x5c, 0x5c, 0x5c, 0x5c, 0x5c, 0x5c, 0x5c,
};

int mx_ssl3_derive(const uint8_t *secret, size_t secret_len, const uint8_t *seed1,
		   size_t seed1_len, const uint8_t *seed2, size_t seed2_len, uint8_t *out,
		   size_t len)
{
	uint8_t label[26], inner[MX_SHA1_LEN], block[MX_MD5_LEN];
	struct mx_sha1_ctx sha;
	struct mx_md5_ctx md5;
	size_t i, n;

	if (len > MX_SSL3_MAX_DERIVE)
		return -EINVAL;
	for (i = 0; len; i++) {
		/* "A", "BB", "CCC", ... */
		memset(label, 'A' + (int)i, i + 1);
		mx_sha1_init(&sha);
		mx_sha1_update(&sha, label, i + 1);
		mx_sha1_update(&sha, secret, secret_len);
		mx_sha1_update(&sha, seed1, seed1_len);
		mx_sha1_update(&sha, seed2, seed2_len);
		mx_sha1_final(&sha, inner);
		mx_md5_init(&md5);
		mx_md5_update(&md5, secret, secret_len);
		mx_md5_update(&md5, inner, sizeof(inner));
		mx_md5_final(&md5, block);
		n = len < MX_MD5_LEN ? len : MX_MD5_LEN;
		memcpy(out, block, n);
		out += n;
		len -= n;
	}
	mx_zeroize(inner, sizeof(inner));
	mx_zeroize(block, sizeof(block));
	return 0;
}

int mx_ssl3_mac(enum mx_hash_id id, const uint8_t *secret, size_t secret_len,
		const uint8_t hdr[11], const uint8_t *data, size_t len, uint8_t *out)
{
	const struct mx_hash_desc *h = mx_hash_get(id);
	uint8_t inner[MX_HASH_MAX_LEN];
	union mx_hash_ctx c;
	size_t padlen;

	if (id != MX_HASH_MD5 && id != MX_HASH_SHA1)
		return -EINVAL;
	padlen = id == MX_HASH_MD5 ? 48 : 40;
	h->init(&c);
	h->update(&c, secret, secret_len);
	h->update(&c, pad1, padlen);
	h->update(&c, hdr, 11);
	h->update(&c, data, len);
	h->final(&c, inner);
	h->init(&c);
	h->update(&c, secret, secret_len);
	h->update(&c, pad2, padlen);
	h->update(&c, inner, h->digest_len);
	h->final(&c, out);
	mx_zeroize(inner, sizeof(inner));
	return 0;
}

void mx_ssl3_handshake_hash(const struct mx_md5_ctx *md5, const struct mx_sha1_ctx *sha1,
			    const uint8_t *sender, const uint8_t master[48],
			    uint8_t out[MX_SSL3_FINISHED_LEN])
{
	uint8_t inner[MX_SHA1_LEN];
	struct mx_md5_ctx m = *md5;
	struct mx_sha1_ctx s = *sha1;

	if (sender)
		mx_md5_update(&m, sender, 4);
	mx_md5_update(&m, master, 48);
	mx_md5_update(&m, pad1, 48);
	mx_md5_final(&m, inner);
	mx_md5_init(&m);
	mx_md5_update(&m, master, 48);
	mx_md5_update(&m, pad2, 48);
	mx_md5_update(&m, inner, MX_MD5_LEN);
	mx_md5_final(&m, out);

	if (sender)
		mx_sha1_update(&s, sender, 4);
	mx_sha1_update(&s, master, 48);
	mx_sha1_update(&s, pad1, 40);
	mx_sha1_final(&s, inner);
	mx_sha1_init(&s);
	mx_sha1_update(&s, master, 48);
	mx_sha1_update(&s, pad2, 40);
	mx_sha1_update(&s, inner, MX_SHA1_LEN);
	mx_sha1_final(&s, out + MX_MD5_LEN);
	mx_zeroize(inner, sizeof(inner));
}
#endif
