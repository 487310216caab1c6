// SPDX-License-Identifier: GPL-2.0
/*
 * SSL 3.0 key derivation, record MAC, Finished/CertificateVerify hashes
 * and key block split, each against RFC 6101's formula computed here with
 * libcrypto's MD5 and SHA-1 (there are no published SSL 3.0 vectors, and
 * no SSL 3.0 left in the peers).
 *
 * SSL 3.0 is off in the default build (the library has none of this), so
 * the test compiles the SSL 3.0 and suite units itself with USE_SSL3.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "cryptoConfig.h"
#ifdef USE_SSL3
#error "SSL 3.0 must be off in the default configuration (RFC 7568)"
#endif
#define USE_SSL3
#include "crypto/ssl3.c"
#include "crypto/suites.c"

/* EVP digest of up to four pieces. */
static void dg(const EVP_MD *md, const void *a, size_t al, const void *b, size_t bl,
	       const void *c, size_t cl, const void *d, size_t dl, uint8_t *out)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();

	assert_non_null(ctx);
	assert_int_equal(EVP_DigestInit_ex(ctx, md, NULL), 1);
	EVP_DigestUpdate(ctx, a, al);
	EVP_DigestUpdate(ctx, b, bl);
	EVP_DigestUpdate(ctx, c, cl);
	EVP_DigestUpdate(ctx, d, dl);
	assert_int_equal(EVP_DigestFinal_ex(ctx, out, NULL), 1);
	EVP_MD_CTX_free(ctx);
}

/* RFC 6101 6.1/6.2.2: MD5(secret + SHA('A' + secret + seed)) + ... */
static void peer_derive(const uint8_t *secret, size_t slen, const uint8_t *seed, size_t seedlen,
			uint8_t *out, size_t len)
{
	uint8_t label[26], sha[20], md5[16];
	size_t i, n;

	for (i = 0; len; i++) {
		memset(label, 'A' + (int)i, i + 1);
		dg(EVP_sha1(), label, i + 1, secret, slen, seed, seedlen, NULL, 0, sha);
		dg(EVP_md5(), secret, slen, sha, 20, NULL, 0, NULL, 0, md5);
		n = len < 16 ? len : 16;
		memcpy(out, md5, n);
		out += n;
		len -= n;
	}
}

static void derive(void **state)
{
	uint8_t secret[48], seed[64], ours[MX_SSL3_MAX_DERIVE + 16], peer[MX_SSL3_MAX_DERIVE];
	size_t len;

	assert_int_equal(RAND_bytes(secret, sizeof(secret)), 1);
	assert_int_equal(RAND_bytes(seed, sizeof(seed)), 1);
	for (len = 1; len <= MX_SSL3_MAX_DERIVE; len += 7) {
		assert_int_equal(mx_ssl3_derive(secret, 48, seed, 32, seed + 32, 32, ours, len), 0);
		peer_derive(secret, 48, seed, 64, peer, len);
		assert_memory_equal(ours, peer, len);
	}
	assert_int_equal(mx_ssl3_derive(secret, 48, seed, 32, seed + 32, 32, ours,
					MX_SSL3_MAX_DERIVE + 1), -EINVAL);
}

static void record_mac(void **state)
{
	uint8_t secret[20], hdr[11], data[300], ours[20], peer[20], inner[20], pad[48];
	static const enum mx_hash_id ids[2] = { MX_HASH_MD5, MX_HASH_SHA1 };
	int k;

	assert_int_equal(RAND_bytes(secret, sizeof(secret)), 1);
	assert_int_equal(RAND_bytes(hdr, sizeof(hdr)), 1);
	assert_int_equal(RAND_bytes(data, sizeof(data)), 1);
	for (k = 0; k < 2; k++) {
		const EVP_MD *md = k ? EVP_sha1() : EVP_md5();
		size_t sl = k ? 20 : 16, padlen = k ? 40 : 48, len;

		for (len = 0; len <= sizeof(data); len += 37) {
			assert_int_equal(mx_ssl3_mac(ids[k], secret, sl, hdr, data, len, ours), 0);
			memset(pad, 0x36, padlen);
			dg(md, secret, sl, pad, padlen, hdr, 11, data, len, inner);
			memset(pad, 0x5c, padlen);
			dg(md, secret, sl, pad, padlen, inner, sl, NULL, 0, peer);
			assert_memory_equal(ours, peer, sl);
		}
	}
	assert_int_equal(mx_ssl3_mac(MX_HASH_SHA256, secret, 20, hdr, data, 1, ours), -EINVAL);
}

