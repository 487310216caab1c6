// SPDX-License-Identifier: GPL-2.0
/*
 * mxtlsd's netlink socket (see nl.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <netlink/netlink.h>
#include <netlink/genl/genl.h>
#include <netlink/genl/ctrl.h>
#include <linux/netlink.h>

#include "core/ct.h"
#include "daemon/nl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/*
 * What the commands produce waits in out, one netlink message after the
 * other, until mxd_nl_flush(): a flight's HS_SEND and SET_KEYS messages
 * (a client's ClientKeyExchange, TX keys, ChangeCipherSpec, Finished and
 * RX keys) reach the kernel in one sendmsg instead of five; the kernel
 * handles them in order and answers each as if it had come alone.
 */
#define OUT_MAX		(4 << 20)	/* refuse to queue more: below the send buffer */

struct mxd_nl {
	struct nl_sock *sk;
	int family;
	struct mxd_nl_cb cb;
	uint8_t *out;
	size_t out_len, out_cap;
};

static int errno_of(int nlerr)
{
	switch (-nlerr) {
	case NLE_NOMEM:		return -ENOMEM;
	case NLE_OBJ_NOTFOUND:	return -ENOENT;
	case NLE_PERM:		return -EPERM;
	case NLE_AGAIN:		return -EAGAIN;
	case NLE_INTR:		return -EINTR;
	case NLE_NOACCESS:	return -EACCES;
	case NLE_MSG_OVERFLOW:	return -ENOBUFS;
	default:		return -EIO;
	}
}

static struct nla_policy policy[MXTLS_A_MAX + 1] = {
	[MXTLS_A_HS_ID]		= { .type = NLA_U64 },
	[MXTLS_A_HS_REASON]	= { .type = NLA_U8 },
	[MXTLS_A_ROLE]		= { .type = NLA_U8 },
	[MXTLS_A_PEER_NAME]	= { .type = NLA_STRING, .maxlen = MXTLS_PEER_NAME_MAX },
	[MXTLS_A_PROFILE]	= { .type = NLA_STRING, .maxlen = MXTLS_PROFILE_MAX },
	[MXTLS_A_REQ_UID]	= { .type = NLA_U32 },
	[MXTLS_A_REQ_GID]	= { .type = NLA_U32 },
	[MXTLS_A_REQ_PID]	= { .type = NLA_U32 },
	[MXTLS_A_SOCK_INO]	= { .type = NLA_U64 },
	[MXTLS_A_FAMILY]	= { .type = NLA_U16 },
	[MXTLS_A_LOCAL_PORT]	= { .type = NLA_U16 },
	[MXTLS_A_PEER_PORT]	= { .type = NLA_U16 },
	[MXTLS_A_VERSION]	= { .type = NLA_U16 },
	[MXTLS_A_SUITE]		= { .type = NLA_U16 },
	[MXTLS_A_CONTENT_TYPE]	= { .type = NLA_U8 },
	[MXTLS_A_PEER_ID]	= { .type = NLA_STRING, .maxlen = MXTLS_PEER_ID_MAX },
	[MXTLS_A_HS_STATUS]	= { .type = NLA_U32 },
};

/* A string attribute into buf, NUL-terminated; false if it does not fit. */
static bool get_str(struct nlattr *a, char *buf, size_t len)
{
	size_t n;

	buf[0] = 0;
	if (!a)
		return true;
	n = strnlen(nla_data(a), (size_t)nla_len(a));
	if (n >= len)
		return false;
	memcpy(buf, nla_data(a), n);
	buf[n] = 0;
	return true;
}

static bool get_addr(struct nlattr *a, uint16_t family, struct in6_addr *out)
{
	size_t want = family == AF_INET6 ? 16 : 4;

	memset(out, 0, sizeof(*out));
	if (!a)
		return true;
	if ((size_t)nla_len(a) != want)
		return false;
	memcpy(out, nla_data(a), want);
	return true;
}

