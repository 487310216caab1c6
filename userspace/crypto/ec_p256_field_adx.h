/* SPDX-License-Identifier: GPL-2.0 */
/*
 * P-256 field arithmetic with MULX (BMI2) and the two carry chains of
 * ADCX (CF) and ADOX (OF), for ec_p256.c on x86-64 CPUs with BMI2 and
 * ADX; the same Montgomery form as ec_p256_field.h. Inlined into the
 * point formulas, so that independent operations overlap.
 *
 * Constant time: straight-line code. The only data-dependent choice is
 * the final "subtract p or not", done with CMOV on the borrow (a data
 * dependency, no branch, no address), and the masks of fe_sub. Every
 * memory operand is at a fixed offset from the caller's arrays.
 */
#ifndef MXTLS_CRYPTO_EC_P256_FIELD_ADX_H
#define MXTLS_CRYPTO_EC_P256_FIELD_ADX_H

#include "crypto/bn.h"

#define P256X_INLINE static inline __attribute__((always_inline))

/* p's words 1 and 3 (word 0 is all ones, word 2 zero). */
static const mx_limb p256x_p1 = 0x00000000ffffffffull;
static const mx_limb p256x_p3 = 0xffffffff00000001ull;

/*
 * S = T - p when C:T >= p, else T (C:T < 2p). T, S: four registers each,
 * C the carry word (destroyed).
 */
#define P256X_FINAL(T0, T1, T2, T3, C, S0, S1, S2, S3)		\
	"movq %[" T0 "], %[" S0 "]\n\t"				\
	"movq %[" T1 "], %[" S1 "]\n\t"				\
	"movq %[" T2 "], %[" S2 "]\n\t"				\
	"movq %[" T3 "], %[" S3 "]\n\t"				\
	"subq $-1, %[" S0 "]\n\t"				\
	"sbbq %[p1], %[" S1 "]\n\t"				\
	"sbbq $0, %[" S2 "]\n\t"				\
	"sbbq %[p3], %[" S3 "]\n\t"				\
	"sbbq $0, %[" C "]\n\t"					\
	"cmovcq %[" T0 "], %[" S0 "]\n\t"			\
	"cmovcq %[" T1 "], %[" S1 "]\n\t"			\
	"cmovcq %[" T2 "], %[" S2 "]\n\t"			\
	"cmovcq %[" T3 "], %[" S3 "]\n\t"

/*
 * One word of b: t += a b_i on the two carry chains, then the Montgomery
 * step for p (-p^-1 = 1 mod 2^64, so the multiplier is the low word m;
 * m p = m (2^96 - 1) + m p3 2^192 adds m << 32 and m >> 32 one and two
 * words up and m p3 three words up). The six accumulator registers
 * rotate by one each round.
 */
#define P256X_ROUND(off, A, B, C, D, E, F)			\
	"movq " off "(%[b]), %%rdx\n\t"				\
	"xorl %k[" F "], %k[" F "]\n\t"				\
	"mulxq 0(%[a]), %[lo], %[hi]\n\t"			\
	"adcxq %[lo], %[" A "]\n\t"				\
	"adoxq %[hi], %[" B "]\n\t"				\
	"mulxq 8(%[a]), %[lo], %[hi]\n\t"			\
	"adcxq %[lo], %[" B "]\n\t"				\
	"adoxq %[hi], %[" C "]\n\t"				\
	"mulxq 16(%[a]), %[lo], %[hi]\n\t"			\
	"adcxq %[lo], %[" C "]\n\t"				\
	"adoxq %[hi], %[" D "]\n\t"				\
	"mulxq 24(%[a]), %[lo], %[hi]\n\t"			\
	"adcxq %[lo], %[" D "]\n\t"				\
	"adoxq %[hi], %[" E "]\n\t"				\
	"movl $0, %k[lo]\n\t"					\
	"adcxq %[lo], %[" E "]\n\t"				\
	"adcxq %[lo], %[" F "]\n\t"				\
	"adoxq %[lo], %[" F "]\n\t"				\
	"movq %[" A "], %%rdx\n\t"				\
	"mulxq %[p3], %[lo], %[hi]\n\t"				\
	"shlq $32, %%rdx\n\t"					\
	"shrq $32, %[" A "]\n\t"				\
	"addq %%rdx, %[" B "]\n\t"				\
	"adcq %[" A "], %[" C "]\n\t"				\
	"adcq %[lo], %[" D "]\n\t"				\
	"adcq %[hi], %[" E "]\n\t"				\
	"adcq $0, %[" F "]\n\t"

