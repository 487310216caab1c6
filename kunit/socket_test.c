// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the record layer on real loopback TCP sockets, both ends keyed
 * through the same path SET_KEYS takes, so that KASAN and lockdep watch
 * the data path: sending and receiving, control records, close_notify, a
 * spoiled record, re-keying at ChangeCipherSpec, a full send buffer and
 * closing with data still open.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/kthread.h>
#include <linux/mxtls.h>
#include <linux/net.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <net/sock.h>

#include "mxtls.h"
#include "util.h"

struct keys {
	u8 key[32], mac_key[48], iv[16];
	struct mxtls_key_material km;
};

/* Fresh random keys for one direction of suite */
static void make_keys(struct kunit *test, struct keys *k, u16 version, u16 suite, bool etm)
{
	const struct mxtls_suite *s = mxtls_suite_find(suite);

	KUNIT_ASSERT_NOT_NULL(test, s);
	memset(k, 0, sizeof(*k));
	get_random_bytes(k->key, sizeof(k->key));
	get_random_bytes(k->mac_key, sizeof(k->mac_key));
	get_random_bytes(k->iv, sizeof(k->iv));
	k->km.version = version;
	k->km.suite = suite;
	k->km.etm = etm;
	k->km.seq = get_random_u32();
	k->km.key = k->key;
	k->km.key_len = s->prot->key_len;
	k->km.mac_key = k->mac_key;
	k->km.mac_key_len = s->prot->hash == MXTLS_HASH_SHA1 ? 20 :
			    s->prot->hash == MXTLS_HASH_SHA256 ? 32 :
			    s->prot->hash == MXTLS_HASH_SHA384 ? 48 : 0;
	k->km.iv = k->iv;
	if (s->prot->cipher == MXTLS_CIPHER_GCM)
		k->km.iv_len = 4;
	else if (s->prot->cipher == MXTLS_CIPHER_CHACHA)
		k->km.iv_len = 12;
	else if (version == MXTLS_TLS_1_0)
		k->km.iv_len = s->prot->block;
}

static void set_keys(struct kunit *test, struct socket *sock, u8 dir, struct keys *k)
{
	KUNIT_ASSERT_EQ(test, mxtls_set_keys(sock->sk, dir, &k->km, NULL, NULL), 0);
}

/* A loopback pair, the ULP on both ends, each direction keyed */
static void keyed_pair(struct kunit *test, struct socket **c, struct socket **s, u16 version,
		       u16 suite, bool etm)
{
	struct keys cs, sc;

	mxtls_kunit_tcp_pair(test, c, s);
	KUNIT_ASSERT_EQ(test, mxtls_kunit_set_ulp(*c, MXTLS_ULP_NAME), 0);
	KUNIT_ASSERT_EQ(test, mxtls_kunit_set_ulp(*s, MXTLS_ULP_NAME), 0);
	make_keys(test, &cs, version, suite, etm);
	make_keys(test, &sc, version, suite, etm);
	set_keys(test, *c, MXTLS_DIR_TX, &cs);
	set_keys(test, *s, MXTLS_DIR_RX, &cs);
	set_keys(test, *s, MXTLS_DIR_TX, &sc);
	set_keys(test, *c, MXTLS_DIR_RX, &sc);
	WRITE_ONCE((*c)->sk->sk_rcvtimeo, 10 * HZ);
	WRITE_ONCE((*s)->sk->sk_rcvtimeo, 10 * HZ);
	WRITE_ONCE((*c)->sk->sk_sndtimeo, 10 * HZ);
}

/* Send len bytes of a pattern one way and check them at the other end */
static void one_way(struct kunit *test, struct socket *from, struct socket *to, size_t len,
		    u32 seed)
{
	u8 *a = kunit_kmalloc(test, len, GFP_KERNEL), *b = kunit_kzalloc(test, len, GFP_KERNEL);

	KUNIT_ASSERT_TRUE(test, a && b);
	mxtls_kunit_pattern(a, len, seed);
	KUNIT_ASSERT_EQ(test, mxtls_kunit_send(from, a, len, 0, 0), (int)len);
	KUNIT_ASSERT_EQ(test, mxtls_kunit_recv(to, b, len, MSG_WAITALL, NULL), (int)len);
	KUNIT_EXPECT_MEMEQ(test, a, b, len);
	kunit_kfree(test, a);
	kunit_kfree(test, b);
}

