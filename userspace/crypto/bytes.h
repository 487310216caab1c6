/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Loads and stores of fixed-endian words at any alignment, and rotations.
 */
#ifndef MXTLS_CRYPTO_BYTES_H
#define MXTLS_CRYPTO_BYTES_H

#include <stdint.h>
#include <string.h>

static inline uint32_t mx_load_le32(const void *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap32(v);
#endif
	return v;
}

static inline uint32_t mx_load_be32(const void *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	v = __builtin_bswap32(v);
#endif
	return v;
}

static inline uint64_t mx_load_le64(const void *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap64(v);
#endif
	return v;
}

static inline uint64_t mx_load_be64(const void *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	v = __builtin_bswap64(v);
#endif
	return v;
}

static inline void mx_store_le32(void *p, uint32_t v)
{
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap32(v);
#endif
	memcpy(p, &v, 4);
}

static inline void mx_store_be32(void *p, uint32_t v)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	v = __builtin_bswap32(v);
#endif
	memcpy(p, &v, 4);
}

static inline void mx_store_le64(void *p, uint64_t v)
{
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap64(v);
#endif
	memcpy(p, &v, 8);
}

static inline void mx_store_be64(void *p, uint64_t v)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	v = __builtin_bswap64(v);
#endif
	memcpy(p, &v, 8);
}

static inline uint32_t mx_rol32(uint32_t x, unsigned int n)
{
	return (x << (n & 31)) | (x >> ((32 - n) & 31));
}

static inline uint32_t mx_ror32(uint32_t x, unsigned int n)
{
	return (x >> (n & 31)) | (x << ((32 - n) & 31));
}

static inline uint64_t mx_ror64(uint64_t x, unsigned int n)
{
	return (x >> (n & 63)) | (x << ((64 - n) & 63));
}

static inline uint64_t mx_rol64(uint64_t x, unsigned int n)
{
	return (x << (n & 63)) | (x >> ((64 - n) & 63));
}

/* dst = a ^ b for n bytes; dst may alias a or b. */
static inline void mx_xor_bytes(uint8_t *dst, const uint8_t *a, const uint8_t *b, size_t n)
{
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		uint64_t x, y;

		memcpy(&x, a + i, 8);
		memcpy(&y, b + i, 8);
		x ^= y;
		memcpy(dst + i, &x, 8);
	}
	for (; i < n; i++)
		dst[i] = a[i] ^ b[i];
}

#endif /* MXTLS_CRYPTO_BYTES_H */
