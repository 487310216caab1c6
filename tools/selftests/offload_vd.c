// SPDX-License-Identifier: GPL-2.0
/*
 * RFC 5746 verify_data in the kernel across re-handshakes of an offloaded
 * libmxtls session. The peer is OpenSSL's libssl (a thread, blocking, on
 * the other end of a loopback TCP pair); after a re-handshake through the
 * module, getsockopt(MXTLS_VERIFY_DATA) on our socket must hold the
 * Finished messages OpenSSL itself sent and received in it
 * (SSL_get_finished, SSL_get_peer_finished). Both orders of the two
 * Finished messages are covered on both sides: our client re-keys with a
 * full handshake (its Finished first) and by resumption (the server's
 * first); OpenSSL's client re-handshakes with our server, full and
 * abbreviated.
 */
#include <pthread.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/mxtls.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "kselftest_harness.h"
#include "tlspair.h"

#include "matrixsslApi.h"

static const unsigned char psk[16] = "offload-vd-psk!";

enum { RH_FULL, RH_ABBREV };

struct peer {
	int fd, server, how;
	SSL_CTX *ctx;
	SSL *ssl;
	int ok;
	unsigned char mine[64], theirs[64];	/* Finished sent, received */
	size_t mine_len, theirs_len;
};

static unsigned int psk_srv(SSL *s, const char *id, unsigned char *out, unsigned int max)
{
	(void)s;
	if (strcmp(id, "id") || max < sizeof(psk))
		return 0;
	memcpy(out, psk, sizeof(psk));
	return sizeof(psk);
}

static unsigned int psk_cli(SSL *s, const char *hint, char *id, unsigned int max_id,
			    unsigned char *out, unsigned int max)
{
	(void)s;
	(void)hint;
	if (max_id < 3 || max < sizeof(psk))
		return 0;
	memcpy(id, "id", 3);
	memcpy(out, psk, sizeof(psk));
	return sizeof(psk);
}

static void finished_of(struct peer *p)
{
	p->mine_len = SSL_get_finished(p->ssl, p->mine, sizeof(p->mine));
	p->theirs_len = SSL_get_peer_finished(p->ssl, p->theirs, sizeof(p->theirs));
}

/*
 * OpenSSL's end. As a server: the handshake, then reads until our client,
 * after its re-handshake, sends "done". As a client: the handshake, one
 * byte from our server, then a re-handshake of its own, and "done".
 */
static void *peer_run(void *arg)
{
	struct peer *p = arg;
	char b[8];

	p->ssl = SSL_new(p->ctx);
	if (!p->ssl || !SSL_set_fd(p->ssl, p->fd))
		return NULL;
	if ((p->server ? SSL_accept(p->ssl) : SSL_connect(p->ssl)) != 1)
		goto fail;
	if (p->server) {
		if (SSL_read(p->ssl, b, 4) != 4 || memcmp(b, "done", 4))
			goto fail;
	} else {
		if (SSL_read(p->ssl, b, 1) != 1)
			goto fail;
		if ((p->how == RH_FULL ? SSL_renegotiate(p->ssl) :
		     SSL_renegotiate_abbreviated(p->ssl)) != 1 || SSL_do_handshake(p->ssl) != 1)
			goto fail;
		if (SSL_write(p->ssl, "done", 4) != 4)
			goto fail;
	}
	finished_of(p);
	p->ok = 1;
	return NULL;
fail:
	ERR_print_errors_fp(stderr);
	return NULL;
}

FIXTURE(vd) {
	sslKeys_t *keys;
	sslSessionId_t *sid;
	ssl_t *ssl;
	int fd;
	struct peer peer;
	pthread_t thr;
	unsigned char buf[16384];
	uint32 len;
};

FIXTURE_VARIANT(vd) {
	int ours_server;	/* 1: ours is the server, OpenSSL re-handshakes */
	int how;		/* RH_FULL or RH_ABBREV */
	uint16_t suite;
	const char *ossl;
};

FIXTURE_VARIANT_ADD(vd, client_full_gcm) {
	.how = RH_FULL, .suite = TLS_PSK_WITH_AES_128_GCM_SHA256,
	.ossl = "PSK-AES128-GCM-SHA256",
};

