/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ChaCha20 block functions behind mx_chacha20_crypt().
 */
#ifndef MXTLS_CRYPTO_CHACHA20_IMPL_H
#define MXTLS_CRYPTO_CHACHA20_IMPL_H

#include <stddef.h>
#include <stdint.h>

/*
 * XOR nblocks blocks of keystream, starting at state's counter (word 12),
 * into in -> out, and advance the counter. The x86 versions handle any
 * count (eight at a time, the rest by the portable code).
 */
void mx_chacha20_blocks_c(uint32_t state[16], const uint8_t *in, uint8_t *out, size_t nblocks);
void mx_chacha20_blocks_avx2(uint32_t state[16], const uint8_t *in, uint8_t *out,
			     size_t nblocks);
void mx_chacha20_blocks_avx512(uint32_t state[16], const uint8_t *in, uint8_t *out,
			       size_t nblocks);

#endif /* MXTLS_CRYPTO_CHACHA20_IMPL_H */