static int parse_accept(struct nlattr **tb, struct mxd_request *r)
{
	struct nlattr *cv = tb[MXTLS_A_CLIENT_VERIFY_DATA], *sv = tb[MXTLS_A_SERVER_VERIFY_DATA];

	memset(r, 0, sizeof(*r));
	if (!tb[MXTLS_A_HS_ID] || !tb[MXTLS_A_ROLE] || !tb[MXTLS_A_HS_REASON])
		return -EBADMSG;
	r->id = nla_get_u64(tb[MXTLS_A_HS_ID]);
	r->role = nla_get_u8(tb[MXTLS_A_ROLE]);
	r->reason = nla_get_u8(tb[MXTLS_A_HS_REASON]);
	if (r->role != MXTLS_ROLE_CLIENT && r->role != MXTLS_ROLE_SERVER)
		return -EBADMSG;
	if (!get_str(tb[MXTLS_A_PEER_NAME], r->peer_name, sizeof(r->peer_name)) ||
	    !get_str(tb[MXTLS_A_PROFILE], r->profile, sizeof(r->profile)) ||
	    !get_str(tb[MXTLS_A_PEER_ID], r->peer_id, sizeof(r->peer_id)))
		return -EBADMSG;
	if (tb[MXTLS_A_REQ_UID])
		r->uid = nla_get_u32(tb[MXTLS_A_REQ_UID]);
	else
		return -EBADMSG;
	if (tb[MXTLS_A_REQ_GID])
		r->gid = nla_get_u32(tb[MXTLS_A_REQ_GID]);
	else
		return -EBADMSG;
	if (tb[MXTLS_A_REQ_PID])
		r->pid = nla_get_u32(tb[MXTLS_A_REQ_PID]);
	if (tb[MXTLS_A_SOCK_INO])
		r->ino = nla_get_u64(tb[MXTLS_A_SOCK_INO]);
	if (tb[MXTLS_A_FAMILY])
		r->family = nla_get_u16(tb[MXTLS_A_FAMILY]);
	if (tb[MXTLS_A_LOCAL_PORT])
		r->local_port = nla_get_u16(tb[MXTLS_A_LOCAL_PORT]);
	if (tb[MXTLS_A_PEER_PORT])
		r->peer_port = nla_get_u16(tb[MXTLS_A_PEER_PORT]);
	if (r->family == AF_INET || r->family == AF_INET6) {
		if (!get_addr(tb[MXTLS_A_LOCAL_ADDR], r->family, &r->local_addr) ||
		    !get_addr(tb[MXTLS_A_PEER_ADDR], r->family, &r->peer_addr))
			return -EBADMSG;
	}
	if (tb[MXTLS_A_VERSION])
		r->version = nla_get_u16(tb[MXTLS_A_VERSION]);
	if (tb[MXTLS_A_SUITE])
		r->suite = nla_get_u16(tb[MXTLS_A_SUITE]);
	if (cv || sv) {
		if (!cv || !sv || nla_len(cv) != nla_len(sv) || nla_len(cv) <= 0 ||
		    nla_len(cv) > MXTLS_VERIFY_DATA_MAX)
			return -EBADMSG;
		r->vd_len = (uint8_t)nla_len(cv);
		memcpy(r->client_vd, nla_data(cv), r->vd_len);
		memcpy(r->server_vd, nla_data(sv), r->vd_len);
	}
	if (r->reason != MXTLS_HS_REASON_INITIAL && (!r->version || !r->suite))
		return -EBADMSG;
	return 0;
}

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct mxd_nl *nl = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct nlattr *tb[MXTLS_A_MAX + 1];
	struct genlmsghdr *g;
	struct mxd_request req;
	struct nlattr *d;

	if (nlh->nlmsg_type != nl->family || !genlmsg_valid_hdr(nlh, 0))
		return NL_SKIP;
	g = nlmsg_data(nlh);
	if (genlmsg_parse(nlh, 0, tb, MXTLS_A_MAX, policy) < 0)
		return NL_SKIP;
	switch (g->cmd) {
	case MXTLS_CMD_ACCEPT:
		if (!parse_accept(tb, &req))
			nl->cb.accepted(nl->cb.arg, nlh->nlmsg_seq, &req);
		else if (nl->cb.refused)
			nl->cb.refused(nl->cb.arg, nlh->nlmsg_seq, -EBADMSG,
				       "malformed ACCEPT reply");
		mx_zeroize(&req, sizeof(req));
		break;
	case MXTLS_CMD_HS_RECV:
		d = tb[MXTLS_A_DATA];
		if (!tb[MXTLS_A_HS_ID] || !tb[MXTLS_A_CONTENT_TYPE] || !d || nla_len(d) < 0 ||
		    nla_len(d) > 16384 + 2048)
			break;
		nl->cb.record(nl->cb.arg, nla_get_u64(tb[MXTLS_A_HS_ID]),
			      nla_get_u8(tb[MXTLS_A_CONTENT_TYPE]), nla_data(d), (size_t)nla_len(d));
		break;
	case MXTLS_CMD_DONE:
		if (tb[MXTLS_A_HS_ID] && tb[MXTLS_A_HS_STATUS])
			nl->cb.ended(nl->cb.arg, nla_get_u64(tb[MXTLS_A_HS_ID]),
				     (int)nla_get_u32(tb[MXTLS_A_HS_STATUS]));
		break;
	}
	return NL_OK;
}

