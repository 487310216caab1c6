// SPDX-License-Identifier: GPL-2.0
/*
 * PKCS#12 reading.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/ct.h"
#include "crypto/hmac.h"
#include "mxtls/cryptoConfig.h"
#include "pki/algs.h"
#include "pki/digest.h"
#include "pki/file.h"
#include "pki/kdf.h"
#include "pki/oid.h"
#include "pki/pbe.h"
#include "pki/pkcs12.h"

#ifdef USE_PKCS12

struct p12_state {
	struct mx_pbe_ctx pbe;
	struct mx_pkcs12 *out;
	unsigned int bags;
	struct mx_der key_id;		/* localKeyID of the key */
	struct mx_der cert_id[MX_P12_MAX_CERTS];
	/* Decrypted SafeContents the ids above may point into. */
	uint8_t *plain[MX_P12_MAX_BAGS];
	size_t plain_len[MX_P12_MAX_BAGS];
	unsigned int nplain;
};

/* The value of the localKeyID attribute, if any. */
static int local_key_id(struct mx_der attrs, struct mx_der *id)
{
	struct mx_der attr, oid, set;

	while (!mx_der_empty(&attrs)) {
		if (mx_der_get(&attrs, MX_DER_SEQUENCE, &attr) ||
		    mx_der_get(&attr, MX_DER_OID, &oid) || mx_der_oid(&oid) ||
		    mx_der_get(&attr, MX_DER_SET, &set) || mx_der_end(&attr))
			return -EBADMSG;
		if (MX_OID_IS(&oid, OID_LOCAL_KEY_ID) &&
		    (mx_der_get(&set, MX_DER_OCTET_STRING, id) || mx_der_end(&set)))
			return -EBADMSG;
	}
	return 0;
}

static int key_bag(struct p12_state *st, const struct mx_der *val, bool shrouded,
		   const struct mx_der *id)
{
	struct mx_der cur = *val, seq, alg, data;
	uint8_t *der;
	size_t len;
	int err;

	if (st->out->have_key)
		return 0;
	if (shrouded) {
		if (mx_der_get(&cur, MX_DER_SEQUENCE, &seq) || mx_der_end(&cur) ||
		    mx_der_get(&seq, MX_DER_SEQUENCE, &alg) ||
		    mx_der_get(&seq, MX_DER_OCTET_STRING, &data) || mx_der_end(&seq))
			return -EBADMSG;
		err = mx_pbe_decrypt(&st->pbe, &alg, &data, &der, &len);
		if (err)
			return err;
	} else {
		len = val->len;
		der = malloc(len ? len : 1);
		if (!der)
			return -ENOMEM;
		memcpy(der, val->p, len);
	}
	err = mx_privkey_take_pkcs8(der, len, &st->out->key);
	if (err)
		return shrouded && err == -EBADMSG ? -EKEYREJECTED : err;
	st->out->have_key = true;
	st->key_id = *id;
	return 0;
}

static int cert_bag(struct p12_state *st, const struct mx_der *val, const struct mx_der *id)
{
	struct mx_der cur = *val, seq, oid, wrap, der;
	struct mx_pkcs12 *p = st->out;
	int err;

	if (mx_der_get(&cur, MX_DER_SEQUENCE, &seq) || mx_der_end(&cur) ||
	    mx_der_get(&seq, MX_DER_OID, &oid) || mx_der_oid(&oid) ||
	    mx_der_get(&seq, MX_DER_CTX_CONS(0), &wrap) || mx_der_end(&seq))
		return -EBADMSG;
	/* Only X.509 certificates; SDSI ones are skipped. */
	if (!MX_OID_IS(&oid, OID_X509_CERT_TYPE))
		return 0;
	if (mx_der_get(&wrap, MX_DER_OCTET_STRING, &der) || mx_der_end(&wrap))
		return -EBADMSG;
	if (p->ncerts == MX_P12_MAX_CERTS)
		return -E2BIG;
	err = mx_x509_parse(der.p, der.len, &p->certs[p->ncerts]);
	if (err)
		return err;
	st->cert_id[p->ncerts++] = *id;
	return 0;
}

