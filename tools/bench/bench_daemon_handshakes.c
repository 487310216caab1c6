// SPDX-License-Identifier: GPL-2.0
/*
 * Client handshakes per second through mxtlsd (daemon mode: a plain
 * socket, setsockopt MXTLS_HANDSHAKE) beside the same handshakes in
 * library mode and beside OpenSSL's client, all against one OpenSSL
 * server thread in this process, on loopback, one connection at a time,
 * in the same run (in the test VM, which has the module). Library mode
 * is measured twice: as DESIGN.md defines it, libmxtls's client followed
 * by matrixSslOffload (the kernel's records, as a daemon-mode socket
 * ends up: the peer of the target figure), and with userspace records
 * only (no ULP, no keys to the kernel). Also the latency of one
 * handshake, p50 and p99, daemon beside library mode with offload: the
 * difference is what the upcall adds.
 *
 * TLS 1.2, ECDHE-ECDSA with P-256 and AES-128-GCM; certificates made with
 * the openssl tool in a scratch directory; mxtlsd started from
 * build/bin with a configuration made here.
 *
 *   build/bench/bench_daemon_handshakes [HANDSHAKES]   (default 300 each)
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <linux/mxtls.h>

#include "matrixsslApi.h"

#ifndef TCP_ULP
#define TCP_ULP 31
#endif

#define SUITE_OSSL "ECDHE-ECDSA-AES128-GCM-SHA256"
#define SUITE_ID 0xC02B

static char dir[64];
static int port;
static volatile int server_stop;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *path(const char *name)
{
	static char buf[4][128];
	static int i;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof(buf[i]), "%s/%s", dir, name);
	return buf[i];
}

/* The OpenSSL server: accept, handshake, one byte each way, close. */
static void *server_main(void *arg)
{
	SSL_CTX *ctx = arg;
	int lfd = *(int *)SSL_CTX_get_app_data(ctx), fd;
	char b;

	while (!server_stop) {
		SSL *s;

		fd = accept(lfd, NULL, NULL);
		if (fd < 0)
			continue;
		s = SSL_new(ctx);
		SSL_set_fd(s, fd);
		if (SSL_accept(s) == 1 && SSL_read(s, &b, 1) == 1)
			SSL_write(s, &b, 1);
		SSL_shutdown(s);
		SSL_free(s);
		close(fd);
	}
	return NULL;
}

static int dial(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;

	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a))) {
		perror("bench_daemon: connect");
		exit(1);
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	return fd;
}

/* One handshake through mxtlsd, then a byte each way. */
static int one_daemon(void)
{
	struct mxtls_handshake hs = { .role = MXTLS_ROLE_CLIENT };
	int fd = dial(), rc = -1;
	char b = 'x';

	strcpy(hs.peer_name, "localhost");
	if (!setsockopt(fd, SOL_TCP, TCP_ULP, MXTLS_ULP_NAME, sizeof(MXTLS_ULP_NAME)) &&
	    !setsockopt(fd, SOL_MXTLS, MXTLS_HANDSHAKE, &hs, sizeof(hs)) &&
	    write(fd, &b, 1) == 1 && read(fd, &b, 1) == 1)
		rc = 0;
	else
		fprintf(stderr, "bench_daemon: daemon handshake: %s\n", strerror(errno));
	close(fd);
	return rc;
}

static sslKeys_t *lib_keys;

static int32 accept_cert(ssl_t *ssl, psX509Cert_t *cert, int32 alert)
{
	return alert;
}

/* Send what the session has queued. */
static int flush_out(ssl_t *ssl, int fd)
{
	unsigned char *p;
	int32 n;
	ssize_t w;

	while ((n = matrixSslGetOutdata(ssl, &p)) > 0) {
		w = write(fd, p, (size_t)n);
		if (w <= 0)
			return -1;
		matrixSslSentData(ssl, (uint32)w);
	}
	return 0;
}

