/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Diffie-Hellman group parameters for matrixSslLoadDhParams: PKCS#3
 * DHParameter ("BEGIN DH PARAMETERS", what "openssl dhparam" writes) and
 * X9.42 DomainParameters ("BEGIN X9.42 DH PARAMETERS"), PEM or DER. The
 * result is (p, g) as big-endian magnitudes for the public-key code.
 */
#ifndef MXTLS_PKI_DHPARAMS_H
#define MXTLS_PKI_DHPARAMS_H

#include <stddef.h>
#include <stdint.h>

struct mx_pki_dh {
	uint8_t *p;
	size_t p_len;
	uint8_t *g;
	size_t g_len;
};

/*
 * Parse parameters from PEM or DER. Checks that p is odd and of a size
 * crypto/dh.h accepts (MX_DH_MIN_BITS..MX_DH_MAX_BITS) and that
 * 1 < g < p - 1. -EBADMSG, -ENOENT (a PEM buffer
 * without parameters), -ENOMEM.
 */
int mx_pki_dh_parse(const void *buf, size_t len, struct mx_pki_dh *out);
int mx_pki_dh_load_file(const char *path, struct mx_pki_dh *out);
void mx_pki_dh_clear(struct mx_pki_dh *dh);

struct mx_dh_params;

/*
 * What matrixSslLoadDhParams needs: a parameter file read and handed to
 * crypto/dh.h as (p, g), which checks the group itself (safe prime).
 */
int mx_pki_dh_load_params(const char *path, struct mx_dh_params **out);

#endif /* MXTLS_PKI_DHPARAMS_H */
