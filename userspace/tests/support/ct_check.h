/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Constant-time checks under valgrind's memcheck: secrets are marked
 * undefined, so any branch or memory index that depends on them is a
 * memcheck error. CT_BEGIN/CT_END bracket a computation and fail the test
 * when it produced errors; outputs are made defined again before they are
 * compared (that comparison is the test's, not the code's).
 */
#ifndef MXTLS_TEST_CT_CHECK_H
#define MXTLS_TEST_CT_CHECK_H

#include <valgrind/memcheck.h>
#include <valgrind/valgrind.h>

#include "crypto/cpu.h"

#define SECRET(p, n) VALGRIND_MAKE_MEM_UNDEFINED(p, n)
#define PUBLIC(p, n) VALGRIND_MAKE_MEM_DEFINED(p, n)

#define CT_BEGIN() unsigned long ct_errors_ = VALGRIND_COUNT_ERRORS
#define CT_END(what) do { \
	if (VALGRIND_COUNT_ERRORS != ct_errors_) \
		fail_msg("%s: secret-dependent branch or index (see valgrind above)", what); \
} while (0)

/* The checks prove nothing outside valgrind. */
static inline int ct_setup(void **state)
{
	(void)state;
	if (!RUNNING_ON_VALGRIND) {
		fprintf(stderr, "constant-time tests must run under valgrind\n");
		return -1;
	}
	return 0;
}

/*
 * Valgrind executes MULX and ADCX/ADOX but hides BMI2 and ADX from CPUID,
 * so the library would only ever take its portable code here. CT_PATHS(fn)
 * runs a test twice: on the portable code, and with BMI2 and ADX claimed
 * (mx_cpu_assume) so that the MULX/ADX code runs under memcheck too.
 */
static inline int ct_portable(void **state)
{
	(void)state;
	mx_cpu_assume(0);
	return 0;
}

static inline int ct_mulx_adx(void **state)
{
	(void)state;
	mx_cpu_assume(MX_CPU_BMI2 | MX_CPU_ADX);
	return 0;
}

#define CT_PATHS(fn) \
	{ #fn " (portable)", fn, ct_portable, NULL, NULL }, \
	{ #fn " (MULX/ADX)", fn, ct_mulx_adx, NULL, NULL }

#endif /* MXTLS_TEST_CT_CHECK_H */
