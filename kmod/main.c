// SPDX-License-Identifier: GPL-2.0
/*
 * mxtls: module entry points and the TCP upper-layer protocol "mxtls".
 *
 * Attaching the ULP gives the socket an mxtls_sock and switches its proto
 * and proto_ops to ours, which pass everything through to TCP until keys
 * are set over netlink. Closing the socket flushes what TX still holds,
 * puts TCP's proto back and frees the record state; the mxtls_sock itself
 * lives until the ULP is released when TCP destroys the socket. The ULP
 * core holds a module reference for every socket that carries it, so the
 * module cannot go away under an attached socket.
 */
#define pr_fmt(fmt) "mxtls: " fmt

#include <linux/module.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/tcp.h>
#include <net/transp_v6.h>
#include <linux/mxtls.h>

#include "compat.h"
#include "mxtls.h"

LIST_HEAD(mxtls_socks);
DEFINE_SPINLOCK(mxtls_socks_lock);
struct workqueue_struct *mxtls_wq;

enum { MXTLS_IPV4, MXTLS_IPV6, MXTLS_NFAMILIES };

/*
 * Copies of TCP's proto and proto_ops with our handlers in, made at the
 * first attach of each family (IPv6's are not exported), hence writable.
 */
static struct proto mxtls_prots[MXTLS_NFAMILIES];
static struct
	proto_ops mxtls_proto_ops[MXTLS_NFAMILIES];
/* TCP's proto_ops per family, learnt from the first socket (IPv6's are not exported) */
static const struct proto_ops *mxtls_base_ops[MXTLS_NFAMILIES];
static DEFINE_SPINLOCK(mxtls_proto_lock);

static struct tcp_ulp_ops mxtls_ulp_ops;

bool mxtls_sk_is_ours(const struct sock *sk)
{
	return inet_csk(sk)->icsk_ulp_ops == &mxtls_ulp_ops;
}

/* connect(AF_UNSPEC) would leave record state on an unconnected socket */
static int mxtls_disconnect(struct sock *sk, int flags)
{
	return -EOPNOTSUPP;
}

static void mxtls_close(struct sock *sk, long timeout)
{
	struct mxtls_sock *ctx = mxtls_get_ctx(sk);
	struct proto *base = ctx->sk_proto;
	struct mxtls_tx *tx;

	if (READ_ONCE(ctx->hs))
		mxtls_hs_close(ctx);
	tx = mxtls_tx_lock(ctx);

	if (tx)
		mxtls_tx_close_notify(ctx);
	WRITE_ONCE(ctx->closing, true);
	write_lock_bh(&sk->sk_callback_lock);
	if (ctx->rx)
		sk->sk_data_ready = ctx->rx->saved_data_ready;
	if (ctx->tx)
		sk->sk_write_space = ctx->tx->saved_write_space;
	write_unlock_bh(&sk->sk_callback_lock);
	WRITE_ONCE(sk->sk_prot, base);
	release_sock(sk);
	if (tx)
		mutex_unlock(&tx->lock);

	/* Nothing reaches the record state any more: free it, then close TCP */
	mxtls_tx_free(ctx);
	mxtls_rx_free(ctx);
	base->close(sk, timeout);
}

/*
 * shutdown(SHUT_WR) sends close_notify first: inet_shutdown() marks the
 * socket SEND_SHUTDOWN before the proto sees it, after which TCP refuses
 * any more data, so this must run at the proto_ops level.
 */
static int mxtls_shutdown(struct socket *sock, int how)
{
	struct sock *sk = sock->sk;
	struct mxtls_sock *ctx = mxtls_get_ctx(sk);

	if ((how == SHUT_WR || how == SHUT_RDWR) && READ_ONCE(ctx->tx)) {
		struct mxtls_tx *tx;

		if (READ_ONCE(ctx->hs))
			mxtls_hs_wait_shutdown(ctx);
		tx = mxtls_tx_lock(ctx);

		if (!ctx->closing)
			mxtls_tx_close_notify(ctx);
		mxtls_tx_unlock(tx);
	}
	return ctx->sk_ops->shutdown(sock, how);
}

