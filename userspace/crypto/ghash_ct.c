// SPDX-License-Identifier: GPL-2.0
/*
 * Portable constant-time GHASH (see ghash.h for the representation).
 *
 * Carry-less products come from ordinary integer multiplications of
 * operands "with holes": keeping only every fourth bit of a 32-bit
 * operand, each bit position of a 32x32 product sums at most 8 partial
 * products, which never carries into the next position of the same
 * residue class, so masking that class out of the integer product gives
 * the carry-less one. No table, no branch, and only multiplications whose
 * timing does not depend on their operands on the CPUs we target.
 */
#include "crypto/bytes.h"
#include "crypto/ghash.h"
#include "core/ct.h"

static inline uint64_t clmul32(uint32_t a, uint32_t b)
{
	const uint64_t m0 = 0x1111111111111111ull, m1 = m0 << 1, m2 = m0 << 2, m3 = m0 << 3;
	uint64_t a0 = a & m0, a1 = a & m1, a2 = a & m2, a3 = a & m3;
	uint64_t b0 = b & m0, b1 = b & m1, b2 = b & m2, b3 = b & m3;
	uint64_t r0, r1, r2, r3;

	/* ri collects the products whose bits land in class i (mod 4) */
	r0 = (a0 * b0) ^ (a1 * b3) ^ (a2 * b2) ^ (a3 * b1);
	r1 = (a0 * b1) ^ (a1 * b0) ^ (a2 * b3) ^ (a3 * b2);
	r2 = (a0 * b2) ^ (a1 * b1) ^ (a2 * b0) ^ (a3 * b3);
	r3 = (a0 * b3) ^ (a1 * b2) ^ (a2 * b1) ^ (a3 * b0);
	return (r0 & m0) | (r1 & m1) | (r2 & m2) | (r3 & m3);
}

/* 64x64 -> 128 by Karatsuba over 32-bit halves. */
static inline void clmul64(uint64_t r[2], uint64_t a, uint64_t b)
{
	uint32_t a0 = (uint32_t)a, a1 = (uint32_t)(a >> 32);
	uint32_t b0 = (uint32_t)b, b1 = (uint32_t)(b >> 32);
	uint64_t z0 = clmul32(a0, b0), z2 = clmul32(a1, b1);
	uint64_t z1 = clmul32(a0 ^ a1, b0 ^ b1) ^ z0 ^ z2;

	r[0] = z0 ^ (z1 << 32);
	r[1] = z2 ^ (z1 >> 32);
}

void mx_ghash_ct_mul(uint64_t out[2], const uint64_t a[2], const uint64_t b[2])
{
	uint64_t lo[2], hi[2], mid[2], f0, f1, f2, f3, q;

	clmul64(lo, a[0], b[0]);
	clmul64(hi, a[1], b[1]);
	clmul64(mid, a[0] ^ a[1], b[0] ^ b[1]);
	mid[0] ^= lo[0] ^ hi[0];
	mid[1] ^= lo[1] ^ hi[1];
	f0 = lo[0];
	f1 = lo[1] ^ mid[0];
	f2 = hi[0] ^ mid[1];
	f3 = hi[1];

	/* Two Montgomery steps: F = F / y^64 + q (y^57 + y^62 + y^63 + y^64) */
	q = f0;
	f1 ^= (q << 57) ^ (q << 62) ^ (q << 63);
	f2 ^= (q >> 7) ^ (q >> 2) ^ (q >> 1) ^ q;
	q = f1;
	f2 ^= (q << 57) ^ (q << 62) ^ (q << 63);
	f3 ^= (q >> 7) ^ (q >> 2) ^ (q >> 1) ^ q;
	out[0] = f2;
	out[1] = f3;
}

void mx_ghash_twist(uint64_t out[2], const uint64_t h[2])
{
	/*
	 * H / x: shift toward higher integer bits; when the x^0 term
	 * (bit 127) falls off, add x^-1 = x^127 + x^6 + x + 1.
	 */
	uint64_t carry = 0 - (h[1] >> 63);
	uint64_t hi = (h[1] << 1) | (h[0] >> 63), lo = h[0] << 1;

	out[1] = hi ^ (carry & 0xc200000000000000ull);
	out[0] = lo ^ (carry & 1);
}

void mx_ghash_ct(const uint64_t h[2], uint64_t y[2], const uint8_t *p, size_t n)
{
	for (; n; n--, p += 16) {
		y[1] ^= mx_load_be64(p);
		y[0] ^= mx_load_be64(p + 8);
		mx_ghash_ct_mul(y, y, h);
	}
}
