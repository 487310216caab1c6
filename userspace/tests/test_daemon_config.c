// SPDX-License-Identifier: GPL-2.0
/*
 * mxtlsd's configuration parser: a full file, defaults, access control,
 * every refusal with its file:line: reason, and hostile input (NUL
 * bytes, overlong lines, huge files, mutations of a valid file) that
 * must end in a clean refusal or a valid configuration, never a crash
 * (ASan/UBSan watch).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "matrixsslApi.h"
#include "daemon/config.h"

static const char good[] =
	"# mxtlsd test configuration\n"
	"[daemon]\n"
	"workers = 4\n"
	"log_level = debug   # chatty\n"
	"control_socket = /run/test.sock\n"
	"\n"
	"[server default]\n"
	"cert = /etc/mxtls/server-chain.pem\n"
	"key = /etc/mxtls/server.key\n"
	"key_password = \"pa ss # \\\"word\\\\\"\n"
	"client_ca = /etc/mxtls/client-ca.pem\n"
	"client_auth = require\n"
	"versions = tls1.1, tls1.2\n"
	"suites = TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 0x009C\n"
	"dh_params = /etc/mxtls/dh.pem\n"
	"tickets = no\n"
	"ticket_keys = /etc/mxtls/tickets\n"
	"allow_users = root 1000\n"
	"allow_groups = 50\n"
	"rekey_bytes = 1073741824\n"
	"session_cache_size = 1\n"
	"session_cache_life = 2\n"
	"\n"
	"[client default]\n"
	"verify_hostname = no\n"
	"rekey_records = 18446744073709551615\n"
	"tickets = no\n"
	"session_cache_size = 0\n"
	"\n"
	"[client internal]\n"
	"trust = /etc/mxtls/ca.pem\n"
	"cert = /etc/mxtls/client.pem\n"
	"key = /etc/mxtls/client.key\n";

static struct mxd_config *parse(const char *text, char *err, size_t errlen, int *rc)
{
	struct mxd_config *c = NULL;

	*rc = mxd_config_parse(text, strlen(text), "test.conf", &c, err, errlen);
	return c;
}

static void full_file(void **state)
{
	const struct mxd_profile *s, *cl, *in;
	struct mxd_config *c;
	char err[256];
	int rc;

	c = parse(good, err, sizeof(err), &rc);
	assert_int_equal(rc, 0);
	assert_non_null(c);
	assert_int_equal(c->workers, 4);
	assert_int_equal(c->log_level, MXD_LOG_DEBUG);
	assert_string_equal(c->control_socket, "/run/test.sock");
	assert_int_equal(c->n_profiles, 3);

	s = mxd_config_find(c, MXD_SERVER, "");
	assert_non_null(s);
	assert_string_equal(s->name, "default");
	assert_int_equal(s->line, 7);
	assert_string_equal(s->cert.path, "/etc/mxtls/server-chain.pem");
	assert_int_equal(s->cert.line, 8);
	assert_string_equal(s->key_password, "pa ss # \"word\\");
	assert_int_equal(s->client_auth, MXD_AUTH_REQUIRE);
	assert_int_equal(s->version_flags, SSL_FLAGS_TLS_1_1 | SSL_FLAGS_TLS_1_2);
	assert_int_equal(s->n_suites, 2);
	assert_int_equal(s->suites[0], 0xC02F);
	assert_int_equal(s->suites[1], 0x009C);
	assert_false(s->tickets);
	assert_string_equal(s->ticket_keys.path, "/etc/mxtls/tickets");
	assert_int_equal(s->n_uids, 2);
	assert_int_equal(s->uids[0], 0);
	assert_int_equal(s->uids[1], 1000);
	assert_int_equal(s->gids[0], 50);
	assert_int_equal(s->rekey_bytes, 1073741824);
	assert_int_equal(s->rekey_records, 0);
	assert_int_equal(s->cache_size, 1);
	assert_int_equal(s->cache_life, 2);

	cl = mxd_config_find(c, MXD_CLIENT, "default");
	assert_non_null(cl);
	assert_false(cl->verify_hostname);
	assert_int_equal(cl->rekey_bytes, 0);
	assert_true(cl->rekey_records == UINT64_MAX);
	assert_false(cl->tickets);
	assert_int_equal(cl->cache_size, 0);
	assert_int_equal(cl->cache_life, MXD_CACHE_LIFE_DEFAULT);
	assert_null(cl->ca.path);	/* the system bundle */
	in = mxd_config_find(c, MXD_CLIENT, "internal");
	assert_non_null(in);
	assert_true(in->verify_hostname);
	assert_string_equal(in->ca.path, "/etc/mxtls/ca.pem");
	assert_null(mxd_config_find(c, MXD_SERVER, "internal"));
	assert_null(mxd_config_find(c, MXD_CLIENT, "nope"));
	mxd_config_free(c);
}

