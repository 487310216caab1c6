// SPDX-License-Identifier: GPL-2.0
/*
 * mxtls: installing keys on a socket, and the end of a connection by a
 * fatal error.
 *
 * The first keys of a direction take effect at once. Keys set on a
 * direction that has some are for the next epoch: TX switches to them
 * right after the owner's ChangeCipherSpec record, RX right after the
 * peer's. If the peer's ChangeCipherSpec comes first, reading stops at
 * that boundary and the keys, when they come, take effect at once.
 */
#include <linux/netlink.h>
#include <net/tcp.h>

#include "mxtls.h"

static void mxtls_set_verify_data(struct mxtls_sock *ctx, const struct mxtls_verify_data *vd)
{
	memcpy(&ctx->verify, vd, sizeof(*vd));
}

static int mxtls_keys_tx(struct mxtls_sock *ctx, struct mxtls_crypto *c,
			 struct netlink_ext_ack *extack)
{
	struct mxtls_tx *tx = ctx->tx;
	int err;

	if (!tx) {
		err = mxtls_tx_init(ctx, c);
		if (err)
			return err;
		WRITE_ONCE(ctx->tx_version, c->version);
		WRITE_ONCE(ctx->tx_suite, c->suite->id);
		WRITE_ONCE(ctx->tx_epoch, 1);
		WRITE_ONCE(ctx->tx_state, MXTLS_STATE_ACTIVE);
		mxtls_stat_add(ctx->sk, MXTLS_STAT_CURR_TX, 1);
		mxtls_stat_add(ctx->sk, MXTLS_STAT_TX, 1);
		return 0;
	}
	if (tx->close_notify_sent) {
		NL_SET_ERR_MSG(extack, "close_notify was sent: no more records to write");
		return -EPIPE;
	}
	mxtls_crypto_free(tx->next);
	tx->next = c;
	return 0;
}

static int mxtls_keys_rx(struct mxtls_sock *ctx, struct mxtls_crypto *c,
			 struct netlink_ext_ack *extack)
{
	struct mxtls_rx *rx = ctx->rx;
	int err;

	if (!rx) {
		WRITE_ONCE(ctx->rx_state, MXTLS_STATE_ACTIVE);
		err = mxtls_rx_init(ctx, c);
		if (err) {
			WRITE_ONCE(ctx->rx_state, MXTLS_STATE_PLAIN);
			return err;
		}
		WRITE_ONCE(ctx->rx_version, c->version);
		WRITE_ONCE(ctx->rx_suite, c->suite->id);
		WRITE_ONCE(ctx->rx_epoch, 1);
		mxtls_stat_add(ctx->sk, MXTLS_STAT_CURR_RX, 1);
		mxtls_stat_add(ctx->sk, MXTLS_STAT_RX, 1);
		mxtls_rx_keys_ready(ctx);
		return 0;
	}
	if (ctx->rx_state == MXTLS_STATE_CLOSED) {
		NL_SET_ERR_MSG(extack, "close_notify was received: no more records to read");
		return -EPIPE;
	}
	if (ctx->rx_state == MXTLS_STATE_WAIT_KEYS) {
		mxtls_crypto_free(rx->crypto);
		rx->crypto = c;
		WRITE_ONCE(ctx->rx_version, c->version);
		WRITE_ONCE(ctx->rx_suite, c->suite->id);
		WRITE_ONCE(ctx->rx_epoch, ctx->rx_epoch + 1);
		WRITE_ONCE(ctx->rx_state, MXTLS_STATE_ACTIVE);
		mxtls_stat_add(ctx->sk, MXTLS_STAT_REKEY_RX, 1);
		mxtls_rx_keys_ready(ctx);
		return 0;
	}
	mxtls_crypto_free(rx->next);
	rx->next = c;
	return 0;
}

static int __mxtls_set_keys(struct sock *sk, u8 dir, const struct mxtls_key_material *km,
			    const struct mxtls_verify_data *vd, struct netlink_ext_ack *extack,
			    bool daemon)
{
	struct mxtls_crypto *c;
	struct mxtls_sock *ctx;
	u16 other;
	int err;

	/* Allocating tfms may load modules: before taking the socket lock */
	c = mxtls_crypto_new(km, extack);
	if (IS_ERR(c))
		return PTR_ERR(c);

	lock_sock(sk);
	err = -EINVAL;
	if (!mxtls_sk_is_ours(sk)) {
		NL_SET_ERR_MSG(extack, "the socket does not carry the mxtls ULP");
		goto out;
	}
	ctx = mxtls_get_ctx(sk);
	if (!ctx->hs != !daemon) {
		if (daemon)
			NL_SET_ERR_MSG(extack, "the socket is not in daemon mode");
		else
			NL_SET_ERR_MSG(extack, "a daemon-mode socket gets keys from its daemon");
		err = -EPERM;
		goto out;
	}
	if (ctx->err) {
		NL_SET_ERR_MSG(extack, "the connection ended with a fatal error");
		err = ctx->err;
		goto out;
	}
	if (!((1 << sk->sk_state) & (TCPF_ESTABLISHED | TCPF_CLOSE_WAIT))) {
		NL_SET_ERR_MSG(extack, "the socket is not connected");
		err = -ENOTCONN;
		goto out;
	}
	other = dir == MXTLS_DIR_TX ? ctx->rx_version : ctx->tx_version;
	if (other && other != km->version) {
		NL_SET_ERR_MSG(extack, "the other direction uses another protocol version");
		goto out;
	}
	err = dir == MXTLS_DIR_TX ? mxtls_keys_tx(ctx, c, extack) : mxtls_keys_rx(ctx, c, extack);
	if (err)
		goto out;
	c = NULL;
	if (vd)
		mxtls_set_verify_data(ctx, vd);
out:
	release_sock(sk);
	mxtls_crypto_free(c);
	return err;
}

int mxtls_set_keys(struct sock *sk, u8 dir, const struct mxtls_key_material *km,
		   const struct mxtls_verify_data *vd, struct netlink_ext_ack *extack)
{
	return __mxtls_set_keys(sk, dir, km, vd, extack, false);
}

/* From the daemon that claimed the socket's handshake (hs_netlink.c checked) */
int mxtls_set_keys_daemon(struct sock *sk, u8 dir, const struct mxtls_key_material *km,
			  const struct mxtls_verify_data *vd, struct netlink_ext_ack *extack)
{
	return __mxtls_set_keys(sk, dir, km, vd, extack, true);
}

/*
 * End the connection: err (negative) is what reads and writes return from
 * now on; alert, if not negative, is sent to the peer as a fatal alert.
 */
void mxtls_fatal(struct mxtls_sock *ctx, int err, int alert)
{
	struct sock *sk = ctx->sk;

	if (ctx->err)
		return;
	ctx->err = err;
	if (alert >= 0 && ctx->tx)
		mxtls_tx_fatal_alert(ctx, alert);
	if (ctx->tx)
		WRITE_ONCE(ctx->tx_state, MXTLS_STATE_ERROR);
	if (ctx->rx)
		WRITE_ONCE(ctx->rx_state, MXTLS_STATE_ERROR);
	WRITE_ONCE(sk->sk_err, -err);
	sk_error_report(sk);
	if (ctx->hs)
		mxtls_hs_fatal(ctx, err);
}
