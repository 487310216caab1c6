// SPDX-License-Identifier: GPL-2.0
/*
 * X.509 v3 extensions (RFC 5280 4.2): the ones chain validation and the
 * certificate callback use are decoded and checked; any other one is
 * skipped unless it is critical, which marks the certificate as carrying
 * an extension we cannot process.
 */
#include <errno.h>
#include <limits.h>

#include "pki/general_name.h"
#include "pki/oid.h"
#include "pki/x509.h"

static int basic_constraints(struct mx_x509 *c, struct mx_der v)
{
	struct mx_der seq, b;
	bool ca = false;
	long len;
	int r;

	if (mx_der_get(&v, MX_DER_SEQUENCE, &seq) || mx_der_end(&v))
		return -EBADMSG;
	r = mx_der_opt(&seq, MX_DER_BOOLEAN, &b);
	if (r < 0)
		return r;
	/* cA defaults to FALSE, so DER never encodes FALSE. */
	if (r && (mx_der_bool(&b, &ca) || !ca))
		return -EBADMSG;
	if (!mx_der_empty(&seq)) {
		/* A path length only makes sense for a CA (RFC 5280 4.2.1.9). */
		if (!ca || mx_der_get_long(&seq, 0, INT_MAX, &len) || mx_der_end(&seq))
			return -EBADMSG;
		c->path_len = (int)len;
	}
	c->is_ca = ca;
	return 0;
}

static int key_usage(struct mx_x509 *c, struct mx_der v)
{
	struct mx_der bits, bytes;
	unsigned int unused, i;

	if (mx_der_get(&v, MX_DER_BIT_STRING, &bits) || mx_der_end(&v) ||
	    mx_der_bits(&bits, &bytes, &unused))
		return -EBADMSG;
	/* Nine bits are defined; later ones are ignored. */
	for (i = 0; i < bytes.len * 8 && i < 9; i++)
		if (bytes.p[i / 8] & (0x80 >> (i % 8)))
			c->key_usage |= (uint16_t)(1u << i);
	return 0;
}

static int ext_key_usage(struct mx_x509 *c, struct mx_der v)
{
	static const struct {
		const char *oid;
		size_t len;
		uint8_t bit;
	} purposes[] = {
#define P(o, b) { o, sizeof(o) - 1, b }
		P(OID_KP_SERVER_AUTH, MX_EKU_SERVER_AUTH),
		P(OID_KP_CLIENT_AUTH, MX_EKU_CLIENT_AUTH),
		P(OID_KP_CODE_SIGNING, MX_EKU_CODE_SIGNING),
		P(OID_KP_EMAIL, MX_EKU_EMAIL),
		P(OID_KP_TIME_STAMPING, MX_EKU_TIME_STAMPING),
		P(OID_KP_OCSP_SIGNING, MX_EKU_OCSP_SIGNING),
		P(OID_ANY_EKU, MX_EKU_ANY),
#undef P
	};
	struct mx_der seq, oid;
	size_t i;

	if (mx_der_get(&v, MX_DER_SEQUENCE, &seq) || mx_der_end(&v) || mx_der_empty(&seq))
		return -EBADMSG;
	while (!mx_der_empty(&seq)) {
		if (mx_der_get(&seq, MX_DER_OID, &oid) || mx_der_oid(&oid))
			return -EBADMSG;
		for (i = 0; i < sizeof(purposes) / sizeof(purposes[0]); i++)
			if (oid.len == purposes[i].len && !memcmp(oid.p, purposes[i].oid, oid.len))
				break;
		c->ext_key_usage |= i < sizeof(purposes) / sizeof(purposes[0]) ?
				    purposes[i].bit : MX_EKU_OTHER;
	}
	return 0;
}

static int subject_alt_name(struct mx_x509 *c, struct mx_der v)
{
	if (mx_der_get(&v, MX_DER_SEQUENCE, &c->san) || mx_der_end(&v))
		return -EBADMSG;
	return mx_gn_check_all(&c->san);
}

static int key_identifier(struct mx_x509 *c, struct mx_der v)
{
	if (mx_der_get(&v, MX_DER_OCTET_STRING, &c->ski) || mx_der_end(&v))
		return -EBADMSG;
	return 0;
}

static int authority_key_id(struct mx_x509 *c, struct mx_der v)
{
	struct mx_der seq;

	if (mx_der_get(&v, MX_DER_SEQUENCE, &seq) || mx_der_end(&v))
		return -EBADMSG;
	if (mx_der_opt(&seq, MX_DER_CTX(0), &c->aki_id) < 0)
		return -EBADMSG;
	if (mx_der_opt(&seq, MX_DER_CTX_CONS(1), &c->aki_issuer) < 0 ||
	    (c->aki_issuer.p && mx_gn_check_all(&c->aki_issuer)))
		return -EBADMSG;
	if (mx_der_opt(&seq, MX_DER_CTX(2), &c->aki_serial) < 0 ||
	    (c->aki_serial.p && mx_der_int(&c->aki_serial)))
		return -EBADMSG;
	return mx_der_end(&seq);
}

