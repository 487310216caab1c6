// SPDX-License-Identifier: GPL-2.0
/*
 * mxtls: the generic netlink family "mxtls" and its multicast group
 * "handshake": GET lists the offloaded sockets of the caller's network
 * namespace, SET_KEYS keys one direction of a socket the caller holds.
 */
#define pr_fmt(fmt) "mxtls: " fmt

#include <linux/file.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/net.h>
#include <net/genetlink.h>
#include <net/inet_sock.h>
#include <net/ipv6.h>
#include <net/sock.h>
#include <linux/mxtls.h>

#include "mxtls.h"

static const struct nla_policy mxtls_genl_policy[MXTLS_A_MAX + 1] = {
	[MXTLS_A_SOCK_INO]	= { .type = NLA_U64 },
	[MXTLS_A_FAMILY]	= { .type = NLA_U16 },
	[MXTLS_A_LOCAL_ADDR]	= { .type = NLA_BINARY, .len = sizeof(struct in6_addr) },
	[MXTLS_A_PEER_ADDR]	= { .type = NLA_BINARY, .len = sizeof(struct in6_addr) },
	[MXTLS_A_LOCAL_PORT]	= { .type = NLA_U16 },
	[MXTLS_A_PEER_PORT]	= { .type = NLA_U16 },
	[MXTLS_A_OWNER_UID]	= { .type = NLA_U32 },
	[MXTLS_A_FD]		= NLA_POLICY_MIN(NLA_S32, 0),
	[MXTLS_A_DIRECTION]	= NLA_POLICY_RANGE(NLA_U8, MXTLS_DIR_TX, MXTLS_DIR_RX),
	[MXTLS_A_VERSION]	= { .type = NLA_U16 },
	[MXTLS_A_SUITE]		= { .type = NLA_U16 },
	[MXTLS_A_ENC_KEY]	= { .type = NLA_BINARY, .len = MXTLS_MAX_ENC_KEY },
	[MXTLS_A_MAC_KEY]	= { .type = NLA_BINARY, .len = MXTLS_MAX_MAC_KEY },
	[MXTLS_A_IV]		= { .type = NLA_BINARY, .len = MXTLS_MAX_IV },
	[MXTLS_A_SEQ]		= { .type = NLA_U64 },
	[MXTLS_A_KEY_FLAGS]	= NLA_POLICY_MASK(NLA_U32, MXTLS_KEY_F_ALL),
	[MXTLS_A_CLIENT_VERIFY_DATA] = { .type = NLA_BINARY, .len = MXTLS_VERIFY_DATA_MAX },
	[MXTLS_A_SERVER_VERIFY_DATA] = { .type = NLA_BINARY, .len = MXTLS_VERIFY_DATA_MAX },
	[MXTLS_A_KEYSTREAM_OFFSET] = { .type = NLA_U32 },
	[MXTLS_A_TX_SUITE]	= { .type = NLA_U16 },
	[MXTLS_A_RX_SUITE]	= { .type = NLA_U16 },
	[MXTLS_A_HS_ID]		= NLA_POLICY_MIN(NLA_U64, 1),
	[MXTLS_A_HS_REASON]	= { .type = NLA_U8 },
	[MXTLS_A_ROLE]		= { .type = NLA_U8 },
	[MXTLS_A_PEER_NAME]	= { .type = NLA_NUL_STRING, .len = MXTLS_PEER_NAME_MAX - 1 },
	[MXTLS_A_PROFILE]	= { .type = NLA_NUL_STRING, .len = MXTLS_PROFILE_MAX - 1 },
	[MXTLS_A_REQ_UID]	= { .type = NLA_U32 },
	[MXTLS_A_REQ_GID]	= { .type = NLA_U32 },
	[MXTLS_A_REQ_PID]	= { .type = NLA_U32 },
	[MXTLS_A_CONTENT_TYPE]	= NLA_POLICY_RANGE(NLA_U8, MXTLS_CT_CHANGE_CIPHER_SPEC,
						   MXTLS_CT_HANDSHAKE),
	[MXTLS_A_DATA]		= { .type = NLA_BINARY, .len = MXTLS_HS_DATA_MAX },
	[MXTLS_A_HS_STATUS]	= NLA_POLICY_RANGE(NLA_S32, 0, MAX_ERRNO),
	[MXTLS_A_ALERT]		= { .type = NLA_U8 },
	[MXTLS_A_PEER_ID]	= { .type = NLA_NUL_STRING, .len = MXTLS_PEER_ID_MAX - 1 },
	[MXTLS_A_PEER_FP]	= NLA_POLICY_EXACT_LEN(MXTLS_PEER_FP_LEN),
	[MXTLS_A_RESUMED]	= { .type = NLA_FLAG },
	[MXTLS_A_MORE]		= { .type = NLA_FLAG },
	[MXTLS_A_REKEY_BYTES]	= { .type = NLA_U64 },
	[MXTLS_A_REKEY_RECORDS]	= { .type = NLA_U64 },
	[MXTLS_A_MODE]		= { .type = NLA_U8 },
	[MXTLS_A_HS_STATE]	= { .type = NLA_U8 },
	[MXTLS_A_TX_RECORDS]	= { .type = NLA_U64 },
	[MXTLS_A_RX_RECORDS]	= { .type = NLA_U64 },
	[MXTLS_A_TX_BYTES]	= { .type = NLA_U64 },
	[MXTLS_A_RX_BYTES]	= { .type = NLA_U64 },
};

