// SPDX-License-Identifier: GPL-2.0
/*
 * Chain validation against OpenSSL: every "verify" case of the generated
 * test data (scripts/pki-testdata.sh) is a test of its own, run through
 * mx_x509_verify: it must agree with what "openssl verify" said about the
 * same files, and give the reason the case was built to provoke. The
 * verdict built for the certificate callback is checked on each.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "pki_data.h"
#include "pki/pem.h"
#include "pki/trust.h"
#include "pki/verdict.h"
#include "pki/verify.h"

static const char *const status_names[PS_CERT_E_COUNT] = {
	[PS_CERT_OK] = "OK",
	[PS_CERT_E_MALFORMED] = "MALFORMED",
	[PS_CERT_E_NO_CERT] = "NO_CERT",
	[PS_CERT_E_UNKNOWN_ISSUER] = "UNKNOWN_ISSUER",
	[PS_CERT_E_SELF_SIGNED] = "SELF_SIGNED",
	[PS_CERT_E_SELF_SIGNED_IN_CHAIN] = "SELF_SIGNED_IN_CHAIN",
	[PS_CERT_E_SIGNATURE] = "SIGNATURE",
	[PS_CERT_E_UNSUPPORTED_ALG] = "UNSUPPORTED_ALG",
	[PS_CERT_E_NOT_YET_VALID] = "NOT_YET_VALID",
	[PS_CERT_E_EXPIRED] = "EXPIRED",
	[PS_CERT_E_NOT_CA] = "NOT_CA",
	[PS_CERT_E_PATH_LEN] = "PATH_LEN",
	[PS_CERT_E_PURPOSE] = "PURPOSE",
	[PS_CERT_E_NAME_MISMATCH] = "NAME_MISMATCH",
	[PS_CERT_E_NAME_CONSTRAINTS] = "NAME_CONSTRAINTS",
	[PS_CERT_E_CRITICAL_EXT] = "CRITICAL_EXT",
	[PS_CERT_E_CHAIN_TOO_LONG] = "CHAIN_TOO_LONG",
};

/* Every certificate of a PEM file, parsed, appended to certs. */
static void load_certs(const char *file, struct mx_x509 **certs, size_t *n, size_t max)
{
	struct mx_pem_block blk;
	const char *pos, *end;
	uint8_t *buf;
	size_t len;
	int r;

	buf = pki_data_read(pki_data_path(file), &len);
	assert_non_null(buf);
	pos = (const char *)buf;
	end = pos + len;
	while ((r = mx_pem_next(&pos, end, &blk)) > 0) {
		assert_true(*n < max);
		assert_int_equal(mx_x509_parse(blk.der, blk.der_len, &certs[*n]), 0);
		(*n)++;
		mx_pem_block_clear(&blk);
	}
	assert_int_equal(r, 0);
	free(buf);
}

/* One "verify" case of the manifest, run as its own test. */
static void openssl_verdict(void **state)
{
	struct pki_case *c = *state;
	struct mx_x509 *certs[MX_PEER_MAX_CERTS];
	struct mx_trust_store ts;
	struct mx_verify_opts opts = { .time = MX_VERIFY_NOW };
	struct mx_verify_result res;
	psCertVerdict_t *v;
	size_t n = 0, k;
	int st, expect = -1, openssl;

	assert_int_equal(c->n, 11);
	load_certs(c->f[2], certs, &n, MX_PEER_MAX_CERTS);
	assert_int_equal(n, 1);
	if (strcmp(c->f[3], "-"))
		load_certs(c->f[3], certs, &n, MX_PEER_MAX_CERTS);
	mx_trust_init(&ts);
	assert_int_equal(mx_trust_add_file(&ts, pki_data_path(c->f[4]), NULL), 0);
	opts.purpose = !strcmp(c->f[5], "server") ? MX_PURPOSE_SERVER :
		       !strcmp(c->f[5], "client") ? MX_PURPOSE_CLIENT : MX_PURPOSE_ANY;
	opts.peer_name = strcmp(c->f[6], "-") ? c->f[6] : NULL;
	if (strcmp(c->f[7], "-"))
		opts.time = strtoll(c->f[7], NULL, 10);
	if (strcmp(c->f[8], "-"))
		opts.max_depth = (unsigned int)atoi(c->f[8]);
	for (k = 0; k < PS_CERT_E_COUNT; k++)
		if (!strcmp(status_names[k], c->f[9]))
			expect = (int)k;
	assert_int_not_equal(expect, -1);
	openssl = atoi(c->f[10]);

	st = mx_x509_verify((const struct mx_x509 *const *)certs, n, &ts, &opts, &res);
	if ((st == PS_CERT_OK) != (openssl == 0) || st != expect)
		print_message("%s: ours %s (depth %d), intended %s, openssl error %d\n", c->f[1],
			      status_names[st], res.depth, c->f[9], openssl);
	/* OpenSSL's verdict, and the reason the case was built to provoke. */
	assert_int_equal(st == PS_CERT_OK, openssl == 0);
	assert_int_equal(st, expect);

	/* The verdict for the callback tells the same story. */
	v = mx_cert_verdict(&res, &ts);
	assert_non_null(v);
	assert_int_equal(v->status, st);
	assert_int_equal(v->chainLen, res.chain_len);
	assert_int_equal(v->alert == 0, st == PS_CERT_OK);
	if (st == PS_CERT_OK) {
		assert_true(v->chainLen >= 1);
		assert_true(v->chain[v->chainLen - 1].trusted);
		assert_null(v->chain[v->chainLen - 1].next);
	} else {
		assert_true(v->depth >= 0 && (uint32_t)v->depth < v->chainLen + 1);
	}
	psCertVerdictFree(v);
	for (k = 0; k < n; k++)
		mx_x509_free(certs[k]);
	mx_trust_clear(&ts);
}

int main(void)
{
	struct CMUnitTest *tests;
	struct pki_case *cases;
	char (*names)[64];
	size_t n, i;
	int r;

	cases = pki_data_cases("verify", &n);
	if (!cases || n < 50) {
		fprintf(stderr, "test_pki_verify: no test data\n");
		return 1;
	}
	tests = calloc(n, sizeof(*tests));
	names = calloc(n, sizeof(*names));
	if (!tests || !names)
		return 1;
	for (i = 0; i < n; i++) {
		snprintf(names[i], sizeof(names[i]), "verify %s", cases[i].f[1]);
		tests[i].name = names[i];
		tests[i].test_func = openssl_verdict;
		tests[i].initial_state = &cases[i];
	}
	r = _cmocka_run_group_tests("pki_verify", tests, n, NULL, NULL);
	free(tests);
	free(names);
	return r;
}
