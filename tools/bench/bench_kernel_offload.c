// SPDX-License-Identifier: GPL-2.0
/*
 * Library mode's payoff, in the VM: the same file (256 MiB) served by
 *   mxtls-server --offload --sendfile   (handshake in libmxtls, records in
 *                                        mxtls, sendfile() zero-copy)
 *   mxtls-server --sendfile             (records in userspace: read, seal,
 *                                        send)
 *   openssl s_server                    (the file on its standard input)
 * with the same suite, one at a time, alternating in each round.
 *
 * The receiver must not be what is measured. Any receiver that opens the
 * records costs about what the offloaded sender costs (the same cipher,
 * the other way), and mxtls-client --offload, openssl s_client and our
 * userspace client all held the three senders to the same rate. So the
 * timed receiver is this program: it runs the handshake with libmxtls,
 * sends one line (s_server waits for it, see below), then reads the
 * socket in 1 MiB reads and drops the records unopened, counting their
 * bytes, until the server closes. It costs little more than TCP, and it
 * is the same for the three senders. That every sender sends the file
 * right is checked once per sender and suite, untimed, before the timed
 * rounds: mxtls-client --offload receives it into a file, compared with
 * cmp.
 *
 * Each sender is a child of this program, so wait4() gives its own CPU
 * time (user + system; with loopback TCP the kernel charges the
 * receiving half of TCP to the sender too, alike for the three). Per MiB
 * it is the sender's cost, which holds when the machine is shared and
 * wall time does not. The receiver's own CPU per MiB is in each run's
 * line: it should stay below every sender's.
 *
 *   BENCH name=offload_sendfile_<suite> ours=<MB/s offloaded>
 *         peer=<MB/s userspace> peer_is=mxtls-userspace
 *   BENCH name=offload_vs_openssl_<suite> ours=<MB/s offloaded>
 *         peer=<MB/s openssl s_server> peer_is=openssl-s_server
 *   BENCH name=offload_sender_cpu_<suite> ours=<ms of CPU per MiB, offloaded>
 *         peer=<the same, userspace> peer_is=mxtls-userspace
 *   BENCH name=offload_sender_cpu_vs_openssl_<suite> ... peer_is=openssl-s_server
 *
 * MB/s is from the end of the handshake to the server's close. Each
 * figure is the median of ROUNDS runs (5), every run printed as a
 * comment line. The file has no letters: s_server reads lines that start
 * with one as commands (Q quits), and it closes the connection at the end
 * of its input only without -quiet.
 *
 * Needs build/bin (the programs), build/tls-testdata and mxtls loaded
 * (it loads it). MXTLS_BENCH_MIB and MXTLS_BENCH_ROUNDS change the size
 * and the rounds, MXTLS_BENCH_TIMEOUT the seconds a transfer may take
 * (600); MXTLS_BENCH_FILTER (a substring of the suite's name) runs some
 * suites only.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "matrixsslApi.h"

static char top[256];
static int port = 31000;
static int limit = 600;		/* seconds a transfer may take */
static sslKeys_t *ca_keys;

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* This process's CPU seconds so far (user + system) */
static double self_cpu(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	       (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

static int run(const char *cmd)
{
	int rc = system(cmd);

	return rc == 0 ? 0 : -1;
}

/* Start server (a shell command listening on port $PORT); its pid once it listens, or -1. */
static pid_t start_server(const char *server)
{
	char cmd[8192];
	pid_t pid;
	int i;

	port++;
	snprintf(cmd, sizeof(cmd), "cd /tmp && PORT=%d && exec %s", port, server);
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	snprintf(cmd, sizeof(cmd),
		 "grep -q \"$(printf ':%%04X' %d) 00000000:0000 0A\" /proc/net/tcp", port);
	for (i = 0; i < 200; i++) {
		if (!run(cmd))
			return pid;
		usleep(50000);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return -1;
}

/* The server's exit; its CPU seconds (user + system), or -1 when it failed. */
static double end_server(pid_t pid, bool failed)
{
	struct rusage ru;
	int status;

	if (failed)
		kill(pid, SIGKILL);
	if (wait4(pid, &status, 0, &ru) != pid || failed || !WIFEXITED(status) ||
	    WEXITSTATUS(status))
		return -1;
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	       (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

/*
 * Untimed: the file through mxtls-client --offload into a file, compared.
 * Its input stays open (a FIFO this shell holds): it leaves when the
 * server closes. It holds one newline, which the client sends once its
 * handshake is done: s_server needs it. When its first select() finds
 * both its input and the ClientHello readable, it runs the handshake
 * inside the SSL_write() of its first 16 KiB of input, then goes on to
 * read the socket on that select's stale answer, and blocks there until
 * the client sends something. The mxtls-server programs take the line and
 * ignore it.
 */
static int check(const char *server, const char *suite, long bytes)
{
	char cmd[8192];
	struct stat st;
	pid_t pid = start_server(server);
	int rc;

	if (pid < 0)
		return -1;
	snprintf(cmd, sizeof(cmd),
		 "rm -f /tmp/bench.fifo && mkfifo /tmp/bench.fifo && exec 3<>/tmp/bench.fifo && "
		 "echo >&3 && "
		 "timeout %d %s/build/bin/mxtls-client --host 127.0.0.1 --port %d "
		 "--verify-name localhost --ca %s/build/tls-testdata/ca.pem --version tls1.2 "
		 "--cipher %s --offload </tmp/bench.fifo >/tmp/bench.recv 2>/tmp/bench.cli.err; "
		 "rc=$?; exec 3>&-; rm -f /tmp/bench.fifo; exit $rc",
		 limit, top, port, top, suite);
	rc = run(cmd);
	if (rc || stat("/tmp/bench.recv", &st) || st.st_size != bytes ||
	    run("cmp -s /tmp/bench.recv /tmp/bench.file"))
		rc = -1;
	if (end_server(pid, rc != 0) < 0)
		rc = -1;
	if (rc) {
		fprintf(stderr, "bench_kernel_offload: the file did not arrive whole (%s)\n",
			server);
		run("cat /tmp/bench.cli.err /tmp/bench.srv.err >&2");
	}
	unlink("/tmp/bench.recv");
	return rc;
}

/* Send all the outdata; -1 on error. */
static int flush_out(ssl_t *ssl, int fd, bool *complete)
{
	unsigned char *buf;
	int32 n;
	ssize_t w;

	while ((n = matrixSslGetOutdata(ssl, &buf)) > 0) {
		w = send(fd, buf, (size_t)n, MSG_NOSIGNAL);
		if (w <= 0)
			return -1;
		if (matrixSslSentData(ssl, (uint32)w) == MATRIXSSL_HANDSHAKE_COMPLETE)
			*complete = true;
	}
	return n < 0 ? -1 : 0;
}

/* The client's handshake on fd; 0 once it completed. */
static int handshake(ssl_t *ssl, int fd)
{
	bool complete = false;
	unsigned char *buf, *pt;
	uint32 ptlen;
	int32 n, rc;
	ssize_t r;

	for (;;) {
		if (flush_out(ssl, fd, &complete))
			return -1;
		if (complete)
			return 0;
		n = matrixSslGetReadbuf(ssl, &buf);
		if (n <= 0)
			return -1;
		r = recv(fd, buf, (size_t)n, 0);
		if (r <= 0)
			return -1;
		rc = matrixSslReceivedData(ssl, (int32)r, &pt, &ptlen);
		if (rc == MATRIXSSL_HANDSHAKE_COMPLETE)
			complete = true;
		else if (rc < 0 || rc == MATRIXSSL_APP_DATA || rc == MATRIXSSL_RECEIVED_ALERT)
			return -1;
	}
}

/* The record stream as it passes, unopened: where each record ends. */
struct framing {
	unsigned char hdr[5];
	unsigned int hl;	/* header bytes seen */
	size_t body;		/* body bytes still to come */
	bool last;		/* a record not of application data: the server's alert */
};

/* Walk n bytes of the stream; true once the server's alert is whole. */
static bool walk(struct framing *f, const unsigned char *p, size_t n)
{
	while (n) {
		if (f->body) {
			size_t take = n < f->body ? n : f->body;

			f->body -= take;
			p += take;
			n -= take;
		} else {
			f->hdr[f->hl++] = *p++;
			n--;
			if (f->hl < sizeof(f->hdr))
				continue;
			f->hl = 0;
			f->body = (size_t)f->hdr[3] << 8 | f->hdr[4];
			f->last = f->hdr[0] != 23;
		}
		if (f->last && !f->body && !f->hl)
			return true;
	}
	return false;
}

/*
 * Timed: connect to the server, take the handshake, send the line, then
 * drop what comes, unopened, until the first record that is not
 * application data (the server's close_notify) is whole, or the server
 * closes; answer a close_notify with ours, as a client that opened the
 * records would, since mxtls-server waits for it. MB/s of the file from
 * the end of the handshake, or -1; *cpu the server's CPU seconds, *rcpu
 * ours while we drained.
 */
static double one(const char *server, psCipher16_t suite, long bytes, double *cpu,
		  double *rcpu)
{
	static unsigned char sink[1 << 20];
	struct sockaddr_in sa = { .sin_family = AF_INET };
	sslSessOpts_t so = { .versionFlag = SSL_FLAGS_TLS_1_2, .recordExactReads = 1 };
	unsigned char line[] = "\n";
	struct timeval tv = { .tv_sec = limit };
	ssl_t *ssl = NULL;
	bool sent = false;
	ssize_t r = -1;
	struct framing fr = { .hl = 0 };
	bool end = false;
	long got = 0;
	double t0 = 0, t1 = 0;
	pid_t pid = start_server(server);
	int fd = -1, ok = 0;

	if (pid < 0)
		return -1;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    matrixSslNewClientSession(&ssl, ca_keys, NULL, &suite, 1, NULL, "localhost", NULL,
				      NULL, &so) != MATRIXSSL_REQUEST_SEND ||
	    handshake(ssl, fd) || matrixSslEncodeToOutdata(ssl, line, 1) < 0 ||
	    flush_out(ssl, fd, &sent))
		goto out;
	/* a sender that stops for this long has failed */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)))
		goto out;
	t0 = now();
	*rcpu = self_cpu();
	while (!end && (r = read(fd, sink, sizeof(sink))) > 0) {
		got += r;
		end = walk(&fr, sink, (size_t)r);
	}
	t1 = now();
	*rcpu = self_cpu() - *rcpu;
	/* The records' overhead is a few percent at most; nothing may be missing. */
	ok = (end || r == 0) && got > bytes && got < bytes + bytes / 50 + 4096;
	/* s_server closes at the end of its input without an alert */
	if (ok && end)
		ok = matrixSslEncodeClosureAlert(ssl) >= 0 && !flush_out(ssl, fd, &sent);
out:
	if (ssl)
		matrixSslDeleteSession(ssl);
	if (fd >= 0)
		close(fd);
	*cpu = end_server(pid, !ok);
	if (!ok || *cpu < 0) {
		fprintf(stderr, "bench_kernel_offload: a transfer failed (%s, %ld bytes)\n",
			server, got);
		run("cat /tmp/bench.srv.err >&2");
		return -1;
	}
	return (double)bytes / (1 << 20) / (t1 - t0);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return n & 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

#define MAX_ROUNDS 15

int main(void)
{
	static const struct {
		const char *name, *iana, *openssl;
		psCipher16_t id;
	} suites[] = {
		{ "aes128_gcm", "TLS_RSA_WITH_AES_128_GCM_SHA256", "AES128-GCM-SHA256",
		  TLS_RSA_WITH_AES_128_GCM_SHA256 },
		{ "aes128_cbc_sha1", "TLS_RSA_WITH_AES_128_CBC_SHA", "AES128-SHA",
		  TLS_RSA_WITH_AES_128_CBC_SHA },
	};
	static const char *const who[3] = { "offload", "userspace", "openssl s_server" };
	const char *mib_env = getenv("MXTLS_BENCH_MIB"), *rounds_env = getenv("MXTLS_BENCH_ROUNDS");
	const char *filter = getenv("MXTLS_BENCH_FILTER"), *lim = getenv("MXTLS_BENCH_TIMEOUT");
	long mib = mib_env ? atol(mib_env) : 256;
	int rounds = rounds_env ? atoi(rounds_env) : 5, rc = 0, r, k;
	char cmd[1024], srv[3][2048];
	double mbs[3][MAX_ROUNDS], cpu[3][MAX_ROUNDS], rcpu[3], o, u, s, co, cu, cs;
	size_t i;

	if (lim)
		limit = atoi(lim);
	if (!getcwd(top, sizeof(top)) || limit <= 0 || mib <= 0 || rounds <= 0 || rounds > MAX_ROUNDS)
		return 1;
	snprintf(cmd, sizeof(cmd), "%s/build/tls-testdata/ca.pem", top);
	if (matrixSslOpen() < 0 || matrixSslNewKeys(&ca_keys, NULL) < 0 ||
	    matrixSslLoadRsaKeys(ca_keys, NULL, NULL, NULL, cmd) < 0)
		return 1;
	snprintf(cmd, sizeof(cmd), "modprobe mxtls && head -c %ld /dev/urandom | tr -d A-Za-z | "
		 "head -c %ld >/tmp/bench.file", (mib << 20) * 2, mib << 20);
	if (run(cmd))
		return 1;
	for (i = 0; i < sizeof(suites) / sizeof(suites[0]); i++) {
		if (filter && *filter && !strstr(suites[i].name, filter))
			continue;
#define SERVER "%s/build/bin/mxtls-server --port $PORT --cert " \
		       "%s/build/tls-testdata/server-chain.pem --key " \
		       "%s/build/tls-testdata/server.key --cipher %s --max-conn 1 " \
		       "--sendfile /tmp/bench.file %s >/dev/null 2>/tmp/bench.srv.err"

		snprintf(srv[0], sizeof(srv[0]), SERVER, top, top, top, suites[i].iana,
			 "--offload");
		snprintf(srv[1], sizeof(srv[1]), SERVER, top, top, top, suites[i].iana, "");
#undef SERVER
		snprintf(srv[2], sizeof(srv[2]),
			 "openssl s_server -accept 127.0.0.1:$PORT -cert "
			 "%s/build/tls-testdata/server.pem -key %s/build/tls-testdata/server.key "
			 "-cipher %s -naccept 1 -no_ticket </tmp/bench.file >/dev/null "
			 "2>/tmp/bench.srv.err", top, top, suites[i].openssl);
		for (k = 0; k < 3; k++)
			if (check(srv[k], suites[i].iana, mib << 20))
				break;
		if (k < 3) {
			rc = 1;
			continue;
		}
		for (r = 0; r < rounds; r++) {
			for (k = 0; k < 3; k++) {
				mbs[k][r] = one(srv[k], suites[i].id, mib << 20, &cpu[k][r],
						&rcpu[k]);
				if (mbs[k][r] < 0)
					break;
				/* CPU seconds per MiB, as ms */
				cpu[k][r] = cpu[k][r] * 1000 / (double)mib;
				rcpu[k] = rcpu[k] * 1000 / (double)mib;
			}
			if (k < 3)
				break;
			printf("# offload_%s run %d:", suites[i].name, r + 1);
			for (k = 0; k < 3; k++)
				printf(" %s %.1f MB/s %.0f ms/MiB (receiver %.0f)%s", who[k],
				       mbs[k][r], cpu[k][r], rcpu[k], k < 2 ? "," : "\n");
			fflush(stdout);
		}
		if (r < rounds) {
			rc = 1;
			continue;
		}
		o = median(mbs[0], rounds);
		u = median(mbs[1], rounds);
		s = median(mbs[2], rounds);
		co = median(cpu[0], rounds);
		cu = median(cpu[1], rounds);
		cs = median(cpu[2], rounds);
		printf("BENCH name=offload_sendfile_%s ours=%.1f peer=%.1f unit=MB/s "
		       "peer_is=mxtls-userspace ratio=%.2f\n", suites[i].name, o, u, o / u);
		printf("BENCH name=offload_vs_openssl_%s ours=%.1f peer=%.1f unit=MB/s "
		       "peer_is=openssl-s_server ratio=%.2f\n", suites[i].name, o, s, o / s);
		printf("BENCH name=offload_sender_cpu_%s ours=%.1f peer=%.1f unit=ms/MiB "
		       "peer_is=mxtls-userspace ratio=%.2f\n", suites[i].name, co, cu, cu / co);
		printf("BENCH name=offload_sender_cpu_vs_openssl_%s ours=%.1f peer=%.1f "
		       "unit=ms/MiB peer_is=openssl-s_server ratio=%.2f\n", suites[i].name, co,
		       cs, cs / co);
		fflush(stdout);
	}
	unlink("/tmp/bench.file");
	matrixSslDeleteKeys(ca_keys);
	matrixSslClose();
	return rc;
}
