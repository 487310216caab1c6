/* SPDX-License-Identifier: GPL-2.0 */
/* The named finite-field groups' primes (their generator is 2). */
#ifndef MXTLS_CRYPTO_DH_GROUPS_H
#define MXTLS_CRYPTO_DH_GROUPS_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/dh.h"

struct mx_dh_group_def {
	const uint8_t *p;
	size_t len;
};

extern const struct mx_dh_group_def mx_dh_groups[];
extern const size_t mx_dh_ngroups;

#endif /* MXTLS_CRYPTO_DH_GROUPS_H */
