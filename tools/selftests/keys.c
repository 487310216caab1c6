// SPDX-License-Identifier: GPL-2.0
/*
 * SET_KEYS as a process meets it: every refusal with its errno and the
 * kernel's message, keys only for the caller's own sockets, and what the
 * socket tells afterwards (MXTLS_INFO, MXTLS_VERIFY_DATA, GET, ss -ti,
 * /proc/net/mxtls_stat). Re-keying at ChangeCipherSpec between two mxtls
 * sockets, and an IPv6 connection.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/mxtls.h>

#include "kselftest_harness.h"
#include "tlspair.h"

#ifndef TCP_ULP
#define TCP_ULP 31
#endif

static const uint8_t key[32] = "0123456789abcdef0123456789abcdef";
static const uint8_t mac[48] = "mac key mac key mac key mac key mac key mac key";
static const uint8_t iv[16] = "iv iv iv iv iv!";

/* AES-128-GCM keys for TLS 1.2, valid as they are */
static struct mxtls_keys gcm_keys(int fd, int dir)
{
	struct mxtls_keys k = {
		.fd = fd, .direction = (uint8_t)dir, .version = MXTLS_TLS_1_2, .suite = 0xc02f,
		.enc_key = key, .enc_key_len = 16, .iv = iv, .iv_len = 4,
	};

	return k;
}

static int ulp(int fd)
{
	return setsockopt(fd, IPPROTO_TCP, TCP_ULP, "mxtls", 5);
}

FIXTURE(keys) {
	int cfd, sfd;
	struct mxtls_nl *nl;
};

FIXTURE_SETUP(keys)
{
	ASSERT_EQ(tcp_pair(&self->cfd, &self->sfd), 0);
	ASSERT_EQ(mxtls_nl_open(&self->nl), 0);
}

FIXTURE_TEARDOWN(keys)
{
	close(self->cfd);
	close(self->sfd);
	mxtls_nl_close(self->nl);
}

/* errno of SET_KEYS with k, and the kernel's message must mention what */
static int refused(FIXTURE_DATA(keys) *self, struct mxtls_keys *k, const char *what)
{
	int err = mxtls_nl_set_keys(self->nl, k);

	if (err && what && !strstr(mxtls_nl_errmsg(self->nl), what)) {
		fprintf(stderr, "# message \"%s\" lacks \"%s\"\n", mxtls_nl_errmsg(self->nl), what);
		return 1;
	}
	return -err;
}

TEST_F(keys, accepted)
{
	struct mxtls_keys k = gcm_keys(self->cfd, MXTLS_DIR_TX);

	ASSERT_EQ(ulp(self->cfd), 0);
	EXPECT_EQ(mxtls_nl_set_keys(self->nl, &k), 0);
	k.direction = MXTLS_DIR_RX;
	EXPECT_EQ(mxtls_nl_set_keys(self->nl, &k), 0);
}

