// SPDX-License-Identifier: GPL-2.0
/*
 * NIST P-256 (FIPS 186-4, D.1.2; SEC 2): the published parameters and the
 * curve's instance of the templates in ec_impl.h.
 */
#include <pthread.h>

#include "crypto/cpu.h"
#include "crypto/ec_impl.h"

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

/*
 * Montgomery multiplication for p = 2^256 - 2^224 + 2^192 + 2^96 - 1.
 * -p^-1 = 1 mod 2^64, so the reduction word is m = t0, and
 * t + m p = t + m (2^96 - 1) + m p3 2^192 with p3 = 2^64 - 2^32 + 1: the
 * first term clears t0 and adds m << 32 and m >> 32 one and two words up,
 * the second is one multiplication.
 */
#define P256_P3 0xffffffff00000001ull

/* t = (t + m p) / 2^64 for m = t0, t = t0..t4 with t5 above. */
#define P256_REDUCE(t0, t1, t2, t3, t4, t5) do {			\
	mx_limb m_ = t0, c_;						\
	mx_dlimb mp_ = (mx_dlimb)m_ * P256_P3, acc_;			\
									\
	acc_ = (mx_dlimb)t1 + (m_ << 32);				\
	t0 = (mx_limb)acc_;						\
	c_ = (mx_limb)(acc_ >> 64);					\
	acc_ = (mx_dlimb)t2 + (m_ >> 32) + c_;				\
	t1 = (mx_limb)acc_;						\
	c_ = (mx_limb)(acc_ >> 64);					\
	acc_ = (mx_dlimb)t3 + (mx_limb)mp_ + c_;			\
	t2 = (mx_limb)acc_;						\
	c_ = (mx_limb)(acc_ >> 64);					\
	acc_ = (mx_dlimb)t4 + (mx_limb)(mp_ >> 64) + c_;		\
	t3 = (mx_limb)acc_;						\
	t4 = t5 + (mx_limb)(acc_ >> 64);				\
} while (0)

/* r = t - p when (t4:t) >= p, else t. */
static inline __attribute__((always_inline))
void p256_final(mx_limb *r, mx_limb t0, mx_limb t1, mx_limb t2, mx_limb t3, mx_limb t4)
{
	mx_limb s0, s1, s2, s3, bw;
	mx_dlimb d;
	uint64_t keep;

	d = (mx_dlimb)t0 - 0xffffffffffffffffull;
	s0 = (mx_limb)d;
	bw = (mx_limb)(d >> 64) & 1;
	d = (mx_dlimb)t1 - 0x00000000ffffffffull - bw;
	s1 = (mx_limb)d;
	bw = (mx_limb)(d >> 64) & 1;
	d = (mx_dlimb)t2 - bw;
	s2 = (mx_limb)d;
	bw = (mx_limb)(d >> 64) & 1;
	d = (mx_dlimb)t3 - P256_P3 - bw;
	s3 = (mx_limb)d;
	bw = (mx_limb)(d >> 64) & 1;
	keep = 0 - (bw & ~t4 & 1);
	r[0] = s0 ^ (keep & (s0 ^ t0));
	r[1] = s1 ^ (keep & (s1 ^ t1));
	r[2] = s2 ^ (keep & (s2 ^ t2));
	r[3] = s3 ^ (keep & (s3 ^ t3));
}

static void p256_mul_c(mx_limb *r, const mx_limb *a, const mx_limb *b)
{
	const mx_limb a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3];
	mx_limb t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0, t5;
	size_t i;

#pragma GCC unroll 4
	for (i = 0; i < 4; i++) {
		mx_limb bi = b[i], c;
		mx_dlimb acc;

		acc = (mx_dlimb)a0 * bi + t0;
		t0 = (mx_limb)acc;
		c = (mx_limb)(acc >> 64);
		acc = (mx_dlimb)a1 * bi + t1 + c;
		t1 = (mx_limb)acc;
		c = (mx_limb)(acc >> 64);
		acc = (mx_dlimb)a2 * bi + t2 + c;
		t2 = (mx_limb)acc;
		c = (mx_limb)(acc >> 64);
		acc = (mx_dlimb)a3 * bi + t3 + c;
		t3 = (mx_limb)acc;
		c = (mx_limb)(acc >> 64);
		acc = (mx_dlimb)t4 + c;
		t4 = (mx_limb)acc;
		t5 = (mx_limb)(acc >> 64);
		P256_REDUCE(t0, t1, t2, t3, t4, t5);
	}
	p256_final(r, t0, t1, t2, t3, t4);
}

