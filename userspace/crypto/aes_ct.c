// SPDX-License-Identifier: GPL-2.0
/*
 * Bitsliced AES in portable C: constant time, no table lookups.
 *
 * Four blocks are processed together in eight 64-bit words q[0..7]: q[b]
 * holds bit b of every byte, at bit position 16*c + 4*r + k for byte
 * (row r, column c) of block k. A column is a 16-bit lane and a row a
 * nibble of it, so ShiftRows is a rotation of the whole word by 16*r
 * bits kept on row r's nibbles, and MixColumns mixes nibbles inside the
 * lanes. SubBytes is a boolean circuit: inversion in GF(2^8) done in the
 * tower field GF((2^4)^2), between two linear layers that change the
 * basis and apply the affine map; scripts/gen-aes-ct-sbox.py derives and
 * checks those layers.
 */
#include "crypto/aes_impl.h"
#include "crypto/bytes.h"
#include "cryptoConfig.h"
#include "core/ct.h"

/*
 * The word the slices live in: a 64-bit integer (four blocks at a time),
 * or with PS_AES_IMPROVE_PERF_INCREASE_CODESIZE a pair of them in a
 * 128-bit vector (eight blocks at a time: SSE2 on x86-64, NEON on arm64,
 * plain pairs elsewhere). Every operation below is lane-wise, so the same
 * code serves both; only packing and unpacking see the lanes.
 */
#ifdef PS_AES_IMPROVE_PERF_INCREASE_CODESIZE
typedef uint64_t ct_word __attribute__((vector_size(16)));
#define LANES 2
#else
typedef uint64_t ct_word;
#define LANES 1
#endif

#define ROR(x, n) (((x) >> (n)) | ((x) << (64 - (n))))

/* r = a * b in GF(16) = GF(2)[z]/(z^4 + z + 1), on bitsliced nibbles. */
static inline void gf16_mul(ct_word r[4], const ct_word a[4], const ct_word b[4])
{
	ct_word c0, c1, c2, c3, c4, c5, c6;

	c0 = a[0] & b[0];
	c1 = (a[0] & b[1]) ^ (a[1] & b[0]);
	c2 = (a[0] & b[2]) ^ (a[1] & b[1]) ^ (a[2] & b[0]);
	c3 = (a[0] & b[3]) ^ (a[1] & b[2]) ^ (a[2] & b[1]) ^ (a[3] & b[0]);
	c4 = (a[1] & b[3]) ^ (a[2] & b[2]) ^ (a[3] & b[1]);
	c5 = (a[2] & b[3]) ^ (a[3] & b[2]);
	c6 = a[3] & b[3];
	/* z^4 = z + 1, z^5 = z^2 + z, z^6 = z^3 + z^2 */
	r[0] = c0 ^ c4;
	r[1] = c1 ^ c4 ^ c5;
	r[2] = c2 ^ c5 ^ c6;
	r[3] = c3 ^ c6;
}

/* r = a^-1 in GF(16) (0 for 0): the algebraic normal form of a^14. */
static inline void gf16_inv(ct_word r[4], const ct_word a[4])
{
	ct_word a01 = a[0] & a[1], a02 = a[0] & a[2], a03 = a[0] & a[3];
	ct_word a12 = a[1] & a[2], a13 = a[1] & a[3], a23 = a[2] & a[3];

	r[0] = a[0] ^ a[1] ^ a[2] ^ a[3] ^ a02 ^ a12 ^ (a01 & a[2]) ^ (a12 & a[3]);
	r[1] = a01 ^ a02 ^ a12 ^ a[3] ^ a13 ^ (a01 & a[3]);
	r[2] = a01 ^ a[2] ^ a02 ^ a[3] ^ a03 ^ (a02 & a[3]);
	r[3] = a[1] ^ a[2] ^ a[3] ^ a03 ^ a13 ^ a23 ^ (a12 & a[3]);
}

/*
 * The tower-field inversion. v[0..3] = a_l, v[4..7] = a_h,
 * v[8..11] = a_l + a_h, v[12..15] = lambda*a_h^2 + a_l^2 (all made by the
 * linear layer before). Output u[0..3] = (a_l + a_h) * d^-1 and
 * u[4..7] = a_h * d^-1 with d = lambda*a_h^2 + a_h*a_l + a_l^2.
 */
static inline void tower_inv(ct_word u[8], const ct_word v[16])
{
	ct_word d[4], dinv[4];

	gf16_mul(d, v + 4, v);
	d[0] ^= v[12];
	d[1] ^= v[13];
	d[2] ^= v[14];
	d[3] ^= v[15];
	gf16_inv(dinv, d);
	gf16_mul(u, v + 8, dinv);
	gf16_mul(u + 4, v + 4, dinv);
}

