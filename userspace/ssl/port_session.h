/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sessions on an external record port (daemon mode).
 *
 * The engine is the same as in library mode; only the record port
 * differs: what the engine sends goes to ops (the kernel over netlink in
 * mxtlsd), and the records the port receives are fed back with
 * mx_port_session_input(). The session never holds a record layer of its
 * own, so it never sees application data.
 *
 * A connection whose handshake was done by another session (another
 * daemon process, or this one before a restart) can still renegotiate:
 * mx_port_session_established() makes a fresh session continue from the
 * version, suite and RFC 5746 verify_data of that handshake, which the
 * kernel keeps.
 */
#ifndef MXTLS_SSL_PORT_SESSION_H
#define MXTLS_SSL_PORT_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "matrixsslApi.h"
#include "ssl/port.h"
#include "ssl/sess_cache.h"

struct mx_port_session_params {
	uint8_t role;			/* MX_CLIENT or MX_SERVER (ssl_int.h) */
	const sslKeys_t *keys;
	sslSessOpts_t *opts;		/* versions, tickets, userPtr; NULL: defaults */
	sslCertCb_t cert_cb;		/* client: always; server: requests a certificate */
	const char *expected_name;	/* client: name to verify, NULL for none */
	sslSessionId_t *sid;		/* client: session to resume and to fill */
	struct mx_sess_cache *cache;	/* server: its session cache, NULL: the library's */
	const uint16_t *suites;		/* client: offered; server: allowed. NULL: defaults */
	unsigned int n_suites;
};

/* A session talking through ops/port; nothing is sent yet. 0 or -errno. */
int mx_port_session_new(ssl_t **out, const struct mx_port_session_params *p,
			const struct mx_record_port_ops *ops, void *port);

/*
 * Before mx_port_session_start: the connection completed a handshake
 * elsewhere with this version, suite and verify_data (both of len bytes;
 * 0 when the peer did not speak RFC 5746). 0 or -EINVAL.
 */
int mx_port_session_established(ssl_t *ssl, uint16_t version, uint16_t suite,
				const uint8_t *client_verify, const uint8_t *server_verify,
				size_t len);

/*
 * Start the initial handshake: a client sends its ClientHello, a server
 * waits for one. On an established session this starts a re-handshake
 * from our side (client: a ClientHello; server: a HelloRequest), always a
 * full one. 0 or -errno.
 */
int mx_port_session_start(ssl_t *ssl);

/*
 * A record the port received (content type ct: handshake, CCS or alert).
 * Returns 0 (more is needed), MATRIXSSL_HANDSHAKE_COMPLETE, or a negative
 * errno once the session failed (the fatal alert, when one is due, has
 * gone to the port already):
 *   -EKEYREJECTED  the peer's certificate was refused
 *   -ECONNRESET    the peer sent a fatal alert (mx_port_session_alert)
 *   -EPROTO        any other protocol failure
 *   -ENOMEM
 * A peer's no_renegotiation warning answering our re-handshake returns
 * -ECANCELED: the connection goes on with its keys.
 */
int mx_port_session_input(ssl_t *ssl, uint8_t ct, const uint8_t *data, size_t len);

/* The last alert received: level << 8 | description, 0 if none. */
unsigned int mx_port_session_alert(const ssl_t *ssl);

/* The RFC 5746 verify_data of the last completed handshake; its length. */
size_t mx_port_session_verify_data(const ssl_t *ssl, const uint8_t **client,
				   const uint8_t **server);

#endif /* MXTLS_SSL_PORT_SESSION_H */
