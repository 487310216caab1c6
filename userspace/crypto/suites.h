/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The TLS cipher suites the engine offers, keyed by IANA id, with what
 * the record layer and the key derivation need to know about each, and
 * the split of the key block into MAC keys, cipher keys and IVs.
 *
 * RC4 suites exist only with USE_ARC4. AEAD suites and the non-PSK
 * suites with SHA-256/SHA-384 MACs need TLS 1.2; ECDHE and PSK suites
 * need TLS 1.0; the others go back to SSL 3.0.
 */
#ifndef MXTLS_CRYPTO_SUITES_H
#define MXTLS_CRYPTO_SUITES_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/hash.h"
#include "crypto/prf.h"

#define MX_SSL30	0x0300
#define MX_TLS10	0x0301
#define MX_TLS11	0x0302
#define MX_TLS12	0x0303

enum mx_kx {
	MX_KX_RSA,		/* RSA-encrypted premaster secret */
	MX_KX_DHE,		/* ephemeral finite-field DH */
	MX_KX_ECDHE,		/* ephemeral elliptic-curve DH */
	MX_KX_PSK,		/* pre-shared key only (RFC 4279) */
	MX_KX_DHE_PSK,
	MX_KX_ECDHE_PSK,	/* RFC 5489 */
	MX_KX_DH_ANON,		/* unauthenticated DH */
};

enum mx_auth {
	MX_AUTH_RSA,
	MX_AUTH_ECDSA,
	MX_AUTH_PSK,
	MX_AUTH_NONE,
};

enum mx_cipher {
	MX_CIPHER_AES_128_CBC,
	MX_CIPHER_AES_256_CBC,
	MX_CIPHER_AES_128_GCM,
	MX_CIPHER_AES_256_GCM,
	MX_CIPHER_CHACHA20_POLY1305,
	MX_CIPHER_3DES_EDE_CBC,
	MX_CIPHER_RC4_128,
};

enum mx_cipher_type {
	MX_CIPHER_STREAM,	/* RC4: MAC-then-encrypt, no IV */
	MX_CIPHER_BLOCK,	/* CBC: MAC-then-encrypt (or RFC 7366) */
	MX_CIPHER_AEAD,		/* GCM, ChaCha20-Poly1305 */
};

struct mx_suite {
	uint16_t id;			/* IANA TLS Cipher Suite value */
	const char *name;		/* IANA name */
	enum mx_kx kx;
	enum mx_auth auth;
	enum mx_cipher cipher;
	enum mx_cipher_type type;
	enum mx_hash_id mac;		/* HMAC's hash; stream and block ciphers */
	uint8_t mac_len;		/* 0 for AEAD */
	uint8_t key_len;
	uint8_t block_len;		/* CBC block size, else 0 */
	uint8_t fixed_iv_len;		/* AEAD nonce part from the key block */
	uint8_t record_iv_len;		/* explicit per-record IV or nonce (TLS 1.1+) */
	uint8_t tag_len;		/* AEAD tag */
	enum mx_hash_id prf_hash;	/* the TLS 1.2 PRF's hash */
	uint16_t min_version;
};

/* The suite with this IANA id, or NULL when this build does not offer it. */
const struct mx_suite *mx_suite_by_id(uint16_t id);
/*
 * The i-th suite of the table (in the engine's default preference
 * order), or NULL past the end.
 */
const struct mx_suite *mx_suite_at(size_t i);

/* The PRF for a suite at a protocol version (TLS 1.0 and later). */
enum mx_prf mx_suite_prf(const struct mx_suite *s, uint16_t version);

/* The keys of both directions, as split from the key block. */
struct mx_tls_keys {
	uint8_t client_mac[48], server_mac[48];
	uint8_t client_key[32], server_key[32];
	uint8_t client_iv[16], server_iv[16];
	size_t mac_len, key_len, iv_len;
};

/*
 * Bytes of key block the suite needs at a version: two MAC keys, two
 * cipher keys and two IVs. The IVs come from the key block for CBC in
 * SSL 3.0 and TLS 1.0 (block size), never for CBC in TLS 1.1+ (explicit
 * per-record IVs), and as the fixed nonce part for AEAD suites.
 */
size_t mx_suite_key_block_len(const struct mx_suite *s, uint16_t version);

/*
 * Derive the key block from the master secret and the randoms with the
 * version's derivation (the SSL 3.0 one only with USE_SSL3) and split it
 * (RFC 5246 section 6.3). -EINVAL when the suite needs a later version,
 * -EPROTONOSUPPORT for a version this build does not do.
 */
int mx_tls_derive_keys(const struct mx_suite *s, uint16_t version,
		       const uint8_t master[MX_TLS_MASTER_LEN],
		       const uint8_t client_random[MX_TLS_RANDOM_LEN],
		       const uint8_t server_random[MX_TLS_RANDOM_LEN], struct mx_tls_keys *keys);

#endif /* MXTLS_CRYPTO_SUITES_H */
