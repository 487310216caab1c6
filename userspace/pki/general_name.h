/* SPDX-License-Identifier: GPL-2.0 */
/*
 * GeneralName (RFC 5280 4.2.1.6), as used by subjectAltName, the
 * authority key identifier and name constraints.
 */
#ifndef MXTLS_PKI_GENERAL_NAME_H
#define MXTLS_PKI_GENERAL_NAME_H

#include "pki/der.h"

enum mx_gn_type {
	MX_GN_OTHER	= 0,
	MX_GN_EMAIL	= 1,
	MX_GN_DNS	= 2,
	MX_GN_X400	= 3,
	MX_GN_DIR	= 4,
	MX_GN_EDI	= 5,
	MX_GN_URI	= 6,
	MX_GN_IP	= 7,
	MX_GN_RID	= 8,
};

/*
 * Read the next GeneralName from cur: its type and value (the IA5String
 * for email, DNS and URI; the address bytes for IP; the Name's contents
 * for a directory name; the raw contents otherwise). The value is checked
 * for its type: IA5 text is 7-bit, an IP address is 4 or 16 bytes (8 or
 * 32 when constraint is true: address and mask), a directory name is a
 * valid Name.
 */
int mx_gn_next(struct mx_der *cur, bool constraint, enum mx_gn_type *type, struct mx_der *val);

/*
 * Entries allowed in one GeneralNames, and subtrees in one name
 * constraint: far above real certificates, low enough that matching every
 * name against every subtree stays cheap.
 */
#define MX_GN_MAX		1024
#define MX_SUBTREES_MAX		128

/* Check a whole non-empty GeneralNames (SEQUENCE contents). */
int mx_gn_check_all(const struct mx_der *names);

#endif /* MXTLS_PKI_GENERAL_NAME_H */
