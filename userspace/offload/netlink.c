// SPDX-License-Identifier: GPL-2.0
/*
 * libmxtls: the generic netlink client of the mxtls family (libnl-genl-3).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <netlink/netlink.h>
#include <netlink/genl/genl.h>
#include <netlink/genl/ctrl.h>
#include <linux/mxtls.h>
#include <linux/netlink.h>

#include "core/ct.h"
#include "mxtls_netlink.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

struct mxtls_nl {
	struct nl_sock *sk;
	int family;
	int handshake_grp;
	int last_errno;			/* of the last NLMSG_ERROR, negative */
	char errmsg[256];		/* its extended ack message */
};

/* libnl reports its own error numbers; callers get errnos. */
static int nlerr_to_errno(int err)
{
	switch (-err) {
	case NLE_NOMEM:		return -ENOMEM;
	case NLE_OBJ_NOTFOUND:	return -ENOENT;
	case NLE_PERM:		return -EPERM;
	case NLE_NOACCESS:	return -EACCES;
	case NLE_AGAIN:		return -EAGAIN;
	case NLE_INTR:		return -EINTR;
	case NLE_INVAL:		return -EINVAL;
	case NLE_RANGE:		return -ERANGE;
	case NLE_MSGSIZE:	return -EMSGSIZE;
	case NLE_OPNOTSUPP:	return -EOPNOTSUPP;
	case NLE_EXIST:		return -EEXIST;
	case NLE_BUSY:		return -EBUSY;
	case NLE_AF_NOSUPPORT:	return -EAFNOSUPPORT;
	case NLE_MSG_TRUNC:
	case NLE_PARSE_ERR:	return -EBADMSG;
	default:		return -EIO;
	}
}

int mxtls_nl_open(struct mxtls_nl **out)
{
	struct mxtls_nl *nl;
	int err;

	nl = calloc(1, sizeof(*nl));
	if (!nl)
		return -ENOMEM;
	nl->sk = nl_socket_alloc();
	if (!nl->sk) {
		free(nl);
		return -ENOMEM;
	}
	err = genl_connect(nl->sk);
	if (err < 0)
		goto fail;
	/*
	 * Extended acks carry the kernel's reason for a refusal; capped acks
	 * keep it from echoing the request, keys included.
	 */
	{
		int one = 1;

		setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_EXT_ACK, &one,
			   sizeof(one));
		setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_CAP_ACK, &one,
			   sizeof(one));
	}
	err = genl_ctrl_resolve(nl->sk, MXTLS_GENL_NAME);
	if (err < 0)
		goto fail;
	nl->family = err;
	err = genl_ctrl_resolve_grp(nl->sk, MXTLS_GENL_NAME, MXTLS_GENL_MCGRP_HANDSHAKE);
	if (err < 0)
		goto fail;
	nl->handshake_grp = err;
	*out = nl;
	return 0;
fail:
	nl_socket_free(nl->sk);
	free(nl);
	return nlerr_to_errno(err);
}

void mxtls_nl_close(struct mxtls_nl *nl)
{
	if (!nl)
		return;
	nl_socket_free(nl->sk);
	free(nl);
}

int mxtls_nl_family_id(const struct mxtls_nl *nl)
{
	return nl->family;
}

int mxtls_nl_handshake_group(const struct mxtls_nl *nl)
{
	return nl->handshake_grp;
}

static const struct nla_policy get_policy[MXTLS_A_MAX + 1] = {
	[MXTLS_A_SOCK_INO]	= { .type = NLA_U64 },
	[MXTLS_A_FAMILY]	= { .type = NLA_U16 },
	[MXTLS_A_LOCAL_PORT]	= { .type = NLA_U16 },
	[MXTLS_A_PEER_PORT]	= { .type = NLA_U16 },
	[MXTLS_A_OWNER_UID]	= { .type = NLA_U32 },
	[MXTLS_A_VERSION]	= { .type = NLA_U16 },
	[MXTLS_A_TX_SUITE]	= { .type = NLA_U16 },
	[MXTLS_A_RX_SUITE]	= { .type = NLA_U16 },
};

