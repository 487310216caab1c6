// SPDX-License-Identifier: GPL-2.0
/*
 * P-256 and P-384: every Wycheproof ECDH P-256 vector (raw points and
 * SubjectPublicKeyInfo) and ECDSA P-256/SHA-256 verification vector; the
 * RFC 6979 P-256 signatures; the openssl tool on random keys (public key
 * derivation, ECDSA both ways, ECDH against `openssl pkeyutl -derive`);
 * edge scalars, invalid points and malformed signatures. Run on the
 * MULX/ADX path and the portable one.
 *
 * Wycheproof "acceptable" cases are rejected: compressed points (TLS
 * sends uncompressed ones) and public keys in any other DER form than
 * the named-curve one.
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

#include "crypto/ec.h"
#include "crypto/hash.h"
#include "ossl_cli.h"
#include "paths.h"
#include "vectors.h"

static int number_of_tests(struct json_object *root)
{
	return json_object_get_int(json_object_object_get(root, "numberOfTests"));
}

static int tc_id(struct json_object *t)
{
	return json_object_get_int(json_object_object_get(t, "tcId"));
}

static uint8_t *hexfield(struct json_object *o, const char *key, size_t *len)
{
	uint8_t *p = tv_hex(tv_str(o, key), len);

	assert_non_null(p);
	return p;
}

/* The P-256 named-curve SubjectPublicKeyInfo header before 04 || X || Y. */
static const uint8_t spki_p256[] = {
	0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01,
	0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00,
};

static void wycheproof_ecdh(const char *file, int asn)
{
	const struct mx_ec_curve *c = mx_ec_curve(MX_EC_P256);
	struct json_object *root = tv_json(file), *groups;
	size_t gi, ti;
	int tests = 0;

	assert_non_null(root);
	assert_true(json_object_object_get_ex(root, "testGroups", &groups));
	for (gi = 0; gi < json_object_array_length(groups); gi++) {
		struct json_object *g = json_object_array_get_idx(groups, gi), *arr;

		assert_string_equal(tv_str(g, "curve"), "secp256r1");
		assert_true(json_object_object_get_ex(g, "tests", &arr));
		for (ti = 0; ti < json_object_array_length(arr); ti++) {
			struct json_object *t = json_object_array_get_idx(arr, ti);
			const char *res = tv_str(t, "result");
			size_t pl, dl, sl;
			uint8_t *pub = hexfield(t, "public", &pl), *d = hexfield(t, "private", &dl);
			uint8_t *shared = hexfield(t, "shared", &sl), out[32];
			const uint8_t *pt = pub;
			struct mx_ec_key key;
			int rc;

			if (asn) {
				/* only the named-curve form: anything else is refused */
				if (pl == sizeof(spki_p256) + 65 &&
				    !memcmp(pub, spki_p256, sizeof(spki_p256))) {
					pt += sizeof(spki_p256);
					pl -= sizeof(spki_p256);
				} else {
					pl = 0;
				}
			}
			assert_int_equal(mx_ec_key_from_private(&key, c, d, dl), 0);
			rc = pl ? mx_ecdh_derive(&key, pt, pl, out) : -EBADMSG;
			if (!strcmp(res, "valid") &&
			    (rc != 0 || sl != 32 || memcmp(out, shared, 32)))
				fail_msg("%s tcId %d (%s): valid: %d", file, tc_id(t),
					 tv_str(t, "comment"), rc);
			if (strcmp(res, "valid") && rc != -EBADMSG)
				fail_msg("%s tcId %d (%s): %s accepted", file, tc_id(t),
					 tv_str(t, "comment"), res);
			mx_ec_key_clear(&key);
			free(pub);
			free(d);
			free(shared);
			tests++;
		}
	}
	assert_int_equal(tests, number_of_tests(root));
	json_object_put(root);
}

