/* SPDX-License-Identifier: GPL-2.0 */
/*
 * AES-128/192/256 (FIPS 197), with CBC and a 32-bit counter mode.
 *
 * mx_aes_setkey() picks the implementation from the CPU (crypto/cpu.h):
 * AES-NI when present, else a bitsliced constant-time implementation in
 * portable C (no table lookups, four blocks at a time). A key keeps the
 * implementation it was set up with.
 *
 * Buffers may be unaligned; in and out may be the same buffer (in place)
 * but must not otherwise overlap. Keys are wiped by mx_aes_clear().
 */
#ifndef MXTLS_CRYPTO_AES_H
#define MXTLS_CRYPTO_AES_H

#include <stddef.h>
#include <stdint.h>

#define MX_AES_BLOCK	16

enum mx_aes_impl {
	MX_AES_CT,	/* bitsliced portable C */
	MX_AES_NI,	/* AES-NI */
};

struct mx_aes_key {
	union {
		struct {
			/*
			 * encryption round keys, then the decryption ones
			 * (reversed, InvMixColumns applied) for aesdec
			 */
			_Alignas(16) uint8_t enc[15][16];
			_Alignas(16) uint8_t dec[15][16];
		} ni;
		/* bitsliced round keys, replicated in all four block slots */
		uint64_t ct[15][8];
	} rk;
	unsigned int rounds;		/* 10, 12 or 14 */
	enum mx_aes_impl impl;
};

/* keylen is 16, 24 or 32; -EINVAL otherwise. */
int mx_aes_setkey(struct mx_aes_key *key, const uint8_t *k, size_t keylen);
void mx_aes_clear(struct mx_aes_key *key);

void mx_aes_encrypt_block(const struct mx_aes_key *key, const uint8_t in[16], uint8_t out[16]);
void mx_aes_decrypt_block(const struct mx_aes_key *key, const uint8_t in[16], uint8_t out[16]);

/*
 * CBC over len bytes, a multiple of 16 (-EINVAL otherwise; nothing is
 * written then). iv is updated to the last ciphertext block, so a message
 * can be processed in several calls and TLS 1.0 can chain records.
 * No padding: see crypto/pad.h.
 */
int mx_aes_cbc_encrypt(const struct mx_aes_key *key, uint8_t iv[16], const uint8_t *in,
		       uint8_t *out, size_t len);
int mx_aes_cbc_decrypt(const struct mx_aes_key *key, uint8_t iv[16], const uint8_t *in,
		       uint8_t *out, size_t len);

/*
 * Counter mode as GCM uses it: the keystream is E(ctr), E(ctr + 1), ...
 * where only the last 4 bytes of ctr count (big-endian, wrapping mod
 * 2^32). Any len; a partial last block uses the first bytes of its
 * keystream block. ctr is advanced past the blocks used (a partial block
 * counts as used).
 */
void mx_aes_ctr32(const struct mx_aes_key *key, uint8_t ctr[16], const uint8_t *in,
		  uint8_t *out, size_t len);

#endif /* MXTLS_CRYPTO_AES_H */
