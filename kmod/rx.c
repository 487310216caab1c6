// SPDX-License-Identifier: GPL-2.0
/*
 * mxtls: the receive side.
 *
 * Records stay in TCP's receive queue until one is complete; recvmsg()
 * then moves it into rx->buf (however many skbs it spans), opens it in
 * place and copies the plaintext out, in process context. The hooked
 * sk_data_ready only looks: it peeks at the next header and wakes readers
 * and poll() when a whole record is there. A record too big for what the
 * receive buffer allows would never complete in TCP's queue, so when the
 * queue fills with a partial record the bytes are pulled into rx->buf by
 * the reader or, for a poll()-only owner, by a work item.
 *
 * Records of other types than application data are handed to the owner
 * as control records (type in an MXTLS_RECORD_TYPE cmsg) except alerts,
 * which the module acts on: close_notify is EOF, a fatal alert is
 * ECONNRESET. After the peer's ChangeCipherSpec the next record needs the
 * next epoch's keys: without them reading stops at that boundary.
 */
#include <linux/gfp.h>
#include <linux/slab.h>
#include <net/tcp.h>

#include "compat.h"
#include "mxtls.h"

/* Copy len bytes starting off bytes into TCP's receive queue, without consuming them */
static int mxtls_tcp_peek(struct sock *sk, u32 off, u8 *buf, u32 len)
{
	u32 seq = tcp_sk(sk)->copied_seq + off;
	struct sk_buff *skb;

	skb_queue_walk(&sk->sk_receive_queue, skb) {
		u32 skb_off = seq - TCP_SKB_CB(skb)->seq;
		u32 n;

		if (TCP_SKB_CB(skb)->tcp_flags & TCPHDR_SYN)
			skb_off--;
		if (skb_off >= skb->len)
			continue;
		n = min(len, skb->len - skb_off);
		if (skb_copy_bits(skb, skb_off, buf, n))
			return -EFAULT;
		buf += n;
		seq += n;
		len -= n;
		if (!len)
			return 0;
	}
	return -EAGAIN;
}

#define MXTLS_RX_SRC_SG		(MAX_SKB_FRAGS + 8)

/*
 * A scatterlist over len bytes at off into TCP's receive queue, without
 * consuming them: the number of entries, or -E2BIG when more than room.
 */
static int mxtls_tcp_sg(struct sock *sk, u32 off, u32 len, struct scatterlist *sg, int room)
{
	u32 seq = tcp_sk(sk)->copied_seq + off;
	struct sk_buff *skb;
	int n = 0;

	sg_init_table(sg, room);
	skb_queue_walk(&sk->sk_receive_queue, skb) {
		u32 skb_off = seq - TCP_SKB_CB(skb)->seq, chunk;
		int used;

		if (TCP_SKB_CB(skb)->tcp_flags & TCPHDR_SYN)
			skb_off--;
		if (skb_off >= skb->len)
			continue;
		if (skb_has_frag_list(skb) || n + 1 + skb_shinfo(skb)->nr_frags > room)
			return -E2BIG;
		chunk = min(len, skb->len - skb_off);
		used = skb_to_sgvec_nomark(skb, sg + n, skb_off, chunk);
		if (used < 0)
			return used;
		n += used;
		seq += chunk;
		len -= chunk;
		if (!len) {
			sg_mark_end(&sg[n - 1]);
			return n;
		}
	}
	return -EAGAIN;
}

static int mxtls_rx_discard_actor(read_descriptor_t *desc, struct sk_buff *skb,
				  unsigned int offset, size_t len)
{
	u32 n = min_t(size_t, len, desc->count);

	desc->count -= n;
	return n;
}

/* Consume len bytes of TCP's receive queue already used in place */
static void mxtls_tcp_discard(struct sock *sk, u32 len)
{
	read_descriptor_t desc = { .count = len };

	tcp_read_sock(sk, &desc, mxtls_rx_discard_actor);
}

/* What the next record means for a reader */
enum mxtls_rx_next {
	MXTLS_RX_NONE,		/* nothing yet */
	MXTLS_RX_READY,		/* data, a control record, news: readable */
	MXTLS_RX_MAYBE_EMPTY,	/* a whole application record that may hold no data */
	MXTLS_RX_CONTROL,	/* daemon mode: a whole record for the handshake channel */
};

/*
 * Look at the next record without taking it: under socket ownership (the
 * lock, or TCP's receive path with the socket spinlock).
 */
