// SPDX-License-Identifier: GPL-2.0
/*
 * The record layer's bulk ciphers, over the crypto library.
 */
#include <errno.h>
#include <stdlib.h>

#include "core/ct.h"
#include "crypto/aes.h"
#include "crypto/gcm.h"
#include "crypto/random.h"
#include "ssl/rec_cipher.h"

struct mx_bulk {
	enum mx_bulk_alg alg;
	bool encrypt;
	union {
		struct mx_aes_key aes;
		struct mx_gcm_key gcm;
	} u;
};

int mx_bulk_new(const struct mx_suite *s, const struct mx_traffic_keys *k, bool encrypt,
		struct mx_bulk **out)
{
	struct mx_bulk *b;
	int rc;

	*out = NULL;
	if (!s || s->bulk == MX_BULK_NULL)
		return 0;
	if (k->key_len != s->key_len)
		return -EINVAL;
	b = calloc(1, sizeof(*b));
	if (!b)
		return -ENOMEM;
	b->alg = s->bulk;
	b->encrypt = encrypt;
	switch (s->bulk) {
	case MX_BULK_AES_CBC:
		rc = mx_aes_setkey(&b->u.aes, k->key, k->key_len);
		break;
	case MX_BULK_AES_GCM:
		rc = mx_gcm_setkey(&b->u.gcm, k->key, k->key_len);
		break;
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
	switch (b->alg) {
	case MX_BULK_AES_CBC:
		if (b->encrypt)
			mx_aes_cbc_encrypt(&b->u.aes, iv, buf, buf, len);
		else
			mx_aes_cbc_decrypt(&b->u.aes, iv, buf, buf, len);
		break;
	default:
		break;
	}
}

void mx_bulk_stream(struct mx_bulk *b, uint8_t *buf, size_t len)
{
}

void mx_bulk_seal(struct mx_bulk *b, const uint8_t *nonce, const uint8_t *aad, size_t aad_len,
		  uint8_t *buf, size_t len, uint8_t *tag)
{
	mx_gcm_seal(&b->u.gcm, nonce, 12, aad, aad_len, buf, len, buf, tag);
}

int mx_bulk_open(struct mx_bulk *b, const uint8_t *nonce, const uint8_t *aad, size_t aad_len,
		 uint8_t *buf, size_t len, const uint8_t *tag)
{
	return mx_gcm_open(&b->u.gcm, nonce, 12, aad, aad_len, buf, len, tag, buf) ? -EBADMSG : 0;
}

int mx_ssl_random(void *buf, size_t len)
{
	return mx_random_bytes(buf, len);
}
