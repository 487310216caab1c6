/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Selftest support: an OpenSSL client and server that run their TLS
 * handshake in memory, so that either can then be offloaded to mxtls
 * (keys derived from OpenSSL's master secret) while the other stays an
 * OpenSSL peer whose records the test moves to and from a socket itself.
 * OpenSSL is the independent implementation every record is checked
 * against.
 */
#ifndef MXTLS_SELFTEST_TLSPAIR_H
#define MXTLS_SELFTEST_TLSPAIR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "mxtls_netlink.h"

enum { TP_CLIENT, TP_SERVER };

/* The independent implementation playing both ends of the handshake */
enum { TP_OPENSSL, TP_GNUTLS };

struct tls_params {
	uint16_t version;	/* MXTLS_TLS_1_0 .. MXTLS_TLS_1_2 */
	const char *cipher;	/* OpenSSL: cipher name; GnuTLS: priority items */
	bool etm;		/* allow encrypt-then-MAC (CBC suites) */
	int backend;		/* TP_OPENSSL (default) or TP_GNUTLS */
};

struct tls_pair;

/* Handshake in memory; 0 or -1 (OpenSSL's errors are printed) */
int tp_new(struct tls_pair **out, const struct tls_params *p);
void tp_free(struct tls_pair *tp);

/* The negotiated IANA suite and whether encrypt-then-MAC is in use */
uint16_t tp_suite(const struct tls_pair *tp);
bool tp_etm(const struct tls_pair *tp);

/*
 * The keys side uses in direction dir (MXTLS_DIR_TX/RX) as of now, for
 * fd. The pointers stay valid until tp_free().
 */
void tp_keys(struct tls_pair *tp, int side, int dir, int fd, struct mxtls_keys *k);
/* Attach the ULP to fd and send both directions' keys of side */
int tp_offload(struct tls_pair *tp, int side, int fd, struct mxtls_nl *nl);

/* Seal len bytes with side's library; the wire bytes go to out (cap) */
ssize_t tp_seal(struct tls_pair *tp, int side, const void *data, size_t len, uint8_t *out,
		size_t cap);
/* Whatever side's library wants to send (alerts, ...), into out */
ssize_t tp_pending(struct tls_pair *tp, int side, uint8_t *out, size_t cap);
/* Feed wire bytes to side's library */
int tp_feed(struct tls_pair *tp, int side, const uint8_t *wire, size_t len);
/*
 * Plaintext side's library has opened: >0 bytes, 0 close_notify, -1 it
 * needs more bytes, -2 it failed (an alert was received or must be sent)
 */
ssize_t tp_open(struct tls_pair *tp, int side, void *out, size_t cap);
/* The last alert side's library received: (level << 8) | desc, or 0 */
int tp_alert_rcvd(const struct tls_pair *tp, int side);
/* The server asks for a new handshake (a HelloRequest); then tp_pending() */
int tp_hello_request(struct tls_pair *tp, int side);
/* side sends close_notify; then tp_pending() */
int tp_close_notify(struct tls_pair *tp, int side);

/* Seal and write to fd all of data */
int tp_send(struct tls_pair *tp, int side, int fd, const void *data, size_t len);
/* Read from fd and open until len plaintext bytes arrived; 0 or -1 */
int tp_recv(struct tls_pair *tp, int side, int fd, void *data, size_t len);

/* The key block, for tests that forge records with libcrypto */
struct tp_keyblock {
	const uint8_t *mac[2], *key[2], *iv[2];	/* by writer: TP_CLIENT, TP_SERVER */
	size_t mac_len, key_len, iv_len;
	uint64_t seq[2];			/* next sequence number per writer */
	const uint8_t *verify[2];		/* RFC 5746 verify_data per writer */
	size_t verify_len;
};
void tp_keyblock(const struct tls_pair *tp, struct tp_keyblock *kb);

/*
 * One endpoint of a TLS connection over a real socket (interop with a
 * peer in another process): the handshake, then either mxtls or the
 * library's own record layer.
 */
struct tp_endpoint;

int tp_ep_new(struct tp_endpoint **out, const struct tls_params *p, bool server, int fd);
void tp_ep_free(struct tp_endpoint *ep);
/*
 * The handshake over the socket. record_exact reads one record at a time,
 * so nothing after the peer's Finished is read (the offloading side).
 */
int tp_ep_handshake(struct tp_endpoint *ep, bool record_exact);
/* The ULP and both directions' keys on the socket */
int tp_ep_offload(struct tp_endpoint *ep, struct mxtls_nl *nl);
uint16_t tp_ep_suite(const struct tp_endpoint *ep);
bool tp_ep_etm(const struct tp_endpoint *ep);
/* The library's record layer over the socket */
int tp_ep_send(struct tp_endpoint *ep, const void *data, size_t len);
int tp_ep_recv(struct tp_endpoint *ep, void *data, size_t len);
/* close_notify sent, then the peer's awaited: 0 if it came */
int tp_ep_close(struct tp_endpoint *ep);

/* Plumbing used by the tests */
int tcp_pair(int *cfd, int *sfd);
int write_all(int fd, const void *buf, size_t len);
int read_all(int fd, void *buf, size_t len);
void fill_pattern(void *buf, size_t len, uint32_t seed);

#endif /* MXTLS_SELFTEST_TLSPAIR_H */
