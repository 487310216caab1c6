// SPDX-License-Identifier: GPL-2.0
/*
 * mxtls: daemon mode, the daemon's side of the generic netlink family:
 * HS_REQUEST to the "handshake" group, ACCEPT, HS_SEND, SET_KEYS by
 * HS_ID, DONE, REHANDSHAKE, the HS_RECV and end-of-request unicasts, and
 * the end of the requests of a daemon whose netlink socket goes away.
 *
 * The family's ops carry GENL_UNS_ADMIN_PERM (CAP_NET_ADMIN in the user
 * namespace of the caller's network namespace); SET_KEYS, which needs no
 * privilege for a socket of the caller's own, checks it here for HS_ID.
 * Requests are looked up in the caller's network namespace only, and a
 * request claimed by one netlink socket is refused to every other.
 */
#include <linux/netlink.h>
#include <linux/notifier.h>
#include <linux/pid_namespace.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>

#include "handshake.h"

int mxtls_hs_notify_request(struct net *net, u64 id, u8 reason)
{
	struct sk_buff *skb;
	void *hdr;

	skb = genlmsg_new(nla_total_size_64bit(sizeof(u64)) + nla_total_size(sizeof(u8)),
			  GFP_KERNEL);
	if (!skb)
		return -ENOMEM;
	hdr = genlmsg_put(skb, 0, 0, &mxtls_genl_family, 0, MXTLS_CMD_HS_REQUEST);
	if (!hdr || nla_put_u64_64bit(skb, MXTLS_A_HS_ID, id, MXTLS_A_PAD) ||
	    nla_put_u8(skb, MXTLS_A_HS_REASON, reason)) {
		nlmsg_free(skb);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return genlmsg_multicast_netns(&mxtls_genl_family, net, skb, 0, 0, GFP_KERNEL);
}

/* The kernel ended a claimed request: DONE to its owner, with the errno */
int mxtls_hs_notify_end(struct mxtls_hs *hs, u32 portid, int err)
{
	struct sk_buff *skb;
	void *hdr;

	skb = genlmsg_new(nla_total_size_64bit(sizeof(u64)) + nla_total_size(sizeof(s32)),
			  GFP_KERNEL);
	if (!skb)
		return -ENOMEM;
	hdr = genlmsg_put(skb, 0, 0, &mxtls_genl_family, 0, MXTLS_CMD_DONE);
	if (!hdr || nla_put_u64_64bit(skb, MXTLS_A_HS_ID, hs->id, MXTLS_A_PAD) ||
	    nla_put_s32(skb, MXTLS_A_HS_STATUS, -err)) {
		nlmsg_free(skb);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return genlmsg_unicast(sock_net(hs->sk), skb, portid);
}

/* An HS_RECV message with room for len bytes of a record, at *data */
struct sk_buff *mxtls_hs_recv_msg(struct mxtls_hs *hs, u8 type, u32 len, u8 **data, gfp_t gfp)
{
	struct sk_buff *skb;
	struct nlattr *attr;
	void *hdr;

	skb = genlmsg_new(nla_total_size_64bit(sizeof(u64)) + nla_total_size(sizeof(u8)) +
			  nla_total_size(len), gfp);
	if (!skb)
		return NULL;
	hdr = genlmsg_put(skb, 0, 0, &mxtls_genl_family, 0, MXTLS_CMD_HS_RECV);
	if (!hdr || nla_put_u64_64bit(skb, MXTLS_A_HS_ID, hs->id, MXTLS_A_PAD) ||
	    nla_put_u8(skb, MXTLS_A_CONTENT_TYPE, type))
		goto fail;
	attr = nla_reserve(skb, MXTLS_A_DATA, len);
	if (!attr)
		goto fail;
	genlmsg_end(skb, hdr);
	*data = nla_data(attr);
	return skb;
fail:
	nlmsg_free(skb);
	return NULL;
}

int mxtls_hs_unicast(struct mxtls_hs *hs, struct sk_buff *skb)
{
	return genlmsg_unicast(sock_net(hs->sk), skb, hs->owner);
}

/* The request a command names, with references, or NULL and why */
static struct mxtls_hs *mxtls_hs_get(struct genl_info *info, u64 *id)
{
	struct mxtls_hs *hs;

	if (GENL_REQ_ATTR_CHECK(info, MXTLS_A_HS_ID))
		return NULL;
	*id = nla_get_u64(info->attrs[MXTLS_A_HS_ID]);
	hs = mxtls_hs_lookup(genl_info_net(info), *id);
	if (!hs)
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[MXTLS_A_HS_ID],
				    "no such handshake request");
	return hs;
}

/* Under the socket lock: is the caller the request's owner? */
static int mxtls_hs_check_owner(struct mxtls_hs *hs, u64 id, struct genl_info *info)
{
	if (mxtls_hs_owned(hs, id, info->snd_portid))
		return 0;
	if (!hs->closed && hs->in_table && hs->id == id) {
		NL_SET_ERR_MSG(info->extack, "the request is not claimed by this socket");
		return -EPERM;
	}
	NL_SET_ERR_MSG(info->extack, "the request has ended");
	return -ENOENT;
}

static int mxtls_hs_fill_accept(struct sk_buff *msg, struct mxtls_hs *hs)
{
	struct mxtls_sock *ctx = hs->ctx;
	struct user_namespace *ns = current_user_ns();

	if (nla_put_u64_64bit(msg, MXTLS_A_HS_ID, hs->id, MXTLS_A_PAD) ||
	    nla_put_u8(msg, MXTLS_A_HS_REASON, hs->reason) ||
	    nla_put_u8(msg, MXTLS_A_ROLE, hs->role) ||
	    nla_put_string(msg, MXTLS_A_PEER_NAME, hs->peer_name) ||
	    nla_put_string(msg, MXTLS_A_PROFILE, hs->profile) ||
	    nla_put_u32(msg, MXTLS_A_REQ_UID, from_kuid_munged(ns, hs->uid)) ||
	    nla_put_u32(msg, MXTLS_A_REQ_GID, from_kgid_munged(ns, hs->gid)) ||
	    nla_put_u32(msg, MXTLS_A_REQ_PID, pid_vnr(hs->pid)) ||
	    nla_put_u64_64bit(msg, MXTLS_A_SOCK_INO, sock_i_ino(hs->sk), MXTLS_A_PAD) ||
	    mxtls_fill_addrs(msg, hs->sk))
		return -EMSGSIZE;
	if (hs->reason == MXTLS_HS_REASON_INITIAL)
		return 0;
	/* a re-handshake: what the connection uses, for a daemon that never saw it */
	if (nla_put_u16(msg, MXTLS_A_VERSION, ctx->tx_version) ||
	    nla_put_u16(msg, MXTLS_A_SUITE, ctx->tx_suite) ||
	    (ctx->verify.client_len &&
	     nla_put(msg, MXTLS_A_CLIENT_VERIFY_DATA, ctx->verify.client_len,
		     ctx->verify.client)) ||
	    (ctx->verify.server_len &&
	     nla_put(msg, MXTLS_A_SERVER_VERIFY_DATA, ctx->verify.server_len,
		     ctx->verify.server)) ||
	    (hs->peer_id[0] && nla_put_string(msg, MXTLS_A_PEER_ID, hs->peer_id)) ||
	    (memchr_inv(hs->peer_fp, 0, sizeof(hs->peer_fp)) &&
	     nla_put(msg, MXTLS_A_PEER_FP, sizeof(hs->peer_fp), hs->peer_fp)))
		return -EMSGSIZE;
	return 0;
}

/* Under the socket lock: claim, reply, then what the peer already sent */
static int mxtls_hs_accept_one(struct mxtls_hs *hs, struct genl_info *info)
{
	u32 portid = info->snd_portid;
	struct sk_buff *msg;
	void *hdr;
	int err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &mxtls_genl_family, 0, MXTLS_CMD_ACCEPT);
	if (!hdr || mxtls_hs_fill_accept(msg, hs)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	mxtls_hs_set_owner(hs, portid);
	err = genlmsg_reply(msg, info);
	if (err) {
		mxtls_hs_set_owner(hs, 0);
		return err;
	}
	mxtls_hs_flush(hs, GFP_KERNEL);
	return 0;
}

int mxtls_hs_genl_accept(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *id_attr = info->attrs[MXTLS_A_HS_ID];
	struct net *net = genl_info_net(info);
	u64 id = id_attr ? nla_get_u64(id_attr) : 0;
	struct mxtls_hs *hs;
	int err;

	for (;;) {
		hs = id ? mxtls_hs_lookup(net, id) : mxtls_hs_claim_oldest(net, info->snd_portid);
		if (!hs) {
			NL_SET_ERR_MSG(info->extack, "no such handshake request");
			return -ENOENT;
		}
		lock_sock(hs->sk);
		if (hs->closed || !hs->in_table || (id && hs->id != id))
			err = -ENOENT;
		else if (hs->owner && hs->owner != info->snd_portid)
			err = -EBUSY;
		else
			err = mxtls_hs_accept_one(hs, info);
		release_sock(hs->sk);
		mxtls_hs_put(hs);
		/* the oldest went to another daemon meanwhile: the next one */
		if (!id && (err == -ENOENT || err == -EBUSY))
			continue;
		if (err == -EBUSY)
			NL_SET_ERR_MSG(info->extack, "claimed by another daemon");
		return err;
	}
}

int mxtls_hs_genl_send(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **a = info->attrs;
	struct mxtls_hs *hs;
	u64 id;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, MXTLS_A_CONTENT_TYPE) ||
	    GENL_REQ_ATTR_CHECK(info, MXTLS_A_DATA))
		return -EINVAL;
	if (!nla_len(a[MXTLS_A_DATA])) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[MXTLS_A_DATA], "no bytes to send");
		return -EINVAL;
	}
	hs = mxtls_hs_get(info, &id);
	if (!hs)
		return -ENOENT;
	err = mxtls_hs_send(hs, id, info->snd_portid, nla_get_u8(a[MXTLS_A_CONTENT_TYPE]),
			    nla_data(a[MXTLS_A_DATA]), nla_len(a[MXTLS_A_DATA]),
			    a[MXTLS_A_VERSION] ? nla_get_u16(a[MXTLS_A_VERSION]) : 0,
			    nla_get_flag(a[MXTLS_A_MORE]));
	if (err == -EPERM || err == -ENOENT)
		NL_SET_ERR_MSG(info->extack, "the request is not claimed by this socket");
	else if (err == -ENOKEY)
		NL_SET_ERR_MSG(info->extack, "ChangeCipherSpec before TX keys");
	mxtls_hs_put(hs);
	return err;
}

