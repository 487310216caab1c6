/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libmxtls: what the certificate callback sees.
 *
 * When a peer's certificates arrive, the library parses them, builds a
 * chain to the trust store (the CA file given to matrixSslLoadRsaKeys or
 * the system bundle) and validates it: signatures, validity dates, CA
 * flags and path lengths, key usage and extended key usage for the role,
 * name constraints, critical extensions, the depth limit and, on a
 * client, the server's name (RFC 6125). The outcome is a psCertVerdict_t:
 * the chain as a list of psX509Cert_t (peer's certificate first, its
 * issuers after it, ending at the trust anchor when one was found) and a
 * status with the reason. The callback gets it and decides: accept
 * (return 0) or refuse (return a TLS alert, or the suggested v->alert).
 * A callback may accept a chain the library refused, e.g. to pin a
 * self-signed certificate by its fingerprint.
 *
 * Everything is owned by the verdict and lives until psCertVerdictFree().
 */
#ifndef MXTLS_X509_H
#define MXTLS_X509_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef MXTLS_API
#define MXTLS_API __attribute__((visibility("default")))
#endif

/* psCertVerdict_t.status and psX509Cert_t.authStatus */
enum {
	PS_CERT_OK = 0,
	PS_CERT_E_MALFORMED,		/* a certificate could not be parsed */
	PS_CERT_E_NO_CERT,		/* the peer sent none */
	PS_CERT_E_UNKNOWN_ISSUER,	/* no issuer, in the chain or the trust store */
	PS_CERT_E_SELF_SIGNED,		/* a self-signed certificate not in the trust store */
	PS_CERT_E_SELF_SIGNED_IN_CHAIN,	/* the chain ends at an untrusted root */
	PS_CERT_E_SIGNATURE,		/* a signature does not verify */
	PS_CERT_E_UNSUPPORTED_ALG,	/* a signature or key algorithm we do not implement */
	PS_CERT_E_NOT_YET_VALID,
	PS_CERT_E_EXPIRED,
	PS_CERT_E_NOT_CA,		/* an issuer is not a CA, or may not sign certificates */
	PS_CERT_E_PATH_LEN,		/* a CA's pathLenConstraint is exceeded */
	PS_CERT_E_PURPOSE,		/* keyUsage/extendedKeyUsage forbid the role */
	PS_CERT_E_NAME_MISMATCH,	/* not the host name or address asked for */
	PS_CERT_E_NAME_CONSTRAINTS,	/* a name outside an issuer's constraints */
	PS_CERT_E_CRITICAL_EXT,		/* an unknown critical extension */
	PS_CERT_E_CHAIN_TOO_LONG,	/* more intermediates than the depth limit */
	PS_CERT_E_COUNT
};

/* psX509Cert_t.authFailFlags: every check a certificate failed. */
#define PS_CERT_AUTH_FAIL_DATE_FLAG	0x0001	/* outside notBefore..notAfter */
#define PS_CERT_AUTH_FAIL_SIG_FLAG	0x0002	/* its signature does not verify */
#define PS_CERT_AUTH_FAIL_BC_FLAG	0x0004	/* basicConstraints (CA, pathLen) */
#define PS_CERT_AUTH_FAIL_KEY_USAGE_FLAG 0x0008
#define PS_CERT_AUTH_FAIL_EKU_FLAG	0x0010
#define PS_CERT_AUTH_FAIL_SUBJECT_FLAG	0x0020	/* host name / address mismatch */
#define PS_CERT_AUTH_FAIL_NC_FLAG	0x0040	/* name constraints */
#define PS_CERT_AUTH_FAIL_EXTENSION_FLAG 0x0080	/* unknown critical extension */
#define PS_CERT_AUTH_FAIL_ISSUER_FLAG	0x0100	/* no trusted issuer */
#define PS_CERT_AUTH_FAIL_ALG_FLAG	0x0200	/* unsupported algorithm */

/* Algorithms, as psX509Cert_t reports them. */
enum { PS_SIG_UNKNOWN, PS_SIG_RSA_PKCS1, PS_SIG_RSA_PSS, PS_SIG_ECDSA };
enum { PS_HASH_NONE, PS_HASH_MD5, PS_HASH_SHA1, PS_HASH_SHA256, PS_HASH_SHA384, PS_HASH_SHA512 };
enum { PS_KEY_OTHER, PS_KEY_RSA, PS_KEY_EC };
enum { PS_CURVE_NONE, PS_CURVE_P256, PS_CURVE_P384 };

