// SPDX-License-Identifier: GPL-2.0
/*
 * The caller's ClientHello extensions (matrixSsl*HelloExtension) and the
 * builders of the server_name and ALPN bodies. The object the caller
 * holds is the list's head; entries follow it.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "ssl/hello_ext.h"
#include "ssl/proto.h"

struct tlsExtension {
	struct tlsExtension *next;
	uint16_t type;
	uint16_t len;
	uint8_t *data;
	bool head;
};

int32 matrixSslNewHelloExtension(tlsExtension_t **extension, void *poolUserPtr)
{
	tlsExtension_t *h;

	if (!extension)
		return PS_ARG_FAIL;
	h = calloc(1, sizeof(*h));
	if (!h)
		return PS_MEM_FAIL;
	h->head = true;
	*extension = h;
	return PS_SUCCESS;
}

int32 matrixSslLoadHelloExtension(tlsExtension_t *extension, unsigned char *extData,
				  uint32 length, uint32 extType)
{
	tlsExtension_t *e, *t;

	if (!extension || !extension->head || extType > 0xffff || length > 0xffff ||
	    (length && !extData))
		return PS_ARG_FAIL;
	/* The library speaks these itself. */
	switch (extType) {
	case MX_EXT_EMS:
	case MX_EXT_RENEG_INFO:
	case MX_EXT_SIG_ALGS:
	case MX_EXT_GROUPS:
	case MX_EXT_POINT_FORMATS:
	case MX_EXT_ETM:
	case MX_EXT_SESSION_TICKET:
	case MX_EXT_MAX_FRAG:
		return PS_ARG_FAIL;
	}
	for (t = extension->next; t; t = t->next)
		if (t->type == extType)
			return PS_ARG_FAIL;
	e = calloc(1, sizeof(*e));
	if (!e)
		return PS_MEM_FAIL;
	e->data = malloc(length ? length : 1);
	if (!e->data) {
		free(e);
		return PS_MEM_FAIL;
	}
	if (length)
		memcpy(e->data, extData, length);
	e->type = (uint16_t)extType;
	e->len = (uint16_t)length;
	for (t = extension; t->next; t = t->next)
		;
	t->next = e;
	return PS_SUCCESS;
}

void matrixSslDeleteHelloExtension(tlsExtension_t *extension)
{
	tlsExtension_t *e, *n;

	for (e = extension; e; e = n) {
		n = e->next;
		free(e->data);
		free(e);
	}
}

const tlsExtension_t *mx_hello_ext_first(const tlsExtension_t *list)
{
	return list ? list->next : NULL;
}

const tlsExtension_t *mx_hello_ext_next(const tlsExtension_t *e)
{
	return e->next;
}

uint16_t mx_hello_ext_type(const tlsExtension_t *e)
{
	return e->type;
}

const uint8_t *mx_hello_ext_data(const tlsExtension_t *e)
{
	return e->data;
}

size_t mx_hello_ext_len(const tlsExtension_t *e)
{
	return e->len;
}

int32 matrixSslCreateSNIext(void *pool, unsigned char *host, uint32 hostLen,
			    unsigned char **extOut, int32 *extLen)
{
	unsigned char *b;

	if (!host || !hostLen || hostLen > 255 || !extOut || !extLen ||
	    memchr(host, 0, hostLen))
		return PS_ARG_FAIL;
	b = malloc(hostLen + 5);
	if (!b)
		return PS_MEM_FAIL;
	/* ServerNameList: one host_name. */
	b[0] = (unsigned char)((hostLen + 3) >> 8);
	b[1] = (unsigned char)(hostLen + 3);
	b[2] = 0;
	b[3] = (unsigned char)(hostLen >> 8);
	b[4] = (unsigned char)hostLen;
	memcpy(b + 5, host, hostLen);
	*extOut = b;
	*extLen = (int32)(hostLen + 5);
	return PS_SUCCESS;
}

int32 matrixSslCreateALPNext(void *pool, int32 protoCount, unsigned char *proto[],
			     int32 protoLen[], unsigned char **extOut, int32 *extLen)
{
	unsigned char *b;
	size_t n = 2, at;
	int32 i;

	if (protoCount < 1 || !proto || !protoLen || !extOut || !extLen)
		return PS_ARG_FAIL;
	for (i = 0; i < protoCount; i++) {
		if (!proto[i] || protoLen[i] < 1 || protoLen[i] > 255)
			return PS_ARG_FAIL;
		n += 1 + (size_t)protoLen[i];
	}
	if (n > 0xffff)
		return PS_LIMIT_FAIL;
	b = malloc(n);
	if (!b)
		return PS_MEM_FAIL;
	b[0] = (unsigned char)((n - 2) >> 8);
	b[1] = (unsigned char)(n - 2);
	for (i = 0, at = 2; i < protoCount; i++) {
		b[at++] = (unsigned char)protoLen[i];
		memcpy(b + at, proto[i], (size_t)protoLen[i]);
		at += (size_t)protoLen[i];
	}
	*extOut = b;
	*extLen = (int32)n;
	return PS_SUCCESS;
}
