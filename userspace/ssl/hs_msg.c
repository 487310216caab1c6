// SPDX-License-Identifier: GPL-2.0
/*
 * Handshake message codec: strict parsing of every length, views into the
 * message body, no copies.
 */
#include "matrixsslApi.h"
#include "ssl/hs_msg.h"
#include "ssl/proto.h"

#define DECODE SSL_ALERT_DECODE_ERROR

int mx_parse_client_hello(const uint8_t *b, size_t len, struct mx_client_hello *m)
{
	struct mx_rd r, v;
	size_t i;

	mx_rd_init(&r, b, len);
	m->version = mx_rd_u16(&r);
	m->random = mx_rd_bytes(&r, MX_RANDOM_LEN);
	if (!mx_rd_vec(&r, 1, 0, MX_MAX_SID, &v))
		return DECODE;
	m->sid = v.p;
	m->sid_len = (uint8_t)v.left;
	if (!mx_rd_vec(&r, 2, 2, 0xfffe, &v) || (v.left & 1))
		return DECODE;
	m->suites = v.p;
	m->n_suites = v.left / 2;
	if (!mx_rd_vec(&r, 1, 1, 0xff, &v))
		return DECODE;
	m->null_comp = false;
	for (i = 0; i < v.left; i++)
		if (v.p[i] == 0)
			m->null_comp = true;
	m->ext = NULL;
	m->ext_len = 0;
	if (r.left == 0)
		return mx_rd_ok(&r) ? 0 : DECODE;
	if (!mx_rd_vec(&r, 2, 0, 0xffff, &v) || !mx_rd_done(&r))
		return DECODE;
	m->ext = v.p;
	m->ext_len = v.left;
	return mx_ext_check(m->ext, m->ext_len);
}

bool mx_hello_has_suite(const struct mx_client_hello *m, uint16_t id)
{
	size_t i;

	for (i = 0; i < m->n_suites; i++)
		if (mx_get_u16(m->suites + 2 * i) == id)
			return true;
	return false;
}

int mx_parse_server_hello(const uint8_t *b, size_t len, struct mx_server_hello *m)
{
	struct mx_rd r, v;

	mx_rd_init(&r, b, len);
	m->version = mx_rd_u16(&r);
	m->random = mx_rd_bytes(&r, MX_RANDOM_LEN);
	if (!mx_rd_vec(&r, 1, 0, MX_MAX_SID, &v))
		return DECODE;
	m->sid = v.p;
	m->sid_len = (uint8_t)v.left;
	m->suite = mx_rd_u16(&r);
	m->comp = mx_rd_u8(&r);
	m->ext = NULL;
	m->ext_len = 0;
	if (!mx_rd_ok(&r))
		return DECODE;
	if (r.left == 0)
		return 0;
	if (!mx_rd_vec(&r, 2, 0, 0xffff, &v) || !mx_rd_done(&r))
		return DECODE;
	m->ext = v.p;
	m->ext_len = v.left;
	return mx_ext_check(m->ext, m->ext_len);
}

int mx_parse_certificate(const uint8_t *b, size_t len, struct mx_cert_msg *m)
{
	struct mx_rd r, list, c;

	mx_rd_init(&r, b, len);
	if (!mx_rd_vec(&r, 3, 0, 0xffffff, &list) || !mx_rd_done(&r))
		return DECODE;
	m->n = 0;
	while (list.left) {
		if (!mx_rd_vec(&list, 3, 1, 0xffffff, &c))
			return DECODE;
		if (m->n == MX_MAX_CHAIN)
			return SSL_ALERT_BAD_CERTIFICATE;
		m->der[m->n] = c.p;
		m->len[m->n] = c.left;
		m->n++;
	}
	return 0;
}

int mx_parse_cert_request(const uint8_t *b, size_t len, bool tls12, struct mx_cert_request *m)
{
	struct mx_rd r, v, dn;

	mx_rd_init(&r, b, len);
	if (!mx_rd_vec(&r, 1, 1, 0xff, &v))
		return DECODE;
	m->types = v.p;
	m->n_types = v.left;
	m->sigalgs = NULL;
	m->n_sigalgs = 0;
	if (tls12) {
		if (!mx_rd_vec(&r, 2, 2, 0xfffe, &v) || (v.left & 1))
			return DECODE;
		m->sigalgs = v.p;
		m->n_sigalgs = v.left / 2;
	}
	if (!mx_rd_vec(&r, 2, 0, 0xffff, &v) || !mx_rd_done(&r))
		return DECODE;
	m->cas = v.p;
	m->cas_len = v.left;
	while (v.left)
		if (!mx_rd_vec(&v, 2, 1, 0xffff, &dn))
			return DECODE;
	return 0;
}

int mx_parse_cert_verify(const uint8_t *b, size_t len, bool tls12, struct mx_cert_verify *m)
{
	struct mx_rd r, v;

	mx_rd_init(&r, b, len);
	m->sigalg = tls12 ? mx_rd_u16(&r) : 0;
	if (!mx_rd_vec(&r, 2, 1, 0xffff, &v) || !mx_rd_done(&r))
		return DECODE;
	m->sig = v.p;
	m->sig_len = v.left;
	return 0;
}

int mx_parse_rsa_cke(const uint8_t *b, size_t len, bool ssl3, const uint8_t **enc,
		     size_t *enc_len)
{
	struct mx_rd r, v;

	if (ssl3) {
		/* SSL 3.0 sends the ciphertext without a length (RFC 6101 5.6.7.1). */
		if (len == 0)
			return DECODE;
		*enc = b;
		*enc_len = len;
		return 0;
	}
	mx_rd_init(&r, b, len);
	if (!mx_rd_vec(&r, 2, 1, 0xffff, &v) || !mx_rd_done(&r))
		return DECODE;
	*enc = v.p;
	*enc_len = v.left;
	return 0;
}

int mx_ext_check(const uint8_t *ext, size_t len)
{
	uint64_t seen[65536 / 64] = { 0 };
	struct mx_rd r, body;
	uint16_t type;

	mx_rd_init(&r, ext, len);
	while (r.left) {
		type = mx_rd_u16(&r);
		if (!mx_rd_vec(&r, 2, 0, 0xffff, &body))
			return DECODE;
		/* No type may appear twice (RFC 5246 7.4.1.4). */
		if (seen[type / 64] & (1ull << (type % 64)))
			return SSL_ALERT_ILLEGAL_PARAMETER;
		seen[type / 64] |= 1ull << (type % 64);
	}
	return 0;
}

bool mx_ext_find(const uint8_t *ext, size_t len, uint16_t type, const uint8_t **body,
		 size_t *blen)
{
	struct mx_rd r, v;
	uint16_t t;

	mx_rd_init(&r, ext, len);
	while (r.left) {
		t = mx_rd_u16(&r);
		if (!mx_rd_vec(&r, 2, 0, 0xffff, &v))
			return false;
		if (t == type) {
			*body = v.p;
			*blen = v.left;
			return true;
		}
	}
	return false;
}

void mx_enc_hs_header(struct mx_wr *w, uint8_t type, uint32_t len)
{
	mx_wr_u8(w, type);
	mx_wr_u24(w, len);
}

void mx_enc_cert_list(struct mx_wr *w, const uint8_t *const *der, const size_t *len, size_t n)
{
	size_t at = mx_wr_open(w, 3), i;

	for (i = 0; i < n; i++) {
		mx_wr_u24(w, (uint32_t)len[i]);
		mx_wr_bytes(w, der[i], len[i]);
	}
	mx_wr_close(w, at, 3);
}
