// SPDX-License-Identifier: GPL-2.0
/*
 * mxtls: the transmit side.
 *
 * Plaintext accumulates in one open record, copied from sendmsg() or, for
 * sendfile()/splice(), as references to the source pages, which the cipher
 * reads in place. The record is sealed when it is full, at the end of a
 * call without MSG_MORE, or before a record of another type. A record all
 * of whose plaintext is in one sendmsg() is sealed from the writer's own
 * pages within the call. Sealing writes into the task's page fragment and
 * the pages go to TCP by reference.
 *
 * Sealed bytes TCP could not take yet (a non-blocking socket with a full
 * send buffer) stay in tx->buf->out; nothing more is sealed until they are
 * gone, and a work item pushes them when TCP reports room, so that data
 * written does not wait for the next write. Only one producer works on the
 * stream at a time (tx->lock, see mxtls.h).
 */
#include <linux/highmem.h>
#include <linux/slab.h>
#include <linux/uio.h>
#include <crypto/scatterwalk.h>
#include <net/tcp.h>

#include "compat.h"
#include "mxtls.h"

#define MXTLS_SEND_FLAGS	(MSG_MORE | MSG_DONTWAIT | MSG_NOSIGNAL | MSG_EOR | \
				 MSG_CMSG_COMPAT | MSG_SPLICE_PAGES | MSG_SENDPAGE_NOPOLICY)

bool mxtls_tx_pending(const struct mxtls_sock *ctx)
{
	const struct mxtls_tx *tx = READ_ONCE(ctx->tx);

	return tx && READ_ONCE(tx->out_i) < READ_ONCE(tx->out_n);
}

/* Hand a piece of sealed bytes to TCP by reference */
static int mxtls_push_page(struct sock *sk, struct page *page, u32 off, u32 len, int flags,
			   bool more)
{
#ifdef MXTLS_HAVE_SENDPAGE
	return do_tcp_sendpages(sk, page, off, len, flags | (more ? MSG_SENDPAGE_NOTLAST : 0));
#else
	struct msghdr msg = { .msg_flags = flags | MSG_SPLICE_PAGES | (more ? MSG_MORE : 0) };
	struct bio_vec bvec;

	bvec_set_page(&bvec, page, len, off);
	iov_iter_bvec(&msg.msg_iter, ITER_SOURCE, &bvec, 1, len);
	return tcp_sendmsg_locked(sk, &msg, len);
#endif
}

/*
 * Push the sealed bytes to TCP. 0 once all are queued there; -EAGAIN or
 * TCP's error otherwise, the rest staying for later.
 */
static int mxtls_tx_push(struct mxtls_sock *ctx, int flags)
{
	struct mxtls_tx *tx = ctx->tx;
	struct sock *sk = ctx->sk;

	flags &= MSG_DONTWAIT | MSG_NOSIGNAL | MSG_MORE;
	while (tx->out_i < tx->out_n) {
		struct mxtls_frag *f = &tx->buf->out[tx->out_i];
		bool more = tx->out_i + 1 < tx->out_n;
		int ret;

		ret = mxtls_push_page(sk, f->page, f->off, f->len, flags, more);
		if (ret <= 0)
			return ret ?: -EAGAIN;
		f->off += ret;
		f->len -= ret;
		if (f->len)
			continue;
		put_page(f->page);
		f->page = NULL;
		WRITE_ONCE(tx->out_i, tx->out_i + 1);
	}
	WRITE_ONCE(tx->out_n, 0);
	WRITE_ONCE(tx->out_i, 0);
	return 0;
}

static void mxtls_tx_drop_out(struct mxtls_tx *tx)
{
	while (tx->out_i < tx->out_n) {
		put_page(tx->buf->out[tx->out_i].page);
		tx->buf->out[tx->out_i++].page = NULL;
	}
	WRITE_ONCE(tx->out_n, 0);
	WRITE_ONCE(tx->out_i, 0);
}

