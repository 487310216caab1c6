// SPDX-License-Identifier: GPL-2.0
/*
 * PKCS #1 v1.5 encryption and signatures (RFC 8017, 7.2 and 8.2), and the
 * TLS premaster secret decryption with implicit rejection.
 */
#include <errno.h>
#include <string.h>

#include "core/ct.h"
#include "crypto/random.h"
#include "crypto/rsa_impl.h"

#define MAX_K (MX_RSA_MAX_BITS / 8)
#define PAD_MIN 11	/* 00 || BT || at least 8 padding bytes || 00 */

/* DER DigestInfo headers (RFC 8017, 9.2 note 1), indexed by enum mx_hash_id. */
static const struct {
	uint8_t len;
	uint8_t der[19];
} digest_info[] = {
	[MX_HASH_MD5] = { 18, { 0x30, 0x20, 0x30, 0x0c, 0x06, 0x08, 0x2a, 0x86, 0x48, 0x86,
				0xf7, 0x0d, 0x02, 0x05, 0x05, 0x00, 0x04, 0x10 } },
	[MX_HASH_SHA1] = { 15, { 0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02,
				 0x1a, 0x05, 0x00, 0x04, 0x14 } },
	[MX_HASH_SHA256] = { 19, { 0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
				   0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20 } },
	[MX_HASH_SHA384] = { 19, { 0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
				   0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30 } },
	[MX_HASH_SHA512] = { 19, { 0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
				   0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40 } },
};

/* 00 || 01 || FF.. || 00 || t into em[0..k) */
static int encode_sig(uint8_t *em, size_t k, const uint8_t *t, size_t tlen)
{
	if (tlen > k - PAD_MIN)
		return -EMSGSIZE;
	em[0] = 0;
	em[1] = 1;
	memset(em + 2, 0xff, k - 3 - tlen);
	em[k - tlen - 1] = 0;
	memcpy(em + k - tlen, t, tlen);
	return 0;
}

int mx_rsa_pkcs1_sign_raw(const struct mx_rsa_key *key, const uint8_t *t, size_t tlen,
			  uint8_t *sig)
{
	uint8_t em[MAX_K];
	int ret;

	if (!key->p)
		return -EINVAL;
	ret = encode_sig(em, key->k, t, tlen);
	if (ret == 0)
		ret = mx_rsa_private_raw(key, em, key->k, sig);
	mx_zeroize(em, sizeof(em));
	return ret;
}

int mx_rsa_pkcs1_verify_raw(const struct mx_rsa_key *key, const uint8_t *t, size_t tlen,
			    const uint8_t *sig, size_t siglen)
{
	uint8_t em[MAX_K], want[MAX_K];
	int ret;

	if (siglen != key->k)
		return -EBADMSG;
	ret = encode_sig(want, key->k, t, tlen);
	if (ret)
		return ret;
	ret = mx_rsa_public_raw(key, sig, siglen, em);
	if (ret == -ERANGE)
		return -EBADMSG;
	if (ret)
		return ret;
	return mx_ct_memeq(em, want, key->k) ? 0 : -EBADMSG;
}

/* DigestInfo || digest into t; its length, or a negative errno. */
static int digest_info_encode(uint8_t *t, enum mx_hash_id hash, const uint8_t *digest,
			      size_t dlen)
{
	const struct mx_hash_desc *h = mx_hash_get(hash);

	if (!h || dlen != h->digest_len)
		return -EINVAL;
	memcpy(t, digest_info[hash].der, digest_info[hash].len);
	memcpy(t + digest_info[hash].len, digest, dlen);
	return (int)(digest_info[hash].len + dlen);
}

int mx_rsa_pkcs1_sign(const struct mx_rsa_key *key, enum mx_hash_id hash,
		      const uint8_t *digest, size_t dlen, uint8_t *sig)
{
	uint8_t t[19 + MX_HASH_MAX_LEN];
	int tlen = digest_info_encode(t, hash, digest, dlen);

	if (tlen < 0)
		return tlen;
	return mx_rsa_pkcs1_sign_raw(key, t, (size_t)tlen, sig);
}

int mx_rsa_pkcs1_verify(const struct mx_rsa_key *key, enum mx_hash_id hash,
			const uint8_t *digest, size_t dlen, const uint8_t *sig, size_t siglen)
{
	uint8_t t[19 + MX_HASH_MAX_LEN];
	int tlen = digest_info_encode(t, hash, digest, dlen);

	if (tlen < 0)
		return tlen;
	return mx_rsa_pkcs1_verify_raw(key, t, (size_t)tlen, sig, siglen);
}

int mx_rsa_pkcs1_encrypt(const struct mx_rsa_key *key, const uint8_t *msg, size_t len,
			 uint8_t *out)
{
	const size_t k = key->k, ps = k - 3 - len;
	uint8_t em[MAX_K];
	size_t i;
	int ret;

	if (len > k - PAD_MIN)
		return -EMSGSIZE;
	em[0] = 0;
	em[1] = 2;
	ret = mx_random_bytes(em + 2, ps);
	/* Padding bytes must be non-zero: redraw the zeros. */
	for (i = 0; ret == 0 && i < ps; i++)
		while (ret == 0 && em[2 + i] == 0)
			ret = mx_random_bytes(em + 2 + i, 1);
	if (ret == 0) {
		em[2 + ps] = 0;
		memcpy(em + 3 + ps, msg, len);
		ret = mx_rsa_public_raw(key, em, k, out);
	}
	mx_zeroize(em, sizeof(em));
	return ret;
}

