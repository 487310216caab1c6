/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The cipher suites the engine negotiates: which this build offers, in
 * which order, from which version, and their IANA names. The record
 * protection parameters of each (key, IV and MAC lengths, the key-block
 * split) come from the crypto library's suite table.
 */
#ifndef MXTLS_SSL_SUITE_H
#define MXTLS_SSL_SUITE_H

#include <stdbool.h>
#include <stdint.h>

#include "crypto/hash.h"

enum mx_bulk_alg {
	MX_BULK_NULL,
	MX_BULK_RC4,
	MX_BULK_3DES_CBC,
	MX_BULK_AES_CBC,
	MX_BULK_AES_GCM,
};

enum mx_kx {
	MX_KX_NULL,
	MX_KX_RSA,
};

struct mx_suite {
	uint16_t id;
	const char *name;		/* IANA */
	enum mx_kx kx;
	enum mx_bulk_alg bulk;
	uint8_t key_len;		/* cipher key */
	uint8_t fixed_iv_len;		/* from the key block: CBC IV (TLS 1.0), GCM salt */
	uint8_t record_iv_len;		/* explicit per-record IV/nonce (TLS 1.1+ CBC, GCM) */
	uint8_t block_len;		/* CBC block, 0 otherwise */
	uint8_t mac_len;		/* MAC key and tag length, 0 for AEAD */
	uint8_t tag_len;		/* AEAD tag */
	enum mx_hash_id mac_hash;
	enum mx_hash_id prf_hash;	/* TLS 1.2 PRF and Finished hash */
	uint16_t min_version;		/* TLS 1.2 for SHA-256/384 and GCM suites */
};

/* The suite, if this build has it; NULL otherwise. */
const struct mx_suite *mx_suite_get(uint16_t id);

/* This build's suites, most preferred first (AEAD, then CBC, then legacy). */
const struct mx_suite *mx_suite_at(unsigned int i);

/* Its position in the table (bit of the enabled masks). */
unsigned int mx_suite_index(const struct mx_suite *s);

/* Suites disabled for sessions created from now on (bit per index). */
uint32_t mx_suites_default_disabled(void);

/* Whether the suite can run at this wire version. */
bool mx_suite_ok_for(const struct mx_suite *s, uint16_t version);

/* Key block bytes the suite needs: two MAC keys, two keys, two IVs. */
static inline unsigned int mx_suite_key_block_len(const struct mx_suite *s)
{
	return 2u * (s->mac_len + s->key_len + s->fixed_iv_len);
}

#endif /* MXTLS_SSL_SUITE_H */
