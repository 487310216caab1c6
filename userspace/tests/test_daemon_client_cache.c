// SPDX-License-Identifier: GPL-2.0
/*
 * mxtlsd's client session cache: keyed by peer name, address and port;
 * bounded in entries (LRU) and in life (the profile's, or the ticket's
 * lifetime hint when shorter); copies in and out, tickets included; safe
 * from several threads at once.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "daemon/client_cache.h"

static void request(struct mxd_request *r, const char *name, uint8_t last, uint16_t port)
{
	memset(r, 0, sizeof(*r));
	r->role = MXTLS_ROLE_CLIENT;
	snprintf(r->peer_name, sizeof(r->peer_name), "%s", name);
	r->family = AF_INET6;
	r->peer_addr.s6_addr[15] = last;
	r->peer_port = port;
}

static void session(sslSessionId_t *s, uint8_t tag, const char *ticket, uint32_t hint)
{
	memset(s, 0, sizeof(*s));
	s->idLen = 32;
	memset(s->id, tag, 32);
	memset(s->masterSecret, tag ^ 0x5a, sizeof(s->masterSecret));
	s->cipherId = 0xC02F;
	s->version = 0x0303;
	if (ticket) {
		s->sessionTicketLen = (uint32)strlen(ticket);
		s->sessionTicket = malloc(s->sessionTicketLen);
		assert_non_null(s->sessionTicket);
		memcpy(s->sessionTicket, ticket, s->sessionTicketLen);
		s->sessionTicketLifetimeHint = hint;
	}
}

static void by_peer(void **state)
{
	struct mxd_client_cache *c = mxd_client_cache_new(8, 10000);
	struct mxd_request a, other_name, other_addr, other_port;
	struct mxd_peer_identity me = { .id = "CN=example.com", .fp = { 0xfe }, .known = true };
	struct mxd_peer_identity who;
	sslSessionId_t s, out;

	assert_non_null(c);
	request(&a, "example.com", 1, 443);
	request(&other_name, "example.org", 1, 443);
	request(&other_addr, "example.com", 2, 443);
	request(&other_port, "example.com", 1, 444);
	session(&s, 7, "a ticket", 0);
	memset(&out, 0, sizeof(out));
	assert_false(mxd_client_cache_get(c, &a, 100, &out, &who));
	mxd_client_cache_put(c, &a, 100, &s, &me);
	/* A copy: the caller's session and ticket stay the caller's. */
	matrixSslClearSessionId(&s);
	assert_false(mxd_client_cache_get(c, &other_name, 101, &out, &who));
	assert_false(mxd_client_cache_get(c, &other_addr, 101, &out, &who));
	assert_false(mxd_client_cache_get(c, &other_port, 101, &out, &who));
	assert_true(mxd_client_cache_get(c, &a, 101, &out, &who));
	assert_int_equal(out.idLen, 32);
	assert_int_equal(out.id[0], 7);
	assert_int_equal(out.masterSecret[0], 7 ^ 0x5a);
	assert_int_equal(out.cipherId, 0xC02F);
	assert_int_equal(out.sessionTicketLen, 8);
	assert_memory_equal(out.sessionTicket, "a ticket", 8);
	/* Who the server was, for the resumed connection's MXTLS_INFO. */
	assert_true(who.known);
	assert_string_equal(who.id, "CN=example.com");
	assert_int_equal(who.fp[0], 0xfe);
	matrixSslClearSessionId(&out);
	/* Twice: the entry is still there, with its own ticket. */
	assert_true(mxd_client_cache_get(c, &a, 102, &out, &who));
	assert_memory_equal(out.sessionTicket, "a ticket", 8);
	matrixSslClearSessionId(&out);
	/* A new session for the same peer replaces the old. */
	session(&s, 9, NULL, 0);
	mxd_client_cache_put(c, &a, 103, &s, &me);
	assert_int_equal(mxd_client_cache_count(c, 103), 1);
	assert_true(mxd_client_cache_get(c, &a, 104, &out, &who));
	assert_int_equal(out.id[0], 9);
	assert_null(out.sessionTicket);
	matrixSslClearSessionId(&out);
	/* Dropped (a failed resumption): gone. */
	mxd_client_cache_drop(c, &a);
	assert_false(mxd_client_cache_get(c, &a, 105, &out, &who));
	assert_int_equal(mxd_client_cache_count(c, 105), 0);
	/* Nothing negotiated: nothing kept. */
	memset(&s, 0, sizeof(s));
	mxd_client_cache_put(c, &a, 106, &s, &me);
	assert_int_equal(mxd_client_cache_count(c, 106), 0);
	mxd_client_cache_free(c);
}