/*
 * The same in library mode: libmxtls's client on the socket. With
 * offload, the connection then goes to the kernel (matrixSslOffload), as
 * a daemon-mode one does: the same work on both sides, handshake and
 * key hand-over, the byte each way through the kernel's records.
 */
static int library(bool offload)
{
	static const psCipher16_t suite[] = { SUITE_ID };
	sslSessOpts_t opts = { .versionFlag = SSL_FLAGS_TLS_1_2, .recordExactReads = offload };
	unsigned char *buf, *pt, rb[16];
	uint32 ptlen, len;
	int fd = dial(), rc = -1, done = 0;
	ssl_t *ssl;
	int32 n, r;
	char b = 'x';

	if (matrixSslNewClientSession(&ssl, lib_keys, NULL, suite, 1, accept_cert, "localhost",
				      NULL, NULL, &opts) != MATRIXSSL_REQUEST_SEND)
		goto out;
	while (!done) {
		if (flush_out(ssl, fd))
			goto del;
		n = matrixSslGetReadbuf(ssl, &buf);
		if (n <= 0)
			goto del;
		n = (int32)read(fd, buf, (size_t)n);
		if (n <= 0)
			goto del;
		r = matrixSslReceivedData(ssl, n, &pt, &ptlen);
		while (r == MATRIXSSL_REQUEST_SEND || r == MATRIXSSL_HANDSHAKE_COMPLETE ||
		       r == MATRIXSSL_REQUEST_RECV) {
			if (r == MATRIXSSL_HANDSHAKE_COMPLETE)
				done = 1;
			if (r != MATRIXSSL_REQUEST_SEND)
				break;
			if (flush_out(ssl, fd))
				goto del;
			r = MATRIXSSL_REQUEST_RECV;
		}
		if (r < 0)
			goto del;
	}
	if (offload) {
		if (matrixSslOffload(ssl, fd) != PS_SUCCESS || write(fd, &b, 1) != 1 ||
		    matrixSslOffloadRead(ssl, rb, sizeof(rb), &len, 0) != MATRIXSSL_APP_DATA)
			goto del;
		rc = 0;
		goto del;
	}
	if (matrixSslEncodeToOutdata(ssl, (unsigned char *)&b, 1) < 0 || flush_out(ssl, fd))
		goto del;
	/* The echoed byte: one record. */
	for (;;) {
		n = matrixSslGetReadbuf(ssl, &buf);
		if (n <= 0)
			goto del;
		n = (int32)read(fd, buf, (size_t)n);
		if (n <= 0)
			goto del;
		r = matrixSslReceivedData(ssl, n, &pt, &ptlen);
		if (r == MATRIXSSL_APP_DATA) {
			rc = 0;
			break;
		}
		if (r < 0)
			goto del;
	}
del:
	matrixSslDeleteSession(ssl);
out:
	if (rc)
		fprintf(stderr, "bench_daemon: library-mode handshake%s failed\n",
			offload ? " (offload)" : "");
	close(fd);
	return rc;
}

static int one_library(void)
{
	return library(false);
}

static int one_offload(void)
{
	return library(true);
}

static SSL_CTX *cli_ctx;

