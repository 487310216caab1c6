/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal interface between aes.c and the two AES implementations.
 */
#ifndef MXTLS_CRYPTO_AES_IMPL_H
#define MXTLS_CRYPTO_AES_IMPL_H

#include "cryptoConfig.h"
#include "crypto/aes.h"

/*
 * Bitsliced portable AES (aes_ct.c): MX_AES_CT_BLOCKS blocks per call,
 * eight with PS_AES_IMPROVE_PERF_INCREASE_CODESIZE (128-bit vectors),
 * else four.
 */
#ifdef PS_AES_IMPROVE_PERF_INCREASE_CODESIZE
#define MX_AES_CT_BLOCKS 8
#else
#define MX_AES_CT_BLOCKS 4
#endif
uint32_t mx_aes_ct_subword(uint32_t w);
void mx_aes_ct_load_keys(struct mx_aes_key *key, const uint8_t *expanded);
/* Up to MX_AES_CT_BLOCKS independent blocks at once. */
void mx_aes_ct_encrypt(const struct mx_aes_key *key, const uint8_t *in, uint8_t *out, size_t n);
void mx_aes_ct_decrypt(const struct mx_aes_key *key, const uint8_t *in, uint8_t *out, size_t n);

/* AES-NI (aes_ni.c); only when mx_cpu_has(MX_CPU_AESNI). */
uint32_t mx_aes_ni_subword(uint32_t w);
void mx_aes_ni_load_keys(struct mx_aes_key *key, const uint8_t *expanded);
void mx_aes_ni_encrypt_block(const struct mx_aes_key *key, const uint8_t *in, uint8_t *out);
void mx_aes_ni_decrypt_block(const struct mx_aes_key *key, const uint8_t *in, uint8_t *out);
void mx_aes_ni_cbc_encrypt(const struct mx_aes_key *key, uint8_t iv[16], const uint8_t *in,
			   uint8_t *out, size_t nblocks);
void mx_aes_ni_cbc_decrypt(const struct mx_aes_key *key, uint8_t iv[16], const uint8_t *in,
			   uint8_t *out, size_t nblocks);
/* Whole blocks only; ctr advanced by nblocks. */
void mx_aes_ni_ctr32(const struct mx_aes_key *key, uint8_t ctr[16], const uint8_t *in,
		     uint8_t *out, size_t nblocks);

#endif /* MXTLS_CRYPTO_AES_IMPL_H */
