// SPDX-License-Identifier: GPL-2.0
/*
 * DES and Triple DES (FIPS 46-3, SP 800-67), constant time.
 *
 * Bits are numbered as in FIPS 46-3, bit 1 being the most significant of
 * the first byte. The f function takes the six expansion bits of each
 * S-box straight from a rotation of R, XORs the subkey chunk, and for each
 * of the S-box's four output bits shifts a 64-bit "plane" (bit v = that
 * output bit of S(v)) right by the 6-bit input: a shift by a data value
 * takes the same time for every value, unlike a table index. The bit
 * lands directly where the permutation P sends it. The planes and
 * positions are printed by scripts/gen-des-ct-tables.py.
 */
#include <errno.h>

#include "crypto/bytes.h"
#include "crypto/des.h"
#include "crypto/unroll.h"
#include "core/ct.h"

static const uint64_t des_sp_plane[8][4] = {
	{ 0x869d497a86e67619ull, 0xb0c7871b497826bdull,
	  0x27e9d492609f1f29ull, 0x917be9066f81b478ull },
	{ 0xe196196e69c3a659ull, 0x68f93c169346c3e9ull,
	  0x746a8b7462949fc3ull, 0xcd235ad2b865168full },
	{ 0x96692d696b9c90d3ull, 0xd96a863526f4794aull,
	  0x76b9960c39c2b749ull, 0x4b8d9c63a965569aull },
	{ 0x92c3e719ed90583eull, 0xcb69718c74ca0e97ull,
	  0xacd1168f692cce71ull, 0x09b77c1ac34998e7ull },
	{ 0x429dcd6a79e1348eull, 0x695b9ca191666b96ull,
	  0xc70b39c692f05d2bull, 0xa4cd96d24b76b948ull },
	{ 0xb44ab695c9a4695bull, 0xc69938d615e69a69ull,
	  0x52cbe13c6d9216daull, 0x95a36a597c3ca34cull },
	{ 0x92c761f82c96d966ull, 0x869cd96699e643c3ull,
	  0x6a95f41a9e4b81f4ull, 0x348e9679497969a6ull },
	{ 0xc17abd2438c716b9ull, 0x394e96b1596aa569ull,
	  0xa71658a7c8f13f0cull, 0x9f6281cd619c7c2bull },
};

static const uint8_t des_sp_pos[8][4] = {
	{ 23, 15,  9,  1 },
	{ 19,  4, 30, 14 },
	{  8, 16,  2, 26 },
	{  6, 12, 22, 31 },
	{ 24, 18,  7, 29 },
	{ 28,  3, 21, 13 },
	{  0, 20, 10, 25 },
	{ 27,  5, 17, 11 },
};

static const uint8_t ip[64] = {
	58, 50, 42, 34, 26, 18, 10, 2, 60, 52, 44, 36, 28, 20, 12, 4,
	62, 54, 46, 38, 30, 22, 14, 6, 64, 56, 48, 40, 32, 24, 16, 8,
	57, 49, 41, 33, 25, 17, 9, 1, 59, 51, 43, 35, 27, 19, 11, 3,
	61, 53, 45, 37, 29, 21, 13, 5, 63, 55, 47, 39, 31, 23, 15, 7,
};

/* IP^-1 */
static const uint8_t fp[64] = {
	40, 8, 48, 16, 56, 24, 64, 32, 39, 7, 47, 15, 55, 23, 63, 31,
	38, 6, 46, 14, 54, 22, 62, 30, 37, 5, 45, 13, 53, 21, 61, 29,
	36, 4, 44, 12, 52, 20, 60, 28, 35, 3, 43, 11, 51, 19, 59, 27,
	34, 2, 42, 10, 50, 18, 58, 26, 33, 1, 41, 9, 49, 17, 57, 25,
};

static const uint8_t pc1[56] = {
	57, 49, 41, 33, 25, 17, 9, 1, 58, 50, 42, 34, 26, 18,
	10, 2, 59, 51, 43, 35, 27, 19, 11, 3, 60, 52, 44, 36,
	63, 55, 47, 39, 31, 23, 15, 7, 62, 54, 46, 38, 30, 22,
	14, 6, 61, 53, 45, 37, 29, 21, 13, 5, 28, 20, 12, 4,
};

static const uint8_t pc2[48] = {
	14, 17, 11, 24, 1, 5, 3, 28, 15, 6, 21, 10,
	23, 19, 12, 4, 26, 8, 16, 7, 27, 20, 13, 2,
	41, 52, 31, 37, 47, 55, 30, 40, 51, 45, 33, 48,
	44, 49, 39, 56, 34, 53, 46, 42, 50, 36, 29, 32,
};

static const uint8_t key_shifts[16] = { 1, 1, 2, 2, 2, 2, 2, 2, 1, 2, 2, 2, 2, 2, 2, 1 };

/*
 * A fixed bit permutation: output bit i (1 = MSB of nout bits) is input
 * bit table[i] (1 = MSB of nin bits). Indices are public.
 */
static uint64_t permute(uint64_t in, const uint8_t *table, unsigned int nin, unsigned int nout)
{
	uint64_t out = 0;
	unsigned int i;

	for (i = 0; i < nout; i++)
		out = (out << 1) | ((in >> (nin - table[i])) & 1);
	return out;
}

