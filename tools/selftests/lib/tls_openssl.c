// SPDX-License-Identifier: GPL-2.0
/*
 * Selftest support: OpenSSL as a tlspair backend, over memory BIOs. Keys
 * come from the session's master secret through the TLS PRF (libcrypto's
 * TLS1-PRF), as a kTLS-capable application would derive them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <linux/mxtls.h>

#include "backend.h"

struct ossl {
	SSL_CTX *ctx;
	SSL *ssl;
	BIO *rbio, *wbio;
};

static const uint8_t psk_key[32] = "mxtls selftest pre-shared key..";

static unsigned int psk_client_cb(SSL *ssl, const char *hint, char *identity,
				  unsigned int max_identity_len, unsigned char *psk,
				  unsigned int max_psk_len)
{
	snprintf(identity, max_identity_len, "mxtls");
	memcpy(psk, psk_key, sizeof(psk_key));
	return sizeof(psk_key);
}

static unsigned int psk_server_cb(SSL *ssl, const char *identity, unsigned char *psk,
				  unsigned int max_psk_len)
{
	memcpy(psk, psk_key, sizeof(psk_key));
	return sizeof(psk_key);
}

static void info_cb(const SSL *ssl, int where, int ret)
{
	struct tp_sess *s = SSL_get_app_data(ssl);

	if (where & SSL_CB_READ_ALERT)
		s->alert = ret;
}

/* One ECDSA P-256 key and self-signed certificate per process */
static int server_cert(SSL_CTX *ctx)
{
	static EVP_PKEY *pkey;
	static X509 *cert;

	if (!pkey) {
		X509_NAME *name;

		pkey = EVP_EC_gen("P-256");
		cert = X509_new();
		if (!pkey || !cert)
			return -1;
		ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
		X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
		X509_gmtime_adj(X509_getm_notAfter(cert), 86400);
		X509_set_pubkey(cert, pkey);
		name = X509_get_subject_name(cert);
		X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
					   (const unsigned char *)"mxtls-selftest", -1, -1, 0);
		X509_set_issuer_name(cert, name);
		if (!X509_sign(cert, pkey, EVP_sha256()))
			return -1;
	}
	return SSL_CTX_use_certificate(ctx, cert) == 1 &&
	       SSL_CTX_use_PrivateKey(ctx, pkey) == 1 ? 0 : -1;
}

static int ossl_version(uint16_t v)
{
	return v == MXTLS_TLS_1_0 ? TLS1_VERSION : v == MXTLS_TLS_1_1 ? TLS1_1_VERSION :
	       TLS1_2_VERSION;
}

static int ossl_init(struct tp_sess *s, const struct tls_params *p, bool server)
{
	struct ossl *o = calloc(1, sizeof(*o));
	char list[160];

	if (!o)
		return -1;
	s->impl = o;
	o->ctx = SSL_CTX_new(server ? TLS_server_method() : TLS_client_method());
	if (!o->ctx)
		return -1;
	snprintf(list, sizeof(list), "%s:@SECLEVEL=0", p->cipher);
	SSL_CTX_set_security_level(o->ctx, 0);
	if (SSL_CTX_set_min_proto_version(o->ctx, ossl_version(p->version)) != 1 ||
	    SSL_CTX_set_max_proto_version(o->ctx, ossl_version(p->version)) != 1 ||
	    SSL_CTX_set_cipher_list(o->ctx, list) != 1)
		return -1;
	SSL_CTX_set_options(o->ctx, SSL_OP_NO_TICKET | SSL_OP_NO_COMPRESSION |
			    (p->etm ? 0 : SSL_OP_NO_ENCRYPT_THEN_MAC));
	SSL_CTX_set_info_callback(o->ctx, info_cb);
	if (server) {
		SSL_CTX_set_psk_server_callback(o->ctx, psk_server_cb);
		SSL_CTX_set_dh_auto(o->ctx, 1);
		/* certificates only for the suites that need one */
		if (!strstr(p->cipher, "PSK") && !strstr(p->cipher, "ADH") && server_cert(o->ctx))
			return -1;
	} else {
		SSL_CTX_set_psk_client_callback(o->ctx, psk_client_cb);
		SSL_CTX_set_verify(o->ctx, SSL_VERIFY_NONE, NULL);
	}
	o->ssl = SSL_new(o->ctx);
	o->rbio = BIO_new(BIO_s_mem());
	o->wbio = BIO_new(BIO_s_mem());
	if (!o->ssl || !o->rbio || !o->wbio)
		return -1;
	BIO_set_mem_eof_return(o->rbio, -1);
	SSL_set_bio(o->ssl, o->rbio, o->wbio);
	SSL_set_app_data(o->ssl, s);
	if (server)
		SSL_set_accept_state(o->ssl);
	else
		SSL_set_connect_state(o->ssl);
	return 0;
}

