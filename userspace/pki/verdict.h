/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Building the certificate callback's psCertVerdict_t (mxtls/x509.h)
 * from a validation result, and the peer's certificates it starts from.
 */
#ifndef MXTLS_PKI_VERDICT_H
#define MXTLS_PKI_VERDICT_H

#include "mxtls/x509.h"
#include "pki/verify.h"

/* Certificates a peer may send in one Certificate message. */
#define MX_PEER_MAX_CERTS 16

struct mx_peer_certs {
	struct mx_x509 *cert[MX_PEER_MAX_CERTS];
	size_t n;
};

/*
 * Parse the peer's DER certificates, leaf first. -EBADMSG (with *bad the
 * index of the culprit) when one is malformed, -E2BIG for more than
 * MX_PEER_MAX_CERTS, -ENOMEM. On failure nothing is kept.
 */
int mx_peer_certs_parse(struct mx_peer_certs *pc, const struct mx_der *ders, size_t n,
			size_t *bad);
void mx_peer_certs_clear(struct mx_peer_certs *pc);

/* The verdict for a validation result; NULL when out of memory. */
psCertVerdict_t *mx_cert_verdict(const struct mx_verify_result *res,
				 const struct mx_trust_store *ts);

/* The verdict for a chain whose certificate at index bad is malformed. */
psCertVerdict_t *mx_cert_verdict_malformed(size_t bad);

/* The TLS alert (RFC 5246 7.2) a status calls for; 0 for PS_CERT_OK. */
int mx_cert_status_alert(int status);

#endif /* MXTLS_PKI_VERDICT_H */
