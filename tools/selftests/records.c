// SPDX-License-Identifier: GPL-2.0
/*
 * The mxtls record layer on loopback TCP, in the manner of the kernel's
 * tools/testing/selftests/net/tls.c. In every test one end of the
 * connection (cfd) is offloaded to mxtls and the other (sfd) is driven by
 * OpenSSL record by record, so every record mxtls sends is opened by
 * OpenSSL and every record it receives was sealed (or spoiled) there. Each
 * test runs for every protection and version in the variants below.
 *
 * rc4_records.c builds this file with MXTLS_SELFTEST_RC4 defined: the RC4
 * variants only, for the module built with them (make module-rc4).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <linux/mxtls.h>
#include <linux/sockios.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "kselftest_harness.h"
#include "tlspair.h"

#define MAX_WIRE	(1 << 22)

FIXTURE(tls) {
	int cfd, sfd;
	struct tls_pair *tp;
	struct mxtls_nl *nl;
	uint8_t *a, *b, *wire;
};

FIXTURE_VARIANT(tls) {
	uint16_t version;
	const char *cipher;
	bool etm;
	int backend;
};

#ifndef MXTLS_SELFTEST_RC4
FIXTURE_VARIANT_ADD(tls, aes128_gcm) {
	.version = MXTLS_TLS_1_2, .cipher = "PSK-AES128-GCM-SHA256",
};

FIXTURE_VARIANT_ADD(tls, aes256_gcm) {
	.version = MXTLS_TLS_1_2, .cipher = "PSK-AES256-GCM-SHA384",
};

FIXTURE_VARIANT_ADD(tls, chacha20_poly1305) {
	.version = MXTLS_TLS_1_2, .cipher = "PSK-CHACHA20-POLY1305",
};

FIXTURE_VARIANT_ADD(tls, tls10_aes128_sha_mte) {
	.version = MXTLS_TLS_1_0, .cipher = "PSK-AES128-CBC-SHA",
};

FIXTURE_VARIANT_ADD(tls, tls10_aes128_sha_etm) {
	.version = MXTLS_TLS_1_0, .cipher = "PSK-AES128-CBC-SHA", .etm = true,
};

FIXTURE_VARIANT_ADD(tls, tls11_aes256_sha_mte) {
	.version = MXTLS_TLS_1_1, .cipher = "PSK-AES256-CBC-SHA",
};

FIXTURE_VARIANT_ADD(tls, tls12_aes256_sha_etm) {
	.version = MXTLS_TLS_1_2, .cipher = "PSK-AES256-CBC-SHA", .etm = true,
};

FIXTURE_VARIANT_ADD(tls, tls12_aes128_sha256_mte) {
	.version = MXTLS_TLS_1_2, .cipher = "PSK-AES128-CBC-SHA256",
};

FIXTURE_VARIANT_ADD(tls, tls12_aes256_sha384_etm) {
	.version = MXTLS_TLS_1_2, .cipher = "PSK-AES256-CBC-SHA384", .etm = true,
};

/* OpenSSL has no 3DES suites any more: GnuTLS is the peer for those */
FIXTURE_VARIANT_ADD(tls, tls11_3des_sha_etm) {
	.version = MXTLS_TLS_1_1, .cipher = "+3DES-CBC:+SHA1:+PSK", .etm = true,
	.backend = TP_GNUTLS,
};

FIXTURE_VARIANT_ADD(tls, tls10_3des_sha_mte) {
	.version = MXTLS_TLS_1_0, .cipher = "+3DES-CBC:+SHA1:+PSK", .backend = TP_GNUTLS,
};

/* And a second opinion on two of the others */
FIXTURE_VARIANT_ADD(tls, gnutls_aes128_gcm) {
	.version = MXTLS_TLS_1_2, .cipher = "+AES-128-GCM:+AEAD:+PSK", .backend = TP_GNUTLS,
};

FIXTURE_VARIANT_ADD(tls, gnutls_tls10_aes256_sha_etm) {
	.version = MXTLS_TLS_1_0, .cipher = "+AES-256-CBC:+SHA1:+PSK", .etm = true,
	.backend = TP_GNUTLS,
};
#else
/* RC4 in a module built with MXTLS_RC4=y (rc4_records.c), GnuTLS the peer */
FIXTURE_VARIANT_ADD(tls, tls10_rc4_sha) {
	.version = MXTLS_TLS_1_0, .cipher = "+ARCFOUR-128:+SHA1:+PSK", .backend = TP_GNUTLS,
};

FIXTURE_VARIANT_ADD(tls, tls11_rc4_md5) {
	.version = MXTLS_TLS_1_1, .cipher = "+ARCFOUR-128:+MD5:+ANON-DH", .backend = TP_GNUTLS,
};

FIXTURE_VARIANT_ADD(tls, tls12_rc4_sha) {
	.version = MXTLS_TLS_1_2, .cipher = "+ARCFOUR-128:+SHA1:+PSK", .backend = TP_GNUTLS,
};
#endif

FIXTURE_SETUP(tls)
{
	struct tls_params p = {
		variant->version, variant->cipher, variant->etm, variant->backend
	};

	self->a = malloc(MAX_WIRE);
	self->b = malloc(MAX_WIRE);
	self->wire = malloc(MAX_WIRE);
	ASSERT_TRUE(self->a && self->b && self->wire);
	ASSERT_EQ(tp_new(&self->tp, &p), 0);
	ASSERT_EQ(tcp_pair(&self->cfd, &self->sfd), 0);
	ASSERT_EQ(mxtls_nl_open(&self->nl), 0);
	ASSERT_EQ(tp_offload(self->tp, TP_CLIENT, self->cfd, self->nl), 0);
}

FIXTURE_TEARDOWN(tls)
{
	close(self->cfd);
	close(self->sfd);
	mxtls_nl_close(self->nl);
	tp_free(self->tp);
	free(self->a);
	free(self->b);
	free(self->wire);
}

