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
#define MXTLS_HANDSHAKE		16	/* set: struct mxtls_handshake (daemon mode) */
#define MXTLS_REHANDSHAKE	17	/* set: nothing or a __u32 reason (ignored, for
					 * the log): a re-handshake from our side
					 */
#define MXTLS_REKEY_POLICY	18	/* get/set: struct mxtls_rekey_policy */

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
#define MXTLS_ALERT_NO_RENEGOTIATION	100

#define MXTLS_PEER_ID_MAX	256
#define MXTLS_PEER_FP_LEN	32
#define MXTLS_PEER_NAME_MAX	256
#define MXTLS_PROFILE_MAX	64

/*
 * Daemon mode. setsockopt(SOL_MXTLS, MXTLS_HANDSHAKE) on a socket that
 * carries the ULP, is established and has moved no byte through it yet
 * (else EISCONN for a socket with keys or a finished handshake, EALREADY
 * while one runs, EINVAL for a bad argument) queues a handshake request
 * for a daemon subscribed to the "handshake" group.
 *
 * A blocking socket sleeps until the handshake ends and returns 0 or the
 * error; a signal interrupts the wait (EINTR, or a restart), not the
 * handshake, and calling again waits again. A non-blocking socket gets
 * EINPROGRESS (EALREADY on a second call while it runs); the end is
 * signalled with POLLOUT (POLLERR too on failure), the result is in
 * SO_ERROR and MXTLS_INFO. read() and write() block (EAGAIN when
 * non-blocking) until the handshake ends; poll() reports neither POLLIN
 * nor POLLOUT meanwhile.
 *
 * Errors: ECONNREFUSED when no daemon is subscribed to the group
 * MXTLS_HS_GRACE_MS after the request was queued (or later, while it is
 * still unclaimed); ETIMEDOUT when the handshake did not end within the
 * timeout; EKEYREJECTED when the daemon reports a verification failure;
 * ECONNRESET on a fatal alert from the peer (in MXTLS_INFO); EBADMSG on a
 * bad record; ECONNABORTED when the netlink socket of the daemon that
 * claimed the request is released; otherwise the errno the daemon reports
 * in DONE.
 */
#define MXTLS_ROLE_CLIENT	1
#define MXTLS_ROLE_SERVER	2

#define MXTLS_HS_GRACE_MS		1000	/* for a daemon to subscribe */
#define MXTLS_HS_TIMEOUT_DEFAULT_MS	30000	/* timeout_ms 0 */

struct mxtls_handshake {
	__u8	role;			/* MXTLS_ROLE_* */
	__u8	pad[3];			/* zero */
	__u32	timeout_ms;		/* 0: MXTLS_HS_TIMEOUT_DEFAULT_MS */
	char	peer_name[MXTLS_PEER_NAME_MAX];	/* NUL-terminated, may be empty */
	char	profile[MXTLS_PROFILE_MAX];	/* NUL-terminated, empty: "default" */
};

/*
 * During a re-handshake (any reason) the application's writes are held
 * from the daemon's first handshake record other than a HelloRequest
 * until its Finished went out under the new keys: peers such as OpenSSL
 * refuse application data in the middle of a renegotiation. A blocking
 * write() sleeps (up to SO_SNDTIMEO: EAGAIN; a signal: EINTR), a
 * non-blocking one gets EAGAIN and poll() no POLLOUT; the end of the
 * request releases them, with the connection's error if it failed (e.g.
 * ECONNABORTED when the daemon went away, ETIMEDOUT). Reads go on, and
 * should: the peer's handshake records come after the data it sent
 * before. Not from a HelloRequest: the peer may take data until it has
 * our answer to its ClientHello, and may not read the HelloRequest before
 * it has written what it has.
 */

/*
 * MXTLS_REKEY_POLICY: a local re-handshake (reason MXTLS_HS_REASON_REKEY)
 * once this many plaintext bytes or records went either way since the
 * last handshake; 0 is off. DONE may set it from the profile; a value set
 * with setsockopt wins over the profile's.
 */
struct mxtls_rekey_policy {
	__u64	bytes;
	__u64	records;
};

enum mxtls_hs_state {
	MXTLS_HS_NONE,		/* library mode, or no handshake asked for */
	MXTLS_HS_QUEUED,	/* waiting for a daemon's ACCEPT */
	MXTLS_HS_CLAIMED,	/* a daemon runs it */
	MXTLS_HS_DONE,
	MXTLS_HS_FAILED,
};

