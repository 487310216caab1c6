/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Name constraints (RFC 5280 4.2.1.10) on DNS names, IP addresses,
 * directory names, email addresses and URIs. A constraint on any other
 * name form is honoured by refusing certificates that carry that form.
 */
#ifndef MXTLS_PKI_NAME_CONSTRAINTS_H
#define MXTLS_PKI_NAME_CONSTRAINTS_H

#include "pki/x509.h"

/* Names times subtrees beyond which a certificate is refused unchecked. */
#define MX_NC_MAX_WORK 16384

/*
 * Check the names of cert (its subject, the email addresses in it, its
 * subjectAltName entries and, for a leaf without DNS SANs, the CNs that
 * look like host names) against the constraints of ca. Returns 0,
 * -EPERM on a violation or when checking would exceed MX_NC_MAX_WORK,
 * -EOPNOTSUPP when a name of a form that is constrained but not
 * understood is present, -ENOMEM.
 */
int mx_nc_check(const struct mx_x509 *ca, const struct mx_x509 *cert, bool leaf);

#endif /* MXTLS_PKI_NAME_CONSTRAINTS_H */
