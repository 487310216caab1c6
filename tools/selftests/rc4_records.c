// SPDX-License-Identifier: GPL-2.0
/*
 * records.c with the RC4 suites, against GnuTLS: run by run.sh with the
 * module built with MXTLS_RC4=y (build/kmod-rc4), the only one that has them.
 */
#define MXTLS_SELFTEST_RC4
#include "records.c"
