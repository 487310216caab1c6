// SPDX-License-Identifier: GPL-2.0
/*
 * sslKeys_t and the matrixSslLoad* family: a side's certificate chain
 * and private key, its trusted CAs, DH parameters and PSKs.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/ct.h"
#include "crypto/dh.h"
#include "crypto/rsa.h"
#include "pki/dhparams.h"
#include "pki/file.h"
#include "pki/pem.h"
#include "pki/pkcs12.h"
#include "pki/privkey.h"
#include "pki/trust.h"
#include "pki/x509.h"
#include "ssl/keys.h"
#include "ssl/peer_key.h"

#define MX_MAX_PSK 8
#define MX_PSK_MAX_KEY 64
#define MX_PSK_MAX_ID 128

struct mx_psk {
	uint8_t key[MX_PSK_MAX_KEY], id[MX_PSK_MAX_ID];
	uint8_t key_len, id_len;
};

struct sslKeys {
	struct mx_x509 *chain[MX_MAX_CHAIN];	/* ours, leaf first */
	size_t n_chain;
	struct mx_rsa_key *rsa;			/* its private key */
	struct mx_privkey ec;			/* an ECDSA key (matrixSslLoadEcKeys) */
	bool have_ec;
	struct mx_trust_store ca;
	struct mx_dh_params *dh;
	struct mx_psk psk[MX_MAX_PSK];
	unsigned int n_psk;
};

/* errno from the PKI code to the API's codes. */
static int32 api_err(int rc)
{
	switch (rc) {
	case 0:
		return PS_SUCCESS;
	case -ENOMEM:
		return PS_MEM_FAIL;
	case -ENOENT:
	case -EACCES:
	case -EISDIR:
	case -EFBIG:
	case -EIO:
		return PS_PLATFORM_FAIL;
	case -EOPNOTSUPP:
		return PS_UNSUPPORTED_FAIL;
	case -E2BIG:
		return PS_LIMIT_FAIL;
	case -EKEYREJECTED:
		return PS_CERT_AUTH_FAIL;
	default:
		return PS_PARSE_FAIL;
	}
}

int32 matrixSslNewKeys(sslKeys_t **keys, void *poolUserPtr)
{
	sslKeys_t *k;

	if (!keys)
		return PS_ARG_FAIL;
	k = calloc(1, sizeof(*k));
	if (!k)
		return PS_MEM_FAIL;
	mx_trust_init(&k->ca);
	*keys = k;
	return PS_SUCCESS;
}

static void drop_identity(sslKeys_t *k)
{
	size_t i;

	for (i = 0; i < k->n_chain; i++)
		mx_x509_free(k->chain[i]);
	k->n_chain = 0;
	mx_rsa_key_free(k->rsa);
	k->rsa = NULL;
	if (k->have_ec)
		mx_privkey_clear(&k->ec);
	k->have_ec = false;
}

void matrixSslDeleteKeys(sslKeys_t *keys)
{
	if (!keys)
		return;
	drop_identity(keys);
	mx_trust_clear(&keys->ca);
	mx_dh_params_free(keys->dh);
	mx_zeroize(keys, sizeof(*keys));
	free(keys);
}

void matrixSslFreeKeys(sslKeys_t *keys)
{
	matrixSslDeleteKeys(keys);
}

/* Every certificate of a PEM buffer, or the buffer as one DER certificate. */
static int parse_chain(const uint8_t *buf, size_t len, struct mx_x509 **out, size_t *n)
{
	const char *pos = (const char *)buf, *end = pos + len;
	struct mx_pem_block b;
	int rc;

	*n = 0;
	if (!mx_pem_present(buf, len)) {
		rc = mx_x509_parse(buf, len, &out[0]);
		*n = rc == 0;
		return rc;
	}
	memset(&b, 0, sizeof(b));
	while ((rc = mx_pem_next(&pos, end, &b)) == 1) {
		if (strcmp(b.label, "CERTIFICATE") == 0) {
			if (*n == MX_MAX_CHAIN) {
				rc = -E2BIG;
			} else {
				rc = mx_x509_parse(b.der, b.der_len, &out[*n]);
				*n += rc == 0;
			}
		}
		mx_pem_block_clear(&b);
		if (rc < 0)
			break;
	}
	if (rc == 0 && *n == 0)
		rc = -EBADMSG;
	if (rc < 0) {
		while (*n)
			mx_x509_free(out[--*n]);
		return rc;
	}
	return 0;
}