/* Linear layers printed by scripts/gen-aes-ct-sbox.py. */
static __attribute__((noinline)) void sub_bytes(ct_word x[8])
{
	ct_word v[16], u[8], t0, t1, t2, t3, t4, t5, t6, t7, t8;

	t0 = x[4] ^ x[5];
	t1 = x[3] ^ x[6];
	t2 = x[7] ^ t1;
	t3 = x[0] ^ t0;
	t4 = x[1] ^ x[6];
	t5 = x[2] ^ x[3];
	t6 = x[2] ^ t2;
	t7 = x[5] ^ x[7];
	t8 = x[7] ^ t0;
	v[0] = x[0] ^ x[5];
	v[1] = x[5] ^ t5;
	v[2] = x[7] ^ t4;
	v[3] = x[1] ^ t2;
	v[4] = x[4] ^ t6;
	v[5] = t5 ^ t7;
	v[6] = t0 ^ t4;
	v[7] = t7;
	v[8] = t3 ^ t6;
	v[9] = x[7];
	v[10] = t8;
	v[11] = x[1] ^ x[5] ^ t1;
	v[12] = t3;
	v[13] = x[1] ^ t8;
	v[14] = x[3] ^ t0;
	v[15] = t2;

	tower_inv(u, v);

	t0 = u[4] ^ u[7];
	t1 = u[1] ^ u[2];
	t2 = u[5] ^ t0;
	t3 = u[0] ^ t2;
	x[0] = ~t3;
	x[1] = ~(u[0] ^ u[2]);
	x[2] = u[0] ^ u[1] ^ u[3];
	x[3] = u[0] ^ u[4] ^ u[6];
	x[4] = t1 ^ t3;
	x[5] = ~(t1 ^ t2);
	x[6] = ~t0;
	x[7] = u[3] ^ u[4] ^ t1;
}

static __attribute__((noinline)) void inv_sub_bytes(ct_word x[8])
{
	ct_word v[16], u[8], t0, t1, t2, t3, t4, t5, t6, t7, t8;

	t0 = x[1] ^ x[4];
	t1 = x[2] ^ x[7];
	t2 = x[5] ^ t0;
	t3 = x[0] ^ x[6];
	t4 = x[3] ^ t2;
	t5 = x[1] ^ t1;
	t6 = x[2] ^ t0;
	t7 = x[4] ^ x[5];
	t8 = x[7] ^ t3;
	v[0] = ~t7;
	v[1] = ~(x[0] ^ x[1] ^ x[5]);
	v[2] = t2;
	v[3] = x[0] ^ t6;
	v[4] = ~t5;
	v[5] = ~(t3 ^ t7);
	v[6] = t1 ^ t4;
	v[7] = x[6] ^ t5;
	v[8] = t1 ^ t2;
	v[9] = x[6] ^ t0;
	v[10] = x[3] ^ t1;
	v[11] = x[4] ^ t8;
	v[12] = ~(x[6] ^ t4);
	v[13] = t1 ^ t3;
	v[14] = t4 ^ t8;
	v[15] = x[3] ^ x[6] ^ t6;

	tower_inv(u, v);

	t0 = u[1] ^ u[5];
	t1 = u[2] ^ u[3];
	t2 = u[2] ^ u[6];
	t3 = u[7] ^ t0;
	x[0] = u[0] ^ t3;
	x[1] = u[4] ^ u[5] ^ u[6];
	x[2] = u[5] ^ u[7] ^ t1;
	x[3] = t1;
	x[4] = u[7] ^ t2;
	x[5] = t3;
	x[6] = u[1] ^ u[4] ^ t2;
	x[7] = t0;
}

#define ROW0 0x000f000f000f000full
#define ROW1 0x00f000f000f000f0ull
#define ROW2 0x0f000f000f000f00ull
#define ROW3 0xf000f000f000f000ull

/* Row r moves left by r columns: column c takes column c + r. */
static inline void shift_rows(ct_word q[8])
{
	int i;

	for (i = 0; i < 8; i++) {
		ct_word x = q[i];

		q[i] = (x & ROW0) | (ROR(x, 16) & ROW1) | (ROR(x, 32) & ROW2) |
		       (ROR(x, 48) & ROW3);
	}
}

