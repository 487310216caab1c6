// SPDX-License-Identifier: GPL-2.0
/*
 * mxtlsd.conf: an INI-like file.
 *
 *   # comment                 (also after a value, outside quotes)
 *   [daemon]                  daemon-wide settings
 *   [server NAME]             a server profile
 *   [client NAME]             a client profile
 *   key = value               value: the rest of the line, trimmed, or
 *                             "quoted" with \" and \\ escapes
 *
 * Everything is checked here (unknown or repeated keys and sections,
 * numbers, names, users and groups, what a profile needs), so that a bad
 * file is refused before anything starts, with the place and the reason.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "matrixsslApi.h"
#include "daemon/config.h"

struct parser {
	const char *file;
	unsigned int line;
	char *err;
	size_t errlen;
	struct mxd_config *c;
	struct mxd_profile *p;		/* current profile section, NULL in [daemon] */
	bool in_daemon;
	bool daemon_seen;
	uint64_t seen;			/* keys given in this section (bit per key) */
};

static int fail(struct parser *ps, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(struct parser *ps, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(ps->err, ps->errlen, "%s:%u: ", ps->file, ps->line);
	if (n >= 0 && (size_t)n < ps->errlen) {
		va_start(ap, fmt);
		vsnprintf(ps->err + n, ps->errlen - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

const char *mxd_log_level_name(enum mxd_log_level l)
{
	static const char *const names[] = { "error", "warning", "info", "debug" };

	return (unsigned int)l < 4 ? names[l] : "?";
}

static bool valid_name(const char *s)
{
	size_t n = strlen(s), i;

	if (n == 0 || n >= MXD_NAME_MAX)
		return false;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("_.-", s[i]))
			return false;
	return true;
}

static int parse_bool(struct parser *ps, const char *key, const char *v, bool *out)
{
	if (!strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "on") || !strcmp(v, "1"))
		*out = true;
	else if (!strcmp(v, "no") || !strcmp(v, "false") || !strcmp(v, "off") || !strcmp(v, "0"))
		*out = false;
	else
		return fail(ps, "%s: '%s' is not yes or no", key, v);
	return 0;
}

static int parse_uint(struct parser *ps, const char *key, const char *v, unsigned long min,
		      unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long n;

	if (!isdigit((unsigned char)v[0]))
		return fail(ps, "%s: '%s' is not a number", key, v);
	errno = 0;
	n = strtoul(v, &end, 10);
	if (errno || *end)
		return fail(ps, "%s: '%s' is not a number", key, v);
	if (n < min || n > max)
		return fail(ps, "%s: %lu is out of range (%lu to %lu)", key, n, min, max);
	*out = n;
	return 0;
}

static int set_path(struct parser *ps, const char *key, const char *v, struct mxd_path *p)
{
	if (v[0] != '/')
		return fail(ps, "%s: '%s' is not an absolute path", key, v);
	p->path = strdup(v);
	if (!p->path)
		return -ENOMEM;
	p->line = ps->line;
	return 0;
}

/* Split a list on blanks and commas; call fn for each word. */
static int each_word(struct parser *ps, const char *key, const char *v,
		     int (*fn)(struct parser *ps, const char *key, const char *word))
{
	char word[MXD_LINE_MAX];
	size_t n;
	int rc, count = 0;

	while (*v) {
		while (*v == ' ' || *v == '\t' || *v == ',')
			v++;
		if (!*v)
			break;
		n = strcspn(v, " \t,");
		memcpy(word, v, n);
		word[n] = 0;
		v += n;
		rc = fn(ps, key, word);
		if (rc)
			return rc;
		count++;
	}
	return count ? 0 : fail(ps, "%s: empty list", key);
}

static int add_version(struct parser *ps, const char *key, const char *w)
{
	static const struct { const char *name; int32_t flag; } v[] = {
		{ "tls1.0", SSL_FLAGS_TLS_1_0 },
		{ "tls1.1", SSL_FLAGS_TLS_1_1 },
		{ "tls1.2", SSL_FLAGS_TLS_1_2 },
	};
	unsigned int i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		if (!strcmp(w, v[i].name)) {
			ps->p->version_flags |= v[i].flag;
			return 0;
		}
	return fail(ps, "%s: unknown version '%s' (tls1.0, tls1.1 or tls1.2)", key, w);
}

static int add_suite(struct parser *ps, const char *key, const char *w)
{
	struct mxd_profile *p = ps->p;
	uint16_t id = 0;
	unsigned long n;
	char *end;
	unsigned int i;

	if (!strncmp(w, "0x", 2) || !strncmp(w, "0X", 2)) {
		errno = 0;
		n = strtoul(w + 2, &end, 16);
		if (!errno && !*end && end != w + 2 && n <= 0xffff && matrixSslGetCipherName((uint16_t)n))
			id = (uint16_t)n;
	} else {
		id = matrixSslGetCipherByName(w);
	}
	if (!id)
		return fail(ps, "%s: unknown or unsupported cipher suite '%s'", key, w);
	for (i = 0; i < p->n_suites; i++)
		if (p->suites[i] == id)
			return fail(ps, "%s: '%s' listed twice", key, w);
	if (p->n_suites == MXD_MAX_SUITES)
		return fail(ps, "%s: more than %d suites", key, MXD_MAX_SUITES);
	p->suites[p->n_suites++] = id;
	return 0;
}

static int add_user(struct parser *ps, const char *key, const char *w)
{
	struct mxd_profile *p = ps->p;
	struct passwd pw, *res = NULL;
	char buf[4096];
	unsigned long n;
	uid_t uid;

	if (isdigit((unsigned char)w[0])) {
		if (parse_uint(ps, key, w, 0, UINT32_MAX - 1, &n))
			return -EINVAL;
		uid = (uid_t)n;
	} else {
		if (getpwnam_r(w, &pw, buf, sizeof(buf), &res) || !res)
			return fail(ps, "%s: unknown user '%s'", key, w);
		uid = res->pw_uid;
	}
	if (p->n_uids == MXD_MAX_IDS)
		return fail(ps, "%s: more than %d users", key, MXD_MAX_IDS);
	p->uids[p->n_uids++] = uid;
	return 0;
}

static int add_group(struct parser *ps, const char *key, const char *w)
{
	struct mxd_profile *p = ps->p;
	struct group gr, *res = NULL;
	char buf[16384];
	unsigned long n;
	gid_t gid;

	if (isdigit((unsigned char)w[0])) {
		if (parse_uint(ps, key, w, 0, UINT32_MAX - 1, &n))
			return -EINVAL;
		gid = (gid_t)n;
	} else {
		if (getgrnam_r(w, &gr, buf, sizeof(buf), &res) || !res)
			return fail(ps, "%s: unknown group '%s'", key, w);
		gid = res->gr_gid;
	}
	if (p->n_gids == MXD_MAX_IDS)
		return fail(ps, "%s: more than %d groups", key, MXD_MAX_IDS);
	p->gids[p->n_gids++] = gid;
	return 0;
}

/* Keys, with the sections they belong to. */
enum { IN_DAEMON = 1, IN_SERVER = 2, IN_CLIENT = 4, IN_PROFILE = 6 };

enum key_id {
	K_WORKERS, K_LOG_LEVEL, K_LOG_JOURNAL, K_CONTROL_SOCKET,
	K_CERT, K_KEY, K_KEY_PASSWORD, K_KEY_PASSWORD_FILE, K_CLIENT_CA, K_CLIENT_AUTH,
	K_TRUST, K_VERIFY_HOSTNAME, K_VERSIONS, K_SUITES, K_DH_PARAMS, K_TICKETS,
	K_TICKET_KEYS, K_ALLOW_USERS, K_ALLOW_GROUPS, K_REKEY_BYTES, K_REKEY_RECORDS,
	K_SESSION_CACHE_SIZE, K_SESSION_CACHE_LIFE,
};

static const struct { const char *name; unsigned int where; } keys[] = {
	[K_WORKERS] = { "workers", IN_DAEMON },
	[K_LOG_LEVEL] = { "log_level", IN_DAEMON },
	[K_LOG_JOURNAL] = { "log_journal", IN_DAEMON },
	[K_CONTROL_SOCKET] = { "control_socket", IN_DAEMON },
	[K_CERT] = { "cert", IN_PROFILE },
	[K_KEY] = { "key", IN_PROFILE },
	[K_KEY_PASSWORD] = { "key_password", IN_PROFILE },
	[K_KEY_PASSWORD_FILE] = { "key_password_file", IN_PROFILE },
	[K_CLIENT_CA] = { "client_ca", IN_SERVER },
	[K_CLIENT_AUTH] = { "client_auth", IN_SERVER },
	[K_TRUST] = { "trust", IN_CLIENT },
	[K_VERIFY_HOSTNAME] = { "verify_hostname", IN_CLIENT },
	[K_VERSIONS] = { "versions", IN_PROFILE },
	[K_SUITES] = { "suites", IN_PROFILE },
	[K_DH_PARAMS] = { "dh_params", IN_SERVER },
	[K_TICKETS] = { "tickets", IN_PROFILE },
	[K_TICKET_KEYS] = { "ticket_keys", IN_SERVER },
	[K_ALLOW_USERS] = { "allow_users", IN_PROFILE },
	[K_ALLOW_GROUPS] = { "allow_groups", IN_PROFILE },
	[K_REKEY_BYTES] = { "rekey_bytes", IN_PROFILE },
	[K_REKEY_RECORDS] = { "rekey_records", IN_PROFILE },
	[K_SESSION_CACHE_SIZE] = { "session_cache_size", IN_PROFILE },
	[K_SESSION_CACHE_LIFE] = { "session_cache_life", IN_PROFILE },
};

static int set_key(struct parser *ps, const char *key, const char *v)
{
	struct mxd_profile *p = ps->p;
	unsigned int where, k;
	unsigned long n;

	for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
		if (!strcmp(keys[k].name, key))
			break;
	if (k == sizeof(keys) / sizeof(keys[0]))
		return fail(ps, "unknown key '%s'", key);
	where = ps->in_daemon ? IN_DAEMON : !p ? 0 : p->role == MXD_SERVER ? IN_SERVER : IN_CLIENT;
	if (!where)
		return fail(ps, "'%s' outside a section", key);
	if (!(keys[k].where & where))
		return fail(ps, "'%s' does not belong in a %s section", key,
			    where == IN_DAEMON ? "[daemon]" : where == IN_SERVER ? "server" : "client");
	if (ps->seen & (1ull << k))
		return fail(ps, "'%s' given twice in this section", key);
	ps->seen |= 1ull << k;
	if (!*v)
		return fail(ps, "'%s' has no value", key);

	switch (k) {
	case K_WORKERS:
		if (parse_uint(ps, key, v, 1, 64, &n))
			return -EINVAL;
		ps->c->workers = (unsigned int)n;
		return 0;
	case K_LOG_LEVEL:
		for (n = 0; n < 4; n++)
			if (!strcmp(v, mxd_log_level_name((enum mxd_log_level)n))) {
				ps->c->log_level = (enum mxd_log_level)n;
				return 0;
			}
		return fail(ps, "log_level: '%s' is not error, warning, info or debug", v);
	case K_LOG_JOURNAL:
		return parse_bool(ps, key, v, &ps->c->log_journal);
	case K_CONTROL_SOCKET:
		if (strcmp(v, "none") && v[0] != '/')
			return fail(ps, "control_socket: '%s' is not an absolute path or none", v);
		if (strlen(v) >= 108)
			return fail(ps, "control_socket: the path is too long for a socket");
		free(ps->c->control_socket);
		ps->c->control_socket = strdup(strcmp(v, "none") ? v : "");
		return ps->c->control_socket ? 0 : -ENOMEM;
	case K_CERT:
		return set_path(ps, key, v, &p->cert);
	case K_KEY:
		return set_path(ps, key, v, &p->key);
	case K_KEY_PASSWORD:
		p->key_password = strdup(v);
		return p->key_password ? 0 : -ENOMEM;
	case K_KEY_PASSWORD_FILE:
		return set_path(ps, key, v, &p->key_password_file);
	case K_CLIENT_CA:
	case K_TRUST:
		return set_path(ps, key, v, &p->ca);
	case K_CLIENT_AUTH:
		if (!strcmp(v, "none"))
			p->client_auth = MXD_AUTH_NONE;
		else if (!strcmp(v, "optional"))
			p->client_auth = MXD_AUTH_OPTIONAL;
		else if (!strcmp(v, "require"))
			p->client_auth = MXD_AUTH_REQUIRE;
		else
			return fail(ps, "client_auth: '%s' is not none, optional or require", v);
		return 0;
	case K_VERIFY_HOSTNAME:
		return parse_bool(ps, key, v, &p->verify_hostname);
	case K_VERSIONS:
		return each_word(ps, key, v, add_version);
	case K_SUITES:
		return each_word(ps, key, v, add_suite);
	case K_DH_PARAMS:
		return set_path(ps, key, v, &p->dh_params);
	case K_TICKETS:
		return parse_bool(ps, key, v, &p->tickets);
	case K_TICKET_KEYS:
		return set_path(ps, key, v, &p->ticket_keys);
	case K_REKEY_BYTES:
	case K_REKEY_RECORDS:
		if (parse_uint(ps, key, v, 0, ULONG_MAX, &n))
			return -EINVAL;
		*(k == K_REKEY_BYTES ? &p->rekey_bytes : &p->rekey_records) = n;
		return 0;
	case K_SESSION_CACHE_SIZE:
		if (parse_uint(ps, key, v, 0, MXD_CACHE_SIZE_MAX, &n))
			return -EINVAL;
		p->cache_size = (unsigned int)n;
		return 0;
	case K_SESSION_CACHE_LIFE:
		if (parse_uint(ps, key, v, 1, MXD_CACHE_LIFE_MAX, &n))
			return -EINVAL;
		p->cache_life = (unsigned int)n;
		return 0;
	case K_ALLOW_USERS:
		p->acl = true;
		return each_word(ps, key, v, add_user);
	case K_ALLOW_GROUPS:
		p->acl = true;
		return each_word(ps, key, v, add_group);
	}
	return fail(ps, "unknown key '%s'", key);
}

/* What a finished profile section must have. */
static int check_profile(struct parser *ps)
{
	struct mxd_profile *p = ps->p;
	unsigned int line = ps->line;
	int rc = 0;

	if (!p)
		return 0;
	ps->line = p->line;
	if (p->role == MXD_SERVER && (!p->cert.path || !p->key.path))
		rc = fail(ps, "server profile '%s' needs cert and key", p->name);
	else if (!!p->cert.path != !!p->key.path)
		rc = fail(ps, "profile '%s': cert and key go together", p->name);
	else if (p->key_password && p->key_password_file.path)
		rc = fail(ps, "profile '%s': key_password or key_password_file, not both", p->name);
	else if (p->role == MXD_SERVER && p->client_auth != MXD_AUTH_NONE && !p->ca.path)
		rc = fail(ps, "server profile '%s': client_auth needs client_ca", p->name);
	else if (p->role == MXD_SERVER && p->client_auth == MXD_AUTH_NONE && p->ca.path)
		rc = fail(ps, "server profile '%s': client_ca without client_auth", p->name);
	ps->line = line;
	return rc;
}

static int start_section(struct parser *ps, char *s)
{
	struct mxd_config *c = ps->c;
	struct mxd_profile *p;
	char *name;
	enum mxd_role role;
	int rc;

	rc = check_profile(ps);
	if (rc)
		return rc;
	ps->p = NULL;
	ps->in_daemon = false;
	ps->seen = 0;
	if (!strcmp(s, "daemon")) {
		if (ps->daemon_seen)
			return fail(ps, "[daemon] given twice");
		ps->daemon_seen = true;
		ps->in_daemon = true;
		return 0;
	}
	name = strchr(s, ' ');
	if (!name)
		return fail(ps, "section '[%s]': expected [daemon], [server NAME] or [client NAME]", s);
	*name++ = 0;
	while (*name == ' ')
		name++;
	if (!strcmp(s, "server"))
		role = MXD_SERVER;
	else if (!strcmp(s, "client"))
		role = MXD_CLIENT;
	else
		return fail(ps, "unknown section type '%s' (daemon, server or client)", s);
	if (!valid_name(name))
		return fail(ps, "profile name '%s': 1 to %d letters, digits, '_', '.' or '-'",
			    name, MXD_NAME_MAX - 1);
	if (mxd_config_find(c, role, name))
		return fail(ps, "%s profile '%s' defined twice", s, name);
	if (c->n_profiles == MXD_MAX_PROFILES)
		return fail(ps, "more than %d profiles", MXD_MAX_PROFILES);
	p = realloc(c->profiles, (c->n_profiles + 1) * sizeof(*p));
	if (!p)
		return -ENOMEM;
	c->profiles = p;
	p = &c->profiles[c->n_profiles++];
	memset(p, 0, sizeof(*p));
	strcpy(p->name, name);
	p->role = role;
	p->line = ps->line;
	p->verify_hostname = true;
	p->tickets = true;
	p->cache_size = MXD_CACHE_SIZE_DEFAULT;
	p->cache_life = MXD_CACHE_LIFE_DEFAULT;
	ps->p = p;
	return 0;
}

/* Trim blanks at both ends, in place. */
static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = 0;
	return s;
}

/* The value after '=': quoted, or up to a comment. In place. */
static int value(struct parser *ps, char *v, char **out)
{
	char *r, *w;

	v = trim(v);
	if (*v != '"') {
		r = strchr(v, '#');
		if (r)
			*r = 0;
		*out = trim(v);
		return 0;
	}
	for (r = v + 1, w = v; *r && *r != '"'; r++) {
		if (*r == '\\') {
			r++;
			if (*r != '"' && *r != '\\')
				return fail(ps, "bad escape in a quoted value (only \\\" and \\\\)");
		}
		*w++ = *r;
	}
	if (*r != '"')
		return fail(ps, "unterminated quoted value");
	*w = 0;
	r = trim(r + 1);
	if (*r && *r != '#')
		return fail(ps, "text after a quoted value");
	*out = v;
	return 0;
}

static int parse_line(struct parser *ps, char *line)
{
	char *s = trim(line), *eq, *key, *v = NULL;
	int rc;

	if (!*s || *s == '#' || *s == ';')
		return 0;
	if (*s == '[') {
		char *end = strchr(s, ']');

		if (!end)
			return fail(ps, "section header without ']'");
		v = trim(end + 1);
		if (*v && *v != '#')
			return fail(ps, "text after a section header");
		*end = 0;
		return start_section(ps, trim(s + 1));
	}
	eq = strchr(s, '=');
	if (!eq)
		return fail(ps, "expected 'key = value'");
	*eq = 0;
	key = trim(s);
	if (!*key)
		return fail(ps, "a value without a key");
	rc = value(ps, eq + 1, &v);
	return rc ? rc : set_key(ps, key, v);
}

int mxd_config_parse(const char *text, size_t len, const char *file, struct mxd_config **out,
		     char *err, size_t errlen)
{
	struct parser ps = { .file = file, .err = err, .errlen = errlen };
	char line[MXD_LINE_MAX + 1];
	size_t pos = 0, n;
	const char *nl;
	int rc = 0;

	*out = NULL;
	if (errlen)
		err[0] = 0;
	if (len > MXD_CONFIG_MAX_BYTES) {
		ps.line = 0;
		return fail(&ps, "larger than %d bytes", MXD_CONFIG_MAX_BYTES);
	}
	ps.c = calloc(1, sizeof(*ps.c));
	if (!ps.c)
		return -ENOMEM;
	ps.c->workers = 2;
	ps.c->log_level = MXD_LOG_INFO;
	ps.c->control_socket = strdup("/run/mxtlsd/control");
	if (!ps.c->control_socket) {
		rc = -ENOMEM;
		goto out;
	}
	while (pos < len && !rc) {
		ps.line++;
		nl = memchr(text + pos, '\n', len - pos);
		n = nl ? (size_t)(nl - (text + pos)) : len - pos;
		if (n > MXD_LINE_MAX) {
			rc = fail(&ps, "line longer than %d bytes", MXD_LINE_MAX);
			break;
		}
		memcpy(line, text + pos, n);
		line[n] = 0;
		if (strlen(line) != n) {
			rc = fail(&ps, "NUL byte in the file");
			break;
		}
		pos += n + 1;
		rc = parse_line(&ps, line);
	}
	if (!rc)
		rc = check_profile(&ps);
	if (!rc && ps.c->n_profiles == 0) {
		ps.line = ps.line ? ps.line : 1;
		rc = fail(&ps, "no [server NAME] or [client NAME] profile");
	}
out:
	if (rc) {
		if (rc == -ENOMEM && errlen)
			snprintf(err, errlen, "%s: out of memory", file);
		mxd_config_free(ps.c);
		return rc;
	}
	*out = ps.c;
	return 0;
}

int mxd_config_load(const char *file, struct mxd_config **out, char *err, size_t errlen)
{
	struct stat st;
	char *text;
	ssize_t got;
	size_t len = 0;
	int fd, rc;

	*out = NULL;
	fd = open(file, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st)) {
		rc = -errno;
		snprintf(err, errlen, "%s: %s", file, strerror(-rc));
		if (fd >= 0)
			close(fd);
		return rc;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > MXD_CONFIG_MAX_BYTES) {
		snprintf(err, errlen, "%s: not a regular file of at most %d bytes", file,
			 MXD_CONFIG_MAX_BYTES);
		close(fd);
		return -EINVAL;
	}
	text = malloc((size_t)st.st_size + 1);
	if (!text) {
		close(fd);
		return -ENOMEM;
	}
	while (len < (size_t)st.st_size) {
		got = read(fd, text + len, (size_t)st.st_size - len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		len += (size_t)got;
	}
	close(fd);
	rc = mxd_config_parse(text, len, file, out, err, errlen);
	/* The file may hold a key password. */
	memset(text, 0, len);
	free(text);
	return rc;
}

static void free_path(struct mxd_path *p)
{
	free(p->path);
}

void mxd_config_free(struct mxd_config *c)
{
	unsigned int i;

	if (!c)
		return;
	for (i = 0; i < c->n_profiles; i++) {
		struct mxd_profile *p = &c->profiles[i];

		free_path(&p->cert);
		free_path(&p->key);
		free_path(&p->key_password_file);
		free_path(&p->ca);
		free_path(&p->dh_params);
		free_path(&p->ticket_keys);
		if (p->key_password) {
			memset(p->key_password, 0, strlen(p->key_password));
			free(p->key_password);
		}
	}
	free(c->profiles);
	free(c->control_socket);
	free(c);
}

const struct mxd_profile *mxd_config_find(const struct mxd_config *c, enum mxd_role role,
					  const char *name)
{
	unsigned int i;

	if (!name || !*name)
		name = "default";
	for (i = 0; i < c->n_profiles; i++)
		if (c->profiles[i].role == role && !strcmp(c->profiles[i].name, name))
			return &c->profiles[i];
	return NULL;
}

bool mxd_profile_allows(const struct mxd_profile *p, uid_t uid, gid_t gid)
{
	unsigned int i;

	if (!p->acl)
		return true;
	for (i = 0; i < p->n_uids; i++)
		if (p->uids[i] == uid)
			return true;
	for (i = 0; i < p->n_gids; i++)
		if (p->gids[i] == gid)
			return true;
	return false;
}