static enum mxtls_rx_next mxtls_rx_next(struct mxtls_sock *ctx)
{
	struct mxtls_rx *rx = ctx->rx;
	struct sock *sk = ctx->sk;
	u8 hdr[MXTLS_HDR_LEN];
	u32 inq, len;

	if (rx->dec || ctx->err || ctx->rx_state == MXTLS_STATE_CLOSED)
		return MXTLS_RX_READY;
	if (ctx->rx_state != MXTLS_STATE_ACTIVE)
		return MXTLS_RX_NONE;
	inq = tcp_inq(sk);
	if (rx->have + inq < MXTLS_HDR_LEN)
		return MXTLS_RX_NONE;
	if (rx->have)
		memcpy(hdr, rx->buf, min_t(u32, rx->have, MXTLS_HDR_LEN));
	if (rx->have < MXTLS_HDR_LEN &&
	    mxtls_tcp_peek(sk, 0, hdr + rx->have, MXTLS_HDR_LEN - rx->have))
		return MXTLS_RX_NONE;
	len = get_unaligned_be16(hdr + 3);
	if (len > MXTLS_MAX_BODY)
		return MXTLS_RX_READY;
	if (rx->have + inq < MXTLS_HDR_LEN + len)
		return MXTLS_RX_NONE;
	/* daemon mode: other records go to the daemon, as fast as it takes them */
	if (ctx->hs && hdr[0] != MXTLS_CT_APPLICATION_DATA)
		return mxtls_hs_rx_can_take(ctx) ? MXTLS_RX_CONTROL : MXTLS_RX_NONE;
	/* e.g. the empty records TLS 1.0 CBC peers put before data against BEAST */
	if (hdr[0] == MXTLS_CT_APPLICATION_DATA && len <= mxtls_min_body(rx->crypto))
		return MXTLS_RX_MAYBE_EMPTY;
	return MXTLS_RX_READY;
}

static int mxtls_rx_actor(read_descriptor_t *desc, struct sk_buff *skb, unsigned int offset,
			  size_t len)
{
	struct mxtls_rx *rx = desc->arg.data;
	u32 n = min_t(size_t, len, desc->count);

	if (!n)
		return 0;
	if (skb_copy_bits(skb, offset, rx->buf + rx->have, n)) {
		desc->error = -EFAULT;
		return 0;
	}
	rx->have += n;
	desc->count -= n;
	return n;
}

/* Move up to len bytes from TCP's receive queue to the record buffer */
static void mxtls_rx_pull(struct sock *sk, struct mxtls_rx *rx, u32 len)
{
	read_descriptor_t desc = { .arg.data = rx, .count = len };

	if (len)
		tcp_read_sock(sk, &desc, mxtls_rx_actor);
}

static int mxtls_rx_fail(struct mxtls_sock *ctx, int err, int alert)
{
	mxtls_fatal(ctx, err, alert);
	return err;
}

/*
 * Gather the next record in rx->buf: 0 when it is whole, -EAGAIN when
 * TCP has no more bytes yet, or the fatal error of a bad header.
 */
static int mxtls_rx_assemble(struct mxtls_sock *ctx)
{
	struct mxtls_rx *rx = ctx->rx;
	struct sock *sk = ctx->sk;
	u8 type;
	u16 version;
	u32 len;

	WRITE_ONCE(rx->pull, false);
	if (!rx->buf) {
		rx->buf = alloc_pages_exact(MXTLS_MAX_RECORD, sk->sk_allocation);
		if (!rx->buf)
			return -ENOMEM;
	}
	if (rx->have < MXTLS_HDR_LEN) {
		mxtls_rx_pull(sk, rx, MXTLS_HDR_LEN - rx->have);
		if (rx->have < MXTLS_HDR_LEN)
			return -EAGAIN;
	}
	type = rx->buf[0];
	version = get_unaligned_be16(rx->buf + 1);
	len = get_unaligned_be16(rx->buf + 3);
	if (len > MXTLS_MAX_BODY) {
		mxtls_stat_add(sk, MXTLS_STAT_RECORD_OVERFLOW, 1);
		return mxtls_rx_fail(ctx, -EMSGSIZE, MXTLS_ALERT_RECORD_OVERFLOW);
	}
	if (type < MXTLS_CT_CHANGE_CIPHER_SPEC || type > MXTLS_CT_APPLICATION_DATA)
		return mxtls_rx_fail(ctx, -EBADMSG, MXTLS_ALERT_UNEXPECTED_MESSAGE);
	/* before the first keys (daemon mode) any TLS record version will do */
	if (version != rx->crypto->version &&
	    (rx->crypto->suite->prot->cipher != MXTLS_CIPHER_NULL || version >> 8 != 3))
		return mxtls_rx_fail(ctx, -EBADMSG, MXTLS_ALERT_PROTOCOL_VERSION);
	if (len < mxtls_min_body(rx->crypto)) {
		mxtls_stat_add(sk, MXTLS_STAT_DECRYPT_ERROR, 1);
		return mxtls_rx_fail(ctx, -EBADMSG, MXTLS_ALERT_BAD_RECORD_MAC);
	}
	mxtls_rx_pull(sk, rx, MXTLS_HDR_LEN + len - rx->have);
	return rx->have < MXTLS_HDR_LEN + len ? -EAGAIN : 0;
}

