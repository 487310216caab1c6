// SPDX-License-Identifier: GPL-2.0
/*
 * Heap bytes per idle connected server session: N sessions of ours and
 * N of OpenSSL's, each after a full handshake (TLS 1.2,
 * TLS_RSA_WITH_AES_128_GCM_SHA256, RSA-2048, no tickets) with its client
 * gone and a read pending, as a server waiting for its clients holds
 * them. Measured with mallinfo2() in one process, same allocator; the
 * transport is the caller's buffers for ours, a socket pair for
 * OpenSSL's, so neither counts transport buffers.
 *
 *   build/bench/bench_tls_memory [N]      (default 200)
 */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "matrixsslApi.h"

#define DATA "build/tls-testdata"

static size_t heap_used(void)
{
	return mallinfo2().uordblks;
}

/* Move one side's outdata into the other; 1 if anything moved, -1 on error. */
static int move(ssl_t *from, ssl_t *to)
{
	unsigned char *out, *in, *pt;
	uint32 ptlen;
	int32 n, room, rc, moved = 0;

	while ((n = matrixSslGetOutdata(from, &out)) > 0) {
		room = matrixSslGetReadbuf(to, &in);
		if (room <= 0)
			return -1;
		if (n > room)
			n = room;
		memcpy(in, out, (size_t)n);
		matrixSslSentData(from, (uint32)n);
		rc = matrixSslReceivedData(to, n, &pt, &ptlen);
		if (rc < 0)
			return -1;
		moved = 1;
	}
	return moved;
}

static double ours(int n)
{
	sslKeys_t *sk, *ck;
	ssl_t **srv = calloc((size_t)n, sizeof(*srv)), *cli;
	sslSessOpts_t o = { .versionFlag = SSL_FLAGS_TLS_1_2 };
	const psCipher16_t suite = TLS_RSA_WITH_AES_128_GCM_SHA256;
	unsigned char *buf;
	size_t before;
	int i, a, b;

	matrixSslOpen();
	matrixSslNewKeys(&sk, NULL);
	matrixSslNewKeys(&ck, NULL);
	if (matrixSslLoadRsaKeys(sk, DATA "/server-chain.pem", DATA "/server.key", NULL, NULL) ||
	    matrixSslLoadRsaKeys(ck, NULL, NULL, NULL, DATA "/ca.pem"))
		return -1;
	before = heap_used();
	for (i = 0; i < n; i++) {
		if (matrixSslNewServerSession(&srv[i], sk, NULL, &o) < 0 ||
		    matrixSslNewClientSession(&cli, ck, NULL, &suite, 1, NULL, "localhost", NULL,
					      NULL, &o) != MATRIXSSL_REQUEST_SEND)
			return -1;
		do {
			a = move(cli, srv[i]);
			b = move(srv[i], cli);
		} while (a > 0 || b > 0);
		if (a < 0 || b < 0 || !matrixSslHandshakeIsComplete(srv[i]))
			return -1;
		matrixSslDeleteSession(cli);
		/* Idle: waiting in recv() on the buffer the library gave. */
		matrixSslGetReadbuf(srv[i], &buf);
	}
	return (double)(heap_used() - before) / n;
}

static int pump(SSL *c, SSL *s)
{
	int i, rc_c = 0, rc_s = 0;

	for (i = 0; i < 1000; i++) {
		if (rc_c != 1)
			rc_c = SSL_do_handshake(c);
		if (rc_s != 1)
			rc_s = SSL_do_handshake(s);
		if (rc_c == 1 && rc_s == 1)
			return 0;
	}
	return -1;
}

static double openssl(int n)
{
	SSL_CTX *sctx = SSL_CTX_new(TLS_server_method()), *cctx = SSL_CTX_new(TLS_client_method());
	SSL **srv = calloc((size_t)n, sizeof(*srv)), *cli;
	size_t before;
	char byte;
	int i, sv[2];

	if (!SSL_CTX_use_certificate_chain_file(sctx, DATA "/server-chain.pem") ||
	    !SSL_CTX_use_PrivateKey_file(sctx, DATA "/server.key", SSL_FILETYPE_PEM))
		return -1;
	SSL_CTX_set_options(sctx, SSL_OP_NO_TICKET);
	SSL_CTX_set_max_proto_version(sctx, TLS1_2_VERSION);
	SSL_CTX_set_max_proto_version(cctx, TLS1_2_VERSION);
	SSL_CTX_set_cipher_list(cctx, "AES128-GCM-SHA256");
	SSL_CTX_set_cipher_list(sctx, "AES128-GCM-SHA256");
	before = heap_used();
	for (i = 0; i < n; i++) {
		/* A socket pair: transport buffers are the kernel's, as for ours. */
		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv))
			return -1;
		srv[i] = SSL_new(sctx);
		cli = SSL_new(cctx);
		SSL_set_fd(srv[i], sv[0]);
		SSL_set_fd(cli, sv[1]);
		SSL_set_accept_state(srv[i]);
		SSL_set_connect_state(cli);
		if (pump(cli, srv[i]))
			return -1;
		SSL_free(cli);
		/* Idle: a read pending. */
		SSL_read(srv[i], &byte, 1);
	}
	return (double)(heap_used() - before) / n;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 200;
	double a, b;

	if (system("scripts/tls-testdata.sh " DATA) != 0) {
		fprintf(stderr, "bench_tls_memory: run from the top directory\n");
		return 1;
	}
	a = ours(n);
	b = openssl(n);
	if (a <= 0 || b <= 0) {
		fprintf(stderr, "bench_tls_memory: a handshake failed (%.0f, %.0f)\n", a, b);
		return 1;
	}
	printf("BENCH name=tls_heap_per_idle_session ours=%.0f peer=%.0f unit=bytes "
	       "peer_is=openssl-libssl ratio=%.2f\n", a, b, b / a);
	return 0;
}
