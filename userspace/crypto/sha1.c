// SPDX-License-Identifier: GPL-2.0
/*
 * SHA-1 (FIPS 180-4). Still needed by TLS 1.0-1.2 (PRF, HMAC-SHA1 suites,
 * signatures over MD5||SHA-1).
 */
#include "crypto/cpu.h"
#include "crypto/hash.h"
#include "crypto/md.h"
#include "crypto/sha_ni.h"
#include "crypto/unroll.h"
#include "core/ct.h"

static inline uint32_t sha1_f(unsigned int t, uint32_t b, uint32_t c, uint32_t d)
{
	if (t < 20)
		return d ^ (b & (c ^ d));
	if (t < 40 || t >= 60)
		return b ^ c ^ d;
	return (b & c) | (d & (b | c));
}

static inline uint32_t sha1_k(unsigned int t)
{
	static const uint32_t k[4] = { 0x5a827999, 0x6ed9eba1, 0x8f1bbcdc, 0xca62c1d6 };

	return k[t / 20];
}

/* Message word t, computed in place in the 16-word window. */
static inline uint32_t sha1_w(uint32_t *w, unsigned int t)
{
	if (t >= 16)
		w[t & 15] = mx_rol32(w[(t - 3) & 15] ^ w[(t - 8) & 15] ^ w[(t - 14) & 15] ^
				     w[t & 15], 1);
	return w[t & 15];
}

#define SHA1_STEP(a, b, c, d, e, t) do { \
	e += mx_rol32(a, 5) + sha1_f(t, b, c, d) + sha1_k(t) + sha1_w(w, t); \
	b = mx_rol32(b, 30); \
} while (0)

static void sha1_blocks_c(uint32_t *h, const uint8_t *p, size_t n)
{
	uint32_t w[16];
	unsigned int t;

	for (; n; n--, p += 64) {
		uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];

		for (t = 0; t < 16; t++)
			w[t] = mx_load_be32(p + 4 * t);
		MX_SHA1_UNROLL
		for (t = 0; t < 80; t += 5) {
			SHA1_STEP(a, b, c, d, e, t);
			SHA1_STEP(e, a, b, c, d, t + 1);
			SHA1_STEP(d, e, a, b, c, t + 2);
			SHA1_STEP(c, d, e, a, b, t + 3);
			SHA1_STEP(b, c, d, e, a, t + 4);
		}
		h[0] += a;
		h[1] += b;
		h[2] += c;
		h[3] += d;
		h[4] += e;
	}
	mx_zeroize(w, sizeof(w));
}

static void sha1_blocks(void *state, const uint8_t *p, size_t n)
{
	if (mx_cpu_has(MX_CPU_SHA | MX_CPU_SSE41))
		mx_sha1_blocks_ni(state, p, n);
	else
		sha1_blocks_c(state, p, n);
}

void mx_sha1_init(struct mx_sha1_ctx *ctx)
{
	ctx->h[0] = 0x67452301;
	ctx->h[1] = 0xefcdab89;
	ctx->h[2] = 0x98badcfe;
	ctx->h[3] = 0x10325476;
	ctx->h[4] = 0xc3d2e1f0;
	ctx->len = 0;
}

void mx_sha1_update(struct mx_sha1_ctx *ctx, const void *data, size_t len)
{
	mx_md_update(ctx->h, ctx->buf, 64, &ctx->len, data, len, sha1_blocks);
}

void mx_sha1_final(struct mx_sha1_ctx *ctx, uint8_t *out)
{
	int i;

	mx_md_pad(ctx->h, ctx->buf, 64, ctx->len, 0, sha1_blocks);
	for (i = 0; i < 5; i++)
		mx_store_be32(out + 4 * i, ctx->h[i]);
	mx_zeroize(ctx, sizeof(*ctx));
}

void mx_sha1(const void *data, size_t len, uint8_t *out)
{
	struct mx_sha1_ctx ctx;

	mx_sha1_init(&ctx);
	mx_sha1_update(&ctx, data, len);
	mx_sha1_final(&ctx, out);
}
