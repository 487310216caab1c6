/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The cipher suites the engine negotiates: those of the crypto library's
 * table (crypto/suites.h: lengths, key-block split, PRF) whose key
 * exchange and cipher this engine speaks, in that table's preference
 * order. This release speaks the RSA key exchange with AES-CBC, AES-GCM,
 * 3DES and (USE_ARC4) RC4.
 */
#ifndef MXTLS_SSL_SUITE_H
#define MXTLS_SSL_SUITE_H

#include <stdbool.h>
#include <stdint.h>

#include "crypto/suites.h"

/* At most this many suites are usable (bits of the enabled masks). */
#define MX_SSL_MAX_SUITES 32

/* The suite, if the engine speaks it; NULL otherwise. */
const struct mx_suite *mx_ssl_suite_get(uint16_t id);

/* The i-th suite the engine speaks, most preferred first; NULL past the end. */
const struct mx_suite *mx_ssl_suite_at(unsigned int i);

/* Its position among them (bit of the enabled masks). */
unsigned int mx_suite_index(const struct mx_suite *s);

/* Suites disabled for sessions created from now on (bit per index). */
uint32_t mx_suites_default_disabled(void);

/* Whether the suite can run at this wire version. */
static inline bool mx_suite_ok_for(const struct mx_suite *s, uint16_t version)
{
	return version >= s->min_version;
}

#endif /* MXTLS_SSL_SUITE_H */
