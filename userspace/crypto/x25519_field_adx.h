/* SPDX-License-Identifier: GPL-2.0 */
/*
 * GF(2^255 - 19) in radix 2^64 with MULX (BMI2) and the ADCX/ADOX carry
 * chains, for x25519.c on x86-64 CPUs that have them. Elements are four
 * words holding any value below 2^256 (not reduced mod p between
 * operations); 2^256 = 38 mod p folds the high half of a product. Only
 * fe64_store produces the canonical value.
 *
 * Constant time: straight-line code; carries are folded with masks made
 * by SBB (data, not branches), and every memory operand is at a fixed
 * offset from the caller's arrays.
 */
#ifndef MXTLS_CRYPTO_X25519_FIELD_ADX_H
#define MXTLS_CRYPTO_X25519_FIELD_ADX_H

#include <stdint.h>

typedef uint64_t fe64[4];

#define FE64_INLINE static inline __attribute__((always_inline))

/* A zero in memory: a carry-chain operand that takes no register. */
static const uint64_t fe64_zero;
#define FE64_IN(p) "m"(*(const uint64_t (*)[4])(p))

/*
 * One word b_i (i >= 1) of a product: positions i..i+3 (A0..A3) += a b_i,
 * the low words on CF, the high words one up on OF, into the fresh word
 * A4.
 */
#define FE64_ROW(i, A0, A1, A2, A3, A4)				\
	"movq " #i "*8(%[b]), %%rdx\n\t"			\
	"xorl %k[" A4 "], %k[" A4 "]\n\t"			\
	"mulxq 0(%[a]), %[lo], %[hi]\n\t"			\
	"adcxq %[lo], %[" A0 "]\n\t"				\
	"adoxq %[hi], %[" A1 "]\n\t"				\
	"mulxq 8(%[a]), %[lo], %[hi]\n\t"			\
	"adcxq %[lo], %[" A1 "]\n\t"				\
	"adoxq %[hi], %[" A2 "]\n\t"				\
	"mulxq 16(%[a]), %[lo], %[hi]\n\t"			\
	"adcxq %[lo], %[" A2 "]\n\t"				\
	"adoxq %[hi], %[" A3 "]\n\t"				\
	"mulxq 24(%[a]), %[lo], %[hi]\n\t"			\
	"adcxq %[lo], %[" A3 "]\n\t"				\
	"adoxq %[hi], %[" A4 "]\n\t"				\
	"adcxq %[zero], %[" A4 "]\n\t"

/*
 * r = t0..t3 + 38 (t4..t7), all eight in registers, folded again to stay
 * below 2^256; r's address comes from the memory operand rp. Uses lo, hi.
 */
#define FE64_FOLD							\
	"movl $38, %%edx\n\t"						\
	"xorl %k[lo], %k[lo]\n\t"					\
	"mulxq %[t4], %[lo], %[hi]\n\t"					\
	"adcxq %[lo], %[t0]\n\t"					\
	"adoxq %[hi], %[t1]\n\t"					\
	"mulxq %[t5], %[lo], %[hi]\n\t"					\
	"adcxq %[lo], %[t1]\n\t"					\
	"adoxq %[hi], %[t2]\n\t"					\
	"mulxq %[t6], %[lo], %[hi]\n\t"					\
	"adcxq %[lo], %[t2]\n\t"					\
	"adoxq %[hi], %[t3]\n\t"					\
	"mulxq %[t7], %[lo], %[t4]\n\t"					\
	"adcxq %[lo], %[t3]\n\t"					\
	"adoxq %[zero], %[t4]\n\t"					\
	"adcxq %[zero], %[t4]\n\t"					\
	/* t4 <= 38: its 2^256 multiple folds into the low word */	\
	"imulq $38, %[t4], %[t4]\n\t"					\
	"addq %[t4], %[t0]\n\t"						\
	"adcq $0, %[t1]\n\t"						\
	"adcq $0, %[t2]\n\t"						\
	"adcq $0, %[t3]\n\t"						\
	/* a carry leaves a tiny value: adding 38 cannot carry again */	\
	"sbbq %[lo], %[lo]\n\t"						\
	"andq $38, %[lo]\n\t"						\
	"addq %[lo], %[t0]\n\t"						\
	"movq %[rp], %[hi]\n\t"						\
	"movq %[t0], 0(%[hi])\n\t"					\
	"movq %[t1], 8(%[hi])\n\t"					\
	"movq %[t2], 16(%[hi])\n\t"					\
	"movq %[t3], 24(%[hi])\n\t"

