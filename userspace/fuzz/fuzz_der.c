// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the DER reader and its primitive decoders, walked
 * over arbitrary input as a tree (every constructed element entered,
 * every primitive decoded as what its tag says).
 */
#include <stddef.h>
#include <stdint.h>

#include "pki/asn1_time.h"
#include "pki/der.h"
#include "pki/general_name.h"
#include "pki/x509_name.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void primitive(uint8_t tag, const struct mx_der *v)
{
	struct mx_der out;
	unsigned int unused;
	int64_t t;
	long l;
	bool b;

	switch (tag) {
	case MX_DER_BOOLEAN:
		mx_der_bool(v, &b);
		break;
	case MX_DER_INTEGER:
		mx_der_int(v);
		mx_der_uint(v, &out);
		mx_der_long(v, &l);
		break;
	case MX_DER_BIT_STRING:
		mx_der_bits(v, &out, &unused);
		break;
	case MX_DER_NULL:
		mx_der_null(v);
		break;
	case MX_DER_OID:
		mx_der_oid(v);
		break;
	case MX_DER_UTC_TIME:
	case MX_DER_GENERALIZED_TIME:
		mx_asn1_time(tag, v, &t);
		break;
	default:
		if (mx_str_type(tag)) {
			char buf[256];
			size_t len;

			mx_str_to_utf8(tag, v, buf, sizeof(buf), &len);
		}
	}
}

static void walk(struct mx_der cur, int depth)
{
	struct mx_der v, gn;
	enum mx_gn_type t;
	uint8_t tag;

	while (!mx_der_empty(&cur) && !mx_der_next(&cur, &tag, &v, NULL)) {
		if (!(tag & 0x20)) {
			primitive(tag, &v);
			continue;
		}
		if (tag == MX_DER_SEQUENCE && !mx_name_check(&v))
			mx_name_eq(&v, &v);
		for (gn = v; !mx_der_empty(&gn);)
			if (mx_gn_next(&gn, depth & 1, &t, &(struct mx_der){ 0 }))
				break;
		if (depth < 32)
			walk(v, depth + 1);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	walk(mx_der_span(data, size), 0);
	return 0;
}
