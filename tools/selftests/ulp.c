// SPDX-License-Identifier: GPL-2.0
/*
 * The mxtls ULP and netlink family as an application sees them: attaching
 * to sockets in every state, errnos compared with the kernel's own "tls"
 * ULP, the family resolved through libnl-genl-3, and module removal with
 * sockets open. Runs in the test VM with mxtls and tls loaded.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "mxtls_netlink.h"

#ifndef TCP_ULP
#define TCP_ULP 31
#endif

static int set_ulp(int fd, const char *name)
{
	return setsockopt(fd, IPPROTO_TCP, TCP_ULP, name, strlen(name));
}

/* errno of setsockopt(TCP_ULP, name), 0 on success */
static int ulp_errno(int fd, const char *name)
{
	return set_ulp(fd, name) ? errno : 0;
}

static int listener(struct sockaddr_in *addr)
{
	socklen_t len = sizeof(*addr);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	memset(addr, 0, sizeof(*addr));
	addr->sin_family = AF_INET;
	addr->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)addr, sizeof(*addr)) ||
	    listen(fd, 16) || getsockname(fd, (struct sockaddr *)addr, &len))
		return -1;
	return fd;
}

/* A connected loopback pair: *cfd the client end, *sfd the server end. */
static int tcp_pair(int *cfd, int *sfd)
{
	struct sockaddr_in addr;
	int lfd = listener(&addr);

	if (lfd < 0)
		return -1;
	*cfd = socket(AF_INET, SOCK_STREAM, 0);
	if (*cfd < 0 || connect(*cfd, (struct sockaddr *)&addr, sizeof(addr)))
		return -1;
	*sfd = accept(lfd, NULL, NULL);
	close(lfd);
	return *sfd < 0 ? -1 : 0;
}

static long module_refcnt(void)
{
	FILE *f = fopen("/sys/module/mxtls/refcnt", "r");
	long n = -1;

	if (f) {
		if (fscanf(f, "%ld", &n) != 1)
			n = -1;
		fclose(f);
	}
	return n;
}

FIXTURE(pair) {
	int cfd, sfd;
};

FIXTURE_SETUP(pair)
{
	ASSERT_EQ(tcp_pair(&self->cfd, &self->sfd), 0);
}

FIXTURE_TEARDOWN(pair)
{
	close(self->cfd);
	close(self->sfd);
}

TEST_F(pair, attach_connected)
{
	char name[16] = "";
	socklen_t len = sizeof(name);

	ASSERT_EQ(set_ulp(self->cfd, "mxtls"), 0);
	ASSERT_EQ(set_ulp(self->sfd, "mxtls"), 0);
	ASSERT_EQ(getsockopt(self->cfd, IPPROTO_TCP, TCP_ULP, name, &len), 0);
	EXPECT_STREQ(name, "mxtls");
}

TEST_F(pair, attach_twice_same_errno_as_tls)
{
	int ours, theirs;

	ASSERT_EQ(set_ulp(self->cfd, "mxtls"), 0);
	ours = ulp_errno(self->cfd, "mxtls");
	ASSERT_EQ(set_ulp(self->sfd, "tls"), 0);
	theirs = ulp_errno(self->sfd, "tls");
	EXPECT_NE(ours, 0);
	EXPECT_EQ(ours, theirs);
}

TEST(listening_socket_same_errno_as_tls)
{
	struct sockaddr_in a1, a2;
	int l1 = listener(&a1), l2 = listener(&a2);
	int ours, theirs;

	ASSERT_GE(l1, 0);
	ASSERT_GE(l2, 0);
	ours = ulp_errno(l1, "mxtls");
	theirs = ulp_errno(l2, "tls");
	EXPECT_NE(ours, 0);
	EXPECT_EQ(ours, theirs);
	close(l1);
	close(l2);
}

TEST(unconnected_socket_same_errno_as_tls)
{
	int s1 = socket(AF_INET, SOCK_STREAM, 0);
	int s2 = socket(AF_INET, SOCK_STREAM, 0);
	int ours, theirs;

	ASSERT_GE(s1, 0);
	ASSERT_GE(s2, 0);
	ours = ulp_errno(s1, "mxtls");
	theirs = ulp_errno(s2, "tls");
	EXPECT_NE(ours, 0);
	EXPECT_EQ(ours, theirs);
	close(s1);
	close(s2);
}

