// SPDX-License-Identifier: GPL-2.0
/*
 * GCM with AES-NI and PCLMULQDQ: eight counter blocks encrypted per
 * iteration while eight ciphertext blocks are multiplied by H^8..H^1 and
 * summed before a single reduction (see ghash.h). Encryption hashes the
 * previous iteration's ciphertext while it encrypts the next counters, so
 * the two chains overlap; decryption has its ciphertext up front.
 */
#if defined(__x86_64__) || defined(__i386__)
#include "crypto/aes_ni.h"
#include "crypto/ghash.h"

/* Karatsuba accumulator of unreduced products. */
struct acc {
	__m128i lo, hi, mid;
};

/*
 * The key powers, loaded once per call: h[k] = twist(H^(k+1)) and
 * hk[k] = its two halves XORed, for the Karatsuba middle product.
 */
struct hpow {
	__m128i h[8], hk[8];
};

AESNI_TARGET
static inline __m128i bswap(__m128i x)
{
	return _mm_shuffle_epi8(x, _mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,
						14, 15));
}

AESNI_TARGET
static inline __m128i hkey(__m128i h)
{
	return _mm_xor_si128(h, _mm_shuffle_epi32(h, 0x4e));
}

AESNI_TARGET
static inline void load_powers(struct hpow *p, const struct mx_gcm_key *key)
{
	int k;

#pragma GCC unroll 8
	for (k = 0; k < 8; k++) {
		p->h[k] = _mm_load_si128((const __m128i *)key->h[k]);
		p->hk[k] = hkey(p->h[k]);
	}
}

AESNI_TARGET
static inline void mul_acc(struct acc *a, __m128i x, __m128i h, __m128i hk, int first)
{
	__m128i lo = _mm_clmulepi64_si128(x, h, 0x00);
	__m128i hi = _mm_clmulepi64_si128(x, h, 0x11);
	__m128i mid = _mm_clmulepi64_si128(_mm_xor_si128(x, _mm_shuffle_epi32(x, 0x4e)), hk,
					   0x00);

	if (first) {
		a->lo = lo;
		a->hi = hi;
		a->mid = mid;
	} else {
		a->lo = _mm_xor_si128(a->lo, lo);
		a->hi = _mm_xor_si128(a->hi, hi);
		a->mid = _mm_xor_si128(a->mid, mid);
	}
}

AESNI_TARGET
static inline __m128i reduce(const struct acc *a)
{
	const __m128i c = _mm_set_epi64x(0, (long long)0xc200000000000000ull);
	__m128i mid = _mm_xor_si128(a->mid, _mm_xor_si128(a->lo, a->hi));
	__m128i lo = _mm_xor_si128(a->lo, _mm_slli_si128(mid, 8));
	__m128i hi = _mm_xor_si128(a->hi, _mm_srli_si128(mid, 8));

	lo = _mm_xor_si128(_mm_shuffle_epi32(lo, 0x4e), _mm_clmulepi64_si128(lo, c, 0x00));
	lo = _mm_xor_si128(_mm_shuffle_epi32(lo, 0x4e), _mm_clmulepi64_si128(lo, c, 0x00));
	return _mm_xor_si128(lo, hi);
}

/*
 * y = (y + x[0]) H^n + x[1] H^(n-1) + ... + x[n-1] H, for n = 1..8 (the
 * blocks already byte-reversed).
 */
AESNI_TARGET
static inline __m128i ghash_n(const struct hpow *p, __m128i y, const __m128i *x, const int n)
{
	struct acc a;
	int i;

	mul_acc(&a, _mm_xor_si128(y, x[0]), p->h[n - 1], p->hk[n - 1], 1);
#pragma GCC unroll 8
	for (i = 1; i < n; i++)
		mul_acc(&a, x[i], p->h[n - 1 - i], p->hk[n - 1 - i], 0);
	return reduce(&a);
}

AESNI_TARGET
void mx_ghash_clmul_init(struct mx_gcm_key *key)
{
	__m128i h1 = _mm_load_si128((const __m128i *)key->h[0]), hk1 = hkey(h1), hp = h1;
	struct acc a;
	int k;

	for (k = 1; k < 8; k++) {
		mul_acc(&a, hp, h1, hk1, 1);
		hp = reduce(&a);
		_mm_store_si128((__m128i *)key->h[k], hp);
	}
}

AESNI_TARGET
void mx_ghash_clmul(const struct mx_gcm_key *key, uint64_t y[2], const uint8_t *p, size_t n)
{
	__m128i acc = _mm_loadu_si128((const __m128i *)y), x[8];
	struct hpow hp;
	int i, m;

	load_powers(&hp, key);
	for (; n >= 8; n -= 8, p += 128) {
#pragma GCC unroll 8
		for (i = 0; i < 8; i++)
			x[i] = bswap(_mm_loadu_si128((const __m128i *)(p + 16 * i)));
		acc = ghash_n(&hp, acc, x, 8);
	}
	if (n) {
		m = (int)n;
		for (i = 0; i < m; i++)
			x[i] = bswap(_mm_loadu_si128((const __m128i *)(p + 16 * i)));
		acc = ghash_n(&hp, acc, x, m);
	}
	_mm_storeu_si128((__m128i *)y, acc);
}

