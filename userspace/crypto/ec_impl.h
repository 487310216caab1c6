/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The NIST curves y^2 = x^3 - 3x + b: the types shared by the curve
 * template (ec_tmpl.h, instantiated once per curve and field
 * implementation) and the generic code.
 *
 * Points are Jacobian (X : Y : Z), x = X/Z^2, y = Y/Z^3, Z = 0 for the
 * point at infinity, coordinates in Montgomery form. How the scalar
 * multiplications work, and why their short addition formulas are exact,
 * is explained in ec_tmpl.h.
 */
#ifndef MXTLS_CRYPTO_EC_IMPL_H
#define MXTLS_CRYPTO_EC_IMPL_H

#include "crypto/ec.h"
#include "crypto/pk_tune.h"

#define EC_MAX_LIMBS	6
/* Signed digits of width w of a scalar of `bits` bits (a regular recoding). */
#define EC_DIGITS(bits, w)	((bits) / (w) + 1)
#define EC_MAX_DIGITS	EC_DIGITS(8 * MX_EC_MAX_SCALAR, 4)
/* Entries of a table of odd multiples for w-bit digits: 1, 3, .., 2^w - 1. */
#define EC_TAB(w)	(1u << ((w) - 1))
#define EC_COMB_TAB	EC_TAB(MX_EC_COMB_W)

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
	/*
	 * The base-point comb: comb_teeth rows of EC_COMB_TAB affine points,
	 * row t holding (2i + 1) 2^(MX_EC_COMB_W comb_span t) G; row 0 is
	 * the odd multiples of G that ECDSA verification uses.
	 */
	const struct ec_aff *comb;
	size_t comb_teeth, comb_span;
	/* x, y from X || Y: mask of "coordinates below p and on the curve" */
	uint64_t (*decode)(const struct mx_ec_curve *c, struct ec_aff *pt, const uint8_t *xy);
	void (*encode)(const struct mx_ec_curve *c, uint8_t *xy, const struct ec_aff *pt);
	/* r = k P for k < n (constant time); the mask of "r is infinity" */
	uint64_t (*mul)(const struct mx_ec_curve *c, struct ec_aff *r, const struct ec_aff *p,
			const mx_limb *k);
	uint64_t (*mul_base)(const struct mx_ec_curve *c, struct ec_aff *r, const mx_limb *k);
	/*
	 * ECDSA's check for public u1, u2 < n, P and 0 < r < n: 1 when
	 * u1 G + u2 P is finite and its x mod n is r, else 0 (variable time).
	 */
	int (*verify_x)(const struct mx_ec_curve *c, const mx_limb *u1, const struct ec_aff *p,
			const mx_limb *u2, const mx_limb *r);
	/* r = k^-1 mod n for 0 < k < n, constant time in k. */
	void (*scalar_inv)(const struct mx_ec_curve *c, mx_limb *r, const mx_limb *k);
};

/* The curves (set up on first use), or NULL when memory ran out. */
const struct mx_ec_curve *mx_ec_p256(void);
const struct mx_ec_curve *mx_ec_p384(void);

/* One-time set-up of a curve's constants from its big-endian parameters. */
int mx_ec_curve_setup(struct mx_ec_curve *c, const uint8_t *p, const uint8_t *b,
		      const uint8_t *gx, const uint8_t *gy);

/*
 * r = k^(n - 2) = k^-1 mod n with the order's Montgomery context: a
 * window over the public exponent, constant time in k. The generic
 * scalar_inv.
 */
void mx_ec_scalar_inv_mont(const struct mx_ec_curve *c, mx_limb *r, const mx_limb *k);

#endif /* MXTLS_CRYPTO_EC_IMPL_H */