/* Take the RSA key object the PKI code built. */
static int rsa_from_privkey(struct mx_privkey *pk, struct mx_rsa_key **rsa)
{
	if (pk->type != MX_PK_RSA || pk->rsa_pss_only || !pk->rsa_key)
		return -EOPNOTSUPP;
	*rsa = pk->rsa_key;
	pk->rsa_key = NULL;
	return 0;
}

/* Install a chain and its private key (either may be absent, not both). */
static int set_identity(sslKeys_t *k, struct mx_x509 **chain, size_t n, struct mx_privkey *pk,
			bool want_rsa)
{
	struct mx_rsa_key *rsa = NULL;
	size_t i;
	int rc = 0;

	if (!n || !pk) {
		rc = -EINVAL;
		goto fail;
	}
	if (!mx_privkey_matches(pk, &chain[0]->key)) {
		rc = -EKEYREJECTED;
		goto fail;
	}
	if (want_rsa) {
		rc = rsa_from_privkey(pk, &rsa);
		if (rc)
			goto fail;
	} else if (pk->type != MX_PK_EC) {
		rc = -EOPNOTSUPP;
		goto fail;
	}
	drop_identity(k);
	for (i = 0; i < n; i++)
		k->chain[i] = chain[i];
	k->n_chain = n;
	if (want_rsa) {
		k->rsa = rsa;
		mx_privkey_clear(pk);
	} else {
		k->ec = *pk;
		k->have_ec = true;
	}
	return 0;
fail:
	for (i = 0; i < n; i++)
		mx_x509_free(chain[i]);
	mx_privkey_clear(pk);
	return rc;
}

static int load_pair_mem(sslKeys_t *k, const uint8_t *cert, size_t clen, const uint8_t *key,
			 size_t klen, const char *pass, bool rsa)
{
	struct mx_x509 *chain[MX_MAX_CHAIN];
	struct mx_key_opts o = { .password = pass };
	struct mx_privkey pk;
	size_t n;
	int rc;

	if (!cert && !key)
		return 0;
	if (!cert || !key)
		return -EINVAL;
	rc = parse_chain(cert, clen, chain, &n);
	if (rc)
		return rc;
	memset(&pk, 0, sizeof(pk));
	rc = mx_privkey_parse(key, klen, &o, &pk);
	if (rc) {
		while (n)
			mx_x509_free(chain[--n]);
		return rc;
	}
	return set_identity(k, chain, n, &pk, rsa);
}

static int load_pair_files(sslKeys_t *k, const char *certFile, const char *privFile,
			   const char *pass, bool rsa)
{
	uint8_t *cert = NULL, *key = NULL;
	size_t clen = 0, klen = 0;
	int rc = 0;

	if (certFile)
		rc = mx_file_read(certFile, &cert, &clen);
	if (!rc && privFile)
		rc = mx_file_read(privFile, &key, &klen);
	if (!rc)
		rc = load_pair_mem(k, cert, clen, key, klen, pass, rsa);
	if (cert)
		mx_file_free(cert, clen);
	if (key)
		mx_file_free(key, klen);
	return rc;
}

int32 matrixSslLoadRsaKeys(sslKeys_t *keys, const char *certFile, const char *privFile,
			   const char *privPass, const char *trustedCAFile)
{
	int rc;

#ifndef MATRIX_USE_FILE_SYSTEM
	return PS_DISABLED_FEATURE_FAIL;
#endif
	if (!keys)
		return PS_ARG_FAIL;
	rc = load_pair_files(keys, certFile, privFile, privPass, true);
	if (rc == -EINVAL)
		return PS_ARG_FAIL;
	if (!rc && trustedCAFile)
		rc = mx_trust_add_file(&keys->ca, trustedCAFile, NULL);
	return api_err(rc);
}

