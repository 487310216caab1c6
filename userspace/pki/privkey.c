// SPDX-License-Identifier: GPL-2.0
/*
 * Private key files: format detection and the unencrypted forms.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/ct.h"
#include "crypto/ec.h"
#include "crypto/rsa.h"
#include "mxtls/cryptoConfig.h"
#include "pki/file.h"
#include "pki/oid.h"
#include "pki/pbe.h"
#include "pki/pem.h"
#include "pki/pem_enc.h"
#include "pki/privkey.h"

/* The crypto/ objects built from the key. */
static void release_objects(struct mx_privkey *k)
{
	mx_rsa_key_free(k->rsa_key);
	k->rsa_key = NULL;
	if (k->ec_key) {
		mx_ec_key_clear(k->ec_key);
		free(k->ec_key);
		k->ec_key = NULL;
	}
}

#ifdef USE_PRIVATE_KEY_PARSING

/* Read a non-negative INTEGER's magnitude. */
static int get_uint(struct mx_der *cur, struct mx_der *mag)
{
	struct mx_der v;

	if (mx_der_get(cur, MX_DER_INTEGER, &v) || mx_der_uint(&v, mag) || mag->len == 0)
		return -EBADMSG;
	return 0;
}

/* RSAPrivateKey (RFC 8017 A.1.2), two-prime only. */
static int parse_pkcs1(struct mx_der der, struct mx_privkey *k)
{
	struct mx_rsa_priv *r = &k->rsa;
	struct mx_der seq;
	long version;

	if (mx_der_get(&der, MX_DER_SEQUENCE, &seq) || mx_der_end(&der) ||
	    mx_der_get_long(&seq, 0, 0, &version) ||
	    get_uint(&seq, &r->n) || get_uint(&seq, &r->e) || get_uint(&seq, &r->d) ||
	    get_uint(&seq, &r->p) || get_uint(&seq, &r->q) || get_uint(&seq, &r->dp) ||
	    get_uint(&seq, &r->dq) || get_uint(&seq, &r->qinv) || mx_der_end(&seq))
		return -EBADMSG;
	k->type = MX_PK_RSA;
	return 0;
}

static int curve_of(const struct mx_der *oid, enum mx_curve *c)
{
	if (MX_OID_IS(oid, OID_P256))
		*c = MX_CURVE_P256;
	else if (MX_OID_IS(oid, OID_P384))
		*c = MX_CURVE_P384;
	else
		return -EOPNOTSUPP;
	return 0;
}

/*
 * ECPrivateKey (RFC 5915). The curve comes from the PKCS#8 algorithm
 * (curve != NONE) or from the structure's own parameters; when both are
 * present they must agree.
 */
static int parse_sec1(struct mx_der der, enum mx_curve curve, struct mx_privkey *k)
{
	struct mx_ec_priv *e = &k->ec;
	struct mx_der seq, v, oid, bits;
	enum mx_curve own;
	long version;
	int r;

	if (mx_der_get(&der, MX_DER_SEQUENCE, &seq) || mx_der_end(&der) ||
	    mx_der_get_long(&seq, 1, 1, &version) ||
	    mx_der_get(&seq, MX_DER_OCTET_STRING, &e->d) || e->d.len == 0)
		return -EBADMSG;
	r = mx_der_opt(&seq, MX_DER_CTX_CONS(0), &v);
	if (r < 0)
		return r;
	if (r) {
		if (mx_der_get(&v, MX_DER_OID, &oid) || mx_der_oid(&oid) || mx_der_end(&v))
			return -EBADMSG;
		r = curve_of(&oid, &own);
		if (r)
			return r;
		if (curve != MX_CURVE_NONE && own != curve)
			return -EBADMSG;
		curve = own;
	}
	if (curve == MX_CURVE_NONE)
		return -EBADMSG;
	r = mx_der_opt(&seq, MX_DER_CTX_CONS(1), &v);
	if (r < 0)
		return r;
	if (r && (mx_der_get(&v, MX_DER_BIT_STRING, &bits) || mx_der_end(&v) ||
		  mx_der_bits_octets(&bits, &e->pub)))
		return -EBADMSG;
	if (mx_der_end(&seq))
		return -EBADMSG;
	e->curve = curve;
	k->type = MX_PK_EC;
	return 0;
}

