/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The server's session cache (resumption by session id, RFC 5246 7.3).
 *
 * A fixed table of SSL_SESSION_TABLE_SIZE entries, each living
 * SSL_SESSION_ENTRY_LIFE milliseconds from its creation; when the table
 * is full the least recently used entry gives way. One mutex guards it;
 * lookups copy the entry out, so nothing refers into the table after the
 * lock is dropped. Master secrets are wiped when an entry goes.
 */
#ifndef MXTLS_SSL_SESS_CACHE_H
#define MXTLS_SSL_SESS_CACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "ssl/proto.h"

struct mx_cached_session {
	uint8_t id[MX_MAX_SID];
	uint8_t id_len;
	uint8_t master[MX_MASTER_LEN];
	uint16_t version;
	uint16_t suite;
	bool ems;
	bool client_auth;		/* the client authenticated (so may resume) */
	uint8_t sni_hash[16];		/* the server name it was made under; zeros: none */
	/*
	 * The server keys it was made with: a session resumes only with
	 * the same keys, so servers with different identities (mxtlsd's
	 * profiles) in one process keep their sessions apart.
	 */
	const void *keys;
};

/* Start and stop (matrixSslOpen / matrixSslClose). */
int mx_cache_init(void);
void mx_cache_destroy(void);

/* The clock the cache uses: milliseconds, monotonic. */
uint64_t mx_cache_now(void);

/* Store s (replacing an entry with the same id). now: mx_cache_now(). */
void mx_cache_store(const struct mx_cached_session *s, uint64_t now);

/* Find a live entry by id and copy it to *out; true when found. */
bool mx_cache_lookup(const uint8_t *id, uint8_t id_len, uint64_t now,
		     struct mx_cached_session *out);

/* Forget an entry (a session that ended in a fatal alert, RFC 5246 7.2.2). */
void mx_cache_remove(const uint8_t *id, uint8_t id_len);

/* Live entries, for tests. */
unsigned int mx_cache_count(uint64_t now);

#endif /* MXTLS_SSL_SESS_CACHE_H */
