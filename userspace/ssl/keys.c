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
#include "crypto/ec.h"
#include "ssl/keys.h"
#include "ssl/peer_key.h"
#include "ssl/ticket.h"

/* A certificate chain and its private key. */
struct mx_identity {
	struct mx_x509 *chain[MX_MAX_CHAIN];	/* leaf first */
	size_t n_chain;
	struct mx_rsa_key *rsa;			/* RSA: the key */
	struct mx_privkey ec;			/* EC: the parsed key, with its ec_key */
};

struct sslKeys {
	struct mx_identity id[2];		/* by enum mx_key_kind */
	struct mx_trust_store ca;
	struct mx_dh_params *dh;
	struct mx_psk psk[MX_MAX_PSK];
	unsigned int n_psk;
	uint8_t psk_hint[MX_PSK_MAX_ID];
	uint8_t psk_hint_len;
	struct mx_ticket_keys *tickets;
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

static void drop_identity(struct mx_identity *id)
{
	size_t i;

	for (i = 0; i < id->n_chain; i++)
		mx_x509_free(id->chain[i]);
	mx_rsa_key_free(id->rsa);
	mx_privkey_clear(&id->ec);
	memset(id, 0, sizeof(*id));
}

void matrixSslDeleteKeys(sslKeys_t *keys)
{
	if (!keys)
		return;
	drop_identity(&keys->id[MX_KEY_RSA]);
	drop_identity(&keys->id[MX_KEY_EC]);
	mx_trust_clear(&keys->ca);
	mx_dh_params_free(keys->dh);
	mx_ticket_keys_free(keys->tickets);
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

/*
 * Install a chain and its private key as the identity of the key's kind
 * (want: the kind the caller asked for, or -1 for whatever the key is).
 */
static int set_identity(sslKeys_t *k, struct mx_x509 **chain, size_t n, struct mx_privkey *pk,
			int want)
{
	struct mx_identity id;
	size_t i;
	int rc = 0;

	memset(&id, 0, sizeof(id));
	if (!n || !pk) {
		rc = -EINVAL;
		goto fail;
	}
	if (!mx_privkey_matches(pk, &chain[0]->key)) {
		rc = -EKEYREJECTED;
		goto fail;
	}
	if (want < 0)
		want = pk->type == MX_PK_EC ? MX_KEY_EC : MX_KEY_RSA;
	if (want == MX_KEY_RSA) {
		rc = rsa_from_privkey(pk, &id.rsa);
		if (rc)
			goto fail;
		mx_privkey_clear(pk);
	} else if (pk->type != MX_PK_EC || !pk->ec_key) {
		rc = -EOPNOTSUPP;
		goto fail;
	} else {
		id.ec = *pk;
		memset(pk, 0, sizeof(*pk));
	}
	for (i = 0; i < n; i++)
		id.chain[i] = chain[i];
	id.n_chain = n;
	drop_identity(&k->id[want]);
	k->id[want] = id;
	return 0;
fail:
	for (i = 0; i < n; i++)
		mx_x509_free(chain[i]);
	mx_privkey_clear(pk);
	return rc;
}

static int load_pair_mem(sslKeys_t *k, const uint8_t *cert, size_t clen, const uint8_t *key,
			 size_t klen, const char *pass, int kind)
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
	return set_identity(k, chain, n, &pk, kind);
}

static int load_pair_files(sslKeys_t *k, const char *certFile, const char *privFile,
			   const char *pass, int kind)
{
	uint8_t *cert = NULL, *key = NULL;
	size_t clen = 0, klen = 0;
	int rc = 0;

	if (certFile)
		rc = mx_file_read(certFile, &cert, &clen);
	if (!rc && privFile)
		rc = mx_file_read(privFile, &key, &klen);
	if (!rc)
		rc = load_pair_mem(k, cert, clen, key, klen, pass, kind);
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
	rc = load_pair_files(keys, certFile, privFile, privPass, MX_KEY_RSA);
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
			   privLen ? privBuf : NULL, (size_t)privLen, NULL, MX_KEY_RSA);
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
	rc = load_pair_files(keys, certFile, privFile, privPass, MX_KEY_EC);
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
	rc = set_identity(keys, p12.certs, p12.ncerts, &p12.key, -1);
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
	unsigned int i;

