/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mxtls: state shared by the module's files.
 *
 * Locking: everything under struct mxtls_sock is protected by the socket
 * lock (lock_sock), like TCP's own state. Producing and pushing records
 * is also serialized by tx->lock, taken before the socket lock: a writer
 * waiting for TCP's send buffer drops the socket lock halfway through a
 * record, and nobody else may touch the record stream meanwhile. The TCP callbacks we hook
 * (sk_data_ready, sk_write_space) run either under the socket spinlock
 * while no process owns the socket, or in release_sock() of the owner, so
 * they see the state between two locked sections. Fields that poll() and
 * the diagnostics read without the lock are written with WRITE_ONCE().
 */
#ifndef _MXTLS_H
#define _MXTLS_H

#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <net/inet_connection_sock.h>
#include <net/sock.h>
#include <linux/mxtls.h>

#include "record.h"

/* Pieces of page fragment one sealed record (or a 1/n-1 pair) may use */
#define MXTLS_TX_OUT_FRAGS	8

struct mxtls_sock;
struct mxtls_hs;
struct genl_family;
struct genl_info;

struct mxtls_frag {
	struct page *page;
	u32 off, len;
};

/* What records being built and sent need; allocated while there are any */
struct mxtls_tx_buf {
	struct mxtls_frag pages[MXTLS_MAX_PT_SG];	/* spliced plaintext */
	struct scatterlist pt[MXTLS_MAX_PT_SG + 1];
	struct mxtls_frag out[MXTLS_TX_OUT_FRAGS];	/* sealed, not all in TCP yet */
	struct scatterlist out_sg[MXTLS_TX_OUT_FRAGS];
};

struct mxtls_tx {
	struct mxtls_sock *ctx;
	struct mutex lock;		/* one producer of records at a time */
	struct mxtls_crypto *crypto;	/* the current epoch */
	struct mxtls_crypto *next;	/* for after our next ChangeCipherSpec */

	/* The open record: plaintext not sealed yet */
	u8 open_type;			/* 0 when there is none */
	bool open_splice;		/* pages referenced, not copied */
	u32 open_len;
	u8 *stage;			/* copied plaintext */
	u32 stage_size;
	u32 npages;			/* in buf->pages */
	u32 out_n, out_i;		/* buf->out[out_i..out_n) wait for TCP */
	struct mxtls_tx_buf *buf;

	u8 alert[2];			/* plaintext of an alert being sealed */
	u8 alert_pending;		/* fatal alert for the work item to send, + 1 */
	bool flush;			/* seal the open record when TCP has room */
	bool close_notify_sent;
	struct work_struct work;	/* pushes sealed bytes when TCP has room */
	void (*saved_write_space)(struct sock *sk);
};

struct mxtls_rx {
	struct mxtls_sock *ctx;
	struct mxtls_crypto *crypto;
	struct mxtls_crypto *next;	/* for after the peer's ChangeCipherSpec */

	u8 *buf;			/* one record; NULL while idle */
	u32 have;			/* bytes of the record being assembled */

	/* The opened record being read */
	bool dec;
	u8 dec_type;
	u32 dec_off, dec_len;

	bool avail;			/* poll: a record or plaintext is ready */
	bool pull;			/* the TCP queue is filling with a partial record */
	struct work_struct work;	/* pulls that record out of TCP's way */
	void (*saved_data_ready)(struct sock *sk);
};

/* Per-socket state, hung off icsk_ulp_data while the ULP is attached. */
struct mxtls_sock {
	struct sock *sk;
	struct list_head node;		/* on mxtls_socks, under mxtls_socks_lock */
	struct rcu_head rcu;
	struct proto *sk_proto;		/* TCP's, which ours wraps */
	const struct proto_ops *sk_ops;

	struct mxtls_tx *tx;		/* NULL until TX keys are set */
	struct mxtls_rx *rx;		/* NULL until RX keys are set */
	struct mxtls_hs *hs;		/* daemon mode (handshake.h), else NULL */
	int err;			/* fatal error of the connection, negative */
	bool closing;

