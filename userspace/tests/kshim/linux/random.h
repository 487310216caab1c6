/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KSHIM_LINUX_RANDOM_H
#define KSHIM_LINUX_RANDOM_H

#include <stdlib.h>
#include <linux/types.h>

static inline void get_random_bytes(void *buf, size_t len)
{
	u8 *p = buf;

	while (len--)
		*p++ = (u8)rand();
}

#endif
