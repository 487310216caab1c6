// SPDX-License-Identifier: GPL-2.0
/*
 * mxtls: daemon mode, the handshake channel: records between the peer and
 * the daemon.
 *
 * Until the first ChangeCipherSpec each way, a daemon-mode socket runs
 * the record layer with the null cipher (TLS_NULL_WITH_NULL_NULL): the
 * same code frames, deframes, counts and switches keys at the CCS records
 * as in every later epoch. What the daemon sends goes out as records of
 * its content type (tx.c fragments them); records of other types than
 * application data that the peer sends are deframed and opened by the
 * receive side (rx.c), which hands them here instead of to the reader.
 * They are queued as ready-made HS_RECV messages and unicast to the
 * daemon that claimed the request, in order; when its socket buffer is
 * full they wait, the receive side stops taking more once
 * MXTLS_HS_RECV_LIMIT bytes wait, and a work item tries again.
 */
#include <linux/slab.h>
#include <net/sock.h>

#include "compat.h"
#include "handshake.h"

static const struct mxtls_protection mxtls_null_prot = {
	.cipher	= MXTLS_CIPHER_NULL,
	.hash	= MXTLS_HASH_NONE,
};

/* Not in the suite table: SET_KEYS can never ask for it */
static const struct mxtls_suite mxtls_null_suite = {
	.id	= 0,
	.prot	= &mxtls_null_prot,
};

#define MXTLS_HS_RETRY_MS	10

/* Handshake message type */
#define MXTLS_HS_HELLO_REQUEST	0

/* The first epoch's keys: none; TLS 1.0 records until a ServerHello says more */
struct mxtls_crypto *mxtls_hs_null_crypto(void)
{
	struct mxtls_crypto *c = kzalloc(sizeof(*c), GFP_KERNEL);

	if (!c)
		return NULL;
	c->suite = &mxtls_null_suite;
	c->version = MXTLS_TLS_1_0;
	c->block = 1;
	return c;
}

bool mxtls_crypto_is_null(const struct mxtls_crypto *c)
{
	return c->suite == &mxtls_null_suite;
}

static bool mxtls_hs_version_ok(u16 version)
{
	return version >= MXTLS_TLS_1_0 && version <= MXTLS_TLS_1_2;
}

/*
 * Under the socket lock (sealing happens under it too): the version of
 * the plaintext records we send, until our first keys.
 */
static void mxtls_hs_record_version(struct mxtls_sock *ctx, u16 version)
{
	struct mxtls_tx *tx = ctx->tx;

	if (tx && mxtls_crypto_is_null(tx->crypto) && mxtls_hs_version_ok(version))
		tx->crypto->version = version;
}

/* A ServerHello, sent or received, says which version the records carry from now on */
static void mxtls_hs_sniff(struct mxtls_sock *ctx, const u8 *data, u32 len)
{
	/* msg_type(1) length(3) server_version(2) */
	if (len >= 6 && data[0] == 2)
		mxtls_hs_record_version(ctx, get_unaligned_be16(data + 4));
}

/* HS_SEND from the daemon that claimed request id; more: TCP waits for the rest */
int mxtls_hs_send(struct mxtls_hs *hs, u64 id, u32 portid, u8 type, const u8 *data, u32 len,
		  u16 version, bool more)
{
	struct mxtls_sock *ctx = hs->ctx;
	struct sock *sk = hs->sk;
	struct mxtls_tx *tx;
	bool closed, rehs;
	int err;

	if ((version && !mxtls_hs_version_ok(version)) ||
	    (type == MXTLS_CT_CHANGE_CIPHER_SPEC && (len != 1 || data[0] != 1)))
		return -EINVAL;
	mutex_lock(&hs->cmd_lock);
	/* not closed now: close waits for cmd_lock before it frees anything */
	lock_sock(sk);
	closed = hs->closed;
	release_sock(sk);
	if (closed) {
		mutex_unlock(&hs->cmd_lock);
		return -ENOENT;
	}
	tx = mxtls_tx_lock(ctx);
	if (!mxtls_hs_owned(hs, id, portid)) {
		err = hs->in_table && hs->id == id ? -EPERM : -ENOENT;
		goto out;
	}
	if (version)
		mxtls_hs_record_version(ctx, version);
	if (type == MXTLS_CT_HANDSHAKE)
		mxtls_hs_sniff(ctx, data, len);
	/*
	 * A re-handshake: application data waits from here (handshake.c). Not
	 * from a HelloRequest: the peer takes data until it has our reply to
	 * its ClientHello, and may be waiting to write what it has before it
	 * reads the HelloRequest at all.
	 */
	rehs = type == MXTLS_CT_HANDSHAKE && hs->reason != MXTLS_HS_REASON_INITIAL;
	if (rehs && ctx->tx_epoch == hs->tx_epoch && data[0] != MXTLS_HS_HELLO_REQUEST)
		mxtls_hs_hold_tx(hs, true);
	err = mxtls_tx_send_record(ctx, type, data, len, more);
	if (err >= 0)
		err = err == len ? 0 : -EIO;
	/* ... until our Finished, the handshake record after our CCS, is out */
	if (!err && rehs && ctx->tx_epoch != hs->tx_epoch)
		mxtls_hs_hold_tx(hs, false);
out:
	mxtls_tx_unlock(tx);
	mutex_unlock(&hs->cmd_lock);
	return err;
}

