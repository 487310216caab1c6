/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The shash calls kmod/mte.c makes, over plain C SHA-1, SHA-256 and
 * SHA-384 whose exported state has the kernel's layout (chaining words
 * first). Nothing here branches on or indexes by the data hashed.
 */
#ifndef KSHIM_CRYPTO_HASH_H
#define KSHIM_CRYPTO_HASH_H

#include <string.h>
#include <linux/slab.h>
#include <linux/types.h>
#include <crypto/sha2.h>

struct sha1_state {
	u32 state[5];
	u64 count;
	u8 buffer[64];
};

enum { KSHIM_SHA1 = 1, KSHIM_SHA256, KSHIM_SHA384 };

struct crypto_shash {
	int alg;
};

struct shash_desc {
	struct crypto_shash *tfm;
	union {
		struct sha1_state s1;
		struct sha256_state s256;
		struct sha512_state s512;
	} u;
};

static inline unsigned int crypto_shash_statesize(struct crypto_shash *tfm)
{
	return tfm->alg == KSHIM_SHA1 ? sizeof(struct sha1_state) :
	       tfm->alg == KSHIM_SHA256 ? sizeof(struct sha256_state) : sizeof(struct sha512_state);
}

static inline unsigned int crypto_shash_digestsize(struct crypto_shash *tfm)
{
	return tfm->alg == KSHIM_SHA1 ? 20 : tfm->alg == KSHIM_SHA256 ? 32 : 48;
}

static inline unsigned int crypto_shash_blocksize(struct crypto_shash *tfm)
{
	return tfm->alg == KSHIM_SHA384 ? 128 : 64;
}

#define KSHIM_ROL32(x, n) (((x) << (n)) | ((x) >> (32 - (n))))
#define KSHIM_ROR32(x, n) (((x) >> (n)) | ((x) << (32 - (n))))
#define KSHIM_ROR64(x, n) (((x) >> (n)) | ((x) << (64 - (n))))

static inline u32 kshim_be32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

static inline u64 kshim_be64(const u8 *p)
{
	return (u64)kshim_be32(p) << 32 | kshim_be32(p + 4);
}

