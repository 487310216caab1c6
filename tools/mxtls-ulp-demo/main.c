// SPDX-License-Identifier: GPL-2.0
/*
 * mxtls-ulp-demo: open two loopback TCP connections, attach the mxtls ULP
 * to both ends of each, then run the given command (e.g. "mxtlsctl list")
 * while they are open.
 *
 *   mxtls-ulp-demo COMMAND [ARG]...
 */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/mxtls.h>

#ifndef TCP_ULP
#define TCP_ULP 31
#endif

static int connect_pair(int lfd, const struct sockaddr_in *addr, int fds[2])
{
	fds[0] = socket(AF_INET, SOCK_STREAM, 0);
	if (fds[0] < 0 || connect(fds[0], (const struct sockaddr *)addr, sizeof(*addr)))
		return -errno;
	fds[1] = accept(lfd, NULL, NULL);
	if (fds[1] < 0)
		return -errno;
	return 0;
}

int main(int argc, char **argv)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	socklen_t len = sizeof(addr);
	int lfd, fds[4], i, status, err;
	pid_t pid;

	if (argc < 2) {
		fprintf(stderr, "usage: mxtls-ulp-demo COMMAND [ARG]...\n");
		return 2;
	}
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&addr, sizeof(addr)) || listen(lfd, 4) ||
	    getsockname(lfd, (struct sockaddr *)&addr, &len)) {
		perror("mxtls-ulp-demo: listen");
		return 1;
	}
	for (i = 0; i < 4; i += 2) {
		err = connect_pair(lfd, &addr, &fds[i]);
		if (err) {
			fprintf(stderr, "mxtls-ulp-demo: connect: %s\n", strerror(-err));
			return 1;
		}
	}
	for (i = 0; i < 4; i++) {
		if (setsockopt(fds[i], IPPROTO_TCP, TCP_ULP, MXTLS_ULP_NAME, strlen(MXTLS_ULP_NAME))) {
			perror("mxtls-ulp-demo: setsockopt(TCP_ULP, \"mxtls\")");
			return 1;
		}
	}
	printf("attached the mxtls ULP to 4 sockets (2 connections on port %u)\n",
	       ntohs(addr.sin_port));
	fflush(stdout);

	pid = fork();
	if (pid == 0) {
		execvp(argv[1], argv + 1);
		perror("mxtls-ulp-demo: exec");
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0)
		return 1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
