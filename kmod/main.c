// SPDX-License-Identifier: GPL-2.0
/*
 * mxtls: module entry points and the TCP upper-layer protocol "mxtls".
 *
 * Attaching the ULP gives the socket an mxtls_sock; detaching happens only
 * when the socket is destroyed (TCP never removes a ULP), and the ULP core
 * holds a module reference for every socket that carries it, so the module
 * cannot go away under an attached socket.
 */
#define pr_fmt(fmt) "mxtls: " fmt

#include <linux/module.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/tcp.h>
#include <linux/mxtls.h>

#include "mxtls.h"

LIST_HEAD(mxtls_socks);
DEFINE_SPINLOCK(mxtls_socks_lock);

int mxtls_ulp_init(struct sock *sk)
{
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct mxtls_sock *ctx;

	/*
	 * As the kernel's own tls ULP: only an established connection has a
	 * byte stream to protect; a listener would have to clone the state
	 * into every accepted child.
	 */
	if (sk->sk_state != TCP_ESTABLISHED)
		return -ENOTCONN;

	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return -ENOMEM;
	ctx->sk = sk;

	spin_lock_bh(&mxtls_socks_lock);
	list_add_tail(&ctx->node, &mxtls_socks);
	spin_unlock_bh(&mxtls_socks_lock);

	rcu_assign_pointer(icsk->icsk_ulp_data, ctx);
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

	rcu_assign_pointer(icsk->icsk_ulp_data, NULL);
	kfree(ctx);
}

static struct tcp_ulp_ops mxtls_ulp_ops __read_mostly = {
	.name		= MXTLS_ULP_NAME,
	.owner		= THIS_MODULE,
	.init		= mxtls_ulp_init,
	.release	= mxtls_ulp_release,
};

static int __init mxtls_init(void)
{
	int err;

	err = mxtls_genl_init();
	if (err)
		return err;

	err = tcp_register_ulp(&mxtls_ulp_ops);
	if (err) {
		mxtls_genl_exit();
		return err;
	}
	return 0;
}

static void __exit mxtls_exit(void)
{
	tcp_unregister_ulp(&mxtls_ulp_ops);
	mxtls_genl_exit();
}

module_init(mxtls_init);
module_exit(mxtls_exit);

MODULE_AUTHOR("The mxtls developers");
MODULE_DESCRIPTION("TLS record layer offload for TCP sockets, keyed from userspace");
MODULE_LICENSE("GPL");
MODULE_ALIAS_TCP_ULP(MXTLS_ULP_NAME);
MODULE_ALIAS_GENL_FAMILY(MXTLS_GENL_NAME);
