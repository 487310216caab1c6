// SPDX-License-Identifier: GPL-2.0
/*
 * TLS key derivation: the NIST SP 800-135 TLS vectors (tls_prf/tls.rsp:
 * master secret and key block for TLS 1.0/1.1 and TLS 1.2 with SHA-256,
 * SHA-384 and SHA-512), and every PRF and derivation helper against
 * OpenSSL's TLS1-PRF (EVP_KDF) on random secrets, labels, seeds and
 * output lengths, including odd secret lengths (the TLS 1.0 halves then
 * share a byte) and the extended master secret. Both hash paths.
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
#include <openssl/core_names.h>
#include <openssl/kdf.h>
#include <openssl/rand.h>

#include "crypto/prf.h"
#include "paths.h"
#include "vectors.h"

static const char *const peer_digest[] = {
	[MX_PRF_TLS10] = "MD5-SHA1",
	[MX_PRF_SHA256] = "SHA256",
	[MX_PRF_SHA384] = "SHA384",
	[MX_PRF_SHA512] = "SHA512",
};

/* OpenSSL's TLS1-PRF: the seed parameter is label || seed. */
static void peer_prf(enum mx_prf prf, const uint8_t *secret, size_t slen, const char *label,
		     const uint8_t *seed, size_t seedlen, uint8_t *out, size_t outlen)
{
	EVP_KDF *kdf = EVP_KDF_fetch(NULL, "TLS1-PRF", NULL);
	EVP_KDF_CTX *ctx = EVP_KDF_CTX_new(kdf);
	uint8_t nothing = 0;
	OSSL_PARAM p[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST,
						 (char *)peer_digest[prf], 0),
		OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SECRET,
						  slen ? (void *)secret : &nothing, slen),
		OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SEED, (void *)label,
						  strlen(label)),
		OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SEED,
						  seedlen ? (void *)seed : &nothing, seedlen),
		OSSL_PARAM_construct_end(),
	};

	assert_non_null(ctx);
	assert_int_equal(EVP_KDF_derive(ctx, out, outlen, p), 1);
	EVP_KDF_CTX_free(ctx);
	EVP_KDF_free(kdf);
}

static uint8_t *hex(const char *s, size_t *n)
{
	uint8_t *p;

	assert_non_null(s);
	p = tv_hex(s, n);
	assert_non_null(p);
	return p;
}

/*
 * tls.rsp: a "[TLS ...]" line names the PRF of the records after it, a
 * "[key block length = N]" line their key block length in bits.
 */
static void nist_tls_rsp(void **state)
{
	FILE *f = fopen(tv_path("nist/tls_prf/tls.rsp"), "r");
	char line[1024], *fields[8] = { 0 };
	static const char *const names[] = {
		"pre_master_secret", "serverHello_random", "clientHello_random", "server_random",
		"client_random", "master_secret", "key_block",
	};
	enum mx_prf prf = MX_PRF_TLS10;
	size_t kb_bits = 0, i;
	int records[4] = { 0 }, have = 0;

	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		char *eq = strchr(line, '=');

		line[strcspn(line, "\r\n")] = '\0';
		if (!strcmp(line, "[TLS 1.0/1.1]"))
			prf = MX_PRF_TLS10;
		else if (!strcmp(line, "[TLS 1.2, SHA-256]"))
			prf = MX_PRF_SHA256;
		else if (!strcmp(line, "[TLS 1.2, SHA-384]"))
			prf = MX_PRF_SHA384;
		else if (!strcmp(line, "[TLS 1.2, SHA-512]"))
			prf = MX_PRF_SHA512;
		else if (sscanf(line, "[key block length = %zu]", &kb_bits) == 1)
			continue;
		if (!eq || line[0] == '#' || line[0] == '[')
			continue;
		for (i = 0; i < 7; i++) {
			if (!strncmp(line, names[i], strlen(names[i])) &&
			    line[strlen(names[i])] == ' ') {
				free(fields[i]);
				fields[i] = strdup(eq + 2);
				have |= 1 << i;
			}
		}
		if (have == 0x7f) {
			size_t n, pl, mlen, klen;
			uint8_t *pms = hex(fields[0], &pl), *shr = hex(fields[1], &n);
			uint8_t *chr = hex(fields[2], &n), *sr = hex(fields[3], &n);
			uint8_t *cr = hex(fields[4], &n), *ms = hex(fields[5], &mlen);
			uint8_t *kb = hex(fields[6], &klen), master[48], *block = malloc(klen);

			assert_non_null(block);
			assert_int_equal(mlen, 48);
			assert_int_equal(klen * 8, kb_bits);
			assert_int_equal(mx_tls_master_secret(prf, pms, pl, chr, shr, master), 0);
			if (memcmp(master, ms, 48))
				fail_msg("tls.rsp %s record %d: master secret differs",
					 peer_digest[prf], records[prf]);
			assert_int_equal(mx_tls_key_block(prf, ms, sr, cr, block, klen), 0);
			if (memcmp(block, kb, klen))
				fail_msg("tls.rsp %s record %d: key block differs",
					 peer_digest[prf], records[prf]);
			free(pms);
			free(shr);
			free(chr);
			free(sr);
			free(cr);
			free(ms);
			free(kb);
			free(block);
			records[prf]++;
			have = 0;
		}
	}
	fclose(f);
	for (i = 0; i < 7; i++)
		free(fields[i]);
	for (i = 0; i < 4; i++)
		assert_int_equal(records[i], 10);
}