/* PrivateKeyInfo / OneAsymmetricKey (RFC 5958). */
static int parse_pkcs8(struct mx_der der, struct mx_privkey *k)
{
#ifdef USE_PKCS8
	struct mx_der seq, alg, oid, inner, v;
	enum mx_curve curve;
	long version;
	int r;

	if (mx_der_get(&der, MX_DER_SEQUENCE, &seq) || mx_der_end(&der) ||
	    mx_der_get_long(&seq, 0, 1, &version) ||
	    mx_der_get(&seq, MX_DER_SEQUENCE, &alg) ||
	    mx_der_get(&seq, MX_DER_OCTET_STRING, &inner) ||
	    mx_der_opt(&seq, MX_DER_CTX_CONS(0), &v) < 0 ||
	    (version == 1 && mx_der_opt(&seq, MX_DER_CTX(1), &v) < 0) || mx_der_end(&seq) ||
	    mx_der_get(&alg, MX_DER_OID, &oid) || mx_der_oid(&oid))
		return -EBADMSG;
	if (MX_OID_IS(&oid, OID_RSA_ENCRYPTION) || MX_OID_IS(&oid, OID_RSASSA_PSS)) {
		/* rsaEncryption has NULL parameters; PSS ones restrict use only. */
		if (MX_OID_IS(&oid, OID_RSA_ENCRYPTION) && !mx_der_empty(&alg) &&
		    (mx_der_get(&alg, MX_DER_NULL, &v) || mx_der_null(&v) || mx_der_end(&alg)))
			return -EBADMSG;
		k->rsa_pss_only = MX_OID_IS(&oid, OID_RSASSA_PSS);
		return parse_pkcs1(inner, k);
	}
	if (MX_OID_IS(&oid, OID_EC_PUBLIC_KEY)) {
		if (mx_der_get(&alg, MX_DER_OID, &oid) || mx_der_oid(&oid) || mx_der_end(&alg))
			return -EBADMSG;
		r = curve_of(&oid, &curve);
		if (r)
			return r;
		return parse_sec1(inner, curve, k);
	}
	return -EOPNOTSUPP;
#else
	return -EOPNOTSUPP;
#endif
}

enum key_form { FORM_PKCS8, FORM_PKCS1, FORM_SEC1 };

/* Parse an owned buffer; it becomes the key's or is wiped. */
static int take(uint8_t *der, size_t len, enum key_form form, struct mx_privkey *k)
{
	struct mx_der d = mx_der_span(der, len);
	int err;

	memset(k, 0, sizeof(*k));
	switch (form) {
	case FORM_PKCS8:
		err = parse_pkcs8(d, k);
		break;
	case FORM_PKCS1:
		err = parse_pkcs1(d, k);
		break;
	default:
		err = parse_sec1(d, MX_CURVE_NONE, k);
		break;
	}
	if (!err)
		err = mx_privkey_check(k);
	if (err) {
		release_objects(k);
		mx_zeroize(der, len);
		free(der);
		memset(k, 0, sizeof(*k));
		return err;
	}
	k->buf = der;
	k->buf_len = len;
	return 0;
}

int mx_privkey_take_pkcs8(uint8_t *der, size_t len, struct mx_privkey *out)
{
	return take(der, len, FORM_PKCS8, out);
}

static uint8_t *dup(const uint8_t *p, size_t len)
{
	uint8_t *d = malloc(len ? len : 1);

	if (d)
		memcpy(d, p, len);
	return d;
}

static int take_copy(const uint8_t *der, size_t len, enum key_form form, struct mx_privkey *k)
{
	uint8_t *d = dup(der, len);

	return d ? take(d, len, form, k) : -ENOMEM;
}

/* EncryptedPrivateKeyInfo (RFC 5958 section 3). */
static int encrypted_pkcs8(const uint8_t *der, size_t len, const struct mx_key_opts *opts,
			   struct mx_privkey *k)
{
#if defined(USE_PKCS8) && defined(USE_PKCS5)
	struct mx_der cur = mx_der_span(der, len), seq, alg, data;
	struct mx_pbe_ctx ctx = {
		.password = opts->password,
		.budget = opts->kdf_budget ? opts->kdf_budget : MX_KDF_DEFAULT_BUDGET,
	};
	uint8_t *plain;
	size_t plen;
	int err;

