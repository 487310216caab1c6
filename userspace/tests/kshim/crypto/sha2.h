/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KSHIM_CRYPTO_SHA2_H
#define KSHIM_CRYPTO_SHA2_H

#include <linux/types.h>

/* The kernel's exported state layouts: chaining words first */
struct sha256_state {
	u32 state[8];
	u64 count;
	u8 buf[64];
};

struct sha512_state {
	u64 state[8];
	u64 count[2];
	u8 buf[128];
};

#endif
