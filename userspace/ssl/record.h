/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The userspace record layer: the record port of library mode.
 *
 * It frames what the engine sends into records appended to the session's
 * outdata (protecting them in place), and opens records read into the
 * session's read buffer in place. MAC-then-encrypt CBC with the TLS 1.0
 * IV chain and the 1/n-1 split of application data, the explicit IVs of
 * TLS 1.1+, encrypt-then-MAC CBC (RFC 7366), AES-GCM with the explicit
 * nonce = sequence number, ChaCha20-Poly1305 with the nonce mask
 * (RFC 7905), RC4 in USE_ARC4 builds; the MAC-then-encrypt padding and
 * MAC are checked in constant time. Records carry at most max_plain
 * bytes of plaintext each way (RFC 6066 max_fragment_length).
 */
#ifndef MXTLS_SSL_RECORD_H
#define MXTLS_SSL_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto/hmac.h"
#include "ssl/port.h"
#include "ssl/rec_cipher.h"
#include "ssl/suite.h"

struct ssl;

/* One direction's protection. suite NULL: plaintext (epoch 0). */
struct mx_rec_state {
	const struct mx_suite *suite;
	struct mx_traffic_keys k;	/* raw keys, IV chain, sequence number */
	struct mx_bulk *bulk;
	/* The MAC's hash states after its keyed inner and outer blocks
	 * (HMAC; SSL 3.0's pad1/pad2 construction), copied per record.
	 */
	const struct mx_hash_desc *mh;
	union mx_hash_ctx mac_in, mac_out;
};

struct mx_rl {
	struct mx_rec_state rd, wr;
	struct mx_rec_state *rd_next;	/* from set_read_keys, active at the peer's CCS */
	/* Handshake bytes queued until the flight is flushed, so that
	 * several messages share a record.
	 */
	uint8_t *hs_buf;
	size_t hs_len, hs_cap;
	uint16_t version;		/* written in record headers */
	bool version_locked;		/* peer records must carry exactly version */
	uint16_t max_plain;		/* plaintext per record; 0 means 16384 */
};

extern const struct mx_record_port_ops mx_rl_port_ops;

void mx_rl_init(struct mx_rl *rl);
void mx_rl_clear(struct mx_rl *rl);

/* Largest record this state produces for plen bytes of plaintext, and
 * where the plaintext starts in it (header + explicit IV).
 */
size_t mx_rl_record_max(const struct mx_rec_state *s, size_t plen);
size_t mx_rl_prefix(const struct mx_rec_state *s);
/* The exact length of the record this state makes of plen bytes. */
size_t mx_rl_sealed_len(const struct mx_rec_state *s, size_t plen);
/* The most plaintext a record may carry (RFC 6066). */
size_t mx_rl_max_plain(const struct mx_rl *rl);

/*
 * Protect one record in place: rec[0..prefix) will hold header and
 * explicit IV, the plaintext is at rec + prefix, plen <= 16384 bytes;
 * room for mx_rl_record_max bytes. Returns the record's length, or a
 * negative errno.
 */
int mx_rl_seal(struct mx_rl *rl, uint8_t ct, uint8_t *rec, size_t plen);

/*
 * Append records of content type ct carrying len bytes (fragmented at
 * 16384; application data split 1/n-1 under TLS 1.0 CBC) to the session's
 * outdata. 0 or a negative errno.
 */
int mx_rl_write(struct ssl *ssl, uint8_t ct, const uint8_t *data, size_t len);

/*
 * Check a record header: the length of the body to read, or
 * -SSL_ALERT_* (negated alert) when the header is unacceptable.
 */
int mx_rl_check_header(const struct mx_rl *rl, const uint8_t *hdr);

/*
 * Open the record at rec (header and its body of hdr length, all
 * present) in place: *pt and *ptlen give the plaintext. Returns 0 or a
 * negated alert (bad_record_mac, record_overflow, decode_error).
 */
int mx_rl_open(struct mx_rl *rl, uint8_t *rec, uint8_t **pt, size_t *ptlen);

/* The peer's ChangeCipherSpec arrived: switch to the pending read keys.
 * 0 or -SSL_ALERT_UNEXPECTED_MESSAGE when none are pending.
 */
int mx_rl_ccs_received(struct mx_rl *rl);

/* Both directions' current keys, IV chains and sequence numbers, for
 * handing the connection to another record port (kernel offload).
 */
void mx_rl_export(const struct mx_rl *rl, struct mx_traffic_keys *rd, struct mx_traffic_keys *wr);

#endif /* MXTLS_SSL_RECORD_H */