struct suite_case {
	const char *name;
	u16 version, suite;
	bool etm;
};

static const struct suite_case suite_cases[] = {
	{ "tls12_aes128_gcm", MXTLS_TLS_1_2, 0xc02f, false },
	{ "tls12_chacha20_poly1305", MXTLS_TLS_1_2, 0xcca8, false },
	{ "tls10_aes128_sha_mte", MXTLS_TLS_1_0, 0x002f, false },
	{ "tls11_aes256_sha_etm", MXTLS_TLS_1_1, 0x0035, true },
	{ "tls12_aes256_sha384_mte", MXTLS_TLS_1_2, 0xc028, false },
	{ "tls12_3des_sha_mte", MXTLS_TLS_1_2, 0x000a, false },
};

KUNIT_ARRAY_PARAM_DESC(suite_cases, suite_cases, name);

static void data_both_ways(struct kunit *test)
{
	const struct suite_case *sc = test->param_value;
	static const size_t sizes[] = { 1, 16383, 16384, 16385, 70000 };
	struct socket *c, *s;
	unsigned int i;

	keyed_pair(test, &c, &s, sc->version, sc->suite, sc->etm);
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		one_way(test, c, s, sizes[i], i);
		one_way(test, s, c, sizes[i], 100 + i);
	}
}

/* Control records go as sent, one per read, with their type */
static void control_records(struct kunit *test)
{
	struct socket *c, *s;
	u8 buf[64], type;

	keyed_pair(test, &c, &s, MXTLS_TLS_1_2, 0xc02f, false);
	KUNIT_ASSERT_EQ(test, mxtls_kunit_send(c, "data1", 5, 0, 0), 5);
	KUNIT_ASSERT_EQ(test, mxtls_kunit_send(c, "\x00\x00\x00\x00", 4, 0,
					       MXTLS_CT_HANDSHAKE), 4);
	KUNIT_ASSERT_EQ(test, mxtls_kunit_send(c, "data2", 5, 0, 0), 5);

	KUNIT_EXPECT_EQ(test, mxtls_kunit_recv(s, buf, sizeof(buf), 0, &type), 5);
	KUNIT_EXPECT_EQ(test, type, MXTLS_CT_APPLICATION_DATA);
	/* without room for the type, a control record cannot be read */
	KUNIT_EXPECT_EQ(test, mxtls_kunit_recv(s, buf, sizeof(buf), 0, NULL), -EIO);
	KUNIT_EXPECT_EQ(test, mxtls_kunit_recv(s, buf, sizeof(buf), 0, &type), 4);
	KUNIT_EXPECT_EQ(test, type, MXTLS_CT_HANDSHAKE);
	KUNIT_EXPECT_EQ(test, mxtls_kunit_recv(s, buf, sizeof(buf), 0, NULL), 5);
	KUNIT_EXPECT_MEMEQ(test, buf, "data2", 5);
}

static void close_notify_is_eof(struct kunit *test)
{
	struct mxtls_sock *ctx;
	struct socket *c, *s;
	u8 buf[16];

	keyed_pair(test, &c, &s, MXTLS_TLS_1_2, 0xcca8, false);
	KUNIT_ASSERT_EQ(test, mxtls_kunit_send(c, "bye", 3, MSG_MORE, 0), 3);
	KUNIT_ASSERT_EQ(test, kernel_sock_shutdown(c, SHUT_WR), 0);
	KUNIT_EXPECT_EQ(test, mxtls_kunit_recv(s, buf, sizeof(buf), MSG_WAITALL, NULL), 3);
	KUNIT_EXPECT_EQ(test, mxtls_kunit_recv(s, buf, sizeof(buf), 0, NULL), 0);
	ctx = mxtls_get_ctx(s->sk);
	KUNIT_EXPECT_EQ(test, ctx->rx_state, MXTLS_STATE_CLOSED);
	KUNIT_EXPECT_EQ(test, ctx->alert_rcvd[1], MXTLS_ALERT_CLOSE_NOTIFY);
	KUNIT_EXPECT_EQ(test, mxtls_get_ctx(c->sk)->tx_state, MXTLS_STATE_CLOSED);
	KUNIT_EXPECT_EQ(test, mxtls_kunit_send(c, "x", 1, MSG_NOSIGNAL, 0), -EPIPE);
}

