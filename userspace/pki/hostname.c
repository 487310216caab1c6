// SPDX-License-Identifier: GPL-2.0
/*
 * RFC 6125 identity matching.
 */
#include <arpa/inet.h>
#include <string.h>

#include "pki/general_name.h"
#include "pki/hostname.h"
#include "pki/oid.h"
#include "pki/x509_name.h"

size_t mx_parse_ip(const char *s, uint8_t out[16])
{
	if (inet_pton(AF_INET, s, out) == 1)
		return 4;
	if (inet_pton(AF_INET6, s, out) == 1)
		return 16;
	return 0;
}

static uint8_t lower(uint8_t c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static bool eq_nocase(const uint8_t *a, const uint8_t *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (lower(a[i]) != lower(b[i]))
			return false;
	return true;
}

static bool ldh(uint8_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-';
}

bool mx_dns_match(const uint8_t *pattern, size_t plen, const char *name, size_t nlen)
{
	const uint8_t *n = (const uint8_t *)name, *rest, *dot;
	size_t rlen, label, i;

	if (plen == 0 || nlen == 0 || memchr(pattern, 0, plen) || memchr(n, '*', nlen))
		return false;
	if (!(plen > 2 && pattern[0] == '*' && pattern[1] == '.'))
		return plen == nlen && eq_nocase(pattern, n, nlen);

	/* "*.rest": rest must hold at least two labels and no other star. */
	rest = pattern + 1;
	rlen = plen - 1;
	if (memchr(rest, '*', rlen) || !memchr(rest + 1, '.', rlen - 1))
		return false;
	/* The name is "<label>" + rest, the label non-empty LDH. */
	if (nlen <= rlen)
		return false;
	label = nlen - rlen;
	dot = memchr(n, '.', nlen);
	if (!dot || (size_t)(dot - n) != label)
		return false;
	for (i = 0; i < label; i++)
		if (!ldh(n[i]))
			return false;
	return eq_nocase(rest, n + label, rlen);
}

bool mx_x509_match_ip(const struct mx_x509 *c, const uint8_t *ip, size_t len)
{
	struct mx_der cur = c->san, v;
	enum mx_gn_type t;

	while (!mx_der_empty(&cur)) {
		if (mx_gn_next(&cur, false, &t, &v))
			return false;
		if (t == MX_GN_IP && v.len == len && !memcmp(v.p, ip, len))
			return true;
	}
	return false;
}

bool mx_x509_match_dns(const struct mx_x509 *c, const char *name)
{
	struct mx_der cur = c->san, v;
	enum mx_gn_type t;
	size_t nlen = strlen(name), len;
	bool have_dns = false;
	char cn[256];
	unsigned int i;
	uint8_t tag;

	while (!mx_der_empty(&cur)) {
		if (mx_gn_next(&cur, false, &t, &v))
			return false;
		if (t != MX_GN_DNS)
			continue;
		have_dns = true;
		if (mx_dns_match(v.p, v.len, name, nlen))
			return true;
	}
	if (have_dns)
		return false;
	/* No DNS-ID: RFC 6125 6.4.4 lets the subject's CNs stand in. */
	for (i = 0; mx_name_find(&c->subject, OID_AT_CN, sizeof(OID_AT_CN) - 1, i, &tag, &v) == 0;
	     i++) {
		if (mx_str_to_utf8(tag, &v, cn, sizeof(cn), &len))
			continue;
		if (mx_dns_match((const uint8_t *)cn, len, name, nlen))
			return true;
	}
	return false;
}

bool mx_x509_match_name(const struct mx_x509 *c, const char *name)
{
	uint8_t ip[16];
	size_t len = mx_parse_ip(name, ip);

	return len ? mx_x509_match_ip(c, ip, len) : mx_x509_match_dns(c, name);
}
