/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The X25519 Montgomery ladder (RFC 7748, section 5) and the final
 * inversion, written once over a field representation that x25519.c
 * defines before including this file (and may include it again for
 * another):
 *
 *   LD_FE              the element type (an array of LD_LIMBS words)
 *   LD_(name)          the name of this instance's function `name`
 *   LD_LOAD, LD_STORE  from/to 32 little-endian bytes (canonical on store)
 *   LD_ADD, LD_SUB, LD_MUL, LD_SQR, LD_CSWAP
 *   LD_A24_ADD(r, a, b)  r = a * 121665 + b
 *
 * Constant time: the ladder runs 255 steps whatever the scalar, and each
 * step's swap is a mask.
 */

/* r = z^(p - 2) = z^(2^255 - 21): 254 squarings and 11 multiplications. */
static void LD_(sqr_n)(LD_FE r, const LD_FE a, int n)
{
	LD_SQR(r, a);
	while (--n > 0)
		LD_SQR(r, r);
}

static void LD_(invert)(LD_FE r, const LD_FE z)
{
	LD_FE z2, z9, z11, a, b, c;

	LD_SQR(z2, z);
	LD_(sqr_n)(a, z2, 2);
	LD_MUL(z9, a, z);		/* z^9 */
	LD_MUL(z11, z9, z2);		/* z^11 */
	LD_SQR(a, z11);
	LD_MUL(a, a, z9);		/* z^(2^5 - 1) */
	LD_(sqr_n)(b, a, 5);
	LD_MUL(b, b, a);		/* z^(2^10 - 1) */
	LD_(sqr_n)(c, b, 10);
	LD_MUL(c, c, b);		/* 2^20 - 1 */
	LD_(sqr_n)(a, c, 20);
	LD_MUL(a, a, c);		/* 2^40 - 1 */
	LD_(sqr_n)(a, a, 10);
	LD_MUL(a, a, b);		/* 2^50 - 1 */
	LD_(sqr_n)(b, a, 50);
	LD_MUL(b, b, a);		/* 2^100 - 1 */
	LD_(sqr_n)(c, b, 100);
	LD_MUL(c, c, b);		/* 2^200 - 1 */
	LD_(sqr_n)(c, c, 50);
	LD_MUL(c, c, a);		/* 2^250 - 1 */
	LD_(sqr_n)(c, c, 5);
	LD_MUL(r, c, z11);		/* 2^255 - 32 + 11 */
}

/* out = the u-coordinate of k u, for a clamped scalar k. */
static void LD_(ladder)(uint8_t out[32], const uint8_t k[32], const uint8_t u[32])
{
	LD_FE x1, x2, z2, x3, z3, a, aa, b, bb, e, c, d, da, cb;
	uint64_t swap = 0;
	int t;

	LD_LOAD(x1, u);
	memset(x2, 0, sizeof(x2));
	x2[0] = 1;
	memset(z2, 0, sizeof(z2));
	memcpy(x3, x1, sizeof(x3));
	memset(z3, 0, sizeof(z3));
	z3[0] = 1;

	for (t = 254; t >= 0; t--) {
		uint64_t bit = (k[t / 8] >> (t % 8)) & 1;

		swap ^= bit;
		LD_CSWAP(x2, x3, 0 - swap);
		LD_CSWAP(z2, z3, 0 - swap);
		swap = bit;

		LD_ADD(a, x2, z2);
		LD_SQR(aa, a);
		LD_SUB(b, x2, z2);
		LD_SQR(bb, b);
		LD_SUB(e, aa, bb);
		LD_ADD(c, x3, z3);
		LD_SUB(d, x3, z3);
		LD_MUL(da, d, a);
		LD_MUL(cb, c, b);
		LD_ADD(x3, da, cb);
		LD_SQR(x3, x3);
		LD_SUB(z3, da, cb);
		LD_SQR(z3, z3);
		LD_MUL(z3, z3, x1);
		LD_MUL(x2, aa, bb);
		LD_A24_ADD(z2, e, aa);
		LD_MUL(z2, z2, e);
	}
	LD_CSWAP(x2, x3, 0 - swap);
	LD_CSWAP(z2, z3, 0 - swap);

	LD_(invert)(z2, z2);
	LD_MUL(x2, x2, z2);
	LD_STORE(out, x2);

	mx_zeroize(x2, sizeof(x2));
	mx_zeroize(z2, sizeof(z2));
	mx_zeroize(x3, sizeof(x3));
	mx_zeroize(z3, sizeof(z3));
	mx_zeroize(a, sizeof(a));
	mx_zeroize(aa, sizeof(aa));
	mx_zeroize(b, sizeof(b));
	mx_zeroize(bb, sizeof(bb));
	mx_zeroize(c, sizeof(c));
	mx_zeroize(d, sizeof(d));
	mx_zeroize(e, sizeof(e));
	mx_zeroize(da, sizeof(da));
	mx_zeroize(cb, sizeof(cb));
}
