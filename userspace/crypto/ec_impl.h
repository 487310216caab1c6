/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The NIST curves y^2 = x^3 - 3x + b: the types shared by the curve
 * template (ec_tmpl.h, instantiated once per curve) and the generic code.
 *
 * Points are Jacobian (X : Y : Z), x = X/Z^2, y = Y/Z^3, Z = 0 for the
 * point at infinity, coordinates in Montgomery form.
 *
 * Scalar multiplication. k' = k or n - k, whichever is odd (the result
 * is negated back at the end), is recoded into L digits d_i, odd, with
 * |d_i| < 2^W and d_(L-1) > 0 (a regular recoding: every digit costs the
 * same). The variable-base method keeps a table of P, 3P, ..., (2^W - 1)P
 * and runs Q = 2^W Q + d_i P from the top digit down. The partial scalar
 * before adding d_i is 2^W k'_(i+1) with 0 < 2^W k'_(i+1) < n - 2^W for
 * every i > 0, so Q is never +-d_i P there and the short addition formula
 * is exact; only the last addition can meet equal points (k' close to n)
 * and uses the complete one. The fixed-base method (with the precomputed
 * table of PS_PUBKEY_OPTIMIZE_FOR_FASTER_SPEED) adds d_j 2^(Wj) G for
 * j = 0, 1, ...; its partial sums stay below 2^(Wj) in absolute value, so
 * only additions with 2^(W(j+1)) > n need the complete formula.
 */
#ifndef MXTLS_CRYPTO_EC_IMPL_H
#define MXTLS_CRYPTO_EC_IMPL_H

#include "crypto/ec.h"
#include "crypto/pk_tune.h"

#define EC_MAX_LIMBS	6
#define EC_W		MX_EC_WINDOW
#define EC_TAB		(1u << (EC_W - 1))		/* odd multiples 1..2^W - 1 */
#define EC_DIGITS(bits)	((bits) / EC_W + 1)
#define EC_MAX_DIGITS	EC_DIGITS(8 * MX_EC_MAX_SCALAR)

/* The field of a curve: p and the Montgomery constants. */
struct ec_fp {
	mx_limb p[EC_MAX_LIMBS];
	mx_limb p0inv;			/* -p^-1 mod 2^64 */
	mx_limb rr[EC_MAX_LIMBS];	/* R^2 mod p */
	mx_limb one[EC_MAX_LIMBS];	/* R mod p */
	mx_limb b[EC_MAX_LIMBS];	/* the curve's b, Montgomery form */
};

struct ec_jac {
	mx_limb x[EC_MAX_LIMBS], y[EC_MAX_LIMBS], z[EC_MAX_LIMBS];
};

struct ec_aff {
	mx_limb x[EC_MAX_LIMBS], y[EC_MAX_LIMBS];
};

struct mx_ec_curve {
	enum mx_ec_curve_id id;
	size_t n;			/* limbs of p and of the order */
	size_t bytes;			/* bytes of a coordinate or scalar */
	size_t order_bits;
	const mx_limb *order;
	struct ec_fp *fp;
	struct ec_aff *g;		/* the base point, Montgomery form */
	struct mx_mont *order_mont;	/* for ECDSA's arithmetic mod n */
	const struct ec_aff *base_tab;	/* EC_DIGITS x EC_TAB multiples of G, or NULL */
	/* x, y from X || Y: mask of "coordinates below p and on the curve" */
	uint64_t (*decode)(const struct mx_ec_curve *c, struct ec_aff *pt, const uint8_t *xy);
	void (*encode)(const struct mx_ec_curve *c, uint8_t *xy, const struct ec_aff *pt);
	/* r = k P for k < n (constant time); the mask of "r is infinity" */
	uint64_t (*mul)(const struct mx_ec_curve *c, struct ec_aff *r, const struct ec_aff *p,
			const mx_limb *k);
	uint64_t (*mul_base)(const struct mx_ec_curve *c, struct ec_aff *r, const mx_limb *k);
	/* r = u1 G + u2 P for public scalars */
	uint64_t (*mul2)(const struct mx_ec_curve *c, struct ec_aff *r, const mx_limb *u1,
			 const struct ec_aff *p, const mx_limb *u2);
};

/* The curves (set up on first use), or NULL when memory ran out. */
const struct mx_ec_curve *mx_ec_p256(void);
const struct mx_ec_curve *mx_ec_p384(void);

/* One-time set-up of a curve's constants from its big-endian parameters. */
int mx_ec_curve_setup(struct mx_ec_curve *c, const uint8_t *p, const uint8_t *b,
		      const uint8_t *gx, const uint8_t *gy);

#endif /* MXTLS_CRYPTO_EC_IMPL_H */
