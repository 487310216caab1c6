// SPDX-License-Identifier: GPL-2.0
/*
 * mxtlsctl: look at the mxtls module and mxtlsd from the command line.
 *
 *   mxtlsctl status [--json]          the module, its netlink family, mxtlsd
 *   mxtlsctl list [--json]            the sockets that carry the mxtls ULP
 *   mxtlsctl counters [--json]        totals over the sockets, and mxtlsd's
 *   mxtlsctl rehandshake INODE        renegotiate a daemon-mode socket now
 *
 *   --socket PATH                     mxtlsd's control socket
 *                                     (default /run/mxtlsd/control)
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include <linux/mxtls.h>

#include "mxtls_netlink.h"

static const char *ctl_path = "/run/mxtlsd/control";

static void usage(FILE *f)
{
	fputs("usage: mxtlsctl [--json] [--socket PATH] status|list|counters\n"
	      "       mxtlsctl rehandshake INODE\n", f);
}

/* A JSON string literal. */
static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static void format_addr(const struct mxtls_sock_info *s, const struct in6_addr *a,
			uint16_t port, char *buf, size_t len)
{
	char host[INET6_ADDRSTRLEN];

	inet_ntop(s->family, a, host, sizeof(host));
	snprintf(buf, len, s->family == AF_INET6 ? "[%s]:%u" : "%s:%u", host, port);
}

static const char *version_name(uint16_t v)
{
	switch (v) {
	case MXTLS_TLS_1_0:	return "TLS1.0";
	case MXTLS_TLS_1_1:	return "TLS1.1";
	case MXTLS_TLS_1_2:	return "TLS1.2";
	case 0:			return "-";
	default:		return "?";
	}
}

static const char *state_name(uint8_t st)
{
	static const char *const names[] = {
		[MXTLS_HS_NONE] = "-", [MXTLS_HS_QUEUED] = "queued",
		[MXTLS_HS_CLAIMED] = "handshaking", [MXTLS_HS_DONE] = "established",
		[MXTLS_HS_FAILED] = "failed",
	};

	return st < sizeof(names) / sizeof(names[0]) ? names[st] : "?";
}

struct list_state {
	bool json;
	unsigned int n;
	/* counters */
	unsigned int by_mode[2];
	uint64_t tx_records, rx_records, tx_bytes, rx_bytes;
};

static int print_sock(const struct mxtls_sock_info *s, void *arg)
{
	struct list_state *st = arg;
	const char *mode = s->mode == MXTLS_MODE_DAEMON ? "daemon" : "library";
	const char *state = s->mode == MXTLS_MODE_DAEMON ? state_name(s->hs_state) :
			    s->version ? "established" : "plain";
	char local[64], peer[64], suite[8];

	format_addr(s, &s->local_addr, s->local_port, local, sizeof(local));
	format_addr(s, &s->peer_addr, s->peer_port, peer, sizeof(peer));
	snprintf(suite, sizeof(suite), s->tx_suite ? "0x%04x" : "-", s->tx_suite);
	if (st->json) {
		printf("%s\n    {\"inode\": %llu, \"uid\": %u, \"local\": \"%s\", \"peer\": \"%s\", "
		       "\"mode\": \"%s\", \"state\": \"%s\", \"version\": \"%s\", "
		       "\"tx_suite\": %u, \"rx_suite\": %u, \"tx_records\": %llu, "
		       "\"rx_records\": %llu, \"tx_bytes\": %llu, \"rx_bytes\": %llu, "
		       "\"peer_id\": ",
		       st->n ? "," : "", (unsigned long long)s->inode, s->uid, local, peer, mode,
		       state, version_name(s->version), s->tx_suite, s->rx_suite,
		       (unsigned long long)s->tx_records, (unsigned long long)s->rx_records,
		       (unsigned long long)s->tx_bytes, (unsigned long long)s->rx_bytes);
		json_str(s->peer_id);
		putchar('}');
	} else {
		printf("%-10llu %-6u %-8s %-12s %-7s %-7s %-23s %-23s %8llu %8llu  %s\n",
		       (unsigned long long)s->inode, s->uid, mode, state, version_name(s->version),
		       suite, local, peer, (unsigned long long)s->tx_bytes,
		       (unsigned long long)s->rx_bytes, s->peer_id[0] ? s->peer_id : "-");
	}
	st->n++;
	st->by_mode[s->mode == MXTLS_MODE_DAEMON]++;
	st->tx_records += s->tx_records;
	st->rx_records += s->rx_records;
	st->tx_bytes += s->tx_bytes;
	st->rx_bytes += s->rx_bytes;
	return 0;
}

