/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Montgomery arithmetic modulo an odd m > 1 of at most MX_BN_MAX_BITS
 * bits, R = 2^(64 n). Numbers are arrays of mc->n limbs; inputs are
 * reduced (< m) unless said otherwise. Timing depends on the modulus
 * length only, so a context may hold a secret modulus (an RSA prime):
 * nothing here branches on or indexes by m's value either.
 */
#ifndef MXTLS_CRYPTO_MONT_H
#define MXTLS_CRYPTO_MONT_H

#include "crypto/bn.h"

struct mx_ifma;

struct mx_mont {
	size_t n;		/* limbs of m (its top limb is non-zero) */
	size_t bits;		/* bit length of m */
	mx_limb m0inv;		/* -m^-1 mod 2^64 */
	mx_limb *m;
	mx_limb *rr;		/* R^2 mod m */
	mx_limb *one;		/* R mod m: 1 in Montgomery form */
	struct mx_ifma *ifma;	/* radix-2^52 form for AVX-512 IFMA, or NULL */
	mx_limb data[];
};

/*
 * A context for the modulus in big-endian bytes (leading zero bytes
 * allowed). -EINVAL for an even modulus, 1 or 0; -ERANGE above
 * MX_BN_MAX_BITS; -ENOMEM. Free with mx_mont_free (which zeroizes).
 */
int mx_mont_new(struct mx_mont **out, const uint8_t *m, size_t len);
/* The same from limbs (n limbs, leading zero limbs allowed). */
int mx_mont_new_limbs(struct mx_mont **out, const mx_limb *m, size_t n);
void mx_mont_free(struct mx_mont *mc);

/* r = a b / R mod m. r may alias a or b; a may be any value below R. */
void mx_mont_mul(const struct mx_mont *mc, mx_limb *r, const mx_limb *a, const mx_limb *b);
/* r = a^2 / R mod m. */
void mx_mont_sqr(const struct mx_mont *mc, mx_limb *r, const mx_limb *a);
/* r = a R mod m (a < R) and r = a / R mod m. */
void mx_mont_to(const struct mx_mont *mc, mx_limb *r, const mx_limb *a);
void mx_mont_from(const struct mx_mont *mc, mx_limb *r, const mx_limb *a);

/* r (mc->n limbs) = x mod m for x of xn limbs, any value. */
void mx_mont_reduce(const struct mx_mont *mc, mx_limb *r, const mx_limb *x, size_t xn);

/* The same for x of 2n limbs below m R: cheaper (a reduction pass and a product). */
void mx_mont_reduce_wide(const struct mx_mont *mc, mx_limb *r, const mx_limb *x);

/*
 * r = a^e mod m, a < m, e of MX_BN_LIMBS(ebits) limbs below 2^ebits.
 * Constant time in a and e: a fixed window whose table entries are all
 * read on every lookup. ebits is public. -ENOMEM or 0.
 */
int mx_mont_exp(const struct mx_mont *mc, mx_limb *r, const mx_limb *a,
		const mx_limb *e, size_t ebits);

/*
 * Two independent constant-time exponentiations (the halves of an RSA
 * CRT operation): r1 = a1^e1 mod m1, r2 = a2^e2 mod m2, both exponents
 * below 2^ebits. Interleaved when the hardware allows.
 */
int mx_mont_exp2(const struct mx_mont *m1, mx_limb *r1, const mx_limb *a1, const mx_limb *e1,
		 const struct mx_mont *m2, mx_limb *r2, const mx_limb *a2, const mx_limb *e2,
		 size_t ebits);

/* r = a^e mod m for a public exponent e of en limbs: variable time in e. */
void mx_mont_exp_pub(const struct mx_mont *mc, mx_limb *r, const mx_limb *a,
		     const mx_limb *e, size_t en);

#endif /* MXTLS_CRYPTO_MONT_H */
