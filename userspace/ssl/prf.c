// SPDX-License-Identifier: GPL-2.0
/*
 * The TLS PRFs over the crypto library's HMAC: P_hash(secret, label ||
 * seed) expanded to any length, and TLS 1.0's two halves.
 */
#include <stdbool.h>
#include <string.h>

#include "core/ct.h"
#include "crypto/hmac.h"
#include "ssl/prf.h"

/* out ^= P_hash(secret, label || seed) when xor, else out = it. */
static void p_hash(enum mx_hash_id h, const uint8_t *secret, size_t slen, const char *label,
		   const uint8_t *seed, size_t seedlen, uint8_t *out, size_t outlen, bool xor)
{
	uint8_t a[MX_HASH_MAX_LEN], blk[MX_HASH_MAX_LEN];
	struct mx_hmac_ctx key, c;
	size_t dl, n, i, ll = strlen(label);

	mx_hmac_init(&key, h, secret, slen);
	dl = key.hash->digest_len;
	/* A(1) = HMAC(secret, label || seed) */
	c = key;
	mx_hmac_update(&c, label, ll);
	mx_hmac_update(&c, seed, seedlen);
	mx_hmac_final(&c, a);
	while (outlen) {
		c = key;
		mx_hmac_update(&c, a, dl);
		mx_hmac_update(&c, label, ll);
		mx_hmac_update(&c, seed, seedlen);
		mx_hmac_final(&c, blk);
		n = outlen < dl ? outlen : dl;
		for (i = 0; i < n; i++)
			out[i] = xor ? out[i] ^ blk[i] : blk[i];
		out += n;
		outlen -= n;
		c = key;
		mx_hmac_update(&c, a, dl);
		mx_hmac_final(&c, a);
	}
	mx_zeroize(&key, sizeof(key));
	mx_zeroize(a, sizeof(a));
	mx_zeroize(blk, sizeof(blk));
}

void mx_ssl_prf10(const uint8_t *secret, size_t slen, const char *label, const uint8_t *seed,
		  size_t seedlen, uint8_t *out, size_t outlen)
{
	size_t half = (slen + 1) / 2;

	p_hash(MX_HASH_MD5, secret, half, label, seed, seedlen, out, outlen, false);
	p_hash(MX_HASH_SHA1, secret + slen - half, half, label, seed, seedlen, out, outlen, true);
}

void mx_ssl_prf12(enum mx_hash_id h, const uint8_t *secret, size_t slen, const char *label,
		  const uint8_t *seed, size_t seedlen, uint8_t *out, size_t outlen)
{
	p_hash(h, secret, slen, label, seed, seedlen, out, outlen, false);
}
