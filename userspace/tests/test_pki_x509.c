// SPDX-License-Identifier: GPL-2.0
/*
 * X.509 parsing against libcrypto: every certificate of the system CA
 * bundle and of the generated test data is parsed by both, field by field;
 * host name and address matching against "openssl x509 -checkhost /
 * -checkip"; name comparison against X509_NAME_cmp; times against
 * ASN1_TIME_to_tm; the certificate callback's view against libcrypto.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>
#include <dirent.h>

#include <openssl/asn1.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "pki_data.h"
#include "pki/asn1_time.h"
#include "pki/general_name.h"
#include "pki/hostname.h"
#include "pki/pem.h"
#include "pki/trust.h"
#include "pki/verdict.h"
#include "pki/x509.h"
#include "pki/x509_name.h"

static int64_t tm_of(const ASN1_TIME *t)
{
	struct tm tm;

	assert_int_equal(ASN1_TIME_to_tm(t, &tm), 1);
	return (int64_t)timegm(&tm);
}

/* OpenSSL's keyUsage bits (KU_*) in RFC order (ours). */
static uint16_t ku_from_openssl(uint32_t ku)
{
	static const uint32_t bits[9] = {
		KU_DIGITAL_SIGNATURE, KU_NON_REPUDIATION, KU_KEY_ENCIPHERMENT,
		KU_DATA_ENCIPHERMENT, KU_KEY_AGREEMENT, KU_KEY_CERT_SIGN, KU_CRL_SIGN,
		KU_ENCIPHER_ONLY, KU_DECIPHER_ONLY,
	};
	uint16_t r = 0;
	int i;

	for (i = 0; i < 9; i++)
		if (ku & bits[i])
			r |= (uint16_t)(1u << i);
	return r;
}

static uint8_t eku_from_openssl(uint32_t x)
{
	uint8_t r = 0;

	r |= (x & XKU_SSL_SERVER) ? MX_EKU_SERVER_AUTH : 0;
	r |= (x & XKU_SSL_CLIENT) ? MX_EKU_CLIENT_AUTH : 0;
	r |= (x & XKU_CODE_SIGN) ? MX_EKU_CODE_SIGNING : 0;
	r |= (x & XKU_SMIME) ? MX_EKU_EMAIL : 0;
	r |= (x & XKU_TIMESTAMP) ? MX_EKU_TIME_STAMPING : 0;
	r |= (x & XKU_OCSP_SIGN) ? MX_EKU_OCSP_SIGNING : 0;
	r |= (x & XKU_ANYEKU) ? MX_EKU_ANY : 0;
	return r;
}

static void same_bytes(const struct mx_der *ours, const ASN1_OCTET_STRING *theirs)
{
	if (!theirs) {
		assert_null(ours->p);
		return;
	}
	assert_non_null(ours->p);
	assert_int_equal(ours->len, ASN1_STRING_length(theirs));
	assert_memory_equal(ours->p, ASN1_STRING_get0_data(theirs), ours->len);
}

