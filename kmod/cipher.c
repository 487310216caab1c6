// SPDX-License-Identifier: GPL-2.0
/*
 * mxtls: sealing and opening one record with the kernel crypto API.
 *
 * AEAD (RFC 5288 GCM, RFC 7905 ChaCha20-Poly1305): additional data
 * seq || type || version || length; GCM's nonce is the 4-byte salt and an
 * 8-byte explicit part sent in the record (our sequence number), ChaCha's
 * is the 12-byte IV XORed with the sequence number. CBC: TLS 1.0 chains
 * the IV from the last ciphertext block, TLS 1.1 and 1.2 send a random IV
 * first; the HMAC covers the plaintext (MAC-then-encrypt) or, with RFC 7366,
 * the IV and ciphertext (encrypt-then-MAC). RC4 (built only with
 * CONFIG_MXTLS_RC4) continues one keystream across records.
 *
 * Every call runs in process context under the socket lock, one at a time
 * per direction. The request and the scatterlists of one operation are
 * allocated for it, so that an idle socket holds only its keys.
 */
#include <crypto/aead.h>
#include <crypto/algapi.h>
#include <crypto/arc4.h>
#include <crypto/hash.h>
#include <crypto/scatterwalk.h>
#include <crypto/skcipher.h>
#include <linux/netlink.h>
#include <linux/random.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/mxtls.h>

#include "compat.h"
#include "ct.h"
#include "record.h"

#define MXTLS_GCM_SALT		4
#define MXTLS_AEAD_NONCE	12
#define MXTLS_AEAD_TAG		16
/* Keystream an RC4 key may have used before it reaches the module */
#define MXTLS_MAX_KEYSTREAM_OFFSET	SZ_1M

/*
 * The most bytes at the end of a CBC record opened into a reader's buffer
 * that are decrypted into ours: see mxtls_cbc_head()
 */
#define MXTLS_CBC_TAIL_MAX	(MXTLS_MAX_DIGEST + MXTLS_MAX_PAD + MXTLS_MAX_HASH_BLOCK + \
				 MXTLS_MAX_BLOCK)

/* What one seal or open needs besides the keys */
struct mxtls_op {
	struct scatterlist src[MXTLS_MAX_PT_SG + 1];
	/* MAC and padding being sealed; the end of a CBC record being opened */
	u8 tail[MXTLS_CBC_TAIL_MAX];
	/* the crypto request, as large as the tfm wants, follows */
	u8 req[] __aligned(CRYPTO_MINALIGN);
};

static struct mxtls_op *mxtls_op_alloc(struct mxtls_crypto *c)
{
	size_t size = sizeof(struct mxtls_op);

	if (c->aead)
		size += sizeof(struct aead_request) + crypto_aead_reqsize(c->aead);
	else if (c->cbc)
		size += sizeof(struct skcipher_request) + crypto_skcipher_reqsize(c->cbc);
	return kmalloc(size, GFP_KERNEL);
}

static void mxtls_op_free(struct mxtls_crypto *c, struct mxtls_op *op)
{
	size_t size = sizeof(struct mxtls_op);

	if (!op)
		return;
	if (c->aead)
		size += sizeof(struct aead_request) + crypto_aead_reqsize(c->aead);
	else if (c->cbc)
		size += sizeof(struct skcipher_request) + crypto_skcipher_reqsize(c->cbc);
	/* the request context may hold key-derived state */
	memzero_explicit(op, size);
	kfree(op);
}

static unsigned int mxtls_hash_len(u8 hash)
{
	switch (hash) {
	case MXTLS_HASH_MD5:
		return 16;
	case MXTLS_HASH_SHA1:
		return 20;
	case MXTLS_HASH_SHA256:
		return 32;
	case MXTLS_HASH_SHA384:
		return 48;
	}
	return 0;
}

static unsigned int mxtls_fixed_iv_len(const struct mxtls_protection *p, u16 version)
{
	switch (p->cipher) {
	case MXTLS_CIPHER_CBC:
		return version == MXTLS_TLS_1_0 ? p->block : 0;
	case MXTLS_CIPHER_GCM:
		return MXTLS_GCM_SALT;
	case MXTLS_CIPHER_CHACHA:
		return MXTLS_AEAD_NONCE;
	}
	return 0;
}

