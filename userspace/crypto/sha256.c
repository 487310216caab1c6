// SPDX-License-Identifier: GPL-2.0
/*
 * SHA-256 (FIPS 180-4).
 */
#include "crypto/cpu.h"
#include "crypto/hash.h"
#include "crypto/md.h"
#include "crypto/sha_ni.h"
#include "core/ct.h"

/*
 * First 32 bits of the fractional parts of the cube roots of the first
 * 64 primes.
 */
const uint32_t mx_sha256_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5,
	0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
	0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
	0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5,
	0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

#define S256_BSIG0(x) (mx_ror32(x, 2) ^ mx_ror32(x, 13) ^ mx_ror32(x, 22))
#define S256_BSIG1(x) (mx_ror32(x, 6) ^ mx_ror32(x, 11) ^ mx_ror32(x, 25))
#define S256_SSIG0(x) (mx_ror32(x, 7) ^ mx_ror32(x, 18) ^ ((x) >> 3))
#define S256_SSIG1(x) (mx_ror32(x, 17) ^ mx_ror32(x, 19) ^ ((x) >> 10))

/* Message word t in the 16-word window. */
static inline uint32_t sha256_w(uint32_t *w, unsigned int t)
{
	if (t >= 16)
		w[t & 15] += S256_SSIG1(w[(t - 2) & 15]) + w[(t - 7) & 15] +
			     S256_SSIG0(w[(t - 15) & 15]);
	return w[t & 15];
}

/* One round with the variables renamed instead of shifted. */
#define S256_STEP(a, b, c, d, e, f, g, h, t) do { \
	uint32_t t1 = h + S256_BSIG1(e) + (g ^ (e & (f ^ g))) + mx_sha256_k[t] + \
		      sha256_w(w, t); \
	d += t1; \
	h = t1 + S256_BSIG0(a) + ((a & b) | (c & (a | b))); \
} while (0)

static void sha256_blocks_c(uint32_t *s, const uint8_t *p, size_t n)
{
	uint32_t w[16];
	unsigned int t;

	for (; n; n--, p += 64) {
		uint32_t a = s[0], b = s[1], c = s[2], d = s[3];
		uint32_t e = s[4], f = s[5], g = s[6], h = s[7];

		for (t = 0; t < 16; t++)
			w[t] = mx_load_be32(p + 4 * t);
		for (t = 0; t < 64; t += 8) {
			S256_STEP(a, b, c, d, e, f, g, h, t);
			S256_STEP(h, a, b, c, d, e, f, g, t + 1);
			S256_STEP(g, h, a, b, c, d, e, f, t + 2);
			S256_STEP(f, g, h, a, b, c, d, e, t + 3);
			S256_STEP(e, f, g, h, a, b, c, d, t + 4);
			S256_STEP(d, e, f, g, h, a, b, c, t + 5);
			S256_STEP(c, d, e, f, g, h, a, b, t + 6);
			S256_STEP(b, c, d, e, f, g, h, a, t + 7);
		}
		s[0] += a;
		s[1] += b;
		s[2] += c;
		s[3] += d;
		s[4] += e;
		s[5] += f;
		s[6] += g;
		s[7] += h;
	}
	mx_zeroize(w, sizeof(w));
}

static void sha256_blocks(void *state, const uint8_t *p, size_t n)
{
	if (mx_cpu_has(MX_CPU_SHA | MX_CPU_SSE41))
		mx_sha256_blocks_ni(state, p, n);
	else
		sha256_blocks_c(state, p, n);
}

void mx_sha256_init(struct mx_sha256_ctx *ctx)
{
	/*
	 * First 32 bits of the fractional parts of the square roots of the
	 * first 8 primes.
	 */
	static const uint32_t iv[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};

	memcpy(ctx->h, iv, sizeof(iv));
	ctx->len = 0;
}

void mx_sha256_update(struct mx_sha256_ctx *ctx, const void *data, size_t len)
{
	mx_md_update(ctx->h, ctx->buf, 64, &ctx->len, data, len, sha256_blocks);
}

void mx_sha256_final(struct mx_sha256_ctx *ctx, uint8_t *out)
{
	int i;

	mx_md_pad(ctx->h, ctx->buf, 64, ctx->len, 0, sha256_blocks);
	for (i = 0; i < 8; i++)
		mx_store_be32(out + 4 * i, ctx->h[i]);
	mx_zeroize(ctx, sizeof(*ctx));
}

void mx_sha256(const void *data, size_t len, uint8_t *out)
{
	struct mx_sha256_ctx ctx;

	mx_sha256_init(&ctx);
	mx_sha256_update(&ctx, data, len);
	mx_sha256_final(&ctx, out);
}
