/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mxtls: constant-time helpers. Masks are all ones (true) or all zeros
 * (false) and are combined with bitwise operations only, so that no branch
 * and no memory index depends on a secret. Values stay below 2^31.
 */
#ifndef _MXTLS_CT_H
#define _MXTLS_CT_H

#include <linux/compiler.h>
#include <linux/types.h>

/* Keep the compiler from turning a mask back into a branch */
static inline u32 mxtls_ct_hide(u32 x)
{
	OPTIMIZER_HIDE_VAR(x);
	return x;
}

/* ~0 if x is not zero */
static inline u32 mxtls_ct_nonzero(u32 x)
{
	return mxtls_ct_hide(0U - ((x | (0U - x)) >> 31));
}

static inline u32 mxtls_ct_eq(u32 a, u32 b)
{
	return ~mxtls_ct_nonzero(a ^ b);
}

/* ~0 if a < b, for a, b < 2^31 */
static inline u32 mxtls_ct_lt(u32 a, u32 b)
{
	return mxtls_ct_hide(0U - ((a - b) >> 31));
}

static inline u32 mxtls_ct_ge(u32 a, u32 b)
{
	return ~mxtls_ct_lt(a, b);
}

static inline u32 mxtls_ct_select(u32 mask, u32 a, u32 b)
{
	return (a & mask) | (b & ~mask);
}

/*
 * A value computed from secrets that is public from here on (a check's
 * verdict). Nothing in the kernel; the constant-time test, which runs the
 * code under valgrind with the secrets marked undefined, marks it defined.
 */
#ifndef mxtls_ct_declassify
#define mxtls_ct_declassify(x)	((void)(x))
#endif

#endif /* _MXTLS_CT_H */
