// SPDX-License-Identifier: GPL-2.0
/*
 * GeneralName reading and checking.
 */
#include <errno.h>

#include "pki/general_name.h"
#include "pki/x509_name.h"

static int ia5_check(const struct mx_der *v)
{
	size_t i;

	for (i = 0; i < v->len; i++)
		if (v->p[i] & 0x80)
			return -EBADMSG;
	return 0;
}

int mx_gn_next(struct mx_der *cur, bool constraint, enum mx_gn_type *type, struct mx_der *val)
{
	struct mx_der v, name;
	uint8_t tag;

	if (mx_der_next(cur, &tag, &v, NULL))
		return -EBADMSG;
	/* Context class; constructed exactly for the types that are. */
	if ((tag & 0xc0) != 0x80 || (tag & 0x1f) > MX_GN_RID)
		return -EBADMSG;
	*type = (enum mx_gn_type)(tag & 0x1f);
	switch (*type) {
	case MX_GN_OTHER:
	case MX_GN_X400:
	case MX_GN_DIR:
	case MX_GN_EDI:
		if (!(tag & 0x20))
			return -EBADMSG;
		break;
	default:
		if (tag & 0x20)
			return -EBADMSG;
	}
	switch (*type) {
	case MX_GN_EMAIL:
	case MX_GN_DNS:
	case MX_GN_URI:
		if (ia5_check(&v))
			return -EBADMSG;
		break;
	case MX_GN_IP:
		if (constraint ? v.len != 8 && v.len != 32 : v.len != 4 && v.len != 16)
			return -EBADMSG;
		break;
	case MX_GN_DIR:
		/* [4] is EXPLICIT: it wraps the Name's SEQUENCE. */
		if (mx_der_get(&v, MX_DER_SEQUENCE, &name) || mx_der_end(&v) ||
		    mx_name_check(&name))
			return -EBADMSG;
		v = name;
		break;
	case MX_GN_RID:
		if (mx_der_oid(&v))
			return -EBADMSG;
		break;
	default:
		break;
	}
	*val = v;
	return 0;
}

int mx_gn_check_all(const struct mx_der *names)
{
	struct mx_der cur = *names, v;
	enum mx_gn_type t;
	unsigned int n;

	if (mx_der_empty(&cur))
		return -EBADMSG;
	for (n = 0; !mx_der_empty(&cur); n++)
		if (n == MX_GN_MAX || mx_gn_next(&cur, false, &t, &v))
			return -EBADMSG;
	return 0;
}
