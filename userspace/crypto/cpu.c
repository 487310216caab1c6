// SPDX-License-Identifier: GPL-2.0
/*
 * Run-time CPU feature detection. See cpu.h.
 */
#include <stdlib.h>
#include <string.h>

#include "crypto/cpu.h"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

static uint32_t cpu_caps;	/* MX_CPU_DETECTED once filled */
static int cpu_portable = -1;	/* -1: not decided yet */
static uint32_t cpu_hidden = MX_CPU_DETECTED;	/* DETECTED: env not read yet */
static uint32_t cpu_assumed;

#if defined(__x86_64__) || defined(__i386__)
static uint64_t xgetbv0(void)
{
	uint32_t lo, hi;

	__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	return (uint64_t)hi << 32 | lo;
}

static uint32_t detect(void)
{
	unsigned int a, b, c, d, max;
	uint32_t f = 0;
	uint64_t xcr0 = 0;
	int ymm_ok, zmm_ok;

	max = __get_cpuid_max(0, NULL);
	if (max < 1)
		return 0;
	__cpuid(1, a, b, c, d);
	if (c & bit_SSSE3)
		f |= MX_CPU_SSSE3;
	if (c & bit_SSE4_1)
		f |= MX_CPU_SSE41;
	if (c & bit_AES)
		f |= MX_CPU_AESNI;
	if (c & bit_PCLMUL)
		f |= MX_CPU_PCLMUL;
	if (c & bit_OSXSAVE)
		xcr0 = xgetbv0();
	/* The OS must save xmm|ymm (bits 1, 2) and opmask|zmm (bits 5-7). */
	ymm_ok = (xcr0 & 0x6) == 0x6;
	zmm_ok = ymm_ok && (xcr0 & 0xe0) == 0xe0;
	if (ymm_ok && (c & bit_AVX))
		f |= MX_CPU_AVX;
	if (max >= 7) {
		__cpuid_count(7, 0, a, b, c, d);
		if ((f & MX_CPU_AVX) && (b & bit_AVX2))
			f |= MX_CPU_AVX2;
		if (b & bit_SHA)
			f |= MX_CPU_SHA;
		if (b & bit_BMI2)
			f |= MX_CPU_BMI2;
		if (b & bit_ADX)
			f |= MX_CPU_ADX;
		if (zmm_ok && (b & bit_AVX512F) && (b & bit_AVX512VL) && (b & bit_AVX512BW))
			f |= MX_CPU_AVX512;
		if ((f & MX_CPU_AVX512) && (b & bit_AVX512IFMA))
			f |= MX_CPU_IFMA;
		if ((f & MX_CPU_AVX2) && (c & bit_VAES) && (c & bit_VPCLMULQDQ))
			f |= MX_CPU_VAES;
	}
	return f;
}
#else
static uint32_t detect(void)
{
	return 0;
}
#endif

uint32_t mx_cpu_features(void)
{
	uint32_t caps = __atomic_load_n(&cpu_caps, __ATOMIC_RELAXED);
	int portable = __atomic_load_n(&cpu_portable, __ATOMIC_RELAXED);
	uint32_t hidden;

	if (__builtin_expect(!(caps & MX_CPU_DETECTED), 0)) {
		caps = detect() | MX_CPU_DETECTED;
		__atomic_store_n(&cpu_caps, caps, __ATOMIC_RELAXED);
	}
	if (__builtin_expect(portable < 0, 0)) {
		const char *env = secure_getenv("MXTLS_CRYPTO_PORTABLE");

		portable = env && strcmp(env, "1") == 0;
		__atomic_store_n(&cpu_portable, portable, __ATOMIC_RELAXED);
	}
	hidden = __atomic_load_n(&cpu_hidden, __ATOMIC_RELAXED);
	if (__builtin_expect(hidden & MX_CPU_DETECTED, 0)) {
		const char *env = secure_getenv("MXTLS_NO_IFMA");

		hidden = env && strcmp(env, "1") == 0 ? MX_CPU_IFMA : 0;
		__atomic_store_n(&cpu_hidden, hidden, __ATOMIC_RELAXED);
	}
	caps |= __atomic_load_n(&cpu_assumed, __ATOMIC_RELAXED);
	return portable ? 0 : caps & ~hidden & ~MX_CPU_DETECTED;
}

void mx_cpu_force_portable(int on)
{
	__atomic_store_n(&cpu_portable, !!on, __ATOMIC_RELAXED);
}

void mx_cpu_hide(uint32_t features)
{
	__atomic_store_n(&cpu_hidden, features & ~MX_CPU_DETECTED, __ATOMIC_RELAXED);
}

void mx_cpu_assume(uint32_t features)
{
	__atomic_store_n(&cpu_assumed, features & ~MX_CPU_DETECTED, __ATOMIC_RELAXED);
}