static void wycheproof_ecdh_ecpoint(void **state)
{
	wycheproof_ecdh("wycheproof/ecdh_secp256r1_ecpoint_test.json", 0);
}

static void wycheproof_ecdh_asn(void **state)
{
	wycheproof_ecdh("wycheproof/ecdh_secp256r1_test.json", 1);
}

static void wycheproof_ecdsa(void **state)
{
	const struct mx_ec_curve *c = mx_ec_curve(MX_EC_P256);
	struct json_object *root = tv_json("wycheproof/ecdsa_secp256r1_sha256_test.json");
	struct json_object *groups;
	size_t gi, ti;
	int tests = 0;

	assert_non_null(root);
	assert_true(json_object_object_get_ex(root, "testGroups", &groups));
	for (gi = 0; gi < json_object_array_length(groups); gi++) {
		struct json_object *g = json_object_array_get_idx(groups, gi), *arr, *pk;
		struct mx_ec_key key;
		size_t ql;
		uint8_t *q;

		assert_true(json_object_object_get_ex(g, "publicKey", &pk));
		q = hexfield(pk, "uncompressed", &ql);
		assert_int_equal(mx_ec_key_from_public(&key, c, q, ql), 0);
		assert_true(json_object_object_get_ex(g, "tests", &arr));
		for (ti = 0; ti < json_object_array_length(arr); ti++) {
			struct json_object *t = json_object_array_get_idx(arr, ti);
			int valid = !strcmp(tv_str(t, "result"), "valid"), rc;
			size_t ml, sl;
			uint8_t *msg = hexfield(t, "msg", &ml), *sig = hexfield(t, "sig", &sl);
			uint8_t d[32];

			assert_true(valid || !strcmp(tv_str(t, "result"), "invalid"));
			mx_sha256(msg, ml, d);
			rc = mx_ecdsa_verify(&key, d, sizeof(d), sig, sl);
			if (valid != !rc)
				fail_msg("tcId %d (%s): %s signature: %d", tc_id(t),
					 tv_str(t, "comment"), tv_str(t, "result"), rc);
			if (!valid)
				assert_int_equal(rc, -EBADMSG);
			free(msg);
			free(sig);
			tests++;
		}
		free(q);
	}
	assert_int_equal(tests, number_of_tests(root));
	json_object_put(root);
}

static void hex_to(const char *h, uint8_t *out, size_t len)
{
	size_t n;
	uint8_t *p = tv_hex(h, &n);

	assert_non_null(p);
	assert_int_equal(n, len);
	memcpy(out, p, n);
	free(p);
}