static void handshake_hash(void **state)
{
	uint8_t msgs[500], master[48], ours[36], peer[36], inner[20], pad[48];
	struct mx_md5_ctx m;
	struct mx_sha1_ctx s;
	int k;

	assert_int_equal(RAND_bytes(msgs, sizeof(msgs)), 1);
	assert_int_equal(RAND_bytes(master, sizeof(master)), 1);
	mx_md5_init(&m);
	mx_md5_update(&m, msgs, sizeof(msgs));
	mx_sha1_init(&s);
	mx_sha1_update(&s, msgs, sizeof(msgs));
	for (k = 0; k < 3; k++) {
		const char *sender = k == 0 ? "CLNT" : k == 1 ? "SRVR" : NULL;
		size_t sl = sender ? 4 : 0;

		mx_ssl3_handshake_hash(&m, &s, (const uint8_t *)sender, master, ours);
		memset(pad, 0x36, 48);
		dg(EVP_md5(), msgs, sizeof(msgs), sender, sl, master, 48, pad, 48, inner);
		memset(pad, 0x5c, 48);
		dg(EVP_md5(), master, 48, pad, 48, inner, 16, NULL, 0, peer);
		memset(pad, 0x36, 40);
		dg(EVP_sha1(), msgs, sizeof(msgs), sender, sl, master, 48, pad, 40, inner);
		memset(pad, 0x5c, 40);
		dg(EVP_sha1(), master, 48, pad, 40, inner, 20, NULL, 0, peer + 16);
		assert_memory_equal(ours, peer, 36);
	}
}

/*
 * Every suite allowed in SSL 3.0: key block = the SSL 3.0 expansion of
 * the master secret with server_random || client_random, IVs included.
 */
static void key_block_split(void **state)
{
	uint8_t ms[48], cr[32], sr[32], seed[64], kb[200];
	const struct mx_suite *s;
	size_t i;
	int n = 0;

	assert_int_equal(RAND_bytes(ms, sizeof(ms)), 1);
	assert_int_equal(RAND_bytes(cr, sizeof(cr)), 1);
	assert_int_equal(RAND_bytes(sr, sizeof(sr)), 1);
	memcpy(seed, sr, 32);
	memcpy(seed + 32, cr, 32);
	for (i = 0; (s = mx_suite_at(i)); i++) {
		struct mx_tls_keys k;
		size_t mac, key, iv;

		if (s->min_version > MX_SSL30) {
			assert_int_equal(mx_tls_derive_keys(s, MX_SSL30, ms, cr, sr, &k), -EINVAL);
			continue;
		}
		assert_int_equal(mx_tls_derive_keys(s, MX_SSL30, ms, cr, sr, &k), 0);
		mac = strstr(s->name, "_MD5") ? 16 : 20;
		key = strstr(s->name, "AES_128") ? 16 : strstr(s->name, "3DES") ? 24 : 32;
		iv = strstr(s->name, "3DES") ? 8 : strstr(s->name, "CBC") ? 16 : 0;
		assert_int_equal(k.mac_len, mac);
		assert_int_equal(k.key_len, key);
		assert_int_equal(k.iv_len, iv);
		peer_derive(ms, 48, seed, 64, kb, 2 * (mac + key + iv));
		assert_memory_equal(k.client_mac, kb, mac);
		assert_memory_equal(k.server_mac, kb + mac, mac);
		assert_memory_equal(k.client_key, kb + 2 * mac, key);
		assert_memory_equal(k.server_key, kb + 2 * mac + key, key);
		assert_memory_equal(k.client_iv, kb + 2 * (mac + key), iv);
		assert_memory_equal(k.server_iv, kb + 2 * (mac + key) + iv, iv);
		n++;
	}
	assert_true(n >= 9);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(derive),
		cmocka_unit_test(record_mac),
		cmocka_unit_test(handshake_hash),
		cmocka_unit_test(key_block_split),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