/* The record buffers, there while records are in the making or in flight */
static int mxtls_tx_need_buf(struct mxtls_tx *tx)
{
	if (!tx->buf)
		tx->buf = kmalloc(sizeof(*tx->buf), tx->ctx->sk->sk_allocation);
	return tx->buf ? 0 : -ENOMEM;
}

/* An idle writer keeps no buffers */
static void mxtls_tx_idle(struct mxtls_tx *tx)
{
	if (tx->open_type || tx->npages || tx->out_i < tx->out_n)
		return;
	kfree(tx->buf);
	tx->buf = NULL;
	kfree(tx->stage);
	tx->stage = NULL;
	tx->stage_size = 0;
}

/* Take total bytes of the socket's page fragment for sealed records */
static int mxtls_tx_alloc_out(struct mxtls_sock *ctx, u32 total)
{
	struct mxtls_tx *tx = ctx->tx;
	struct sock *sk = ctx->sk;
	struct page_frag *pfrag = sk_page_frag(sk);
	u32 n = 0;

	if (mxtls_tx_need_buf(tx))
		return -ENOMEM;
	sg_init_table(tx->buf->out_sg, MXTLS_TX_OUT_FRAGS);
	while (total) {
		u32 take;

		if (n == MXTLS_TX_OUT_FRAGS ||
		    !skb_page_frag_refill(min_t(u32, total, SZ_1K), pfrag, sk->sk_allocation)) {
			WRITE_ONCE(tx->out_n, n);
			mxtls_tx_drop_out(tx);
			return -ENOMEM;
		}
		take = min_t(u32, total, pfrag->size - pfrag->offset);
		get_page(pfrag->page);
		tx->buf->out[n] = (struct mxtls_frag){ pfrag->page, pfrag->offset, take };
		sg_set_page(&tx->buf->out_sg[n], pfrag->page, take, pfrag->offset);
		pfrag->offset += take;
		total -= take;
		n++;
	}
	sg_mark_end(&tx->buf->out_sg[n - 1]);
	WRITE_ONCE(tx->out_i, 0);
	WRITE_ONCE(tx->out_n, n);
	return 0;
}

/*
 * Seal len bytes of type from pt into freshly taken page fragments. In
 * TLS 1.0 CBC an application record is split 1/n-1: the first record's
 * first block then holds a MAC the attacker cannot predict (BEAST).
 */
static int mxtls_tx_seal_pt(struct mxtls_sock *ctx, u8 type, struct scatterlist *pt, u32 len)
{
	struct mxtls_tx *tx = ctx->tx;
	struct mxtls_crypto *c = tx->crypto;
	struct scatterlist fwd_pt[2], fwd_out[2];
	bool split = type == MXTLS_CT_APPLICATION_DATA && c->cbc &&
		     c->version == MXTLS_TLS_1_0 && len > 1;
	u32 first = split ? 1 : len;
	int err;

	err = mxtls_tx_alloc_out(ctx, mxtls_sealed_len(c, first) +
				 (split ? mxtls_sealed_len(c, len - 1) : 0));
	if (err)
		return err;
	err = mxtls_seal(c, type, pt, first, tx->buf->out_sg, NULL);
	if (!err && split)
		err = mxtls_seal(c, type, scatterwalk_ffwd(fwd_pt, pt, 1), len - 1,
				 scatterwalk_ffwd(fwd_out, tx->buf->out_sg, mxtls_sealed_len(c, 1)),
				 NULL);
	if (err) {
		mxtls_tx_drop_out(tx);
		return err;
	}
	WRITE_ONCE(ctx->tx_records, ctx->tx_records + 1 + split);
	WRITE_ONCE(ctx->tx_bytes, ctx->tx_bytes + len);
	return 0;
}

static void mxtls_tx_release_open(struct mxtls_tx *tx)
{
	while (tx->npages) {
		tx->npages--;
		put_page(tx->buf->pages[tx->npages].page);
	}
	tx->open_type = 0;
	tx->open_len = 0;
}