int mxtls_fill_addrs(struct sk_buff *skb, const struct sock *sk)
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

/* What keys the socket uses, read without its lock */
static int mxtls_fill_keys(struct sk_buff *skb, const struct mxtls_sock *ctx)
{
	u16 version = READ_ONCE(ctx->tx_version) ?: READ_ONCE(ctx->rx_version);
	u16 tx = READ_ONCE(ctx->tx_suite), rx = READ_ONCE(ctx->rx_suite);

	if ((version && nla_put_u16(skb, MXTLS_A_VERSION, version)) ||
	    (tx && nla_put_u16(skb, MXTLS_A_TX_SUITE, tx)) ||
	    (rx && nla_put_u16(skb, MXTLS_A_RX_SUITE, rx)))
		return -EMSGSIZE;
	return 0;
}

static int mxtls_fill_sock(struct sk_buff *skb, struct netlink_callback *cb,
			   const struct mxtls_sock *ctx)
{
	struct sock *sk = ctx->sk;
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
	    mxtls_fill_addrs(skb, sk) || mxtls_fill_keys(skb, ctx) ||
	    mxtls_hs_fill_get(skb, ctx)) {
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
		if (mxtls_fill_sock(skb, cb, ctx)) {
			idx--;
			break;
		}
	}
	spin_unlock_bh(&mxtls_socks_lock);

	cb->args[0] = idx;
	return skb->len;
}

/* Key material in the request is not left behind in the freed skb */
void mxtls_genl_wipe(struct nlattr **attrs)
{
	static const int secret[] = { MXTLS_A_ENC_KEY, MXTLS_A_MAC_KEY, MXTLS_A_IV };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(secret); i++)
		if (attrs[secret[i]])
			memzero_explicit(nla_data(attrs[secret[i]]), nla_len(attrs[secret[i]]));
}

static const u8 *mxtls_genl_bin(struct nlattr *attr, unsigned int *len)
{
	*len = attr ? nla_len(attr) : 0;
	return attr ? nla_data(attr) : NULL;
}

/* SET_KEYS's attributes but the socket's (FD or HS_ID) */
int mxtls_genl_set_keys_parse(struct genl_info *info, struct mxtls_key_material *km,
			      struct mxtls_verify_data *vd, bool *have_vd)
{
	static const int required[] = {
		MXTLS_A_DIRECTION, MXTLS_A_VERSION, MXTLS_A_SUITE,
		MXTLS_A_ENC_KEY, MXTLS_A_SEQ,
	};
	struct nlattr **a = info->attrs;
	unsigned int i, len;

	for (i = 0; i < ARRAY_SIZE(required); i++)
		if (GENL_REQ_ATTR_CHECK(info, required[i]))
			return -EINVAL;

	km->version = nla_get_u16(a[MXTLS_A_VERSION]);
	km->suite = nla_get_u16(a[MXTLS_A_SUITE]);
	km->seq = nla_get_u64(a[MXTLS_A_SEQ]);
	if (a[MXTLS_A_KEY_FLAGS])
		km->etm = nla_get_u32(a[MXTLS_A_KEY_FLAGS]) & MXTLS_KEY_F_ETM;
	if (a[MXTLS_A_KEYSTREAM_OFFSET])
		km->keystream_offset = nla_get_u32(a[MXTLS_A_KEYSTREAM_OFFSET]);
	km->key = mxtls_genl_bin(a[MXTLS_A_ENC_KEY], &km->key_len);
	km->mac_key = mxtls_genl_bin(a[MXTLS_A_MAC_KEY], &km->mac_key_len);
	km->iv = mxtls_genl_bin(a[MXTLS_A_IV], &km->iv_len);

