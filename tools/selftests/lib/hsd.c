// SPDX-License-Identifier: GPL-2.0
/*
 * Selftest support: the test handshake daemon (see hsd.h).
 *
 * libssl runs each handshake over memory BIOs. What it writes is taken
 * from its message callback, in plaintext, one handshake message, CCS or
 * alert at a time, and sent with HS_SEND (TX keys first, before our CCS);
 * the records it writes into its BIO are dropped, since the kernel frames
 * and protects the real ones. HS_RECV records are fed to it as records:
 * in plaintext before the peer's CCS, sealed again with the peer's keys
 * (AES-GCM, the only protection this daemon negotiates) after it, with
 * libssl's own sequence numbers. The keys come from the key block of the
 * session's master secret, through libcrypto's TLS 1.2 PRF.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "hsd.h"

#define HSD_PENDING	8192

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif

struct hsd_nl {
	int fd;
	uint16_t family;
	uint32_t group;
	uint32_t seq;
	char errmsg[256];
	struct hsd_msg *pending[HSD_PENDING];	/* from the kernel, not yet taken */
	unsigned int npending;
};

/* ---- raw generic netlink ---- */

static struct hsd_msg *hsd_parse(const struct nlmsghdr *nlh)
{
	size_t len = nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;
	const struct genlmsghdr *g = NLMSG_DATA(nlh);
	struct hsd_msg *m = calloc(1, sizeof(*m) + len);
	const struct nlattr *a;
	size_t off = 0;

	if (!m)
		return NULL;
	m->cmd = g->cmd;
	memcpy(m->buf, (const uint8_t *)g + GENL_HDRLEN, len);
	while (off + NLA_HDRLEN <= len) {
		a = (const struct nlattr *)(m->buf + off);
		if (a->nla_len < NLA_HDRLEN || off + a->nla_len > len)
			break;
		if ((a->nla_type & NLA_TYPE_MASK) <= HSD_MAX_ATTR) {
			m->attr[a->nla_type & NLA_TYPE_MASK] = (const uint8_t *)a + NLA_HDRLEN;
			m->attr_len[a->nla_type & NLA_TYPE_MASK] = a->nla_len - NLA_HDRLEN;
		}
		off += NLA_ALIGN(a->nla_len);
	}
	return m;
}

void hsd_req_init(struct hsd_req *r, uint8_t cmd)
{
	r->cmd = cmd;
	r->len = 0;
}

void hsd_put(struct hsd_req *r, uint16_t type, const void *data, size_t len)
{
	struct nlattr *a = (struct nlattr *)(r->buf + r->len);

	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	memcpy((uint8_t *)a + NLA_HDRLEN, data, len);
	memset((uint8_t *)a + NLA_HDRLEN + len, 0, NLA_ALIGN(len) - len);
	r->len += NLA_ALIGN(NLA_HDRLEN + len);
}

void hsd_put_u8(struct hsd_req *r, uint16_t type, uint8_t v)
{
	hsd_put(r, type, &v, 1);
}

void hsd_put_u16(struct hsd_req *r, uint16_t type, uint16_t v)
{
	hsd_put(r, type, &v, 2);
}

void hsd_put_u32(struct hsd_req *r, uint16_t type, uint32_t v)
{
	hsd_put(r, type, &v, 4);
}

void hsd_put_u64(struct hsd_req *r, uint16_t type, uint64_t v)
{
	hsd_put(r, type, &v, 8);
}

uint64_t hsd_u64(const struct hsd_msg *m, int type)
{
	uint64_t v = 0;

	if (m->attr[type] && m->attr_len[type] == 8)
		memcpy(&v, m->attr[type], 8);
	return v;
}

uint32_t hsd_u32(const struct hsd_msg *m, int type)
{
	uint32_t v = 0;

	if (m->attr[type] && m->attr_len[type] == 4)
		memcpy(&v, m->attr[type], 4);
	return v;
}

uint16_t hsd_u16(const struct hsd_msg *m, int type)
{
	uint16_t v = 0;

	if (m->attr[type] && m->attr_len[type] == 2)
		memcpy(&v, m->attr[type], 2);
	return v;
}

