// SPDX-License-Identifier: GPL-2.0
/*
 * Selftest support: one TLS endpoint over a real socket, for interop with
 * a peer in another process. The library runs over memory and this file
 * moves its records to and from the socket, reading record by record
 * during the handshake when the connection is to be offloaded.
 */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/mxtls.h>

#include "backend.h"
#include "tlspair.h"

#ifndef TCP_ULP
#define TCP_ULP 31
#endif

#define EP_BUF	(1 << 17)

struct tp_endpoint {
	struct tls_params p;
	struct tp_sess s;
	bool server;
	int fd;
	struct tp_track peer;		/* what the peer wrote */
	struct tp_secrets sec;
	uint8_t buf[EP_BUF];
};

int tp_ep_new(struct tp_endpoint **out, const struct tls_params *p, bool server, int fd)
{
	struct tp_endpoint *ep = calloc(1, sizeof(*ep));

	if (!ep)
		return -1;
	ep->p = *p;
	ep->server = server;
	ep->fd = fd;
	ep->s.be = p->backend == TP_GNUTLS ? &tp_gnutls : &tp_openssl;
	if (ep->s.be->init(&ep->s, p, server)) {
		tp_ep_free(ep);
		return -1;
	}
	*out = ep;
	return 0;
}

void tp_ep_free(struct tp_endpoint *ep)
{
	if (!ep)
		return;
	ep->s.be->fini(&ep->s);
	memset(&ep->sec, 0, sizeof(ep->sec));
	free(ep);
}

/* What the library wrote, to the socket */
static int ep_flush(struct tp_endpoint *ep)
{
	ssize_t n;

	while ((n = ep->s.be->drain(&ep->s, ep->buf, sizeof(ep->buf))) > 0) {
		tp_track_records(&ep->s.wrote, ep->buf, (size_t)n);
		if (write_all(ep->fd, ep->buf, (size_t)n))
			return -1;
	}
	return 0;
}

/* Exactly one record from the socket to the library */
static int ep_read_record(struct tp_endpoint *ep)
{
	size_t len;

	if (read_all(ep->fd, ep->buf, 5))
		return -1;
	len = (size_t)(ep->buf[3] << 8 | ep->buf[4]);
	if (len > EP_BUF - 5 || read_all(ep->fd, ep->buf + 5, len))
		return -1;
	tp_track_records(&ep->peer, ep->buf, 5 + len);
	return ep->s.be->feed(&ep->s, ep->buf, 5 + len);
}

/* Whatever the socket has, to the library */
static int ep_read_some(struct tp_endpoint *ep)
{
	ssize_t n = read(ep->fd, ep->buf, sizeof(ep->buf));

	if (n <= 0)
		return -1;
	return ep->s.be->feed(&ep->s, ep->buf, (size_t)n);
}

int tp_ep_handshake(struct tp_endpoint *ep, bool record_exact)
{
	for (;;) {
		int r = ep->s.be->handshake(&ep->s);

		if (r < 0 || ep_flush(ep))
			return -1;
		if (r == 1)
			break;
		if (record_exact ? ep_read_record(ep) : ep_read_some(ep))
			return -1;
	}
	return ep->s.be->secrets(&ep->s, ep->server, ep->p.version, &ep->sec);
}

int tp_ep_offload(struct tp_endpoint *ep, struct mxtls_nl *nl)
{
	int me = ep->server ? TP_SERVER : TP_CLIENT;
	struct mxtls_keys k;
	int err;

	if (setsockopt(ep->fd, IPPROTO_TCP, TCP_ULP, "mxtls", 5))
		return -errno;
	tp_fill_keys(&ep->sec, &ep->s.wrote, me, ep->p.version, MXTLS_DIR_TX, ep->fd, &k);
	err = mxtls_nl_set_keys(nl, &k);
	if (err)
		return err;
	tp_fill_keys(&ep->sec, &ep->peer, !me, ep->p.version, MXTLS_DIR_RX, ep->fd, &k);
	return mxtls_nl_set_keys(nl, &k);
}

uint16_t tp_ep_suite(const struct tp_endpoint *ep)
{
	return ep->sec.suite;
}

bool tp_ep_etm(const struct tp_endpoint *ep)
{
	return ep->sec.etm;
}

int tp_ep_send(struct tp_endpoint *ep, const void *data, size_t len)
{
	size_t off = 0;

	while (off < len) {
		size_t n = len - off > 16384 ? 16384 : len - off;

		if (ep->s.be->write(&ep->s, (const uint8_t *)data + off, n) || ep_flush(ep))
			return -1;
		off += n;
	}
	return 0;
}

int tp_ep_recv(struct tp_endpoint *ep, void *data, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = ep->s.be->read(&ep->s, (uint8_t *)data + got, len - got);

		if (n > 0) {
			got += (size_t)n;
			continue;
		}
		if (n != -1 || ep_read_some(ep))
			return -1;
	}
	return 0;
}

int tp_ep_close(struct tp_endpoint *ep)
{
	uint8_t b;

	if (ep->s.be->close_notify(&ep->s) || ep_flush(ep))
		return -1;
	for (;;) {
		ssize_t n = ep->s.be->read(&ep->s, &b, 1);

		if (n == 0)
			return 0;
		if (n != -1 || ep_read_some(ep))
			return -1;
	}
}