int mxtls_crypto_check(const struct mxtls_key_material *km, struct netlink_ext_ack *extack)
{
	const struct mxtls_suite *s;
	const struct mxtls_protection *p;

	if (km->version == MXTLS_SSL_3_0) {
		NL_SET_ERR_MSG(extack, "SSL 3.0 is not supported: the module has no SSL 3.0 MAC");
		return -EPROTONOSUPPORT;
	}
	if (km->version < MXTLS_TLS_1_0 || km->version > MXTLS_TLS_1_2) {
		NL_SET_ERR_MSG(extack, "unsupported protocol version (TLS 1.0 to 1.2 only)");
		return -EPROTONOSUPPORT;
	}
	s = mxtls_suite_find(km->suite);
	if (!s) {
		NL_SET_ERR_MSG(extack, "cipher suite not supported by the module");
		return -EOPNOTSUPP;
	}
	p = s->prot;
	if (s->tls12_only && km->version < MXTLS_TLS_1_2) {
		NL_SET_ERR_MSG(extack, "this cipher suite needs TLS 1.2");
		return -EINVAL;
	}
	if (km->key_len != p->key_len) {
		NL_SET_ERR_MSG(extack, "encryption key length does not match the cipher suite");
		return -EINVAL;
	}
	if (km->mac_key_len != mxtls_hash_len(p->hash)) {
		if (p->hash)
			NL_SET_ERR_MSG(extack, "MAC key length does not match the cipher suite");
		else
			NL_SET_ERR_MSG(extack, "an AEAD cipher suite takes no MAC key");
		return -EINVAL;
	}
	if (km->iv_len != mxtls_fixed_iv_len(p, km->version)) {
		NL_SET_ERR_MSG(extack, "IV length does not match the cipher suite and version");
		return -EINVAL;
	}
	if (km->etm && p->cipher != MXTLS_CIPHER_CBC) {
		NL_SET_ERR_MSG(extack, "encrypt-then-MAC applies to CBC cipher suites only");
		return -EINVAL;
	}
	if (km->keystream_offset &&
	    (p->cipher != MXTLS_CIPHER_RC4 || km->keystream_offset > MXTLS_MAX_KEYSTREAM_OFFSET)) {
		NL_SET_ERR_MSG(extack, "keystream offset applies to stream ciphers, up to 1 MiB");
		return -EINVAL;
	}
	return 0;
}

#if IS_ENABLED(CONFIG_MXTLS_RC4)
static int mxtls_rc4_init(struct mxtls_crypto *c, const struct mxtls_key_material *km)
{
	u8 skip[64] = {};
	u32 left = km->keystream_offset;
	int err;

	c->rc4 = kzalloc(sizeof(*c->rc4), GFP_KERNEL);
	if (!c->rc4)
		return -ENOMEM;
	err = arc4_setkey(c->rc4, km->key, km->key_len);
	if (err)
		return err;
	while (left) {
		u32 n = min_t(u32, left, sizeof(skip));

		arc4_crypt(c->rc4, skip, skip, n);
		left -= n;
	}
	memzero_explicit(skip, sizeof(skip));
	return 0;
}
#else
static int mxtls_rc4_init(struct mxtls_crypto *c, const struct mxtls_key_material *km)
{
	return -EOPNOTSUPP;
}
#endif

struct mxtls_crypto *mxtls_crypto_new(const struct mxtls_key_material *km,
				      struct netlink_ext_ack *extack)
{
	const struct mxtls_protection *p;
	struct mxtls_crypto *c;
	int err;

	err = mxtls_crypto_check(km, extack);
	if (err)
		return ERR_PTR(err);
	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return ERR_PTR(-ENOMEM);
	c->suite = mxtls_suite_find(km->suite);
	p = c->suite->prot;
	c->version = km->version;
	c->etm = km->etm;
	c->seq = km->seq;
	c->block = 1;
	memcpy(c->iv, km->iv, km->iv_len);

