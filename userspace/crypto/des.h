/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Triple DES (EDE, three keys; NIST SP 800-67) in CBC mode: the TLS
 * suites *_WITH_3DES_EDE_CBC_SHA and the PBE schemes of PKCS#5/#12 key
 * files. Constant time: the S-boxes are read by shifting 64-bit words by
 * the S-box input instead of indexing tables (see des.c).
 */
#ifndef MXTLS_CRYPTO_DES_H
#define MXTLS_CRYPTO_DES_H

#include <stddef.h>
#include <stdint.h>

#define MX_DES3_KEY_LEN		24
#define MX_DES_BLOCK		8

struct mx_des3_key {
	/*
	 * the 48 round subkeys as eight 6-bit S-box chunks each, in the
	 * order encryption uses them, and in decryption's order
	 */
	uint8_t enc[48][8];
	uint8_t dec[48][8];
};

/*
 * key = K1 || K2 || K3 (keylen 24), or K1 || K2 with K3 = K1 (keylen 16,
 * keying option 2, as in PKCS#12's two-key variant); parity bits are
 * ignored. -EINVAL for other lengths.
 */
int mx_des3_setkey(struct mx_des3_key *key, const uint8_t *k, size_t keylen);
void mx_des3_clear(struct mx_des3_key *key);

void mx_des3_encrypt_block(const struct mx_des3_key *key, const uint8_t in[8], uint8_t out[8]);
void mx_des3_decrypt_block(const struct mx_des3_key *key, const uint8_t in[8], uint8_t out[8]);

/*
 * CBC over len bytes (a multiple of 8, else -EINVAL); iv is updated to
 * the last ciphertext block, as for AES.
 */
int mx_des3_cbc_encrypt(const struct mx_des3_key *key, uint8_t iv[8], const uint8_t *in,
			uint8_t *out, size_t len);
int mx_des3_cbc_decrypt(const struct mx_des3_key *key, uint8_t iv[8], const uint8_t *in,
			uint8_t *out, size_t len);

#endif /* MXTLS_CRYPTO_DES_H */
