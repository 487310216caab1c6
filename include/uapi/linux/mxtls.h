/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * mxtls: TLS record layer offload as a TCP upper-layer protocol, with the
 * handshake done in userspace. Shared by the module, libmxtls, mxtlsd and
 * mxtlsctl.
 *
 * Library mode in short: finish the handshake on a TCP socket without
 * reading past the peer's Finished record, attach the ULP with
 * setsockopt(fd, SOL_TCP, TCP_ULP, "mxtls"), then send each direction's
 * keys with the generic netlink command MXTLS_CMD_SET_KEYS. From then on
 * read()/write() move plaintext; records of other content types go through
 * sendmsg()/recvmsg() with an MXTLS_RECORD_TYPE control message.
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

/*
 * Options at level SOL_MXTLS. Numbers from 16 on are kept for the daemon
 * mode (MXTLS_HANDSHAKE, MXTLS_REHANDSHAKE, MXTLS_REKEY_POLICY).
 */
#define MXTLS_INFO		1	/* get: struct mxtls_info */
#define MXTLS_CLOSE_NOTIFY	2	/* get/set: int, 1 (default) sends close_notify on
					 * shutdown(SHUT_WR) and close()
					 */
#define MXTLS_VERIFY_DATA	3	/* get: struct mxtls_verify_data */

/*
 * Control message (cmsg_level SOL_MXTLS) carrying a record's content type,
 * one byte. On sendmsg() it makes the data one or more records of that
 * type (alert, handshake, change_cipher_spec or application_data); on
 * recvmsg() it tells the type of the record the data came from. A record
 * of another type than application_data is never merged with others, and
 * recvmsg() without room for this cmsg fails with EIO on such a record.
 */
#define MXTLS_RECORD_TYPE	1

/* TLS content types */
#define MXTLS_CT_CHANGE_CIPHER_SPEC	20
#define MXTLS_CT_ALERT			21
#define MXTLS_CT_HANDSHAKE		22
#define MXTLS_CT_APPLICATION_DATA	23

/* Wire versions */
#define MXTLS_SSL_3_0		0x0300	/* refused: the module has no SSL 3.0 MAC */
#define MXTLS_TLS_1_0		0x0301
#define MXTLS_TLS_1_1		0x0302
#define MXTLS_TLS_1_2		0x0303

/* Alert levels and the descriptions the module sends or acts on */
#define MXTLS_ALERT_WARNING		1
#define MXTLS_ALERT_FATAL		2
#define MXTLS_ALERT_CLOSE_NOTIFY	0
#define MXTLS_ALERT_UNEXPECTED_MESSAGE	10
#define MXTLS_ALERT_BAD_RECORD_MAC	20
#define MXTLS_ALERT_RECORD_OVERFLOW	22
#define MXTLS_ALERT_DECODE_ERROR	50
#define MXTLS_ALERT_PROTOCOL_VERSION	70
#define MXTLS_ALERT_INTERNAL_ERROR	80

/* State of one direction, in struct mxtls_info */
enum mxtls_dir_state {
	MXTLS_STATE_PLAIN,	/* no keys yet: bytes pass through untouched */
	MXTLS_STATE_ACTIVE,	/* records protected with the current keys */
	MXTLS_STATE_WAIT_KEYS,	/* RX: the peer's ChangeCipherSpec was read, no
				 * keys for the next epoch yet
				 */
	MXTLS_STATE_CLOSED,	/* close_notify sent (TX) or received (RX) */
	MXTLS_STATE_ERROR,	/* a fatal error ended the connection */
};

/* struct mxtls_info flags */
#define MXTLS_INFO_TX_ETM		(1U << 0)	/* encrypt-then-MAC on TX */
#define MXTLS_INFO_RX_ETM		(1U << 1)
#define MXTLS_INFO_TX_NEXT_KEYS		(1U << 2)	/* keys wait for our next CCS */
#define MXTLS_INFO_RX_NEXT_KEYS		(1U << 3)	/* keys wait for the peer's CCS */
#define MXTLS_INFO_CLOSE_NOTIFY		(1U << 4)	/* MXTLS_CLOSE_NOTIFY is on */

/*
 * getsockopt(SOL_MXTLS, MXTLS_INFO). A shorter buffer gets the first bytes;
 * fields are only ever added at the end.
 */