/*
 * r = a b mod 2^256 - 38 (below 2^256); r may alias a or b. The eight
 * product words stay in registers; with a frame pointer (the ASan build)
 * that leaves exactly the two pointers, so r's address is read from
 * memory at the end and the arrays are covered by a memory clobber.
 */
FE64_INLINE void fe64_mul(uint64_t *r, const uint64_t *a, const uint64_t *b)
{
	uint64_t t0, t1, t2, t3, t4, t5, t6, t7, lo, hi;
	uint64_t *rp = r;

	__asm__ volatile(
		"movq 0(%[b]), %%rdx\n\t"
		"xorl %k[t4], %k[t4]\n\t"
		"mulxq 0(%[a]), %[t0], %[t1]\n\t"
		"mulxq 8(%[a]), %[lo], %[t2]\n\t"
		"adcxq %[lo], %[t1]\n\t"
		"mulxq 16(%[a]), %[lo], %[t3]\n\t"
		"adcxq %[lo], %[t2]\n\t"
		"mulxq 24(%[a]), %[lo], %[t4]\n\t"
		"adcxq %[lo], %[t3]\n\t"
		"adcxq %[zero], %[t4]\n\t"
		FE64_ROW(1, "t1", "t2", "t3", "t4", "t5")
		FE64_ROW(2, "t2", "t3", "t4", "t5", "t6")
		FE64_ROW(3, "t3", "t4", "t5", "t6", "t7")
		FE64_FOLD
		: [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3),
		  [t4] "=&r"(t4), [t5] "=&r"(t5), [t6] "=&r"(t6), [t7] "=&r"(t7),
		  [lo] "=&r"(lo), [hi] "=&r"(hi)
		: [a] "r"(a), [b] "r"(b), [rp] "m"(rp), [zero] "m"(fe64_zero)
		: "rdx", "cc", "memory");
}

/*
 * r = a^2 mod 2^256 - 38: the six cross products once (rows a_0 a_1..3,
 * a_1 a_2..3, a_2 a_3), doubled, plus the four squares, then folded; all
 * in registers.
 */
FE64_INLINE void fe64_sqr(uint64_t *r, const uint64_t *a)
{
	uint64_t t0, t1, t2, t3, t4, t5, t6, t7, lo, hi;
	uint64_t *rp = r;

	__asm__ volatile(
		"movq 0(%[a]), %%rdx\n\t"
		"xorl %k[lo], %k[lo]\n\t"
		"mulxq 8(%[a]), %[t1], %[t2]\n\t"
		"mulxq 16(%[a]), %[lo], %[t3]\n\t"
		"adcxq %[lo], %[t2]\n\t"
		"mulxq 24(%[a]), %[lo], %[t4]\n\t"
		"adcxq %[lo], %[t3]\n\t"
		"movq 8(%[a]), %%rdx\n\t"
		"mulxq 16(%[a]), %[lo], %[hi]\n\t"
		"adcxq %[zero], %[t4]\n\t"	/* CF chain of row 0 ends in t4 */
		"adoxq %[lo], %[t3]\n\t"
		"adcxq %[hi], %[t4]\n\t"
		"mulxq 24(%[a]), %[lo], %[t5]\n\t"
		"adoxq %[lo], %[t4]\n\t"
		"movq 16(%[a]), %%rdx\n\t"
		"mulxq 24(%[a]), %[lo], %[t6]\n\t"
		"adcxq %[lo], %[t5]\n\t"
		"adoxq %[zero], %[t5]\n\t"
		"adcxq %[zero], %[t6]\n\t"
		"adoxq %[zero], %[t6]\n\t"
		/* double t1..t6 into t1..t7 */
		"xorl %k[t7], %k[t7]\n\t"
		"addq %[t1], %[t1]\n\t"
		"adcq %[t2], %[t2]\n\t"
		"adcq %[t3], %[t3]\n\t"
		"adcq %[t4], %[t4]\n\t"
		"adcq %[t5], %[t5]\n\t"
		"adcq %[t6], %[t6]\n\t"
		"adcq $0, %[t7]\n\t"
		/* plus a_i^2 at positions 2i, 2i + 1 */
		"movq 0(%[a]), %%rdx\n\t"
		"mulxq %%rdx, %[t0], %[hi]\n\t"
		"addq %[hi], %[t1]\n\t"
		"movq 8(%[a]), %%rdx\n\t"
		"mulxq %%rdx, %[lo], %[hi]\n\t"
		"adcq %[lo], %[t2]\n\t"
		"adcq %[hi], %[t3]\n\t"
		"movq 16(%[a]), %%rdx\n\t"
		"mulxq %%rdx, %[lo], %[hi]\n\t"
		"adcq %[lo], %[t4]\n\t"
		"adcq %[hi], %[t5]\n\t"
		"movq 24(%[a]), %%rdx\n\t"
		"mulxq %%rdx, %[lo], %[hi]\n\t"
		"adcq %[lo], %[t6]\n\t"
		"adcq %[hi], %[t7]\n\t"
		FE64_FOLD
		: [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3),
		  [t4] "=&r"(t4), [t5] "=&r"(t5), [t6] "=&r"(t6), [t7] "=&r"(t7),
		  [lo] "=&r"(lo), [hi] "=&r"(hi)
		: [a] "r"(a), [rp] "m"(rp), [zero] "m"(fe64_zero)
		: "rdx", "cc", "memory");
}