static int on_error(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)((const char *)e - NLMSG_HDRLEN);
	struct mxd_nl *nl = arg;
	char why[256] = "";
	size_t off = sizeof(*e);
	struct nlattr *a;
	int rem;

	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	if ((nlh->nlmsg_flags & NLM_F_ACK_TLVS) && nlh->nlmsg_len >= NLMSG_HDRLEN + off) {
		nla_for_each_attr(a, (struct nlattr *)((char *)e + off),
				  (int)(nlh->nlmsg_len - NLMSG_HDRLEN - off), rem) {
			if (nla_type(a) == NLMSGERR_ATTR_MSG && nla_len(a) > 0) {
				size_t n = strnlen(nla_data(a), (size_t)nla_len(a));

				if (n >= sizeof(why))
					n = sizeof(why) - 1;
				memcpy(why, nla_data(a), n);
				why[n] = 0;
			}
		}
	}
	if (nl->cb.refused)
		nl->cb.refused(nl->cb.arg, e->msg.nlmsg_seq, e->error, why);
	return NL_SKIP;
}

/* An acknowledgement (asked for by DONE): libnl hands those over here. */
static int on_ack(struct nl_msg *msg, void *arg)
{
	struct mxd_nl *nl = arg;

	if (nl->cb.refused)
		nl->cb.refused(nl->cb.arg, nlmsg_hdr(msg)->nlmsg_seq, 0, "");
	return NL_OK;
}

/* A generic netlink socket of the family, non-blocking; its family id in *family */
static int connect_family(struct nl_sock **out, int *family)
{
	struct nl_sock *sk = nl_socket_alloc();
	int err, one = 1;

	if (!sk)
		return -ENOMEM;
	err = genl_connect(sk);
	if (err < 0)
		goto fail;
	setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	err = genl_ctrl_resolve(sk, MXTLS_GENL_NAME);
	if (err < 0)
		goto fail;
	*family = err;
	err = nl_socket_set_nonblocking(sk);
	if (err < 0)
		goto fail;
	*out = sk;
	return 0;
fail:
	nl_socket_free(sk);
	return errno_of(err);
}

struct mxd_nl_listener {
	struct nl_sock *sk;
	int family;
};