/* A spoiled record: EBADMSG, and a bad_record_mac alert goes back */
static void bad_record(struct kunit *test)
{
	static const u8 forged[5 + 40] = { 23, 3, 3, 0, 40 };
	struct socket *c, *s;
	struct keys k;
	u8 buf[64];
	int n;

	mxtls_kunit_tcp_pair(test, &c, &s);
	KUNIT_ASSERT_EQ(test, mxtls_kunit_set_ulp(s, MXTLS_ULP_NAME), 0);
	make_keys(test, &k, MXTLS_TLS_1_2, 0xc02f, false);
	set_keys(test, s, MXTLS_DIR_RX, &k);
	make_keys(test, &k, MXTLS_TLS_1_2, 0xc02f, false);
	set_keys(test, s, MXTLS_DIR_TX, &k);
	WRITE_ONCE(s->sk->sk_rcvtimeo, 10 * HZ);
	WRITE_ONCE(c->sk->sk_rcvtimeo, 10 * HZ);

	KUNIT_ASSERT_EQ(test, mxtls_kunit_send(c, forged, sizeof(forged), 0, 0),
			(int)sizeof(forged));
	KUNIT_EXPECT_EQ(test, mxtls_kunit_recv(s, buf, sizeof(buf), 0, NULL), -EBADMSG);
	KUNIT_EXPECT_EQ(test, mxtls_kunit_recv(s, buf, sizeof(buf), 0, NULL), -EBADMSG);
	KUNIT_EXPECT_EQ(test, mxtls_get_ctx(s->sk)->alert_sent[1], MXTLS_ALERT_BAD_RECORD_MAC);
	/* the alert: a 2-byte plaintext in a GCM record */
	n = mxtls_kunit_recv(c, buf, 5 + 8 + 2 + 16, MSG_WAITALL, NULL);
	KUNIT_EXPECT_EQ(test, n, 5 + 8 + 2 + 16);
	KUNIT_EXPECT_EQ(test, buf[0], MXTLS_CT_ALERT);
}

/* Records over the maximum and of no known type are refused before any crypto */
static void bad_headers(struct kunit *test)
{
	static const u8 oversize[5] = { 23, 3, 3, 0x48, 0x01 };
	static const u8 badtype[5 + 24] = { 99, 3, 3, 0, 24 };
	static const u8 *const bad[] = { oversize, badtype };
	static const int len[] = { sizeof(oversize), sizeof(badtype) };
	static const int err[] = { -EMSGSIZE, -EBADMSG };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		struct socket *c, *s;
		struct keys k;
		u8 buf[16];

		mxtls_kunit_tcp_pair(test, &c, &s);
		KUNIT_ASSERT_EQ(test, mxtls_kunit_set_ulp(s, MXTLS_ULP_NAME), 0);
		make_keys(test, &k, MXTLS_TLS_1_2, 0xc02f, false);
		set_keys(test, s, MXTLS_DIR_RX, &k);
		WRITE_ONCE(s->sk->sk_rcvtimeo, 10 * HZ);
		KUNIT_ASSERT_EQ(test, mxtls_kunit_send(c, bad[i], len[i], 0, 0), len[i]);
		KUNIT_EXPECT_EQ(test, mxtls_kunit_recv(s, buf, sizeof(buf), 0, NULL), err[i]);
	}
}

/*
 * Re-keying: the writer's ChangeCipherSpec switches its keys; the reader
 * stops at it until the next keys are set, or switches at once if they
 * were set before.
 */
