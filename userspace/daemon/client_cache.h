/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A client profile's sessions, to resume them (RFC 5246 7.3 by session
 * id, RFC 5077 by ticket) when an application of that profile connects
 * to the same server again.
 *
 * An entry is found by the peer name the application asked to verify and
 * the peer's address and port: a session is never offered to a server
 * other than the one that made it, nor under another name. The table has
 * a fixed number of entries, each living the profile's session life (or
 * less, if the server's ticket lifetime hint says so); when it is full
 * the least recently used entry gives way. One mutex guards it (workers
 * run concurrently); lookups copy the session out. Master secrets and
 * tickets are wiped when an entry goes.
 */
#ifndef MXTLS_DAEMON_CLIENT_CACHE_H
#define MXTLS_DAEMON_CLIENT_CACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "matrixsslApi.h"
#include "daemon/nl.h"

struct mxd_client_cache;

/*
 * Who the server was when the session was made: a resumed handshake
 * sees no certificate, yet the application is told who its peer is.
 */
struct mxd_peer_identity {
	char id[MXTLS_PEER_ID_MAX];	/* certificate subject */
	uint8_t fp[MXTLS_PEER_FP_LEN];	/* SHA-256 of the leaf */
	bool known;
};

/* size entries (0: it keeps nothing), each living life_ms; NULL: no memory. */
struct mxd_client_cache *mxd_client_cache_new(unsigned int size, uint64_t life_ms);
void mxd_client_cache_free(struct mxd_client_cache *c);

/*
 * The session for req's peer, copied to *out (an initialised or cleared
 * sslSessionId_t; its ticket is the caller's to clear), and who the peer
 * was to *who. now: ms, monotonic. True when there was one.
 */
bool mxd_client_cache_get(struct mxd_client_cache *c, const struct mxd_request *req,
			  uint64_t now, sslSessionId_t *out, struct mxd_peer_identity *who);

/* Keep a copy of sid and who for req's peer, replacing what was there. */
void mxd_client_cache_put(struct mxd_client_cache *c, const struct mxd_request *req,
			  uint64_t now, const sslSessionId_t *sid,
			  const struct mxd_peer_identity *who);

/* Forget req's peer's session (it failed to resume, or ended in a fatal alert). */
void mxd_client_cache_drop(struct mxd_client_cache *c, const struct mxd_request *req);

/* Live entries, for tests. */
unsigned int mxd_client_cache_count(struct mxd_client_cache *c, uint64_t now);

#endif /* MXTLS_DAEMON_CLIENT_CACHE_H */
