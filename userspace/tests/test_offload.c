// SPDX-License-Identifier: GPL-2.0
/*
 * matrixSslOffload's refusals that need no kernel module, and that the
 * session goes on in userspace after each: arguments, a session not
 * ready (handshake running, bytes held past the last record, unsent
 * outdata), what the module cannot do (max_fragment_length), a
 * descriptor that is no TCP socket, a session that is over. The module's
 * own answers (absent, keys taken) are tested in the VM
 * (tools/selftests/offload_lib.sh, offload_hostile.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>

#include "matrixsslApi.h"
#include "support/tls_pair.h"

static sslKeys_t *ckeys, *skeys;

static int setup(void **state)
{
	if (tls_testdata() || matrixSslOpen() < 0)
		return -1;
	ckeys = tls_client_keys(0);
	skeys = tls_server_keys(0);
	return ckeys && skeys ? 0 : -1;
}

static int teardown(void **state)
{
	matrixSslDeleteKeys(ckeys);
	matrixSslDeleteKeys(skeys);
	matrixSslClose();
	return 0;
}

struct pair {
	struct tls_end c, s;
};

static void start(struct pair *p, short max_frag, short exact)
{
	sslSessOpts_t co = { .maxFragLen = max_frag, .recordExactReads = exact };
	sslSessOpts_t so = { .recordExactReads = exact };

	memset(p, 0, sizeof(*p));
	assert_int_equal(matrixSslNewServerSession(&p->s.ssl, skeys, NULL, &so), PS_SUCCESS);
	assert_int_equal(matrixSslNewClientSession(&p->c.ssl, ckeys, NULL, NULL, 0, NULL,
						   "localhost", NULL, NULL, &co),
			 MATRIXSSL_REQUEST_SEND);
}

/* Application data both ways still works in userspace. */
static void still_userspace(struct pair *p)
{
	assert_int_equal(matrixSslIsOffloaded(p->c.ssl), 0);
	p->c.got_len = p->s.got_len = 0;
	assert_true(matrixSslEncodeToOutdata(p->c.ssl, (unsigned char *)"ping", 4) > 0);
	assert_true(matrixSslEncodeToOutdata(p->s.ssl, (unsigned char *)"pong", 4) > 0);
	assert_int_equal(tls_pump(&p->c, &p->s, 0), 0);
	assert_int_equal(p->s.got_len, 4);
	assert_memory_equal(p->s.got, "ping", 4);
	assert_int_equal(p->c.got_len, 4);
	assert_memory_equal(p->c.got, "pong", 4);
}

static void finish(struct pair *p)
{
	tls_end_free(&p->c);
	tls_end_free(&p->s);
}

static void arguments(void **state)
{
	unsigned char b[4];
	uint32 len;
	struct pair p;

	assert_int_equal(matrixSslOffload(NULL, 0), PS_ARG_FAIL);
	start(&p, 0, 1);
	assert_int_equal(matrixSslOffload(p.c.ssl, -1), PS_ARG_FAIL);
	assert_int_equal(matrixSslIsOffloaded(NULL), 0);
	assert_int_equal(matrixSslOffloadRead(p.c.ssl, b, 1, &len, 0), PS_ARG_FAIL);
	/* not offloaded: nothing to read this way */
	assert_int_equal(matrixSslOffloadRead(p.c.ssl, b, sizeof(b), &len, 0), PS_PROTOCOL_FAIL);
	finish(&p);
}

static void not_ready(void **state)
{
	int sv[2];
	struct pair p;

	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	/* a handshake running (the ClientHello unsent, too) */
	start(&p, 0, 1);
	assert_int_equal(matrixSslOffload(p.c.ssl, sv[0]), MATRIXSSL_OFFLOAD_BUSY);
	assert_int_equal(tls_pump(&p.c, &p.s, 0), 0);
	assert_true(p.c.complete && p.s.complete);
	/* ready now, but a UNIX socket is no TCP socket */
	assert_int_equal(matrixSslOffload(p.c.ssl, sv[0]), PS_ARG_FAIL);
	/* unsent outdata */
	assert_true(matrixSslEncodeToOutdata(p.c.ssl, (unsigned char *)"x", 1) > 0);
	assert_int_equal(matrixSslOffload(p.c.ssl, sv[0]), MATRIXSSL_OFFLOAD_BUSY);
	assert_int_equal(tls_pump(&p.c, &p.s, 0), 0);
	still_userspace(&p);
	finish(&p);
	close(sv[0]);
	close(sv[1]);
}