static void defaults(void **state)
{
	struct mxd_config *c;
	char err[256];
	int rc;

	c = parse("[client default]\n", err, sizeof(err), &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(c->workers, 2);
	assert_int_equal(c->log_level, MXD_LOG_INFO);
	assert_string_equal(c->control_socket, "/run/mxtlsd/control");
	assert_int_equal(c->profiles[0].version_flags, 0);
	assert_int_equal(c->profiles[0].n_suites, 0);
	assert_false(c->profiles[0].acl);
	assert_true(c->profiles[0].tickets);
	assert_int_equal(c->profiles[0].cache_size, MXD_CACHE_SIZE_DEFAULT);
	assert_int_equal(c->profiles[0].cache_life, MXD_CACHE_LIFE_DEFAULT);
	mxd_config_free(c);
}

static void access_control(void **state)
{
	const struct mxd_profile *s, *cl;
	struct mxd_config *c;
	char err[256];
	int rc;

	c = parse(good, err, sizeof(err), &rc);
	assert_int_equal(rc, 0);
	s = mxd_config_find(c, MXD_SERVER, "default");
	assert_true(mxd_profile_allows(s, 0, 0));
	assert_true(mxd_profile_allows(s, 1000, 1000));
	assert_true(mxd_profile_allows(s, 4242, 50));		/* by group */
	assert_false(mxd_profile_allows(s, 65534, 65534));	/* nobody */
	assert_false(mxd_profile_allows(s, 1001, 1000));
	cl = mxd_config_find(c, MXD_CLIENT, "default");
	assert_true(mxd_profile_allows(cl, 65534, 65534));	/* no list: everyone */
	mxd_config_free(c);
}

/* Each bad text, and the start of the message it must give. */
static const struct { const char *text, *msg; } bad[] = {
	{ "", "test.conf:1: no [server NAME] or [client NAME] profile" },
	{ "[daemon]\nworkers = 2\n", "test.conf:2: no [server NAME]" },
	{ "workers = 2\n", "test.conf:1: 'workers' outside a section" },
	{ "[daemon]\nworkers = 0\n[client a]\n", "test.conf:2: workers: 0 is out of range" },
	{ "[daemon]\nworkers = 99999999999999999999\n[client a]\n",
	  "test.conf:2: workers: '99999999999999999999' is not a number" },
	{ "[daemon]\nworkers = -1\n", "test.conf:2: workers: '-1' is not a number" },
	{ "[client a]\nrekey_bytes = 18446744073709551616\n",
	  "test.conf:2: rekey_bytes: '18446744073709551616' is not a number" },
	{ "[daemon]\nrekey_records = 5\n",
	  "test.conf:2: 'rekey_records' does not belong in a [daemon] section" },
	{ "[client a]\nsession_cache_size = 65537\n",
	  "test.conf:2: session_cache_size: 65537 is out of range (0 to 65536)" },
	{ "[client a]\nsession_cache_life = 0\n",
	  "test.conf:2: session_cache_life: 0 is out of range (1 to 86400)" },
	{ "[daemon]\nsession_cache_life = 5\n",
	  "test.conf:2: 'session_cache_life' does not belong in a [daemon] section" },
	{ "[daemon]\nworkers = 3x\n", "test.conf:2: workers: '3x' is not a number" },
	{ "[daemon]\nworkers = 2\nworkers = 3\n", "test.conf:3: 'workers' given twice" },
	{ "[daemon]\n[daemon]\n", "test.conf:2: [daemon] given twice" },
	{ "[daemon]\nlog_level = loud\n", "test.conf:2: log_level: 'loud' is not" },
	{ "[daemon]\ncontrol_socket = relative\n", "test.conf:2: control_socket: 'relative'" },
	{ "[daemon]\ncert = /x\n", "test.conf:2: 'cert' does not belong in a [daemon] section" },
	{ "[client a]\nworkers = 1\n", "test.conf:2: 'workers' does not belong in a client" },
	{ "[client a]\nclient_auth = require\n", "test.conf:2: 'client_auth' does not belong" },
	{ "[server a]\ntrust = /x\n", "test.conf:2: 'trust' does not belong in a server" },
	{ "[server a]\ncert = /c\n", "test.conf:1: server profile 'a' needs cert and key" },
	{ "[server a]\ncert = /c\nkey = /k\nclient_auth = require\n",
	  "test.conf:1: server profile 'a': client_auth needs client_ca" },
	{ "[server a]\ncert = /c\nkey = /k\nclient_ca = /ca\n",
	  "test.conf:1: server profile 'a': client_ca without client_auth" },
	{ "[client a]\ncert = /c\n", "test.conf:1: profile 'a': cert and key go together" },
	{ "[client a]\ncert = /c\nkey = /k\nkey_password = x\nkey_password_file = /p\n",
	  "test.conf:1: profile 'a': key_password or key_password_file" },
	{ "[client a]\n[client a]\n", "test.conf:2: client profile 'a' defined twice" },
	{ "[client a]\n[server b]\n[client c]\n", "test.conf:2: server profile 'b' needs" },
	{ "[client]\n", "test.conf:1: section '[client]': expected" },
	{ "[peer a]\n", "test.conf:1: unknown section type 'peer'" },
	{ "[client a/b]\n", "test.conf:1: profile name 'a/b'" },
	{ "[client a\n", "test.conf:1: section header without ']'" },
	{ "[client a] x\n", "test.conf:1: text after a section header" },
	{ "[client a]\ntrust\n", "test.conf:2: expected 'key = value'" },
	{ "[client a]\n = 3\n", "test.conf:2: a value without a key" },
	{ "[client a]\ncolour = blue\n", "test.conf:2: unknown key 'colour'" },
	{ "[client a]\ntrust =\n", "test.conf:2: 'trust' has no value" },
	{ "[client a]\ntrust = # nothing\n", "test.conf:2: 'trust' has no value" },
	{ "[client a]\ntrust = etc/ca.pem\n", "test.conf:2: trust: 'etc/ca.pem' is not an absolute" },
	{ "[client a]\nverify_hostname = maybe\n", "test.conf:2: verify_hostname: 'maybe'" },
	{ "[client a]\nversions = ssl3\n", "test.conf:2: versions: unknown version 'ssl3'" },
	{ "[client a]\nversions = ,\n", "test.conf:2: versions: empty list" },
	{ "[client a]\nsuites = TLS_NOPE\n", "test.conf:2: suites: unknown or unsupported" },
	{ "[client a]\nsuites = 0x\n", "test.conf:2: suites: unknown or unsupported" },
	{ "[client a]\nsuites = 0x1ffff\n", "test.conf:2: suites: unknown or unsupported" },
	{ "[client a]\nsuites = 0x002F 0x002f\n", "test.conf:2: suites: '0x002f' listed twice" },
	{ "[client a]\nallow_users = no-such-user-here\n",
	  "test.conf:2: allow_users: unknown user 'no-such-user-here'" },
	{ "[client a]\nallow_groups = no-such-group-here\n",
	  "test.conf:2: allow_groups: unknown group" },
	{ "[client a]\nallow_users = 4294967295\n", "test.conf:2: allow_users: 4294967295 is out" },
	{ "[client a]\nkey_password = \"open\n", "test.conf:2: unterminated quoted value" },
	{ "[client a]\nkey_password = \"a\" b\n", "test.conf:2: text after a quoted value" },
	{ "[client a]\nkey_password = \"a\\n\"\n", "test.conf:2: bad escape" },
};

static void refusals(void **state)
{
	struct mxd_config *c;
	char err[256];
	unsigned int i;
	int rc;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		c = parse(bad[i].text, err, sizeof(err), &rc);
		if (rc != -EINVAL || c || strncmp(err, bad[i].msg, strlen(bad[i].msg)))
			fail_msg("case %u (%s): rc %d, message '%s', wanted '%s'", i, bad[i].text,
				 rc, err, bad[i].msg);
	}
}