int mxtls_hs_genl_set_keys(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct mxtls_key_material km = {};
	struct mxtls_verify_data vd;
	struct mxtls_hs *hs = NULL;
	bool have_vd;
	u64 id;
	int err;

	err = -EPERM;
	if (!netlink_ns_capable(skb, net->user_ns, CAP_NET_ADMIN))
		goto out;
	err = mxtls_genl_set_keys_parse(info, &km, &vd, &have_vd);
	if (err)
		goto out;
	err = -ENOENT;
	hs = mxtls_hs_get(info, &id);
	if (!hs)
		goto out;
	mutex_lock(&hs->cmd_lock);
	lock_sock(hs->sk);
	err = mxtls_hs_check_owner(hs, id, info);
	release_sock(hs->sk);
	/* not closed: close waits for cmd_lock */
	if (!err)
		err = mxtls_set_keys_daemon(hs->sk, nla_get_u8(info->attrs[MXTLS_A_DIRECTION]),
					    &km, have_vd ? &vd : NULL, info->extack);
	mutex_unlock(&hs->cmd_lock);
out:
	if (hs)
		mxtls_hs_put(hs);
	mxtls_genl_wipe(info->attrs);
	memzero_explicit(&vd, sizeof(vd));
	return err;
}

/*
 * Under the socket lock: a successful handshake switched both directions.
 * The peer may have sent close_notify right after its Finished (openssl
 * s_client -reconnect does) before the daemon's DONE came: RX is closed
 * then, under the new keys.
 */