/* RFC 6979, A.2.5: P-256 with SHA-256, messages "sample" and "test". */
static void rfc6979_p256(void **state)
{
	static const struct {
		const char *msg, *r, *s;
	} v[] = {
		{ "sample", "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716",
		  "f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8" },
		{ "test", "f1abb023518351cd71d881567b1ea663ed3efcf6c5132b354f28d3b0b7d38367",
		  "019f4113742a2b14bd25926b49c649155f267e60d3814b4c0cc84250e46f0083" },
	};
	const struct mx_ec_curve *c = mx_ec_curve(MX_EC_P256);
	uint8_t x[32], ux[32], uy[32], d[32], sig[MX_ECDSA_MAX_SIG], want[80];
	struct mx_ec_key key;
	size_t i, sl, wl;

	hex_to("c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721", x, 32);
	hex_to("60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6", ux, 32);
	hex_to("7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299", uy, 32);
	assert_int_equal(mx_ec_key_from_private(&key, c, x, 32), 0);
	assert_int_equal(mx_ec_key_public(&key)[0], 4);
	assert_memory_equal(mx_ec_key_public(&key) + 1, ux, 32);
	assert_memory_equal(mx_ec_key_public(&key) + 33, uy, 32);
	for (i = 0; i < 2; i++) {
		/* DER: 30 len 02 21 00 r 02 len s (both r have the top bit set) */
		uint8_t r[32], s[32];

		hex_to(v[i].r, r, 32);
		hex_to(v[i].s, s, 32);
		wl = 0;
		want[wl++] = 0x30;
		want[wl++] = 0;
		want[wl++] = 0x02;
		want[wl++] = 33;
		want[wl++] = 0;
		memcpy(want + wl, r, 32);
		wl += 32;
		want[wl++] = 0x02;
		if (s[0] & 0x80) {
			want[wl++] = 33;
			want[wl++] = 0;
			memcpy(want + wl, s, 32);
			wl += 32;
		} else {
			size_t z = 0;

			while (s[z] == 0)
				z++;
			if (s[z] & 0x80)
				z--;
			want[wl++] = (uint8_t)(32 - z);
			memcpy(want + wl, s + z, 32 - z);
			wl += 32 - z;
		}
		want[1] = (uint8_t)(wl - 2);
		mx_sha256(v[i].msg, strlen(v[i].msg), d);
		sl = sizeof(sig);
		assert_int_equal(mx_ecdsa_sign(&key, MX_HASH_SHA256, d, 32, sig, &sl), 0);
		assert_int_equal(sl, wl);
		assert_memory_equal(sig, want, wl);
		assert_int_equal(mx_ecdsa_verify(&key, d, 32, sig, sl), 0);
	}
	sl = 10;
	assert_int_equal(mx_ecdsa_sign(&key, MX_HASH_SHA256, d, 32, sig, &sl), -ENOSPC);
	mx_ec_key_clear(&key);
}

/* Our public point as a DER SubjectPublicKeyInfo openssl can read. */
static void spki_der(const struct mx_ec_key *key, const char *curve, size_t plen,
		     const char *out)
{
	char conf[1024], *h = ossl_hex(mx_ec_key_public(key), plen);
	int n = snprintf(conf, sizeof(conf),
			 "asn1=SEQUENCE:spki\n[spki]\nalg=SEQUENCE:alg\n"
			 "pub=FORMAT:HEX,BITSTRING:%s\n[alg]\noid=OID:id-ecPublicKey\n"
			 "curve=OID:%s\n", h, curve);

	assert_true(n > 0 && (size_t)n < sizeof(conf));
	assert_int_equal(ossl_write("ecconf", conf, (size_t)n), 0);
	assert_int_equal(ossl_run("openssl asn1parse -genconf '%s' -out '%s' -noout",
				  ossl_path("ecconf"), ossl_path(out)), 0);
	free(h);
}

