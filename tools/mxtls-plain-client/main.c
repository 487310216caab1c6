// SPDX-License-Identifier: GPL-2.0
/*
 * mxtls-plain-client: a TLS client that links no TLS library. It opens a
 * TCP connection, asks the kernel for TLS with two setsockopt calls (the
 * mxtls ULP, then MXTLS_HANDSHAKE: mxtlsd does the handshake), and then
 * only reads and writes plain bytes.
 *
 *   mxtls-plain-client [options] HOST PORT
 *     -n NAME     the server name to verify (default: HOST)
 *     -p PROFILE  mxtlsd client profile (default "default")
 *     -i          print what was negotiated (MXTLS_INFO) on stderr
 *     -s BYTES    send BYTES of a test pattern instead of an HTTP request,
 *                 then read BYTES back and check them (an echo server)
 *     -S BYTES    send BYTES of the pattern and close, reading nothing
 *     -R          with -s/-S: ask for a re-handshake when half is sent
 *     -c N        N connections at once, each an HTTP request (exit 0 if
 *                 all got an answer)
 *     -t MS       handshake timeout (default: the module's)
 *     -w FILE     with -s/-S: also write the bytes sent to FILE
 *     -u UID:GID  run as this user and group (from root)
 *
 * The HTTP answer goes to stdout. Exit status: 0, 1 for a failure, 3 when
 * the handshake failed (the reason, an errno, on stderr).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <grp.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#include <linux/mxtls.h>

#ifndef TCP_ULP
#define TCP_ULP 31
#endif

static const char *host, *port, *name, *profile = "";
static unsigned int timeout_ms;
static bool show_info, rehandshake;
static FILE *sent_copy;

/* Byte i of the test pattern: not periodic in any small power of two. */
static uint8_t pattern(uint64_t i)
{
	return (uint8_t)((i * 2654435761u) >> 13 ^ i / 251);
}

static int dial(void)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *res, *ai;
	int fd = -1, rc;

	rc = getaddrinfo(host, port, &hints, &res);
	if (rc) {
		fprintf(stderr, "mxtls-plain-client: %s: %s\n", host, gai_strerror(rc));
		return -1;
	}
	for (ai = res; ai; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
		if (fd >= 0 && !connect(fd, ai->ai_addr, ai->ai_addrlen))
			break;
		if (fd >= 0)
			close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd < 0)
		fprintf(stderr, "mxtls-plain-client: connect %s:%s: %s\n", host, port,
			strerror(errno));
	return fd;
}

/* The two setsockopt calls that make the connection TLS. */
static int start_tls(int fd)
{
	struct mxtls_handshake hs = { .role = MXTLS_ROLE_CLIENT, .timeout_ms = timeout_ms };

	snprintf(hs.peer_name, sizeof(hs.peer_name), "%s", name);
	snprintf(hs.profile, sizeof(hs.profile), "%s", profile);
	if (setsockopt(fd, SOL_TCP, TCP_ULP, MXTLS_ULP_NAME, sizeof(MXTLS_ULP_NAME))) {
		fprintf(stderr, "mxtls-plain-client: TCP_ULP mxtls: %s\n", strerror(errno));
		return 1;
	}
	if (setsockopt(fd, SOL_MXTLS, MXTLS_HANDSHAKE, &hs, sizeof(hs))) {
		fprintf(stderr, "mxtls-plain-client: handshake: %s\n", strerror(errno));
		return 3;
	}
	return 0;
}

static void print_info(int fd)
{
	struct mxtls_info info;
	socklen_t len = sizeof(info);
	unsigned int i;

	memset(&info, 0, sizeof(info));
	if (getsockopt(fd, SOL_MXTLS, MXTLS_INFO, &info, &len)) {
		fprintf(stderr, "mxtls-plain-client: MXTLS_INFO: %s\n", strerror(errno));
		return;
	}
	fprintf(stderr, "negotiated: version 0x%04x suite 0x%04x%s mode %s handshakes %u\n"
		"peer: %s\nsha256:", info.tx_version, info.tx_suite,
		info.resumed ? " (resumed)" : "", info.mode == MXTLS_MODE_DAEMON ? "daemon" : "library",
		info.handshakes, info.peer_id[0] ? info.peer_id : "(none)");
	for (i = 0; i < sizeof(info.peer_fp); i++)
		fprintf(stderr, "%s%02x", i ? ":" : " ", info.peer_fp[i]);
	fprintf(stderr, "\n");
}

