// SPDX-License-Identifier: GPL-2.0
/*
 * Interop with an independent implementation over real TCP: a peer
 * process runs OpenSSL (GnuTLS for 3DES and RC4, which OpenSSL no longer
 * offers) with its own record layer; this process does the handshake with
 * the same library, reading record by record, offloads the connection to
 * mxtls and then only read()s and write()s. MXTLS_INTEROP_MIB (16 by
 * default) of data go each way, checked byte for byte at both ends, then
 * close_notify both ways. Every protection and version the module
 * supports, mxtls as client and as server.
 *
 * rc4_interop.c builds this file with MXTLS_SELFTEST_RC4 defined: the RC4
 * variants only, for the module built with them (make module-rc4).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/mxtls.h>

#include "kselftest_harness.h"
#include "tlspair.h"

#define CHUNK	(1 << 20)

static size_t interop_bytes(void)
{
	const char *mib = getenv("MXTLS_INTEROP_MIB");

	return (size_t)(mib ? atoi(mib) : 16) << 20;
}

/* The peer: its library's record layer over the socket, in another process */
static int run_peer(const struct tls_params *p, bool server, int fd, size_t total)
{
	uint8_t *want = malloc(CHUNK), *got = malloc(CHUNK);
	struct tp_endpoint *ep;
	size_t off;

	if (!want || !got || tp_ep_new(&ep, p, server, fd) || tp_ep_handshake(ep, false))
		return 10;
	for (off = 0; off < total; off += CHUNK) {
		fill_pattern(want, CHUNK, (uint32_t)(off / CHUNK));
		if (tp_ep_recv(ep, got, CHUNK))
			return 11;
		if (memcmp(want, got, CHUNK))
			return 12;
	}
	for (off = 0; off < total; off += CHUNK) {
		fill_pattern(want, CHUNK, (uint32_t)(1000 + off / CHUNK));
		if (tp_ep_send(ep, want, CHUNK))
			return 13;
	}
	if (tp_ep_close(ep))
		return 14;
	tp_ep_free(ep);
	return 0;
}

/* What went wrong: our errno and state, the peer's exit status; the test fails */
static void report(struct __test_metadata *_metadata, int fd, pid_t pid, const char *what,
		   size_t off)
{
	struct mxtls_info info;
	socklen_t len = sizeof(info);
	int err = errno, status = -1;

	memset(&info, 0, sizeof(info));
	getsockopt(fd, SOL_MXTLS, MXTLS_INFO, &info, &len);
	shutdown(fd, SHUT_RDWR);
	waitpid(pid, &status, 0);
	TH_LOG("%s at %zu: errno %d, error %d, alert rcvd %d/%d sent %d/%d, tx %llu/%llu rx %llu/%llu, peer status %d",
	       what, off, err, info.error, info.alert_rcvd_level, info.alert_rcvd_desc,
	       info.alert_sent_level, info.alert_sent_desc,
	       (unsigned long long)info.tx_records, (unsigned long long)info.tx_bytes,
	       (unsigned long long)info.rx_records, (unsigned long long)info.rx_bytes,
	       WEXITSTATUS(status));
	ASSERT_TRUE(0);
}

FIXTURE(interop) {
	int fd, peer_fd;
	uint8_t *a, *b;
};

FIXTURE_VARIANT(interop) {
	uint16_t version;
	const char *cipher;
	bool etm;
	int backend;
	bool server;		/* mxtls is the server */
	uint16_t suite;		/* what must be negotiated */
};

#define OSSL(v, c, e, s, id) { .version = v, .cipher = c, .etm = e, .server = s, .suite = id }
#define GTLS(v, c, e, s, id) { .version = v, .cipher = c, .etm = e, .server = s, \
			       .suite = id, .backend = TP_GNUTLS }

#ifndef MXTLS_SELFTEST_RC4
FIXTURE_VARIANT_ADD(interop, tls10_ecdhe_ecdsa_aes128_sha_mte)
	OSSL(MXTLS_TLS_1_0, "ECDHE-ECDSA-AES128-SHA", false, false, 0xc009);
FIXTURE_VARIANT_ADD(interop, tls10_ecdhe_ecdsa_aes128_sha_etm)
	OSSL(MXTLS_TLS_1_0, "ECDHE-ECDSA-AES128-SHA", true, true, 0xc009);