static void openssl_interop(void **state)
{
	static const struct {
		enum mx_ec_curve_id id;
		const char *name, *oid, *md;
		enum mx_hash_id hash;
		size_t dlen;
	} curves[] = {
		{ MX_EC_P256, "P-256", "prime256v1", "sha256", MX_HASH_SHA256, 32 },
		{ MX_EC_P384, "P-384", "secp384r1", "sha384", MX_HASH_SHA384, 48 },
		{ MX_EC_P384, "P-384", "secp384r1", "sha256", MX_HASH_SHA256, 32 },
	};
	size_t ci;
	int round;

	for (ci = 0; ci < sizeof(curves) / sizeof(curves[0]); ci++) {
		const struct mx_ec_curve *c = mx_ec_curve(curves[ci].id);
		size_t sl = mx_ec_scalar_len(c), plen = mx_ec_point_len(c);

		for (round = 0; round < 3; round++) {
			struct mx_ec_key theirs, ours;
			uint8_t *priv, *pub, *z, d[64], sig[MX_ECDSA_MAX_SIG], mine[48], *osig;
			size_t privl, publ, zl, siglen = sizeof(sig), ol, i;
			int rc;

			assert_int_equal(ossl_run("openssl genpkey -algorithm EC -pkeyopt "
						  "ec_paramgen_curve:%s -out '%s'", curves[ci].name,
						  ossl_path("ec.pem")), 0);
			assert_int_equal(ossl_run("openssl pkey -in '%s' -pubout -out '%s'",
						  ossl_path("ec.pem"), ossl_path("ec.pub")), 0);
			priv = ossl_key_field(ossl_path("ec.pem"), "priv", &privl);
			pub = ossl_key_field(ossl_path("ec.pem"), "pub", &publ);
			assert_non_null(priv);
			assert_non_null(pub);
			/* the public key we compute is openssl's */
			assert_int_equal(mx_ec_key_from_private(&theirs, c, priv, privl), 0);
			assert_int_equal(publ, plen);
			assert_memory_equal(mx_ec_key_public(&theirs), pub, plen);

			/* ECDSA: sign here, verify there, and back */
			for (i = 0; i < curves[ci].dlen; i++)
				d[i] = (uint8_t)rand();
			assert_int_equal(ossl_write("dgst", d, curves[ci].dlen), 0);
			assert_int_equal(mx_ecdsa_sign(&theirs, curves[ci].hash, d, curves[ci].dlen,
						       sig, &siglen), 0);
			assert_int_equal(ossl_write("sig", sig, siglen), 0);
			assert_int_equal(ossl_run("openssl pkeyutl -verify -pubin -inkey '%s' "
						  "-in '%s' -sigfile '%s'", ossl_path("ec.pub"),
						  ossl_path("dgst"), ossl_path("sig")), 0);
			assert_int_equal(ossl_run("openssl pkeyutl -sign -inkey '%s' -in '%s' "
						  "-out '%s'", ossl_path("ec.pem"),
						  ossl_path("dgst"), ossl_path("osig")), 0);
			osig = ossl_read("osig", &ol);
			assert_non_null(osig);
			assert_int_equal(mx_ecdsa_verify(&theirs, d, curves[ci].dlen, osig, ol), 0);
			d[0] ^= 1;
			assert_int_equal(mx_ecdsa_verify(&theirs, d, curves[ci].dlen, osig, ol),
					 -EBADMSG);
			free(osig);

			/* ECDH: our key pair against openssl's */
			assert_int_equal(mx_ec_keygen(&ours, c), 0);
			assert_int_equal(mx_ecdh_derive(&ours, pub, publ, mine), 0);
			spki_der(&ours, curves[ci].oid, plen, "peer.der");
			rc = ossl_run("openssl pkeyutl -derive -inkey '%s' -peerkey '%s' "
				      "-peerform DER -out '%s'", ossl_path("ec.pem"),
				      ossl_path("peer.der"), ossl_path("z"));
			assert_int_equal(rc, 0);
			z = ossl_read("z", &zl);
			assert_non_null(z);
			assert_int_equal(zl, sl);
			assert_memory_equal(z, mine, sl);
			rc = mx_ecdh_derive(&theirs, mx_ec_key_public(&ours), plen, mine);
			assert_int_equal(rc, 0);
			assert_memory_equal(z, mine, sl);
			free(z);
			free(priv);
			free(pub);
			mx_ec_key_clear(&theirs);
			mx_ec_key_clear(&ours);
		}
	}
}