/* mxtls sends len bytes, OpenSSL must open exactly them */
static int send_and_check(FIXTURE_DATA(tls) *self, size_t len, uint32_t seed)
{
	fill_pattern(self->a, len, seed);
	if (write_all(self->cfd, self->a, len))
		return -1;
	memset(self->b, 0, len);
	if (tp_recv(self->tp, TP_SERVER, self->sfd, self->b, len))
		return -2;
	return memcmp(self->a, self->b, len) ? -3 : 0;
}

/* OpenSSL sends len bytes, mxtls must give back exactly them */
static int recv_and_check(FIXTURE_DATA(tls) *self, size_t len, uint32_t seed)
{
	fill_pattern(self->a, len, seed);
	if (tp_send(self->tp, TP_SERVER, self->sfd, self->a, len))
		return -1;
	memset(self->b, 0, len);
	if (read_all(self->cfd, self->b, len))
		return -2;
	return memcmp(self->a, self->b, len) ? -3 : 0;
}

TEST_F(tls, send_zero)
{
	EXPECT_EQ(send(self->cfd, self->a, 0, 0), 0);
	EXPECT_EQ(send_and_check(self, 1, 1), 0);
}

TEST_F(tls, send_1) { EXPECT_EQ(send_and_check(self, 1, 2), 0); }
TEST_F(tls, send_max_minus_1) { EXPECT_EQ(send_and_check(self, 16383, 3), 0); }
TEST_F(tls, send_max) { EXPECT_EQ(send_and_check(self, 16384, 4), 0); }
TEST_F(tls, send_max_plus_1) { EXPECT_EQ(send_and_check(self, 16385, 5), 0); }
TEST_F(tls, send_1m) { EXPECT_EQ(send_and_check(self, 1 << 20, 6), 0); }

TEST_F(tls, recv_zero)
{
	EXPECT_EQ(recv(self->cfd, self->b, 0, MSG_DONTWAIT), 0);
	EXPECT_EQ(recv_and_check(self, 1, 7), 0);
}

TEST_F(tls, recv_1) { EXPECT_EQ(recv_and_check(self, 1, 8), 0); }
TEST_F(tls, recv_max_minus_1) { EXPECT_EQ(recv_and_check(self, 16383, 9), 0); }
TEST_F(tls, recv_max) { EXPECT_EQ(recv_and_check(self, 16384, 10), 0); }
TEST_F(tls, recv_max_plus_1) { EXPECT_EQ(recv_and_check(self, 16385, 11), 0); }
TEST_F(tls, recv_1m) { EXPECT_EQ(recv_and_check(self, 1 << 20, 12), 0); }

TEST_F(tls, both_ways_interleaved)
{
	int i;

	for (i = 0; i < 20; i++) {
		ASSERT_EQ(send_and_check(self, 1000 + i * 997, 100 + i), 0);
		ASSERT_EQ(recv_and_check(self, 3000 + i * 1013, 200 + i), 0);
	}
}

/* The records in wire bytes, or -1 if they do not parse */
static int count_records(const uint8_t *wire, size_t len)
{
	size_t off = 0;
	int n = 0;

	while (off + 5 <= len) {
		off += 5 + (wire[off + 3] << 8 | wire[off + 4]);
		n++;
	}
	return off == len ? n : -1;
}

/* Read what mxtls sent: wait up to ms for it, then until it stops coming */
static ssize_t drain_raw(int fd, uint8_t *buf, size_t cap, int ms)
{
	size_t got = 0;

	while (got < cap) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		ssize_t n;

		if (poll(&pfd, 1, got ? 20 : ms) <= 0)
			break;
		n = read(fd, buf + got, cap - got);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

/* Open exactly len bytes from what was fed to the peer (TLS 1.0 splits records) */
static int open_all(struct tls_pair *tp, char *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = tp_open(tp, TP_SERVER, buf + got, len - got);

		if (n <= 0)
			return -1;
		got += (size_t)n;
	}
	return 0;
}

static struct mxtls_info get_info(int fd)
{
	struct mxtls_info info;
	socklen_t len = sizeof(info);

	memset(&info, 0xff, sizeof(info));
	if (getsockopt(fd, SOL_MXTLS, MXTLS_INFO, &info, &len) || len != sizeof(info))
		memset(&info, 0, sizeof(info));
	return info;
}

static int wait_readable(int fd, int ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };

	return poll(&pfd, 1, ms) == 1 && (pfd.revents & POLLIN);
}

TEST_F(tls, sendfile)
{
	size_t len = (1 << 20) + 4321, off = 0;
	char path[] = "/tmp/mxtls-sendfile-XXXXXX";
	int fd = mkstemp(path);

	ASSERT_GE(fd, 0);
	unlink(path);
	fill_pattern(self->a, len, 31);
	ASSERT_EQ(write_all(fd, self->a, len), 0);
	while (off < len) {
		off_t pos = (off_t)off;
		ssize_t n = sendfile(self->cfd, fd, &pos, len - off);

		ASSERT_GT(n, 0);
		off += (size_t)n;
	}
	close(fd);
	ASSERT_EQ(tp_recv(self->tp, TP_SERVER, self->sfd, self->b, len), 0);
	EXPECT_EQ(memcmp(self->a, self->b, len), 0);
}

TEST_F(tls, splice_to_socket)
{
	size_t len = 300000, off = 0;
	int p[2];

	ASSERT_EQ(pipe(p), 0);
	fill_pattern(self->a, len, 32);
	while (off < len) {
		ssize_t w = write(p[1], self->a + off, len - off > 40000 ? 40000 : len - off);
		ssize_t n;

		ASSERT_GT(w, 0);
		while (w > 0) {
			n = splice(p[0], NULL, self->cfd, NULL, (size_t)w, 0);
			ASSERT_GT(n, 0);
			w -= n;
			off += (size_t)n;
		}
	}
	close(p[0]);
	close(p[1]);
	ASSERT_EQ(tp_recv(self->tp, TP_SERVER, self->sfd, self->b, len), 0);
	EXPECT_EQ(memcmp(self->a, self->b, len), 0);
}