TEST_F(keys, refusals)
{
	struct mxtls_keys k;
	int udp = socket(AF_INET, SOCK_DGRAM, 0), un = socket(AF_UNIX, SOCK_STREAM, 0);
	int file = open("/proc/self/status", O_RDONLY);

	/* not our ULP yet */
	k = gcm_keys(self->cfd, MXTLS_DIR_TX);
	EXPECT_EQ(refused(self, &k, "ULP"), EINVAL);
	ASSERT_EQ(ulp(self->cfd), 0);

	k.fd = 9999;
	EXPECT_EQ(refused(self, &k, "calling process"), EBADF);
	k.fd = file;
	EXPECT_EQ(refused(self, &k, "calling process"), ENOTSOCK);
	k.fd = udp;
	EXPECT_EQ(refused(self, &k, "TCP"), EOPNOTSUPP);
	k.fd = un;
	EXPECT_EQ(refused(self, &k, "TCP"), EOPNOTSUPP);
	/* out of the attribute policy's range */
	k.fd = -1;
	EXPECT_EQ(refused(self, &k, NULL), ERANGE);
	k = gcm_keys(self->cfd, 3);
	EXPECT_EQ(refused(self, &k, NULL), ERANGE);
	k = gcm_keys(self->cfd, MXTLS_DIR_TX);
	k.version = MXTLS_SSL_3_0;
	EXPECT_EQ(refused(self, &k, "SSL 3.0"), EPROTONOSUPPORT);
	k.version = 0x0304;
	EXPECT_EQ(refused(self, &k, "version"), EPROTONOSUPPORT);
	k = gcm_keys(self->cfd, MXTLS_DIR_TX);
	k.version = MXTLS_TLS_1_1;
	EXPECT_EQ(refused(self, &k, "TLS 1.2"), EINVAL);
	k = gcm_keys(self->cfd, MXTLS_DIR_TX);
	k.suite = 0x1301;
	EXPECT_EQ(refused(self, &k, "not supported"), EOPNOTSUPP);
	k.suite = 0x0005;	/* RC4-SHA: only with MXTLS_RC4=y */
	EXPECT_EQ(refused(self, &k, "not supported"), EOPNOTSUPP);
	k = gcm_keys(self->cfd, MXTLS_DIR_TX);
	k.enc_key_len = 32;
	EXPECT_EQ(refused(self, &k, "key length"), EINVAL);
	k.enc_key_len = 33;
	EXPECT_EQ(refused(self, &k, NULL), ERANGE);
	k = gcm_keys(self->cfd, MXTLS_DIR_TX);
	k.mac_key = mac;
	k.mac_key_len = 20;
	EXPECT_EQ(refused(self, &k, "MAC key"), EINVAL);
	k = gcm_keys(self->cfd, MXTLS_DIR_TX);
	k.iv_len = 12;
	EXPECT_EQ(refused(self, &k, "IV"), EINVAL);
	k = gcm_keys(self->cfd, MXTLS_DIR_TX);
	k.flags = MXTLS_KEY_F_ETM;
	EXPECT_EQ(refused(self, &k, "encrypt-then-MAC"), EINVAL);
	k.flags = 0x80;
	EXPECT_EQ(refused(self, &k, NULL), EINVAL);
	k = gcm_keys(self->cfd, MXTLS_DIR_TX);
	k.enc_key_len = 0;
	EXPECT_EQ(refused(self, &k, NULL), EINVAL);

	/* CBC: the MAC key length by hash, the IV only for TLS 1.0 */
	k = gcm_keys(self->cfd, MXTLS_DIR_TX);
	k.suite = 0x002f;
	k.iv_len = 0;
	k.mac_key = mac;
	k.mac_key_len = 32;
	EXPECT_EQ(refused(self, &k, "MAC key"), EINVAL);
	k.mac_key_len = 20;
	k.iv_len = 16;
	EXPECT_EQ(refused(self, &k, "IV"), EINVAL);
	k.version = MXTLS_TLS_1_0;
	EXPECT_EQ(mxtls_nl_set_keys(self->nl, &k), 0);
	/* the other direction may not use another version */
	k = gcm_keys(self->cfd, MXTLS_DIR_RX);
	EXPECT_EQ(refused(self, &k, "version"), EINVAL);
	close(udp);
	close(un);
	close(file);
}

/* A child with its own fd table cannot reach the parent's socket by number */
TEST_F(keys, only_own_fds)
{
	int status, fd = self->cfd;
	struct mxtls_info info;
	socklen_t len = sizeof(info);
	pid_t pid;

	ASSERT_EQ(ulp(fd), 0);
	pid = fork();
	ASSERT_GE(pid, 0);
	if (!pid) {
		struct mxtls_keys k = gcm_keys(fd, MXTLS_DIR_TX);
		struct mxtls_nl *nl;
		int other;

		close(fd);
		other = open("/dev/null", O_RDONLY);
		if (other != fd || mxtls_nl_open(&nl))
			_exit(2);
		_exit(mxtls_nl_set_keys(nl, &k) == -ENOTSOCK ? 0 : 1);
	}
	ASSERT_EQ(waitpid(pid, &status, 0), pid);
	EXPECT_EQ(WEXITSTATUS(status), 0);
	ASSERT_EQ(getsockopt(fd, SOL_MXTLS, MXTLS_INFO, &info, &len), 0);
	EXPECT_EQ(info.tx_state, MXTLS_STATE_PLAIN);
}

/* An unprivileged process keys its own socket */
TEST_F(keys, unprivileged)
{
	int status;
	pid_t pid;

	ASSERT_EQ(ulp(self->cfd), 0);
	pid = fork();
	ASSERT_GE(pid, 0);
	if (!pid) {
		struct mxtls_keys k = gcm_keys(self->cfd, MXTLS_DIR_TX);
		struct mxtls_nl *nl;

		if (setgid(65534) || setuid(65534) || mxtls_nl_open(&nl))
			_exit(2);
		_exit(mxtls_nl_set_keys(nl, &k) ? 1 : 0);
	}
	ASSERT_EQ(waitpid(pid, &status, 0), pid);
	EXPECT_EQ(WEXITSTATUS(status), 0);
}

static int find_in_dump(const struct mxtls_sock_info *s, void *arg)
{
	struct mxtls_sock_info *want = arg;

	if (s->inode == want->inode) {
		*want = *s;
		want->uid = 0x4d58;
	}
	return 0;
}