/* Scalars 1, 2, 3, n - 1, n - 2, n - 3 and their points against openssl. */
static void edge_scalars(void **state)
{
	static const enum mx_ec_curve_id ids[] = { MX_EC_P256, MX_EC_P384 };
	static const char *const names[] = { "prime256v1", "secp384r1" };
	static const char *const orders[] = {
		"ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551",
		"ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77a"
		"ecec196accc52973",
	};
	size_t ci;
	int k;

	for (ci = 0; ci < 2; ci++) {
		const struct mx_ec_curve *c = mx_ec_curve(ids[ci]);
		size_t sl = mx_ec_scalar_len(c), plen = mx_ec_point_len(c), nl;
		uint8_t *n = tv_hex(orders[ci], &nl), d[48], z[48];
		struct mx_ec_key key, g;

		assert_non_null(n);
		for (k = -3; k <= 3; k++) {
			char conf[512], *dh;
			uint8_t *pub;
			size_t pl;
			int i, borrow, rc;

			if (k == 0)
				continue;
			memset(d, 0, sl);
			if (k > 0) {
				d[sl - 1] = (uint8_t)k;
			} else {	/* n + k */
				memcpy(d, n, sl);
				borrow = -k;
				for (i = (int)sl - 1; i >= 0 && borrow; i--) {
					int v = d[i] - borrow;

					d[i] = (uint8_t)(v & 0xff);
					borrow = v < 0;
				}
			}
			assert_int_equal(mx_ec_key_from_private(&key, c, d, sl), 0);
			/* openssl's public key for the same scalar */
			dh = ossl_hex(d, sl);
			snprintf(conf, sizeof(conf),
				 "asn1=SEQUENCE:k\n[k]\nv=INTEGER:1\nd=FORMAT:HEX,OCTETSTRING:%s\n"
				 "c=EXPLICIT:0,OID:%s\n", dh, names[ci]);
			free(dh);
			assert_int_equal(ossl_write("edge.conf", conf, strlen(conf)), 0);
			rc = ossl_run("openssl asn1parse -genconf '%s' -out '%s' -noout",
				      ossl_path("edge.conf"), ossl_path("edge.der"));
			assert_int_equal(rc, 0);
			assert_int_equal(ossl_run("openssl ec -inform DER -in '%s' -out '%s'",
						  ossl_path("edge.der"), ossl_path("edge.pem")), 0);
			pub = ossl_key_field(ossl_path("edge.pem"), "pub", &pl);
			assert_non_null(pub);
			assert_int_equal(pl, plen);
			assert_memory_equal(mx_ec_key_public(&key), pub, plen);
			free(pub);
			/* k G against G: d * (k G) = k * (d G) */
			memset(d, 0, sl);
			d[sl - 1] = 1;
			assert_int_equal(mx_ec_key_from_private(&g, c, d, sl), 0);
			assert_int_equal(mx_ecdh_derive(&g, mx_ec_key_public(&key), plen, z), 0);
			assert_memory_equal(z, mx_ec_key_public(&key) + 1, sl);
			mx_ec_key_clear(&key);
		}
		/* 0, n, n + 1 and above are not private keys */
		memset(d, 0, sl);
		assert_int_equal(mx_ec_key_from_private(&key, c, d, sl), -EINVAL);
		assert_int_equal(mx_ec_key_from_private(&key, c, n, sl), -EINVAL);
		memset(d, 0xff, sl);
		assert_int_equal(mx_ec_key_from_private(&key, c, d, sl), -EINVAL);
		/* leading zero bytes are fine, extra significant bytes are not */
		memset(d, 0, sizeof(d));
		d[sizeof(d) - 1] = 5;
		assert_int_equal(mx_ec_key_from_private(&key, c, d, sizeof(d)), 0);
		d[0] = 1;
		if (sl < sizeof(d))
			assert_int_equal(mx_ec_key_from_private(&key, c, d, sizeof(d)), -EINVAL);
		free(n);
		mx_ec_key_clear(&g);
	}
}

