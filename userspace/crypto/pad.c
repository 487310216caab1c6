// SPDX-License-Identifier: GPL-2.0
/*
 * PKCS#7 padding. See pad.h.
 */
#include <errno.h>
#include <string.h>

#include "crypto/pad.h"
#include "core/ct.h"

size_t mx_pkcs7_pad(uint8_t *buf, size_t len, size_t block)
{
	size_t pad = block - len % block;

	memset(buf + len, (int)pad, pad);
	return len + pad;
}

int mx_pkcs7_unpad(const uint8_t *buf, size_t len, size_t block, size_t *outlen)
{
	uint64_t pad, bad, good;
	size_t i;

	*outlen = len;
	if (len == 0 || block == 0 || len % block)
		return -EBADMSG;
	pad = buf[len - 1];
	/* bad is non-zero when pad is 0 or above block ... */
	bad = mx_ct_is_zero(pad) | mx_ct_lt(block, pad);
	/* ... or when any of the last pad bytes differs from pad. */
	for (i = 0; i < block; i++)
		bad |= mx_ct_lt(i, pad) & (buf[len - 1 - i] ^ pad);
	good = mx_ct_is_zero(bad);
	*outlen = len - (size_t)(good & pad);
	/* the verdict and the unpadded length are what the caller gets */
	mx_ct_declassify(&good, sizeof(good));
	mx_ct_declassify(outlen, sizeof(*outlen));
	return (int)((uint32_t)~good & (uint32_t)-EBADMSG);
}