int mxd_nl_listener_open(struct mxd_nl_listener **out)
{
	struct mxd_nl_listener *l = calloc(1, sizeof(*l));
	int err, grp;

	if (!l)
		return -ENOMEM;
	err = connect_family(&l->sk, &l->family);
	if (err) {
		free(l);
		return err;
	}
	grp = genl_ctrl_resolve_grp(l->sk, MXTLS_GENL_NAME, MXTLS_GENL_MCGRP_HANDSHAKE);
	err = grp < 0 ? grp : nl_socket_add_membership(l->sk, grp);
	if (err < 0) {
		mxd_nl_listener_close(l);
		return errno_of(err);
	}
	/* Room for a burst of requests while every worker is busy. */
	nl_socket_set_buffer_size(l->sk, 1 << 20, 0);
	*out = l;
	return 0;
}

void mxd_nl_listener_close(struct mxd_nl_listener *l)
{
	if (!l)
		return;
	nl_socket_free(l->sk);
	free(l);
}

int mxd_nl_listener_fd(const struct mxd_nl_listener *l)
{
	return nl_socket_get_fd(l->sk);
}

/*
 * Workers read this socket concurrently: with recv() on its descriptor,
 * each datagram goes to one of them (libnl's reading keeps state in the
 * nl_sock). A notification is one small message per datagram.
 */
int mxd_nl_listener_next(struct mxd_nl_listener *l, uint64_t *id)
{
	struct nlattr *tb[MXTLS_A_MAX + 1];
	uint32_t buf[1024];
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;
	ssize_t n;
	int left;

	for (;;) {
		n = recv(nl_socket_get_fd(l->sk), buf, sizeof(buf), MSG_DONTWAIT);
		if (n < 0)
			return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -errno;
		left = (int)n;
		for (nlh = (struct nlmsghdr *)buf; nlmsg_ok(nlh, left); nlh = nlmsg_next(nlh, &left)) {
			if (nlh->nlmsg_type != l->family || !genlmsg_valid_hdr(nlh, 0))
				continue;
			g = nlmsg_data(nlh);
			if (g->cmd != MXTLS_CMD_HS_REQUEST ||
			    genlmsg_parse(nlh, 0, tb, MXTLS_A_MAX, policy) < 0 || !tb[MXTLS_A_HS_ID])
				continue;
			*id = nla_get_u64(tb[MXTLS_A_HS_ID]);
			return 1;
		}
	}
}

int mxd_nl_open(struct mxd_nl **out, const struct mxd_nl_cb *cb)
{
	struct mxd_nl *nl;
	int err;

	nl = calloc(1, sizeof(*nl));
	if (!nl)
		return -ENOMEM;
	nl->cb = *cb;
	err = connect_family(&nl->sk, &nl->family);
	if (err) {
		free(nl);
		return err;
	}
	/* Room for many handshakes' records between two reads. */
	nl_socket_set_buffer_size(nl->sk, 8 << 20, 8 << 20);
	/* One read per message: a buffer for the largest, no MSG_PEEK to size it first. */
	nl_socket_disable_msg_peek(nl->sk);
	nl_socket_set_msg_buf_size(nl->sk, 64 << 10);
	nl_socket_disable_seq_check(nl->sk);
	nl_socket_disable_auto_ack(nl->sk);
	nl_socket_modify_cb(nl->sk, NL_CB_VALID, NL_CB_CUSTOM, on_valid, nl);
	nl_socket_modify_err_cb(nl->sk, NL_CB_CUSTOM, on_error, nl);
	nl_socket_modify_cb(nl->sk, NL_CB_ACK, NL_CB_CUSTOM, on_ack, nl);
	*out = nl;
	return 0;
}

static void out_wipe(uint8_t *buf, size_t cap)
{
	if (buf) {
		mx_zeroize(buf, cap);
		free(buf);
	}
}

void mxd_nl_close(struct mxd_nl *nl)
{
	if (!nl)
		return;
	out_wipe(nl->out, nl->out_cap);
	nl_socket_free(nl->sk);
	free(nl);
}

