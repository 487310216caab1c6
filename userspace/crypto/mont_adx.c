// SPDX-License-Identifier: GPL-2.0
/*
 * Montgomery arithmetic with MULX/ADCX/ADOX. See mont_adx.h.
 *
 * Everything is built from one row operation, t[0..n) += v x, whose
 * product words go in on two independent carry chains: the low words on
 * CF (ADCX), the high words one position up on OF (ADOX); unrolled for
 * 16 words (RSA-2048's CRT halves), a loop of 4-word steps otherwise. Multiplication
 * is n such rows for the product and n for the reduction (u = t_i m0inv,
 * t += u m 2^(64 i)); squaring builds the cross products in rows over
 * the shrinking upper part of a, doubles them and adds the diagonal.
 */
#include "core/ct.h"
#include "crypto/bn.h"
#include "crypto/mont_adx.h"

#if defined(__x86_64__)

/*
 * One product word: lo:hi = x v[k]; t[k] += lo (CF) + the previous
 * high word PREV (OF); HI receives this high word.
 */
#define ROW_STEP(k, PREV, HI)						\
	"mulxq " #k "*8(%[v]), %[lo], %[" HI "]\n\t"			\
	"movq " #k "*8(%[t]), %[w]\n\t"					\
	"adcxq %[lo], %[w]\n\t"						\
	"adoxq %[" PREV "], %[w]\n\t"					\
	"movq %[w], " #k "*8(%[t])\n\t"

/*
 * t[0..n) += v[0..n) x for n a non-zero multiple of 4; returns the word
 * carried out (the sum fits in n + 1 words). The loop counter lives in
 * RCX for JRCXZ, and LEA steps the pointers: neither touches CF or OF.
 */
static inline __attribute__((always_inline))
mx_limb addmul_row(mx_limb *t, const mx_limb *v, mx_limb x, size_t n)
{
	mx_limb lo, h0, h1, w;
	size_t cnt = n / 4;

	__asm__ volatile(
		"xorl %k[h1], %k[h1]\n\t"
		"1:\n\t"
		ROW_STEP(0, "h1", "h0")
		ROW_STEP(1, "h0", "h1")
		ROW_STEP(2, "h1", "h0")
		ROW_STEP(3, "h0", "h1")
		"leaq 32(%[v]), %[v]\n\t"
		"leaq 32(%[t]), %[t]\n\t"
		"leaq -1(%[c]), %[c]\n\t"
		"jrcxz 2f\n\t"
		"jmp 1b\n\t"
		"2:\n\t"
		"movl $0, %k[w]\n\t"
		"adcxq %[w], %[h1]\n\t"
		"adoxq %[w], %[h1]\n\t"
		: [t] "+r"(t), [v] "+r"(v), [c] "+c"(cnt), [lo] "=&r"(lo), [h0] "=&r"(h0),
		  [h1] "=&r"(h1), [w] "=&r"(w)
		: "d"(x)
		: "cc", "memory");
	return h1;
}

/*
 * The same for n = 16 (1024-bit moduli: the CRT halves of RSA-2048),
 * unrolled: no loop counter or pointer steps between the words.
 */
static inline __attribute__((always_inline))
mx_limb addmul_row16(mx_limb *t, const mx_limb *v, mx_limb x)
{
	mx_limb lo, h0, h1, w;

	__asm__ volatile(
		"xorl %k[h1], %k[h1]\n\t"
		ROW_STEP(0, "h1", "h0")
		ROW_STEP(1, "h0", "h1")
		ROW_STEP(2, "h1", "h0")
		ROW_STEP(3, "h0", "h1")
		ROW_STEP(4, "h1", "h0")
		ROW_STEP(5, "h0", "h1")
		ROW_STEP(6, "h1", "h0")
		ROW_STEP(7, "h0", "h1")
		ROW_STEP(8, "h1", "h0")
		ROW_STEP(9, "h0", "h1")
		ROW_STEP(10, "h1", "h0")
		ROW_STEP(11, "h0", "h1")
		ROW_STEP(12, "h1", "h0")
		ROW_STEP(13, "h0", "h1")
		ROW_STEP(14, "h1", "h0")
		ROW_STEP(15, "h0", "h1")
		"movl $0, %k[w]\n\t"
		"adcxq %[w], %[h1]\n\t"
		"adoxq %[w], %[h1]\n\t"
		: [lo] "=&r"(lo), [h0] "=&r"(h0), [h1] "=&r"(h1), [w] "=&r"(w)
		: [t] "r"(t), [v] "r"(v), "d"(x)
		: "cc", "memory");
	return h1;
}

/* A row of n words: the unrolled form for n = 16, else the loop. */
static inline __attribute__((always_inline))
mx_limb addmul_n(mx_limb *t, const mx_limb *v, mx_limb x, size_t n)
{
	if (n == 16)
		return addmul_row16(t, v, x);
	return addmul_row(t, v, x, n);
}

/*
 * The same for any length len >= 1 (the rows of a squaring shrink one
 * word at a time): len mod 4 unrolled steps first, entered by a compare
 * on the public length before the carry chains start, then the 4-word
 * loop.
 */
