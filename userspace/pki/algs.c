// SPDX-License-Identifier: GPL-2.0
/*
 * Signature and public-key algorithm identifiers.
 */
#include <errno.h>

#include "pki/algs.h"
#include "pki/oid.h"

unsigned int mx_pki_hash_len(enum mx_pki_hash h)
{
	switch (h) {
	case MX_PKI_MD5:	return 16;
	case MX_PKI_SHA1:	return 20;
	case MX_PKI_SHA256:	return 32;
	case MX_PKI_SHA384:	return 48;
	case MX_PKI_SHA512:	return 64;
	default:		return 0;
	}
}

unsigned int mx_bitlen(const struct mx_der *mag)
{
	unsigned int bits;
	uint8_t top;

	if (mag->len == 0)
		return 0;
	top = mag->p[0];
	bits = (unsigned int)(mag->len - 1) * 8;
	while (top) {
		bits++;
		top >>= 1;
	}
	return bits;
}

/* Parameters that must be NULL or absent. */
static int null_or_absent(struct mx_der *cur)
{
	struct mx_der v;

	if (mx_der_empty(cur))
		return 0;
	if (mx_der_get(cur, MX_DER_NULL, &v) || mx_der_null(&v))
		return -EBADMSG;
	return mx_der_end(cur);
}

/* Parameters of an algorithm we do not know: absent, or one element. */
static int any_params(struct mx_der *cur)
{
	struct mx_der v;
	uint8_t tag;

	if (mx_der_empty(cur))
		return 0;
	if (mx_der_next(cur, &tag, &v, NULL))
		return -EBADMSG;
	return mx_der_end(cur);
}

int mx_hash_alg_parse(const struct mx_der *alg, enum mx_pki_hash *out)
{
	struct mx_der cur = *alg, oid;

	if (mx_der_get(&cur, MX_DER_OID, &oid) || mx_der_oid(&oid))
		return -EBADMSG;
	if (MX_OID_IS(&oid, OID_SHA1))
		*out = MX_PKI_SHA1;
	else if (MX_OID_IS(&oid, OID_SHA256))
		*out = MX_PKI_SHA256;
	else if (MX_OID_IS(&oid, OID_SHA384))
		*out = MX_PKI_SHA384;
	else if (MX_OID_IS(&oid, OID_SHA512))
		*out = MX_PKI_SHA512;
	else if (MX_OID_IS(&oid, OID_MD5))
		*out = MX_PKI_MD5;
	else
		*out = MX_PKI_HASH_NONE;
	return *out == MX_PKI_HASH_NONE ? any_params(&cur) : null_or_absent(&cur);
}

/*
 * RSASSA-PSS-params (RFC 4055): each field is optional with a SHA-1
 * default, so an empty SEQUENCE means SHA-1, MGF1-SHA-1, salt 20.
 */
static int pss_params(struct mx_der *cur, struct mx_sig_alg *out)
{
	struct mx_der params, f, alg, oid;
	long v;
	int r;

	out->hash = MX_PKI_SHA1;
	out->mgf_hash = MX_PKI_SHA1;
	out->salt_len = 20;
	if (mx_der_get(cur, MX_DER_SEQUENCE, &params) || mx_der_end(cur))
		return -EBADMSG;
	r = mx_der_opt(&params, MX_DER_CTX_CONS(0), &f);
	if (r < 0)
		return r;
	if (r && (mx_der_get(&f, MX_DER_SEQUENCE, &alg) || mx_der_end(&f) ||
		  mx_hash_alg_parse(&alg, &out->hash)))
		return -EBADMSG;
	r = mx_der_opt(&params, MX_DER_CTX_CONS(1), &f);
	if (r < 0)
		return r;
	if (r) {
		if (mx_der_get(&f, MX_DER_SEQUENCE, &alg) || mx_der_end(&f) ||
		    mx_der_get(&alg, MX_DER_OID, &oid) || !MX_OID_IS(&oid, OID_MGF1) ||
		    mx_der_get(&alg, MX_DER_SEQUENCE, &f) || mx_der_end(&alg) ||
		    mx_hash_alg_parse(&f, &out->mgf_hash))
			return -EBADMSG;
	}
	r = mx_der_opt(&params, MX_DER_CTX_CONS(2), &f);
	if (r < 0)
		return r;
	if (r) {
		if (mx_der_get_long(&f, 0, 1024, &v) || mx_der_end(&f))
			return -EBADMSG;
		out->salt_len = (unsigned int)v;
	}
	r = mx_der_opt(&params, MX_DER_CTX_CONS(3), &f);
	if (r < 0)
		return r;
	/* The trailer field is always 1 (0xbc). */
	if (r && (mx_der_get_long(&f, 1, 1, &v) || mx_der_end(&f)))
		return -EBADMSG;
	if (mx_der_end(&params))
		return -EBADMSG;
	if (out->hash == MX_PKI_HASH_NONE || out->hash == MX_PKI_MD5 ||
	    out->mgf_hash == MX_PKI_HASH_NONE || out->mgf_hash == MX_PKI_MD5)
		out->scheme = MX_SIG_UNSUPPORTED;
	return 0;
}

