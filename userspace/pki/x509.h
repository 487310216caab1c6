/* SPDX-License-Identifier: GPL-2.0 */
/*
 * X.509 v3 certificates (RFC 5280). A parsed certificate is one
 * allocation holding a copy of its DER and spans into it; nothing else is
 * copied. Parsing checks the whole structure strictly; a certificate
 * with an unknown critical extension or an unsupported algorithm still
 * parses (so CA bundles and the certificate callback can show it) but is
 * refused by chain validation.
 */
#ifndef MXTLS_PKI_X509_H
#define MXTLS_PKI_X509_H

#include <stdbool.h>
#include <stdint.h>

#include "pki/algs.h"
#include "pki/der.h"

/* keyUsage bits: bit n of the BIT STRING (RFC 5280 4.2.1.3) is 1 << n. */
#define MX_KU_DIGITAL_SIGNATURE	(1u << 0)
#define MX_KU_NON_REPUDIATION	(1u << 1)
#define MX_KU_KEY_ENCIPHERMENT	(1u << 2)
#define MX_KU_DATA_ENCIPHERMENT	(1u << 3)
#define MX_KU_KEY_AGREEMENT	(1u << 4)
#define MX_KU_KEY_CERT_SIGN	(1u << 5)
#define MX_KU_CRL_SIGN		(1u << 6)
#define MX_KU_ENCIPHER_ONLY	(1u << 7)
#define MX_KU_DECIPHER_ONLY	(1u << 8)

/* extendedKeyUsage purposes. */
#define MX_EKU_SERVER_AUTH	(1u << 0)
#define MX_EKU_CLIENT_AUTH	(1u << 1)
#define MX_EKU_CODE_SIGNING	(1u << 2)
#define MX_EKU_EMAIL		(1u << 3)
#define MX_EKU_TIME_STAMPING	(1u << 4)
#define MX_EKU_OCSP_SIGNING	(1u << 5)
#define MX_EKU_ANY		(1u << 6)
#define MX_EKU_OTHER		(1u << 7)

/* Which extensions are present. */
#define MX_EXT_BASIC_CONS	(1u << 0)
#define MX_EXT_KEY_USAGE	(1u << 1)
#define MX_EXT_EXT_KEY_USAGE	(1u << 2)
#define MX_EXT_SAN		(1u << 3)
#define MX_EXT_NAME_CONS	(1u << 4)
#define MX_EXT_SKI		(1u << 5)
#define MX_EXT_AKI		(1u << 6)
#define MX_EXT_CERT_POLICIES	(1u << 7)
#define MX_EXT_UNKNOWN_CRITICAL	(1u << 8)	/* one we cannot process */

/* More extensions than this makes a certificate malformed. */
#define MX_X509_MAX_EXTENSIONS	64

struct mx_x509 {
	struct mx_der der;		/* the whole Certificate */
	struct mx_der tbs;		/* TBSCertificate's encoding: what is signed */
	struct mx_der serial;		/* the INTEGER's contents, sign byte included */
	struct mx_der issuer;		/* Name contents */
	struct mx_der subject;
	struct mx_der spki;		/* SubjectPublicKeyInfo's encoding */
	struct mx_der sig;		/* the signature bytes */
	struct mx_der ski;		/* subjectKeyIdentifier */
	struct mx_der aki_id;		/* authorityKeyIdentifier: keyIdentifier */
	struct mx_der aki_issuer;	/* ... authorityCertIssuer (GeneralNames contents) */
	struct mx_der aki_serial;	/* ... authorityCertSerialNumber (INTEGER contents) */
	struct mx_der san;		/* subjectAltName (GeneralNames contents) */
	struct mx_der nc_permitted;	/* nameConstraints (GeneralSubtrees contents) */
	struct mx_der nc_excluded;
	int64_t not_before;		/* seconds since the epoch */
	int64_t not_after;
	struct mx_sig_alg sig_alg;
	struct mx_pubkey key;
	uint32_t ext;			/* MX_EXT_* */
	int path_len;			/* basicConstraints pathLen; -1 when absent */
	uint16_t key_usage;		/* MX_KU_* (meaningful with MX_EXT_KEY_USAGE) */
	uint8_t ext_key_usage;		/* MX_EKU_* (with MX_EXT_EXT_KEY_USAGE) */
	uint8_t version;		/* 1, 2 or 3 */
	bool is_ca;			/* basicConstraints cA */
	bool self_issued;		/* subject equals issuer */
	uint8_t data[];			/* the DER copy */
};

/*
 * Parse exactly one DER certificate of len bytes. Returns 0 and a new
 * certificate, -EBADMSG when it is malformed, -ENOMEM.
 */
int mx_x509_parse(const void *der, size_t len, struct mx_x509 **out);
void mx_x509_free(struct mx_x509 *cert);

/* Parse the extensions (the contents of the [3] element's SEQUENCE). */
int mx_x509_parse_extensions(struct mx_x509 *cert, const struct mx_der *exts);

#endif /* MXTLS_PKI_X509_H */
