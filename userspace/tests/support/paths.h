/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Running a crypto test twice: once with the CPU's instructions (AES-NI,
 * PCLMULQDQ, SHA-NI, AVX2 where present) and once with the portable
 * fallbacks forced (mx_cpu_force_portable), so both paths are covered on
 * one machine. MX_BOTH(fn) expands to two cmocka test entries.
 * MX_PK_PATHS(fn) adds a third for the public-key code: the CPU's
 * instructions with AVX-512 IFMA hidden, i.e. the MULX/ADX Montgomery
 * code that CPUs without IFMA run.
 */
#ifndef MXTLS_TEST_PATHS_H
#define MXTLS_TEST_PATHS_H

#include "crypto/cpu.h"

static inline int mx_test_accel(void **state)
{
	(void)state;
	mx_cpu_force_portable(0);
	mx_cpu_hide(0);
	return 0;
}

static inline int mx_test_portable(void **state)
{
	(void)state;
	mx_cpu_force_portable(1);
	mx_cpu_hide(0);
	return 0;
}

static inline int mx_test_no_ifma(void **state)
{
	(void)state;
	mx_cpu_force_portable(0);
	mx_cpu_hide(MX_CPU_IFMA);
	return 0;
}

#define MX_BOTH(fn) \
	{ #fn " (accelerated)", fn, mx_test_accel, NULL, NULL }, \
	{ #fn " (portable)", fn, mx_test_portable, NULL, NULL }

#define MX_PK_PATHS(fn) \
	MX_BOTH(fn), \
	{ #fn " (no IFMA)", fn, mx_test_no_ifma, NULL, NULL }

#endif /* MXTLS_TEST_PATHS_H */
