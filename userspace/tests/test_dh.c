// SPDX-License-Identifier: GPL-2.0
/*
 * Finite-field DH: the RFC 5114 test data (Y = G^X, both shared secrets),
 * the RFC 7919 groups against `openssl pkeyutl -derive` in both
 * directions (openssl's keys into our derivation, our public values to
 * openssl), parameter validation and peer value checks.
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
#include <openssl/bn.h>

#include "crypto/dh.h"
#include "ossl_cli.h"
#include "paths.h"
#include "vectors.h"

/* The fields of one group, gathered over the records of its section. */
struct group_data {
	char section[128];
	char *v[8];
};

static const char *const names[] = { "P", "G", "XstatCAVS", "YstatCAVS", "XstatIUT",
				     "YstatIUT", "Z", "Q" };

static uint8_t *field(struct group_data *d, int i, size_t *len)
{
	uint8_t *p;

	assert_non_null(d->v[i]);
	p = tv_hex(d->v[i], len);
	assert_non_null(p);
	return p;
}

/* a (alen bytes) left-padded to len bytes equals b */
static void assert_padded_equal(const uint8_t *a, size_t alen, const uint8_t *b, size_t len)
{
	uint8_t t[MX_DH_MAX_BYTES];

	assert_true(alen <= len);
	memset(t, 0, len - alen);
	memcpy(t + len - alen, a, alen);
	assert_memory_equal(t, b, len);
}

static void rfc5114_group(struct group_data *d)
{
	size_t pl, gl, xa, ya, xb, yb, zl;
	uint8_t *p = field(d, 0, &pl), *g = field(d, 1, &gl);
	uint8_t *xc = field(d, 2, &xa), *yc = field(d, 3, &ya);
	uint8_t *xi = field(d, 4, &xb), *yi = field(d, 5, &yb);
	uint8_t *z = field(d, 6, &zl), out[MX_DH_MAX_BYTES];
	struct mx_dh_params *dp;
	size_t size;

	assert_int_equal(mx_dh_params_new(&dp, p, pl, g, gl), 0);
	assert_int_equal(mx_dh_params_group_id(dp), -1);
	size = mx_dh_size(dp);
	assert_int_equal(size, pl);
	/* Y = G^X */
	assert_int_equal(mx_dh_derive(dp, xc, xa, g, gl, out), 0);
	assert_padded_equal(yc, ya, out, size);
	assert_int_equal(mx_dh_derive(dp, xi, xb, g, gl, out), 0);
	assert_padded_equal(yi, yb, out, size);
	/* Z both ways */
	assert_int_equal(mx_dh_derive(dp, xi, xb, yc, ya, out), 0);
	assert_padded_equal(z, zl, out, size);
	assert_int_equal(mx_dh_derive(dp, xc, xa, yi, yb, out), 0);
	assert_padded_equal(z, zl, out, size);
	mx_dh_params_free(dp);
	free(p);
	free(g);
	free(xc);
	free(yc);
	free(xi);
	free(yi);
	free(z);
}

static void rfc5114(void **state)
{
	struct group_data d;
	struct tv_rsp r;
	int groups = 0;
	size_t i;

	memset(&d, 0, sizeof(d));
	assert_int_equal(tv_rsp_open(&r, "rfc/RFC5114.txt"), 0);
	while (tv_rsp_next(&r)) {
		if (strcmp(r.section, d.section)) {
			for (i = 0; i < 8; i++) {
				free(d.v[i]);
				d.v[i] = NULL;
			}
			snprintf(d.section, sizeof(d.section), "%s", r.section);
		}
		for (i = 0; i < 8; i++)
			if (tv_rsp_get(&r, names[i]))
				d.v[i] = strdup(tv_rsp_get(&r, names[i]));
		if (d.v[6]) {
			rfc5114_group(&d);
			groups++;
			free(d.v[6]);
			d.v[6] = NULL;
		}
	}
	for (i = 0; i < 8; i++)
		free(d.v[i]);
	tv_rsp_close(&r);
	assert_int_equal(groups, 3);
}

/* openssl prints values with a leading 00 when the top bit is set */
static uint8_t *strip(uint8_t *p, size_t *len)
{
	size_t z = 0;

	while (z + 1 < *len && p[z] == 0)
		z++;
	memmove(p, p + z, *len - z);
	*len -= z;
	return p;
}

