/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Compression functions using the x86 SHA extensions. Call only when
 * mx_cpu_has(MX_CPU_SHA | MX_CPU_SSE41) (crypto/cpu.h).
 */
#ifndef MXTLS_CRYPTO_SHA_NI_H
#define MXTLS_CRYPTO_SHA_NI_H

#include <stddef.h>
#include <stdint.h>

/* SHA-256 round constants, shared with the portable code. */
extern const uint32_t mx_sha256_k[64];

void mx_sha1_blocks_ni(uint32_t h[5], const uint8_t *p, size_t nblocks);
void mx_sha256_blocks_ni(uint32_t h[8], const uint8_t *p, size_t nblocks);

#endif /* MXTLS_CRYPTO_SHA_NI_H */
