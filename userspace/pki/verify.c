// SPDX-License-Identifier: GPL-2.0
/*
 * Certificate path building and validation (see verify.h).
 */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "pki/general_name.h"
#include "pki/hostname.h"
#include "pki/name_constraints.h"
#include "pki/sig.h"
#include "pki/verify.h"
#include "pki/x509_name.h"

struct builder {
	const struct mx_x509 *const *peer;
	size_t npeer;
	const struct mx_trust_store *ts;
	unsigned int flags;
	size_t max_len;			/* longest path allowed */
	int budget;			/* signature checks left */
	const struct mx_x509 *path[MX_VERIFY_MAX_CHAIN];
	size_t len;
	/* The failure that got furthest, and its path, for the verdict. */
	int err;
	int err_depth;
	const struct mx_x509 *err_path[MX_VERIFY_MAX_CHAIN];
	size_t err_len;
};

/*
 * The authority key identifier of child does not contradict issuer: key
 * identifiers equal when both are present, serial and issuer name equal
 * when the AKI names them.
 */
static bool akid_match(const struct mx_x509 *child, const struct mx_x509 *issuer)
{
	struct mx_der cur, v;
	enum mx_gn_type t;

	if (!(child->ext & MX_EXT_AKI))
		return true;
	if (child->aki_id.p && issuer->ski.p && !mx_der_eq(&child->aki_id, &issuer->ski))
		return false;
	if (child->aki_serial.p && !mx_der_eq(&child->aki_serial, &issuer->serial))
		return false;
	for (cur = child->aki_issuer; !mx_der_empty(&cur);) {
		if (mx_gn_next(&cur, false, &t, &v))
			return false;
		if (t == MX_GN_DIR)
			return mx_name_eq(&v, &issuer->issuer);
	}
	return true;
}

static bool may_sign_certs(const struct mx_x509 *c)
{
	return !(c->ext & MX_EXT_KEY_USAGE) || (c->key_usage & MX_KU_KEY_CERT_SIGN);
}

/* The issuer's key is of the kind the child's signature algorithm needs. */
static bool key_fits(const struct mx_x509 *child, const struct mx_x509 *cand)
{
	switch (child->sig_alg.scheme) {
	case MX_SIG_RSA_PKCS1:
	case MX_SIG_RSA_PSS:
		return cand->key.type == MX_PK_RSA || cand->key.type == MX_PK_UNSUPPORTED;
	case MX_SIG_ECDSA:
		return cand->key.type == MX_PK_EC || cand->key.type == MX_PK_UNSUPPORTED;
	default:
		return true;
	}
}

/*
 * cand looks like child's issuer: names, key identifiers, key type. Key
 * usage is left to validation, so that a CA without keyCertSign is
 * reported as such rather than as a missing issuer.
 */
static bool likely_issued(const struct mx_x509 *child, const struct mx_x509 *cand)
{
	return mx_name_eq(&child->issuer, &cand->subject) && akid_match(child, cand) &&
	       key_fits(child, cand);
}

/* Self-signed in OpenSSL's sense: the signature itself is not checked. */
static bool self_signed(const struct mx_x509 *c)
{
	return c->self_issued && akid_match(c, c) && may_sign_certs(c);
}

static bool in_path(const struct builder *b, const struct mx_x509 *c)
{
	size_t i;

	for (i = 0; i < b->len; i++)
		if (b->path[i] == c || mx_der_eq(&b->path[i]->der, &c->der))
			return true;
	return false;
}

/* Remember a failure at this depth if it got further than the last. */
static void fail(struct builder *b, int err, int depth, const struct mx_x509 *extra)
{
	size_t len = b->len + !!extra;

	if (b->err != PS_CERT_OK && len <= b->err_len)
		return;
	b->err = err;
	b->err_depth = depth;
	memcpy(b->err_path, b->path, b->len * sizeof(b->path[0]));
	if (extra)
		b->err_path[b->len] = extra;
	b->err_len = len;
}

static bool sig_ok(struct builder *b, const struct mx_x509 *child, const struct mx_x509 *issuer)
{
	int r;

	if (b->budget <= 0)
		return false;
	b->budget--;
	r = mx_pki_sig_verify(&issuer->key, &child->sig_alg, child->tbs.p, child->tbs.len,
			      child->sig.p, child->sig.len);
	if (r)
		fail(b, r == -EOPNOTSUPP ? PS_CERT_E_UNSUPPORTED_ALG : PS_CERT_E_SIGNATURE,
		     (int)b->len - 1, issuer);
	return r == 0;
}

static bool build(struct builder *b);