/* r = a b / 2^256 mod p */
P256X_INLINE void p256x_fe_mul(mx_limb *r, const mx_limb *a, const mx_limb *b)
{
	mx_limb t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0, t5, lo, hi, s3;

	__asm__(P256X_ROUND("0", "t0", "t1", "t2", "t3", "t4", "t5")
		P256X_ROUND("8", "t1", "t2", "t3", "t4", "t5", "t0")
		P256X_ROUND("16", "t2", "t3", "t4", "t5", "t0", "t1")
		P256X_ROUND("24", "t3", "t4", "t5", "t0", "t1", "t2")
		/* the result is t4, t5, t0, t1 with the carry in t2 */
		P256X_FINAL("t4", "t5", "t0", "t1", "t2", "t3", "lo", "hi", "s3")
		: [t0] "+&r"(t0), [t1] "+&r"(t1), [t2] "+&r"(t2), [t3] "+&r"(t3),
		  [t4] "+&r"(t4), [t5] "=&r"(t5), [lo] "=&r"(lo), [hi] "=&r"(hi),
		  [s3] "=&r"(s3)
		: [a] "r"(a), [b] "r"(b), [p1] "m"(p256x_p1), [p3] "m"(p256x_p3),
		  "m"(*(const mx_limb (*)[4])a), "m"(*(const mx_limb (*)[4])b)
		: "rdx", "cc");
	r[0] = t3;
	r[1] = lo;
	r[2] = hi;
	r[3] = s3;
}

/* One Montgomery step on the window A..D of the low half: E = the new top word. */
#define P256X_REDUCE(A, B, C, D, E)				\
	"movq %[" A "], %%rdx\n\t"				\
	"mulxq %[p3], %[lo], %[hi]\n\t"				\
	"shlq $32, %%rdx\n\t"					\
	"shrq $32, %[" A "]\n\t"				\
	"addq %%rdx, %[" B "]\n\t"				\
	"adcq %[" A "], %[" C "]\n\t"				\
	"adcq %[lo], %[" D "]\n\t"				\
	"adcq $0, %[hi]\n\t"					\
	"movq %[hi], %[" E "]\n\t"

/*
 * r = a^2 / 2^256 mod p: the six cross products once, doubled, the
 * squares added; then the low half reduced word by word (it stays below
 * 2^256) and the high half added.
 */
P256X_INLINE void p256x_fe_sqr(mx_limb *r, const mx_limb *a)
{
	mx_limb t0, t1, t2, t3, t4, t5, t6, t7, lo, hi;

	__asm__("movq 0(%[a]), %%rdx\n\t"
		"mulxq 8(%[a]), %[t1], %[t2]\n\t"
		"mulxq 16(%[a]), %[lo], %[t3]\n\t"
		"addq %[lo], %[t2]\n\t"
		"mulxq 24(%[a]), %[lo], %[t4]\n\t"
		"adcq %[lo], %[t3]\n\t"
		"adcq $0, %[t4]\n\t"
		"movq 8(%[a]), %%rdx\n\t"
		"mulxq 16(%[a]), %[lo], %[hi]\n\t"
		"mulxq 24(%[a]), %[t6], %[t5]\n\t"
		"addq %[lo], %[t3]\n\t"
		"adcq %[hi], %[t4]\n\t"
		"adcq $0, %[t5]\n\t"
		"addq %[t6], %[t4]\n\t"
		"adcq $0, %[t5]\n\t"
		"movq 16(%[a]), %%rdx\n\t"
		"mulxq 24(%[a]), %[lo], %[t6]\n\t"
		"addq %[lo], %[t5]\n\t"
		"adcq $0, %[t6]\n\t"
		"xorl %k[t7], %k[t7]\n\t"
		"addq %[t1], %[t1]\n\t"
		"adcq %[t2], %[t2]\n\t"
		"adcq %[t3], %[t3]\n\t"
		"adcq %[t4], %[t4]\n\t"
		"adcq %[t5], %[t5]\n\t"
		"adcq %[t6], %[t6]\n\t"
		"adcq $0, %[t7]\n\t"
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
		P256X_REDUCE("t0", "t1", "t2", "t3", "t0")
		P256X_REDUCE("t1", "t2", "t3", "t0", "t1")
		P256X_REDUCE("t2", "t3", "t0", "t1", "t2")
		P256X_REDUCE("t3", "t0", "t1", "t2", "t3")
		"addq %[t4], %[t0]\n\t"
		"adcq %[t5], %[t1]\n\t"
		"adcq %[t6], %[t2]\n\t"
		"adcq %[t7], %[t3]\n\t"
		"movl $0, %k[t4]\n\t"
		"adcq $0, %[t4]\n\t"
		P256X_FINAL("t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7", "lo")
		: [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3),
		  [t4] "=&r"(t4), [t5] "=&r"(t5), [t6] "=&r"(t6), [t7] "=&r"(t7),
		  [lo] "=&r"(lo), [hi] "=&r"(hi)
		: [a] "r"(a), [p1] "m"(p256x_p1), [p3] "m"(p256x_p3),
		  "m"(*(const mx_limb (*)[4])a)
		: "rdx", "cc");
	r[0] = t5;
	r[1] = t6;
	r[2] = t7;
	r[3] = lo;
}