	/* What MXTLS_INFO, GET and ss report; read without the lock */
	u16 tx_version, rx_version;
	u16 tx_suite, rx_suite;
	u8 tx_state, rx_state;		/* enum mxtls_dir_state */
	bool close_notify;		/* MXTLS_CLOSE_NOTIFY */
	u8 alert_rcvd[2], alert_sent[2];
	u32 tx_epoch, rx_epoch;
	u64 tx_records, rx_records, tx_bytes, rx_bytes;
	struct mxtls_verify_data verify;
};

extern struct list_head mxtls_socks;
extern spinlock_t mxtls_socks_lock;
extern struct workqueue_struct *mxtls_wq;

static inline struct mxtls_sock *mxtls_get_ctx(const struct sock *sk)
{
	const struct inet_connection_sock *icsk = inet_csk(sk);

	/* The ULP data only changes under the socket lock or at destruction. */
	return (__force struct mxtls_sock *)icsk->icsk_ulp_data;
}

/* main.c */
int mxtls_ulp_init(struct sock *sk);
void mxtls_ulp_release(struct sock *sk);
bool mxtls_sk_is_ours(const struct sock *sk);

/* keys.c */
int mxtls_set_keys(struct sock *sk, u8 dir, const struct mxtls_key_material *km,
		   const struct mxtls_verify_data *vd, struct netlink_ext_ack *extack);
int mxtls_set_keys_daemon(struct sock *sk, u8 dir, const struct mxtls_key_material *km,
			  const struct mxtls_verify_data *vd, struct netlink_ext_ack *extack);
void mxtls_fatal(struct mxtls_sock *ctx, int err, int alert);

/* tx.c */
struct mxtls_tx *mxtls_tx_lock(struct mxtls_sock *ctx);
void mxtls_tx_unlock(struct mxtls_tx *tx);
int mxtls_sendmsg(struct sock *sk, struct msghdr *msg, size_t size);
void mxtls_splice_eof(struct socket *sock);
int mxtls_tx_init(struct mxtls_sock *ctx, struct mxtls_crypto *c);
void mxtls_tx_free(struct mxtls_sock *ctx);
int mxtls_tx_alert(struct mxtls_sock *ctx, u8 level, u8 desc, int flags);
void mxtls_tx_fatal_alert(struct mxtls_sock *ctx, u8 desc);
int mxtls_tx_close_notify(struct mxtls_sock *ctx);
bool mxtls_tx_pending(const struct mxtls_sock *ctx);
int mxtls_tx_send_record(struct mxtls_sock *ctx, u8 type, const void *data, size_t len,
			 bool more);

/* rx.c */
int mxtls_recvmsg(struct sock *sk, struct msghdr *msg, size_t len, int flags, int *addr_len);
__poll_t mxtls_poll(struct file *file, struct socket *sock, struct poll_table_struct *wait);
bool mxtls_sock_is_readable(struct sock *sk);
int mxtls_rx_init(struct mxtls_sock *ctx, struct mxtls_crypto *c);
void mxtls_rx_keys_ready(struct mxtls_sock *ctx);
void mxtls_rx_free(struct mxtls_sock *ctx);
void mxtls_rx_settle(struct mxtls_sock *ctx);

/* sockopt.c */
int mxtls_setsockopt(struct sock *sk, int level, int optname, sockptr_t optval,
		     unsigned int optlen);
int mxtls_getsockopt(struct sock *sk, int level, int optname, char __user *optval,
		     int __user *optlen);
int mxtls_get_info(struct sock *sk, struct sk_buff *skb);
size_t mxtls_get_info_size(const struct sock *sk);

