// SPDX-License-Identifier: GPL-2.0
/*
 * The strict DER reader, base64 and PEM: every non-DER form the reader
 * must refuse, hand-made; base64 against libcrypto's encoder on random
 * data; PEM files with several blocks, text around them and broken ones;
 * and random corruption of a certificate, where whatever we accept
 * libcrypto must accept too (we are the stricter of the two).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "pki_data.h"
#include "pki/base64.h"
#include "pki/der.h"
#include "pki/pem.h"
#include "pki/x509.h"

#define SPAN(lit) mx_der_span(lit, sizeof(lit) - 1)

static void lengths_and_tags(void **state)
{
	static const struct {
		const char *enc;
		size_t len;
		bool ok;
	} cases[] = {
#define C(lit, ok) { lit, sizeof(lit) - 1, ok }
		C("\x04\x00", true),			/* empty */
		C("\x04\x01\xaa", true),
		C("\x04\x81\x01\xaa", false),		/* long form below 128 */
		C("\x04\x80\xaa\x00\x00", false),	/* indefinite */
		C("\x04\x82\x00\x01\xaa", false),	/* leading zero length byte */
		C("\x04\x85\x00\x00\x00\x00\x01\xaa", false),	/* five length bytes */
		C("\x04\x02\xaa", false),		/* longer than its container */
		C("\x04", false),			/* no length */
		C("\x1f\x81\x01\x00", false),		/* high tag number */
		C("\x04\xff", false),
#undef C
	};
	struct mx_der cur, val, tlv;
	uint8_t tag;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cur = mx_der_span(cases[i].enc, cases[i].len);
		assert_int_equal(mx_der_next(&cur, &tag, &val, &tlv) == 0, cases[i].ok);
		if (cases[i].ok) {
			assert_int_equal(tag, 0x04);
			assert_int_equal(tlv.len, cases[i].len);
			assert_true(mx_der_empty(&cur));
		}
	}
	/* A long-form length that is minimal. */
	{
		uint8_t buf[3 + 200] = { 0x04, 0x81, 200 };

		cur = mx_der_span(buf, sizeof(buf));
		assert_int_equal(mx_der_next(&cur, &tag, &val, NULL), 0);
		assert_int_equal(val.len, 200);
	}
	/* A child can never reach past its parent. */
	cur = SPAN("\x30\x03\x04\x05\xaa\xbb\xcc\xdd\xee");
	assert_int_equal(mx_der_get(&cur, MX_DER_SEQUENCE, &val), 0);
	assert_int_not_equal(mx_der_get(&val, MX_DER_OCTET_STRING, &tlv), 0);
	/* A wrong tag leaves the cursor where it was. */
	cur = SPAN("\x02\x01\x05");
	assert_int_not_equal(mx_der_get(&cur, MX_DER_OCTET_STRING, &val), 0);
	assert_int_equal(cur.len, 3);
	assert_int_equal(mx_der_opt(&cur, MX_DER_OCTET_STRING, &val), 0);
	assert_int_equal(mx_der_opt(&cur, MX_DER_INTEGER, &val), 1);
}