enum mxtls_mode {
	MXTLS_MODE_LIBRARY,	/* keys from the application (SET_KEYS by fd) */
	MXTLS_MODE_DAEMON,	/* MXTLS_HANDSHAKE */
};

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

	/* Daemon mode (zero in library mode) */
	__u8	hs_state;	/* enum mxtls_hs_state of the last or current handshake */
	__u8	hs_role;	/* MXTLS_ROLE_* */
	__u8	mode;		/* enum mxtls_mode */
	__u8	resumed;	/* 1: the last handshake resumed a session */
	__s32	hs_error;	/* positive errno of a failed handshake, 0 otherwise */
	char	peer_id[MXTLS_PEER_ID_MAX];	/* NUL-terminated, from DONE */
	__u8	peer_fp[MXTLS_PEER_FP_LEN];	/* SHA-256 of the peer's leaf certificate,
						 * all zero if none
						 */
	__u32	handshakes;	/* completed through a daemon, re-handshakes included */
	__u32	pad2;
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
 * Commands. The daemon's commands (ACCEPT, HS_SEND, SET_KEYS with HS_ID,
 * DONE) and REHANDSHAKE need CAP_NET_ADMIN in the user namespace of the
 * caller's network namespace, and see only that namespace's requests.
 * A daemon learns of requests from HS_REQUEST on the "handshake" group
 * (joining it takes CAP_NET_ADMIN too), or by calling ACCEPT without HS_ID
 * until ENOENT (e.g. when it starts).
 *
 * The handshake channel: the daemon sends a flight's bytes of one content
 * type with HS_SEND and the kernel frames them as records, plaintext until
 * our ChangeCipherSpec, protected after. Records of other types than
 * application data that the peer sends are deframed (and opened) by the
 * kernel and unicast to the daemon as HS_RECV, one record each, in order;
 * if the daemon's receive buffer is full, the kernel stops reading from
 * TCP and retries (nothing is lost). Keys: SET_KEYS with HS_ID; TX keys
 * take effect right after the daemon's ChangeCipherSpec HS_SEND, RX keys
 * right after the peer's ChangeCipherSpec (reading stops there until they
 * are given). The record version of plaintext records is TLS 1.0 until a
 * ServerHello is sent or received, then its version; HS_SEND may set it
 * with MXTLS_A_VERSION.
 *
 * A handshake record from the peer after a handshake ended (HelloRequest,
 * ClientHello) queues a re-handshake request (reason PEER) and waits for
 * a daemon; application data keeps flowing both ways, keys change at the
 * ChangeCipherSpec records. If no daemon claims it within the default
 * timeout, a no_renegotiation warning alert is sent and the connection
 * goes on. If the netlink socket of the daemon that claimed a request is
 * released, the request fails with ECONNABORTED: an initial handshake
 * ends with it, and so does the connection of a re-handshake, since
 * its keys may already be half switched.
 */
enum mxtls_cmd {
	MXTLS_CMD_UNSPEC,
	MXTLS_CMD_GET,		/* dump: one message per offloaded socket */
	MXTLS_CMD_SET_KEYS,	/* keys for one direction of an fd of the caller, or of
				 * a handshake the caller claimed (HS_ID)
				 */
	MXTLS_CMD_HS_REQUEST,	/* kernel -> group: HS_ID, HS_REASON */
	MXTLS_CMD_ACCEPT,	/* claim HS_ID, or the oldest unclaimed request
				 * (ENOENT: none, EBUSY: claimed by another); the reply
				 * (same command) has HS_ID, ROLE, PEER_NAME, PROFILE,
				 * REQ_UID/GID/PID, HS_REASON, SOCK_INO, the addresses
				 * and, for a re-handshake, VERSION, SUITE, the verify
				 * data and the last PEER_ID/PEER_FP
				 */
	MXTLS_CMD_HS_RECV,	/* kernel -> owner: HS_ID, CONTENT_TYPE, DATA; when the
				 * owner's socket buffer was full, the owner's recv()
				 * fails once with ENOBUFS (unless NETLINK_NO_ENOBUFS)
				 * and the kernel sends it again: nothing is lost
				 */
	MXTLS_CMD_HS_SEND,	/* HS_ID, CONTENT_TYPE, DATA (<= MXTLS_HS_DATA_MAX),
				 * optional VERSION (record version), optional MORE:
				 * the next HS_SEND of this flight follows in the
				 * same sendmsg, TCP holds these records for it
				 * (MSG_MORE) and sends the flight in one segment.
				 * Waits while TCP's send buffer is full, until the
				 * bytes are queued or the handshake fails. A CCS is
				 * one byte, 1, and needs TX keys (ENOKEY).
				 */
	MXTLS_CMD_DONE,		/* HS_ID, HS_STATUS, optional ALERT, PEER_ID, PEER_FP,
				 * RESUMED, REKEY_BYTES, REKEY_RECORDS, and the new
				 * CLIENT/SERVER_VERIFY_DATA (kept for a later
				 * re-handshake, given with ACCEPT). Success needs
				 * both directions switched to the new keys (EINVAL).
				 * Also kernel -> owner (HS_ID, HS_STATUS: a positive
				 * errno) when the kernel ended a claimed request: a
				 * peer's alert, a bad record, the timeout, close().
				 * HS_SEND, SET_KEYS and DONE on a request claimed by
				 * another socket: EPERM; on one that ended: ENOENT.
				 */
	MXTLS_CMD_REHANDSHAKE,	/* SOCK_INO: a local re-handshake of a daemon-mode
				 * socket (EOPNOTSUPP in library mode)
				 */
	__MXTLS_CMD_MAX,
};