/* r = a + b, a carry out of 2^256 folded back as 38 (twice at most). */
FE64_INLINE void fe64_add(uint64_t *r, const uint64_t *a, const uint64_t *b)
{
	uint64_t r0, r1, r2, r3, m;

	__asm__("movq 0(%[a]), %[r0]\n\t"
		"movq 8(%[a]), %[r1]\n\t"
		"movq 16(%[a]), %[r2]\n\t"
		"movq 24(%[a]), %[r3]\n\t"
		"addq 0(%[b]), %[r0]\n\t"
		"adcq 8(%[b]), %[r1]\n\t"
		"adcq 16(%[b]), %[r2]\n\t"
		"adcq 24(%[b]), %[r3]\n\t"
		"sbbq %[m], %[m]\n\t"
		"andq $38, %[m]\n\t"
		"addq %[m], %[r0]\n\t"
		"adcq $0, %[r1]\n\t"
		"adcq $0, %[r2]\n\t"
		"adcq $0, %[r3]\n\t"
		"sbbq %[m], %[m]\n\t"
		"andq $38, %[m]\n\t"
		"addq %[m], %[r0]\n\t"
		"movq %[r0], 0(%[r])\n\t"
		"movq %[r1], 8(%[r])\n\t"
		"movq %[r2], 16(%[r])\n\t"
		"movq %[r3], 24(%[r])\n\t"
		: [r0] "=&r"(r0), [r1] "=&r"(r1), [r2] "=&r"(r2), [r3] "=&r"(r3),
		  [m] "=&r"(m), "=m"(*(uint64_t (*)[4])r)
		: [a] "r"(a), [b] "r"(b), [r] "r"(r), FE64_IN(a), FE64_IN(b)
		: "cc");
}

/* r = a - b, a borrow of 2^256 folded back as -38 (twice at most). */
FE64_INLINE void fe64_sub(uint64_t *r, const uint64_t *a, const uint64_t *b)
{
	uint64_t r0, r1, r2, r3, m;

	__asm__("movq 0(%[a]), %[r0]\n\t"
		"movq 8(%[a]), %[r1]\n\t"
		"movq 16(%[a]), %[r2]\n\t"
		"movq 24(%[a]), %[r3]\n\t"
		"subq 0(%[b]), %[r0]\n\t"
		"sbbq 8(%[b]), %[r1]\n\t"
		"sbbq 16(%[b]), %[r2]\n\t"
		"sbbq 24(%[b]), %[r3]\n\t"
		"sbbq %[m], %[m]\n\t"
		"andq $38, %[m]\n\t"
		"subq %[m], %[r0]\n\t"
		"sbbq $0, %[r1]\n\t"
		"sbbq $0, %[r2]\n\t"
		"sbbq $0, %[r3]\n\t"
		"sbbq %[m], %[m]\n\t"
		"andq $38, %[m]\n\t"
		"subq %[m], %[r0]\n\t"
		"movq %[r0], 0(%[r])\n\t"
		"movq %[r1], 8(%[r])\n\t"
		"movq %[r2], 16(%[r])\n\t"
		"movq %[r3], 24(%[r])\n\t"
		: [r0] "=&r"(r0), [r1] "=&r"(r1), [r2] "=&r"(r2), [r3] "=&r"(r3),
		  [m] "=&r"(m), "=m"(*(uint64_t (*)[4])r)
		: [a] "r"(a), [b] "r"(b), [r] "r"(r), FE64_IN(a), FE64_IN(b)
		: "cc");
}

