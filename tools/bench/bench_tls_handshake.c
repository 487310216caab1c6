// SPDX-License-Identifier: GPL-2.0
/*
 * Server handshakes per second, full (RSA-2048 key exchange) and
 * resumed (session id), of mxtls-server beside "openssl s_server", both
 * answering "-www" requests on loopback and both driven by "openssl
 * s_time" with the same suite (TLS 1.2, TLS_RSA_WITH_AES_128_GCM_SHA256)
 * in the same run. One connection at a time on both sides.
 *
 *   build/bench/bench_tls_handshake [SECONDS]     (default 5 per figure)
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

/* Connections per second s_time reports against the port. */
static double s_time(int port, int reuse, int secs)
{
	char cmd[512], line[512];
	double rate = -1, t;
	long conns;
	FILE *p;

	snprintf(cmd, sizeof(cmd),
		 "openssl s_time -connect 127.0.0.1:%d %s -time %d -tls1_2 "
		 "-cipher AES128-GCM-SHA256 -www / 2>&1", port, reuse ? "-reuse" : "-new", secs);
	p = popen(cmd, "r");
	if (!p)
		return -1;
	/* "N connections in T real seconds, B bytes read per connection" */
	while (fgets(line, sizeof(line), p))
		if (sscanf(line, "%ld connections in %lf real seconds", &conns, &t) == 2 && t > 0)
			rate = conns / t;
	pclose(p);
	return rate;
}

struct server {
	const char *name;
	pid_t pid;
	int port;
};

static int start(struct server *s, int ours)
{
	char port[16];

	s->port = free_port();
	snprintf(port, sizeof(port), "%d", s->port);
	if (ours) {
		char *argv[] = { "build/bin/mxtls-server", "--port", port, "--cert",
				 DATA "/server-chain.pem", "--key", DATA "/server.key", "--www",
				 NULL };

		s->pid = spawn(argv);
	} else {
		char acc[32];
		char *argv[] = { "openssl", "s_server", "-accept", acc, "-cert",
				 DATA "/server.pem", "-cert_chain", DATA "/ca.pem", "-key",
				 DATA "/server.key", "-www", "-no_ticket", "-quiet", NULL };

		snprintf(acc, sizeof(acc), "127.0.0.1:%d", s->port);
		s->pid = spawn(argv);
	}
	return wait_listening(s->port);
}

static void stop(struct server *s)
{
	kill(s->pid, SIGTERM);
	waitpid(s->pid, NULL, 0);
}

int main(int argc, char **argv)
{
	struct server ours = { .name = "mxtls-server" }, peer = { .name = "openssl s_server" };
	int secs = argc > 1 ? atoi(argv[1]) : 5, reuse, rc = 0;
	double a, b;

	if (system("scripts/tls-testdata.sh " DATA) != 0 || access("build/bin/mxtls-server", X_OK)) {
		fprintf(stderr, "bench_tls_handshake: run from the top directory after make\n");
		return 1;
	}
	if (start(&ours, 1) || start(&peer, 0)) {
		fprintf(stderr, "bench_tls_handshake: a server did not start\n");
		stop(&ours);
		stop(&peer);
		return 1;
	}
	for (reuse = 0; reuse < 2; reuse++) {
		a = s_time(ours.port, reuse, secs);
		b = s_time(peer.port, reuse, secs);
		if (a <= 0 || b <= 0) {
			fprintf(stderr, "bench_tls_handshake: s_time failed (%.1f, %.1f)\n", a, b);
			rc = 1;
			continue;
		}
		printf("BENCH name=tls_server_handshake_%s_rsa2048 ours=%.1f peer=%.1f unit=conn/s "
		       "peer_is=openssl-s_server ratio=%.2f\n", reuse ? "resumed" : "full", a, b,
		       a / b);
	}
	stop(&ours);
	stop(&peer);
	return rc;
}
