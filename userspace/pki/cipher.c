// SPDX-License-Identifier: GPL-2.0
/*
 * CBC decryption for encrypted key files, over crypto/ and pki/rc2.c.
 */
#include <errno.h>
#include <string.h>

#include "core/ct.h"
#include "crypto/aes.h"
#include "crypto/des.h"
#include "crypto/pad.h"
#include "pki/cipher.h"
#include "pki/rc2.h"

int mx_pki_cbc_decrypt(const struct mx_pki_cipher *c, const uint8_t *key, const uint8_t *iv,
		       uint8_t *buf, size_t len, size_t *out_len)
{
	union {
		struct mx_aes_key aes;
		struct mx_des3_key des;
		struct mx_rc2_key rc2;
	} k;
	uint8_t v[MX_PKI_MAX_IV], k3[MX_DES3_KEY_LEN];
	int err;

	if (len == 0 || len % c->iv_len)
		return -EBADMSG;
	memcpy(v, iv, c->iv_len);
	switch (c->id) {
	case MX_PKI_AES_CBC:
		err = mx_aes_setkey(&k.aes, key, c->key_len);
		if (!err)
			err = mx_aes_cbc_decrypt(&k.aes, v, buf, buf, len);
		mx_aes_clear(&k.aes);
		break;
	case MX_PKI_DES_EDE3_CBC:
	case MX_PKI_DES_EDE_CBC:
	case MX_PKI_DES_CBC:
		/*
		 * Two-key 3DES is K1 K2 K1; single DES is EDE with three equal
		 * keys, E and D cancelling out.
		 */
		memcpy(k3, key, c->key_len);
		if (c->id == MX_PKI_DES_EDE_CBC)
			memcpy(k3 + 16, key, 8);
		if (c->id == MX_PKI_DES_CBC) {
			memcpy(k3 + 8, key, 8);
			memcpy(k3 + 16, key, 8);
		}
		err = mx_des3_setkey(&k.des, k3, sizeof(k3));
		if (!err)
			err = mx_des3_cbc_decrypt(&k.des, v, buf, buf, len);
		mx_des3_clear(&k.des);
		mx_zeroize(k3, sizeof(k3));
		break;
	case MX_PKI_RC2_CBC:
		err = mx_rc2_setkey(&k.rc2, key, c->key_len, c->rc2_bits);
		if (!err)
			mx_rc2_cbc_decrypt(&k.rc2, v, buf, buf, len);
		mx_zeroize(&k.rc2, sizeof(k.rc2));
		break;
	default:
		err = -EOPNOTSUPP;
		break;
	}
	if (err)
		return err == -EOPNOTSUPP ? err : -EBADMSG;
	/* Bad padding is what a wrong password looks like. */
	return mx_pkcs7_unpad(buf, len, c->iv_len, out_len) ? -EKEYREJECTED : 0;
}