TEST_F(keys, visible_in_info_get_ss_and_proc)
{
	struct tls_pair *tp;
	struct tls_params p = { MXTLS_TLS_1_2, "PSK-AES256-GCM-SHA384", false, TP_OPENSSL };
	struct mxtls_sock_info want = { 0 };
	struct mxtls_verify_data vd;
	socklen_t len = sizeof(vd);
	char line[512], cmd[64];
	bool ulp_seen = false, version_seen = false, cipher_seen = false;
	long curr_tx = -1;
	struct stat st;
	FILE *f;

	ASSERT_EQ(tp_new(&tp, &p), 0);
	ASSERT_EQ(tp_offload(tp, TP_CLIENT, self->cfd, self->nl), 0);

	ASSERT_EQ(getsockopt(self->cfd, SOL_MXTLS, MXTLS_VERIFY_DATA, &vd, &len), 0);
	EXPECT_EQ(vd.client_len, 12);
	EXPECT_EQ(vd.server_len, 12);

	ASSERT_EQ(fstat(self->cfd, &st), 0);
	want.inode = st.st_ino;
	ASSERT_EQ(mxtls_nl_list_socks(self->nl, find_in_dump, &want), 0);
	EXPECT_EQ(want.uid, 0x4d58U);
	EXPECT_EQ(want.version, MXTLS_TLS_1_2);
	EXPECT_EQ(want.tx_suite, 0x00a9);
	EXPECT_EQ(want.rx_suite, 0x00a9);

	snprintf(cmd, sizeof(cmd), "ss -tinH 2>&1");
	f = popen(cmd, "r");
	ASSERT_NE(f, NULL);
	while (fgets(line, sizeof(line), f)) {
		ulp_seen |= !!strstr(line, "tcp-ulp-mxtls");
		version_seen |= !!strstr(line, "version: 1.2");
		cipher_seen |= !!strstr(line, "cipher: aes-gcm-256");
	}
	pclose(f);
	EXPECT_TRUE(ulp_seen);
	EXPECT_TRUE(version_seen);
	EXPECT_TRUE(cipher_seen);

	f = fopen("/proc/net/mxtls_stat", "r");
	ASSERT_NE(f, NULL);
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "MxtlsCurrTx %ld", &curr_tx) == 1)
			break;
	fclose(f);
	EXPECT_GE(curr_tx, 1);
	tp_free(tp);
}

/* Two mxtls sockets re-keying at ChangeCipherSpec, the reader before and after its keys */
TEST_F(keys, rekey_between_two_mxtls_sockets)
{
	struct mxtls_keys c1 = gcm_keys(self->cfd, MXTLS_DIR_TX);
	struct mxtls_keys s1 = gcm_keys(self->sfd, MXTLS_DIR_RX);
	struct mxtls_keys c2 = c1, s2 = s1;
	char cbuf[CMSG_SPACE(1)] = "", buf[16];
	struct iovec iov = { "\x01", 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
		.msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);
	struct mxtls_info info;
	socklen_t len = sizeof(info);
	uint8_t key2[32];

	ASSERT_EQ(ulp(self->cfd), 0);
	ASSERT_EQ(ulp(self->sfd), 0);
	ASSERT_EQ(mxtls_nl_set_keys(self->nl, &c1), 0);
	ASSERT_EQ(mxtls_nl_set_keys(self->nl, &s1), 0);
	EXPECT_EQ(send(self->cfd, "epoch1", 6, 0), 6);
	EXPECT_EQ(recv(self->sfd, buf, sizeof(buf), 0), 6);

	cmsg->cmsg_level = SOL_MXTLS;
	cmsg->cmsg_type = MXTLS_RECORD_TYPE;
	cmsg->cmsg_len = CMSG_LEN(1);
	*CMSG_DATA(cmsg) = MXTLS_CT_CHANGE_CIPHER_SPEC;
	/* no keys for the next epoch yet */
	EXPECT_EQ(sendmsg(self->cfd, &msg, 0), -1);
	EXPECT_EQ(errno, ENOKEY);

	memcpy(key2, "another key for the next epoch!!", 32);
	c2.suite = s2.suite = 0xc030;
	c2.enc_key = s2.enc_key = key2;
	c2.enc_key_len = s2.enc_key_len = 32;
	ASSERT_EQ(mxtls_nl_set_keys(self->nl, &c2), 0);
	ASSERT_EQ(getsockopt(self->cfd, SOL_MXTLS, MXTLS_INFO, &info, &len), 0);
	EXPECT_TRUE(!!(info.flags & MXTLS_INFO_TX_NEXT_KEYS));
	EXPECT_EQ(sendmsg(self->cfd, &msg, 0), 1);
	EXPECT_EQ(send(self->cfd, "epoch2", 6, 0), 6);

	/* the reader gets the ChangeCipherSpec, then stops at the boundary */
	msg.msg_iov = &(struct iovec){ buf, sizeof(buf) };
	msg.msg_controllen = sizeof(cbuf);
	EXPECT_EQ(recvmsg(self->sfd, &msg, 0), 1);
	EXPECT_EQ(*CMSG_DATA(CMSG_FIRSTHDR(&msg)), MXTLS_CT_CHANGE_CIPHER_SPEC);
	EXPECT_EQ(recv(self->sfd, buf, sizeof(buf), MSG_DONTWAIT), -1);
	EXPECT_EQ(errno, EKEYEXPIRED);
	ASSERT_EQ(getsockopt(self->sfd, SOL_MXTLS, MXTLS_INFO, &info, &len), 0);
	EXPECT_EQ(info.rx_state, MXTLS_STATE_WAIT_KEYS);
	ASSERT_EQ(mxtls_nl_set_keys(self->nl, &s2), 0);
	EXPECT_EQ(recv(self->sfd, buf, sizeof(buf), 0), 6);
	EXPECT_EQ(memcmp(buf, "epoch2", 6), 0);
	ASSERT_EQ(getsockopt(self->sfd, SOL_MXTLS, MXTLS_INFO, &info, &len), 0);
	EXPECT_EQ(info.rx_epoch, 2U);
	EXPECT_EQ(info.rx_suite, 0xc030);
}

