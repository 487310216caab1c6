/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Number theory on fixed-size integers, constant time in the values:
 * modular inverse, exact division by a word, remainders by small words,
 * Miller-Rabin and random primes.
 */
#ifndef MXTLS_CRYPTO_BN_ARITH_H
#define MXTLS_CRYPTO_BN_ARITH_H

#include "crypto/mont.h"

/*
 * r = x^-1 mod m for an odd m (n limbs, bit length mbits public) and
 * x < m. Binary extended Euclid with 2 mbits masked iterations.
 * Returns 0, or -EINVAL when gcd(x, m) != 1 (r is then zero).
 */
int mx_bn_modinv(mx_limb *r, const mx_limb *x, const mx_limb *m, size_t n, size_t mbits);

/* r = x / d for an odd d that divides x exactly (multiplication by d^-1). */
void mx_bn_divexact_word(mx_limb *r, const mx_limb *x, size_t n, mx_limb d);

/* x mod d for 2 <= d < 2^31, by Barrett reduction (no division instruction). */
mx_limb mx_bn_mod_word(const mx_limb *x, size_t n, mx_limb d);

/*
 * Miller-Rabin with `rounds` random bases: 1 for probably prime, 0 for
 * composite, negative on error. The exponentiations are constant time,
 * so a secret candidate (an RSA prime) leaks nothing but the verdict.
 */
int mx_bn_is_probable_prime(const struct mx_mont *mc, int rounds);

/*
 * A random prime of exactly `bits` bits (bits >= 64) with its two top
 * bits set, such that gcd(p - 1, e) = 1 for the odd word e. p has
 * MX_BN_LIMBS(bits) limbs.
 */
int mx_bn_gen_prime(mx_limb *p, size_t bits, mx_limb e);

/* Miller-Rabin rounds for an error below 2^-100 on adversarial input. */
#define MX_MR_ROUNDS_ADVERSARIAL	50

#endif /* MXTLS_CRYPTO_BN_ARITH_H */