int32 matrixSslLoadRsaKeysMem(sslKeys_t *keys, const unsigned char *certBuf, int32 certLen,
			      const unsigned char *privBuf, int32 privLen,
			      const unsigned char *trustedCABuf, int32 trustedCALen)
{
	int rc;

	if (!keys || certLen < 0 || privLen < 0 || trustedCALen < 0)
		return PS_ARG_FAIL;
	rc = load_pair_mem(keys, certLen ? certBuf : NULL, (size_t)certLen,
			   privLen ? privBuf : NULL, (size_t)privLen, NULL, true);
	if (rc == -EINVAL)
		return PS_ARG_FAIL;
	if (!rc && trustedCABuf && trustedCALen)
		rc = mx_trust_add_buf(&keys->ca, trustedCABuf, (size_t)trustedCALen, NULL);
	return api_err(rc);
}

int32 matrixSslLoadEcKeys(sslKeys_t *keys, const char *certFile, const char *privFile,
			  const char *privPass, const char *trustedCAFile)
{
	int rc;

	if (!keys)
		return PS_ARG_FAIL;
	rc = load_pair_files(keys, certFile, privFile, privPass, false);
	if (rc == -EINVAL)
		return PS_ARG_FAIL;
	if (!rc && trustedCAFile)
		rc = mx_trust_add_file(&keys->ca, trustedCAFile, NULL);
	return api_err(rc);
}

int32 matrixSslLoadPkcs12(sslKeys_t *keys, const unsigned char *p12File,
			  const unsigned char *importPass, int32 ipasslen,
			  const unsigned char *macPass, int32 mpasslen, int32 flags)
{
	struct mx_key_opts o = { 0 };
	struct mx_pkcs12 p12;
	char pass[256];
	size_t i;
	int rc;

	if (!keys || !p12File || ipasslen < 0 || ipasslen >= (int32)sizeof(pass))
		return PS_ARG_FAIL;
	/* One password protects both the keys and the MAC in this release. */
	if (macPass && (mpasslen != ipasslen ||
			(ipasslen && memcmp(macPass, importPass, (size_t)ipasslen))))
		return PS_UNSUPPORTED_FAIL;
	if (importPass) {
		memcpy(pass, importPass, (size_t)ipasslen);
		pass[ipasslen] = 0;
		o.password = pass;
	}
	memset(&p12, 0, sizeof(p12));
	rc = mx_pkcs12_load_file((const char *)p12File, &o, &p12);
	mx_zeroize(pass, sizeof(pass));
	if (rc)
		return api_err(rc);
	if (!p12.have_key || !p12.ncerts || p12.ncerts > MX_MAX_CHAIN) {
		mx_pkcs12_clear(&p12);
		return PS_PARSE_FAIL;
	}
	rc = set_identity(keys, p12.certs, p12.ncerts, &p12.key, p12.key.type == MX_PK_RSA);
	for (i = 0; i < p12.ncerts; i++)
		p12.certs[i] = NULL;
	p12.ncerts = 0;
	p12.have_key = false;
	mx_pkcs12_clear(&p12);
	return api_err(rc);
}

int32 matrixSslLoadDhParams(sslKeys_t *keys, const char *paramFile)
{
	struct mx_dh_params *dh;
	int rc;

	if (!keys || !paramFile)
		return PS_ARG_FAIL;
	rc = mx_pki_dh_load_params(paramFile, &dh);
	if (rc)
		return api_err(rc);
	mx_dh_params_free(keys->dh);
	keys->dh = dh;
	return PS_SUCCESS;
}

int32 matrixSslLoadDhParamsMem(sslKeys_t *keys, const unsigned char *dhBin, int32 dhBinLen)
{
	struct mx_pki_dh pd;
	struct mx_dh_params *dh;
	int rc;

	if (!keys || !dhBin || dhBinLen <= 0)
		return PS_ARG_FAIL;
	rc = mx_pki_dh_parse(dhBin, (size_t)dhBinLen, &pd);
	if (rc)
		return api_err(rc);
	rc = mx_dh_params_new(&dh, pd.p, pd.p_len, pd.g, pd.g_len);
	mx_pki_dh_clear(&pd);
	if (rc)
		return api_err(rc);
	mx_dh_params_free(keys->dh);
	keys->dh = dh;
	return PS_SUCCESS;
}

