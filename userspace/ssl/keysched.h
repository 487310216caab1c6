/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The key schedule of TLS 1.0-1.2 (and SSL 3.0): master secret (with the
 * extended master secret of RFC 7627), key block and its split into each
 * direction's traffic keys, Finished verify_data. The PRFs themselves
 * are the crypto library's.
 */
#ifndef MXTLS_SSL_KEYSCHED_H
#define MXTLS_SSL_KEYSCHED_H

#include <stddef.h>
#include <stdint.h>

#include "ssl/port.h"
#include "ssl/ssl_int.h"

/* master = PRF(premaster, "master secret" or "extended master secret", ...).
 * With EMS the session hash must have been taken (mx_ks_session_hash).
 */
int mx_ks_master(ssl_t *ssl);

/* Take the session hash (transcript through ClientKeyExchange). */
void mx_ks_session_hash(ssl_t *ssl);

/* Derive the key block and split it: client and server write keys, with
 * their epochs and sequence numbers starting at 0.
 */
int mx_ks_traffic_keys(ssl_t *ssl, struct mx_traffic_keys *client, struct mx_traffic_keys *server);

/* The verify_data of a Finished from the transcript so far; returns its
 * length (12, or 36 for SSL 3.0).
 */
int mx_ks_finished(ssl_t *ssl, bool from_client, uint8_t *out);

/* The hash a TLS 1.0/1.1 CertificateVerify signs (MD5 || SHA-1 of the
 * transcript, 36 bytes), or a TLS 1.2 one with hash h; returns the length.
 */
size_t mx_ks_cert_verify_hash(ssl_t *ssl, enum mx_hash_id h, uint8_t *out);

#endif /* MXTLS_SSL_KEYSCHED_H */
