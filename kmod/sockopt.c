// SPDX-License-Identifier: GPL-2.0
/*
 * mxtls: what a socket tells about itself and the owner may set: the
 * SOL_MXTLS options, and the ULP information ss(8) prints.
 */
#include <linux/inet_diag.h>
#include <linux/tls.h>
#include <net/netlink.h>
#include <net/tcp.h>

#include "mxtls.h"

static void mxtls_fill_info(struct mxtls_sock *ctx, struct mxtls_info *info)
{
	struct mxtls_tx *tx = ctx->tx;
	struct mxtls_rx *rx = ctx->rx;

	memset(info, 0, sizeof(*info));
	info->tx_version = ctx->tx_version;
	info->rx_version = ctx->rx_version;
	info->tx_suite = ctx->tx_suite;
	info->rx_suite = ctx->rx_suite;
	info->tx_state = ctx->tx_state;
	info->rx_state = ctx->rx_state;
	info->alert_rcvd_level = ctx->alert_rcvd[0];
	info->alert_rcvd_desc = ctx->alert_rcvd[1];
	info->alert_sent_level = ctx->alert_sent[0];
	info->alert_sent_desc = ctx->alert_sent[1];
	info->error = -ctx->err;
	info->tx_epoch = ctx->tx_epoch;
	info->rx_epoch = ctx->rx_epoch;
	info->tx_records = ctx->tx_records;
	info->rx_records = ctx->rx_records;
	info->tx_bytes = ctx->tx_bytes;
	info->rx_bytes = ctx->rx_bytes;
	if (ctx->close_notify)
		info->flags |= MXTLS_INFO_CLOSE_NOTIFY;
	if (tx) {
		info->tx_seq = tx->crypto->seq;
		if (tx->crypto->etm)
			info->flags |= MXTLS_INFO_TX_ETM;
		if (tx->next)
			info->flags |= MXTLS_INFO_TX_NEXT_KEYS;
	}
	if (rx) {
		info->rx_seq = rx->crypto->seq;
		if (rx->crypto->etm)
			info->flags |= MXTLS_INFO_RX_ETM;
		if (rx->next)
			info->flags |= MXTLS_INFO_RX_NEXT_KEYS;
	}
	if (ctx->hs)
		mxtls_hs_fill_info(ctx, info);
}

int mxtls_setsockopt(struct sock *sk, int level, int optname, sockptr_t optval,
		     unsigned int optlen)
{
	struct mxtls_sock *ctx = mxtls_get_ctx(sk);
	int val;

	if (level != SOL_MXTLS)
		return ctx->sk_proto->setsockopt(sk, level, optname, optval, optlen);
	if (optname == MXTLS_HANDSHAKE || optname == MXTLS_REHANDSHAKE ||
	    optname == MXTLS_REKEY_POLICY)
		return mxtls_hs_sockopt(ctx, optname, optval, optlen);
	if (optname != MXTLS_CLOSE_NOTIFY)
		return -ENOPROTOOPT;
	if (optlen < sizeof(val))
		return -EINVAL;
	if (copy_from_sockptr(&val, optval, sizeof(val)))
		return -EFAULT;
	lock_sock(sk);
	WRITE_ONCE(ctx->close_notify, !!val);
	release_sock(sk);
	return 0;
}

int mxtls_getsockopt(struct sock *sk, int level, int optname, char __user *optval,
		     int __user *optlen)
{
	struct mxtls_sock *ctx = mxtls_get_ctx(sk);
	union {
		struct mxtls_info info;
		struct mxtls_verify_data vd;
		struct mxtls_rekey_policy policy;
		int val;
	} u;
	size_t size;
	int len;

	if (level != SOL_MXTLS) {
		/* It would read, and eat, the ciphertext under us */
		if (level == SOL_TCP && optname == TCP_ZEROCOPY_RECEIVE && READ_ONCE(ctx->rx))
			return -EOPNOTSUPP;
		return ctx->sk_proto->getsockopt(sk, level, optname, optval, optlen);
	}
	if (get_user(len, optlen))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;

	lock_sock(sk);
	switch (optname) {
	case MXTLS_INFO:
		mxtls_fill_info(ctx, &u.info);
		size = sizeof(u.info);
		break;
	case MXTLS_CLOSE_NOTIFY:
		u.val = ctx->close_notify;
		size = sizeof(u.val);
		break;
	case MXTLS_VERIFY_DATA:
		u.vd = ctx->verify;
		size = sizeof(u.vd);
		break;
	case MXTLS_REKEY_POLICY:
		if (mxtls_hs_getsockopt(ctx, optname, &u.policy, &size)) {
			release_sock(sk);
			return -EOPNOTSUPP;
		}
		break;
	default:
		release_sock(sk);
		return -ENOPROTOOPT;
	}
	release_sock(sk);

	len = min_t(size_t, len, size);
	if (copy_to_user(optval, &u, len) || put_user(len, optlen))
		return -EFAULT;
	return 0;
}

/* The kernel tls ULP's cipher numbers, which ss(8) knows by name */
static u16 mxtls_ktls_cipher(u16 suite)
{
	const struct mxtls_suite *s = mxtls_suite_find(suite);

	if (!s)
		return 0;
	switch (s->prot->cipher) {
	case MXTLS_CIPHER_GCM:
		return s->prot->key_len == 16 ? TLS_CIPHER_AES_GCM_128 : TLS_CIPHER_AES_GCM_256;
	case MXTLS_CIPHER_CHACHA:
		return TLS_CIPHER_CHACHA20_POLY1305;
	}
	return 0;
}

/*
 * ss -ti: the version, the cipher where ss has a name for it, and whether
 * each direction is protected, in the kernel tls ULP's attributes since
 * that is what ss decodes.
 */
int mxtls_get_info(struct sock *sk, struct sk_buff *skb)
{
	struct mxtls_sock *ctx;
	struct nlattr *nest;
	u16 version, suite, cipher;
	int err = -EMSGSIZE;

	nest = nla_nest_start_noflag(skb, INET_ULP_INFO_TLS);
	if (!nest)
		return -EMSGSIZE;
	rcu_read_lock();
	ctx = rcu_dereference(inet_csk(sk)->icsk_ulp_data);
	if (!ctx) {
		err = 0;
		goto out;
	}
	version = READ_ONCE(ctx->tx_version) ?: READ_ONCE(ctx->rx_version);
	suite = READ_ONCE(ctx->tx_suite) ?: READ_ONCE(ctx->rx_suite);
	cipher = mxtls_ktls_cipher(suite);
	if ((version && nla_put_u16(skb, TLS_INFO_VERSION, version)) ||
	    (cipher && nla_put_u16(skb, TLS_INFO_CIPHER, cipher)) ||
	    nla_put_u16(skb, TLS_INFO_TXCONF, READ_ONCE(ctx->tx_version) ? TLS_CONF_SW :
								      TLS_CONF_BASE) ||
	    nla_put_u16(skb, TLS_INFO_RXCONF, READ_ONCE(ctx->rx_version) ? TLS_CONF_SW :
								      TLS_CONF_BASE))
		goto out;
	err = 0;
out:
	rcu_read_unlock();
	if (err) {
		nla_nest_cancel(skb, nest);
		return err;
	}
	nla_nest_end(skb, nest);
	return 0;
}

size_t mxtls_get_info_size(const struct sock *sk)
{
	return nla_total_size(0) +		/* INET_ULP_INFO_TLS */
	       4 * nla_total_size(sizeof(u16));	/* version, cipher, txconf, rxconf */
}
