// SPDX-License-Identifier: GPL-2.0
/*
 * The netlink record port of daemon mode (see daemon_port.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/mxtls.h>

#include "core/ct.h"
#include "offload/daemon_port.h"
#include "ssl/proto.h"

void mx_dport_init(struct mx_dport *p, const struct mx_dport_kernel_ops *ops, void *kernel,
		   uint16_t wr_epoch)
{
	memset(p, 0, sizeof(*p));
	p->ops = ops;
	p->kernel = kernel;
	p->wr_epoch = wr_epoch;
}

void mx_dport_clear(struct mx_dport *p)
{
	if (p->buf) {
		mx_zeroize(p->buf, p->cap);
		free(p->buf);
	}
	p->buf = NULL;
	p->len = p->cap = 0;
}

static int send_unit(struct mx_dport *p, uint8_t ct, const uint8_t *data, size_t len, bool more)
{
	int rc = p->ops->hs_send(p->kernel, ct, data, len, more);

	if (!rc) {
		p->sent_bytes += len;
		p->sends++;
	}
	return rc;
}

/* more: a record of the same flight follows (a CCS, an alert) */
static int send_buffered(struct mx_dport *p, bool more)
{
	int rc;

	if (!p->len)
		return 0;
	rc = send_unit(p, MX_CT_HANDSHAKE, p->buf, p->len, more);
	mx_zeroize(p->buf, p->len);
	p->len = 0;
	return rc;
}

static int dport_flush(void *port)
{
	return send_buffered(port, false);
}

static int dport_add(void *port, uint16_t epoch, uint8_t ct, const uint8_t *data, size_t len)
{
	struct mx_dport *p = port;
	int rc;

	if (epoch != p->wr_epoch || p->ccs_queued)
		return -EPROTO;
	if (ct == MX_CT_CCS) {
		if (len != 1 || data[0] != 1)
			return -EINVAL;
		/*
		 * The CCS goes once the kernel holds the keys that follow it,
		 * in set_write_keys, which the engine calls next. What comes
		 * before it goes now, not corked: the peer starts on it (a key
		 * exchange) while the kernel sets up our keys.
		 */
		rc = send_buffered(p, false);
		if (!rc)
			p->ccs_queued = true;
		return rc;
	}
	if (ct != MX_CT_HANDSHAKE)
		return -EINVAL;
	if (p->len + len > MX_DPORT_MAX_SEND) {
		rc = send_buffered(p, true);
		if (rc)
			return rc;
		/* A message larger than one send goes in pieces. */
		while (len > MX_DPORT_MAX_SEND) {
			rc = send_unit(p, MX_CT_HANDSHAKE, data, MX_DPORT_MAX_SEND, true);
			if (rc)
				return rc;
			data += MX_DPORT_MAX_SEND;
			len -= MX_DPORT_MAX_SEND;
		}
	}
	if (p->len + len > p->cap) {
		size_t cap = p->cap ? p->cap : 4096;
		uint8_t *b;

		while (cap < p->len + len)
			cap *= 2;
		b = malloc(cap);
		if (!b)
			return -ENOMEM;
		if (p->len)
			memcpy(b, p->buf, p->len);
		mx_dport_clear(p);
		p->buf = b;
		p->cap = cap;
		p->len = 0;
	}
	memcpy(p->buf + p->len, data, len);
	p->len += len;
	return 0;
}

static int dport_set_write(void *port, const struct mx_traffic_keys *k)
{
	static const uint8_t ccs = 1;
	struct mx_dport *p = port;
	int rc;

	if (!p->ccs_queued)
		return -EPROTO;
	rc = p->ops->set_keys(p->kernel, MXTLS_DIR_TX, k);
	if (rc)
		return rc;
	/* our Finished comes next */
	rc = send_unit(p, MX_CT_CCS, &ccs, 1, true);
	if (rc)
		return rc;
	p->ccs_queued = false;
	p->wr_epoch++;
	return 0;
}

static int dport_set_read(void *port, const struct mx_traffic_keys *k)
{
	struct mx_dport *p = port;
	int rc;

	/*
	 * Our Finished, if it waits, goes first: the peer needs it before
	 * it answers, and our read keys are only needed for that answer.
	 */
	rc = send_buffered(p, false);
	return rc ? rc : p->ops->set_keys(p->kernel, MXTLS_DIR_RX, k);
}

static int dport_alert(void *port, uint8_t level, uint8_t desc)
{
	struct mx_dport *p = port;
	uint8_t a[2] = { level, desc };
	int rc = send_buffered(p, true);

	return rc ? rc : send_unit(p, MX_CT_ALERT, a, 2, false);
}

/*
 * The kernel takes no per-connection record size limit: a handshake that
 * would need one fails here rather than send records the peer refuses.
 * (A daemon client never offers max_fragment_length.)
 */
static int dport_max_fragment(void *port, uint16_t max)
{
	return max == 16384 ? 0 : -EOPNOTSUPP;
}

const struct mx_record_port_ops mx_dport_ops = {
	.add_handshake_data = dport_add,
	.set_write_keys = dport_set_write,
	.set_read_keys = dport_set_read,
	.send_alert = dport_alert,
	.flush = dport_flush,
	.set_max_fragment = dport_max_fragment,
};
