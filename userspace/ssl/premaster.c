// SPDX-License-Identifier: GPL-2.0
/*
 * The premaster as the PRF takes it, in constant time in the number of
 * leading zero bytes stripped from a DH secret. See premaster.h.
 */
#include <errno.h>
#include <string.h>

#include "core/ct.h"
#include "crypto/hash.h"
#include "ssl/premaster.h"

uint64_t mx_pms_leading_zeros(const uint8_t *z, size_t n)
{
	uint64_t still = ~0ull, s = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		still &= mx_ct_is_zero(z[i]);
		s += still & 1;
	}
	return s;
}

/* buf[0..n) moved s bytes to the front, zeros coming in; every byte is
 * read and written at every one of the log2(n) steps.
 */
static void shift_left(uint8_t *buf, size_t n, uint64_t s)
{
	size_t step, i;
	unsigned int bit;
	uint8_t m, v;

	for (bit = 0, step = 1; step < n; bit++, step <<= 1) {
		m = (uint8_t)(0 - ((s >> bit) & 1));
		for (i = 0; i < n; i++) {
			v = i + step < n ? buf[i + step] : 0;
			buf[i] = (uint8_t)((buf[i] & ~m) | (v & m));
		}
	}
}

/* Zero the bytes of buf[0..n) from position len (secret) on. */
static void truncate_ct(uint8_t *buf, size_t n, uint64_t len)
{
	size_t i;

	for (i = 0; i < n; i++)
		buf[i] &= (uint8_t)mx_ct_lt(i, len);
}

/*
 * out = H(buf[0..len)) for a secret len in [from, max]: the running hash
 * is finalized at every candidate length and the right digest kept.
 */
static void hash_prefix(const struct mx_hash_desc *d, const uint8_t *buf, size_t from,
			size_t max, uint64_t len, uint8_t *out)
{
	union mx_hash_ctx c, t;
	uint8_t dig[MX_HASH_MAX_LEN];
	size_t i;

	memset(out, 0, d->digest_len);
	d->init(&c);
	d->update(&c, buf, from);
	for (i = from; i <= max; i++) {
		t = c;
		d->final(&t, dig);
		mx_ct_memcpy_if(mx_ct_eq(i, len), out, dig, d->digest_len);
		if (i < max)
			d->update(&c, buf + i, 1);
	}
	mx_zeroize(&c, sizeof(c));
	mx_zeroize(&t, sizeof(t));
	mx_zeroize(dig, sizeof(dig));
}

/*
 * The HMAC key, as a block of d->block_len bytes, for the secret-length
 * key buf[0..len) (buf zero past len, max bytes readable, len <= max):
 * H(key) zero-padded when len exceeds the block, the key zero-padded
 * otherwise.
 */
static void hmac_key(const struct mx_hash_desc *d, const uint8_t *buf, size_t max,
		     uint64_t len, uint8_t *out)
{
	uint8_t h[MX_HASH_MAX_LEN * 2];
	size_t bl = d->block_len;

	memset(out, 0, bl);
	memcpy(out, buf, max < bl ? max : bl);
	if (max <= bl)
		return;
	memset(h, 0, sizeof(h));
	hash_prefix(d, buf, bl + 1, max, len, h);
	mx_ct_memcpy_if(mx_ct_lt(bl, len), out, h, bl);
	mx_zeroize(h, sizeof(h));
}

int mx_pms_prf_secret(enum mx_prf prf, uint8_t *buf, size_t len, size_t at, uint64_t s,
		      uint8_t *out, size_t *out_len)
{
	const struct mx_hash_desc *d;
	uint64_t l = len - s, half;
	size_t max_half;

	shift_left(buf + at, len - at, s);
	switch (prf) {
	case MX_PRF_TLS10: {
		uint8_t tmp[MX_PMS_MAX];

		if (len > sizeof(tmp))
			return -EINVAL;
		/* S1: the first ceil(L/2) bytes; S2: the last as many. */
		half = (l + 1) / 2;
		max_half = (len + 1) / 2;
		memcpy(tmp, buf, len);
		truncate_ct(tmp, len, half);
		hmac_key(mx_hash_get(MX_HASH_MD5), tmp, max_half, half, out);
		memcpy(tmp, buf, len);
		shift_left(tmp, len, l - half);
		truncate_ct(tmp, len, half);
		hmac_key(mx_hash_get(MX_HASH_SHA1), tmp, max_half, half, out + 64);
		mx_zeroize(tmp, sizeof(tmp));
		*out_len = 128;
		return 0;
	}
	case MX_PRF_SHA256:
	case MX_PRF_SHA384:
	case MX_PRF_SHA512:
		d = mx_hash_get(prf == MX_PRF_SHA256 ? MX_HASH_SHA256 : prf == MX_PRF_SHA384 ?
				MX_HASH_SHA384 : MX_HASH_SHA512);
		hmac_key(d, buf, len, l, out);
		*out_len = d->block_len;
		return 0;
	}
	return -EINVAL;
}