static int cmd_list(struct mxtls_nl *nl, bool json)
{
	struct list_state st = { .json = json };
	int err;

	if (json)
		printf("{\"sockets\": [");
	else
		printf("%-10s %-6s %-8s %-12s %-7s %-7s %-23s %-23s %8s %8s  %s\n", "INODE", "UID",
		       "MODE", "STATE", "VERSION", "SUITE", "LOCAL", "PEER", "TX-BYTES",
		       "RX-BYTES", "PEER-ID");
	err = mxtls_nl_list_socks(nl, print_sock, &st);
	if (json)
		printf("%s]}\n", st.n ? "\n" : "");
	if (err) {
		fprintf(stderr, "mxtlsctl: listing sockets: %s\n", strerror(-err));
		return 1;
	}
	return 0;
}

/*
 * mxtlsd's "key=value" status lines, NULL-terminated array of strings;
 * NULL when the daemon does not answer.
 */
static char **daemon_status(void)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	struct timeval tv = { .tv_sec = 2 };
	char buf[8192], **lines = NULL, *line, *save = NULL;
	size_t got = 0, n = 0;
	ssize_t r;
	int fd;

	if (strlen(ctl_path) >= sizeof(a.sun_path))
		return NULL;
	strcpy(a.sun_path, ctl_path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return NULL;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)) || write(fd, "status\n", 7) != 7) {
		close(fd);
		return NULL;
	}
	while (got < sizeof(buf) - 1 && (r = read(fd, buf + got, sizeof(buf) - 1 - got)) > 0)
		got += (size_t)r;
	close(fd);
	buf[got] = 0;
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char **l = realloc(lines, (n + 2) * sizeof(*lines));

		if (!l || !strchr(line, '='))
			break;
		lines = l;
		lines[n++] = strdup(line);
		lines[n] = NULL;
	}
	return lines;
}

