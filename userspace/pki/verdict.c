// SPDX-License-Identifier: GPL-2.0
/*
 * The certificate callback's view of a validated (or refused) chain:
 * copies of everything, in one arena freed with the verdict.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/hash.h"
#include "pki/asn1_time.h"
#include "pki/general_name.h"
#include "pki/oid.h"
#include "pki/verdict.h"
#include "pki/x509_name.h"

/* A bump allocator over a list of chunks. */
struct chunk {
	struct chunk *next;
	size_t used, cap;
	max_align_t data[];
};

struct verdict {
	psCertVerdict_t pub;
	struct chunk *chunks;
};

#define CHUNK_SIZE 4096

static void *arena_alloc(struct verdict *v, size_t n)
{
	struct chunk *c = v->chunks;
	size_t align = sizeof(max_align_t), cap;
	void *p;

	n = (n + align - 1) / align * align;
	if (!c || c->cap - c->used < n) {
		cap = n > CHUNK_SIZE ? n : CHUNK_SIZE;
		c = malloc(sizeof(*c) + cap);
		if (!c)
			return NULL;
		c->next = v->chunks;
		c->used = 0;
		c->cap = cap;
		v->chunks = c;
	}
	p = (uint8_t *)c->data + c->used;
	c->used += n;
	memset(p, 0, n);
	return p;
}

static void *arena_dup(struct verdict *v, const void *p, size_t n)
{
	void *d = arena_alloc(v, n ? n : 1);

	if (d && n)
		memcpy(d, p, n);
	return d;
}

/*
 * A string for display: control characters (NUL among them) become '?',
 * so what the callback prints is what it compares.
 */
static const char *arena_text(struct verdict *v, const char *s, size_t n)
{
	char *d = arena_alloc(v, n + 1);
	size_t i;

	if (!d)
		return NULL;
	for (i = 0; i < n; i++)
		d[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i];
	d[n] = '\0';
	return d;
}

/* The first attribute of a type, as UTF-8; NULL when absent or unreadable. */
static int attr(struct verdict *v, const struct mx_der *name, const char *oid, size_t oid_len,
		const char **out)
{
	struct mx_der val;
	uint8_t tag;
	size_t cap, len;
	char *buf;

	*out = NULL;
	if (mx_name_find(name, oid, oid_len, 0, &tag, &val) || !mx_str_type(tag))
		return 0;
	/* UTF-8 takes at most three bytes per byte of any of these encodings. */
	cap = 3 * val.len + 1;
	buf = malloc(cap);
	if (!buf)
		return -ENOMEM;
	if (!mx_str_to_utf8(tag, &val, buf, cap, &len)) {
		*out = arena_text(v, buf, len);
		if (!*out) {
			free(buf);
			return -ENOMEM;
		}
	}
	free(buf);
	return 0;
}

static int dn(struct verdict *v, const struct mx_der *name, x509DNattributes_t *out)
{
	const struct {
		const char *oid;
		size_t len;
		const char **field;
	} attrs[] = {
#define A(o, f) { o, sizeof(o) - 1, &out->f }
		A(OID_AT_CN, commonName), A(OID_AT_C, country), A(OID_AT_ST, state),
		A(OID_AT_L, locality), A(OID_AT_O, organization), A(OID_AT_OU, orgUnit),
		A(OID_EMAIL_ADDRESS, email),
#undef A
	};
	size_t n = mx_name_format(name, NULL, 0), i;
	char *s = arena_alloc(v, n + 1);

	if (!s)
		return -ENOMEM;
	mx_name_format(name, s, n + 1);
	out->dn = s;
	for (i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++)
		if (attr(v, name, attrs[i].oid, attrs[i].len, attrs[i].field))
			return -ENOMEM;
	return 0;
}

static int alt_names(struct verdict *v, const struct mx_x509 *c, psX509Cert_t *o)
{
	struct mx_der cur, val;
	enum mx_gn_type t;
	size_t ndns = 0, nip = 0;
	const char **dns;
	psIpAddress_t *ip;

	for (cur = c->san; !mx_der_empty(&cur);) {
		if (mx_gn_next(&cur, false, &t, &val))
			break;
		ndns += t == MX_GN_DNS;
		nip += t == MX_GN_IP;
	}
	dns = arena_alloc(v, (ndns + 1) * sizeof(*dns));
	ip = arena_alloc(v, (nip + 1) * sizeof(*ip));
	if (!dns || !ip)
		return -ENOMEM;
	o->dnsNames = dns;
	o->ipAddresses = ip;
	for (cur = c->san; !mx_der_empty(&cur);) {
		if (mx_gn_next(&cur, false, &t, &val))
			break;
		if (t == MX_GN_DNS) {
			dns[o->dnsNameCount] = arena_text(v, (const char *)val.p, val.len);
			if (!dns[o->dnsNameCount++])
				return -ENOMEM;
		} else if (t == MX_GN_IP) {
			ip[o->ipAddressCount].len = (uint8_t)val.len;
			memcpy(ip[o->ipAddressCount++].addr, val.p, val.len);
		}
	}
	return 0;
}

