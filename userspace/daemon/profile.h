/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A configuration with its keys loaded: what the workers use. Reference
 * counted, so that SIGHUP can put a new one in place while handshakes
 * that started under the old one finish with it.
 *
 * Each profile has a session cache of its own size and life, shared by
 * all its connections: a server profile's is the engine's (resumption by
 * session id), a client profile's remembers what it may offer each
 * server (client_cache.h). A reload starts with empty caches: the keys,
 * ticket keys and trust they were made under may have changed.
 */
#ifndef MXTLS_DAEMON_PROFILE_H
#define MXTLS_DAEMON_PROFILE_H

#include <stdatomic.h>

#include "matrixsslApi.h"
#include "daemon/client_cache.h"
#include "daemon/config.h"
#include "ssl/sess_cache.h"

/* Where a client profile finds trusted CAs when it names none. */
#define MXD_SYSTEM_TRUST "/etc/ssl/certs/ca-certificates.crt"

struct mxd_runtime {
	atomic_uint refs;
	unsigned int generation;	/* 1 at start, +1 per reload */
	char *path;			/* the file it came from */
	struct mxd_config *cfg;
	sslKeys_t **keys;		/* per profile, cfg->profiles order */
	struct mxd_sessions {
		struct mx_sess_cache *server;		/* server profiles */
		struct mxd_client_cache *client;	/* client profiles */
	} *sessions;			/* per profile, cfg->profiles order */
};

/*
 * Read, check and load everything: the configuration and every profile's
 * certificates, keys, CAs, DH parameters and ticket keys. 0 or a negative
 * errno with "FILE:LINE: reason" in err.
 */
int mxd_runtime_load(const char *path, unsigned int generation, struct mxd_runtime **out,
		     char *err, size_t errlen);

struct mxd_runtime *mxd_runtime_get(struct mxd_runtime *rt);
void mxd_runtime_put(struct mxd_runtime *rt);

/* The keys of a profile of rt->cfg. */
sslKeys_t *mxd_runtime_keys(const struct mxd_runtime *rt, const struct mxd_profile *p);

/* The session cache of a profile of rt->cfg. */
struct mxd_sessions *mxd_runtime_sessions(const struct mxd_runtime *rt,
					  const struct mxd_profile *p);

#endif /* MXTLS_DAEMON_PROFILE_H */
