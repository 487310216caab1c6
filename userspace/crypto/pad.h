/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PKCS#7 padding (RFC 5652 section 6.3; PKCS#5 for 8-byte blocks), as
 * used when encrypting private keys (PKCS#5, PKCS#8, PKCS#12) with CBC.
 * TLS records have their own padding, checked by the record layer.
 */
#ifndef MXTLS_CRYPTO_PAD_H
#define MXTLS_CRYPTO_PAD_H

#include <stddef.h>
#include <stdint.h>

/*
 * Append 1..block bytes of padding at buf + len (buf must have room for
 * len + block bytes); returns the padded length. block is 8 or 16.
 */
size_t mx_pkcs7_pad(uint8_t *buf, size_t len, size_t block);

/*
 * Check the padding of len bytes (a non-zero multiple of block) and set
 * *outlen to the length without it. The check takes the same time
 * whatever the padding's value. 0, or -EBADMSG for bad padding (then
 * *outlen is len).
 */
int mx_pkcs7_unpad(const uint8_t *buf, size_t len, size_t block, size_t *outlen);

#endif /* MXTLS_CRYPTO_PAD_H */