/* r = a * 121665 + b (121665 = (A - 2) / 4 for Curve25519) */
FE64_INLINE void fe64_mul_a24_add(uint64_t *r, const uint64_t *a, const uint64_t *b)
{
	uint64_t r0, r1, r2, r3, r4, h0, h1, h2;

	__asm__("movl $121665, %%edx\n\t"
		"mulxq 0(%[a]), %[r0], %[h0]\n\t"
		"mulxq 8(%[a]), %[r1], %[h1]\n\t"
		"mulxq 16(%[a]), %[r2], %[h2]\n\t"
		"mulxq 24(%[a]), %[r3], %[r4]\n\t"
		"addq %[h0], %[r1]\n\t"
		"adcq %[h1], %[r2]\n\t"
		"adcq %[h2], %[r3]\n\t"
		"adcq $0, %[r4]\n\t"
		"addq 0(%[b]), %[r0]\n\t"
		"adcq 8(%[b]), %[r1]\n\t"
		"adcq 16(%[b]), %[r2]\n\t"
		"adcq 24(%[b]), %[r3]\n\t"
		"adcq $0, %[r4]\n\t"
		"imulq $38, %[r4], %[r4]\n\t"
		"addq %[r4], %[r0]\n\t"
		"adcq $0, %[r1]\n\t"
		"adcq $0, %[r2]\n\t"
		"adcq $0, %[r3]\n\t"
		"sbbq %[h0], %[h0]\n\t"
		"andq $38, %[h0]\n\t"
		"addq %[h0], %[r0]\n\t"
		"movq %[r0], 0(%[r])\n\t"
		"movq %[r1], 8(%[r])\n\t"
		"movq %[r2], 16(%[r])\n\t"
		"movq %[r3], 24(%[r])\n\t"
		: [r0] "=&r"(r0), [r1] "=&r"(r1), [r2] "=&r"(r2), [r3] "=&r"(r3),
		  [r4] "=&r"(r4), [h0] "=&r"(h0), [h1] "=&r"(h1), [h2] "=&r"(h2),
		  "=m"(*(uint64_t (*)[4])r)
		: [a] "r"(a), [b] "r"(b), [r] "r"(r), FE64_IN(a), FE64_IN(b)
		: "rdx", "cc");
}

FE64_INLINE void fe64_cswap(uint64_t *a, uint64_t *b, uint64_t mask)
{
	int i;

	for (i = 0; i < 4; i++) {
		uint64_t t = mask & (a[i] ^ b[i]);

		a[i] ^= t;
		b[i] ^= t;
	}
}

/* From 32 little-endian bytes, bit 255 dropped (RFC 7748). */
FE64_INLINE void fe64_load(uint64_t *r, const uint8_t s[32])
{
	int i, j;

	for (i = 0; i < 4; i++) {
		r[i] = 0;
		for (j = 7; j >= 0; j--)
			r[i] = r[i] << 8 | s[8 * i + j];
	}
	r[3] &= 0x7fffffffffffffffull;
}

/* The canonical value (below p), little-endian. */
FE64_INLINE void fe64_store(uint8_t s[32], const uint64_t *a)
{
	uint64_t v[4], w[4], c, keep;
	unsigned __int128 x;
	int i;

	/* fold bit 255 as 19: v < 2^255 + 19 */
	c = 19 * (a[3] >> 63);
	v[3] = a[3] & 0x7fffffffffffffffull;
	for (i = 0; i < 3; i++) {
		x = (unsigned __int128)a[i] + c;
		v[i] = (uint64_t)x;
		c = (uint64_t)(x >> 64);
	}
	v[3] += c;
	/* v >= p exactly when v + 19 reaches 2^255; then the result is v + 19 - 2^255 */
	c = 19;
	for (i = 0; i < 4; i++) {
		x = (unsigned __int128)v[i] + c;
		w[i] = (uint64_t)x;
		c = (uint64_t)(x >> 64);
	}
	keep = (w[3] >> 63) - 1;	/* all ones when v < p */
	w[3] &= 0x7fffffffffffffffull;
	for (i = 0; i < 32; i++) {
		uint64_t word = (v[i / 8] & keep) | (w[i / 8] & ~keep);

		s[i] = (uint8_t)(word >> (8 * (i % 8)));
	}
}

#endif /* MXTLS_CRYPTO_X25519_FIELD_ADX_H */
