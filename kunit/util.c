// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers for the mxtls KUnit suites: real TCP sockets over loopback in
 * the initial network namespace, released by KUnit when a test ends.
 */
#include <kunit/test.h>
#include <linux/in.h>
#include <linux/mxtls.h>
#include <linux/socket.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/sockptr.h>
#include <linux/tcp.h>
#include <net/net_namespace.h>
#include <net/sock.h>

#include "util.h"

KUNIT_DEFINE_ACTION_WRAPPER(release_sock_action, sock_release, struct socket *);

/* KUnit runs before userspace could bring loopback up. */
static void loopback_up(struct kunit *test)
{
	struct net_device *lo = init_net.loopback_dev;
	int err = 0;

	rtnl_lock();
	if (!(lo->flags & IFF_UP))
		err = dev_open(lo, NULL);
	rtnl_unlock();
	KUNIT_ASSERT_EQ(test, err, 0);
}

struct socket *mxtls_kunit_socket(struct kunit *test)
{
	struct socket *sock;

	KUNIT_ASSERT_EQ(test, sock_create_kern(&init_net, AF_INET, SOCK_STREAM,
					       IPPROTO_TCP, &sock), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, release_sock_action, sock), 0);
	return sock;
}

static struct socket *listen_on(struct kunit *test, struct sockaddr_in *addr)
{
	struct socket *sock = mxtls_kunit_socket(test);

	loopback_up(test);
	memset(addr, 0, sizeof(*addr));
	addr->sin_family = AF_INET;
	addr->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	KUNIT_ASSERT_EQ(test, kernel_bind(sock, (struct sockaddr *)addr, sizeof(*addr)), 0);
	KUNIT_ASSERT_EQ(test, kernel_listen(sock, 8), 0);
	KUNIT_ASSERT_GT(test, kernel_getsockname(sock, (struct sockaddr *)addr), 0);
	return sock;
}

struct socket *mxtls_kunit_listener(struct kunit *test)
{
	struct sockaddr_in addr;

	return listen_on(test, &addr);
}

void mxtls_kunit_tcp_pair(struct kunit *test, struct socket **client,
			  struct socket **server)
{
	struct sockaddr_in addr;
	struct socket *lsock = listen_on(test, &addr);

	*client = mxtls_kunit_socket(test);
	KUNIT_ASSERT_EQ(test, kernel_connect(*client, (struct sockaddr *)&addr,
					     sizeof(addr), 0), 0);
	KUNIT_ASSERT_EQ(test, kernel_accept(lsock, server, 0), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, release_sock_action, *server), 0);
}

void mxtls_kunit_abort(struct kunit *test, struct socket *sock)
{
	sock_no_linger(sock->sk);
	kunit_release_action(test, release_sock_action, sock);
}

int mxtls_kunit_set_ulp(struct socket *sock, const char *name)
{
	return sock->ops->setsockopt(sock, SOL_TCP, TCP_ULP,
				     KERNEL_SOCKPTR((void *)name), strlen(name));
}

void mxtls_kunit_close(struct kunit *test, struct socket *sock)
{
	kunit_release_action(test, release_sock_action, sock);
}

void mxtls_kunit_pattern(void *buf, size_t len, u32 seed)
{
	u32 x = seed * 2654435761u + 1;
	u8 *p = buf;
	size_t i;

	for (i = 0; i < len; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		p[i] = x;
	}
}

int mxtls_kunit_send(struct socket *sock, const void *buf, size_t len, int flags, u8 type)
{
	u8 cbuf[CMSG_SPACE(1)] = {};
	struct msghdr msg = { .msg_flags = flags };
	struct kvec iov = { .iov_base = (void *)buf, .iov_len = len };

	if (type) {
		struct cmsghdr *cmsg = (struct cmsghdr *)cbuf;

		cmsg->cmsg_level = SOL_MXTLS;
		cmsg->cmsg_type = MXTLS_RECORD_TYPE;
		cmsg->cmsg_len = CMSG_LEN(1);
		*(u8 *)CMSG_DATA(cmsg) = type;
		msg.msg_control = cbuf;
		msg.msg_controllen = sizeof(cbuf);
	}
	return kernel_sendmsg(sock, &msg, &iov, 1, len);
}

int mxtls_kunit_recv(struct socket *sock, void *buf, size_t len, int flags, u8 *type)
{
	u8 cbuf[CMSG_SPACE(1)] = {};
	struct msghdr msg = {};
	struct kvec iov = { .iov_base = buf, .iov_len = len };
	int ret;

	if (type) {
		msg.msg_control = cbuf;
		msg.msg_controllen = sizeof(cbuf);
	}
	ret = kernel_recvmsg(sock, &msg, &iov, 1, len, flags);
	if (type) {
		struct cmsghdr *cmsg = (struct cmsghdr *)cbuf;

		*type = 0;
		if (cmsg->cmsg_level == SOL_MXTLS && cmsg->cmsg_type == MXTLS_RECORD_TYPE)
			*type = *(u8 *)CMSG_DATA(cmsg);
	}
	return ret;
}
