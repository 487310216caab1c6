// SPDX-License-Identifier: GPL-2.0
/*
 * Two hosts in one VM: network namespaces "mxa" and "mxb" joined by a veth
 * pair, a TCP connection across it with the mxtls ULP on both ends, and
 * each namespace seeing only its own mxtls sockets over netlink.
 */
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "mxtls_netlink.h"

#ifndef TCP_ULP
#define TCP_ULP 31
#endif

static int enter_ns(const char *name)
{
	char path[64];
	int fd, err;

	snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	err = setns(fd, CLONE_NEWNET);
	close(fd);
	return err;
}

static int count_sock(const struct mxtls_sock_info *s, void *arg)
{
	(*(int *)arg)++;
	return 0;
}

static int count_mxtls_socks(void)
{
	struct mxtls_nl *nl;
	int n = 0;

	if (mxtls_nl_open(&nl))
		return -1;
	if (mxtls_nl_list_socks(nl, count_sock, &n))
		n = -1;
	mxtls_nl_close(nl);
	return n;
}

FIXTURE(hosts) {
	int root_ns;
};

FIXTURE_SETUP(hosts)
{
	self->root_ns = open("/proc/self/ns/net", O_RDONLY);
	ASSERT_GE(self->root_ns, 0);
	ASSERT_EQ(system("ip netns add mxa && ip netns add mxb && "
			 "ip link add veth-a netns mxa type veth peer name veth-b netns mxb && "
			 "ip -n mxa addr add 10.99.0.1/24 dev veth-a && "
			 "ip -n mxb addr add 10.99.0.2/24 dev veth-b && "
			 "ip -n mxa link set veth-a up && ip -n mxb link set veth-b up && "
			 "ip -n mxa link set lo up && ip -n mxb link set lo up"), 0);
}

FIXTURE_TEARDOWN(hosts)
{
	setns(self->root_ns, CLONE_NEWNET);
	close(self->root_ns);
	if (system("ip netns del mxa; ip netns del mxb"))
		TH_LOG("could not remove the namespaces");
}

TEST_F(hosts, connection_across_veth)
{
	struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons(4433) };
	char buf[6] = "";
	int lfd, sfd, cfd;

	/* Server in mxb. */
	ASSERT_EQ(enter_ns("mxb"), 0);
	inet_pton(AF_INET, "10.99.0.2", &addr.sin_addr);
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	ASSERT_GE(lfd, 0);
	ASSERT_EQ(bind(lfd, (struct sockaddr *)&addr, sizeof(addr)), 0);
	ASSERT_EQ(listen(lfd, 1), 0);

	/* Client in mxa; the socket keeps its namespace after we move on. */
	ASSERT_EQ(enter_ns("mxa"), 0);
	cfd = socket(AF_INET, SOCK_STREAM, 0);
	ASSERT_GE(cfd, 0);
	ASSERT_EQ(connect(cfd, (struct sockaddr *)&addr, sizeof(addr)), 0);
	sfd = accept(lfd, NULL, NULL);
	ASSERT_GE(sfd, 0);

	ASSERT_EQ(setsockopt(cfd, IPPROTO_TCP, TCP_ULP, "mxtls", 5), 0);
	ASSERT_EQ(setsockopt(sfd, IPPROTO_TCP, TCP_ULP, "mxtls", 5), 0);

	/* Until the record layer has keys, bytes pass as they are. */
	ASSERT_EQ(write(cfd, "hello", 5), 5);
	ASSERT_EQ(read(sfd, buf, 5), 5);
	EXPECT_STREQ(buf, "hello");

	/* Each namespace lists only its own mxtls socket; the root none. */
	EXPECT_EQ(count_mxtls_socks(), 1);
	ASSERT_EQ(enter_ns("mxb"), 0);
	EXPECT_EQ(count_mxtls_socks(), 1);
	ASSERT_EQ(setns(self->root_ns, CLONE_NEWNET), 0);
	EXPECT_EQ(count_mxtls_socks(), 0);

	close(cfd);
	close(sfd);
	close(lfd);
}

TEST_HARNESS_MAIN
