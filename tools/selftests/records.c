// SPDX-License-Identifier: GPL-2.0
/*
 * The mxtls record layer on loopback TCP, in the manner of the kernel's
 * tools/testing/selftests/net/tls.c. In every test one end of the
 * connection (cfd) is offloaded to mxtls and the other (sfd) is driven by
 * OpenSSL record by record, so every record mxtls sends is opened by
 * OpenSSL and every record it receives was sealed (or spoiled) there. Each
 * test runs for every protection and version in the variants below.
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
#include <linux/mxtls.h>
#include <linux/sockios.h>

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

TEST_HARNESS_MAIN