/*
 * GeneralSubtrees: RFC 5280 4.2.1.10 fixes minimum at 0 and forbids
 * maximum, so a subtree is just its base name.
 */
static int subtrees(struct mx_der v)
{
	struct mx_der sub, base;
	enum mx_gn_type t;
	unsigned int n;

	if (mx_der_empty(&v))
		return -EBADMSG;
	for (n = 0; !mx_der_empty(&v); n++) {
		if (n == MX_SUBTREES_MAX || mx_der_get(&v, MX_DER_SEQUENCE, &sub) ||
		    mx_gn_next(&sub, true, &t, &base) || mx_der_end(&sub))
			return -EBADMSG;
	}
	return 0;
}

static int name_constraints(struct mx_x509 *c, struct mx_der v)
{
	struct mx_der seq;
	int r1, r2;

	if (mx_der_get(&v, MX_DER_SEQUENCE, &seq) || mx_der_end(&v))
		return -EBADMSG;
	r1 = mx_der_opt(&seq, MX_DER_CTX_CONS(0), &c->nc_permitted);
	r2 = mx_der_opt(&seq, MX_DER_CTX_CONS(1), &c->nc_excluded);
	if (r1 < 0 || r2 < 0 || (!r1 && !r2) || mx_der_end(&seq))
		return -EBADMSG;
	if ((r1 && subtrees(c->nc_permitted)) || (r2 && subtrees(c->nc_excluded)))
		return -EBADMSG;
	return 0;
}

/*
 * certificatePolicies is checked for shape only: without policy
 * processing every policy is acceptable (initial-policy-set anyPolicy).
 */
static int cert_policies(struct mx_x509 *c, struct mx_der v)
{
	struct mx_der seq, info, oid;

	if (mx_der_get(&v, MX_DER_SEQUENCE, &seq) || mx_der_end(&v) || mx_der_empty(&seq))
		return -EBADMSG;
	while (!mx_der_empty(&seq)) {
		if (mx_der_get(&seq, MX_DER_SEQUENCE, &info) ||
		    mx_der_get(&info, MX_DER_OID, &oid) || mx_der_oid(&oid))
			return -EBADMSG;
		if (!mx_der_empty(&info) &&
		    (mx_der_get(&info, MX_DER_SEQUENCE, &oid) || mx_der_end(&info)))
			return -EBADMSG;
	}
	return 0;
}

static const struct {
	const char *oid;
	size_t len;
	uint32_t flag;
	int (*parse)(struct mx_x509 *c, struct mx_der v);
} known[] = {
#define E(o, f, fn) { o, sizeof(o) - 1, f, fn }
	E(OID_EXT_BASIC_CONS, MX_EXT_BASIC_CONS, basic_constraints),
	E(OID_EXT_KEY_USAGE, MX_EXT_KEY_USAGE, key_usage),
	E(OID_EXT_EXT_KEY_USAGE, MX_EXT_EXT_KEY_USAGE, ext_key_usage),
	E(OID_EXT_SAN, MX_EXT_SAN, subject_alt_name),
	E(OID_EXT_SKI, MX_EXT_SKI, key_identifier),
	E(OID_EXT_AKI, MX_EXT_AKI, authority_key_id),
	E(OID_EXT_NAME_CONS, MX_EXT_NAME_CONS, name_constraints),
	E(OID_EXT_CERT_POLICIES, MX_EXT_CERT_POLICIES, cert_policies),
#undef E
};

int mx_x509_parse_extensions(struct mx_x509 *c, const struct mx_der *exts)
{
	struct mx_der cur = *exts, ext, oid, b, val, seen[MX_X509_MAX_EXTENSIONS];
	unsigned int n = 0, i;
	bool critical;
	size_t k;
	int r;

	while (!mx_der_empty(&cur)) {
		if (n == MX_X509_MAX_EXTENSIONS)
			return -EBADMSG;
		if (mx_der_get(&cur, MX_DER_SEQUENCE, &ext) ||
		    mx_der_get(&ext, MX_DER_OID, &oid) || mx_der_oid(&oid))
			return -EBADMSG;
		critical = false;
		r = mx_der_opt(&ext, MX_DER_BOOLEAN, &b);
		/* critical DEFAULT FALSE: an encoded FALSE is not DER. */
		if (r < 0 || (r && (mx_der_bool(&b, &critical) || !critical)))
			return -EBADMSG;
		if (mx_der_get(&ext, MX_DER_OCTET_STRING, &val) || mx_der_end(&ext))
			return -EBADMSG;
		/* Each extension at most once (RFC 5280 4.2). */
		for (i = 0; i < n; i++)
			if (mx_der_eq(&seen[i], &oid))
				return -EBADMSG;
		seen[n++] = oid;

		for (k = 0; k < sizeof(known) / sizeof(known[0]); k++)
			if (oid.len == known[k].len && !memcmp(oid.p, known[k].oid, oid.len))
				break;
		if (k == sizeof(known) / sizeof(known[0])) {
			if (critical)
				c->ext |= MX_EXT_UNKNOWN_CRITICAL;
			continue;
		}
		if (known[k].parse(c, val))
			return -EBADMSG;
		c->ext |= known[k].flag;
	}
	return 0;
}
