/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mxtls: the TLS 1.0-1.2 record protection, independent of sockets: cipher
 * suites, the keys of one direction and one epoch, sealing and opening one
 * record. Used by the socket code and tested on its own by KUnit.
 */
#ifndef _MXTLS_RECORD_H
#define _MXTLS_RECORD_H

#include <linux/scatterlist.h>
#include <linux/types.h>

struct netlink_ext_ack;
struct crypto_aead;
struct crypto_skcipher;
struct crypto_shash;
struct shash_desc;
struct arc4_ctx;

#define MXTLS_HDR_LEN		5
#define MXTLS_MAX_PLAIN		16384
/* RFC 5246 6.2.3: TLSCiphertext.length may not exceed 2^14 + 2048 */
#define MXTLS_MAX_BODY		(MXTLS_MAX_PLAIN + 2048)
#define MXTLS_MAX_RECORD	(MXTLS_HDR_LEN + MXTLS_MAX_BODY)
/* seq_num(8) type(1) version(2) length(2): the AEAD data and MAC prefix */
#define MXTLS_AAD_LEN		13
#define MXTLS_MAX_DIGEST	48
#define MXTLS_MAX_HASH_BLOCK	128
#define MXTLS_MAX_BLOCK		16
#define MXTLS_MAX_EXPLICIT	16
/* Scatterlist entries a plaintext to seal may use */
#define MXTLS_MAX_PT_SG		16
/* Padding of a CBC record, the length byte included */
#define MXTLS_MAX_PAD		256
/* Most bytes sealing adds to a plaintext (we pad to the next block only) */
#define MXTLS_MAX_SEAL_OVERHEAD	(MXTLS_HDR_LEN + MXTLS_MAX_EXPLICIT + MXTLS_MAX_DIGEST + \
				 MXTLS_MAX_BLOCK)

enum mxtls_cipher {
	MXTLS_CIPHER_CBC,
	MXTLS_CIPHER_GCM,
	MXTLS_CIPHER_CHACHA,
	MXTLS_CIPHER_RC4,
	MXTLS_CIPHER_NULL,	/* TLS_NULL_WITH_NULL_NULL: the records before the first CCS */
};

enum mxtls_hash {
	MXTLS_HASH_NONE,
	MXTLS_HASH_MD5,
	MXTLS_HASH_SHA1,
	MXTLS_HASH_SHA256,
	MXTLS_HASH_SHA384,
};

/* What protects the records of a cipher suite (the key exchange does not matter here) */
struct mxtls_protection {
	u8 cipher;		/* enum mxtls_cipher */
	u8 hash;		/* enum mxtls_hash, HMAC of CBC and stream suites */
	u8 key_len;
	u8 block;		/* CBC block size, 0 otherwise */
	const char *alg;	/* crypto API algorithm, NULL for RC4 (lib/crypto) */
};

struct mxtls_suite {
	u16 id;			/* IANA */
	bool tls12_only;	/* AEAD and the RFC 5246/5289 SHA-2 CBC suites */
	const struct mxtls_protection *prot;
};

const struct mxtls_suite *mxtls_suite_find(u16 id);

/* HMAC over a crypto API hash, keyed once: the (K^ipad, K^opad) states */
struct mxtls_hmac {
	struct crypto_shash *tfm;
	struct shash_desc *desc;
	u8 *istate, *ostate;
	u8 digest_len, block_len;
	u8 hash;		/* enum mxtls_hash */
};

int mxtls_hmac_init(struct mxtls_hmac *h, u8 hash, const u8 *key, unsigned int key_len);
void mxtls_hmac_free(struct mxtls_hmac *h);
int mxtls_hmac_start(struct mxtls_hmac *h);
int mxtls_hmac_update(struct mxtls_hmac *h, const u8 *data, unsigned int len);
int mxtls_hmac_update_sg(struct mxtls_hmac *h, struct scatterlist *sg, unsigned int len);
int mxtls_hmac_finish(struct mxtls_hmac *h, u8 *out);

/*
 * MAC-then-encrypt CBC: check the padding and the MAC of a decrypted
 * record in constant time (the work does not depend on the padding length
 * or the data). plain holds len bytes: data, MAC, padding. Returns the data
 * length, or -EBADMSG for bad padding and bad MAC alike.
 */
int mxtls_mte_verify(struct mxtls_hmac *h, const u8 aad_prefix[MXTLS_AAD_LEN - 2],
		     const u8 *plain, unsigned int len);
/*
 * The same, the first head_len bytes of the record in head, the others in
 * tail: head_len may be up to mxtls_mte_head_max(), the bytes the check
 * only hashes in bulk, whatever the padding length.
 */