/* Try cand as the issuer of the path's last certificate. */
static bool try_issuer(struct builder *b, const struct mx_x509 *cand, bool trusted)
{
	const struct mx_x509 *cur = b->path[b->len - 1];

	if (!likely_issued(cur, cand) || in_path(b, cand))
		return false;
	if (b->len == b->max_len) {
		fail(b, PS_CERT_E_CHAIN_TOO_LONG, (int)b->len - 1, NULL);
		return false;
	}
	if (!sig_ok(b, cur, cand))
		return false;
	b->path[b->len++] = cand;
	if (trusted && ((b->flags & MX_VERIFY_PARTIAL_CHAIN) || self_signed(cand)))
		return true;
	if (!trusted && self_signed(cand)) {
		/* A root the peer sent that the store does not hold. */
		fail(b, PS_CERT_E_SELF_SIGNED_IN_CHAIN, (int)b->len - 1, NULL);
	} else if (build(b)) {
		return true;
	}
	b->len--;
	return false;
}

static bool build(struct builder *b)
{
	const struct mx_x509 *cur = b->path[b->len - 1];
	size_t i;

	for (i = 0; i < b->ts->n; i++)
		if (try_issuer(b, b->ts->certs[i], true))
			return true;
	for (i = 1; i < b->npeer; i++)
		if (try_issuer(b, b->peer[i], false))
			return true;
	if (self_signed(cur))
		fail(b, b->len == 1 ? PS_CERT_E_SELF_SIGNED : PS_CERT_E_SELF_SIGNED_IN_CHAIN,
		     (int)b->len - 1, NULL);
	else
		fail(b, PS_CERT_E_UNKNOWN_ISSUER, (int)b->len - 1, NULL);
	return false;
}

/* Record a failed check; the first one decides the status. */
static void flag(struct mx_verify_result *res, int status, size_t i, uint32_t f)
{
	res->fail_flags[i] |= f;
	if (res->cert_status[i] == PS_CERT_OK)
		res->cert_status[i] = status;
	if (res->status == PS_CERT_OK) {
		res->status = status;
		res->depth = (int)i;
	}
}

/*
 * An issuer must be a CA. A trust anchor gets OpenSSL's leeway: a v1
 * self-signed root, or keyCertSign without basicConstraints.
 */
static bool is_ca(const struct mx_x509 *c, bool anchor)
{
	if (!may_sign_certs(c))
		return false;
	if (c->ext & MX_EXT_BASIC_CONS)
		return c->is_ca;
	if (!anchor)
		return false;
	return (c->version == 1 && self_signed(c)) ||
	       ((c->ext & MX_EXT_KEY_USAGE) && (c->key_usage & MX_KU_KEY_CERT_SIGN));
}

static void check_purpose(struct mx_verify_result *res, enum mx_purpose purpose)
{
	uint8_t eku = purpose == MX_PURPOSE_SERVER ? MX_EKU_SERVER_AUTH : MX_EKU_CLIENT_AUTH;
	/* The leaf's key must sign, or encipher or agree a key exchange. */
	uint16_t ku = purpose == MX_PURPOSE_SERVER ?
		      MX_KU_DIGITAL_SIGNATURE | MX_KU_KEY_ENCIPHERMENT | MX_KU_KEY_AGREEMENT :
		      MX_KU_DIGITAL_SIGNATURE | MX_KU_KEY_AGREEMENT;
	const struct mx_x509 *leaf = res->chain[0];
	size_t i;

	if (purpose == MX_PURPOSE_ANY)
		return;
	if ((leaf->ext & MX_EXT_KEY_USAGE) && !(leaf->key_usage & ku))
		flag(res, PS_CERT_E_PURPOSE, 0, PS_CERT_AUTH_FAIL_KEY_USAGE_FLAG);
	/*
	 * extendedKeyUsage binds every certificate of the path, CAs too, and
	 * anyExtendedKeyUsage does not stand in for the purpose (as in
	 * OpenSSL).
	 */
	for (i = 0; i < res->chain_len; i++) {
		const struct mx_x509 *c = res->chain[i];

		if ((c->ext & MX_EXT_EXT_KEY_USAGE) && !(c->ext_key_usage & eku))
			flag(res, PS_CERT_E_PURPOSE, i, PS_CERT_AUTH_FAIL_EKU_FLAG);
	}
}

