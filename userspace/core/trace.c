// SPDX-License-Identifier: GPL-2.0
/*
 * Debug trace output. Only builds with a trace option call these.
 */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>

#include "core/trace.h"

void mx_trace_printf(const char *module, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	flockfile(stderr);
	fprintf(stderr, "mxtls %s: ", module);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	funlockfile(stderr);
	va_end(ap);
}

void mx_trace_error(const char *module, const char *what)
{
#if defined(USE_CORE_TRACE) || defined(USE_CRYPTO_TRACE) || \
	defined(USE_SSL_HANDSHAKE_MSG_TRACE) || defined(USE_SSL_INFORMATIONAL_TRACE)
	mx_trace_printf(module, "error: %s", what);
#endif
#ifdef HALT_ON_PS_ERROR
	raise(SIGTRAP);
#endif
}