/* Seal the open record; a failure leaves a hole in the stream: fatal */
static int mxtls_tx_seal_open(struct mxtls_sock *ctx)
{
	struct mxtls_tx *tx = ctx->tx;
	u32 i;
	int err;

	err = mxtls_tx_need_buf(tx);
	if (err) {
		mxtls_tx_release_open(tx);
		mxtls_fatal(ctx, err, -1);
		return err;
	}
	if (tx->open_splice) {
		sg_init_table(tx->buf->pt, tx->npages);
		for (i = 0; i < tx->npages; i++)
			sg_set_page(&tx->buf->pt[i], tx->buf->pages[i].page, tx->buf->pages[i].len,
				    tx->buf->pages[i].off);
	} else {
		sg_init_one(tx->buf->pt, tx->stage, tx->open_len);
	}
	err = mxtls_tx_seal_pt(ctx, tx->open_type, tx->buf->pt, tx->open_len);
	mxtls_tx_release_open(tx);
	/* the alert would need the cipher that just failed */
	if (err)
		mxtls_fatal(ctx, err, -1);
	return err;
}

static int mxtls_tx_seal_push(struct mxtls_sock *ctx, int flags)
{
	return mxtls_tx_seal_open(ctx) ?: mxtls_tx_push(ctx, flags);
}

/* Copy up to room bytes of msg into the open record */
static int mxtls_tx_copy(struct mxtls_tx *tx, struct msghdr *msg, u32 room)
{
	u32 want = min_t(size_t, room, msg_data_left(msg));
	u32 need = tx->open_len + want;
	size_t n;

	if (need > tx->stage_size) {
		u32 size = min_t(u32, round_up(need, 512), MXTLS_MAX_PLAIN);
		u8 *stage = krealloc(tx->stage, size, tx->ctx->sk->sk_allocation);

		if (!stage)
			return -ENOMEM;
		tx->stage = stage;
		tx->stage_size = size;
	}
	n = copy_from_iter(tx->stage + tx->open_len, want, &msg->msg_iter);
	if (!n && want)
		return -EFAULT;
	tx->open_len += n;
	return n;
}

/* Take references to up to room bytes of the pages msg splices */
static int mxtls_tx_take_pages(struct mxtls_tx *tx, struct msghdr *msg, u32 room)
{
	int taken = 0;

	if (mxtls_tx_need_buf(tx))
		return -ENOMEM;
	while (room && tx->npages < MXTLS_MAX_PT_SG && msg_data_left(msg)) {
		struct page *page;
		size_t off;
		ssize_t n;

		n = iov_iter_get_pages2(&msg->msg_iter, &page, room, 1, &off);
		if (n <= 0)
			return taken ?: (n ?: -EFAULT);
		tx->buf->pages[tx->npages++] = (struct mxtls_frag){ page, off, n };
		tx->open_len += n;
		taken += n;
		room -= n;
	}
	return taken;
}

static int mxtls_tx_usable(struct mxtls_sock *ctx, int flags)
{
	struct sock *sk = ctx->sk;

	if (ctx->err)
		return ctx->err;
	if (sk->sk_err)
		return sock_error(sk);
	if (ctx->tx->close_notify_sent || (sk->sk_shutdown & SEND_SHUTDOWN))
		return sk_stream_error(sk, flags, -EPIPE);
	return 0;
}

/*
 * Application data. A record whose plaintext is all in this call (a full
 * record, or the end of a write without MSG_MORE) is sealed straight from
 * the writer's pages, as spliced pages are, before the call returns;
 * otherwise the plaintext is copied into the open record.
 */