/* The peer's ChangeCipherSpec: the next record belongs to the next epoch */
static void mxtls_rx_epoch_end(struct mxtls_sock *ctx)
{
	struct mxtls_rx *rx = ctx->rx;
	struct mxtls_crypto *old = rx->crypto;

	if (!rx->next) {
		WRITE_ONCE(ctx->rx_state, MXTLS_STATE_WAIT_KEYS);
		return;
	}
	rx->crypto = rx->next;
	rx->next = NULL;
	mxtls_crypto_free(old);
	WRITE_ONCE(ctx->rx_version, rx->crypto->version);
	WRITE_ONCE(ctx->rx_suite, rx->crypto->suite->id);
	WRITE_ONCE(ctx->rx_epoch, ctx->rx_epoch + 1);
	mxtls_stat_add(ctx->sk, MXTLS_STAT_REKEY_RX, 1);
}

/* 0: the alert was dealt with; 1: hand it to the owner; or a fatal error */
static int mxtls_rx_alert(struct mxtls_sock *ctx, const u8 *alert, int len)
{
	struct sock *sk = ctx->sk;

	if (len != 2)
		return mxtls_rx_fail(ctx, -EBADMSG, MXTLS_ALERT_DECODE_ERROR);
	WRITE_ONCE(ctx->alert_rcvd[0], alert[0]);
	WRITE_ONCE(ctx->alert_rcvd[1], alert[1]);
	mxtls_stat_add(sk, MXTLS_STAT_ALERT_RCVD, 1);
	if (alert[1] == MXTLS_ALERT_CLOSE_NOTIFY) {
		WRITE_ONCE(ctx->rx_state, MXTLS_STATE_CLOSED);
		mxtls_stat_add(sk, MXTLS_STAT_CLOSE_NOTIFY_RCVD, 1);
		return 0;
	}
	if (alert[0] != MXTLS_ALERT_WARNING)
		return mxtls_rx_fail(ctx, -ECONNRESET, -1);
	return 1;
}

/*
 * A CBC record whole in TCP's queue, with a header mxtls_rx_assemble()
 * would take: open it from the queue into rx->buf, sparing the copy of
 * the ciphertext (the plaintext is copied out from rx->buf as usual).
 * False when the record must be assembled first; *n is mxtls_open()'s.
 */
static bool mxtls_rx_open_queued(struct mxtls_sock *ctx, int *n)
{
	struct mxtls_rx *rx = ctx->rx;
	struct mxtls_crypto *c = rx->crypto;
	struct sock *sk = ctx->sk;
	struct scatterlist src[MXTLS_RX_SRC_SG];
	u8 *hdr;
	u32 len;

	if (!c->cbc || rx->have)
		return false;
	if (!rx->buf) {
		rx->buf = alloc_pages_exact(MXTLS_MAX_RECORD, sk->sk_allocation);
		if (!rx->buf)
			return false;
	}
	hdr = rx->buf;
	if (mxtls_tcp_peek(sk, 0, hdr, MXTLS_HDR_LEN))
		return false;
	len = get_unaligned_be16(hdr + 3);
	if (hdr[0] < MXTLS_CT_CHANGE_CIPHER_SPEC || hdr[0] > MXTLS_CT_APPLICATION_DATA ||
	    get_unaligned_be16(hdr + 1) != c->version || len < mxtls_min_body(c) ||
	    len > MXTLS_MAX_BODY || tcp_inq(sk) < MXTLS_HDR_LEN + len ||
	    mxtls_tcp_sg(sk, MXTLS_HDR_LEN, len, src, ARRAY_SIZE(src)) < 0)
		return false;
	*n = mxtls_open_cbc_sg(c, hdr[0], src, len, rx->buf + MXTLS_HDR_LEN);
	mxtls_tcp_discard(sk, MXTLS_HDR_LEN + len);
	return true;
}

