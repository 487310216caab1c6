// SPDX-License-Identifier: GPL-2.0
/*
 * GCM with AES-NI and PCLMULQDQ: eight counter blocks encrypted per
 * iteration while the eight ciphertext blocks are multiplied by
 * H^8..H^1 and summed before a single reduction (see ghash.h).
 */
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#include "crypto/ghash.h"

#define CLMUL_TARGET __attribute__((target("pclmul,aes,sse4.1,ssse3")))

/* Karatsuba accumulator of unreduced products. */
struct acc {
	__m128i lo, hi, mid;
};

CLMUL_TARGET
static inline __m128i bswap(__m128i x)
{
	return _mm_shuffle_epi8(x, _mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,
						14, 15));
}

/* acc += x * h, with hk = h.lo ^ h.hi in the low lane. */
CLMUL_TARGET
static inline void mul_acc(struct acc *a, __m128i x, __m128i h, __m128i hk)
{
	a->lo = _mm_xor_si128(a->lo, _mm_clmulepi64_si128(x, h, 0x00));
	a->hi = _mm_xor_si128(a->hi, _mm_clmulepi64_si128(x, h, 0x11));
	a->mid = _mm_xor_si128(a->mid, _mm_clmulepi64_si128(
				       _mm_xor_si128(x, _mm_shuffle_epi32(x, 0x4e)), hk, 0x00));
}

CLMUL_TARGET
static inline void mul_first(struct acc *a, __m128i x, __m128i h, __m128i hk)
{
	a->lo = _mm_clmulepi64_si128(x, h, 0x00);
	a->hi = _mm_clmulepi64_si128(x, h, 0x11);
	a->mid = _mm_clmulepi64_si128(_mm_xor_si128(x, _mm_shuffle_epi32(x, 0x4e)), hk, 0x00);
}

CLMUL_TARGET
static inline __m128i reduce(struct acc *a)
{
	const __m128i c = _mm_set_epi64x(0, (long long)0xc200000000000000ull);
	__m128i mid = _mm_xor_si128(a->mid, _mm_xor_si128(a->lo, a->hi));
	__m128i lo = _mm_xor_si128(a->lo, _mm_slli_si128(mid, 8));
	__m128i hi = _mm_xor_si128(a->hi, _mm_srli_si128(mid, 8));

	lo = _mm_xor_si128(_mm_shuffle_epi32(lo, 0x4e), _mm_clmulepi64_si128(lo, c, 0x00));
	lo = _mm_xor_si128(_mm_shuffle_epi32(lo, 0x4e), _mm_clmulepi64_si128(lo, c, 0x00));
	return _mm_xor_si128(lo, hi);
}

CLMUL_TARGET
static inline __m128i hkey(__m128i h)
{
	return _mm_xor_si128(h, _mm_shuffle_epi32(h, 0x4e));
}

CLMUL_TARGET
void mx_ghash_clmul_init(struct mx_gcm_key *key)
{
	__m128i h1 = _mm_load_si128((const __m128i *)key->h[0]), hk1 = hkey(h1), hp = h1;
	struct acc a;
	int k;

	for (k = 1; k < 8; k++) {
		mul_first(&a, hp, h1, hk1);
		hp = reduce(&a);
		_mm_store_si128((__m128i *)key->h[k], hp);
	}
}

/* y = (y + x[0]) H^n + x[1] H^(n-1) + ... + x[n-1] H, for n = 1..8. */
CLMUL_TARGET
static inline __m128i ghash_n(const struct mx_gcm_key *key, __m128i y, const __m128i *x, int n)
{
	struct acc a;
	__m128i h;
	int i;

	h = _mm_load_si128((const __m128i *)key->h[n - 1]);
	mul_first(&a, _mm_xor_si128(y, x[0]), h, hkey(h));
	for (i = 1; i < n; i++) {
		h = _mm_load_si128((const __m128i *)key->h[n - 1 - i]);
		mul_acc(&a, x[i], h, hkey(h));
	}
	return reduce(&a);
}

CLMUL_TARGET
void mx_ghash_clmul(const struct mx_gcm_key *key, uint64_t y[2], const uint8_t *p, size_t n)
{
	__m128i acc = _mm_loadu_si128((const __m128i *)y), x[8];
	int i, m;

	while (n) {
		m = n < 8 ? (int)n : 8;
		for (i = 0; i < m; i++)
			x[i] = bswap(_mm_loadu_si128((const __m128i *)(p + 16 * i)));
		acc = ghash_n(key, acc, x, m);
		p += 16 * m;
		n -= (size_t)m;
	}
	_mm_storeu_si128((__m128i *)y, acc);
}

CLMUL_TARGET
static inline void gcm_crypt(const struct mx_gcm_key *key, uint8_t ctr[16], uint64_t y[2],
			     const uint8_t *in, uint8_t *out, size_t n, const int enc)
{
	const __m128i *rk = (const __m128i *)key->aes.rk.ni.enc;
	const unsigned int nr = key->aes.rounds;
	const __m128i bswap32 = _mm_set_epi8(12, 13, 14, 15, 11, 10, 9, 8, 7, 6, 5, 4,
					     3, 2, 1, 0);
	const __m128i one = _mm_set_epi32(1, 0, 0, 0);
	__m128i cb = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)ctr), bswap32);
	__m128i acc = _mm_loadu_si128((const __m128i *)y);

	while (n) {
		const int m = n < 8 ? (int)n : 8;
		__m128i x[8], d[8];
		unsigned int r;
		int i;

		for (i = 0; i < m; i++) {
			x[i] = _mm_xor_si128(_mm_shuffle_epi8(cb, bswap32), rk[0]);
			cb = _mm_add_epi32(cb, one);
			d[i] = _mm_loadu_si128((const __m128i *)(in + 16 * i));
		}
		/* Decryption hashes the ciphertext it has already, alongside. */
		if (!enc) {
			__m128i h[8];

			for (i = 0; i < m; i++)
				h[i] = bswap(d[i]);
			acc = ghash_n(key, acc, h, m);
		}
		for (r = 1; r < nr; r++)
			for (i = 0; i < m; i++)
				x[i] = _mm_aesenc_si128(x[i], rk[r]);
		for (i = 0; i < m; i++) {
			x[i] = _mm_xor_si128(_mm_aesenclast_si128(x[i], rk[nr]), d[i]);
			_mm_storeu_si128((__m128i *)(out + 16 * i), x[i]);
		}
		if (enc) {
			for (i = 0; i < m; i++)
				x[i] = bswap(x[i]);
			acc = ghash_n(key, acc, x, m);
		}
		in += 16 * m;
		out += 16 * m;
		n -= (size_t)m;
	}
	_mm_storeu_si128((__m128i *)y, acc);
	_mm_storeu_si128((__m128i *)ctr, _mm_shuffle_epi8(cb, bswap32));
}

CLMUL_TARGET
void mx_gcm_clmul_encrypt(const struct mx_gcm_key *key, uint8_t ctr[16], uint64_t y[2],
			  const uint8_t *in, uint8_t *out, size_t n)
{
	gcm_crypt(key, ctr, y, in, out, n, 1);
}

CLMUL_TARGET
void mx_gcm_clmul_decrypt(const struct mx_gcm_key *key, uint8_t ctr[16], uint64_t y[2],
			  const uint8_t *in, uint8_t *out, size_t n)
{
	gcm_crypt(key, ctr, y, in, out, n, 0);
}
#endif
