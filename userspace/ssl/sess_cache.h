/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The server's session cache (resumption by session id, RFC 5246 7.3).
 *
 * A cache is a table of a fixed number of entries, each living a fixed
 * time from its creation; when the table is full the least recently used
 * entry gives way. One mutex guards each; lookups copy the entry out, so
 * nothing refers into the table after the lock is dropped. Master secrets
 * are wiped when an entry goes.
 *
 * Sessions use the library's own cache (SSL_SESSION_TABLE_SIZE entries of
 * SSL_SESSION_ENTRY_LIFE ms) unless given another: mxtlsd gives each
 * server profile one of its configured size and life.
 */
#ifndef MXTLS_SSL_SESS_CACHE_H
#define MXTLS_SSL_SESS_CACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "ssl/peer_id.h"
#include "ssl/proto.h"

struct mx_cached_session {
	uint8_t id[MX_MAX_SID];
	uint8_t id_len;
	uint8_t master[MX_MASTER_LEN];
	uint16_t version;
	uint16_t suite;
	bool ems;
	bool client_auth;		/* the client authenticated (so may resume) */
	struct mx_peer_id peer;		/* as whom, with client_auth */
	uint8_t sni_hash[16];		/* the server name it was made under; zeros: none */
	/*
	 * The server keys it was made with: a session resumes only with
	 * the same keys, so servers with different identities (mxtlsd's
	 * profiles) in one process keep their sessions apart.
	 */
	const void *keys;
};

struct mx_sess_cache;

/* Empty the library's cache (matrixSslOpen / matrixSslClose). */
int mx_cache_init(void);
void mx_cache_destroy(void);

/* The library's cache. */
struct mx_sess_cache *mx_cache_default(void);

/*
 * A cache of its own: size entries (0: it keeps nothing), each living
 * life_ms. NULL when out of memory. Freeing wipes every entry.
 */
struct mx_sess_cache *mx_cache_new(unsigned int size, uint64_t life_ms);
void mx_cache_free(struct mx_sess_cache *c);

/* The clock the cache uses: milliseconds, monotonic. */
uint64_t mx_cache_now(void);

/* Store s (replacing an entry with the same id). now: mx_cache_now(). */
void mx_cache_store(struct mx_sess_cache *c, const struct mx_cached_session *s, uint64_t now);

/* Find a live entry by id and copy it to *out; true when found. */
bool mx_cache_lookup(struct mx_sess_cache *c, const uint8_t *id, uint8_t id_len, uint64_t now,
		     struct mx_cached_session *out);

/* Forget an entry (a session that ended in a fatal alert, RFC 5246 7.2.2). */
void mx_cache_remove(struct mx_sess_cache *c, const uint8_t *id, uint8_t id_len);

/* Live entries, for tests. */
unsigned int mx_cache_count(struct mx_sess_cache *c, uint64_t now);

#endif /* MXTLS_SSL_SESS_CACHE_H */
