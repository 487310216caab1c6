// SPDX-License-Identifier: GPL-2.0
/*
 * mxtls: the cipher suites whose records the module can protect, by IANA
 * number. The key exchange and authentication parts of a suite do not
 * change the record layer, so many numbers share one protection.
 */
#include <linux/kernel.h>

#include "record.h"

static const struct mxtls_protection aes128_sha = {
	MXTLS_CIPHER_CBC, MXTLS_HASH_SHA1, 16, 16, "cbc(aes)"
};

static const struct mxtls_protection aes256_sha = {
	MXTLS_CIPHER_CBC, MXTLS_HASH_SHA1, 32, 16, "cbc(aes)"
};

static const struct mxtls_protection aes128_sha256 = {
	MXTLS_CIPHER_CBC, MXTLS_HASH_SHA256, 16, 16, "cbc(aes)"
};

static const struct mxtls_protection aes256_sha256 = {
	MXTLS_CIPHER_CBC, MXTLS_HASH_SHA256, 32, 16, "cbc(aes)"
};

static const struct mxtls_protection aes256_sha384 = {
	MXTLS_CIPHER_CBC, MXTLS_HASH_SHA384, 32, 16, "cbc(aes)"
};

static const struct mxtls_protection des3_sha = {
	MXTLS_CIPHER_CBC, MXTLS_HASH_SHA1, 24, 8, "cbc(des3_ede)"
};

static const struct mxtls_protection aes128_gcm = {
	MXTLS_CIPHER_GCM, MXTLS_HASH_NONE, 16, 0, "gcm(aes)"
};

static const struct mxtls_protection aes256_gcm = {
	MXTLS_CIPHER_GCM, MXTLS_HASH_NONE, 32, 0, "gcm(aes)"
};

static const struct mxtls_protection chacha_poly = {
	MXTLS_CIPHER_CHACHA, MXTLS_HASH_NONE, 32, 0, "rfc7539(chacha20,poly1305)"
};

#if IS_ENABLED(CONFIG_MXTLS_RC4)
static const struct mxtls_protection rc4_sha = {
	MXTLS_CIPHER_RC4, MXTLS_HASH_SHA1, 16, 0, NULL
};

static const struct mxtls_protection rc4_md5 = {
	MXTLS_CIPHER_RC4, MXTLS_HASH_MD5, 16, 0, NULL
};
#endif

#define ANY(id, p)	{ id, false, &(p) }
#define TLS12(id, p)	{ id, true, &(p) }

