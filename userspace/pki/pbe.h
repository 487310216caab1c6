/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Password-based decryption as PKCS#8 and PKCS#12 use it: PBES2 (PBKDF2
 * with HMAC-SHA-1/256/384/512, then AES-CBC, DES-EDE3-CBC or DES-CBC) and
 * the PKCS#12 PBEs (SHA-1 with 3-key or 2-key 3DES, 128- or 40-bit RC2).
 */
#ifndef MXTLS_PKI_PBE_H
#define MXTLS_PKI_PBE_H

#include <stddef.h>
#include <stdint.h>

#include "pki/der.h"

struct mx_pbe_ctx {
	const char *password;		/* NULL: none */
	unsigned long budget;		/* KDF iterations left */
};

/*
 * Decrypt ct under the algorithm identifier alg (its SEQUENCE contents).
 * *out is a new buffer of *out_len bytes; free it zeroized. Errors as in
 * privkey.h; a PBKDF2 with more iterations than the budget holds gives
 * -E2BIG before any work.
 */
int mx_pbe_decrypt(struct mx_pbe_ctx *ctx, const struct mx_der *alg, const struct mx_der *ct,
		   uint8_t **out, size_t *out_len);

/* Charge n iterations to the budget: -E2BIG when it does not hold them. */
int mx_pbe_charge(struct mx_pbe_ctx *ctx, unsigned long iterations, unsigned long blocks);

#endif /* MXTLS_PKI_PBE_H */
