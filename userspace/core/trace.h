/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guide's debug traces (USE_CORE_TRACE, USE_CRYPTO_TRACE,
 * USE_SSL_HANDSHAKE_MSG_TRACE, USE_SSL_INFORMATIONAL_TRACE): compiled
 * only into builds that define them, written to standard error. A
 * release build has none of them and so never prints.
 */
#ifndef MXTLS_CORE_TRACE_H
#define MXTLS_CORE_TRACE_H

#include "matrixsslConfig.h"

/* Print "mxtls <module>: <message>\n" to standard error. */
void mx_trace_printf(const char *module, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* An error on a path HALT_ON_PS_ERROR wants to stop at. */
void mx_trace_error(const char *module, const char *what);

#ifdef USE_CORE_TRACE
#define psTraceCore(...) mx_trace_printf("core", __VA_ARGS__)
#else
#define psTraceCore(...) do { if (0) mx_trace_printf("core", __VA_ARGS__); } while (0)
#endif

#ifdef USE_CRYPTO_TRACE
#define psTraceCrypto(...) mx_trace_printf("crypto", __VA_ARGS__)
#else
#define psTraceCrypto(...) do { if (0) mx_trace_printf("crypto", __VA_ARGS__); } while (0)
#endif

#endif /* MXTLS_CORE_TRACE_H */