TEST_F(tls, splice_from_socket)
{
	size_t len = 100000, got = 0;
	int p[2];

	ASSERT_EQ(pipe(p), 0);
	ASSERT_EQ(recv_and_check(self, 10, 33), 0);
	fill_pattern(self->a, len, 34);
	ASSERT_EQ(tp_send(self->tp, TP_SERVER, self->sfd, self->a, len), 0);
	while (got < len) {
		ssize_t n = splice(self->cfd, NULL, p[1], NULL, len - got > 60000 ? 60000 :
				   len - got, 0);

		ASSERT_GT(n, 0);
		ASSERT_EQ(read_all(p[0], self->b + got, (size_t)n), 0);
		got += (size_t)n;
	}
	close(p[0]);
	close(p[1]);
	EXPECT_EQ(memcmp(self->a, self->b, len), 0);
}

/* MSG_MORE keeps the record open: nothing leaves until the last part */
TEST_F(tls, msg_more)
{
	ssize_t n;
	int recs;

	EXPECT_EQ(send(self->cfd, "first-", 6, MSG_MORE), 6);
	EXPECT_EQ(send(self->cfd, "second-", 7, MSG_MORE), 7);
	EXPECT_EQ(drain_raw(self->sfd, self->wire, MAX_WIRE, 100), 0);
	EXPECT_EQ(send(self->cfd, "third", 5, 0), 5);
	n = drain_raw(self->sfd, self->wire, MAX_WIRE, 500);
	ASSERT_GT(n, 0);
	recs = count_records(self->wire, (size_t)n);
	/* TLS 1.0 CBC sends 1/n-1 */
	EXPECT_EQ(recs, variant->version == MXTLS_TLS_1_0 && strstr(variant->cipher, "CBC") ? 2 : 1);
	ASSERT_EQ(tp_feed(self->tp, TP_SERVER, self->wire, (size_t)n), 0);
	memset(self->b, 0, 32);
	ASSERT_EQ(tp_recv(self->tp, TP_SERVER, self->sfd, self->b, 18), 0);
	EXPECT_EQ(memcmp(self->b, "first-second-third", 18), 0);
}

TEST_F(tls, peek)
{
	char buf[32] = "";

	ASSERT_EQ(tp_send(self->tp, TP_SERVER, self->sfd, "hello world", 11), 0);
	EXPECT_EQ(recv(self->cfd, buf, 5, MSG_PEEK | MSG_WAITALL), 5);
	EXPECT_EQ(memcmp(buf, "hello", 5), 0);
	EXPECT_EQ(recv(self->cfd, buf, sizeof(buf), MSG_PEEK), 11);
	memset(buf, 0, sizeof(buf));
	EXPECT_EQ(recv(self->cfd, buf, 3, 0), 3);
	EXPECT_EQ(memcmp(buf, "hel", 3), 0);
	EXPECT_EQ(recv(self->cfd, buf, sizeof(buf), MSG_PEEK), 8);
	EXPECT_EQ(memcmp(buf, "lo world", 8), 0);
	EXPECT_EQ(recv(self->cfd, buf, sizeof(buf), 0), 8);
	EXPECT_EQ(memcmp(buf, "lo world", 8), 0);
}

/* Readable when a whole record is there, not when its first bytes are */
TEST_F(tls, poll_whole_records_only)
{
	ssize_t n;
	char buf[16];

	EXPECT_FALSE(wait_readable(self->cfd, 20));
	n = tp_seal(self->tp, TP_SERVER, "pollme", 6, self->wire, MAX_WIRE);
	ASSERT_GT(n, 6);
	ASSERT_EQ(write_all(self->sfd, self->wire, (size_t)n - 3), 0);
	EXPECT_FALSE(wait_readable(self->cfd, 100));
	EXPECT_EQ(recv(self->cfd, buf, sizeof(buf), MSG_DONTWAIT), -1);
	EXPECT_EQ(errno, EAGAIN);
	ASSERT_EQ(write_all(self->sfd, self->wire + n - 3, 3), 0);
	EXPECT_TRUE(wait_readable(self->cfd, 2000));
	EXPECT_EQ(recv(self->cfd, buf, sizeof(buf), 0), 6);
	EXPECT_FALSE(wait_readable(self->cfd, 20));
}

TEST_F(tls, epoll_edge_triggered)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLET }, out;
	int ep = epoll_create1(0);
	char buf[64];

	ASSERT_GE(ep, 0);
	ASSERT_EQ(epoll_ctl(ep, EPOLL_CTL_ADD, self->cfd, &ev), 0);
	EXPECT_EQ(epoll_wait(ep, &out, 1, 20), 0);
	ASSERT_EQ(tp_send(self->tp, TP_SERVER, self->sfd, "one", 3), 0);
	EXPECT_EQ(epoll_wait(ep, &out, 1, 2000), 1);
	EXPECT_EQ(recv(self->cfd, buf, sizeof(buf), 0), 3);
	EXPECT_EQ(epoll_wait(ep, &out, 1, 20), 0);
	ASSERT_EQ(tp_send(self->tp, TP_SERVER, self->sfd, "two", 3), 0);
	EXPECT_EQ(epoll_wait(ep, &out, 1, 2000), 1);
	EXPECT_EQ(recv(self->cfd, buf, sizeof(buf), 0), 3);
	close(ep);
}

TEST_F(tls, nonblocking)
{
	char buf[16];
	int fl = fcntl(self->cfd, F_GETFL);

	ASSERT_EQ(fcntl(self->cfd, F_SETFL, fl | O_NONBLOCK), 0);
	EXPECT_EQ(recv(self->cfd, buf, sizeof(buf), 0), -1);
	EXPECT_EQ(errno, EAGAIN);
	ASSERT_EQ(tp_send(self->tp, TP_SERVER, self->sfd, "nb", 2), 0);
	ASSERT_TRUE(wait_readable(self->cfd, 2000));
	EXPECT_EQ(recv(self->cfd, buf, sizeof(buf), 0), 2);
	EXPECT_EQ(recv(self->cfd, buf, sizeof(buf), 0), -1);
	EXPECT_EQ(errno, EAGAIN);
}

