// SPDX-License-Identifier: GPL-2.0
/*
 * NIST P-256 (FIPS 186-4, D.1.2; SEC 2): the published parameters, the
 * inversion addition chain, and two instances of the point arithmetic of
 * ec_tmpl.h: over the portable field code (ec_p256_field.h) and over the
 * MULX/ADX one (ec_p256_field_adx.h). Each operation picks one when it
 * starts, from the CPU's features (crypto/cpu.h).
 */
#include <pthread.h>

#include "core/ct.h"
#include "crypto/cpu.h"
#include "crypto/ec_impl.h"
#include "crypto/ec_p256_field.h"
#include "crypto/mont.h"
#ifdef __x86_64__
#include "crypto/ec_p256_field_adx.h"
#endif

static const uint8_t p256_p[] = {
	0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
};

static const uint8_t p256_b[] = {
	0x5a, 0xc6, 0x35, 0xd8, 0xaa, 0x3a, 0x93, 0xe7, 0xb3, 0xeb, 0xbd, 0x55,
	0x76, 0x98, 0x86, 0xbc, 0x65, 0x1d, 0x06, 0xb0, 0xcc, 0x53, 0xb0, 0xf6,
	0x3b, 0xce, 0x3c, 0x3e, 0x27, 0xd2, 0x60, 0x4b,
};

static const uint8_t p256_gx[] = {
	0x6b, 0x17, 0xd1, 0xf2, 0xe1, 0x2c, 0x42, 0x47, 0xf8, 0xbc, 0xe6, 0xe5,
	0x63, 0xa4, 0x40, 0xf2, 0x77, 0x03, 0x7d, 0x81, 0x2d, 0xeb, 0x33, 0xa0,
	0xf4, 0xa1, 0x39, 0x45, 0xd8, 0x98, 0xc2, 0x96,
};

static const uint8_t p256_gy[] = {
	0x4f, 0xe3, 0x42, 0xe2, 0xfe, 0x1a, 0x7f, 0x9b, 0x8e, 0xe7, 0xeb, 0x4a,
	0x7c, 0x0f, 0x9e, 0x16, 0x2b, 0xce, 0x33, 0x57, 0x6b, 0x31, 0x5e, 0xce,
	0xcb, 0xb6, 0x40, 0x68, 0x37, 0xbf, 0x51, 0xf5,
};

static const uint8_t p256_n[] = {
	0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84,
	0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51,
};

static mx_limb p256_order[4];
static struct ec_fp p256_fp;
static struct ec_aff p256_g;
static struct mx_ec_curve p256_curve;

typedef void p256_mul_fn(mx_limb *r, const mx_limb *a, const mx_limb *b);
typedef void p256_sqr_fn(mx_limb *r, const mx_limb *a);

static inline __attribute__((always_inline))
void p256_sqr_n(mx_limb *r, const mx_limb *a, unsigned int n, p256_sqr_fn *sqr)
{
	sqr(r, a);
	while (--n > 0)
		sqr(r, r);
}

/*
 * r = a^(p - 2) = a^-1 (0 for a = 0): 255 squarings and 12
 * multiplications. p - 2 in 32-bit words from the top is ffffffff,
 * 00000001, 0, 0, 0, ffffffff, ffffffff, fffffffd; x_k = a^(2^k - 1).
 */
static inline __attribute__((always_inline))
void p256_inv_chain(mx_limb *r, const mx_limb *a, p256_mul_fn *mul, p256_sqr_fn *sqr)
{
	mx_limb x2[4], x3[4], x6[4], x15[4], x30[4], x32[4], t[4];

	sqr(x2, a);
	mul(x2, x2, a);
	sqr(x3, x2);
	mul(x3, x3, a);
	p256_sqr_n(x6, x3, 3, sqr);
	mul(x6, x6, x3);
	p256_sqr_n(t, x6, 6, sqr);
	mul(t, t, x6);				/* x12 */
	p256_sqr_n(x15, t, 3, sqr);
	mul(x15, x15, x3);
	p256_sqr_n(x30, x15, 15, sqr);
	mul(x30, x30, x15);
	p256_sqr_n(x32, x30, 2, sqr);
	mul(x32, x32, x2);
	p256_sqr_n(t, x32, 32, sqr);
	mul(t, t, a);				/* ffffffff 00000001 */
	p256_sqr_n(t, t, 128, sqr);
	mul(t, t, x32);				/* .. 0 0 0 ffffffff */
	p256_sqr_n(t, t, 32, sqr);
	mul(t, t, x32);				/* .. ffffffff */
	p256_sqr_n(t, t, 30, sqr);
	mul(t, t, x30);
	p256_sqr_n(t, t, 2, sqr);
	mul(r, t, a);				/* .. fffffffd */
}

static void p256c_fe_inv(mx_limb *r, const mx_limb *a)
{
	p256_inv_chain(r, a, p256c_fe_mul, p256c_fe_sqr);
}

/*
 * r = k^(n - 2) = k^-1 mod n for 0 < k < n: a 4-bit window over the
 * public exponent (table indexes and skipped windows depend on n only),
 * in Montgomery form modulo n. Constant time in k.
 */
