// SPDX-License-Identifier: GPL-2.0
/*
 * Constant-time base64 decoding.
 */
#include <errno.h>

#include "core/ct.h"
#include "pki/base64.h"

/* All-ones when lo <= c <= hi, computed without branches. */
static uint32_t in_range(uint32_t c, uint32_t lo, uint32_t hi)
{
	return (uint32_t)(~mx_ct_lt(c, lo) & ~mx_ct_lt(hi, c));
}

/* The 6-bit value of c, or 0x100 when c is not in the alphabet. */
static uint32_t b64_value(unsigned char ch)
{
	uint32_t c = ch, v = 0x100;

	v = (uint32_t)mx_ct_select(in_range(c, 'A', 'Z'), c - 'A', v);
	v = (uint32_t)mx_ct_select(in_range(c, 'a', 'z'), c - 'a' + 26, v);
	v = (uint32_t)mx_ct_select(in_range(c, '0', '9'), c - '0' + 52, v);
	v = (uint32_t)mx_ct_select(mx_ct_eq(c, '+'), 62, v);
	v = (uint32_t)mx_ct_select(mx_ct_eq(c, '/'), 63, v);
	return v;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

int mx_base64_decode(const char *src, size_t n, uint8_t *dst, size_t *out_len)
{
	uint32_t acc = 0, v;
	size_t i, out = 0;
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
		if ((v >> 8) | pad)
			return -EBADMSG;
		acc = (acc << 6) | v;
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
