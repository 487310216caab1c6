// SPDX-License-Identifier: GPL-2.0
/*
 * Name constraints.
 */
#include <errno.h>
#include <stdlib.h>

#include "pki/general_name.h"
#include "pki/name_constraints.h"
#include "pki/oid.h"
#include "pki/x509_name.h"

static bool eq_nocase(const uint8_t *a, const uint8_t *b, size_t n)
{
	size_t i;
	uint8_t x, y;

	for (i = 0; i < n; i++) {
		x = a[i] >= 'A' && a[i] <= 'Z' ? a[i] + 32 : a[i];
		y = b[i] >= 'A' && b[i] <= 'Z' ? b[i] + 32 : b[i];
		if (x != y)
			return false;
	}
	return true;
}

/*
 * A host within a DNS constraint: "" holds every name, ".example.com"
 * its proper subdomains, "example.com" itself and its subdomains.
 */
static bool dns_within(const uint8_t *n, size_t nlen, const struct mx_der *base)
{
	if (base->len == 0)
		return true;
	if (nlen < base->len)
		return false;
	if (nlen > base->len && base->p[0] != '.' && n[nlen - base->len - 1] != '.')
		return false;
	return eq_nocase(n + nlen - base->len, base->p, base->len);
}

/*
 * An email constraint: "user@host" is one mailbox, "host" every mailbox
 * at that host, ".host" every mailbox in its subdomains. The local part
 * is case-sensitive, the domain is not.
 */
static bool email_within(const struct mx_der *mail, const struct mx_der *base)
{
	const uint8_t *at = memchr(mail->p, '@', mail->len), *host;
	size_t hlen;

	if (!at)
		return false;
	host = at + 1;
	hlen = mail->len - (size_t)(host - mail->p);
	if (memchr(base->p, '@', base->len)) {
		size_t local = (size_t)(at - mail->p);
		const uint8_t *bat = memchr(base->p, '@', base->len);

		return base->len == mail->len && (size_t)(bat - base->p) == local &&
		       !memcmp(mail->p, base->p, local) && eq_nocase(at, bat, mail->len - local);
	}
	if (base->len && base->p[0] == '.')
		return dns_within(host, hlen, base);
	return hlen == base->len && eq_nocase(host, base->p, hlen);
}

/* The host of "scheme://[userinfo@]host[:port][/...]". */
static bool uri_host(const struct mx_der *uri, const uint8_t **host, size_t *hlen)
{
	const uint8_t *p = uri->p, *end = uri->p + uri->len, *s, *e;

	s = memchr(p, ':', uri->len);
	if (!s || end - s < 3 || s[1] != '/' || s[2] != '/')
		return false;
	s += 3;
	for (e = s; e < end && *e != '/' && *e != '?' && *e != '#'; e++)
		;
	p = memchr(s, '@', (size_t)(e - s));
	if (p)
		s = p + 1;
	p = memchr(s, ':', (size_t)(e - s));
	if (p)
		e = p;
	if (e == s || *s == '[')
		return false;
	*host = s;
	*hlen = (size_t)(e - s);
	return true;
}

static bool ip_within(const struct mx_der *ip, const struct mx_der *base)
{
	size_t i, n = ip->len;

	if (base->len != 2 * n)
		return false;
	for (i = 0; i < n; i++)
		if ((ip->p[i] ^ base->p[i]) & base->p[n + i])
			return false;
	return true;
}

/* The RDNs of base are the first RDNs of name. */
static bool dn_within(const struct mx_der *name, const struct mx_der *base)
{
	struct mx_der n = *name, b = *base, rn, rb, tn, tb;
	uint8_t tag;

	while (!mx_der_empty(&b)) {
		if (mx_der_next(&b, &tag, &rb, &tb) || mx_der_next(&n, &tag, &rn, &tn))
			return false;
		if (!mx_name_eq(&tn, &tb))
			return false;
	}
	return true;
}

/* 1 when name (of type t) lies within base, 0 when not, -EOPNOTSUPP. */
static int within(enum mx_gn_type t, const struct mx_der *name, const struct mx_der *base)
{
	const uint8_t *host;
	size_t hlen;

	switch (t) {
	case MX_GN_DNS:
		return dns_within(name->p, name->len, base);
	case MX_GN_EMAIL:
		return email_within(name, base);
	case MX_GN_URI:
		if (!uri_host(name, &host, &hlen))
			return 0;
		return dns_within(host, hlen, base);
	case MX_GN_IP:
		return ip_within(name, base);
	case MX_GN_DIR:
		return dn_within(name, base);
	default:
		return -EOPNOTSUPP;
	}
}

/* The subtrees of a CA, read once per check. */
struct subtrees {
	unsigned int np, nx;
	enum mx_gn_type pt[MX_SUBTREES_MAX], xt[MX_SUBTREES_MAX];
	struct mx_der p[MX_SUBTREES_MAX], x[MX_SUBTREES_MAX];
};

