// SPDX-License-Identifier: GPL-2.0
/*
 * bench_kernel_records: the record layer's throughput and memory, in the
 * test VM (make bench-kernel), each figure beside a peer measured in the
 * same run:
 *
 *  - 256 MiB over loopback with write() and with sendfile(), mxtls
 *    AES-128-GCM beside the kernel's own tls module with AES-128-GCM;
 *  - AES-128-CBC-SHA1 (MAC-then-encrypt and encrypt-then-MAC) beside plain
 *    TCP and beside a pair of userspace OpenSSL endpoints with the same
 *    suite (their own record layer over the same loopback);
 *  - kernel memory per idle offloaded socket beside kTLS's, both less a
 *    plain TCP socket's.
 *
 * Each throughput is the median of MXTLS_BENCH_RUNS (5, at most 15)
 * alternated runs; the VM is emulated, so absolute numbers are low but the
 * ratios hold.
 * MXTLS_BENCH_FILTER=<part of a name> runs only those figures.
 */
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
#include <sys/resource.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <linux/mxtls.h>
#include <linux/tls.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "mxtls_netlink.h"

#ifndef TCP_ULP
#define TCP_ULP 31
#endif
#ifndef SOL_TLS
#define SOL_TLS 282
#endif

#define TOTAL		(256UL << 20)
#define IO_SIZE		(64 << 10)
#define IDLE_PAIRS	400
#define MAX_RUNS	15

enum kind { PLAIN, KTLS_GCM, MXTLS_GCM, MXTLS_CBC_MTE, MXTLS_CBC_ETM, OSSL_CBC_MTE, OSSL_CBC_ETM };

static struct mxtls_nl *nl;
static const char *file_path = "/tmp/mxtls-bench-file";

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void die(const char *what)
{
	fprintf(stderr, "bench_kernel_records: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void tcp_pair(int *c, int *s)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	socklen_t len = sizeof(addr);
	int l = socket(AF_INET, SOCK_STREAM, 0);

	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (l < 0 || bind(l, (struct sockaddr *)&addr, sizeof(addr)) || listen(l, 8) ||
	    getsockname(l, (struct sockaddr *)&addr, &len))
		die("listen");
	*c = socket(AF_INET, SOCK_STREAM, 0);
	if (*c < 0 || connect(*c, (struct sockaddr *)&addr, sizeof(addr)))
		die("connect");
	*s = accept(l, NULL, NULL);
	if (*s < 0)
		die("accept");
	close(l);
}

static void ktls_gcm(int fd, int dir, const uint8_t *key)
{
	struct tls12_crypto_info_aes_gcm_128 ci = {
		.info.version = TLS_1_2_VERSION,
		.info.cipher_type = TLS_CIPHER_AES_GCM_128,
	};

	memcpy(ci.key, key, sizeof(ci.key));
	memcpy(ci.salt, key + 16, sizeof(ci.salt));
	memcpy(ci.iv, key + 20, sizeof(ci.iv));
	if (setsockopt(fd, SOL_TCP, TCP_ULP, "tls", 3) && errno != EEXIST)
		die("TCP_ULP tls");
	if (setsockopt(fd, SOL_TLS, dir, &ci, sizeof(ci)))
		die("SOL_TLS");
}

static void mxtls_keys(int fd, int dir, enum kind k, const uint8_t *key)
{
	struct mxtls_keys mk = {
		.fd = fd, .direction = (uint8_t)dir, .version = MXTLS_TLS_1_2,
		.enc_key = key, .enc_key_len = 16,
	};
	int err;

	if (k == MXTLS_GCM) {
		mk.suite = 0xc02f;
		mk.iv = key + 16;
		mk.iv_len = 4;
	} else {
		mk.suite = 0x002f;
		mk.mac_key = key + 16;
		mk.mac_key_len = 20;
		mk.flags = k == MXTLS_CBC_ETM ? MXTLS_KEY_F_ETM : 0;
	}
	if (setsockopt(fd, SOL_TCP, TCP_ULP, "mxtls", 5) && errno != EEXIST)
		die("TCP_ULP mxtls");
	err = mxtls_nl_set_keys(nl, &mk);
	if (err) {
		fprintf(stderr, "SET_KEYS: %s (%s)\n", strerror(-err), mxtls_nl_errmsg(nl));
		exit(1);
	}
}

/* Offload a pair, c -> s and s -> c, for kind */
static void offload(enum kind k, int c, int s)
{
	uint8_t key[48];
	int i;

	for (i = 0; i < 48; i++)
		key[i] = (uint8_t)(i * 7 + 1);
	if (k == KTLS_GCM) {
		ktls_gcm(c, TLS_TX, key);
		ktls_gcm(s, TLS_RX, key);
		ktls_gcm(s, TLS_TX, key);
		ktls_gcm(c, TLS_RX, key);
	} else if (k != PLAIN) {
		mxtls_keys(c, MXTLS_DIR_TX, k, key);
		mxtls_keys(s, MXTLS_DIR_RX, k, key);
		mxtls_keys(s, MXTLS_DIR_TX, k, key);
		mxtls_keys(c, MXTLS_DIR_RX, k, key);
	}
}

/* --- userspace OpenSSL pair, native socket I/O -------------------------- */

static const uint8_t psk[32] = "bench pre-shared key for the run";

static unsigned int psk_cli(SSL *ssl, const char *hint, char *id, unsigned int max_id,
			    unsigned char *out, unsigned int max)
{
	snprintf(id, max_id, "bench");
	memcpy(out, psk, sizeof(psk));
	return sizeof(psk);
}

static unsigned int psk_srv(SSL *ssl, const char *id, unsigned char *out, unsigned int max)
{
	memcpy(out, psk, sizeof(psk));
	return sizeof(psk);
}

static SSL *ossl_new(int fd, bool server, bool etm)
{
	SSL_CTX *ctx = SSL_CTX_new(server ? TLS_server_method() : TLS_client_method());
	SSL *ssl;

	if (!ctx)
		die("SSL_CTX_new");
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	SSL_CTX_set_max_proto_version(ctx, TLS1_2_VERSION);
	SSL_CTX_set_security_level(ctx, 0);
	SSL_CTX_set_cipher_list(ctx, "PSK-AES128-CBC-SHA:@SECLEVEL=0");
	SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET | (etm ? 0 : SSL_OP_NO_ENCRYPT_THEN_MAC));
	if (server)
		SSL_CTX_set_psk_server_callback(ctx, psk_srv);
	else
		SSL_CTX_set_psk_client_callback(ctx, psk_cli);
	ssl = SSL_new(ctx);
	SSL_CTX_free(ctx);
	if (!ssl || SSL_set_fd(ssl, fd) != 1)
		die("SSL_new");
	return ssl;
}

