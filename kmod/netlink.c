// SPDX-License-Identifier: GPL-2.0
/*
 * mxtls: the generic netlink family "mxtls" and its multicast group
 * "handshake".
 */
#define pr_fmt(fmt) "mxtls: " fmt

#include <linux/in.h>
#include <linux/in6.h>
#include <net/genetlink.h>
#include <net/inet_sock.h>
#include <net/ipv6.h>
#include <net/sock.h>
#include <linux/mxtls.h>

#include "mxtls.h"

static struct genl_family mxtls_genl_family;

static const struct nla_policy mxtls_genl_policy[MXTLS_A_MAX + 1] = {
	[MXTLS_A_SOCK_INO]	= { .type = NLA_U64 },
	[MXTLS_A_FAMILY]	= { .type = NLA_U16 },
	[MXTLS_A_LOCAL_ADDR]	= { .type = NLA_BINARY, .len = sizeof(struct in6_addr) },
	[MXTLS_A_PEER_ADDR]	= { .type = NLA_BINARY, .len = sizeof(struct in6_addr) },
	[MXTLS_A_LOCAL_PORT]	= { .type = NLA_U16 },
	[MXTLS_A_PEER_PORT]	= { .type = NLA_U16 },
	[MXTLS_A_OWNER_UID]	= { .type = NLA_U32 },
};

static int mxtls_fill_addrs(struct sk_buff *skb, const struct sock *sk)
{
	const struct inet_sock *inet = inet_sk(sk);

	if (nla_put_u16(skb, MXTLS_A_FAMILY, sk->sk_family) ||
	    nla_put_u16(skb, MXTLS_A_LOCAL_PORT, ntohs(inet->inet_sport)) ||
	    nla_put_u16(skb, MXTLS_A_PEER_PORT, ntohs(inet->inet_dport)))
		return -EMSGSIZE;

#if IS_ENABLED(CONFIG_IPV6)
	if (sk->sk_family == AF_INET6)
		return nla_put_in6_addr(skb, MXTLS_A_LOCAL_ADDR, &sk->sk_v6_rcv_saddr) ?:
		       nla_put_in6_addr(skb, MXTLS_A_PEER_ADDR, &sk->sk_v6_daddr);
#endif
	return nla_put_in_addr(skb, MXTLS_A_LOCAL_ADDR, inet->inet_rcv_saddr) ?:
	       nla_put_in_addr(skb, MXTLS_A_PEER_ADDR, inet->inet_daddr);
}

static int mxtls_fill_sock(struct sk_buff *skb, struct netlink_callback *cb,
			   struct sock *sk)
{
	void *hdr;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &mxtls_genl_family, NLM_F_MULTI, MXTLS_CMD_GET);
	if (!hdr)
		return -EMSGSIZE;

	if (nla_put_u64_64bit(skb, MXTLS_A_SOCK_INO, sock_i_ino(sk),
			      MXTLS_A_PAD) ||
	    nla_put_u32(skb, MXTLS_A_OWNER_UID,
			from_kuid_munged(sk_user_ns(NETLINK_CB(cb->skb).sk),
					 sock_i_uid(sk))) ||
	    mxtls_fill_addrs(skb, sk)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/*
 * One message per mxtls socket of the requester's network namespace.
 * cb->args[0] counts the sockets already sent, so a dump that spans several
 * buffers resumes where it stopped; sockets that come and go in between may
 * be missed or repeated, as with any netlink dump.
 */
static int mxtls_genl_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct net *net = sock_net(skb->sk);
	struct mxtls_sock *ctx;
	long idx = 0, skip = cb->args[0];

	spin_lock_bh(&mxtls_socks_lock);
	list_for_each_entry(ctx, &mxtls_socks, node) {
		if (!net_eq(sock_net(ctx->sk), net))
			continue;
		if (idx++ < skip)
			continue;
		if (mxtls_fill_sock(skb, cb, ctx->sk)) {
			idx--;
			break;
		}
	}
	spin_unlock_bh(&mxtls_socks_lock);

	cb->args[0] = idx;
	return skb->len;
}

static const struct genl_ops mxtls_genl_ops[] = {
	{
		.cmd	= MXTLS_CMD_GET,
		.dumpit	= mxtls_genl_get_dumpit,
	},
};

static const struct genl_multicast_group mxtls_genl_mcgrps[] = {
	{ .name = MXTLS_GENL_MCGRP_HANDSHAKE, },
};

static struct genl_family mxtls_genl_family __ro_after_init = {
	.name		= MXTLS_GENL_NAME,
	.version	= MXTLS_GENL_VERSION,
	.maxattr	= MXTLS_A_MAX,
	.policy		= mxtls_genl_policy,
	.netnsok	= true,
	.module		= THIS_MODULE,
	.ops		= mxtls_genl_ops,
	.n_ops		= ARRAY_SIZE(mxtls_genl_ops),
	.mcgrps		= mxtls_genl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(mxtls_genl_mcgrps),
};

int __init mxtls_genl_init(void)
{
	return genl_register_family(&mxtls_genl_family);
}

void mxtls_genl_exit(void)
{
	genl_unregister_family(&mxtls_genl_family);
}