FIXTURE_VARIANT_ADD(vd, client_abbrev_gcm) {
	.how = RH_ABBREV, .suite = TLS_PSK_WITH_AES_128_GCM_SHA256,
	.ossl = "PSK-AES128-GCM-SHA256",
};

FIXTURE_VARIANT_ADD(vd, server_full_cbc) {
	.ours_server = 1, .how = RH_FULL, .suite = TLS_PSK_WITH_AES_128_CBC_SHA,
	.ossl = "PSK-AES128-CBC-SHA",
};

FIXTURE_VARIANT_ADD(vd, server_abbrev_cbc) {
	.ours_server = 1, .how = RH_ABBREV, .suite = TLS_PSK_WITH_AES_128_CBC_SHA,
	.ossl = "PSK-AES128-CBC-SHA",
};

static int send_out(ssl_t *ssl, int fd)
{
	unsigned char *b;
	int32 n;
	ssize_t w;

	while ((n = matrixSslGetOutdata(ssl, &b)) > 0) {
		w = send(fd, b, (size_t)n, MSG_NOSIGNAL);
		if (w <= 0)
			return -1;
		if (matrixSslSentData(ssl, (uint32)w) == MATRIXSSL_HANDSHAKE_COMPLETE)
			return 1;
	}
	return 0;
}

/* Our first handshake, in userspace, record-exact; 0 when complete */
static int handshake(ssl_t *ssl, int fd)
{
	unsigned char *b, *pt;
	uint32 ptlen;
	int32 n, rc;
	ssize_t r;

	for (;;) {
		rc = send_out(ssl, fd);
		if (rc)
			return rc > 0 ? 0 : -1;
		n = matrixSslGetReadbuf(ssl, &b);
		if (n <= 0)
			return -1;
		r = recv(fd, b, (size_t)n, 0);
		if (r <= 0)
			return -1;
		rc = matrixSslReceivedData(ssl, (int32)r, &pt, &ptlen);
		if (rc == MATRIXSSL_HANDSHAKE_COMPLETE)
			return 0;
		if (rc < 0)
			return -1;
	}
}

/* The kernel's verify_data, compared with what OpenSSL saw */
static void check_vd(struct __test_metadata *_metadata, FIXTURE_DATA(vd) *self, int ours_server)
{
	struct mxtls_verify_data vd;
	socklen_t l = sizeof(vd);
	const unsigned char *cli, *srv;

	ASSERT_EQ(getsockopt(self->fd, SOL_MXTLS, MXTLS_VERIFY_DATA, &vd, &l), 0);
	ASSERT_EQ(self->peer.mine_len, 12U);
	ASSERT_EQ(self->peer.theirs_len, 12U);
	cli = ours_server ? self->peer.mine : self->peer.theirs;
	srv = ours_server ? self->peer.theirs : self->peer.mine;
	ASSERT_EQ(vd.client_len, 12);
	ASSERT_EQ(vd.server_len, 12);
	EXPECT_EQ(memcmp(vd.client, cli, 12), 0);
	EXPECT_EQ(memcmp(vd.server, srv, 12), 0);
}