static void ossl_fini(struct tp_sess *s)
{
	struct ossl *o = s->impl;

	if (!o)
		return;
	if (o->ssl) {
		SSL_free(o->ssl);	/* and its BIOs */
	} else {
		BIO_free(o->rbio);
		BIO_free(o->wbio);
	}
	SSL_CTX_free(o->ctx);
	free(o);
	s->impl = NULL;
}

static int ossl_handshake(struct tp_sess *s)
{
	struct ossl *o = s->impl;
	int r = SSL_do_handshake(o->ssl);

	if (r == 1)
		return 1;
	if (SSL_get_error(o->ssl, r) == SSL_ERROR_WANT_READ)
		return 0;
	ERR_print_errors_fp(stderr);
	return -1;
}

static int ossl_write(struct tp_sess *s, const void *data, size_t len)
{
	struct ossl *o = s->impl;
	size_t done = 0, n;

	while (done < len) {
		if (SSL_write_ex(o->ssl, (const uint8_t *)data + done, len - done, &n) != 1)
			return -1;
		done += n;
	}
	return 0;
}

static ssize_t ossl_read(struct tp_sess *s, void *out, size_t cap)
{
	struct ossl *o = s->impl;
	size_t n;
	int err;

	if (SSL_read_ex(o->ssl, out, cap, &n) == 1)
		return (ssize_t)n;
	err = SSL_get_error(o->ssl, 0);
	ERR_clear_error();
	if (err == SSL_ERROR_ZERO_RETURN)
		return 0;
	return err == SSL_ERROR_WANT_READ ? -1 : -2;
}

static ssize_t ossl_drain(struct tp_sess *s, uint8_t *out, size_t cap)
{
	struct ossl *o = s->impl;
	int n = BIO_read(o->wbio, out, (int)cap);

	return n > 0 ? n : 0;
}

static int ossl_feed(struct tp_sess *s, const uint8_t *in, size_t len)
{
	struct ossl *o = s->impl;

	return BIO_write(o->rbio, in, (int)len) == (int)len ? 0 : -1;
}

static int ossl_prf(SSL *ssl, uint16_t version, const uint8_t *master, size_t master_len,
		    const uint8_t *sr, const uint8_t *cr, uint8_t *out, size_t len)
{
	const EVP_MD *hd = SSL_CIPHER_get_handshake_digest(SSL_get_current_cipher(ssl));
	EVP_KDF *kdf = EVP_KDF_fetch(NULL, "TLS1-PRF", NULL);
	EVP_KDF_CTX *kctx = kdf ? EVP_KDF_CTX_new(kdf) : NULL;
	OSSL_PARAM params[6], *q = params;
	const char *md = "MD5-SHA1";
	int ret = -1;

	/* TLS 1.2 suites from before it use SHA-256 where 1.0 and 1.1 used MD5||SHA-1 */
	if (version == MXTLS_TLS_1_2)
		md = EVP_MD_get_type(hd) == NID_md5_sha1 ? "SHA256" : EVP_MD_get0_name(hd);
	if (!kctx)
		goto out;
	*q++ = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, (char *)md, 0);
	*q++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SECRET, (void *)master,
						 master_len);
	*q++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SEED, "key expansion", 13);
	*q++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SEED, (void *)sr, 32);
	*q++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SEED, (void *)cr, 32);
	*q = OSSL_PARAM_construct_end();
	if (EVP_KDF_derive(kctx, out, len, params) == 1)
		ret = 0;
