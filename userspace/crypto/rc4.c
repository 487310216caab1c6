// SPDX-License-Identifier: GPL-2.0
/*
 * RC4, only with USE_ARC4. See rc4.h.
 */
#include <errno.h>

#include "crypto/rc4.h"
#include "core/ct.h"

#ifdef USE_ARC4
int mx_rc4_init(struct mx_rc4_ctx *ctx, const uint8_t *key, size_t keylen)
{
	unsigned int i;
	uint8_t j = 0, t;

	if (keylen == 0 || keylen > 256)
		return -EINVAL;
	for (i = 0; i < 256; i++)
		ctx->s[i] = (uint8_t)i;
	for (i = 0; i < 256; i++) {
		j = (uint8_t)(j + ctx->s[i] + key[i % keylen]);
		t = ctx->s[i];
		ctx->s[i] = ctx->s[j];
		ctx->s[j] = t;
	}
	ctx->i = 0;
	ctx->j = 0;
	return 0;
}

void mx_rc4_crypt(struct mx_rc4_ctx *ctx, const uint8_t *in, uint8_t *out, size_t len)
{
	uint8_t i = ctx->i, j = ctx->j, a, b;
	size_t n;

	for (n = 0; n < len; n++) {
		i++;
		a = ctx->s[i];
		j = (uint8_t)(j + a);
		b = ctx->s[j];
		ctx->s[i] = b;
		ctx->s[j] = a;
		out[n] = in[n] ^ ctx->s[(uint8_t)(a + b)];
	}
	ctx->i = i;
	ctx->j = j;
}

void mx_rc4_clear(struct mx_rc4_ctx *ctx)
{
	mx_zeroize(ctx, sizeof(*ctx));
}
#endif