static void bad_points_and_signatures(void **state)
{
	const struct mx_ec_curve *c = mx_ec_curve(MX_EC_P256);
	struct mx_ec_key key, pub;
	uint8_t pt[65], bad[80], out[32], d[32] = { 7 }, sig[MX_ECDSA_MAX_SIG];
	size_t sl = sizeof(sig);

	assert_int_equal(mx_ec_keygen(&key, c), 0);
	memcpy(pt, mx_ec_key_public(&key), 65);
	assert_int_equal(mx_ec_key_from_public(&pub, c, pt, 65), 0);
	assert_int_equal(mx_ecdh_derive(&pub, pt, 65, out), -EINVAL);	/* no private part */
	assert_int_equal(mx_ecdsa_sign(&pub, MX_HASH_SHA256, d, 32, sig, &sl), -EINVAL);

	memcpy(bad, pt, 65);
	bad[64] ^= 1;					/* off the curve */
	assert_int_equal(mx_ecdh_derive(&key, bad, 65, out), -EBADMSG);
	assert_int_equal(mx_ec_key_from_public(&pub, c, bad, 65), -EBADMSG);
	bad[64] ^= 1;
	bad[0] = 2;					/* compressed form */
	assert_int_equal(mx_ecdh_derive(&key, bad, 33, out), -EBADMSG);
	bad[0] = 4;
	assert_int_equal(mx_ecdh_derive(&key, bad, 64, out), -EBADMSG);	/* truncated */
	assert_int_equal(mx_ecdh_derive(&key, bad, 66, out), -EBADMSG);	/* overlong */
	bad[0] = 0;
	assert_int_equal(mx_ecdh_derive(&key, bad, 1, out), -EBADMSG);	/* infinity */
	memset(bad + 1, 0xff, 32);			/* x >= p */
	bad[0] = 4;
	assert_int_equal(mx_ecdh_derive(&key, bad, 65, out), -EBADMSG);
	assert_int_equal(mx_ec_key_from_public(&pub, mx_ec_curve(MX_EC_P384), pt, 65), -EBADMSG);

	assert_int_equal(mx_ecdsa_sign(&key, MX_HASH_SHA256, d, 32, sig, &sl), 0);
	assert_int_equal(mx_ecdsa_verify(&key, d, 32, sig, sl), 0);
	assert_int_equal(mx_ecdsa_verify(&key, d, 32, sig, sl - 1), -EBADMSG);
	sig[sl] = 0;
	assert_int_equal(mx_ecdsa_verify(&key, d, 32, sig, sl + 1), -EBADMSG);
	sig[1] ^= 0x80;					/* long-form length */
	assert_int_equal(mx_ecdsa_verify(&key, d, 32, sig, sl), -EBADMSG);
	sig[1] ^= 0x80;
	sig[0] = 0x31;					/* not a SEQUENCE */
	assert_int_equal(mx_ecdsa_verify(&key, d, 32, sig, sl), -EBADMSG);
	sig[0] = 0x30;
	/* r = 0 and s = 0 */
	memcpy(bad, "\x30\x06\x02\x01\x00\x02\x01\x01", 8);
	assert_int_equal(mx_ecdsa_verify(&key, d, 32, bad, 8), -EBADMSG);
	memcpy(bad, "\x30\x06\x02\x01\x01\x02\x01\x00", 8);
	assert_int_equal(mx_ecdsa_verify(&key, d, 32, bad, 8), -EBADMSG);
	/* a non-minimal INTEGER and a negative one */
	memcpy(bad, "\x30\x07\x02\x02\x00\x01\x02\x01\x01", 9);
	assert_int_equal(mx_ecdsa_verify(&key, d, 32, bad, 9), -EBADMSG);
	memcpy(bad, "\x30\x06\x02\x01\x81\x02\x01\x01", 8);
	assert_int_equal(mx_ecdsa_verify(&key, d, 32, bad, 8), -EBADMSG);
	assert_int_equal(mx_ecdsa_verify(&key, d, 32, bad, 0), -EBADMSG);
	mx_ec_key_clear(&key);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		MX_BOTH(wycheproof_ecdh_ecpoint),
		MX_BOTH(wycheproof_ecdh_asn),
		MX_BOTH(wycheproof_ecdsa),
		MX_BOTH(rfc6979_p256),
		MX_BOTH(openssl_interop),
		cmocka_unit_test(edge_scalars),
		cmocka_unit_test(bad_points_and_signatures),
	};

	return cmocka_run_group_tests_name("ec", tests, NULL, NULL);
}
