/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Handshake-message and informational traces of the TLS engine
 * (USE_SSL_HANDSHAKE_MSG_TRACE, USE_SSL_INFORMATIONAL_TRACE). Off, they
 * compile to nothing but still type-check their arguments.
 */
#ifndef MXTLS_SSL_TRACE_H
#define MXTLS_SSL_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/trace.h"

struct ssl;

const char *mx_hs_type_name(uint8_t type);
const char *mx_alert_name(uint8_t desc);

#ifdef USE_SSL_HANDSHAKE_MSG_TRACE
#define mx_trace_hs(ssl, out, type, len) \
	mx_trace_printf((ssl)->role ? "server" : "client", "%s %s (%zu bytes)", \
			(out) ? "sent" : "received", mx_hs_type_name(type), (size_t)(len))
#else
#define mx_trace_hs(ssl, out, type, len) \
	do { (void)(ssl); (void)(out); (void)(type); (void)(len); } while (0)
#endif

#ifdef USE_SSL_INFORMATIONAL_TRACE
#define mx_trace_info(ssl, ...) mx_trace_printf((ssl)->role ? "server" : "client", __VA_ARGS__)
#else
#define mx_trace_info(ssl, ...) \
	do { if (0) mx_trace_printf((ssl)->role ? "server" : "client", __VA_ARGS__); } while (0)
#endif

#endif /* MXTLS_SSL_TRACE_H */
