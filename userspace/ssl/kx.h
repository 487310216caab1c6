/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Key exchange: the ServerKeyExchange parameters and the
 * ClientKeyExchange of every key exchange the engine speaks, and the
 * premaster secret each yields.
 *
 *   RSA          the client's random premaster, RSA-encrypted
 *   DHE_RSA      finite-field DH (RFC 7919 groups, or the server's
 *   DH_anon      parameters from matrixSslLoadDhParams)
 *   ECDHE_*      P-256, P-384 or X25519 (RFC 8422), uncompressed points
 *   PSK          RFC 4279: the identity hint and the identity
 *   DHE_PSK      RFC 4279 with finite-field DH
 *   ECDHE_PSK    RFC 5489
 *
 * Ephemeral keys are fresh for every handshake and wiped with it.
 * Groups are chosen by the server from the client's supported_groups
 * (RFC 8422, RFC 7919): X25519, then P-256, then P-384; for DHE the
 * loaded parameters when there are some, else the smallest RFC 7919
 * group the client lists (ffdhe2048 when it lists none).
 */
#ifndef MXTLS_SSL_KX_H
#define MXTLS_SSL_KX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto/dh.h"
#include "crypto/ec.h"
#include "crypto/x25519.h"
#include "crypto/suites.h"
#include "ssl/premaster.h"
#include "ssl/wire.h"

/* Named groups (IANA TLS Supported Groups). */
#define MX_GROUP_P256		23
#define MX_GROUP_P384		24
#define MX_GROUP_X25519		29
#define MX_GROUP_FFDHE2048	256
#define MX_GROUP_FFDHE3072	257
#define MX_GROUP_FFDHE4096	258

struct mx_psk;

/* The key exchange state of one handshake (part of struct mx_hs). */
struct mx_kx_state {
	uint16_t ec_group;		/* ECDHE: the curve, 0 when none fits */
	const struct mx_dh_params *dh;	/* DHE: the group, NULL when none fits */
	struct mx_dh_params *dh_owned;	/* client: the server's parameters */
	bool ff_listed;			/* server: the client listed FFDHE groups */
	/* server: the client's list allows an ECDSA key on P-256, on P-384 */
	bool p256_ok, p384_ok;
	uint8_t dh_priv[MX_DH_MAX_BYTES];
	size_t dh_priv_len;
	struct mx_ec_key ec;
	uint8_t x_priv[MX_X25519_LEN];
	/* client: the server's public value */
	uint8_t peer[MX_DH_MAX_BYTES];
	size_t peer_len;
	/* PSK suites: the key in use; the server's hint (client) */
	const struct mx_psk *psk;
	uint8_t hint[128];
	size_t hint_len;
	/*
	 * The premaster: pms[0..at) || pms[at + strip..len), strip being
	 * the (secret) leading zeros of a DH secret (see premaster.h).
	 */
	uint8_t pms[MX_PMS_MAX];
	size_t pms_len, pms_at;
	uint64_t pms_strip;
};

struct ssl;

/* Wipe and release. */
void mx_kx_clear(struct mx_kx_state *kx);

struct ssl;

/* Client: the supported_groups body we send. */
void mx_kx_enc_groups(const struct ssl *ssl, struct mx_wr *w, bool ec, bool ff);

/* Server: choose the groups for (EC)DHE from the client's list (n
 * values at p; have: the extension was there).
 */
void mx_kx_server_groups(struct ssl *ssl, const uint8_t *p, size_t n, bool have);

/* Server: the suite's key exchange can run with the groups and keys. */
bool mx_kx_server_can(const struct ssl *ssl, const struct mx_suite *s);

/* Server: a ServerKeyExchange goes out for this suite. */
bool mx_kx_server_sends_ske(const struct ssl *ssl);

/*
 * Server: make the ephemeral key and write the ServerKeyExchange
 * parameters (hint, DH or EC parameters and public value) into a new
 * buffer. 0 or a negative errno.
 */
int mx_kx_server_params(struct ssl *ssl, uint8_t **out, size_t *len);

/* Server: the ClientKeyExchange body; the premaster on success. */
int mx_kx_server_cke(struct ssl *ssl, const uint8_t *b, size_t len);

/*
 * Client: the parameters at the front of a ServerKeyExchange; *plen
 * gets their length (what the signature covers, with the randoms).
 */
int mx_kx_client_params(struct ssl *ssl, const uint8_t *b, size_t len, size_t *plen);

/* Client: the premaster and the ClientKeyExchange body (a new buffer). */
int mx_kx_client_cke(struct ssl *ssl, uint8_t **out, size_t *len);

/* The PRF secret made from the premaster (see premaster.h). */
int mx_kx_prf_secret(struct ssl *ssl, uint8_t *out, size_t *out_len);

#endif /* MXTLS_SSL_KX_H */
