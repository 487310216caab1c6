/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TLS key derivation: the PRFs of TLS 1.0/1.1 (RFC 2246 section 5) and
 * TLS 1.2 (RFC 5246 section 5), the master secret, the extended master
 * secret (RFC 7627), the key block and the Finished verify_data. SSL 3.0
 * has its own derivation in crypto/ssl3.h.
 *
 * Labels are the ASCII strings of the RFCs, without their NUL. Seeds come
 * in up to two parts (the two randoms), so callers need not concatenate.
 */
#ifndef MXTLS_CRYPTO_PRF_H
#define MXTLS_CRYPTO_PRF_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/hash.h"

#define MX_TLS_MASTER_LEN	48
#define MX_TLS_RANDOM_LEN	32
#define MX_TLS_FINISHED_LEN	12

enum mx_prf {
	MX_PRF_TLS10,		/* TLS 1.0, 1.1: P_MD5 XOR P_SHA1 over the halves */
	MX_PRF_SHA256,		/* TLS 1.2, most suites */
	MX_PRF_SHA384,		/* TLS 1.2, the *_SHA384 suites */
	MX_PRF_SHA512,		/* TLS 1.2 with SHA-512 (no suite uses it) */
};

/*
 * out = PRF(secret, label, seed1 || seed2) of out_len bytes. seed2 may be
 * NULL with seed2_len 0. -EINVAL for an unknown prf.
 */
int mx_tls_prf(enum mx_prf prf, const uint8_t *secret, size_t secret_len, const char *label,
	       const uint8_t *seed1, size_t seed1_len, const uint8_t *seed2, size_t seed2_len,
	       uint8_t *out, size_t out_len);

/*
 * master_secret = PRF(pre_master_secret, "master secret",
 *                     ClientHello.random || ServerHello.random)[0..47]
 */
int mx_tls_master_secret(enum mx_prf prf, const uint8_t *pms, size_t pms_len,
			 const uint8_t client_random[32], const uint8_t server_random[32],
			 uint8_t master[MX_TLS_MASTER_LEN]);

/*
 * RFC 7627: PRF(pre_master_secret, "extended master secret",
 * session_hash)[0..47], session_hash being the handshake hash up to and
 * including ClientKeyExchange.
 */
int mx_tls_extended_master_secret(enum mx_prf prf, const uint8_t *pms, size_t pms_len,
				  const uint8_t *session_hash, size_t hash_len,
				  uint8_t master[MX_TLS_MASTER_LEN]);

/*
 * key_block = PRF(master_secret, "key expansion",
 *                 server_random || client_random), len bytes.
 */
int mx_tls_key_block(enum mx_prf prf, const uint8_t master[MX_TLS_MASTER_LEN],
		     const uint8_t server_random[32], const uint8_t client_random[32],
		     uint8_t *out, size_t len);

/*
 * verify_data = PRF(master_secret, "client finished" or "server finished",
 * handshake_hash)[0..11]; handshake_hash is MD5 || SHA-1 of the messages
 * before TLS 1.2, the PRF's hash of them in TLS 1.2.
 */
int mx_tls_finished(enum mx_prf prf, const uint8_t master[MX_TLS_MASTER_LEN], int from_client,
		    const uint8_t *handshake_hash, size_t hash_len,
		    uint8_t verify_data[MX_TLS_FINISHED_LEN]);

#endif /* MXTLS_CRYPTO_PRF_H */