static int mxtls_tx_app(struct mxtls_sock *ctx, struct msghdr *msg, int flags)
{
	struct mxtls_tx *tx = ctx->tx;
	bool splice = flags & MSG_SPLICE_PAGES;
	int copied = 0, err = 0;

	while (msg_data_left(msg)) {
		bool direct = false;
		u32 room;
		int n;

		if (tx->open_type && tx->open_splice != splice) {
			err = mxtls_tx_seal_push(ctx, flags | MSG_MORE);
			if (err)
				break;
		}
		if (!tx->open_type) {
			direct = !splice && user_backed_iter(&msg->msg_iter) &&
				 (msg_data_left(msg) >= MXTLS_MAX_PLAIN || !(flags & MSG_MORE));
			tx->open_type = MXTLS_CT_APPLICATION_DATA;
			tx->open_splice = splice || direct;
		}
		room = MXTLS_MAX_PLAIN - tx->open_len;
		n = tx->open_splice ? mxtls_tx_take_pages(tx, msg, room) : -EFAULT;
		if (n <= 0 && direct) {
			/* the pages could not be had: copy, which also tells why */
			mxtls_tx_release_open(tx);
			tx->open_type = MXTLS_CT_APPLICATION_DATA;
			tx->open_splice = false;
			direct = false;
		}
		if (!tx->open_splice)
			n = mxtls_tx_copy(tx, msg, room);
		if (n < 0) {
			err = n;
			break;
		}
		copied += n;
		if (direct || tx->open_len == MXTLS_MAX_PLAIN ||
		    (splice && tx->npages == MXTLS_MAX_PT_SG)) {
			err = mxtls_tx_seal_push(ctx, flags | (msg_data_left(msg) ? MSG_MORE : 0));
			if (err)
				break;
		}
	}
	if (!err && tx->open_type && !tx->open_len)
		mxtls_tx_release_open(tx);
	if (!err && tx->open_type && !(flags & MSG_MORE))
		err = mxtls_tx_seal_push(ctx, flags);
	/* a record that could not be sealed took this call's data with it */
	if (ctx->err)
		return ctx->err;
	return copied ?: err;
}

/*
 * A record of another type than application data, sealed at once. Our
 * ChangeCipherSpec switches to the keys set for the next epoch right after
 * it, so those must be there. more: the next record follows at once, TCP
 * holds this one for it (MSG_MORE) and sends them together.
 */
static int mxtls_tx_control(struct mxtls_sock *ctx, struct msghdr *msg, size_t size, u8 type,
			    int flags, bool more)
{
	struct mxtls_tx *tx = ctx->tx;
	int copied = 0, err = 0;

	if (!size || (flags & (MSG_MORE | MSG_SPLICE_PAGES)))
		return -EINVAL;
	if (type == MXTLS_CT_CHANGE_CIPHER_SPEC) {
		if (size != 1)
			return -EINVAL;
		if (!tx->next)
			return -ENOKEY;
	}
	if (tx->open_type) {
		err = mxtls_tx_seal_push(ctx, flags | MSG_MORE);
		if (err)
			return err;
	}
	while (msg_data_left(msg)) {
		int n;

		tx->open_type = type;
		tx->open_splice = false;
		n = mxtls_tx_copy(tx, msg, MXTLS_MAX_PLAIN);
		if (n < 0) {
			mxtls_tx_release_open(tx);
			err = n;
			break;
		}
		if (type == MXTLS_CT_ALERT && n == 2) {
			WRITE_ONCE(ctx->alert_sent[0], tx->stage[0]);
			WRITE_ONCE(ctx->alert_sent[1], tx->stage[1]);
		}
		err = mxtls_tx_seal_open(ctx);
		if (err)
			break;
		copied += n;
		err = mxtls_tx_push(ctx, flags | (more || msg_data_left(msg) ? MSG_MORE : 0));
		if (err)
			break;
	}
	if (type == MXTLS_CT_CHANGE_CIPHER_SPEC && copied) {
		struct mxtls_crypto *old = tx->crypto;

		tx->crypto = tx->next;
		tx->next = NULL;
		mxtls_crypto_free(old);
		WRITE_ONCE(ctx->tx_version, tx->crypto->version);
		WRITE_ONCE(ctx->tx_suite, tx->crypto->suite->id);
		WRITE_ONCE(ctx->tx_epoch, ctx->tx_epoch + 1);
		mxtls_stat_add(ctx->sk, MXTLS_STAT_REKEY_TX, 1);
	}
	if (copied && type == MXTLS_CT_ALERT)
		mxtls_stat_add(ctx->sk, MXTLS_STAT_ALERT_SENT, 1);
	/* Sealed is sent, as far as the caller is concerned */
	return copied ?: err;
}