TEST_F(tls, rcvtimeo)
{
	struct timeval tv = { .tv_usec = 150000 };
	struct timespec t0, t1;
	char buf[16];
	long ms;

	ASSERT_EQ(setsockopt(self->cfd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)), 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	EXPECT_EQ(recv(self->cfd, buf, sizeof(buf), 0), -1);
	EXPECT_EQ(errno, EAGAIN);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	/*
	 * Waited, not returned at once: the emulated guest's jiffies and its
	 * CLOCK_MONOTONIC drift apart under load (136 ms were seen for 150)
	 */
	EXPECT_GE(ms, 100);
}

/* One read, many records: all of them, and MSG_WAITALL across them */
TEST_F(tls, several_records_per_read)
{
	size_t total = 0;
	int i, avail = 0;

	for (i = 0; i < 10; i++) {
		ssize_t n;

		fill_pattern(self->a + i * 100, 100, 40 + i);
		n = tp_seal(self->tp, TP_SERVER, self->a + i * 100, 100, self->wire + total,
			    MAX_WIRE - total);
		ASSERT_GT(n, 0);
		total += (size_t)n;
	}
	ASSERT_EQ(write_all(self->sfd, self->wire, total), 0);
	/* all of it in the socket before reading (empty records may be gone already) */
	for (i = 0; i < 200 && avail < 1000; i++) {
		usleep(5000);
		ASSERT_EQ(ioctl(self->cfd, SIOCINQ, &avail), 0);
	}
	usleep(50000);
	EXPECT_EQ(recv(self->cfd, self->b, 5000, 0), 1000);
	EXPECT_EQ(memcmp(self->a, self->b, 1000), 0);

	fill_pattern(self->a, 3000, 50);
	for (i = 0; i < 3; i++)
		ASSERT_EQ(tp_send(self->tp, TP_SERVER, self->sfd, self->a + i * 1000, 1000), 0);
	EXPECT_EQ(recv(self->cfd, self->b, 3000, MSG_WAITALL), 3000);
	EXPECT_EQ(memcmp(self->a, self->b, 3000), 0);
}

TEST_F(tls, partial_reads_of_one_record)
{
	int i;

	fill_pattern(self->a, 1000, 60);
	ASSERT_EQ(tp_send(self->tp, TP_SERVER, self->sfd, self->a, 1000), 0);
	for (i = 0; i < 100; i++)
		ASSERT_EQ(recv(self->cfd, self->b + i * 10, 10, MSG_WAITALL), 10);
	EXPECT_EQ(memcmp(self->a, self->b, 1000), 0);
}

/* A blocked reader wakes up when a record arrives */
static void *late_sender(void *arg)
{
	FIXTURE_DATA(tls) *self = arg;

	usleep(100000);
	tp_send(self->tp, TP_SERVER, self->sfd, "late", 4);
	return NULL;
}

TEST_F(tls, blocking_read_wakes)
{
	pthread_t t;
	char buf[8];

	ASSERT_EQ(pthread_create(&t, NULL, late_sender, self), 0);
	EXPECT_EQ(recv(self->cfd, buf, sizeof(buf), 0), 4);
	pthread_join(t, NULL);
	EXPECT_EQ(memcmp(buf, "late", 4), 0);
}

/*
 * The peer's HelloRequest between two data records: data stops before it,
 * it comes alone with its type, data follows.
 */
TEST_F(tls, control_record_between_data)
{
	char cbuf[CMSG_SPACE(1)], buf[64];
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
		.msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *cmsg;
	size_t total = 0;
	ssize_t n;

	n = tp_seal(self->tp, TP_SERVER, "before", 6, self->wire, MAX_WIRE);
	ASSERT_GT(n, 0);
	total = (size_t)n;
	ASSERT_EQ(tp_hello_request(self->tp, TP_SERVER), 0);
	n = tp_pending(self->tp, TP_SERVER, self->wire + total, MAX_WIRE - total);
	ASSERT_GT(n, 0);
	total += (size_t)n;
	n = tp_seal(self->tp, TP_SERVER, "after", 5, self->wire + total, MAX_WIRE - total);
	ASSERT_GT(n, 0);
	total += (size_t)n;
	ASSERT_EQ(write_all(self->sfd, self->wire, total), 0);

	EXPECT_EQ(recv(self->cfd, buf, sizeof(buf), 0), 6);
	EXPECT_EQ(memcmp(buf, "before", 6), 0);
	/* no room for the type: refused */
	EXPECT_EQ(recv(self->cfd, buf, sizeof(buf), 0), -1);
	EXPECT_EQ(errno, EIO);
	n = recvmsg(self->cfd, &msg, 0);
	EXPECT_EQ(n, 4);	/* HelloRequest: type 0, length 0 */
	cmsg = CMSG_FIRSTHDR(&msg);
	ASSERT_NE(cmsg, NULL);
	EXPECT_EQ(cmsg->cmsg_level, SOL_MXTLS);
	EXPECT_EQ(cmsg->cmsg_type, MXTLS_RECORD_TYPE);
	EXPECT_EQ(*CMSG_DATA(cmsg), MXTLS_CT_HANDSHAKE);
	EXPECT_EQ(buf[0], 0);
	EXPECT_EQ(recv(self->cfd, buf, sizeof(buf), 0), 5);
	EXPECT_EQ(memcmp(buf, "after", 5), 0);
}

/* A record type set with a cmsg: the peer gets a warning alert, then data */
TEST_F(tls, send_control_record)
{
	char cbuf[CMSG_SPACE(1)] = "";
	uint8_t alert[2] = { MXTLS_ALERT_WARNING, 90 };	/* user_canceled */
	struct iovec iov = { alert, sizeof(alert) };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
		.msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);
	char buf[8] = "";

	cmsg->cmsg_level = SOL_MXTLS;
	cmsg->cmsg_type = MXTLS_RECORD_TYPE;
	cmsg->cmsg_len = CMSG_LEN(1);
	*CMSG_DATA(cmsg) = MXTLS_CT_ALERT;
	EXPECT_EQ(sendmsg(self->cfd, &msg, 0), 2);
	EXPECT_EQ(send(self->cfd, "after", 5, 0), 5);
	ASSERT_EQ(tp_recv(self->tp, TP_SERVER, self->sfd, buf, 5), 0);
	EXPECT_EQ(memcmp(buf, "after", 5), 0);
	EXPECT_EQ(tp_alert_rcvd(self->tp, TP_SERVER), MXTLS_ALERT_WARNING << 8 | 90);
	EXPECT_EQ(get_info(self->cfd).alert_sent_desc, 90);
}

