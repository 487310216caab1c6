/* SPDX-License-Identifier: GPL-2.0 */
/*
 * UTCTime and GeneralizedTime in their DER forms (RFC 5280 4.1.2.5):
 * YYMMDDHHMMSSZ and YYYYMMDDHHMMSSZ, seconds present, no fraction, UTC.
 */
#ifndef MXTLS_PKI_ASN1_TIME_H
#define MXTLS_PKI_ASN1_TIME_H

#include <stdint.h>

#include "pki/der.h"

/*
 * Seconds since 1970-01-01T00:00:00Z of a time element (tag is
 * MX_DER_UTC_TIME or MX_DER_GENERALIZED_TIME). -EBADMSG for another tag,
 * another form or a date that does not exist.
 */
int mx_asn1_time(uint8_t tag, const struct mx_der *val, int64_t *out);

/* Read the next element of cur as a time. */
int mx_asn1_get_time(struct mx_der *cur, int64_t *out);

/* Format as "YYYY-MM-DD HH:MM:SS UTC" into buf (at least 24 bytes). */
void mx_asn1_time_format(int64_t t, char *buf);

#endif /* MXTLS_PKI_ASN1_TIME_H */