	switch (p->cipher) {
	case MXTLS_CIPHER_GCM:
	case MXTLS_CIPHER_CHACHA:
		c->aead = crypto_alloc_aead(p->alg, 0, 0);
		if (IS_ERR(c->aead)) {
			err = PTR_ERR(c->aead);
			c->aead = NULL;
			NL_SET_ERR_MSG(extack, "the kernel has no implementation of this AEAD");
			goto fail;
		}
		err = crypto_aead_setkey(c->aead, km->key, km->key_len) ?:
		      crypto_aead_setauthsize(c->aead, MXTLS_AEAD_TAG);
		if (err)
			goto fail;
		c->tag_len = MXTLS_AEAD_TAG;
		c->explicit_len = p->cipher == MXTLS_CIPHER_GCM ? 8 : 0;
		break;
	case MXTLS_CIPHER_CBC:
		c->cbc = crypto_alloc_skcipher(p->alg, 0, 0);
		if (IS_ERR(c->cbc)) {
			err = PTR_ERR(c->cbc);
			c->cbc = NULL;
			NL_SET_ERR_MSG(extack, "the kernel has no implementation of this cipher");
			goto fail;
		}
		err = crypto_skcipher_setkey(c->cbc, km->key, km->key_len);
		if (err) {
			NL_SET_ERR_MSG(extack, "the cipher refused the key");
			goto fail;
		}
		c->block = p->block;
		c->explicit_len = km->version >= MXTLS_TLS_1_1 ? p->block : 0;
		break;
	case MXTLS_CIPHER_RC4:
		err = mxtls_rc4_init(c, km);
		if (err)
			goto fail;
		break;
	}
	if (p->hash) {
		err = mxtls_hmac_init(&c->mac, p->hash, km->mac_key, km->mac_key_len);
		if (err) {
			NL_SET_ERR_MSG(extack, "the kernel has no implementation of this hash");
			goto fail;
		}
		c->tag_len = c->mac.digest_len;
		if (p->cipher == MXTLS_CIPHER_CBC && !c->etm) {
			err = mxtls_mte_selftest(&c->mac);
			if (err) {
				NL_SET_ERR_MSG(extack,
					       "constant-time MAC check unavailable with this hash");
				err = -EOPNOTSUPP;
				goto fail;
			}
		}
	}
	return c;

fail:
	mxtls_crypto_free(c);
	return ERR_PTR(err);
}

void mxtls_crypto_free(struct mxtls_crypto *c)
{
	if (!c)
		return;
	crypto_free_aead(c->aead);
	crypto_free_skcipher(c->cbc);
	kfree_sensitive(c->rc4);
	mxtls_hmac_free(&c->mac);
	kfree_sensitive(c);
}

unsigned int mxtls_sealed_len(const struct mxtls_crypto *c, unsigned int len)
{
	unsigned int body = c->explicit_len;

	if (c->aead)
		body += len + c->tag_len;
	else if (c->cbc && c->etm)
		body += round_up(len + 1, c->block) + c->tag_len;
	else if (c->cbc)
		body += round_up(len + c->tag_len + 1, c->block);
	else
		body += len + c->tag_len;
	return MXTLS_HDR_LEN + body;
}

unsigned int mxtls_min_body(const struct mxtls_crypto *c)
{
	if (c->cbc && c->etm)
		return c->explicit_len + c->block + c->tag_len;
	if (c->cbc)
		return c->explicit_len + round_up(c->tag_len + 1, c->block);
	return c->explicit_len + c->tag_len;
}

unsigned int mxtls_open_max_plain(const struct mxtls_crypto *c, unsigned int len)
{
	unsigned int over = mxtls_min_body(c);

	if (c->cbc)
		over = c->explicit_len + c->tag_len + 1;
	return len > over ? len - over : 0;
}

static void mxtls_build_aad(struct mxtls_crypto *c, u8 type, unsigned int len)
{
	put_unaligned_be64(c->seq, c->aad);
	c->aad[8] = type;
	put_unaligned_be16(c->version, c->aad + 9);
	put_unaligned_be16(len, c->aad + 11);
}

static void mxtls_aead_nonce(struct mxtls_crypto *c, const u8 *explicit, u8 *nonce)
{
	unsigned int i;

	if (c->explicit_len) {
		memcpy(nonce, c->iv, MXTLS_GCM_SALT);
		memcpy(nonce + MXTLS_GCM_SALT, explicit, c->explicit_len);
		return;
	}
	memcpy(nonce, c->iv, MXTLS_AEAD_NONCE);
	for (i = 0; i < 8; i++)
		nonce[MXTLS_AEAD_NONCE - 1 - i] ^= c->seq >> (8 * i);
}

/*
 * Copy the entries of sg covering len bytes into tab (room entries), the
 * last one trimmed; returns the number used or -EINVAL.
 */