/* r = a + b mod p */
P256X_INLINE void p256x_fe_add(mx_limb *r, const mx_limb *a, const mx_limb *b)
{
	mx_limb t0, t1, t2, t3, c, s0, s1, s2, s3;

	__asm__("movq 0(%[a]), %[t0]\n\t"
		"movq 8(%[a]), %[t1]\n\t"
		"movq 16(%[a]), %[t2]\n\t"
		"movq 24(%[a]), %[t3]\n\t"
		"xorl %k[c], %k[c]\n\t"
		"addq 0(%[b]), %[t0]\n\t"
		"adcq 8(%[b]), %[t1]\n\t"
		"adcq 16(%[b]), %[t2]\n\t"
		"adcq 24(%[b]), %[t3]\n\t"
		"adcq $0, %[c]\n\t"
		P256X_FINAL("t0", "t1", "t2", "t3", "c", "s0", "s1", "s2", "s3")
		: [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3),
		  [c] "=&r"(c), [s0] "=&r"(s0), [s1] "=&r"(s1), [s2] "=&r"(s2),
		  [s3] "=&r"(s3)
		: [a] "r"(a), [b] "r"(b), [p1] "m"(p256x_p1), [p3] "m"(p256x_p3),
		  "m"(*(const mx_limb (*)[4])a), "m"(*(const mx_limb (*)[4])b)
		: "cc");
	r[0] = s0;
	r[1] = s1;
	r[2] = s2;
	r[3] = s3;
}

/* r = a - b mod p: the difference, plus p masked by the borrow. */
P256X_INLINE void p256x_fe_sub(mx_limb *r, const mx_limb *a, const mx_limb *b)
{
	mx_limb t0, t1, t2, t3, m, u1, u3;

	__asm__("movq 0(%[a]), %[t0]\n\t"
		"movq 8(%[a]), %[t1]\n\t"
		"movq 16(%[a]), %[t2]\n\t"
		"movq 24(%[a]), %[t3]\n\t"
		"xorl %k[m], %k[m]\n\t"
		"subq 0(%[b]), %[t0]\n\t"
		"sbbq 8(%[b]), %[t1]\n\t"
		"sbbq 16(%[b]), %[t2]\n\t"
		"sbbq 24(%[b]), %[t3]\n\t"
		"sbbq %[m], %[m]\n\t"
		"movq %[m], %[u1]\n\t"
		"shrq $32, %[u1]\n\t"
		"movq %[p3], %[u3]\n\t"
		"andq %[m], %[u3]\n\t"
		"addq %[m], %[t0]\n\t"
		"adcq %[u1], %[t1]\n\t"
		"adcq $0, %[t2]\n\t"
		"adcq %[u3], %[t3]\n\t"
		: [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3),
		  [m] "=&r"(m), [u1] "=&r"(u1), [u3] "=&r"(u3)
		: [a] "r"(a), [b] "r"(b), [p3] "m"(p256x_p3),
		  "m"(*(const mx_limb (*)[4])a), "m"(*(const mx_limb (*)[4])b)
		: "cc");
	r[0] = t0;
	r[1] = t1;
	r[2] = t2;
	r[3] = t3;
}

/*
 * One word of b for the multiplication modulo the order: t += a b_i as
 * in P256X_ROUND, then t += m n with m = t_0 (-n^-1) mod 2^64, on the
 * two carry chains again; the window moves up one word.
 */