static int mxtls_cmsg_type(struct msghdr *msg, u8 *type)
{
	struct cmsghdr *cmsg;

	for_each_cmsghdr(cmsg, msg) {
		if (!CMSG_OK(msg, cmsg))
			return -EINVAL;
		if (cmsg->cmsg_level != SOL_MXTLS)
			continue;
		if (cmsg->cmsg_type != MXTLS_RECORD_TYPE || cmsg->cmsg_len != CMSG_LEN(1))
			return -EINVAL;
		*type = *(u8 *)CMSG_DATA(cmsg);
		if (*type < MXTLS_CT_CHANGE_CIPHER_SPEC || *type > MXTLS_CT_APPLICATION_DATA)
			return -EINVAL;
	}
	return 0;
}

/*
 * Take tx->lock of a keyed socket, then the socket lock; returns tx, or
 * NULL (socket lock only) while the socket has no TX keys.
 */
struct mxtls_tx *mxtls_tx_lock(struct mxtls_sock *ctx)
{
	struct mxtls_tx *tx = READ_ONCE(ctx->tx);

	for (;;) {
		if (tx)
			mutex_lock(&tx->lock);
		lock_sock(ctx->sk);
		if (ctx->tx == tx)
			return tx;
		/* keys came meanwhile: take their lock first */
		release_sock(ctx->sk);
		tx = ctx->tx;
	}
}

void mxtls_tx_unlock(struct mxtls_tx *tx)
{
	release_sock(tx->ctx->sk);
	mutex_unlock(&tx->lock);
}

int mxtls_sendmsg(struct sock *sk, struct msghdr *msg, size_t size)
{
	struct mxtls_sock *ctx = mxtls_get_ctx(sk);
	int flags = msg->msg_flags;
	long timeo = sock_sndtimeo(sk, flags & MSG_DONTWAIT);
	struct mxtls_tx *tx;
	u8 type = 0;
	int err;

	if (msg->msg_controllen) {
		err = mxtls_cmsg_type(msg, &type);
		if (err)
			return err;
	}

	if (READ_ONCE(ctx->hs)) {
		/* the daemon alone sends the records of the handshake channel */
		if (type && type != MXTLS_CT_APPLICATION_DATA)
			return -EPERM;
		err = mxtls_hs_wait_io(ctx, flags & MSG_DONTWAIT, timeo);
		if (err)
			return err;
	}

	tx = mxtls_tx_lock(ctx);
	/* a re-handshake in the daemon's hands may hold application data */
	while (tx && mxtls_hs_tx_held(ctx)) {
		mutex_unlock(&tx->lock);
		err = mxtls_hs_wait_tx(ctx, &timeo);
		release_sock(sk);
		if (err)
			return err;
		tx = mxtls_tx_lock(ctx);
	}
	if (!tx) {
		/* No keys yet: a plain TCP socket, except that records need keys */
		err = type ? -ENOKEY : tcp_sendmsg_locked(sk, msg, size);
		release_sock(sk);
		return err;
	}
	err = -EOPNOTSUPP;
	if (flags & ~MXTLS_SEND_FLAGS)
		goto out;
	err = mxtls_tx_usable(ctx, flags) ?: mxtls_tx_push(ctx, flags);
	if (err)
		goto out;
	/* no sequence number left: only new keys (a ChangeCipherSpec) help */
	err = -EKEYEXPIRED;
	if (tx->crypto->seq == U64_MAX && !tx->open_type)
		goto out;
	if (type && type != MXTLS_CT_APPLICATION_DATA)
		err = mxtls_tx_control(ctx, msg, size, type, flags, false);
	else
		err = mxtls_tx_app(ctx, msg, flags);
out:
	mxtls_tx_idle(tx);
	mxtls_tx_unlock(tx);
	return err;
}

/*
 * A record of the handshake channel (daemon mode) from the daemon, under
 * tx->lock and the socket lock: blocks while TCP has no room, up to the
 * send timeout, or until the connection fails. more: the daemon's next
 * HS_SEND of the flight is on its way in the same sendmsg, TCP waits.
 */
