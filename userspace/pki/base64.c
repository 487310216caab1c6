// SPDX-License-Identifier: GPL-2.0
/*
 * Constant-time base64 decoding.
 */
#include <errno.h>
#include <stdbool.h>

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

enum { CH_DATA, CH_SPACE, CH_PAD, CH_BAD };

/* 1 when c == x, for c and x in 0..255, without a branch. */
static unsigned int ch_eq(int c, int x)
{
	return (unsigned int)((c ^ x) - 1) >> 31;
}

/*
 * The class of a character, and its value when it is data. The class is
 * computed without branches and then declassified: where lines break and
 * where padding starts is the text's layout, not its secret, and the
 * decoder branches on it.
 */
static unsigned int char_class(unsigned char ch, int *v)
{
	int c = ch;
	unsigned int data, space, pad, cls;

	*v = b64_value(ch);
	data = (unsigned int)~*v >> 31;
	space = ch_eq(c, ' ') | ch_eq(c, '\t') | ch_eq(c, '\r') | ch_eq(c, '\n');
	pad = ch_eq(c, '=');
	cls = (1 - data) * (space * CH_SPACE + pad * CH_PAD + (1 - space - pad) * CH_BAD);
	mx_ct_declassify(&cls, sizeof(cls));
	return cls;
}

/* Whether the bits below the last byte of a padded group are zero (they must be). */
static bool tail_clear(uint32_t acc, uint32_t mask)
{
	uint32_t bits = acc & mask;

	mx_ct_declassify(&bits, sizeof(bits));
	return !bits;
}

int mx_base64_decode(const char *src, size_t n, uint8_t *dst, size_t *out_len)
{
	uint32_t acc = 0;
	size_t i, out = 0;
	unsigned int got = 0, pad = 0;
	int v;

	for (i = 0; i < n; i++) {
		switch (char_class((unsigned char)src[i], &v)) {
		case CH_SPACE:
			continue;
		case CH_PAD:
			/* Padding only completes the last group: "xx==" or "xxx=". */
			if (got + pad < 2)
				return -EBADMSG;
			pad++;
			if (got + pad == 4)
				goto last;
			continue;
		case CH_BAD:
			return -EBADMSG;
		}
		if (pad)
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
	/* Only white space may follow the padding. */
	for (i++; i < n; i++)
		if (char_class((unsigned char)src[i], &v) != CH_SPACE)
			return -EBADMSG;
	if (pad == 2) {
		if (!tail_clear(acc, 0xf))
			return -EBADMSG;
		dst[out++] = (uint8_t)(acc >> 4);
	} else {
		if (!tail_clear(acc, 0x3))
			return -EBADMSG;
		dst[out++] = (uint8_t)(acc >> 10);
		dst[out++] = (uint8_t)(acc >> 2);
	}
	*out_len = out;
	mx_zeroize(&acc, sizeof(acc));
	return 0;
}
