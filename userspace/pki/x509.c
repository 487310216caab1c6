// SPDX-License-Identifier: GPL-2.0
/*
 * X.509 certificate parsing: the outer structure and the TBSCertificate.
 */
#include <errno.h>
#include <stdlib.h>

#include "pki/asn1_time.h"
#include "pki/sig.h"
#include "pki/x509.h"
#include "pki/x509_name.h"

static int parse_tbs(struct mx_x509 *c, struct mx_der tbs, const struct mx_der *outer_alg)
{
	struct mx_der v, alg, validity, uid;
	long version = 0;
	int r;

	r = mx_der_opt(&tbs, MX_DER_CTX_CONS(0), &v);
	if (r < 0)
		return r;
	/* v1 is the DEFAULT and so is never encoded in DER. */
	if (r && (mx_der_get_long(&v, 1, 2, &version) || mx_der_end(&v)))
		return -EBADMSG;
	c->version = (uint8_t)(version + 1);

	/*
	 * RFC 5280 4.1.2.2 wants a positive serial of at most 20 bytes, but
	 * negative and zero ones are in use: require a minimal encoding and
	 * a sane length only.
	 */
	if (mx_der_get(&tbs, MX_DER_INTEGER, &c->serial) || mx_der_int(&c->serial) ||
	    c->serial.len > 64)
		return -EBADMSG;

	/* The signed algorithm must be the outer one, byte for byte. */
	if (mx_der_get_tlv(&tbs, MX_DER_SEQUENCE, &v, &alg) || !mx_der_eq(&alg, outer_alg))
		return -EBADMSG;

	if (mx_der_get(&tbs, MX_DER_SEQUENCE, &c->issuer) || mx_name_check(&c->issuer))
		return -EBADMSG;
	if (mx_der_get(&tbs, MX_DER_SEQUENCE, &validity) ||
	    mx_asn1_get_time(&validity, &c->not_before) ||
	    mx_asn1_get_time(&validity, &c->not_after) || mx_der_end(&validity))
		return -EBADMSG;
	if (mx_der_get(&tbs, MX_DER_SEQUENCE, &c->subject) || mx_name_check(&c->subject))
		return -EBADMSG;
	if (mx_der_get_tlv(&tbs, MX_DER_SEQUENCE, &v, &c->spki) || mx_spki_parse(&v, &c->key))
		return -EBADMSG;

	/* Unique identifiers (IMPLICIT BIT STRINGs): v2 and v3 only, never used. */
	if (c->version >= 2) {
		struct mx_der bits;
		unsigned int unused;

		for (r = 1; r <= 2; r++) {
			int present = mx_der_opt(&tbs, MX_DER_CTX(r), &uid);

			if (present < 0 || (present && mx_der_bits(&uid, &bits, &unused)))
				return -EBADMSG;
		}
	}
	if (c->version == 3) {
		r = mx_der_opt(&tbs, MX_DER_CTX_CONS(3), &v);
		if (r < 0)
			return r;
		if (r) {
			struct mx_der exts;

			if (mx_der_get(&v, MX_DER_SEQUENCE, &exts) || mx_der_end(&v) ||
			    mx_der_empty(&exts) || mx_x509_parse_extensions(c, &exts))
				return -EBADMSG;
		}
	}
	return mx_der_end(&tbs);
}

int mx_x509_parse(const void *der, size_t len, struct mx_x509 **out)
{
	struct mx_der cur, cert, tbs, alg_tlv, alg, sigbits;
	struct mx_x509 *c;
	int err = -EBADMSG;

	*out = NULL;
	c = malloc(sizeof(*c) + len);
	if (!c)
		return -ENOMEM;
	memset(c, 0, sizeof(*c));
	memcpy(c->data, der, len);
	c->path_len = -1;

	cur = mx_der_span(c->data, len);
	if (mx_der_get_tlv(&cur, MX_DER_SEQUENCE, &cert, &c->der) || mx_der_end(&cur))
		goto fail;
	if (mx_der_get_tlv(&cert, MX_DER_SEQUENCE, &tbs, &c->tbs) ||
	    mx_der_get_tlv(&cert, MX_DER_SEQUENCE, &alg, &alg_tlv) ||
	    mx_der_get(&cert, MX_DER_BIT_STRING, &sigbits) || mx_der_end(&cert) ||
	    mx_der_bits_octets(&sigbits, &c->sig))
		goto fail;
	if (mx_sig_alg_parse(&alg, &c->sig_alg))
		goto fail;
	err = parse_tbs(c, tbs, &alg_tlv);
	if (err)
		goto fail;
	c->self_issued = mx_name_eq(&c->subject, &c->issuer);
	*out = c;
	return 0;
fail:
	free(c);
	return err;
}

void mx_x509_free(struct mx_x509 *cert)
{
	if (!cert)
		return;
	mx_pubkey_release(&cert->key);
	free(cert);
}
