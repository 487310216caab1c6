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

/* Accepted sizes of p, in bits. */
#define MX_DH_MIN_BITS 512
#define MX_DH_MAX_BITS 8192

struct mx_dh_params {
	uint8_t *p;
	size_t p_len;
	uint8_t *g;
	size_t g_len;
};

/*
 * Parse parameters from PEM or DER. Checks that p is odd and of an
 * accepted size and that 1 < g < p - 1. -EBADMSG, -ENOENT (a PEM buffer
 * without parameters), -ENOMEM.
 */
int mx_dh_params_parse(const void *buf, size_t len, struct mx_dh_params *out);
int mx_dh_params_load_file(const char *path, struct mx_dh_params *out);
void mx_dh_params_clear(struct mx_dh_params *dh);

#endif /* MXTLS_PKI_DHPARAMS_H */
