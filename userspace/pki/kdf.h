/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Password-based key derivation for encrypted keys: PBKDF2 (RFC 8018
 * 5.2), the PKCS#12 KDF (RFC 7292 appendix B.2) and OpenSSL's
 * EVP_BytesToKey with MD5 and one iteration, which legacy PEM encryption
 * ("Proc-Type: 4,ENCRYPTED") uses.
 */
#ifndef MXTLS_PKI_KDF_H
#define MXTLS_PKI_KDF_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/hash.h"

/* PBKDF2 with HMAC over hash; iterations >= 1. */
void mx_pbkdf2(enum mx_hash_id hash, const void *pass, size_t plen, const uint8_t *salt,
	       size_t slen, unsigned long iterations, uint8_t *out, size_t outlen);

/* PKCS#12 KDF purposes (the "ID" byte). */
enum {
	MX_P12_KDF_KEY	= 1,
	MX_P12_KDF_IV	= 2,
	MX_P12_KDF_MAC	= 3,
};

/*
 * The PKCS#12 KDF. bmp_pass is the password already encoded as PKCS#12
 * wants it (see mx_p12_password). Returns 0, -ENOMEM, or -EINVAL for a
 * hash it cannot use.
 */
int mx_p12_kdf(enum mx_hash_id hash, const uint8_t *bmp_pass, size_t plen, const uint8_t *salt,
	       size_t slen, int id, unsigned long iterations, uint8_t *out, size_t outlen);

/*
 * A password as a BMPString with its two-byte terminator (UTF-8 read as
 * Unicode; bytes that are not UTF-8 taken one by one, as OpenSSL does).
 * NULL gives an empty encoding. Returns a new buffer (free it with
 * mx_zeroize and free) and its length, or NULL when out of memory.
 */
uint8_t *mx_p12_password(const char *pass, size_t *len);

/* EVP_BytesToKey(MD5, salt[8], count 1): keylen bytes of key. */
void mx_evp_bytes_to_key_md5(const void *pass, size_t plen, const uint8_t salt[8], uint8_t *key,
			     size_t keylen);

#endif /* MXTLS_PKI_KDF_H */
