// SPDX-License-Identifier: GPL-2.0
/*
 * Selftest support: OpenSSL handshakes in memory, keys for mxtls, and an
 * OpenSSL peer driven record by record. See tlspair.h.
 */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
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

#define TP_MAX_RECORD	(5 + 16384 + 2048)

struct tls_pair {
	struct tls_params p;
	struct tp_sess s[2];
	struct tp_secrets sec;
};

void tp_track_records(struct tp_track *t, const uint8_t *buf, size_t n)
{
	size_t off = 0;

	while (off + 5 <= n) {
		size_t len = (size_t)(buf[off + 3] << 8 | buf[off + 4]);

		if (off + 5 + len > n)
			return;
		if (buf[off] == MXTLS_CT_CHANGE_CIPHER_SPEC) {
			t->after_ccs = true;
			t->records = 0;
			t->body_bytes = 0;
		} else if (t->after_ccs) {
			size_t keep = len < sizeof(t->last_tail) ? len : sizeof(t->last_tail);

			t->records++;
			t->body_bytes += len;
			/* right-aligned: the record's last bytes end the buffer */
			memcpy(t->last_tail + sizeof(t->last_tail) - keep, buf + off + 5 + len - keep,
			       keep);
		}
		off += 5 + len;
	}
}

/* Move what from wrote to the other side, noting its records */
static int tp_pump(struct tls_pair *tp, int from)
{
	struct tp_sess *s = &tp->s[from], *d = &tp->s[!from];
	static uint8_t buf[1 << 17];
	int moved = 0;
	ssize_t n;

	while ((n = s->be->drain(s, buf, sizeof(buf))) > 0) {
		tp_track_records(&s->wrote, buf, (size_t)n);
		if (d->be->feed(d, buf, (size_t)n))
			return -1;
		moved += (int)n;
	}
	return moved;
}

int tp_new(struct tls_pair **out, const struct tls_params *p)
{
	struct tls_pair *tp = calloc(1, sizeof(*tp));
	const struct tp_backend *be = p->backend == TP_GNUTLS ? &tp_gnutls : &tp_openssl;
	int i, round, rc = 0, rs = 0;

	if (!tp)
		return -1;
	tp->p = *p;
	for (i = 0; i < 2; i++) {
		tp->s[i].be = be;
		if (be->init(&tp->s[i], p, i == TP_SERVER))
			goto fail;
	}
	for (round = 0; round < 50; round++) {
		int a, b;

		if (rc != 1)
			rc = be->handshake(&tp->s[TP_CLIENT]);
		if (rs != 1)
			rs = be->handshake(&tp->s[TP_SERVER]);
		if (rc < 0 || rs < 0)
			goto fail;
		a = tp_pump(tp, TP_CLIENT);
		b = tp_pump(tp, TP_SERVER);
		if (a < 0 || b < 0)
			goto fail;
		if (rc == 1 && rs == 1 && !a && !b)
			break;
	}
	if (rc != 1 || rs != 1 || be->secrets(&tp->s[TP_CLIENT], false, p->version, &tp->sec))
		goto fail;
	*out = tp;
	return 0;
fail:
	fprintf(stderr, "tlspair: handshake for %s failed\n", p->cipher);
	tp_free(tp);
	return -1;
}

void tp_free(struct tls_pair *tp)
{
	int i;

	if (!tp)
		return;
	for (i = 0; i < 2; i++)
		if (tp->s[i].be)
			tp->s[i].be->fini(&tp->s[i]);
	memset(&tp->sec, 0, sizeof(tp->sec));
	free(tp);
}

uint16_t tp_suite(const struct tls_pair *tp)
{
	return tp->sec.suite;
}

bool tp_etm(const struct tls_pair *tp)
{
	return tp->sec.etm;
}

void tp_keyblock(const struct tls_pair *tp, struct tp_keyblock *kb)
{
	int w;

	memset(kb, 0, sizeof(*kb));
	kb->mac_len = tp->sec.mac_len;
	kb->key_len = tp->sec.key_len;
	kb->iv_len = tp->sec.iv_len;
	kb->verify_len = tp->sec.verify_len;
	for (w = 0; w < 2; w++) {
		kb->verify[w] = tp->sec.verify[w];
		kb->mac[w] = tp->sec.mac[w];
		kb->key[w] = tp->sec.key[w];
		kb->iv[w] = tp->sec.iv[w];
		kb->seq[w] = tp->s[w].wrote.records;
	}
}

void tp_fill_keys(const struct tp_secrets *sec, const struct tp_track *t, int writer,
		  uint16_t version, int dir, int fd, struct mxtls_keys *k)
{
	memset(k, 0, sizeof(*k));
	k->fd = fd;
	k->direction = (uint8_t)dir;
	k->version = version;
	k->suite = sec->suite;
	k->flags = sec->etm ? MXTLS_KEY_F_ETM : 0;
	k->seq = t->records;
	k->enc_key = sec->key[writer];
	k->enc_key_len = sec->key_len;
	k->mac_key = sec->mac[writer];
	k->mac_key_len = sec->mac_len;
	if (sec->mac_len && sec->block > 1) {
		/* CBC: TLS 1.0 chains from the last ciphertext block, later ones send IVs */
		if (version == MXTLS_TLS_1_0) {
			/* with encrypt-then-MAC the MAC comes after that block */
			k->iv = t->last_tail + sizeof(t->last_tail) - sec->block -
				(sec->etm ? sec->mac_len : 0);
			k->iv_len = sec->block;
		}
	} else if (!sec->mac_len) {
		k->iv = sec->iv[writer];
		k->iv_len = sec->iv_len;
	} else {
		k->keystream_offset = (uint32_t)t->body_bytes;
	}
	if (sec->verify_len) {
		k->client_verify_data = sec->verify[TP_CLIENT];
		k->client_verify_data_len = sec->verify_len;
		k->server_verify_data = sec->verify[TP_SERVER];
		k->server_verify_data_len = sec->verify_len;
	}
}

