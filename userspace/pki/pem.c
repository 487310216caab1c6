// SPDX-License-Identifier: GPL-2.0
/*
 * PEM block reader.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/ct.h"
#include "pki/base64.h"
#include "pki/pem.h"

static const char begin_tag[] = "-----BEGIN ";
static const char end_tag[] = "-----END ";
static const char dashes[] = "-----";

#define LIT_LEN(s) (sizeof(s) - 1)

/* The line starting at p: returns its end (excluding CR LF), sets *next. */
static const char *line_end(const char *p, const char *end, const char **next)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	const char *e = nl ? nl : end;

	*next = nl ? nl + 1 : end;
	while (e > p && (e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t'))
		e--;
	return e;
}

static bool starts_with(const char *p, const char *e, const char *lit, size_t n)
{
	return (size_t)(e - p) >= n && !memcmp(p, lit, n);
}

/*
 * Parse "<prefix>LABEL-----" on [p, e): the label must be printable
 * ASCII without dashes at either end. Returns its length or -1.
 */
static int parse_label(const char *p, const char *e, size_t prefix, char *label)
{
	size_t n, i;

	if ((size_t)(e - p) < prefix + LIT_LEN(dashes))
		return -1;
	if (memcmp(e - LIT_LEN(dashes), dashes, LIT_LEN(dashes)))
		return -1;
	p += prefix;
	n = (size_t)(e - p) - LIT_LEN(dashes);
	if (n == 0 || n >= MX_PEM_LABEL_MAX || p[0] == '-' || p[n - 1] == '-')
		return -1;
	for (i = 0; i < n; i++) {
		if (p[i] < 0x20 || p[i] > 0x7e)
			return -1;
		label[i] = p[i];
	}
	label[n] = '\0';
	return (int)n;
}

/*
 * RFC 1421 headers: "Name: value" lines ended by an empty line. Only the
 * two OpenSSL writes for encrypted keys are understood; any other header
 * makes the block malformed rather than silently ignored.
 */
static int parse_header(const char *p, const char *e, struct mx_pem_block *blk)
{
	static const char proc[] = "Proc-Type:";
	static const char dek[] = "DEK-Info:";

	if (starts_with(p, e, proc, LIT_LEN(proc))) {
		p += LIT_LEN(proc);
		while (p < e && (*p == ' ' || *p == '\t'))
			p++;
		if ((size_t)(e - p) != 11 || memcmp(p, "4,ENCRYPTED", 11))
			return -EBADMSG;
		blk->proc_type_encrypted = true;
		return 0;
	}
	if (starts_with(p, e, dek, LIT_LEN(dek))) {
		p += LIT_LEN(dek);
		while (p < e && (*p == ' ' || *p == '\t'))
			p++;
		if (p == e || blk->dek_info)
			return -EBADMSG;
		blk->dek_info = p;
		blk->dek_info_len = (size_t)(e - p);
		return 0;
	}
	return -EBADMSG;
}

int mx_pem_find(const char **pos, const char *end, struct mx_pem_block *blk)
{
	const char *p = *pos, *e, *next, *body = NULL, *body_end = NULL;
	char end_label[MX_PEM_LABEL_MAX];
	bool in_headers;
	int err;

	memset(blk, 0, sizeof(*blk));
	/* Skip text up to a BEGIN line. */
	for (;; p = next) {
		if (p >= end)
			return 0;
		e = line_end(p, end, &next);
		if (starts_with(p, e, begin_tag, LIT_LEN(begin_tag)))
			break;
	}
	if (parse_label(p, e, LIT_LEN(begin_tag), blk->label) < 0)
		return -EBADMSG;

	/* Headers, if the first line has a colon, run up to an empty line. */
	p = next;
	e = line_end(p, end, &next);
	in_headers = memchr(p, ':', (size_t)(e - p));
	for (; p < end; p = next) {
		e = line_end(p, end, &next);
		if (in_headers) {
			if (e == p) {
				in_headers = false;
				continue;
			}
			err = parse_header(p, e, blk);
			if (err)
				return err;
			continue;
		}
		if (starts_with(p, e, end_tag, LIT_LEN(end_tag))) {
			body_end = p;
			break;
		}
		if (!body)
			body = p;
	}
	if (!body_end || in_headers)
		return -EBADMSG;
	if (parse_label(p, e, LIT_LEN(end_tag), end_label) < 0 || strcmp(end_label, blk->label))
		return -EBADMSG;
	if (blk->proc_type_encrypted != !!blk->dek_info)
		return -EBADMSG;
	if (!body)
		body = body_end;
	blk->body = body;
	blk->body_len = (size_t)(body_end - body);
	*pos = next;
	return 1;
}

int mx_pem_decode(struct mx_pem_block *blk)
{
	size_t cap = mx_base64_max_decoded(blk->body_len);

	blk->der = malloc(cap);
	if (!blk->der)
		return -ENOMEM;
	if (mx_base64_decode(blk->body, blk->body_len, blk->der, &blk->der_len) ||
	    blk->der_len == 0) {
		mx_zeroize(blk->der, cap);
		free(blk->der);
		blk->der = NULL;
		blk->der_len = 0;
		return -EBADMSG;
	}
	return 0;
}

int mx_pem_next(const char **pos, const char *end, struct mx_pem_block *blk)
{
	const char *p = *pos;
	int r;

	r = mx_pem_find(&p, end, blk);
	if (r <= 0)
		return r;
	r = mx_pem_decode(blk);
	if (r) {
		memset(blk, 0, sizeof(*blk));
		return r;
	}
	*pos = p;
	return 1;
}

void mx_pem_block_clear(struct mx_pem_block *blk)
{
	if (blk->der) {
		mx_zeroize(blk->der, blk->der_len);
		free(blk->der);
	}
	memset(blk, 0, sizeof(*blk));
}

bool mx_pem_present(const void *buf, size_t len)
{
	return memmem(buf, len, begin_tag, LIT_LEN(begin_tag));
}