struct side {
	enum kind kind;
	int fd;
	SSL *ssl;
	bool use_sendfile;
	double done;
};

static void *ossl_handshake(void *arg)
{
	struct side *s = arg;

	if (SSL_accept(s->ssl) != 1) {
		ERR_print_errors_fp(stderr);
		die("SSL_accept");
	}
	return NULL;
}

/* --- one transfer -------------------------------------------------------- */

static void *receiver(void *arg)
{
	struct side *r = arg;
	static char buf[IO_SIZE];
	unsigned long got = 0;

	while (got < TOTAL) {
		ssize_t n = r->ssl ? SSL_read(r->ssl, buf, sizeof(buf)) :
				     read(r->fd, buf, sizeof(buf));

		if (n <= 0)
			die("read");
		got += (unsigned long)n;
	}
	r->done = now();
	return NULL;
}

static void sender(struct side *w)
{
	static char buf[IO_SIZE];
	unsigned long sent = 0;
	int fd = -1;

	memset(buf, 0x5a, sizeof(buf));
	if (w->use_sendfile) {
		fd = open(file_path, O_RDONLY);
		if (fd < 0)
			die("open");
	}
	while (sent < TOTAL) {
		ssize_t n;

		if (w->use_sendfile && w->ssl) {
			/* what a userspace TLS server does with a file */
			n = read(fd, buf, sizeof(buf));
			if (n > 0)
				n = SSL_write(w->ssl, buf, (int)n);
		} else if (w->use_sendfile) {
			n = sendfile(w->fd, fd, NULL, TOTAL - sent);
		} else if (w->ssl) {
			n = SSL_write(w->ssl, buf, sizeof(buf));
		} else {
			n = write(w->fd, buf, sizeof(buf));
		}
		if (n <= 0)
			die("write");
		sent += (unsigned long)n;
	}
	if (fd >= 0)
		close(fd);
}

