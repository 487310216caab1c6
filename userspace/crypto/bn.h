/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fixed-size big integers: little-endian arrays of 64-bit limbs whose
 * length is passed explicitly and is public. Every function here runs in
 * time that depends only on the lengths, never on the values, unless its
 * name ends in _pub (for public values such as moduli and exponents).
 */
#ifndef MXTLS_CRYPTO_BN_H
#define MXTLS_CRYPTO_BN_H

#include <stddef.h>
#include <stdint.h>

typedef uint64_t mx_limb;
typedef unsigned __int128 mx_dlimb;

#define MX_LIMB_BITS	64
/* Largest modulus (RSA and DH) the library handles. */
#define MX_BN_MAX_BITS	4096
#define MX_BN_LIMBS(bits)	(((bits) + MX_LIMB_BITS - 1) / MX_LIMB_BITS)
#define MX_BN_MAX_LIMBS	MX_BN_LIMBS(MX_BN_MAX_BITS)

/*
 * r (n limbs) = the big-endian bytes in[0..len). Returns 0, or -ERANGE
 * when the value does not fit in n limbs (r then holds the low limbs).
 */
int mx_bn_from_be(mx_limb *r, size_t n, const uint8_t *in, size_t len);

/* out[0..len) = the low 8*len bytes of a (n limbs), big-endian. */
void mx_bn_to_be(uint8_t *out, size_t len, const mx_limb *a, size_t n);

/* r = a + b, returns the carry; r may alias a or b. */
mx_limb mx_bn_add(mx_limb *r, const mx_limb *a, const mx_limb *b, size_t n);
/* r = a - b, returns the borrow (1 when a < b). */
mx_limb mx_bn_sub(mx_limb *r, const mx_limb *a, const mx_limb *b, size_t n);
/* r = (a + b) mod m and (a - b) mod m for a, b < m. */
void mx_bn_add_mod(mx_limb *r, const mx_limb *a, const mx_limb *b, const mx_limb *m, size_t n);
void mx_bn_sub_mod(mx_limb *r, const mx_limb *a, const mx_limb *b, const mx_limb *m, size_t n);

/* Masks: all-ones when true. */
uint64_t mx_bn_is_zero(const mx_limb *a, size_t n);
uint64_t mx_bn_eq(const mx_limb *a, const mx_limb *b, size_t n);
uint64_t mx_bn_lt(const mx_limb *a, const mx_limb *b, size_t n);
/* a < w for a small word w. */
uint64_t mx_bn_lt_word(const mx_limb *a, size_t n, mx_limb w);

/* r = mask ? a : r */
void mx_bn_cmov(uint64_t mask, mx_limb *r, const mx_limb *a, size_t n);
/* mask ? swap(a, b) : nothing */
void mx_bn_cswap(uint64_t mask, mx_limb *a, mx_limb *b, size_t n);

/* r (na + nb limbs) = a * b; r must not alias a or b. */
void mx_bn_mul(mx_limb *r, const mx_limb *a, size_t na, const mx_limb *b, size_t nb);
/* r (n + 1 limbs) = a * w; r may alias a. */
void mx_bn_mul_word(mx_limb *r, const mx_limb *a, size_t n, mx_limb w);
/* a >>= 1, shifting in the bit top (0 or 1) at the top. */
void mx_bn_shr1(mx_limb *a, size_t n, mx_limb top);

/* Bit i of a, for a public index i. */
static inline mx_limb mx_bn_bit(const mx_limb *a, size_t i)
{
	return (a[i / MX_LIMB_BITS] >> (i % MX_LIMB_BITS)) & 1;
}

/* Number of significant bits of a public value. */
size_t mx_bn_bits_pub(const mx_limb *a, size_t n);

static inline void mx_bn_zero(mx_limb *r, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		r[i] = 0;
}

static inline void mx_bn_copy(mx_limb *r, const mx_limb *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		r[i] = a[i];
}

#endif /* MXTLS_CRYPTO_BN_H */
