// SPDX-License-Identifier: GPL-2.0
/*
 * A hostile peer after offload. A libmxtls server session finishes its
 * handshake over loopback TCP and hands its records to mxtls with
 * matrixSslOffload; the client, in userspace, then sends what a broken or
 * malicious peer would: a record with a bad MAC (or AEAD tag), one with
 * bad CBC padding, an oversized record, a ChangeCipherSpec outside a
 * handshake, a handshake message no state expects. The application
 * reading the offloaded socket with matrixSslOffloadRead gets
 * PS_PROTOCOL_FAIL, the peer the fatal alert that goes with the fault,
 * and MXTLS_INFO tells the same; the kernel log stays clean (vm.sh). A
 * good record first shows the connection worked.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/mxtls.h>

#include "kselftest_harness.h"
#include "tlspair.h"

#include "matrixsslApi.h"
#include "ssl/proto.h"
#include "ssl/record.h"
#include "ssl/ssl_int.h"

struct end {
	ssl_t *ssl;
	int fd;
	bool done;
};

static const unsigned char psk[16] = "offload-hostile";

static int send_out(struct end *e)
{
	unsigned char *b;
	int32 n;
	ssize_t w;

	while ((n = matrixSslGetOutdata(e->ssl, &b)) > 0) {
		w = send(e->fd, b, (size_t)n, MSG_NOSIGNAL);
		if (w <= 0)
			return -1;
		if (matrixSslSentData(e->ssl, (uint32)w) == MATRIXSSL_HANDSHAKE_COMPLETE)
			e->done = true;
	}
	return 0;
}

/* Read what is there (record-exact on the server) and process it. */
static int pump_one(struct end *e)
{
	unsigned char *b, *pt;
	uint32 ptlen;
	int32 n, rc;
	ssize_t r;

	n = matrixSslGetReadbuf(e->ssl, &b);
	if (n <= 0)
		return -1;
	r = recv(e->fd, b, (size_t)n, MSG_DONTWAIT);
	if (r < 0)
		return errno == EAGAIN ? 0 : -1;
	if (r == 0)
		return -1;
	rc = matrixSslReceivedData(e->ssl, (int32)r, &pt, &ptlen);
	for (;;) {
		if (rc < 0)
			return -1;
		if (rc == MATRIXSSL_HANDSHAKE_COMPLETE) {
			e->done = true;
			rc = matrixSslReceivedData(e->ssl, 0, &pt, &ptlen);
			continue;
		}
		if (rc == MATRIXSSL_REQUEST_SEND) {
			if (send_out(e))
				return -1;
			return 0;
		}
		if (rc == MATRIXSSL_APP_DATA || rc == MATRIXSSL_RECEIVED_ALERT) {
			rc = matrixSslProcessedData(e->ssl, &pt, &ptlen);
			continue;
		}
		return 0;
	}
}

static int handshake(struct end *c, struct end *s)
{
	int i;

	if (send_out(c))
		return -1;
	for (i = 0; i < 20000 && !(c->done && s->done); i++) {
		struct pollfd p[2] = { { c->fd, POLLIN, 0 }, { s->fd, POLLIN, 0 } };

		if (poll(p, 2, 1000) < 0)
			return -1;
		if (pump_one(c) || pump_one(s))
			return -1;
	}
	return c->done && s->done ? 0 : -1;
}

/* The fatal alert the peer got: its description, or -1 */
static int alert_at_peer(struct end *c)
{
	unsigned char *b, *pt;
	uint32 ptlen;
	int32 n, rc;
	ssize_t r;
	int i;

	for (i = 0; i < 100; i++) {
		n = matrixSslGetReadbuf(c->ssl, &b);
		if (n <= 0)
			return -1;
		r = recv(c->fd, b, (size_t)n, 0);
		if (r <= 0)
			return -1;
		rc = matrixSslReceivedData(c->ssl, (int32)r, &pt, &ptlen);
		while (rc == MATRIXSSL_APP_DATA || rc == MATRIXSSL_RECEIVED_ALERT) {
			if (rc == MATRIXSSL_RECEIVED_ALERT && pt[0] == SSL_ALERT_LEVEL_FATAL)
				return pt[1];
			rc = matrixSslProcessedData(c->ssl, &pt, &ptlen);
		}
		if (rc < 0)
			return -1;
	}
	return -1;
}

