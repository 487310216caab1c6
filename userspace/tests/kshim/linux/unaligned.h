/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KSHIM_LINUX_UNALIGNED_H
#define KSHIM_LINUX_UNALIGNED_H

#include <string.h>
#include <linux/types.h>

#define get_unaligned(p) ({ __typeof__(+*(p)) __v; memcpy(&__v, (p), sizeof(__v)); __v; })

static inline void put_unaligned_be32(u32 v, void *p)
{
	u8 *b = p;

	b[0] = (u8)(v >> 24);
	b[1] = (u8)(v >> 16);
	b[2] = (u8)(v >> 8);
	b[3] = (u8)v;
}

static inline void put_unaligned_be64(u64 v, void *p)
{
	put_unaligned_be32((u32)(v >> 32), p);
	put_unaligned_be32((u32)v, (u8 *)p + 4);
}

#endif