/*
 * Open the next record: 0 when there is a record to read in rx (or none
 * is due: an empty one, close_notify), -EAGAIN when more bytes are needed,
 * or the fatal error.
 */
static int mxtls_rx_fetch(struct mxtls_sock *ctx)
{
	struct mxtls_rx *rx = ctx->rx;
	struct mxtls_crypto *c = rx->crypto;
	struct sock *sk = ctx->sk;
	u32 off = MXTLS_HDR_LEN + c->explicit_len;
	u8 type;
	int n, err;

	if (!mxtls_rx_open_queued(ctx, &n)) {
		err = mxtls_rx_assemble(ctx);
		if (err)
			return err;
		n = mxtls_open(c, rx->buf[0], rx->buf + MXTLS_HDR_LEN, rx->have - MXTLS_HDR_LEN);
	}
	type = rx->buf[0];
	rx->have = 0;
	if (n == -EBADMSG) {
		mxtls_stat_add(sk, MXTLS_STAT_DECRYPT_ERROR, 1);
		return mxtls_rx_fail(ctx, n, MXTLS_ALERT_BAD_RECORD_MAC);
	}
	if (n == -EMSGSIZE) {
		mxtls_stat_add(sk, MXTLS_STAT_RECORD_OVERFLOW, 1);
		return mxtls_rx_fail(ctx, n, MXTLS_ALERT_RECORD_OVERFLOW);
	}
	if (n < 0)
		return mxtls_rx_fail(ctx, n, MXTLS_ALERT_INTERNAL_ERROR);
	WRITE_ONCE(ctx->rx_records, ctx->rx_records + 1);

	switch (type) {
	case MXTLS_CT_APPLICATION_DATA:
		if (!n)
			return 0;
		break;
	case MXTLS_CT_ALERT:
		err = mxtls_rx_alert(ctx, rx->buf + off, n);
		if (err <= 0)
			return err;
		break;
	case MXTLS_CT_CHANGE_CIPHER_SPEC:
		if (n != 1 || rx->buf[off] != 1)
			return mxtls_rx_fail(ctx, -EBADMSG, MXTLS_ALERT_DECODE_ERROR);
		mxtls_rx_epoch_end(ctx);
		break;
	default:
		if (!n)
			return mxtls_rx_fail(ctx, -EBADMSG, MXTLS_ALERT_UNEXPECTED_MESSAGE);
		break;
	}
	/* daemon mode: the application sees application data only */
	if (ctx->hs && type != MXTLS_CT_APPLICATION_DATA)
		return mxtls_hs_rx_record(ctx, type, rx->buf + off, n);
	rx->dec = true;
	rx->dec_type = type;
	rx->dec_off = off;
	rx->dec_len = n;
	WRITE_ONCE(ctx->rx_bytes, ctx->rx_bytes + n);
	return 0;
}

/* The pages of room bytes of the reader's buffer, as a scatterlist */
static int mxtls_user_sg(struct msghdr *msg, u32 room, struct scatterlist *sg,
			 struct page **pages, int max)
{
	u32 got = 0;
	int n = 0;

	sg_init_table(sg, max);
	while (got < room) {
		size_t off;
		ssize_t r = n < max ? iov_iter_get_pages2(&msg->msg_iter, pages + n, room - got,
							  max - n, &off) : 0;
		u32 left = r;

		if (r <= 0)
			goto fail;
		got += r;
		while (left) {
			u32 l = min_t(u32, PAGE_SIZE - off, left);

			sg_set_page(&sg[n], pages[n], l, off);
			off = 0;
			left -= l;
			n++;
		}
	}
	sg_mark_end(&sg[n - 1]);
	return n;
fail:
	iov_iter_revert(&msg->msg_iter, got);
	while (n--)
		put_page(pages[n]);
	return -E2BIG;
}

#define MXTLS_RX_DST_PAGES	(MXTLS_MAX_BODY / PAGE_SIZE + 2)

