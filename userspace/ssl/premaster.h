/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The premaster secret as the PRF takes it, without leaking the leading
 * zero bytes of a finite-field Diffie-Hellman secret (Raccoon).
 *
 * TLS 1.2 and earlier strip the leading zero bytes of the DH secret Z
 * before it becomes (part of) the premaster (RFC 5246 8.1.2, RFC 4279
 * section 3 for DHE_PSK). The number stripped, s, is secret, and it only
 * changes the length of the PRF's secret (and, for DHE_PSK, where the
 * bytes after Z sit). What depends on that length:
 *
 *  - HMAC hashes a key longer than the hash's block first, in a number
 *    of compression rounds that grows with the length;
 *  - TLS 1.0/1.1's PRF keys HMAC-MD5 and HMAC-SHA-1 with the first and
 *    last ceil(L/2) bytes, whose positions move with L;
 *  - and any copy of Z[s..] reads from an address that depends on s.
 *
 * What we do: Z is always computed at its full length; s is counted
 * with masks; the bytes after the stripped zeros are moved to the front
 * by a barrel shift that reads and writes every byte at every step; and
 * the HMAC keys are formed in constant time: for a length over the block
 * size the hash of the secret-length prefix is computed by finalizing a
 * copy of the running hash at every length it could have and keeping the
 * right one by mask (Lucky 13's cure), for a shorter one the zero-padded
 * bytes are the key. The PRF then gets keys of exactly its HMAC's block
 * size (HMAC with a block-sized key uses it as it is), which gives the
 * same output as the stripped premaster would, with the same work for
 * every s. The cost is one hash finalization per possible length above
 * the block size: about 200 SHA-256 finalizations for a 2048-bit group.
 */
#ifndef MXTLS_SSL_PREMASTER_H
#define MXTLS_SSL_PREMASTER_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/prf.h"

/* The largest PRF secret made here: TLS 1.0's two 64-byte keys, or
 * SHA-384's 128-byte block.
 */
#define MX_PRF_SECRET_MAX 128

/* The largest premaster: DHE_PSK over a 4096-bit group with a 64-byte PSK. */
#define MX_PMS_MAX (2 + 512 + 2 + 64)

/* The number of leading zero bytes of z, counted without branches. */
uint64_t mx_pms_leading_zeros(const uint8_t *z, size_t n);

/*
 * The PRF secret for the premaster buf[0..at) || buf[at + s .. len),
 * s secret (s < len - at), len <= MX_PMS_MAX: into out (MX_PRF_SECRET_MAX bytes), its
 * length in *out_len (public: it depends on the PRF only). buf is
 * clobbered. 0 or -EINVAL for an unknown PRF.
 */
int mx_pms_prf_secret(enum mx_prf prf, uint8_t *buf, size_t len, size_t at, uint64_t s,
		      uint8_t *out, size_t *out_len);

#endif /* MXTLS_SSL_PREMASTER_H */
