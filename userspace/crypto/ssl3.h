/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SSL 3.0 (RFC 6101) key derivation, record MAC and Finished hashes, only
 * in builds that define USE_SSL3 (include/mxtls/cryptoConfig.h): SSL 3.0
 * is broken (RFC 7568) and disabled by default.
 */
#ifndef MXTLS_CRYPTO_SSL3_H
#define MXTLS_CRYPTO_SSL3_H

#include <stddef.h>
#include <stdint.h>

#include "cryptoConfig.h"
#include "crypto/hash.h"

#ifdef USE_SSL3
#define MX_SSL3_FINISHED_LEN	36	/* MD5 || SHA-1 */
#define MX_SSL3_MAX_DERIVE	(26 * MX_MD5_LEN)	/* labels "A" to "Z...Z" */

/*
 * The SSL 3.0 expansion: out = MD5(secret || SHA1("A" || secret || seed))
 * || MD5(secret || SHA1("BB" || secret || seed)) || ..., seed being
 * seed1 || seed2. For the master secret: secret = pre_master_secret,
 * seed = client_random || server_random, 48 bytes; for the key block:
 * secret = master_secret, seed = server_random || client_random.
 * -EINVAL when len exceeds MX_SSL3_MAX_DERIVE.
 */
int mx_ssl3_derive(const uint8_t *secret, size_t secret_len, const uint8_t *seed1,
		   size_t seed1_len, const uint8_t *seed2, size_t seed2_len, uint8_t *out,
		   size_t len);

/*
 * The record MAC: hash(secret || pad2 || hash(secret || pad1 || seq_num ||
 * type || length || data)), pads of 48 bytes (MD5) or 40 (SHA-1). hdr is
 * seq_num (8) || type (1) || length (2). id is MX_HASH_MD5 or
 * MX_HASH_SHA1 (-EINVAL otherwise); out gets the digest length.
 */
int mx_ssl3_mac(enum mx_hash_id id, const uint8_t *secret, size_t secret_len,
		const uint8_t hdr[11], const uint8_t *data, size_t len, uint8_t *out);

/*
 * Finished (sender is "CLNT" or "SRVR") and CertificateVerify (sender
 * NULL) hashes: for each of MD5 and SHA-1,
 *   hash(master || pad2 || hash(messages || sender || master || pad1)),
 * concatenated. md5 and sha1 are the running hashes of the handshake
 * messages; they are not changed.
 */
void mx_ssl3_handshake_hash(const struct mx_md5_ctx *md5, const struct mx_sha1_ctx *sha1,
			    const uint8_t *sender, const uint8_t master[48],
			    uint8_t out[MX_SSL3_FINISHED_LEN]);
#endif

#endif /* MXTLS_CRYPTO_SSL3_H */