static const struct mxtls_suite mxtls_suites[] = {
	/* AES-128-CBC-SHA: RSA, DH_DSS, DH_RSA, DHE_DSS, DHE_RSA, DH_anon, PSKs, ECDH(E)s */
	ANY(0x002f, aes128_sha), ANY(0x0030, aes128_sha), ANY(0x0031, aes128_sha),
	ANY(0x0032, aes128_sha), ANY(0x0033, aes128_sha), ANY(0x0034, aes128_sha),
	ANY(0x008c, aes128_sha), ANY(0x0090, aes128_sha), ANY(0x0094, aes128_sha),
	ANY(0xc004, aes128_sha), ANY(0xc009, aes128_sha), ANY(0xc00e, aes128_sha),
	ANY(0xc013, aes128_sha), ANY(0xc018, aes128_sha), ANY(0xc035, aes128_sha),
	/* AES-256-CBC-SHA */
	ANY(0x0035, aes256_sha), ANY(0x0036, aes256_sha), ANY(0x0037, aes256_sha),
	ANY(0x0038, aes256_sha), ANY(0x0039, aes256_sha), ANY(0x003a, aes256_sha),
	ANY(0x008d, aes256_sha), ANY(0x0091, aes256_sha), ANY(0x0095, aes256_sha),
	ANY(0xc005, aes256_sha), ANY(0xc00a, aes256_sha), ANY(0xc00f, aes256_sha),
	ANY(0xc014, aes256_sha), ANY(0xc019, aes256_sha), ANY(0xc036, aes256_sha),
	/* AES-128-CBC-SHA256: RFC 5246/5289 ones are TLS 1.2 only, RFC 5487/5489 PSK not */
	TLS12(0x003c, aes128_sha256), TLS12(0x003e, aes128_sha256),
	TLS12(0x003f, aes128_sha256), TLS12(0x0040, aes128_sha256),
	TLS12(0x0067, aes128_sha256), TLS12(0x006c, aes128_sha256),
	TLS12(0xc023, aes128_sha256), TLS12(0xc025, aes128_sha256),
	TLS12(0xc027, aes128_sha256), TLS12(0xc029, aes128_sha256),
	ANY(0x00ae, aes128_sha256), ANY(0x00b2, aes128_sha256),
	ANY(0x00b6, aes128_sha256), ANY(0xc037, aes128_sha256),
	/* AES-256-CBC-SHA256 */
	TLS12(0x003d, aes256_sha256), TLS12(0x0068, aes256_sha256),
	TLS12(0x0069, aes256_sha256), TLS12(0x006a, aes256_sha256),
	TLS12(0x006b, aes256_sha256), TLS12(0x006d, aes256_sha256),
	/* AES-256-CBC-SHA384 */
	TLS12(0xc024, aes256_sha384), TLS12(0xc026, aes256_sha384),
	TLS12(0xc028, aes256_sha384), TLS12(0xc02a, aes256_sha384),
	ANY(0x00af, aes256_sha384), ANY(0x00b3, aes256_sha384),
	ANY(0x00b7, aes256_sha384), ANY(0xc038, aes256_sha384),
	/* 3DES-EDE-CBC-SHA */
	ANY(0x000a, des3_sha), ANY(0x000d, des3_sha), ANY(0x0010, des3_sha),
	ANY(0x0013, des3_sha), ANY(0x0016, des3_sha), ANY(0x001b, des3_sha),
	ANY(0x008b, des3_sha), ANY(0x008f, des3_sha), ANY(0x0093, des3_sha),
	ANY(0xc003, des3_sha), ANY(0xc008, des3_sha), ANY(0xc00d, des3_sha),
	ANY(0xc012, des3_sha), ANY(0xc017, des3_sha), ANY(0xc034, des3_sha),
	/* AES-128-GCM */
	TLS12(0x009c, aes128_gcm), TLS12(0x009e, aes128_gcm), TLS12(0x00a0, aes128_gcm),
	TLS12(0x00a2, aes128_gcm), TLS12(0x00a4, aes128_gcm), TLS12(0x00a6, aes128_gcm),
	TLS12(0x00a8, aes128_gcm), TLS12(0x00aa, aes128_gcm), TLS12(0x00ac, aes128_gcm),
	TLS12(0xc02b, aes128_gcm), TLS12(0xc02d, aes128_gcm), TLS12(0xc02f, aes128_gcm),
	TLS12(0xc031, aes128_gcm),
	/* AES-256-GCM */
	TLS12(0x009d, aes256_gcm), TLS12(0x009f, aes256_gcm), TLS12(0x00a1, aes256_gcm),
	TLS12(0x00a3, aes256_gcm), TLS12(0x00a5, aes256_gcm), TLS12(0x00a7, aes256_gcm),
	TLS12(0x00a9, aes256_gcm), TLS12(0x00ab, aes256_gcm), TLS12(0x00ad, aes256_gcm),
	TLS12(0xc02c, aes256_gcm), TLS12(0xc02e, aes256_gcm), TLS12(0xc030, aes256_gcm),
	TLS12(0xc032, aes256_gcm),
	/* ChaCha20-Poly1305 (RFC 7905) */
	TLS12(0xcca8, chacha_poly), TLS12(0xcca9, chacha_poly), TLS12(0xccaa, chacha_poly),
	TLS12(0xccab, chacha_poly), TLS12(0xccac, chacha_poly), TLS12(0xccad, chacha_poly),
	TLS12(0xccae, chacha_poly),
#if IS_ENABLED(CONFIG_MXTLS_RC4)
	/* RC4-128-SHA and RC4-128-MD5: only in a module built with CONFIG_MXTLS_RC4 */
	ANY(0x0005, rc4_sha), ANY(0x008a, rc4_sha), ANY(0x008e, rc4_sha),
	ANY(0x0092, rc4_sha), ANY(0xc002, rc4_sha), ANY(0xc007, rc4_sha),
	ANY(0xc00c, rc4_sha), ANY(0xc011, rc4_sha), ANY(0xc016, rc4_sha),
	ANY(0xc033, rc4_sha),
	ANY(0x0004, rc4_md5), ANY(0x0018, rc4_md5),
#endif
};

const struct mxtls_suite *mxtls_suite_find(u16 id)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(mxtls_suites); i++)
		if (mxtls_suites[i].id == id)
			return &mxtls_suites[i];
	return NULL;
}