TEST_F(tls, close_notify_received_is_eof)
{
	struct mxtls_info info;
	char buf[8];
	ssize_t n;

	ASSERT_EQ(tp_send(self->tp, TP_SERVER, self->sfd, "last", 4), 0);
	ASSERT_EQ(tp_close_notify(self->tp, TP_SERVER), 0);
	n = tp_pending(self->tp, TP_SERVER, self->wire, MAX_WIRE);
	ASSERT_GT(n, 0);
	ASSERT_EQ(write_all(self->sfd, self->wire, (size_t)n), 0);
	EXPECT_EQ(recv(self->cfd, buf, sizeof(buf), 0), 4);
	EXPECT_EQ(recv(self->cfd, buf, sizeof(buf), 0), 0);
	EXPECT_EQ(recv(self->cfd, buf, sizeof(buf), 0), 0);
	info = get_info(self->cfd);
	EXPECT_EQ(info.rx_state, MXTLS_STATE_CLOSED);
	EXPECT_EQ(info.alert_rcvd_level, MXTLS_ALERT_WARNING);
	EXPECT_EQ(info.alert_rcvd_desc, MXTLS_ALERT_CLOSE_NOTIFY);
	EXPECT_TRUE(wait_readable(self->cfd, 0));
}

TEST_F(tls, shutdown_sends_close_notify)
{
	ssize_t n;
	char buf[8];

	ASSERT_EQ(send(self->cfd, "end", 3, MSG_MORE), 3);
	ASSERT_EQ(shutdown(self->cfd, SHUT_WR), 0);
	n = drain_raw(self->sfd, self->wire, MAX_WIRE, 500);
	ASSERT_GT(n, 0);
	ASSERT_EQ(tp_feed(self->tp, TP_SERVER, self->wire, (size_t)n), 0);
	EXPECT_EQ(open_all(self->tp, buf, 3), 0);
	EXPECT_EQ(memcmp(buf, "end", 3), 0);
	EXPECT_EQ(tp_open(self->tp, TP_SERVER, buf, sizeof(buf)), 0);
	EXPECT_EQ(get_info(self->cfd).tx_state, MXTLS_STATE_CLOSED);
	EXPECT_EQ(send(self->cfd, "x", 1, MSG_NOSIGNAL), -1);
	EXPECT_EQ(errno, EPIPE);
	/* reading still works */
	EXPECT_EQ(recv_and_check(self, 100, 70), 0);
}

TEST_F(tls, close_notify_can_be_off)
{
	int off = 0, val = -1;
	socklen_t len = sizeof(val);

	ASSERT_EQ(setsockopt(self->cfd, SOL_MXTLS, MXTLS_CLOSE_NOTIFY, &off, sizeof(off)), 0);
	ASSERT_EQ(getsockopt(self->cfd, SOL_MXTLS, MXTLS_CLOSE_NOTIFY, &val, &len), 0);
	EXPECT_EQ(val, 0);
	ASSERT_EQ(shutdown(self->cfd, SHUT_WR), 0);
	EXPECT_EQ(drain_raw(self->sfd, self->wire, MAX_WIRE, 300), 0);
}

TEST_F(tls, close_sends_close_notify)
{
	char buf[8];
	ssize_t n;

	ASSERT_EQ(send(self->cfd, "bye", 3, 0), 3);
	close(self->cfd);
	self->cfd = -1;
	n = drain_raw(self->sfd, self->wire, MAX_WIRE, 500);
	ASSERT_GT(n, 0);
	ASSERT_EQ(tp_feed(self->tp, TP_SERVER, self->wire, (size_t)n), 0);
	EXPECT_EQ(open_all(self->tp, buf, 3), 0);
	EXPECT_EQ(memcmp(buf, "bye", 3), 0);
	EXPECT_EQ(tp_open(self->tp, TP_SERVER, buf, sizeof(buf)), 0);
}

/* Feed the peer a forged record: it answers with a fatal alert, which we read */
TEST_F(tls, fatal_alert_received)
{
	uint8_t forged[5 + 64] = { 23, 3, 1, 0, 64 };
	struct mxtls_info info;
	char buf[8];
	ssize_t n;

	forged[2] = variant->version & 0xff;
	fill_pattern(forged + 5, 64, 80);
	ASSERT_EQ(tp_feed(self->tp, TP_SERVER, forged, sizeof(forged)), 0);
	EXPECT_EQ(tp_open(self->tp, TP_SERVER, buf, sizeof(buf)), -2);
	n = tp_pending(self->tp, TP_SERVER, self->wire, MAX_WIRE);
	ASSERT_GT(n, 0);
	ASSERT_EQ(write_all(self->sfd, self->wire, (size_t)n), 0);
	EXPECT_EQ(recv(self->cfd, buf, sizeof(buf), 0), -1);
	EXPECT_EQ(errno, ECONNRESET);
	info = get_info(self->cfd);
	EXPECT_EQ(info.alert_rcvd_level, MXTLS_ALERT_FATAL);
	EXPECT_EQ(info.alert_rcvd_desc, MXTLS_ALERT_BAD_RECORD_MAC);
	EXPECT_EQ(info.error, ECONNRESET);
	EXPECT_EQ(send(self->cfd, "x", 1, MSG_NOSIGNAL), -1);
}

/*
 * The peer's records, spoiled at byte pos (none if pos < 0), on a fresh
 * connection keyed as after the handshake of tp: the error mxtls returns
 * (the bytes read when none), and if alert is not NULL the alert the peer
 * then received.
 */