/* Compare everything we parse with what libcrypto parses. */
static void compare(const uint8_t *der, size_t len)
{
	const uint8_t *p = der;
	X509 *x = d2i_X509(NULL, &p, (long)len);
	struct mx_x509 *c;
	unsigned char *enc = NULL;
	int n, sig_nid, md_nid, pk_nid;
	uint32_t ku;
	EVP_PKEY *pk;
	GENERAL_NAMES *gens;
	struct mx_der cur, v;
	enum mx_gn_type t;
	int i, k;

	assert_non_null(x);
	assert_int_equal(mx_x509_parse(der, len, &c), 0);
	assert_int_equal(c->version, X509_get_version(x) + 1);

	/* Serial: the INTEGER's contents, after its two header bytes. */
	n = i2d_ASN1_INTEGER(X509_get0_serialNumber(x), &enc);
	assert_true(n > 2);
	assert_int_equal(c->serial.len, n - 2);
	assert_memory_equal(c->serial.p, enc + 2, c->serial.len);
	OPENSSL_free(enc);

	assert_int_equal(c->not_before, tm_of(X509_get0_notBefore(x)));
	assert_int_equal(c->not_after, tm_of(X509_get0_notAfter(x)));
	assert_int_equal(c->self_issued,
			 X509_NAME_cmp(X509_get_subject_name(x), X509_get_issuer_name(x)) == 0);

	/* Extensions: libcrypto caches them on first query. */
	assert_int_equal(X509_get_extension_flags(x) & EXFLAG_INVALID, 0);
	assert_int_equal(c->is_ca, !!(X509_get_extension_flags(x) & EXFLAG_CA));
	assert_int_equal(c->path_len, X509_get_pathlen(x));
	ku = X509_get_key_usage(x);
	if (ku == UINT32_MAX) {
		assert_false(c->ext & MX_EXT_KEY_USAGE);
	} else {
		assert_true(c->ext & MX_EXT_KEY_USAGE);
		assert_int_equal(c->key_usage, ku_from_openssl(ku));
	}
	if (X509_get_extension_flags(x) & EXFLAG_XKUSAGE)
		assert_int_equal(c->ext_key_usage & ~MX_EKU_OTHER,
				 eku_from_openssl(X509_get_extended_key_usage(x)));
	else
		assert_false(c->ext & MX_EXT_EXT_KEY_USAGE);
	same_bytes(&c->ski, X509_get0_subject_key_id(x));
	same_bytes(&c->aki_id, X509_get0_authority_key_id(x));

	/* subjectAltName, entry by entry, DNS and IP. */
	gens = X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL);
	cur = c->san;
	for (i = 0; gens && i < sk_GENERAL_NAME_num(gens); i++) {
		GENERAL_NAME *g = sk_GENERAL_NAME_value(gens, i);

		assert_int_equal(mx_gn_next(&cur, false, &t, &v), 0);
		assert_int_equal((int)t, g->type);
		if (g->type == GEN_DNS || g->type == GEN_IPADD) {
			ASN1_STRING *s = g->type == GEN_DNS ? g->d.dNSName : g->d.iPAddress;

			assert_int_equal(v.len, ASN1_STRING_length(s));
			assert_memory_equal(v.p, ASN1_STRING_get0_data(s), v.len);
		}
	}
	assert_true(mx_der_empty(&cur));
	GENERAL_NAMES_free(gens);

	/* Algorithms. */
	pk = X509_get0_pubkey(x);
	assert_non_null(pk);
	switch (EVP_PKEY_get_base_id(pk)) {
	case EVP_PKEY_RSA:
	case EVP_PKEY_RSA_PSS:
		assert_int_equal(c->key.type, MX_PK_RSA);
		assert_int_equal(c->key.bits, EVP_PKEY_get_bits(pk));
		break;
	case EVP_PKEY_EC:
		assert_int_equal(c->key.type, MX_PK_EC);
		assert_int_equal(c->key.bits, EVP_PKEY_get_bits(pk));
		break;
	default:
		assert_int_equal(c->key.type, MX_PK_UNSUPPORTED);
	}
	sig_nid = X509_get_signature_nid(x);
	assert_int_equal(OBJ_find_sigid_algs(sig_nid, &md_nid, &pk_nid), 1);
	if (pk_nid == NID_rsassaPss) {
		assert_int_equal(c->sig_alg.scheme, MX_SIG_RSA_PSS);
	} else {
		static const struct { int md; enum mx_pki_hash h; } mds[] = {
			{ NID_sha1, MX_PKI_SHA1 }, { NID_sha256, MX_PKI_SHA256 },
			{ NID_sha384, MX_PKI_SHA384 }, { NID_sha512, MX_PKI_SHA512 },
		};

		assert_int_equal(c->sig_alg.scheme, pk_nid == NID_rsaEncryption ? MX_SIG_RSA_PKCS1 :
				 pk_nid == NID_X9_62_id_ecPublicKey ? MX_SIG_ECDSA :
				 MX_SIG_UNSUPPORTED);
		for (k = 0; k < 4; k++)
			if (mds[k].md == md_nid)
				assert_int_equal(c->sig_alg.hash, mds[k].h);
	}
	mx_x509_free(c);
	X509_free(x);
}

