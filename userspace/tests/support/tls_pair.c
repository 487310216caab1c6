// SPDX-License-Identifier: GPL-2.0
/*
 * In-memory pairs of our sessions for the API tests.
 */
#include <stdlib.h>
#include <string.h>

#include "tls_pair.h"

int tls_feed(struct tls_end *to, const unsigned char *data, size_t len, size_t chunk)
{
	unsigned char *buf, *pt;
	uint32 ptlen;
	int32 n, rc = 0;
	size_t take;

	while (len) {
		n = matrixSslGetReadbuf(to->ssl, &buf);
		if (n <= 0)
			return n < 0 ? n : PS_FAILURE;
		take = len < (size_t)n ? len : (size_t)n;
		if (chunk && take > chunk)
			take = chunk;
		memcpy(buf, data, take);
		data += take;
		len -= take;
		rc = matrixSslReceivedData(to->ssl, (int32)take, &pt, &ptlen);
		for (;;) {
			if (rc < 0)
				return rc;
			if (rc == MATRIXSSL_HANDSHAKE_COMPLETE)
				to->complete = 1;
			if (rc != MATRIXSSL_APP_DATA && rc != MATRIXSSL_RECEIVED_ALERT)
				break;
			if (rc == MATRIXSSL_APP_DATA) {
				if (to->got_len + ptlen > to->got_cap) {
					to->got_cap = (to->got_len + ptlen) * 2;
					to->got = realloc(to->got, to->got_cap);
				}
				memcpy(to->got + to->got_len, pt, ptlen);
				to->got_len += ptlen;
			} else {
				to->alerts++;
				memcpy(to->alert, pt, 2);
			}
			rc = matrixSslProcessedData(to->ssl, &pt, &ptlen);
		}
		to->last = rc;
	}
	return 0;
}

/* Send everything from 'from' to 'to'; 1 if anything moved. */
static int32 move(struct tls_end *from, struct tls_end *to, size_t chunk)
{
	unsigned char *out, *copy;
	int32 n, rc;

	n = matrixSslGetOutdata(from->ssl, &out);
	if (n <= 0)
		return n;
	copy = malloc((size_t)n);
	memcpy(copy, out, (size_t)n);
	rc = matrixSslSentData(from->ssl, (uint32)n);
	if (rc == MATRIXSSL_HANDSHAKE_COMPLETE)
		from->complete = 1;
	if (rc < 0) {
		free(copy);
		return rc;
	}
	if (from->tamper)
		from->tamper(copy, (size_t)n, from->tamper_arg);
	rc = tls_feed(to, copy, (size_t)n, chunk);
	free(copy);
	return rc < 0 ? rc : 1;
}

int tls_pump(struct tls_end *c, struct tls_end *s, size_t chunk)
{
	int32 a, b;

	do {
		a = move(c, s, chunk);
		if (a < 0)
			return a;
		b = move(s, c, chunk);
		if (b < 0)
			return b;
	} while (a || b);
	return 0;
}

sslKeys_t *tls_server_keys(int with_client_ca)
{
	sslKeys_t *k;

	if (matrixSslNewKeys(&k, NULL) < 0)
		return NULL;
	if (matrixSslLoadRsaKeys(k, TLS_TESTDATA "/server-chain.pem", TLS_TESTDATA "/server.key",
				 NULL, with_client_ca ? TLS_TESTDATA "/client-ca.pem" : NULL) < 0) {
		matrixSslDeleteKeys(k);
		return NULL;
	}
	return k;
}

sslKeys_t *tls_client_keys(int with_client_cert)
{
	sslKeys_t *k;

	if (matrixSslNewKeys(&k, NULL) < 0)
		return NULL;
	if (matrixSslLoadRsaKeys(k, with_client_cert ? TLS_TESTDATA "/client.pem" : NULL,
				 with_client_cert ? TLS_TESTDATA "/client.key" : NULL, NULL,
				 TLS_TESTDATA "/ca.pem") < 0) {
		matrixSslDeleteKeys(k);
		return NULL;
	}
	return k;
}

int tls_testdata(void)
{
	return system(MXTLS_TOP "/scripts/tls-testdata.sh " TLS_TESTDATA) == 0 ? 0 : -1;
}

void tls_end_free(struct tls_end *e)
{
	matrixSslDeleteSession(e->ssl);
	free(e->got);
	memset(e, 0, sizeof(*e));
}