static void nul_and_long_lines(void **state)
{
	static const char with_nul[] = "[client a]\ntrust = /a\0b\n";
	struct mxd_config *c = NULL;
	char err[256], *big;
	size_t n;
	int rc;

	rc = mxd_config_parse(with_nul, sizeof(with_nul) - 1, "t", &c, err, sizeof(err));
	assert_int_equal(rc, -EINVAL);
	assert_string_equal(err, "t:2: NUL byte in the file");

	n = MXD_LINE_MAX + 10;
	big = malloc(n + 32);
	assert_non_null(big);
	strcpy(big, "[client a]\ntrust = /");
	memset(big + strlen(big), 'x', n);
	big[20 + n] = '\n';
	rc = mxd_config_parse(big, 21 + n, "t", &c, err, sizeof(err));
	assert_int_equal(rc, -EINVAL);
	assert_string_equal(err, "t:2: line longer than 4096 bytes");
	free(big);

	big = calloc(1, MXD_CONFIG_MAX_BYTES + 1);
	assert_non_null(big);
	rc = mxd_config_parse(big, MXD_CONFIG_MAX_BYTES + 1, "t", &c, err, sizeof(err));
	assert_int_equal(rc, -EINVAL);
	assert_non_null(strstr(err, "larger than"));
	free(big);

	/* A short error buffer truncates, never overflows. */
	c = parse("[client a]\ncolour = blue\n", err, 8, &rc);
	assert_int_equal(rc, -EINVAL);
	assert_int_equal(strlen(err), 7);
}

