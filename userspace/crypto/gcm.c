// SPDX-License-Identifier: GPL-2.0
/*
 * AES-GCM: the IV, the lengths, partial blocks and the tag, over either
 * GHASH back end. See gcm.h and ghash.h.
 */
#include <errno.h>

#include "crypto/bytes.h"
#include "crypto/cpu.h"
#include "crypto/ghash.h"
#include "core/ct.h"

/*
 * SP 800-38D: plaintext up to 2^39 - 256 bits, AAD and IV up to 2^64 - 1
 * bits; with size_t byte counts only the first can be exceeded.
 */
#define GCM_MAX_TEXT ((1ull << 36) - 32)

static int use_clmul(const struct mx_gcm_key *key)
{
#if defined(__x86_64__) || defined(__i386__)
	return key->ghash == MX_GHASH_CLMUL;
#else
	return 0;
#endif
}

int mx_gcm_setkey(struct mx_gcm_key *key, const uint8_t *k, size_t keylen)
{
	uint8_t zero[16] = { 0 }, hb[16];
	uint64_t h[2];
	int rc;

	rc = mx_aes_setkey(&key->aes, k, keylen);
	if (rc)
		return rc;
	mx_aes_encrypt_block(&key->aes, zero, hb);
	h[1] = mx_load_be64(hb);
	h[0] = mx_load_be64(hb + 8);
	mx_ghash_twist(key->h[0], h);
	mx_zeroize(hb, sizeof(hb));
	mx_zeroize(h, sizeof(h));
	key->ghash = MX_GHASH_CT;
#if defined(__x86_64__) || defined(__i386__)
	if (key->aes.impl == MX_AES_NI && mx_cpu_has(MX_CPU_PCLMUL)) {
		key->ghash = MX_GHASH_CLMUL;
		mx_ghash_clmul_init(key);
	}
#endif
	return 0;
}

void mx_gcm_clear(struct mx_gcm_key *key)
{
	mx_zeroize(key, sizeof(*key));
}

static void ghash(const struct mx_gcm_key *key, uint64_t y[2], const uint8_t *p, size_t n)
{
	if (use_clmul(key))
		mx_ghash_clmul(key, y, p, n);
	else
		mx_ghash_ct(key->h[0], y, p, n);
}

/* GHASH over len bytes, the last block padded with zeros. */
static void ghash_padded(const struct mx_gcm_key *key, uint64_t y[2], const uint8_t *p,
			 size_t len)
{
	uint8_t last[16] = { 0 };

	ghash(key, y, p, len / 16);
	if (len % 16) {
		memcpy(last, p + (len & ~(size_t)15), len % 16);
		ghash(key, y, last, 1);
		mx_zeroize(last, sizeof(last));
	}
}

/* J0, and the GHASH of the AAD. */
static int gcm_start(const struct mx_gcm_key *key, const uint8_t *iv, size_t ivlen,
		     const uint8_t *aad, size_t aadlen, size_t len, uint8_t j0[16],
		     uint64_t y[2])
{
	if (ivlen == 0 || (uint64_t)len > GCM_MAX_TEXT)
		return -EINVAL;
	if (ivlen == 12) {
		memcpy(j0, iv, 12);
		mx_store_be32(j0 + 12, 1);
	} else {
		uint8_t lens[16] = { 0 };
		uint64_t s[2] = { 0, 0 };

		ghash_padded(key, s, iv, ivlen);
		mx_store_be64(lens + 8, (uint64_t)ivlen * 8);
		ghash(key, s, lens, 1);
		mx_store_be64(j0, s[1]);
		mx_store_be64(j0 + 8, s[0]);
	}
	y[0] = 0;
	y[1] = 0;
	ghash_padded(key, y, aad, aadlen);
	return 0;
}

static void crypt_clmul(const struct mx_gcm_key *key, uint8_t ctr[16], uint64_t y[2],
			const uint8_t *in, uint8_t *out, size_t nblocks, int enc)
{
#if defined(__x86_64__) || defined(__i386__)
	if (enc)
		mx_gcm_clmul_encrypt(key, ctr, y, in, out, nblocks);
	else
		mx_gcm_clmul_decrypt(key, ctr, y, in, out, nblocks);
#endif
}

