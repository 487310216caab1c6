/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Modular exponentiation with AVX-512 IFMA (vpmadd52luq/vpmadd52huq):
 * numbers in radix 2^52, eight limbs per 512-bit register, almost
 * Montgomery multiplication (results below 2m, reduced once at the end).
 * Used behind mx_mont_exp when the CPU and OS support it; the portable
 * code is the reference and the fallback.
 */
#ifndef MXTLS_CRYPTO_BN_IFMA_H
#define MXTLS_CRYPTO_BN_IFMA_H

#include "crypto/mont.h"

/* The radix-2^52 form of mc's modulus, or NULL (no IFMA, size unsupported). */
struct mx_ifma *mx_ifma_new(const struct mx_mont *mc);
void mx_ifma_free(struct mx_ifma *f);

/* As mx_mont_exp, for a context whose ifma member is set. */
int mx_ifma_exp(const struct mx_mont *mc, mx_limb *r, const mx_limb *a,
		const mx_limb *e, size_t ebits);

/* As mx_mont_exp_pub (variable time in e, which must be non-zero); -ENOMEM. */
int mx_ifma_exp_pub(const struct mx_mont *mc, mx_limb *r, const mx_limb *a,
		    const mx_limb *e, size_t en);

/* Whether two contexts have the same register count (mx_ifma_exp2). */
int mx_ifma_can_pair(const struct mx_ifma *f1, const struct mx_ifma *f2);

/* As mx_mont_exp2: both exponentiations interleaved in one loop. */
int mx_ifma_exp2(const struct mx_mont *m1, mx_limb *r1, const mx_limb *a1, const mx_limb *e1,
		 const struct mx_mont *m2, mx_limb *r2, const mx_limb *a2, const mx_limb *e2,
		 size_t ebits);

#endif /* MXTLS_CRYPTO_BN_IFMA_H */
