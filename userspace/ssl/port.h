/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The record port: how the handshake engine reaches whatever does the
 * records (modelled on BoringSSL's SSL_QUIC_METHOD).
 *
 * The engine never frames, encrypts or reads a record itself. It hands
 * the port handshake bytes (and ChangeCipherSpec) tagged with the write
 * epoch it believes current, tells it when to switch keys, and asks it
 * to send alerts. Records coming in reach the engine as (content type,
 * bytes) through mx_engine_input() (ssl/engine.h).
 *
 *   library mode: the port is the userspace record layer inside ssl_t
 *                 (ssl/record.c), writing into the session's outdata;
 *   daemon mode:  the kernel frames the records, the port speaks netlink;
 *   offload:      after the handshake the record layer's state is
 *                 exported (mx_rl_export) and handed to the kernel.
 *
 * Epochs count key changes per direction: 0 is the plaintext of the
 * first handshake, each ChangeCipherSpec adds one. Keys carry their
 * sequence number so a port can take over a connection mid-stream.
 */
#ifndef MXTLS_SSL_PORT_H
#define MXTLS_SSL_PORT_H

#include <stddef.h>
#include <stdint.h>

#define MX_MAX_MAC_KEY	48
#define MX_MAX_KEY	32
#define MX_MAX_IV	16

/* mx_traffic_keys.flags */
#define MX_TK_ETM	(1u << 0)	/* CBC with encrypt-then-MAC (RFC 7366) */

/* One direction's traffic protection, as derived from the key block. */
struct mx_traffic_keys {
	uint16_t version;		/* wire version of the records */
	uint16_t suite;			/* IANA id */
	uint16_t epoch;
	uint8_t mac_key_len, key_len, iv_len;
	uint8_t flags;			/* MX_TK_* */
	uint8_t mac_key[MX_MAX_MAC_KEY];
	uint8_t key[MX_MAX_KEY];
	/*
	 * CBC: the IV of the next record for TLS 1.0 and SSL 3.0 (the key
	 * block's at first, the last ciphertext block once running);
	 * AEAD: the implicit salt (4 bytes for GCM) or the nonce mask
	 * XORed with the sequence number (12 bytes for ChaCha20-Poly1305,
	 * RFC 7905).
	 */
	uint8_t iv[MX_MAX_IV];
	uint64_t seq;			/* sequence number of the next record */
};

struct mx_record_port_ops {
	/* Bytes of content type ct (handshake or CCS) to send under the
	 * write epoch 'epoch'; a port refuses an epoch it is not at.
	 */
	int (*add_handshake_data)(void *port, uint16_t epoch, uint8_t ct,
				  const uint8_t *data, size_t len);
	/* Protect what is sent from now on with k (after a CCS went out). */
	int (*set_write_keys)(void *port, const struct mx_traffic_keys *k);
	/* Unprotect the peer's records with k from its next CCS on. */
	int (*set_read_keys)(void *port, const struct mx_traffic_keys *k);
	/* Send an alert under the current write keys. */
	int (*send_alert)(void *port, uint8_t level, uint8_t desc);
	/* A flight is complete: send what is queued. */
	int (*flush)(void *port);
	/*
	 * RFC 6066 max_fragment_length: from now on no record, of any
	 * type and in either direction, carries more than max bytes of
	 * plaintext (16384 undoes it).
	 */
	int (*set_max_fragment)(void *port, uint16_t max);
};

#endif /* MXTLS_SSL_PORT_H */