/* Our public value as a DER SubjectPublicKeyInfo openssl can read. */
static void peer_der(const struct mx_dh_params *dp, const uint8_t *pub, const char *out)
{
	const uint8_t *p, *g;
	size_t pl, gl;
	char conf[4096], *ph, *gh, *yh;
	int n;

	mx_dh_params_get(dp, &p, &pl, &g, &gl);
	ph = ossl_hex(p, pl);
	gh = ossl_hex(g, gl);
	yh = ossl_hex(pub, mx_dh_size(dp));
	n = snprintf(conf, sizeof(conf),
		     "asn1=SEQUENCE:spki\n[spki]\nalg=SEQUENCE:alg\npub=BITWRAP,INTEGER:0x%s\n"
		     "[alg]\noid=OID:dhKeyAgreement\nparams=SEQUENCE:params\n"
		     "[params]\np=INTEGER:0x%s\ng=INTEGER:0x%s\n", yh, ph, gh);
	assert_true(n > 0 && (size_t)n < sizeof(conf));
	assert_int_equal(ossl_write("dhconf", conf, (size_t)n), 0);
	assert_int_equal(ossl_run("openssl asn1parse -genconf '%s' -out '%s' -noout",
				  ossl_path("dhconf"), ossl_path(out)), 0);
	free(ph);
	free(gh);
	free(yh);
}

static void ffdhe_against_openssl(void **state)
{
	static const struct {
		enum mx_dh_group id;
		const char *name;
		size_t size, priv;
	} groups[] = {
		{ MX_DH_FFDHE2048, "ffdhe2048", 256, 32 },
		{ MX_DH_FFDHE3072, "ffdhe3072", 384, 40 },
		{ MX_DH_FFDHE4096, "ffdhe4096", 512, 48 },
	};
	size_t i;
	int round;

	for (i = 0; i < sizeof(groups) / sizeof(groups[0]); i++) {
		for (round = 0; round < 2; round++) {
			struct mx_dh_params *dp, *again;
			uint8_t priv[MX_DH_MAX_BYTES], pub[MX_DH_MAX_BYTES];
			uint8_t ours[MX_DH_MAX_BYTES], *opriv, *opub, *theirs;
			size_t privlen = sizeof(priv), ol, pl, tl;
			const uint8_t *p, *g;
			size_t plen, glen;
			int rc;

			assert_int_equal(mx_dh_params_group(&dp, groups[i].id), 0);
			assert_int_equal(mx_dh_size(dp), groups[i].size);
			assert_int_equal(mx_dh_params_group_id(dp), (int)groups[i].id);
			/* the same p and g given explicitly are recognized */
			mx_dh_params_get(dp, &p, &plen, &g, &glen);
			assert_int_equal(mx_dh_params_new(&again, p, plen, g, glen), 0);
			assert_int_equal(mx_dh_params_group_id(again), (int)groups[i].id);
			mx_dh_params_free(again);

			assert_int_equal(mx_dh_keygen(dp, priv, &privlen, pub), 0);
			assert_int_equal(privlen, groups[i].priv);
			rc = ossl_run("openssl genpkey -algorithm DH -pkeyopt group:%s -out '%s'",
				      groups[i].name, ossl_path("dh.pem"));
			assert_int_equal(rc, 0);
			opriv = ossl_key_field(ossl_path("dh.pem"), "private-key", &ol);
			opub = ossl_key_field(ossl_path("dh.pem"), "public-key", &pl);
			assert_non_null(opriv);
			assert_non_null(opub);
			strip(opub, &pl);

			/* ours: our private key with openssl's public value */
			assert_int_equal(mx_dh_derive(dp, priv, privlen, opub, pl, ours), 0);
			/* openssl: its private key with our public value */
			peer_der(dp, pub, "peer.der");
			rc = ossl_run("openssl pkeyutl -derive -inkey '%s' -peerkey '%s' "
				      "-peerform DER -pkeyopt dh_pad:1 -out '%s'",
				      ossl_path("dh.pem"), ossl_path("peer.der"), ossl_path("z"));
			assert_int_equal(rc, 0);
			theirs = ossl_read("z", &tl);
			assert_non_null(theirs);
			assert_int_equal(tl, groups[i].size);
			assert_memory_equal(ours, theirs, tl);
			/* and our derivation with openssl's private key gives the same */
			assert_int_equal(mx_dh_derive(dp, opriv, ol, pub, groups[i].size, ours), 0);
			assert_memory_equal(ours, theirs, tl);
			free(opriv);
			free(opub);
			free(theirs);
			mx_dh_params_free(dp);
		}
	}
}