static int mxtls_sg_copy(struct scatterlist *tab, unsigned int room, struct scatterlist *sg,
			 unsigned int len)
{
	unsigned int n = 0;

	for (; len && sg; sg = sg_next(sg)) {
		unsigned int take = min(len, sg->length);

		if (n == room)
			return -EINVAL;
		sg_set_page(&tab[n++], sg_page(sg), take, sg->offset);
		len -= take;
	}
	return len ? -EINVAL : n;
}

static int mxtls_aead_run(struct mxtls_crypto *c, struct mxtls_op *op, bool enc,
			  struct scatterlist *src, struct scatterlist *dst, unsigned int cryptlen,
			  u8 *nonce)
{
	struct aead_request *req = (struct aead_request *)op->req;
	DECLARE_CRYPTO_WAIT(wait);

	aead_request_set_tfm(req, c->aead);
	aead_request_set_callback(req, CRYPTO_TFM_REQ_MAY_BACKLOG, crypto_req_done, &wait);
	aead_request_set_ad(req, MXTLS_AAD_LEN);
	aead_request_set_crypt(req, src, dst, cryptlen, nonce);
	return crypto_wait_req(enc ? crypto_aead_encrypt(req) : crypto_aead_decrypt(req), &wait);
}

static int mxtls_cbc_run(struct mxtls_crypto *c, struct mxtls_op *op, bool enc,
			 struct scatterlist *src, struct scatterlist *dst, unsigned int len, u8 *iv)
{
	struct skcipher_request *req = (struct skcipher_request *)op->req;
	DECLARE_CRYPTO_WAIT(wait);

	skcipher_request_set_tfm(req, c->cbc);
	skcipher_request_set_callback(req, CRYPTO_TFM_REQ_MAY_BACKLOG, crypto_req_done, &wait);
	skcipher_request_set_crypt(req, src, dst, len, iv);
	return crypto_wait_req(enc ? crypto_skcipher_encrypt(req) : crypto_skcipher_decrypt(req),
			       &wait);
}

/* HMAC(seq || type || version || len || data) */
static int mxtls_mac_sg(struct mxtls_crypto *c, u8 type, struct scatterlist *sg,
			unsigned int len, u8 *out)
{
	mxtls_build_aad(c, type, len);
	return mxtls_hmac_start(&c->mac) ?:
	       mxtls_hmac_update(&c->mac, c->aad, MXTLS_AAD_LEN) ?:
	       mxtls_hmac_update_sg(&c->mac, sg, len) ?:
	       mxtls_hmac_finish(&c->mac, out);
}

#if IS_ENABLED(CONFIG_MXTLS_RC4)
static void mxtls_rc4_sg(struct mxtls_crypto *c, struct scatterlist *sg, unsigned int len)
{
	struct sg_mapping_iter miter;

	sg_miter_start(&miter, sg, sg_nents(sg), SG_MITER_FROM_SG | SG_MITER_TO_SG);
	while (len && sg_miter_next(&miter)) {
		unsigned int n = min_t(size_t, miter.length, len);

		arc4_crypt(c->rc4, miter.addr, miter.addr, n);
		len -= n;
	}
	sg_miter_stop(&miter);
}
#else
static void mxtls_rc4_sg(struct mxtls_crypto *c, struct scatterlist *sg, unsigned int len)
{
}
#endif

static int mxtls_seal_aead(struct mxtls_crypto *c, struct mxtls_op *op, u8 type,
			   struct scatterlist *pt, unsigned int len, struct scatterlist *out,
			   const u8 *explicit)
{
	struct scatterlist *src = op->src, dst[2], fwd[2];
	u8 nonce[MXTLS_AEAD_NONCE];
	int n, err;

	if (c->explicit_len) {
		if (explicit)
			memcpy(c->explicit, explicit, c->explicit_len);
		else
			put_unaligned_be64(c->seq, c->explicit);
		scatterwalk_map_and_copy(c->explicit, out, MXTLS_HDR_LEN, c->explicit_len, 1);
	}
	mxtls_aead_nonce(c, c->explicit, nonce);
	mxtls_build_aad(c, type, len);

	sg_init_table(src, ARRAY_SIZE(op->src));
	sg_set_buf(&src[0], c->aad, MXTLS_AAD_LEN);
	n = mxtls_sg_copy(src + 1, MXTLS_MAX_PT_SG, pt, len);
	if (n < 0)
		return n;
	sg_mark_end(&src[n]);

	sg_init_table(dst, 2);
	sg_set_buf(&dst[0], c->aad_out, MXTLS_AAD_LEN);
	sg_chain(dst, 2, scatterwalk_ffwd(fwd, out, MXTLS_HDR_LEN + c->explicit_len));

	err = mxtls_aead_run(c, op, true, src, dst, len, nonce);
	memzero_explicit(nonce, sizeof(nonce));
	return err;
}

