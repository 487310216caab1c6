// SPDX-License-Identifier: GPL-2.0
/*
 * DH parameter files.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/dh.h"
#include "pki/algs.h"
#include "pki/der.h"
#include "pki/dhparams.h"
#include "pki/file.h"
#include "pki/pem.h"

/* g < p - 1, both big-endian magnitudes without leading zeros, p odd. */
static bool below_p_minus_1(const struct mx_der *g, const struct mx_der *p)
{
	size_t i;
	uint8_t pb;

	if (g->len != p->len)
		return g->len < p->len;
	for (i = 0; i < p->len; i++) {
		/* p is odd, so p - 1 differs from p only in the last bit. */
		pb = i == p->len - 1 ? p->p[i] - 1 : p->p[i];
		if (g->p[i] != pb)
			return g->p[i] < pb;
	}
	return false;
}

static int from_der(const uint8_t *der, size_t len, bool x942, struct mx_pki_dh *out)
{
	struct mx_der cur = mx_der_span(der, len), seq, v, p, g;
	unsigned int bits;

	if (mx_der_get(&cur, MX_DER_SEQUENCE, &seq) || mx_der_end(&cur) ||
	    mx_der_get(&seq, MX_DER_INTEGER, &v) || mx_der_uint(&v, &p) ||
	    mx_der_get(&seq, MX_DER_INTEGER, &v) || mx_der_uint(&v, &g))
		return -EBADMSG;
	if (x942) {
		/* q, then optional j and validation parameters. */
		if (mx_der_get(&seq, MX_DER_INTEGER, &v) || mx_der_uint(&v, &v))
			return -EBADMSG;
		if (mx_der_opt(&seq, MX_DER_INTEGER, &v) < 0 ||
		    mx_der_opt(&seq, MX_DER_SEQUENCE, &v) < 0)
			return -EBADMSG;
	} else {
		/* privateValueLength */
		if (mx_der_opt(&seq, MX_DER_INTEGER, &v) < 0)
			return -EBADMSG;
	}
	if (mx_der_end(&seq))
		return -EBADMSG;
	bits = mx_bitlen(&p);
	if (bits < MX_DH_MIN_BITS || bits > MX_DH_MAX_BITS || !(p.p[p.len - 1] & 1) ||
	    mx_bitlen(&g) < 2 || !below_p_minus_1(&g, &p))
		return -EBADMSG;
	out->p = malloc(p.len);
	out->g = malloc(g.len);
	if (!out->p || !out->g) {
		mx_pki_dh_clear(out);
		return -ENOMEM;
	}
	memcpy(out->p, p.p, p.len);
	out->p_len = p.len;
	memcpy(out->g, g.p, g.len);
	out->g_len = g.len;
	return 0;
}

int mx_pki_dh_parse(const void *buf, size_t len, struct mx_pki_dh *out)
{
	const char *pos = buf, *end = pos + len;
	struct mx_pem_block blk;
	int r;

	memset(out, 0, sizeof(*out));
	if (!mx_pem_present(buf, len))
		return from_der(buf, len, false, out);
	while ((r = mx_pem_find(&pos, end, &blk)) > 0) {
		bool x942 = !strcmp(blk.label, "X9.42 DH PARAMETERS");

		if (!x942 && strcmp(blk.label, "DH PARAMETERS"))
			continue;
		r = mx_pem_decode(&blk);
		if (!r)
			r = from_der(blk.der, blk.der_len, x942, out);
		mx_pem_block_clear(&blk);
		return r;
	}
	return r < 0 ? r : -ENOENT;
}

int mx_pki_dh_load_file(const char *path, struct mx_pki_dh *out)
{
	uint8_t *buf;
	size_t len;
	int err;

	memset(out, 0, sizeof(*out));
	err = mx_file_read(path, &buf, &len);
	if (err)
		return err;
	err = mx_pki_dh_parse(buf, len, out);
	mx_file_free(buf, len);
	return err;
}

void mx_pki_dh_clear(struct mx_pki_dh *dh)
{
	free(dh->p);
	free(dh->g);
	memset(dh, 0, sizeof(*dh));
}

int mx_pki_dh_load_params(const char *path, struct mx_dh_params **out)
{
	struct mx_pki_dh dh;
	int err;

	*out = NULL;
	err = mx_pki_dh_load_file(path, &dh);
	if (err)
		return err;
	err = mx_dh_params_new(out, dh.p, dh.p_len, dh.g, dh.g_len);
	mx_pki_dh_clear(&dh);
	return err;
}
