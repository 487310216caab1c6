// SPDX-License-Identifier: GPL-2.0
/*
 * Legacy PEM key decryption.
 */
#include <errno.h>
#include <string.h>

#include "core/ct.h"
#include "mxtls/cryptoConfig.h"
#include "pki/cipher.h"
#include "pki/kdf.h"
#include "pki/pem_enc.h"

#ifdef USE_PKCS5

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int mx_pem_enc_decrypt(struct mx_pem_block *blk, const char *password)
{
	static const struct {
		const char *name;
		struct mx_pki_cipher c;
	} ciphers[] = {
		{ "AES-128-CBC", { MX_PKI_AES_CBC, 16, 16, 0 } },
		{ "AES-192-CBC", { MX_PKI_AES_CBC, 24, 16, 0 } },
		{ "AES-256-CBC", { MX_PKI_AES_CBC, 32, 16, 0 } },
		{ "DES-EDE3-CBC", { MX_PKI_DES_EDE3_CBC, 24, 8, 0 } },
		{ "DES-CBC", { MX_PKI_DES_CBC, 8, 8, 0 } },
	};
	const char *d = blk->dek_info, *comma;
	uint8_t iv[MX_PKI_MAX_IV], key[MX_PKI_MAX_KEY];
	const struct mx_pki_cipher *c = NULL;
	size_t n, i;
	int hi, lo, err;

	comma = memchr(d, ',', blk->dek_info_len);
	if (!comma)
		return -EBADMSG;
	n = (size_t)(comma - d);
	for (i = 0; i < sizeof(ciphers) / sizeof(ciphers[0]); i++)
		if (strlen(ciphers[i].name) == n && !memcmp(d, ciphers[i].name, n))
			c = &ciphers[i].c;
	if (!c)
		return -EOPNOTSUPP;
	d = comma + 1;
	if (blk->dek_info_len - n - 1 != 2 * c->iv_len)
		return -EBADMSG;
	for (i = 0; i < c->iv_len; i++) {
		hi = hexval(d[2 * i]);
		lo = hexval(d[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -EBADMSG;
		iv[i] = (uint8_t)(hi << 4 | lo);
	}
	if (!password)
		return -ENOKEY;
	mx_evp_bytes_to_key_md5(password, strlen(password), iv, key, c->key_len);
	err = mx_pki_cbc_decrypt(c, key, iv, blk->der, blk->der_len, &blk->der_len);
	mx_zeroize(key, sizeof(key));
	return err;
}

#else

int mx_pem_enc_decrypt(struct mx_pem_block *blk, const char *password)
{
	return -EOPNOTSUPP;
}

#endif /* USE_PKCS5 */