static int mxtls_seal_cbc(struct mxtls_crypto *c, struct mxtls_op *op, u8 type,
			  struct scatterlist *pt, unsigned int len, struct scatterlist *out,
			  const u8 *explicit)
{
	struct scatterlist *src = op->src, fwd[2], *body;
	unsigned int md = c->tag_len, bs = c->block, mac_len, pad, enc_len;
	u8 iv[MXTLS_MAX_BLOCK];
	int n, err;

	/* MAC-then-encrypt: the MAC goes under the cipher, before the padding */
	mac_len = c->etm ? 0 : md;
	enc_len = round_up(len + mac_len + 1, bs);
	pad = enc_len - len - mac_len;
	if (!c->etm) {
		err = mxtls_mac_sg(c, type, pt, len, op->tail);
		if (err)
			return err;
	}
	memset(op->tail + mac_len, pad - 1, pad);

	if (c->explicit_len) {
		if (explicit)
			memcpy(c->explicit, explicit, bs);
		else
			get_random_bytes(c->explicit, bs);
		scatterwalk_map_and_copy(c->explicit, out, MXTLS_HDR_LEN, bs, 1);
		memcpy(iv, c->explicit, bs);
	} else {
		memcpy(iv, c->iv, bs);
	}

	sg_init_table(src, ARRAY_SIZE(op->src));
	n = mxtls_sg_copy(src, MXTLS_MAX_PT_SG, pt, len);
	if (n < 0)
		return n;
	sg_set_buf(&src[n], op->tail, mac_len + pad);
	sg_mark_end(&src[n]);
	body = scatterwalk_ffwd(fwd, out, MXTLS_HDR_LEN + c->explicit_len);

	err = mxtls_cbc_run(c, op, true, src, body, enc_len, iv);
	if (err)
		return err;
	if (!c->explicit_len)
		scatterwalk_map_and_copy(c->iv, out, MXTLS_HDR_LEN + enc_len - bs, bs, 0);

	if (c->etm) {
		/* RFC 7366: the MAC covers the IV and the ciphertext */
		unsigned int covered = c->explicit_len + enc_len;

		err = mxtls_mac_sg(c, type, scatterwalk_ffwd(fwd, out, MXTLS_HDR_LEN), covered,
				   op->tail);
		if (err)
			return err;
		scatterwalk_map_and_copy(op->tail, out, MXTLS_HDR_LEN + covered, md, 1);
	}
	return 0;
}

static int mxtls_seal_rc4(struct mxtls_crypto *c, struct mxtls_op *op, u8 type,
			  struct scatterlist *pt, unsigned int len, struct scatterlist *out)
{
	struct scatterlist fwd[2], *body;
	u8 buf[64];
	unsigned int off = 0;
	int err;

	err = mxtls_mac_sg(c, type, pt, len, op->tail);
	if (err)
		return err;
	body = scatterwalk_ffwd(fwd, out, MXTLS_HDR_LEN);
	while (off < len) {
		unsigned int n = min_t(unsigned int, len - off, sizeof(buf));

		scatterwalk_map_and_copy(buf, pt, off, n, 0);
		scatterwalk_map_and_copy(buf, body, off, n, 1);
		off += n;
	}
	memzero_explicit(buf, sizeof(buf));
	scatterwalk_map_and_copy(op->tail, body, len, c->tag_len, 1);
	mxtls_rc4_sg(c, body, len + c->tag_len);
	return 0;
}

