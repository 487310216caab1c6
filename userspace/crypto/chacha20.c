// SPDX-License-Identifier: GPL-2.0
/*
 * ChaCha20 (RFC 8439 section 2.3-2.4): the portable block function and
 * the streaming interface.
 */
#include "crypto/bytes.h"
#include "crypto/chacha20_impl.h"
#include "crypto/chacha20poly1305.h"
#include "crypto/cpu.h"
#include "core/ct.h"

#define QR(a, b, c, d) do { \
	a += b; d = mx_rol32(d ^ a, 16); \
	c += d; b = mx_rol32(b ^ c, 12); \
	a += b; d = mx_rol32(d ^ a, 8); \
	c += d; b = mx_rol32(b ^ c, 7); \
} while (0)

static void chacha20_block(const uint32_t in[16], uint32_t out[16])
{
	uint32_t x[16];
	int i;

	memcpy(x, in, sizeof(x));
	for (i = 0; i < 10; i++) {
		QR(x[0], x[4], x[8], x[12]);
		QR(x[1], x[5], x[9], x[13]);
		QR(x[2], x[6], x[10], x[14]);
		QR(x[3], x[7], x[11], x[15]);
		QR(x[0], x[5], x[10], x[15]);
		QR(x[1], x[6], x[11], x[12]);
		QR(x[2], x[7], x[8], x[13]);
		QR(x[3], x[4], x[9], x[14]);
	}
	for (i = 0; i < 16; i++)
		out[i] = x[i] + in[i];
	mx_zeroize(x, sizeof(x));
}

void mx_chacha20_blocks_c(uint32_t state[16], const uint8_t *in, uint8_t *out, size_t n)
{
	uint32_t ks[16];
	int i;

	for (; n; n--, in += 64, out += 64) {
		chacha20_block(state, ks);
		state[12]++;
		for (i = 0; i < 16; i++)
			mx_store_le32(out + 4 * i, mx_load_le32(in + 4 * i) ^ ks[i]);
	}
	mx_zeroize(ks, sizeof(ks));
}

static void chacha20_blocks(uint32_t state[16], const uint8_t *in, uint8_t *out, size_t n)
{
#if defined(__x86_64__) || defined(__i386__)
	if (mx_cpu_has(MX_CPU_AVX512)) {
		mx_chacha20_blocks_avx512(state, in, out, n);
		return;
	}
	if (mx_cpu_has(MX_CPU_AVX2)) {
		mx_chacha20_blocks_avx2(state, in, out, n);
		return;
	}
#endif
	mx_chacha20_blocks_c(state, in, out, n);
}

void mx_chacha20_init(struct mx_chacha20_ctx *ctx, const uint8_t key[32],
		      const uint8_t nonce[12], uint32_t counter)
{
	static const uint32_t sigma[4] = { 0x61707865, 0x3320646e, 0x79622d32, 0x6b206574 };
	int i;

	memcpy(ctx->state, sigma, sizeof(sigma));
	for (i = 0; i < 8; i++)
		ctx->state[4 + i] = mx_load_le32(key + 4 * i);
	ctx->state[12] = counter;
	for (i = 0; i < 3; i++)
		ctx->state[13 + i] = mx_load_le32(nonce + 4 * i);
	ctx->ks_left = 0;
}

void mx_chacha20_crypt(struct mx_chacha20_ctx *ctx, const uint8_t *in, uint8_t *out,
		       size_t len)
{
	size_t n;

	if (ctx->ks_left) {
		n = len < ctx->ks_left ? len : ctx->ks_left;
		mx_xor_bytes(out, in, ctx->ks + 64 - ctx->ks_left, n);
		ctx->ks_left -= n;
		in += n;
		out += n;
		len -= n;
	}
	n = len / 64;
	if (n) {
		chacha20_blocks(ctx->state, in, out, n);
		in += 64 * n;
		out += 64 * n;
		len -= 64 * n;
	}
	if (len) {
		memset(ctx->ks, 0, 64);
		mx_chacha20_blocks_c(ctx->state, ctx->ks, ctx->ks, 1);
		mx_xor_bytes(out, in, ctx->ks, len);
		ctx->ks_left = 64 - len;
	}
}

void mx_chacha20_clear(struct mx_chacha20_ctx *ctx)
{
	mx_zeroize(ctx, sizeof(*ctx));
}