/*
 * An AEAD or CBC application record whole in TCP's queue and a reader with
 * room for all it may hold: open it from the queue straight into the
 * reader's pages, as the kernel's tls does (a CBC record's last blocks go
 * through a buffer of ours, see mxtls_open_sg()). Returns the plaintext
 * length; 0 when nothing was read: the record must take the ordinary way,
 * or it was an empty CBC record, taken like the ordinary way takes one; or
 * a fatal error.
 */
static int mxtls_rx_direct(struct mxtls_sock *ctx, struct msghdr *msg, size_t room)
{
	struct mxtls_rx *rx = ctx->rx;
	struct mxtls_crypto *c = rx->crypto;
	struct sock *sk = ctx->sk;
	struct scatterlist src[MXTLS_RX_SRC_SG], dst[MXTLS_RX_DST_PAGES];
	struct page *pages[MXTLS_RX_DST_PAGES];
	u8 hdr[MXTLS_HDR_LEN];
	u32 len, plain;
	int n, np;

	if ((!c->aead && !c->cbc) || rx->have || !user_backed_iter(&msg->msg_iter) ||
	    mxtls_tcp_peek(sk, 0, hdr, MXTLS_HDR_LEN))
		return 0;
	len = get_unaligned_be16(hdr + 3);
	if (hdr[0] != MXTLS_CT_APPLICATION_DATA || get_unaligned_be16(hdr + 1) != c->version ||
	    len <= mxtls_min_body(c) || len > MXTLS_MAX_BODY ||
	    tcp_inq(sk) < MXTLS_HDR_LEN + len)
		return 0;
	/* the most it can hold; more than 2^14 is refused once it is checked */
	plain = mxtls_open_max_plain(c, len);
	if (plain > room || (c->aead && plain > MXTLS_MAX_PLAIN))
		return 0;
	if (mxtls_tcp_sg(sk, MXTLS_HDR_LEN, len, src, ARRAY_SIZE(src)) < 0)
		return 0;
	np = mxtls_user_sg(msg, plain, dst, pages, ARRAY_SIZE(pages));
	if (np < 0)
		return 0;
	n = mxtls_open_sg(c, MXTLS_CT_APPLICATION_DATA, src, len, dst);
	while (np--)
		put_page(pages[np]);
	if (n < 0) {
		iov_iter_revert(&msg->msg_iter, plain);
		if (n == -EBADMSG) {
			mxtls_stat_add(sk, MXTLS_STAT_DECRYPT_ERROR, 1);
			return mxtls_rx_fail(ctx, n, MXTLS_ALERT_BAD_RECORD_MAC);
		}
		if (n == -EMSGSIZE) {
			mxtls_stat_add(sk, MXTLS_STAT_RECORD_OVERFLOW, 1);
			return mxtls_rx_fail(ctx, n, MXTLS_ALERT_RECORD_OVERFLOW);
		}
		return mxtls_rx_fail(ctx, n, MXTLS_ALERT_INTERNAL_ERROR);
	}
	iov_iter_revert(&msg->msg_iter, plain - n);
	mxtls_tcp_discard(sk, MXTLS_HDR_LEN + len);
	WRITE_ONCE(ctx->rx_records, ctx->rx_records + 1);
	WRITE_ONCE(ctx->rx_bytes, ctx->rx_bytes + n);
	return n;
}

/*
 * Under the lock: open the records that may carry no data, so that poll()
 * reports readable only when there is something to read, and say so.
 */
void mxtls_rx_settle(struct mxtls_sock *ctx)
{
	enum mxtls_rx_next next;

	while ((next = mxtls_rx_next(ctx)) == MXTLS_RX_MAYBE_EMPTY || next == MXTLS_RX_CONTROL)
		if (mxtls_rx_fetch(ctx) && !ctx->err)
			break;
	WRITE_ONCE(ctx->rx->avail, next == MXTLS_RX_READY);
}

/* TCP's queue is half full: a record that does not fit must come out of it */
static bool mxtls_rx_pressure(const struct sock *sk)
{
	return atomic_read(&sk->sk_rmem_alloc) >= READ_ONCE(sk->sk_rcvbuf) / 2;
}