/* MB/s of TOTAL bytes from one end to the other */
static double transfer(enum kind k, bool use_sendfile)
{
	struct side w = { .kind = k, .use_sendfile = use_sendfile }, r = { .kind = k };
	pthread_t t;
	double t0;

	tcp_pair(&w.fd, &r.fd);
	if (k == OSSL_CBC_MTE || k == OSSL_CBC_ETM) {
		w.ssl = ossl_new(w.fd, false, k == OSSL_CBC_ETM);
		r.ssl = ossl_new(r.fd, true, k == OSSL_CBC_ETM);
		pthread_create(&t, NULL, ossl_handshake, &r);
		if (SSL_connect(w.ssl) != 1)
			die("SSL_connect");
		pthread_join(t, NULL);
	} else {
		offload(k, w.fd, r.fd);
	}
	pthread_create(&t, NULL, receiver, &r);
	t0 = now();
	sender(&w);
	pthread_join(t, NULL);
	SSL_free(w.ssl);
	SSL_free(r.ssl);
	close(w.fd);
	close(r.fd);
	return (double)TOTAL / (1 << 20) / (r.done - t0);
}

static int runs(void)
{
	const char *s = getenv("MXTLS_BENCH_RUNS");
	int n = s ? atoi(s) : 5;

	return n < 1 ? 1 : n > MAX_RUNS ? MAX_RUNS : n;
}

/* MXTLS_BENCH_FILTER: only the figures whose name contains it */
static bool wanted(const char *name)
{
	const char *f = getenv("MXTLS_BENCH_FILTER");

	return !f || strstr(name, f);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/*
 * Median of alternated runs of ours and the peer's: each run is printed
 * too (RUN lines), so that the spread of a shared machine is visible.
 */
static void compare(const char *name, enum kind ours, enum kind peer, bool use_sendfile,
		    const char *peer_is)
{
	double o[MAX_RUNS], p[MAX_RUNS], mo, mp;
	int i, n = runs();

	if (!wanted(name))
		return;
	for (i = 0; i < n; i++) {
		o[i] = transfer(ours, use_sendfile);
		p[i] = transfer(peer, use_sendfile);
		printf("RUN name=%s run=%d ours=%.1f peer=%.1f ratio=%.2f\n", name, i + 1, o[i],
		       p[i], o[i] / p[i]);
		fflush(stdout);
	}
	mo = median(o, n);
	mp = median(p, n);
	printf("BENCH name=%s ours=%.1f peer=%.1f unit=MB/s peer_is=%s ratio=%.2f\n", name, mo, mp,
	       peer_is, mo / mp);
	fflush(stdout);
}

/* --- memory per idle socket ---------------------------------------------- */

/*
 * Kernel memory in use, in kB: what is not free, not counting pages that
 * were freed but wait on the per-CPU lists (they are free memory, but
 * MemFree does not count them).
 */
static long mem_used_kb(void)
{
	FILE *f = fopen("/proc/meminfo", "r");
	char line[128];
	long free_kb = 0, pcp = 0, n;

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "MemFree: %ld kB", &free_kb) == 1)
			break;
	if (f)
		fclose(f);
	f = fopen("/proc/zoneinfo", "r");
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, " count: %ld", &n) == 1)
			pcp += n;
	if (f)
		fclose(f);
	return -(free_kb + pcp * (long)(sysconf(_SC_PAGESIZE) / 1024));
}

/* Kernel bytes per socket of IDLE_PAIRS idle pairs of kind, one exchange done */
static double idle_bytes(enum kind k)
{
	static int c[IDLE_PAIRS], s[IDLE_PAIRS];
	long before, after;
	char buf[128];
	int i;

	sleep(1);
	before = mem_used_kb();
	for (i = 0; i < IDLE_PAIRS; i++) {
		tcp_pair(&c[i], &s[i]);
		offload(k, c[i], s[i]);
		if (write(c[i], "ping, ping, ping", 16) != 16 || read(s[i], buf, 16) != 16 ||
		    write(s[i], "pong", 4) != 4 || read(c[i], buf, 4) != 4)
			die("exchange");
	}
	sleep(1);
	after = mem_used_kb();
	for (i = 0; i < IDLE_PAIRS; i++) {
		close(c[i]);
		close(s[i]);
	}
	return (double)(after - before) * 1024 / (2 * IDLE_PAIRS);
}

