/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The cipher suites the engine negotiates: those of the crypto library's
 * table (crypto/suites.h: lengths, key-block split, PRF) whose key
 * exchange and cipher this engine speaks, in that table's preference
 * order: RSA, DHE_RSA, ECDHE_RSA, ECDHE_ECDSA, PSK, DHE_PSK and
 * ECDHE_PSK key exchanges (DH_anon only with USE_ANON_DH_CIPHER_SUITE)
 * with AES-CBC, AES-GCM, ChaCha20-Poly1305, 3DES and (USE_ARC4) RC4.
 */
#ifndef MXTLS_SSL_SUITE_H
#define MXTLS_SSL_SUITE_H

#include <stdbool.h>
#include <stdint.h>

#include "crypto/suites.h"

/* At most this many suites are usable (bits of the enabled sets). */
#define MX_SSL_MAX_SUITES 128

/* A set of suites, a bit per mx_suite_index. */
struct mx_suite_set {
	uint64_t w[MX_SSL_MAX_SUITES / 64];
};

static inline bool mx_suite_set_has(const struct mx_suite_set *set, unsigned int i)
{
	return set->w[i / 64] >> (i % 64) & 1;
}

static inline void mx_suite_set_put(struct mx_suite_set *set, unsigned int i, bool on)
{
	if (on)
		set->w[i / 64] |= 1ull << (i % 64);
	else
		set->w[i / 64] &= ~(1ull << (i % 64));
}

/* The suite, if the engine speaks it; NULL otherwise. */
const struct mx_suite *mx_ssl_suite_get(uint16_t id);

/* The i-th suite the engine speaks, most preferred first; NULL past the end. */
const struct mx_suite *mx_ssl_suite_at(unsigned int i);

/* Its position among them (bit of the enabled masks). */
unsigned int mx_suite_index(const struct mx_suite *s);

/* Suites disabled for sessions created from now on. */
void mx_suites_default_disabled(struct mx_suite_set *out);

/*
 * Whether the suite can run at this wire version. Only the RSA key
 * exchange runs over SSL 3.0 here: its key derivation would take a
 * Diffie-Hellman secret with its leading zeros stripped at a cost that
 * depends on them (see keysched.c), and SSL 3.0 is for old peers anyway.
 */
static inline bool mx_suite_ok_for(const struct mx_suite *s, uint16_t version)
{
	return version >= s->min_version && (version > 0x0300 || s->kx == MX_KX_RSA);
}

/* The suite authenticates the server with a certificate. */
static inline bool mx_suite_has_cert(const struct mx_suite *s)
{
	return s->auth == MX_AUTH_RSA || s->auth == MX_AUTH_ECDSA;
}

/* The suite's key exchange uses a pre-shared key. */
static inline bool mx_suite_is_psk(const struct mx_suite *s)
{
	return s->kx == MX_KX_PSK || s->kx == MX_KX_DHE_PSK || s->kx == MX_KX_ECDHE_PSK;
}

/* Finite-field ephemeral DH (its premaster loses leading zeros). */
static inline bool mx_suite_is_dhe(const struct mx_suite *s)
{
	return s->kx == MX_KX_DHE || s->kx == MX_KX_DHE_PSK || s->kx == MX_KX_DH_ANON;
}

static inline bool mx_suite_is_ecdhe(const struct mx_suite *s)
{
	return s->kx == MX_KX_ECDHE || s->kx == MX_KX_ECDHE_PSK;
}

#endif /* MXTLS_SSL_SUITE_H */
