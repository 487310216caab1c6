// SPDX-License-Identifier: GPL-2.0
/*
 * MD5 (RFC 1321). Kept for the TLS 1.0/1.1 PRF, SSL 3.0 and HMAC-MD5
 * suites; never for signatures.
 */
#include "crypto/hash.h"
#include "crypto/md.h"
#include "crypto/unroll.h"
#include "core/ct.h"

/* T[i] = floor(2^32 * |sin(i + 1)|) */
static const uint32_t md5_t[64] = {
	0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee,
	0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
	0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be,
	0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
	0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa,
	0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
	0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed,
	0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
	0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c,
	0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
	0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05,
	0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
	0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039,
	0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
	0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1,
	0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
};

/* Left rotation of step i: four per round, repeating. */
static const uint8_t md5_s[4][4] = {
	{ 7, 12, 17, 22 }, { 5, 9, 14, 20 }, { 4, 11, 16, 23 }, { 6, 10, 15, 21 },
};

/* The round function and the message word of step i. */
static inline uint32_t md5_f(unsigned int i, uint32_t b, uint32_t c, uint32_t d)
{
	switch (i >> 4) {
	case 0:
		return d ^ (b & (c ^ d));
	case 1:
		return c ^ (d & (b ^ c));
	case 2:
		return b ^ c ^ d;
	default:
		return c ^ (b | ~d);
	}
}

static inline unsigned int md5_w(unsigned int i)
{
	switch (i >> 4) {
	case 0:
		return i;
	case 1:
		return (5 * i + 1) & 15;
	case 2:
		return (3 * i + 5) & 15;
	default:
		return (7 * i) & 15;
	}
}

#define MD5_STEP(a, b, c, d, i) \
	(a = b + mx_rol32(a + md5_f(i, b, c, d) + x[md5_w(i)] + md5_t[i], \
			  md5_s[(i) >> 4][(i) & 3]))

static void md5_blocks(void *state, const uint8_t *p, size_t n)
{
	uint32_t *h = state, x[16];
	unsigned int i;

	for (; n; n--, p += 64) {
		uint32_t a = h[0], b = h[1], c = h[2], d = h[3];

		for (i = 0; i < 16; i++)
			x[i] = mx_load_le32(p + 4 * i);
		MX_MD5_UNROLL
		for (i = 0; i < 64; i += 4) {
			MD5_STEP(a, b, c, d, i);
			MD5_STEP(d, a, b, c, i + 1);
			MD5_STEP(c, d, a, b, i + 2);
			MD5_STEP(b, c, d, a, i + 3);
		}
		h[0] += a;
		h[1] += b;
		h[2] += c;
		h[3] += d;
	}
	mx_zeroize(x, sizeof(x));
}

void mx_md5_init(struct mx_md5_ctx *ctx)
{
	ctx->h[0] = 0x67452301;
	ctx->h[1] = 0xefcdab89;
	ctx->h[2] = 0x98badcfe;
	ctx->h[3] = 0x10325476;
	ctx->len = 0;
}

void mx_md5_update(struct mx_md5_ctx *ctx, const void *data, size_t len)
{
	mx_md_update(ctx->h, ctx->buf, 64, &ctx->len, data, len, md5_blocks);
}

void mx_md5_final(struct mx_md5_ctx *ctx, uint8_t *out)
{
	int i;

	mx_md_pad(ctx->h, ctx->buf, 64, ctx->len, 1, md5_blocks);
	for (i = 0; i < 4; i++)
		mx_store_le32(out + 4 * i, ctx->h[i]);
	mx_zeroize(ctx, sizeof(*ctx));
}

void mx_md5(const void *data, size_t len, uint8_t *out)
{
	struct mx_md5_ctx ctx;

	mx_md5_init(&ctx);
	mx_md5_update(&ctx, data, len);
	mx_md5_final(&ctx, out);
}
