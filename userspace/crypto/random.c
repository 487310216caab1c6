// SPDX-License-Identifier: GPL-2.0
/*
 * The process-wide generator: one HMAC_DRBG (SHA-256) behind a mutex,
 * instantiated from getrandom() on first use and reseeded from it every
 * MX_DRBG_RESEED_INTERVAL requests.
 *
 * Fork safety: the state lives in a page marked MADV_WIPEONFORK, so a
 * child starts with a zeroed, unseeded state and instantiates afresh; the
 * recorded pid covers kernels without that flag. pthread_atfork holds the
 * mutex across fork() so a child never inherits it locked.
 */
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "core/ct.h"
#include "crypto/drbg.h"
#include "crypto/random.h"

#define ENTROPY_LEN	32	/* the strength of SHA-256 */
#define NONCE_LEN	16

struct rng_state {
	struct mx_hmac_drbg drbg;
	pid_t pid;
	int seeded;
};

static pthread_mutex_t rng_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t rng_once = PTHREAD_ONCE_INIT;
static struct rng_state *rng;
static size_t rng_size;

static void rng_prepare(void)
{
	pthread_mutex_lock(&rng_lock);
}

static void rng_release(void)
{
	pthread_mutex_unlock(&rng_lock);
}

static void rng_setup(void)
{
	long page = sysconf(_SC_PAGESIZE);
	void *p;

	rng_size = page > 0 ? (size_t)page : 4096;
	p = mmap(NULL, rng_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return;
	/* Older kernels refuse the flag; the pid check then does the job. */
	madvise(p, rng_size, MADV_WIPEONFORK);
	madvise(p, rng_size, MADV_DONTDUMP);
	rng = p;
	pthread_atfork(rng_prepare, rng_release, rng_release);
}

static int os_entropy(void *buf, size_t len)
{
	uint8_t *p = buf;

	while (len) {
		ssize_t r = getrandom(p, len, 0);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += r;
		len -= (size_t)r;
	}
	return 0;
}

static int rng_seed(struct rng_state *st, int reseed)
{
	uint8_t seed[ENTROPY_LEN + NONCE_LEN];
	struct {
		pid_t pid;
		struct timespec ts;
	} pers;
	int ret = os_entropy(seed, reseed ? ENTROPY_LEN : sizeof(seed));

	if (ret)
		return ret;
	memset(&pers, 0, sizeof(pers));
	pers.pid = getpid();
	clock_gettime(CLOCK_MONOTONIC, &pers.ts);
	if (reseed)
		ret = mx_hmac_drbg_reseed(&st->drbg, seed, ENTROPY_LEN, &pers, sizeof(pers));
	else
		ret = mx_hmac_drbg_init(&st->drbg, MX_HASH_SHA256, seed, ENTROPY_LEN,
					seed + ENTROPY_LEN, NONCE_LEN, &pers, sizeof(pers));
	mx_zeroize(seed, sizeof(seed));
	if (ret == 0) {
		st->pid = pers.pid;
		st->seeded = 1;
	}
	return ret;
}

int mx_random_bytes(void *buf, size_t len)
{
	uint8_t *p = buf;
	int ret = 0;

	pthread_once(&rng_once, rng_setup);
	if (!rng)
		return -ENOMEM;
	pthread_mutex_lock(&rng_lock);
	if (!rng->seeded || rng->pid != getpid())
		ret = rng_seed(rng, 0);
	while (ret == 0 && len) {
		size_t n = len < MX_DRBG_MAX_REQUEST ? len : MX_DRBG_MAX_REQUEST;

		ret = mx_hmac_drbg_generate(&rng->drbg, p, n, NULL, 0);
		if (ret == -EAGAIN) {
			ret = rng_seed(rng, 1);
			continue;
		}
		p += n;
		len -= n;
	}
	pthread_mutex_unlock(&rng_lock);
	return ret;
}
