/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Signature schemes: what ServerKeyExchange and CertificateVerify are
 * signed with. TLS 1.2 names them on the wire (signature_algorithms,
 * RFC 5246 7.4.1.4.1; the RSA-PSS "rsae" values of RFC 8446 as TLS 1.2
 * peers use them); TLS 1.0/1.1 fix them by key type: RSA signs
 * MD5 || SHA-1 without a DigestInfo, ECDSA signs SHA-1 (RFC 4492).
 */
#ifndef MXTLS_SSL_SIGALG_H
#define MXTLS_SSL_SIGALG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto/hash.h"
#include "ssl/wire.h"

/* The hash id meaning TLS 1.0/1.1's MD5 || SHA-1 signature input. */
#define MX_HASH_MD5_SHA1 ((enum mx_hash_id)100)

enum mx_sig_kind {
	MX_SIGK_RSA_PKCS1,
	MX_SIGK_RSA_PSS,
	MX_SIGK_ECDSA,
};

/* A scheme: its wire value (0 before TLS 1.2), kind and hash. */
struct mx_sigalg {
	uint16_t id;
	enum mx_sig_kind kind;
	enum mx_hash_id hash;
};

/* The key a scheme needs. */
enum mx_key_kind {
	MX_KEY_RSA,
	MX_KEY_EC,
};

/* Our TLS 1.2 schemes, best first: what we offer and accept. */
extern const uint16_t mx_sigalgs_ours[];
extern const size_t mx_n_sigalgs_ours;

/* The scheme with this wire value among ours; false if not one of ours. */
bool mx_sigalg_get(uint16_t id, struct mx_sigalg *out);

/* The fixed scheme of a key kind before TLS 1.2. */
void mx_sigalg_legacy(enum mx_key_kind key, struct mx_sigalg *out);

/* The key kind a scheme signs with. */
enum mx_key_kind mx_sigalg_key(const struct mx_sigalg *a);

/*
 * Choose the scheme to sign with: TLS 1.2 takes the first of ours for
 * the key that the peer listed (peer, n wire values; none listed means
 * {sha1} with the key's algorithm, RFC 5246 7.4.1.4.1), older versions
 * the legacy one. false when nothing fits.
 */
bool mx_sigalg_choose(uint16_t version, enum mx_key_kind key, const uint16_t *peer, size_t n,
		      struct mx_sigalg *out);

/*
 * As mx_sigalg_choose, but an ECDSA key on P-384 signs with SHA-384 when
 * the peer lists ecdsa_secp384r1_sha384 (a hash as strong as the curve;
 * peers such as GnuTLS complain of a weaker one).
 */
bool mx_sigalg_choose_ec(uint16_t version, enum mx_key_kind key, bool p384, const uint16_t *peer,
			 size_t n, struct mx_sigalg *out);

/* Write our list as a signature_algorithms body (the vector). */
void mx_sigalg_enc_list(struct mx_wr *w);

/* Keep those of the peer's wire list (n values at p) that are ours. */
size_t mx_sigalg_filter(const uint8_t *p, size_t n, uint16_t *out, size_t max);

/* Digest of the pieces for a scheme's hash (MD5 || SHA-1 for the legacy
 * RSA one); returns its length.
 */
size_t mx_sig_digest(enum mx_hash_id h, const uint8_t *const *parts, const size_t *lens,
		     size_t n, uint8_t *out);

#endif /* MXTLS_SSL_SIGALG_H */