static void rekey_at_ccs(struct kunit *test)
{
	struct socket *c, *s;
	struct keys next;
	u8 buf[16], type;

	keyed_pair(test, &c, &s, MXTLS_TLS_1_2, 0xc02f, false);
	make_keys(test, &next, MXTLS_TLS_1_2, 0xcca8, false);
	/* no next keys: no ChangeCipherSpec */
	KUNIT_EXPECT_EQ(test, mxtls_kunit_send(c, "\x01", 1, 0, MXTLS_CT_CHANGE_CIPHER_SPEC),
			-ENOKEY);
	set_keys(test, c, MXTLS_DIR_TX, &next);
	KUNIT_ASSERT_EQ(test, mxtls_kunit_send(c, "\x01", 1, 0, MXTLS_CT_CHANGE_CIPHER_SPEC), 1);
	KUNIT_ASSERT_EQ(test, mxtls_kunit_send(c, "epoch2", 6, 0, 0), 6);
	KUNIT_EXPECT_EQ(test, mxtls_get_ctx(c->sk)->tx_suite, 0xcca8);
	KUNIT_EXPECT_EQ(test, mxtls_get_ctx(c->sk)->tx_epoch, 2U);

	KUNIT_EXPECT_EQ(test, mxtls_kunit_recv(s, buf, sizeof(buf), 0, &type), 1);
	KUNIT_EXPECT_EQ(test, type, MXTLS_CT_CHANGE_CIPHER_SPEC);
	KUNIT_EXPECT_EQ(test, mxtls_get_ctx(s->sk)->rx_state, MXTLS_STATE_WAIT_KEYS);
	KUNIT_EXPECT_EQ(test, mxtls_kunit_recv(s, buf, sizeof(buf), MSG_DONTWAIT, NULL),
			-EKEYEXPIRED);
	set_keys(test, s, MXTLS_DIR_RX, &next);
	KUNIT_EXPECT_EQ(test, mxtls_kunit_recv(s, buf, 6, MSG_WAITALL, NULL), 6);
	KUNIT_EXPECT_MEMEQ(test, buf, "epoch2", 6);

	/* next keys set before the ChangeCipherSpec arrives: no stop */
	make_keys(test, &next, MXTLS_TLS_1_2, 0x009d, false);
	set_keys(test, s, MXTLS_DIR_RX, &next);
	set_keys(test, c, MXTLS_DIR_TX, &next);
	KUNIT_ASSERT_EQ(test, mxtls_kunit_send(c, "\x01", 1, 0, MXTLS_CT_CHANGE_CIPHER_SPEC), 1);
	KUNIT_ASSERT_EQ(test, mxtls_kunit_send(c, "epoch3", 6, 0, 0), 6);
	KUNIT_EXPECT_EQ(test, mxtls_kunit_recv(s, buf, sizeof(buf), 0, &type), 1);
	KUNIT_EXPECT_EQ(test, mxtls_kunit_recv(s, buf, 6, MSG_WAITALL, NULL), 6);
	KUNIT_EXPECT_MEMEQ(test, buf, "epoch3", 6);
	KUNIT_EXPECT_EQ(test, mxtls_get_ctx(s->sk)->rx_epoch, 3U);
}

/* A non-blocking writer fills the send buffer; what it could not push goes later */
static void full_send_buffer(struct kunit *test)
{
	const size_t chunk = 10000, total = 1 << 20;
	size_t sent = 0, got = 0;
	struct socket *c, *s;
	u8 *a, *b;

	keyed_pair(test, &c, &s, MXTLS_TLS_1_2, 0xc02f, false);
	WRITE_ONCE(c->sk->sk_sndbuf, 16384);
	a = kunit_kmalloc(test, total, GFP_KERNEL);
	b = kunit_kzalloc(test, total, GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, a && b);
	mxtls_kunit_pattern(a, total, 77);
	while (sent < total) {
		int n = mxtls_kunit_send(c, a + sent, min(chunk, total - sent), MSG_DONTWAIT, 0);

		if (n == -EAGAIN) {
			/* the reader makes room */
			n = mxtls_kunit_recv(s, b + got, total - got, 0, NULL);
			KUNIT_ASSERT_GT(test, n, 0);
			got += n;
			continue;
		}
		KUNIT_ASSERT_GT(test, n, 0);
		sent += n;
	}
	while (got < total) {
		int n = mxtls_kunit_recv(s, b + got, total - got, 0, NULL);

		KUNIT_ASSERT_GT(test, n, 0);
		got += n;
	}
	KUNIT_EXPECT_MEMEQ(test, a, b, total);
}

struct writer {
	struct socket *sock;
	const u8 *buf;
	size_t len;
	int ret;
	struct completion done;
};