static int write_all(int fd, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	ssize_t n;

	while (len) {
		n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int http(int fd, FILE *out)
{
	char req[512], buf[16384];
	ssize_t n;
	size_t got = 0;

	snprintf(req, sizeof(req), "GET / HTTP/1.0\r\nHost: %s\r\n\r\n", name);
	if (write_all(fd, req, strlen(req))) {
		fprintf(stderr, "mxtls-plain-client: write: %s\n", strerror(errno));
		return 1;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		if (out)
			fwrite(buf, 1, (size_t)n, out);
		got += (size_t)n;
	}
	if (n < 0) {
		fprintf(stderr, "mxtls-plain-client: read: %s\n", strerror(errno));
		return 1;
	}
	return got ? 0 : 1;
}

/*
 * Our re-handshake has to end before we close: wait (up to 30 s) until
 * MXTLS_INFO counts it. The peer's records keep being read meanwhile.
 */
static int wait_rehandshake(int fd)
{
	struct mxtls_info info;
	socklen_t len;
	int i;

	for (i = 0; i < 3000; i++) {
		len = sizeof(info);
		memset(&info, 0, sizeof(info));
		if (getsockopt(fd, SOL_MXTLS, MXTLS_INFO, &info, &len))
			break;
		if (info.handshakes >= 2)
			return 0;
		if (info.hs_state == MXTLS_HS_FAILED)
			break;
		usleep(10000);
	}
	fprintf(stderr, "mxtls-plain-client: the re-handshake did not complete (%s)\n",
		info.hs_error ? strerror(info.hs_error) : "timeout");
	return 1;
}

/* Send total bytes of the pattern; with echo, read them back and compare. */
static int pattern_run(int fd, uint64_t total, bool echo)
{
	uint8_t buf[8192], in[8192];
	uint64_t sent = 0, recvd = 0, i;
	bool asked = false;
	ssize_t n;
	size_t len;

	while (sent < total) {
		len = total - sent < sizeof(buf) ? (size_t)(total - sent) : sizeof(buf);
		for (i = 0; i < len; i++)
			buf[i] = pattern(sent + i);
		if (write_all(fd, buf, len)) {
			fprintf(stderr, "mxtls-plain-client: write: %s\n", strerror(errno));
			return 1;
		}
		if (sent_copy && fwrite(buf, 1, len, sent_copy) != len)
			return 1;
		sent += len;
		if (rehandshake && !asked && sent >= total / 2) {
			asked = true;
			if (setsockopt(fd, SOL_MXTLS, MXTLS_REHANDSHAKE, NULL, 0)) {
				fprintf(stderr, "mxtls-plain-client: MXTLS_REHANDSHAKE: %s\n",
					strerror(errno));
				return 1;
			}
		}
		/* Drain the echo as we go, so neither side's buffers fill up. */
		while (echo && recvd < sent) {
			n = read(fd, in, sizeof(in));
			if (n <= 0) {
				fprintf(stderr, "mxtls-plain-client: read after %llu bytes: %s\n",
					(unsigned long long)recvd, n ? strerror(errno) : "EOF");
				return 1;
			}
			for (i = 0; i < (uint64_t)n; i++)
				if (in[i] != pattern(recvd + i)) {
					fprintf(stderr, "mxtls-plain-client: byte %llu differs\n",
						(unsigned long long)(recvd + i));
					return 1;
				}
			recvd += (uint64_t)n;
		}
	}
	if (asked && wait_rehandshake(fd))
		return 1;
	shutdown(fd, SHUT_WR);
	if (!echo) {
		while (read(fd, in, sizeof(in)) > 0)
			;
		return 0;
	}
	if (read(fd, in, sizeof(in)) != 0) {
		fprintf(stderr, "mxtls-plain-client: more than was sent came back\n");
		return 1;
	}
	return 0;
}

static void *one_request(void *arg)
{
	int fd = dial(), rc = 1;

	if (fd >= 0) {
		rc = start_tls(fd);
		if (!rc)
			rc = http(fd, NULL);
		close(fd);
	}
	return (void *)(intptr_t)rc;
}

static int concurrent(unsigned int n)
{
	pthread_t *t = calloc(n, sizeof(*t));
	unsigned int i, ok = 0;
	void *rc;

	if (!t)
		return 1;
	for (i = 0; i < n; i++)
		if (pthread_create(&t[i], NULL, one_request, NULL)) {
			fprintf(stderr, "mxtls-plain-client: thread %u: %s\n", i, strerror(errno));
			n = i;
			break;
		}
	for (i = 0; i < n; i++) {
		pthread_join(t[i], &rc);
		ok += rc == NULL;
	}
	free(t);
	printf("%u of %u connections answered\n", ok, n);
	return ok == n ? 0 : 1;
}

static void usage(FILE *f)
{
	fputs("usage: mxtls-plain-client [-n NAME] [-p PROFILE] [-i] [-s BYTES|-S BYTES] [-R]\n"
	      "                          [-c N] [-t MS] [-w FILE] [-u UID:GID] HOST PORT\n", f);
}

int main(int argc, char **argv)
{
	unsigned long long bytes = 0;
	unsigned int conns = 0, uid, gid;
	bool echo = false;
	int c, fd, rc;

	while ((c = getopt(argc, argv, "n:p:is:S:Rc:t:w:u:h")) != -1) {
		switch (c) {
		case 'n':
			name = optarg;
			break;
		case 'p':
			profile = optarg;
			break;
		case 'i':
			show_info = true;
			break;
		case 's':
		case 'S':
			bytes = strtoull(optarg, NULL, 0);
			echo = c == 's';
			break;
		case 'R':
			rehandshake = true;
			break;
		case 'c':
			conns = (unsigned int)strtoul(optarg, NULL, 0);
			break;
		case 't':
			timeout_ms = (unsigned int)strtoul(optarg, NULL, 0);
			break;
		case 'w':
			sent_copy = fopen(optarg, "we");
			if (!sent_copy) {
				perror(optarg);
				return 1;
			}
			break;
		case 'u':
			if (sscanf(optarg, "%u:%u", &uid, &gid) != 2 || setgroups(0, NULL) ||
			    setgid(gid) || setuid(uid)) {
				fprintf(stderr, "mxtls-plain-client: -u %s: %s\n", optarg,
					strerror(errno));
				return 1;
			}
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc - 2) {
		usage(stderr);
		return 2;
	}
	host = argv[optind];
	port = argv[optind + 1];
	if (!name)
		name = host;
	if (conns)
		return concurrent(conns);
	fd = dial();
	if (fd < 0)
		return 1;
	rc = start_tls(fd);
	if (!rc && show_info)
		print_info(fd);
	if (!rc)
		rc = bytes ? pattern_run(fd, bytes, echo) : http(fd, stdout);
	if (sent_copy && fclose(sent_copy))
		rc = 1;
	if (!rc && show_info && rehandshake)
		print_info(fd);
	close(fd);
	return rc;
}
