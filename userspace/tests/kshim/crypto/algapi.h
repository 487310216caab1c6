/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KSHIM_CRYPTO_ALGAPI_H
#define KSHIM_CRYPTO_ALGAPI_H

#include <linux/types.h>

/* Compare without branching on the bytes; 1 if they differ */
static inline int crypto_memneq(const void *a, const void *b, size_t n)
{
	const u8 *x = a, *y = b;
	u8 d = 0;

	while (n--)
		d |= *x++ ^ *y++;
	return (int)(((unsigned int)d + 0xff) >> 8);
}

#endif