/* Parse every CERTIFICATE block of a PEM file; returns the count. */
static size_t compare_file(const char *path)
{
	struct mx_pem_block blk;
	const char *pos, *end;
	size_t len, n = 0;
	uint8_t *buf;
	int r;

	buf = pki_data_read(path, &len);
	assert_non_null(buf);
	pos = (const char *)buf;
	end = pos + len;
	while ((r = mx_pem_next(&pos, end, &blk)) > 0) {
		if (!strcmp(blk.label, "CERTIFICATE")) {
			compare(blk.der, blk.der_len);
			n++;
		}
		mx_pem_block_clear(&blk);
	}
	assert_int_equal(r, 0);
	free(buf);
	return n;
}

static void system_bundle_parses(void **state)
{
	struct mx_trust_store ts;
	size_t len, begins = 0, added;
	uint8_t *buf;
	const char *p;

	buf = pki_data_read(MX_SYSTEM_CA_BUNDLE, &len);
	assert_non_null(buf);
	for (p = (const char *)buf; (p = strstr(p, "-----BEGIN CERTIFICATE-----")); p++)
		begins++;
	free(buf);
	assert_true(begins > 50);
	assert_int_equal(compare_file(MX_SYSTEM_CA_BUNDLE), begins);

	mx_trust_init(&ts);
	assert_int_equal(mx_trust_add_file(&ts, MX_SYSTEM_CA_BUNDLE, &added), 0);
	assert_int_equal(added, begins);
	mx_trust_clear(&ts);
}

static void generated_certs_match_libcrypto(void **state)
{
	const char *dir = pki_data_dir();
	struct dirent *e;
	size_t n = 0, len;
	DIR *d;

	assert_non_null(dir);
	d = opendir(dir);
	assert_non_null(d);
	while ((e = readdir(d))) {
		len = strlen(e->d_name);
		if (len > 4 && !strcmp(e->d_name + len - 4, ".pem"))
			n += compare_file(pki_data_path(e->d_name));
	}
	closedir(d);
	assert_true(n > 60);
}

/* openssl x509 -checkhost/-checkip on the same certificates. */
static void names_match_openssl(void **state)
{
	/*
	 * Where we differ on purpose: a partial wildcard ("f*.example.org")
	 * is refused (RFC 6125 6.4.3 makes it optional; we keep wildcards
	 * to a whole label), and a reference name starting with a dot is
	 * not a host name (OpenSSL reads it as "any subdomain of").
	 */
	static const char *const differ[] = {
		"foo.example.org", "f.example.org", ".wild.example.com",
	};
	struct pki_case *cases;
	size_t n, i, k, len;
	unsigned int failures = 0, differences = 0;

	cases = pki_data_cases("name", &n);
	assert_non_null(cases);
	assert_true(n > 25);
	for (i = 0; i < n; i++) {
		struct pki_case *c = &cases[i];
		struct mx_pem_block blk;
		struct mx_x509 *x;
		const char *pos;
		uint8_t *buf, ip[16];
		bool ours, theirs = !strcmp(c->f[4], "1"), differs = false;

		buf = pki_data_read(pki_data_path(c->f[1]), &len);
		assert_non_null(buf);
		pos = (const char *)buf;
		assert_int_equal(mx_pem_next(&pos, pos + len, &blk), 1);
		assert_int_equal(mx_x509_parse(blk.der, blk.der_len, &x), 0);
		if (!strcmp(c->f[2], "ip")) {
			len = mx_parse_ip(c->f[3], ip);
			assert_true(len == 4 || len == 16);
			ours = mx_x509_match_ip(x, ip, len);
		} else {
			ours = mx_x509_match_dns(x, c->f[3]);
		}
		for (k = 0; k < sizeof(differ) / sizeof(differ[0]); k++)
			differs |= !strcmp(c->f[3], differ[k]);
		if (differs) {
			/* OpenSSL matches these, we do not. */
			assert_true(theirs);
			assert_false(ours);
			differences++;
		} else if (ours != theirs) {
			print_message("%s %s %s: ours %d, openssl %d\n", c->f[1], c->f[2], c->f[3],
				      ours, theirs);
			failures++;
		}
		mx_x509_free(x);
		mx_pem_block_clear(&blk);
		free(buf);
	}
	assert_int_equal(failures, 0);
	assert_int_equal(differences, 3);
}

