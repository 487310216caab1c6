/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test support: the openssl command-line tool as an independent peer.
 * Files live in a scratch directory made on first use and removed at
 * exit. Keys go to openssl as DER built by `openssl asn1parse -genconf`
 * (so no encoder of ours is involved) and come back from
 * `openssl pkey -text` output.
 */
#ifndef MXTLS_TEST_OSSL_CLI_H
#define MXTLS_TEST_OSSL_CLI_H

#include <stddef.h>
#include <stdint.h>

/* The path of a file in the scratch directory (one of 8 rotating buffers). */
const char *ossl_path(const char *name);

/* Run a shell command (printf-style); its output goes to the scratch
 * directory's log. Returns the exit status, -1 when it could not run. */
int ossl_run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

int ossl_write(const char *name, const void *data, size_t len);
/* The whole file, malloc'ed (NULL when missing); *len its size. */
uint8_t *ossl_read(const char *name, size_t *len);

/*
 * A field of `openssl pkey -in FILE -text -noout`: the hex block under
 * "label:" or an inline "label: 65537 (0x10001)". malloc'ed bytes, NULL
 * when absent. Leading zero bytes are kept as printed.
 */
uint8_t *ossl_key_field(const char *file, const char *label, size_t *len);

/* Lowercase hex of len bytes into a malloc'ed string. */
char *ossl_hex(const uint8_t *p, size_t len);

#endif /* MXTLS_TEST_OSSL_CLI_H */
