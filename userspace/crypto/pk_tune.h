/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How the guide's public-key compile options (mxtls/cryptoConfig.h) turn
 * into sizes inside the bignum, RSA, DH and EC code.
 *
 * PS_PUBKEY_OPTIMIZE_FOR_SMALLER_RAM (the default): modular
 *   exponentiation uses at most a 4-bit window (16 table entries), the
 *   EC scalar multiplication a 4-bit signed window, and the EC base point
 *   a comb of 4 teeth with 16 affine points each (built once per curve, on
 *   first use: 4 KiB for P-256, 6 KiB for P-384), which cuts the
 *   doublings of a fixed-base multiplication (key generation, ECDSA
 *   signing) from 256 to 60 and gives ECDSA verification its table of
 *   odd multiples of G.
 * PS_PUBKEY_OPTIMIZE_FOR_FASTER_SPEED: windows of up to 6 bits for long
 *   exponents, a 5-bit EC window, and a comb with one tooth per 5-bit
 *   digit (53 KiB for P-256, 118 KiB for P-384): no doublings at all.
 * USE_1024_KEY_SPEED_OPTIMIZATIONS: fully unrolled Montgomery
 *   multiplication and squaring for 1024-bit moduli (RSA-1024, and the
 *   CRT halves of RSA-2048) on the portable path.
 */
#ifndef MXTLS_CRYPTO_PK_TUNE_H
#define MXTLS_CRYPTO_PK_TUNE_H

#include "mxtls/cryptoConfig.h"
#include "crypto/bn.h"

/* The base-point comb: digit width, and teeth (capped at the digit count). */
#define MX_EC_COMB_W		5
#ifdef PS_PUBKEY_OPTIMIZE_FOR_FASTER_SPEED
#define MX_EXP_WINDOW_MAX	6
#define MX_EC_WINDOW		5
#define MX_EC_COMB_TEETH	128
#else
#define MX_EXP_WINDOW_MAX	4
#define MX_EC_WINDOW		4
#define MX_EC_COMB_TEETH	4
#endif

/* Window width for a fixed-window exponent of ebits bits. */
static inline unsigned int mx_exp_window(size_t ebits)
{
	unsigned int w = ebits >= 1800 ? 6 : ebits >= 512 ? 5 : ebits >= 64 ? 4 : 3;

	return w < MX_EXP_WINDOW_MAX ? w : MX_EXP_WINDOW_MAX;
}

/* The w-bit window of e at bit b (a public position), clipped at ebits. */
static inline mx_limb mx_exp_window_at(const mx_limb *e, size_t ebits, size_t b, unsigned int w)
{
	size_t limb = b / MX_LIMB_BITS, sh = b % MX_LIMB_BITS;
	size_t take = ebits - b < w ? ebits - b : w;
	mx_limb v = e[limb] >> sh;

	if (sh + take > MX_LIMB_BITS)
		v |= e[limb + 1] << (MX_LIMB_BITS - sh);
	return v & (((mx_limb)1 << take) - 1);
}

#endif /* MXTLS_CRYPTO_PK_TUNE_H */
