// SPDX-License-Identifier: GPL-2.0
/*
 * The cipher suite table and the key block split. See suites.h.
 */
#include <errno.h>
#include <string.h>

#include "crypto/ssl3.h"
#include "crypto/suites.h"
#include "core/ct.h"

/*
 * Key exchange and authentication, from the part of the name before
 * "_WITH_".
 */
#define KA_RSA		MX_KX_RSA, MX_AUTH_RSA
#define KA_DHE_RSA	MX_KX_DHE, MX_AUTH_RSA
#define KA_ECDHE_RSA	MX_KX_ECDHE, MX_AUTH_RSA
#define KA_ECDHE_ECDSA	MX_KX_ECDHE, MX_AUTH_ECDSA
#define KA_PSK		MX_KX_PSK, MX_AUTH_PSK
#define KA_DHE_PSK	MX_KX_DHE_PSK, MX_AUTH_PSK
#define KA_ECDHE_PSK	MX_KX_ECDHE_PSK, MX_AUTH_PSK
#define KA_DH_anon	MX_KX_DH_ANON, MX_AUTH_NONE

/* cipher, type, key length, block length, fixed IV, record IV, tag */
#define CI_AES_128_CBC		MX_CIPHER_AES_128_CBC, MX_CIPHER_BLOCK, 16, 16, 0, 16, 0
#define CI_AES_256_CBC		MX_CIPHER_AES_256_CBC, MX_CIPHER_BLOCK, 32, 16, 0, 16, 0
#define CI_3DES_EDE_CBC		MX_CIPHER_3DES_EDE_CBC, MX_CIPHER_BLOCK, 24, 8, 0, 8, 0
#define CI_RC4_128		MX_CIPHER_RC4_128, MX_CIPHER_STREAM, 16, 0, 0, 0, 0
#define CI_AES_128_GCM		MX_CIPHER_AES_128_GCM, MX_CIPHER_AEAD, 16, 0, 4, 8, 16
#define CI_AES_256_GCM		MX_CIPHER_AES_256_GCM, MX_CIPHER_AEAD, 32, 0, 4, 8, 16
#define CI_CHACHA20_POLY1305	MX_CIPHER_CHACHA20_POLY1305, MX_CIPHER_AEAD, 32, 0, 12, 0, 16

/* MAC hash and length */
#define MAC_MD5		MX_HASH_MD5, MX_MD5_LEN
#define MAC_SHA		MX_HASH_SHA1, MX_SHA1_LEN
#define MAC_SHA256	MX_HASH_SHA256, MX_SHA256_LEN
#define MAC_SHA384	MX_HASH_SHA384, MX_SHA384_LEN
#define MAC_AEAD	MX_HASH_SHA256, 0

/*
 * Reorder "cipher, type, key, block, fixed, record, tag" around the MAC
 * to the struct's field order.
 */
#define CI_ORDER(c, t, k, b, f, r, g) c, t
#define CI_LENS(c, t, k, b, f, r, g) k, b, f, r, g
#define APPLY(m, ...) m(__VA_ARGS__)

#define ENTRY(ID, NAME, KA, CI, MAC, PRF, MINV) \
	{ ID, NAME, KA, APPLY(CI_ORDER, CI), MAC, APPLY(CI_LENS, CI), PRF, MINV }

