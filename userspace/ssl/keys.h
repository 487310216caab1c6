/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sslKeys_t: a side's certificate chain and private key, the CA
 * certificates it trusts, and what the engine asks of them.
 */
#ifndef MXTLS_SSL_KEYS_H
#define MXTLS_SSL_KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "matrixsslApi.h"
#include "crypto/hash.h"
#include "ssl/hs_msg.h"
#include "ssl/peer_key.h"
#include "ssl/wire.h"

/* An RSA certificate and key are loaded. */
bool mx_keys_have_rsa(const sslKeys_t *keys);

/* The certificate chain to send (leaf first). */
size_t mx_keys_chain(const sslKeys_t *keys, const uint8_t **der, size_t *len, size_t max);

/* Number of trusted CA certificates. */
size_t mx_keys_ca_count(const sslKeys_t *keys);

struct mx_trust_store;
/* The trusted CAs. */
const struct mx_trust_store *mx_keys_trust(const sslKeys_t *keys);

/* Write the CA subjects as a CertificateRequest's DistinguishedName list. */
void mx_keys_enc_ca_names(const sslKeys_t *keys, struct mx_wr *w);

/* Bytes of our RSA signature / modulus. */
size_t mx_keys_rsa_size(const sslKeys_t *keys);

/*
 * Decrypt an RSA ClientKeyExchange into pms (48 bytes) without revealing
 * whether padding or the version (hello_version) was wrong: any failure
 * yields a random premaster (RFC 5246 7.4.7.1). Negative only for a
 * ciphertext of the wrong length or no memory.
 */
int mx_keys_decrypt_premaster(const sslKeys_t *keys, const uint8_t *enc, size_t len,
			      uint16_t hello_version, uint8_t *pms);

/* PKCS#1 v1.5 signature over a digest made with h (MX_HASH_MD5_SHA1 for
 * TLS 1.0/1.1); *sig_len gets its size.
 */
int mx_keys_sign(const sslKeys_t *keys, enum mx_hash_id h, const uint8_t *digest, size_t dlen,
		 uint8_t *sig, size_t cap, size_t *sig_len);

#endif /* MXTLS_SSL_KEYS_H */
