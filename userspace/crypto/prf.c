// SPDX-License-Identifier: GPL-2.0
/*
 * The TLS PRFs and what is derived with them. See prf.h.
 */
#include <errno.h>
#include <string.h>

#include "crypto/hmac.h"
#include "crypto/prf.h"
#include "core/ct.h"

struct prf_seed {
	const uint8_t *part[3];
	size_t len[3];
};

/*
 * P_hash(secret, seed) (RFC 5246 section 5), written to out or, with xor
 * set, XORed into it:
 *   A(0) = seed, A(i) = HMAC(secret, A(i-1)),
 *   P_hash = HMAC(secret, A(1) || seed) || HMAC(secret, A(2) || seed) || ...
 */
static void p_hash(enum mx_hash_id id, const uint8_t *secret, size_t slen,
		   const struct prf_seed *seed, uint8_t *out, size_t len, int xor)
{
	struct mx_hmac_ctx keyed, c;
	uint8_t a[MX_HASH_MAX_LEN], block[MX_HASH_MAX_LEN];
	size_t dlen, n, i;
	int p;

	mx_hmac_init(&keyed, id, secret, slen);
	dlen = keyed.hash->digest_len;
	c = keyed;
	for (p = 0; p < 3; p++)
		mx_hmac_update(&c, seed->part[p], seed->len[p]);
	mx_hmac_final(&c, a);
	while (len) {
		c = keyed;
		mx_hmac_update(&c, a, dlen);
		for (p = 0; p < 3; p++)
			mx_hmac_update(&c, seed->part[p], seed->len[p]);
		mx_hmac_final(&c, block);
		n = len < dlen ? len : dlen;
		if (xor)
			for (i = 0; i < n; i++)
				out[i] ^= block[i];
		else
			memcpy(out, block, n);
		out += n;
		len -= n;
		if (len) {
			c = keyed;
			mx_hmac_update(&c, a, dlen);
			mx_hmac_final(&c, a);
		}
	}
	mx_zeroize(&keyed, sizeof(keyed));
	mx_zeroize(a, sizeof(a));
	mx_zeroize(block, sizeof(block));
}

int mx_tls_prf(enum mx_prf prf, const uint8_t *secret, size_t secret_len, const char *label,
	       const uint8_t *seed1, size_t seed1_len, const uint8_t *seed2, size_t seed2_len,
	       uint8_t *out, size_t out_len)
{
	const struct prf_seed seed = {
		{ (const uint8_t *)label, seed1, seed2 },
		{ strlen(label), seed1_len, seed2_len },
	};
	size_t half;

	switch (prf) {
	case MX_PRF_TLS10:
		/*
		 * S1 is the first half, S2 the second; with an odd length
		 * they share the middle byte.
		 */
		half = (secret_len + 1) / 2;
		p_hash(MX_HASH_MD5, secret, half, &seed, out, out_len, 0);
		p_hash(MX_HASH_SHA1, secret + secret_len - half, half, &seed, out, out_len, 1);
		return 0;
	case MX_PRF_SHA256:
		p_hash(MX_HASH_SHA256, secret, secret_len, &seed, out, out_len, 0);
		return 0;
	case MX_PRF_SHA384:
		p_hash(MX_HASH_SHA384, secret, secret_len, &seed, out, out_len, 0);
		return 0;
	case MX_PRF_SHA512:
		p_hash(MX_HASH_SHA512, secret, secret_len, &seed, out, out_len, 0);
		return 0;
	}
	return -EINVAL;
}

int mx_tls_master_secret(enum mx_prf prf, const uint8_t *pms, size_t pms_len,
			 const uint8_t client_random[32], const uint8_t server_random[32],
			 uint8_t master[MX_TLS_MASTER_LEN])
{
	return mx_tls_prf(prf, pms, pms_len, "master secret", client_random, 32,
			  server_random, 32, master, MX_TLS_MASTER_LEN);
}

int mx_tls_extended_master_secret(enum mx_prf prf, const uint8_t *pms, size_t pms_len,
				  const uint8_t *session_hash, size_t hash_len,
				  uint8_t master[MX_TLS_MASTER_LEN])
{
	return mx_tls_prf(prf, pms, pms_len, "extended master secret", session_hash, hash_len,
			  NULL, 0, master, MX_TLS_MASTER_LEN);
}

int mx_tls_key_block(enum mx_prf prf, const uint8_t master[MX_TLS_MASTER_LEN],
		     const uint8_t server_random[32], const uint8_t client_random[32],
		     uint8_t *out, size_t len)
{
	return mx_tls_prf(prf, master, MX_TLS_MASTER_LEN, "key expansion", server_random, 32,
			  client_random, 32, out, len);
}

int mx_tls_finished(enum mx_prf prf, const uint8_t master[MX_TLS_MASTER_LEN], int from_client,
		    const uint8_t *handshake_hash, size_t hash_len,
		    uint8_t verify_data[MX_TLS_FINISHED_LEN])
{
	return mx_tls_prf(prf, master, MX_TLS_MASTER_LEN,
			  from_client ? "client finished" : "server finished",
			  handshake_hash, hash_len, NULL, 0, verify_data, MX_TLS_FINISHED_LEN);
}