out:
	EVP_KDF_CTX_free(kctx);
	EVP_KDF_free(kdf);
	return ret;
}

static int ossl_secrets(struct tp_sess *s, bool server, uint16_t version,
			struct tp_secrets *sec)
{
	SSL *ssl = ((struct ossl *)s->impl)->ssl;
	const SSL_CIPHER *c = SSL_get_current_cipher(ssl);
	const EVP_CIPHER *ec = EVP_get_cipherbynid(SSL_CIPHER_get_cipher_nid(c));
	int mdnid = SSL_CIPHER_get_digest_nid(c);
	uint8_t master[48], cr[32], sr[32], kb[2 * (64 + 32 + 16)];
	const uint8_t *p = kb;
	size_t mlen;
	int w, ret;

	if (!ec)
		return -1;
	sec->suite = SSL_CIPHER_get_protocol_id(c);
	sec->mac_len = mdnid == NID_undef ? 0 : EVP_MD_get_size(EVP_get_digestbynid(mdnid));
	sec->key_len = EVP_CIPHER_get_key_length(ec);
	sec->block = EVP_CIPHER_get_block_size(ec);
	sec->iv_len = EVP_CIPHER_get_mode(ec) == EVP_CIPH_GCM_MODE ? 4 :
		      EVP_CIPHER_get_iv_length(ec);
	/* the configuration asked for it; OpenSSL uses it with CBC only */
	sec->etm = !(SSL_get_options(ssl) & SSL_OP_NO_ENCRYPT_THEN_MAC) &&
		   EVP_CIPHER_get_mode(ec) == EVP_CIPH_CBC_MODE;

	mlen = SSL_SESSION_get_master_key(SSL_get_session(ssl), master, sizeof(master));
	SSL_get_client_random(ssl, cr, sizeof(cr));
	SSL_get_server_random(ssl, sr, sizeof(sr));
	ret = ossl_prf(ssl, version, master, mlen, sr, cr, kb,
		       2 * (sec->mac_len + sec->key_len + sec->iv_len));
	OPENSSL_cleanse(master, sizeof(master));
	for (w = 0; w < 2; w++) {
		memcpy(sec->mac[w], p + w * sec->mac_len, sec->mac_len);
		memcpy(sec->key[w], p + 2 * sec->mac_len + w * sec->key_len, sec->key_len);
		memcpy(sec->iv[w], p + 2 * (sec->mac_len + sec->key_len) + w * sec->iv_len,
		       sec->iv_len);
	}
	OPENSSL_cleanse(kb, sizeof(kb));
	SSL_get_finished(ssl, sec->verify[server ? TP_SERVER : TP_CLIENT], 12);
	SSL_get_peer_finished(ssl, sec->verify[server ? TP_CLIENT : TP_SERVER], 12);
	sec->verify_len = 12;
	return ret;
}

static int ossl_hello_request(struct tp_sess *s)
{
	struct ossl *o = s->impl;

	if (SSL_renegotiate(o->ssl) != 1)
		return -1;
	SSL_do_handshake(o->ssl);
	ERR_clear_error();
	return 0;
}

static int ossl_close_notify(struct tp_sess *s)
{
	struct ossl *o = s->impl;

	return SSL_shutdown(o->ssl) >= 0 ? 0 : -1;
}

const struct tp_backend tp_openssl = {
	.init		= ossl_init,
	.fini		= ossl_fini,
	.handshake	= ossl_handshake,
	.write		= ossl_write,
	.read		= ossl_read,
	.drain		= ossl_drain,
	.feed		= ossl_feed,
	.secrets	= ossl_secrets,
	.hello_request	= ossl_hello_request,
	.close_notify	= ossl_close_notify,
};
