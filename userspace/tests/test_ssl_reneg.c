// SPDX-License-Identifier: GPL-2.0
/*
 * Re-handshakes and session tickets between two of our sessions in
 * memory, where the counts can be exact: the credit a peer-initiated
 * re-handshake costs and the data that buys one back
 * (DEFAULT_RH_CREDITS, BYTES_BEFORE_RH_CREDIT), no_renegotiation with
 * the session going on, matrixSslHandshakeIsComplete during a
 * re-handshake, data in flight across one; the ticket-key file: its
 * format, rotation and a file that stops parsing. Interop with OpenSSL
 * and GnuTLS is scripts/interop_ext.py's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "matrixsslApi.h"
#include "matrixsslConfig.h"
#include "tls_pair.h"

static sslKeys_t *skeys, *ckeys;

static int setup(void **state)
{
	if (tls_testdata() || matrixSslOpen() < 0)
		return -1;
	skeys = tls_server_keys(0);
	ckeys = tls_client_keys(0);
	return skeys && ckeys ? 0 : -1;
}

static int teardown(void **state)
{
	matrixSslDeleteKeys(skeys);
	matrixSslDeleteKeys(ckeys);
	matrixSslClose();
	return 0;
}

static void connect_pair(struct tls_end *c, struct tls_end *s, sslKeys_t *sk, sslSessionId_t *sid,
			 short tickets)
{
	sslSessOpts_t co = { .ticketResumption = tickets }, so = { 0 };

	memset(c, 0, sizeof(*c));
	memset(s, 0, sizeof(*s));
	assert_int_equal(matrixSslNewClientSession(&c->ssl, ckeys, sid, NULL, 0, NULL, "localhost",
						   NULL, NULL, &co),
			 MATRIXSSL_REQUEST_SEND);
	assert_int_equal(matrixSslNewServerSession(&s->ssl, sk, NULL, &so), 0);
	assert_int_equal(tls_pump(c, s, 0), 0);
	assert_true(c->complete && s->complete);
	assert_true(matrixSslHandshakeIsComplete(c->ssl) && matrixSslHandshakeIsComplete(s->ssl));
}

/* n bytes from the client to the server, checked. */
static void send_data(struct tls_end *c, struct tls_end *s, size_t n)
{
	static unsigned char buf[16384];
	size_t off, take, before = s->got_len;

	for (off = 0; off < n; off += take) {
		take = n - off < sizeof(buf) ? n - off : sizeof(buf);
		memset(buf, (int)(off >> 14), take);
		assert_true(matrixSslEncodeToOutdata(c->ssl, buf, (uint32)take) > 0);
		assert_int_equal(tls_pump(c, s, 0), 0);
		assert_int_equal(s->got_len, before + take);
		assert_int_equal(s->got[s->got_len - 1], (unsigned char)(off >> 14));
		s->got_len = before;
	}
}

/*
 * The client asks for a re-handshake; true when it ran (the server
 * took it), false when the server said no_renegotiation.
 */
static bool client_rehandshake(struct tls_end *c, struct tls_end *s)
{
	int alerts = c->alerts;

	c->complete = s->complete = 0;
	assert_int_equal(matrixSslEncodeRehandshake(c->ssl, NULL, NULL, SSL_OPTION_FULL_HANDSHAKE,
						    NULL, 0), PS_SUCCESS);
	/* Running: no longer "complete" until its Finished. */
	assert_int_equal(matrixSslHandshakeIsComplete(c->ssl), 0);
	assert_int_equal(tls_pump(c, s, 0), 0);
	assert_true(matrixSslHandshakeIsComplete(c->ssl) && matrixSslHandshakeIsComplete(s->ssl));
	if (c->alerts > alerts) {
		assert_int_equal(c->alert[0], SSL_ALERT_LEVEL_WARNING);
		assert_int_equal(c->alert[1], SSL_ALERT_NO_RENEGOTIATION);
		assert_false(c->complete || s->complete);
		return false;
	}
	assert_true(c->complete && s->complete);
	return true;
}

static void credits(void **state)
{
	struct tls_end c, s;
	int i;

	connect_pair(&c, &s, skeys, NULL, 0);
	/* DEFAULT_RH_CREDITS re-handshakes, then a refusal; the session goes on. */
	for (i = 0; i < DEFAULT_RH_CREDITS; i++)
		assert_true(client_rehandshake(&c, &s));
	assert_false(client_rehandshake(&c, &s));
	send_data(&c, &s, 1000);
	/* Data short of BYTES_BEFORE_RH_CREDIT buys nothing back... */
	send_data(&c, &s, BYTES_BEFORE_RH_CREDIT - 1000 - 1);
	assert_false(client_rehandshake(&c, &s));
	/* ...its last byte one credit. */
	send_data(&c, &s, 1);
	assert_true(client_rehandshake(&c, &s));
	assert_false(client_rehandshake(&c, &s));
	tls_end_free(&c);
	tls_end_free(&s);
}