static void check_path(struct mx_verify_result *res, const struct mx_verify_opts *opts, int64_t now)
{
	size_t n = res->chain_len, i, j;
	int plen = 0;

	for (i = 0; i < n; i++)
		if (res->chain[i]->ext & MX_EXT_UNKNOWN_CRITICAL)
			flag(res, PS_CERT_E_CRITICAL_EXT, i, PS_CERT_AUTH_FAIL_EXTENSION_FLAG);
	for (i = 1; i < n; i++)
		if (!is_ca(res->chain[i], i == n - 1))
			flag(res, PS_CERT_E_NOT_CA, i, PS_CERT_AUTH_FAIL_BC_FLAG);
	/*
	 * pathLenConstraint counts the intermediates below a CA that are not
	 * self-issued (RFC 5280 6.1.4 (l), (m)).
	 */
	for (i = 0; i < n; i++) {
		const struct mx_x509 *c = res->chain[i];

		if (i > 1 && c->path_len >= 0 && plen > c->path_len)
			flag(res, PS_CERT_E_PATH_LEN, i, PS_CERT_AUTH_FAIL_BC_FLAG);
		if (i > 0 && !c->self_issued)
			plen++;
	}
	check_purpose(res, opts->purpose);
	/* Constraints of each CA apply to everything below it but self-issued CAs. */
	for (i = 1; i < n; i++) {
		if (!(res->chain[i]->ext & MX_EXT_NAME_CONS))
			continue;
		for (j = 0; j < i; j++) {
			if (j > 0 && res->chain[j]->self_issued)
				continue;
			if (mx_nc_check(res->chain[i], res->chain[j], j == 0))
				flag(res, PS_CERT_E_NAME_CONSTRAINTS, j, PS_CERT_AUTH_FAIL_NC_FLAG);
		}
	}
	if (opts->peer_name && !mx_x509_match_name(res->chain[0], opts->peer_name))
		flag(res, PS_CERT_E_NAME_MISMATCH, 0, PS_CERT_AUTH_FAIL_SUBJECT_FLAG);
	for (i = n; i-- > 0;) {
		const struct mx_x509 *c = res->chain[i];

		if (now < c->not_before)
			flag(res, PS_CERT_E_NOT_YET_VALID, i, PS_CERT_AUTH_FAIL_DATE_FLAG);
		else if (now > c->not_after)
			flag(res, PS_CERT_E_EXPIRED, i, PS_CERT_AUTH_FAIL_DATE_FLAG);
	}
}

static uint32_t err_flag(int status)
{
	switch (status) {
	case PS_CERT_E_SIGNATURE:		return PS_CERT_AUTH_FAIL_SIG_FLAG;
	case PS_CERT_E_UNSUPPORTED_ALG:		return PS_CERT_AUTH_FAIL_ALG_FLAG;
	case PS_CERT_E_CHAIN_TOO_LONG:		return PS_CERT_AUTH_FAIL_BC_FLAG;
	default:				return PS_CERT_AUTH_FAIL_ISSUER_FLAG;
	}
}

int mx_x509_verify(const struct mx_x509 *const *peer, size_t n, const struct mx_trust_store *ts,
		   const struct mx_verify_opts *opts, struct mx_verify_result *res)
{
	struct builder local = { 0 }, *b = &local;
	unsigned int depth = opts->max_depth ? opts->max_depth : MX_VERIFY_DEFAULT_DEPTH;
	int64_t now = opts->time == MX_VERIFY_NOW ? (int64_t)time(NULL) : opts->time;

	memset(res, 0, sizeof(*res));
	res->depth = -1;
	if (n == 0) {
		res->status = PS_CERT_E_NO_CERT;
		return res->status;
	}
	b->peer = peer;
	b->npeer = n;
	b->ts = ts;
	b->flags = opts->flags;
	b->max_len = (depth > MX_VERIFY_MAX_DEPTH ? MX_VERIFY_MAX_DEPTH : depth) + 2;
	b->budget = MX_VERIFY_SIG_BUDGET;
	b->path[0] = peer[0];
	b->len = 1;

	/* The peer's certificate may itself be a trust anchor. */
	if (mx_trust_contains(ts, peer[0]) &&
	    ((opts->flags & MX_VERIFY_PARTIAL_CHAIN) || self_signed(peer[0])))
		res->anchored = true;
	else
		res->anchored = build(b);

	if (!res->anchored) {
		res->status = b->err;
		res->depth = b->err_depth;
		res->chain_len = b->err_len;
		memcpy(res->chain, b->err_path, b->err_len * sizeof(b->err_path[0]));
		res->fail_flags[b->err_depth] |= err_flag(b->err);
		res->cert_status[b->err_depth] = b->err;
		return res->status;
	}
	res->chain_len = b->len;
	memcpy(res->chain, b->path, b->len * sizeof(b->path[0]));
	check_path(res, opts, now);
	return res->status;
}