static int get_addr(struct nlattr *a, uint16_t family, struct in6_addr *out)
{
	size_t want = family == AF_INET6 ? 16 : 4;

	if (!a || (size_t)nla_len(a) != want)
		return -EBADMSG;
	memset(out, 0, sizeof(*out));
	memcpy(out, nla_data(a), want);
	return 0;
}

int mxtls_nl_parse_sock(const struct nlmsghdr *nlh, struct mxtls_sock_info *info)
{
	struct nlattr *tb[MXTLS_A_MAX + 1];
	struct genlmsghdr *gnlh;

	if (!genlmsg_valid_hdr((struct nlmsghdr *)nlh, 0))
		return -EBADMSG;
	gnlh = nlmsg_data(nlh);
	if (gnlh->cmd != MXTLS_CMD_GET)
		return -EBADMSG;
	if (genlmsg_parse((struct nlmsghdr *)nlh, 0, tb, MXTLS_A_MAX, (struct nla_policy *)get_policy) < 0)
		return -EBADMSG;
	if (!tb[MXTLS_A_SOCK_INO] || !tb[MXTLS_A_FAMILY] || !tb[MXTLS_A_LOCAL_PORT] ||
	    !tb[MXTLS_A_PEER_PORT] || !tb[MXTLS_A_OWNER_UID])
		return -EBADMSG;

	memset(info, 0, sizeof(*info));
	info->inode = nla_get_u64(tb[MXTLS_A_SOCK_INO]);
	info->uid = nla_get_u32(tb[MXTLS_A_OWNER_UID]);
	info->family = nla_get_u16(tb[MXTLS_A_FAMILY]);
	info->local_port = nla_get_u16(tb[MXTLS_A_LOCAL_PORT]);
	info->peer_port = nla_get_u16(tb[MXTLS_A_PEER_PORT]);
	if (tb[MXTLS_A_VERSION])
		info->version = nla_get_u16(tb[MXTLS_A_VERSION]);
	if (tb[MXTLS_A_TX_SUITE])
		info->tx_suite = nla_get_u16(tb[MXTLS_A_TX_SUITE]);
	if (tb[MXTLS_A_RX_SUITE])
		info->rx_suite = nla_get_u16(tb[MXTLS_A_RX_SUITE]);
	if (info->family != AF_INET && info->family != AF_INET6)
		return -EBADMSG;
	if (get_addr(tb[MXTLS_A_LOCAL_ADDR], info->family, &info->local_addr) ||
	    get_addr(tb[MXTLS_A_PEER_ADDR], info->family, &info->peer_addr))
		return -EBADMSG;
	return 0;
}

struct list_ctx {
	mxtls_sock_cb cb;
	void *arg;
	int ret;
};

static int list_valid(struct nl_msg *msg, void *arg)
{
	struct list_ctx *ctx = arg;
	struct mxtls_sock_info info;

	if (ctx->ret)
		return NL_SKIP;
	ctx->ret = mxtls_nl_parse_sock(nlmsg_hdr(msg), &info);
	if (!ctx->ret)
		ctx->ret = ctx->cb(&info, ctx->arg);
	return ctx->ret ? NL_SKIP : NL_OK;
}

int mxtls_nl_list_socks(struct mxtls_nl *nl, mxtls_sock_cb cb, void *arg)
{
	struct list_ctx ctx = { .cb = cb, .arg = arg };
	int err;

	err = genl_send_simple(nl->sk, nl->family, MXTLS_CMD_GET, MXTLS_GENL_VERSION, NLM_F_DUMP);
	if (err < 0)
		return nlerr_to_errno(err);
	err = nl_socket_modify_cb(nl->sk, NL_CB_VALID, NL_CB_CUSTOM, list_valid, &ctx);
	if (err < 0)
		return nlerr_to_errno(err);
	err = nl_recvmsgs_default(nl->sk);
	nl_socket_modify_cb(nl->sk, NL_CB_VALID, NL_CB_DEFAULT, NULL, NULL);
	if (err < 0)
		return nlerr_to_errno(err);
	return ctx.ret;
}