static void memory(void)
{
	double plain = 0, ours = 0, peer = 0;
	int i;

	if (!wanted("kernel_idle_socket_memory_gcm"))
		return;
	for (i = 0; i < 2; i++) {
		plain += idle_bytes(PLAIN);
		ours += idle_bytes(MXTLS_GCM);
		peer += idle_bytes(KTLS_GCM);
	}
	ours = (ours - plain) / 2;
	peer = (peer - plain) / 2;
	printf("BENCH name=kernel_idle_socket_memory_gcm ours=%.0f peer=%.0f unit=bytes peer_is=ktls ratio=%.2f\n",
	       ours, peer, peer / ours);
}

#define MAX_ALGS	512

struct alg_use {
	char driver[64];
	int refcnt;
};

/* The drivers of /proc/crypto and their users; the number read */
static int crypto_users(struct alg_use *t)
{
	FILE *f = fopen("/proc/crypto", "r");
	char line[128], driver[64] = "";
	int n = 0, refcnt;

	while (f && n < MAX_ALGS && fgets(line, sizeof(line), f)) {
		sscanf(line, "driver : %63s", driver);
		if (sscanf(line, "refcnt : %d", &refcnt) == 1) {
			snprintf(t[n].driver, sizeof(t[n].driver), "%s", driver);
			t[n++].refcnt = refcnt;
		}
	}
	if (f)
		fclose(f);
	return n;
}

/*
 * Which implementations the module's CBC-SHA1 tfms are: the drivers that
 * gain users when a pair is offloaded (four tfms of each kind). A
 * sha1-generic here would mean that the SIMD modules are not loaded.
 */
static void crypto_in_use(void)
{
	static struct alg_use before[MAX_ALGS], after[MAX_ALGS];
	int c, s, i, j, nb, na;

	tcp_pair(&c, &s);
	nb = crypto_users(before);
	offload(MXTLS_CBC_MTE, c, s);
	na = crypto_users(after);
	for (i = 0; i < na; i++) {
		int was = 0;

		for (j = 0; j < nb; j++)
			if (!strcmp(before[j].driver, after[i].driver))
				was = before[j].refcnt;
		if (after[i].refcnt > was)
			printf("INFO crypto driver=%s users=+%d\n", after[i].driver,
			       after[i].refcnt - was);
	}
	fflush(stdout);
	close(c);
	close(s);
}

int main(void)
{
	struct rlimit rl = { 4 * IDLE_PAIRS + 64, 4 * IDLE_PAIRS + 64 };
	static char block[1 << 20];
	unsigned long i;
	int fd;

	signal(SIGPIPE, SIG_IGN);
	setrlimit(RLIMIT_NOFILE, &rl);
	if (mxtls_nl_open(&nl)) {
		/* attaching the ULP loads the module */
		int c, s;

		tcp_pair(&c, &s);
		setsockopt(c, SOL_TCP, TCP_ULP, "mxtls", 5);
		close(c);
		close(s);
		if (mxtls_nl_open(&nl))
			die("mxtls netlink");
	}
	fd = open(file_path, O_CREAT | O_TRUNC | O_WRONLY, 0600);
	if (fd < 0)
		die("file");
	memset(block, 0x3c, sizeof(block));
	for (i = 0; i < TOTAL; i += sizeof(block))
		if (write(fd, block, sizeof(block)) != sizeof(block))
			die("file write");
	close(fd);

	crypto_in_use();
	compare("kernel_aes128gcm_write", MXTLS_GCM, KTLS_GCM, false, "ktls");
	compare("kernel_aes128gcm_sendfile", MXTLS_GCM, KTLS_GCM, true, "ktls");
	compare("kernel_aes128cbc_sha1_mte_write_vs_tcp", MXTLS_CBC_MTE, PLAIN, false, "tcp");
	compare("kernel_aes128cbc_sha1_etm_write_vs_tcp", MXTLS_CBC_ETM, PLAIN, false, "tcp");
	compare("kernel_aes128cbc_sha1_mte_write", MXTLS_CBC_MTE, OSSL_CBC_MTE, false, "openssl");
	compare("kernel_aes128cbc_sha1_etm_write", MXTLS_CBC_ETM, OSSL_CBC_ETM, false, "openssl");
	compare("kernel_aes128cbc_sha1_mte_sendfile", MXTLS_CBC_MTE, OSSL_CBC_MTE, true, "openssl");
	memory();
	unlink(file_path);
	mxtls_nl_close(nl);
	return 0;
}
