// SPDX-License-Identifier: GPL-2.0
/*
 * Server handshakes per second of mxtls-server beside "openssl s_server",
 * both answering "-www" requests on loopback and both driven by "openssl
 * s_time" (TLS 1.2, the same suite and group) in the same run, one
 * connection at a time:
 *   full and resumed (session id) with the RSA-2048 key exchange,
 *   full ECDHE-RSA-2048 over P-256 and over X25519,
 *   full ECDHE-ECDSA-P256 (over P-256).
 * The group is the servers' choice (s_time cannot pick one): each server
 * is started allowing only that group. Each figure is the best of three
 * rounds, ours and the peer's alternating (the machine is shared), as
 * connections per second of wall time and per second of the server
 * process's own CPU time (from /proc/PID/stat: what the server spends
 * per handshake, less disturbed by other load and by s_time's share).
 *
 *   build/bench/bench_tls_handshake [SECONDS]     (default 3 per round)
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define DATA "build/tls-testdata"

static pid_t spawn(char *const argv[])
{
	pid_t pid = fork();

	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);

		/* s_server reads commands from standard input: keep it open. */
		dup2(null, 1);
		dup2(null, 2);
		execvp(argv[0], argv);
		_exit(127);
	}
	return pid;
}

static int free_port(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t l = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0), port;

	bind(fd, (struct sockaddr *)&a, sizeof(a));
	getsockname(fd, (struct sockaddr *)&a, &l);
	port = ntohs(a.sin_port);
	close(fd);
	return port;
}

static int wait_listening(int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int i, fd, ok;

	/* A probe connection; both servers shrug off one that sends nothing. */
	for (i = 0; i < 500; i++) {
		fd = socket(AF_INET, SOCK_STREAM, 0);
		ok = connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0;
		close(fd);
		if (ok)
			return 0;
		usleep(10000);
	}
	return -1;
}

struct server {
	pid_t pid;
	int port;
};

/* CPU seconds a process has used (all its threads). */
static double cpu_seconds(pid_t pid)
{
	unsigned long ut = 0, st = 0;
	char path[64], buf[1024], *p;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	p = fgets(buf, sizeof(buf), f);
	fclose(f);
	/* Fields 14 and 15, counted after the command name's ")". */
	p = p ? strrchr(buf, ')') : NULL;
	if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut,
			 &st) != 2)
		return -1;
	return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

struct rate {
	double per_s;		/* connections per second of wall time */
	double per_cpu_s;	/* connections per second of the server's CPU time */
};

/* Run s_time against a server: its rates (negative on failure). */
static struct rate s_time(const struct server *srv, const char *cipher, int reuse, int secs)
{
	struct rate r = { -1, -1 };
	char cmd[512], line[512];
	double t, cpu0, cpu1;
	long conns;
	FILE *p;

	snprintf(cmd, sizeof(cmd),
		 "openssl s_time -connect 127.0.0.1:%d %s -time %d -tls1_2 "
		 "-cipher %s -www / 2>&1", srv->port, reuse ? "-reuse" : "-new", secs, cipher);
	cpu0 = cpu_seconds(srv->pid);
	p = popen(cmd, "r");
	if (!p)
		return r;
	/* "N connections in T real seconds, B bytes read per connection" */
	while (fgets(line, sizeof(line), p))
		if (sscanf(line, "%ld connections in %lf real seconds", &conns, &t) == 2 && t > 0)
			r.per_s = conns / t;
	pclose(p);
	cpu1 = cpu_seconds(srv->pid);
	if (r.per_s > 0 && cpu0 >= 0 && cpu1 > cpu0)
		r.per_cpu_s = r.per_s * t / (cpu1 - cpu0);
	return r;
}

struct figure {
	const char *name;
	const char *cipher;	/* OpenSSL's name, for s_time */
	const char *ours_groups, *peer_groups;	/* NULL: the servers' default */
	int ecdsa;		/* the P-256 ECDSA identity, else RSA-2048 */
	int reuse;
};

static const struct figure figures[] = {
	{ "tls_server_handshake_full_rsa2048", "AES128-GCM-SHA256", NULL, NULL, 0, 0 },
	{ "tls_server_handshake_resumed_rsa2048", "AES128-GCM-SHA256", NULL, NULL, 0, 1 },
	{ "tls_server_handshake_full_ecdhe_rsa2048_p256", "ECDHE-RSA-AES128-GCM-SHA256",
	  "P-256", "P-256", 0, 0 },
	{ "tls_server_handshake_full_ecdhe_rsa2048_x25519", "ECDHE-RSA-AES128-GCM-SHA256",
	  "x25519", "X25519", 0, 0 },
	{ "tls_server_handshake_full_ecdhe_ecdsa_p256", "ECDHE-ECDSA-AES128-GCM-SHA256",
	  "P-256", "P-256", 1, 0 },
};