static void params_validated(void **state)
{
	BIGNUM *p = BN_new(), *q = BN_new(), *n = BN_new();
	BN_CTX *ctx = BN_CTX_new();
	uint8_t pb[MX_DH_MAX_BYTES + 8], g[MX_DH_MAX_BYTES + 8];
	struct mx_dh_params *dp;
	const uint8_t *pp, *gp;
	size_t pl, gl;
	int len;

	assert_int_equal(mx_dh_params_group(&dp, MX_DH_FFDHE2048), 0);
	mx_dh_params_get(dp, &pp, &pl, &gp, &gl);
	memcpy(pb, pp, pl);
	mx_dh_params_free(dp);

	/* g must be in 2 .. p - 2 */
	memset(g, 0, sizeof(g));
	assert_int_equal(mx_dh_params_new(&dp, pb, pl, g, 1), -EINVAL);
	g[0] = 1;
	assert_int_equal(mx_dh_params_new(&dp, pb, pl, g, 1), -EINVAL);
	memcpy(g, pb, pl);
	g[pl - 1] -= 1;	/* p - 1 */
	assert_int_equal(mx_dh_params_new(&dp, pb, pl, g, pl), -EINVAL);
	g[pl - 1] -= 1;	/* p - 2 */
	assert_int_equal(mx_dh_params_new(&dp, pb, pl, g, pl), 0);
	mx_dh_params_free(dp);
	assert_int_equal(mx_dh_params_new(&dp, pb, pl, pb, pl), -EINVAL);	/* g = p */
	g[0] = 2;
	/* p: even, composite, too short, too long */
	pb[pl - 1] ^= 1;
	assert_int_equal(mx_dh_params_new(&dp, pb, pl, g, 1), -EINVAL);
	pb[pl - 1] ^= 1;
	assert_true(BN_generate_prime_ex(p, 1024, 0, NULL, NULL, NULL));
	assert_true(BN_generate_prime_ex(q, 1024, 0, NULL, NULL, NULL));
	assert_true(BN_mul(n, p, q, ctx));
	len = BN_bn2bin(n, pb);
	assert_int_equal(mx_dh_params_new(&dp, pb, (size_t)len, g, 1), -EINVAL);
	len = BN_bn2bin(p, pb);
	/* a prime is fine */
	assert_int_equal(mx_dh_params_new(&dp, pb, (size_t)len, g, 1), 0);
	mx_dh_params_free(dp);
	assert_true(BN_generate_prime_ex(p, 1000, 0, NULL, NULL, NULL));
	len = BN_bn2bin(p, pb);
	assert_int_equal(mx_dh_params_new(&dp, pb, (size_t)len, g, 1), -EINVAL);
	memset(pb, 0xff, sizeof(pb));
	assert_int_equal(mx_dh_params_new(&dp, pb, MX_DH_MAX_BYTES + 1, g, 1), -EINVAL);
	assert_int_equal(mx_dh_params_group(&dp, (enum mx_dh_group)7), -EINVAL);
	BN_free(p);
	BN_free(q);
	BN_free(n);
	BN_CTX_free(ctx);
}

static void peer_values_checked(void **state)
{
	struct mx_dh_params *dp;
	const uint8_t *p, *g;
	uint8_t y[MX_DH_MAX_BYTES + 1], priv[MX_DH_MAX_BYTES], pub[MX_DH_MAX_BYTES];
	uint8_t out[MX_DH_MAX_BYTES];
	size_t pl, gl, privlen = sizeof(priv);

	assert_int_equal(mx_dh_params_group(&dp, MX_DH_FFDHE2048), 0);
	mx_dh_params_get(dp, &p, &pl, &g, &gl);
	assert_int_equal(mx_dh_keygen(dp, priv, &privlen, pub), 0);
	memset(y, 0, sizeof(y));
	assert_int_equal(mx_dh_check_public(dp, y, pl), -EBADMSG);		/* 0 */
	y[pl - 1] = 1;
	assert_int_equal(mx_dh_derive(dp, priv, privlen, y, pl, out), -EBADMSG);	/* 1 */
	y[pl - 1] = 2;
	assert_int_equal(mx_dh_check_public(dp, y, pl), 0);			/* 2 */
	assert_int_equal(mx_dh_check_public(dp, y + pl - 1, 1), 0);		/* short form */
	memcpy(y, p, pl);
	y[pl - 1] -= 1;
	assert_int_equal(mx_dh_derive(dp, priv, privlen, y, pl, out), -EBADMSG);	/* p - 1 */
	y[pl - 1] -= 1;
	assert_int_equal(mx_dh_check_public(dp, y, pl), 0);			/* p - 2 */
	assert_int_equal(mx_dh_check_public(dp, p, pl), -EBADMSG);		/* p */
	memset(y, 0xff, sizeof(y));
	assert_int_equal(mx_dh_check_public(dp, y, pl), -EBADMSG);		/* above p */
	y[0] = 0;
	assert_int_equal(mx_dh_check_public(dp, y, pl + 1), -EBADMSG);		/* overlong */
	assert_int_equal(mx_dh_check_public(dp, y, 0), -EBADMSG);		/* empty */
	/* the public value is g^x */
	assert_int_equal(mx_dh_derive(dp, priv, privlen, g, gl, out), 0);
	assert_memory_equal(out, pub, pl);
	assert_int_equal(mx_dh_derive(dp, priv, 0, g, gl, out), -EINVAL);
	privlen = 8;
	assert_int_equal(mx_dh_keygen(dp, priv, &privlen, pub), -EINVAL);
	mx_dh_params_free(dp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		MX_BOTH(rfc5114),
		MX_BOTH(ffdhe_against_openssl),
		cmocka_unit_test(params_validated),
		cmocka_unit_test(peer_values_checked),
	};

	return cmocka_run_group_tests_name("dh", tests, NULL, NULL);
}