static void free_lines(char **lines)
{
	char **l;

	for (l = lines; l && *l; l++)
		free(*l);
	free(lines);
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/* The daemon's lines as a JSON object, or as "  key: value" lines. */
static void print_daemon(char **lines, bool json, const char *indent)
{
	char **l;

	if (!lines) {
		if (json)
			printf("null");
		else
			printf("%smxtlsd: not running (no answer on %s)\n", indent, ctl_path);
		return;
	}
	if (json)
		printf("{");
	for (l = lines; *l; l++) {
		char *eq = strchr(*l, '=');

		*eq = 0;
		if (json) {
			printf("%s", l == lines ? "" : ", ");
			json_str(*l);
			printf(": ");
			if (all_digits(eq + 1))
				printf("%s", eq + 1);
			else
				json_str(eq + 1);
		} else {
			printf("%s%-18s %s\n", indent, *l, eq + 1);
		}
		*eq = '=';
	}
	if (json)
		printf("}");
}

static int cmd_status(struct mxtls_nl *nl, bool json)
{
	char **lines = daemon_status();

	if (json) {
		printf("{\"module\": \"loaded\", \"family_id\": %d, \"handshake_group\": %d, "
		       "\"daemon\": ", mxtls_nl_family_id(nl), mxtls_nl_handshake_group(nl));
		print_daemon(lines, true, "");
		printf("}\n");
	} else {
		printf("module: loaded\nnetlink family: mxtls (id %d), multicast group handshake "
		       "(id %d)\n", mxtls_nl_family_id(nl), mxtls_nl_handshake_group(nl));
		if (lines)
			printf("mxtlsd:\n");
		print_daemon(lines, false, "  ");
	}
	free_lines(lines);
	return 0;
}

static int count_sock(const struct mxtls_sock_info *s, void *arg)
{
	struct list_state *st = arg;

	st->n++;
	st->by_mode[s->mode == MXTLS_MODE_DAEMON]++;
	st->tx_records += s->tx_records;
	st->rx_records += s->rx_records;
	st->tx_bytes += s->tx_bytes;
	st->rx_bytes += s->rx_bytes;
	return 0;
}

static int cmd_counters(struct mxtls_nl *nl, bool json)
{
	struct list_state st = { 0 };
	char **lines;
	int err;

	err = mxtls_nl_list_socks(nl, count_sock, &st);
	if (err) {
		fprintf(stderr, "mxtlsctl: listing sockets: %s\n", strerror(-err));
		return 1;
	}
	lines = daemon_status();
	if (json) {
		printf("{\"sockets\": %u, \"library_mode\": %u, \"daemon_mode\": %u, "
		       "\"tx_records\": %llu, \"rx_records\": %llu, \"tx_bytes\": %llu, "
		       "\"rx_bytes\": %llu, \"daemon\": ", st.n, st.by_mode[0], st.by_mode[1],
		       (unsigned long long)st.tx_records, (unsigned long long)st.rx_records,
		       (unsigned long long)st.tx_bytes, (unsigned long long)st.rx_bytes);
		print_daemon(lines, true, "");
		printf("}\n");
	} else {
		printf("sockets            %u (library mode %u, daemon mode %u)\n"
		       "records            %llu sent, %llu received\n"
		       "bytes              %llu sent, %llu received\n", st.n, st.by_mode[0],
		       st.by_mode[1], (unsigned long long)st.tx_records,
		       (unsigned long long)st.rx_records, (unsigned long long)st.tx_bytes,
		       (unsigned long long)st.rx_bytes);
		print_daemon(lines, false, "");
	}
	free_lines(lines);
	return 0;
}

static int cmd_rehandshake(struct mxtls_nl *nl, const char *arg)
{
	unsigned long long ino;
	char *end;
	int err;

	errno = 0;
	ino = strtoull(arg, &end, 10);
	if (errno || *end || !*arg) {
		fprintf(stderr, "mxtlsctl: '%s' is not a socket inode (see mxtlsctl list)\n", arg);
		return 2;
	}
	err = mxtls_nl_rehandshake(nl, ino);
	if (err) {
		fprintf(stderr, "mxtlsctl: rehandshake %llu: %s%s%s\n", ino, strerror(-err),
			*mxtls_nl_errmsg(nl) ? ": " : "", mxtls_nl_errmsg(nl));
		return 1;
	}
	printf("re-handshake of socket %llu queued\n", ino);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "socket", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct mxtls_nl *nl;
	bool json = false;
	const char *cmd;
	int c, err, rc, args;

	while ((c = getopt_long(argc, argv, "js:h", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 's':
			ctl_path = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return 2;
	}
	cmd = argv[optind];
	args = argc - optind - 1;
	if (!((!strcmp(cmd, "list") || !strcmp(cmd, "status") || !strcmp(cmd, "counters")) &&
	      args == 0) && !(!strcmp(cmd, "rehandshake") && args == 1)) {
		fprintf(stderr, "mxtlsctl: unknown command or wrong arguments: '%s'\n", cmd);
		usage(stderr);
		return 2;
	}

	err = mxtls_nl_open(&nl);
	if (err == -ENOENT) {
		fprintf(stderr, "mxtlsctl: the mxtls module is not loaded (modprobe mxtls)\n");
		return 1;
	}
	if (err) {
		fprintf(stderr, "mxtlsctl: generic netlink: %s\n", strerror(-err));
		return 1;
	}
	if (!strcmp(cmd, "list"))
		rc = cmd_list(nl, json);
	else if (!strcmp(cmd, "status"))
		rc = cmd_status(nl, json);
	else if (!strcmp(cmd, "counters"))
		rc = cmd_counters(nl, json);
	else
		rc = cmd_rehandshake(nl, argv[optind + 1]);
	mxtls_nl_close(nl);
	return rc;
}