static inline void inv_shift_rows(ct_word q[8])
{
	int i;

	for (i = 0; i < 8; i++) {
		ct_word x = q[i];

		q[i] = (x & ROW0) | (ROR(x, 48) & ROW1) | (ROR(x, 32) & ROW2) |
		       (ROR(x, 16) & ROW3);
	}
}

/* Row r of each column takes row r + 1 (mod 4), or r + 2. */
static inline ct_word rows_up1(ct_word x)
{
	return ((x >> 4) & 0x0fff0fff0fff0fffull) | ((x << 12) & 0xf000f000f000f000ull);
}

static inline ct_word rows_up2(ct_word x)
{
	return ((x >> 8) & 0x00ff00ff00ff00ffull) | ((x << 8) & 0xff00ff00ff00ff00ull);
}

/* q = {02} * t across the bit slices (x^8 = x^4 + x^3 + x + 1). */
static inline void xtime(ct_word q[8], const ct_word t[8])
{
	ct_word hi = t[7];

	q[7] = t[6];
	q[6] = t[5];
	q[5] = t[4];
	q[4] = t[3] ^ hi;
	q[3] = t[2] ^ hi;
	q[2] = t[1];
	q[1] = t[0] ^ hi;
	q[0] = hi;
}

/*
 * out[r] = 2 a[r] + 3 a[r+1] + a[r+2] + a[r+3]
 *        = 2 (a[r] + a[r+1]) + a[r+1] + (a[r+2] + a[r+3])
 */
static __attribute__((noinline)) void mix_columns(ct_word q[8])
{
	ct_word a1[8], t[8], t2[8];
	int i;

	for (i = 0; i < 8; i++) {
		a1[i] = rows_up1(q[i]);
		t[i] = q[i] ^ a1[i];
	}
	xtime(t2, t);
	for (i = 0; i < 8; i++)
		q[i] = t2[i] ^ a1[i] ^ rows_up2(t[i]);
}

/*
 * InvMixColumns = MixColumns after the circulant (05 00 04 00):
 * a[r] + 4 (a[r] + a[r+2]).
 */
static __attribute__((noinline)) void inv_mix_columns(ct_word q[8])
{
	ct_word u[8], v[8];
	int i;

	for (i = 0; i < 8; i++)
		u[i] = q[i] ^ rows_up2(q[i]);
	xtime(v, u);
	xtime(u, v);
	for (i = 0; i < 8; i++)
		q[i] ^= u[i];
	mix_columns(q);
}

static inline void add_round_key(ct_word q[8], const uint64_t *rk)
{
	int i;

	for (i = 0; i < 8; i++)
		q[i] ^= rk[i];
}

/*
 * Transpose between eight words of bytes and eight bit slices: after it,
 * bit 8*j + i of q[b] is bit b of byte j of the old q[i] (and back: the
 * map is its own inverse). Three rounds of swapping bit 0, 1 and 2 of
 * the word index with the same bit of the position inside each byte.
 */
static inline void swap_bits(uint64_t *x, uint64_t *y, uint64_t lo, unsigned int s)
{
	uint64_t a = *x, b = *y;

	*x = (a & lo) | ((b & lo) << s);
	*y = ((a >> s) & lo) | (b & ~lo);
}

static void ortho(uint64_t q[8])
{
	swap_bits(&q[0], &q[1], 0x5555555555555555ull, 1);
	swap_bits(&q[2], &q[3], 0x5555555555555555ull, 1);
	swap_bits(&q[4], &q[5], 0x5555555555555555ull, 1);
	swap_bits(&q[6], &q[7], 0x5555555555555555ull, 1);
	swap_bits(&q[0], &q[2], 0x3333333333333333ull, 2);
	swap_bits(&q[1], &q[3], 0x3333333333333333ull, 2);
	swap_bits(&q[4], &q[6], 0x3333333333333333ull, 2);
	swap_bits(&q[5], &q[7], 0x3333333333333333ull, 2);
	swap_bits(&q[0], &q[4], 0x0f0f0f0f0f0f0f0full, 4);
	swap_bits(&q[1], &q[5], 0x0f0f0f0f0f0f0f0full, 4);
	swap_bits(&q[2], &q[6], 0x0f0f0f0f0f0f0f0full, 4);
	swap_bits(&q[3], &q[7], 0x0f0f0f0f0f0f0f0full, 4);
}

/*
 * Byte p of block k must end at bit 4p + k = 8*(p >> 1) + (4*(p & 1) + k)
 * of the slices: before the transpose it goes to byte p >> 1 of word
 * 4*(p & 1) + k. Blocks n..3 are zero.
 */