static void primitives(void **state)
{
	struct mx_der v, out;
	unsigned int unused;
	long l;
	bool b;

	/* INTEGER: minimal two's complement. */
	v = SPAN("\x00\x80");
	assert_int_equal(mx_der_uint(&v, &out), 0);
	assert_int_equal(out.len, 1);
	v = SPAN("\x00\x7f");
	assert_int_not_equal(mx_der_int(&v), 0);
	v = SPAN("\xff\x80");
	assert_int_not_equal(mx_der_int(&v), 0);
	v = SPAN("\xff\x7f");
	assert_int_equal(mx_der_long(&v, &l), 0);
	assert_int_equal(l, -129);
	v = SPAN("\x80");
	assert_int_not_equal(mx_der_uint(&v, &out), 0);	/* negative */
	v = mx_der_span("", 0);
	assert_int_not_equal(mx_der_int(&v), 0);
	v = SPAN("\x00");
	assert_int_equal(mx_der_uint(&v, &out), 0);
	assert_int_equal(out.len, 0);
	v = SPAN("\x01\x00\x00\x00\x00\x00\x00\x00\x00");
	assert_int_not_equal(mx_der_long(&v, &l), 0);	/* too big */

	/* BOOLEAN: 00 or FF only. */
	v = SPAN("\xff");
	assert_int_equal(mx_der_bool(&v, &b), 0);
	assert_true(b);
	v = SPAN("\x01");
	assert_int_not_equal(mx_der_bool(&v, &b), 0);
	v = SPAN("\x00\x00");
	assert_int_not_equal(mx_der_bool(&v, &b), 0);

	/* BIT STRING: at most 7 unused bits, all zero, none in an empty one. */
	v = SPAN("\x03\xa8");
	assert_int_equal(mx_der_bits(&v, &out, &unused), 0);
	assert_int_equal(unused, 3);
	v = SPAN("\x03\xa9");
	assert_int_not_equal(mx_der_bits(&v, &out, &unused), 0);
	v = SPAN("\x08\x00");
	assert_int_not_equal(mx_der_bits(&v, &out, &unused), 0);
	v = SPAN("\x01");
	assert_int_not_equal(mx_der_bits(&v, &out, &unused), 0);
	v = SPAN("\x00");
	assert_int_equal(mx_der_bits(&v, &out, &unused), 0);
	v = SPAN("\x01\x02");
	assert_int_not_equal(mx_der_bits_octets(&v, &out), 0);

	/* NULL is empty; OIDs have no padded arcs and end an arc. */
	v = SPAN("\x00");
	assert_int_not_equal(mx_der_null(&v), 0);
	v = SPAN("\x2a\x86\x48");
	assert_int_equal(mx_der_oid(&v), 0);
	v = SPAN("\x2a\x80\x01");
	assert_int_not_equal(mx_der_oid(&v), 0);
	v = SPAN("\x2a\x86");
	assert_int_not_equal(mx_der_oid(&v), 0);
	v = SPAN("\x80\x01");
	assert_int_not_equal(mx_der_oid(&v), 0);
}

static void base64_matches_openssl(void **state)
{
	uint8_t raw[300], out[400];
	unsigned char enc[420];
	char lined[600];
	size_t n, i, k, len, o;
	int elen;

	srand(3);
	for (i = 0; i < 3000; i++) {
		n = (size_t)rand() % sizeof(raw);
		for (k = 0; k < n; k++)
			raw[k] = (uint8_t)rand();
		elen = EVP_EncodeBlock(enc, raw, (int)n);
		assert_int_equal(mx_base64_decode((char *)enc, (size_t)elen, out, &len), 0);
		assert_int_equal(len, n);
		assert_memory_equal(out, raw, n);
		/* The same with line breaks and CRs every few characters. */
		for (k = 0, o = 0; k < (size_t)elen; k++) {
			lined[o++] = (char)enc[k];
			if (k % 13 == 12) {
				lined[o++] = '\r';
				lined[o++] = '\n';
			}
		}
		assert_int_equal(mx_base64_decode(lined, o, out, &len), 0);
		assert_int_equal(len, n);
		assert_memory_equal(out, raw, n);
	}
	/* Refused: foreign characters, lone or misplaced padding, leftovers. */
	{
		static const char *const bad[] = {
			"QQ=", "Q===", "QQ==QQ==", "QUJD*", "QUJ", "Q", "=QQQ", "QQ==x",
			"QR==",	/* non-zero bits in the padding */
			"QUI=A", "QUJD\x80",
		};

		for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
			assert_int_equal(mx_base64_decode(bad[i], strlen(bad[i]), out, &len),
					 -EBADMSG);
		assert_int_equal(mx_base64_decode("QUI=", 4, out, &len), 0);
		assert_int_equal(len, 2);
		assert_int_equal(mx_base64_decode("QQ==\n", 5, out, &len), 0);
		assert_int_equal(len, 1);
	}
}

