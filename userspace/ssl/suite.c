// SPDX-License-Identifier: GPL-2.0
/*
 * The suites the engine speaks, picked once from the crypto library's
 * table, and the API calls about suites.
 */
#include <pthread.h>
#include <stddef.h>
#include <string.h>

#include "matrixsslApi.h"
#include "ssl/proto.h"
#include "ssl/ssl_int.h"
#include "ssl/suite.h"

static const struct mx_suite *usable[MX_SSL_MAX_SUITES];
static unsigned int n_usable;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static struct mx_suite_set default_disabled;

static bool speaks(const struct mx_suite *s)
{
#ifndef USE_ANON_DH_CIPHER_SUITE
	if (s->kx == MX_KX_DH_ANON)
		return false;
#endif
	switch (s->cipher) {
	case MX_CIPHER_AES_128_CBC:
	case MX_CIPHER_AES_256_CBC:
	case MX_CIPHER_AES_128_GCM:
	case MX_CIPHER_AES_256_GCM:
	case MX_CIPHER_CHACHA20_POLY1305:
	case MX_CIPHER_3DES_EDE_CBC:
		return true;
	case MX_CIPHER_RC4_128:
#ifdef USE_ARC4
		return true;
#endif
	default:
		return false;
	}
}

static void pick(void)
{
	const struct mx_suite *s;
	size_t i;

	for (i = 0; (s = mx_suite_at(i)) && n_usable < MX_SSL_MAX_SUITES; i++)
		if (speaks(s))
			usable[n_usable++] = s;
}

const struct mx_suite *mx_ssl_suite_at(unsigned int i)
{
	pthread_once(&once, pick);
	return i < n_usable ? usable[i] : NULL;
}

const struct mx_suite *mx_ssl_suite_get(uint16_t id)
{
	const struct mx_suite *s;
	unsigned int i;

	for (i = 0; (s = mx_ssl_suite_at(i)); i++)
		if (s->id == id)
			return s;
	return NULL;
}

unsigned int mx_suite_index(const struct mx_suite *s)
{
	unsigned int i;

	for (i = 0; mx_ssl_suite_at(i); i++)
		if (usable[i] == s)
			return i;
	return MX_SSL_MAX_SUITES - 1;
}

void mx_suites_default_disabled(struct mx_suite_set *out)
{
	size_t i;

	for (i = 0; i < MX_SSL_MAX_SUITES / 64; i++)
		out->w[i] = __atomic_load_n(&default_disabled.w[i], __ATOMIC_RELAXED);
}

int32 matrixSslSetCipherSuiteEnabledStatus(ssl_t *ssl, psCipher16_t cipherId, uint32 status)
{
	const struct mx_suite *s = mx_ssl_suite_get(cipherId);
	unsigned int i;
	uint64_t bit;

	if (!s)
		return PS_UNSUPPORTED_FAIL;
	i = mx_suite_index(s);
	bit = 1ull << (i % 64);
	if (!ssl) {
		if (status)
			__atomic_and_fetch(&default_disabled.w[i / 64], ~bit, __ATOMIC_RELAXED);
		else
			__atomic_or_fetch(&default_disabled.w[i / 64], bit, __ATOMIC_RELAXED);
		return PS_SUCCESS;
	}
	mx_suite_set_put(&ssl->suites_disabled, i, status == 0);
	return PS_SUCCESS;
}

const char *matrixSslGetCipherName(uint16_t suite)
{
	const struct mx_suite *s = mx_ssl_suite_get(suite);

	return s ? s->name : NULL;
}

uint16_t matrixSslGetCipherByName(const char *name)
{
	const struct mx_suite *s;
	unsigned int i;

	if (!name)
		return 0;
	for (i = 0; (s = mx_ssl_suite_at(i)); i++) {
		if (strcmp(s->name, name) == 0)
			return s->id;
		/* The guide's SSL_ spelling of the old suites. */
		if (strncmp(name, "SSL_", 4) == 0 && strcmp(s->name + 4, name + 4) == 0)
			return s->id;
	}
	return 0;
}
