// SPDX-License-Identifier: GPL-2.0
/*
 * SHA-1 and SHA-256 compression with the x86 SHA extensions.
 *
 * The instructions keep the state in a permuted order: SHA-1 wants A..D in
 * one register with A in the top lane and E alone in the top lane of
 * another; SHA-256 wants {A,B,E,F} and {C,D,G,H}, again top lane first.
 * Message words are loaded byte-swapped into 4-word groups; each group
 * after the fourth is computed from the previous four with the msg1/msg2
 * helpers just before the rounds that use it.
 */
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#include "crypto/sha_ni.h"

#define SHA_NI_TARGET __attribute__((target("sha,sse4.1,ssse3")))

SHA_NI_TARGET
void mx_sha1_blocks_ni(uint32_t h[5], const uint8_t *p, size_t n)
{
	/* Reverses all 16 bytes: big-endian words, W0 in the top lane. */
	const __m128i bswap = _mm_set_epi64x(0x0001020304050607ll, 0x08090a0b0c0d0e0fll);
	__m128i abcd, e0;

	abcd = _mm_shuffle_epi32(_mm_loadu_si128((const void *)h), 0x1b);
	e0 = _mm_set_epi32((int)h[4], 0, 0, 0);

	for (; n; n--, p += 64) {
		__m128i abcd_in = abcd, e_in = e0, e1, m[4];
		int g;

#pragma GCC unroll 16
		for (g = 0; g < 4; g++)
			m[g] = _mm_shuffle_epi8(_mm_loadu_si128((const void *)(p + 16 * g)), bswap);

		/*
		 * Rounds 0-3: E plus the first group; later groups get E from
		 * the A of four rounds earlier via sha1nexte.
		 */
		e0 = _mm_add_epi32(e0, m[0]);
		e1 = abcd;
		abcd = _mm_sha1rnds4_epu32(abcd, e0, 0);

#define SHA1_GROUP(g, fn) do { \
	if ((g) >= 4) \
		m[(g) & 3] = _mm_sha1msg2_epu32( \
			_mm_xor_si128(_mm_sha1msg1_epu32(m[(g) & 3], m[((g) + 1) & 3]), \
				      m[((g) + 2) & 3]), m[((g) + 3) & 3]); \
	if ((g) & 1) { \
		e1 = _mm_sha1nexte_epu32(e1, m[(g) & 3]); \
		e0 = abcd; \
		abcd = _mm_sha1rnds4_epu32(abcd, e1, fn); \
	} else { \
		e0 = _mm_sha1nexte_epu32(e0, m[(g) & 3]); \
		e1 = abcd; \
		abcd = _mm_sha1rnds4_epu32(abcd, e0, fn); \
	} \
} while (0)
		SHA1_GROUP(1, 0);
		SHA1_GROUP(2, 0);
		SHA1_GROUP(3, 0);
		SHA1_GROUP(4, 0);
		SHA1_GROUP(5, 1);
		SHA1_GROUP(6, 1);
		SHA1_GROUP(7, 1);
		SHA1_GROUP(8, 1);
		SHA1_GROUP(9, 1);
		SHA1_GROUP(10, 2);
		SHA1_GROUP(11, 2);
		SHA1_GROUP(12, 2);
		SHA1_GROUP(13, 2);
		SHA1_GROUP(14, 2);
		SHA1_GROUP(15, 3);
		SHA1_GROUP(16, 3);
		SHA1_GROUP(17, 3);
		SHA1_GROUP(18, 3);
		SHA1_GROUP(19, 3);
#undef SHA1_GROUP
		/*
		 * E after 80 rounds is rol30 of the A of round 76 (kept in e0
		 * by group 19); sha1nexte adds it to the saved E.
		 */
		e0 = _mm_sha1nexte_epu32(e0, e_in);
		abcd = _mm_add_epi32(abcd, abcd_in);
	}
	_mm_storeu_si128((void *)h, _mm_shuffle_epi32(abcd, 0x1b));
	h[4] = (uint32_t)_mm_extract_epi32(e0, 3);
}

SHA_NI_TARGET
void mx_sha256_blocks_ni(uint32_t h[8], const uint8_t *p, size_t n)
{
	const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bll, 0x0405060700010203ll);
	__m128i s0, s1, t;

	/* h[0..3] = A B C D, h[4..7] = E F G H (lane 0 first). */
	t = _mm_shuffle_epi32(_mm_loadu_si128((const void *)h), 0xb1);	/* B A D C */
	s1 = _mm_shuffle_epi32(_mm_loadu_si128((const void *)(h + 4)), 0x1b); /* H G F E */
	s0 = _mm_alignr_epi8(t, s1, 8);		/* F E B A: ABEF, A on top */
	s1 = _mm_blend_epi16(s1, t, 0xf0);	/* H G D C: CDGH */

	for (; n; n--, p += 64) {
		__m128i s0_in = s0, s1_in = s1, m[4], wk;
		int g;

#pragma GCC unroll 16
		for (g = 0; g < 4; g++)
			m[g] = _mm_shuffle_epi8(_mm_loadu_si128((const void *)(p + 16 * g)), bswap);
#pragma GCC unroll 16
		for (g = 0; g < 16; g++) {
			if (g >= 4) {
				__m128i w7 = _mm_alignr_epi8(m[(g + 3) & 3], m[(g + 2) & 3], 4);

				__m128i s = _mm_sha256msg1_epu32(m[g & 3], m[(g + 1) & 3]);

				s = _mm_add_epi32(s, w7);
				m[g & 3] = _mm_sha256msg2_epu32(s, m[(g + 3) & 3]);
			}
			wk = _mm_add_epi32(m[g & 3],
					   _mm_loadu_si128((const void *)(mx_sha256_k + 4 * g)));
			s1 = _mm_sha256rnds2_epu32(s1, s0, wk);
			s0 = _mm_sha256rnds2_epu32(s0, s1, _mm_shuffle_epi32(wk, 0x0e));
		}
		s0 = _mm_add_epi32(s0, s0_in);
		s1 = _mm_add_epi32(s1, s1_in);
	}
	t = _mm_shuffle_epi32(s0, 0x1b);		/* A B E F, lane 0 first */
	s1 = _mm_shuffle_epi32(s1, 0xb1);		/* G H C D */
	_mm_storeu_si128((void *)h, _mm_blend_epi16(t, s1, 0xf0));
	_mm_storeu_si128((void *)(h + 4), _mm_alignr_epi8(s1, t, 8));
}
#endif