/* Wait for a record, the next epoch's keys, an error or EOF */
static void mxtls_rx_wait(struct mxtls_sock *ctx, long *timeo)
{
	DEFINE_WAIT_FUNC(wait, woken_wake_function);
	struct mxtls_rx *rx = ctx->rx;
	struct sock *sk = ctx->sk;
	u8 state = ctx->rx_state;

	add_wait_queue(sk_sleep(sk), &wait);
	sk_set_bit(SOCKWQ_ASYNC_WAITDATA, sk);
	sk_wait_event(sk, timeo,
		      READ_ONCE(rx->avail) || READ_ONCE(rx->pull) || READ_ONCE(sk->sk_err) ||
		      (READ_ONCE(sk->sk_shutdown) & RCV_SHUTDOWN) ||
		      READ_ONCE(ctx->rx_state) != state, &wait);
	sk_clear_bit(SOCKWQ_ASYNC_WAITDATA, sk);
	remove_wait_queue(sk_sleep(sk), &wait);
}

/* Hand the current record's type to the reader; a control record needs it */
static int mxtls_rx_put_type(struct msghdr *msg, u8 type)
{
	if (type == MXTLS_CT_APPLICATION_DATA && !msg->msg_controllen)
		return 0;
	put_cmsg(msg, SOL_MXTLS, MXTLS_RECORD_TYPE, sizeof(type), &type);
	if (type != MXTLS_CT_APPLICATION_DATA && (msg->msg_flags & MSG_CTRUNC))
		return -EIO;
	return 0;
}

static int mxtls_rx_read(struct mxtls_sock *ctx, struct msghdr *msg, size_t len, int flags)
{
	struct mxtls_rx *rx = ctx->rx;
	struct sock *sk = ctx->sk;
	long timeo = sock_rcvtimeo(sk, flags & MSG_DONTWAIT);
	int target = sock_rcvlowat(sk, flags & MSG_WAITALL, len);
	bool peek = flags & MSG_PEEK, typed = false;
	size_t copied = 0;
	int err = 0;

	for (;;) {
		if (rx->dec) {
			u8 type = rx->dec_type;
			u32 n;

			if (type != MXTLS_CT_APPLICATION_DATA && copied)
				break;
			if (!typed) {
				err = mxtls_rx_put_type(msg, type);
				if (err)
					break;
				typed = true;
			}
			n = min_t(size_t, rx->dec_len, len - copied);
			if (copy_to_iter(rx->buf + rx->dec_off, n, &msg->msg_iter) != n) {
				err = -EFAULT;
				break;
			}
			copied += n;
			if (peek) {
				/* Peeking stops at the end of the record being read */
				break;
			}
			rx->dec_off += n;
			rx->dec_len -= n;
			if (!rx->dec_len)
				rx->dec = false;
			if (type != MXTLS_CT_APPLICATION_DATA)
				break;
		}
		if (copied >= len)
			break;
		if (ctx->err) {
			err = ctx->err;
			break;
		}
		if (ctx->rx_state == MXTLS_STATE_CLOSED)
			break;
		if (ctx->rx_state == MXTLS_STATE_WAIT_KEYS) {
			if (copied)
				break;
			if (!timeo) {
				err = -EKEYEXPIRED;
				break;
			}
		} else {
			if (!peek) {
				int n = mxtls_rx_direct(ctx, msg, len - copied);

				if (n < 0) {
					err = n;
					break;
				}
				if (n) {
					if (!typed)
						mxtls_rx_put_type(msg, MXTLS_CT_APPLICATION_DATA);
					typed = true;
					copied += n;
					continue;
				}
			}
			/*
			 * A record partly in TCP's queue stays there until it is
			 * whole, to be opened from there, unless it fills the queue
			 */
			if (!rx->have && mxtls_rx_next(ctx) == MXTLS_RX_NONE &&
			    !mxtls_rx_pressure(sk)) {
				/*
				 * A pull mxtls_data_ready() asked for is moot
				 * now (we read what filled the queue); left
				 * set, it would keep mxtls_rx_wait() from
				 * sleeping until the work item ran.
				 */
				WRITE_ONCE(rx->pull, false);
				err = -EAGAIN;
			} else {
				err = mxtls_rx_fetch(ctx);
			}
			if (!err)
				continue;
			if (err != -EAGAIN)
				break;
			err = 0;
			WRITE_ONCE(rx->avail, false);
			if (copied >= target)
				break;
			if (sk->sk_err) {
				err = sock_error(sk);
				break;
			}
			if (sock_flag(sk, SOCK_DONE) || (sk->sk_shutdown & RCV_SHUTDOWN)) {
				/* EOF; within a record, the peer cut it short */
				if ((rx->have || tcp_inq(sk)) && sock_flag(sk, SOCK_DONE))
					err = mxtls_rx_fail(ctx, -EBADMSG, -1);
				break;
			}
			if (!timeo) {
				err = -EAGAIN;
				break;
			}
		}
		if (signal_pending(current)) {
			err = sock_intr_errno(timeo);
			break;
		}
		mxtls_rx_wait(ctx, &timeo);
	}
	/*
	 * What was read may leave the next record partial in an skb that
	 * still fills the queue: TCP's window stays shut and no new data
	 * will come to call mxtls_data_ready(), so pull it out now.
	 */
	if (ctx->rx_state == MXTLS_STATE_ACTIVE && !ctx->err && !rx->dec &&
	    mxtls_rx_pressure(sk))
		queue_work(mxtls_wq, &rx->work);
	return copied ?: err;
}

