// SPDX-License-Identifier: GPL-2.0
/*
 * mxtls-plain-server: a TLS server that links no TLS library. Each
 * accepted connection gets the mxtls ULP and MXTLS_HANDSHAKE in the
 * server role (mxtlsd does the handshake with its server profile); from
 * then on the server only reads and writes plain bytes.
 *
 *   mxtls-plain-server [options] PORT
 *     -p PROFILE  mxtlsd server profile (default "default")
 *     -e          echo what is read (default: answer one HTTP request
 *                 with a page saying what was negotiated)
 *     -R BYTES    echo mode: ask for a re-handshake once BYTES were echoed
 *     -n COUNT    serve COUNT connections, then exit (default: forever);
 *                 exit status 1 if any failed
 *     -4          listen on 127.0.0.1 only (default: all, IPv6 and IPv4)
 *     -u UID:GID  after listening, run as this user and group (from root)
 *
 * Connections are served at the same time, a thread each.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <grp.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/mxtls.h>

#ifndef TCP_ULP
#define TCP_ULP 31
#endif

static const char *profile = "";
static bool echo;
static unsigned long long rehandshake_at;
static atomic_uint failures;

static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
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

static int start_tls(int fd)
{
	struct mxtls_handshake hs = { .role = MXTLS_ROLE_SERVER };

	snprintf(hs.profile, sizeof(hs.profile), "%s", profile);
	if (setsockopt(fd, SOL_TCP, TCP_ULP, MXTLS_ULP_NAME, sizeof(MXTLS_ULP_NAME)) ||
	    setsockopt(fd, SOL_MXTLS, MXTLS_HANDSHAKE, &hs, sizeof(hs))) {
		fprintf(stderr, "mxtls-plain-server: handshake: %s\n", strerror(errno));
		return -1;
	}
	return 0;
}

static int serve_echo(int fd)
{
	unsigned long long total = 0;
	bool asked = false;
	char buf[16384];
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		if (write_all(fd, buf, (size_t)n))
			return -1;
		total += (unsigned long long)n;
		if (rehandshake_at && !asked && total >= rehandshake_at) {
			asked = true;
			if (setsockopt(fd, SOL_MXTLS, MXTLS_REHANDSHAKE, NULL, 0)) {
				fprintf(stderr, "mxtls-plain-server: MXTLS_REHANDSHAKE: %s\n",
					strerror(errno));
				return -1;
			}
		}
	}
	return n < 0 ? -1 : 0;
}

static int serve_page(int fd)
{
	struct mxtls_info info;
	socklen_t len = sizeof(info);
	char req[4096], page[2048], head[256];
	size_t got = 0;
	ssize_t n;
	int body;

	/* The request, up to its empty line. */
	while (got < sizeof(req) - 1) {
		n = read(fd, req + got, sizeof(req) - 1 - got);
		if (n <= 0)
			return -1;
		got += (size_t)n;
		req[got] = 0;
		if (strstr(req, "\r\n\r\n") || strstr(req, "\n\n"))
			break;
	}
	memset(&info, 0, sizeof(info));
	getsockopt(fd, SOL_MXTLS, MXTLS_INFO, &info, &len);
	body = snprintf(page, sizeof(page),
			"<html><body><h1>Hello from a plain socket</h1>\n"
			"<p>This server links no TLS library: mxtlsd did the handshake and\n"
			"the kernel protects the records.</p>\n"
			"<pre>version  0x%04x\nsuite    0x%04x\nresumed  %s\nmode     %s\n"
			"client   %s</pre></body></html>\n",
			info.tx_version, info.tx_suite, info.resumed ? "yes" : "no",
			info.mode == MXTLS_MODE_DAEMON ? "daemon" : "library",
			info.peer_id[0] ? info.peer_id : "(no certificate)");
	snprintf(head, sizeof(head), "HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n"
		 "Content-Length: %d\r\nConnection: close\r\n\r\n", body);
	if (write_all(fd, head, strlen(head)) || write_all(fd, page, (size_t)body))
		return -1;
	return 0;
}

static void *conn_main(void *arg)
{
	int fd = (int)(intptr_t)arg, rc;

	rc = start_tls(fd);
	if (!rc)
		rc = echo ? serve_echo(fd) : serve_page(fd);
	if (rc)
		atomic_fetch_add(&failures, 1);
	close(fd);
	return NULL;
}

static void usage(FILE *f)
{
	fputs("usage: mxtls-plain-server [-p PROFILE] [-e] [-R BYTES] [-n COUNT] [-4] [-u UID:GID]\n"
	      "                          PORT\n", f);
}

int main(int argc, char **argv)
{
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6 };
	struct sockaddr_in a4 = { .sin_family = AF_INET };
	unsigned long count = 0, i;
	unsigned int uid = 0, gid = 0;
	bool v4 = false, drop = false;
	pthread_t *threads;
	bool *joinable;
	int c, lfd, fd, one = 1;

	while ((c = getopt(argc, argv, "p:eR:n:4u:h")) != -1) {
		switch (c) {
		case 'p':
			profile = optarg;
			break;
		case 'e':
			echo = true;
			break;
		case 'R':
			rehandshake_at = strtoull(optarg, NULL, 0);
			break;
		case 'n':
			count = strtoul(optarg, NULL, 0);
			break;
		case '4':
			v4 = true;
			break;
		case 'u':
			if (sscanf(optarg, "%u:%u", &uid, &gid) != 2) {
				usage(stderr);
				return 2;
			}
			drop = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc - 1) {
		usage(stderr);
		return 2;
	}
	a6.sin6_port = a4.sin_port = htons((uint16_t)strtoul(argv[optind], NULL, 0));
	a4.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	lfd = socket(v4 ? AF_INET : AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (lfd < 0 || setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    (v4 ? bind(lfd, (struct sockaddr *)&a4, sizeof(a4)) :
		  bind(lfd, (struct sockaddr *)&a6, sizeof(a6))) || listen(lfd, 512)) {
		perror("mxtls-plain-server: listen");
		return 1;
	}
	if (drop && (setgroups(0, NULL) || setgid(gid) || setuid(uid))) {
		perror("mxtls-plain-server: -u");
		return 1;
	}
	threads = calloc(count ? count : 1, sizeof(*threads));
	joinable = calloc(count ? count : 1, sizeof(*joinable));
	if (!threads || !joinable)
		return 1;
	for (i = 0; !count || i < count; i++) {
		fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EINTR)
				continue;
			perror("mxtls-plain-server: accept");
			return 1;
		}
		if (pthread_create(&threads[count ? i : 0], NULL, conn_main, (void *)(intptr_t)fd)) {
			/* No thread to spare: serve this one here. */
			conn_main((void *)(intptr_t)fd);
			if (count)
				joinable[i] = false;
			continue;
		}
		if (count)
			joinable[i] = true;
		else
			pthread_detach(threads[0]);
	}
	for (i = 0; i < count; i++)
		if (joinable[i])
			pthread_join(threads[i], NULL);
	free(joinable);
	free(threads);
	close(lfd);
	return atomic_load(&failures) ? 1 : 0;
}
