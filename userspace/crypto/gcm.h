/* SPDX-License-Identifier: GPL-2.0 */
/*
 * AES-GCM (NIST SP 800-38D) as an AEAD with a 16-byte tag.
 *
 * With AES-NI and PCLMULQDQ, counter mode and GHASH run fused, eight
 * blocks at a time. Without them, the bitsliced AES and a constant-time
 * GHASH (carry-less products emulated with integer multiplications on
 * operands with holes, no tables) are used. The choice is made by
 * mx_gcm_setkey() from the CPU (crypto/cpu.h).
 *
 * The IV may have any non-zero length; TLS uses 12 bytes (4-byte salt and
 * 8-byte explicit nonce). in and out may be the same buffer.
 */
#ifndef MXTLS_CRYPTO_GCM_H
#define MXTLS_CRYPTO_GCM_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/aes.h"

#define MX_GCM_TAG_LEN	16
#define MX_GCM_IV_LEN	12	/* the recommended (and TLS) IV length */

enum mx_ghash_impl {
	MX_GHASH_CT,		/* portable constant-time */
	MX_GHASH_CLMUL,		/* PCLMULQDQ, with AES-NI */
};

struct mx_gcm_key {
	struct mx_aes_key aes;
	/*
	 * GHASH key powers H^1..H^8, each divided by x (see ghash.h) and
	 * kept as a 128-bit integer (low, high word) in GHASH's reflected
	 * bit order. The portable code uses h[0] only.
	 */
	_Alignas(16) uint64_t h[8][2];
	enum mx_ghash_impl ghash;
};

/* keylen 16, 24 or 32: 0, or -EINVAL. */
int mx_gcm_setkey(struct mx_gcm_key *key, const uint8_t *k, size_t keylen);
void mx_gcm_clear(struct mx_gcm_key *key);

/*
 * Encrypt len bytes of in to out and authenticate them with aad; the tag
 * goes to tag. -EINVAL for ivlen 0 or lengths beyond GCM's limits.
 */
int mx_gcm_seal(const struct mx_gcm_key *key, const uint8_t *iv, size_t ivlen,
		const uint8_t *aad, size_t aadlen, const uint8_t *in, size_t len,
		uint8_t *out, uint8_t tag[MX_GCM_TAG_LEN]);

/*
 * Check the tag (in constant time) and decrypt. 0 on success; -EBADMSG
 * when the tag is wrong, and then out is wiped (no unauthenticated
 * plaintext escapes); -EINVAL as for seal.
 */
int mx_gcm_open(const struct mx_gcm_key *key, const uint8_t *iv, size_t ivlen,
		const uint8_t *aad, size_t aadlen, const uint8_t *in, size_t len,
		const uint8_t tag[MX_GCM_TAG_LEN], uint8_t *out);

#endif /* MXTLS_CRYPTO_GCM_H */