/* a^2: the six cross products once, doubled, plus the squares; then
 * four reduction steps on the low half and the high half added.
 */
static void p256_sqr_c(mx_limb *r, const mx_limb *a)
{
	const mx_limb a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3];
	mx_limb t0, t1, t2, t3, t4, t5, t6, t7, c, z = 0;
	mx_dlimb acc;

	/* cross products a_i a_j, i < j, at t1..t6 */
	acc = (mx_dlimb)a0 * a1;
	t1 = (mx_limb)acc;
	c = (mx_limb)(acc >> 64);
	acc = (mx_dlimb)a0 * a2 + c;
	t2 = (mx_limb)acc;
	c = (mx_limb)(acc >> 64);
	acc = (mx_dlimb)a0 * a3 + c;
	t3 = (mx_limb)acc;
	t4 = (mx_limb)(acc >> 64);
	acc = (mx_dlimb)a1 * a2 + t3;
	t3 = (mx_limb)acc;
	c = (mx_limb)(acc >> 64);
	acc = (mx_dlimb)a1 * a3 + t4 + c;
	t4 = (mx_limb)acc;
	t5 = (mx_limb)(acc >> 64);
	acc = (mx_dlimb)a2 * a3 + t5;
	t5 = (mx_limb)acc;
	t6 = (mx_limb)(acc >> 64);
	/* doubled */
	t7 = t6 >> 63;
	t6 = (t6 << 1) | (t5 >> 63);
	t5 = (t5 << 1) | (t4 >> 63);
	t4 = (t4 << 1) | (t3 >> 63);
	t3 = (t3 << 1) | (t2 >> 63);
	t2 = (t2 << 1) | (t1 >> 63);
	t1 <<= 1;
	/* plus the squares */
	acc = (mx_dlimb)a0 * a0;
	t0 = (mx_limb)acc;
	acc = (mx_dlimb)t1 + (mx_limb)(acc >> 64);
	t1 = (mx_limb)acc;
	c = (mx_limb)(acc >> 64);
	acc = (mx_dlimb)a1 * a1 + t2 + c;
	t2 = (mx_limb)acc;
	acc = (mx_dlimb)t3 + (mx_limb)(acc >> 64);
	t3 = (mx_limb)acc;
	c = (mx_limb)(acc >> 64);
	acc = (mx_dlimb)a2 * a2 + t4 + c;
	t4 = (mx_limb)acc;
	acc = (mx_dlimb)t5 + (mx_limb)(acc >> 64);
	t5 = (mx_limb)acc;
	c = (mx_limb)(acc >> 64);
	acc = (mx_dlimb)a3 * a3 + t6 + c;
	t6 = (mx_limb)acc;
	t7 += (mx_limb)(acc >> 64);

	/* (t0..t3 + M p) / 2^256 stays below 2^256; then add t4..t7 */
	P256_REDUCE(t0, t1, t2, t3, z, z);
	z = 0;
	P256_REDUCE(t0, t1, t2, t3, z, z);
	z = 0;
	P256_REDUCE(t0, t1, t2, t3, z, z);
	z = 0;
	P256_REDUCE(t0, t1, t2, t3, z, z);
	acc = (mx_dlimb)t0 + t4;
	t0 = (mx_limb)acc;
	acc = (mx_dlimb)t1 + t5 + (mx_limb)(acc >> 64);
	t1 = (mx_limb)acc;
	acc = (mx_dlimb)t2 + t6 + (mx_limb)(acc >> 64);
	t2 = (mx_limb)acc;
	acc = (mx_dlimb)t3 + t7 + (mx_limb)(acc >> 64);
	t3 = (mx_limb)acc;
	p256_final(r, t0, t1, t2, t3, (mx_limb)(acc >> 64));
}