int mxtls_recvmsg(struct sock *sk, struct msghdr *msg, size_t len, int flags, int *addr_len)
{
	struct mxtls_sock *ctx = mxtls_get_ctx(sk);
	struct mxtls_rx *rx;
	int ret;

	if (!READ_ONCE(ctx->rx) || (flags & MSG_ERRQUEUE))
		return ctx->sk_proto->recvmsg(sk, msg, len, flags, addr_len);
	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (READ_ONCE(ctx->hs)) {
		ret = mxtls_hs_wait_io(ctx, flags & MSG_DONTWAIT,
				       sock_rcvtimeo(sk, flags & MSG_DONTWAIT));
		if (ret)
			return ret;
	}

	lock_sock(sk);
	rx = ctx->rx;
	ret = mxtls_rx_read(ctx, msg, len, flags);
	mxtls_rx_settle(ctx);
	/* An idle socket keeps no record buffer */
	if (rx->buf && !rx->dec && !rx->have && !tcp_inq(sk)) {
		free_pages_exact(rx->buf, MXTLS_MAX_RECORD);
		rx->buf = NULL;
	}
	release_sock(sk);
	return ret;
}

bool mxtls_sock_is_readable(struct sock *sk)
{
	struct mxtls_rx *rx = READ_ONCE(mxtls_get_ctx(sk)->rx);

	return rx && READ_ONCE(rx->avail);
}

__poll_t mxtls_poll(struct file *file, struct socket *sock, struct poll_table_struct *wait)
{
	struct sock *sk = sock->sk;
	struct mxtls_sock *ctx = mxtls_get_ctx(sk);
	struct mxtls_rx *rx = READ_ONCE(ctx->rx);
	__poll_t mask = ctx->sk_ops->poll(file, sock, wait);

	if (rx) {
		/* Readable when there is plaintext, a record or news, not raw bytes */
		mask &= ~(EPOLLIN | EPOLLRDNORM);
		if (READ_ONCE(rx->avail) || READ_ONCE(ctx->err) ||
		    READ_ONCE(ctx->rx_state) == MXTLS_STATE_CLOSED ||
		    (READ_ONCE(sk->sk_shutdown) & RCV_SHUTDOWN))
			mask |= EPOLLIN | EPOLLRDNORM;
	}
	if (mxtls_tx_pending(ctx))
		mask &= ~(EPOLLOUT | EPOLLWRNORM);
	if (READ_ONCE(ctx->hs))
		mask = mxtls_hs_poll(ctx, mask);
	return mask;
}

/*
 * In TCP's receive path, the socket owned by no process (as strparser
 * reads): the next record, whole in the queue, when it is a plaintext
 * handshake record of a daemon-mode handshake, goes to the daemon now.
 * The work item would cost a worker's wake-up on the way, at every
 * flight of every handshake. Anything else waits for the work item,
 * which then sends it after these, in order.
 */
static bool mxtls_rx_to_daemon(struct mxtls_sock *ctx)
{
	struct mxtls_rx *rx = ctx->rx;
	struct sock *sk = ctx->sk;
	u8 hdr[MXTLS_HDR_LEN], *data;
	struct sk_buff *skb;
	u32 len;

	if (rx->have || !mxtls_crypto_is_null(rx->crypto) ||
	    mxtls_tcp_peek(sk, 0, hdr, MXTLS_HDR_LEN))
		return false;
	len = get_unaligned_be16(hdr + 3);
	/* what the work item would refuse, it refuses itself */
	if (hdr[0] != MXTLS_CT_HANDSHAKE || hdr[1] != 3 || !len || len > MXTLS_MAX_BODY ||
	    tcp_inq(sk) < MXTLS_HDR_LEN + len)
		return false;
	skb = mxtls_hs_rx_direct_msg(ctx, len, &data);
	if (!skb)
		return false;
	if (mxtls_tcp_peek(sk, MXTLS_HDR_LEN, data, len)) {
		kfree_skb(skb);
		return false;
	}
	mxtls_tcp_discard(sk, MXTLS_HDR_LEN + len);
	WRITE_ONCE(ctx->rx_records, ctx->rx_records + 1);
	mxtls_hs_rx_direct_done(ctx, skb, data, len);
	return true;
}

