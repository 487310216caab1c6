// SPDX-License-Identifier: GPL-2.0
/*
 * Certificate signature verification over crypto/rsa.h and crypto/ec.h.
 * The key object a public key needs (Montgomery constants and all) is
 * built on first use and kept with the certificate, since the same
 * issuer verifies many certificates.
 */
#include <errno.h>
#include <stdlib.h>

#include "crypto/ec.h"
#include "crypto/rsa.h"
#include "pki/digest.h"
#include "pki/sig.h"

static enum mx_hash_id hash_id(enum mx_pki_hash h)
{
	return mx_pki_hash_desc(h)->id;
}

/* The RSA key object of a public key, built once. */
static struct mx_rsa_key *rsa_key(const struct mx_pubkey *key, int *err)
{
	struct mx_pubkey *k = (struct mx_pubkey *)key;
	struct mx_rsa_key *rk = __atomic_load_n(&k->cache, __ATOMIC_ACQUIRE), *expect = NULL;

	if (rk)
		return rk;
	*err = mx_rsa_key_public(&rk, key->n.p, key->n.len, key->e.p, key->e.len);
	if (*err)
		return NULL;
	/* Another thread may have been first: keep its key. */
	if (!__atomic_compare_exchange_n(&k->cache, (void **)&expect, rk, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		mx_rsa_key_free(rk);
		rk = expect;
	}
	return rk;
}

/* The EC key object of a public key (the point validated), built once. */
static struct mx_ec_key *ec_key(const struct mx_pubkey *key, int *err)
{
	struct mx_pubkey *k = (struct mx_pubkey *)key;
	struct mx_ec_key *ek = __atomic_load_n(&k->cache, __ATOMIC_ACQUIRE), *expect = NULL;
	enum mx_ec_curve_id id = key->curve == MX_CURVE_P256 ? MX_EC_P256 : MX_EC_P384;

	if (ek)
		return ek;
	ek = malloc(sizeof(*ek));
	if (!ek) {
		*err = -ENOMEM;
		return NULL;
	}
	*err = mx_ec_key_from_public(ek, mx_ec_curve(id), key->point.p, key->point.len);
	if (*err) {
		free(ek);
		return NULL;
	}
	if (!__atomic_compare_exchange_n(&k->cache, (void **)&expect, ek, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		mx_ec_key_clear(ek);
		free(ek);
		ek = expect;
	}
	return ek;
}

void mx_pubkey_release(struct mx_pubkey *key)
{
	if (key->type == MX_PK_RSA) {
		mx_rsa_key_free(key->cache);
	} else if (key->type == MX_PK_EC && key->cache) {
		mx_ec_key_clear(key->cache);
		free(key->cache);
	}
	key->cache = NULL;
}

int mx_pki_sig_verify(const struct mx_pubkey *key, const struct mx_sig_alg *alg,
		      const uint8_t *msg, size_t len, const uint8_t *sig, size_t sig_len)
{
	uint8_t digest[MX_HASH_MAX_LEN];
	struct mx_rsa_key *rk;
	struct mx_ec_key *ek;
	unsigned int dlen;
	int err = 0;

	if (alg->scheme == MX_SIG_UNSUPPORTED || key->type == MX_PK_UNSUPPORTED ||
	    alg->hash == MX_PKI_HASH_NONE || alg->hash == MX_PKI_MD5)
		return -EOPNOTSUPP;
	dlen = mx_pki_hash_len(alg->hash);
	mx_pki_digest(alg->hash, msg, len, digest);
	switch (alg->scheme) {
	case MX_SIG_RSA_PKCS1:
	case MX_SIG_RSA_PSS:
		if (key->type != MX_PK_RSA ||
		    (key->rsa_pss_only && alg->scheme != MX_SIG_RSA_PSS))
			return -EBADMSG;
		if (key->bits < MX_RSA_MIN_BITS || key->bits > MX_RSA_MAX_BITS)
			return -EOPNOTSUPP;
		rk = rsa_key(key, &err);
		if (!rk)
			return err == -ENOMEM ? -ENOMEM : -EBADMSG;
		/* crypto/rsa.h does MGF1 with the message hash only. */
		if (alg->scheme == MX_SIG_RSA_PSS && alg->mgf_hash != alg->hash)
			return -EOPNOTSUPP;
		if (alg->scheme == MX_SIG_RSA_PKCS1)
			err = mx_rsa_pkcs1_verify(rk, hash_id(alg->hash), digest, dlen, sig,
						  sig_len);
		else
			err = mx_rsa_pss_verify(rk, hash_id(alg->hash), digest, dlen,
						alg->salt_len, sig, sig_len);
		return err ? (err == -ENOMEM ? err : -EBADMSG) : 0;
	case MX_SIG_ECDSA:
		if (key->type != MX_PK_EC)
			return -EBADMSG;
		ek = ec_key(key, &err);
		if (!ek)
			return err == -ENOMEM ? -ENOMEM : -EBADMSG;
		return mx_ecdsa_verify(ek, digest, dlen, sig, sig_len) ? -EBADMSG : 0;
	default:
		return -EOPNOTSUPP;
	}
}
