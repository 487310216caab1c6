// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: daemon mode without a daemon. The null cipher of the records
 * before the first ChangeCipherSpec, and a request on a real loopback
 * socket that no daemon takes: refused after the grace, the connection
 * failed, everything freed at close (KASAN and lockdep watch).
 */
#include <kunit/test.h>
#include <linux/mxtls.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <net/sock.h>

#include "handshake.h"
#include "util.h"

static void null_cipher_records(struct kunit *test)
{
	struct mxtls_crypto *c = mxtls_hs_null_crypto();
	u8 pt[100], out[MXTLS_HDR_LEN + sizeof(pt)];
	struct scatterlist ssg, osg;
	int n;

	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_EXPECT_TRUE(test, mxtls_crypto_is_null(c));
	/* SET_KEYS can never ask for it: it is not in the suite table */
	KUNIT_EXPECT_NULL(test, mxtls_suite_find(0));
	KUNIT_EXPECT_EQ(test, mxtls_sealed_len(c, sizeof(pt)), sizeof(out));
	KUNIT_EXPECT_EQ(test, mxtls_min_body(c), 0U);

	mxtls_kunit_pattern(pt, sizeof(pt), 5);
	sg_init_one(&ssg, pt, sizeof(pt));
	sg_init_one(&osg, out, sizeof(out));
	KUNIT_ASSERT_EQ(test, mxtls_seal(c, MXTLS_CT_HANDSHAKE, &ssg, sizeof(pt), &osg, NULL), 0);
	KUNIT_EXPECT_EQ(test, out[0], MXTLS_CT_HANDSHAKE);
	KUNIT_EXPECT_EQ(test, out[1] << 8 | out[2], MXTLS_TLS_1_0);
	KUNIT_EXPECT_EQ(test, out[3] << 8 | out[4], (int)sizeof(pt));
	KUNIT_EXPECT_EQ(test, memcmp(out + MXTLS_HDR_LEN, pt, sizeof(pt)), 0);
	KUNIT_EXPECT_EQ(test, c->seq, 1ULL);

	n = mxtls_open(c, MXTLS_CT_HANDSHAKE, out + MXTLS_HDR_LEN, sizeof(pt));
	KUNIT_EXPECT_EQ(test, n, (int)sizeof(pt));
	KUNIT_EXPECT_EQ(test, memcmp(out + MXTLS_HDR_LEN, pt, sizeof(pt)), 0);
	KUNIT_EXPECT_EQ(test, c->seq, 2ULL);
	/* a plaintext record over 2^14 is still too big */
	KUNIT_EXPECT_EQ(test, mxtls_open(c, MXTLS_CT_HANDSHAKE, out, MXTLS_MAX_PLAIN + 1),
			-EMSGSIZE);
	mxtls_crypto_free(c);
}

static int start(struct socket *sock, u8 role, u32 timeout_ms)
{
	struct mxtls_handshake h = { .role = role, .timeout_ms = timeout_ms };

	return sock->ops->setsockopt(sock, SOL_MXTLS, MXTLS_HANDSHAKE, KERNEL_SOCKPTR(&h),
				     sizeof(h));
}

/* No daemon subscribed: ECONNREFUSED after the grace; a kernel socket blocks */
static void refused_without_daemon(struct kunit *test)
{
	struct socket *c, *s;
	struct mxtls_sock *ctx;
	unsigned long t0 = jiffies;
	u8 buf[4];

	mxtls_kunit_tcp_pair(test, &c, &s);
	KUNIT_ASSERT_EQ(test, mxtls_kunit_set_ulp(c, MXTLS_ULP_NAME), 0);
	KUNIT_EXPECT_EQ(test, start(c, 3, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, start(c, MXTLS_ROLE_CLIENT, 0), -ECONNREFUSED);
	KUNIT_EXPECT_GE(test, jiffies - t0, msecs_to_jiffies(MXTLS_HS_GRACE_MS) - 1);
	ctx = mxtls_get_ctx(c->sk);
	KUNIT_ASSERT_NOT_NULL(test, ctx->hs);
	KUNIT_EXPECT_EQ(test, ctx->hs->state, MXTLS_HS_FAILED);
	KUNIT_EXPECT_FALSE(test, ctx->hs->in_table);
	KUNIT_EXPECT_EQ(test, ctx->err, -ECONNREFUSED);
	/* a second call says how it ended; I/O too */
	KUNIT_EXPECT_EQ(test, start(c, MXTLS_ROLE_CLIENT, 0), -ECONNREFUSED);
	KUNIT_EXPECT_EQ(test, mxtls_kunit_send(c, "x", 1, 0, 0), -ECONNREFUSED);
	KUNIT_EXPECT_EQ(test, mxtls_kunit_recv(c, buf, sizeof(buf), MSG_DONTWAIT, NULL),
			-ECONNREFUSED);
	/* the request never reached the wire: the peer saw nothing */
	KUNIT_EXPECT_EQ(test, mxtls_kunit_recv(s, buf, sizeof(buf), MSG_DONTWAIT, NULL), -EAGAIN);
}

/* An ended request is off its namespace's table */
static void ended_request_leaves_table(struct kunit *test)
{
	struct socket *c, *s;

	mxtls_kunit_tcp_pair(test, &c, &s);
	KUNIT_ASSERT_EQ(test, mxtls_kunit_set_ulp(c, MXTLS_ULP_NAME), 0);
	KUNIT_EXPECT_EQ(test, start(c, MXTLS_ROLE_CLIENT, 0), -ECONNREFUSED);
	KUNIT_EXPECT_NULL(test, mxtls_hs_lookup(sock_net(c->sk), mxtls_get_ctx(c->sk)->hs->id));
}

static struct kunit_case mxtls_hs_cases[] = {
	KUNIT_CASE(null_cipher_records),
	KUNIT_CASE(refused_without_daemon),
	KUNIT_CASE(ended_request_leaves_table),
	{}
};

static struct kunit_suite mxtls_hs_suite = {
	.name = "mxtls_hs",
	.test_cases = mxtls_hs_cases,
};

kunit_test_suite(mxtls_hs_suite);
