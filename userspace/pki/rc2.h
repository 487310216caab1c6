/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RC2 (RFC 2268), decryption only. It exists for one purpose: PKCS#12
 * files written by "openssl pkcs12 -export -legacy" (and older tools)
 * encrypt their certificates with pbeWithSHAAnd40BitRC2-CBC. It is not
 * offered anywhere else.
 *
 * Table lookups indexed by key or data go through a full scan of the
 * table, so timing does not depend on either.
 */
#ifndef MXTLS_PKI_RC2_H
#define MXTLS_PKI_RC2_H

#include <stddef.h>
#include <stdint.h>

#define MX_RC2_BLOCK 8

struct mx_rc2_key {
	uint16_t k[64];
};

/* Expand a key of 1..128 bytes with the given effective key bits (1..1024). */
int mx_rc2_setkey(struct mx_rc2_key *key, const uint8_t *k, size_t len, unsigned int bits);

/* CBC decryption of len bytes (a multiple of 8); iv is updated. */
void mx_rc2_cbc_decrypt(const struct mx_rc2_key *key, uint8_t iv[8], const uint8_t *in,
			uint8_t *out, size_t len);

#endif /* MXTLS_PKI_RC2_H */