static int safe_contents(struct p12_state *st, struct mx_der bags, unsigned int depth);

static int safe_bag(struct p12_state *st, struct mx_der bag, unsigned int depth)
{
	struct mx_der oid, wrap, val, inner, attrs = { 0 }, id = { 0 };
	uint8_t tag;
	int r;

	if (++st->bags > MX_P12_MAX_BAGS)
		return -E2BIG;
	if (mx_der_get(&bag, MX_DER_OID, &oid) || mx_der_oid(&oid) ||
	    mx_der_get(&bag, MX_DER_CTX_CONS(0), &wrap))
		return -EBADMSG;
	r = mx_der_opt(&bag, MX_DER_SET, &attrs);
	if (r < 0 || mx_der_end(&bag) || local_key_id(attrs, &id))
		return -EBADMSG;
	/* [0] EXPLICIT: one element, kept with its tag and length. */
	if (mx_der_next(&wrap, &tag, &inner, &val) || mx_der_end(&wrap))
		return -EBADMSG;
	if (MX_OID_IS(&oid, OID_KEY_BAG))
		return key_bag(st, &val, false, &id);
	if (MX_OID_IS(&oid, OID_SHROUDED_KEY_BAG))
		return key_bag(st, &val, true, &id);
	if (MX_OID_IS(&oid, OID_CERT_BAG))
		return cert_bag(st, &val, &id);
	if (MX_OID_IS(&oid, OID_SAFE_CONTENTS_BAG)) {
		if (tag != MX_DER_SEQUENCE)
			return -EBADMSG;
		return safe_contents(st, inner, depth + 1);
	}
	/* CRLs and secrets are of no use here. */
	return 0;
}

static int safe_contents(struct p12_state *st, struct mx_der bags, unsigned int depth)
{
	struct mx_der bag;
	int err;

	if (depth > MX_P12_MAX_NESTING)
		return -E2BIG;
	while (!mx_der_empty(&bags)) {
		if (mx_der_get(&bags, MX_DER_SEQUENCE, &bag))
			return -EBADMSG;
		err = safe_bag(st, bag, depth);
		if (err)
			return err;
	}
	return 0;
}

/* SafeContents from a DER buffer holding its SEQUENCE. */
static int safe_contents_der(struct p12_state *st, const uint8_t *p, size_t len)
{
	struct mx_der cur = mx_der_span(p, len), seq;

	if (mx_der_get(&cur, MX_DER_SEQUENCE, &seq) || mx_der_end(&cur))
		return -EBADMSG;
	return safe_contents(st, seq, 0);
}

/* EncryptedData (RFC 5652 8) holding a SafeContents. */
static int encrypted_data(struct p12_state *st, struct mx_der ed)
{
	struct mx_der seq, eci, type, alg, ct;
	uint8_t *plain;
	size_t plen;
	long version;
	int err;

	if (mx_der_get(&ed, MX_DER_SEQUENCE, &seq) || mx_der_end(&ed) ||
	    mx_der_get_long(&seq, 0, 2, &version) ||
	    mx_der_get(&seq, MX_DER_SEQUENCE, &eci) ||
	    mx_der_get(&eci, MX_DER_OID, &type) || !MX_OID_IS(&type, OID_PKCS7_DATA) ||
	    mx_der_get(&eci, MX_DER_SEQUENCE, &alg) ||
	    mx_der_get(&eci, MX_DER_CTX(0), &ct) || mx_der_end(&eci))
		return -EBADMSG;
	/* unprotectedAttrs [1] may follow; nothing here needs them. */
	if (mx_der_opt(&seq, MX_DER_CTX_CONS(1), &type) < 0 || mx_der_end(&seq))
		return -EBADMSG;
	if (st->nplain == MX_P12_MAX_BAGS)
		return -E2BIG;
	err = mx_pbe_decrypt(&st->pbe, &alg, &ct, &plain, &plen);
	if (err)
		return err;
	st->plain[st->nplain] = plain;
	st->plain_len[st->nplain++] = plen;
	err = safe_contents_der(st, plain, plen);
	return err == -EBADMSG ? -EKEYREJECTED : err;
}