/* The null cipher of the records before the first ChangeCipherSpec: a copy */
static void mxtls_seal_null(struct scatterlist *pt, unsigned int len, struct scatterlist *out)
{
	struct scatterlist fwd[2], *body = scatterwalk_ffwd(fwd, out, MXTLS_HDR_LEN);
	u8 buf[64];
	unsigned int off = 0;

	while (off < len) {
		unsigned int n = min_t(unsigned int, len - off, sizeof(buf));

		scatterwalk_map_and_copy(buf, pt, off, n, 0);
		scatterwalk_map_and_copy(buf, body, off, n, 1);
		off += n;
	}
}

int mxtls_seal(struct mxtls_crypto *c, u8 type, struct scatterlist *pt, unsigned int len,
	       struct scatterlist *out, const u8 *explicit)
{
	unsigned int total = mxtls_sealed_len(c, len);
	struct mxtls_op *op;
	u8 hdr[MXTLS_HDR_LEN];
	int err;

	if (len > MXTLS_MAX_PLAIN)
		return -EMSGSIZE;
	/* The last sequence number is never used: a wrap would repeat nonces */
	if (c->seq == U64_MAX)
		return -EKEYEXPIRED;
	if (c->suite->prot->cipher == MXTLS_CIPHER_NULL) {
		hdr[0] = type;
		put_unaligned_be16(c->version, hdr + 1);
		put_unaligned_be16(len, hdr + 3);
		scatterwalk_map_and_copy(hdr, out, 0, MXTLS_HDR_LEN, 1);
		mxtls_seal_null(pt, len, out);
		c->seq++;
		return 0;
	}
	op = mxtls_op_alloc(c);
	if (!op)
		return -ENOMEM;

	hdr[0] = type;
	put_unaligned_be16(c->version, hdr + 1);
	put_unaligned_be16(total - MXTLS_HDR_LEN, hdr + 3);
	scatterwalk_map_and_copy(hdr, out, 0, MXTLS_HDR_LEN, 1);

	if (c->aead)
		err = mxtls_seal_aead(c, op, type, pt, len, out, explicit);
	else if (c->cbc)
		err = mxtls_seal_cbc(c, op, type, pt, len, out, explicit);
	else
		err = mxtls_seal_rc4(c, op, type, pt, len, out);
	mxtls_op_free(c, op);
	if (!err)
		c->seq++;
	return err;
}

static int mxtls_open_aead(struct mxtls_crypto *c, u8 type, struct scatterlist *src,
			   unsigned int len, struct scatterlist *dst)
{
	struct scatterlist sin[2], sout[2], fin[2], fout[2];
	unsigned int plain = len - c->explicit_len - c->tag_len;
	u8 nonce[MXTLS_AEAD_NONCE];
	struct mxtls_op *op;
	int err;

	if (plain > MXTLS_MAX_PLAIN)
		return -EMSGSIZE;
	op = mxtls_op_alloc(c);
	if (!op)
		return -ENOMEM;
	if (c->explicit_len)
		scatterwalk_map_and_copy(c->explicit, src, 0, c->explicit_len, 0);
	mxtls_aead_nonce(c, c->explicit, nonce);
	mxtls_build_aad(c, type, plain);

	sg_init_table(sin, 2);
	sg_set_buf(&sin[0], c->aad, MXTLS_AAD_LEN);
	sg_chain(sin, 2, scatterwalk_ffwd(fin, src, c->explicit_len));
	if (dst) {
		sg_init_table(sout, 2);
		sg_set_buf(&sout[0], c->aad_out, MXTLS_AAD_LEN);
		sg_chain(sout, 2, dst == src ? scatterwalk_ffwd(fout, dst, c->explicit_len) : dst);
	}
	err = mxtls_aead_run(c, op, false, sin, dst == src ? sin : sout, len - c->explicit_len,
			     nonce);
	mxtls_op_free(c, op);
	memzero_explicit(nonce, sizeof(nonce));
	if (err)
		return err;
	c->seq++;
	return plain;
}

/* Padding of an already authenticated EtM record; the length is public then */
static int mxtls_etm_unpad(const u8 *plain, unsigned int len)
{
	u32 pad = plain[len - 1], bad, i;

	if (pad + 1 > len)
		return -EBADMSG;
	bad = 0;
	for (i = 0; i <= pad; i++)
		bad |= plain[len - 1 - i] ^ pad;
	return bad ? -EBADMSG : (int)(len - pad - 1);
}

/*
 * A CBC body of len bytes read from src, which may be the TCP receive queue
 * or body itself: the plaintext is decrypted into body + explicit_len, so
 * that a record whole in the queue needs no copy before it is opened.
 */
