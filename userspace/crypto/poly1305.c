// SPDX-License-Identifier: GPL-2.0
/*
 * Poly1305 (RFC 8439 section 2.5) on 64-bit limbs.
 *
 * h = h0 + h1 2^64 + h2 2^128 (h2 small), r = r0 + r1 2^64. Clamping
 * leaves r1 a multiple of 4, so the terms of h*r at 2^128 and above fold
 * back with 2^130 = 5 (mod p) into multiplications by s1 = 5 (r1 / 4):
 *   h*r = (h0 r0 + h1 s1) + (h0 r1 + h1 r0 + h2 s1) 2^64 + (h2 r0) 2^128.
 * The accumulator is kept below 2^131 between blocks and fully reduced
 * once, at the end, without branches. Long messages go four blocks at a
 * time through the AVX2 code when the CPU has it.
 */
#include "crypto/bytes.h"
#include "crypto/cpu.h"
#include "crypto/poly1305_impl.h"
#include "core/ct.h"

void mx_poly1305_init(struct mx_poly1305_ctx *ctx, const uint8_t key[32])
{
	ctx->r[0] = mx_load_le64(key) & 0x0ffffffc0fffffffull;
	ctx->r[1] = mx_load_le64(key + 8) & 0x0ffffffc0ffffffcull;
	ctx->s[0] = mx_load_le64(key + 16);
	ctx->s[1] = mx_load_le64(key + 24);
	memset(ctx->h, 0, sizeof(ctx->h));
	ctx->have_rpow = 0;
	ctx->used = 0;
}

/* hibit is 1 for full blocks: the 2^128 of each 16-byte chunk. */
static void blocks_c(struct mx_poly1305_ctx *ctx, const uint8_t *p, size_t n, uint64_t hibit)
{
	const uint64_t r0 = ctx->r[0], r1 = ctx->r[1], s1 = r1 + (r1 >> 2);
	uint64_t h[3] = { ctx->h[0], ctx->h[1], ctx->h[2] };
	mx_u128 d;

	for (; n; n--, p += 16) {
		d = (mx_u128)h[0] + mx_load_le64(p);
		h[0] = (uint64_t)d;
		d = (mx_u128)h[1] + mx_load_le64(p + 8) + (uint64_t)(d >> 64);
		h[1] = (uint64_t)d;
		h[2] += (uint64_t)(d >> 64) + hibit;
		mx_poly1305_mulmod(h, r0, r1, s1);
	}
	ctx->h[0] = h[0];
	ctx->h[1] = h[1];
	ctx->h[2] = h[2];
}

static void blocks(struct mx_poly1305_ctx *ctx, const uint8_t *p, size_t n)
{
#if defined(__x86_64__) || defined(__i386__)
	/* Below 16 blocks the set-up of the powers of r does not pay. */
	if (n >= 16 && mx_cpu_has(MX_CPU_AVX2)) {
		size_t v = n & ~(size_t)3;

		mx_poly1305_blocks_avx2(ctx, p, v);
		p += 16 * v;
		n -= v;
	}
#endif
	blocks_c(ctx, p, n, 1);
}

void mx_poly1305_update(struct mx_poly1305_ctx *ctx, const void *data, size_t len)
{
	const uint8_t *p = data;
	size_t n;

	if (ctx->used) {
		n = 16 - ctx->used < len ? 16 - ctx->used : len;
		memcpy(ctx->buf + ctx->used, p, n);
		ctx->used += n;
		p += n;
		len -= n;
		if (ctx->used < 16)
			return;
		blocks_c(ctx, ctx->buf, 1, 1);
		ctx->used = 0;
	}
	n = len / 16;
	if (n) {
		blocks(ctx, p, n);
		p += 16 * n;
		len -= 16 * n;
	}
	if (len) {
		memcpy(ctx->buf, p, len);
		ctx->used = len;
	}
}

void mx_poly1305_final(struct mx_poly1305_ctx *ctx, uint8_t tag[16])
{
	uint64_t h0, h1, h2, g0, g1, g2, mask;
	mx_u128 d;

	if (ctx->used) {
		/* the last partial chunk gets its 1 byte, then zeros */
		ctx->buf[ctx->used] = 1;
		memset(ctx->buf + ctx->used + 1, 0, 15 - ctx->used);
		blocks_c(ctx, ctx->buf, 1, 0);
	}
	h0 = ctx->h[0];
	h1 = ctx->h[1];
	h2 = ctx->h[2];
	/*
	 * h2 <= 4, so h < 2p: one conditional subtraction of p reduces it;
	 * g = h + 5 - 2^130 is h - p.
	 */
	d = (mx_u128)h0 + 5;
	g0 = (uint64_t)d;
	d = (mx_u128)h1 + (uint64_t)(d >> 64);
	g1 = (uint64_t)d;
	g2 = h2 + (uint64_t)(d >> 64) - 4;
	/* g2 top bit set: h < p, keep h */
	mask = (g2 >> 63) - 1;
	h0 = mx_ct_select(mask, g0, h0);
	h1 = mx_ct_select(mask, g1, h1);
	/* tag = (h + s) mod 2^128 */
	d = (mx_u128)h0 + ctx->s[0];
	mx_store_le64(tag, (uint64_t)d);
	d = (mx_u128)h1 + ctx->s[1] + (uint64_t)(d >> 64);
	mx_store_le64(tag + 8, (uint64_t)d);
	mx_zeroize(ctx, sizeof(*ctx));
}
