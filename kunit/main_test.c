// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: attaching the mxtls ULP to real loopback TCP sockets, and the
 * per-socket state it creates and frees.
 */
#include <kunit/test.h>
#include <linux/mxtls.h>

#include "mxtls.h"
#include "util.h"

static bool on_socks_list(const struct mxtls_sock *ctx)
{
	const struct mxtls_sock *pos;
	bool found = false;

	spin_lock_bh(&mxtls_socks_lock);
	list_for_each_entry(pos, &mxtls_socks, node)
		found |= pos == ctx;
	spin_unlock_bh(&mxtls_socks_lock);
	return found;
}

static void ulp_rejects_unconnected(struct kunit *test)
{
	struct socket *sock = mxtls_kunit_socket(test);

	KUNIT_EXPECT_EQ(test, mxtls_kunit_set_ulp(sock, MXTLS_ULP_NAME), -ENOTCONN);
	KUNIT_EXPECT_NULL(test, mxtls_get_ctx(sock->sk));
}

static void ulp_rejects_listener(struct kunit *test)
{
	struct socket *sock = mxtls_kunit_listener(test);

	KUNIT_EXPECT_EQ(test, mxtls_kunit_set_ulp(sock, MXTLS_ULP_NAME), -ENOTCONN);
	KUNIT_EXPECT_NULL(test, mxtls_get_ctx(sock->sk));
}

static void ulp_attach_creates_context(struct kunit *test)
{
	struct socket *client, *server;
	struct mxtls_sock *ctx;

	mxtls_kunit_tcp_pair(test, &client, &server);
	KUNIT_ASSERT_EQ(test, mxtls_kunit_set_ulp(client, MXTLS_ULP_NAME), 0);

	ctx = mxtls_get_ctx(client->sk);
	KUNIT_ASSERT_NOT_NULL(test, ctx);
	KUNIT_EXPECT_PTR_EQ(test, ctx->sk, client->sk);
	KUNIT_EXPECT_TRUE(test, on_socks_list(ctx));
	KUNIT_EXPECT_NULL(test, mxtls_get_ctx(server->sk));
}

static void ulp_attach_twice_fails(struct kunit *test)
{
	struct socket *client, *server;
	struct mxtls_sock *ctx;

	mxtls_kunit_tcp_pair(test, &client, &server);
	KUNIT_ASSERT_EQ(test, mxtls_kunit_set_ulp(client, MXTLS_ULP_NAME), 0);
	ctx = mxtls_get_ctx(client->sk);
	KUNIT_EXPECT_EQ(test, mxtls_kunit_set_ulp(client, MXTLS_ULP_NAME), -EEXIST);
	KUNIT_EXPECT_PTR_EQ(test, mxtls_get_ctx(client->sk), ctx);
}

/* Destroying the socket runs the ULP release: off the list, freed (KASAN). */
static void ulp_release_on_close(struct kunit *test)
{
	struct socket *client, *server;
	struct mxtls_sock *ctx;
	struct sock *sk;

	mxtls_kunit_tcp_pair(test, &client, &server);
	KUNIT_ASSERT_EQ(test, mxtls_kunit_set_ulp(client, MXTLS_ULP_NAME), 0);
	ctx = mxtls_get_ctx(client->sk);
	KUNIT_ASSERT_NOT_NULL(test, ctx);

	/* Keep the sock alive past close to look at it afterwards. */
	sk = client->sk;
	sock_hold(sk);
	mxtls_kunit_abort(test, client);

	KUNIT_EXPECT_FALSE(test, on_socks_list(ctx));
	KUNIT_EXPECT_NULL(test, mxtls_get_ctx(sk));
	sock_put(sk);
}

static struct kunit_case mxtls_main_cases[] = {
	KUNIT_CASE(ulp_rejects_unconnected),
	KUNIT_CASE(ulp_rejects_listener),
	KUNIT_CASE(ulp_attach_creates_context),
	KUNIT_CASE(ulp_attach_twice_fails),
	KUNIT_CASE(ulp_release_on_close),
	{}
};

static struct kunit_suite mxtls_main_suite = {
	.name = "mxtls_ulp",
	.test_cases = mxtls_main_cases,
};

kunit_test_suite(mxtls_main_suite);