static inline __attribute__((always_inline))
void p256_ord_inv(const struct mx_ec_curve *c, mx_limb *r, const mx_limb *k, p256_mul_fn *mul)
{
	static const mx_limb one[4] = { 1 };
	mx_limb tab[16][4], acc[4], e[4];
	size_t i, w;

	mx_bn_sub(e, p256_n_w, one, 4);
	e[0] -= 1;		/* n - 2: n is odd, no borrow */
	mul(tab[1], k, c->order_mont->rr);
	for (i = 2; i < 16; i++)
		mul(tab[i], tab[i - 1], tab[1]);
	mx_bn_copy(acc, tab[e[3] >> 60], 4);
	for (w = 63; w-- > 0;) {
		unsigned int v = (unsigned int)(e[w / 16] >> (4 * (w % 16))) & 15;

		for (i = 0; i < 4; i++)
			mul(acc, acc, acc);
		if (v)
			mul(acc, acc, tab[v]);
	}
	mul(r, acc, one);
	mx_zeroize(tab, sizeof(tab));
	mx_zeroize(acc, sizeof(acc));
}

static void p256c_scalar_inv(const struct mx_ec_curve *c, mx_limb *r, const mx_limb *k)
{
	p256_ord_inv(c, r, k, p256c_ord_mul);
}

#define EC_N		4
#define EC_FN(x)	p256c_##x
#define EC_FP		p256_fp
#define EC_CURVE	p256_curve
#define EC_FE_MUL	p256c_fe_mul
#define EC_FE_SQR	p256c_fe_sqr
#define EC_FE_ADD	p256c_fe_add
#define EC_FE_SUB	p256c_fe_sub
#define EC_FE_INV	p256c_fe_inv
#include "crypto/ec_tmpl.h"

#ifdef __x86_64__
static void p256x_fe_mul_fn(mx_limb *r, const mx_limb *a, const mx_limb *b)
{
	p256x_fe_mul(r, a, b);
}

static void p256x_fe_sqr_fn(mx_limb *r, const mx_limb *a)
{
	p256x_fe_sqr(r, a);
}

static void p256x_fe_inv(mx_limb *r, const mx_limb *a)
{
	p256_inv_chain(r, a, p256x_fe_mul_fn, p256x_fe_sqr_fn);
}

static void p256x_ord_mul_fn(mx_limb *r, const mx_limb *a, const mx_limb *b)
{
	p256x_ord_mul(r, a, b);
}

static void p256x_scalar_inv(const struct mx_ec_curve *c, mx_limb *r, const mx_limb *k)
{
	p256_ord_inv(c, r, k, p256x_ord_mul_fn);
}

#define EC_N		4
#define EC_FN(x)	p256x_##x
#define EC_FP		p256_fp
#define EC_CURVE	p256_curve
#define EC_FE_MUL	p256x_fe_mul
#define EC_FE_SQR	p256x_fe_sqr
#define EC_FE_ADD	p256x_fe_add
#define EC_FE_SUB	p256x_fe_sub
#define EC_FE_INV	p256x_fe_inv
#include "crypto/ec_tmpl.h"

/* Whether this operation uses the MULX/ADX instance. */
static inline int p256_adx(void)
{
	return mx_cpu_has(MX_CPU_BMI2 | MX_CPU_ADX);
}

#define P256_PICK(fn, ...) (p256_adx() ? p256x_##fn(__VA_ARGS__) : p256c_##fn(__VA_ARGS__))
#else
#define P256_PICK(fn, ...) p256c_##fn(__VA_ARGS__)
#endif

static uint64_t p256_decode(const struct mx_ec_curve *c, struct ec_aff *pt, const uint8_t *xy)
{
	return P256_PICK(decode, c, pt, xy);
}

static void p256_encode(const struct mx_ec_curve *c, uint8_t *xy, const struct ec_aff *pt)
{
	P256_PICK(encode, c, xy, pt);
}

static uint64_t p256_mul(const struct mx_ec_curve *c, struct ec_aff *r, const struct ec_aff *p,
			 const mx_limb *k)
{
	return P256_PICK(mul, c, r, p, k);
}

static uint64_t p256_mul_base(const struct mx_ec_curve *c, struct ec_aff *r, const mx_limb *k)
{
	return P256_PICK(mul_base, c, r, k);
}

static int p256_verify_x(const struct mx_ec_curve *c, const mx_limb *u1, const struct ec_aff *p,
			 const mx_limb *u2, const mx_limb *r)
{
	return P256_PICK(verify_x, c, u1, p, u2, r);
}

static void p256_scalar_inv(const struct mx_ec_curve *c, mx_limb *r, const mx_limb *k)
{
	P256_PICK(scalar_inv, c, r, k);
}

static struct mx_ec_curve p256_curve = {
	.id = MX_EC_P256,
	.n = 4,
	.bytes = 32,
	.order_bits = 256,
	.order = p256_order,
	.fp = &p256_fp,
	.g = &p256_g,
	.decode = p256_decode,
	.encode = p256_encode,
	.mul = p256_mul,
	.mul_base = p256_mul_base,
	.verify_x = p256_verify_x,
	.scalar_inv = p256_scalar_inv,
};

static pthread_once_t p256_once = PTHREAD_ONCE_INIT;
static int p256_ready;

static void p256_init(void)
{
	mx_bn_from_be(p256_order, 4, p256_n, sizeof(p256_n));
	if (mx_ec_curve_setup(&p256_curve, p256_p, p256_b, p256_gx, p256_gy))
		return;
	if (P256_PICK(comb_build, &p256_curve))
		return;
	p256_ready = 1;
}

const struct mx_ec_curve *mx_ec_p256(void)
{
	pthread_once(&p256_once, p256_init);
	return p256_ready ? &p256_curve : NULL;
}