FIXTURE(hostile) {
	sslKeys_t *ckeys, *skeys;
	struct end c, s;
	unsigned char buf[1 << 16];
	uint32 len;
};

FIXTURE_VARIANT(hostile) {
	int32 version;		/* SSL_FLAGS_* */
	psCipher16_t suite;
};

FIXTURE_VARIANT_ADD(hostile, tls12_aes128_gcm) {
	.version = SSL_FLAGS_TLS_1_2, .suite = TLS_PSK_WITH_AES_128_GCM_SHA256,
};

FIXTURE_VARIANT_ADD(hostile, tls12_aes128_cbc_sha) {
	.version = SSL_FLAGS_TLS_1_2, .suite = TLS_PSK_WITH_AES_128_CBC_SHA,
};

FIXTURE_VARIANT_ADD(hostile, tls10_aes256_cbc_sha) {
	.version = SSL_FLAGS_TLS_1_0, .suite = TLS_PSK_WITH_AES_256_CBC_SHA,
};

FIXTURE_SETUP(hostile)
{
	/* MAC-then-encrypt: the padding is the peer's to get wrong */
	sslSessOpts_t so = { .versionFlag = variant->version, .encryptThenMac = -1 };
	sslSessOpts_t ss = { .versionFlag = variant->version, .recordExactReads = 1 };

	ASSERT_EQ(matrixSslOpen(), PS_SUCCESS);
	ASSERT_EQ(matrixSslNewKeys(&self->ckeys, NULL), PS_SUCCESS);
	ASSERT_EQ(matrixSslNewKeys(&self->skeys, NULL), PS_SUCCESS);
	ASSERT_EQ(matrixSslLoadPsk(self->ckeys, psk, sizeof(psk), (const unsigned char *)"id",
				   2), PS_SUCCESS);
	ASSERT_EQ(matrixSslLoadPsk(self->skeys, psk, sizeof(psk), (const unsigned char *)"id",
				   2), PS_SUCCESS);
	ASSERT_EQ(tcp_pair(&self->c.fd, &self->s.fd), 0);
	ASSERT_EQ(matrixSslNewServerSession(&self->s.ssl, self->skeys, NULL, &ss), PS_SUCCESS);
	ASSERT_EQ(matrixSslNewClientSession(&self->c.ssl, self->ckeys, NULL, &variant->suite, 1,
					    NULL, NULL, NULL, NULL, &so), MATRIXSSL_REQUEST_SEND);
	ASSERT_EQ(handshake(&self->c, &self->s), 0);
	ASSERT_EQ(matrixSslGetNegotiatedCiphersuite(self->s.ssl), variant->suite);
	ASSERT_EQ(matrixSslIsEncryptThenMac(self->s.ssl), 0);
	ASSERT_EQ(matrixSslOffload(self->s.ssl, self->s.fd), PS_SUCCESS);
	ASSERT_EQ(matrixSslIsOffloaded(self->s.ssl), 1);

	/* A good record goes through */
	ASSERT_GT(matrixSslEncodeToOutdata(self->c.ssl, (unsigned char *)"hello", 5), 0);
	ASSERT_EQ(send_out(&self->c), 0);
	ASSERT_EQ(matrixSslOffloadRead(self->s.ssl, self->buf, sizeof(self->buf), &self->len, 0),
		  MATRIXSSL_APP_DATA);
	ASSERT_EQ(self->len, 5U);
	ASSERT_EQ(memcmp(self->buf, "hello", 5), 0);
}

FIXTURE_TEARDOWN(hostile)
{
	matrixSslDeleteSession(self->c.ssl);
	matrixSslDeleteSession(self->s.ssl);
	close(self->c.fd);
	close(self->s.fd);
	matrixSslDeleteKeys(self->ckeys);
	matrixSslDeleteKeys(self->skeys);
	matrixSslClose();
}

/* One application record from the peer, changed by fix before it goes. */
static int send_changed(struct end *c, size_t plen, void (*fix)(unsigned char *rec, size_t len))
{
	unsigned char data[1000], *out;
	int32 n;

	memset(data, 'x', sizeof(data));
	if (matrixSslEncodeToOutdata(c->ssl, data, (uint32)plen) < 0)
		return -1;
	n = matrixSslGetOutdata(c->ssl, &out);
	if (n <= 0)
		return -1;
	/* TLS 1.0 splits 1/n-1: the last record is the one changed */
	fix(out, (size_t)n);
	return send_out(c);
}

