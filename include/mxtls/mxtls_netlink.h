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
	uint16_t version;		/* wire version of the keys, 0 before keys */
	uint16_t tx_suite, rx_suite;	/* IANA cipher suites, 0 before keys */
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

/*
 * The keys of one direction of a connection, as MXTLS_CMD_SET_KEYS takes
 * them (see <linux/mxtls.h>). Pointers with a zero length are left out.
 */
struct mxtls_keys {
	int fd;				/* a socket of the calling process with the ULP */
	uint8_t direction;		/* MXTLS_DIR_TX or MXTLS_DIR_RX */
	uint16_t version;		/* MXTLS_TLS_1_0 .. MXTLS_TLS_1_2 */
	uint16_t suite;			/* IANA cipher suite */
	uint32_t flags;			/* MXTLS_KEY_F_* */
	uint64_t seq;			/* sequence number of the next record */
	const uint8_t *enc_key;
	size_t enc_key_len;
	const uint8_t *mac_key;
	size_t mac_key_len;
	const uint8_t *iv;
	size_t iv_len;
	const uint8_t *client_verify_data;
	size_t client_verify_data_len;
	const uint8_t *server_verify_data;
	size_t server_verify_data_len;
	uint32_t keystream_offset;	/* stream ciphers: keystream already used */
};

/*
 * Send keys down. Returns 0 or the kernel's negative errno; the kernel's
 * explanation of a refusal is then in mxtls_nl_errmsg(). The request is
 * wiped from memory once sent.
 */
MXTLS_API int mxtls_nl_set_keys(struct mxtls_nl *nl, const struct mxtls_keys *keys);

/* The kernel's message about the last failed request, "" if it gave none */
MXTLS_API const char *mxtls_nl_errmsg(const struct mxtls_nl *nl);

#ifdef __cplusplus
}
#endif

#endif /* MXTLS_NETLINK_H */