FIXTURE_SETUP(vd)
{
	sslSessOpts_t so = { .versionFlag = SSL_FLAGS_TLS_1_2, .recordExactReads = 1 };
	int cfd, sfd;

	ASSERT_EQ(matrixSslOpen(), PS_SUCCESS);
	ASSERT_EQ(matrixSslNewKeys(&self->keys, NULL), PS_SUCCESS);
	ASSERT_EQ(matrixSslLoadPsk(self->keys, psk, sizeof(psk), (const unsigned char *)"id", 2),
		  PS_SUCCESS);
	ASSERT_EQ(tcp_pair(&cfd, &sfd), 0);
	self->fd = variant->ours_server ? sfd : cfd;
	self->peer.fd = variant->ours_server ? cfd : sfd;
	self->peer.server = !variant->ours_server;
	self->peer.how = variant->how;
	self->peer.ctx = SSL_CTX_new(self->peer.server ? TLS_server_method() : TLS_client_method());
	ASSERT_NE(self->peer.ctx, NULL);
	SSL_CTX_set_min_proto_version(self->peer.ctx, TLS1_2_VERSION);
	SSL_CTX_set_max_proto_version(self->peer.ctx, TLS1_2_VERSION);
	ASSERT_EQ(SSL_CTX_set_cipher_list(self->peer.ctx, variant->ossl), 1);
	SSL_CTX_set_options(self->peer.ctx, SSL_OP_NO_TICKET | SSL_OP_ALLOW_CLIENT_RENEGOTIATION);
	if (self->peer.server)
		SSL_CTX_set_psk_server_callback(self->peer.ctx, psk_srv);
	else
		SSL_CTX_set_psk_client_callback(self->peer.ctx, psk_cli);
	ASSERT_EQ(pthread_create(&self->thr, NULL, peer_run, &self->peer), 0);

	if (variant->ours_server) {
		ASSERT_EQ(matrixSslNewServerSession(&self->ssl, self->keys, NULL, &so), PS_SUCCESS);
	} else {
		ASSERT_EQ(matrixSslNewSessionId(&self->sid, NULL), PS_SUCCESS);
		ASSERT_EQ(matrixSslNewClientSession(&self->ssl, self->keys, self->sid,
						    &variant->suite, 1, NULL, NULL, NULL, NULL,
						    &so), MATRIXSSL_REQUEST_SEND);
	}
	ASSERT_EQ(handshake(self->ssl, self->fd), 0);
	ASSERT_EQ(matrixSslGetNegotiatedCiphersuite(self->ssl), variant->suite);
	ASSERT_EQ(matrixSslOffload(self->ssl, self->fd), PS_SUCCESS);
}

FIXTURE_TEARDOWN(vd)
{
	close(self->fd);
	close(self->peer.fd);
	if (self->thr)
		pthread_join(self->thr, NULL);
	SSL_free(self->peer.ssl);
	SSL_CTX_free(self->peer.ctx);
	matrixSslDeleteSession(self->ssl);
	if (self->sid)
		matrixSslDeleteSessionId(self->sid);
	matrixSslDeleteKeys(self->keys);
	matrixSslClose();
}

TEST_F(vd, rehandshake)
{
	struct mxtls_verify_data before;
	socklen_t l = sizeof(before);
	int32 rc;

	ASSERT_EQ(getsockopt(self->fd, SOL_MXTLS, MXTLS_VERIFY_DATA, &before, &l), 0);
	ASSERT_EQ(before.client_len, 12);
	if (variant->ours_server) {
		/* OpenSSL re-handshakes after this byte; "done" follows it */
		ASSERT_EQ(write(self->fd, "x", 1), 1);
		do {
			rc = matrixSslOffloadRead(self->ssl, self->buf, sizeof(self->buf),
						  &self->len, 0);
		} while (rc == MATRIXSSL_HANDSHAKE_COMPLETE || rc == MATRIXSSL_REQUEST_RECV);
		ASSERT_EQ(rc, MATRIXSSL_APP_DATA);
		ASSERT_EQ(self->len, 4U);
		ASSERT_EQ(memcmp(self->buf, "done", 4), 0);
	} else {
		ASSERT_EQ(matrixSslEncodeRehandshake(self->ssl, NULL, NULL,
						     variant->how == RH_FULL ?
						     SSL_OPTION_FULL_HANDSHAKE : 0, NULL, 0), 0);
		do {
			rc = matrixSslOffloadRead(self->ssl, self->buf, sizeof(self->buf),
						  &self->len, 0);
		} while (rc == MATRIXSSL_REQUEST_RECV);
		ASSERT_EQ(rc, MATRIXSSL_HANDSHAKE_COMPLETE);
		ASSERT_EQ(matrixSslIsResumedSession(self->ssl), variant->how == RH_ABBREV);
		ASSERT_EQ(write(self->fd, "done", 4), 4);
	}
	pthread_join(self->thr, NULL);
	self->thr = 0;
	ASSERT_EQ(self->peer.ok, 1);
	EXPECT_EQ(SSL_session_reused(self->peer.ssl), variant->how == RH_ABBREV);
	check_vd(_metadata, self, variant->ours_server);
	/* and they are the new handshake's, not the first one's */
	EXPECT_NE(memcmp(before.client, variant->ours_server ? self->peer.mine :
			 self->peer.theirs, 12), 0);
}

TEST_HARNESS_MAIN
