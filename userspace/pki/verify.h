/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Certificate path building and validation (RFC 5280 section 6, with the
 * trust-anchor and purpose rules OpenSSL applies, so that verdicts agree
 * with "openssl verify").
 *
 * Building: from the peer's certificate, issuers are looked for first in
 * the trust store, then among the peer's other certificates, matched by
 * name (and key identifier when both sides have one) and accepted only if
 * their key verifies the signature; dead ends are backtracked, within a
 * budget of signature checks. A path ends at a self-signed certificate of
 * the trust store (any store certificate with MX_VERIFY_PARTIAL_CHAIN).
 *
 * Validation of the path, first failure wins: unknown critical
 * extensions; every issuer a CA (basicConstraints cA, keyCertSign when
 * keyUsage is present; a trust anchor may also be a v1 root or carry
 * keyCertSign without basicConstraints); pathLenConstraint; the purpose
 * (extendedKeyUsage, when present in any certificate of the path, must
 * name it; the leaf's keyUsage must allow it); name constraints; the
 * peer's identity; validity at the given time, inclusive of notAfter
 * (RFC 5280 4.1.2.5).
 */
#ifndef MXTLS_PKI_VERIFY_H
#define MXTLS_PKI_VERIFY_H

#include <stdint.h>

#include "mxtls/x509.h"
#include "pki/trust.h"
#include "pki/x509.h"

enum mx_purpose {
	MX_PURPOSE_ANY,		/* no keyUsage/extendedKeyUsage check */
	MX_PURPOSE_SERVER,	/* TLS server authentication */
	MX_PURPOSE_CLIENT,	/* TLS client authentication */
};

/* Any certificate of the trust store may end a path, not only roots. */
#define MX_VERIFY_PARTIAL_CHAIN	(1u << 0)

#define MX_VERIFY_NOW		INT64_MIN
#define MX_VERIFY_DEFAULT_DEPTH	10
/* The longest path ever built: the limit below plus leaf and anchor. */
#define MX_VERIFY_MAX_DEPTH	32
#define MX_VERIFY_MAX_CHAIN	(MX_VERIFY_MAX_DEPTH + 2)
/* Signature checks one verification may spend on building paths. */
#define MX_VERIFY_SIG_BUDGET	64

struct mx_verify_opts {
	int64_t time;			/* seconds since the epoch, or MX_VERIFY_NOW */
	enum mx_purpose purpose;
	const char *peer_name;		/* host name or IP literal; NULL: none */
	unsigned int max_depth;		/* intermediates allowed; 0: the default */
	unsigned int flags;		/* MX_VERIFY_* */
};

struct mx_verify_result {
	int status;			/* PS_CERT_OK or PS_CERT_E_* */
	int depth;			/* index in chain of the culprit, -1 */
	size_t chain_len;
	const struct mx_x509 *chain[MX_VERIFY_MAX_CHAIN];	/* leaf first */
	bool anchored;			/* chain ends at a trust anchor */
	/* Per certificate: its first failure and every failed check. */
	int cert_status[MX_VERIFY_MAX_CHAIN];
	uint32_t fail_flags[MX_VERIFY_MAX_CHAIN];	/* PS_CERT_AUTH_FAIL_* */
};

/*
 * Validate peer[0] using peer[1..n-1] as candidate intermediates. The
 * result refers to the certificates passed in and those of the store.
 * Returns res->status.
 */
int mx_x509_verify(const struct mx_x509 *const *peer, size_t n, const struct mx_trust_store *ts,
		   const struct mx_verify_opts *opts, struct mx_verify_result *res);

#endif /* MXTLS_PKI_VERIFY_H */