uint8_t hsd_u8(const struct hsd_msg *m, int type)
{
	return m->attr[type] && m->attr_len[type] == 1 ? m->attr[type][0] : 0;
}

static int hsd_raw_send(int fd, uint16_t family, uint32_t seq, const struct hsd_req *r)
{
	static uint8_t buf[sizeof(struct hsd_req) + 64];
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct genlmsghdr *g = NLMSG_DATA(nlh);

	memset(buf, 0, NLMSG_HDRLEN + GENL_HDRLEN);
	nlh->nlmsg_len = NLMSG_HDRLEN + GENL_HDRLEN + r->len;
	nlh->nlmsg_type = family;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = seq;
	g->cmd = r->cmd;
	g->version = 1;
	memcpy(buf + NLMSG_HDRLEN + GENL_HDRLEN, r->buf, r->len);
	return send(fd, buf, nlh->nlmsg_len, 0) == (ssize_t)nlh->nlmsg_len ? 0 : -errno;
}

/* The extended ack's message, if any */
static void hsd_ext_ack(struct hsd_nl *nl, const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e = NLMSG_DATA(nlh);
	size_t off = sizeof(*e);
	const uint8_t *p = (const uint8_t *)e;
	size_t len = nlh->nlmsg_len - NLMSG_HDRLEN;

	nl->errmsg[0] = 0;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(e->msg);
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	while (off + NLA_HDRLEN <= len) {
		const struct nlattr *a = (const struct nlattr *)(p + off);

		if (a->nla_len < NLA_HDRLEN || off + a->nla_len > len)
			return;
		if (a->nla_type == NLMSGERR_ATTR_MSG)
			snprintf(nl->errmsg, sizeof(nl->errmsg), "%.*s",
				 (int)(a->nla_len - NLA_HDRLEN), (const char *)a + NLA_HDRLEN);
		off += NLA_ALIGN(a->nla_len);
	}
}

/*
 * Read one datagram. Messages with our seq end a call (*done, *err, reply);
 * others are queued.
 */
static int hsd_read(struct hsd_nl *nl, uint32_t seq, bool *done, int *err,
		    struct hsd_msg **reply)
{
	static uint8_t buf[1 << 17];
	struct nlmsghdr *nlh;
	ssize_t n = recv(nl->fd, buf, sizeof(buf), 0);

	if (n < 0)
		return errno == ENOBUFS ? 0 : -errno;
	for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, (size_t)n); nlh = NLMSG_NEXT(nlh, n)) {
		if (nlh->nlmsg_type == NLMSG_ERROR) {
			const struct nlmsgerr *e = NLMSG_DATA(nlh);

			if (seq && nlh->nlmsg_seq == seq) {
				*done = true;
				*err = e->error;
				hsd_ext_ack(nl, nlh);
			}
			continue;
		}
		if (nlh->nlmsg_type != nl->family)
			continue;
		if (seq && nlh->nlmsg_seq == seq && reply) {
			free(*reply);
			*reply = hsd_parse(nlh);
		} else if (!nlh->nlmsg_seq && nl->npending < HSD_PENDING) {
			nl->pending[nl->npending++] = hsd_parse(nlh);
		}
	}
	return 0;
}

int hsd_call(struct hsd_nl *nl, struct hsd_req *r, struct hsd_msg **reply)
{
	uint32_t seq = ++nl->seq;
	bool done = false;
	int err = 0, ret;

	if (reply)
		*reply = NULL;
	ret = hsd_raw_send(nl->fd, nl->family, seq, r);
	if (ret)
		return ret;
	while (!done) {
		ret = hsd_read(nl, seq, &done, &err, reply);
		if (ret)
			return ret;
	}
	return err;
}

struct hsd_msg *hsd_next(struct hsd_nl *nl, int timeout_ms)
{
	struct pollfd p = { .fd = nl->fd, .events = POLLIN };
	struct hsd_msg *m;
	bool done;
	int err;