FIXTURE_VARIANT_ADD(interop, tls11_ecdhe_ecdsa_aes128_sha_mte)
	OSSL(MXTLS_TLS_1_1, "ECDHE-ECDSA-AES128-SHA", false, true, 0xc009);
FIXTURE_VARIANT_ADD(interop, tls11_ecdhe_ecdsa_aes128_sha_etm)
	OSSL(MXTLS_TLS_1_1, "ECDHE-ECDSA-AES128-SHA", true, false, 0xc009);
FIXTURE_VARIANT_ADD(interop, tls12_ecdhe_ecdsa_aes128_sha_mte)
	OSSL(MXTLS_TLS_1_2, "ECDHE-ECDSA-AES128-SHA", false, false, 0xc009);
FIXTURE_VARIANT_ADD(interop, tls12_ecdhe_ecdsa_aes128_sha_etm)
	OSSL(MXTLS_TLS_1_2, "ECDHE-ECDSA-AES128-SHA", true, true, 0xc009);
FIXTURE_VARIANT_ADD(interop, tls10_ecdhe_ecdsa_aes256_sha_mte)
	OSSL(MXTLS_TLS_1_0, "ECDHE-ECDSA-AES256-SHA", false, true, 0xc00a);
FIXTURE_VARIANT_ADD(interop, tls10_ecdhe_ecdsa_aes256_sha_etm)
	OSSL(MXTLS_TLS_1_0, "ECDHE-ECDSA-AES256-SHA", true, false, 0xc00a);
FIXTURE_VARIANT_ADD(interop, tls11_ecdhe_ecdsa_aes256_sha_mte)
	OSSL(MXTLS_TLS_1_1, "ECDHE-ECDSA-AES256-SHA", false, false, 0xc00a);
FIXTURE_VARIANT_ADD(interop, tls11_ecdhe_ecdsa_aes256_sha_etm)
	OSSL(MXTLS_TLS_1_1, "ECDHE-ECDSA-AES256-SHA", true, true, 0xc00a);
FIXTURE_VARIANT_ADD(interop, tls12_ecdhe_ecdsa_aes256_sha_mte)
	OSSL(MXTLS_TLS_1_2, "ECDHE-ECDSA-AES256-SHA", false, true, 0xc00a);
FIXTURE_VARIANT_ADD(interop, tls12_ecdhe_ecdsa_aes256_sha_etm)
	OSSL(MXTLS_TLS_1_2, "ECDHE-ECDSA-AES256-SHA", true, false, 0xc00a);
FIXTURE_VARIANT_ADD(interop, tls12_ecdhe_ecdsa_aes128_sha256_mte)
	OSSL(MXTLS_TLS_1_2, "ECDHE-ECDSA-AES128-SHA256", false, false, 0xc023);
FIXTURE_VARIANT_ADD(interop, tls12_ecdhe_ecdsa_aes128_sha256_etm)
	OSSL(MXTLS_TLS_1_2, "ECDHE-ECDSA-AES128-SHA256", true, true, 0xc023);
FIXTURE_VARIANT_ADD(interop, tls12_adh_aes256_sha256_mte)
	OSSL(MXTLS_TLS_1_2, "ADH-AES256-SHA256", false, true, 0x006d);
FIXTURE_VARIANT_ADD(interop, tls12_adh_aes256_sha256_etm)
	OSSL(MXTLS_TLS_1_2, "ADH-AES256-SHA256", true, false, 0x006d);
/* The RFC 5487 PSK suites bring SHA-256 and SHA-384 MACs to TLS 1.0 and 1.1 */
FIXTURE_VARIANT_ADD(interop, tls10_psk_aes128_sha256_mte)
	OSSL(MXTLS_TLS_1_0, "PSK-AES128-CBC-SHA256", false, true, 0x00ae);
FIXTURE_VARIANT_ADD(interop, tls10_psk_aes128_sha256_etm)
	OSSL(MXTLS_TLS_1_0, "PSK-AES128-CBC-SHA256", true, false, 0x00ae);
FIXTURE_VARIANT_ADD(interop, tls11_psk_aes128_sha256_mte)
	OSSL(MXTLS_TLS_1_1, "PSK-AES128-CBC-SHA256", false, false, 0x00ae);
