// SPDX-License-Identifier: GPL-2.0
/*
 * AES with the AES-NI instructions. The key schedule itself is the
 * generic one in aes.c (with SubWord done by aesenclast); here are the
 * block functions and the modes that benefit from keeping eight blocks in
 * flight: CBC decryption and counter mode. CBC encryption is serial by
 * definition and runs at the latency of the aesenc chain.
 *
 * The loops are written once with the round count as a parameter and
 * instantiated per key size (MX_AES_BY_ROUNDS), so that they unroll
 * completely and the round keys and blocks stay in registers.
 */
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#include "crypto/aes_impl.h"
#include "crypto/aes_ni.h"

AESNI_TARGET
uint32_t mx_aes_ni_subword(uint32_t w)
{
	/*
	 * With the word in all four columns ShiftRows changes nothing, and
	 * aesenclast with a zero key is just SubBytes.
	 */
	__m128i v = _mm_set1_epi32((int)w);

	return (uint32_t)_mm_cvtsi128_si32(_mm_aesenclast_si128(v, _mm_setzero_si128()));
}

AESNI_TARGET
void mx_aes_ni_load_keys(struct mx_aes_key *key, const uint8_t *expanded)
{
	const unsigned int nr = key->rounds;
	__m128i *enc = (__m128i *)key->rk.ni.enc, *dec = (__m128i *)key->rk.ni.dec;
	unsigned int r;

	for (r = 0; r <= nr; r++)
		enc[r] = _mm_loadu_si128((const __m128i *)(expanded + 16 * r));
	/*
	 * The equivalent inverse cipher: reversed keys, InvMixColumns on
	 * all but the first and last.
	 */
	dec[0] = enc[nr];
	for (r = 1; r < nr; r++)
		dec[r] = _mm_aesimc_si128(enc[nr - r]);
	dec[nr] = enc[0];
}

AESNI_TARGET
static inline __m128i dec1(const __m128i *rk, unsigned int nr, __m128i x)
{
	unsigned int r;

	x = _mm_xor_si128(x, rk[0]);
#pragma GCC unroll 14
	for (r = 1; r < nr; r++)
		x = _mm_aesdec_si128(x, rk[r]);
	return _mm_aesdeclast_si128(x, rk[nr]);
}

AESNI_TARGET
void mx_aes_ni_encrypt_block(const struct mx_aes_key *key, const uint8_t *in, uint8_t *out)
{
	__m128i x = _mm_loadu_si128((const __m128i *)in);

	_mm_storeu_si128((__m128i *)out,
			 mx_aes_ni_enc1((const __m128i *)key->rk.ni.enc, key->rounds, x));
}

AESNI_TARGET
void mx_aes_ni_decrypt_block(const struct mx_aes_key *key, const uint8_t *in, uint8_t *out)
{
	__m128i x = _mm_loadu_si128((const __m128i *)in);

	_mm_storeu_si128((__m128i *)out, dec1((const __m128i *)key->rk.ni.dec, key->rounds, x));
}

AESNI_TARGET
static inline __m128i cbc_enc_loop(const __m128i *rk, const unsigned int nr, __m128i iv,
				   const uint8_t *in, uint8_t *out, size_t n)
{
	for (; n; n--, in += 16, out += 16) {
		iv = _mm_xor_si128(iv, _mm_loadu_si128((const __m128i *)in));
		iv = mx_aes_ni_enc1(rk, nr, iv);
		_mm_storeu_si128((__m128i *)out, iv);
	}
	return iv;
}

AESNI_TARGET
void mx_aes_ni_cbc_encrypt(const struct mx_aes_key *key, uint8_t iv[16], const uint8_t *in,
			   uint8_t *out, size_t n)
{
	const __m128i *rk = (const __m128i *)key->rk.ni.enc;
	__m128i v = _mm_loadu_si128((const __m128i *)iv);

#define CBC_ENC(nr) (v = cbc_enc_loop(rk, nr, v, in, out, n))
	MX_AES_BY_ROUNDS(key->rounds, CBC_ENC);
#undef CBC_ENC
	_mm_storeu_si128((__m128i *)iv, v);
}

