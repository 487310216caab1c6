// SPDX-License-Identifier: GPL-2.0
/*
 * This build's cipher suites, in the order a client offers them and a
 * server prefers them: AEAD first, then CBC with SHA-2, CBC with SHA-1,
 * then the legacy ones (3DES; RC4 only with USE_ARC4).
 */
#include <stddef.h>
#include <string.h>

#include "matrixsslApi.h"
#include "ssl/proto.h"
#include "ssl/ssl_int.h"
#include "ssl/suite.h"

#define AES_GCM(id_, nm, kl, ph) { .id = id_, .name = nm, .kx = MX_KX_RSA, \
	.bulk = MX_BULK_AES_GCM, .key_len = kl, .fixed_iv_len = 4, .record_iv_len = 8, \
	.tag_len = 16, .mac_hash = ph, .prf_hash = ph, .min_version = MX_TLS12 }
#define CBC(id_, nm, b, kl, bl, mh, ml, minv) { .id = id_, .name = nm, .kx = MX_KX_RSA, \
	.bulk = b, .key_len = kl, .fixed_iv_len = bl, .record_iv_len = bl, .block_len = bl, \
	.mac_len = ml, .mac_hash = mh, .prf_hash = MX_HASH_SHA256, .min_version = minv }

static const struct mx_suite suites[] = {
	AES_GCM(TLS_RSA_WITH_AES_128_GCM_SHA256, "TLS_RSA_WITH_AES_128_GCM_SHA256", 16,
		MX_HASH_SHA256),
	AES_GCM(TLS_RSA_WITH_AES_256_GCM_SHA384, "TLS_RSA_WITH_AES_256_GCM_SHA384", 32,
		MX_HASH_SHA384),
	CBC(TLS_RSA_WITH_AES_128_CBC_SHA256, "TLS_RSA_WITH_AES_128_CBC_SHA256", MX_BULK_AES_CBC,
	    16, 16, MX_HASH_SHA256, 32, MX_TLS12),
	CBC(TLS_RSA_WITH_AES_256_CBC_SHA256, "TLS_RSA_WITH_AES_256_CBC_SHA256", MX_BULK_AES_CBC,
	    32, 16, MX_HASH_SHA256, 32, MX_TLS12),
	CBC(TLS_RSA_WITH_AES_128_CBC_SHA, "TLS_RSA_WITH_AES_128_CBC_SHA", MX_BULK_AES_CBC,
	    16, 16, MX_HASH_SHA1, 20, MX_SSL3),
	CBC(TLS_RSA_WITH_AES_256_CBC_SHA, "TLS_RSA_WITH_AES_256_CBC_SHA", MX_BULK_AES_CBC,
	    32, 16, MX_HASH_SHA1, 20, MX_SSL3),
#ifdef USE_ARC4
	{ .id = SSL_RSA_WITH_RC4_128_SHA, .name = "TLS_RSA_WITH_RC4_128_SHA", .kx = MX_KX_RSA,
	  .bulk = MX_BULK_RC4, .key_len = 16, .mac_len = 20, .mac_hash = MX_HASH_SHA1,
	  .prf_hash = MX_HASH_SHA256, .min_version = MX_SSL3 },
	{ .id = SSL_RSA_WITH_RC4_128_MD5, .name = "TLS_RSA_WITH_RC4_128_MD5", .kx = MX_KX_RSA,
	  .bulk = MX_BULK_RC4, .key_len = 16, .mac_len = 16, .mac_hash = MX_HASH_MD5,
	  .prf_hash = MX_HASH_SHA256, .min_version = MX_SSL3 },
#endif
};

#define N_SUITES (sizeof(suites) / sizeof(suites[0]))

const struct mx_suite *mx_suite_get(uint16_t id)
{
	size_t i;

	for (i = 0; i < N_SUITES; i++)
		if (suites[i].id == id)
			return &suites[i];
	return NULL;
}

static uint32_t default_disabled;

unsigned int mx_suite_index(const struct mx_suite *s)
{
	return (unsigned int)(s - suites);
}

uint32_t mx_suites_default_disabled(void)
{
	return __atomic_load_n(&default_disabled, __ATOMIC_RELAXED);
}

int32 matrixSslSetCipherSuiteEnabledStatus(ssl_t *ssl, psCipher16_t cipherId, uint32 status)
{
	const struct mx_suite *s = mx_suite_get(cipherId);
	uint32_t bit;

	if (!s)
		return PS_UNSUPPORTED_FAIL;
	bit = 1u << mx_suite_index(s);
	if (!ssl) {
		if (status)
			__atomic_and_fetch(&default_disabled, ~bit, __ATOMIC_RELAXED);
		else
			__atomic_or_fetch(&default_disabled, bit, __ATOMIC_RELAXED);
		return PS_SUCCESS;
	}
	mx_ssl_suite_enable(ssl, bit, status != 0);
	return PS_SUCCESS;
}

const struct mx_suite *mx_suite_at(unsigned int i)
{
	return i < N_SUITES ? &suites[i] : NULL;
}

bool mx_suite_ok_for(const struct mx_suite *s, uint16_t version)
{
	return version >= s->min_version;
}

const char *matrixSslGetCipherName(uint16_t suite)
{
	const struct mx_suite *s = mx_suite_get(suite);

	return s ? s->name : NULL;
}

uint16_t matrixSslGetCipherByName(const char *name)
{
	size_t i;

	if (!name)
		return 0;
	for (i = 0; i < N_SUITES; i++)
		if (strcmp(suites[i].name, name) == 0)
			return suites[i].id;
	/* The guide's SSL_ spelling of the old suites. */
	if (strncmp(name, "SSL_", 4) == 0)
		for (i = 0; i < N_SUITES; i++)
			if (strcmp(suites[i].name + 4, name + 4) == 0)
				return suites[i].id;
	return 0;
}
