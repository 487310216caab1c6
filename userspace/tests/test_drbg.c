// SPDX-License-Identifier: GPL-2.0
/*
 * HMAC_DRBG against libcrypto's HMAC-DRBG fed the same entropy and nonce
 * (through its TEST-RAND source): instantiate with and without a
 * personalization string, generate with and without additional input,
 * reseed; the reseed interval and request limit; and the process-wide
 * mx_random_bytes: distinct outputs, long requests, threads, and a child
 * process after fork() that does not repeat its parent's bytes.
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "crypto/drbg.h"
#include "crypto/random.h"

struct peer {
	EVP_RAND_CTX *parent, *drbg;
};

static void peer_new(struct peer *p, const char *digest, unsigned int bits, uint8_t *entropy,
		     size_t elen, uint8_t *nonce, size_t nlen, const uint8_t *pers, size_t plen)
{
	EVP_RAND *test = EVP_RAND_fetch(NULL, "TEST-RAND", NULL);
	EVP_RAND *hmac = EVP_RAND_fetch(NULL, "HMAC-DRBG", NULL);
	unsigned int strength = 256;
	OSSL_PARAM tp[] = {
		OSSL_PARAM_construct_uint(OSSL_RAND_PARAM_STRENGTH, &strength),
		OSSL_PARAM_construct_octet_string(OSSL_RAND_PARAM_TEST_ENTROPY, entropy, elen),
		OSSL_PARAM_construct_octet_string(OSSL_RAND_PARAM_TEST_NONCE, nonce, nlen),
		OSSL_PARAM_construct_end(),
	};
	OSSL_PARAM hp[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_DRBG_PARAM_MAC, "HMAC", 0),
		OSSL_PARAM_construct_utf8_string(OSSL_DRBG_PARAM_DIGEST, (char *)digest, 0),
		OSSL_PARAM_construct_end(),
	};

	assert_non_null(test);
	assert_non_null(hmac);
	p->parent = EVP_RAND_CTX_new(test, NULL);
	assert_non_null(p->parent);
	assert_int_equal(EVP_RAND_CTX_set_params(p->parent, tp), 1);
	assert_int_equal(EVP_RAND_instantiate(p->parent, strength, 0, NULL, 0, NULL), 1);
	p->drbg = EVP_RAND_CTX_new(hmac, p->parent);
	assert_non_null(p->drbg);
	assert_int_equal(EVP_RAND_CTX_set_params(p->drbg, hp), 1);
	assert_int_equal(EVP_RAND_instantiate(p->drbg, bits, 0, pers, plen, NULL), 1);
	EVP_RAND_free(test);
	EVP_RAND_free(hmac);
}

static void peer_free(struct peer *p)
{
	EVP_RAND_CTX_free(p->drbg);
	EVP_RAND_CTX_free(p->parent);
}

static void fill(uint8_t *p, size_t n, uint8_t seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(seed + 31 * i);
}

static void matches_libcrypto(void **state)
{
	static const struct {
		const char *md;
		enum mx_hash_id id;
		unsigned int bits;
		size_t pers, add, out;
	} cases[] = {
		{ "SHA256", MX_HASH_SHA256, 256, 0, 0, 32 },
		{ "SHA256", MX_HASH_SHA256, 256, 20, 0, 100 },
		{ "SHA256", MX_HASH_SHA256, 256, 0, 24, 1 },
		{ "SHA256", MX_HASH_SHA256, 256, 32, 32, 1000 },
		{ "SHA512", MX_HASH_SHA512, 256, 16, 16, 200 },
		{ "SHA384", MX_HASH_SHA384, 192, 0, 8, 96 },
		{ "SHA1", MX_HASH_SHA1, 128, 8, 8, 45 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t ent[32], nonce[16], pers[32], add[32], a[1000], b[1000];
		struct mx_hmac_drbg d;
		struct peer p;
		int round;

		fill(ent, sizeof(ent), (uint8_t)(i + 1));
		fill(nonce, sizeof(nonce), (uint8_t)(i + 77));
		fill(pers, sizeof(pers), (uint8_t)(i + 13));
		fill(add, sizeof(add), (uint8_t)(i + 200));
		peer_new(&p, cases[i].md, cases[i].bits, ent, sizeof(ent), nonce, sizeof(nonce),
			 pers, cases[i].pers);
		assert_int_equal(mx_hmac_drbg_init(&d, cases[i].id, ent, sizeof(ent), nonce,
						   sizeof(nonce), pers, cases[i].pers), 0);
		for (round = 0; round < 4; round++) {
			if (round == 2) {
				/* TEST-RAND hands out the same entropy again */
				assert_int_equal(EVP_RAND_reseed(p.drbg, 0, NULL, 0, add,
								 cases[i].add), 1);
				assert_int_equal(mx_hmac_drbg_reseed(&d, ent, sizeof(ent), add,
								     cases[i].add), 0);
			}
			assert_int_equal(EVP_RAND_generate(p.drbg, a, cases[i].out, cases[i].bits,
							   0, add, cases[i].add), 1);
			assert_int_equal(mx_hmac_drbg_generate(&d, b, cases[i].out, add,
							       cases[i].add), 0);
			assert_memory_equal(a, b, cases[i].out);
		}
		mx_hmac_drbg_clear(&d);
		peer_free(&p);
	}
}