struct mxtls_info {
	__u16	tx_version;	/* wire version, 0 while MXTLS_STATE_PLAIN */
	__u16	rx_version;
	__u16	tx_suite;	/* IANA cipher suite */
	__u16	rx_suite;
	__u8	tx_state;	/* enum mxtls_dir_state */
	__u8	rx_state;
	__u8	alert_rcvd_level;	/* last alert received, 0/0 if none */
	__u8	alert_rcvd_desc;
	__u8	alert_sent_level;	/* last alert sent, 0/0 if none */
	__u8	alert_sent_desc;
	__u16	pad;
	__u32	flags;		/* MXTLS_INFO_* */
	__s32	error;		/* the fatal error (positive errno), 0 if none */
	__u32	tx_epoch;	/* key sets installed, per direction */
	__u32	rx_epoch;
	__u64	tx_seq;		/* sequence number of the next record */
	__u64	rx_seq;
	__u64	tx_records;	/* records protected / verified since offload */
	__u64	rx_records;
	__u64	tx_bytes;	/* plaintext bytes */
	__u64	rx_bytes;
};

/* getsockopt(SOL_MXTLS, MXTLS_VERIFY_DATA): RFC 5746 verify_data */
#define MXTLS_VERIFY_DATA_MAX	36
struct mxtls_verify_data {
	__u8	client_len;
	__u8	server_len;
	__u8	client[MXTLS_VERIFY_DATA_MAX];
	__u8	server[MXTLS_VERIFY_DATA_MAX];
};

/* Generic netlink family */
#define MXTLS_GENL_NAME		"mxtls"
#define MXTLS_GENL_VERSION	1
#define MXTLS_GENL_MCGRP_HANDSHAKE	"handshake"

/*
 * Commands. The daemon-mode commands (ACCEPT, HS_SEND, HS_RECV,
 * SET_RX_KEYS, DONE, REHANDSHAKE) are appended after SET_KEYS.
 */
enum mxtls_cmd {
	MXTLS_CMD_UNSPEC,
	MXTLS_CMD_GET,		/* dump: one message per offloaded socket */
	MXTLS_CMD_SET_KEYS,	/* keys for one direction of an fd of the caller */
	__MXTLS_CMD_MAX,
};

#define MXTLS_CMD_MAX (__MXTLS_CMD_MAX - 1)

/* MXTLS_A_DIRECTION */
#define MXTLS_DIR_TX		1
#define MXTLS_DIR_RX		2

/* MXTLS_A_KEY_FLAGS */
#define MXTLS_KEY_F_ETM		(1U << 0)	/* RFC 7366 encrypt-then-MAC (CBC suites) */
#define MXTLS_KEY_F_ALL		MXTLS_KEY_F_ETM

/* Longest key material an attribute may carry */
#define MXTLS_MAX_ENC_KEY	32
#define MXTLS_MAX_MAC_KEY	48
#define MXTLS_MAX_IV		16

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

	/* SET_KEYS (and, where it says so, GET) */
	MXTLS_A_FD,		/* s32: socket fd in the caller's fd table */
	MXTLS_A_DIRECTION,	/* u8: MXTLS_DIR_TX or MXTLS_DIR_RX */
	MXTLS_A_VERSION,	/* u16: MXTLS_TLS_1_0 .. MXTLS_TLS_1_2 */
	MXTLS_A_SUITE,		/* u16: IANA cipher suite */
	MXTLS_A_ENC_KEY,	/* binary: the write key of that direction */
	MXTLS_A_MAC_KEY,	/* binary: the MAC key (CBC and stream suites) */
	MXTLS_A_IV,		/* binary: TLS 1.0 CBC IV, AEAD salt or nonce */
	MXTLS_A_SEQ,		/* u64: sequence number of the next record */
	MXTLS_A_KEY_FLAGS,	/* u32: MXTLS_KEY_F_* */
	MXTLS_A_CLIENT_VERIFY_DATA,	/* binary: RFC 5746, kept with the keys */
	MXTLS_A_SERVER_VERIFY_DATA,
	MXTLS_A_KEYSTREAM_OFFSET,	/* u32: stream ciphers, bytes of keystream
					 * already used in this epoch
					 */

	/* GET: the keys in use per direction, 0 while in plaintext */
	MXTLS_A_TX_SUITE,	/* u16 */
	MXTLS_A_RX_SUITE,	/* u16 */
	__MXTLS_A_MAX,
};

#define MXTLS_A_MAX (__MXTLS_A_MAX - 1)

#endif /* _UAPI_LINUX_MXTLS_H */
