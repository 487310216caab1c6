/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RC4 (ARC4), for the legacy TLS suites *_WITH_RC4_128_{SHA,MD5}. RFC 7465
 * forbids it in TLS: it exists only in builds that define USE_ARC4
 * (include/mxtls/cryptoConfig.h), and the suite table offers those suites
 * only there.
 *
 * RC4 indexes its state by secret values by design; it cannot be made
 * constant time, one more reason it is off by default.
 */
#ifndef MXTLS_CRYPTO_RC4_H
#define MXTLS_CRYPTO_RC4_H

#include <stddef.h>
#include <stdint.h>

#include "cryptoConfig.h"

#ifdef USE_ARC4
struct mx_rc4_ctx {
	uint8_t s[256];
	uint8_t i, j;
};

/* keylen 1..256; -EINVAL otherwise. */
int mx_rc4_init(struct mx_rc4_ctx *ctx, const uint8_t *key, size_t keylen);
/* XOR the next len keystream bytes into in -> out (may be equal). */
void mx_rc4_crypt(struct mx_rc4_ctx *ctx, const uint8_t *in, uint8_t *out, size_t len);
void mx_rc4_clear(struct mx_rc4_ctx *ctx);
#endif

#endif /* MXTLS_CRYPTO_RC4_H */
