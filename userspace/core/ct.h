/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Constant-time helpers and zeroization. Masks are all-ones (true) or
 * all-zero (false) words; nothing here branches on or indexes by its
 * arguments' values.
 */
#ifndef MXTLS_CORE_CT_H
#define MXTLS_CORE_CT_H

#include <stddef.h>
#include <stdint.h>

/* All-ones when x == 0. */
static inline uint64_t mx_ct_is_zero(uint64_t x)
{
	return ((x | (0 - x)) >> 63) - 1;
}

/* All-ones when a == b. */
static inline uint64_t mx_ct_eq(uint64_t a, uint64_t b)
{
	return mx_ct_is_zero(a ^ b);
}

/* All-ones when a < b (unsigned). */
static inline uint64_t mx_ct_lt(uint64_t a, uint64_t b)
{
	return 0 - ((a ^ ((a ^ b) | ((a - b) ^ b))) >> 63);
}

/* mask ? a : b */
static inline uint64_t mx_ct_select(uint64_t mask, uint64_t a, uint64_t b)
{
	return b ^ (mask & (a ^ b));
}

/* 1 when the n bytes at a and b are equal, else 0; reads all n bytes. */
int mx_ct_memeq(const void *a, const void *b, size_t n);

/* dst = mask ? src : dst, byte by byte, for n bytes. */
void mx_ct_memcpy_if(uint64_t mask, void *dst, const void *src, size_t n);

/*
 * Mark n bytes as no longer secret because they are about to become
 * public anyway (a verdict such as "tag invalid"). The constant-time
 * tests run under valgrind with secrets marked undefined, and any branch
 * or index on them is reported; this says that from here on it is
 * intended. A no-op when not running under valgrind.
 */
void mx_ct_declassify(const void *p, size_t n);

/* Clear memory in a way the compiler may not remove. */
void mx_zeroize(void *p, size_t n);

#endif /* MXTLS_CORE_CT_H */