AESNI_TARGET
static inline __m128i cbc_dec_loop(const __m128i *rk, const unsigned int nr, __m128i prev,
				   const uint8_t *in, uint8_t *out, size_t n)
{
	for (; n >= 8; n -= 8, in += 128, out += 128) {
		__m128i c[8], x[8];
		unsigned int r;
		int i;

#pragma GCC unroll 8
		for (i = 0; i < 8; i++) {
			c[i] = _mm_loadu_si128((const __m128i *)(in + 16 * i));
			x[i] = _mm_xor_si128(c[i], rk[0]);
		}
#pragma GCC unroll 14
		for (r = 1; r < nr; r++)
#pragma GCC unroll 8
			for (i = 0; i < 8; i++)
				x[i] = _mm_aesdec_si128(x[i], rk[r]);
#pragma GCC unroll 8
		for (i = 0; i < 8; i++)
			x[i] = _mm_aesdeclast_si128(x[i], rk[nr]);
		/* in may equal out: all of c[] was loaded before this store. */
		_mm_storeu_si128((__m128i *)out, _mm_xor_si128(x[0], prev));
#pragma GCC unroll 8
		for (i = 1; i < 8; i++)
			_mm_storeu_si128((__m128i *)(out + 16 * i), _mm_xor_si128(x[i], c[i - 1]));
		prev = c[7];
	}
	for (; n; n--, in += 16, out += 16) {
		__m128i c = _mm_loadu_si128((const __m128i *)in);

		_mm_storeu_si128((__m128i *)out, _mm_xor_si128(dec1(rk, nr, c), prev));
		prev = c;
	}
	return prev;
}

AESNI_TARGET
void mx_aes_ni_cbc_decrypt(const struct mx_aes_key *key, uint8_t iv[16], const uint8_t *in,
			   uint8_t *out, size_t n)
{
	const __m128i *rk = (const __m128i *)key->rk.ni.dec;
	__m128i v = _mm_loadu_si128((const __m128i *)iv);

#define CBC_DEC(nr) (v = cbc_dec_loop(rk, nr, v, in, out, n))
	MX_AES_BY_ROUNDS(key->rounds, CBC_DEC);
#undef CBC_DEC
	_mm_storeu_si128((__m128i *)iv, v);
}

AESNI_TARGET
static inline __m128i ctr_loop(const __m128i *rk, const unsigned int nr, __m128i cb,
			       const uint8_t *in, uint8_t *out, size_t n)
{
	const __m128i bswap32 = MX_AES_NI_BSWAP32;
	const __m128i one = _mm_set_epi32(1, 0, 0, 0);

	for (; n >= 8; n -= 8, in += 128, out += 128) {
		__m128i x[8];
		int i;

#pragma GCC unroll 8
		for (i = 0; i < 8; i++) {
			x[i] = _mm_shuffle_epi8(cb, bswap32);
			cb = _mm_add_epi32(cb, one);
		}
		mx_aes_ni_enc8(rk, nr, x);
#pragma GCC unroll 8
		for (i = 0; i < 8; i++) {
			x[i] = _mm_xor_si128(x[i], _mm_loadu_si128((const __m128i *)(in + 16 * i)));
			_mm_storeu_si128((__m128i *)(out + 16 * i), x[i]);
		}
	}
	for (; n; n--, in += 16, out += 16) {
		__m128i x = mx_aes_ni_enc1(rk, nr, _mm_shuffle_epi8(cb, bswap32));

		cb = _mm_add_epi32(cb, one);
		x = _mm_xor_si128(x, _mm_loadu_si128((const __m128i *)in));
		_mm_storeu_si128((__m128i *)out, x);
	}
	return cb;
}

AESNI_TARGET
void mx_aes_ni_ctr32(const struct mx_aes_key *key, uint8_t ctr[16], const uint8_t *in,
		     uint8_t *out, size_t n)
{
	const __m128i *rk = (const __m128i *)key->rk.ni.enc;
	const __m128i bswap32 = MX_AES_NI_BSWAP32;
	__m128i cb = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)ctr), bswap32);

#define CTR(nr) (cb = ctr_loop(rk, nr, cb, in, out, n))
	MX_AES_BY_ROUNDS(key->rounds, CTR);
#undef CTR
	_mm_storeu_si128((__m128i *)ctr, _mm_shuffle_epi8(cb, bswap32));
}
#endif