int mxd_nl_fd(const struct mxd_nl *nl)
{
	return nl_socket_get_fd(nl->sk);
}

/*
 * Send what waits. If the kernel never got it, each message is refused
 * with the error, as the kernel would have refused it.
 */
int mxd_nl_flush(struct mxd_nl *nl)
{
	uint8_t *buf = nl->out;
	size_t len = nl->out_len, cap = nl->out_cap;
	struct nlmsghdr *h;
	int rem, err;

	if (!len)
		return 0;
	/* the callbacks below may queue more: into a new buffer */
	nl->out = NULL;
	nl->out_len = nl->out_cap = 0;
	err = nl_sendto(nl->sk, buf, len);
	if (err >= 0) {
		out_wipe(buf, cap);
		return 0;
	}
	err = errno_of(err);
	for (h = (struct nlmsghdr *)buf, rem = (int)len; nlmsg_ok(h, rem); h = nlmsg_next(h, &rem))
		if (nl->cb.refused)
			nl->cb.refused(nl->cb.arg, h->nlmsg_seq, err, "not sent");
	out_wipe(buf, cap);
	return err;
}

int mxd_nl_receive(struct mxd_nl *nl)
{
	int err, sent;

	for (;;) {
		err = nl_recvmsgs_default(nl->sk);
		/*
		 * What that message made us say goes before the next is read
		 * (a flight in one sendmsg); the kernel answered ACCEPT or
		 * acknowledged DONE by the time sendmsg returns: read on.
		 */
		sent = mxd_nl_flush(nl);
		if (sent)
			return sent;
		if (err == -NLE_AGAIN)
			return 0;
		/* libnl reports the socket's ENOBUFS (lost messages) as NOMEM */
		if (err == -NLE_NOMEM)
			return -ENOBUFS;
		if (err < 0 && err != -NLE_INTR)
			return errno_of(err);
	}
}

static struct nl_msg *start(struct mxd_nl *nl, uint8_t cmd, uint64_t id)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0, 0, cmd,
			 MXTLS_GENL_VERSION) ||
	    (id && nla_put_u64(msg, MXTLS_A_HS_ID, id))) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

/*
 * Room for len more bytes in out. It never sends: the callbacks that
 * report a failed send must not run under a command's caller.
 */
static int out_room(struct mxd_nl *nl, size_t len)
{
	size_t cap;
	uint8_t *b;

	if (nl->out_len + len > OUT_MAX)
		return -ENOBUFS;
	if (nl->out_len + len <= nl->out_cap)
		return 0;
	cap = nl->out_cap ? nl->out_cap : 4096;
	while (cap < nl->out_len + len)
		cap *= 2;
	b = malloc(cap);
	if (!b)
		return -ENOMEM;
	if (nl->out_len)
		memcpy(b, nl->out, nl->out_len);
	out_wipe(nl->out, nl->out_cap);
	nl->out = b;
	nl->out_cap = cap;
	return 0;
}

/*
 * Queue msg for mxd_nl_flush() and free it (wiped: it may hold keys);
 * its sequence number.
 */
static int64_t finish(struct mxd_nl *nl, struct nl_msg *msg, bool ok)
{
	struct nlmsghdr *h = nlmsg_hdr(msg);
	int64_t rc = -EMSGSIZE;
	size_t len;

	if (ok) {
		nl_complete_msg(nl->sk, msg);
		len = NLMSG_ALIGN(h->nlmsg_len);
		rc = out_room(nl, len);
		if (!rc) {
			memcpy(nl->out + nl->out_len, h, h->nlmsg_len);
			memset(nl->out + nl->out_len + h->nlmsg_len, 0, len - h->nlmsg_len);
			nl->out_len += len;
			rc = h->nlmsg_seq;
		}
	}
	mx_zeroize(h, h->nlmsg_len);
	nlmsg_free(msg);
	return rc;
}

