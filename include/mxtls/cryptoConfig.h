/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Compile-time options of the crypto part of libmxtls, with the names the
 * MatrixSSL developer's guide gives them. Each can be set here or with -D
 * on the compiler command line; a -D wins (#ifndef guards below).
 */
#ifndef MXTLS_CRYPTO_CONFIG_H
#define MXTLS_CRYPTO_CONFIG_H

/*
 * Public-key math: speed versus RAM. SMALLER_RAM (the default) uses a
 * small exponentiation window and no cached precomputation; FASTER_SPEED
 * a wider window and precomputed tables. Define exactly one.
 */
#if !defined(PS_PUBKEY_OPTIMIZE_FOR_SMALLER_RAM) && \
	!defined(PS_PUBKEY_OPTIMIZE_FOR_FASTER_SPEED)
#define PS_PUBKEY_OPTIMIZE_FOR_SMALLER_RAM
#endif
#if defined(PS_PUBKEY_OPTIMIZE_FOR_SMALLER_RAM) && \
	defined(PS_PUBKEY_OPTIMIZE_FOR_FASTER_SPEED)
#error "define only one of PS_PUBKEY_OPTIMIZE_FOR_SMALLER_RAM and _FASTER_SPEED"
#endif

/* Unrolled, faster code for 1024-bit public-key operations. */
/* #define USE_1024_KEY_SPEED_OPTIMIZATIONS */

/* Unrolled symmetric code: faster, larger. Off means compact loops. */
/* #define PS_AES_IMPROVE_PERF_INCREASE_CODESIZE */
/* #define PS_3DES_IMPROVE_PERF_INCREASE_CODESIZE */
/* #define PS_MD5_IMPROVE_PERF_INCREASE_CODESIZE */
/* #define PS_SHA1_IMPROVE_PERF_INCREASE_CODESIZE */

/* RC4 is broken (RFC 7465): only in builds that ask for it. */
/* #define USE_ARC4 */

/*
 * SSL 3.0 key derivation, record MAC and Finished (RFC 6101). SSL 3.0 is
 * broken (RFC 7568) and off by default: a build that clears the guide's
 * DISABLE_SSLV3 (matrixsslConfig.h) defines this to get the crypto it
 * needs.
 */
/* #define USE_SSL3 */
/* The guide's switch for SSL 3.0 (matrixsslConfig.h) brings it in. */
#if defined(ENABLE_SSLV3) && !defined(USE_SSL3)
#define USE_SSL3
#endif

/* Private keys and their containers. */
#ifndef NO_PRIVATE_KEY_PARSING
#define USE_PRIVATE_KEY_PARSING
#endif
#ifndef NO_PKCS5
#define USE_PKCS5
#endif
#ifndef NO_PKCS8
#define USE_PKCS8
#endif
#ifndef NO_PKCS12
#define USE_PKCS12
#endif

/* Debug traces of the crypto module (psTraceCrypto). */
/* #define USE_CRYPTO_TRACE */

#endif /* MXTLS_CRYPTO_CONFIG_H */
