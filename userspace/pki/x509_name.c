// SPDX-License-Identifier: GPL-2.0
/*
 * Distinguished names.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>

#include "pki/oid.h"
#include "pki/x509_name.h"

bool mx_str_type(uint8_t tag)
{
	switch (tag) {
	case MX_DER_UTF8_STRING:
	case MX_DER_PRINTABLE_STRING:
	case MX_DER_TELETEX_STRING:
	case MX_DER_IA5_STRING:
	case MX_DER_VISIBLE_STRING:
	case MX_DER_UNIVERSAL_STRING:
	case MX_DER_BMP_STRING:
		return true;
	}
	return false;
}

/* Reads the code points of a string value of a given type. */
struct str_iter {
	uint8_t tag;
	const uint8_t *p;
	size_t left;
};

/* Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF. */
static int utf8_next(struct str_iter *it, uint32_t *cp)
{
	const uint8_t *p = it->p;
	uint32_t c = p[0], min;
	size_t n, i;

	if (c < 0x80) {
		n = 1;
		min = 0;
	} else if ((c & 0xe0) == 0xc0) {
		n = 2;
		c &= 0x1f;
		min = 0x80;
	} else if ((c & 0xf0) == 0xe0) {
		n = 3;
		c &= 0x0f;
		min = 0x800;
	} else if ((c & 0xf8) == 0xf0) {
		n = 4;
		c &= 0x07;
		min = 0x10000;
	} else {
		return -1;
	}
	if (it->left < n)
		return -1;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return -1;
		c = (c << 6) | (p[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return -1;
	it->p += n;
	it->left -= n;
	*cp = c;
	return 1;
}

static bool printable_char(uint32_t c)
{
	/*
	 * X.680's PrintableString lacks '*', '&', '@' and a few more, but
	 * certificates in use carry them; accept printable ASCII like most
	 * verifiers do.
	 */
	return c >= 0x20 && c <= 0x7e;
}

/* 1 and the next code point, 0 at the end, -1 when malformed. */
static int str_next(struct str_iter *it, uint32_t *cp)
{
	uint32_t c;

	if (it->left == 0)
		return 0;
	switch (it->tag) {
	case MX_DER_UTF8_STRING:
		return utf8_next(it, cp);
	case MX_DER_BMP_STRING:
		if (it->left < 2)
			return -1;
		c = (uint32_t)it->p[0] << 8 | it->p[1];
		if (c >= 0xd800 && c <= 0xdfff)
			return -1;
		it->p += 2;
		it->left -= 2;
		*cp = c;
		return 1;
	case MX_DER_UNIVERSAL_STRING:
		if (it->left < 4)
			return -1;
		c = (uint32_t)it->p[0] << 24 | (uint32_t)it->p[1] << 16 | it->p[2] << 8 | it->p[3];
		if (c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
			return -1;
		it->p += 4;
		it->left -= 4;
		*cp = c;
		return 1;
	default:
		c = *it->p;
		if (it->tag == MX_DER_IA5_STRING ? c > 0x7f :
		    it->tag == MX_DER_TELETEX_STRING ? false : !printable_char(c))
			return -1;
		/* TeletexString is read as Latin-1, as OpenSSL does. */
		it->p++;
		it->left--;
		*cp = c;
		return 1;
	}
}

static int str_check(uint8_t tag, const struct mx_der *val)
{
	struct str_iter it = { tag, val->p, val->len };
	uint32_t cp;
	int r;

	while ((r = str_next(&it, &cp)) > 0)
		;
	return r < 0 ? -EBADMSG : 0;
}

/* Read one AttributeTypeAndValue. */
static int atv_next(struct mx_der *rdn, struct mx_der *oid, uint8_t *tag, struct mx_der *val)
{
	struct mx_der atv;

	if (mx_der_get(rdn, MX_DER_SEQUENCE, &atv) || mx_der_get(&atv, MX_DER_OID, oid) ||
	    mx_der_oid(oid) || mx_der_next(&atv, tag, val, NULL) || mx_der_end(&atv))
		return -EBADMSG;
	/*
	 * Values are the character strings names use (DirectoryString,
	 * IA5String, NumericString) or a SEQUENCE for the rare structured
	 * attribute. OpenSSL accepts a few more (REAL, GeneralString, ...)
	 * that no name uses.
	 */
	switch (*tag) {
	case MX_DER_VISIBLE_STRING:
		return -EBADMSG;
	case MX_DER_NUMERIC_STRING:
	case MX_DER_SEQUENCE:
		return 0;
	default:
		return mx_str_type(*tag) ? 0 : -EBADMSG;
	}
}

int mx_name_check(const struct mx_der *name)
{
	struct mx_der cur = *name, rdn, oid, val;
	unsigned int n, rdns;
	uint8_t tag;

	for (rdns = 0; !mx_der_empty(&cur); rdns++) {
		if (rdns == MX_NAME_MAX_RDNS || mx_der_get(&cur, MX_DER_SET, &rdn) ||
		    mx_der_empty(&rdn))
			return -EBADMSG;
		for (n = 0; !mx_der_empty(&rdn); n++) {
			if (n == MX_NAME_MAX_RDN_ATTRS || atv_next(&rdn, &oid, &tag, &val))
				return -EBADMSG;
			if (mx_str_type(tag) && str_check(tag, &val))
				return -EBADMSG;
		}
	}
	return 0;
}

/*
 * The canonical form OpenSSL compares names in: a string's code points
 * with leading and trailing white space dropped, inner runs of white
 * space made one space, ASCII letters lowered.
 */
struct canon_iter {
	struct str_iter s;
	bool started;
	bool have_held;
	uint32_t held;
};

static bool ascii_space(uint32_t c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static int canon_next(struct canon_iter *c, uint32_t *out)
{
	bool space = false;
	uint32_t cp;
	int r;

	if (c->have_held) {
		c->have_held = false;
		*out = c->held;
		return 1;
	}
	for (;;) {
		r = str_next(&c->s, &cp);
		if (r <= 0)
			return r;
		if (!ascii_space(cp))
			break;
		space = true;
	}
	if (cp >= 'A' && cp <= 'Z')
		cp += 'a' - 'A';
	if (space && c->started) {
		c->held = cp;
		c->have_held = true;
		*out = ' ';
		return 1;
	}
	c->started = true;
	*out = cp;
	return 1;
}

static bool value_eq(uint8_t ta, const struct mx_der *a, uint8_t tb, const struct mx_der *b)
{
	struct canon_iter x = { .s = { ta, a->p, a->len } }, y = { .s = { tb, b->p, b->len } };
	uint32_t cx, cy;
	int rx, ry;

	if (ta == tb && mx_der_eq(a, b))
		return true;
	if (!mx_str_type(ta) || !mx_str_type(tb))
		return false;
	for (;;) {
		rx = canon_next(&x, &cx);
		ry = canon_next(&y, &cy);
		if (rx < 0 || ry < 0 || rx != ry)
			return false;
		if (rx == 0)
			return true;
		if (cx != cy)
			return false;
	}
}

static bool atv_eq(struct mx_der a, struct mx_der b)
{
	struct mx_der oa, ob, va, vb;
	uint8_t ta, tb;

	if (atv_next(&a, &oa, &ta, &va) || atv_next(&b, &ob, &tb, &vb))
		return false;
	return mx_der_eq(&oa, &ob) && value_eq(ta, &va, tb, &vb);
}

/* Two RDNs are equal as sets: each attribute of a pairs with one of b. */
static bool rdn_eq(struct mx_der a, struct mx_der b)
{
	struct mx_der xa[MX_NAME_MAX_RDN_ATTRS], xb[MX_NAME_MAX_RDN_ATTRS], v;
	bool used[MX_NAME_MAX_RDN_ATTRS] = { false };
	unsigned int na = 0, nb = 0, i, j;
	uint8_t tag;

	while (!mx_der_empty(&a)) {
		if (na == MX_NAME_MAX_RDN_ATTRS || mx_der_next(&a, &tag, &v, &xa[na++]))
			return false;
	}
	while (!mx_der_empty(&b)) {
		if (nb == MX_NAME_MAX_RDN_ATTRS || mx_der_next(&b, &tag, &v, &xb[nb++]))
			return false;
	}
	if (na != nb)
		return false;
	for (i = 0; i < na; i++) {
		for (j = 0; j < nb; j++) {
			if (!used[j] && atv_eq(xa[i], xb[j])) {
				used[j] = true;
				break;
			}
		}
		if (j == nb)
			return false;
	}
	return true;
}

bool mx_name_eq(const struct mx_der *a, const struct mx_der *b)
{
	struct mx_der ca = *a, cb = *b, ra, rb;

	if (mx_der_eq(a, b))
		return true;
	while (!mx_der_empty(&ca) && !mx_der_empty(&cb)) {
		if (mx_der_get(&ca, MX_DER_SET, &ra) || mx_der_get(&cb, MX_DER_SET, &rb) ||
		    !rdn_eq(ra, rb))
			return false;
	}
	return mx_der_empty(&ca) && mx_der_empty(&cb);
}

int mx_name_find(const struct mx_der *name, const char *oid, size_t oid_len, unsigned int idx,
		 uint8_t *tag, struct mx_der *val)
{
	struct mx_der cur = *name, rdn, o;

	while (!mx_der_empty(&cur)) {
		if (mx_der_get(&cur, MX_DER_SET, &rdn))
			return -EBADMSG;
		while (!mx_der_empty(&rdn)) {
			if (atv_next(&rdn, &o, tag, val))
				return -EBADMSG;
			if (o.len == oid_len && !memcmp(o.p, oid, oid_len) && idx-- == 0)
				return 0;
		}
	}
	return -ENOENT;
}

static size_t put_utf8(uint32_t c, char *o)
{
	if (c < 0x80) {
		o[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		o[0] = (char)(0xc0 | c >> 6);
		o[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		o[0] = (char)(0xe0 | c >> 12);
		o[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		o[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | c >> 18);
	o[1] = (char)(0x80 | ((c >> 12) & 0x3f));
	o[2] = (char)(0x80 | ((c >> 6) & 0x3f));
	o[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

int mx_str_to_utf8(uint8_t tag, const struct mx_der *val, char *out, size_t cap, size_t *len)
{
	struct str_iter it = { tag, val->p, val->len };
	size_t n = 0;
	uint32_t cp;
	char tmp[4];
	size_t k;
	int r;

	if (!mx_str_type(tag) || cap == 0)
		return -EBADMSG;
	while ((r = str_next(&it, &cp)) > 0) {
		k = put_utf8(cp, tmp);
		if (cap - 1 - n < k)
			return -ENOSPC;
		memcpy(out + n, tmp, k);
		n += k;
	}
	if (r < 0)
		return -EBADMSG;
	out[n] = '\0';
	*len = n;
	return 0;
}

/* Appends to a bounded buffer while counting the full length. */
struct sbuf {
	char *p;
	size_t cap, len;
};

static void sb_putc(struct sbuf *sb, char c)
{
	if (sb->len + 1 < sb->cap)
		sb->p[sb->len] = c;
	sb->len++;
}

static void sb_puts(struct sbuf *sb, const char *s)
{
	while (*s)
		sb_putc(sb, *s++);
}

static void sb_hex(struct sbuf *sb, uint8_t b)
{
	static const char hex[] = "0123456789ABCDEF";

	sb_putc(sb, hex[b >> 4]);
	sb_putc(sb, hex[b & 15]);
}

static const struct {
	const char *oid;
	size_t len;
	const char *name;
} attr_names[] = {
#define A(o, n) { o, sizeof(o) - 1, n }
	A(OID_AT_CN, "CN"), A(OID_AT_C, "C"), A(OID_AT_L, "L"), A(OID_AT_ST, "ST"),
	A(OID_AT_O, "O"), A(OID_AT_OU, "OU"), A(OID_AT_STREET, "STREET"), A(OID_AT_DC, "DC"),
	A(OID_AT_UID, "UID"), A(OID_AT_SERIAL, "serialNumber"), A(OID_AT_TITLE, "title"),
	A(OID_AT_SURNAME, "SN"), A(OID_AT_GIVEN_NAME, "GN"), A(OID_EMAIL_ADDRESS, "emailAddress"),
#undef A
};

static void put_oid_dotted(struct sbuf *sb, const struct mx_der *oid)
{
	char num[24];
	uint64_t v = 0;
	size_t i;
	bool first = true;

	for (i = 0; i < oid->len; i++) {
		if (v >> 56)
			return;		/* an arc too large to print: leave it */
		v = (v << 7) | (oid->p[i] & 0x7f);
		if (oid->p[i] & 0x80)
			continue;
		if (first) {
			unsigned int top = v < 80 ? (unsigned int)(v / 40) : 2;

			snprintf(num, sizeof(num), "%u.%llu", top,
				 (unsigned long long)(v - 40ull * top));
			first = false;
		} else {
			snprintf(num, sizeof(num), ".%llu", (unsigned long long)v);
		}
		sb_puts(sb, num);
		v = 0;
	}
}

static void put_value(struct sbuf *sb, uint8_t tag, const struct mx_der *val,
		      const struct mx_der *tlv)
{
	struct str_iter it = { tag, val->p, val->len };
	char tmp[5];
	size_t k, i, left;
	uint32_t cp;
	bool first = true;

	if (!mx_str_type(tag)) {
		sb_putc(sb, '#');
		for (i = 0; i < tlv->len; i++)
			sb_hex(sb, tlv->p[i]);
		return;
	}
	while (str_next(&it, &cp) > 0) {
		left = it.left;
		if (cp < 0x20 || cp == 0x7f) {
			sb_putc(sb, '\\');
			sb_hex(sb, (uint8_t)cp);
		} else {
			bool special = cp < 0x80 && strchr(",+\"\\<>;", (int)cp);

			if (special || (first && (cp == '#' || cp == ' ')) ||
			    (left == 0 && cp == ' '))
				sb_putc(sb, '\\');
			k = put_utf8(cp, tmp);
			tmp[k] = '\0';
			sb_puts(sb, tmp);
		}
		first = false;
	}
}

static void format_rdn(struct sbuf *sb, struct mx_der rdn)
{
	struct mx_der atv, tlv, oid, val;
	uint8_t tag;
	size_t i;
	bool first = true;

	while (!mx_der_empty(&rdn)) {
		if (mx_der_get(&rdn, MX_DER_SEQUENCE, &atv) ||
		    mx_der_get(&atv, MX_DER_OID, &oid) ||
		    mx_der_next(&atv, &tag, &val, &tlv))
			return;
		if (!first)
			sb_putc(sb, '+');
		first = false;
		for (i = 0; i < sizeof(attr_names) / sizeof(attr_names[0]); i++)
			if (oid.len == attr_names[i].len &&
			    !memcmp(oid.p, attr_names[i].oid, oid.len))
				break;
		if (i < sizeof(attr_names) / sizeof(attr_names[0]))
			sb_puts(sb, attr_names[i].name);
		else
			put_oid_dotted(sb, &oid);
		sb_putc(sb, '=');
		put_value(sb, tag, &val, &tlv);
	}
}

size_t mx_name_format(const struct mx_der *name, char *buf, size_t cap)
{
	struct sbuf sb = { buf, cap, 0 };
	struct mx_der cur = *name, rdn[MX_NAME_MAX_RDNS];
	size_t count = 0, i;

	/* RFC 4514 lists the RDNs last first. */
	while (count < MX_NAME_MAX_RDNS && !mx_der_get(&cur, MX_DER_SET, &rdn[count]))
		count++;
	for (i = count; i-- > 0;) {
		format_rdn(&sb, rdn[i]);
		if (i)
			sb_putc(&sb, ',');
	}
	if (cap)
		buf[sb.len < cap ? sb.len : cap - 1] = '\0';
	return sb.len;
}