const char *mxtls_nl_errmsg(const struct mxtls_nl *nl)
{
	return nl->errmsg;
}

/* Keep the errno and the extended ack message of a refusal */
static int error_cb(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)((const char *)e - NLMSG_HDRLEN);
	struct mxtls_nl *nl = arg;
	size_t off = sizeof(*e);
	struct nlattr *a;
	int rem;

	nl->last_errno = e->error;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) || nlh->nlmsg_len < NLMSG_HDRLEN + off)
		return NL_STOP;
	nla_for_each_attr(a, (struct nlattr *)((char *)e + off),
			  (int)(nlh->nlmsg_len - NLMSG_HDRLEN - off), rem) {
		if (nla_type(a) == NLMSGERR_ATTR_MSG && nla_len(a) > 0) {
			size_t n = strnlen(nla_data(a), (size_t)nla_len(a));

			if (n >= sizeof(nl->errmsg))
				n = sizeof(nl->errmsg) - 1;
			memcpy(nl->errmsg, nla_data(a), n);
			nl->errmsg[n] = 0;
		}
	}
	return NL_STOP;
}

static int put_bin(struct nl_msg *msg, int attr, const uint8_t *p, size_t len)
{
	return len ? nla_put(msg, attr, (int)len, p) : 0;
}

int mxtls_nl_set_keys(struct mxtls_nl *nl, const struct mxtls_keys *k)
{
	struct nl_msg *msg;
	int err;

	nl->errmsg[0] = 0;
	nl->last_errno = 0;
	msg = nlmsg_alloc();
	if (!msg)
		return -ENOMEM;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0, 0, MXTLS_CMD_SET_KEYS,
			 MXTLS_GENL_VERSION) ||
	    nla_put_s32(msg, MXTLS_A_FD, k->fd) ||
	    nla_put_u8(msg, MXTLS_A_DIRECTION, k->direction) ||
	    nla_put_u16(msg, MXTLS_A_VERSION, k->version) ||
	    nla_put_u16(msg, MXTLS_A_SUITE, k->suite) ||
	    nla_put_u64(msg, MXTLS_A_SEQ, k->seq) ||
	    (k->flags && nla_put_u32(msg, MXTLS_A_KEY_FLAGS, k->flags)) ||
	    (k->keystream_offset &&
	     nla_put_u32(msg, MXTLS_A_KEYSTREAM_OFFSET, k->keystream_offset)) ||
	    put_bin(msg, MXTLS_A_ENC_KEY, k->enc_key, k->enc_key_len) ||
	    put_bin(msg, MXTLS_A_MAC_KEY, k->mac_key, k->mac_key_len) ||
	    put_bin(msg, MXTLS_A_IV, k->iv, k->iv_len) ||
	    put_bin(msg, MXTLS_A_CLIENT_VERIFY_DATA, k->client_verify_data,
		    k->client_verify_data_len) ||
	    put_bin(msg, MXTLS_A_SERVER_VERIFY_DATA, k->server_verify_data,
		    k->server_verify_data_len)) {
		err = -EMSGSIZE;
		goto out;
	}
	err = nl_send_auto(nl->sk, msg);
	if (err < 0) {
		err = nlerr_to_errno(err);
		goto out;
	}
	err = nl_socket_modify_err_cb(nl->sk, NL_CB_CUSTOM, error_cb, nl);
	if (err < 0) {
		err = nlerr_to_errno(err);
		goto out;
	}
	err = nl_wait_for_ack(nl->sk);
	nl_socket_modify_err_cb(nl->sk, NL_CB_DEFAULT, NULL, NULL);
	if (nl->last_errno)
		err = nl->last_errno;
	else if (err < 0)
		err = nlerr_to_errno(err);
out:
	mx_zeroize(nlmsg_hdr(msg), nlmsg_hdr(msg)->nlmsg_len);
	nlmsg_free(msg);
	return err;
}
