/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Signature verification for certificates: the glue between parsed keys
 * and algorithm identifiers and the hash and public-key code.
 */
#ifndef MXTLS_PKI_SIG_H
#define MXTLS_PKI_SIG_H

#include <stddef.h>
#include <stdint.h>

#include "pki/algs.h"

/*
 * Check sig over msg under key with alg. Returns 0 when it verifies,
 * -EBADMSG when it does not (or key and algorithm do not belong
 * together), -EOPNOTSUPP for an algorithm, hash, curve or key size that
 * is not implemented.
 */
int mx_pki_sig_verify(const struct mx_pubkey *key, const struct mx_sig_alg *alg,
		      const uint8_t *msg, size_t len, const uint8_t *sig, size_t sig_len);

/* Free what signature checks cached in the key. */
void mx_pubkey_release(struct mx_pubkey *key);

#endif /* MXTLS_PKI_SIG_H */