	while (!nl->npending) {
		if (poll(&p, 1, timeout_ms) <= 0)
			return NULL;
		if (hsd_read(nl, 0, &done, &err, NULL))
			return NULL;
	}
	m = nl->pending[0];
	memmove(nl->pending, nl->pending + 1, --nl->npending * sizeof(m));
	return m;
}

/* CTRL_CMD_GETFAMILY for "mxtls": its id and the "handshake" group's */
static int hsd_resolve(struct hsd_nl *nl)
{
	struct hsd_req r;
	struct hsd_msg *m = NULL;
	const uint8_t *p;
	size_t off = 0;
	int err;

	nl->family = GENL_ID_CTRL;
	hsd_req_init(&r, CTRL_CMD_GETFAMILY);
	hsd_put(&r, CTRL_ATTR_FAMILY_NAME, MXTLS_GENL_NAME, sizeof(MXTLS_GENL_NAME));
	err = hsd_call(nl, &r, &m);
	if (err || !m)
		return err ?: -ENOENT;
	nl->family = hsd_u16(m, CTRL_ATTR_FAMILY_ID);
	/* CTRL_ATTR_MCAST_GROUPS: nests of (name, id) */
	p = m->attr[CTRL_ATTR_MCAST_GROUPS];
	while (p && off + NLA_HDRLEN <= m->attr_len[CTRL_ATTR_MCAST_GROUPS]) {
		const struct nlattr *grp = (const struct nlattr *)(p + off);
		size_t in = NLA_HDRLEN;
		uint32_t id = 0;
		bool ours = false;

		while (in + NLA_HDRLEN <= grp->nla_len) {
			const struct nlattr *a = (const struct nlattr *)((const uint8_t *)grp + in);

			if (a->nla_type == CTRL_ATTR_MCAST_GRP_NAME)
				ours = !strcmp((const char *)a + NLA_HDRLEN,
					       MXTLS_GENL_MCGRP_HANDSHAKE);
			if (a->nla_type == CTRL_ATTR_MCAST_GRP_ID)
				memcpy(&id, (const uint8_t *)a + NLA_HDRLEN, 4);
			in += NLA_ALIGN(a->nla_len);
		}
		if (ours)
			nl->group = id;
		off += NLA_ALIGN(grp->nla_len);
	}
	free(m);
	return nl->family && nl->group ? 0 : -ENOENT;
}

int hsd_nl_open(struct hsd_nl **out, bool subscribe)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct hsd_nl *nl = calloc(1, sizeof(*nl));
	int one = 1, size = 8 << 20, err;

	if (!nl)
		return -ENOMEM;
	nl->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (nl->fd < 0 || bind(nl->fd, (struct sockaddr *)&sa, sizeof(sa))) {
		err = -errno;
		goto fail;
	}
	setsockopt(nl->fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	if (setsockopt(nl->fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)))
		setsockopt(nl->fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	err = hsd_resolve(nl);
	if (err)
		goto fail;
	if (subscribe && setsockopt(nl->fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &nl->group,
				    sizeof(nl->group))) {
		err = -errno;
		goto fail;
	}
	*out = nl;
	return 0;
fail:
	if (nl->fd >= 0)
		close(nl->fd);
	free(nl);
	return err;
}

void hsd_nl_close(struct hsd_nl *nl)
{
	while (nl->npending)
		free(nl->pending[--nl->npending]);
	close(nl->fd);
	free(nl);
}

int hsd_nl_fd(const struct hsd_nl *nl)
{
	return nl->fd;
}

const char *hsd_nl_errmsg(const struct hsd_nl *nl)
{
	return nl->errmsg;
}

int hsd_accept(struct hsd_nl *nl, uint64_t id, struct hsd_msg **reply)
{
	struct hsd_req *r = malloc(sizeof(*r));
	int err;

	hsd_req_init(r, MXTLS_CMD_ACCEPT);
	if (id)
		hsd_put_u64(r, MXTLS_A_HS_ID, id);
	err = hsd_call(nl, r, reply);
	free(r);
	return err;
}