/* ContentInfo of type data: [0] EXPLICIT OCTET STRING. */
static int data_content(struct mx_der content, struct mx_der *octets)
{
	struct mx_der wrap;

	if (mx_der_get(&content, MX_DER_CTX_CONS(0), &wrap) || mx_der_end(&content) ||
	    mx_der_get(&wrap, MX_DER_OCTET_STRING, octets) || mx_der_end(&wrap))
		return -EBADMSG;
	return 0;
}

static int auth_safe(struct p12_state *st, const struct mx_der *octets)
{
	struct mx_der cur = *octets, seq, ci, type, v, wrap;
	int err;

	if (mx_der_get(&cur, MX_DER_SEQUENCE, &seq) || mx_der_end(&cur))
		return -EBADMSG;
	while (!mx_der_empty(&seq)) {
		if (mx_der_get(&seq, MX_DER_SEQUENCE, &ci) ||
		    mx_der_get(&ci, MX_DER_OID, &type) || mx_der_oid(&type))
			return -EBADMSG;
		if (MX_OID_IS(&type, OID_PKCS7_DATA)) {
			err = data_content(ci, &v);
			if (!err)
				err = safe_contents_der(st, v.p, v.len);
		} else if (MX_OID_IS(&type, OID_PKCS7_ENCRYPTED)) {
			if (mx_der_get(&ci, MX_DER_CTX_CONS(0), &wrap) || mx_der_end(&ci))
				return -EBADMSG;
			err = encrypted_data(st, wrap);
		} else {
			/* envelopedData: public-key privacy mode. */
			err = -EOPNOTSUPP;
		}
		if (err)
			return err;
	}
	return 0;
}

/*
 * MacData (its SEQUENCE contents): HMAC over the authSafe contents, keyed by the PKCS#12 KDF
 * (ID 3) with the MAC's own hash. Returns 0 when the tag matches.
 */
static int check_mac(struct p12_state *st, struct mx_der seq, const struct mx_der *data,
		     const char *password)
{
	struct mx_der di, alg, digest, salt;
	enum mx_pki_hash h;
	const struct mx_hash_desc *d;
	uint8_t key[MX_HASH_MAX_LEN], *bmp;
	size_t blen;
	long iter = 1;
	int r;

	if (mx_der_get(&seq, MX_DER_SEQUENCE, &di) ||
	    mx_der_get(&di, MX_DER_SEQUENCE, &alg) ||
	    mx_der_get(&di, MX_DER_OCTET_STRING, &digest) || mx_der_end(&di) ||
	    mx_der_get(&seq, MX_DER_OCTET_STRING, &salt) || mx_hash_alg_parse(&alg, &h))
		return -EBADMSG;
	if (!mx_der_empty(&seq) && (mx_der_get_long(&seq, 1, LONG_MAX, &iter) || mx_der_end(&seq)))
		return -EBADMSG;
	d = mx_pki_hash_desc(h);
	if (!d || h == MX_PKI_MD5)
		return -EOPNOTSUPP;
	if (digest.len != d->digest_len)
		return -EBADMSG;
	r = mx_pbe_charge(&st->pbe, (unsigned long)iter, 1);
	if (r)
		return r;
	bmp = mx_p12_password(password, &blen);
	if (!bmp)
		return -ENOMEM;
	r = mx_p12_kdf(d->id, bmp, blen, salt.p, salt.len, MX_P12_KDF_MAC, (unsigned long)iter,
		       key, d->digest_len);
	mx_zeroize(bmp, blen);
	free(bmp);
	if (!r)
		r = mx_hmac_verify(d->id, key, d->digest_len, data->p, data->len, digest.p,
				   digest.len) ? -EKEYREJECTED : 0;
	mx_zeroize(key, sizeof(key));
	return r;
}

