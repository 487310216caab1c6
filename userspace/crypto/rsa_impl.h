/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The RSA key and the raw operations the padding code builds on.
 */
#ifndef MXTLS_CRYPTO_RSA_IMPL_H
#define MXTLS_CRYPTO_RSA_IMPL_H

#include <pthread.h>
#include <sys/types.h>

#include "crypto/mont.h"
#include "crypto/rsa.h"

/*
 * Base blinding: vi = r^e and vf = r^-1 for a random r mod n, kept mod p
 * and mod q (Montgomery form there), where the exponentiations happen.
 */
struct mx_rsa_blind {
	pthread_mutex_t lock;
	pid_t pid;		/* a child re-draws r after fork() */
	mx_limb vi_p[MX_BN_MAX_LIMBS], vf_p[MX_BN_MAX_LIMBS];
	mx_limb vi_q[MX_BN_MAX_LIMBS], vf_q[MX_BN_MAX_LIMBS];
};

struct mx_rsa_key {
	size_t k;			/* modulus bytes */
	struct mx_mont *n;
	size_t en;			/* limbs of e */
	mx_limb e[MX_BN_MAX_LIMBS];
	/* private part (p, q non-NULL) */
	struct mx_mont *p, *q;
	mx_limb d[MX_BN_MAX_LIMBS];
	mx_limb dp[MX_BN_MAX_LIMBS];
	mx_limb dq[MX_BN_MAX_LIMBS];
	mx_limb qinv[MX_BN_MAX_LIMBS];		/* q^-1 mod p */
	mx_limb qinv_m[MX_BN_MAX_LIMBS];	/* the same in Montgomery form mod p */
	struct mx_rsa_blind *blind;
};

/* out = c^e mod n for c < n (n->n limbs each). */
void mx_rsa_pub_limbs(const struct mx_rsa_key *key, mx_limb *out, const mx_limb *c);

/*
 * out = c^d mod n for c < n: blinded CRT, result checked. 0, -EIO on a
 * failed check (out zeroed), -ENOMEM or a random generator error.
 */
int mx_rsa_priv_limbs(const struct mx_rsa_key *key, mx_limb *out, const mx_limb *c);

/* A key with n, e set, as mx_rsa_key_public checks them. */
int mx_rsa_key_alloc(struct mx_rsa_key **out, const mx_limb *n, size_t nn,
		     const mx_limb *e, size_t en);

/* Add the private part given as limbs; checks it (see mx_rsa_key_private). */
int mx_rsa_key_set_private(struct mx_rsa_key *key, const mx_limb *p, size_t pn,
			   const mx_limb *q, size_t qn, const mx_limb *d,
			   const mx_limb *dp, const mx_limb *dq, const mx_limb *qinv);

#endif /* MXTLS_CRYPTO_RSA_IMPL_H */