static int32_t hash_id(enum mx_pki_hash h)
{
	switch (h) {
	case MX_PKI_MD5:	return PS_HASH_MD5;
	case MX_PKI_SHA1:	return PS_HASH_SHA1;
	case MX_PKI_SHA256:	return PS_HASH_SHA256;
	case MX_PKI_SHA384:	return PS_HASH_SHA384;
	case MX_PKI_SHA512:	return PS_HASH_SHA512;
	default:		return PS_HASH_NONE;
	}
}

static int fill(struct verdict *v, const struct mx_x509 *c, psX509Cert_t *o)
{
	o->version = c->version;
	o->serialNumber = arena_dup(v, c->serial.p, c->serial.len);
	o->serialNumberLen = (uint32_t)c->serial.len;
	o->publicKey = arena_dup(v, c->spki.p, c->spki.len);
	o->publicKeyLen = (uint32_t)c->spki.len;
	o->der = arena_dup(v, c->der.p, c->der.len);
	o->derLen = (uint32_t)c->der.len;
	if (!o->serialNumber || !o->publicKey || !o->der)
		return -ENOMEM;
	if (c->ski.p) {
		o->subjectKeyId = arena_dup(v, c->ski.p, c->ski.len);
		o->subjectKeyIdLen = (uint32_t)c->ski.len;
		if (!o->subjectKeyId)
			return -ENOMEM;
	}
	if (c->aki_id.p) {
		o->authorityKeyId = arena_dup(v, c->aki_id.p, c->aki_id.len);
		o->authorityKeyIdLen = (uint32_t)c->aki_id.len;
		if (!o->authorityKeyId)
			return -ENOMEM;
	}
	if (dn(v, &c->subject, &o->subject) || dn(v, &c->issuer, &o->issuer) ||
	    alt_names(v, c, o))
		return -ENOMEM;
	o->notBefore = c->not_before;
	o->notAfter = c->not_after;
	mx_asn1_time_format(c->not_before, o->notBeforeStr);
	mx_asn1_time_format(c->not_after, o->notAfterStr);
	o->sigAlgorithm = c->sig_alg.scheme == MX_SIG_RSA_PKCS1 ? PS_SIG_RSA_PKCS1 :
			  c->sig_alg.scheme == MX_SIG_RSA_PSS ? PS_SIG_RSA_PSS :
			  c->sig_alg.scheme == MX_SIG_ECDSA ? PS_SIG_ECDSA : PS_SIG_UNKNOWN;
	o->sigHash = hash_id(c->sig_alg.hash);
	o->pubKeyAlgorithm = c->key.type == MX_PK_RSA ? PS_KEY_RSA :
			     c->key.type == MX_PK_EC ? PS_KEY_EC : PS_KEY_OTHER;
	o->pubKeyBits = (int32_t)c->key.bits;
	o->curve = c->key.curve == MX_CURVE_P256 ? PS_CURVE_P256 :
		   c->key.curve == MX_CURVE_P384 ? PS_CURVE_P384 : PS_CURVE_NONE;
	o->isCA = c->is_ca;
	o->pathLen = c->path_len;
	o->hasKeyUsage = !!(c->ext & MX_EXT_KEY_USAGE);
	o->keyUsage = c->key_usage;
	o->hasExtKeyUsage = !!(c->ext & MX_EXT_EXT_KEY_USAGE);
	o->extKeyUsage = c->ext_key_usage;
	mx_sha256(c->der.p, c->der.len, o->sha256Fingerprint);
	return 0;
}

static struct verdict *verdict_new(int status, int depth, size_t n)
{
	struct verdict *v = calloc(1, sizeof(*v));

	if (!v)
		return NULL;
	v->pub.status = status;
	v->pub.depth = depth;
	v->pub.alert = mx_cert_status_alert(status);
	v->pub.reason = psCertStatusString(status);
	if (n) {
		v->pub.chain = arena_alloc(v, n * sizeof(psX509Cert_t));
		if (!v->pub.chain) {
			free(v);
			return NULL;
		}
		v->pub.chainLen = (uint32_t)n;
	}
	return v;
}