#ifdef __x86_64__
/*
 * The same multiplication with MULX and the two carry chains of ADCX
 * (CF) and ADOX (OF), for CPUs with BMI2 and ADX: one round per word of
 * b, the six accumulator registers rotating by one each round. No branch,
 * no data-dependent address.
 */
#define P256_ADX_ROUND(off, A, B, C, D, E, F)			\
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
	"mulxq %[p3], %[lo], %[hi]\n\t"			\
	"shlq $32, %%rdx\n\t"					\
	"shrq $32, %[" A "]\n\t"					\
	"addq %%rdx, %[" B "]\n\t"				\
	"adcq %[" A "], %[" C "]\n\t"				\
	"adcq %[lo], %[" D "]\n\t"				\
	"adcq %[hi], %[" E "]\n\t"				\
	"adcq $0, %[" F "]\n\t"

static void p256_mul_adx(mx_limb *r, const mx_limb *a, const mx_limb *b)
{
	mx_limb t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0, t5, lo, hi, p3 = P256_P3;

	__asm__(P256_ADX_ROUND("0", "t0", "t1", "t2", "t3", "t4", "t5")
		P256_ADX_ROUND("8", "t1", "t2", "t3", "t4", "t5", "t0")
		P256_ADX_ROUND("16", "t2", "t3", "t4", "t5", "t0", "t1")
		P256_ADX_ROUND("24", "t3", "t4", "t5", "t0", "t1", "t2")
		: [t0] "+&r"(t0), [t1] "+&r"(t1), [t2] "+&r"(t2), [t3] "+&r"(t3),
		  [t4] "+&r"(t4), [t5] "=&r"(t5), [lo] "=&r"(lo), [hi] "=&r"(hi)
		: [a] "r"(a), [b] "r"(b), [p3] "r"(p3), "m"(*(const mx_limb (*)[4])a),
		  "m"(*(const mx_limb (*)[4])b)
		: "rdx", "cc");
	p256_final(r, t4, t5, t0, t1, t2);
}

#define P256_ADX_REDUCE(A, B, C, D, E)				\
	"movq %[" A "], %%rdx\n\t"				\
	"mulxq %[p3], %[lo], %[hi]\n\t"			\
	"shlq $32, %%rdx\n\t"					\
	"shrq $32, %[" A "]\n\t"					\
	"addq %%rdx, %[" B "]\n\t"				\
	"adcq %[" A "], %[" C "]\n\t"				\
	"adcq %[lo], %[" D "]\n\t"				\
	"adcq $0, %[hi]\n\t"					\
	"movq %[hi], %[" E "]\n\t"

/* a^2 with MULX: cross products once, doubled, squares added, then the
 * low half reduced word by word and the high half added (as p256_sqr_c).
 */
static void p256_sqr_adx(mx_limb *r, const mx_limb *a)
{
	mx_limb t0, t1, t2, t3, t4, t5, t6, t7, lo, hi, p3 = P256_P3;

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
		P256_ADX_REDUCE("t0", "t1", "t2", "t3", "t0")
		P256_ADX_REDUCE("t1", "t2", "t3", "t0", "t1")
		P256_ADX_REDUCE("t2", "t3", "t0", "t1", "t2")
		P256_ADX_REDUCE("t3", "t0", "t1", "t2", "t3")
		"addq %[t4], %[t0]\n\t"
		"adcq %[t5], %[t1]\n\t"
		"adcq %[t6], %[t2]\n\t"
		"adcq %[t7], %[t3]\n\t"
		"movl $0, %k[t4]\n\t"
		"adcq $0, %[t4]\n\t"
		: [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3),
		  [t4] "=&r"(t4), [t5] "=&r"(t5), [t6] "=&r"(t6), [t7] "=&r"(t7),
		  [lo] "=&r"(lo), [hi] "=&r"(hi)
		: [a] "r"(a), [p3] "r"(p3), "m"(*(const mx_limb (*)[4])a)
		: "rdx", "cc");
	p256_final(r, t0, t1, t2, t3, t4);
}

