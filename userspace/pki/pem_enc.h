/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Legacy PEM key encryption, as "openssl rsa -aes256" and "openssl ec
 * -des3" still write it: "Proc-Type: 4,ENCRYPTED" and "DEK-Info:
 * <cipher>,<IV in hex>", the key derived with EVP_BytesToKey (MD5, the
 * IV's first 8 bytes as salt, one iteration). Ciphers: AES-128/192/256-CBC,
 * DES-EDE3-CBC, DES-CBC.
 */
#ifndef MXTLS_PKI_PEM_ENC_H
#define MXTLS_PKI_PEM_ENC_H

#include "pki/pem.h"

/*
 * Decrypt the block's body in place (der_len shrinks by the padding).
 * -ENOKEY without a password, -EKEYREJECTED for bad padding, -EBADMSG for
 * a malformed DEK-Info, -EOPNOTSUPP for another cipher.
 */
int mx_pem_enc_decrypt(struct mx_pem_block *blk, const char *password);

#endif /* MXTLS_PKI_PEM_ENC_H */