static bool mxtls_hs_switched(struct mxtls_hs *hs)
{
	struct mxtls_sock *ctx = hs->ctx;

	return ctx->tx_epoch != hs->tx_epoch && ctx->rx_epoch != hs->rx_epoch &&
	       ctx->tx && !ctx->tx->next && ctx->rx && !ctx->rx->next &&
	       (ctx->rx_state == MXTLS_STATE_ACTIVE || ctx->rx_state == MXTLS_STATE_CLOSED);
}

/*
 * The RFC 5746 verify_data of the handshake that ended: only the daemon
 * knows both Finished messages, and only once both went by, after the
 * last SET_KEYS. Kept for a re-handshake by a later (restarted) daemon.
 */
static void mxtls_hs_done_verify(struct mxtls_hs *hs, struct nlattr **a)
{
	struct nlattr *c = a[MXTLS_A_CLIENT_VERIFY_DATA], *s = a[MXTLS_A_SERVER_VERIFY_DATA];
	struct mxtls_verify_data *vd = &hs->ctx->verify;

	if (!c || !s)
		return;
	memset(vd, 0, sizeof(*vd));
	vd->client_len = nla_len(c);
	vd->server_len = nla_len(s);
	memcpy(vd->client, nla_data(c), vd->client_len);
	memcpy(vd->server, nla_data(s), vd->server_len);
}