/*
 * Whether to use the MULX/ADX code: sampled when an operation starts
 * (EC_ENTER), read by every field multiplication.
 */
static int p256_use_adx;

static inline int p256_adx(void)
{
	return __atomic_load_n(&p256_use_adx, __ATOMIC_RELAXED);
}

#define EC_ENTER() __atomic_store_n(&p256_use_adx, mx_cpu_has(MX_CPU_BMI2 | MX_CPU_ADX), \
				    __ATOMIC_RELAXED)
#else
static inline int p256_adx(void)
{
	return 0;
}

#define p256_mul_adx p256_mul_c
#define p256_sqr_adx p256_sqr_c
#endif

static void p256_fe_mul(mx_limb *r, const mx_limb *a, const mx_limb *b)
{
	if (p256_adx())
		p256_mul_adx(r, a, b);
	else
		p256_mul_c(r, a, b);
}

static void p256_fe_sqr(mx_limb *r, const mx_limb *a)
{
	if (p256_adx())
		p256_sqr_adx(r, a);
	else
		p256_sqr_c(r, a);
}

/* r = a + b mod p and a - b mod p with p's words as constants. */
static inline void p256_fe_add(mx_limb *r, const mx_limb *a, const mx_limb *b)
{
	mx_limb t0, t1, t2, t3, c;
	mx_dlimb acc;

	acc = (mx_dlimb)a[0] + b[0];
	t0 = (mx_limb)acc;
	acc = (mx_dlimb)a[1] + b[1] + (mx_limb)(acc >> 64);
	t1 = (mx_limb)acc;
	acc = (mx_dlimb)a[2] + b[2] + (mx_limb)(acc >> 64);
	t2 = (mx_limb)acc;
	acc = (mx_dlimb)a[3] + b[3] + (mx_limb)(acc >> 64);
	t3 = (mx_limb)acc;
	c = (mx_limb)(acc >> 64);
	p256_final(r, t0, t1, t2, t3, c);
}

static inline void p256_fe_sub(mx_limb *r, const mx_limb *a, const mx_limb *b)
{
	mx_limb t0, t1, t2, t3, m;
	mx_dlimb d;

	d = (mx_dlimb)a[0] - b[0];
	t0 = (mx_limb)d;
	d = (mx_dlimb)a[1] - b[1] - ((mx_limb)(d >> 64) & 1);
	t1 = (mx_limb)d;
	d = (mx_dlimb)a[2] - b[2] - ((mx_limb)(d >> 64) & 1);
	t2 = (mx_limb)d;
	d = (mx_dlimb)a[3] - b[3] - ((mx_limb)(d >> 64) & 1);
	t3 = (mx_limb)d;
	m = 0 - ((mx_limb)(d >> 64) & 1);
	/* + p when it borrowed: p = (2^64 - 1, 2^32 - 1, 0, P256_P3) */
	d = (mx_dlimb)t0 + m;
	r[0] = (mx_limb)d;
	d = (mx_dlimb)t1 + (m & 0xffffffffull) + (mx_limb)(d >> 64);
	r[1] = (mx_limb)d;
	d = (mx_dlimb)t2 + (mx_limb)(d >> 64);
	r[2] = (mx_limb)d;
	r[3] = t3 + (m & P256_P3) + (mx_limb)(d >> 64);
}

#define EC_HAVE_FE_ADD
#define EC_HAVE_FE_MUL
#define EC_N		4
#define EC_FN(x)	p256_##x
#include "crypto/ec_tmpl.h"

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
	.mul2 = p256_mul2,
};

static pthread_once_t p256_once = PTHREAD_ONCE_INIT;
static int p256_ready;

static void p256_init(void)
{
	mx_bn_from_be(p256_order, 4, p256_n, sizeof(p256_n));
	if (mx_ec_curve_setup(&p256_curve, p256_p, p256_b, p256_gx, p256_gy))
		return;
	if (MX_EC_BASE_TABLE && p256_base_table(&p256_curve))
		return;
	p256_ready = 1;
}

const struct mx_ec_curve *mx_ec_p256(void)
{
	pthread_once(&p256_once, p256_init);
	return p256_ready ? &p256_curve : NULL;
}