int hsd_send(struct hsd_nl *nl, uint64_t id, uint8_t type, const void *data, size_t len)
{
	struct hsd_req *r = malloc(sizeof(*r));
	int err;

	hsd_req_init(r, MXTLS_CMD_HS_SEND);
	hsd_put_u64(r, MXTLS_A_HS_ID, id);
	hsd_put_u8(r, MXTLS_A_CONTENT_TYPE, type);
	hsd_put(r, MXTLS_A_DATA, data, len);
	err = hsd_call(nl, r, NULL);
	free(r);
	return err;
}

int hsd_done(struct hsd_nl *nl, uint64_t id, int status, int alert)
{
	struct hsd_req r;

	hsd_req_init(&r, MXTLS_CMD_DONE);
	hsd_put_u64(&r, MXTLS_A_HS_ID, id);
	hsd_put_u32(&r, MXTLS_A_HS_STATUS, (uint32_t)status);
	if (alert >= 0)
		hsd_put_u8(&r, MXTLS_A_ALERT, (uint8_t)alert);
	return hsd_call(nl, &r, NULL);
}

/* ---- the certificate ---- */

int hsd_make_cert(uint8_t fp[32])
{
	EVP_PKEY *key = EVP_EC_gen("P-256");
	X509 *x = X509_new();
	X509_NAME *name;
	unsigned int fplen = 32;
	FILE *f;
	int ret = -1;

	if (!key || !x)
		goto out;
	ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
	X509_gmtime_adj(X509_getm_notBefore(x), -3600);
	X509_gmtime_adj(X509_getm_notAfter(x), 86400);
	X509_set_pubkey(x, key);
	name = X509_get_subject_name(x);
	X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)HSD_CN,
				   -1, -1, 0);
	X509_set_issuer_name(x, name);
	if (!X509_sign(x, key, EVP_sha256()) || !X509_digest(x, EVP_sha256(), fp, &fplen))
		goto out;
	f = fopen(HSD_CERT, "w");
	if (!f || !PEM_write_X509(f, x) || fclose(f))
		goto out;
	f = fopen(HSD_KEY, "w");
	if (!f || !PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL) || fclose(f))
		goto out;
	ret = 0;
out:
	X509_free(x);
	EVP_PKEY_free(key);
	return ret;
}

/* ---- the daemon ---- */

/* AES-GCM keys of one writer for one epoch, as libssl must see its records */
struct hsd_epoch {
	bool on;
	uint8_t key[32], salt[4];
	size_t key_len;
	uint64_t seq;
};

struct hsd_out {
	uint8_t type;
	size_t len;
	uint8_t data[];
};

struct hsd_sess {
	struct hsd_sess *next;
	uint64_t ino, id;		/* id: the request being served, 0 if none */
	SSL *ssl;
	BIO *rbio, *wbio;
	bool server, started;
	uint16_t version;		/* from the ServerHello */
	struct hsd_epoch rd;		/* sealing what libssl reads (the peer's keys) */
	bool tx_switched, rx_switched;	/* in the request being served */
	struct hsd_out *out[64];	/* what libssl wrote, in order */
	unsigned int nout;
	bool failed;
};

struct hsd_daemon {
	struct hsd_nl *nl;
	enum hsd_mode mode;
	SSL_CTX *cctx, *sctx;
	struct hsd_sess *sessions;
	int errors;
};

static void hsd_msg_cb(int write_p, int version, int type, const void *buf, size_t len,
		       SSL *ssl, void *arg)
{
	struct hsd_sess *s = SSL_get_app_data(ssl);
	struct hsd_out *o;

	if (!write_p || type < MXTLS_CT_CHANGE_CIPHER_SPEC || type > MXTLS_CT_HANDSHAKE ||
	    s->nout == 64)
		return;
	o = malloc(sizeof(*o) + len);
	if (!o)
		return;
	o->type = (uint8_t)type;
	o->len = len;
	memcpy(o->data, buf, len);
	s->out[s->nout++] = o;
	if (type == MXTLS_CT_HANDSHAKE && len >= 6 && o->data[0] == 2)
		s->version = (uint16_t)(o->data[4] << 8 | o->data[5]);
}

