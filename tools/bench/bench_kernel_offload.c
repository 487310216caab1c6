// SPDX-License-Identifier: GPL-2.0
/*
 * Library mode's payoff, in the VM: the same file (256 MiB) served to the
 * same receiver by
 *   mxtls-server --offload --sendfile   (handshake in libmxtls, records in
 *                                        mxtls, sendfile() zero-copy)
 *   mxtls-server --sendfile             (records in userspace: read, seal,
 *                                        send)
 *   openssl s_server                    (the file on its standard input)
 * with the same suite, one at a time, alternating in each round. The
 * receiver is mxtls-client --offload, the same for the three, so that the
 * differences are the servers'. Each figure is the median of ROUNDS runs
 * (5), every run printed as a comment line. The file has no letters:
 * s_server reads lines that start with one as commands (Q quits), and
 * it closes the connection at the end of its input only without -quiet.
 *
 *   BENCH name=offload_sendfile_<suite> ours=<MB/s offloaded>
 *         peer=<MB/s userspace> peer_is=mxtls-userspace
 *   BENCH name=offload_vs_openssl_<suite> ours=<MB/s offloaded>
 *         peer=<MB/s openssl s_server> peer_is=openssl-s_server
 *
 * Needs build/bin (the programs), build/tls-testdata and mxtls loaded
 * (it loads it). MXTLS_BENCH_MIB and MXTLS_BENCH_ROUNDS change the size
 * and the rounds, MXTLS_BENCH_TIMEOUT the seconds a transfer may take
 * (600); MXTLS_BENCH_FILTER (a substring of the suite's name)
 * runs some suites only.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char top[256];
static int port = 31000;
static int limit = 600;		/* seconds a transfer may take */

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int run(const char *cmd)
{
	int rc = system(cmd);

	return rc == 0 ? 0 : -1;
}

/*
 * Start server (a shell command listening on port $PORT), then receive
 * the file with mxtls-client --offload. MB/s of the whole connection, or
 * -1.
 */
static double one(const char *server, const char *suite, long bytes)
{
	char cmd[8192];
	double t0, t1;
	struct stat st;
	int rc;

	port++;
	snprintf(cmd, sizeof(cmd),
		 "cd /tmp && PORT=%d && { %s & echo $! >/tmp/bench.srv.pid; } && i=0 && "
		 "while ! grep -q \"$(printf ':%%04X' %d) 00000000:0000 0A\" /proc/net/tcp; do "
		 "sleep 0.05; i=$((i+1)); [ $i -lt 200 ] || exit 1; done",
		 port, server, port);
	if (run(cmd))
		return -1;
	/*
	 * The client's input stays open (a FIFO this shell holds): it leaves
	 * when the server closes. It holds one newline, which the client
	 * sends once its handshake is done: s_server needs it. When its
	 * first select() finds both its input and the ClientHello readable,
	 * it runs the handshake inside the SSL_write() of its first 16 KiB
	 * of input, then goes on to read the socket on that select's stale
	 * answer, and blocks there until the client sends something. The
	 * mxtls-server programs take the line and ignore it.
	 */
	snprintf(cmd, sizeof(cmd),
		 "rm -f /tmp/bench.fifo && mkfifo /tmp/bench.fifo && exec 3<>/tmp/bench.fifo && "
		 "echo >&3 && "
		 "timeout %d %s/build/bin/mxtls-client --host 127.0.0.1 --port %d "
		 "--verify-name localhost --ca %s/build/tls-testdata/ca.pem --version tls1.2 "
		 "--cipher %s --offload </tmp/bench.fifo >/tmp/bench.recv 2>/tmp/bench.cli.err; "
		 "rc=$?; exec 3>&-; rm -f /tmp/bench.fifo; exit $rc",
		 limit, top, port, top, suite);
	t0 = now();
	rc = run(cmd);
	t1 = now();
	if (rc || stat("/tmp/bench.recv", &st) || st.st_size != bytes ||
	    run("cmp -s /tmp/bench.recv /tmp/bench.file")) {
		fprintf(stderr, "bench_kernel_offload: a transfer failed (%s)\n", server);
		run("cat /tmp/bench.cli.err /tmp/bench.srv.err >&2; "
		    "kill $(cat /tmp/bench.srv.pid) 2>/dev/null");
		return -1;
	}
	unlink("/tmp/bench.recv");
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
	} suites[] = {
		{ "aes128_gcm", "TLS_RSA_WITH_AES_128_GCM_SHA256", "AES128-GCM-SHA256" },
		{ "aes128_cbc_sha1", "TLS_RSA_WITH_AES_128_CBC_SHA", "AES128-SHA" },
	};
	const char *mib_env = getenv("MXTLS_BENCH_MIB"), *rounds_env = getenv("MXTLS_BENCH_ROUNDS");
	const char *filter = getenv("MXTLS_BENCH_FILTER"), *lim = getenv("MXTLS_BENCH_TIMEOUT");
	long mib = mib_env ? atol(mib_env) : 256;
	int rounds = rounds_env ? atoi(rounds_env) : 5, rc = 0, r, k;
	char cmd[1024], srv[3][2048];
	double mbs[3][MAX_ROUNDS], o, u, s;
	size_t i;

	if (lim)
		limit = atoi(lim);
	if (!getcwd(top, sizeof(top)) || limit <= 0 || mib <= 0 || rounds <= 0 || rounds > MAX_ROUNDS)
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
		       "--sendfile /tmp/bench.file %s 2>/tmp/bench.srv.err"

		snprintf(srv[0], sizeof(srv[0]), SERVER, top, top, top, suites[i].iana,
			 "--offload");
		snprintf(srv[1], sizeof(srv[1]), SERVER, top, top, top, suites[i].iana, "");
#undef SERVER
		snprintf(srv[2], sizeof(srv[2]),
			 "openssl s_server -accept 127.0.0.1:$PORT -cert "
			 "%s/build/tls-testdata/server.pem -key %s/build/tls-testdata/server.key "
			 "-cipher %s -naccept 1 -no_ticket </tmp/bench.file >/dev/null 2>&1",
			 top, top, suites[i].openssl);
		for (r = 0; r < rounds; r++) {
			for (k = 0; k < 3; k++) {
				mbs[k][r] = one(srv[k], suites[i].iana, mib << 20);
				if (mbs[k][r] < 0)
					break;
			}
			if (k < 3)
				break;
			printf("# offload_%s run %d: offload %.1f, userspace %.1f, "
			       "openssl s_server %.1f MB/s\n", suites[i].name, r + 1,
			       mbs[0][r], mbs[1][r], mbs[2][r]);
			fflush(stdout);
		}
		if (r < rounds) {
			rc = 1;
			continue;
		}
		o = median(mbs[0], rounds);
		u = median(mbs[1], rounds);
		s = median(mbs[2], rounds);
		printf("BENCH name=offload_sendfile_%s ours=%.1f peer=%.1f unit=MB/s "
		       "peer_is=mxtls-userspace ratio=%.2f\n", suites[i].name, o, u, o / u);
		printf("BENCH name=offload_vs_openssl_%s ours=%.1f peer=%.1f unit=MB/s "
		       "peer_is=openssl-s_server ratio=%.2f\n", suites[i].name, o, s, o / s);
		fflush(stdout);
	}
	unlink("/tmp/bench.file");
	return rc;
}
