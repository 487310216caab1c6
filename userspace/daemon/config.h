/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mxtlsd's configuration file (/etc/mxtlsd.conf; the format is described
 * in etc/mxtlsd.conf.example and the README).
 *
 * Parsing only: text in, a struct mxd_config out, or the first error as
 * "FILE:LINE: reason". Loading the keys a profile names is profile.c's.
 */
#ifndef MXTLS_DAEMON_CONFIG_H
#define MXTLS_DAEMON_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define MXD_NAME_MAX		64	/* profile names, as MXTLS_HANDSHAKE carries them */
#define MXD_MAX_SUITES		64
#define MXD_MAX_IDS		64	/* users or groups per profile */
#define MXD_MAX_PROFILES	256
#define MXD_CONFIG_MAX_BYTES	(1 << 20)
#define MXD_LINE_MAX		4096
/* session_cache_size (entries) and session_cache_life (seconds) */
#define MXD_CACHE_SIZE_DEFAULT	256
#define MXD_CACHE_SIZE_MAX	65536
#define MXD_CACHE_LIFE_DEFAULT	3600
#define MXD_CACHE_LIFE_MAX	86400	/* RFC 5246 F.1.4's upper limit */

enum mxd_role { MXD_CLIENT, MXD_SERVER };
enum mxd_client_auth { MXD_AUTH_NONE, MXD_AUTH_OPTIONAL, MXD_AUTH_REQUIRE };
enum mxd_log_level { MXD_LOG_ERR, MXD_LOG_WARNING, MXD_LOG_INFO, MXD_LOG_DEBUG };

/* A file named in the configuration, and the line that named it. */
struct mxd_path {
	char *path;			/* NULL: not given */
	unsigned int line;
};

struct mxd_profile {
	char name[MXD_NAME_MAX];
	enum mxd_role role;
	unsigned int line;		/* of its [section] */
	struct mxd_path cert;		/* chain, the entity's first */
	struct mxd_path key;
	char *key_password;
	struct mxd_path key_password_file;
	struct mxd_path ca;		/* server: client_ca; client: trust */
	struct mxd_path dh_params;	/* server */
	struct mxd_path ticket_keys;	/* server */
	enum mxd_client_auth client_auth;	/* server */
	bool verify_hostname;		/* client (default yes) */
	/* server: tickets when ticket_keys given; client: offer them (default yes) */
	bool tickets;
	int32_t version_flags;		/* SSL_FLAGS_TLS_*, 0: the library's default */
	uint16_t suites[MXD_MAX_SUITES];
	unsigned int n_suites;		/* 0: the library's defaults */
	uid_t uids[MXD_MAX_IDS];
	unsigned int n_uids;
	gid_t gids[MXD_MAX_IDS];
	unsigned int n_gids;
	bool acl;			/* allow_users or allow_groups given */
	/* re-key policy default of its connections (MXTLS_REKEY_POLICY), 0: off */
	uint64_t rekey_bytes, rekey_records;
	/* its session cache: entries (0: none) and their life in seconds */
	unsigned int cache_size, cache_life;
};

struct mxd_config {
	unsigned int workers;		/* handshake worker threads */
	enum mxd_log_level log_level;
	bool log_journal;		/* syslog(3) as well as stderr */
	char *control_socket;		/* for mxtlsctl; "" disables it */
	struct mxd_profile *profiles;
	unsigned int n_profiles;
};

/*
 * Parse len bytes of text read from file (the name used in messages).
 * 0 and *out, or -EINVAL (or -ENOMEM) with "FILE:LINE: reason" in err.
 */
int mxd_config_parse(const char *text, size_t len, const char *file, struct mxd_config **out,
		     char *err, size_t errlen);

/* Read and parse a file (at most MXD_CONFIG_MAX_BYTES). */
int mxd_config_load(const char *file, struct mxd_config **out, char *err, size_t errlen);

void mxd_config_free(struct mxd_config *c);

/* The profile of that role and name ("" means "default"), or NULL. */
const struct mxd_profile *mxd_config_find(const struct mxd_config *c, enum mxd_role role,
					  const char *name);

/*
 * Whether a request from uid/gid may use the profile: always without
 * allow_users/allow_groups, else when the uid or the gid is listed.
 */
bool mxd_profile_allows(const struct mxd_profile *p, uid_t uid, gid_t gid);

const char *mxd_log_level_name(enum mxd_log_level l);

#endif /* MXTLS_DAEMON_CONFIG_H */