static int spoiled(struct tls_pair *tp, const uint8_t *rec, int len, int pos, int *alert)
{
	static uint8_t wire[4096];
	struct mxtls_nl *nl;
	int cfd, sfd, err = 0;
	char buf[64];
	ssize_t n;

	if (tcp_pair(&cfd, &sfd) || mxtls_nl_open(&nl) || tp_offload(tp, TP_CLIENT, cfd, nl))
		return -1000;
	memcpy(wire, rec, (size_t)len);
	if (pos >= 0)
		wire[pos] ^= 0x01;
	if (write_all(sfd, wire, (size_t)len) || shutdown(sfd, SHUT_WR))
		err = -1001;
	if (!err) {
		n = recv(cfd, buf, sizeof(buf), 0);
		err = n < 0 ? -errno : (int)n;
	}
	if (alert) {
		*alert = 0;
		n = drain_raw(sfd, wire, sizeof(wire), 300);
		if (n > 0 && !tp_feed(tp, TP_SERVER, wire, (size_t)n) &&
		    tp_open(tp, TP_SERVER, buf, sizeof(buf)) == -2)
			*alert = tp_alert_rcvd(tp, TP_SERVER);
	}
	close(cfd);
	close(sfd);
	mxtls_nl_close(nl);
	return err;
}

/* The start, middle and end of the last record's body in rec */
static void body_bytes(const uint8_t *rec, int len, int body[3])
{
	int off = 0, last = 0;

	while (off + 5 <= len) {
		last = off;
		off += 5 + (rec[off + 3] << 8 | rec[off + 4]);
	}
	body[0] = last + 5;
	body[1] = (last + 5 + len) / 2;
	body[2] = len - 1;
}

/* Every byte of a record flipped: EBADMSG, no crash; a spoiled body gets bad_record_mac */
TEST_F(tls, flipped_byte_anywhere)
{
	struct tls_params p = { variant->version, variant->cipher, variant->etm, variant->backend };
	static uint8_t rec[1024];
	int pos, len, body[3], i;

	len = (int)tp_seal(self->tp, TP_SERVER, "spoil me, spoil me, spoil me", 28, rec,
			   sizeof(rec));
	ASSERT_GT(len, 5);
	/* intact, the record opens: the keys of each fresh connection are right */
	EXPECT_EQ(spoiled(self->tp, rec, len, -1, NULL), 28);
	for (pos = 0; pos < len; pos++) {
		int err = spoiled(self->tp, rec, len, pos, NULL);

		/* the length bytes: a shorter record fails its MAC, a longer one is cut */
		if (err != -EBADMSG)
			TH_LOG("byte %d: %d", pos, err);
		EXPECT_EQ(err, -EBADMSG);
	}
	body_bytes(rec, len, body);
	for (i = 0; i < 3; i++) {
		struct tls_pair *tp;
		int alert = 0, err;

		ASSERT_EQ(tp_new(&tp, &p), 0);
		ASSERT_EQ(tp_seal(tp, TP_SERVER, "spoil me, spoil me, spoil me", 28, rec,
				  sizeof(rec)), len);
		err = spoiled(tp, rec, len, body[i], &alert);
		EXPECT_EQ(err, -EBADMSG);
		EXPECT_EQ(alert, MXTLS_ALERT_FATAL << 8 | MXTLS_ALERT_BAD_RECORD_MAC);
		tp_free(tp);
	}
}

TEST_F(tls, truncated_record_then_close)
{
	ssize_t n = tp_seal(self->tp, TP_SERVER, "cut short", 9, self->wire, MAX_WIRE);
	char buf[16];

	ASSERT_GT(n, 10);
	ASSERT_EQ(write_all(self->sfd, self->wire, (size_t)n - 5), 0);
	ASSERT_EQ(shutdown(self->sfd, SHUT_WR), 0);
	EXPECT_EQ(recv(self->cfd, buf, sizeof(buf), 0), -1);
	EXPECT_EQ(errno, EBADMSG);
}

/* The refused header gets its alert to the peer */
static int expect_alert(FIXTURE_DATA(tls) *self, int desc)
{
	char buf[8];
	ssize_t n = drain_raw(self->sfd, self->wire, MAX_WIRE, 300);

	if (n <= 0 || tp_feed(self->tp, TP_SERVER, self->wire, (size_t)n) ||
	    tp_open(self->tp, TP_SERVER, buf, sizeof(buf)) != -2)
		return -1;
	return tp_alert_rcvd(self->tp, TP_SERVER) == (MXTLS_ALERT_FATAL << 8 | desc) ? 0 : -2;
}

TEST_F(tls, oversized_length)
{
	uint8_t hdr[5] = { 23, 3, 0, 0x48, 0x01 };	/* 2^14 + 2048 + 1 */
	char buf[8];

	hdr[2] = variant->version & 0xff;
	ASSERT_EQ(write_all(self->sfd, hdr, sizeof(hdr)), 0);
	EXPECT_EQ(recv(self->cfd, buf, sizeof(buf), 0), -1);
	EXPECT_EQ(errno, EMSGSIZE);
	EXPECT_EQ(expect_alert(self, MXTLS_ALERT_RECORD_OVERFLOW), 0);
}

TEST_F(tls, unknown_record_type)
{
	ssize_t n = tp_seal(self->tp, TP_SERVER, "typed", 5, self->wire, MAX_WIRE);
	char buf[8];

	ASSERT_GT(n, 0);
	self->wire[0] = 0x63;	/* the first record's type */
	ASSERT_EQ(write_all(self->sfd, self->wire, (size_t)n), 0);
	EXPECT_EQ(recv(self->cfd, buf, sizeof(buf), 0), -1);
	EXPECT_EQ(errno, EBADMSG);
	EXPECT_EQ(expect_alert(self, MXTLS_ALERT_UNEXPECTED_MESSAGE), 0);
}

