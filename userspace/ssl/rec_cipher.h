/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The bulk ciphers of the record layer, behind one small interface so
 * that record.c is written once for every suite: CBC (AES, 3DES), the
 * RC4 stream (USE_ARC4 builds) and AEAD (AES-GCM, ChaCha20-Poly1305).
 * All work in place.
 */
#ifndef MXTLS_SSL_REC_CIPHER_H
#define MXTLS_SSL_REC_CIPHER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ssl/port.h"
#include "ssl/suite.h"

struct mx_bulk;

/* Expand k's key for the suite's cipher, one direction. 0, -ENOMEM or
 * -EINVAL.
 */
int mx_bulk_new(const struct mx_suite *s, const struct mx_traffic_keys *k, bool encrypt,
		struct mx_bulk **out);
/* Wipe and free. */
void mx_bulk_free(struct mx_bulk *b);

/* CBC over len bytes (a multiple of the block), iv updated to the last
 * ciphertext block.
 */
void mx_bulk_cbc(struct mx_bulk *b, uint8_t *iv, uint8_t *buf, size_t len);
/* The stream cipher (USE_ARC4): XOR the keystream into buf. */
void mx_bulk_stream(struct mx_bulk *b, uint8_t *buf, size_t len);
/* AEAD with a 12-byte nonce; tag_len bytes of tag. open: 0 or -EBADMSG,
 * buf untouched-or-garbage on failure.
 */
void mx_bulk_seal(struct mx_bulk *b, const uint8_t *nonce, const uint8_t *aad, size_t aad_len,
		  uint8_t *buf, size_t len, uint8_t *tag);
int mx_bulk_open(struct mx_bulk *b, const uint8_t *nonce, const uint8_t *aad, size_t aad_len,
		 uint8_t *buf, size_t len, const uint8_t *tag);

/* Random bytes from the library's DRBG: 0 or a negative errno. */
int mx_ssl_random(void *buf, size_t len);

#endif /* MXTLS_SSL_REC_CIPHER_H */