void tp_keys(struct tls_pair *tp, int side, int dir, int fd, struct mxtls_keys *k)
{
	int writer = dir == MXTLS_DIR_TX ? side : !side;

	tp_fill_keys(&tp->sec, &tp->s[writer].wrote, writer, tp->p.version, dir, fd, k);
}

int tp_offload(struct tls_pair *tp, int side, int fd, struct mxtls_nl *nl)
{
	struct mxtls_keys k;
	int err;

	if (setsockopt(fd, IPPROTO_TCP, TCP_ULP, "mxtls", 5))
		return -errno;
	tp_keys(tp, side, MXTLS_DIR_TX, fd, &k);
	err = mxtls_nl_set_keys(nl, &k);
	if (err)
		return err;
	tp_keys(tp, side, MXTLS_DIR_RX, fd, &k);
	return mxtls_nl_set_keys(nl, &k);
}

ssize_t tp_pending(struct tls_pair *tp, int side, uint8_t *out, size_t cap)
{
	return tp->s[side].be->drain(&tp->s[side], out, cap);
}

ssize_t tp_seal(struct tls_pair *tp, int side, const void *data, size_t len, uint8_t *out,
		size_t cap)
{
	if (tp->s[side].be->write(&tp->s[side], data, len))
		return -1;
	return tp_pending(tp, side, out, cap);
}

int tp_feed(struct tls_pair *tp, int side, const uint8_t *wire, size_t len)
{
	return tp->s[side].be->feed(&tp->s[side], wire, len);
}

ssize_t tp_open(struct tls_pair *tp, int side, void *out, size_t cap)
{
	return tp->s[side].be->read(&tp->s[side], out, cap);
}

int tp_alert_rcvd(const struct tls_pair *tp, int side)
{
	return tp->s[side].alert;
}

int tp_hello_request(struct tls_pair *tp, int side)
{
	return tp->s[side].be->hello_request(&tp->s[side]);
}

int tp_close_notify(struct tls_pair *tp, int side)
{
	return tp->s[side].be->close_notify(&tp->s[side]);
}

int tp_send(struct tls_pair *tp, int side, int fd, const void *data, size_t len)
{
	static uint8_t wire[4 * TP_MAX_RECORD];
	size_t off = 0;

	while (off < len) {
		size_t n = len - off > 16384 ? 16384 : len - off;
		ssize_t w = tp_seal(tp, side, (const uint8_t *)data + off, n, wire, sizeof(wire));

		if (w < 0 || write_all(fd, wire, (size_t)w))
			return -1;
		off += n;
	}
	return 0;
}

int tp_recv(struct tls_pair *tp, int side, int fd, void *data, size_t len)
{
	static uint8_t wire[1 << 16];
	size_t got = 0;

	while (got < len) {
		ssize_t n = tp_open(tp, side, (uint8_t *)data + got, len - got);

		if (n > 0) {
			got += (size_t)n;
			continue;
		}
		if (n != -1)
			return -1;
		n = read(fd, wire, sizeof(wire));
		if (n <= 0 || tp_feed(tp, side, wire, (size_t)n))
			return -1;
	}
	return 0;
}

int tcp_pair(int *cfd, int *sfd)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	socklen_t len = sizeof(addr);
	int lfd = socket(AF_INET, SOCK_STREAM, 0), one = 1;

	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&addr, sizeof(addr)) || listen(lfd, 1) ||
	    getsockname(lfd, (struct sockaddr *)&addr, &len))
		return -1;
	*cfd = socket(AF_INET, SOCK_STREAM, 0);
	if (*cfd < 0 || connect(*cfd, (struct sockaddr *)&addr, sizeof(addr)))
		return -1;
	*sfd = accept(lfd, NULL, NULL);
	close(lfd);
	if (*sfd < 0)
		return -1;
	setsockopt(*cfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	setsockopt(*sfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	return 0;
}

int write_all(int fd, const void *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf = (const uint8_t *)buf + n;
		len -= (size_t)n;
	}
	return 0;
}

int read_all(int fd, void *buf, size_t len)
{
	while (len) {
		ssize_t n = read(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf = (uint8_t *)buf + n;
		len -= (size_t)n;
	}
	return 0;
}

/* A deterministic byte stream: data checked byte for byte */
void fill_pattern(void *buf, size_t len, uint32_t seed)
{
	uint8_t *p = buf;
	uint32_t x = seed * 2654435761u + 1;
	size_t i;

	for (i = 0; i < len; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		p[i] = (uint8_t)x;
	}
}
