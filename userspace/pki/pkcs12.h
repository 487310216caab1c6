/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PKCS#12 (RFC 7292) files in password privacy and integrity modes: what
 * "openssl pkcs12 -export" writes (PBES2 with AES-256-CBC and PBKDF2,
 * SHA-256 MAC) and what it writes with -legacy (certificates under
 * pbeWithSHAAnd40BitRC2-CBC, the key under pbeWithSHAAnd3-KeyTripleDES,
 * SHA-1 MAC), and the other PKCS#12 PBEs. The MAC is checked before
 * anything is decrypted: a wrong password is -EKEYREJECTED. Errors as in
 * privkey.h. Compiled with USE_PKCS12 (cryptoConfig.h).
 */
#ifndef MXTLS_PKI_PKCS12_H
#define MXTLS_PKI_PKCS12_H

#include "pki/privkey.h"
#include "pki/x509.h"

#define MX_P12_MAX_CERTS	16
#define MX_P12_MAX_BAGS		64
#define MX_P12_MAX_NESTING	4

struct mx_pkcs12 {
	bool have_key;
	struct mx_privkey key;		/* the first private key of the file */
	struct mx_x509 *certs[MX_P12_MAX_CERTS];
	size_t ncerts;			/* the key's certificate first, when found */
};

int mx_pkcs12_parse(const void *der, size_t len, const struct mx_key_opts *opts,
		    struct mx_pkcs12 *out);
int mx_pkcs12_load_file(const char *path, const struct mx_key_opts *opts,
			struct mx_pkcs12 *out);
void mx_pkcs12_clear(struct mx_pkcs12 *p12);

#endif /* MXTLS_PKI_PKCS12_H */
