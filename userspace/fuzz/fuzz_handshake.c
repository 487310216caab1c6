// SPDX-License-Identifier: GPL-2.0
/*
 * The handshake-message parser and both state machines: the input is
 * a sequence of handshake bytes (any framing: messages may span the
 * pieces) given to the engine directly, as the record layer would after
 * opening records. The first byte picks the role and where ChangeCipherSpec
 * is injected; the rest is cut into pieces at the offsets its next bytes
 * give. Bad input must end in an alert, never a crash.
 */
#include <stdint.h>
#include <string.h>

#include "fuzz_common.h"
#include "ssl/ssl_int.h"

static sslKeys_t *skeys, *ckeys;

/* One opened record's content into the engine, errors as the API ends them. */
static int engine_input(ssl_t *ssl, uint8_t ct, const uint8_t *data, size_t len)
{
	int rc;

	if (ssl->flags & MX_F_FATAL)
		return PS_PROTOCOL_FAIL;
	rc = mx_engine_input(ssl, ct, data, len);
	if (rc < 0)
		return mx_fatal(ssl, rc);
	if (ct == MX_CT_CCS && mx_rl_ccs_received(&ssl->rl))
		return mx_fatal(ssl, mx_alert_err(SSL_ALERT_UNEXPECTED_MESSAGE));
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t ccs = 1;
	unsigned char *out;
	ssl_t *ssl;
	size_t piece, at = 0;
	int32 n;
	int rc = 0;

	if (!skeys) {
		skeys = fuzz_keys(1);
		ckeys = fuzz_keys(0);
	}
	if (size < 3)
		return 0;
	if (data[0] & 1) {
		if (matrixSslNewClientSession(&ssl, ckeys, NULL, NULL, 0, NULL, NULL, NULL, NULL,
					      NULL) != MATRIXSSL_REQUEST_SEND)
			abort();
	} else if (matrixSslNewServerSession(&ssl, skeys, NULL, NULL) < 0) {
		abort();
	}
	piece = (size_t)data[1] << 8 | data[2];
	if (!piece)
		piece = size;
	data += 3;
	size -= 3;
	while (size && rc >= 0) {
		size_t take = size < piece ? size : piece;

		rc = engine_input(ssl, 22, data, take);
		data += take;
		size -= take;
		at++;
		if (rc >= 0 && (at & 3) == 3)
			rc = engine_input(ssl, 20, &ccs, 1);
		while ((n = matrixSslGetOutdata(ssl, &out)) > 0)
			matrixSslSentData(ssl, (uint32)n);
	}
	matrixSslDeleteSession(ssl);
	return 0;
}
