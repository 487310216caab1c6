// SPDX-License-Identifier: GPL-2.0
/*
 * Hash identifiers of the PKI code mapped to crypto/hash.h.
 */
#include <errno.h>

#include "core/ct.h"
#include "pki/digest.h"

const struct mx_hash_desc *mx_pki_hash_desc(enum mx_pki_hash h)
{
	switch (h) {
	case MX_PKI_MD5:	return mx_hash_get(MX_HASH_MD5);
	case MX_PKI_SHA1:	return mx_hash_get(MX_HASH_SHA1);
	case MX_PKI_SHA256:	return mx_hash_get(MX_HASH_SHA256);
	case MX_PKI_SHA384:	return mx_hash_get(MX_HASH_SHA384);
	case MX_PKI_SHA512:	return mx_hash_get(MX_HASH_SHA512);
	default:		return NULL;
	}
}

int mx_pki_digest(enum mx_pki_hash h, const void *data, size_t len, uint8_t *out)
{
	const struct mx_hash_desc *d = mx_pki_hash_desc(h);
	union mx_hash_ctx ctx;

	if (!d)
		return -EOPNOTSUPP;
	d->init(&ctx);
	d->update(&ctx, data, len);
	d->final(&ctx, out);
	return 0;
}
