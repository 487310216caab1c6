/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KSHIM_LINUX_SCATTERLIST_H
#define KSHIM_LINUX_SCATTERLIST_H

#include <linux/types.h>

/* One buffer: the tests' mxtls_hmac_update_sg() reads it */
struct scatterlist {
	const u8 *buf;
	unsigned int length;
};

#endif