TEST_F(tls, info)
{
	struct mxtls_info info;

	ASSERT_EQ(send_and_check(self, 100, 90), 0);
	ASSERT_EQ(recv_and_check(self, 200, 91), 0);
	info = get_info(self->cfd);
	EXPECT_EQ(info.tx_version, variant->version);
	EXPECT_EQ(info.rx_version, variant->version);
	EXPECT_EQ(info.tx_suite, tp_suite(self->tp));
	EXPECT_EQ(info.rx_suite, tp_suite(self->tp));
	EXPECT_EQ(info.tx_state, MXTLS_STATE_ACTIVE);
	EXPECT_EQ(info.rx_state, MXTLS_STATE_ACTIVE);
	EXPECT_EQ(!!(info.flags & MXTLS_INFO_TX_ETM), tp_etm(self->tp));
	EXPECT_EQ(!!(info.flags & MXTLS_INFO_RX_ETM), tp_etm(self->tp));
	EXPECT_TRUE(!!(info.flags & MXTLS_INFO_CLOSE_NOTIFY));
	EXPECT_EQ(info.tx_bytes, 100ULL);
	EXPECT_EQ(info.rx_bytes, 200ULL);
	EXPECT_GE(info.tx_records, 1ULL);
	EXPECT_GE(info.rx_records, 1ULL);
	EXPECT_EQ(info.tx_epoch, 1U);
	EXPECT_EQ(info.error, 0);
}

/* A non-blocking writer fills the send buffer: every byte still arrives, in order */
TEST_F(tls, nonblocking_writer_full_buffer)
{
	int sndbuf = 4096, fl = fcntl(self->cfd, F_GETFL);
	size_t total = 1 << 20, sent = 0;

	ASSERT_EQ(setsockopt(self->cfd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf)), 0);
	ASSERT_EQ(fcntl(self->cfd, F_SETFL, fl | O_NONBLOCK), 0);
	fill_pattern(self->a, total, 95);
	while (sent < total) {
		ssize_t n = send(self->cfd, self->a + sent, total - sent, 0);

		if (n < 0) {
			ASSERT_EQ(errno, EAGAIN);
			break;
		}
		sent += (size_t)n;
	}
	ASSERT_LT(sent, total);
	/* what is accepted goes out without another write */
	ASSERT_EQ(tp_recv(self->tp, TP_SERVER, self->sfd, self->b, sent), 0);
	EXPECT_EQ(memcmp(self->a, self->b, sent), 0);
	while (sent < total) {
		struct pollfd pfd = { .fd = self->cfd, .events = POLLOUT };
		size_t before = sent;
		ssize_t n;

		ASSERT_EQ(poll(&pfd, 1, 5000), 1);
		n = send(self->cfd, self->a + sent, total - sent, 0);
		if (n > 0)
			sent += (size_t)n;
		ASSERT_EQ(tp_recv(self->tp, TP_SERVER, self->sfd, self->b + before, sent - before),
			  0);
	}
	EXPECT_EQ(memcmp(self->a, self->b, total), 0);
}

/* Records larger than the receive buffer allows still come through poll() */
TEST_F(tls, small_receive_buffer)
{
	int rcvbuf = 2048, fl = fcntl(self->cfd, F_GETFL);
	size_t total = 50000, got = 0, off = 0, sent = 0;
	ssize_t wl = 0, n;

	ASSERT_EQ(setsockopt(self->cfd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf)), 0);
	ASSERT_EQ(fcntl(self->cfd, F_SETFL, fl | O_NONBLOCK), 0);
	ASSERT_EQ(fcntl(self->sfd, F_SETFL, fcntl(self->sfd, F_GETFL) | O_NONBLOCK), 0);
	fill_pattern(self->a, total, 96);
	while (got < total) {
		struct pollfd pfd = { .fd = self->cfd, .events = POLLIN };

		if (sent == (size_t)wl && off < total) {
			size_t chunk = total - off > 16384 ? 16384 : total - off;

			wl = tp_seal(self->tp, TP_SERVER, self->a + off, chunk, self->wire, MAX_WIRE);
			ASSERT_GT(wl, 0);
			sent = 0;
			off += chunk;
		}
		if (sent < (size_t)wl) {
			n = write(self->sfd, self->wire + sent, (size_t)wl - sent);
			if (n > 0)
				sent += (size_t)n;
		}
		if (poll(&pfd, 1, 10) == 1) {
			n = recv(self->cfd, self->b + got, total - got, 0);
			if (n > 0)
				got += (size_t)n;
		}
	}
	EXPECT_EQ(memcmp(self->a, self->b, total), 0);
}

/* The peer's bytes in pieces of a few hundred, each its own segment */
struct dribble {
	int fd;
	const uint8_t *wire;
	size_t len, piece;
};

static void *dribbler(void *arg)
{
	struct dribble *d = arg;
	size_t off;

	for (off = 0; off < d->len; off += d->piece) {
		size_t n = d->len - off < d->piece ? d->len - off : d->piece;

		if (write_all(d->fd, d->wire + off, n))
			break;
		usleep(200);
	}
	return NULL;
}

/*
 * Four maximum-size records dribbled to a reader blocked in MSG_WAITALL,
 * with rcvbuf (0: the default) as its receive buffer: every record comes
 * out whole and intact. With a buffer smaller than a record, the partial
 * record must be taken out of TCP's queue for the rest to come in; a
 * reader that is never woken runs into SO_RCVTIMEO and fails.
 */
static int dribbled_records(FIXTURE_DATA(tls) *self, int rcvbuf)
{
	struct timeval tv = { .tv_sec = 30 };
	size_t total = 4 * 16384, wl = 0, got = 0;
	struct dribble d;
	int one = 1, err = 0, i;
	pthread_t t;

	if (rcvbuf && setsockopt(self->cfd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf)))
		return -1;
	if (setsockopt(self->cfd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) ||
	    setsockopt(self->sfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)))
		return -2;
	fill_pattern(self->a, total, 131);
	for (i = 0; i < 4; i++) {
		ssize_t n = tp_seal(self->tp, TP_SERVER, self->a + i * 16384, 16384,
				    self->wire + wl, MAX_WIRE - wl);

		if (n <= 0)
			return -3;
		wl += (size_t)n;
	}
	d = (struct dribble){ .fd = self->sfd, .wire = self->wire, .len = wl, .piece = 333 };
	if (pthread_create(&t, NULL, dribbler, &d))
		return -4;
	while (got < total) {
		ssize_t n = recv(self->cfd, self->b + got, total - got, MSG_WAITALL);

		if (n <= 0) {
			err = -5;
			break;
		}
		got += (size_t)n;
	}
	pthread_join(t, NULL);
	if (!err && memcmp(self->a, self->b, total))
		err = -6;
	return err;
}