static void random_against_openssl(void **state)
{
	static const char *const labels[] = {
		"master secret", "key expansion", "client finished", "x", "a longer label 0123",
	};
	uint8_t secret[131], seed1[80], seed2[40], seed[120], ours[300], peer[300];
	int prf, i;

	for (prf = MX_PRF_TLS10; prf <= MX_PRF_SHA512; prf++) {
		for (i = 0; i < 60; i++) {
			uint8_t r[4];
			size_t slen, s1, s2, olen;
			const char *label = labels[i % 5];

			assert_int_equal(RAND_bytes(r, sizeof(r)), 1);
			assert_int_equal(RAND_bytes(secret, sizeof(secret)), 1);
			assert_int_equal(RAND_bytes(seed1, sizeof(seed1)), 1);
			assert_int_equal(RAND_bytes(seed2, sizeof(seed2)), 1);
			slen = i < 2 ? (size_t)i : r[0] % sizeof(secret);
			s1 = r[1] % sizeof(seed1);
			s2 = r[2] % sizeof(seed2);
			olen = 1 + (size_t)(r[3] + 40 * i) % sizeof(ours);
			memcpy(seed, seed1, s1);
			memcpy(seed + s1, seed2, s2);
			assert_int_equal(mx_tls_prf(prf, secret, slen, label, seed1, s1, seed2, s2,
						    ours, olen), 0);
			peer_prf(prf, secret, slen, label, seed, s1 + s2, peer, olen);
			if (memcmp(ours, peer, olen))
				fail_msg("%s PRF secret %zu seed %zu+%zu out %zu differs",
					 peer_digest[prf], slen, s1, s2, olen);
		}
	}
	assert_int_equal(mx_tls_prf((enum mx_prf)9, secret, 4, "x", seed1, 1, NULL, 0, ours, 4),
			 -EINVAL);
}

/* The helpers use the right labels and seed orders. */
static void helpers_against_openssl(void **state)
{
	uint8_t pms[48], cr[32], sr[32], ms[48], hash[48], seed[64], ours[200], peer[200];
	int prf;

	for (prf = MX_PRF_TLS10; prf <= MX_PRF_SHA384; prf++) {
		assert_int_equal(RAND_bytes(pms, sizeof(pms)), 1);
		assert_int_equal(RAND_bytes(cr, sizeof(cr)), 1);
		assert_int_equal(RAND_bytes(sr, sizeof(sr)), 1);
		assert_int_equal(RAND_bytes(hash, sizeof(hash)), 1);

		assert_int_equal(mx_tls_master_secret(prf, pms, 48, cr, sr, ms), 0);
		memcpy(seed, cr, 32);
		memcpy(seed + 32, sr, 32);
		peer_prf(prf, pms, 48, "master secret", seed, 64, peer, 48);
		assert_memory_equal(ms, peer, 48);

		assert_int_equal(mx_tls_key_block(prf, ms, sr, cr, ours, 200), 0);
		memcpy(seed, sr, 32);
		memcpy(seed + 32, cr, 32);
		peer_prf(prf, ms, 48, "key expansion", seed, 64, peer, 200);
		assert_memory_equal(ours, peer, 200);

		assert_int_equal(mx_tls_extended_master_secret(prf, pms, 48, hash, 36, ours), 0);
		peer_prf(prf, pms, 48, "extended master secret", hash, 36, peer, 48);
		assert_memory_equal(ours, peer, 48);

		assert_int_equal(mx_tls_finished(prf, ms, 1, hash, 32, ours), 0);
		peer_prf(prf, ms, 48, "client finished", hash, 32, peer, 12);
		assert_memory_equal(ours, peer, 12);
		assert_int_equal(mx_tls_finished(prf, ms, 0, hash, 32, ours), 0);
		peer_prf(prf, ms, 48, "server finished", hash, 32, peer, 12);
		assert_memory_equal(ours, peer, 12);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		MX_BOTH(nist_tls_rsp),
		MX_BOTH(random_against_openssl),
		MX_BOTH(helpers_against_openssl),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
