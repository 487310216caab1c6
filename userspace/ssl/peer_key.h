/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The peer's certificate chain and public key during a handshake: chain
 * validation and the certificate callback, RSA premaster encryption,
 * and the checks of the peer's ServerKeyExchange and CertificateVerify
 * signatures (RSA or ECDSA).
 */
#ifndef MXTLS_SSL_PEER_KEY_H
#define MXTLS_SSL_PEER_KEY_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/hash.h"
#include "ssl/hs_msg.h"
#include "ssl/sigalg.h"
#include "ssl/ssl_int.h"

struct mx_peer_key;

void mx_peer_key_free(struct mx_peer_key *k);

/*
 * Validate the chain of a Certificate message (for a server, against the
 * expected name) with the session keys' trust store, ask the certificate
 * callback, and keep the leaf's key in ssl->hs->peer_key: a server's
 * must suit the suite (RSA for the RSA-authenticated ones, P-256 or
 * P-384 for ECDSA), a client's be RSA or ECDSA. 0 or an engine error
 * (the alert the callback or the validation chose).
 */
int mx_peer_cert_check(ssl_t *ssl, const struct mx_cert_msg *m);

/* The kind of the peer's key. */
enum mx_key_kind mx_peer_key_kind(const struct mx_peer_key *k);

/* Encrypt the premaster for the peer (PKCS#1 v1.5); *len gets the size. */
int mx_peer_encrypt_premaster(const struct mx_peer_key *k, const uint8_t *pms, uint8_t *out,
			      size_t cap, size_t *len);

/* Verify the peer's signature with scheme a over a digest made with
 * a->hash. 0 or mx_alert_err(decrypt_error).
 */
int mx_peer_verify(const struct mx_peer_key *k, const struct mx_sigalg *a, const uint8_t *digest,
		   size_t dlen, const uint8_t *sig, size_t sig_len);

#endif /* MXTLS_SSL_PEER_KEY_H */