#define P256X_ORD_ROUND(off, A, B, C, D, E, F)			\
	"movq " off "(%[b]), %%rdx\n\t"			\
	"xorl %k[" F "], %k[" F "]\n\t"			\
	"mulxq 0(%[a]), %[lo], %[hi]\n\t"			\
	"adcxq %[lo], %[" A "]\n\t"				\
	"adoxq %[hi], %[" B "]\n\t"				\
	"mulxq 8(%[a]), %[lo], %[hi]\n\t"			\
	"adcxq %[lo], %[" B "]\n\t"				\
	"adoxq %[hi], %[" C "]\n\t"				\
	"mulxq 16(%[a]), %[lo], %[hi]\n\t"			\
	"adcxq %[lo], %[" C "]\n\t"				\
	"adoxq %[hi], %[" D "]\n\t"				\
	"mulxq 24(%[a]), %[lo], %[hi]\n\t"			\
	"adcxq %[lo], %[" D "]\n\t"				\
	"adoxq %[hi], %[" E "]\n\t"				\
	"movl $0, %k[lo]\n\t"					\
	"adcxq %[lo], %[" E "]\n\t"				\
	"adcxq %[lo], %[" F "]\n\t"				\
	"adoxq %[lo], %[" F "]\n\t"				\
	"movq %[" A "], %%rdx\n\t"				\
	"imulq %[n0inv], %%rdx\n\t"				\
	"xorl %k[lo], %k[lo]\n\t"				\
	"mulxq 0(%[n]), %[lo], %[hi]\n\t"			\
	"adcxq %[lo], %[" A "]\n\t"				\
	"adoxq %[hi], %[" B "]\n\t"				\
	"mulxq 8(%[n]), %[lo], %[hi]\n\t"			\
	"adcxq %[lo], %[" B "]\n\t"				\
	"adoxq %[hi], %[" C "]\n\t"				\
	"mulxq 16(%[n]), %[lo], %[hi]\n\t"			\
	"adcxq %[lo], %[" C "]\n\t"				\
	"adoxq %[hi], %[" D "]\n\t"				\
	"mulxq 24(%[n]), %[lo], %[hi]\n\t"			\
	"adcxq %[lo], %[" D "]\n\t"				\
	"adoxq %[hi], %[" E "]\n\t"				\
	"movl $0, %k[lo]\n\t"					\
	"adcxq %[lo], %[" E "]\n\t"				\
	"adcxq %[lo], %[" F "]\n\t"				\
	"adoxq %[lo], %[" F "]\n\t"

/* r = a b / 2^256 mod n for a, b < n (the order in p256_n_w, ec_p256_field.h). */
P256X_INLINE void p256x_ord_mul(mx_limb *r, const mx_limb *a, const mx_limb *b)
{
	mx_limb t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0, t5, lo, hi, s3;
	static const mx_limb n0inv = P256_N0INV;

	__asm__(P256X_ORD_ROUND("0", "t0", "t1", "t2", "t3", "t4", "t5")
		P256X_ORD_ROUND("8", "t1", "t2", "t3", "t4", "t5", "t0")
		P256X_ORD_ROUND("16", "t2", "t3", "t4", "t5", "t0", "t1")
		P256X_ORD_ROUND("24", "t3", "t4", "t5", "t0", "t1", "t2")
		/* t4, t5, t0, t1 and the carry t2, below 2n */
		"movq %[t4], %[t3]\n\t"
		"movq %[t5], %[lo]\n\t"
		"movq %[t0], %[hi]\n\t"
		"movq %[t1], %[s3]\n\t"
		"subq 0(%[n]), %[t3]\n\t"
		"sbbq 8(%[n]), %[lo]\n\t"
		"sbbq 16(%[n]), %[hi]\n\t"
		"sbbq 24(%[n]), %[s3]\n\t"
		"sbbq $0, %[t2]\n\t"
		"cmovcq %[t4], %[t3]\n\t"
		"cmovcq %[t5], %[lo]\n\t"
		"cmovcq %[t0], %[hi]\n\t"
		"cmovcq %[t1], %[s3]\n\t"
		: [t0] "+&r"(t0), [t1] "+&r"(t1), [t2] "+&r"(t2), [t3] "+&r"(t3),
		  [t4] "+&r"(t4), [t5] "=&r"(t5), [lo] "=&r"(lo), [hi] "=&r"(hi),
		  [s3] "=&r"(s3)
		: [a] "r"(a), [b] "r"(b), [n] "r"(p256_n_w), [n0inv] "m"(n0inv),
		  "m"(*(const mx_limb (*)[4])a), "m"(*(const mx_limb (*)[4])b),
		  "m"(p256_n_w)
		: "rdx", "cc");
	r[0] = t3;
	r[1] = lo;
	r[2] = hi;
	r[3] = s3;
}

#endif /* MXTLS_CRYPTO_EC_P256_FIELD_ADX_H */