int mxtls_tx_send_record(struct mxtls_sock *ctx, u8 type, const void *data, size_t len,
			 bool more)
{
	struct kvec iov = { .iov_base = (void *)data, .iov_len = len };
	struct msghdr msg = { .msg_flags = MSG_NOSIGNAL };
	int err;

	iov_iter_kvec(&msg.msg_iter, ITER_SOURCE, &iov, 1, len);
	err = mxtls_tx_usable(ctx, MSG_NOSIGNAL) ?: mxtls_tx_push(ctx, MSG_NOSIGNAL);
	if (!err)
		err = mxtls_tx_control(ctx, &msg, len, type, MSG_NOSIGNAL, more);
	mxtls_tx_idle(ctx->tx);
	return err;
}

/*
 * Seal the open record if a flush was asked for and push everything,
 * without waiting: what TCP cannot take now, the work item pushes later.
 */
static void mxtls_tx_flush(struct mxtls_sock *ctx)
{
	struct mxtls_tx *tx = ctx->tx;
	int flags = MSG_DONTWAIT | MSG_NOSIGNAL;

	if (ctx->err || mxtls_tx_push(ctx, flags))
		return;
	if (tx->flush && tx->open_type)
		mxtls_tx_seal_push(ctx, flags);
	tx->flush = false;
}

/* The end of sendfile()/splice(): what is open goes out now */
void mxtls_splice_eof(struct socket *sock)
{
	struct sock *sk = sock->sk;
	struct mxtls_sock *ctx = mxtls_get_ctx(sk);

	struct mxtls_tx *tx;

	if (!READ_ONCE(ctx->tx)) {
		if (ctx->sk_proto->splice_eof)
			ctx->sk_proto->splice_eof(sock);
		return;
	}
	tx = mxtls_tx_lock(ctx);
	if (tx->open_type) {
		tx->flush = true;
		mxtls_tx_flush(ctx);
	}
	mxtls_tx_idle(tx);
	mxtls_tx_unlock(tx);
}

/*
 * Seal and push an alert. For our own fatal alerts flags has MSG_DONTWAIT:
 * if TCP cannot even take what was sealed before, the alert is not sent.
 */
int mxtls_tx_alert(struct mxtls_sock *ctx, u8 level, u8 desc, int flags)
{
	struct mxtls_tx *tx = ctx->tx;
	struct scatterlist sg;
	int err;

	if (!tx || tx->close_notify_sent)
		return -ENOKEY;
	if (tx->open_type && !mxtls_tx_push(ctx, flags)) {
		err = mxtls_tx_seal_open(ctx);
		if (err)
			return err;
	}
	err = mxtls_tx_push(ctx, flags);
	if (err)
		return err;
	tx->alert[0] = level;
	tx->alert[1] = desc;
	sg_init_one(&sg, tx->alert, sizeof(tx->alert));
	err = mxtls_tx_seal_pt(ctx, MXTLS_CT_ALERT, &sg, sizeof(tx->alert));
	if (err)
		return err;
	WRITE_ONCE(ctx->alert_sent[0], level);
	WRITE_ONCE(ctx->alert_sent[1], desc);
	mxtls_stat_add(ctx->sk, MXTLS_STAT_ALERT_SENT, 1);
	return mxtls_tx_push(ctx, flags);
}

/*
 * A fatal alert from the receive side, which holds the socket lock only:
 * sent now if no writer is at work, else by the work item once it is done.
 */
void mxtls_tx_fatal_alert(struct mxtls_sock *ctx, u8 desc)
{
	struct mxtls_tx *tx = ctx->tx;

	if (mutex_trylock(&tx->lock)) {
		mxtls_tx_alert(ctx, MXTLS_ALERT_FATAL, desc, MSG_DONTWAIT | MSG_NOSIGNAL);
		mxtls_tx_idle(tx);
		mutex_unlock(&tx->lock);
		return;
	}
	WRITE_ONCE(tx->alert_pending, desc + 1);
	queue_work(mxtls_wq, &tx->work);
}