/*
 * The private operation on a k-byte block, with a ciphertext that is not
 * below n replaced by zero: same work either way. *in_range gets the mask.
 */
static int decrypt_block(const struct mx_rsa_key *key, const uint8_t *in, uint8_t *em,
			 uint64_t *in_range)
{
	mx_limb c[MX_BN_MAX_LIMBS], m[MX_BN_MAX_LIMBS];
	const size_t nn = key->n->n;
	size_t i;
	int ret;

	mx_bn_from_be(c, nn, in, key->k);
	*in_range = mx_bn_lt(c, key->n->m, nn);
	for (i = 0; i < nn; i++)
		c[i] &= *in_range;
	ret = mx_rsa_priv_limbs(key, m, c);
	mx_bn_to_be(em, key->k, m, nn);
	mx_zeroize(m, sizeof(m));
	return ret;
}

int mx_rsa_pkcs1_decrypt(const struct mx_rsa_key *key, const uint8_t *in, size_t len,
			 uint8_t *out, size_t cap, size_t *outlen)
{
	const size_t k = key->k, max = k - PAD_MIN;
	uint8_t em[MAX_K];
	uint64_t good, found = 0;
	size_t zi = 0, mlen, shift, i, j, n;
	int ret;

	*outlen = 0;
	if (!key->p)
		return -EINVAL;
	if (len != k)
		return -EBADMSG;
	ret = decrypt_block(key, in, em, &good);
	if (ret)
		return ret;

	/* 00 || 02 || PS (>= 8 non-zero bytes) || 00 || M */
	good &= mx_ct_is_zero(em[0]) & mx_ct_eq(em[1], 2);
	for (i = 2; i < k; i++) {
		uint64_t z = mx_ct_is_zero(em[i]);

		zi = mx_ct_select(z & ~found, i, zi);
		found |= z;
	}
	good &= found & ~mx_ct_lt(zi, 2 + 8);
	mlen = k - 1 - zi;
	good &= ~mx_ct_lt(cap, mlen);

	/*
	 * Move M to the front of em[PAD_MIN..k) by shifting left by
	 * max - mlen, one masked pass per bit of the shift.
	 */
	shift = mx_ct_select(good, max - mlen, 0);
	for (j = 0; ((size_t)1 << j) < max; j++) {
		const size_t b = (size_t)1 << j;
		uint64_t on = 0 - ((shift >> j) & 1);

		for (i = 0; i < max; i++) {
			uint8_t v = i + b < max ? em[PAD_MIN + i + b] : 0;

			em[PAD_MIN + i] = (uint8_t)mx_ct_select(on, v, em[PAD_MIN + i]);
		}
	}
	n = cap < max ? cap : max;
	for (i = 0; i < n; i++)
		out[i] = em[PAD_MIN + i] & (uint8_t)(good & mx_ct_lt(i, mlen));
	*outlen = mx_ct_select(good, mlen, 0);
	mx_zeroize(em, sizeof(em));
	/* The verdict and the length are this function's public results. */
	mx_ct_declassify(&good, sizeof(good));
	mx_ct_declassify(outlen, sizeof(*outlen));
	return good ? 0 : -EBADMSG;
}

int mx_rsa_tls_premaster_decrypt(const struct mx_rsa_key *key, const uint8_t *in, size_t len,
				 uint16_t client_version,
				 uint8_t premaster[MX_RSA_PREMASTER_LEN])
{
	const size_t k = key->k, msg = k - MX_RSA_PREMASTER_LEN;
	uint8_t em[MAX_K], rnd[MX_RSA_PREMASTER_LEN];
	uint64_t good, nz = ~(uint64_t)0;
	size_t i;
	int ret;

	if (!key->p || len != k)
		return -EINVAL;
	/* The replacement is drawn first, whatever the ciphertext holds. */
	ret = mx_random_bytes(rnd, sizeof(rnd));
	if (ret)
		return ret;
	ret = decrypt_block(key, in, em, &good);
	if (ret == 0) {
		/* 00 || 02 || PS (k - 51 non-zero bytes) || 00 || version || 46 bytes */
		good &= mx_ct_is_zero(em[0]) & mx_ct_eq(em[1], 2);
		for (i = 2; i < msg - 1; i++)
			nz &= ~mx_ct_is_zero(em[i]);
		good &= nz & mx_ct_is_zero(em[msg - 1]);
		good &= mx_ct_eq(em[msg], client_version >> 8);
		good &= mx_ct_eq(em[msg + 1], client_version & 0xff);
		memcpy(premaster, em + msg, MX_RSA_PREMASTER_LEN);
		mx_ct_memcpy_if(~good, premaster, rnd, MX_RSA_PREMASTER_LEN);
	}
	mx_zeroize(em, sizeof(em));
	mx_zeroize(rnd, sizeof(rnd));
	return ret;
}
