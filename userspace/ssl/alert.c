// SPDX-License-Identifier: GPL-2.0
/*
 * Fatal errors and the alert that goes with each, and the names of
 * alerts and handshake messages for traces.
 */
#include <errno.h>

#include "ssl/proto.h"
#include "ssl/sess_cache.h"
#include "ssl/ssl_int.h"
#include "ssl/trace.h"

static bool is_cert_alert(int a)
{
	return (a >= SSL_ALERT_BAD_CERTIFICATE && a <= SSL_ALERT_UNKNOWN_CA) ||
	       a == SSL_ALERT_NO_CERTIFICATE;
}

int32 mx_fatal(ssl_t *ssl, int rc)
{
	int alert = SSL_ALERT_INTERNAL_ERROR;
	int32 err = PS_FAILURE;

	if (mx_is_alert_err(rc)) {
		alert = -rc - MX_EALERT_BASE;
		err = is_cert_alert(alert) ? PS_CERT_AUTH_FAIL : PS_PROTOCOL_FAIL;
	} else if (rc == -ENOMEM) {
		err = PS_MEM_FAIL;
	}
	mx_trace_info(ssl, "fatal: sending %s (%d)", mx_alert_name((uint8_t)alert), rc);
	mx_trace_error("ssl", mx_alert_name((uint8_t)alert));
	if (!(ssl->flags & MX_F_FATAL)) {
		ssl->flags |= MX_F_FATAL;
		/* Best effort: the session is dead whether or not it goes out. */
		ssl->port_ops->send_alert(ssl->port, SSL_ALERT_LEVEL_FATAL, (uint8_t)alert);
		ssl->port_ops->flush(ssl->port);
	}
	/* RFC 5246 7.2.2: a fatal alert invalidates the session. */
	if (ssl->role == MX_SERVER)
		mx_cache_remove(ssl->cache, ssl->sid_bytes, ssl->sid_len);
	else if (ssl->sid)
		matrixSslClearSessionId(ssl->sid);
	mx_hs_end(ssl);
	return err;
}

static const char *const alert_names[256] = {
	[SSL_ALERT_CLOSE_NOTIFY] = "close_notify",
	[SSL_ALERT_UNEXPECTED_MESSAGE] = "unexpected_message",
	[SSL_ALERT_BAD_RECORD_MAC] = "bad_record_mac",
	[SSL_ALERT_RECORD_OVERFLOW] = "record_overflow",
	[SSL_ALERT_DECOMPRESSION_FAILURE] = "decompression_failure",
	[SSL_ALERT_HANDSHAKE_FAILURE] = "handshake_failure",
	[SSL_ALERT_NO_CERTIFICATE] = "no_certificate",
	[SSL_ALERT_BAD_CERTIFICATE] = "bad_certificate",
	[SSL_ALERT_UNSUPPORTED_CERTIFICATE] = "unsupported_certificate",
	[SSL_ALERT_CERTIFICATE_REVOKED] = "certificate_revoked",
	[SSL_ALERT_CERTIFICATE_EXPIRED] = "certificate_expired",
	[SSL_ALERT_CERTIFICATE_UNKNOWN] = "certificate_unknown",
	[SSL_ALERT_ILLEGAL_PARAMETER] = "illegal_parameter",
	[SSL_ALERT_UNKNOWN_CA] = "unknown_ca",
	[SSL_ALERT_ACCESS_DENIED] = "access_denied",
	[SSL_ALERT_DECODE_ERROR] = "decode_error",
	[SSL_ALERT_DECRYPT_ERROR] = "decrypt_error",
	[SSL_ALERT_PROTOCOL_VERSION] = "protocol_version",
	[SSL_ALERT_INSUFFICIENT_SECURITY] = "insufficient_security",
	[SSL_ALERT_INTERNAL_ERROR] = "internal_error",
	[SSL_ALERT_INAPPROPRIATE_FALLBACK] = "inappropriate_fallback",
	[SSL_ALERT_USER_CANCELED] = "user_canceled",
	[SSL_ALERT_NO_RENEGOTIATION] = "no_renegotiation",
	[SSL_ALERT_UNSUPPORTED_EXTENSION] = "unsupported_extension",
};

static const char *const hs_names[256] = {
	[MX_HT_HELLO_REQUEST] = "HelloRequest",
	[MX_HT_CLIENT_HELLO] = "ClientHello",
	[MX_HT_SERVER_HELLO] = "ServerHello",
	[MX_HT_CERTIFICATE] = "Certificate",
	[MX_HT_SERVER_KEY_EXCHANGE] = "ServerKeyExchange",
	[MX_HT_CERT_REQUEST] = "CertificateRequest",
	[MX_HT_SERVER_HELLO_DONE] = "ServerHelloDone",
	[MX_HT_CERT_VERIFY] = "CertificateVerify",
	[MX_HT_CLIENT_KEY_EXCHANGE] = "ClientKeyExchange",
	[MX_HT_FINISHED] = "Finished",
};

const char *mx_alert_name(uint8_t desc)
{
	return alert_names[desc] ? alert_names[desc] : "unknown alert";
}

const char *mx_hs_type_name(uint8_t type)
{
	return hs_names[type] ? hs_names[type] : "unknown handshake message";
}
