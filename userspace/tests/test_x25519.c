// SPDX-License-Identifier: GPL-2.0
/*
 * X25519: every Wycheproof vector, the RFC 7748 test vectors (5.2, the
 * iterated ladder to 1000, the 6.1 exchange) and the openssl tool on
 * random keys in both directions; each on the MULX/ADX field code (where
 * the CPU has it) and on the portable one.
 *
 * Wycheproof "acceptable" cases: a low-order public value gives an
 * all-zero secret, which we report as an error (RFC 7748 6.1: abort);
 * twist points and non-canonical u are accepted and must match.
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

#include "crypto/x25519.h"
#include "ossl_cli.h"
#include "paths.h"
#include "vectors.h"

static int number_of_tests(struct json_object *root)
{
	return json_object_get_int(json_object_object_get(root, "numberOfTests"));
}

static void hex32(const char *h, uint8_t out[32])
{
	size_t n;
	uint8_t *p = tv_hex(h, &n);

	assert_non_null(p);
	assert_int_equal(n, 32);
	memcpy(out, p, 32);
	free(p);
}

static void wycheproof(void **state)
{
	struct json_object *root = tv_json("wycheproof/x25519_test.json"), *groups;
	static const uint8_t zero[32];
	size_t gi, ti;
	int tests = 0;

	assert_non_null(root);
	assert_true(json_object_object_get_ex(root, "testGroups", &groups));
	for (gi = 0; gi < json_object_array_length(groups); gi++) {
		struct json_object *g = json_object_array_get_idx(groups, gi), *arr;

		assert_string_equal(tv_str(g, "curve"), "curve25519");
		assert_true(json_object_object_get_ex(g, "tests", &arr));
		for (ti = 0; ti < json_object_array_length(arr); ti++) {
			struct json_object *t = json_object_array_get_idx(arr, ti);
			uint8_t pub[32], priv[32], shared[32], out[32];
			int rc, id = json_object_get_int(json_object_object_get(t, "tcId"));

			hex32(tv_str(t, "public"), pub);
			hex32(tv_str(t, "private"), priv);
			hex32(tv_str(t, "shared"), shared);
			assert_true(!strcmp(tv_str(t, "result"), "valid") ||
				    !strcmp(tv_str(t, "result"), "acceptable"));
			rc = mx_x25519(out, priv, pub);
			if (!memcmp(shared, zero, 32)) {
				if (rc != -EBADMSG)
					fail_msg("tcId %d: all-zero secret not reported", id);
			} else if (rc != 0 || memcmp(out, shared, 32)) {
				fail_msg("tcId %d (%s): %d", id, tv_str(t, "comment"), rc);
			}
			tests++;
		}
	}
	assert_int_equal(tests, number_of_tests(root));
	json_object_put(root);
}

static void rfc7748(void **state)
{
	uint8_t k[32], u[32], out[32], want[32], a[32], b[32];
	int i;

	/* 5.2, the first vector */
	hex32("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4", k);
	hex32("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c", u);
	hex32("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552", want);
	assert_int_equal(mx_x25519(out, k, u), 0);
	assert_memory_equal(out, want, 32);
	/* the top bit of u is ignored */
	u[31] |= 0x80;
	assert_int_equal(mx_x25519(out, k, u), 0);
	assert_memory_equal(out, want, 32);

	/* 5.2, iterated: k = X25519(k, u), u = old k */
	memset(k, 0, 32);
	k[0] = 9;
	memcpy(u, k, 32);
	for (i = 1; i <= 1000; i++) {
		assert_int_equal(mx_x25519(out, k, u), 0);
		memcpy(u, k, 32);
		memcpy(k, out, 32);
		if (i == 1) {
			hex32("422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079",
			      want);
			assert_memory_equal(k, want, 32);
		}
	}
	hex32("684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51", want);
	assert_memory_equal(k, want, 32);

	/* 6.1 */
	hex32("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a", a);
	hex32("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb", b);
	mx_x25519_public(out, a);
	hex32("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a", want);
	assert_memory_equal(out, want, 32);
	mx_x25519_public(u, b);
	hex32("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f", want);
	assert_memory_equal(u, want, 32);
	hex32("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742", want);
	assert_int_equal(mx_x25519(k, a, u), 0);
	assert_memory_equal(k, want, 32);
	assert_int_equal(mx_x25519(k, b, out), 0);
	assert_memory_equal(k, want, 32);

	/* u = 0 and u = 1 are of small order */
	memset(u, 0, 32);
	assert_int_equal(mx_x25519(out, a, u), -EBADMSG);
	u[0] = 1;
	assert_int_equal(mx_x25519(out, a, u), -EBADMSG);
}

/* The fixed DER headers of X25519 keys (RFC 8410). */
static const uint8_t spki_hdr[] = { 0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e,
				    0x03, 0x21, 0x00 };

static void openssl_interop(void **state)
{
	int round;

	for (round = 0; round < 8; round++) {
		uint8_t priv[32], pub[32], der[sizeof(spki_hdr) + 32], mine[32], *op, *opub, *z;
		size_t opl, opubl, zl;

		assert_int_equal(mx_x25519_keygen(priv, pub), 0);
		assert_int_equal(ossl_run("openssl genpkey -algorithm X25519 -out '%s'",
					  ossl_path("x.pem")), 0);
		op = ossl_key_field(ossl_path("x.pem"), "priv", &opl);
		opub = ossl_key_field(ossl_path("x.pem"), "pub", &opubl);
		assert_non_null(op);
		assert_non_null(opub);
		assert_int_equal(opl, 32);
		assert_int_equal(opubl, 32);
		/* the public key of openssl's private key */
		mx_x25519_public(mine, op);
		assert_memory_equal(mine, opub, 32);
		/* both derivations */
		assert_int_equal(mx_x25519(mine, priv, opub), 0);
		memcpy(der, spki_hdr, sizeof(spki_hdr));
		memcpy(der + sizeof(spki_hdr), pub, 32);
		assert_int_equal(ossl_write("peer.der", der, sizeof(der)), 0);
		assert_int_equal(ossl_run("openssl pkeyutl -derive -inkey '%s' -peerkey '%s' "
					  "-peerform DER -out '%s'", ossl_path("x.pem"),
					  ossl_path("peer.der"), ossl_path("z")), 0);
		z = ossl_read("z", &zl);
		assert_non_null(z);
		assert_int_equal(zl, 32);
		assert_memory_equal(z, mine, 32);
		assert_int_equal(mx_x25519(mine, op, pub), 0);
		assert_memory_equal(z, mine, 32);
		free(op);
		free(opub);
		free(z);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		MX_BOTH(wycheproof),
		MX_BOTH(rfc7748),
		MX_BOTH(openssl_interop),
	};

	return cmocka_run_group_tests_name("x25519", tests, NULL, NULL);
}
