// SPDX-License-Identifier: GPL-2.0
/*
 * Digests: the NIST CAVP SHA-1/256/384 short, long and Monte Carlo files,
 * the RFC 1321 MD5 suite, every hash against OpenSSL's libcrypto on random
 * messages of every length up to a few blocks, and the streaming interface
 * at every split point. Each runs on the accelerated and portable paths.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "crypto/cpu.h"
#include "crypto/hash.h"
#include "paths.h"
#include "vectors.h"

static const EVP_MD *peer_md(enum mx_hash_id id)
{
	switch (id) {
	case MX_HASH_MD5:
		return EVP_md5();
	case MX_HASH_SHA1:
		return EVP_sha1();
	case MX_HASH_SHA256:
		return EVP_sha256();
	case MX_HASH_SHA384:
		return EVP_sha384();
	default:
		return EVP_sha512();
	}
}

static void one_shot(enum mx_hash_id id, const void *p, size_t n, uint8_t *out)
{
	switch (id) {
	case MX_HASH_MD5:
		mx_md5(p, n, out);
		break;
	case MX_HASH_SHA1:
		mx_sha1(p, n, out);
		break;
	case MX_HASH_SHA256:
		mx_sha256(p, n, out);
		break;
	case MX_HASH_SHA384:
		mx_sha384(p, n, out);
		break;
	default:
		mx_sha512(p, n, out);
		break;
	}
}

/* A NIST/RFC file of Len/Msg/MD records. */
static void run_msg_file(const char *rel, enum mx_hash_id id, int min_records)
{
	const struct mx_hash_desc *h = mx_hash_get(id);
	struct tv_rsp r;
	int records = 0;

	assert_int_equal(tv_rsp_open(&r, rel), 0);
	while (tv_rsp_next(&r)) {
		const char *len_s = tv_rsp_get(&r, "Len");
		size_t mlen, dlen, bits;
		uint8_t *msg, *md, out[MX_HASH_MAX_LEN];

		if (!len_s)
			continue;
		bits = strtoul(len_s, NULL, 10);
		msg = tv_hex(tv_rsp_get(&r, "Msg"), &mlen);
		md = tv_hex(tv_rsp_get(&r, "MD"), &dlen);
		assert_non_null(msg);
		assert_non_null(md);
		assert_int_equal(bits % 8, 0);
		if (bits == 0)
			mlen = 0;	/* "Msg = 00" is a placeholder */
		assert_int_equal(mlen, bits / 8);
		assert_int_equal(dlen, h->digest_len);
		one_shot(id, msg, mlen, out);
		if (memcmp(out, md, dlen))
			fail_msg("%s: Len = %zu differs", rel, bits);
		free(msg);
		free(md);
		records++;
	}
	tv_rsp_close(&r);
	assert_true(records >= min_records);
}

/* SHAVS Monte Carlo: MD_i = H(MD_{i-3} || MD_{i-2} || MD_{i-1}). */
static void run_monte(const char *rel, enum mx_hash_id id)
{
	const struct mx_hash_desc *h = mx_hash_get(id);
	size_t d = h->digest_len, n;
	uint8_t seed[MX_HASH_MAX_LEN], m[3 * MX_HASH_MAX_LEN];
	struct tv_rsp r;
	int counts = 0, have_seed = 0, i;

	assert_int_equal(tv_rsp_open(&r, rel), 0);
	while (tv_rsp_next(&r)) {
		const char *s = tv_rsp_get(&r, "Seed"), *md_s = tv_rsp_get(&r, "MD");
		uint8_t *v;

		if (s) {
			v = tv_hex(s, &n);
			assert_non_null(v);
			assert_int_equal(n, d);
			memcpy(seed, v, d);
			free(v);
			have_seed = 1;
			continue;
		}
		if (!md_s)
			continue;
		assert_true(have_seed);
		memcpy(m, seed, d);
		memcpy(m + d, seed, d);
		memcpy(m + 2 * d, seed, d);
		for (i = 3; i < 1003; i++) {
			uint8_t next[MX_HASH_MAX_LEN];

			one_shot(id, m, 3 * d, next);
			memmove(m, m + d, 2 * d);
			memcpy(m + 2 * d, next, d);
		}
		v = tv_hex(md_s, &n);
		assert_non_null(v);
		assert_int_equal(n, d);
		if (memcmp(m + 2 * d, v, d))
			fail_msg("%s: COUNT %d differs", rel, counts);
		memcpy(seed, v, d);
		free(v);
		counts++;
	}
	tv_rsp_close(&r);
	assert_int_equal(counts, 100);
}

static void nist_sha1(void **state)
{
	run_msg_file("nist/sha/SHA1ShortMsg.rsp", MX_HASH_SHA1, 65);
	run_msg_file("nist/sha/SHA1LongMsg.rsp", MX_HASH_SHA1, 64);
	run_monte("nist/sha/SHA1Monte.rsp", MX_HASH_SHA1);
}

static void nist_sha256(void **state)
{
	run_msg_file("nist/sha/SHA256ShortMsg.rsp", MX_HASH_SHA256, 65);
	run_msg_file("nist/sha/SHA256LongMsg.rsp", MX_HASH_SHA256, 64);
	run_monte("nist/sha/SHA256Monte.rsp", MX_HASH_SHA256);
}