static int one_openssl(void)
{
	int fd = dial(), rc = -1;
	SSL *s = SSL_new(cli_ctx);
	char b = 'x';

	SSL_set_fd(s, fd);
	SSL_set_tlsext_host_name(s, "localhost");
	if (SSL_connect(s) == 1 && SSL_write(s, &b, 1) == 1 && SSL_read(s, &b, 1) == 1)
		rc = 0;
	else
		fprintf(stderr, "bench_daemon: openssl handshake failed\n");
	SSL_shutdown(s);
	SSL_free(s);
	close(fd);
	return rc;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

struct figure {
	double rate, p50, p99;
};

#define N_WAYS 4

/*
 * The ways take turns handshake by handshake, so that each sees the same
 * machine: on a shared one the load changes from second to second, and
 * blocks of one way at a time compare one load with another. The rate
 * of a way is its handshakes over the time they took.
 */
static int measure(int (*const one[N_WAYS])(void), int n, struct figure f[N_WAYS])
{
	double *lat[N_WAYS], total[N_WAYS] = { 0 }, t;
	int i, k, rc = -1;

	for (k = 0; k < N_WAYS; k++)
		lat[k] = calloc((size_t)n, sizeof(double));
	for (k = 0; k < N_WAYS; k++) {
		if (!lat[k])
			goto out;
		for (i = 0; i < 5; i++)		/* warm up: caches, the daemon's workers */
			if (one[k]())
				goto out;
	}
	for (i = 0; i < n; i++) {
		for (k = 0; k < N_WAYS; k++) {
			t = now();
			if (one[k]())
				goto out;
			lat[k][i] = now() - t;
			total[k] += lat[k][i];
		}
	}
	for (k = 0; k < N_WAYS; k++) {
		f[k].rate = n / total[k];
		qsort(lat[k], (size_t)n, sizeof(double), cmp_double);
		f[k].p50 = lat[k][n / 2] * 1e6;
		f[k].p99 = lat[k][(n * 99) / 100] * 1e6;
	}
	rc = 0;
out:
	for (k = 0; k < N_WAYS; k++)
		free(lat[k]);
	return rc;
}

static int sh(const char *cmd)
{
	char full[1024];

	snprintf(full, sizeof(full), "cd %s && { %s; } >/dev/null 2>&1", dir, cmd);
	return system(full);
}

int main(int argc, char **argv)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int n = argc > 1 ? atoi(argv[1]) : 300, lfd, i, rc = 1;
	static int (*const ways[N_WAYS])(void) = {
		one_daemon, one_offload, one_library, one_openssl
	};
	struct figure f[N_WAYS], fd_, fl, fk, fo;
	socklen_t alen = sizeof(a);
	SSL_CTX *srv;
	pthread_t th;
	pid_t daemon;
	FILE *conf;
	char self[512], mxtlsd[600];
	ssize_t sl;

	/* In the VM nothing has loaded the module yet. */
	if (system("modprobe mxtls"))
		fprintf(stderr, "bench_daemon: modprobe mxtls failed\n");
	strcpy(dir, "/tmp/bench-daemon.XXXXXX");
	if (!mkdtemp(dir))
		return 1;
	if (sh("openssl ecparam -name prime256v1 -genkey -noout -out ca.key && "
	       "openssl req -x509 -new -key ca.key -subj /CN=bench-ca -days 2 -out ca.pem "
	       "-addext basicConstraints=critical,CA:TRUE && "
	       "openssl ecparam -name prime256v1 -genkey -noout -out server.key && "
	       "openssl req -new -key server.key -subj /CN=localhost -out server.csr && "
	       "printf 'subjectAltName=DNS:localhost\\n' >ext && "
	       "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial "
	       "-days 2 -extfile ext -out server.pem")) {
		fprintf(stderr, "bench_daemon: making certificates with openssl failed\n");
		return 1;
	}
	conf = fopen(path("mxtlsd.conf"), "w");
	if (!conf)
		return 1;
	fprintf(conf, "[daemon]\nworkers = 2\nlog_level = warning\ncontrol_socket = %s\n"
		"[client default]\ntrust = %s\nversions = tls1.2\nsuites = 0x%04x\n",
		path("control"), path("ca.pem"), SUITE_ID);
	fclose(conf);

	/* mxtlsd from the build/bin next to build/bench */
	sl = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (sl <= 0)
		return 1;
	self[sl] = 0;
	*strrchr(self, '/') = 0;
	snprintf(mxtlsd, sizeof(mxtlsd), "%s/../bin/mxtlsd", self);
	daemon = fork();
	if (daemon == 0) {
		execl(mxtlsd, "mxtlsd", "-c", path("mxtlsd.conf"), (char *)NULL);
		_exit(127);
	}
	for (i = 0; i < 100 && access(path("control"), F_OK); i++)
		usleep(100000);

	srv = SSL_CTX_new(TLS_server_method());
	SSL_CTX_set_max_proto_version(srv, TLS1_2_VERSION);
	SSL_CTX_set_cipher_list(srv, SUITE_OSSL);
	SSL_CTX_set_session_cache_mode(srv, SSL_SESS_CACHE_OFF);
	SSL_CTX_set_options(srv, SSL_OP_NO_TICKET);
	if (SSL_CTX_use_certificate_file(srv, path("server.pem"), SSL_FILETYPE_PEM) != 1 ||
	    SSL_CTX_use_PrivateKey_file(srv, path("server.key"), SSL_FILETYPE_PEM) != 1)
		goto out;
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&a, sizeof(a)) || listen(lfd, 64) ||
	    getsockname(lfd, (struct sockaddr *)&a, &alen))
		goto out;
	port = ntohs(a.sin_port);
	SSL_CTX_set_app_data(srv, &lfd);
	pthread_create(&th, NULL, server_main, srv);

	cli_ctx = SSL_CTX_new(TLS_client_method());
	SSL_CTX_set_max_proto_version(cli_ctx, TLS1_2_VERSION);
	SSL_CTX_set_cipher_list(cli_ctx, SUITE_OSSL);
	SSL_CTX_set_session_cache_mode(cli_ctx, SSL_SESS_CACHE_OFF);
	SSL_CTX_load_verify_locations(cli_ctx, path("ca.pem"), NULL);
	SSL_CTX_set_verify(cli_ctx, SSL_VERIFY_PEER, NULL);
	if (matrixSslOpen() < 0 || matrixSslNewKeys(&lib_keys, NULL) < 0 ||
	    matrixSslLoadRsaKeys(lib_keys, NULL, NULL, NULL, path("ca.pem")) < 0)
		goto out;

	if (measure(ways, n, f))
		goto out;
	fd_ = f[0];
	fk = f[1];
	fl = f[2];
	fo = f[3];
	printf("BENCH name=daemon_handshakes_vs_library ours=%.1f peer=%.1f unit=handshakes/s "
	       "peer_is=libmxtls-library-mode-offload ratio=%.3f\n", fd_.rate, fk.rate,
	       fd_.rate / fk.rate);
	printf("BENCH name=daemon_handshakes_vs_library_userspace ours=%.1f peer=%.1f "
	       "unit=handshakes/s peer_is=libmxtls-library-mode-userspace-records ratio=%.3f\n",
	       fd_.rate, fl.rate, fd_.rate / fl.rate);
	printf("BENCH name=daemon_handshakes_vs_openssl ours=%.1f peer=%.1f unit=handshakes/s "
	       "peer_is=openssl-client ratio=%.3f\n", fd_.rate, fo.rate, fd_.rate / fo.rate);
	printf("BENCH name=daemon_handshake_latency_p50 ours=%.0f peer=%.0f unit=us "
	       "peer_is=libmxtls-library-mode-offload ratio=%.3f\n", fd_.p50, fk.p50,
	       fk.p50 / fd_.p50);
	printf("BENCH name=daemon_handshake_latency_p99 ours=%.0f peer=%.0f unit=us "
	       "peer_is=libmxtls-library-mode-offload ratio=%.3f\n", fd_.p99, fk.p99,
	       fk.p99 / fd_.p99);
	printf("# the upcall adds %.0f us at p50, %.0f us at p99 (library mode without offload: "
	       "p50 %.0f us, p99 %.0f us)\n", fd_.p50 - fk.p50, fd_.p99 - fk.p99, fl.p50, fl.p99);
	rc = 0;
out:
	if (rc)
		ERR_print_errors_fp(stderr);
	server_stop = 1;
	kill(daemon, SIGTERM);
	waitpid(daemon, NULL, 0);
	sh("rm -f *");
	rmdir(dir);
	return rc;
}