/* The last sequence number is never used: writes fail until re-keyed */
TEST_F(keys, sequence_number_exhausted)
{
	struct mxtls_keys k = gcm_keys(self->cfd, MXTLS_DIR_TX);
	struct mxtls_info info;
	socklen_t len = sizeof(info);

	ASSERT_EQ(ulp(self->cfd), 0);
	k.seq = UINT64_MAX - 1;
	ASSERT_EQ(mxtls_nl_set_keys(self->nl, &k), 0);
	EXPECT_EQ(send(self->cfd, "last", 4, 0), 4);
	EXPECT_EQ(send(self->cfd, "over", 4, MSG_NOSIGNAL), -1);
	EXPECT_EQ(errno, EKEYEXPIRED);
	ASSERT_EQ(getsockopt(self->cfd, SOL_MXTLS, MXTLS_INFO, &info, &len), 0);
	EXPECT_EQ(info.tx_seq, UINT64_MAX);
	EXPECT_EQ(send(self->cfd, "more", 4, MSG_NOSIGNAL), -1);
	EXPECT_EQ(errno, EKEYEXPIRED);
}

/* The record layer on IPv6 too */
TEST(ipv6_connection)
{
	struct tls_params p = { MXTLS_TLS_1_2, "PSK-CHACHA20-POLY1305", false, TP_OPENSSL };
	struct sockaddr_in6 addr = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT };
	socklen_t alen = sizeof(addr);
	int lfd = socket(AF_INET6, SOCK_STREAM, 0), cfd, sfd;
	struct tls_pair *tp;
	struct mxtls_nl *nl;
	char buf[16] = "";

	ASSERT_GE(lfd, 0);
	ASSERT_EQ(bind(lfd, (struct sockaddr *)&addr, sizeof(addr)), 0);
	ASSERT_EQ(listen(lfd, 1), 0);
	ASSERT_EQ(getsockname(lfd, (struct sockaddr *)&addr, &alen), 0);
	cfd = socket(AF_INET6, SOCK_STREAM, 0);
	ASSERT_EQ(connect(cfd, (struct sockaddr *)&addr, sizeof(addr)), 0);
	sfd = accept(lfd, NULL, NULL);
	ASSERT_GE(sfd, 0);
	ASSERT_EQ(tp_new(&tp, &p), 0);
	ASSERT_EQ(mxtls_nl_open(&nl), 0);
	ASSERT_EQ(tp_offload(tp, TP_CLIENT, cfd, nl), 0);
	EXPECT_EQ(send(cfd, "over v6", 7, 0), 7);
	ASSERT_EQ(tp_recv(tp, TP_SERVER, sfd, buf, 7), 0);
	EXPECT_EQ(memcmp(buf, "over v6", 7), 0);
	ASSERT_EQ(tp_send(tp, TP_SERVER, sfd, "back", 4), 0);
	EXPECT_EQ(recv(cfd, buf, sizeof(buf), 0), 4);
	close(cfd);
	close(sfd);
	close(lfd);
	mxtls_nl_close(nl);
	tp_free(tp);
}

TEST_HARNESS_MAIN