	if (!keys || !key || !id || !keyLen || keyLen > MX_PSK_MAX_KEY || !idLen ||
	    idLen > MX_PSK_MAX_ID)
		return PS_ARG_FAIL;
	for (i = 0; i < keys->n_psk; i++)
		if (keys->psk[i].id_len == idLen && !memcmp(keys->psk[i].id, id, idLen))
			break;
	if (i == keys->n_psk && keys->n_psk == MX_MAX_PSK)
		return PS_LIMIT_FAIL;
	p = &keys->psk[i];
	mx_zeroize(p, sizeof(*p));
	memcpy(p->key, key, keyLen);
	p->key_len = keyLen;
	memcpy(p->id, id, idLen);
	p->id_len = idLen;
	if (i == keys->n_psk)
		keys->n_psk++;
	return PS_SUCCESS;
}

int32 matrixSslSetPskIdentityHint(sslKeys_t *keys, const unsigned char *hint, uint8_t hintLen)
{
	if (!keys || (hintLen && !hint) || hintLen > MX_PSK_MAX_ID)
		return PS_ARG_FAIL;
	if (hintLen)
		memcpy(keys->psk_hint, hint, hintLen);
	keys->psk_hint_len = hintLen;
	return PS_SUCCESS;
}

int32 matrixSslLoadSessionTicketKeys(sslKeys_t *keys, const unsigned char name[16],
				     const unsigned char *symkey, short symkeyLen,
				     const unsigned char *hashkey, short hashkeyLen)
{
	int rc;

	if (!keys || !name || !symkey || !hashkey || symkeyLen < 0 || hashkeyLen < 0)
		return PS_ARG_FAIL;
	if (!keys->tickets && mx_ticket_keys_new(&keys->tickets))
		return PS_MEM_FAIL;
	rc = mx_ticket_keys_add(keys->tickets, name, symkey, (size_t)symkeyLen, hashkey,
				(size_t)hashkeyLen);
	return rc == -EINVAL ? PS_ARG_FAIL : rc == -E2BIG ? PS_LIMIT_FAIL : rc ? PS_FAILURE :
	       PS_SUCCESS;
}

int32 matrixSslDeleteSessionTicketKey(sslKeys_t *keys, const unsigned char name[16])
{
	if (!keys || !name || !keys->tickets)
		return PS_ARG_FAIL;
	return mx_ticket_keys_remove(keys->tickets, name) ? PS_FAILURE : PS_SUCCESS;
}

int32 matrixSslLoadSessionTicketKeysFile(sslKeys_t *keys, const char *path)
{
	int rc;

#ifndef MATRIX_USE_FILE_SYSTEM
	return PS_DISABLED_FEATURE_FAIL;
#endif
	if (!keys || !path)
		return PS_ARG_FAIL;
	if (!keys->tickets && mx_ticket_keys_new(&keys->tickets))
		return PS_MEM_FAIL;
	rc = mx_ticket_keys_set_file(keys->tickets, path);
	return rc == -ENOMEM ? PS_MEM_FAIL : rc == -EBADMSG ? PS_PARSE_FAIL : rc ?
	       PS_PLATFORM_FAIL : PS_SUCCESS;
}

/* --- what the engine asks ------------------------------------------------ */

bool mx_keys_have(const sslKeys_t *keys, enum mx_key_kind kind)
{
	return keys && keys->id[kind].n_chain;
}

size_t mx_keys_chain(const sslKeys_t *keys, enum mx_key_kind kind, const uint8_t **der,
		     size_t *len, size_t max)
{
	const struct mx_identity *id = &keys->id[kind];
	size_t i;

	for (i = 0; i < id->n_chain && i < max; i++) {
		der[i] = id->chain[i]->der.p;
		len[i] = id->chain[i]->der.len;
	}
	return i;
}