static void pack4(uint64_t q[8], const uint8_t *in, size_t n)
{
	size_t k, p;

	memset(q, 0, 8 * sizeof(q[0]));
	for (k = 0; k < n; k++)
		for (p = 0; p < 16; p++)
			q[4 * (p & 1) + k] |= (uint64_t)in[16 * k + p] << (8 * (p >> 1));
	ortho(q);
}

static void unpack4(uint64_t q[8], uint8_t *out, size_t n)
{
	size_t k, p;

	ortho(q);
	for (k = 0; k < n; k++)
		for (p = 0; p < 16; p++)
			out[16 * k + p] = (uint8_t)(q[4 * (p & 1) + k] >> (8 * (p >> 1)));
}

/* n blocks (up to MX_AES_CT_BLOCKS) into slices, four per lane. */
static void pack(ct_word q[8], const uint8_t *in, size_t n)
{
	uint64_t s[8];
	size_t lane, i, k;

	for (lane = 0; lane < LANES; lane++) {
		k = n > 4 * lane ? n - 4 * lane : 0;
		pack4(s, in + 64 * lane, k < 4 ? k : 4);
		for (i = 0; i < 8; i++) {
#ifdef PS_AES_IMPROVE_PERF_INCREASE_CODESIZE
			q[i][lane] = s[i];
#else
			q[i] = s[i];
#endif
		}
	}
	mx_zeroize(s, sizeof(s));
}

static void unpack(ct_word q[8], uint8_t *out, size_t n)
{
	uint64_t s[8];
	size_t lane, i, k;

	for (lane = 0; lane < LANES && n > 4 * lane; lane++) {
		for (i = 0; i < 8; i++) {
#ifdef PS_AES_IMPROVE_PERF_INCREASE_CODESIZE
			s[i] = q[i][lane];
#else
			s[i] = q[i];
#endif
		}
		k = n - 4 * lane;
		unpack4(s, out + 64 * lane, k < 4 ? k : 4);
	}
	mx_zeroize(s, sizeof(s));
}

uint32_t mx_aes_ct_subword(uint32_t w)
{
	uint8_t b[16] = { 0 };
	ct_word q[8];

	mx_store_le32(b, w);
	pack(q, b, 1);
	sub_bytes(q);
	unpack(q, b, 1);
	w = mx_load_le32(b);
	mx_zeroize(q, sizeof(q));
	mx_zeroize(b, sizeof(b));
	return w;
}

void mx_aes_ct_load_keys(struct mx_aes_key *key, const uint8_t *expanded)
{
	uint8_t rep[64];
	unsigned int r;
	int k;

	for (r = 0; r <= key->rounds; r++) {
		for (k = 0; k < 4; k++)
			memcpy(rep + 16 * k, expanded + 16 * r, 16);
		pack4(key->rk.ct[r], rep, 4);
	}
	mx_zeroize(rep, sizeof(rep));
}

static inline void encrypt_rounds(ct_word q[8], const uint64_t (*rk)[8], const unsigned int nr)
{
	unsigned int r;

	add_round_key(q, rk[0]);
	for (r = 1; r < nr; r++) {
		sub_bytes(q);
		shift_rows(q);
		mix_columns(q);
		add_round_key(q, rk[r]);
	}
	sub_bytes(q);
	shift_rows(q);
	add_round_key(q, rk[nr]);
}

static inline void decrypt_rounds(ct_word q[8], const uint64_t (*rk)[8], const unsigned int nr)
{
	unsigned int r;

	add_round_key(q, rk[nr]);
	for (r = nr - 1; r > 0; r--) {
		inv_shift_rows(q);
		inv_sub_bytes(q);
		add_round_key(q, rk[r]);
		inv_mix_columns(q);
	}
	inv_shift_rows(q);
	inv_sub_bytes(q);
	add_round_key(q, rk[0]);
}

void mx_aes_ct_encrypt(const struct mx_aes_key *key, const uint8_t *in, uint8_t *out, size_t n)
{
	ct_word q[8];

	pack(q, in, n);
	encrypt_rounds(q, key->rk.ct, key->rounds);
	unpack(q, out, n);
	mx_zeroize(q, sizeof(q));
}

void mx_aes_ct_decrypt(const struct mx_aes_key *key, const uint8_t *in, uint8_t *out, size_t n)
{
	ct_word q[8];

	pack(q, in, n);
	decrypt_rounds(q, key->rk.ct, key->rounds);
	unpack(q, out, n);
	mx_zeroize(q, sizeof(q));
}
