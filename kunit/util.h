/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers for the mxtls KUnit suites: real TCP sockets over loopback.
 */
#ifndef _MXTLS_KUNIT_UTIL_H
#define _MXTLS_KUNIT_UTIL_H

#include <kunit/test.h>
#include <linux/net.h>

/* A connected loopback pair, released when the test ends. */
void mxtls_kunit_tcp_pair(struct kunit *test, struct socket **client,
			  struct socket **server);
/* A bound, listening socket, released when the test ends. */
struct socket *mxtls_kunit_listener(struct kunit *test);
/* A fresh unconnected TCP socket, released when the test ends. */
struct socket *mxtls_kunit_socket(struct kunit *test);

/* Close now, with a reset, so that the socket is destroyed at once. */
void mxtls_kunit_abort(struct kunit *test, struct socket *sock);

/* Close as a process would, letting TCP deliver what is queued */
void mxtls_kunit_close(struct kunit *test, struct socket *sock);

/* setsockopt(SOL_TCP, TCP_ULP, name) as a process would do it */
int mxtls_kunit_set_ulp(struct socket *sock, const char *name);

/* The byte pattern of the selftests' fill_pattern(), for known answers */
void mxtls_kunit_pattern(void *buf, size_t len, u32 seed);

/* sendmsg()/recvmsg() of a process, with an optional record type cmsg */
int mxtls_kunit_send(struct socket *sock, const void *buf, size_t len, int flags, u8 type);
int mxtls_kunit_recv(struct socket *sock, void *buf, size_t len, int flags, u8 *type);

#endif /* _MXTLS_KUNIT_UTIL_H */
