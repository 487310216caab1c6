// SPDX-License-Identifier: GPL-2.0
/*
 * Constant-time base64 decoding.
 */
#include <errno.h>

#include "core/ct.h"
#include "pki/base64.h"

/*
 * The 6-bit value of c, or -1 when c is not in the alphabet. For each
 * range, (lo - 1 - c) & (c - hi - 1) is negative exactly when c is in
 * it, so shifting right by 8 gives an all-ones or all-zero mask (the
 * operands stay within -256..255); each range adds its offset through
 * its mask.
 */
static int b64_value(unsigned char ch)
{
	int c = ch, r = -1;

	r += (((64 - c) & (c - 91)) >> 8) & (c - 64);	/* 'A'..'Z': 0..25 */
	r += (((96 - c) & (c - 123)) >> 8) & (c - 70);	/* 'a'..'z': 26..51 */
	r += (((47 - c) & (c - 58)) >> 8) & (c + 5);	/* '0'..'9': 52..61 */
	r += (((42 - c) & (c - 44)) >> 8) & 63;		/* '+': 62 */
	r += (((46 - c) & (c - 48)) >> 8) & 64;		/* '/': 63 */
	return r;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

int mx_base64_decode(const char *src, size_t n, uint8_t *dst, size_t *out_len)
{
	uint32_t acc = 0;
	size_t i, out = 0;
	int v;
	unsigned int got = 0, pad = 0;

	for (i = 0; i < n; i++) {
		if (is_space(src[i]))
			continue;
		if (src[i] == '=') {
			/* Padding only completes the last group: "xx==" or "xxx=". */
			if (got + pad < 2)
				return -EBADMSG;
			pad++;
			if (got + pad == 4)
				goto last;
			continue;
		}
		v = b64_value((unsigned char)src[i]);
		if (v < 0 || pad)
			return -EBADMSG;
		acc = (acc << 6) | (uint32_t)v;
		if (++got == 4) {
			dst[out++] = (uint8_t)(acc >> 16);
			dst[out++] = (uint8_t)(acc >> 8);
			dst[out++] = (uint8_t)acc;
			acc = 0;
			got = 0;
		}
	}
	if (got || pad)
		return -EBADMSG;
	*out_len = out;
	return 0;

last:
	/* Only whitespace may follow the padding. */
	for (i++; i < n; i++)
		if (!is_space(src[i]))
			return -EBADMSG;
	if (pad == 2) {
		if (acc & 0xf)
			return -EBADMSG;
		dst[out++] = (uint8_t)(acc >> 4);
	} else {
		if (acc & 0x3)
			return -EBADMSG;
		dst[out++] = (uint8_t)(acc >> 10);
		dst[out++] = (uint8_t)(acc >> 2);
	}
	*out_len = out;
	mx_zeroize(&acc, sizeof(acc));
	return 0;
}
