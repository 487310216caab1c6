/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The library's random numbers: a process-wide HMAC-DRBG (NIST SP 800-90A)
 * seeded from getrandom(), reseeded after a bounded number of requests,
 * and reseeded in a child after fork().
 */
#ifndef MXTLS_CRYPTO_RANDOM_H
#define MXTLS_CRYPTO_RANDOM_H

#include <stddef.h>

/* Fill buf with len random bytes. 0, or a negative errno (entropy failure). */
int mx_random_bytes(void *buf, size_t len);

#endif /* MXTLS_CRYPTO_RANDOM_H */
