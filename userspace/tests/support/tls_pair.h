/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Two sessions of ours joined in memory: what each sends is fed to the
 * other through the guide's buffer calls, optionally in chunks of a given
 * size (down to one byte) to exercise partial records.
 */
#ifndef MXTLS_TEST_TLS_PAIR_H
#define MXTLS_TEST_TLS_PAIR_H

#include <stddef.h>
#include <stdint.h>

#include "matrixsslApi.h"

#define TLS_TESTDATA MXTLS_TOP "/build/tls-testdata"

struct tls_end {
	ssl_t *ssl;
	/* Called on each flight this end sends, before the peer sees it. */
	void (*tamper)(unsigned char *buf, size_t len, void *arg);
	void *tamper_arg;
	int32 last;			/* last return code that mattered */
	int complete;			/* HANDSHAKE_COMPLETE seen */
	unsigned char *got;		/* application data received */
	size_t got_len, got_cap;
	int alerts;
	unsigned char alert[2];		/* the last one */
};

/* Move everything c has to send into s (and back) until both are quiet.
 * chunk: bytes per read (0: all at once). Returns 0, or the first
 * negative return code seen.
 */
int tls_pump(struct tls_end *c, struct tls_end *s, size_t chunk);

/* Keys from build/tls-testdata (made by scripts/tls-testdata.sh). */
sslKeys_t *tls_server_keys(int with_client_ca);
sslKeys_t *tls_client_keys(int with_client_cert);

void tls_end_free(struct tls_end *e);

/* Make build/tls-testdata if missing; 0 on success. */
int tls_testdata(void);

/* Feed bytes to an end as if read from the network (chunked). */
int tls_feed(struct tls_end *to, const unsigned char *data, size_t len, size_t chunk);

#endif /* MXTLS_TEST_TLS_PAIR_H */
