/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The PKI code's view of crypto/hash.h: its hash identifiers (which have
 * a "none") mapped to the hash descriptors.
 */
#ifndef MXTLS_PKI_DIGEST_H
#define MXTLS_PKI_DIGEST_H

#include "crypto/hash.h"
#include "pki/algs.h"

/* The descriptor of h, or NULL for MX_PKI_HASH_NONE. */
const struct mx_hash_desc *mx_pki_hash_desc(enum mx_pki_hash h);

/* out gets the digest of data (mx_pki_hash_len(h) bytes); -EOPNOTSUPP for NONE. */
int mx_pki_digest(enum mx_pki_hash h, const void *data, size_t len, uint8_t *out);

#endif /* MXTLS_PKI_DIGEST_H */