/* The key block: client key, server key, client salt, server salt (GCM) */
static int hsd_keys(struct hsd_sess *s, uint8_t key[2][32], uint8_t salt[2][4],
		    size_t *key_len, uint16_t *suite)
{
	const SSL_CIPHER *c = SSL_get_pending_cipher(s->ssl) ?: SSL_get_current_cipher(s->ssl);
	const EVP_MD *md = c ? SSL_CIPHER_get_handshake_digest(c) : NULL;
	const EVP_CIPHER *ec = c ? EVP_get_cipherbynid(SSL_CIPHER_get_cipher_nid(c)) : NULL;
	EVP_KDF *kdf = EVP_KDF_fetch(NULL, "TLS1-PRF", NULL);
	EVP_KDF_CTX *kctx = kdf ? EVP_KDF_CTX_new(kdf) : NULL;
	uint8_t master[48], cr[32], sr[32], kb[2 * (32 + 4)];
	OSSL_PARAM params[6], *q = params;
	size_t mlen, kl;
	int ret = -1;

	if (!kctx || !md || !ec || EVP_CIPHER_get_mode(ec) != EVP_CIPH_GCM_MODE)
		goto out;
	kl = EVP_CIPHER_get_key_length(ec);
	mlen = SSL_SESSION_get_master_key(SSL_get_session(s->ssl), master, sizeof(master));
	SSL_get_client_random(s->ssl, cr, sizeof(cr));
	SSL_get_server_random(s->ssl, sr, sizeof(sr));
	*q++ = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST,
						(char *)EVP_MD_get0_name(md), 0);
	*q++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SECRET, master, mlen);
	*q++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SEED, "key expansion", 13);
	*q++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SEED, sr, 32);
	*q++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SEED, cr, 32);
	*q = OSSL_PARAM_construct_end();
	if (EVP_KDF_derive(kctx, kb, 2 * (kl + 4), params) != 1)
		goto out;
	memcpy(key[0], kb, kl);
	memcpy(key[1], kb + kl, kl);
	memcpy(salt[0], kb + 2 * kl, 4);
	memcpy(salt[1], kb + 2 * kl + 4, 4);
	*key_len = kl;
	*suite = SSL_CIPHER_get_protocol_id(c);
	ret = 0;
out:
	OPENSSL_cleanse(master, sizeof(master));
	OPENSSL_cleanse(kb, sizeof(kb));
	EVP_KDF_CTX_free(kctx);
	EVP_KDF_free(kdf);
	return ret;
}

/* SET_KEYS for our writes (tx) or the peer's (rx); the peer's also for libssl's reads */
static int hsd_set_keys(struct hsd_daemon *d, struct hsd_sess *s, bool tx)
{
	uint8_t key[2][32], salt[2][4];
	int writer = tx == s->server;	/* 1: the server's keys */
	struct hsd_req r;
	size_t kl;
	uint16_t suite;
	int err;

	if (hsd_keys(s, key, salt, &kl, &suite))
		return -EINVAL;
	hsd_req_init(&r, MXTLS_CMD_SET_KEYS);
	hsd_put_u64(&r, MXTLS_A_HS_ID, s->id);
	hsd_put_u8(&r, MXTLS_A_DIRECTION, tx ? MXTLS_DIR_TX : MXTLS_DIR_RX);
	hsd_put_u16(&r, MXTLS_A_VERSION, SSL_version(s->ssl));
	hsd_put_u16(&r, MXTLS_A_SUITE, suite);
	hsd_put(&r, MXTLS_A_ENC_KEY, key[writer], kl);
	hsd_put(&r, MXTLS_A_IV, salt[writer], 4);
	hsd_put_u64(&r, MXTLS_A_SEQ, 0);
	err = hsd_call(d->nl, &r, NULL);
	if (!tx && !err) {
		memcpy(s->rd.key, key[writer], kl);
		memcpy(s->rd.salt, salt[writer], 4);
		s->rd.key_len = kl;
	}
	OPENSSL_cleanse(key, sizeof(key));
	return err;
}

