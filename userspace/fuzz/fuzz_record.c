// SPDX-License-Identifier: GPL-2.0
/*
 * The record parser: arbitrary bytes as what the network delivers, to a
 * server (first byte even) or to a client that sent its ClientHello (odd),
 * fed in chunks whose sizes come from the second byte so that partial
 * records and several records per read both happen. Whatever happens the
 * session must end in an answer (an alert queued, a request for more) and
 * never touch memory it should not.
 */
#include <stdint.h>
#include <string.h>

#include "fuzz_common.h"

static sslKeys_t *skeys, *ckeys;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *buf, *pt, *out;
	uint32 ptlen;
	ssl_t *ssl;
	size_t chunk, take;
	int32 n, rc;

	if (!skeys) {
		skeys = fuzz_keys(1);
		ckeys = fuzz_keys(0);
	}
	if (size < 2)
		return 0;
	if (data[0] & 1) {
		if (matrixSslNewClientSession(&ssl, ckeys, NULL, NULL, 0, NULL, NULL, NULL, NULL,
					      NULL) != MATRIXSSL_REQUEST_SEND)
			abort();
		n = matrixSslGetOutdata(ssl, &out);
		matrixSslSentData(ssl, (uint32)n);
	} else if (matrixSslNewServerSession(&ssl, skeys, NULL, NULL) < 0) {
		abort();
	}
	chunk = data[1] ? data[1] : 4096;
	data += 2;
	size -= 2;
	while (size) {
		n = matrixSslGetReadbuf(ssl, &buf);
		if (n <= 0)
			break;
		take = size < chunk ? size : chunk;
		if (take > (size_t)n)
			take = (size_t)n;
		memcpy(buf, data, take);
		data += take;
		size -= take;
		rc = matrixSslReceivedData(ssl, (int32)take, &pt, &ptlen);
		while (rc == MATRIXSSL_APP_DATA || rc == MATRIXSSL_RECEIVED_ALERT)
			rc = matrixSslProcessedData(ssl, &pt, &ptlen);
		if (rc < 0 || rc == MATRIXSSL_REQUEST_CLOSE)
			break;
		while ((n = matrixSslGetOutdata(ssl, &out)) > 0)
			matrixSslSentData(ssl, (uint32)n);
	}
	matrixSslDeleteSession(ssl);
	return 0;
}
