// SPDX-License-Identifier: GPL-2.0
/*
 * Constant-time helpers and zeroization.
 */
#include <string.h>
#if __has_include(<valgrind/memcheck.h>)
#include <valgrind/memcheck.h>
#endif

#include "core/ct.h"

int mx_ct_memeq(const void *a, const void *b, size_t n)
{
	const volatile unsigned char *x = a, *y = b;
	unsigned char d = 0;
	size_t i;

	for (i = 0; i < n; i++)
		d |= x[i] ^ y[i];
	return (int)(1 & mx_ct_is_zero(d));
}

void mx_ct_memcpy_if(uint64_t mask, void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	unsigned char m = (unsigned char)mask;
	size_t i;

	for (i = 0; i < n; i++)
		d[i] ^= m & (d[i] ^ s[i]);
}

void mx_ct_declassify(const void *p, size_t n)
{
#ifdef VALGRIND_MAKE_MEM_DEFINED
	VALGRIND_MAKE_MEM_DEFINED(p, n);
#else
	(void)p;
	(void)n;
#endif
}

void mx_zeroize(void *p, size_t n)
{
	explicit_bzero(p, n);
}