FIXTURE_VARIANT_ADD(interop, tls11_psk_aes128_sha256_etm)
	OSSL(MXTLS_TLS_1_1, "PSK-AES128-CBC-SHA256", true, true, 0x00ae);
FIXTURE_VARIANT_ADD(interop, tls10_psk_aes256_sha384_mte)
	OSSL(MXTLS_TLS_1_0, "PSK-AES256-CBC-SHA384", false, false, 0x00af);
FIXTURE_VARIANT_ADD(interop, tls10_psk_aes256_sha384_etm)
	OSSL(MXTLS_TLS_1_0, "PSK-AES256-CBC-SHA384", true, true, 0x00af);
FIXTURE_VARIANT_ADD(interop, tls11_psk_aes256_sha384_mte)
	OSSL(MXTLS_TLS_1_1, "PSK-AES256-CBC-SHA384", false, true, 0x00af);
FIXTURE_VARIANT_ADD(interop, tls11_psk_aes256_sha384_etm)
	OSSL(MXTLS_TLS_1_1, "PSK-AES256-CBC-SHA384", true, false, 0x00af);
FIXTURE_VARIANT_ADD(interop, tls12_ecdhe_ecdsa_aes256_sha384_mte)
	OSSL(MXTLS_TLS_1_2, "ECDHE-ECDSA-AES256-SHA384", false, true, 0xc024);
FIXTURE_VARIANT_ADD(interop, tls12_ecdhe_ecdsa_aes256_sha384_etm)
	OSSL(MXTLS_TLS_1_2, "ECDHE-ECDSA-AES256-SHA384", true, false, 0xc024);
FIXTURE_VARIANT_ADD(interop, tls12_ecdhe_ecdsa_aes128_gcm)
	OSSL(MXTLS_TLS_1_2, "ECDHE-ECDSA-AES128-GCM-SHA256", false, false, 0xc02b);
FIXTURE_VARIANT_ADD(interop, tls12_ecdhe_ecdsa_aes256_gcm)
	OSSL(MXTLS_TLS_1_2, "ECDHE-ECDSA-AES256-GCM-SHA384", false, true, 0xc02c);
FIXTURE_VARIANT_ADD(interop, tls12_ecdhe_ecdsa_chacha20_poly1305)
	OSSL(MXTLS_TLS_1_2, "ECDHE-ECDSA-CHACHA20-POLY1305", false, false, 0xcca9);
FIXTURE_VARIANT_ADD(interop, gnutls_tls10_psk_3des_sha_mte)
	GTLS(MXTLS_TLS_1_0, "+3DES-CBC:+SHA1:+PSK", false, false, 0x008b);
FIXTURE_VARIANT_ADD(interop, gnutls_tls10_psk_3des_sha_etm)
	GTLS(MXTLS_TLS_1_0, "+3DES-CBC:+SHA1:+PSK", true, true, 0x008b);
FIXTURE_VARIANT_ADD(interop, gnutls_tls11_psk_3des_sha_mte)
	GTLS(MXTLS_TLS_1_1, "+3DES-CBC:+SHA1:+PSK", false, true, 0x008b);
FIXTURE_VARIANT_ADD(interop, gnutls_tls11_psk_3des_sha_etm)
	GTLS(MXTLS_TLS_1_1, "+3DES-CBC:+SHA1:+PSK", true, false, 0x008b);
FIXTURE_VARIANT_ADD(interop, gnutls_tls12_psk_3des_sha_mte)
	GTLS(MXTLS_TLS_1_2, "+3DES-CBC:+SHA1:+PSK", false, false, 0x008b);
FIXTURE_VARIANT_ADD(interop, gnutls_tls12_psk_3des_sha_etm)
	GTLS(MXTLS_TLS_1_2, "+3DES-CBC:+SHA1:+PSK", true, true, 0x008b);
#else
/* A module built with MXTLS_RC4=y (build/kmod-rc4): rc4_interop */
FIXTURE_VARIANT_ADD(interop, gnutls_tls10_psk_rc4_sha)
	GTLS(MXTLS_TLS_1_0, "+ARCFOUR-128:+SHA1:+PSK", false, false, 0x008a);
