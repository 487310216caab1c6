/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mxtls: daemon mode, shared by handshake.c (the requests and what the
 * application sees), hs_chan.c (records to and from the daemon) and
 * hs_netlink.c (the daemon's commands).
 *
 * Locking and lifetime: a struct mxtls_hs hangs off the mxtls_sock of a
 * daemon-mode socket from MXTLS_HANDSHAKE until the ULP is released. Its
 * fields are under the socket lock, except node/in_table (and, for
 * lookups, id and owner, written under both), which are under the netns
 * table's spinlock. A request is on the table while it is queued or
 * claimed; the table and every command at work hold a reference (and the
 * command one on the socket). close() ends the request under the socket
 * lock and marks the hs closed: a command that then gets the socket lock
 * finds it closed and touches nothing else.
 */
#ifndef _MXTLS_HANDSHAKE_H
#define _MXTLS_HANDSHAKE_H

#include <linux/kref.h>
#include <linux/mutex.h>
#include <linux/skbuff.h>
#include <linux/uidgid.h>
#include <linux/workqueue.h>

#include "mxtls.h"

/* HS_RECV messages the kernel keeps for a slow or absent daemon */
#define MXTLS_HS_RECV_LIMIT	(256 * 1024)

struct mxtls_hs {
	struct kref ref;
	struct mxtls_sock *ctx;
	struct sock *sk;
	struct list_head node;		/* on the netns table, while in_table */
	bool in_table;
	bool closed;			/* the socket was closed: nothing to do */
	struct mutex cmd_lock;		/* commands that write records, against close */

	/* The current or last request */
	u64 id;
	u32 owner;			/* netlink portid of the daemon, 0: unclaimed */
	u8 reason;			/* MXTLS_HS_REASON_* */
	u8 state;			/* enum mxtls_hs_state */
	u8 role;
	bool app_wait;			/* the initial handshake: the application waits */
	bool tx_hold;			/* a re-handshake holds application data (hs_chan.c) */
	int err;			/* how the last one ended, negative */
	unsigned long queued_at, deadline;	/* jiffies */
	u32 timeout_ms;
	u32 tx_epoch, rx_epoch;		/* at the start: both must move before DONE */
	char peer_name[MXTLS_PEER_NAME_MAX];
	char profile[MXTLS_PROFILE_MAX];
	kuid_t uid;
	kgid_t gid;
	struct pid *pid;

	/* HS_RECV messages not unicast yet, in order */
	struct sk_buff_head recv;
	u32 recv_bytes;
	struct delayed_work timer;	/* grace for a daemon, timeout */
	struct delayed_work retry;	/* HS_RECV after the daemon's buffer was full */

	/* What the last DONE said */
	bool resumed;
	char peer_id[MXTLS_PEER_ID_MAX];
	u8 peer_fp[MXTLS_PEER_FP_LEN];
	u32 handshakes;
	struct mxtls_rekey_policy policy;
	bool policy_set;		/* by setsockopt: the profile's does not replace it */
	u64 rekey_bytes, rekey_records;	/* counters at the last handshake */
};

/* handshake.c */
struct mxtls_hs *mxtls_hs_lookup(struct net *net, u64 id);
struct mxtls_hs *mxtls_hs_claim_oldest(struct net *net, u32 portid);
struct mxtls_hs *mxtls_hs_find_owned(struct net *net, u32 portid);
void mxtls_hs_put(struct mxtls_hs *hs);
bool mxtls_hs_owned(const struct mxtls_hs *hs, u64 id, u32 portid);
void mxtls_hs_set_owner(struct mxtls_hs *hs, u32 portid);
int mxtls_hs_queue(struct mxtls_hs *hs, u8 reason);
void mxtls_hs_end(struct mxtls_hs *hs, int err, int alert, bool tell_daemon);
void mxtls_hs_hold_tx(struct mxtls_hs *hs, bool hold);
int mxtls_hs_rehandshake(struct mxtls_sock *ctx);

/* hs_chan.c */
struct mxtls_crypto *mxtls_hs_null_crypto(void);
int mxtls_hs_send(struct mxtls_hs *hs, u64 id, u32 portid, u8 type, const u8 *data, u32 len,
		  u16 version, bool more);
void mxtls_hs_flush(struct mxtls_hs *hs, gfp_t gfp);
void mxtls_hs_purge(struct mxtls_hs *hs);
void mxtls_hs_retry_work(struct work_struct *work);

/* hs_netlink.c */
int mxtls_hs_notify_request(struct net *net, u64 id, u8 reason);
int mxtls_hs_notify_end(struct mxtls_hs *hs, u32 portid, int err);
struct sk_buff *mxtls_hs_recv_msg(struct mxtls_hs *hs, u8 type, u32 len, u8 **data, gfp_t gfp);
int mxtls_hs_unicast(struct mxtls_hs *hs, struct sk_buff *skb);
int mxtls_hs_netlink_init(void);
void mxtls_hs_netlink_exit(void);

#endif /* _MXTLS_HANDSHAKE_H */
