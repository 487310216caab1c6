// SPDX-License-Identifier: GPL-2.0
/*
 * PBES2 and the PKCS#12 password-based encryption schemes.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/ct.h"
#include "pki/cipher.h"
#include "pki/kdf.h"
#include "pki/oid.h"
#include "pki/pbe.h"

int mx_pbe_charge(struct mx_pbe_ctx *ctx, unsigned long iterations, unsigned long blocks)
{
	if (blocks && iterations > ULONG_MAX / blocks)
		return -E2BIG;
	iterations *= blocks;
	if (iterations > ctx->budget)
		return -E2BIG;
	ctx->budget -= iterations;
	return 0;
}

/* Copy ct, decrypt the copy; the copy becomes *out. */
static int decrypt_copy(const struct mx_pki_cipher *c, const uint8_t *key, const uint8_t *iv,
			const struct mx_der *ct, uint8_t **out, size_t *out_len)
{
	uint8_t *buf;
	int err;

	buf = malloc(ct->len ? ct->len : 1);
	if (!buf)
		return -ENOMEM;
	memcpy(buf, ct->p, ct->len);
	err = mx_pki_cbc_decrypt(c, key, iv, buf, ct->len, out_len);
	if (err) {
		mx_zeroize(buf, ct->len);
		free(buf);
		return err;
	}
	*out = buf;
	return 0;
}

/* The PBES2 encryption scheme: the cipher and its IV. */
static int pbes2_cipher(struct mx_der alg, struct mx_pki_cipher *c, struct mx_der *iv)
{
	static const struct {
		const char *oid;
		size_t len;
		struct mx_pki_cipher c;
	} table[] = {
#define C(o, id, k, b) { o, sizeof(o) - 1, { id, k, b, 0 } }
		C(OID_AES128_CBC, MX_PKI_AES_CBC, 16, 16),
		C(OID_AES192_CBC, MX_PKI_AES_CBC, 24, 16),
		C(OID_AES256_CBC, MX_PKI_AES_CBC, 32, 16),
		C(OID_DES_EDE3_CBC, MX_PKI_DES_EDE3_CBC, 24, 8),
		C("\x2b\x0e\x03\x02\x07", MX_PKI_DES_CBC, 8, 8),	/* desCBC */
#undef C
	};
	struct mx_der oid;
	size_t i;

	if (mx_der_get(&alg, MX_DER_OID, &oid) || mx_der_oid(&oid))
		return -EBADMSG;
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		if (oid.len != table[i].len || memcmp(oid.p, table[i].oid, oid.len))
			continue;
		*c = table[i].c;
		if (mx_der_get(&alg, MX_DER_OCTET_STRING, iv) || mx_der_end(&alg) ||
		    iv->len != c->iv_len)
			return -EBADMSG;
		return 0;
	}
	return -EOPNOTSUPP;
}

/* PBES2-params (RFC 8018 A.4) with PBKDF2-params (A.2). */
static int pbes2(struct mx_pbe_ctx *ctx, struct mx_der params, const struct mx_der *ct,
		 uint8_t **out, size_t *out_len)
{
	struct mx_der seq, kdf, enc, oid, kp, salt, prf, v, iv;
	enum mx_hash_id hash = MX_HASH_SHA1;
	struct mx_pki_cipher c;
	uint8_t key[MX_PKI_MAX_KEY];
	long iter, keylen;
	size_t hlen;
	int r;

	if (mx_der_get(&params, MX_DER_SEQUENCE, &seq) || mx_der_end(&params) ||
	    mx_der_get(&seq, MX_DER_SEQUENCE, &kdf) || mx_der_get(&seq, MX_DER_SEQUENCE, &enc) ||
	    mx_der_end(&seq) || mx_der_get(&kdf, MX_DER_OID, &oid) || mx_der_oid(&oid))
		return -EBADMSG;
	if (!MX_OID_IS(&oid, OID_PBKDF2))
		return -EOPNOTSUPP;
	r = pbes2_cipher(enc, &c, &iv);
	if (r)
		return r;
	if (mx_der_get(&kdf, MX_DER_SEQUENCE, &kp) || mx_der_end(&kdf) ||
	    mx_der_get(&kp, MX_DER_OCTET_STRING, &salt) ||
	    mx_der_get_long(&kp, 1, LONG_MAX, &iter))
		return -EBADMSG;
	r = mx_der_opt(&kp, MX_DER_INTEGER, &v);
	if (r < 0 || (r && (mx_der_long(&v, &keylen) || keylen != (long)c.key_len)))
		return -EBADMSG;
	r = mx_der_opt(&kp, MX_DER_SEQUENCE, &prf);
	if (r < 0)
		return r;
	if (r) {
		if (mx_der_get(&prf, MX_DER_OID, &oid) || mx_der_oid(&oid))
			return -EBADMSG;
		/* NULL parameters, or none. */
		if (!mx_der_empty(&prf) &&
		    (mx_der_get(&prf, MX_DER_NULL, &v) || mx_der_null(&v) || mx_der_end(&prf)))
			return -EBADMSG;
		if (MX_OID_IS(&oid, OID_HMAC_SHA1))
			hash = MX_HASH_SHA1;
		else if (MX_OID_IS(&oid, OID_HMAC_SHA256))
			hash = MX_HASH_SHA256;
		else if (MX_OID_IS(&oid, OID_HMAC_SHA384))
			hash = MX_HASH_SHA384;
		else if (MX_OID_IS(&oid, OID_HMAC_SHA512))
			hash = MX_HASH_SHA512;
		else
			return -EOPNOTSUPP;
	}
	if (mx_der_end(&kp))
		return -EBADMSG;
	if (!ctx->password)
		return -ENOKEY;
	hlen = mx_hash_get(hash)->digest_len;
	r = mx_pbe_charge(ctx, (unsigned long)iter, (c.key_len + hlen - 1) / hlen);
	if (r)
		return r;
	mx_pbkdf2(hash, ctx->password, strlen(ctx->password), salt.p, salt.len,
		  (unsigned long)iter, key, c.key_len);
	r = decrypt_copy(&c, key, iv.p, ct, out, out_len);
	mx_zeroize(key, sizeof(key));
	return r;
}