static int start(struct server *s, int ours, const struct figure *f)
{
	const char *cert = f->ecdsa ? DATA "/server-ec.pem" : DATA "/server-chain.pem";
	const char *key = f->ecdsa ? DATA "/server-ec.key" : DATA "/server.key";
	char port[16], acc[32];
	char *argv[24];
	int n = 0;

	s->port = free_port();
	snprintf(port, sizeof(port), "%d", s->port);
	snprintf(acc, sizeof(acc), "127.0.0.1:%d", s->port);
	if (ours) {
		argv[n++] = "build/bin/mxtls-server";
		argv[n++] = "--port";
		argv[n++] = port;
		argv[n++] = "--cert";
		argv[n++] = (char *)cert;
		argv[n++] = "--key";
		argv[n++] = (char *)key;
		argv[n++] = "--www";
		if (f->ours_groups) {
			argv[n++] = "--groups";
			argv[n++] = (char *)f->ours_groups;
		}
	} else {
		argv[n++] = "openssl";
		argv[n++] = "s_server";
		argv[n++] = "-accept";
		argv[n++] = acc;
		argv[n++] = "-cert";
		argv[n++] = f->ecdsa ? DATA "/server-ec.pem" : DATA "/server.pem";
		if (!f->ecdsa) {
			argv[n++] = "-cert_chain";
			argv[n++] = DATA "/ca.pem";
		}
		argv[n++] = "-key";
		argv[n++] = (char *)key;
		argv[n++] = "-www";
		argv[n++] = "-no_ticket";
		argv[n++] = "-quiet";
		if (f->peer_groups) {
			argv[n++] = "-groups";
			argv[n++] = (char *)f->peer_groups;
		}
	}
	argv[n] = NULL;
	s->pid = spawn(argv);
	return wait_listening(s->port);
}

static void stop(struct server *s)
{
	if (s->pid <= 0)
		return;
	kill(s->pid, SIGTERM);
	waitpid(s->pid, NULL, 0);
	s->pid = 0;
}

int main(int argc, char **argv)
{
	int secs = argc > 1 ? atoi(argv[1]) : 3, rc = 0, round;
	struct server ours = { 0 }, peer = { 0 };
	const struct figure *f;
	double a, b, ac, bc;
	struct rate x;
	size_t i;

	if (system("scripts/tls-testdata.sh " DATA) != 0 ||
	    access("build/bin/mxtls-server", X_OK)) {
		fprintf(stderr, "bench_tls_handshake: run from the top directory after make\n");
		return 1;
	}
	for (i = 0; i < sizeof(figures) / sizeof(figures[0]); i++) {
		f = &figures[i];
		if (start(&ours, 1, f) || start(&peer, 0, f)) {
			fprintf(stderr, "bench_tls_handshake: a server did not start (%s)\n",
				f->name);
			stop(&ours);
			stop(&peer);
			rc = 1;
			continue;
		}
		a = b = ac = bc = -1;
		for (round = 0; round < 3; round++) {
			x = s_time(&ours, f->cipher, f->reuse, secs);
			a = x.per_s > a ? x.per_s : a;
			ac = x.per_cpu_s > ac ? x.per_cpu_s : ac;
			x = s_time(&peer, f->cipher, f->reuse, secs);
			b = x.per_s > b ? x.per_s : b;
			bc = x.per_cpu_s > bc ? x.per_cpu_s : bc;
		}
		stop(&ours);
		stop(&peer);
		if (a <= 0 || b <= 0 || ac <= 0 || bc <= 0) {
			fprintf(stderr, "bench_tls_handshake: s_time failed for %s (%.1f, %.1f)\n",
				f->name, a, b);
			rc = 1;
			continue;
		}
		printf("BENCH name=%s ours=%.1f peer=%.1f unit=conn/s peer_is=openssl-s_server "
		       "ratio=%.2f\n", f->name, a, b, a / b);
		printf("BENCH name=%s_per_cpu ours=%.1f peer=%.1f unit=conn/cpu-s "
		       "peer_is=openssl-s_server ratio=%.2f\n", f->name, ac, bc, ac / bc);
		fflush(stdout);
	}
	return rc;
}