static int mxtls_open_cbc(struct mxtls_crypto *c, u8 type, struct scatterlist *src,
			  unsigned int len, u8 *body)
{
	unsigned int bs = c->block, md = c->tag_len, enc_len, ex = c->explicit_len;
	u8 iv[MXTLS_MAX_BLOCK], next_iv[MXTLS_MAX_BLOCK], mac[MXTLS_MAX_DIGEST];
	u8 rx_mac[MXTLS_MAX_DIGEST];
	struct scatterlist fwd[2], dst;
	struct mxtls_op *op;
	int plain, err;

	enc_len = len - ex - (c->etm ? md : 0);
	if (enc_len % bs)
		return -EBADMSG;

	if (c->etm) {
		err = mxtls_mac_sg(c, type, src, len - md, mac);
		if (err)
			return err;
		scatterwalk_map_and_copy(rx_mac, src, len - md, md, 0);
		if (crypto_memneq(mac, rx_mac, md))
			return -EBADMSG;
	}

	if (ex)
		scatterwalk_map_and_copy(iv, src, 0, bs, 0);
	else
		memcpy(iv, c->iv, bs);
	scatterwalk_map_and_copy(next_iv, src, ex + enc_len - bs, bs, 0);
	sg_init_one(&dst, body + ex, enc_len);
	op = mxtls_op_alloc(c);
	if (!op)
		return -ENOMEM;
	err = mxtls_cbc_run(c, op, false, scatterwalk_ffwd(fwd, src, ex), &dst, enc_len, iv);
	mxtls_op_free(c, op);
	if (err)
		return err;
	if (!ex)
		memcpy(c->iv, next_iv, bs);

	if (c->etm) {
		plain = mxtls_etm_unpad(body + ex, enc_len);
	} else {
		/* seq || type || version: the length is added inside */
		mxtls_build_aad(c, type, 0);
		plain = mxtls_mte_verify(&c->mac, c->aad, body + ex, enc_len);
	}
	if (plain < 0)
		return plain;
	if (plain > MXTLS_MAX_PLAIN)
		return -EMSGSIZE;
	c->seq++;
	return plain;
}

/*
 * The decrypted bytes of a CBC body of enc_len bytes that may go straight
 * to the reader, before anything is checked: those the MAC-then-encrypt
 * check only hashes in bulk whatever the padding length (mte.c), or for
 * encrypt-then-MAC all but the most padding there can be; in whole blocks.
 */
static unsigned int mxtls_cbc_head(struct mxtls_crypto *c, unsigned int enc_len)
{
	unsigned int head;

	if (c->etm)
		head = enc_len > MXTLS_MAX_PAD ? enc_len - MXTLS_MAX_PAD : 0;
	else
		head = mxtls_mte_head_max(&c->mac, enc_len);
	return round_down(head, c->block);
}

/*
 * mxtls_open_cbc() into the reader's buffer dst (room for
 * mxtls_open_max_plain() bytes): the head of the plaintext is decrypted
 * there, the rest into op->tail, whence the data among it is copied once
 * the record is found good. A bad record leaves garbage in dst, as the
 * kernel's tls does; the socket fails then.
 */
