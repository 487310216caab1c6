/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KSHIM_LINUX_STRING_H
#define KSHIM_LINUX_STRING_H

#include <string.h>

#define memzero_explicit(p, n) explicit_bzero(p, n)
#define min_t(type, a, b) ((type)(a) < (type)(b) ? (type)(a) : (type)(b))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