static void bounds(void **state)
{
	struct mxd_client_cache *c = mxd_client_cache_new(2, 10000), *none;
	struct mxd_request r1, r2, r3;
	struct mxd_peer_identity me = { .known = false }, who;
	sslSessionId_t s, out;

	assert_non_null(c);
	request(&r1, "a", 1, 1);
	request(&r2, "b", 1, 1);
	request(&r3, "c", 1, 1);
	session(&s, 1, NULL, 0);
	mxd_client_cache_put(c, &r1, 100, &s, &me);
	mxd_client_cache_put(c, &r2, 101, &s, &me);
	/* r1 used last: r2 is the least recently used and gives way. */
	assert_true(mxd_client_cache_get(c, &r1, 102, &out, &who));
	matrixSslClearSessionId(&out);
	mxd_client_cache_put(c, &r3, 103, &s, &me);
	assert_int_equal(mxd_client_cache_count(c, 103), 2);
	assert_false(mxd_client_cache_get(c, &r2, 104, &out, &who));
	assert_true(mxd_client_cache_get(c, &r1, 104, &out, &who));
	matrixSslClearSessionId(&out);
	/* The profile's life. */
	assert_true(mxd_client_cache_get(c, &r3, 103 + 9999, &out, &who));
	matrixSslClearSessionId(&out);
	assert_false(mxd_client_cache_get(c, &r3, 103 + 10000, &out, &who));
	/* A ticket's shorter lifetime hint (seconds) wins. */
	session(&s, 2, "t", 3);
	mxd_client_cache_put(c, &r2, 200, &s, &me);
	matrixSslClearSessionId(&s);
	assert_true(mxd_client_cache_get(c, &r2, 200 + 2999, &out, &who));
	matrixSslClearSessionId(&out);
	assert_false(mxd_client_cache_get(c, &r2, 200 + 3000, &out, &who));
	mxd_client_cache_free(c);

	/* Size 0 keeps nothing. */
	none = mxd_client_cache_new(0, 10000);
	assert_non_null(none);
	session(&s, 1, NULL, 0);
	mxd_client_cache_put(none, &r1, 100, &s, &me);
	assert_false(mxd_client_cache_get(none, &r1, 100, &out, &who));
	mxd_client_cache_free(none);
}

/* Workers run at once: every get sees a whole session (ASan/TSan-clean). */
#define N_THREADS	4
#define N_ROUNDS	2000

static struct mxd_client_cache *shared;

static void *hammer(void *arg)
{
	uintptr_t t = (uintptr_t)arg;
	struct mxd_peer_identity me = { .known = true }, who;
	struct mxd_request r;
	sslSessionId_t s, out;
	unsigned int i;

	snprintf(me.id, sizeof(me.id), "CN=%u", (unsigned int)t);

	for (i = 0; i < N_ROUNDS; i++) {
		request(&r, "peer", (uint8_t)(i % 5), 443);
		session(&s, (uint8_t)t, "ticket!", 0);
		me.fp[0] = (uint8_t)t;
		mxd_client_cache_put(shared, &r, 1000 + i, &s, &me);
		matrixSslClearSessionId(&s);
		memset(&out, 0, sizeof(out));
		if (mxd_client_cache_get(shared, &r, 1000 + i, &out, &who)) {
			if (out.id[0] != out.id[31] || out.masterSecret[0] != (out.id[0] ^ 0x5a) ||
			    out.sessionTicketLen != 7 || strtoul(who.id + 3, NULL, 10) != out.id[0])
				return (void *)1;
			matrixSslClearSessionId(&out);
		}
		if (i % 7 == 0)
			mxd_client_cache_drop(shared, &r);
	}
	return NULL;
}

static void threads(void **state)
{
	pthread_t th[N_THREADS];
	void *rc;
	uintptr_t i;

	shared = mxd_client_cache_new(3, 1000000);
	assert_non_null(shared);
	for (i = 0; i < N_THREADS; i++)
		assert_int_equal(pthread_create(&th[i], NULL, hammer, (void *)(i + 1)), 0);
	for (i = 0; i < N_THREADS; i++) {
		assert_int_equal(pthread_join(th[i], &rc), 0);
		assert_null(rc);
	}
	assert_true(mxd_client_cache_count(shared, 5000) <= 3);
	mxd_client_cache_free(shared);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(by_peer),
		cmocka_unit_test(bounds),
		cmocka_unit_test(threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
