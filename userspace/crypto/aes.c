// SPDX-License-Identifier: GPL-2.0
/*
 * AES: key expansion, and the modes over whichever implementation the key
 * was set up with. See aes.h.
 */
#include <errno.h>

#include "crypto/aes_impl.h"
#include "crypto/bytes.h"
#include "crypto/cpu.h"
#include "core/ct.h"

/*
 * FIPS 197 section 5.2, on bytes. SubWord is the implementation's own
 * (constant time either way), so the schedule never indexes a table by
 * key material.
 */
static void expand_key(uint8_t *w, const uint8_t *k, size_t keylen, unsigned int rounds,
		       uint32_t (*subword)(uint32_t))
{
	const size_t nk = keylen / 4, total = 4 * (rounds + 1);
	uint8_t rcon = 1;
	size_t i;

	memcpy(w, k, keylen);
	for (i = nk; i < total; i++) {
		uint32_t t = mx_load_le32(w + 4 * (i - 1));

		if (i % nk == 0) {
			/* RotWord then SubWord; little-endian, so a right rotation */
			t = subword(mx_ror32(t, 8)) ^ rcon;
			rcon = (uint8_t)((rcon << 1) ^ (0x1b & -(rcon >> 7)));
		} else if (nk > 6 && i % nk == 4) {
			t = subword(t);
		}
		mx_store_le32(w + 4 * i, t ^ mx_load_le32(w + 4 * (i - nk)));
	}
}

int mx_aes_setkey(struct mx_aes_key *key, const uint8_t *k, size_t keylen)
{
	uint8_t w[240];

	if (keylen != 16 && keylen != 24 && keylen != 32)
		return -EINVAL;
	key->rounds = (unsigned int)(keylen / 4 + 6);
#if defined(__x86_64__) || defined(__i386__)
	if (mx_cpu_has(MX_CPU_AESNI | MX_CPU_SSE41 | MX_CPU_SSSE3)) {
		key->impl = MX_AES_NI;
		expand_key(w, k, keylen, key->rounds, mx_aes_ni_subword);
		mx_aes_ni_load_keys(key, w);
		mx_zeroize(w, sizeof(w));
		return 0;
	}
#endif
	key->impl = MX_AES_CT;
	expand_key(w, k, keylen, key->rounds, mx_aes_ct_subword);
	mx_aes_ct_load_keys(key, w);
	mx_zeroize(w, sizeof(w));
	return 0;
}

void mx_aes_clear(struct mx_aes_key *key)
{
	mx_zeroize(key, sizeof(*key));
}

void mx_aes_encrypt_block(const struct mx_aes_key *key, const uint8_t in[16], uint8_t out[16])
{
#if defined(__x86_64__) || defined(__i386__)
	if (key->impl == MX_AES_NI) {
		mx_aes_ni_encrypt_block(key, in, out);
		return;
	}
#endif
	mx_aes_ct_encrypt(key, in, out, 1);
}

void mx_aes_decrypt_block(const struct mx_aes_key *key, const uint8_t in[16], uint8_t out[16])
{
#if defined(__x86_64__) || defined(__i386__)
	if (key->impl == MX_AES_NI) {
		mx_aes_ni_decrypt_block(key, in, out);
		return;
	}
#endif
	mx_aes_ct_decrypt(key, in, out, 1);
}

int mx_aes_cbc_encrypt(const struct mx_aes_key *key, uint8_t iv[16], const uint8_t *in,
		       uint8_t *out, size_t len)
{
	uint8_t x[16];

	if (len % 16)
		return -EINVAL;
#if defined(__x86_64__) || defined(__i386__)
	if (key->impl == MX_AES_NI) {
		mx_aes_ni_cbc_encrypt(key, iv, in, out, len / 16);
		return 0;
	}
#endif
	for (; len; len -= 16, in += 16, out += 16) {
		mx_xor_bytes(x, iv, in, 16);
		mx_aes_ct_encrypt(key, x, iv, 1);
		memcpy(out, iv, 16);
	}
	mx_zeroize(x, sizeof(x));
	return 0;
}

int mx_aes_cbc_decrypt(const struct mx_aes_key *key, uint8_t iv[16], const uint8_t *in,
		       uint8_t *out, size_t len)
{
	uint8_t c[16 * MX_AES_CT_BLOCKS], p[16 * MX_AES_CT_BLOCKS];

	if (len % 16)
		return -EINVAL;
#if defined(__x86_64__) || defined(__i386__)
	if (key->impl == MX_AES_NI) {
		mx_aes_ni_cbc_decrypt(key, iv, in, out, len / 16);
		return 0;
	}
#endif
	/* As many blocks per bitsliced call as it takes. */
	while (len) {
		size_t n = len < sizeof(c) ? len : sizeof(c);

		memcpy(c, in, n);
		mx_aes_ct_decrypt(key, c, p, n / 16);
		mx_xor_bytes(out, p, iv, 16);
		mx_xor_bytes(out + 16, p + 16, c, n - 16);
		memcpy(iv, c + n - 16, 16);
		in += n;
		out += n;
		len -= n;
	}
	mx_zeroize(p, sizeof(p));
	return 0;
}

static void ctr_inc(uint8_t ctr[16], uint32_t n)
{
	mx_store_be32(ctr + 12, mx_load_be32(ctr + 12) + n);
}

void mx_aes_ctr32(const struct mx_aes_key *key, uint8_t ctr[16], const uint8_t *in,
		  uint8_t *out, size_t len)
{
	uint8_t cb[16 * MX_AES_CT_BLOCKS], ks[16 * MX_AES_CT_BLOCKS];
	size_t nb;

#if defined(__x86_64__) || defined(__i386__)
	if (key->impl == MX_AES_NI) {
		nb = len / 16;
		mx_aes_ni_ctr32(key, ctr, in, out, nb);
		in += 16 * nb;
		out += 16 * nb;
		len -= 16 * nb;
		if (len) {
			mx_aes_ni_encrypt_block(key, ctr, ks);
			ctr_inc(ctr, 1);
			mx_xor_bytes(out, in, ks, len);
			mx_zeroize(ks, 16);
		}
		return;
	}
#endif
	while (len) {
		size_t n = len < sizeof(ks) ? len : sizeof(ks), i;

		nb = (n + 15) / 16;
		for (i = 0; i < nb; i++) {
			memcpy(cb + 16 * i, ctr, 16);
			ctr_inc(ctr, 1);
		}
		mx_aes_ct_encrypt(key, cb, ks, nb);
		mx_xor_bytes(out, in, ks, n);
		in += n;
		out += n;
		len -= n;
	}
	mx_zeroize(ks, sizeof(ks));
}
