/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Merkle-Damgard framing shared by MD5 and the SHA family: buffering
 * of partial blocks and the final padding with the message length. The
 * compression function is passed in and gets inlined, since these helpers
 * are static inline and each caller passes a constant.
 */
#ifndef MXTLS_CRYPTO_MD_H
#define MXTLS_CRYPTO_MD_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "crypto/bytes.h"

/* Compress nblocks whole blocks at p into state. */
typedef void (*mx_md_blocks_fn)(void *state, const uint8_t *p, size_t nblocks);

/* bs is the block size, a power of two; *total counts bytes so far. */
static inline void mx_md_update(void *state, uint8_t *buf, size_t bs, uint64_t *total,
				const void *data, size_t n, mx_md_blocks_fn blocks)
{
	const uint8_t *p = data;
	size_t used = (size_t)(*total & (bs - 1));

	if (!n)
		return;		/* data may be NULL then */
	*total += n;
	if (used) {
		size_t take = bs - used;

		if (n < take) {
			memcpy(buf + used, p, n);
			return;
		}
		memcpy(buf + used, p, take);
		blocks(state, buf, 1);
		p += take;
		n -= take;
	}
	if (n >= bs) {
		blocks(state, p, n / bs);
		p += n & ~(bs - 1);
		n &= bs - 1;
	}
	if (n)
		memcpy(buf, p, n);
}

/*
 * Append 0x80, zeros and the bit length (little-endian for MD5, else
 * big-endian; 64 bits in 64-byte blocks, 128 bits in 128-byte blocks) and
 * compress the last block or two.
 */
static inline void mx_md_pad(void *state, uint8_t *buf, size_t bs, uint64_t total,
			     int little_endian, mx_md_blocks_fn blocks)
{
	size_t used = (size_t)(total & (bs - 1));
	size_t lenpos = bs - (bs == 128 ? 16 : 8);

	buf[used++] = 0x80;
	if (used > lenpos) {
		memset(buf + used, 0, bs - used);
		blocks(state, buf, 1);
		used = 0;
	}
	memset(buf + used, 0, bs - used);
	if (little_endian) {
		mx_store_le64(buf + bs - 8, total << 3);
	} else {
		mx_store_be64(buf + bs - 8, total << 3);
		if (bs == 128)
			mx_store_be64(buf + bs - 16, total >> 61);
	}
	blocks(state, buf, 1);
}

#endif /* MXTLS_CRYPTO_MD_H */
