/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The block ciphers encrypted key files use, all in CBC mode with PKCS#7
 * padding: decryption only, for the PKI code.
 */
#ifndef MXTLS_PKI_CIPHER_H
#define MXTLS_PKI_CIPHER_H

#include <stddef.h>
#include <stdint.h>

enum mx_pki_cipher_id {
	MX_PKI_AES_CBC,		/* key 16, 24 or 32 bytes */
	MX_PKI_DES_EDE3_CBC,	/* key 24 bytes */
	MX_PKI_DES_EDE_CBC,	/* two-key 3DES: key 16 bytes, K3 = K1 */
	MX_PKI_DES_CBC,		/* single DES: key 8 bytes */
	MX_PKI_RC2_CBC,		/* key 1..128 bytes, rc2_bits effective */
};

struct mx_pki_cipher {
	enum mx_pki_cipher_id id;
	unsigned int key_len;
	unsigned int iv_len;		/* the block size */
	unsigned int rc2_bits;
};

#define MX_PKI_MAX_KEY 32
#define MX_PKI_MAX_IV 16

/*
 * Decrypt buf (len bytes) in place and remove the padding, checked in
 * constant time. *out_len gets the plaintext length. -EBADMSG when len is
 * not a positive multiple of the block size; -EKEYREJECTED when the
 * padding is wrong, which is what a wrong password looks like.
 */
int mx_pki_cbc_decrypt(const struct mx_pki_cipher *c, const uint8_t *key, const uint8_t *iv,
		       uint8_t *buf, size_t len, size_t *out_len);

#endif /* MXTLS_PKI_CIPHER_H */
