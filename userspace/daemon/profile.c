// SPDX-License-Identifier: GPL-2.0
/*
 * Loading a configuration's keys, and its lifetime.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/profile.h"

static const char *why(int32 rc)
{
	switch (rc) {
	case PS_PLATFORM_FAIL:	return "cannot read it";
	case PS_PARSE_FAIL:	return "not a certificate, key or file of the expected kind";
	case PS_CERT_AUTH_FAIL:	return "the key does not match the certificate";
	case PS_MEM_FAIL:	return "out of memory";
	default:		return "refused by the library";
	}
}

static int fail(char *err, size_t errlen, const char *file, unsigned int line, const char *what,
		const char *path, const char *reason)
{
	snprintf(err, errlen, "%s:%u: %s %s: %s", file, line, what, path, reason);
	return -EINVAL;
}

/* The first line of a password file, without its newline. */
static int read_password(const struct mxd_path *f, char *buf, size_t len)
{
	FILE *fp = fopen(f->path, "re");
	size_t n;

	if (!fp)
		return -errno;
	if (!fgets(buf, (int)len, fp)) {
		fclose(fp);
		return -EINVAL;
	}
	fclose(fp);
	n = strcspn(buf, "\r\n");
	buf[n] = 0;
	return n ? 0 : -EINVAL;
}

static int load_profile(const char *file, const struct mxd_profile *p, sslKeys_t *keys,
			char *err, size_t errlen)
{
	const char *ca = p->ca.path;
	unsigned int ca_line = p->ca.line ? p->ca.line : p->line;
	char pass[1024];
	const char *pw = p->key_password;
	int32 rc;

	if (p->role == MXD_CLIENT && !ca)
		ca = MXD_SYSTEM_TRUST;
	if (p->key_password_file.path) {
		if (read_password(&p->key_password_file, pass, sizeof(pass)))
			return fail(err, errlen, file, p->key_password_file.line,
				    "key_password_file", p->key_password_file.path,
				    "cannot read a password from it");
		pw = pass;
	}
	if (p->cert.path) {
		/* RSA or ECDSA, whichever the key is. */
		rc = matrixSslLoadRsaKeys(keys, p->cert.path, p->key.path, pw, NULL);
		if (rc < 0 && rc != PS_CERT_AUTH_FAIL && rc != PS_PLATFORM_FAIL)
			rc = matrixSslLoadEcKeys(keys, p->cert.path, p->key.path, pw, NULL);
		memset(pass, 0, sizeof(pass));
		if (rc < 0)
			return fail(err, errlen, file, p->key.line, "cert/key", p->key.path, why(rc));
	}
	if (ca) {
		rc = matrixSslLoadRsaKeys(keys, NULL, NULL, NULL, ca);
		if (rc < 0)
			return fail(err, errlen, file, ca_line,
				    p->role == MXD_SERVER ? "client_ca" : "trust", ca, why(rc));
	}
	if (p->dh_params.path) {
		rc = matrixSslLoadDhParams(keys, p->dh_params.path);
		if (rc < 0)
			return fail(err, errlen, file, p->dh_params.line, "dh_params",
				    p->dh_params.path, why(rc));
	}
	if (p->ticket_keys.path) {
		rc = matrixSslLoadSessionTicketKeysFile(keys, p->ticket_keys.path);
		if (rc < 0)
			return fail(err, errlen, file, p->ticket_keys.line, "ticket_keys",
				    p->ticket_keys.path, why(rc));
	}
	return 0;
}

static int new_sessions(const struct mxd_profile *p, struct mxd_sessions *s)
{
	uint64_t life = (uint64_t)p->cache_life * 1000;

	if (p->role == MXD_SERVER)
		s->server = mx_cache_new(p->cache_size, life);
	else
		s->client = mxd_client_cache_new(p->cache_size, life);
	return s->server || s->client ? 0 : -ENOMEM;
}

int mxd_runtime_load(const char *path, unsigned int generation, struct mxd_runtime **out,
		     char *err, size_t errlen)
{
	struct mxd_runtime *rt;
	unsigned int i;
	int rc;

	*out = NULL;
	rt = calloc(1, sizeof(*rt));
	if (!rt)
		return -ENOMEM;
	atomic_init(&rt->refs, 1);
	rt->generation = generation;
	rt->path = strdup(path);
	rc = rt->path ? mxd_config_load(path, &rt->cfg, err, errlen) : -ENOMEM;
	if (rc)
		goto fail;
	rt->keys = calloc(rt->cfg->n_profiles, sizeof(*rt->keys));
	rt->sessions = calloc(rt->cfg->n_profiles, sizeof(*rt->sessions));
	if (!rt->keys || !rt->sessions) {
		rc = -ENOMEM;
		goto fail;
	}
	for (i = 0; i < rt->cfg->n_profiles; i++) {
		if (matrixSslNewKeys(&rt->keys[i], NULL) < 0) {
			rc = -ENOMEM;
			goto fail;
		}
		rc = load_profile(path, &rt->cfg->profiles[i], rt->keys[i], err, errlen);
		if (rc)
			goto fail;
		rc = new_sessions(&rt->cfg->profiles[i], &rt->sessions[i]);
		if (rc)
			goto fail;
	}
	*out = rt;
	return 0;
fail:
	if (rc == -ENOMEM)
		snprintf(err, errlen, "%s: out of memory", path);
	mxd_runtime_put(rt);
	return rc;
}

struct mxd_runtime *mxd_runtime_get(struct mxd_runtime *rt)
{
	atomic_fetch_add(&rt->refs, 1);
	return rt;
}

void mxd_runtime_put(struct mxd_runtime *rt)
{
	unsigned int i;

	if (!rt || atomic_fetch_sub(&rt->refs, 1) != 1)
		return;
	if (rt->keys) {
		for (i = 0; i < rt->cfg->n_profiles; i++)
			matrixSslDeleteKeys(rt->keys[i]);
		free(rt->keys);
	}
	if (rt->sessions) {
		for (i = 0; i < rt->cfg->n_profiles; i++) {
			mx_cache_free(rt->sessions[i].server);
			mxd_client_cache_free(rt->sessions[i].client);
		}
		free(rt->sessions);
	}
	mxd_config_free(rt->cfg);
	free(rt->path);
	free(rt);
}

sslKeys_t *mxd_runtime_keys(const struct mxd_runtime *rt, const struct mxd_profile *p)
{
	return rt->keys[p - rt->cfg->profiles];
}

struct mxd_sessions *mxd_runtime_sessions(const struct mxd_runtime *rt,
					  const struct mxd_profile *p)
{
	return &rt->sessions[p - rt->cfg->profiles];
}