static int read_subtrees(struct mx_der cur, enum mx_gn_type *t, struct mx_der *base,
			 unsigned int *n)
{
	struct mx_der sub;

	for (*n = 0; !mx_der_empty(&cur); (*n)++) {
		if (*n == MX_SUBTREES_MAX || mx_der_get(&cur, MX_DER_SEQUENCE, &sub) ||
		    mx_gn_next(&sub, true, &t[*n], &base[*n]))
			return -EPERM;
	}
	return 0;
}

/*
 * One name against the subtrees: within one permitted subtree of its form
 * when there are any, within no excluded one.
 */
static int check_name(const struct subtrees *st, enum mx_gn_type t, const struct mx_der *name)
{
	bool constrained = false, ok = false;
	unsigned int i;
	int r;

	for (i = 0; i < st->np; i++) {
		if (st->pt[i] != t)
			continue;
		constrained = true;
		r = within(t, name, &st->p[i]);
		if (r < 0)
			return r;
		if (r)
			ok = true;
	}
	if (constrained && !ok)
		return -EPERM;
	for (i = 0; i < st->nx; i++) {
		if (st->xt[i] != t)
			continue;
		r = within(t, name, &st->x[i]);
		if (r)
			return r < 0 ? r : -EPERM;
	}
	return 0;
}

/*
 * A CN that looks like a host name: letters, digits and '_' with inner
 * hyphens and dots, at least one dot, no dot next to a dot or hyphen.
 */
static bool cn_is_host(const char *s, size_t n)
{
	bool dot = false;
	size_t i;
	char c;

	for (i = 0; i < n; i++) {
		c = s[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '_')
			continue;
		if (i == 0 || i == n - 1)
			return false;
		if (c == '-')
			continue;
		if (c == '.' && s[i + 1] != '.' && s[i - 1] != '-' && s[i + 1] != '-') {
			dot = true;
			continue;
		}
		return false;
	}
	return dot;
}

static int check_names(const struct subtrees *st, const struct mx_x509 *cert, bool leaf)
{
	struct mx_der cur, v;
	enum mx_gn_type t;
	bool have_dns = false;
	unsigned int i;
	uint8_t tag;
	char cn[256];
	size_t len;
	int r;

	if (!mx_der_empty(&cert->subject)) {
		r = check_name(st, MX_GN_DIR, &cert->subject);
		if (r)
			return r;
	}
	for (i = 0; !mx_name_find(&cert->subject, OID_EMAIL_ADDRESS,
				  sizeof(OID_EMAIL_ADDRESS) - 1, i, &tag, &v); i++) {
		if (tag != MX_DER_IA5_STRING)
			return -EPERM;
		r = check_name(st, MX_GN_EMAIL, &v);
		if (r)
			return r;
	}
	for (cur = cert->san; !mx_der_empty(&cur);) {
		if (mx_gn_next(&cur, false, &t, &v))
			return -EPERM;
		have_dns |= t == MX_GN_DNS;
		r = check_name(st, t, &v);
		if (r)
			return r;
	}
	if (!leaf || have_dns)
		return 0;
	for (i = 0; !mx_name_find(&cert->subject, OID_AT_CN, sizeof(OID_AT_CN) - 1, i, &tag, &v);
	     i++) {
		if (mx_str_to_utf8(tag, &v, cn, sizeof(cn), &len) || !cn_is_host(cn, len))
			continue;
		v = mx_der_span(cn, len);
		r = check_name(st, MX_GN_DNS, &v);
		if (r)
			return r;
	}
	return 0;
}

/* Names a certificate presents: its RDNs (subject, emails, CNs) and SANs. */
static unsigned long count_names(const struct mx_x509 *cert)
{
	struct mx_der cur, v;
	unsigned long n = 0;
	uint8_t tag;

	for (cur = cert->subject; !mx_der_empty(&cur); n++)
		if (mx_der_next(&cur, &tag, &v, NULL))
			break;
	for (cur = cert->san; !mx_der_empty(&cur); n++)
		if (mx_der_next(&cur, &tag, &v, NULL))
			break;
	return n;
}

int mx_nc_check(const struct mx_x509 *ca, const struct mx_x509 *cert, bool leaf)
{
	struct subtrees *st;
	int r;

	st = malloc(sizeof(*st));
	if (!st)
		return -ENOMEM;
	r = read_subtrees(ca->nc_permitted, st->pt, st->p, &st->np);
	if (!r)
		r = read_subtrees(ca->nc_excluded, st->xt, st->x, &st->nx);
	/*
	 * Every name meets every subtree: a certificate that would make that
	 * too much work is refused rather than checked (OpenSSL caps the
	 * same product, at 2^20).
	 */
	if (!r && count_names(cert) * (st->np + st->nx) > MX_NC_MAX_WORK)
		r = -EPERM;
	if (!r)
		r = check_names(st, cert, leaf);
	free(st);
	return r;
}
