// SPDX-License-Identifier: GPL-2.0
/*
 * The trust store.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pki/file.h"
#include "pki/pem.h"
#include "pki/trust.h"

void mx_trust_init(struct mx_trust_store *ts)
{
	memset(ts, 0, sizeof(*ts));
}

void mx_trust_clear(struct mx_trust_store *ts)
{
	size_t i;

	for (i = 0; i < ts->n; i++)
		mx_x509_free(ts->certs[i]);
	free(ts->certs);
	mx_trust_init(ts);
}

static int push(struct mx_trust_store *ts, struct mx_x509 *c)
{
	struct mx_x509 **nc;
	size_t cap;

	if (ts->n == ts->cap) {
		cap = ts->cap ? ts->cap * 2 : 16;
		nc = realloc(ts->certs, cap * sizeof(*nc));
		if (!nc)
			return -ENOMEM;
		ts->certs = nc;
		ts->cap = cap;
	}
	ts->certs[ts->n++] = c;
	return 0;
}

int mx_trust_add_der(struct mx_trust_store *ts, const void *der, size_t len)
{
	struct mx_x509 *c;
	int err;

	err = mx_x509_parse(der, len, &c);
	if (err)
		return err;
	err = push(ts, c);
	if (err)
		mx_x509_free(c);
	return err;
}

int mx_trust_add_buf(struct mx_trust_store *ts, const void *buf, size_t len, size_t *added)
{
	const char *pos = buf, *end = pos + len;
	struct mx_pem_block blk;
	size_t first = ts->n;
	int r, err = 0;

	if (!mx_pem_present(buf, len)) {
		err = mx_trust_add_der(ts, buf, len);
	} else {
		while ((r = mx_pem_find(&pos, end, &blk)) > 0) {
			if (strcmp(blk.label, "CERTIFICATE"))
				continue;
			err = mx_pem_decode(&blk);
			if (!err)
				err = mx_trust_add_der(ts, blk.der, blk.der_len);
			mx_pem_block_clear(&blk);
			if (err)
				break;
		}
		if (r < 0)
			err = r;
	}
	if (err) {
		while (ts->n > first)
			mx_x509_free(ts->certs[--ts->n]);
		return err;
	}
	if (added)
		*added = ts->n - first;
	return 0;
}

int mx_trust_add_file(struct mx_trust_store *ts, const char *path, size_t *added)
{
	uint8_t *buf;
	size_t len;
	int err;

	err = mx_file_read(path, &buf, &len);
	if (err)
		return err;
	err = mx_trust_add_buf(ts, buf, len, added);
	mx_file_free(buf, len);
	return err;
}

bool mx_trust_contains(const struct mx_trust_store *ts, const struct mx_x509 *cert)
{
	size_t i;

	for (i = 0; i < ts->n; i++)
		if (mx_der_eq(&ts->certs[i]->der, &cert->der))
			return true;
	return false;
}