/* proc.c: per network namespace counters, /proc/net/mxtls_stat */
enum mxtls_stat {
	MXTLS_STAT_CURR_TX,
	MXTLS_STAT_CURR_RX,
	MXTLS_STAT_TX,
	MXTLS_STAT_RX,
	MXTLS_STAT_DECRYPT_ERROR,
	MXTLS_STAT_RECORD_OVERFLOW,
	MXTLS_STAT_REKEY_TX,
	MXTLS_STAT_REKEY_RX,
	MXTLS_STAT_ALERT_SENT,
	MXTLS_STAT_ALERT_RCVD,
	MXTLS_STAT_CLOSE_NOTIFY_SENT,
	MXTLS_STAT_CLOSE_NOTIFY_RCVD,
	MXTLS_STAT_CURR_HS,		/* daemon-mode handshakes queued or claimed */
	MXTLS_STAT_HS,			/* requests queued */
	MXTLS_STAT_HS_OK,
	MXTLS_STAT_HS_FAILED,
	MXTLS_STAT_CURR_HS_SOCKS,	/* daemon-mode sockets */
	MXTLS_STAT_MAX,
};

void mxtls_stat_add(const struct sock *sk, enum mxtls_stat stat, long delta);
int mxtls_proc_init(void);
void mxtls_proc_exit(void);

/* netlink.c */
extern struct genl_family mxtls_genl_family;
int mxtls_fill_addrs(struct sk_buff *skb, const struct sock *sk);
int mxtls_genl_init(void);
void mxtls_genl_exit(void);
int mxtls_genl_set_keys_parse(struct genl_info *info, struct mxtls_key_material *km,
			      struct mxtls_verify_data *vd, bool *have_vd);
void mxtls_genl_wipe(struct nlattr **attrs);

/* handshake.c, hs_chan.c, hs_netlink.c: daemon mode, hooks for the rest */
void mxtls_hs_close(struct mxtls_sock *ctx);
void mxtls_hs_release(struct mxtls_sock *ctx);
int mxtls_hs_wait_io(struct mxtls_sock *ctx, bool nonblock, long timeo);
bool mxtls_hs_tx_held(const struct mxtls_sock *ctx);
int mxtls_hs_wait_tx(struct mxtls_sock *ctx, long *timeo);
void mxtls_hs_wait_shutdown(struct mxtls_sock *ctx);
__poll_t mxtls_hs_poll(struct mxtls_sock *ctx, __poll_t mask);
void mxtls_hs_fatal(struct mxtls_sock *ctx, int err);
bool mxtls_crypto_is_null(const struct mxtls_crypto *c);
bool mxtls_hs_rx_can_take(struct mxtls_sock *ctx);
int mxtls_hs_rx_record(struct mxtls_sock *ctx, u8 type, const u8 *data, u32 len);
struct sk_buff *mxtls_hs_rx_direct_msg(struct mxtls_sock *ctx, u32 len, u8 **data);
void mxtls_hs_rx_direct_done(struct mxtls_sock *ctx, struct sk_buff *skb, const u8 *data, u32 len);
void mxtls_hs_fill_info(struct mxtls_sock *ctx, struct mxtls_info *info);
int mxtls_hs_fill_get(struct sk_buff *skb, const struct mxtls_sock *ctx);
int mxtls_hs_sockopt(struct mxtls_sock *ctx, int optname, sockptr_t optval,
		     unsigned int optlen);
int mxtls_hs_getsockopt(struct mxtls_sock *ctx, int optname, void *val, size_t *size);
int mxtls_hs_init(void);
void mxtls_hs_exit(void);
int mxtls_hs_genl_accept(struct sk_buff *skb, struct genl_info *info);
int mxtls_hs_genl_send(struct sk_buff *skb, struct genl_info *info);
int mxtls_hs_genl_set_keys(struct sk_buff *skb, struct genl_info *info);
int mxtls_hs_genl_done(struct sk_buff *skb, struct genl_info *info);
int mxtls_hs_genl_rehandshake(struct sk_buff *skb, struct genl_info *info);

#endif /* _MXTLS_H */
