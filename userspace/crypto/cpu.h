/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CPU features the crypto code can use, detected once at run time with
 * CPUID (and XGETBV for the vector state the OS saves).
 *
 * Every accelerated routine has a portable, constant-time twin. Which one
 * runs is decided when a key is set up (AES, GHASH) or per call (hashes,
 * ChaCha20), from mx_cpu_features(). mx_cpu_force_portable(1), or the
 * environment variable MXTLS_CRYPTO_PORTABLE=1 at first use, hides every
 * feature so the portable code runs even on a CPU that has the
 * instructions: the tests use it to cover both paths on one machine.
 * MXTLS_NO_IFMA=1 (or mx_cpu_hide(MX_CPU_IFMA)) hides only AVX-512 IFMA,
 * so RSA and DH run the MULX/ADX Montgomery code a CPU without IFMA runs.
 */
#ifndef MXTLS_CRYPTO_CPU_H
#define MXTLS_CRYPTO_CPU_H

#include <stdint.h>

enum mx_cpu_feature {
	MX_CPU_SSSE3	= 1u << 0,
	MX_CPU_SSE41	= 1u << 1,
	MX_CPU_AESNI	= 1u << 2,
	MX_CPU_PCLMUL	= 1u << 3,
	MX_CPU_AVX	= 1u << 4,
	MX_CPU_AVX2	= 1u << 5,
	MX_CPU_SHA	= 1u << 6,
	MX_CPU_AVX512	= 1u << 7,	/* F, VL and BW, with the OS saving zmm */
	MX_CPU_VAES	= 1u << 8,	/* VAES and VPCLMULQDQ on ymm/zmm */
	MX_CPU_BMI2	= 1u << 9,
	MX_CPU_ADX	= 1u << 10,
	MX_CPU_IFMA	= 1u << 11,	/* AVX512-IFMA52, with MX_CPU_AVX512 */
	MX_CPU_DETECTED	= 1u << 31,	/* internal: detection has run */
};

/* The usable features (a mask of enum mx_cpu_feature, without DETECTED). */
uint32_t mx_cpu_features(void);

/*
 * Hide (on != 0) or restore (on == 0) every feature. Not thread-safe with
 * respect to keys being set up at the same time; meant for tests and
 * benchmarks.
 */
void mx_cpu_force_portable(int on);

/* Hide the given features (on top of mx_cpu_force_portable); 0 shows them again. */
void mx_cpu_hide(uint32_t features);

/*
 * Tests only: report features detection did not find. Valgrind runs
 * MULX and ADCX/ADOX but hides BMI2/ADX from CPUID; the constant-time
 * tests claim them so that memcheck sees the MULX/ADX code too.
 */
void mx_cpu_assume(uint32_t features);

static inline int mx_cpu_has(uint32_t features)
{
	return (mx_cpu_features() & features) == features;
}

#endif /* MXTLS_CRYPTO_CPU_H */