	*have_vd = a[MXTLS_A_CLIENT_VERIFY_DATA] || a[MXTLS_A_SERVER_VERIFY_DATA];
	memset(vd, 0, sizeof(*vd));
	if (a[MXTLS_A_CLIENT_VERIFY_DATA]) {
		len = nla_len(a[MXTLS_A_CLIENT_VERIFY_DATA]);
		vd->client_len = len;
		memcpy(vd->client, nla_data(a[MXTLS_A_CLIENT_VERIFY_DATA]), len);
	}
	if (a[MXTLS_A_SERVER_VERIFY_DATA]) {
		len = nla_len(a[MXTLS_A_SERVER_VERIFY_DATA]);
		vd->server_len = len;
		memcpy(vd->server, nla_data(a[MXTLS_A_SERVER_VERIFY_DATA]), len);
	}
	return 0;
}

/*
 * SET_KEYS runs in the context of the process that sent it, so the fd is
 * looked up in that process's table: a caller can only key its own
 * sockets.
 */
static int mxtls_genl_set_keys_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct netlink_ext_ack *extack = info->extack;
	struct mxtls_key_material km = {};
	struct mxtls_verify_data vd;
	struct socket *sock;
	struct sock *sk;
	bool have_vd;
	int err;

	if (info->attrs[MXTLS_A_HS_ID])
		return mxtls_hs_genl_set_keys(skb, info);
	err = -EINVAL;
	if (GENL_REQ_ATTR_CHECK(info, MXTLS_A_FD))
		goto out;
	err = mxtls_genl_set_keys_parse(info, &km, &vd, &have_vd);
	if (err)
		goto out;
	sock = sockfd_lookup(nla_get_s32(info->attrs[MXTLS_A_FD]), &err);
	if (!sock) {
		NL_SET_ERR_MSG_ATTR(extack, info->attrs[MXTLS_A_FD],
				    "not a socket of the calling process");
		goto out;
	}
	sk = sock->sk;
	if (!sk || sk->sk_type != SOCK_STREAM || sk->sk_protocol != IPPROTO_TCP ||
	    (sk->sk_family != AF_INET && sk->sk_family != AF_INET6)) {
		NL_SET_ERR_MSG_ATTR(extack, info->attrs[MXTLS_A_FD], "not a TCP socket");
		err = -EOPNOTSUPP;
	} else {
		err = mxtls_set_keys(sk, nla_get_u8(info->attrs[MXTLS_A_DIRECTION]), &km,
				     have_vd ? &vd : NULL, extack);
	}
	sockfd_put(sock);
out:
	mxtls_genl_wipe(info->attrs);
	return err;
}

static const struct genl_ops mxtls_genl_ops[] = {
	{
		.cmd	= MXTLS_CMD_GET,
		.dumpit	= mxtls_genl_get_dumpit,
	},
	{
		.cmd	= MXTLS_CMD_SET_KEYS,
		.doit	= mxtls_genl_set_keys_doit,
	},
	{
		.cmd	= MXTLS_CMD_ACCEPT,
		.doit	= mxtls_hs_genl_accept,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= MXTLS_CMD_HS_SEND,
		.doit	= mxtls_hs_genl_send,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= MXTLS_CMD_DONE,
		.doit	= mxtls_hs_genl_done,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= MXTLS_CMD_REHANDSHAKE,
		.doit	= mxtls_hs_genl_rehandshake,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
};

/*
 * Only a daemon may listen: a subscriber counts as a daemon present, so
 * anyone else's subscription would turn "no daemon" (ECONNREFUSED) into a
 * handshake that waits for its timeout.
 */
static const struct genl_multicast_group mxtls_genl_mcgrps[] = {
	{ .name = MXTLS_GENL_MCGRP_HANDSHAKE, .flags = GENL_MCAST_CAP_NET_ADMIN, },
};

struct genl_family mxtls_genl_family __ro_after_init = {
	.name		= MXTLS_GENL_NAME,
	.version	= MXTLS_GENL_VERSION,
	.maxattr	= MXTLS_A_MAX,
	.policy		= mxtls_genl_policy,
	.netnsok	= true,
	/*
	 * Every command locks what it touches (the socket, the request
	 * table); HS_SEND may wait for TCP's send buffer and must not hold
	 * every other generic netlink family's commands meanwhile.
	 */
	.parallel_ops	= true,
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