/* Names built by libcrypto, compared by both. */
static X509_NAME *make_name(const char *const *attrs, const int *types, int n, int multi)
{
	X509_NAME *nm = X509_NAME_new();
	int i;

	for (i = 0; i < n; i++) {
		const char *val = attrs[2 * i + 1];
		unsigned char bmp[128];
		int len = (int)strlen(val), k;

		if (types[i] == V_ASN1_BMPSTRING) {
			for (k = 0; k < len; k++) {
				bmp[2 * k] = 0;
				bmp[2 * k + 1] = (unsigned char)val[k];
			}
			assert_int_equal(X509_NAME_add_entry_by_txt(nm, attrs[2 * i], types[i], bmp,
								    2 * len, -1, multi && i ? -1 : 0), 1);
		} else {
			assert_int_equal(X509_NAME_add_entry_by_txt(nm, attrs[2 * i], types[i],
								    (const unsigned char *)val,
								    len, -1, multi && i ? -1 : 0), 1);
		}
	}
	return nm;
}

static bool ours_eq(X509_NAME *a, X509_NAME *b)
{
	unsigned char *ea = NULL, *eb = NULL;
	struct mx_der da, db, ca, cb;
	int la = i2d_X509_NAME(a, &ea), lb = i2d_X509_NAME(b, &eb);
	bool r;

	da = mx_der_span(ea, (size_t)la);
	db = mx_der_span(eb, (size_t)lb);
	assert_int_equal(mx_der_get(&da, MX_DER_SEQUENCE, &ca), 0);
	assert_int_equal(mx_der_get(&db, MX_DER_SEQUENCE, &cb), 0);
	assert_int_equal(mx_name_check(&ca), 0);
	assert_int_equal(mx_name_check(&cb), 0);
	r = mx_name_eq(&ca, &cb);
	OPENSSL_free(ea);
	OPENSSL_free(eb);
	return r;
}

