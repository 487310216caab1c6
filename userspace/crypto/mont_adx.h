/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Montgomery multiplication and squaring with MULX (BMI2) and the two
 * carry chains of ADCX (CF) and ADOX (OF), for x86-64 CPUs that have
 * them but no AVX-512 IFMA (or with it hidden). The same contract as
 * mx_mont_mul/mx_mont_sqr, for moduli of a multiple of four limbs (RSA
 * and DH sizes); mont.c picks this code per call with mx_cpu_has().
 *
 * Constant time: the loops run a count fixed by the modulus length; the
 * only data-dependent choice, the final subtraction, is a mask.
 */
#ifndef MXTLS_CRYPTO_MONT_ADX_H
#define MXTLS_CRYPTO_MONT_ADX_H

#include "crypto/bn.h"

#define MX_MONT_ADX_STEP	4	/* the limb count must be a multiple of this */

/* r = a b / R mod m (n limbs); a < R, b < m. r may alias a or b. */
void mx_mont_adx_mul(mx_limb *r, const mx_limb *a, const mx_limb *b, const mx_limb *m,
		     mx_limb m0inv, size_t n);
/* r = a^2 / R mod m. */
void mx_mont_adx_sqr(mx_limb *r, const mx_limb *a, const mx_limb *m, mx_limb m0inv, size_t n);
/* r = t / R mod m for t (2n limbs, destroyed) below m R. */
void mx_mont_adx_redc(mx_limb *r, mx_limb *t, const mx_limb *m, mx_limb m0inv, size_t n);

#endif /* MXTLS_CRYPTO_MONT_ADX_H */
