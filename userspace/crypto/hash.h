/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Message digests: MD5, SHA-1, SHA-256, SHA-384, SHA-512.
 *
 * Each has a streaming interface (init, any number of updates of any
 * length, final) and a one-shot one. final writes the digest and wipes the
 * context; to hash again, init again. A context may be copied at any point
 * to fork a computation (the TLS handshake hash does this).
 *
 * SHA-1 and SHA-256 use the SHA extensions when the CPU has them (see
 * crypto/cpu.h); everything else is portable C. None of this code
 * branches on or indexes memory by the data.
 *
 * mx_hash_get() gives a descriptor so that HMAC and the PRFs can be written
 * once for every hash; the descriptor's functions take a union mx_hash_ctx
 * (or the matching context struct) as void *.
 */
#ifndef MXTLS_CRYPTO_HASH_H
#define MXTLS_CRYPTO_HASH_H

#include <stddef.h>
#include <stdint.h>

#define MX_MD5_LEN		16
#define MX_SHA1_LEN		20
#define MX_SHA256_LEN		32
#define MX_SHA384_LEN		48
#define MX_SHA512_LEN		64
#define MX_HASH_MAX_LEN		64
#define MX_HASH_MAX_BLOCK	128

struct mx_md5_ctx {
	uint32_t h[4];
	uint64_t len;		/* bytes hashed so far */
	uint8_t buf[64];
};

struct mx_sha1_ctx {
	uint32_t h[5];
	uint64_t len;
	uint8_t buf[64];
};

struct mx_sha256_ctx {
	uint32_t h[8];
	uint64_t len;
	uint8_t buf[64];
};

/* Also the SHA-384 context: same compression, other IV, shorter output. */
struct mx_sha512_ctx {
	uint64_t h[8];
	uint64_t len;		/* bytes; 2^64 bytes is beyond any TLS use */
	uint8_t buf[128];
};

union mx_hash_ctx {
	struct mx_md5_ctx md5;
	struct mx_sha1_ctx sha1;
	struct mx_sha256_ctx sha256;
	struct mx_sha512_ctx sha512;
};

void mx_md5_init(struct mx_md5_ctx *ctx);
void mx_md5_update(struct mx_md5_ctx *ctx, const void *data, size_t len);
void mx_md5_final(struct mx_md5_ctx *ctx, uint8_t *out);
void mx_md5(const void *data, size_t len, uint8_t *out);

void mx_sha1_init(struct mx_sha1_ctx *ctx);
void mx_sha1_update(struct mx_sha1_ctx *ctx, const void *data, size_t len);
void mx_sha1_final(struct mx_sha1_ctx *ctx, uint8_t *out);
void mx_sha1(const void *data, size_t len, uint8_t *out);

void mx_sha256_init(struct mx_sha256_ctx *ctx);
void mx_sha256_update(struct mx_sha256_ctx *ctx, const void *data, size_t len);
void mx_sha256_final(struct mx_sha256_ctx *ctx, uint8_t *out);
void mx_sha256(const void *data, size_t len, uint8_t *out);

void mx_sha384_init(struct mx_sha512_ctx *ctx);
void mx_sha384_update(struct mx_sha512_ctx *ctx, const void *data, size_t len);
void mx_sha384_final(struct mx_sha512_ctx *ctx, uint8_t *out);
void mx_sha384(const void *data, size_t len, uint8_t *out);

void mx_sha512_init(struct mx_sha512_ctx *ctx);
void mx_sha512_update(struct mx_sha512_ctx *ctx, const void *data, size_t len);
void mx_sha512_final(struct mx_sha512_ctx *ctx, uint8_t *out);
void mx_sha512(const void *data, size_t len, uint8_t *out);

enum mx_hash_id {
	MX_HASH_MD5,
	MX_HASH_SHA1,
	MX_HASH_SHA256,
	MX_HASH_SHA384,
	MX_HASH_SHA512,
};

struct mx_hash_desc {
	enum mx_hash_id id;
	const char *name;		/* "MD5", "SHA-1", "SHA-256", ... */
	size_t digest_len, block_len;
	void (*init)(void *ctx);
	void (*update)(void *ctx, const void *data, size_t len);
	void (*final)(void *ctx, uint8_t *out);
};

/* The descriptor of a hash; NULL for an id outside the enum. */
const struct mx_hash_desc *mx_hash_get(enum mx_hash_id id);

#endif /* MXTLS_CRYPTO_HASH_H */