/*
 * Under socket ownership, as TCP's own receive path: wake readers when a
 * record is there; records that may be empty are opened by the work item
 * first, as is a partial record that fills the queue.
 */
static void mxtls_data_ready(struct sock *sk)
{
	struct mxtls_sock *ctx = mxtls_get_ctx(sk);
	struct mxtls_rx *rx = ctx->rx;
	enum mxtls_rx_next next = mxtls_rx_next(ctx);

	if (next == MXTLS_RX_CONTROL && !sock_owned_by_user_nocheck(sk))
		while (next == MXTLS_RX_CONTROL && mxtls_rx_to_daemon(ctx))
			next = mxtls_rx_next(ctx);
	WRITE_ONCE(rx->avail, next == MXTLS_RX_READY);
	if (next == MXTLS_RX_READY) {
		rx->saved_data_ready(sk);
		return;
	}
	if (next == MXTLS_RX_MAYBE_EMPTY || next == MXTLS_RX_CONTROL) {
		queue_work(mxtls_wq, &rx->work);
		return;
	}
	if (ctx->rx_state == MXTLS_STATE_ACTIVE && !rx->dec && mxtls_rx_pressure(sk)) {
		/* A partial record fills the queue: take it out of TCP's way */
		WRITE_ONCE(rx->pull, true);
		queue_work(mxtls_wq, &rx->work);
		rx->saved_data_ready(sk);
	}
}

static void mxtls_rx_work(struct work_struct *work)
{
	struct mxtls_rx *rx = container_of(work, struct mxtls_rx, work);
	struct mxtls_sock *ctx = rx->ctx;
	struct sock *sk = ctx->sk;

	lock_sock(sk);
	if (!ctx->closing && !ctx->err && ctx->rx_state == MXTLS_STATE_ACTIVE) {
		mxtls_rx_settle(ctx);
		if (!rx->avail && !rx->dec && (READ_ONCE(rx->pull) || mxtls_rx_pressure(sk))) {
			mxtls_rx_assemble(ctx);
			mxtls_rx_settle(ctx);
		}
		if (rx->avail)
			rx->saved_data_ready(sk);
	}
	release_sock(sk);
}

/* Keys arrived, first or after the peer's ChangeCipherSpec: look at what is queued */
void mxtls_rx_keys_ready(struct mxtls_sock *ctx)
{
	mxtls_rx_settle(ctx);
	ctx->rx->saved_data_ready(ctx->sk);
}

int mxtls_rx_init(struct mxtls_sock *ctx, struct mxtls_crypto *c)
{
	struct sock *sk = ctx->sk;
	struct mxtls_rx *rx;

	rx = kzalloc(sizeof(*rx), GFP_KERNEL);
	if (!rx)
		return -ENOMEM;
	rx->ctx = ctx;
	rx->crypto = c;
	INIT_WORK(&rx->work, mxtls_rx_work);
	rx->saved_data_ready = sk->sk_data_ready;
	WRITE_ONCE(ctx->rx, rx);

	write_lock_bh(&sk->sk_callback_lock);
	sk->sk_data_ready = mxtls_data_ready;
	write_unlock_bh(&sk->sk_callback_lock);
	return 0;
}

/* After close: nothing else can reach rx */
void mxtls_rx_free(struct mxtls_sock *ctx)
{
	struct mxtls_rx *rx = ctx->rx;

	if (!rx)
		return;
	cancel_work_sync(&rx->work);
	if (rx->buf)
		free_pages_exact(rx->buf, MXTLS_MAX_RECORD);
	mxtls_crypto_free(rx->crypto);
	mxtls_crypto_free(rx->next);
	mxtls_stat_add(ctx->sk, MXTLS_STAT_CURR_RX, -1);
	WRITE_ONCE(ctx->rx, NULL);
	kfree(rx);
}