TEST_F(tls, dribbled_records_blocking_reader)
{
	EXPECT_EQ(dribbled_records(self, 0), 0);
}

TEST_F(tls, dribbled_records_small_receive_buffer)
{
	EXPECT_EQ(dribbled_records(self, 2048), 0);
}

#ifndef MXTLS_SELFTEST_RC4
/*
 * Plaintext over 2^14 in a record of legal length: no library sends one,
 * so it is forged with libcrypto from the key block, as AES-128-GCM and as
 * AES-128-CBC-SHA1 (MAC-then-encrypt). EMSGSIZE and record_overflow.
 */
static size_t forge_big(const struct tp_keyblock *kb, bool gcm, uint8_t *rec, size_t n,
			uint64_t seq)
{
	static uint8_t plain[16385 + 20 + 16];
	uint8_t aad[13], *body = rec + 5;
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	unsigned int md_len;
	size_t body_len;
	int i, l;

	for (i = 0; i < 8; i++)
		aad[i] = (uint8_t)(seq >> (56 - 8 * i));
	aad[8] = MXTLS_CT_APPLICATION_DATA;
	aad[9] = 3;
	aad[10] = 3;
	aad[11] = n >> 8;
	aad[12] = n & 0xff;
	fill_pattern(plain, n, 99);
	if (gcm) {
		uint8_t nonce[12];

		memcpy(nonce, kb->iv[TP_SERVER], 4);
		memcpy(nonce + 4, aad, 8);
		memcpy(body, aad, 8);
		EVP_EncryptInit_ex(ctx, EVP_aes_128_gcm(), NULL, kb->key[TP_SERVER], nonce);
		EVP_EncryptUpdate(ctx, NULL, &l, aad, sizeof(aad));
		EVP_EncryptUpdate(ctx, body + 8, &l, plain, (int)n);
		EVP_EncryptFinal_ex(ctx, body + 8 + n, &l);
		EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, 16, body + 8 + n);
		body_len = 8 + n + 16;
	} else {
		static uint8_t mac_in[13 + 16385];
		size_t pad = 16 - (n + 20 + 1) % 16, len = n + 20 + pad + 1;
		uint8_t iv[16];

		memcpy(mac_in, aad, sizeof(aad));
		memcpy(mac_in + sizeof(aad), plain, n);
		HMAC(EVP_sha1(), kb->mac[TP_SERVER], (int)kb->mac_len, mac_in, sizeof(aad) + n,
		     plain + n, &md_len);
		memset(plain + n + 20, (int)pad, pad + 1);
		fill_pattern(iv, sizeof(iv), 98);
		memcpy(body, iv, 16);
		EVP_EncryptInit_ex(ctx, EVP_aes_128_cbc(), NULL, kb->key[TP_SERVER], iv);
		EVP_CIPHER_CTX_set_padding(ctx, 0);
		EVP_EncryptUpdate(ctx, body + 16, &l, plain, (int)len);
		body_len = 16 + len;
	}
	EVP_CIPHER_CTX_free(ctx);
	rec[0] = MXTLS_CT_APPLICATION_DATA;
	rec[1] = 3;
	rec[2] = 3;
	rec[3] = (uint8_t)(body_len >> 8);
	rec[4] = (uint8_t)body_len;
	return 5 + body_len;
}

static void oversized_plaintext(struct __test_metadata *_metadata, const char *cipher, bool gcm)
{
	struct tls_params p = { MXTLS_TLS_1_2, cipher, false, TP_OPENSSL };
	static uint8_t rec[20000], wire[4096], big[16384];
	struct tp_keyblock kb;
	struct tls_pair *tp;
	struct mxtls_nl *nl;
	int cfd, sfd;
	char buf[16];
	ssize_t n;
	size_t len;

	ASSERT_EQ(tp_new(&tp, &p), 0);
	ASSERT_EQ(tcp_pair(&cfd, &sfd), 0);
	ASSERT_EQ(mxtls_nl_open(&nl), 0);
	ASSERT_EQ(tp_offload(tp, TP_CLIENT, cfd, nl), 0);
	tp_keyblock(tp, &kb);
	/* the forging is right: 2^14 bytes go through */
	len = forge_big(&kb, gcm, rec, 16384, kb.seq[TP_SERVER]);
	ASSERT_EQ(write_all(sfd, rec, len), 0);
	EXPECT_EQ(recv(cfd, big, sizeof(big), MSG_WAITALL), 16384);
	fill_pattern(rec, 16384, 99);
	EXPECT_EQ(memcmp(big, rec, 16384), 0);
	len = forge_big(&kb, gcm, rec, 16385, kb.seq[TP_SERVER] + 1);
	ASSERT_EQ(write_all(sfd, rec, len), 0);
	EXPECT_EQ(recv(cfd, buf, sizeof(buf), 0), -1);
	EXPECT_EQ(errno, EMSGSIZE);
	n = drain_raw(sfd, wire, sizeof(wire), 300);
	ASSERT_GT(n, 0);
	ASSERT_EQ(tp_feed(tp, TP_SERVER, wire, (size_t)n), 0);
	EXPECT_EQ(tp_open(tp, TP_SERVER, buf, sizeof(buf)), -2);
	EXPECT_EQ(tp_alert_rcvd(tp, TP_SERVER), MXTLS_ALERT_FATAL << 8 | MXTLS_ALERT_RECORD_OVERFLOW);
	close(cfd);
	close(sfd);
	mxtls_nl_close(nl);
	tp_free(tp);
}

TEST(oversized_plaintext_gcm)
{
	oversized_plaintext(_metadata, "PSK-AES128-GCM-SHA256", true);
}

TEST(oversized_plaintext_cbc_mte)
{
	oversized_plaintext(_metadata, "PSK-AES128-CBC-SHA", false);
}
#endif

TEST_HARNESS_MAIN