static inline __attribute__((always_inline))
mx_limb addmul_tail(mx_limb *t, const mx_limb *v, mx_limb x, size_t len)
{
	mx_limb lo, h0, h1, w;
	size_t cnt = len % 4, quads = len / 4;

	__asm__ volatile(
		"cmpq $2, %[c]\n\t"
		"je 12f\n\t"
		"ja 13f\n\t"
		"testq %[c], %[c]\n\t"
		"jnz 11f\n\t"
		"xorl %k[h1], %k[h1]\n\t"
		"jmp 2f\n\t"
		"11:\n\t"
		"xorl %k[h1], %k[h1]\n\t"
		ROW_STEP(0, "h1", "h0")
		"movq %[h0], %[h1]\n\t"
		"leaq 8(%[v]), %[v]\n\t"
		"leaq 8(%[t]), %[t]\n\t"
		"jmp 2f\n\t"
		"12:\n\t"
		"xorl %k[h1], %k[h1]\n\t"
		ROW_STEP(0, "h1", "h0")
		ROW_STEP(1, "h0", "h1")
		"leaq 16(%[v]), %[v]\n\t"
		"leaq 16(%[t]), %[t]\n\t"
		"jmp 2f\n\t"
		"13:\n\t"
		"xorl %k[h1], %k[h1]\n\t"
		ROW_STEP(0, "h1", "h0")
		ROW_STEP(1, "h0", "h1")
		ROW_STEP(2, "h1", "h0")
		"movq %[h0], %[h1]\n\t"
		"leaq 24(%[v]), %[v]\n\t"
		"leaq 24(%[t]), %[t]\n\t"
		"2:\n\t"
		"movq %[q], %[c]\n\t"
		"jrcxz 4f\n\t"
		"3:\n\t"
		ROW_STEP(0, "h1", "h0")
		ROW_STEP(1, "h0", "h1")
		ROW_STEP(2, "h1", "h0")
		ROW_STEP(3, "h0", "h1")
		"leaq 32(%[v]), %[v]\n\t"
		"leaq 32(%[t]), %[t]\n\t"
		"leaq -1(%[c]), %[c]\n\t"
		"jrcxz 4f\n\t"
		"jmp 3b\n\t"
		"4:\n\t"
		"movl $0, %k[w]\n\t"
		"adcxq %[w], %[h1]\n\t"
		"adoxq %[w], %[h1]\n\t"
		: [t] "+r"(t), [v] "+r"(v), [c] "+c"(cnt), [lo] "=&r"(lo), [h0] "=&r"(h0),
		  [h1] "=&r"(h1), [w] "=&r"(w)
		: "d"(x), [q] "r"(quads)
		: "cc", "memory");
	return h1;
}

/* r = T - m when T = top:t >= m, else T (T < 2m). r may alias t. */
static void final_sub(mx_limb *r, const mx_limb *t, mx_limb top, const mx_limb *m, size_t n)
{
	mx_limb s[MX_BN_MAX_LIMBS];
	mx_limb bw = mx_bn_sub(s, t, m, n);
	uint64_t keep_t = 0 - (bw & ~top & 1);
	size_t i;

	for (i = 0; i < n; i++)
		r[i] = mx_ct_select(keep_t, t[i], s[i]);
}

void mx_mont_adx_redc(mx_limb *r, mx_limb *t, const mx_limb *m, mx_limb m0inv, size_t n)
{
	mx_limb top = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		mx_limb c = addmul_n(t + i, m, t[i] * m0inv, n);
		mx_dlimb s = (mx_dlimb)t[i + n] + c + top;

		t[i + n] = (mx_limb)s;
		top = (mx_limb)(s >> 64);
	}
	final_sub(r, t + n, top, m, n);
}

void mx_mont_adx_mul(mx_limb *r, const mx_limb *a, const mx_limb *b, const mx_limb *m,
		     mx_limb m0inv, size_t n)
{
	mx_limb t[2 * MX_BN_MAX_LIMBS];
	size_t i;

	mx_bn_zero(t, n);
	for (i = 0; i < n; i++)
		t[i + n] = addmul_n(t + i, a, b[i], n);
	mx_mont_adx_redc(r, t, m, m0inv, n);
}

void mx_mont_adx_sqr(mx_limb *r, const mx_limb *a, const mx_limb *m, mx_limb m0inv, size_t n)
{
	mx_limb t[2 * MX_BN_MAX_LIMBS], c = 0, cd = 0;
	size_t i;

	/* the cross products a_i a_j, i < j, once */
	mx_bn_zero(t, 2 * n);
	for (i = 0; i + 1 < n; i++)
		t[i + n] = addmul_tail(t + 2 * i + 1, a + i + 1, a[i], n - 1 - i);
	/* twice them plus the squares a_i^2; the total fits in 2n limbs */
	for (i = 0; i < n; i++) {
		mx_dlimb sq = (mx_dlimb)a[i] * a[i];
		mx_limb lo = t[2 * i], hi = t[2 * i + 1];
		mx_dlimb s = (mx_dlimb)((lo << 1) | c) + (mx_limb)sq + cd;

		c = hi >> 63;
		t[2 * i] = (mx_limb)s;
		s = (mx_dlimb)((hi << 1) | (lo >> 63)) + (mx_limb)(sq >> 64) + (mx_limb)(s >> 64);
		t[2 * i + 1] = (mx_limb)s;
		cd = (mx_limb)(s >> 64);
	}
	mx_mont_adx_redc(r, t, m, m0inv, n);
	mx_zeroize(t, 2 * n * sizeof(mx_limb));
}

#endif /* __x86_64__ */