/* Seal a record as the peer did, for libssl to read: header, nonce, ciphertext, tag */
static size_t hsd_seal(struct hsd_epoch *e, uint16_t version, uint8_t type, const uint8_t *in,
		       size_t len, uint8_t *out)
{
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	uint8_t nonce[12], aad[13];
	int n, i;

	for (i = 0; i < 8; i++)
		aad[i] = (uint8_t)(e->seq >> (56 - 8 * i));
	aad[8] = type;
	aad[9] = version >> 8;
	aad[10] = version & 0xff;
	aad[11] = len >> 8;
	aad[12] = len & 0xff;
	memcpy(nonce, e->salt, 4);
	memcpy(nonce + 4, aad, 8);
	out[0] = type;
	out[1] = version >> 8;
	out[2] = version & 0xff;
	out[3] = (len + 24) >> 8;
	out[4] = (len + 24) & 0xff;
	memcpy(out + 5, aad, 8);
	EVP_EncryptInit_ex(c, e->key_len == 16 ? EVP_aes_128_gcm() : EVP_aes_256_gcm(), NULL,
			   e->key, nonce);
	EVP_EncryptUpdate(c, NULL, &n, aad, 13);
	EVP_EncryptUpdate(c, out + 13, &n, in, (int)len);
	EVP_EncryptFinal_ex(c, out + 13 + len, &n);
	EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, 16, out + 13 + len);
	EVP_CIPHER_CTX_free(c);
	e->seq++;
	return len + 29;
}

/* Send what libssl wrote: our CCS after the TX keys */
static int hsd_flush(struct hsd_daemon *d, struct hsd_sess *s)
{
	unsigned int i;
	int err = 0;

	for (i = 0; i < s->nout; i++) {
		struct hsd_out *o = s->out[i];

		if (!err && o->type == MXTLS_CT_CHANGE_CIPHER_SPEC) {
			err = hsd_set_keys(d, s, true);
			s->tx_switched = !err;
		}
		if (!err)
			err = hsd_send(d->nl, s->id, o->type, o->data, o->len);
		free(o);
	}
	s->nout = 0;
	/* what libssl sealed itself goes nowhere */
	(void)BIO_reset(s->wbio);
	return err;
}

static void hsd_drive(struct hsd_sess *s)
{
	uint8_t buf[64];

	if (!s->started) {
		s->started = true;
		if (s->server)
			SSL_set_accept_state(s->ssl);
		else
			SSL_set_connect_state(s->ssl);
	}
	if (!SSL_is_init_finished(s->ssl) || SSL_in_init(s->ssl))
		SSL_do_handshake(s->ssl);
	else
		SSL_read(s->ssl, buf, sizeof(buf));
	/* the handshake may start over inside SSL_read: drive it on */
	if (SSL_in_init(s->ssl))
		SSL_do_handshake(s->ssl);
	ERR_clear_error();
}

static int hsd_peer_id(struct hsd_sess *s, struct hsd_req *r)
{
	X509 *peer = SSL_get1_peer_certificate(s->ssl);
	uint8_t fp[32];
	unsigned int len = 32;
	char cn[256];

	if (!peer)
		return 0;
	if (X509_NAME_get_text_by_NID(X509_get_subject_name(peer), NID_commonName, cn,
				      sizeof(cn)) > 0)
		hsd_put(r, MXTLS_A_PEER_ID, cn, strlen(cn) + 1);
	if (X509_digest(peer, EVP_sha256(), fp, &len))
		hsd_put(r, MXTLS_A_PEER_FP, fp, 32);
	X509_free(peer);
	return 0;
}

/* Both directions switched and libssl is through: DONE */
static void hsd_maybe_done(struct hsd_daemon *d, struct hsd_sess *s)
{
	struct hsd_req r;
	int err;

	if (!s->id || !s->tx_switched || !s->rx_switched || SSL_in_init(s->ssl))
		return;
	if (d->mode == HSD_REJECT) {
		err = hsd_done(d->nl, s->id, EKEYREJECTED, 42);
	} else {
		hsd_req_init(&r, MXTLS_CMD_DONE);
		hsd_put_u64(&r, MXTLS_A_HS_ID, s->id);
		hsd_put_u32(&r, MXTLS_A_HS_STATUS, 0);
		hsd_peer_id(s, &r);
		if (SSL_session_reused(s->ssl))
			hsd_put(&r, MXTLS_A_RESUMED, NULL, 0);
		err = hsd_call(d->nl, &r, NULL);
	}
	if (err) {
		fprintf(stderr, "# hsd: DONE: %d %s\n", err, hsd_nl_errmsg(d->nl));
		d->errors++;
	}
	s->id = 0;
}