static void pem_blocks(void **state)
{
	static const char good[] =
		"Bag Attributes: some text before\n"
		"-----BEGIN CERTIFICATE-----\r\nQUJD\r\n-----END CERTIFICATE-----\r\n"
		"text between\n"
		"-----BEGIN RSA PRIVATE KEY-----\n"
		"Proc-Type: 4,ENCRYPTED\n"
		"DEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF\n"
		"\n"
		"REVG\n"
		"R0hJ\n"
		"-----END RSA PRIVATE KEY-----  \n"
		"-----BEGIN X-----\nQQ==\n-----END X-----";
	static const char *const bad[] = {
		"-----BEGIN A-----\nQUJD\n-----END B-----\n",	/* labels differ */
		"-----BEGIN A-----\nQUJD\n",			/* no END */
		"-----BEGIN A-----\nQU*D\n-----END A-----\n",	/* bad base64 */
		"-----BEGIN A-----\nFoo: bar\n\nQUJD\n-----END A-----\n",	/* unknown header */
		"-----BEGIN A-----\nProc-Type: 4,ENCRYPTED\n\nQUJD\n-----END A-----\n",
		"-----BEGIN A-----\n-----END A-----\n",		/* empty */
		"-----BEGIN -A-----\nQUJD\n-----END -A-----\n",
	};
	const char *pos = good, *end = good + sizeof(good) - 1;
	struct mx_pem_block b;
	size_t i;

	assert_int_equal(mx_pem_next(&pos, end, &b), 1);
	assert_string_equal(b.label, "CERTIFICATE");
	assert_int_equal(b.der_len, 3);
	assert_memory_equal(b.der, "ABC", 3);
	assert_false(b.proc_type_encrypted);
	mx_pem_block_clear(&b);
	assert_int_equal(mx_pem_next(&pos, end, &b), 1);
	assert_string_equal(b.label, "RSA PRIVATE KEY");
	assert_true(b.proc_type_encrypted);
	assert_int_equal(b.dek_info_len, 44);
	assert_memory_equal(b.dek_info, "AES-128-CBC,", 12);
	assert_memory_equal(b.der, "DEFGHI", 6);
	mx_pem_block_clear(&b);
	assert_int_equal(mx_pem_next(&pos, end, &b), 1);
	assert_string_equal(b.label, "X");
	mx_pem_block_clear(&b);
	assert_int_equal(mx_pem_next(&pos, end, &b), 0);

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		pos = bad[i];
		assert_int_equal(mx_pem_next(&pos, pos + strlen(bad[i]), &b), -EBADMSG);
		assert_null(b.der);
	}
	assert_true(mx_pem_present(good, sizeof(good) - 1));
	assert_false(mx_pem_present("QUJD", 4));
}

/*
 * Corrupt a certificate at random: what we accept, libcrypto accepts too,
 * and nothing crashes (ASan watches).
 */
static void corrupted_certificates(void **state)
{
	struct mx_pem_block blk;
	struct mx_x509 *c;
	const char *pos;
	const uint8_t *p;
	uint8_t *buf, *der;
	size_t len, i;
	unsigned int accepted = 0;
	X509 *x;

	buf = pki_data_read(pki_data_path("leafA.pem"), &len);
	assert_non_null(buf);
	pos = (const char *)buf;
	assert_int_equal(mx_pem_next(&pos, pos + len, &blk), 1);
	der = malloc(blk.der_len);
	assert_non_null(der);
	srand(5);
	for (i = 0; i < 20000; i++) {
		size_t at = (size_t)rand() % blk.der_len;

		memcpy(der, blk.der, blk.der_len);
		der[at] ^= (uint8_t)(1 + rand() % 255);
		if (i & 1)
			der[(size_t)rand() % blk.der_len] = (uint8_t)rand();
		if (mx_x509_parse(der, blk.der_len, &c))
			continue;
		accepted++;
		mx_x509_free(c);
		p = der;
		x = d2i_X509(NULL, &p, (long)blk.der_len);
		if (!x) {
			FILE *f = fopen("/tmp/rejected.der", "wb");

			fwrite(der, 1, blk.der_len, f);
			fclose(f);
		}
		assert_non_null(x);
		X509_free(x);
	}
	/* Changes inside values (names, key bits, signature) still parse. */
	assert_true(accepted > 1000);
	free(der);
	mx_pem_block_clear(&blk);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lengths_and_tags),
		cmocka_unit_test(primitives),
		cmocka_unit_test(base64_matches_openssl),
		cmocka_unit_test(pem_blocks),
		cmocka_unit_test(corrupted_certificates),
	};

	return cmocka_run_group_tests_name("pki_der", tests, NULL, NULL);
}