/* Without record-exact reads, two records read at once: one stays held. */
static void bytes_held(void **state)
{
	unsigned char *out, *in, *pt;
	uint32 ptlen;
	int32 n, room;
	int sv[2];
	struct pair p;

	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	start(&p, 0, 0);
	assert_int_equal(tls_pump(&p.c, &p.s, 0), 0);
	assert_true(matrixSslEncodeToOutdata(p.s.ssl, (unsigned char *)"one", 3) > 0);
	assert_true(matrixSslEncodeToOutdata(p.s.ssl, (unsigned char *)"two", 3) > 0);
	n = matrixSslGetOutdata(p.s.ssl, &out);
	room = matrixSslGetReadbuf(p.c.ssl, &in);
	assert_true(n > 0 && room >= n);
	memcpy(in, out, (size_t)n);
	matrixSslSentData(p.s.ssl, (uint32)n);
	assert_int_equal(matrixSslReceivedData(p.c.ssl, n, &pt, &ptlen), MATRIXSSL_APP_DATA);
	/* the plaintext handed out, the second record behind it */
	assert_int_equal(matrixSslOffload(p.c.ssl, sv[0]), MATRIXSSL_OFFLOAD_BUSY);
	assert_int_equal(matrixSslProcessedData(p.c.ssl, &pt, &ptlen), MATRIXSSL_APP_DATA);
	assert_int_equal(matrixSslOffload(p.c.ssl, sv[0]), MATRIXSSL_OFFLOAD_BUSY);
	assert_int_equal(matrixSslProcessedData(p.c.ssl, &pt, &ptlen), MATRIXSSL_SUCCESS);
	/* all processed: only the socket is wrong now */
	assert_int_equal(matrixSslOffload(p.c.ssl, sv[0]), PS_ARG_FAIL);
	still_userspace(&p);
	finish(&p);
	close(sv[0]);
	close(sv[1]);
}

/* The module writes whole 2^14-byte records: max_fragment_length is refused. */
static void max_fragment(void **state)
{
	int sv[2];
	struct pair p;

	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	start(&p, 1024, 1);
	assert_int_equal(tls_pump(&p.c, &p.s, 0), 0);
	assert_int_equal(matrixSslGetMaxFragmentLength(p.c.ssl), 1024);
	assert_int_equal(matrixSslOffload(p.c.ssl, sv[0]), MATRIXSSL_OFFLOAD_UNSUPPORTED);
	assert_int_equal(matrixSslOffload(p.s.ssl, sv[1]), MATRIXSSL_OFFLOAD_UNSUPPORTED);
	still_userspace(&p);
	finish(&p);
	close(sv[0]);
	close(sv[1]);
}

static void session_over(void **state)
{
	int sv[2];
	struct pair p;

	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	start(&p, 0, 1);
	assert_int_equal(tls_pump(&p.c, &p.s, 0), 0);
	assert_int_equal(matrixSslEncodeClosureAlert(p.c.ssl), PS_SUCCESS);
	assert_int_equal(tls_pump(&p.c, &p.s, 0), 0);
	assert_int_equal(matrixSslOffload(p.c.ssl, sv[0]), PS_PROTOCOL_FAIL);
	assert_int_equal(matrixSslOffload(p.s.ssl, sv[1]), PS_PROTOCOL_FAIL);
	finish(&p);
	close(sv[0]);
	close(sv[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(arguments),
		cmocka_unit_test(not_ready),
		cmocka_unit_test(bytes_held),
		cmocka_unit_test(max_fragment),
		cmocka_unit_test(session_over),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
