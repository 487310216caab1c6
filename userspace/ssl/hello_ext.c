// SPDX-License-Identifier: GPL-2.0
/*
 * The caller's ClientHello extensions (matrixSsl*HelloExtension). The
 * object the caller holds is the list's head; entries follow it.
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
	if (extType == MX_EXT_EMS || extType == MX_EXT_RENEG_INFO || extType == MX_EXT_SIG_ALGS)
		return PS_ARG_FAIL;
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