static int mxtls_open_cbc_into(struct mxtls_crypto *c, u8 type, struct scatterlist *src,
			       unsigned int len, struct scatterlist *dst)
{
	unsigned int bs = c->block, md = c->tag_len, ex = c->explicit_len, enc_len, head;
	u8 iv[MXTLS_MAX_BLOCK], next_iv[MXTLS_MAX_BLOCK], mac[MXTLS_MAX_DIGEST];
	u8 rx_mac[MXTLS_MAX_DIGEST];
	struct scatterlist fwd[2], *out;
	struct mxtls_op *op;
	int plain, err, n;

	enc_len = len - ex - (c->etm ? md : 0);
	if (enc_len % bs)
		return -EBADMSG;
	head = mxtls_cbc_head(c, enc_len);
	if (enc_len - head > MXTLS_CBC_TAIL_MAX)
		return -EINVAL;

	if (c->etm) {
		err = mxtls_mac_sg(c, type, src, len - md, mac);
		if (err)
			return err;
		scatterwalk_map_and_copy(rx_mac, src, len - md, md, 0);
		if (crypto_memneq(mac, rx_mac, md))
			return -EBADMSG;
	}

	op = mxtls_op_alloc(c);
	if (!op)
		return -ENOMEM;
	out = op->src;
	sg_init_table(out, ARRAY_SIZE(op->src));
	n = head ? mxtls_sg_copy(out, MXTLS_MAX_PT_SG, dst, head) : 0;
	if (n < 0) {
		err = n;
		goto out;
	}
	sg_set_buf(&out[n], op->tail, enc_len - head);
	sg_mark_end(&out[n]);

	if (ex)
		scatterwalk_map_and_copy(iv, src, 0, bs, 0);
	else
		memcpy(iv, c->iv, bs);
	scatterwalk_map_and_copy(next_iv, src, ex + enc_len - bs, bs, 0);
	err = mxtls_cbc_run(c, op, false, scatterwalk_ffwd(fwd, src, ex), out, enc_len, iv);
	if (err)
		goto out;
	if (!ex)
		memcpy(c->iv, next_iv, bs);

	if (c->etm) {
		plain = mxtls_etm_unpad(op->tail, enc_len - head);
		if (plain >= 0)
			plain += head;
	} else {
		mxtls_build_aad(c, type, 0);
		plain = mxtls_mte_verify_split(&c->mac, c->aad, dst, head, op->tail, enc_len);
	}
	if (plain < 0) {
		err = plain;
		goto out;
	}
	if (plain > MXTLS_MAX_PLAIN) {
		err = -EMSGSIZE;
		goto out;
	}
	scatterwalk_map_and_copy(op->tail, dst, head, plain - head, 1);
	c->seq++;
	err = plain;
out:
	mxtls_op_free(c, op);
	return err;
}

static int mxtls_open_rc4(struct mxtls_crypto *c, u8 type, u8 *body, unsigned int len)
{
	unsigned int plain = len - c->tag_len;
	u8 mac[MXTLS_MAX_DIGEST];
	struct scatterlist sg;
	int err;

	sg_init_one(&sg, body, len);
	mxtls_rc4_sg(c, &sg, len);
	sg_init_one(&sg, body, plain);
	err = mxtls_mac_sg(c, type, &sg, plain, mac);
	if (err)
		return err;
	if (crypto_memneq(mac, body + plain, c->tag_len))
		return -EBADMSG;
	if (plain > MXTLS_MAX_PLAIN)
		return -EMSGSIZE;
	c->seq++;
	return plain;
}

int mxtls_open(struct mxtls_crypto *c, u8 type, u8 *body, unsigned int len)
{
	struct scatterlist sg;

	if (len < mxtls_min_body(c) || len > MXTLS_MAX_BODY)
		return -EBADMSG;
	if (c->seq == U64_MAX)
		return -EKEYEXPIRED;
	if (c->suite->prot->cipher == MXTLS_CIPHER_NULL) {
		if (len > MXTLS_MAX_PLAIN)
			return -EMSGSIZE;
		c->seq++;
		return len;
	}
	if (c->aead) {
		sg_init_one(&sg, body, len);
		return mxtls_open_aead(c, type, &sg, len, &sg);
	}
	if (c->cbc) {
		sg_init_one(&sg, body, len);
		return mxtls_open_cbc(c, type, &sg, len, body);
	}
	return mxtls_open_rc4(c, type, body, len);
}

int mxtls_open_sg(struct mxtls_crypto *c, u8 type, struct scatterlist *src, unsigned int len,
		  struct scatterlist *dst)
{
	if (!c->aead && !c->cbc)
		return -EINVAL;
	if (len < mxtls_min_body(c) || len > MXTLS_MAX_BODY)
		return -EBADMSG;
	if (c->seq == U64_MAX)
		return -EKEYEXPIRED;
	if (c->cbc)
		return mxtls_open_cbc_into(c, type, src, len, dst);
	return mxtls_open_aead(c, type, src, len, dst);
}

int mxtls_open_cbc_sg(struct mxtls_crypto *c, u8 type, struct scatterlist *src,
		      unsigned int len, u8 *body)
{
	if (!c->cbc)
		return -EINVAL;
	if (len < mxtls_min_body(c) || len > MXTLS_MAX_BODY)
		return -EBADMSG;
	if (c->seq == U64_MAX)
		return -EKEYEXPIRED;
	return mxtls_open_cbc(c, type, src, len, body);
}