static void flip_last_byte(unsigned char *rec, size_t len)
{
	rec[len - 1] ^= 0x01;
}

/* The last byte of the next-to-last CBC block: the padding length byte */
static void flip_padding(unsigned char *rec, size_t len)
{
	rec[len - 1 - 16] ^= 0x01;
}

/*
 * The application sees PS_PROTOCOL_FAIL, the peer gets the alert. A fault
 * in a record (kernel: true) fails the socket with EBADMSG or EMSGSIZE
 * and the module's alert; one in what a record carries is the engine's to
 * answer, through the kernel.
 */
static void check_failed(struct __test_metadata *_metadata, FIXTURE_DATA(hostile) *self,
			 int alert, bool kernel)
{
	struct mxtls_info info;
	socklen_t l = sizeof(info);
	int err;
	int32 rc;

	/* TLS 1.0 CBC: the one-byte record of the 1/n-1 split is good */
	do {
		rc = matrixSslOffloadRead(self->s.ssl, self->buf, sizeof(self->buf), &self->len, 0);
	} while (rc == MATRIXSSL_APP_DATA && self->len == 1);
	ASSERT_EQ(rc, PS_PROTOCOL_FAIL);
	err = errno;
	ASSERT_EQ(getsockopt(self->s.fd, SOL_MXTLS, MXTLS_INFO, &info, &l), 0);
	if (kernel) {
		EXPECT_EQ(err, alert == MXTLS_ALERT_RECORD_OVERFLOW ? EMSGSIZE : EBADMSG);
		EXPECT_EQ(info.alert_sent_level, MXTLS_ALERT_FATAL);
		EXPECT_EQ(info.alert_sent_desc, alert);
		EXPECT_EQ(info.rx_state, MXTLS_STATE_ERROR);
	}
	EXPECT_EQ(alert_at_peer(&self->c), alert);
	/* and it stays failed */
	EXPECT_EQ(matrixSslOffloadRead(self->s.ssl, self->buf, sizeof(self->buf), &self->len, 0),
		  PS_PROTOCOL_FAIL);
}

TEST_F(hostile, bad_mac)
{
	ASSERT_EQ(send_changed(&self->c, 100, flip_last_byte), 0);
	check_failed(_metadata, self, MXTLS_ALERT_BAD_RECORD_MAC, true);
}

TEST_F(hostile, bad_padding)
{
	/* in an AEAD record the same change is a bad tag */
	ASSERT_EQ(send_changed(&self->c, 100, flip_padding), 0);
	check_failed(_metadata, self, MXTLS_ALERT_BAD_RECORD_MAC, true);
}

TEST_F(hostile, oversized_record)
{
	unsigned char rec[5 + 18433];
	uint16_t v = (uint16_t)matrixSslGetNegotiatedVersion(self->c.ssl);

	memset(rec, 0x55, sizeof(rec));
	rec[0] = MXTLS_CT_APPLICATION_DATA;
	rec[1] = v >> 8;
	rec[2] = v & 0xff;
	rec[3] = (sizeof(rec) - 5) >> 8;
	rec[4] = (sizeof(rec) - 5) & 0xff;
	ASSERT_EQ(send(self->c.fd, rec, sizeof(rec), MSG_NOSIGNAL), (ssize_t)sizeof(rec));
	check_failed(_metadata, self, MXTLS_ALERT_RECORD_OVERFLOW, true);
}

TEST_F(hostile, unexpected_change_cipher_spec)
{
	static const uint8_t one = 1;

	/* sealed under the current keys, as a confused peer would */
	ASSERT_EQ(mx_rl_write(self->c.ssl, MX_CT_CCS, &one, 1), 0);
	ASSERT_EQ(send_out(&self->c), 0);
	check_failed(_metadata, self, MXTLS_ALERT_UNEXPECTED_MESSAGE, false);
}

TEST_F(hostile, unexpected_handshake_message)
{
	/* a ServerHello reaching a server */
	static const uint8_t msg[] = { 2, 0, 0, 0 };

	ASSERT_EQ(mx_rl_write(self->c.ssl, MX_CT_HANDSHAKE, msg, sizeof(msg)), 0);
	ASSERT_EQ(send_out(&self->c), 0);
	check_failed(_metadata, self, MXTLS_ALERT_UNEXPECTED_MESSAGE, false);
}

TEST_HARNESS_MAIN