/* Under the socket lock: may the receive side hand over another record? */
bool mxtls_hs_rx_can_take(struct mxtls_sock *ctx)
{
	struct mxtls_hs *hs = ctx->hs;

	return !hs->closed && hs->recv_bytes < MXTLS_HS_RECV_LIMIT;
}

/* Under socket ownership: a record for the owner, after those that wait */
static void mxtls_hs_rx_queue(struct mxtls_hs *hs, struct sk_buff *skb, gfp_t gfp)
{
	__skb_queue_tail(&hs->recv, skb);
	hs->recv_bytes += skb->len;
	mxtls_hs_flush(hs, gfp);
}

/*
 * Under the socket lock, from the receive side: a record of another type
 * than application data. Outside a handshake, a handshake record starts a
 * re-handshake; a warning alert is dropped; anything else is unexpected.
 */
int mxtls_hs_rx_record(struct mxtls_sock *ctx, u8 type, const u8 *data, u32 len)
{
	struct mxtls_hs *hs = ctx->hs;
	struct sk_buff *skb;
	u8 *msg_data;

	if (hs->closed)
		return 0;
	if (!hs->in_table) {
		if (type == MXTLS_CT_ALERT)
			return 0;
		if (type != MXTLS_CT_HANDSHAKE || hs->state != MXTLS_HS_DONE) {
			mxtls_fatal(ctx, -EBADMSG, MXTLS_ALERT_UNEXPECTED_MESSAGE);
			return -EBADMSG;
		}
		mxtls_hs_queue(hs, MXTLS_HS_REASON_PEER);
	}
	if (type == MXTLS_CT_HANDSHAKE)
		mxtls_hs_sniff(ctx, data, len);
	skb = mxtls_hs_recv_msg(hs, type, len, &msg_data, GFP_KERNEL);
	if (!skb) {
		mxtls_fatal(ctx, -ENOMEM, MXTLS_ALERT_INTERNAL_ERROR);
		return -ENOMEM;
	}
	memcpy(msg_data, data, len);
	mxtls_hs_rx_queue(hs, skb, GFP_KERNEL);
	return 0;
}

/*
 * In TCP's receive path, the socket owned by no process: a plaintext
 * handshake record of len bytes for a claimed request, to be copied to
 * *data; the caller takes it out of TCP's queue and calls
 * mxtls_hs_rx_direct_done(). NULL: it waits for the work item instead.
 */
struct sk_buff *mxtls_hs_rx_direct_msg(struct mxtls_sock *ctx, u32 len, u8 **data)
{
	struct mxtls_hs *hs = ctx->hs;

	if (ctx->closing || hs->closed || !hs->in_table || !hs->owner)
		return NULL;
	return mxtls_hs_recv_msg(hs, MXTLS_CT_HANDSHAKE, len, data, GFP_ATOMIC);
}

void mxtls_hs_rx_direct_done(struct mxtls_sock *ctx, struct sk_buff *skb, const u8 *data, u32 len)
{
	mxtls_hs_sniff(ctx, data, len);
	mxtls_hs_rx_queue(ctx->hs, skb, GFP_ATOMIC);
}

/*
 * Under socket ownership (the lock, or TCP's receive path with gfp
 * GFP_ATOMIC): unicast what waits to the owner, in order.
 */
void mxtls_hs_flush(struct mxtls_hs *hs, gfp_t gfp)
{
	bool was_full = hs->recv_bytes >= MXTLS_HS_RECV_LIMIT;
	struct mxtls_rx *rx = hs->ctx->rx;
	struct sk_buff *skb, *clone;
	int err;

	if (!hs->owner)
		return;
	while ((skb = skb_peek(&hs->recv))) {
		/* netlink frees what it could not deliver: keep the original */
		clone = skb_clone(skb, gfp);
		err = clone ? mxtls_hs_unicast(hs, clone) : -ENOMEM;
		if (err == -EAGAIN || err == -ENOMEM || err == -ENOBUFS) {
			queue_delayed_work(mxtls_wq, &hs->retry,
					   msecs_to_jiffies(MXTLS_HS_RETRY_MS));
			break;
		}
		/* the owner is gone: NETLINK_URELEASE ends the request */
		if (err)
			break;
		__skb_unlink(skb, &hs->recv);
		hs->recv_bytes -= skb->len;
		consume_skb(skb);
	}
	if (was_full && hs->recv_bytes < MXTLS_HS_RECV_LIMIT && rx)
		queue_work(mxtls_wq, &rx->work);
}

void mxtls_hs_purge(struct mxtls_hs *hs)
{
	skb_queue_purge(&hs->recv);
	hs->recv_bytes = 0;
}

void mxtls_hs_retry_work(struct work_struct *work)
{
	struct mxtls_hs *hs = container_of(to_delayed_work(work), struct mxtls_hs, retry);
	struct sock *sk = hs->sk;

	lock_sock(sk);
	if (!hs->closed)
		mxtls_hs_flush(hs, GFP_KERNEL);
	release_sock(sk);
}
