/* SPDX-License-Identifier: GPL-2.0 */
/*
 * HMAC (RFC 2104) over any hash of crypto/hash.h.
 *
 * The context keeps the inner and outer hash states after the padded key
 * has been absorbed, not the key itself, so a keyed context can be copied
 * and reused for many messages (the record layer does this per record):
 * init once, then for each message copy it, update and final the copy.
 * final wipes the context it finishes.
 */
#ifndef MXTLS_CRYPTO_HMAC_H
#define MXTLS_CRYPTO_HMAC_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/hash.h"

struct mx_hmac_ctx {
	const struct mx_hash_desc *hash;
	union mx_hash_ctx inner, outer;
};

/*
 * Key the context. A key longer than the hash's block is hashed first.
 * An id outside enum mx_hash_id is a programming error (abort()).
 */
void mx_hmac_init(struct mx_hmac_ctx *ctx, enum mx_hash_id id, const void *key, size_t keylen);
void mx_hmac_update(struct mx_hmac_ctx *ctx, const void *data, size_t len);
/* Write the full tag (ctx->hash->digest_len bytes) and wipe ctx. */
void mx_hmac_final(struct mx_hmac_ctx *ctx, uint8_t *out);

void mx_hmac(enum mx_hash_id id, const void *key, size_t keylen, const void *msg, size_t len,
	     uint8_t *out);

/*
 * Compare the first taglen bytes of the tag of msg with tag, in time that
 * depends only on the lengths. taglen may truncate the tag but must be at
 * least MX_HMAC_MIN_TAG (80 bits, RFC 2104 section 5).
 * Returns 0 when the tag matches, -EBADMSG when it does not, -EINVAL for
 * a taglen out of range.
 */
#define MX_HMAC_MIN_TAG 10
int mx_hmac_verify(enum mx_hash_id id, const void *key, size_t keylen, const void *msg,
		   size_t len, const uint8_t *tag, size_t taglen);

/* The same check for a context the caller has fed; wipes ctx. */
int mx_hmac_final_verify(struct mx_hmac_ctx *ctx, const uint8_t *tag, size_t taglen);

#endif /* MXTLS_CRYPTO_HMAC_H */