/* The PKCS#12 PBEs (RFC 7292 appendix C): SHA-1 and the KDF, for key and IV. */
static int p12_pbe(struct mx_pbe_ctx *ctx, const struct mx_pki_cipher *c, struct mx_der params,
		   const struct mx_der *ct, uint8_t **out, size_t *out_len)
{
	struct mx_der seq, salt;
	uint8_t key[MX_PKI_MAX_KEY], iv[MX_PKI_MAX_IV], *bmp;
	size_t blen;
	long iter;
	int r;

	if (mx_der_get(&params, MX_DER_SEQUENCE, &seq) || mx_der_end(&params) ||
	    mx_der_get(&seq, MX_DER_OCTET_STRING, &salt) ||
	    mx_der_get_long(&seq, 1, LONG_MAX, &iter) || mx_der_end(&seq))
		return -EBADMSG;
	if (!ctx->password)
		return -ENOKEY;
	/* One SHA-1 block covers the key (24 bytes: two), one the IV. */
	r = mx_pbe_charge(ctx, (unsigned long)iter, (c->key_len + 19) / 20 + 1);
	if (r)
		return r;
	bmp = mx_p12_password(ctx->password, &blen);
	if (!bmp)
		return -ENOMEM;
	r = mx_p12_kdf(MX_HASH_SHA1, bmp, blen, salt.p, salt.len, MX_P12_KDF_KEY,
		       (unsigned long)iter, key, c->key_len);
	if (!r)
		r = mx_p12_kdf(MX_HASH_SHA1, bmp, blen, salt.p, salt.len, MX_P12_KDF_IV,
			       (unsigned long)iter, iv, c->iv_len);
	mx_zeroize(bmp, blen);
	free(bmp);
	if (!r)
		r = decrypt_copy(c, key, iv, ct, out, out_len);
	mx_zeroize(key, sizeof(key));
	return r;
}

int mx_pbe_decrypt(struct mx_pbe_ctx *ctx, const struct mx_der *alg, const struct mx_der *ct,
		   uint8_t **out, size_t *out_len)
{
	static const struct {
		const char *oid;
		size_t len;
		struct mx_pki_cipher c;
	} p12[] = {
#define P(o, id, k, bits) { o, sizeof(o) - 1, { id, k, 8, bits } }
		P(OID_PBE_SHA1_3DES, MX_PKI_DES_EDE3_CBC, 24, 0),
		P(OID_PBE_SHA1_2DES, MX_PKI_DES_EDE_CBC, 16, 0),
		P(OID_PBE_SHA1_RC2_128, MX_PKI_RC2_CBC, 16, 128),
		P(OID_PBE_SHA1_RC2_40, MX_PKI_RC2_CBC, 5, 40),
#undef P
	};
	struct mx_der cur = *alg, oid;
	size_t i;

	if (mx_der_get(&cur, MX_DER_OID, &oid) || mx_der_oid(&oid))
		return -EBADMSG;
	if (MX_OID_IS(&oid, OID_PBES2))
		return pbes2(ctx, cur, ct, out, out_len);
	for (i = 0; i < sizeof(p12) / sizeof(p12[0]); i++)
		if (oid.len == p12[i].len && !memcmp(oid.p, p12[i].oid, oid.len))
			return p12_pbe(ctx, &p12[i].c, cur, ct, out, out_len);
	return -EOPNOTSUPP;
}
