/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KSHIM_LINUX_SLAB_H
#define KSHIM_LINUX_SLAB_H

#include <stdlib.h>

#define GFP_KERNEL 0
#define kmalloc(size, gfp) malloc(size)
#define kfree(p) free(p)

#endif
