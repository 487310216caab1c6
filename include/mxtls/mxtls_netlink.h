/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libmxtls: talking to the mxtls kernel module over its generic netlink
 * family. Functions return 0 or a negative errno; nothing is printed.
 */
#ifndef MXTLS_NETLINK_H
#define MXTLS_NETLINK_H

#include <stdint.h>
#include <netinet/in.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MXTLS_API __attribute__((visibility("default")))

struct mxtls_nl;

/*
 * Open a generic netlink socket and resolve the "mxtls" family and its
 * "handshake" multicast group. -ENOENT when the module is not loaded.
 */
MXTLS_API int mxtls_nl_open(struct mxtls_nl **out);
MXTLS_API void mxtls_nl_close(struct mxtls_nl *nl);
MXTLS_API int mxtls_nl_family_id(const struct mxtls_nl *nl);
MXTLS_API int mxtls_nl_handshake_group(const struct mxtls_nl *nl);

/* One socket carrying the mxtls ULP, as MXTLS_CMD_GET reports it. */
struct mxtls_sock_info {
	uint64_t inode;
	uint32_t uid;
	uint16_t family;		/* AF_INET or AF_INET6 */
	uint16_t local_port, peer_port;
	struct in6_addr local_addr;	/* IPv4 in the first 4 bytes */
	struct in6_addr peer_addr;
};

typedef int (*mxtls_sock_cb)(const struct mxtls_sock_info *info, void *arg);

/*
 * Call cb for every mxtls socket in the caller's network namespace. A
 * non-zero return from cb stops the walk and is returned.
 */
MXTLS_API int mxtls_nl_list_socks(struct mxtls_nl *nl, mxtls_sock_cb cb, void *arg);

struct nlmsghdr;
/* Decode one MXTLS_CMD_GET message; -EBADMSG if it is malformed. */
MXTLS_API int mxtls_nl_parse_sock(const struct nlmsghdr *nlh, struct mxtls_sock_info *info);

#ifdef __cplusplus
}
#endif

#endif /* MXTLS_NETLINK_H */
