/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Selftest support: what tlspair.c needs from a TLS library (OpenSSL in
 * tls_openssl.c, GnuTLS in tls_gnutls.c): one endpoint whose records go
 * to and come from memory.
 */
#ifndef MXTLS_SELFTEST_BACKEND_H
#define MXTLS_SELFTEST_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "tlspair.h"

/* Key material of a finished handshake, by writer (TP_CLIENT, TP_SERVER) */
struct tp_secrets {
	uint16_t suite;
	bool etm;
	size_t mac_len, key_len, iv_len, block;
	uint8_t mac[2][64], key[2][32], iv[2][16];
	uint8_t verify[2][12];
	size_t verify_len;
};

/* What one writer sent after its ChangeCipherSpec in the handshake */
struct tp_track {
	bool after_ccs;
	uint64_t records;
	uint64_t body_bytes;
	uint8_t last_tail[64];		/* the end of the last record body */
};

struct tp_sess {
	const struct tp_backend *be;
	void *impl;
	int alert;			/* last alert received: level << 8 | desc */
	struct tp_track wrote;		/* what this endpoint wrote */
};

/* Note the records in buf (whole ones) a writer sent */
void tp_track_records(struct tp_track *t, const uint8_t *buf, size_t len);

/* mxtls keys for direction dir of fd, from the writer's secrets and records */
void tp_fill_keys(const struct tp_secrets *sec, const struct tp_track *t, int writer,
		  uint16_t version, int dir, int fd, struct mxtls_keys *k);

struct tp_backend {
	int (*init)(struct tp_sess *s, const struct tls_params *p, bool server);
	void (*fini)(struct tp_sess *s);
	/* 1 finished, 0 needs more bytes, -1 failed */
	int (*handshake)(struct tp_sess *s);
	int (*write)(struct tp_sess *s, const void *data, size_t len);
	/* as tp_open() */
	ssize_t (*read)(struct tp_sess *s, void *out, size_t cap);
	/* the bytes the endpoint wrote */
	ssize_t (*drain)(struct tp_sess *s, uint8_t *out, size_t cap);
	int (*feed)(struct tp_sess *s, const uint8_t *in, size_t len);
	/* from either endpoint after the handshake */
	int (*secrets)(struct tp_sess *s, bool server, uint16_t version, struct tp_secrets *sec);
	int (*hello_request)(struct tp_sess *s);
	int (*close_notify)(struct tp_sess *s);
};

extern const struct tp_backend tp_openssl;
extern const struct tp_backend tp_gnutls;

#endif /* MXTLS_SELFTEST_BACKEND_H */
