/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guide's size/speed options (include/mxtls/cryptoConfig.h) for the
 * symmetric code. PS_<ALG>_IMPROVE_PERF_INCREASE_CODESIZE unrolls the
 * round loops of <ALG> completely, so round constants, message indices and
 * rotations become immediates; without it the same loops stay rolled and
 * the code is several times smaller. The algorithm is identical either way
 * and nothing here depends on secret data.
 */
#ifndef MXTLS_CRYPTO_UNROLL_H
#define MXTLS_CRYPTO_UNROLL_H

#include "cryptoConfig.h"

#define MX_PRAGMA(x) _Pragma(#x)

#ifdef PS_AES_IMPROVE_PERF_INCREASE_CODESIZE
#define MX_AES_UNROLL MX_PRAGMA(GCC unroll 16)
#else
#define MX_AES_UNROLL MX_PRAGMA(GCC unroll 1)
#endif

#ifdef PS_3DES_IMPROVE_PERF_INCREASE_CODESIZE
#define MX_DES_UNROLL MX_PRAGMA(GCC unroll 16)
#else
#define MX_DES_UNROLL MX_PRAGMA(GCC unroll 1)
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