int mxtls_mte_verify_split(struct mxtls_hmac *h, const u8 aad_prefix[MXTLS_AAD_LEN - 2],
			   struct scatterlist *head, unsigned int head_len, const u8 *tail,
			   unsigned int len);
unsigned int mxtls_mte_head_max(const struct mxtls_hmac *h, unsigned int len);
/* The block-level hash access mxtls_mte_verify needs works with this tfm */
int mxtls_mte_selftest(struct mxtls_hmac *h);

/* The keys of one direction for one epoch */
struct mxtls_crypto {
	const struct mxtls_suite *suite;
	u16 version;
	bool etm;
	u8 explicit_len;	/* per-record explicit IV or nonce */
	u8 tag_len;		/* AEAD tag or HMAC length */
	u8 block;		/* CBC block, 1 for the others */
	u64 seq;

	struct crypto_aead *aead;
	struct crypto_skcipher *cbc;
	struct arc4_ctx *rc4;
	struct mxtls_hmac mac;

	u8 iv[MXTLS_MAX_EXPLICIT];	/* TLS 1.0 chained IV, GCM salt, ChaCha nonce */
	u8 aad[MXTLS_AAD_LEN];
	u8 aad_out[MXTLS_AAD_LEN];	/* the AEAD destination's copy of the AAD */
	u8 explicit[MXTLS_MAX_EXPLICIT];
};

struct mxtls_key_material {
	u16 version;
	u16 suite;
	bool etm;
	u64 seq;
	const u8 *key;
	unsigned int key_len;
	const u8 *mac_key;
	unsigned int mac_key_len;
	const u8 *iv;
	unsigned int iv_len;
	u32 keystream_offset;
};

/* Check key material against its suite and version; extack says what is wrong */
int mxtls_crypto_check(const struct mxtls_key_material *km, struct netlink_ext_ack *extack);
struct mxtls_crypto *mxtls_crypto_new(const struct mxtls_key_material *km,
				      struct netlink_ext_ack *extack);
/* Free and zeroize */
void mxtls_crypto_free(struct mxtls_crypto *c);

/* Bytes on the wire, header included, of a record carrying len plaintext bytes */
unsigned int mxtls_sealed_len(const struct mxtls_crypto *c, unsigned int len);
/* Fewest body bytes a valid record can have */
unsigned int mxtls_min_body(const struct mxtls_crypto *c);

/*
 * Seal one record of len bytes (at most MXTLS_MAX_PLAIN) read from pt into
 * out, which holds exactly mxtls_sealed_len() bytes: header, explicit IV or
 * nonce, ciphertext, MAC or tag. explicit, when not NULL, is the explicit IV
 * or nonce to use (known-answer tests); otherwise a random IV (CBC) or the
 * sequence number (GCM). Advances the sequence number.
 */
int mxtls_seal(struct mxtls_crypto *c, u8 type, struct scatterlist *pt, unsigned int len,
	       struct scatterlist *out, const u8 *explicit);

/*
 * Open one record body of len bytes (the header's length), in place: the
 * plaintext ends up at body + explicit_len. Returns the plaintext length,
 * -EBADMSG for a bad MAC, tag or padding (one indistinguishable error) or
 * a body too short for the suite, -EMSGSIZE for plaintext over 2^14.
 * Advances the sequence number on success.
 */
int mxtls_open(struct mxtls_crypto *c, u8 type, u8 *body, unsigned int len);
/*
 * The same for AEAD and CBC suites from a scatterlist (e.g. the TCP receive
 * queue) into another (e.g. the reader's pages) with room for
 * mxtls_open_max_plain() bytes; dst gets the plaintext only. A CBC record's
 * last blocks (padding, MAC and the end of the data) are decrypted into a
 * buffer of ours and the data among them copied to dst once checked.
 */
int mxtls_open_sg(struct mxtls_crypto *c, u8 type, struct scatterlist *src, unsigned int len,
		  struct scatterlist *dst);
/*
 * The same as mxtls_open() for CBC suites, the body read from src (e.g.
 * the TCP receive queue); body gets what mxtls_open() would leave there
 * (the plaintext at body + explicit_len), src is left as it was.
 */
int mxtls_open_cbc_sg(struct mxtls_crypto *c, u8 type, struct scatterlist *src,
		      unsigned int len, u8 *body);

static inline bool mxtls_crypto_is_aead(const struct mxtls_crypto *c)
{
	return c->aead;
}

/* Plaintext bytes an opened body of len bytes holds at most */
unsigned int mxtls_open_max_plain(const struct mxtls_crypto *c, unsigned int len);

#endif /* _MXTLS_RECORD_H */