static void name_compare_matches_openssl(void **state)
{
	static const char *const values[][2] = {
		{ "Example Org", "example org" }, { "Example Org", "  EXAMPLE   ORG " },
		{ "Example Org", "Example  Org" }, { "Example Org", "Example Org2" },
		{ "Example Org", "Example" }, { "A B", "a\tb" }, { "x", "X" }, { "", " " },
	};
	static const int types[] = {
		V_ASN1_UTF8STRING, V_ASN1_PRINTABLESTRING, V_ASN1_IA5STRING, V_ASN1_T61STRING,
		V_ASN1_BMPSTRING, V_ASN1_NUMERICSTRING,
	};
	size_t i, ta, tb, checked = 0;
	int multi;

	for (i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		for (ta = 0; ta < 6; ta++) {
			for (tb = 0; tb < 6; tb++) {
				for (multi = 0; multi < 2; multi++) {
					const char *a[] = { "C", "FR", "O", values[i][0],
							    "CN", "host" };
					const char *b[] = { "C", "FR", "O", values[i][1],
							    "CN", "host" };
					int tya[] = { V_ASN1_PRINTABLESTRING, (int)types[ta],
						      V_ASN1_UTF8STRING };
					int tyb[] = { V_ASN1_PRINTABLESTRING, (int)types[tb],
						      V_ASN1_UTF8STRING };
					X509_NAME *na, *nb;

					/*
					 * Numeric strings hold digits and spaces only;
					 * PrintableString has no control characters.
					 */
					if (types[ta] == V_ASN1_NUMERICSTRING ||
					    types[tb] == V_ASN1_NUMERICSTRING ||
					    (strchr(values[i][1], '\t') &&
					     types[tb] == V_ASN1_PRINTABLESTRING))
						continue;
					na = make_name(a, tya, 3, multi);
					nb = make_name(b, tyb, 3, multi);
					assert_int_equal(ours_eq(na, nb), X509_NAME_cmp(na, nb) == 0);
					X509_NAME_free(na);
					X509_NAME_free(nb);
					checked++;
				}
			}
		}
	}
	/* A different order of RDNs is a different name; of a multi-valued RDN, not. */
	{
		const char *a[] = { "O", "Org", "CN", "host" }, *b[] = { "CN", "host", "O", "Org" };
		int ty[] = { V_ASN1_UTF8STRING, V_ASN1_UTF8STRING };
		X509_NAME *na, *nb;

		for (multi = 0; multi < 2; multi++) {
			na = make_name(a, ty, 2, multi);
			nb = make_name(b, ty, 2, multi);
			assert_int_equal(ours_eq(na, nb), X509_NAME_cmp(na, nb) == 0);
			assert_int_equal(ours_eq(na, nb), multi);
			X509_NAME_free(na);
			X509_NAME_free(nb);
		}
	}
	assert_true(checked > 100);
}

/* Times: valid ones agree with libcrypto, invalid ones are refused. */
static void times_match_openssl(void **state)
{
	static const char *const bad[] = {
		"20230230120000Z", "20231301000000Z", "20230101240000Z", "20230101006000Z",
		"20230101000060Z", "20230101000000", "202301010000Z", "20230101000000.5Z",
		"20230101000000+0100", "2023010100000aZ", "19000229000000Z",
	};
	struct mx_der v;
	char s[32];
	int64_t t;
	unsigned int i;

	srand(1);
	for (i = 0; i < 20000; i++) {
		ASN1_TIME *at = ASN1_TIME_new();
		int y = i & 1 ? 1950 + rand() % 100 : 1 + rand() % 9999;
		int mo = 1 + rand() % 12, d = 1 + rand() % 31, h = rand() % 24, mi = rand() % 60;
		int sec = rand() % 60, ok;
		uint8_t tag = i & 1 ? MX_DER_UTC_TIME : MX_DER_GENERALIZED_TIME;

		if (i & 1)
			snprintf(s, sizeof(s), "%02d%02d%02d%02d%02d%02dZ", y % 100, mo, d, h, mi, sec);
		else
			snprintf(s, sizeof(s), "%04d%02d%02d%02d%02d%02dZ", y, mo, d, h, mi, sec);
		ok = i & 1 ? ASN1_UTCTIME_set_string(at, s) : ASN1_GENERALIZEDTIME_set_string(at, s);
		v = mx_der_span(s, strlen(s));
		if (ok) {
			assert_int_equal(mx_asn1_time(tag, &v, &t), 0);
			assert_int_equal(t, tm_of(at));
		} else {
			assert_int_not_equal(mx_asn1_time(tag, &v, &t), 0);
		}
		ASN1_TIME_free(at);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		v = mx_der_span(bad[i], strlen(bad[i]));
		assert_int_not_equal(mx_asn1_time(MX_DER_GENERALIZED_TIME, &v, &t), 0);
	}
}