int mx_sig_alg_parse(const struct mx_der *alg, struct mx_sig_alg *out)
{
	static const struct {
		const char *oid;
		size_t len;
		enum mx_sig_scheme scheme;
		enum mx_pki_hash hash;
	} table[] = {
#define S(o, s, h) { o, sizeof(o) - 1, s, h }
		S(OID_SHA256_WITH_RSA, MX_SIG_RSA_PKCS1, MX_PKI_SHA256),
		S(OID_SHA384_WITH_RSA, MX_SIG_RSA_PKCS1, MX_PKI_SHA384),
		S(OID_SHA512_WITH_RSA, MX_SIG_RSA_PKCS1, MX_PKI_SHA512),
		S(OID_SHA1_WITH_RSA, MX_SIG_RSA_PKCS1, MX_PKI_SHA1),
		S(OID_ECDSA_SHA256, MX_SIG_ECDSA, MX_PKI_SHA256),
		S(OID_ECDSA_SHA384, MX_SIG_ECDSA, MX_PKI_SHA384),
		S(OID_ECDSA_SHA512, MX_SIG_ECDSA, MX_PKI_SHA512),
		S(OID_ECDSA_SHA1, MX_SIG_ECDSA, MX_PKI_SHA1),
#undef S
	};
	struct mx_der cur = *alg, oid;
	size_t i;

	memset(out, 0, sizeof(*out));
	if (mx_der_get(&cur, MX_DER_OID, &oid) || mx_der_oid(&oid))
		return -EBADMSG;
	if (MX_OID_IS(&oid, OID_RSASSA_PSS)) {
		out->scheme = MX_SIG_RSA_PSS;
		return pss_params(&cur, out);
	}
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		if (oid.len != table[i].len || memcmp(oid.p, table[i].oid, oid.len))
			continue;
		out->scheme = table[i].scheme;
		out->hash = table[i].hash;
		/* RSA: NULL parameters (RFC 4055 allows absent too); ECDSA: none. */
		if (out->scheme == MX_SIG_ECDSA)
			return mx_der_end(&cur);
		return null_or_absent(&cur);
	}
	out->scheme = MX_SIG_UNSUPPORTED;
	return any_params(&cur);
}

static int rsa_key(const struct mx_der *bits, struct mx_pubkey *out)
{
	struct mx_der cur = *bits, seq, v;

	if (mx_der_get(&cur, MX_DER_SEQUENCE, &seq) || mx_der_end(&cur) ||
	    mx_der_get(&seq, MX_DER_INTEGER, &v) || mx_der_uint(&v, &out->n) ||
	    mx_der_get(&seq, MX_DER_INTEGER, &v) || mx_der_uint(&v, &out->e) ||
	    mx_der_end(&seq))
		return -EBADMSG;
	/* A modulus must be odd and larger than one; so must the exponent. */
	if (out->n.len == 0 || !(out->n.p[out->n.len - 1] & 1) || mx_bitlen(&out->n) < 2 ||
	    out->e.len == 0 || !(out->e.p[out->e.len - 1] & 1) || mx_bitlen(&out->e) < 2)
		return -EBADMSG;
	out->bits = mx_bitlen(&out->n);
	out->type = out->n.len > MX_RSA_MAX_BYTES ? MX_PK_UNSUPPORTED : MX_PK_RSA;
	return 0;
}

static int ec_key(struct mx_der *params, const struct mx_der *bits, struct mx_pubkey *out)
{
	struct mx_der oid;
	size_t coord;

	/* Only named curves (RFC 5480); explicit parameters are not supported. */
	if (mx_der_peek(params) != MX_DER_OID)
		return any_params(params);
	if (mx_der_get(params, MX_DER_OID, &oid) || mx_der_oid(&oid) || mx_der_end(params))
		return -EBADMSG;
	if (MX_OID_IS(&oid, OID_P256)) {
		out->curve = MX_CURVE_P256;
		coord = 32;
	} else if (MX_OID_IS(&oid, OID_P384)) {
		out->curve = MX_CURVE_P384;
		coord = 48;
	} else {
		return 0;
	}
	out->bits = (unsigned int)coord * 8;
	out->point = *bits;
	/* Uncompressed points only, as TLS uses them. */
	if (bits->len != 1 + 2 * coord || bits->p[0] != 0x04)
		return 0;
	out->type = MX_PK_EC;
	return 0;
}

int mx_spki_parse(const struct mx_der *spki, struct mx_pubkey *out)
{
	struct mx_der cur = *spki, alg, oid, bitstr, bits;

	memset(out, 0, sizeof(*out));
	if (mx_der_get(&cur, MX_DER_SEQUENCE, &alg) ||
	    mx_der_get(&cur, MX_DER_BIT_STRING, &bitstr) || mx_der_end(&cur) ||
	    mx_der_get(&alg, MX_DER_OID, &oid) || mx_der_oid(&oid))
		return -EBADMSG;
	/* Keys of other algorithms (DSA, Ed25519, ...) are kept unparsed. */
	if (mx_der_bits(&bitstr, &bits, &(unsigned int){ 0 }))
		return -EBADMSG;
	if (MX_OID_IS(&oid, OID_RSA_ENCRYPTION)) {
		if (null_or_absent(&alg) || mx_der_bits_octets(&bitstr, &bits))
			return -EBADMSG;
		return rsa_key(&bits, out);
	}
	if (MX_OID_IS(&oid, OID_RSASSA_PSS)) {
		struct mx_sig_alg pss = { .scheme = MX_SIG_RSA_PSS };

		/* Parameters, when present, restrict the key; they must parse. */
		if (!mx_der_empty(&alg) && pss_params(&alg, &pss))
			return -EBADMSG;
		if (mx_der_bits_octets(&bitstr, &bits))
			return -EBADMSG;
		out->rsa_pss_only = true;
		return rsa_key(&bits, out);
	}
	if (MX_OID_IS(&oid, OID_EC_PUBLIC_KEY)) {
		if (mx_der_bits_octets(&bitstr, &bits))
			return -EBADMSG;
		return ec_key(&alg, &bits, out);
	}
	return any_params(&alg);
}