#ifdef MXTLS_HAVE_SENDPAGE
static int mxtls_sendpage(struct sock *sk, struct page *page, int offset, size_t size,
			  int flags)
{
	struct bio_vec bvec = { .bv_page = page, .bv_offset = offset, .bv_len = size };
	struct msghdr msg = { .msg_flags = flags | MSG_SPLICE_PAGES };

	if (!READ_ONCE(mxtls_get_ctx(sk)->tx))
		return mxtls_get_ctx(sk)->sk_proto->sendpage(sk, page, offset, size, flags);
	if (flags & MSG_SENDPAGE_NOTLAST)
		msg.msg_flags |= MSG_MORE;
	msg.msg_flags &= ~MSG_SENDPAGE_NOTLAST;
	iov_iter_bvec(&msg.msg_iter, ITER_SOURCE, &bvec, 1, size);
	return mxtls_sendmsg(sk, &msg, size);
}
#endif

static void mxtls_build_proto(int fam, const struct proto *base, const struct proto_ops *ops)
{
	struct proto *p = &mxtls_prots[fam];

	*p = *base;
	p->close = mxtls_close;
	p->disconnect = mxtls_disconnect;
	p->setsockopt = mxtls_setsockopt;
	p->getsockopt = mxtls_getsockopt;
	p->sendmsg = mxtls_sendmsg;
	p->recvmsg = mxtls_recvmsg;
	p->splice_eof = mxtls_splice_eof;
	p->sock_is_readable = mxtls_sock_is_readable;
#ifdef MXTLS_HAVE_SENDPAGE
	p->sendpage = mxtls_sendpage;
#endif

	mxtls_proto_ops[fam] = *ops;
	mxtls_proto_ops[fam].poll = mxtls_poll;
	mxtls_proto_ops[fam].shutdown = mxtls_shutdown;
	/*
	 * Everything that would read or write the TCP byte stream beside us:
	 * without splice_read the socket layer splices through recvmsg; the
	 * others are refused.
	 */
	mxtls_proto_ops[fam].splice_read = NULL;
	mxtls_proto_ops[fam].read_sock = NULL;
	mxtls_proto_ops[fam].read_skb = NULL;
	mxtls_proto_ops[fam].peek_len = NULL;
	mxtls_proto_ops[fam].sendmsg_locked = NULL;
	mxtls_proto_ops[fam].mmap = sock_no_mmap;
#ifdef MXTLS_HAVE_SENDPAGE
	mxtls_proto_ops[fam].sendpage_locked = NULL;
#endif
}

static const struct proto *mxtls_tcp_proto(int fam)
{
#if IS_ENABLED(CONFIG_IPV6)
	if (fam == MXTLS_IPV6)
		return &tcpv6_prot;
#endif
	return fam == MXTLS_IPV4 ? &tcp_prot : NULL;
}