static void hsd_fail(struct hsd_daemon *d, struct hsd_sess *s, const char *what, int err)
{
	fprintf(stderr, "# hsd: %s: %d %s\n", what, err, hsd_nl_errmsg(d->nl));
	d->errors++;
	s->id = 0;
	s->failed = true;
}

/* An HS_RECV record: to libssl as a record, keys first at the peer's CCS */
static void hsd_recv(struct hsd_daemon *d, struct hsd_sess *s, uint8_t type,
		     const uint8_t *data, size_t len)
{
	uint8_t rec[MXTLS_HS_DATA_MAX + 64];
	uint16_t version;
	size_t n;
	int err;

	/* a ServerHello's record carries the version it chooses */
	if (type == MXTLS_CT_HANDSHAKE && len >= 6 && data[0] == 2)
		s->version = (uint16_t)(data[4] << 8 | data[5]);
	version = s->version ?: MXTLS_TLS_1_0;

	if (s->rd.on) {
		n = hsd_seal(&s->rd, version, type, data, len, rec);
	} else {
		rec[0] = type;
		rec[1] = version >> 8;
		rec[2] = version & 0xff;
		rec[3] = len >> 8;
		rec[4] = len & 0xff;
		memcpy(rec + 5, data, len);
		n = len + 5;
	}
	BIO_write(s->rbio, rec, (int)n);
	if (type == MXTLS_CT_CHANGE_CIPHER_SPEC) {
		err = hsd_set_keys(d, s, false);
		if (err)
			return hsd_fail(d, s, "SET_KEYS RX", err);
		s->rd.on = true;
		s->rd.seq = 0;
		s->rx_switched = true;
	}
	hsd_drive(s);
	err = hsd_flush(d, s);
	if (err)
		return hsd_fail(d, s, "HS_SEND", err);
	hsd_maybe_done(d, s);
}

static struct hsd_sess *hsd_find(struct hsd_daemon *d, uint64_t ino, uint64_t id)
{
	struct hsd_sess *s;

	for (s = d->sessions; s; s = s->next)
		if ((ino && s->ino == ino) || (id && s->id == id))
			return s;
	return NULL;
}

/* A request this daemon claimed */
static void hsd_serve(struct hsd_daemon *d, struct hsd_msg *acc)
{
	uint64_t ino = hsd_u64(acc, MXTLS_A_SOCK_INO);
	uint8_t reason = hsd_u8(acc, MXTLS_A_HS_REASON);
	struct hsd_sess *s = hsd_find(d, ino, 0);
	int err;

	if (d->mode == HSD_EXIT_ON_ACCEPT)
		_exit(0);
	if (d->mode == HSD_SILENT)
		return;
	if (!s) {
		s = calloc(1, sizeof(*s));
		s->ino = ino;
		s->server = hsd_u8(acc, MXTLS_A_ROLE) == MXTLS_ROLE_SERVER;
		s->ssl = SSL_new(s->server ? d->sctx : d->cctx);
		s->rbio = BIO_new(BIO_s_mem());
		s->wbio = BIO_new(BIO_s_mem());
		SSL_set_bio(s->ssl, s->rbio, s->wbio);
		SSL_set_app_data(s->ssl, s);
		s->next = d->sessions;
		d->sessions = s;
	}
	s->id = hsd_u64(acc, MXTLS_A_HS_ID);
	s->tx_switched = false;
	s->rx_switched = false;
	if (reason == MXTLS_HS_REASON_LOCAL || reason == MXTLS_HS_REASON_REKEY) {
		if (SSL_renegotiate(s->ssl) != 1)
			return hsd_fail(d, s, "SSL_renegotiate", -1);
		SSL_do_handshake(s->ssl);
		ERR_clear_error();
		err = hsd_flush(d, s);
		if (err)
			hsd_fail(d, s, "HS_SEND", err);
	} else if (reason != MXTLS_HS_REASON_PEER) {
		hsd_drive(s);
		err = hsd_flush(d, s);
		if (err)
			hsd_fail(d, s, "HS_SEND", err);
	}
}