/* Eight counter blocks from cb, advanced. */
AESNI_TARGET
static inline void counters8(__m128i x[8], __m128i *cb)
{
	const __m128i bswap32 = MX_AES_NI_BSWAP32, one = _mm_set_epi32(1, 0, 0, 0);
	int i;

#pragma GCC unroll 8
	for (i = 0; i < 8; i++) {
		x[i] = _mm_shuffle_epi8(*cb, bswap32);
		*cb = _mm_add_epi32(*cb, one);
	}
}

AESNI_TARGET
static inline void gcm_loop(const struct mx_gcm_key *key, const unsigned int nr, __m128i *cbp,
			    __m128i *accp, const uint8_t *in, uint8_t *out, size_t n,
			    const int enc)
{
	const __m128i *rk = (const __m128i *)key->aes.rk.ni.enc;
	const __m128i bswap32 = MX_AES_NI_BSWAP32, one = _mm_set_epi32(1, 0, 0, 0);
	__m128i cb = *cbp, acc = *accp, x[8], h[8];
	struct hpow hp;
	int i, pending = 0;

	load_powers(&hp, key);
	for (; n >= 8; n -= 8, in += 128, out += 128) {
		counters8(x, &cb);
		if (!enc) {
#pragma GCC unroll 8
			for (i = 0; i < 8; i++)
				h[i] = bswap(_mm_loadu_si128((const __m128i *)(in + 16 * i)));
			pending = 1;
		}
		/*
		 * h[] holds the ciphertext to hash: the previous iteration's
		 * output when encrypting, this input when decrypting.
		 */
		if (pending)
			acc = ghash_n(&hp, acc, h, 8);
		mx_aes_ni_enc8(rk, nr, x);
#pragma GCC unroll 8
		for (i = 0; i < 8; i++) {
			x[i] = _mm_xor_si128(x[i], _mm_loadu_si128((const __m128i *)(in + 16 * i)));
			_mm_storeu_si128((__m128i *)(out + 16 * i), x[i]);
		}
		if (enc) {
#pragma GCC unroll 8
			for (i = 0; i < 8; i++)
				h[i] = bswap(x[i]);
			pending = 1;
		}
	}
	if (enc && pending)
		acc = ghash_n(&hp, acc, h, 8);
	if (n) {
		const int m = (int)n;

		for (i = 0; i < m; i++) {
			__m128i c = _mm_loadu_si128((const __m128i *)(in + 16 * i));

			x[i] = mx_aes_ni_enc1(rk, nr, _mm_shuffle_epi8(cb, bswap32));
			cb = _mm_add_epi32(cb, one);
			x[i] = _mm_xor_si128(x[i], c);
			_mm_storeu_si128((__m128i *)(out + 16 * i), x[i]);
			h[i] = bswap(enc ? x[i] : c);
		}
		acc = ghash_n(&hp, acc, h, m);
	}
	*cbp = cb;
	*accp = acc;
}

AESNI_TARGET
static inline void gcm_crypt(const struct mx_gcm_key *key, uint8_t ctr[16], uint64_t y[2],
			     const uint8_t *in, uint8_t *out, size_t n, const int enc)
{
	const __m128i bswap32 = MX_AES_NI_BSWAP32;
	__m128i cb = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)ctr), bswap32);
	__m128i acc = _mm_loadu_si128((const __m128i *)y);

#define GCM_LOOP(nr) gcm_loop(key, nr, &cb, &acc, in, out, n, enc)
	MX_AES_BY_ROUNDS(key->aes.rounds, GCM_LOOP);
#undef GCM_LOOP
	_mm_storeu_si128((__m128i *)y, acc);
	_mm_storeu_si128((__m128i *)ctr, _mm_shuffle_epi8(cb, bswap32));
}

AESNI_TARGET
void mx_gcm_clmul_encrypt(const struct mx_gcm_key *key, uint8_t ctr[16], uint64_t y[2],
			  const uint8_t *in, uint8_t *out, size_t n)
{
	gcm_crypt(key, ctr, y, in, out, n, 1);
}

AESNI_TARGET
void mx_gcm_clmul_decrypt(const struct mx_gcm_key *key, uint8_t ctr[16], uint64_t y[2],
			  const uint8_t *in, uint8_t *out, size_t n)
{
	gcm_crypt(key, ctr, y, in, out, n, 0);
}
#endif
