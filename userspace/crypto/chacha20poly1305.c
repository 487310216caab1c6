// SPDX-License-Identifier: GPL-2.0
/*
 * The ChaCha20-Poly1305 AEAD (RFC 8439 section 2.8).
 */
#include <errno.h>

#include "crypto/bytes.h"
#include "crypto/chacha20poly1305.h"
#include "core/ct.h"

/* Block 0 keys Poly1305; the text uses blocks 1 .. 2^32 - 1. */
#define AEAD_MAX_TEXT (((1ull << 32) - 1) * 64)

static const uint8_t zeros[16];

static int aead_start(struct mx_chacha20_ctx *cc, struct mx_poly1305_ctx *pc,
		      const uint8_t key[32], const uint8_t *nonce, size_t noncelen,
		      const uint8_t *aad, size_t aadlen, size_t len)
{
	uint8_t otk[64] = { 0 };

	if (noncelen != MX_CHACHA20_NONCE_LEN || (uint64_t)len > AEAD_MAX_TEXT)
		return -EINVAL;
	/* All of block 0: the text starts at block 1. */
	mx_chacha20_init(cc, key, nonce, 0);
	mx_chacha20_crypt(cc, otk, otk, sizeof(otk));
	mx_poly1305_init(pc, otk);
	mx_zeroize(otk, sizeof(otk));
	mx_poly1305_update(pc, aad, aadlen);
	mx_poly1305_update(pc, zeros, (16 - aadlen % 16) % 16);
	return 0;
}

static void aead_tag(struct mx_poly1305_ctx *pc, size_t aadlen, size_t len, uint8_t tag[16])
{
	uint8_t lens[16];

	mx_poly1305_update(pc, zeros, (16 - len % 16) % 16);
	mx_store_le64(lens, aadlen);
	mx_store_le64(lens + 8, len);
	mx_poly1305_update(pc, lens, sizeof(lens));
	mx_poly1305_final(pc, tag);
}

int mx_chacha20_poly1305_seal(const uint8_t key[32], const uint8_t *nonce, size_t noncelen,
			      const uint8_t *aad, size_t aadlen, const uint8_t *in, size_t len,
			      uint8_t *out, uint8_t tag[16])
{
	struct mx_chacha20_ctx cc;
	struct mx_poly1305_ctx pc;
	int rc;

	rc = aead_start(&cc, &pc, key, nonce, noncelen, aad, aadlen, len);
	if (rc)
		return rc;
	mx_chacha20_crypt(&cc, in, out, len);
	mx_poly1305_update(&pc, out, len);
	aead_tag(&pc, aadlen, len, tag);
	mx_chacha20_clear(&cc);
	return 0;
}

int mx_chacha20_poly1305_open(const uint8_t key[32], const uint8_t *nonce, size_t noncelen,
			      const uint8_t *aad, size_t aadlen, const uint8_t *in, size_t len,
			      const uint8_t tag[16], uint8_t *out)
{
	struct mx_chacha20_ctx cc;
	struct mx_poly1305_ctx pc;
	uint8_t want[16];
	int rc, ok;

	rc = aead_start(&cc, &pc, key, nonce, noncelen, aad, aadlen, len);
	if (rc)
		return rc;
	mx_poly1305_update(&pc, in, len);
	aead_tag(&pc, aadlen, len, want);
	ok = mx_ct_memeq(want, tag, 16);
	mx_ct_declassify(&ok, sizeof(ok));	/* the verdict is public */
	mx_zeroize(want, sizeof(want));
	if (ok)
		mx_chacha20_crypt(&cc, in, out, len);
	mx_chacha20_clear(&cc);
	return ok ? 0 : -EBADMSG;
}