static int writer_thread(void *arg)
{
	struct writer *w = arg;
	size_t off = 0;

	while (off < w->len) {
		int n = mxtls_kunit_send(w->sock, w->buf + off, min_t(size_t, w->len - off, 50000),
					 0, 0);

		if (n <= 0) {
			w->ret = n ?: -EIO;
			break;
		}
		off += n;
	}
	complete(&w->done);
	return 0;
}

/*
 * A blocking writer sleeps in TCP's send with the socket lock dropped while
 * a slow reader lets TCP free room: the pending record must be pushed once,
 * by one of them.
 */
static void blocking_writer_slow_reader(struct kunit *test)
{
	const size_t total = 2 << 20;
	struct writer w = { .len = total };
	struct socket *c, *s;
	struct task_struct *t;
	size_t got = 0;
	u8 *a, *b;

	keyed_pair(test, &c, &s, MXTLS_TLS_1_2, 0xc02f, false);
	WRITE_ONCE(c->sk->sk_sndbuf, 8192);
	a = kunit_kmalloc(test, total, GFP_KERNEL);
	b = kunit_kzalloc(test, total, GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, a && b);
	mxtls_kunit_pattern(a, total, 78);
	w.sock = c;
	w.buf = a;
	init_completion(&w.done);
	t = kthread_run(writer_thread, &w, "mxtls-kunit-writer");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	while (got < total) {
		int n = mxtls_kunit_recv(s, b + got, min_t(size_t, total - got, 3000), 0, NULL);

		KUNIT_ASSERT_GT(test, n, 0);
		got += n;
	}
	wait_for_completion(&w.done);
	KUNIT_EXPECT_EQ(test, w.ret, 0);
	KUNIT_EXPECT_MEMEQ(test, a, b, total);
}

/* close() seals what MSG_MORE left open and sends it before close_notify */
static void close_flushes_open_record(struct kunit *test)
{
	struct socket *c, *s;
	u8 buf[16];

	keyed_pair(test, &c, &s, MXTLS_TLS_1_0, 0x002f, false);
	KUNIT_ASSERT_EQ(test, mxtls_kunit_send(c, "pending", 7, MSG_MORE, 0), 7);
	mxtls_kunit_close(test, c);
	KUNIT_EXPECT_EQ(test, mxtls_kunit_recv(s, buf, 7, MSG_WAITALL, NULL), 7);
	KUNIT_EXPECT_MEMEQ(test, buf, "pending", 7);
	KUNIT_EXPECT_EQ(test, mxtls_kunit_recv(s, buf, sizeof(buf), 0, NULL), 0);
}

/* Keys only on a socket that carries the ULP, of one version for both directions */
static void set_keys_refusals(struct kunit *test)
{
	struct socket *c, *s;
	struct keys k;

	mxtls_kunit_tcp_pair(test, &c, &s);
	make_keys(test, &k, MXTLS_TLS_1_2, 0xc02f, false);
	KUNIT_EXPECT_EQ(test, mxtls_set_keys(c->sk, MXTLS_DIR_TX, &k.km, NULL, NULL), -EINVAL);
	KUNIT_ASSERT_EQ(test, mxtls_kunit_set_ulp(c, MXTLS_ULP_NAME), 0);
	set_keys(test, c, MXTLS_DIR_TX, &k);
	make_keys(test, &k, MXTLS_TLS_1_1, 0x002f, false);
	KUNIT_EXPECT_EQ(test, mxtls_set_keys(c->sk, MXTLS_DIR_RX, &k.km, NULL, NULL), -EINVAL);
}

static struct kunit_case mxtls_socket_cases[] = {
	KUNIT_CASE_PARAM(data_both_ways, suite_cases_gen_params),
	KUNIT_CASE(control_records),
	KUNIT_CASE(close_notify_is_eof),
	KUNIT_CASE(bad_record),
	KUNIT_CASE(bad_headers),
	KUNIT_CASE(rekey_at_ccs),
	KUNIT_CASE(full_send_buffer),
	KUNIT_CASE(blocking_writer_slow_reader),
	KUNIT_CASE(close_flushes_open_record),
	KUNIT_CASE(set_keys_refusals),
	{}
};

static struct kunit_suite mxtls_socket_suite = {
	.name = "mxtls_socket",
	.test_cases = mxtls_socket_cases,
};

kunit_test_suite(mxtls_socket_suite);