int64_t mxd_nl_accept(struct mxd_nl *nl, uint64_t id)
{
	struct nl_msg *msg = start(nl, MXTLS_CMD_ACCEPT, id);

	return msg ? finish(nl, msg, true) : -ENOMEM;
}

int64_t mxd_nl_hs_send(struct mxd_nl *nl, uint64_t id, uint8_t ct, const uint8_t *data,
		       size_t len, uint16_t version, bool more)
{
	struct nl_msg *msg;

	if (!len || len > MXTLS_HS_DATA_MAX)
		return -EINVAL;
	msg = nlmsg_alloc_size(NLMSG_HDRLEN + GENL_HDRLEN + len + 256);
	if (!msg)
		return -ENOMEM;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0, 0, MXTLS_CMD_HS_SEND,
			 MXTLS_GENL_VERSION)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	return finish(nl, msg, !nla_put_u64(msg, MXTLS_A_HS_ID, id) &&
		      !nla_put_u8(msg, MXTLS_A_CONTENT_TYPE, ct) &&
		      !(version && nla_put_u16(msg, MXTLS_A_VERSION, version)) &&
		      !(more && nla_put_flag(msg, MXTLS_A_MORE)) &&
		      !nla_put(msg, MXTLS_A_DATA, (int)len, data));
}

static int put_bin(struct nl_msg *msg, int attr, const uint8_t *p, size_t len)
{
	return len ? nla_put(msg, attr, (int)len, p) : 0;
}

int64_t mxd_nl_set_keys(struct mxd_nl *nl, uint64_t id, uint8_t dir,
			const struct mx_traffic_keys *k)
{
	struct nl_msg *msg = start(nl, MXTLS_CMD_SET_KEYS, id);

	if (!msg)
		return -ENOMEM;
	return finish(nl, msg, !nla_put_u8(msg, MXTLS_A_DIRECTION, dir) &&
		      !nla_put_u16(msg, MXTLS_A_VERSION, k->version) &&
		      !nla_put_u16(msg, MXTLS_A_SUITE, k->suite) &&
		      !nla_put_u64(msg, MXTLS_A_SEQ, k->seq) &&
		      !((k->flags & MX_TK_ETM) &&
			nla_put_u32(msg, MXTLS_A_KEY_FLAGS, MXTLS_KEY_F_ETM)) &&
		      !put_bin(msg, MXTLS_A_ENC_KEY, k->key, k->key_len) &&
		      !put_bin(msg, MXTLS_A_MAC_KEY, k->mac_key, k->mac_key_len) &&
		      !put_bin(msg, MXTLS_A_IV, k->iv, k->iv_len));
}

int64_t mxd_nl_done(struct mxd_nl *nl, uint64_t id, const struct mxd_done *d)
{
	struct nl_msg *msg = start(nl, MXTLS_CMD_DONE, id);

	if (!msg)
		return -ENOMEM;
	if (d->ack)
		nlmsg_hdr(msg)->nlmsg_flags |= NLM_F_ACK;
	return finish(nl, msg, !nla_put_s32(msg, MXTLS_A_HS_STATUS, d->status) &&
		      !(d->peer_id && nla_put_string(msg, MXTLS_A_PEER_ID, d->peer_id)) &&
		      !(d->peer_fp && nla_put(msg, MXTLS_A_PEER_FP, MXTLS_PEER_FP_LEN, d->peer_fp)) &&
		      !(d->resumed && nla_put_flag(msg, MXTLS_A_RESUMED)) &&
		      !put_bin(msg, MXTLS_A_CLIENT_VERIFY_DATA, d->client_vd, d->vd_len) &&
		      !put_bin(msg, MXTLS_A_SERVER_VERIFY_DATA, d->server_vd, d->vd_len) &&
		      !(d->rekey_bytes && nla_put_u64(msg, MXTLS_A_REKEY_BYTES, d->rekey_bytes)) &&
		      !(d->rekey_records &&
			nla_put_u64(msg, MXTLS_A_REKEY_RECORDS, d->rekey_records)));
}
