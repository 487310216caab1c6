/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The TLS PRFs (RFC 2246 5 for TLS 1.0/1.1, RFC 5246 5 for TLS 1.2).
 */
#ifndef MXTLS_SSL_PRF_H
#define MXTLS_SSL_PRF_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/hash.h"

/* TLS 1.0/1.1: P_MD5(S1) xor P_SHA-1(S2). */
void mx_ssl_prf10(const uint8_t *secret, size_t slen, const char *label, const uint8_t *seed,
		  size_t seedlen, uint8_t *out, size_t outlen);

/* TLS 1.2: P_hash with the suite's hash. */
void mx_ssl_prf12(enum mx_hash_id h, const uint8_t *secret, size_t slen, const char *label,
		  const uint8_t *seed, size_t seedlen, uint8_t *out, size_t outlen);

#endif /* MXTLS_SSL_PRF_H */