FIXTURE_VARIANT_ADD(interop, gnutls_tls11_psk_rc4_sha)
	GTLS(MXTLS_TLS_1_1, "+ARCFOUR-128:+SHA1:+PSK", false, true, 0x008a);
FIXTURE_VARIANT_ADD(interop, gnutls_tls12_psk_rc4_sha)
	GTLS(MXTLS_TLS_1_2, "+ARCFOUR-128:+SHA1:+PSK", false, false, 0x008a);
FIXTURE_VARIANT_ADD(interop, gnutls_tls10_anon_rc4_md5)
	GTLS(MXTLS_TLS_1_0, "+ARCFOUR-128:+MD5:+ANON-DH", false, true, 0x0018);
FIXTURE_VARIANT_ADD(interop, gnutls_tls11_anon_rc4_md5)
	GTLS(MXTLS_TLS_1_1, "+ARCFOUR-128:+MD5:+ANON-DH", false, false, 0x0018);
FIXTURE_VARIANT_ADD(interop, gnutls_tls12_anon_rc4_md5)
	GTLS(MXTLS_TLS_1_2, "+ARCFOUR-128:+MD5:+ANON-DH", false, true, 0x0018);
#endif

FIXTURE_SETUP(interop)
{
	ASSERT_EQ(tcp_pair(&self->fd, &self->peer_fd), 0);
	self->a = malloc(CHUNK);
	self->b = malloc(CHUNK);
	ASSERT_TRUE(self->a && self->b);
}

FIXTURE_TEARDOWN(interop)
{
	close(self->fd);
	close(self->peer_fd);
	free(self->a);
	free(self->b);
}

TEST_F_TIMEOUT(interop, exchange, 600)
{
	struct tls_params p = { variant->version, variant->cipher, variant->etm, variant->backend };
	size_t total = interop_bytes(), off;
	struct tp_endpoint *ep;
	struct mxtls_info info;
	socklen_t len = sizeof(info);
	struct mxtls_nl *nl;
	int status;
	pid_t pid;

	pid = fork();
	ASSERT_GE(pid, 0);
	if (!pid) {
		close(self->fd);
		_exit(run_peer(&p, !variant->server, self->peer_fd, total));
	}
	close(self->peer_fd);
	self->peer_fd = -1;

	ASSERT_EQ(tp_ep_new(&ep, &p, variant->server, self->fd), 0);
	ASSERT_EQ(tp_ep_handshake(ep, true), 0);
	ASSERT_EQ(tp_ep_suite(ep), variant->suite);
	ASSERT_EQ(tp_ep_etm(ep), variant->etm);
	ASSERT_EQ(mxtls_nl_open(&nl), 0);
	ASSERT_EQ(tp_ep_offload(ep, nl), 0);

	/* from here on, plain read() and write() */
	for (off = 0; off < total; off += CHUNK) {
		fill_pattern(self->a, CHUNK, (uint32_t)(off / CHUNK));
		if (write_all(self->fd, self->a, CHUNK))
			report(_metadata, self->fd, pid, "write", off);
		ASSERT_EQ(errno = 0, 0);
	}
	for (off = 0; off < total; off += CHUNK) {
		fill_pattern(self->a, CHUNK, (uint32_t)(1000 + off / CHUNK));
		if (read_all(self->fd, self->b, CHUNK))
			report(_metadata, self->fd, pid, "read", off);
		ASSERT_EQ(memcmp(self->a, self->b, CHUNK), 0);
	}
	/* the peer's close_notify is EOF; ours goes on close */
	EXPECT_EQ(read(self->fd, self->b, 1), 0);
	ASSERT_EQ(getsockopt(self->fd, SOL_MXTLS, MXTLS_INFO, &info, &len), 0);
	EXPECT_EQ(info.rx_state, MXTLS_STATE_CLOSED);
	EXPECT_EQ(info.tx_bytes, (uint64_t)total);
	EXPECT_EQ(info.rx_bytes, (uint64_t)total);
	close(self->fd);
	self->fd = -1;

	ASSERT_EQ(waitpid(pid, &status, 0), pid);
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(WEXITSTATUS(status), 0);
	mxtls_nl_close(nl);
	tp_ep_free(ep);
}

TEST_HARNESS_MAIN
