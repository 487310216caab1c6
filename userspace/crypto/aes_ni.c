// SPDX-License-Identifier: GPL-2.0
/*
 * AES with the AES-NI instructions. The key schedule itself is the
 * generic one in aes.c (with SubWord done by aesenclast); here are the
 * block functions and the modes that benefit from keeping eight blocks in
 * flight: CBC decryption and counter mode. CBC encryption is serial by
 * definition and runs at the latency of the aesenc chain.
 */
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#include "crypto/aes_impl.h"

#define AESNI_TARGET __attribute__((target("aes,sse4.1,ssse3")))

AESNI_TARGET
uint32_t mx_aes_ni_subword(uint32_t w)
{
	/* With the word in all four columns ShiftRows changes nothing, and
	 * aesenclast with a zero key is just SubBytes. */
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
	/* The equivalent inverse cipher: reversed keys, InvMixColumns on
	 * all but the first and last. */
	dec[0] = enc[nr];
	for (r = 1; r < nr; r++)
		dec[r] = _mm_aesimc_si128(enc[nr - r]);
	dec[nr] = enc[0];
}

AESNI_TARGET
static inline __m128i enc1(const __m128i *rk, unsigned int nr, __m128i x)
{
	unsigned int r;

	x = _mm_xor_si128(x, rk[0]);
	for (r = 1; r < nr; r++)
		x = _mm_aesenc_si128(x, rk[r]);
	return _mm_aesenclast_si128(x, rk[nr]);
}

AESNI_TARGET
static inline __m128i dec1(const __m128i *rk, unsigned int nr, __m128i x)
{
	unsigned int r;

	x = _mm_xor_si128(x, rk[0]);
	for (r = 1; r < nr; r++)
		x = _mm_aesdec_si128(x, rk[r]);
	return _mm_aesdeclast_si128(x, rk[nr]);
}

AESNI_TARGET
void mx_aes_ni_encrypt_block(const struct mx_aes_key *key, const uint8_t *in, uint8_t *out)
{
	__m128i x = _mm_loadu_si128((const __m128i *)in);

	_mm_storeu_si128((__m128i *)out, enc1((const __m128i *)key->rk.ni.enc, key->rounds, x));
}

AESNI_TARGET
void mx_aes_ni_decrypt_block(const struct mx_aes_key *key, const uint8_t *in, uint8_t *out)
{
	__m128i x = _mm_loadu_si128((const __m128i *)in);

	_mm_storeu_si128((__m128i *)out, dec1((const __m128i *)key->rk.ni.dec, key->rounds, x));
}

/* Specialised per round count so the round keys stay in registers. */
AESNI_TARGET
static inline __m128i cbc_enc_loop(const __m128i *rk, unsigned int nr, __m128i iv,
				   const uint8_t *in, uint8_t *out, size_t n)
{
	for (; n; n--, in += 16, out += 16) {
		iv = _mm_xor_si128(iv, _mm_loadu_si128((const __m128i *)in));
		iv = enc1(rk, nr, iv);
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

	switch (key->rounds) {
	case 10:
		v = cbc_enc_loop(rk, 10, v, in, out, n);
		break;
	case 12:
		v = cbc_enc_loop(rk, 12, v, in, out, n);
		break;
	default:
		v = cbc_enc_loop(rk, 14, v, in, out, n);
		break;
	}
	_mm_storeu_si128((__m128i *)iv, v);
}

AESNI_TARGET
void mx_aes_ni_cbc_decrypt(const struct mx_aes_key *key, uint8_t iv[16], const uint8_t *in,
			   uint8_t *out, size_t n)
{
	const __m128i *rk = (const __m128i *)key->rk.ni.dec;
	const unsigned int nr = key->rounds;
	__m128i prev = _mm_loadu_si128((const __m128i *)iv);

	while (n >= 8) {
		__m128i c[8], x[8];
		unsigned int r;
		int i;

		for (i = 0; i < 8; i++) {
			c[i] = _mm_loadu_si128((const __m128i *)(in + 16 * i));
			x[i] = _mm_xor_si128(c[i], rk[0]);
		}
		for (r = 1; r < nr; r++)
			for (i = 0; i < 8; i++)
				x[i] = _mm_aesdec_si128(x[i], rk[r]);
		for (i = 0; i < 8; i++)
			x[i] = _mm_aesdeclast_si128(x[i], rk[nr]);
		/* in may equal out: all of c[] was loaded before this store. */
		_mm_storeu_si128((__m128i *)out, _mm_xor_si128(x[0], prev));
		for (i = 1; i < 8; i++)
			_mm_storeu_si128((__m128i *)(out + 16 * i), _mm_xor_si128(x[i], c[i - 1]));
		prev = c[7];
		in += 128;
		out += 128;
		n -= 8;
	}
	for (; n; n--, in += 16, out += 16) {
		__m128i c = _mm_loadu_si128((const __m128i *)in);

		_mm_storeu_si128((__m128i *)out, _mm_xor_si128(dec1(rk, nr, c), prev));
		prev = c;
	}
	_mm_storeu_si128((__m128i *)iv, prev);
}

AESNI_TARGET
void mx_aes_ni_ctr32(const struct mx_aes_key *key, uint8_t ctr[16], const uint8_t *in,
		     uint8_t *out, size_t n)
{
	const __m128i *rk = (const __m128i *)key->rk.ni.enc;
	const unsigned int nr = key->rounds;
	/* The counter is kept as a little-endian integer in lane 3 and
	 * byte-swapped per block: lanes 0-2 are the fixed prefix. */
	const __m128i bswap32 = _mm_set_epi8(12, 13, 14, 15, 11, 10, 9, 8, 7, 6, 5, 4,
					     3, 2, 1, 0);
	__m128i cb = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)ctr), bswap32);
	const __m128i one = _mm_set_epi32(1, 0, 0, 0);

	while (n >= 8) {
		__m128i x[8];
		unsigned int r;
		int i;

		for (i = 0; i < 8; i++) {
			x[i] = _mm_xor_si128(_mm_shuffle_epi8(cb, bswap32), rk[0]);
			cb = _mm_add_epi32(cb, one);
		}
		for (r = 1; r < nr; r++)
			for (i = 0; i < 8; i++)
				x[i] = _mm_aesenc_si128(x[i], rk[r]);
		for (i = 0; i < 8; i++) {
			x[i] = _mm_aesenclast_si128(x[i], rk[nr]);
			x[i] = _mm_xor_si128(x[i], _mm_loadu_si128((const __m128i *)(in + 16 * i)));
			_mm_storeu_si128((__m128i *)(out + 16 * i), x[i]);
		}
		in += 128;
		out += 128;
		n -= 8;
	}
	for (; n; n--, in += 16, out += 16) {
		__m128i x = enc1(rk, nr, _mm_shuffle_epi8(cb, bswap32));

		cb = _mm_add_epi32(cb, one);
		x = _mm_xor_si128(x, _mm_loadu_si128((const __m128i *)in));
		_mm_storeu_si128((__m128i *)out, x);
	}
	_mm_storeu_si128((__m128i *)ctr, _mm_shuffle_epi8(cb, bswap32));
}
#endif