	if (mx_der_get(&cur, MX_DER_SEQUENCE, &seq) || mx_der_end(&cur) ||
	    mx_der_get(&seq, MX_DER_SEQUENCE, &alg) ||
	    mx_der_get(&seq, MX_DER_OCTET_STRING, &data) || mx_der_end(&seq))
		return -EBADMSG;
	err = mx_pbe_decrypt(&ctx, &alg, &data, &plain, &plen);
	if (err)
		return err;
	/* Well-padded garbage from a wrong password fails here. */
	err = take(plain, plen, FORM_PKCS8, k);
	return err == -EBADMSG ? -EKEYREJECTED : err;
#else
	return -EOPNOTSUPP;
#endif
}

static int from_der(const uint8_t *der, size_t len, const struct mx_key_opts *opts,
		    struct mx_privkey *k)
{
	static const enum key_form forms[] = {
#ifdef USE_PKCS8
		FORM_PKCS8,
#endif
		FORM_PKCS1, FORM_SEC1,
	};
	size_t i;
	int err;

	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		err = take_copy(der, len, forms[i], k);
		if (err != -EBADMSG)
			return err;
	}
	return encrypted_pkcs8(der, len, opts, k);
}

static int from_pem(const char *buf, size_t len, const struct mx_key_opts *opts,
		    struct mx_privkey *k)
{
	const char *pos = buf, *end = buf + len;
	struct mx_pem_block blk;
	int r, err;

	while ((r = mx_pem_find(&pos, end, &blk)) > 0) {
		bool pkcs8 = !strcmp(blk.label, "PRIVATE KEY");
		bool enc8 = !strcmp(blk.label, "ENCRYPTED PRIVATE KEY");
		bool rsa = !strcmp(blk.label, "RSA PRIVATE KEY");
		bool ec = !strcmp(blk.label, "EC PRIVATE KEY");

		if (!pkcs8 && !enc8 && !rsa && !ec)
			continue;
		err = mx_pem_decode(&blk);
		if (err)
			return err;
		if (pkcs8) {
			err = take_copy(blk.der, blk.der_len, FORM_PKCS8, k);
		} else if (enc8) {
			err = encrypted_pkcs8(blk.der, blk.der_len, opts, k);
		} else {
			enum key_form form = rsa ? FORM_PKCS1 : FORM_SEC1;

			err = 0;
			if (blk.proc_type_encrypted)
				err = mx_pem_enc_decrypt(&blk, opts->password);
			if (!err) {
				err = take_copy(blk.der, blk.der_len, form, k);
				if (blk.proc_type_encrypted && err == -EBADMSG)
					err = -EKEYREJECTED;
			}
		}
		mx_pem_block_clear(&blk);
		return err;
	}
	return r < 0 ? r : -ENOENT;
}

int mx_privkey_parse(const void *buf, size_t len, const struct mx_key_opts *opts,
		     struct mx_privkey *out)
{
	static const struct mx_key_opts none;

	memset(out, 0, sizeof(*out));
	if (!opts)
		opts = &none;
	if (mx_pem_present(buf, len))
		return from_pem(buf, len, opts, out);
	return from_der(buf, len, opts, out);
}

#else

int mx_privkey_take_pkcs8(uint8_t *der, size_t len, struct mx_privkey *out)
{
	mx_zeroize(der, len);
	free(der);
	memset(out, 0, sizeof(*out));
	return -EOPNOTSUPP;
}

int mx_privkey_parse(const void *buf, size_t len, const struct mx_key_opts *opts,
		     struct mx_privkey *out)
{
	memset(out, 0, sizeof(*out));
	return -EOPNOTSUPP;
}

#endif /* USE_PRIVATE_KEY_PARSING */

int mx_privkey_load_file(const char *path, const struct mx_key_opts *opts,
			 struct mx_privkey *out)
{
	uint8_t *buf;
	size_t len;
	int err;

	memset(out, 0, sizeof(*out));
	err = mx_file_read(path, &buf, &len);
	if (err)
		return err;
	err = mx_privkey_parse(buf, len, opts, out);
	mx_file_free(buf, len);
	return err;
}

void mx_privkey_clear(struct mx_privkey *key)
{
	release_objects(key);
	if (key->buf) {
		mx_zeroize(key->buf, key->buf_len);
		free(key->buf);
	}
	mx_zeroize(key, sizeof(*key));
}