static void no_newline_at_end_and_crlf(void **state)
{
	struct mxd_config *c;
	char err[256];
	int rc;

	c = parse("[client a]\r\ntrust = /ca.pem\r\nverify_hostname = no", err, sizeof(err), &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(c->profiles[0].ca.path, "/ca.pem");
	assert_false(c->profiles[0].verify_hostname);
	mxd_config_free(c);
}

static void files(void **state)
{
	struct mxd_config *c;
	char path[] = "/tmp/mxtlsd-conf-XXXXXX", err[512];
	FILE *f;
	int fd, rc;

	rc = mxd_config_load("/nonexistent/mxtlsd.conf", &c, err, sizeof(err));
	assert_int_equal(rc, -ENOENT);
	assert_string_equal(err, "/nonexistent/mxtlsd.conf: No such file or directory");
	rc = mxd_config_load("/tmp", &c, err, sizeof(err));
	assert_int_equal(rc, -EINVAL);

	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fputs("[server web]\ncert = /c\nkey = /k\nsuites = TLS_RSA_WITH_AES_128_CBC_SHA\n"
	      "bogus = 1\n", f);
	fclose(f);
	rc = mxd_config_load(path, &c, err, sizeof(err));
	assert_int_equal(rc, -EINVAL);
	assert_true(strncmp(err, path, strlen(path)) == 0);
	assert_string_equal(err + strlen(path), ":5: unknown key 'bogus'");
	unlink(path);
}

/* The documented example is a valid configuration (its files aside). */
static void example_parses(void **state)
{
	struct mxd_config *c;
	char err[512];
	int rc;

	rc = mxd_config_load(MXTLS_TOP "/etc/mxtlsd.conf.example", &c, err, sizeof(err));
	if (rc)
		fail_msg("%s", err);
	assert_int_equal(c->n_profiles, 4);
	assert_non_null(mxd_config_find(c, MXD_SERVER, "intranet"));
	assert_int_equal(mxd_config_find(c, MXD_SERVER, "intranet")->client_auth,
			 MXD_AUTH_REQUIRE);
	assert_non_null(mxd_config_find(c, MXD_CLIENT, "backend"));
	mxd_config_free(c);
}

/* Deterministic mutations of the good file: flips, cuts, inserted bytes. */
static void hostile_mutations(void **state)
{
	static const char junk[] = "[]=#\"\\\n\r\t \0\xff,x0";
	size_t len = sizeof(good) - 1, n, i;
	uint64_t x = 0x9e3779b97f4a7c15ull;
	struct mxd_config *c;
	unsigned int round, ok = 0, refused = 0;
	char buf[sizeof(good) + 64], err[256];
	int rc;

	for (round = 0; round < 20000; round++) {
		memcpy(buf, good, len);
		n = len;
		for (i = 0; i < 1 + round % 4; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			switch (x % 3) {
			case 0:
				buf[(x >> 8) % n] = junk[(x >> 24) % (sizeof(junk) - 1)];
				break;
			case 1:
				n = (x >> 8) % n + 1;
				break;
			default:
				if (n < sizeof(buf)) {
					size_t at = (x >> 8) % n;

					memmove(buf + at + 1, buf + at, n - at);
					buf[at] = junk[(x >> 24) % (sizeof(junk) - 1)];
					n++;
				}
			}
		}
		c = NULL;
		err[0] = 0;
		rc = mxd_config_parse(buf, n, "m", &c, err, sizeof(err));
		if (rc == 0) {
			assert_non_null(c);
			assert_true(c->n_profiles > 0);
			ok++;
		} else {
			assert_int_equal(rc, -EINVAL);
			assert_null(c);
			assert_true(strncmp(err, "m:", 2) == 0);
			refused++;
		}
		mxd_config_free(c);
	}
	/* Both outcomes happen: the mutations are neither all fatal nor all harmless. */
	assert_true(ok > 100 && refused > 100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(full_file),
		cmocka_unit_test(defaults),
		cmocka_unit_test(access_control),
		cmocka_unit_test(refusals),
		cmocka_unit_test(nul_and_long_lines),
		cmocka_unit_test(no_newline_at_end_and_crlf),
		cmocka_unit_test(files),
		cmocka_unit_test(example_parses),
		cmocka_unit_test(hostile_mutations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
