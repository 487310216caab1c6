// SPDX-License-Identifier: GPL-2.0
/*
 * mxtlsctl: look at the mxtls module from the command line.
 *
 *   mxtlsctl status          is the module there; its netlink family
 *   mxtlsctl list [--json]   the sockets that carry the mxtls ULP
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "mxtls_netlink.h"

static void usage(FILE *f)
{
	fputs("usage: mxtlsctl status [--json]\n"
	      "       mxtlsctl list [--json]\n", f);
}

static void format_addr(const struct mxtls_sock_info *s, const struct in6_addr *a,
			uint16_t port, char *buf, size_t len)
{
	char host[INET6_ADDRSTRLEN];

	inet_ntop(s->family, a, host, sizeof(host));
	snprintf(buf, len, s->family == AF_INET6 ? "[%s]:%u" : "%s:%u", host, port);
}

struct list_state {
	bool json;
	unsigned int n;
};

static int print_sock(const struct mxtls_sock_info *s, void *arg)
{
	struct list_state *st = arg;
	char local[64], peer[64];

	format_addr(s, &s->local_addr, s->local_port, local, sizeof(local));
	format_addr(s, &s->peer_addr, s->peer_port, peer, sizeof(peer));
	if (st->json)
		printf("%s\n    {\"inode\": %llu, \"uid\": %u, \"local\": \"%s\", \"peer\": \"%s\"}",
		       st->n ? "," : "", (unsigned long long)s->inode, s->uid, local, peer);
	else
		printf("%-10llu %-6u %-47s %s\n", (unsigned long long)s->inode, s->uid, local, peer);
	st->n++;
	return 0;
}

static int cmd_list(struct mxtls_nl *nl, bool json)
{
	struct list_state st = { .json = json };
	int err;

	if (json)
		printf("{\"sockets\": [");
	else
		printf("%-10s %-6s %-47s %s\n", "INODE", "UID", "LOCAL", "PEER");
	err = mxtls_nl_list_socks(nl, print_sock, &st);
	if (json)
		printf("%s]}\n", st.n ? "\n" : "");
	if (err) {
		fprintf(stderr, "mxtlsctl: listing sockets: %s\n", strerror(-err));
		return 1;
	}
	return 0;
}

static int cmd_status(struct mxtls_nl *nl, bool json)
{
	if (json)
		printf("{\"module\": \"loaded\", \"family_id\": %d, \"handshake_group\": %d}\n",
		       mxtls_nl_family_id(nl), mxtls_nl_handshake_group(nl));
	else
		printf("module: loaded\nnetlink family: mxtls (id %d), multicast group handshake (id %d)\n",
		       mxtls_nl_family_id(nl), mxtls_nl_handshake_group(nl));
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct mxtls_nl *nl;
	bool json = false;
	const char *cmd;
	int c, err, rc;

	while ((c = getopt_long(argc, argv, "jh", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
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
	cmd = argv[optind];
	if (strcmp(cmd, "list") && strcmp(cmd, "status")) {
		fprintf(stderr, "mxtlsctl: unknown command '%s'\n", cmd);
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
	rc = strcmp(cmd, "list") ? cmd_status(nl, json) : cmd_list(nl, json);
	mxtls_nl_close(nl);
	return rc;
}