psCertVerdict_t *mx_cert_verdict(const struct mx_verify_result *res,
				 const struct mx_trust_store *ts)
{
	struct verdict *v = verdict_new(res->status, res->depth, res->chain_len);
	psX509Cert_t *o;
	size_t i;

	if (!v)
		return NULL;
	for (i = 0; i < res->chain_len; i++) {
		o = &v->pub.chain[i];
		if (fill(v, res->chain[i], o)) {
			psCertVerdictFree(&v->pub);
			return NULL;
		}
		o->next = i + 1 < res->chain_len ? o + 1 : NULL;
		o->authStatus = res->cert_status[i];
		o->authFailFlags = res->fail_flags[i];
		o->trusted = ts && mx_trust_contains(ts, res->chain[i]);
	}
	return &v->pub;
}

psCertVerdict_t *mx_cert_verdict_malformed(size_t bad)
{
	struct verdict *v = verdict_new(PS_CERT_E_MALFORMED, (int)bad, 0);

	return v ? &v->pub : NULL;
}

int mx_cert_status_alert(int status)
{
	/* RFC 5246 7.2.2 alert numbers. */
	switch (status) {
	case PS_CERT_OK:
		return 0;
	case PS_CERT_E_NO_CERT:
		return 40;	/* handshake_failure */
	case PS_CERT_E_UNKNOWN_ISSUER:
	case PS_CERT_E_SELF_SIGNED:
	case PS_CERT_E_SELF_SIGNED_IN_CHAIN:
	case PS_CERT_E_NOT_CA:
	case PS_CERT_E_PATH_LEN:
	case PS_CERT_E_CHAIN_TOO_LONG:
		return 48;	/* unknown_ca */
	case PS_CERT_E_NOT_YET_VALID:
	case PS_CERT_E_EXPIRED:
		return 45;	/* certificate_expired */
	case PS_CERT_E_UNSUPPORTED_ALG:
	case PS_CERT_E_PURPOSE:
	case PS_CERT_E_CRITICAL_EXT:
		return 43;	/* unsupported_certificate */
	default:
		return 42;	/* bad_certificate */
	}
}

const char *psCertStatusString(int32_t status)
{
	static const char *const text[PS_CERT_E_COUNT] = {
		[PS_CERT_OK] = "ok",
		[PS_CERT_E_MALFORMED] = "malformed certificate",
		[PS_CERT_E_NO_CERT] = "no certificate",
		[PS_CERT_E_UNKNOWN_ISSUER] = "unable to find the issuer certificate",
		[PS_CERT_E_SELF_SIGNED] = "self-signed certificate not trusted",
		[PS_CERT_E_SELF_SIGNED_IN_CHAIN] = "untrusted root certificate in chain",
		[PS_CERT_E_SIGNATURE] = "certificate signature does not verify",
		[PS_CERT_E_UNSUPPORTED_ALG] = "unsupported signature or key algorithm",
		[PS_CERT_E_NOT_YET_VALID] = "certificate is not yet valid",
		[PS_CERT_E_EXPIRED] = "certificate has expired",
		[PS_CERT_E_NOT_CA] = "issuer is not a CA",
		[PS_CERT_E_PATH_LEN] = "path length constraint exceeded",
		[PS_CERT_E_PURPOSE] = "key usage does not allow this purpose",
		[PS_CERT_E_NAME_MISMATCH] = "name does not match the certificate",
		[PS_CERT_E_NAME_CONSTRAINTS] = "name constraints violated",
		[PS_CERT_E_CRITICAL_EXT] = "unhandled critical extension",
		[PS_CERT_E_CHAIN_TOO_LONG] = "certificate chain too long",
	};

	if (status < 0 || status >= PS_CERT_E_COUNT)
		return "unknown status";
	return text[status];
}

void psCertVerdictFree(psCertVerdict_t *verdict)
{
	struct verdict *v = (struct verdict *)verdict;
	struct chunk *c, *next;

	if (!v)
		return;
	for (c = v->chunks; c; c = next) {
		next = c->next;
		free(c);
	}
	free(v);
}

int mx_peer_certs_parse(struct mx_peer_certs *pc, const struct mx_der *ders, size_t n,
			size_t *bad)
{
	size_t i;
	int err;

	memset(pc, 0, sizeof(*pc));
	if (n > MX_PEER_MAX_CERTS)
		return -E2BIG;
	for (i = 0; i < n; i++) {
		err = mx_x509_parse(ders[i].p, ders[i].len, &pc->cert[i]);
		if (err) {
			*bad = i;
			mx_peer_certs_clear(pc);
			return err;
		}
		pc->n++;
	}
	return 0;
}

void mx_peer_certs_clear(struct mx_peer_certs *pc)
{
	size_t i;

	for (i = 0; i < pc->n; i++)
		mx_x509_free(pc->cert[i]);
	memset(pc, 0, sizeof(*pc));
}