/* Put the certificate of the key first: by localKeyID, else by public key. */
static void order_certs(struct p12_state *st)
{
	struct mx_pkcs12 *p = st->out;
	struct mx_x509 *c;
	size_t i, leaf = p->ncerts;

	if (!p->have_key)
		return;
	for (i = 0; i < p->ncerts && leaf == p->ncerts; i++)
		if (st->key_id.len && mx_der_eq(&st->key_id, &st->cert_id[i]))
			leaf = i;
	for (i = 0; i < p->ncerts && leaf == p->ncerts; i++)
		if (mx_privkey_matches(&p->key, &p->certs[i]->key))
			leaf = i;
	if (leaf == p->ncerts || leaf == 0)
		return;
	c = p->certs[leaf];
	memmove(&p->certs[1], &p->certs[0], leaf * sizeof(p->certs[0]));
	p->certs[0] = c;
}

static int parse(const uint8_t *der, size_t len, const struct mx_key_opts *opts,
		 struct p12_state *st)
{
	struct mx_der cur = mx_der_span(der, len), pfx, ci, type, octets, mac;
	const char *pass = opts->password;
	long version;
	int r;

	if (mx_der_get(&cur, MX_DER_SEQUENCE, &pfx) || mx_der_end(&cur) ||
	    mx_der_get_long(&pfx, 3, 3, &version) ||
	    mx_der_get(&pfx, MX_DER_SEQUENCE, &ci) ||
	    mx_der_get(&ci, MX_DER_OID, &type) || mx_der_oid(&type))
		return -EBADMSG;
	/* Public-key integrity mode (signedData) is not supported. */
	if (!MX_OID_IS(&type, OID_PKCS7_DATA))
		return -EOPNOTSUPP;
	if (data_content(ci, &octets))
		return -EBADMSG;
	r = mx_der_opt(&pfx, MX_DER_SEQUENCE, &mac);
	if (r < 0 || mx_der_end(&pfx))
		return -EBADMSG;
	if (r) {
		/*
		 * An empty password may have been encoded as an empty
		 * BMPString or as no bytes at all; OpenSSL tries both too.
		 */
		r = check_mac(st, mac, &octets, pass ? pass : "");
		if (r == -EKEYREJECTED && (!pass || !*pass)) {
			r = check_mac(st, mac, &octets, NULL);
			if (r == -EKEYREJECTED && !pass)
				r = -ENOKEY;
		}
		if (r)
			return r;
	}
	st->pbe.password = pass ? pass : "";
	r = auth_safe(st, &octets);
	if (r)
		return r;
	order_certs(st);
	return 0;
}

int mx_pkcs12_parse(const void *der, size_t len, const struct mx_key_opts *opts,
		    struct mx_pkcs12 *out)
{
	static const struct mx_key_opts none;
	struct p12_state *st;
	unsigned int i;
	int err;

	memset(out, 0, sizeof(*out));
	if (!opts)
		opts = &none;
	st = calloc(1, sizeof(*st));
	if (!st)
		return -ENOMEM;
	st->out = out;
	st->pbe.budget = opts->kdf_budget ? opts->kdf_budget : MX_KDF_DEFAULT_BUDGET;
	err = parse(der, len, opts, st);
	for (i = 0; i < st->nplain; i++) {
		mx_zeroize(st->plain[i], st->plain_len[i]);
		free(st->plain[i]);
	}
	free(st);
	if (err)
		mx_pkcs12_clear(out);
	return err;
}

#else

int mx_pkcs12_parse(const void *der, size_t len, const struct mx_key_opts *opts,
		    struct mx_pkcs12 *out)
{
	memset(out, 0, sizeof(*out));
	return -EOPNOTSUPP;
}

#endif /* USE_PKCS12 */

int mx_pkcs12_load_file(const char *path, const struct mx_key_opts *opts,
			struct mx_pkcs12 *out)
{
	uint8_t *buf;
	size_t len;
	int err;

	memset(out, 0, sizeof(*out));
	err = mx_file_read(path, &buf, &len);
	if (err)
		return err;
	err = mx_pkcs12_parse(buf, len, opts, out);
	mx_file_free(buf, len);
	return err;
}

void mx_pkcs12_clear(struct mx_pkcs12 *p12)
{
	size_t i;

	if (p12->have_key)
		mx_privkey_clear(&p12->key);
	for (i = 0; i < p12->ncerts; i++)
		mx_x509_free(p12->certs[i]);
	memset(p12, 0, sizeof(*p12));
}
