/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test support: the certificates and keys scripts/pki-testdata.sh makes
 * with the openssl tool in build/pki-test, and its manifest of cases with
 * OpenSSL's own verdicts. The data is made afresh when missing, older
 * than the script, or older than a few hours (cases depend on "now").
 */
#ifndef MXTLS_TEST_PKI_DATA_H
#define MXTLS_TEST_PKI_DATA_H

#include <stddef.h>
#include <stdint.h>

#define PKI_CASE_MAX_FIELDS 16

/* One manifest line split at spaces: f[0] is its kind. */
struct pki_case {
	char *f[PKI_CASE_MAX_FIELDS];
	int n;
};

/* The data directory, generating it if needed; NULL on failure. */
const char *pki_data_dir(void);

/* The path of a file there (one of a few rotating static buffers). */
const char *pki_data_path(const char *name);

/*
 * Every manifest line of the given kind; *n gets the count. The array
 * and its strings live until the process ends. NULL on failure.
 */
struct pki_case *pki_data_cases(const char *kind, size_t *n);

/* A whole file, malloc'd and NUL-terminated; NULL on failure. */
uint8_t *pki_data_read(const char *path, size_t *len);

#endif /* MXTLS_TEST_PKI_DATA_H */
