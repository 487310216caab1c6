// SPDX-License-Identifier: GPL-2.0
/*
 * The record port of an offloaded session: the mxtls module frames and
 * protects the records, this port hands it the engine's handshake
 * messages, ChangeCipherSpec and alerts as control records (sendmsg with
 * an MXTLS_RECORD_TYPE cmsg) and the keys of each new epoch over netlink.
 *
 * The kernel switches TX keys right after the ChangeCipherSpec its owner
 * sends, so that record waits here until the engine gives the keys that
 * follow it (set_write_keys): SET_KEYS TX first, then the record. The
 * peer's keys (set_read_keys, before its ChangeCipherSpec) wait until its
 * ChangeCipherSpec came through the engine; the kernel stops reading at
 * that record until they come, then switches.
 *
 * RFC 5746: the kernel keeps the verify_data with the keys. A
 * re-handshake's Finished messages are not known when its first keys go
 * down, but each direction's keys go down just before a Finished: ours
 * before we compute it, the peer's once everything its Finished covers
 * is here. So the second SET_KEYS of a re-handshake carries the Finished
 * that follows it, computed from the transcript as it stands, and the
 * one the first was followed by (sent, or checked).
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/mxtls.h>

#include "core/ct.h"
#include "mxtls_netlink.h"
#include "offload/lib_offload.h"
#include "ssl/keysched.h"

int mx_kport_send(struct mx_kport *kp, uint8_t ct, const uint8_t *data, size_t len)
{
	union {
		char buf[CMSG_SPACE(sizeof(uint8_t))];
		struct cmsghdr align;
	} cm;
	struct iovec iov;
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *c;
	struct pollfd p = { .fd = kp->fd, .events = POLLOUT };
	ssize_t n;

	while (len) {
		memset(&cm, 0, sizeof(cm));
		msg.msg_control = cm.buf;
		msg.msg_controllen = sizeof(cm.buf);
		c = CMSG_FIRSTHDR(&msg);
		c->cmsg_level = SOL_MXTLS;
		c->cmsg_type = MXTLS_RECORD_TYPE;
		c->cmsg_len = CMSG_LEN(sizeof(uint8_t));
		*CMSG_DATA(c) = ct;
		iov.iov_base = (void *)data;
		iov.iov_len = len;
		n = sendmsg(kp->fd, &msg, MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			/* A non-blocking socket: handshake records are few and small. */
			if (errno == EAGAIN || errno == EWOULDBLOCK) {
				if (poll(&p, 1, -1) < 0 && errno != EINTR)
					return -errno;
				continue;
			}
			return -errno;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

static int set_keys(struct mx_kport *kp, uint8_t dir, const struct mx_traffic_keys *k,
		    const uint8_t *cvd, const uint8_t *svd, size_t vd_len)
{
	struct mxtls_keys km = {
		.fd = kp->fd,
		.direction = dir,
		.version = k->version,
		.suite = k->suite,
		.flags = (k->flags & MX_TK_ETM) ? MXTLS_KEY_F_ETM : 0,
		.seq = k->seq,
		.enc_key = k->key,
		.enc_key_len = k->key_len,
		.mac_key = k->mac_key,
		.mac_key_len = k->mac_key_len,
		.iv = k->iv,
		.iv_len = k->iv_len,
	};

	if (vd_len) {
		km.client_verify_data = cvd;
		km.client_verify_data_len = vd_len;
		km.server_verify_data = svd;
		km.server_verify_data_len = vd_len;
	}
	return mxtls_nl_set_keys(kp->nl, &km);
}

int mx_kport_set_keys(struct mx_kport *kp, uint8_t dir, const struct mx_traffic_keys *k,
		      bool vd)
{
	const ssl_t *ssl = kp->ssl;

	return set_keys(kp, dir, k, ssl->client_verify, ssl->server_verify,
			vd ? ssl->verify_len : 0);
}

/*
 * Keys of a re-handshake: the first direction's alone; the second's with
 * the verify_data of both Finished messages, the one that follows these
 * keys computed now (ours for TX, the peer's for RX).
 */
static int rekey(struct mx_kport *kp, uint8_t dir, const struct mx_traffic_keys *k)
{
	ssl_t *ssl = kp->ssl;
	bool client = (dir == MXTLS_DIR_TX) == (ssl->role == MX_CLIENT);
	uint8_t next[MX_SSL3_FINISHED_LEN];
	int n, rc;

	if (!kp->half_keyed) {
		rc = set_keys(kp, dir, k, NULL, NULL, 0);
		if (!rc)
			kp->half_keyed = true;
		return rc;
	}
	n = mx_ks_finished(ssl, client, next);
	if (n < 0)
		return n;
	rc = set_keys(kp, dir, k, client ? next : ssl->client_verify,
		      client ? ssl->server_verify : next, (size_t)n);
	mx_zeroize(next, sizeof(next));
	if (!rc)
		kp->half_keyed = false;
	return rc;
}

