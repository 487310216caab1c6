/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Server identity checks (RFC 6125): a DNS name against the certificate's
 * DNS-IDs, or against its CN-IDs when it has no DNS-ID; an IP address
 * against its iPAddress entries only.
 *
 * Wildcards: "*" must be the whole left-most label and be followed by at
 * least two labels ("*.example.com", never "*.com" or "f*.example.com");
 * it matches exactly one non-empty label of letters, digits and hyphens.
 * Names compare ASCII case-insensitively and literally otherwise (a
 * trailing dot is significant, as in OpenSSL).
 */
#ifndef MXTLS_PKI_HOSTNAME_H
#define MXTLS_PKI_HOSTNAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pki/x509.h"

/*
 * Parse an IPv4 or IPv6 address literal: 4 or 16 bytes into out and its
 * length, or 0 when s is not an address.
 */
size_t mx_parse_ip(const char *s, uint8_t out[16]);

/* A DNS-ID pattern (from a certificate) against a reference name. */
bool mx_dns_match(const uint8_t *pattern, size_t plen, const char *name, size_t nlen);

/* A DNS name against the DNS-IDs, or the CN-IDs when there are none. */
bool mx_x509_match_dns(const struct mx_x509 *cert, const char *name);

/* An address (4 or 16 bytes) against the iPAddress entries. */
bool mx_x509_match_ip(const struct mx_x509 *cert, const uint8_t *ip, size_t len);

/*
 * Does the certificate identify "name"? An address literal is matched
 * against the IP SANs, anything else as a DNS name.
 */
bool mx_x509_match_name(const struct mx_x509 *cert, const char *name);

#endif /* MXTLS_PKI_HOSTNAME_H */
