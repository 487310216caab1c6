// SPDX-License-Identifier: GPL-2.0
/*
 * The record layer's bulk ciphers, over the crypto library.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/ct.h"
#include "crypto/aes.h"
#include "crypto/chacha20poly1305.h"
#include "crypto/des.h"
#include "crypto/gcm.h"
#include "crypto/random.h"
#include "crypto/rc4.h"
#include "ssl/rec_cipher.h"

struct mx_bulk {
	enum mx_cipher cipher;
	bool encrypt;
	union {
		struct mx_aes_key aes;
		struct mx_gcm_key gcm;
		struct mx_des3_key des3;
		uint8_t chacha[MX_CHACHA20_KEY_LEN];
#ifdef USE_ARC4
		struct mx_rc4_ctx rc4;
#endif
	} u;
};

int mx_bulk_new(const struct mx_suite *s, const struct mx_traffic_keys *k, bool encrypt,
		struct mx_bulk **out)
{
	struct mx_bulk *b;
	int rc;

	*out = NULL;
	if (k->key_len != s->key_len)
		return -EINVAL;
	b = calloc(1, sizeof(*b));
	if (!b)
		return -ENOMEM;
	b->cipher = s->cipher;
	b->encrypt = encrypt;
	switch (s->cipher) {
	case MX_CIPHER_AES_128_CBC:
	case MX_CIPHER_AES_256_CBC:
		rc = mx_aes_setkey(&b->u.aes, k->key, k->key_len);
		break;
	case MX_CIPHER_AES_128_GCM:
	case MX_CIPHER_AES_256_GCM:
		rc = mx_gcm_setkey(&b->u.gcm, k->key, k->key_len);
		break;
	case MX_CIPHER_3DES_EDE_CBC:
		rc = mx_des3_setkey(&b->u.des3, k->key, k->key_len);
		break;
	case MX_CIPHER_CHACHA20_POLY1305:
		rc = k->key_len == MX_CHACHA20_KEY_LEN ? 0 : -EINVAL;
		if (!rc)
			memcpy(b->u.chacha, k->key, MX_CHACHA20_KEY_LEN);
		break;
#ifdef USE_ARC4
	case MX_CIPHER_RC4_128:
		rc = mx_rc4_init(&b->u.rc4, k->key, k->key_len);
		break;
#endif
	default:
		rc = -EINVAL;
		break;
	}
	if (rc) {
		mx_bulk_free(b);
		return rc;
	}
	*out = b;
	return 0;
}

void mx_bulk_free(struct mx_bulk *b)
{
	if (!b)
		return;
	mx_zeroize(b, sizeof(*b));
	free(b);
}

void mx_bulk_cbc(struct mx_bulk *b, uint8_t *iv, uint8_t *buf, size_t len)
{
	if (b->cipher == MX_CIPHER_3DES_EDE_CBC) {
		if (b->encrypt)
			mx_des3_cbc_encrypt(&b->u.des3, iv, buf, buf, len);
		else
			mx_des3_cbc_decrypt(&b->u.des3, iv, buf, buf, len);
	} else if (b->encrypt) {
		mx_aes_cbc_encrypt(&b->u.aes, iv, buf, buf, len);
	} else {
		mx_aes_cbc_decrypt(&b->u.aes, iv, buf, buf, len);
	}
}

#ifdef USE_ARC4
void mx_bulk_stream(struct mx_bulk *b, uint8_t *buf, size_t len)
{
	mx_rc4_crypt(&b->u.rc4, buf, buf, len);
}
#endif

void mx_bulk_seal(struct mx_bulk *b, const uint8_t *nonce, const uint8_t *aad, size_t aad_len,
		  uint8_t *buf, size_t len, uint8_t *tag)
{
	if (b->cipher == MX_CIPHER_CHACHA20_POLY1305)
		mx_chacha20_poly1305_seal(b->u.chacha, nonce, 12, aad, aad_len, buf, len, buf, tag);
	else
		mx_gcm_seal(&b->u.gcm, nonce, 12, aad, aad_len, buf, len, buf, tag);
}

int mx_bulk_open(struct mx_bulk *b, const uint8_t *nonce, const uint8_t *aad, size_t aad_len,
		 uint8_t *buf, size_t len, const uint8_t *tag)
{
	int rc;

	if (b->cipher == MX_CIPHER_CHACHA20_POLY1305)
		rc = mx_chacha20_poly1305_open(b->u.chacha, nonce, 12, aad, aad_len, buf, len, tag,
					       buf);
	else
		rc = mx_gcm_open(&b->u.gcm, nonce, 12, aad, aad_len, buf, len, tag, buf);
	return rc ? -EBADMSG : 0;
}

int mx_ssl_random(void *buf, size_t len)
{
	return mx_random_bytes(buf, len);
}
