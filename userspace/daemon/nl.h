/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mxtlsd's side of the mxtls generic netlink family (libnl-genl-3): one
 * non-blocking socket per worker for its commands and the records of the
 * handshakes it claimed, and one for the "handshake" group's HS_REQUEST
 * notifications that all workers share (struct mxd_nl_listener).
 * Requests go out without waiting; what comes back (ACCEPT replies,
 * HS_RECV records, refusals) is decoded, every length checked, and handed
 * to the callbacks in struct mxd_nl_cb.
 */
#ifndef MXTLS_DAEMON_NL_H
#define MXTLS_DAEMON_NL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>
#include <linux/mxtls.h>

#include "ssl/port.h"

/* A request as ACCEPT returns it. */
struct mxd_request {
	uint64_t id;
	uint8_t role;			/* MXTLS_ROLE_* */
	uint8_t reason;			/* MXTLS_HS_REASON_* */
	char peer_name[MXTLS_PEER_NAME_MAX];
	char profile[MXTLS_PROFILE_MAX];
	uint32_t uid, gid, pid;
	uint64_t ino;
	uint16_t family, local_port, peer_port;
	struct in6_addr local_addr, peer_addr;
	/* re-handshakes: the connection as it is */
	uint16_t version, suite;
	uint8_t client_vd[MXTLS_VERIFY_DATA_MAX], server_vd[MXTLS_VERIFY_DATA_MAX];
	uint8_t vd_len;			/* both the same length, 0: none */
	char peer_id[MXTLS_PEER_ID_MAX];
};

struct mxd_nl_cb {
	void (*accepted)(void *arg, uint32_t seq, const struct mxd_request *req);
	void (*record)(void *arg, uint64_t id, uint8_t ct, const uint8_t *data, size_t len);
	/* The kernel ended a request we claimed (status: positive errno). */
	void (*ended)(void *arg, uint64_t id, int status);
	/* The kernel refused the message with this sequence number (err < 0),
	 * or acknowledged one that asked for it (err 0).
	 */
	void (*refused)(void *arg, uint32_t seq, int err, const char *why);
	void *arg;
};

struct mxd_nl;

/* What DONE reports besides the status. */
struct mxd_done {
	int status;			/* 0 or a positive errno */
	const char *peer_id;		/* NULL: none */
	const uint8_t *peer_fp;		/* MXTLS_PEER_FP_LEN bytes, NULL: none */
	bool resumed;
	const uint8_t *client_vd, *server_vd;
	size_t vd_len;
	bool ack;			/* ask for an answer: refused(seq, 0) on success */
	uint64_t rekey_bytes, rekey_records;	/* the profile's re-key policy, 0: off */
};

/*
 * The handshake group on a socket of its own. Every worker's epoll
 * watches it with EPOLLEXCLUSIVE, so that a request wakes one waiting
 * worker rather than all of them, and the one woken reads it.
 */
struct mxd_nl_listener;

int mxd_nl_listener_open(struct mxd_nl_listener **out);
void mxd_nl_listener_close(struct mxd_nl_listener *l);
int mxd_nl_listener_fd(const struct mxd_nl_listener *l);
/*
 * Read the next request: 1 and its id (ACCEPT gives the rest), 0 when
 * none waits, or -ENOBUFS when notifications were lost (the socket
 * overflowed): claim what is queued with ACCEPT(0) then.
 */
int mxd_nl_listener_next(struct mxd_nl_listener *l, uint64_t *id);

int mxd_nl_open(struct mxd_nl **out, const struct mxd_nl_cb *cb);
void mxd_nl_close(struct mxd_nl *nl);
int mxd_nl_fd(const struct mxd_nl *nl);

/*
 * Handle everything that arrived, sending what each message read made
 * the callbacks queue before reading the next (answers to it are handled
 * too). -ENOBUFS when messages were lost (the socket overflowed).
 */
int mxd_nl_receive(struct mxd_nl *nl);

/* Send the queued messages; 0 or a negative errno (each then refused). */
int mxd_nl_flush(struct mxd_nl *nl);

/*
 * Each queues a message and returns its sequence number (> 0) or a
 * negative errno. Queued messages go to the kernel together, in one
 * sendmsg (which it handles as if each had come alone), from
 * mxd_nl_receive() or with mxd_nl_flush(): call that before waiting for
 * the socket. A message the kernel never got is refused like one it
 * refused (the callback, with the error).
 */
int64_t mxd_nl_accept(struct mxd_nl *nl, uint64_t id);	/* 0: the oldest unclaimed */
int64_t mxd_nl_hs_send(struct mxd_nl *nl, uint64_t id, uint8_t ct, const uint8_t *data,
		       size_t len, uint16_t version, bool more);
int64_t mxd_nl_set_keys(struct mxd_nl *nl, uint64_t id, uint8_t dir,
			const struct mx_traffic_keys *k);
int64_t mxd_nl_done(struct mxd_nl *nl, uint64_t id, const struct mxd_done *d);

#endif /* MXTLS_DAEMON_NL_H */
