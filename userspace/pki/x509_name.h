/* SPDX-License-Identifier: GPL-2.0 */
/*
 * X.501 distinguished names: validation, comparison the way RFC 5280
 * 7.1 and OpenSSL do it (string types folded to Unicode, ASCII case and
 * white space ignored), attribute lookup and RFC 4514 formatting.
 * A name is held as the contents of its SEQUENCE.
 */
#ifndef MXTLS_PKI_X509_NAME_H
#define MXTLS_PKI_X509_NAME_H

#include <stdbool.h>
#include <stddef.h>

#include "pki/der.h"

/*
 * Limits far above any real name, so that comparing and formatting stay
 * linear: RDNs in a name, attributes in one (multi-valued) RDN.
 */
#define MX_NAME_MAX_RDNS	64
#define MX_NAME_MAX_RDN_ATTRS	16

/*
 * Check the structure of a Name: SEQUENCE OF non-empty SET OF
 * { OID, value }, with every string value well formed for its type.
 */
int mx_name_check(const struct mx_der *name);

/* Equal names (both already checked). */
bool mx_name_eq(const struct mx_der *a, const struct mx_der *b);

/*
 * The idx-th attribute (0-based, in encoding order) of the given type:
 * its value's tag and contents. Returns 0, or -ENOENT when there is none.
 */
int mx_name_find(const struct mx_der *name, const char *oid, size_t oid_len, unsigned int idx,
		 uint8_t *tag, struct mx_der *val);

/* True when tag is one of the directory string types. */
bool mx_str_type(uint8_t tag);

/*
 * Convert a string value to UTF-8 into out (cap bytes, NUL-terminated).
 * *len gets the length without the NUL. -EBADMSG when it is malformed,
 * -ENOSPC when it does not fit.
 */
int mx_str_to_utf8(uint8_t tag, const struct mx_der *val, char *out, size_t cap, size_t *len);

/*
 * Format a name as an RFC 4514 string ("CN=host,O=Org,C=FR", last RDN
 * first). Returns the length the full string needs without its NUL; at
 * most cap - 1 bytes and a NUL are written (nothing when cap is 0).
 */
size_t mx_name_format(const struct mx_der *name, char *buf, size_t cap);

#endif /* MXTLS_PKI_X509_NAME_H */
