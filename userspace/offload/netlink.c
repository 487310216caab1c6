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

#include "mxtls_netlink.h"

struct mxtls_nl {
	struct nl_sock *sk;
	int family;
	int handshake_grp;
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