/*
 * shutdown(SHUT_WR) and close(): seal what is open, push everything and, if
 * MXTLS_CLOSE_NOTIFY is on, end with close_notify. Blocks like a write,
 * up to the send timeout.
 */
int mxtls_tx_close_notify(struct mxtls_sock *ctx)
{
	struct mxtls_tx *tx = ctx->tx;
	struct sock *sk = ctx->sk;
	int flags = MSG_NOSIGNAL, err;

	if (ctx->err || tx->close_notify_sent ||
	    !((1 << sk->sk_state) & (TCPF_ESTABLISHED | TCPF_CLOSE_WAIT)))
		return 0;
	err = mxtls_tx_push(ctx, flags);
	if (!err && tx->open_type)
		err = mxtls_tx_seal_push(ctx, flags);
	if (!err && ctx->close_notify) {
		err = mxtls_tx_alert(ctx, MXTLS_ALERT_WARNING, MXTLS_ALERT_CLOSE_NOTIFY, flags);
		tx->close_notify_sent = true;
		WRITE_ONCE(ctx->tx_state, MXTLS_STATE_CLOSED);
		mxtls_stat_add(sk, MXTLS_STAT_CLOSE_NOTIFY_SENT, 1);
	}
	mxtls_tx_idle(tx);
	return err;
}

static void mxtls_tx_work(struct work_struct *work)
{
	struct mxtls_tx *tx = container_of(work, struct mxtls_tx, work);
	struct mxtls_sock *ctx = tx->ctx;
	struct sock *sk = ctx->sk;

	mutex_lock(&tx->lock);
	lock_sock(sk);
	if (!ctx->closing) {
		if (tx->alert_pending) {
			mxtls_tx_alert(ctx, MXTLS_ALERT_FATAL, tx->alert_pending - 1,
				       MSG_DONTWAIT | MSG_NOSIGNAL);
			tx->alert_pending = 0;
		}
		mxtls_tx_flush(ctx);
		if (!mxtls_tx_pending(ctx))
			tx->saved_write_space(sk);
		mxtls_tx_idle(tx);
	}
	mxtls_tx_unlock(tx);
}

static void mxtls_write_space(struct sock *sk)
{
	struct mxtls_sock *ctx = mxtls_get_ctx(sk);
	struct mxtls_tx *tx = ctx->tx;

	if (mxtls_tx_pending(ctx) || READ_ONCE(tx->flush) || READ_ONCE(tx->alert_pending))
		queue_work(mxtls_wq, &tx->work);
	tx->saved_write_space(sk);
}

int mxtls_tx_init(struct mxtls_sock *ctx, struct mxtls_crypto *c)
{
	struct sock *sk = ctx->sk;
	struct mxtls_tx *tx;

	tx = kzalloc(sizeof(*tx), GFP_KERNEL);
	if (!tx)
		return -ENOMEM;
	tx->ctx = ctx;
	tx->crypto = c;
	mutex_init(&tx->lock);
	INIT_WORK(&tx->work, mxtls_tx_work);
	tx->saved_write_space = sk->sk_write_space;
	WRITE_ONCE(ctx->tx, tx);

	write_lock_bh(&sk->sk_callback_lock);
	sk->sk_write_space = mxtls_write_space;
	write_unlock_bh(&sk->sk_callback_lock);
	return 0;
}

/* After close: nothing else can reach tx */
void mxtls_tx_free(struct mxtls_sock *ctx)
{
	struct mxtls_tx *tx = ctx->tx;

	if (!tx)
		return;
	cancel_work_sync(&tx->work);
	mxtls_tx_drop_out(tx);
	mxtls_tx_release_open(tx);
	kfree(tx->buf);
	kfree(tx->stage);
	mxtls_crypto_free(tx->crypto);
	mxtls_crypto_free(tx->next);
	mxtls_stat_add(ctx->sk, MXTLS_STAT_CURR_TX, -1);
	WRITE_ONCE(ctx->tx, NULL);
	mutex_destroy(&tx->lock);
	kfree(tx);
}
