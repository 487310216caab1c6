// SPDX-License-Identifier: GPL-2.0
/*
 * PBKDF2, the PKCS#12 KDF and EVP_BytesToKey-MD5.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/ct.h"
#include "crypto/hmac.h"
#include "pki/kdf.h"

void mx_pbkdf2(enum mx_hash_id hash, const void *pass, size_t plen, const uint8_t *salt,
	       size_t slen, unsigned long iterations, uint8_t *out, size_t outlen)
{
	struct mx_hmac_ctx keyed, c;
	uint8_t u[MX_HASH_MAX_LEN], t[MX_HASH_MAX_LEN], be[4];
	size_t hlen, n, i;
	uint32_t block;
	unsigned long j;

	/* Key once; every PRF call starts from a copy. */
	mx_hmac_init(&keyed, hash, pass, plen);
	hlen = keyed.hash->digest_len;
	for (block = 1; outlen; block++) {
		be[0] = (uint8_t)(block >> 24);
		be[1] = (uint8_t)(block >> 16);
		be[2] = (uint8_t)(block >> 8);
		be[3] = (uint8_t)block;
		c = keyed;
		mx_hmac_update(&c, salt, slen);
		mx_hmac_update(&c, be, 4);
		mx_hmac_final(&c, u);
		memcpy(t, u, hlen);
		for (j = 1; j < iterations; j++) {
			c = keyed;
			mx_hmac_update(&c, u, hlen);
			mx_hmac_final(&c, u);
			for (i = 0; i < hlen; i++)
				t[i] ^= u[i];
		}
		n = outlen < hlen ? outlen : hlen;
		memcpy(out, t, n);
		out += n;
		outlen -= n;
	}
	mx_zeroize(&keyed, sizeof(keyed));
	mx_zeroize(u, sizeof(u));
	mx_zeroize(t, sizeof(t));
}

/* Fill dst (n bytes) with src repeated. */
static void repeat(uint8_t *dst, size_t n, const uint8_t *src, size_t slen)
{
	size_t i;

	for (i = 0; i < n; i++)
		dst[i] = src[i % slen];
}

int mx_p12_kdf(enum mx_hash_id hash, const uint8_t *bmp_pass, size_t plen, const uint8_t *salt,
	       size_t slen, int id, unsigned long iterations, uint8_t *out, size_t outlen)
{
	const struct mx_hash_desc *h = mx_hash_get(hash);
	uint8_t d[MX_HASH_MAX_BLOCK], a[MX_HASH_MAX_LEN], b[MX_HASH_MAX_BLOCK];
	union mx_hash_ctx ctx;
	size_t v, u, slen_r, plen_r, ilen, n, i, k;
	unsigned long r;
	uint8_t *I;
	unsigned int carry;

	if (!h || h->block_len > MX_HASH_MAX_BLOCK)
		return -EINVAL;
	v = h->block_len;
	u = h->digest_len;
	/* I = S || P, each repeated to a whole number of v-byte blocks. */
	slen_r = slen ? (slen + v - 1) / v * v : 0;
	plen_r = plen ? (plen + v - 1) / v * v : 0;
	ilen = slen_r + plen_r;
	I = malloc(ilen ? ilen : 1);
	if (!I)
		return -ENOMEM;
	if (slen)
		repeat(I, slen_r, salt, slen);
	if (plen)
		repeat(I + slen_r, plen_r, bmp_pass, plen);
	memset(d, id, v);

	for (;;) {
		h->init(&ctx);
		h->update(&ctx, d, v);
		h->update(&ctx, I, ilen);
		h->final(&ctx, a);
		for (r = 1; r < iterations; r++) {
			h->init(&ctx);
			h->update(&ctx, a, u);
			h->final(&ctx, a);
		}
		n = outlen < u ? outlen : u;
		memcpy(out, a, n);
		out += n;
		outlen -= n;
		if (!outlen)
			break;
		/* Each block of I becomes I_j + B + 1, B = A repeated to v bytes. */
		repeat(b, v, a, u);
		for (k = 0; k < ilen; k += v) {
			carry = 1;
			for (i = v; i-- > 0;) {
				carry += (unsigned int)I[k + i] + b[i];
				I[k + i] = (uint8_t)carry;
				carry >>= 8;
			}
		}
	}
	mx_zeroize(I, ilen);
	free(I);
	mx_zeroize(a, sizeof(a));
	mx_zeroize(b, sizeof(b));
	mx_zeroize(&ctx, sizeof(ctx));
	return 0;
}

/* Strict UTF-8 decoding of one code point; 0 when s is not UTF-8 there. */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len, i;
	uint32_t c, min;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0) {
		len = 2;
		c = s[0] & 0x1f;
		min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		len = 3;
		c = s[0] & 0x0f;
		min = 0x800;
	} else if ((s[0] & 0xf8) == 0xf0) {
		len = 4;
		c = s[0] & 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

uint8_t *mx_p12_password(const char *pass, size_t *len)
{
	const unsigned char *s = (const unsigned char *)pass;
	size_t n, i, k, o = 0;
	bool utf8 = true;
	uint32_t cp;
	uint8_t *out;

	if (!pass) {
		*len = 0;
		return malloc(1);
	}
	n = strlen(pass);
	for (i = 0; i < n; i += k) {
		k = utf8_decode(s + i, n - i, &cp);
		if (!k) {
			utf8 = false;
			break;
		}
	}
	/* At most two UTF-16 units per byte of input, and the terminator. */
	out = malloc(4 * n + 2);
	if (!out)
		return NULL;
	for (i = 0; i < n; i += k) {
		if (utf8) {
			k = utf8_decode(s + i, n - i, &cp);
		} else {
			k = 1;
			cp = s[i];
		}
		if (cp >= 0x10000) {
			uint32_t hi = 0xd800 | ((cp - 0x10000) >> 10), lo = 0xdc00 | (cp & 0x3ff);

			out[o++] = (uint8_t)(hi >> 8);
			out[o++] = (uint8_t)hi;
			cp = lo;
		}
		out[o++] = (uint8_t)(cp >> 8);
		out[o++] = (uint8_t)cp;
	}
	out[o++] = 0;
	out[o++] = 0;
	*len = o;
	return out;
}

void mx_evp_bytes_to_key_md5(const void *pass, size_t plen, const uint8_t salt[8], uint8_t *key,
			     size_t keylen)
{
	struct mx_md5_ctx ctx;
	uint8_t d[MX_MD5_LEN];
	size_t n;
	bool first = true;

	/* D_i = MD5(D_{i-1} || pass || salt); the key is D_1 || D_2 || ... */
	while (keylen) {
		mx_md5_init(&ctx);
		if (!first)
			mx_md5_update(&ctx, d, sizeof(d));
		mx_md5_update(&ctx, pass, plen);
		mx_md5_update(&ctx, salt, 8);
		mx_md5_final(&ctx, d);
		first = false;
		n = keylen < sizeof(d) ? keylen : sizeof(d);
		memcpy(key, d, n);
		key += n;
		keylen -= n;
	}
	mx_zeroize(d, sizeof(d));
}
