/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Session tickets (RFC 5077): the server's ticket keys and the sealing
 * and opening of the session state a ticket carries.
 *
 * A ticket is RFC 5077 section 4's recommended structure: key_name (16),
 * IV (16), the state encrypted with AES-CBC (128 or 256) and PKCS#7
 * padding, then HMAC-SHA-256 over all of that; the HMAC is checked (in
 * constant time) before anything is decrypted.
 *
 * Keys: up to MX_TICKET_MAX_KEYS; the first encrypts, all decrypt, so a
 * new key can be rolled in while tickets sealed with the old ones still
 * open. They come from matrixSslLoadSessionTicketKeys (the newest loaded
 * encrypts) or from a key file (matrixSslLoadSessionTicketKeysFile):
 * one key per line, 160 hexadecimal digits (80 bytes: name, AES-256
 * key, HMAC key), the first line encrypting, '#' comments and blank
 * lines ignored (make one with "openssl rand -hex 80"). The file is
 * read again whenever it changes (its inode, size or modification time,
 * looked at on each ticket sealed or opened), so servers sharing one
 * file rotate together: put a new key first, keep the old ones below it
 * for a ticket lifetime, then drop them. A file that no longer parses
 * leaves the keys as they were.
 *
 * A ticket is good for SSL_SESSION_ENTRY_LIFE from when it was sealed,
 * by the wall clock (servers sharing keys share the time too).
 */
#ifndef MXTLS_SSL_TICKET_H
#define MXTLS_SSL_TICKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ssl/peer_id.h"
#include "ssl/proto.h"

#define MX_TICKET_MAX_KEYS	8
#define MX_TICKET_NAME_LEN	16
/*
 * name, IV, state (78 bytes, and 33 + the subject's length for a client
 * that authenticated, padded to whole blocks), MAC
 */
#define MX_TICKET_MAX_LEN	(16 + 16 + (78 + 33 + MX_PEER_SUBJECT_MAX - 1) / 16 * 16 + 16 + 32)

struct mx_ticket_keys;

/* What a ticket remembers of a session. */
struct mx_ticket_state {
	uint16_t version;
	uint16_t suite;
	bool ems;
	bool client_auth;
	uint8_t master[MX_MASTER_LEN];
	uint8_t sni_hash[16];		/* of the server name; zeros: none */
	struct mx_peer_id peer;		/* the client's, with client_auth */
};

int mx_ticket_keys_new(struct mx_ticket_keys **out);
void mx_ticket_keys_free(struct mx_ticket_keys *t);

/* Add a key (AES key of 16 or 32 bytes, HMAC key of 16 to 64) in front:
 * it encrypts from now on. -EINVAL, -E2BIG (full).
 */
int mx_ticket_keys_add(struct mx_ticket_keys *t, const uint8_t name[MX_TICKET_NAME_LEN],
		       const uint8_t *aes, size_t aes_len, const uint8_t *hmac, size_t hmac_len);
/* Drop the key with this name; -ENOENT when there is none. */
int mx_ticket_keys_remove(struct mx_ticket_keys *t, const uint8_t name[MX_TICKET_NAME_LEN]);
/*
 * Take the keys from a file (replacing those held) and follow it. 0,
 * -ENOENT and the like (the file), -EBADMSG (the contents), -ENOMEM.
 */
int mx_ticket_keys_set_file(struct mx_ticket_keys *t, const char *path);

/* The length of the ticket mx_ticket_seal makes of st. */
size_t mx_ticket_len(const struct mx_ticket_state *st);

/*
 * Seal st into a ticket (out, MX_TICKET_MAX_LEN bytes of room). 0 with
 * *len, -ENOKEY without a key, or a random generator error.
 */
int mx_ticket_seal(struct mx_ticket_keys *t, const struct mx_ticket_state *st, uint8_t *out,
		   size_t *len);

/*
 * Open a ticket. 0 with *st filled and *renew telling whether a key
 * other than the encrypting one opened it (send a fresh ticket), or
 * -ENOENT for a ticket that is not ours, was tampered with or expired.
 */
int mx_ticket_open(struct mx_ticket_keys *t, const uint8_t *ticket, size_t len,
		   struct mx_ticket_state *st, bool *renew);

/* The lifetime hint, in seconds, for NewSessionTicket. */
uint32_t mx_ticket_lifetime(void);

#endif /* MXTLS_SSL_TICKET_H */