#define MXTLS_CMD_MAX (__MXTLS_CMD_MAX - 1)

/* MXTLS_A_HS_REASON */
#define MXTLS_HS_REASON_INITIAL		1	/* MXTLS_HANDSHAKE */
#define MXTLS_HS_REASON_PEER		2	/* the peer started a re-handshake */
#define MXTLS_HS_REASON_LOCAL		3	/* MXTLS_REHANDSHAKE or CMD_REHANDSHAKE */
#define MXTLS_HS_REASON_REKEY		4	/* MXTLS_REKEY_POLICY */

/*
 * Most bytes one HS_SEND may carry (what a netlink attribute holds, just
 * under 64 KiB); HS_RECV carries one record, <= 2^14
 */
#define MXTLS_HS_DATA_MAX	65531

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

	/* Daemon mode */
	MXTLS_A_HS_ID,		/* u64: a request, unique in its netns, never reused */
	MXTLS_A_HS_REASON,	/* u8: MXTLS_HS_REASON_* */
	MXTLS_A_ROLE,		/* u8: MXTLS_ROLE_* */
	MXTLS_A_PEER_NAME,	/* string: the name to verify (client), may be empty */
	MXTLS_A_PROFILE,	/* string: "default" if the application gave none */
	MXTLS_A_REQ_UID,	/* u32: of the task that asked, in the daemon's user ns */
	MXTLS_A_REQ_GID,	/* u32 */
	MXTLS_A_REQ_PID,	/* u32: in the daemon's pid namespace, 0 if not there */
	MXTLS_A_CONTENT_TYPE,	/* u8: handshake, alert or change_cipher_spec */
	MXTLS_A_DATA,		/* binary: record payload(s) */
	MXTLS_A_HS_STATUS,	/* s32: 0, or a positive errno (EKEYREJECTED, ...) */
	MXTLS_A_ALERT,		/* u8: fatal alert to send before failing */
	MXTLS_A_PEER_ID,	/* string: the peer's identity (certificate subject) */
	MXTLS_A_PEER_FP,	/* binary: SHA-256 of the peer's leaf certificate */
	MXTLS_A_RESUMED,	/* flag */
	MXTLS_A_REKEY_BYTES,	/* u64: the profile's re-key policy */
	MXTLS_A_REKEY_RECORDS,	/* u64 */
	MXTLS_A_MODE,		/* u8: enum mxtls_mode (GET) */
	MXTLS_A_HS_STATE,	/* u8: enum mxtls_hs_state (GET) */
	MXTLS_A_TX_RECORDS,	/* u64 (GET) */
	MXTLS_A_RX_RECORDS,	/* u64 */
	MXTLS_A_TX_BYTES,	/* u64 */
	MXTLS_A_RX_BYTES,	/* u64 */
	MXTLS_A_MORE,		/* flag (HS_SEND): more of the flight follows at once */
	__MXTLS_A_MAX,
};

#define MXTLS_A_MAX (__MXTLS_A_MAX - 1)

#endif /* _UAPI_LINUX_MXTLS_H */
