// SPDX-License-Identifier: GPL-2.0
/*
 * The strict DER reader (see der.h for what "strict" means here).
 */
#include <errno.h>
#include <limits.h>

#include "pki/der.h"

int mx_der_next(struct mx_der *cur, uint8_t *tag, struct mx_der *val, struct mx_der *tlv)
{
	const uint8_t *p = cur->p;
	size_t left = cur->len, len, hdr, i, n;

	if (left < 2)
		return -EBADMSG;
	/* High tag numbers (low five bits all set) never occur in X.509. */
	if ((p[0] & 0x1f) == 0x1f)
		return -EBADMSG;
	if (p[1] < 0x80) {
		len = p[1];
		hdr = 2;
	} else {
		/* 0x80 is the indefinite form; more than 4 length bytes is absurd here. */
		n = p[1] & 0x7f;
		if (n == 0 || n > 4 || left - 2 < n)
			return -EBADMSG;
		/* Minimal: no leading zero byte, and the long form only from 128. */
		if (p[2] == 0)
			return -EBADMSG;
		len = 0;
		for (i = 0; i < n; i++)
			len = (len << 8) | p[2 + i];
		if (len < 0x80)
			return -EBADMSG;
		hdr = 2 + n;
	}
	if (len > left - hdr)
		return -EBADMSG;
	*tag = p[0];
	val->p = p + hdr;
	val->len = len;
	if (tlv) {
		tlv->p = p;
		tlv->len = hdr + len;
	}
	cur->p = p + hdr + len;
	cur->len = left - hdr - len;
	return 0;
}

int mx_der_get_tlv(struct mx_der *cur, uint8_t tag, struct mx_der *val, struct mx_der *tlv)
{
	struct mx_der save = *cur;
	uint8_t t;

	if (mx_der_next(cur, &t, val, tlv))
		return -EBADMSG;
	if (t != tag) {
		*cur = save;
		return -EBADMSG;
	}
	return 0;
}

int mx_der_get(struct mx_der *cur, uint8_t tag, struct mx_der *val)
{
	return mx_der_get_tlv(cur, tag, val, NULL);
}

int mx_der_opt(struct mx_der *cur, uint8_t tag, struct mx_der *val)
{
	if (mx_der_peek(cur) != tag)
		return 0;
	return mx_der_get(cur, tag, val) ? -EBADMSG : 1;
}

/* Minimal two's complement: the first nine bits are never all equal. */
int mx_der_int(const struct mx_der *val)
{
	if (val->len == 0)
		return -EBADMSG;
	if (val->len > 1 && ((val->p[0] == 0x00 && !(val->p[1] & 0x80)) ||
			     (val->p[0] == 0xff && (val->p[1] & 0x80))))
		return -EBADMSG;
	return 0;
}

int mx_der_uint(const struct mx_der *val, struct mx_der *mag)
{
	if (mx_der_int(val) || (val->p[0] & 0x80))
		return -EBADMSG;
	*mag = *val;
	if (mag->p[0] == 0) {
		mag->p++;
		mag->len--;
	}
	return 0;
}

int mx_der_long(const struct mx_der *val, long *out)
{
	unsigned long u;
	size_t i;

	if (mx_der_int(val) || val->len > sizeof(long))
		return -EBADMSG;
	/* Sign-extend from the first byte, then shift the rest in. */
	u = (val->p[0] & 0x80) ? ULONG_MAX : 0;
	for (i = 0; i < val->len; i++)
		u = (u << 8) | val->p[i];
	*out = (long)u;
	return 0;
}

int mx_der_get_long(struct mx_der *cur, long min, long max, long *out)
{
	struct mx_der v;

	if (mx_der_get(cur, MX_DER_INTEGER, &v) || mx_der_long(&v, out))
		return -EBADMSG;
	return (*out < min || *out > max) ? -EBADMSG : 0;
}

int mx_der_bool(const struct mx_der *val, bool *out)
{
	if (val->len != 1 || (val->p[0] != 0x00 && val->p[0] != 0xff))
		return -EBADMSG;
	*out = val->p[0] == 0xff;
	return 0;
}

int mx_der_null(const struct mx_der *val)
{
	return val->len ? -EBADMSG : 0;
}

int mx_der_bits(const struct mx_der *val, struct mx_der *bytes, unsigned int *unused)
{
	unsigned int u;

	if (val->len == 0)
		return -EBADMSG;
	u = val->p[0];
	/* At most 7 unused bits, none in an empty string, and all zero. */
	if (u > 7 || (val->len == 1 && u != 0))
		return -EBADMSG;
	if (u && (val->p[val->len - 1] & ((1u << u) - 1)))
		return -EBADMSG;
	bytes->p = val->p + 1;
	bytes->len = val->len - 1;
	*unused = u;
	return 0;
}

int mx_der_bits_octets(const struct mx_der *val, struct mx_der *bytes)
{
	unsigned int unused;

	if (mx_der_bits(val, bytes, &unused) || unused)
		return -EBADMSG;
	return 0;
}

int mx_der_oid(const struct mx_der *val)
{
	size_t i;

	if (val->len == 0 || (val->p[val->len - 1] & 0x80))
		return -EBADMSG;
	/* Each arc starts without a 0x80 padding byte. */
	for (i = 0; i < val->len; i++)
		if (val->p[i] == 0x80 && (i == 0 || !(val->p[i - 1] & 0x80)))
			return -EBADMSG;
	return 0;
}
