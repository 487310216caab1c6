/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * mxtls: TLS record layer offload as a TCP upper-layer protocol, with the
 * handshake done in userspace. Shared by the module, libmxtls, mxtlsd and
 * mxtlsctl.
 */
#ifndef _UAPI_LINUX_MXTLS_H
#define _UAPI_LINUX_MXTLS_H

#include <linux/types.h>

/* setsockopt(fd, SOL_TCP, TCP_ULP, MXTLS_ULP_NAME, sizeof(MXTLS_ULP_NAME)) */
#define MXTLS_ULP_NAME		"mxtls"

/*
 * Socket option level of an mxtls socket. Unused by the kernel's own SOL_*
 * numbers, which are small; only sockets that carry the ULP answer to it.
 */
#define SOL_MXTLS		0x4d58

/* Generic netlink family */
#define MXTLS_GENL_NAME		"mxtls"
#define MXTLS_GENL_VERSION	1
#define MXTLS_GENL_MCGRP_HANDSHAKE	"handshake"

enum mxtls_cmd {
	MXTLS_CMD_UNSPEC,
	MXTLS_CMD_GET,		/* dump: one message per offloaded socket */
	__MXTLS_CMD_MAX,
};

#define MXTLS_CMD_MAX (__MXTLS_CMD_MAX - 1)

enum mxtls_attr {
	MXTLS_A_UNSPEC,
	MXTLS_A_SOCK_INO,	/* u64: the socket inode number, as ss(8) shows */
	MXTLS_A_FAMILY,		/* u16: AF_INET or AF_INET6 */
	MXTLS_A_LOCAL_ADDR,	/* binary: 4 or 16 bytes, network order */
	MXTLS_A_PEER_ADDR,	/* binary: 4 or 16 bytes, network order */
	MXTLS_A_LOCAL_PORT,	/* u16, host order */
	MXTLS_A_PEER_PORT,	/* u16, host order */
	MXTLS_A_OWNER_UID,	/* u32: uid owning the socket */
	MXTLS_A_PAD,
	__MXTLS_A_MAX,
};

#define MXTLS_A_MAX (__MXTLS_A_MAX - 1)

#endif /* _UAPI_LINUX_MXTLS_H */