TEST(genl_family_resolves)
{
	struct mxtls_nl *nl;

	ASSERT_EQ(mxtls_nl_open(&nl), 0);
	EXPECT_GT(mxtls_nl_family_id(nl), 0);
	EXPECT_GT(mxtls_nl_handshake_group(nl), 0);
	mxtls_nl_close(nl);
}

struct find {
	uint64_t inode;
	uint16_t port;
	int found;
};

static int find_sock(const struct mxtls_sock_info *s, void *arg)
{
	struct find *f = arg;

	if (s->inode == f->inode && s->local_port == f->port && s->family == AF_INET)
		f->found++;
	return 0;
}

TEST_F(pair, genl_lists_attached_socket)
{
	struct sockaddr_in addr;
	socklen_t len = sizeof(addr);
	struct mxtls_nl *nl;
	struct find f = { 0 };
	struct stat st;

	ASSERT_EQ(fstat(self->cfd, &st), 0);
	ASSERT_EQ(getsockname(self->cfd, (struct sockaddr *)&addr, &len), 0);
	f.inode = st.st_ino;
	f.port = ntohs(addr.sin_port);

	ASSERT_EQ(mxtls_nl_open(&nl), 0);
	ASSERT_EQ(mxtls_nl_list_socks(nl, find_sock, &f), 0);
	EXPECT_EQ(f.found, 0);

	ASSERT_EQ(set_ulp(self->cfd, "mxtls"), 0);
	ASSERT_EQ(mxtls_nl_list_socks(nl, find_sock, &f), 0);
	EXPECT_EQ(f.found, 1);
	mxtls_nl_close(nl);
}

/* Many sockets: the dump must span several netlink buffers intact. */
TEST(genl_dump_many)
{
	enum { N = 300 };
	static int c[N], s[N];
	struct mxtls_nl *nl;
	struct find f = { 0 };
	int i, n = 0;

	for (i = 0; i < N; i++) {
		ASSERT_EQ(tcp_pair(&c[i], &s[i]), 0);
		ASSERT_EQ(set_ulp(c[i], "mxtls"), 0);
	}
	ASSERT_EQ(mxtls_nl_open(&nl), 0);
	for (i = 0; i < N; i++) {
		struct stat st;
		struct sockaddr_in addr;
		socklen_t len = sizeof(addr);

		ASSERT_EQ(fstat(c[i], &st), 0);
		ASSERT_EQ(getsockname(c[i], (struct sockaddr *)&addr, &len), 0);
		f.inode = st.st_ino;
		f.port = ntohs(addr.sin_port);
		f.found = 0;
		if (i % 50 == 0) {
			ASSERT_EQ(mxtls_nl_list_socks(nl, find_sock, &f), 0);
			EXPECT_EQ(f.found, 1);
			n++;
		}
	}
	EXPECT_EQ(n, N / 50);
	mxtls_nl_close(nl);
	for (i = 0; i < N; i++) {
		close(c[i]);
		close(s[i]);
	}
}

/*
 * Removal is refused while a socket carries the ULP and succeeds once all
 * are closed; attaching again loads the module through its alias.
 */
TEST(rmmod_with_sockets_open)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	int cfd, sfd, i;

	ASSERT_EQ(tcp_pair(&cfd, &sfd), 0);
	ASSERT_EQ(set_ulp(cfd, "mxtls"), 0);
	ASSERT_GT(module_refcnt(), 0);
	ASSERT_NE(syscall(SYS_delete_module, "mxtls", O_NONBLOCK), 0);
	EXPECT_TRUE(errno == EWOULDBLOCK || errno == EBUSY);

	close(cfd);
	close(sfd);
	for (i = 0; i < 250 && module_refcnt() != 0; i++)
		nanosleep(&ts, NULL);
	ASSERT_EQ(module_refcnt(), 0);
	ASSERT_EQ(syscall(SYS_delete_module, "mxtls", O_NONBLOCK), 0);
	EXPECT_EQ(access("/sys/module/mxtls", F_OK), -1);

	/* The ULP's module alias loads it again on the next attach. */
	ASSERT_EQ(tcp_pair(&cfd, &sfd), 0);
	EXPECT_EQ(set_ulp(cfd, "mxtls"), 0);
	EXPECT_EQ(access("/sys/module/mxtls", F_OK), 0);
	close(cfd);
	close(sfd);
}

TEST_HARNESS_MAIN