int mxtls_ulp_init(struct sock *sk)
{
	struct inet_connection_sock *icsk = inet_csk(sk);
	int fam = sk->sk_family == AF_INET6 ? MXTLS_IPV6 : MXTLS_IPV4;
	const struct proto_ops *ops;
	struct mxtls_sock *ctx;

	/*
	 * As the kernel's own tls ULP: only an established connection has a
	 * byte stream to protect; a listener would have to clone the state
	 * into every accepted child.
	 */
	if (sk->sk_state != TCP_ESTABLISHED)
		return -ENOTCONN;
	/* Plain TCP only: not a socket whose proto something else replaced */
	if (!sk->sk_socket || sk->sk_prot != mxtls_tcp_proto(fam))
		return -EOPNOTSUPP;

	/* Pairs with the release below: a set base means built protos */
	ops = smp_load_acquire(&mxtls_base_ops[fam]);
	if (!ops) {
		spin_lock_bh(&mxtls_proto_lock);
		if (!mxtls_base_ops[fam]) {
			mxtls_build_proto(fam, sk->sk_prot, sk->sk_socket->ops);
			/* Publish the protos before the base that says they are built */
			smp_store_release(&mxtls_base_ops[fam], sk->sk_socket->ops);
		}
		spin_unlock_bh(&mxtls_proto_lock);
		ops = mxtls_base_ops[fam];
	}
	if (sk->sk_socket->ops != ops)
		return -EOPNOTSUPP;

	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return -ENOMEM;
	ctx->sk = sk;
	ctx->sk_proto = sk->sk_prot;
	ctx->sk_ops = ops;
	ctx->close_notify = true;

	spin_lock_bh(&mxtls_socks_lock);
	list_add_tail(&ctx->node, &mxtls_socks);
	spin_unlock_bh(&mxtls_socks_lock);

	rcu_assign_pointer(icsk->icsk_ulp_data, ctx);
	WRITE_ONCE(sk->sk_prot, &mxtls_prots[fam]);
	WRITE_ONCE(sk->sk_socket->ops, &mxtls_proto_ops[fam]);
	return 0;
}

void mxtls_ulp_release(struct sock *sk)
{
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct mxtls_sock *ctx = mxtls_get_ctx(sk);

	if (!ctx)
		return;

	spin_lock_bh(&mxtls_socks_lock);
	list_del(&ctx->node);
	spin_unlock_bh(&mxtls_socks_lock);
	mxtls_hs_release(ctx);

	/* ss(8) may still be looking at it under RCU */
	rcu_assign_pointer(icsk->icsk_ulp_data, NULL);
	kfree_rcu(ctx, rcu);
}

static struct tcp_ulp_ops mxtls_ulp_ops __read_mostly = {
	.name		= MXTLS_ULP_NAME,
	.owner		= THIS_MODULE,
	.init		= mxtls_ulp_init,
	.release	= mxtls_ulp_release,
	.get_info	= mxtls_get_info,
	.get_info_size	= mxtls_get_info_size,
};

static int __init mxtls_init(void)
{
	int err;

	/*
	 * Per CPU and high priority: records that arrive for a daemon in the
	 * sender's softirq are handed over on that CPU as soon as it can,
	 * rather than after waking an unbound worker on another one.
	 */
	mxtls_wq = alloc_workqueue("mxtls", WQ_HIGHPRI | WQ_MEM_RECLAIM, 0);
	if (!mxtls_wq)
		return -ENOMEM;
	err = mxtls_proc_init();
	if (err)
		goto out_wq;
	err = mxtls_hs_init();
	if (err)
		goto out_proc;
	err = mxtls_genl_init();
	if (err)
		goto out_hs;
	err = tcp_register_ulp(&mxtls_ulp_ops);
	if (err)
		goto out_genl;
	return 0;

out_genl:
	mxtls_genl_exit();
out_hs:
	mxtls_hs_exit();
out_proc:
	mxtls_proc_exit();
out_wq:
	destroy_workqueue(mxtls_wq);
	return err;
}

static void __exit mxtls_exit(void)
{
	tcp_unregister_ulp(&mxtls_ulp_ops);
	mxtls_genl_exit();
	mxtls_hs_exit();
	mxtls_proc_exit();
	destroy_workqueue(mxtls_wq);
	rcu_barrier();
}

module_init(mxtls_init);
module_exit(mxtls_exit);

MODULE_AUTHOR("The mxtls developers");
MODULE_DESCRIPTION("TLS record layer offload for TCP sockets, keyed from userspace");
MODULE_LICENSE("GPL");
MODULE_ALIAS_TCP_ULP(MXTLS_ULP_NAME);
MODULE_ALIAS_GENL_FAMILY(MXTLS_GENL_NAME);
