/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guide's size/speed options (include/mxtls/cryptoConfig.h) for the
 * symmetric code. PS_<ALG>_IMPROVE_PERF_INCREASE_CODESIZE unrolls the
 * round loops of <ALG> completely, so round constants, message indices and
 * rotations become immediates, and inlines the round's building blocks;
 * without it the loops stay rolled and the building blocks are called,
 * and the code is several times smaller. The algorithm is identical
 * either way and nothing here depends on secret data. (The AES-NI, SHA-NI
 * and SIMD paths are always unrolled: their point is speed.)
 *
 * PS_AES_IMPROVE_PERF_INCREASE_CODESIZE is not about unrolling: the
 * bitsliced AES's round is already straight-line code and copies of it
 * only overflowed the decoded-instruction cache when measured. It makes
 * that code work on eight blocks in 128-bit vectors instead of four in
 * 64-bit words (see aes_ct.c and MX_AES_CT_BLOCKS).
 */
#ifndef MXTLS_CRYPTO_UNROLL_H
#define MXTLS_CRYPTO_UNROLL_H

#include "cryptoConfig.h"

#define MX_PRAGMA(x) _Pragma(#x)

#ifdef PS_3DES_IMPROVE_PERF_INCREASE_CODESIZE
#define MX_DES_UNROLL MX_PRAGMA(GCC unroll 16)
#define MX_DES_INLINE inline __attribute__((always_inline))
#else
#define MX_DES_UNROLL MX_PRAGMA(GCC unroll 1)
#define MX_DES_INLINE __attribute__((noinline))
#endif

#ifdef PS_MD5_IMPROVE_PERF_INCREASE_CODESIZE
#define MX_MD5_UNROLL MX_PRAGMA(GCC unroll 16)
#else
#define MX_MD5_UNROLL MX_PRAGMA(GCC unroll 1)
#endif

#ifdef PS_SHA1_IMPROVE_PERF_INCREASE_CODESIZE
#define MX_SHA1_UNROLL MX_PRAGMA(GCC unroll 16)
#else
#define MX_SHA1_UNROLL MX_PRAGMA(GCC unroll 1)
#endif

#endif /* MXTLS_CRYPTO_UNROLL_H */