static void mxtls_hs_done_info(struct mxtls_hs *hs, struct nlattr **a)
{
	mxtls_hs_done_verify(hs, a);
	hs->resumed = !!a[MXTLS_A_RESUMED];
	memset(hs->peer_id, 0, sizeof(hs->peer_id));
	if (a[MXTLS_A_PEER_ID])
		nla_strscpy(hs->peer_id, a[MXTLS_A_PEER_ID], sizeof(hs->peer_id));
	memset(hs->peer_fp, 0, sizeof(hs->peer_fp));
	if (a[MXTLS_A_PEER_FP])
		memcpy(hs->peer_fp, nla_data(a[MXTLS_A_PEER_FP]), sizeof(hs->peer_fp));
	if (!hs->policy_set) {
		WRITE_ONCE(hs->policy.bytes, a[MXTLS_A_REKEY_BYTES] ?
			   nla_get_u64(a[MXTLS_A_REKEY_BYTES]) : 0);
		WRITE_ONCE(hs->policy.records, a[MXTLS_A_REKEY_RECORDS] ?
			   nla_get_u64(a[MXTLS_A_REKEY_RECORDS]) : 0);
	}
}

int mxtls_hs_genl_done(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **a = info->attrs;
	struct mxtls_hs *hs;
	s32 status;
	u64 id;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, MXTLS_A_HS_STATUS))
		return -EINVAL;
	status = nla_get_s32(a[MXTLS_A_HS_STATUS]);
	hs = mxtls_hs_get(info, &id);
	if (!hs)
		return -ENOENT;
	lock_sock(hs->sk);
	err = mxtls_hs_check_owner(hs, id, info);
	if (err)
		goto out;
	if (status) {
		mxtls_hs_end(hs, -status, a[MXTLS_A_ALERT] ? nla_get_u8(a[MXTLS_A_ALERT]) : -1,
			     false);
		goto out;
	}
	if (hs->ctx->err) {
		err = hs->ctx->err;
		NL_SET_ERR_MSG(info->extack, "the connection failed");
		goto out;
	}
	if (!mxtls_hs_switched(hs)) {
		NL_SET_ERR_MSG(info->extack,
			       "both directions must have switched to the new keys first");
		err = -EINVAL;
		goto out;
	}
	mxtls_hs_done_info(hs, a);
	mxtls_hs_end(hs, 0, -1, false);
out:
	release_sock(hs->sk);
	mxtls_hs_put(hs);
	return err;
}

int mxtls_hs_genl_rehandshake(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct mxtls_sock *ctx, *found = NULL;
	struct sock *sk = NULL;
	u64 ino;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, MXTLS_A_SOCK_INO))
		return -EINVAL;
	ino = nla_get_u64(info->attrs[MXTLS_A_SOCK_INO]);
	spin_lock_bh(&mxtls_socks_lock);
	list_for_each_entry(ctx, &mxtls_socks, node) {
		if (net_eq(sock_net(ctx->sk), net) && sock_i_ino(ctx->sk) == ino) {
			found = ctx;
			sk = ctx->sk;
			sock_hold(sk);
			break;
		}
	}
	spin_unlock_bh(&mxtls_socks_lock);
	if (!found) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[MXTLS_A_SOCK_INO],
				    "no mxtls socket with this inode here");
		return -ENOENT;
	}
	lock_sock(sk);
	/* still the same socket with the same ULP state, or gone */
	if (!mxtls_sk_is_ours(sk) || mxtls_get_ctx(sk) != found || found->closing) {
		err = -ENOENT;
	} else {
		err = mxtls_hs_rehandshake(found);
		if (err == -EOPNOTSUPP)
			NL_SET_ERR_MSG(info->extack,
				       "library mode: the application runs its handshakes");
	}
	release_sock(sk);
	sock_put(sk);
	return err;
}

/* A daemon's netlink socket is released: its requests cannot go on */
static int mxtls_hs_urelease(struct notifier_block *nb, unsigned long event, void *ptr)
{
	struct netlink_notify *n = ptr;
	struct mxtls_hs *hs;

	if (event != NETLINK_URELEASE || n->protocol != NETLINK_GENERIC || !n->portid)
		return NOTIFY_DONE;
	while ((hs = mxtls_hs_find_owned(n->net, n->portid))) {
		lock_sock(hs->sk);
		if (!hs->closed && hs->in_table && hs->owner == n->portid)
			mxtls_hs_end(hs, -ECONNABORTED, -1, false);
		release_sock(hs->sk);
		mxtls_hs_put(hs);
	}
	return NOTIFY_DONE;
}

static struct notifier_block mxtls_hs_notifier = {
	.notifier_call = mxtls_hs_urelease,
};

int __init mxtls_hs_netlink_init(void)
{
	return netlink_register_notifier(&mxtls_hs_notifier);
}

void mxtls_hs_netlink_exit(void)
{
	netlink_unregister_notifier(&mxtls_hs_notifier);
}
