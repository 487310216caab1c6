// SPDX-License-Identifier: GPL-2.0
/*
 * Signature schemes: which one to sign with, which the peer may use.
 */
#include "core/ct.h"
#include "ssl/proto.h"
#include "ssl/sigalg.h"

/*
 * ECDSA first (cheap to sign), then RSA-PSS (RFC 8446's rsae schemes,
 * which TLS 1.2 peers offer and accept), then PKCS#1 v1.5, SHA-1 last.
 */
const uint16_t mx_sigalgs_ours[] = {
	0x0403, 0x0503, 0x0603,		/* ecdsa_secp256r1_sha256 ... sha512 */
	0x0804, 0x0805, 0x0806,		/* rsa_pss_rsae_sha256 ... sha512 */
	0x0401, 0x0501, 0x0601,		/* rsa_pkcs1_sha256 ... sha512 */
	0x0203, 0x0201,			/* ecdsa_sha1, rsa_pkcs1_sha1 */
};
const size_t mx_n_sigalgs_ours = sizeof(mx_sigalgs_ours) / sizeof(mx_sigalgs_ours[0]);

bool mx_sigalg_get(uint16_t id, struct mx_sigalg *out)
{
	static const enum mx_hash_id by_hash[] = {
		[MX_HASH_ID_SHA1] = MX_HASH_SHA1, [MX_HASH_ID_SHA256] = MX_HASH_SHA256,
		[MX_HASH_ID_SHA384] = MX_HASH_SHA384, [MX_HASH_ID_SHA512] = MX_HASH_SHA512,
	};
	size_t i;

	for (i = 0; i < mx_n_sigalgs_ours; i++)
		if (mx_sigalgs_ours[i] == id)
			break;
	if (i == mx_n_sigalgs_ours)
		return false;
	out->id = id;
	if ((id >> 8) == 0x08) {
		out->kind = MX_SIGK_RSA_PSS;
		out->hash = id == 0x0804 ? MX_HASH_SHA256 : id == 0x0805 ? MX_HASH_SHA384 :
			    MX_HASH_SHA512;
		return true;
	}
	out->kind = (id & 0xff) == 3 ? MX_SIGK_ECDSA : MX_SIGK_RSA_PKCS1;
	out->hash = by_hash[id >> 8];
	return true;
}

void mx_sigalg_legacy(enum mx_key_kind key, struct mx_sigalg *out)
{
	out->id = 0;
	out->kind = key == MX_KEY_EC ? MX_SIGK_ECDSA : MX_SIGK_RSA_PKCS1;
	out->hash = key == MX_KEY_EC ? MX_HASH_SHA1 : MX_HASH_MD5_SHA1;
}

enum mx_key_kind mx_sigalg_key(const struct mx_sigalg *a)
{
	return a->kind == MX_SIGK_ECDSA ? MX_KEY_EC : MX_KEY_RSA;
}

bool mx_sigalg_choose(uint16_t version, enum mx_key_kind key, const uint16_t *peer, size_t n,
		      struct mx_sigalg *out)
{
	struct mx_sigalg a;
	size_t i, j;

	if (version < MX_TLS12) {
		mx_sigalg_legacy(key, out);
		return true;
	}
	if (n == 0)
		return mx_sigalg_get(key == MX_KEY_EC ? 0x0203 : 0x0201, out);
	for (i = 0; i < mx_n_sigalgs_ours; i++) {
		if (!mx_sigalg_get(mx_sigalgs_ours[i], &a) || mx_sigalg_key(&a) != key)
			continue;
		for (j = 0; j < n; j++)
			if (peer[j] == a.id) {
				*out = a;
				return true;
			}
	}
	return false;
}

bool mx_sigalg_choose_ec(uint16_t version, enum mx_key_kind key, bool p384, const uint16_t *peer,
			 size_t n, struct mx_sigalg *out)
{
	size_t j;

	if (key == MX_KEY_EC && p384 && version >= MX_TLS12)
		for (j = 0; j < n; j++)
			if (peer[j] == 0x0503)
				return mx_sigalg_get(0x0503, out);
	return mx_sigalg_choose(version, key, peer, n, out);
}

void mx_sigalg_enc_list(struct mx_wr *w)
{
	size_t at = mx_wr_open(w, 2), i;

	for (i = 0; i < mx_n_sigalgs_ours; i++)
		mx_wr_u16(w, mx_sigalgs_ours[i]);
	mx_wr_close(w, at, 2);
}

size_t mx_sigalg_filter(const uint8_t *p, size_t n, uint16_t *out, size_t max)
{
	struct mx_sigalg a;
	size_t i, k = 0;

	for (i = 0; i < n && k < max; i++)
		if (mx_sigalg_get(mx_get_u16(p + 2 * i), &a))
			out[k++] = a.id;
	return k;
}

size_t mx_sig_digest(enum mx_hash_id h, const uint8_t *const *parts, const size_t *lens,
		     size_t n, uint8_t *out)
{
	const struct mx_hash_desc *d;
	union mx_hash_ctx c;
	size_t i, off = 0;

	if (h == MX_HASH_MD5_SHA1) {
		off = mx_sig_digest(MX_HASH_MD5, parts, lens, n, out);
		h = MX_HASH_SHA1;
	}
	d = mx_hash_get(h);
	d->init(&c);
	for (i = 0; i < n; i++)
		d->update(&c, parts[i], lens[i]);
	d->final(&c, out + off);
	return off + d->digest_len;
}