/* The bitsliced AES and the GHASH alternate on chunks of 256 bytes. */
static void crypt_portable(const struct mx_gcm_key *key, uint8_t ctr[16], uint64_t y[2],
			   const uint8_t *in, uint8_t *out, size_t nblocks, int enc)
{
	size_t done = 0, total = 16 * nblocks;

	while (done < total) {
		size_t n = total - done < 256 ? total - done : 256;

		if (!enc)
			ghash(key, y, in + done, n / 16);
		mx_aes_ctr32(&key->aes, ctr, in + done, out + done, n);
		if (enc)
			ghash(key, y, out + done, n / 16);
		done += n;
	}
}

/* Counter mode over len bytes from inc32(J0), GHASH over the ciphertext. */
static void gcm_crypt(const struct mx_gcm_key *key, const uint8_t j0[16], uint64_t y[2],
		      const uint8_t *in, uint8_t *out, size_t len, int enc)
{
	size_t full = len / 16, rest = len % 16;
	uint8_t ctr[16], last[16];

	memcpy(ctr, j0, 16);
	mx_store_be32(ctr + 12, mx_load_be32(ctr + 12) + 1);
	if (use_clmul(key))
		crypt_clmul(key, ctr, y, in, out, full, enc);
	else
		crypt_portable(key, ctr, y, in, out, full, enc);
	if (rest) {
		in += 16 * full;
		out += 16 * full;
		memset(last, 0, sizeof(last));
		if (enc) {
			mx_aes_ctr32(&key->aes, ctr, in, out, rest);
			memcpy(last, out, rest);
		} else {
			memcpy(last, in, rest);
			mx_aes_ctr32(&key->aes, ctr, in, out, rest);
		}
		ghash(key, y, last, 1);
	}
	mx_zeroize(ctr, sizeof(ctr));
}

static void gcm_tag(const struct mx_gcm_key *key, const uint8_t j0[16], uint64_t y[2],
		    size_t aadlen, size_t len, uint8_t tag[16])
{
	uint8_t lens[16], s[16];

	mx_store_be64(lens, (uint64_t)aadlen * 8);
	mx_store_be64(lens + 8, (uint64_t)len * 8);
	ghash(key, y, lens, 1);
	mx_aes_encrypt_block(&key->aes, j0, s);
	mx_store_be64(tag, y[1]);
	mx_store_be64(tag + 8, y[0]);
	mx_xor_bytes(tag, tag, s, 16);
	mx_zeroize(s, sizeof(s));
	mx_zeroize(y, 2 * sizeof(y[0]));
}

int mx_gcm_seal(const struct mx_gcm_key *key, const uint8_t *iv, size_t ivlen,
		const uint8_t *aad, size_t aadlen, const uint8_t *in, size_t len,
		uint8_t *out, uint8_t tag[MX_GCM_TAG_LEN])
{
	uint8_t j0[16];
	uint64_t y[2];
	int rc;

	rc = gcm_start(key, iv, ivlen, aad, aadlen, len, j0, y);
	if (rc)
		return rc;
	gcm_crypt(key, j0, y, in, out, len, 1);
	gcm_tag(key, j0, y, aadlen, len, tag);
	return 0;
}

int mx_gcm_open(const struct mx_gcm_key *key, const uint8_t *iv, size_t ivlen,
		const uint8_t *aad, size_t aadlen, const uint8_t *in, size_t len,
		const uint8_t tag[MX_GCM_TAG_LEN], uint8_t *out)
{
	uint8_t j0[16], want[16];
	uint64_t y[2];
	int rc, ok;

	rc = gcm_start(key, iv, ivlen, aad, aadlen, len, j0, y);
	if (rc)
		return rc;
	gcm_crypt(key, j0, y, in, out, len, 0);
	gcm_tag(key, j0, y, aadlen, len, want);
	ok = mx_ct_memeq(want, tag, 16);
	mx_ct_declassify(&ok, sizeof(ok));	/* the verdict is public */
	mx_zeroize(want, sizeof(want));
	if (!ok) {
		mx_zeroize(out, len);
		return -EBADMSG;
	}
	return 0;
}