/* CBC or RC4 with HMAC: TLS_<KA>_WITH_<CI>_<MAC> */
#define MTE(ID, KA, CI, MAC, MINV) \
	ENTRY(ID, "TLS_" #KA "_WITH_" #CI "_" #MAC, KA_##KA, CI_##CI, MAC_##MAC, \
	      MAC_PRF_##MAC, MINV)
/* AEAD: TLS_<KA>_WITH_<CI>_<PRF hash>, TLS 1.2 */
#define AEAD(ID, KA, CI, PRF) \
	ENTRY(ID, "TLS_" #KA "_WITH_" #CI "_" #PRF, KA_##KA, CI_##CI, MAC_AEAD, \
	      MAC_PRF_##PRF, MX_TLS12)

/* The TLS 1.2 PRF hash: SHA-384 for *_SHA384 suites, else SHA-256. */
#define MAC_PRF_MD5	MX_HASH_SHA256
#define MAC_PRF_SHA	MX_HASH_SHA256
#define MAC_PRF_SHA256	MX_HASH_SHA256
#define MAC_PRF_SHA384	MX_HASH_SHA384

/*
 * Preference order: forward secrecy and AEAD first, then CBC with
 * SHA-2, CBC with SHA-1, 3DES, and RC4 last. The PSK suites with SHA-256
 * and SHA-384 HMACs also work before TLS 1.2 (RFC 5487, RFC 5489), with
 * that version's PRF; the other SHA-2 CBC suites are TLS 1.2 only.
 */
static const struct mx_suite suites[] = {
	AEAD(0xc02b, ECDHE_ECDSA, AES_128_GCM, SHA256),
	AEAD(0xc02c, ECDHE_ECDSA, AES_256_GCM, SHA384),
	AEAD(0xcca9, ECDHE_ECDSA, CHACHA20_POLY1305, SHA256),
	AEAD(0xc02f, ECDHE_RSA, AES_128_GCM, SHA256),
	AEAD(0xc030, ECDHE_RSA, AES_256_GCM, SHA384),
	AEAD(0xcca8, ECDHE_RSA, CHACHA20_POLY1305, SHA256),
	AEAD(0x009e, DHE_RSA, AES_128_GCM, SHA256),
	AEAD(0x009f, DHE_RSA, AES_256_GCM, SHA384),
	AEAD(0xccaa, DHE_RSA, CHACHA20_POLY1305, SHA256),
	MTE(0xc023, ECDHE_ECDSA, AES_128_CBC, SHA256, MX_TLS12),
	MTE(0xc024, ECDHE_ECDSA, AES_256_CBC, SHA384, MX_TLS12),
	MTE(0xc027, ECDHE_RSA, AES_128_CBC, SHA256, MX_TLS12),
	MTE(0xc028, ECDHE_RSA, AES_256_CBC, SHA384, MX_TLS12),
	MTE(0x0067, DHE_RSA, AES_128_CBC, SHA256, MX_TLS12),
	MTE(0x006b, DHE_RSA, AES_256_CBC, SHA256, MX_TLS12),
	MTE(0xc009, ECDHE_ECDSA, AES_128_CBC, SHA, MX_TLS10),
	MTE(0xc00a, ECDHE_ECDSA, AES_256_CBC, SHA, MX_TLS10),
	MTE(0xc013, ECDHE_RSA, AES_128_CBC, SHA, MX_TLS10),
	MTE(0xc014, ECDHE_RSA, AES_256_CBC, SHA, MX_TLS10),
	MTE(0x0033, DHE_RSA, AES_128_CBC, SHA, MX_SSL30),
	MTE(0x0039, DHE_RSA, AES_256_CBC, SHA, MX_SSL30),
	AEAD(0x009c, RSA, AES_128_GCM, SHA256),
	AEAD(0x009d, RSA, AES_256_GCM, SHA384),
	MTE(0x003c, RSA, AES_128_CBC, SHA256, MX_TLS12),
	MTE(0x003d, RSA, AES_256_CBC, SHA256, MX_TLS12),
	MTE(0x002f, RSA, AES_128_CBC, SHA, MX_SSL30),
	MTE(0x0035, RSA, AES_256_CBC, SHA, MX_SSL30),
	AEAD(0xccac, ECDHE_PSK, CHACHA20_POLY1305, SHA256),
	AEAD(0x00aa, DHE_PSK, AES_128_GCM, SHA256),
	AEAD(0x00ab, DHE_PSK, AES_256_GCM, SHA384),
	AEAD(0xccad, DHE_PSK, CHACHA20_POLY1305, SHA256),
	AEAD(0x00a8, PSK, AES_128_GCM, SHA256),
	AEAD(0x00a9, PSK, AES_256_GCM, SHA384),
	AEAD(0xccab, PSK, CHACHA20_POLY1305, SHA256),
	MTE(0xc037, ECDHE_PSK, AES_128_CBC, SHA256, MX_TLS10),
	MTE(0xc038, ECDHE_PSK, AES_256_CBC, SHA384, MX_TLS10),
	MTE(0x00b2, DHE_PSK, AES_128_CBC, SHA256, MX_TLS10),
	MTE(0x00b3, DHE_PSK, AES_256_CBC, SHA384, MX_TLS10),
	MTE(0x00ae, PSK, AES_128_CBC, SHA256, MX_TLS10),
	MTE(0x00af, PSK, AES_256_CBC, SHA384, MX_TLS10),
	MTE(0xc035, ECDHE_PSK, AES_128_CBC, SHA, MX_TLS10),
	MTE(0xc036, ECDHE_PSK, AES_256_CBC, SHA, MX_TLS10),
	MTE(0x0090, DHE_PSK, AES_128_CBC, SHA, MX_TLS10),
	MTE(0x0091, DHE_PSK, AES_256_CBC, SHA, MX_TLS10),
	MTE(0x008c, PSK, AES_128_CBC, SHA, MX_TLS10),
	MTE(0x008d, PSK, AES_256_CBC, SHA, MX_TLS10),
	AEAD(0x00a6, DH_anon, AES_128_GCM, SHA256),
	AEAD(0x00a7, DH_anon, AES_256_GCM, SHA384),
	MTE(0x006c, DH_anon, AES_128_CBC, SHA256, MX_TLS12),
	MTE(0x006d, DH_anon, AES_256_CBC, SHA256, MX_TLS12),
	MTE(0x0034, DH_anon, AES_128_CBC, SHA, MX_SSL30),
	MTE(0x003a, DH_anon, AES_256_CBC, SHA, MX_SSL30),
	MTE(0xc008, ECDHE_ECDSA, 3DES_EDE_CBC, SHA, MX_TLS10),
	MTE(0xc012, ECDHE_RSA, 3DES_EDE_CBC, SHA, MX_TLS10),
	MTE(0x0016, DHE_RSA, 3DES_EDE_CBC, SHA, MX_SSL30),
	MTE(0x000a, RSA, 3DES_EDE_CBC, SHA, MX_SSL30),
	MTE(0xc034, ECDHE_PSK, 3DES_EDE_CBC, SHA, MX_TLS10),
	MTE(0x008f, DHE_PSK, 3DES_EDE_CBC, SHA, MX_TLS10),
	MTE(0x008b, PSK, 3DES_EDE_CBC, SHA, MX_TLS10),
	MTE(0x001b, DH_anon, 3DES_EDE_CBC, SHA, MX_SSL30),
#ifdef USE_ARC4
	MTE(0xc007, ECDHE_ECDSA, RC4_128, SHA, MX_TLS10),
	MTE(0xc011, ECDHE_RSA, RC4_128, SHA, MX_TLS10),
	MTE(0x0005, RSA, RC4_128, SHA, MX_SSL30),
	MTE(0x0004, RSA, RC4_128, MD5, MX_SSL30),
	MTE(0xc033, ECDHE_PSK, RC4_128, SHA, MX_TLS10),
	MTE(0x008e, DHE_PSK, RC4_128, SHA, MX_TLS10),
	MTE(0x008a, PSK, RC4_128, SHA, MX_TLS10),
	MTE(0x0018, DH_anon, RC4_128, MD5, MX_SSL30),
#endif
};

#define N_SUITES (sizeof(suites) / sizeof(suites[0]))

const struct mx_suite *mx_suite_by_id(uint16_t id)
{
	size_t i;

	for (i = 0; i < N_SUITES; i++)
		if (suites[i].id == id)
			return &suites[i];
	return NULL;
}

const struct mx_suite *mx_suite_at(size_t i)
{
	return i < N_SUITES ? &suites[i] : NULL;
}

enum mx_prf mx_suite_prf(const struct mx_suite *s, uint16_t version)
{
	if (version < MX_TLS12)
		return MX_PRF_TLS10;
	return s->prf_hash == MX_HASH_SHA384 ? MX_PRF_SHA384 : MX_PRF_SHA256;
}

static size_t iv_len(const struct mx_suite *s, uint16_t version)
{
	switch (s->type) {
	case MX_CIPHER_BLOCK:
		return version <= MX_TLS10 ? s->block_len : 0;
	case MX_CIPHER_AEAD:
		return s->fixed_iv_len;
	default:
		return 0;
	}
}

size_t mx_suite_key_block_len(const struct mx_suite *s, uint16_t version)
{
	return 2 * ((size_t)s->mac_len + s->key_len + iv_len(s, version));
}

int mx_tls_derive_keys(const struct mx_suite *s, uint16_t version,
		       const uint8_t master[MX_TLS_MASTER_LEN],
		       const uint8_t client_random[MX_TLS_RANDOM_LEN],
		       const uint8_t server_random[MX_TLS_RANDOM_LEN], struct mx_tls_keys *keys)
{
	uint8_t kb[2 * (48 + 32 + 16)], *p = kb;
	size_t len;
	int rc;

	if (version < s->min_version)
		return -EINVAL;
	if (version < MX_SSL30 || version > MX_TLS12)
		return -EPROTONOSUPPORT;
	len = mx_suite_key_block_len(s, version);
	if (version == MX_SSL30) {
#ifdef USE_SSL3
		rc = mx_ssl3_derive(master, MX_TLS_MASTER_LEN, server_random, MX_TLS_RANDOM_LEN,
				    client_random, MX_TLS_RANDOM_LEN, kb, len);
#else
		return -EPROTONOSUPPORT;
#endif
	} else {
		rc = mx_tls_key_block(mx_suite_prf(s, version), master, server_random,
				      client_random, kb, len);
	}
	if (rc)
		return rc;
	memset(keys, 0, sizeof(*keys));
	keys->mac_len = s->mac_len;
	keys->key_len = s->key_len;
	keys->iv_len = iv_len(s, version);
	memcpy(keys->client_mac, p, keys->mac_len);
	p += keys->mac_len;
	memcpy(keys->server_mac, p, keys->mac_len);
	p += keys->mac_len;
	memcpy(keys->client_key, p, keys->key_len);
	p += keys->key_len;
	memcpy(keys->server_key, p, keys->key_len);
	p += keys->key_len;
	memcpy(keys->client_iv, p, keys->iv_len);
	p += keys->iv_len;
	memcpy(keys->server_iv, p, keys->iv_len);
	mx_zeroize(kb, sizeof(kb));
	return 0;
}
