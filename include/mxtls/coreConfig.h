/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Compile-time options of the core part of libmxtls (names from the
 * MatrixSSL developer's guide). Give them here or with -D.
 */
#ifndef MXTLS_CORE_CONFIG_H
#define MXTLS_CORE_CONFIG_H

/* Certificates and keys may be read from files (matrixSslLoadRsaKeys). */
#ifndef NO_MATRIX_USE_FILE_SYSTEM
#define MATRIX_USE_FILE_SYSTEM
#endif

/* Function-level traces of the core module (psTraceCore), to stderr. */
/* #define USE_CORE_TRACE */

/* Stop in the debugger (SIGTRAP) whenever an error is traced. */
/* #define HALT_ON_PS_ERROR */

#endif /* MXTLS_CORE_CONFIG_H */