/* keyUsage bits (RFC 5280 4.2.1.3: bit n is 1 << n) */
#define PS_KU_DIGITAL_SIGNATURE	0x001
#define PS_KU_NON_REPUDIATION	0x002
#define PS_KU_KEY_ENCIPHERMENT	0x004
#define PS_KU_DATA_ENCIPHERMENT	0x008
#define PS_KU_KEY_AGREEMENT	0x010
#define PS_KU_KEY_CERT_SIGN	0x020
#define PS_KU_CRL_SIGN		0x040
#define PS_KU_ENCIPHER_ONLY	0x080
#define PS_KU_DECIPHER_ONLY	0x100

/* extendedKeyUsage purposes */
#define PS_EKU_SERVER_AUTH	0x01
#define PS_EKU_CLIENT_AUTH	0x02
#define PS_EKU_CODE_SIGNING	0x04
#define PS_EKU_EMAIL		0x08
#define PS_EKU_TIME_STAMPING	0x10
#define PS_EKU_OCSP_SIGNING	0x20
#define PS_EKU_ANY		0x40
#define PS_EKU_OTHER		0x80	/* a purpose not listed here */

/* A distinguished name: the whole of it, and its common attributes. */
typedef struct {
	const char *dn;			/* RFC 4514 string, "CN=x,O=y,C=z" */
	/* The first attribute of each type, UTF-8, NULL when absent. */
	const char *commonName;
	const char *country;
	const char *state;
	const char *locality;
	const char *organization;
	const char *orgUnit;
	const char *email;
} x509DNattributes_t;

typedef struct {
	uint8_t len;			/* 4 (IPv4) or 16 (IPv6) */
	uint8_t addr[16];
} psIpAddress_t;

typedef struct psX509Cert {
	struct psX509Cert *next;	/* its issuer's certificate, or NULL */

	int32_t version;		/* 1, 2 or 3 */
	const unsigned char *serialNumber;	/* big-endian two's complement, as encoded */
	uint32_t serialNumberLen;
	x509DNattributes_t subject;
	x509DNattributes_t issuer;
	int64_t notBefore;		/* seconds since the Unix epoch */
	int64_t notAfter;
	char notBeforeStr[24];		/* "YYYY-MM-DD HH:MM:SS UTC" */
	char notAfterStr[24];

	int32_t sigAlgorithm;		/* PS_SIG_* */
	int32_t sigHash;		/* PS_HASH_* */

	int32_t pubKeyAlgorithm;	/* PS_KEY_* */
	int32_t pubKeyBits;		/* RSA modulus size, EC field size */
	int32_t curve;			/* PS_CURVE_* */
	const unsigned char *publicKey;	/* the SubjectPublicKeyInfo, DER */
	uint32_t publicKeyLen;

	int32_t isCA;			/* basicConstraints cA */
	int32_t pathLen;		/* pathLenConstraint, -1 when none */
	int32_t hasKeyUsage;
	uint32_t keyUsage;		/* PS_KU_* */
	int32_t hasExtKeyUsage;
	uint32_t extKeyUsage;		/* PS_EKU_* */
	const char **dnsNames;		/* subjectAltName dNSName entries */
	uint32_t dnsNameCount;
	const psIpAddress_t *ipAddresses;	/* subjectAltName iPAddress entries */
	uint32_t ipAddressCount;
	const unsigned char *subjectKeyId;
	uint32_t subjectKeyIdLen;
	const unsigned char *authorityKeyId;
	uint32_t authorityKeyIdLen;

	unsigned char sha256Fingerprint[32];	/* SHA-256 of der */
	const unsigned char *der;	/* the whole certificate */
	uint32_t derLen;

	int32_t trusted;		/* it is in the trust store */
	int32_t authStatus;		/* PS_CERT_OK or why this one failed */
	uint32_t authFailFlags;		/* PS_CERT_AUTH_FAIL_*_FLAG */
} psX509Cert_t;

typedef struct {
	psX509Cert_t *chain;		/* peer's certificate first */
	uint32_t chainLen;
	int32_t status;			/* PS_CERT_OK or PS_CERT_E_* */
	int32_t depth;			/* index in chain of the certificate at fault, -1 */
	int32_t alert;			/* TLS alert to send if refused (RFC 5246 7.2), 0 if OK */
	const char *reason;		/* status in words */
} psCertVerdict_t;

/* The status in words ("certificate has expired", ...). */
MXTLS_API const char *psCertStatusString(int32_t status);

MXTLS_API void psCertVerdictFree(psCertVerdict_t *verdict);

#ifdef __cplusplus
}
#endif

#endif /* MXTLS_X509_H */