static inline void kshim_sha1_block(u32 *s, const u8 *b)
{
	u32 w[80], a = s[0], bb = s[1], c = s[2], d = s[3], e = s[4], t;
	int i;

	for (i = 0; i < 16; i++)
		w[i] = kshim_be32(b + 4 * i);
	for (; i < 80; i++)
		w[i] = KSHIM_ROL32(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
	for (i = 0; i < 80; i++) {
		u32 f, k;

		if (i < 20) {
			f = (bb & c) | (~bb & d);
			k = 0x5a827999;
		} else if (i < 40) {
			f = bb ^ c ^ d;
			k = 0x6ed9eba1;
		} else if (i < 60) {
			f = (bb & c) | (bb & d) | (c & d);
			k = 0x8f1bbcdc;
		} else {
			f = bb ^ c ^ d;
			k = 0xca62c1d6;
		}
		t = KSHIM_ROL32(a, 5) + f + e + k + w[i];
		e = d;
		d = c;
		c = KSHIM_ROL32(bb, 30);
		bb = a;
		a = t;
	}
	s[0] += a;
	s[1] += bb;
	s[2] += c;
	s[3] += d;
	s[4] += e;
}

static const u32 kshim_k256[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
	0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
	0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
	0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
	0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
	0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
	0xc67178f2,
};

static inline void kshim_sha256_block(u32 *s, const u8 *b)
{
	u32 w[64], v[8], t1, t2;
	int i, j;

	for (i = 0; i < 16; i++)
		w[i] = kshim_be32(b + 4 * i);
	for (; i < 64; i++) {
		u32 s0 = KSHIM_ROR32(w[i - 15], 7) ^ KSHIM_ROR32(w[i - 15], 18) ^ (w[i - 15] >> 3);
		u32 s1 = KSHIM_ROR32(w[i - 2], 17) ^ KSHIM_ROR32(w[i - 2], 19) ^ (w[i - 2] >> 10);

		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	memcpy(v, s, sizeof(v));
	for (i = 0; i < 64; i++) {
		t1 = v[7] + (KSHIM_ROR32(v[4], 6) ^ KSHIM_ROR32(v[4], 11) ^ KSHIM_ROR32(v[4], 25)) +
		     ((v[4] & v[5]) ^ (~v[4] & v[6])) + kshim_k256[i] + w[i];
		t2 = (KSHIM_ROR32(v[0], 2) ^ KSHIM_ROR32(v[0], 13) ^ KSHIM_ROR32(v[0], 22)) +
		     ((v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]));
		for (j = 7; j > 0; j--)
			v[j] = v[j - 1];
		v[4] += t1;
		v[0] = t1 + t2;
	}
	for (i = 0; i < 8; i++)
		s[i] += v[i];
}

static const u64 kshim_k512[80] = {
	0x428a2f98d728ae22ULL, 0x7137449123ef65cdULL, 0xb5c0fbcfec4d3b2fULL, 0xe9b5dba58189dbbcULL,
	0x3956c25bf348b538ULL, 0x59f111f1b605d019ULL, 0x923f82a4af194f9bULL, 0xab1c5ed5da6d8118ULL,
	0xd807aa98a3030242ULL, 0x12835b0145706fbeULL, 0x243185be4ee4b28cULL, 0x550c7dc3d5ffb4e2ULL,
	0x72be5d74f27b896fULL, 0x80deb1fe3b1696b1ULL, 0x9bdc06a725c71235ULL, 0xc19bf174cf692694ULL,
	0xe49b69c19ef14ad2ULL, 0xefbe4786384f25e3ULL, 0x0fc19dc68b8cd5b5ULL, 0x240ca1cc77ac9c65ULL,
	0x2de92c6f592b0275ULL, 0x4a7484aa6ea6e483ULL, 0x5cb0a9dcbd41fbd4ULL, 0x76f988da831153b5ULL,
	0x983e5152ee66dfabULL, 0xa831c66d2db43210ULL, 0xb00327c898fb213fULL, 0xbf597fc7beef0ee4ULL,
	0xc6e00bf33da88fc2ULL, 0xd5a79147930aa725ULL, 0x06ca6351e003826fULL, 0x142929670a0e6e70ULL,
	0x27b70a8546d22ffcULL, 0x2e1b21385c26c926ULL, 0x4d2c6dfc5ac42aedULL, 0x53380d139d95b3dfULL,
	0x650a73548baf63deULL, 0x766a0abb3c77b2a8ULL, 0x81c2c92e47edaee6ULL, 0x92722c851482353bULL,
	0xa2bfe8a14cf10364ULL, 0xa81a664bbc423001ULL, 0xc24b8b70d0f89791ULL, 0xc76c51a30654be30ULL,
	0xd192e819d6ef5218ULL, 0xd69906245565a910ULL, 0xf40e35855771202aULL, 0x106aa07032bbd1b8ULL,
	0x19a4c116b8d2d0c8ULL, 0x1e376c085141ab53ULL, 0x2748774cdf8eeb99ULL, 0x34b0bcb5e19b48a8ULL,
	0x391c0cb3c5c95a63ULL, 0x4ed8aa4ae3418acbULL, 0x5b9cca4f7763e373ULL, 0x682e6ff3d6b2b8a3ULL,
	0x748f82ee5defb2fcULL, 0x78a5636f43172f60ULL, 0x84c87814a1f0ab72ULL, 0x8cc702081a6439ecULL,
	0x90befffa23631e28ULL, 0xa4506cebde82bde9ULL, 0xbef9a3f7b2c67915ULL, 0xc67178f2e372532bULL,
	0xca273eceea26619cULL, 0xd186b8c721c0c207ULL, 0xeada7dd6cde0eb1eULL, 0xf57d4f7fee6ed178ULL,
	0x06f067aa72176fbaULL, 0x0a637dc5a2c898a6ULL, 0x113f9804bef90daeULL, 0x1b710b35131c471bULL,
	0x28db77f523047d84ULL, 0x32caab7b40c72493ULL, 0x3c9ebe0a15c9bebcULL, 0x431d67c49c100d4cULL,
	0x4cc5d4becb3e42b6ULL, 0x597f299cfc657e2aULL, 0x5fcb6fab3ad6faecULL, 0x6c44198c4a475817ULL,
};

static inline void kshim_sha512_block(u64 *s, const u8 *b)
{
	u64 w[80], v[8], t1, t2;
	int i, j;

	for (i = 0; i < 16; i++)
		w[i] = kshim_be64(b + 8 * i);
	for (; i < 80; i++) {
		u64 s0 = KSHIM_ROR64(w[i - 15], 1) ^ KSHIM_ROR64(w[i - 15], 8) ^ (w[i - 15] >> 7);
		u64 s1 = KSHIM_ROR64(w[i - 2], 19) ^ KSHIM_ROR64(w[i - 2], 61) ^ (w[i - 2] >> 6);

		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	memcpy(v, s, sizeof(v));
	for (i = 0; i < 80; i++) {
		t1 = v[7] + (KSHIM_ROR64(v[4], 14) ^ KSHIM_ROR64(v[4], 18) ^ KSHIM_ROR64(v[4], 41)) +
		     ((v[4] & v[5]) ^ (~v[4] & v[6])) + kshim_k512[i] + w[i];
		t2 = (KSHIM_ROR64(v[0], 28) ^ KSHIM_ROR64(v[0], 34) ^ KSHIM_ROR64(v[0], 39)) +
		     ((v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]));
		for (j = 7; j > 0; j--)
			v[j] = v[j - 1];
		v[4] += t1;
		v[0] = t1 + t2;
	}
	for (i = 0; i < 8; i++)
		s[i] += v[i];
}

static inline int crypto_shash_init(struct shash_desc *desc)
{
	static const u32 h1[5] = { 0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0 };
	static const u32 h256[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};
	static const u64 h384[8] = {
		0xcbbb9d5dc1059ed8ULL, 0x629a292a367cd507ULL, 0x9159015a3070dd17ULL,
		0x152fecd8f70e5939ULL, 0x67332667ffc00b31ULL, 0x8eb44a8768581511ULL,
		0xdb0c2e0d64f98fa7ULL, 0x47b5481dbefa4fa4ULL,
	};

	memset(&desc->u, 0, sizeof(desc->u));
	if (desc->tfm->alg == KSHIM_SHA1)
		memcpy(desc->u.s1.state, h1, sizeof(h1));
	else if (desc->tfm->alg == KSHIM_SHA256)
		memcpy(desc->u.s256.state, h256, sizeof(h256));
	else
		memcpy(desc->u.s512.state, h384, sizeof(h384));
	return 0;
}

static inline int crypto_shash_update(struct shash_desc *desc, const u8 *data, unsigned int len)
{
	unsigned int bs = crypto_shash_blocksize(desc->tfm);
	u64 *count = desc->tfm->alg == KSHIM_SHA1 ? &desc->u.s1.count :
		     desc->tfm->alg == KSHIM_SHA256 ? &desc->u.s256.count : &desc->u.s512.count[0];
	u8 *buf = desc->tfm->alg == KSHIM_SHA1 ? desc->u.s1.buffer :
		  desc->tfm->alg == KSHIM_SHA256 ? desc->u.s256.buf : desc->u.s512.buf;

	while (len) {
		unsigned int fill = (unsigned int)(*count % bs), n = bs - fill;

		if (n > len)
			n = len;
		memcpy(buf + fill, data, n);
		*count += n;
		data += n;
		len -= n;
		if (fill + n < bs)
			break;
		if (desc->tfm->alg == KSHIM_SHA1)
			kshim_sha1_block(desc->u.s1.state, buf);
		else if (desc->tfm->alg == KSHIM_SHA256)
			kshim_sha256_block(desc->u.s256.state, buf);
		else
			kshim_sha512_block(desc->u.s512.state, buf);
	}
	return 0;
}

static inline int crypto_shash_final(struct shash_desc *desc, u8 *out)
{
	unsigned int bs = crypto_shash_blocksize(desc->tfm), lf = bs == 128 ? 16 : 8, i;
	u64 bits = (desc->tfm->alg == KSHIM_SHA1 ? desc->u.s1.count :
		    desc->tfm->alg == KSHIM_SHA256 ? desc->u.s256.count :
		    desc->u.s512.count[0]) * 8;
	u8 pad[256] = { 0x80 };
	unsigned int fill = (unsigned int)((bits / 8) % bs);
	unsigned int n = (fill < bs - lf ? bs - lf - fill : 2 * bs - lf - fill);

	for (i = 0; i < 8; i++)
		pad[n + lf - 1 - i] = (u8)(bits >> (8 * i));
	crypto_shash_update(desc, pad, n + lf);
	for (i = 0; i < crypto_shash_digestsize(desc->tfm); i++) {
		if (desc->tfm->alg == KSHIM_SHA384)
			out[i] = (u8)(desc->u.s512.state[i / 8] >> (56 - 8 * (i % 8)));
		else if (desc->tfm->alg == KSHIM_SHA256)
			out[i] = (u8)(desc->u.s256.state[i / 4] >> (24 - 8 * (i % 4)));
		else
			out[i] = (u8)(desc->u.s1.state[i / 4] >> (24 - 8 * (i % 4)));
	}
	return 0;
}

static inline int crypto_shash_finup(struct shash_desc *desc, const u8 *data, unsigned int len,
				     u8 *out)
{
	return crypto_shash_update(desc, data, len) ?: crypto_shash_final(desc, out);
}

static inline int crypto_shash_export(struct shash_desc *desc, void *out)
{
	memcpy(out, &desc->u, crypto_shash_statesize(desc->tfm));
	return 0;
}

static inline int crypto_shash_import(struct shash_desc *desc, const void *in)
{
	memcpy(&desc->u, in, crypto_shash_statesize(desc->tfm));
	return 0;
}

#endif
