// SPDX-License-Identifier: GPL-2.0
/*
 * Hash descriptors: one table so that HMAC, the PRFs and the handshake
 * hash can be written once for every digest.
 */
#include "crypto/hash.h"

/*
 * Adapters with the descriptor's void * signatures (calling through a
 * cast function pointer would be undefined behaviour).
 */
#define MX_HASH_ADAPT(fn, ctxt) \
	static void fn##_init_v(void *c) \
	{ \
		mx_##fn##_init((struct mx_##ctxt *)c); \
	} \
	static void fn##_update_v(void *c, const void *p, size_t n) \
	{ \
		mx_##fn##_update((struct mx_##ctxt *)c, p, n); \
	} \
	static void fn##_final_v(void *c, uint8_t *out) \
	{ \
		mx_##fn##_final((struct mx_##ctxt *)c, out); \
	}

MX_HASH_ADAPT(md5, md5_ctx)
MX_HASH_ADAPT(sha1, sha1_ctx)
MX_HASH_ADAPT(sha256, sha256_ctx)
MX_HASH_ADAPT(sha384, sha512_ctx)
MX_HASH_ADAPT(sha512, sha512_ctx)

#define MX_HASH_DESC(ID, NAME, fn, dlen, blen) \
	[ID] = { \
		.id = ID, \
		.name = NAME, \
		.digest_len = dlen, \
		.block_len = blen, \
		.init = fn##_init_v, \
		.update = fn##_update_v, \
		.final = fn##_final_v, \
	}

static const struct mx_hash_desc hashes[] = {
	MX_HASH_DESC(MX_HASH_MD5, "MD5", md5, MX_MD5_LEN, 64),
	MX_HASH_DESC(MX_HASH_SHA1, "SHA-1", sha1, MX_SHA1_LEN, 64),
	MX_HASH_DESC(MX_HASH_SHA256, "SHA-256", sha256, MX_SHA256_LEN, 64),
	MX_HASH_DESC(MX_HASH_SHA384, "SHA-384", sha384, MX_SHA384_LEN, 128),
	MX_HASH_DESC(MX_HASH_SHA512, "SHA-512", sha512, MX_SHA512_LEN, 128),
};

const struct mx_hash_desc *mx_hash_get(enum mx_hash_id id)
{
	if ((unsigned int)id >= sizeof(hashes) / sizeof(hashes[0]))
		return NULL;
	return &hashes[id];
}
