/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mxtls: what differs between the kernels the module is built for
 * (Debian's 6.1 and 6.12). Kbuild finds each feature in the kernel's
 * headers and defines MXTLS_HAVE_* for it; this is where they are used.
 *
 * MXTLS_HAVE_SENDPAGE: until 6.5 splicing to a socket went through
 * ->sendpage() and TCP took pages with do_tcp_sendpages(); since, through
 * ->sendmsg() with MSG_SPLICE_PAGES.
 */
#ifndef _MXTLS_COMPAT_H
#define _MXTLS_COMPAT_H

#ifdef MXTLS_HAVE_LINUX_UNALIGNED_H
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

#endif /* _MXTLS_COMPAT_H */