/* Application data queued before a re-handshake and while it runs arrives intact. */
static void data_across_rehandshake(void **state)
{
	unsigned char a[3000], b[5000];
	struct tls_end c, s;

	memset(a, 'a', sizeof(a));
	memset(b, 'b', sizeof(b));
	connect_pair(&c, &s, skeys, NULL, 0);
	assert_true(matrixSslEncodeToOutdata(c.ssl, a, sizeof(a)) > 0);
	assert_int_equal(matrixSslEncodeRehandshake(c.ssl, NULL, NULL, 0, NULL, 0), PS_SUCCESS);
	assert_true(matrixSslEncodeToOutdata(c.ssl, b, sizeof(b)) > 0);
	/* The server's data, queued while the client's ClientHello is in flight. */
	assert_true(matrixSslEncodeToOutdata(s.ssl, a, sizeof(a)) > 0);
	assert_int_equal(tls_pump(&c, &s, 7), 0);
	assert_true(matrixSslIsResumedSession(c.ssl));
	assert_int_equal(s.got_len, sizeof(a) + sizeof(b));
	assert_memory_equal(s.got, a, sizeof(a));
	assert_memory_equal(s.got + sizeof(a), b, sizeof(b));
	assert_int_equal(c.got_len, sizeof(a));
	assert_memory_equal(c.got, a, sizeof(a));
	/* A server's HelloRequest: complete is 0 from it to the end. */
	assert_int_equal(matrixSslEncodeRehandshake(s.ssl, NULL, NULL, 0, NULL, 0), PS_SUCCESS);
	assert_int_equal(matrixSslHandshakeIsComplete(s.ssl), 0);
	c.complete = s.complete = 0;
	assert_int_equal(tls_pump(&c, &s, 0), 0);
	assert_true(c.complete && s.complete && matrixSslHandshakeIsComplete(s.ssl));
	tls_end_free(&c);
	tls_end_free(&s);
}

static void write_file(const char *path, const char *text)
{
	char tmp[256];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.new", path);
	f = fopen(tmp, "w");
	assert_non_null(f);
	assert_true(fputs(text, f) >= 0);
	assert_int_equal(fclose(f), 0);
	/* A rename: a new inode, as a careful rotation makes. */
	assert_int_equal(rename(tmp, path), 0);
}

#define KEY_A "00112233445566778899aabbccddeeff" \
	      "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f" \
	      "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f\n"
#define KEY_B "ffeeddccbbaa99887766554433221100" \
	      "404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f" \
	      "606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f\n"

/* A new connection offering sid: resumed or not. */
static bool resumes(sslKeys_t *sk, sslSessionId_t *sid)
{
	struct tls_end c, s;
	bool r;

	connect_pair(&c, &s, sk, sid, 1);
	r = matrixSslIsResumedSession(c.ssl);
	assert_int_equal(r, matrixSslIsResumedSession(s.ssl));
	tls_end_free(&c);
	tls_end_free(&s);
	return r;
}

/* A deep copy of a session id (the ticket is the library's memory). */
static void sid_copy(sslSessionId_t *to, const sslSessionId_t *from)
{
	*to = *from;
	if (from->sessionTicket) {
		to->sessionTicket = malloc(from->sessionTicketLen);
		assert_non_null(to->sessionTicket);
		memcpy(to->sessionTicket, from->sessionTicket, from->sessionTicketLen);
	}
}

/* Offering a copy of sid: resumed or not (sid stays as it was). */
static bool copy_resumes(sslKeys_t *sk, const sslSessionId_t *sid)
{
	sslSessionId_t t;
	bool r;

	sid_copy(&t, sid);
	r = resumes(sk, &t);
	matrixSslClearSessionId(&t);
	return r;
}

static void ticket_key_file(void **state)
{
	char path[] = "/tmp/mxtls-ticket-keys-XXXXXX";
	sslSessionId_t by_a, by_b;
	sslKeys_t *a, *b, *none;
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	close(fd);
	a = tls_server_keys(0);
	b = tls_server_keys(0);
	none = tls_server_keys(0);
	write_file(path, "# ticket keys\n\n" KEY_A);
	assert_int_equal(matrixSslLoadSessionTicketKeysFile(a, path), PS_SUCCESS);
	assert_int_equal(matrixSslLoadSessionTicketKeysFile(b, path), PS_SUCCESS);
	/* A ticket from server a resumes on server b, by the ticket: a server
	 * without ticket keys (sharing the process's session cache) does not
	 * resume it.
	 */
	matrixSslInitSessionId(&by_a);
	assert_false(resumes(a, &by_a));
	assert_non_null(by_a.sessionTicket);
	assert_true(copy_resumes(b, &by_a));
	assert_false(copy_resumes(none, &by_a));
	/* Rotation: B seals, A still opens. */
	write_file(path, KEY_B "# the previous key, until its tickets expire\n" KEY_A);
	assert_true(copy_resumes(b, &by_a));
	matrixSslInitSessionId(&by_b);
	assert_false(resumes(a, &by_b));
	/* A file that no longer parses leaves the keys as they were. */
	write_file(path, "not hex at all\n");
	assert_true(copy_resumes(a, &by_a));
	assert_true(copy_resumes(b, &by_b));
	/* A dropped: its tickets no longer resume, B's do. */
	write_file(path, KEY_B);
	assert_false(copy_resumes(b, &by_a));
	assert_false(copy_resumes(a, &by_a));
	assert_true(copy_resumes(a, &by_b));
	matrixSslClearSessionId(&by_a);
	matrixSslClearSessionId(&by_b);
	/* Malformed files are refused when loaded. */
	write_file(path, "00112233\n");
	assert_int_equal(matrixSslLoadSessionTicketKeysFile(a, path), PS_PARSE_FAIL);
	write_file(path, KEY_A "zz" KEY_B);
	assert_int_equal(matrixSslLoadSessionTicketKeysFile(a, path), PS_PARSE_FAIL);
	unlink(path);
	assert_int_equal(matrixSslLoadSessionTicketKeysFile(a, path), PS_PLATFORM_FAIL);
	matrixSslDeleteKeys(a);
	matrixSslDeleteKeys(b);
	matrixSslDeleteKeys(none);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(credits),
		cmocka_unit_test(data_across_rehandshake),
		cmocka_unit_test(ticket_key_file),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