static void des_subkeys(uint8_t sk[16][8], const uint8_t k[8])
{
	uint64_t cd = permute(mx_load_be64(k), pc1, 64, 56);
	uint32_t c = (uint32_t)(cd >> 28), d = (uint32_t)cd & 0x0fffffff;
	int i, j;

	for (i = 0; i < 16; i++) {
		uint64_t k48;

		c = ((c << key_shifts[i]) | (c >> (28 - key_shifts[i]))) & 0x0fffffff;
		d = ((d << key_shifts[i]) | (d >> (28 - key_shifts[i]))) & 0x0fffffff;
		k48 = permute((uint64_t)c << 28 | d, pc2, 56, 48);
		for (j = 0; j < 8; j++)
			sk[i][j] = (uint8_t)(k48 >> (42 - 6 * j)) & 0x3f;
	}
}

/* f(R, K): expansion, subkey, S-boxes and P. */
static MX_DES_INLINE uint32_t des_f(uint32_t r, const uint8_t *k)
{
	uint32_t out = 0;
	int j, b;

	/* Unrolled so that the planes and positions become immediates. */
#pragma GCC unroll 8
	for (j = 0; j < 8; j++) {
		/* bits 4j .. 4j + 5 of R (bit 0 meaning bit 32) */
		uint32_t v = (mx_ror32(r, (27 - 4 * j) & 31) & 0x3f) ^ k[j];

#pragma GCC unroll 4
		for (b = 0; b < 4; b++)
			out |= (uint32_t)((des_sp_plane[j][b] >> v) & 1) << des_sp_pos[j][b];
	}
	return out;
}

/*
 * 48 rounds with the three keys' subkeys in order, two per step so the
 * halves need no shuffling; each DES ends with the swap of its halves,
 * and the FP/IP between the stages cancel.
 */
static void des3_crypt(const uint8_t sk[48][8], const uint8_t in[8], uint8_t out[8])
{
	uint64_t x = permute(mx_load_be64(in), ip, 64, 64);
	uint32_t l = (uint32_t)(x >> 32), r = (uint32_t)x, t;
	int stage, i;

	for (stage = 0; stage < 3; stage++, sk += 16) {
		MX_DES_UNROLL
		for (i = 0; i < 16; i += 2) {
			l ^= des_f(r, sk[i]);
			r ^= des_f(l, sk[i + 1]);
		}
		t = l;
		l = r;
		r = t;
	}
	mx_store_be64(out, permute((uint64_t)l << 32 | r, fp, 64, 64));
}

int mx_des3_setkey(struct mx_des3_key *key, const uint8_t *k, size_t keylen)
{
	uint8_t sk[3][16][8];
	int i;

	if (keylen != MX_DES3_KEY_LEN && keylen != 16)
		return -EINVAL;
	for (i = 0; i < 3; i++)
		des_subkeys(sk[i], k + 8 * (keylen == 16 && i == 2 ? 0 : i));
	/* E(K1), D(K2), E(K3); decryption is D(K3), E(K2), D(K1). */
	for (i = 0; i < 16; i++) {
		memcpy(key->enc[i], sk[0][i], 8);
		memcpy(key->enc[16 + i], sk[1][15 - i], 8);
		memcpy(key->enc[32 + i], sk[2][i], 8);
		memcpy(key->dec[i], sk[2][15 - i], 8);
		memcpy(key->dec[16 + i], sk[1][i], 8);
		memcpy(key->dec[32 + i], sk[0][15 - i], 8);
	}
	mx_zeroize(sk, sizeof(sk));
	return 0;
}

void mx_des3_clear(struct mx_des3_key *key)
{
	mx_zeroize(key, sizeof(*key));
}

void mx_des3_encrypt_block(const struct mx_des3_key *key, const uint8_t in[8], uint8_t out[8])
{
	des3_crypt(key->enc, in, out);
}

void mx_des3_decrypt_block(const struct mx_des3_key *key, const uint8_t in[8], uint8_t out[8])
{
	des3_crypt(key->dec, in, out);
}

int mx_des3_cbc_encrypt(const struct mx_des3_key *key, uint8_t iv[8], const uint8_t *in,
			uint8_t *out, size_t len)
{
	uint8_t x[8];

	if (len % 8)
		return -EINVAL;
	for (; len; len -= 8, in += 8, out += 8) {
		mx_xor_bytes(x, iv, in, 8);
		des3_crypt(key->enc, x, iv);
		memcpy(out, iv, 8);
	}
	mx_zeroize(x, sizeof(x));
	return 0;
}

int mx_des3_cbc_decrypt(const struct mx_des3_key *key, uint8_t iv[8], const uint8_t *in,
			uint8_t *out, size_t len)
{
	uint8_t c[8], p[8];

	if (len % 8)
		return -EINVAL;
	for (; len; len -= 8, in += 8, out += 8) {
		memcpy(c, in, 8);
		des3_crypt(key->dec, c, p);
		mx_xor_bytes(out, p, iv, 8);
		memcpy(iv, c, 8);
	}
	mx_zeroize(p, sizeof(p));
	return 0;
}