static void nist_sha384(void **state)
{
	run_msg_file("nist/sha/SHA384ShortMsg.rsp", MX_HASH_SHA384, 129);
	run_monte("nist/sha/SHA384Monte.rsp", MX_HASH_SHA384);
}

static void rfc1321_md5(void **state)
{
	run_msg_file("rfc/rfc-1321.txt", MX_HASH_MD5, 7);
}

/*
 * Every length from 0 to 3 blocks + 1 of random data, against libcrypto,
 * through the one-shot call and the descriptor.
 */
static void against_openssl(void **state)
{
	uint8_t msg[3 * MX_HASH_MAX_BLOCK + 1];
	int id;

	assert_int_equal(RAND_bytes(msg, sizeof(msg)), 1);
	for (id = MX_HASH_MD5; id <= MX_HASH_SHA512; id++) {
		const struct mx_hash_desc *h = mx_hash_get(id);
		size_t n;

		assert_non_null(h);
		assert_int_equal(h->id, id);
		assert_int_equal((size_t)EVP_MD_get_size(peer_md(id)), h->digest_len);
		assert_int_equal((size_t)EVP_MD_get_block_size(peer_md(id)), h->block_len);
		for (n = 0; n <= sizeof(msg); n++) {
			uint8_t ours[MX_HASH_MAX_LEN], viadesc[MX_HASH_MAX_LEN];
			uint8_t peer[EVP_MAX_MD_SIZE];
			union mx_hash_ctx ctx;
			unsigned int plen;

			one_shot(id, msg, n, ours);
			h->init(&ctx);
			h->update(&ctx, msg, n);
			h->final(&ctx, viadesc);
			assert_int_equal(EVP_Digest(msg, n, peer, &plen, peer_md(id), NULL), 1);
			assert_int_equal(plen, h->digest_len);
			if (memcmp(ours, peer, plen) || memcmp(viadesc, peer, plen))
				fail_msg("%s of %zu bytes differs from OpenSSL", h->name, n);
		}
	}
	assert_null(mx_hash_get((enum mx_hash_id)5));
}

/*
 * The message cut in two at every point, and in three at every pair of
 * points of a shorter one; also fed byte by byte and forked by copying.
 */
static void every_split_point(void **state)
{
	uint8_t msg[2 * MX_HASH_MAX_BLOCK + 17];
	int id;

	assert_int_equal(RAND_bytes(msg, sizeof(msg)), 1);
	for (id = MX_HASH_MD5; id <= MX_HASH_SHA512; id++) {
		const struct mx_hash_desc *h = mx_hash_get(id);
		uint8_t want[MX_HASH_MAX_LEN], got[MX_HASH_MAX_LEN];
		union mx_hash_ctx ctx, fork;
		size_t i, j, n = sizeof(msg), n3 = h->block_len + 9;

		one_shot(id, msg, n, want);
		for (i = 0; i <= n; i++) {
			h->init(&ctx);
			h->update(&ctx, msg, i);
			h->update(&ctx, msg + i, n - i);
			h->final(&ctx, got);
			if (memcmp(got, want, h->digest_len))
				fail_msg("%s split at %zu differs", h->name, i);
		}
		one_shot(id, msg, n3, want);
		for (i = 0; i <= n3; i++) {
			for (j = i; j <= n3; j++) {
				h->init(&ctx);
				h->update(&ctx, msg, i);
				h->update(&ctx, msg + i, j - i);
				h->update(&ctx, msg + j, n3 - j);
				h->final(&ctx, got);
				if (memcmp(got, want, h->digest_len))
					fail_msg("%s split at %zu, %zu differs", h->name, i, j);
			}
		}
		h->init(&ctx);
		for (i = 0; i < n; i++) {
			h->update(&ctx, msg + i, 1);
			if (i == n3 - 1)
				fork = ctx;
		}
		h->final(&ctx, got);
		one_shot(id, msg, n, want);
		assert_memory_equal(got, want, h->digest_len);
		h->final(&fork, got);
		one_shot(id, msg, n3, want);
		assert_memory_equal(got, want, h->digest_len);
	}
}

/* Our CPU detection agrees with the compiler's, and the switch works. */
static void cpu_detection(void **state)
{
	__builtin_cpu_init();
	mx_cpu_force_portable(0);
	assert_int_equal(mx_cpu_has(MX_CPU_AESNI), !!__builtin_cpu_supports("aes"));
	assert_int_equal(mx_cpu_has(MX_CPU_PCLMUL), !!__builtin_cpu_supports("pclmul"));
	assert_int_equal(mx_cpu_has(MX_CPU_AVX2), !!__builtin_cpu_supports("avx2"));
	assert_int_equal(mx_cpu_has(MX_CPU_SSSE3), !!__builtin_cpu_supports("ssse3"));
	mx_cpu_force_portable(1);
	assert_int_equal(mx_cpu_features(), 0);
	mx_cpu_force_portable(0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cpu_detection),
		MX_BOTH(nist_sha1),
		MX_BOTH(nist_sha256),
		MX_BOTH(nist_sha384),
		MX_BOTH(rfc1321_md5),
		MX_BOTH(against_openssl),
		MX_BOTH(every_split_point),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
