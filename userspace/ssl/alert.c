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
		ssl->alert_sent = (uint8_t)alert;
		/* Best effort: the session is dead whether or not it goes out. */
		ssl->port_ops->send_alert(ssl->port, SSL_ALERT_LEVEL_FATAL, (uint8_t)alert);
		ssl->port_ops->flush(ssl->port);
	}
	/* RFC 5246 7.2.2: a fatal alert invalidates the session. */
	if (ssl->role == MX_SERVER)
		mx_cache_remove(ssl->sid_bytes, ssl->sid_len);
	else if (ssl->sid)
		matrixSslClearSessionId(ssl->sid);
	mx_hs_end(ssl);
	return err;
}

const char *mx_alert_name(uint8_t desc)
{
	switch (desc) {
	case SSL_ALERT_CLOSE_NOTIFY: return "close_notify";
	case SSL_ALERT_UNEXPECTED_MESSAGE: return "unexpected_message";
	case SSL_ALERT_BAD_RECORD_MAC: return "bad_record_mac";
	case SSL_ALERT_RECORD_OVERFLOW: return "record_overflow";
	case SSL_ALERT_DECOMPRESSION_FAILURE: return "decompression_failure";
	case SSL_ALERT_HANDSHAKE_FAILURE: return "handshake_failure";
	case SSL_ALERT_NO_CERTIFICATE: return "no_certificate";
	case SSL_ALERT_BAD_CERTIFICATE: return "bad_certificate";
	case SSL_ALERT_UNSUPPORTED_CERTIFICATE: return "unsupported_certificate";
	case SSL_ALERT_CERTIFICATE_REVOKED: return "certificate_revoked";
	case SSL_ALERT_CERTIFICATE_EXPIRED: return "certificate_expired";
	case SSL_ALERT_CERTIFICATE_UNKNOWN: return "certificate_unknown";
	case SSL_ALERT_ILLEGAL_PARAMETER: return "illegal_parameter";
	case SSL_ALERT_UNKNOWN_CA: return "unknown_ca";
	case SSL_ALERT_ACCESS_DENIED: return "access_denied";
	case SSL_ALERT_DECODE_ERROR: return "decode_error";
	case SSL_ALERT_DECRYPT_ERROR: return "decrypt_error";
	case SSL_ALERT_PROTOCOL_VERSION: return "protocol_version";
	case SSL_ALERT_INSUFFICIENT_SECURITY: return "insufficient_security";
	case SSL_ALERT_INTERNAL_ERROR: return "internal_error";
	case SSL_ALERT_INAPPROPRIATE_FALLBACK: return "inappropriate_fallback";
	case SSL_ALERT_USER_CANCELED: return "user_canceled";
	case SSL_ALERT_NO_RENEGOTIATION: return "no_renegotiation";
	case SSL_ALERT_UNSUPPORTED_EXTENSION: return "unsupported_extension";
	}
	return "unknown alert";
}

const char *mx_hs_type_name(uint8_t type)
{
	switch (type) {
	case MX_HT_HELLO_REQUEST: return "HelloRequest";
	case MX_HT_CLIENT_HELLO: return "ClientHello";
	case MX_HT_SERVER_HELLO: return "ServerHello";
	case MX_HT_CERTIFICATE: return "Certificate";
	case MX_HT_SERVER_KEY_EXCHANGE: return "ServerKeyExchange";
	case MX_HT_CERT_REQUEST: return "CertificateRequest";
	case MX_HT_SERVER_HELLO_DONE: return "ServerHelloDone";
	case MX_HT_CERT_VERIFY: return "CertificateVerify";
	case MX_HT_CLIENT_KEY_EXCHANGE: return "ClientKeyExchange";
	case MX_HT_FINISHED: return "Finished";
	}
	return "unknown handshake message";
}