int mx_kport_peer_ccs(struct mx_kport *kp)
{
	int rc;

	if (!kp->rd_pending)
		return -EPROTO;
	kp->rd_pending = false;
	rc = rekey(kp, MXTLS_DIR_RX, &kp->rd_next);
	mx_zeroize(&kp->rd_next, sizeof(kp->rd_next));
	return rc;
}

static int flush_hs(struct mx_kport *kp)
{
	int rc;

	if (!kp->hs_len)
		return 0;
	rc = mx_kport_send(kp, MXTLS_CT_HANDSHAKE, kp->hs, kp->hs_len);
	mx_zeroize(kp->hs, kp->hs_cap);
	kp->hs_len = 0;
	return rc;
}

static int kport_add(void *port, uint16_t epoch, uint8_t ct, const uint8_t *data, size_t len)
{
	struct mx_kport *kp = port;
	int rc;

	if (epoch != kp->ssl->wr_epoch || kp->ccs_queued)
		return -EPROTO;
	if (ct == MXTLS_CT_CHANGE_CIPHER_SPEC) {
		if (len != 1 || data[0] != 1)
			return -EINVAL;
		rc = flush_hs(kp);
		if (!rc)
			kp->ccs_queued = true;
		return rc;
	}
	if (ct != MXTLS_CT_HANDSHAKE) {
		rc = flush_hs(kp);
		return rc ? rc : mx_kport_send(kp, ct, data, len);
	}
	if (kp->hs_len + len > kp->hs_cap) {
		size_t cap = kp->hs_len + len;
		uint8_t *b = malloc(cap);

		if (!b)
			return -ENOMEM;
		if (kp->hs_len)
			memcpy(b, kp->hs, kp->hs_len);
		if (kp->hs) {
			mx_zeroize(kp->hs, kp->hs_cap);
			free(kp->hs);
		}
		kp->hs = b;
		kp->hs_cap = cap;
	}
	memcpy(kp->hs + kp->hs_len, data, len);
	kp->hs_len += len;
	return 0;
}

static int kport_set_write(void *port, const struct mx_traffic_keys *k)
{
	static const uint8_t ccs = 1;
	struct mx_kport *kp = port;
	int rc;

	if (!kp->ccs_queued)
		return -EPROTO;
	kp->ccs_queued = false;
	rc = rekey(kp, MXTLS_DIR_TX, k);
	if (!rc)
		rc = mx_kport_send(kp, MXTLS_CT_CHANGE_CIPHER_SPEC, &ccs, 1);
	if (!rc)
		kp->ssl->rl.wr.k.flags = k->flags & MX_TK_ETM;
	return rc;
}

static int kport_set_read(void *port, const struct mx_traffic_keys *k)
{
	struct mx_kport *kp = port;

	kp->rd_next = *k;
	kp->rd_pending = true;
	return 0;
}

static int kport_alert(void *port, uint8_t level, uint8_t desc)
{
	struct mx_kport *kp = port;
	uint8_t a[2] = { level, desc };
	int rc = flush_hs(kp);

	if (rc)
		return rc;
	/* The module sends close_notify itself when the write side shuts. */
	if (level == MXTLS_ALERT_WARNING && desc == MXTLS_ALERT_CLOSE_NOTIFY)
		return shutdown(kp->fd, SHUT_WR) ? -errno : 0;
	return mx_kport_send(kp, MXTLS_CT_ALERT, a, sizeof(a));
}

static int kport_flush(void *port)
{
	return flush_hs(port);
}

/* The module writes records of up to 2^14 bytes: no max_fragment_length. */
static int kport_max_fragment(void *port, uint16_t max)
{
	return max == MX_MAX_PLAIN ? 0 : -EOPNOTSUPP;
}

const struct mx_record_port_ops mx_kport_ops = {
	.add_handshake_data = kport_add,
	.set_write_keys = kport_set_write,
	.set_read_keys = kport_set_read,
	.send_alert = kport_alert,
	.flush = kport_flush,
	.set_max_fragment = kport_max_fragment,
};

void mx_kport_free(void *port)
{
	struct mx_kport *kp = port;

	if (!kp)
		return;
	mxtls_nl_close(kp->nl);
	mx_zeroize(&kp->rd_next, sizeof(kp->rd_next));
	if (kp->hs) {
		mx_zeroize(kp->hs, kp->hs_cap);
		free(kp->hs);
	}
	free(kp);
}
