// SPDX-License-Identifier: GPL-2.0
/*
 * Certificate signature verification over crypto/rsa.h and crypto/ec.h.
 * The key object a public key needs (Montgomery constants and all) is
 * built on first use and kept with the certificate, since the same
 * issuer verifies many certificates.
 */
#include <errno.h>
#include <stdlib.h>

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

void mx_pubkey_release(struct mx_pubkey *key)
{
	if (key->type == MX_PK_RSA)
		mx_rsa_key_free(key->cache);
	key->cache = NULL;
}

int mx_pki_sig_verify(const struct mx_pubkey *key, const struct mx_sig_alg *alg,
		      const uint8_t *msg, size_t len, const uint8_t *sig, size_t sig_len)
{
	uint8_t digest[MX_HASH_MAX_LEN];
	struct mx_rsa_key *rk;
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
		if (alg->scheme == MX_SIG_RSA_PKCS1)
			err = mx_rsa_pkcs1_verify(rk, hash_id(alg->hash), digest, dlen, sig,
						  sig_len);
		else if (alg->mgf_hash != alg->hash)
			/* crypto/rsa.h does MGF1 with the message hash only. */
			return -EOPNOTSUPP;
		else
			err = mx_rsa_pss_verify(rk, hash_id(alg->hash), digest, dlen,
						alg->salt_len, sig, sig_len);
		return err ? (err == -ENOMEM ? err : -EBADMSG) : 0;
	default:
		return -EOPNOTSUPP;
	}
}