static void hsd_claim(struct hsd_daemon *d, uint64_t id)
{
	struct hsd_msg *acc = NULL;
	int err = hsd_accept(d->nl, id, &acc);

	if (!err && acc)
		hsd_serve(d, acc);
	free(acc);
}

static volatile sig_atomic_t hsd_term;

static void hsd_on_term(int sig)
{
	hsd_term = 1;
}

static int hsd_main(enum hsd_mode mode, int ready_fd)
{
	struct hsd_daemon d = { .mode = mode };
	struct hsd_msg *m;
	struct hsd_sess *s;

	if (hsd_nl_open(&d.nl, true))
		return 10;
	d.cctx = SSL_CTX_new(TLS_client_method());
	d.sctx = SSL_CTX_new(TLS_server_method());
	if (!d.cctx || !d.sctx ||
	    SSL_CTX_use_certificate_file(d.sctx, HSD_CERT, SSL_FILETYPE_PEM) != 1 ||
	    SSL_CTX_use_PrivateKey_file(d.sctx, HSD_KEY, SSL_FILETYPE_PEM) != 1)
		return 11;
	SSL_CTX_set_options(d.sctx, SSL_OP_ALLOW_CLIENT_RENEGOTIATION);
	SSL_CTX_set_max_proto_version(d.cctx, TLS1_2_VERSION);
	SSL_CTX_set_max_proto_version(d.sctx, TLS1_2_VERSION);
	SSL_CTX_set_cipher_list(d.cctx, HSD_CIPHERS);
	SSL_CTX_set_cipher_list(d.sctx, HSD_CIPHERS);
	SSL_CTX_set_msg_callback(d.cctx, hsd_msg_cb);
	SSL_CTX_set_msg_callback(d.sctx, hsd_msg_cb);
	if (write(ready_fd, "", 1) != 1)
		return 12;
	close(ready_fd);

	/* what was queued before we listened */
	while (!hsd_accept(d.nl, 0, &m)) {
		if (m)
			hsd_serve(&d, m);
		free(m);
	}
	while (!hsd_term) {
		m = hsd_next(d.nl, 100);
		if (!m) {
			/* announcements lost to a full buffer: claim what waits */
			while (!hsd_accept(d.nl, 0, &m)) {
				if (m)
					hsd_serve(&d, m);
				free(m);
			}
			continue;
		}
		switch (m->cmd) {
		case MXTLS_CMD_HS_REQUEST:
			hsd_claim(&d, hsd_u64(m, MXTLS_A_HS_ID));
			break;
		case MXTLS_CMD_HS_RECV:
			s = hsd_find(&d, 0, hsd_u64(m, MXTLS_A_HS_ID));
			if (s && m->attr[MXTLS_A_DATA])
				hsd_recv(&d, s, hsd_u8(m, MXTLS_A_CONTENT_TYPE),
					 m->attr[MXTLS_A_DATA], m->attr_len[MXTLS_A_DATA]);
			break;
		case MXTLS_CMD_DONE:
			/* the kernel ended one of ours */
			s = hsd_find(&d, 0, hsd_u64(m, MXTLS_A_HS_ID));
			if (s)
				s->id = 0;
			break;
		}
		free(m);
	}
	return d.errors ? 20 : 0;
}

pid_t hsd_start(enum hsd_mode mode)
{
	int p[2];
	char c;
	pid_t pid;

	if (pipe(p))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		close(p[0]);
		signal(SIGTERM, hsd_on_term);
		_exit(hsd_main(mode, p[1]));
	}
	close(p[1]);
	if (read(p[0], &c, 1) != 1) {
		close(p[0]);
		waitpid(pid, NULL, 0);
		return -1;
	}
	close(p[0]);
	return pid;
}

int hsd_stop(pid_t pid)
{
	int status = -1;

	kill(pid, SIGTERM);
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}
