// SPDX-License-Identifier: GPL-2.0
/*
 * mxtls: which implementation of a hash the HMACs run.
 *
 * The crypto API ranks the implementations of an algorithm by a fixed
 * priority, which assumes that the CPU runs the SIMD ones natively. Where
 * it does not (an emulated CPU may run the generic C faster than its
 * emulation of AVX2), that choice is the slow one, and the record layer
 * hashes every byte it sends and receives. So, as lib/raid6 and
 * crypto/xor.c do for their own routines, the first key of each hash times
 * the implementations the kernel already has (none is loaded for this) on
 * a record's worth of data and keeps the fastest, until the crypto API's
 * own choice changes (a module loaded since).
 */
#include <crypto/hash.h>
#include <linux/crypto.h>
#include <linux/ktime.h>
#include <linux/mutex.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "record.h"

#define PICK_BYTES	SZ_16K
#define PICK_ROUNDS	4

/* The implementations worth timing besides the crypto API's choice */
static const char * const mxtls_hash_impls[][6] = {
	[MXTLS_HASH_SHA1] = { "sha1-generic", "sha1-ssse3", "sha1-avx", "sha1-avx2", "sha1-ni" },
	[MXTLS_HASH_SHA256] = { "sha256-generic", "sha256-ssse3", "sha256-avx", "sha256-avx2",
				"sha256-ni" },
	[MXTLS_HASH_SHA384] = { "sha384-generic", "sha384-ssse3", "sha384-avx", "sha384-avx2" },
};

struct mxtls_hash_pick {
	char api[CRYPTO_MAX_ALG_NAME];	/* the crypto API's choice when it was timed */
	char best[CRYPTO_MAX_ALG_NAME];
};

static struct mxtls_hash_pick mxtls_picks[ARRAY_SIZE(mxtls_hash_impls)];
static DEFINE_MUTEX(mxtls_pick_lock);

/* The fastest of PICK_ROUNDS digests of buf, in ns */
static u64 mxtls_hash_time(struct crypto_shash *tfm, const u8 *buf)
{
	u8 out[MXTLS_MAX_DIGEST];
	u64 best = U64_MAX;
	int i;

	if (crypto_shash_digestsize(tfm) > sizeof(out))
		return U64_MAX;
	for (i = 0; i < PICK_ROUNDS; i++) {
		ktime_t t0 = ktime_get();

		if (crypto_shash_tfm_digest(tfm, buf, PICK_BYTES, out))
			return U64_MAX;
		best = min_t(u64, best, ktime_to_ns(ktime_sub(ktime_get(), t0)));
	}
	return best;
}

/* Time the implementations of hash against api's; under mxtls_pick_lock */
static void mxtls_hash_pick(u8 hash, struct crypto_shash *api, struct mxtls_hash_pick *p)
{
	const char *drv = crypto_shash_driver_name(api);
	u64 best_ns, ns;
	unsigned int i;
	u8 *buf;

	strscpy(p->api, drv, sizeof(p->api));
	strscpy(p->best, drv, sizeof(p->best));
	buf = kmalloc(PICK_BYTES, GFP_KERNEL);
	if (!buf)
		return;
	memset(buf, 0x5c, PICK_BYTES);
	best_ns = mxtls_hash_time(api, buf);
	for (i = 0; i < ARRAY_SIZE(mxtls_hash_impls[hash]) && mxtls_hash_impls[hash][i]; i++) {
		const char *name = mxtls_hash_impls[hash][i];
		struct crypto_shash *tfm;

		if (!strcmp(name, drv))
			continue;
		tfm = crypto_alloc_shash(name, 0, CRYPTO_NOLOAD);
		if (IS_ERR(tfm))
			continue;
		ns = mxtls_hash_time(tfm, buf);
		crypto_free_shash(tfm);
		/* a clear win only: timing on a busy machine is noisy */
		if (ns < best_ns - best_ns / 8) {
			best_ns = ns;
			strscpy(p->best, name, sizeof(p->best));
		}
	}
	kfree(buf);
}

struct crypto_shash *mxtls_hash_alloc(u8 hash, const char *name)
{
	struct crypto_shash *api = crypto_alloc_shash(name, 0, 0), *tfm = NULL;
	struct mxtls_hash_pick *p;

	if (IS_ERR(api) || hash >= ARRAY_SIZE(mxtls_hash_impls) || !mxtls_hash_impls[hash][0])
		return api;
	p = &mxtls_picks[hash];
	mutex_lock(&mxtls_pick_lock);
	if (strcmp(p->api, crypto_shash_driver_name(api)))
		mxtls_hash_pick(hash, api, p);
	if (strcmp(p->best, crypto_shash_driver_name(api)))
		tfm = crypto_alloc_shash(p->best, 0, CRYPTO_NOLOAD);
	mutex_unlock(&mxtls_pick_lock);
	if (IS_ERR_OR_NULL(tfm))
		return api;
	crypto_free_shash(api);
	return tfm;
}
