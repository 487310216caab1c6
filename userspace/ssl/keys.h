/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sslKeys_t: a side's identities (an RSA certificate chain and key, an
 * ECDSA one, either or both), the CA certificates it trusts, DH
 * parameters, pre-shared keys, session ticket keys, and what the engine
 * asks of them.
 */
#ifndef MXTLS_SSL_KEYS_H
#define MXTLS_SSL_KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "matrixsslApi.h"
#include "crypto/hash.h"
#include "ssl/hs_msg.h"
#include "ssl/sigalg.h"
#include "ssl/wire.h"

#define MX_MAX_PSK 8
#define MX_PSK_MAX_KEY 64
#define MX_PSK_MAX_ID 128

struct mx_psk {
	uint8_t key[MX_PSK_MAX_KEY], id[MX_PSK_MAX_ID];
	uint8_t key_len, id_len;
};

/* An identity of this kind (certificate chain and private key) is loaded. */
bool mx_keys_have(const sslKeys_t *keys, enum mx_key_kind kind);

/* The chain of that identity (leaf first). */
size_t mx_keys_chain(const sslKeys_t *keys, enum mx_key_kind kind, const uint8_t **der,
		     size_t *len, size_t max);

/* Something a server can run a handshake with: an identity, a PSK, or
 * (USE_ANON_DH_CIPHER_SUITE) nothing at all.
 */
bool mx_keys_server_usable(const sslKeys_t *keys);

/* Number of trusted CA certificates. */
size_t mx_keys_ca_count(const sslKeys_t *keys);

struct mx_trust_store;
/* The trusted CAs. */
const struct mx_trust_store *mx_keys_trust(const sslKeys_t *keys);

/* Write the CA subjects as a CertificateRequest's DistinguishedName list. */
void mx_keys_enc_ca_names(const sslKeys_t *keys, struct mx_wr *w);

/* The ECDSA identity's key is on P-384 (else P-256, or there is none). */
bool mx_keys_ec_is_p384(const sslKeys_t *keys);

/* The largest signature that identity makes. */
size_t mx_keys_sig_max(const sslKeys_t *keys, enum mx_key_kind kind);

/*
 * Decrypt an RSA ClientKeyExchange into pms (48 bytes) without revealing
 * whether padding or the version (hello_version) was wrong: any failure
 * yields a random premaster (RFC 5246 7.4.7.1). Negative only for a
 * ciphertext of the wrong length or no memory.
 */
int mx_keys_decrypt_premaster(const sslKeys_t *keys, const uint8_t *enc, size_t len,
			      uint16_t hello_version, uint8_t *pms);

/*
 * Sign a digest made with a->hash with the identity the scheme needs;
 * *sig_len gets the size. 0 or a negative errno.
 */
int mx_keys_sign(const sslKeys_t *keys, const struct mx_sigalg *a, const uint8_t *digest,
		 size_t dlen, uint8_t *sig, size_t cap, size_t *sig_len);

struct mx_dh_params;
/* The DH parameters loaded (matrixSslLoadDhParams), or NULL. */
const struct mx_dh_params *mx_keys_dh(const sslKeys_t *keys);

/* Pre-shared keys: any loaded; the one with this identity (server); the
 * one to use given the server's hint, which names an identity or not
 * (client: that identity, else the first loaded); the hint to send.
 */
bool mx_keys_have_psk(const sslKeys_t *keys);
const struct mx_psk *mx_keys_psk_find(const sslKeys_t *keys, const uint8_t *id, size_t len);
const struct mx_psk *mx_keys_psk_pick(const sslKeys_t *keys, const uint8_t *hint, size_t len);
void mx_keys_psk_hint(const sslKeys_t *keys, const uint8_t **hint, size_t *len);

struct mx_ticket_keys;
/* The session ticket keys, or NULL. */
struct mx_ticket_keys *mx_keys_tickets(const sslKeys_t *keys);

#endif /* MXTLS_SSL_KEYS_H */