/* The callback's view of a chain, field by field against libcrypto. */
static void verdict_fields(void **state)
{
	struct mx_x509 *leaf;
	struct mx_verify_result res;
	struct mx_pem_block blk;
	psCertVerdict_t *v;
	const psX509Cert_t *c;
	unsigned char md[32];
	unsigned int mdlen;
	const uint8_t *p;
	const char *pos;
	uint8_t *buf;
	size_t len;
	X509 *x;

	buf = pki_data_read(pki_data_path("leafMulti.pem"), &len);
	assert_non_null(buf);
	pos = (const char *)buf;
	assert_int_equal(mx_pem_next(&pos, pos + len, &blk), 1);
	assert_int_equal(mx_x509_parse(blk.der, blk.der_len, &leaf), 0);
	p = blk.der;
	x = d2i_X509(NULL, &p, (long)blk.der_len);
	assert_non_null(x);

	/* A one-certificate result is enough to see the fields. */
	memset(&res, 0, sizeof(res));
	res.status = PS_CERT_E_UNKNOWN_ISSUER;
	res.depth = 0;
	res.chain_len = 1;
	res.chain[0] = leaf;
	res.cert_status[0] = PS_CERT_E_UNKNOWN_ISSUER;
	v = mx_cert_verdict(&res, NULL);
	assert_non_null(v);
	c = &v->chain[0];
	assert_string_equal(v->reason, psCertStatusString(PS_CERT_E_UNKNOWN_ISSUER));
	assert_int_equal(v->alert, 48);
	assert_string_equal(c->subject.dn,
			    "OU=Ünïcödé ✓,OU=Multi Valued+CN=multi.example.com,O=mxtls tests");
	assert_string_equal(c->subject.commonName, "multi.example.com");
	assert_string_equal(c->subject.orgUnit, "Multi Valued");
	assert_string_equal(c->subject.organization, "mxtls tests");
	assert_null(c->subject.country);
	assert_string_equal(c->issuer.dn, "CN=Test Intermediate RSA,O=mxtls tests,C=FR");
	assert_int_equal(c->dnsNameCount, 1);
	assert_string_equal(c->dnsNames[0], "multi.example.com");
	assert_int_equal(c->notAfter, tm_of(X509_get0_notAfter(x)));
	assert_int_equal(c->pubKeyAlgorithm, PS_KEY_EC);
	assert_int_equal(c->pubKeyBits, 256);
	assert_int_equal(c->curve, PS_CURVE_P256);
	assert_int_equal(c->sigAlgorithm, PS_SIG_RSA_PKCS1);
	assert_int_equal(c->sigHash, PS_HASH_SHA256);
	assert_int_equal(X509_digest(x, EVP_sha256(), md, &mdlen), 1);
	assert_memory_equal(c->sha256Fingerprint, md, 32);
	assert_int_equal(c->derLen, blk.der_len);
	assert_memory_equal(c->der, blk.der, blk.der_len);
	assert_int_equal(c->authStatus, PS_CERT_E_UNKNOWN_ISSUER);
	assert_null(c->next);
	psCertVerdictFree(v);

	v = mx_cert_verdict_malformed(2);
	assert_non_null(v);
	assert_int_equal(v->status, PS_CERT_E_MALFORMED);
	assert_int_equal(v->depth, 2);
	assert_int_equal(v->alert, 42);
	psCertVerdictFree(v);

	X509_free(x);
	mx_x509_free(leaf);
	mx_pem_block_clear(&blk);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(system_bundle_parses),
		cmocka_unit_test(generated_certs_match_libcrypto),
		cmocka_unit_test(names_match_openssl),
		cmocka_unit_test(name_compare_matches_openssl),
		cmocka_unit_test(times_match_openssl),
		cmocka_unit_test(verdict_fields),
	};

	return cmocka_run_group_tests_name("pki_x509", tests, NULL, NULL);
}