int32 matrixSslLoadPsk(sslKeys_t *keys, const unsigned char *key, uint8_t keyLen,
		       const unsigned char *id, uint8_t idLen)
{
	struct mx_psk *p;

	if (!keys || !key || !id || !keyLen || keyLen > MX_PSK_MAX_KEY || !idLen ||
	    idLen > MX_PSK_MAX_ID)
		return PS_ARG_FAIL;
	if (keys->n_psk == MX_MAX_PSK)
		return PS_LIMIT_FAIL;
	p = &keys->psk[keys->n_psk++];
	memcpy(p->key, key, keyLen);
	p->key_len = keyLen;
	memcpy(p->id, id, idLen);
	p->id_len = idLen;
	return PS_SUCCESS;
}

/* --- what the engine asks ------------------------------------------------ */

bool mx_keys_have_rsa(const sslKeys_t *keys)
{
	return keys && keys->rsa && keys->n_chain;
}

size_t mx_keys_chain(const sslKeys_t *keys, const uint8_t **der, size_t *len, size_t max)
{
	size_t i;

	for (i = 0; keys && i < keys->n_chain && i < max; i++) {
		der[i] = keys->chain[i]->der.p;
		len[i] = keys->chain[i]->der.len;
	}
	return i;
}

size_t mx_keys_ca_count(const sslKeys_t *keys)
{
	return keys ? keys->ca.n : 0;
}

const struct mx_trust_store *mx_keys_trust(const sslKeys_t *keys)
{
	return &keys->ca;
}

void mx_keys_enc_ca_names(const sslKeys_t *keys, struct mx_wr *w)
{
	const struct mx_der *s;
	size_t i, at;

	for (i = 0; keys && i < keys->ca.n; i++) {
		s = &keys->ca.certs[i]->subject;
		/* DistinguishedName: the Name's DER, SEQUENCE header included. */
		at = mx_wr_open(w, 2);
		mx_wr_u8(w, 0x30);
		if (s->len < 0x80) {
			mx_wr_u8(w, (uint8_t)s->len);
		} else if (s->len < 0x100) {
			mx_wr_u8(w, 0x81);
			mx_wr_u8(w, (uint8_t)s->len);
		} else {
			mx_wr_u8(w, 0x82);
			mx_wr_u16(w, (uint16_t)s->len);
		}
		mx_wr_bytes(w, s->p, s->len);
		mx_wr_close(w, at, 2);
	}
}

size_t mx_keys_rsa_size(const sslKeys_t *keys)
{
	return keys && keys->rsa ? mx_rsa_size(keys->rsa) : 0;
}

int mx_keys_decrypt_premaster(const sslKeys_t *keys, const uint8_t *enc, size_t len,
			      uint16_t hello_version, uint8_t *pms)
{
	int rc = mx_rsa_tls_premaster_decrypt(keys->rsa, enc, len, hello_version, pms);

	if (rc == -ENOMEM)
		return rc;
	/* Only a wrong length can fail here, and it is public. */
	return rc ? mx_alert_err(SSL_ALERT_DECODE_ERROR) : 0;
}

int mx_keys_sign(const sslKeys_t *keys, enum mx_hash_id h, const uint8_t *digest, size_t dlen,
		 uint8_t *sig, size_t cap, size_t *sig_len)
{
	size_t k = mx_rsa_size(keys->rsa);
	int rc;

	if (cap < k)
		return -ENOSPC;
	if (h == MX_HASH_MD5_SHA1)
		rc = mx_rsa_pkcs1_sign_raw(keys->rsa, digest, dlen, sig);
	else
		rc = mx_rsa_pkcs1_sign(keys->rsa, h, digest, dlen, sig);
	*sig_len = k;
	return rc;
}