bool mx_keys_server_usable(const sslKeys_t *keys)
{
#ifdef USE_ANON_DH_CIPHER_SUITE
	return keys != NULL;
#else
	return keys && (mx_keys_have(keys, MX_KEY_RSA) || mx_keys_have(keys, MX_KEY_EC) ||
			keys->n_psk);
#endif
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

bool mx_keys_ec_is_p384(const sslKeys_t *keys)
{
	const struct mx_ec_key *k = keys->id[MX_KEY_EC].ec.ec_key;

	return k && mx_ec_curve_id(k->curve) == MX_EC_P384;
}

size_t mx_keys_sig_max(const sslKeys_t *keys, enum mx_key_kind kind)
{
	if (!mx_keys_have(keys, kind))
		return 0;
	return kind == MX_KEY_RSA ? mx_rsa_size(keys->id[kind].rsa) : MX_ECDSA_MAX_SIG;
}

int mx_keys_decrypt_premaster(const sslKeys_t *keys, const uint8_t *enc, size_t len,
			      uint16_t hello_version, uint8_t *pms)
{
	int rc = mx_rsa_tls_premaster_decrypt(keys->id[MX_KEY_RSA].rsa, enc, len, hello_version,
					      pms);

	if (rc == -ENOMEM)
		return rc;
	/* Only a wrong length can fail here, and it is public. */
	return rc ? mx_alert_err(SSL_ALERT_DECODE_ERROR) : 0;
}

int mx_keys_sign(const sslKeys_t *keys, const struct mx_sigalg *a, const uint8_t *digest,
		 size_t dlen, uint8_t *sig, size_t cap, size_t *sig_len)
{
	const struct mx_identity *id = &keys->id[mx_sigalg_key(a)];
	size_t k;
	int rc;

	if (!id->n_chain)
		return -ENOKEY;
	if (a->kind == MX_SIGK_ECDSA) {
		*sig_len = cap;
		return mx_ecdsa_sign(id->ec.ec_key, a->hash, digest, dlen, sig, sig_len);
	}
	k = mx_rsa_size(id->rsa);
	if (cap < k)
		return -ENOSPC;
	if (a->kind == MX_SIGK_RSA_PSS)
		rc = mx_rsa_pss_sign(id->rsa, a->hash, digest, dlen, dlen, sig);
	else if (a->hash == MX_HASH_MD5_SHA1)
		rc = mx_rsa_pkcs1_sign_raw(id->rsa, digest, dlen, sig);
	else
		rc = mx_rsa_pkcs1_sign(id->rsa, a->hash, digest, dlen, sig);
	*sig_len = k;
	return rc;
}

const struct mx_dh_params *mx_keys_dh(const sslKeys_t *keys)
{
	return keys->dh;
}

bool mx_keys_have_psk(const sslKeys_t *keys)
{
	return keys && keys->n_psk;
}

const struct mx_psk *mx_keys_psk_find(const sslKeys_t *keys, const uint8_t *id, size_t len)
{
	unsigned int i;

	for (i = 0; i < keys->n_psk; i++)
		if (keys->psk[i].id_len == len && !memcmp(keys->psk[i].id, id, len))
			return &keys->psk[i];
	return NULL;
}

const struct mx_psk *mx_keys_psk_pick(const sslKeys_t *keys, const uint8_t *hint, size_t len)
{
	const struct mx_psk *p = len ? mx_keys_psk_find(keys, hint, len) : NULL;

	return p ? p : keys->n_psk ? &keys->psk[0] : NULL;
}

void mx_keys_psk_hint(const sslKeys_t *keys, const uint8_t **hint, size_t *len)
{
	*hint = keys->psk_hint;
	*len = keys->psk_hint_len;
}

struct mx_ticket_keys *mx_keys_tickets(const sslKeys_t *keys)
{
	return keys ? keys->tickets : NULL;
}
