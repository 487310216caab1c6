/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Handshake message codec (RFC 5246 section 7.4, RFC 6101 for SSL 3.0).
 *
 * Parsers take one whole message body (without its 4-byte header) and
 * fill a view whose pointers point into that body: nothing is copied.
 * They check every length and return 0, or the TLS alert the peer
 * deserves (always decode_error for a malformed body; semantic checks
 * belong to the state machines). Encoders write through struct mx_wr.
 */
#ifndef MXTLS_SSL_HS_MSG_H
#define MXTLS_SSL_HS_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ssl/wire.h"

struct mx_client_hello {
	uint16_t version;
	const uint8_t *random;
	const uint8_t *sid;
	uint8_t sid_len;
	const uint8_t *suites;		/* n_suites big-endian uint16 */
	size_t n_suites;
	bool null_comp;			/* the null method is offered */
	const uint8_t *ext;		/* the extensions block, or NULL */
	size_t ext_len;
};

struct mx_server_hello {
	uint16_t version;
	const uint8_t *random;
	const uint8_t *sid;
	uint8_t sid_len;
	uint16_t suite;
	uint8_t comp;
	const uint8_t *ext;
	size_t ext_len;
};

#define MX_MAX_CHAIN 16

struct mx_cert_msg {
	size_t n;
	const uint8_t *der[MX_MAX_CHAIN];
	size_t len[MX_MAX_CHAIN];
};

struct mx_cert_request {
	const uint8_t *types;
	size_t n_types;
	const uint8_t *sigalgs;		/* TLS 1.2: n_sigalgs uint16 */
	size_t n_sigalgs;
	const uint8_t *cas;		/* DistinguishedName list, raw */
	size_t cas_len;
};

struct mx_cert_verify {
	uint16_t sigalg;		/* TLS 1.2 only, else 0 */
	const uint8_t *sig;
	size_t sig_len;
};

/* Parsers: 0 or an SSL_ALERT_* code. */
int mx_parse_client_hello(const uint8_t *b, size_t len, struct mx_client_hello *m);
int mx_parse_server_hello(const uint8_t *b, size_t len, struct mx_server_hello *m);
int mx_parse_certificate(const uint8_t *b, size_t len, struct mx_cert_msg *m);
int mx_parse_cert_request(const uint8_t *b, size_t len, bool tls12, struct mx_cert_request *m);
int mx_parse_cert_verify(const uint8_t *b, size_t len, bool tls12, struct mx_cert_verify *m);
/* The encrypted premaster secret of an RSA ClientKeyExchange. */
int mx_parse_rsa_cke(const uint8_t *b, size_t len, bool ssl3, const uint8_t **enc,
		     size_t *enc_len);

/* True when the suite list of a ClientHello holds id. */
bool mx_hello_has_suite(const struct mx_client_hello *m, uint16_t id);

/*
 * Extension blocks: walk each (type, body) once after checking the whole
 * block is well formed and no type repeats. mx_ext_check returns 0 or an
 * alert; mx_ext_find finds a type in a checked block.
 */
int mx_ext_check(const uint8_t *ext, size_t len);
bool mx_ext_find(const uint8_t *ext, size_t len, uint16_t type, const uint8_t **body,
		 size_t *blen);

/* Encoders of handshake headers and the certificate list. */
void mx_enc_hs_header(struct mx_wr *w, uint8_t type, uint32_t len);
void mx_enc_cert_list(struct mx_wr *w, const uint8_t *const *der, const size_t *len, size_t n);

#endif /* MXTLS_SSL_HS_MSG_H */