static void limits(void **state)
{
	uint8_t ent[32] = { 1 }, out[64];
	struct mx_hmac_drbg d;

	assert_int_equal(mx_hmac_drbg_init(&d, MX_HASH_SHA256, ent, 0, NULL, 0, NULL, 0), -EINVAL);
	assert_int_equal(mx_hmac_drbg_init(&d, (enum mx_hash_id)42, ent, 32, NULL, 0, NULL, 0),
			 -EINVAL);
	assert_int_equal(mx_hmac_drbg_init(&d, MX_HASH_SHA256, ent, 32, NULL, 0, NULL, 0), 0);
	assert_int_equal(mx_hmac_drbg_generate(&d, out, MX_DRBG_MAX_REQUEST + 1, NULL, 0),
			 -EINVAL);
	d.reseed_counter = MX_DRBG_RESEED_INTERVAL;
	assert_int_equal(mx_hmac_drbg_generate(&d, out, sizeof(out), NULL, 0), 0);
	assert_int_equal(mx_hmac_drbg_generate(&d, out, sizeof(out), NULL, 0), -EAGAIN);
	assert_int_equal(mx_hmac_drbg_reseed(&d, ent, 32, NULL, 0), 0);
	assert_int_equal(mx_hmac_drbg_generate(&d, out, sizeof(out), NULL, 0), 0);
	mx_hmac_drbg_clear(&d);
}

static void random_bytes(void **state)
{
	uint8_t a[64], b[64];
	uint8_t *big = malloc(3 * MX_DRBG_MAX_REQUEST + 5);
	size_t i, zeros = 0;

	assert_non_null(big);
	assert_int_equal(mx_random_bytes(a, sizeof(a)), 0);
	assert_int_equal(mx_random_bytes(b, sizeof(b)), 0);
	assert_memory_not_equal(a, b, sizeof(a));
	assert_int_equal(mx_random_bytes(big, 3 * MX_DRBG_MAX_REQUEST + 5), 0);
	for (i = 0; i < 3 * MX_DRBG_MAX_REQUEST + 5; i++)
		zeros += big[i] == 0;
	/* about 1 in 256; a stuck generator would be far off */
	assert_true(zeros > 500 && zeros < 1100);
	assert_int_equal(mx_random_bytes(a, 0), 0);
	free(big);
}

/* After fork(), the child must not produce the bytes the parent produces. */
static void fork_safety(void **state)
{
	uint8_t parent[32], child[2][32];
	int fds[2], k;

	assert_int_equal(mx_random_bytes(parent, sizeof(parent)), 0);	/* seeded */
	for (k = 0; k < 2; k++) {
		pid_t pid;
		int status;

		assert_int_equal(pipe(fds), 0);
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			uint8_t buf[32];

			close(fds[0]);
			if (mx_random_bytes(buf, sizeof(buf)) ||
			    write(fds[1], buf, sizeof(buf)) != (ssize_t)sizeof(buf))
				_exit(1);
			_exit(0);
		}
		close(fds[1]);
		assert_int_equal(read(fds[0], child[k], 32), 32);
		close(fds[0]);
		assert_int_equal(waitpid(pid, &status, 0), pid);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	assert_int_equal(mx_random_bytes(parent, sizeof(parent)), 0);
	assert_memory_not_equal(parent, child[0], 32);
	assert_memory_not_equal(parent, child[1], 32);
	assert_memory_not_equal(child[0], child[1], 32);
}

static int failed = 1;

static void *draw(void *arg)
{
	uint8_t buf[97];
	int i;

	for (i = 0; i < 2000; i++)
		if (mx_random_bytes(buf, sizeof(buf)))
			return &failed;
	return NULL;
}

static void threads(void **state)
{
	pthread_t t[4];
	void *ret;
	int i;

	for (i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, draw, NULL), 0);
	for (i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(t[i], &ret), 0);
		assert_null(ret);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(matches_libcrypto),
		cmocka_unit_test(limits),
		cmocka_unit_test(random_bytes),
		cmocka_unit_test(fork_safety),
		cmocka_unit_test(threads),
	};

	return cmocka_run_group_tests_name("drbg", tests, NULL, NULL);
}
