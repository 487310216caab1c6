/* SPDX-License-Identifier: GPL-2.0 */
/*
 * HMAC_DRBG (NIST SP 800-90A Rev. 1, 10.1.2) over any hash of
 * crypto/hash.h, without prediction resistance. The caller supplies the
 * entropy; crypto/random.h wraps one instance seeded from getrandom().
 */
#ifndef MXTLS_CRYPTO_DRBG_H
#define MXTLS_CRYPTO_DRBG_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/hash.h"

/* Requests between reseeds (SP 800-90A allows up to 2^48). */
#define MX_DRBG_RESEED_INTERVAL	(1u << 16)
/* Largest single request: 2^19 bits. */
#define MX_DRBG_MAX_REQUEST	(1u << 16)

struct mx_hmac_drbg {
	enum mx_hash_id hash;
	size_t outlen;
	uint64_t reseed_counter;
	uint8_t k[MX_HASH_MAX_LEN];
	uint8_t v[MX_HASH_MAX_LEN];
};

/*
 * Instantiate from entropy || nonce || personalization. The entropy must
 * carry at least the security strength the caller wants (32 bytes for
 * SHA-256); -EINVAL for an unknown hash or no entropy.
 */
int mx_hmac_drbg_init(struct mx_hmac_drbg *d, enum mx_hash_id hash,
		      const void *entropy, size_t elen, const void *nonce, size_t nlen,
		      const void *pers, size_t plen);

/* Reseed with fresh entropy and optional additional input. */
int mx_hmac_drbg_reseed(struct mx_hmac_drbg *d, const void *entropy, size_t elen,
			const void *add, size_t alen);

/*
 * len bytes of output, with optional additional input. -EAGAIN when the
 * reseed interval is reached (reseed, then ask again), -EINVAL for len
 * above MX_DRBG_MAX_REQUEST.
 */
int mx_hmac_drbg_generate(struct mx_hmac_drbg *d, void *out, size_t len,
			  const void *add, size_t alen);

/* Zeroize the state. */
void mx_hmac_drbg_clear(struct mx_hmac_drbg *d);

#endif /* MXTLS_CRYPTO_DRBG_H */
