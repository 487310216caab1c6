/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A trust store: the certificates chain validation may end at (a CA file,
 * a directory's worth of them or the system bundle).
 */
#ifndef MXTLS_PKI_TRUST_H
#define MXTLS_PKI_TRUST_H

#include <stddef.h>

#include "pki/x509.h"

#define MX_SYSTEM_CA_BUNDLE "/etc/ssl/certs/ca-certificates.crt"

struct mx_trust_store {
	struct mx_x509 **certs;
	size_t n, cap;
};

void mx_trust_init(struct mx_trust_store *ts);
void mx_trust_clear(struct mx_trust_store *ts);

/* Add one DER certificate (a copy is kept). */
int mx_trust_add_der(struct mx_trust_store *ts, const void *der, size_t len);

/*
 * Add every CERTIFICATE block of a PEM buffer, or the buffer itself when
 * it is one DER certificate. Other PEM blocks are skipped. *added (may be
 * NULL) gets the count. A malformed certificate fails the whole call and
 * adds nothing.
 */
int mx_trust_add_buf(struct mx_trust_store *ts, const void *buf, size_t len, size_t *added);

/* The same from a file; -ENOENT and friends from opening it. */
int mx_trust_add_file(struct mx_trust_store *ts, const char *path, size_t *added);

/* True when a certificate with these exact bytes is in the store. */
bool mx_trust_contains(const struct mx_trust_store *ts, const struct mx_x509 *cert);

#endif /* MXTLS_PKI_TRUST_H */
