/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KSHIM_LINUX_SCATTERLIST_H
#define KSHIM_LINUX_SCATTERLIST_H

#include <linux/types.h>

struct scatterlist;

#endif
