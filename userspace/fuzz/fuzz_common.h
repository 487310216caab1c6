/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the TLS fuzz targets share: keys from build/tls-testdata, found
 * above the fuzzer binary (build/fuzz/x or build/fuzz/replay/x).
 */
#ifndef MXTLS_FUZZ_COMMON_H
#define MXTLS_FUZZ_COMMON_H

#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "matrixsslApi.h"

static sslKeys_t *fuzz_keys(int server)
{
	char exe[PATH_MAX], cert[PATH_MAX + 64], key[PATH_MAX + 64], ca[PATH_MAX + 64];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	sslKeys_t *k;
	char *dir;
	int up;

	if (n <= 0)
		abort();
	exe[n] = 0;
	dir = dirname(exe);
	for (up = 0; up < 3; up++) {
		dir = dirname(dir);
		snprintf(ca, sizeof(ca), "%s/tls-testdata/ca.pem", dir);
		if (access(ca, R_OK) == 0)
			break;
	}
	snprintf(cert, sizeof(cert), "%s/tls-testdata/server-chain.pem", dir);
	snprintf(key, sizeof(key), "%s/tls-testdata/server.key", dir);
	snprintf(ca, sizeof(ca), "%s/tls-testdata/ca.pem", dir);
	if (matrixSslOpen() < 0 || matrixSslNewKeys(&k, NULL) < 0 ||
	    matrixSslLoadRsaKeys(k, server ? cert : NULL, server ? key : NULL, NULL, ca) < 0) {
		fprintf(stderr, "fuzz: run scripts/tls-testdata.sh build/tls-testdata first\n");
		abort();
	}
	return k;
}

#endif /* MXTLS_FUZZ_COMMON_H */
