// SPDX-License-Identifier: GPL-2.0
/*
 * The userspace record layer (library mode's record port): record
 * framing and protection in place, in the session's own buffers.
 *
 * CBC records are opened in constant time (Lucky 13): the padding is
 * checked over the largest span it could cover whatever its value, the
 * MAC is computed for every length the padding could leave and the right
 * one is picked by mask, and the received MAC is gathered by mask too,
 * so neither timing nor memory accesses depend on the padding's value.
 * Bad padding and bad MAC are the same bad_record_mac.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/ct.h"
#include "crypto/hmac.h"
#include "ssl/proto.h"
#include "ssl/record.h"
#include "ssl/ssl_int.h"
#include "ssl/wire.h"

void mx_rl_init(struct mx_rl *rl)
{
	memset(rl, 0, sizeof(*rl));
}

static void state_clear(struct mx_rec_state *s)
{
	mx_bulk_free(s->bulk);
	mx_zeroize(s, sizeof(*s));
}

void mx_rl_clear(struct mx_rl *rl)
{
	state_clear(&rl->rd);
	state_clear(&rl->wr);
	if (rl->rd_next) {
		state_clear(rl->rd_next);
		free(rl->rd_next);
	}
	if (rl->hs_buf) {
		mx_zeroize(rl->hs_buf, rl->hs_cap);
		free(rl->hs_buf);
	}
	mx_zeroize(rl, sizeof(*rl));
}

static bool is_ssl3(const struct mx_rec_state *s)
{
	return s->k.version == MX_SSL3;
}

/* Key the MAC: HMAC for TLS, the pad1/pad2 construction for SSL 3.0. */
static int mac_key(struct mx_rec_state *s)
{
	struct mx_hmac_ctx h;

	s->mh = mx_hash_get(s->suite->mac);
	if (!s->mh)
		return -EINVAL;
#ifdef ENABLE_SSLV3
	if (is_ssl3(s)) {
		uint8_t pad[48];
		size_t npad = s->suite->mac == MX_HASH_MD5 ? 48 : 40;

		s->mh->init(&s->mac_in);
		s->mh->update(&s->mac_in, s->k.mac_key, s->k.mac_key_len);
		memset(pad, 0x36, npad);
		s->mh->update(&s->mac_in, pad, npad);
		s->mh->init(&s->mac_out);
		s->mh->update(&s->mac_out, s->k.mac_key, s->k.mac_key_len);
		memset(pad, 0x5c, npad);
		s->mh->update(&s->mac_out, pad, npad);
		return 0;
	}
#endif
	mx_hmac_init(&h, s->suite->mac, s->k.mac_key, s->k.mac_key_len);
	s->mac_in = h.inner;
	s->mac_out = h.outer;
	mx_zeroize(&h, sizeof(h));
	return 0;
}

static int state_set(struct mx_rec_state *s, const struct mx_traffic_keys *k, bool encrypt)
{
	int rc;

	state_clear(s);
	s->suite = mx_ssl_suite_get(k->suite);
	if (!s->suite)
		return -EINVAL;
	s->k = *k;
	rc = mx_bulk_new(s->suite, k, encrypt, &s->bulk);
	if (rc == 0 && s->suite->mac_len)
		rc = mac_key(s);
	if (rc)
		state_clear(s);
	return rc;
}

/* MAC header: seq, type, [version,] length. Returns its size. */
static size_t mac_header(const struct mx_rec_state *s, uint8_t ct, size_t len, uint8_t *h)
{
	mx_put_u64(h, s->k.seq);
	h[8] = ct;
	if (is_ssl3(s)) {
		mx_put_u16(h + 9, (uint16_t)len);
		return 11;
	}
	mx_put_u16(h + 9, s->k.version);
	mx_put_u16(h + 11, (uint16_t)len);
	return 13;
}

static void mac_finish(const struct mx_rec_state *s, union mx_hash_ctx *inner, uint8_t *tag)
{
	union mx_hash_ctx c = s->mac_out;
	uint8_t d[MX_HASH_MAX_LEN];

	s->mh->final(inner, d);
	s->mh->update(&c, d, s->mh->digest_len);
	s->mh->final(&c, tag);
	mx_zeroize(d, sizeof(d));
}

static void mac_compute(const struct mx_rec_state *s, uint8_t ct, const uint8_t *data,
			size_t len, uint8_t *tag)
{
	union mx_hash_ctx c = s->mac_in;
	uint8_t h[13];

	s->mh->update(&c, h, mac_header(s, ct, len, h));
	s->mh->update(&c, data, len);
	mac_finish(s, &c, tag);
}

size_t mx_rl_prefix(const struct mx_rec_state *s)
{
	if (!s->suite)
		return MX_REC_HDR;
	if (s->suite->type == MX_CIPHER_AEAD)
		return MX_REC_HDR + s->suite->record_iv_len;
	if (s->suite->block_len && s->k.version >= MX_TLS11)
		return MX_REC_HDR + s->suite->block_len;
	return MX_REC_HDR;
}

size_t mx_rl_record_max(const struct mx_rec_state *s, size_t plen)
{
	size_t n = mx_rl_prefix(s) + plen;

	if (!s->suite)
		return n;
	return n + s->suite->mac_len + s->suite->tag_len + s->suite->block_len;
}

size_t mx_rl_max_plain(const struct mx_rl *rl)
{
	return rl->max_plain ? rl->max_plain : MX_MAX_PLAIN;
}

static bool is_etm(const struct mx_rec_state *s)
{
	return s->suite && s->suite->type == MX_CIPHER_BLOCK && (s->k.flags & MX_TK_ETM);
}

size_t mx_rl_sealed_len(const struct mx_rec_state *s, size_t plen)
{
	size_t bl;

	if (!s->suite)
		return MX_REC_HDR + plen;
	if (s->suite->type != MX_CIPHER_BLOCK)
		return mx_rl_prefix(s) + plen + s->suite->mac_len + s->suite->tag_len;
	bl = s->suite->block_len;
	if (is_etm(s))
		return mx_rl_prefix(s) + (plen + bl) / bl * bl + s->suite->mac_len;
	return mx_rl_prefix(s) + (plen + s->suite->mac_len + bl) / bl * bl;
}

/* The AEAD nonce: GCM's salt and explicit part, or ChaCha20's mask XOR seq. */
static void aead_nonce(const struct mx_rec_state *s, uint64_t seq, const uint8_t *explicit,
		       uint8_t nonce[12])
{
	size_t i;

	if (s->suite->record_iv_len) {
		memcpy(nonce, s->k.iv, 4);
		memcpy(nonce + 4, explicit, 8);
		return;
	}
	memset(nonce, 0, 4);
	mx_put_u64(nonce + 4, seq);
	for (i = 0; i < 12; i++)
		nonce[i] ^= s->k.iv[i];
}

int mx_rl_seal(struct mx_rl *rl, uint8_t ct, uint8_t *rec, size_t plen)
{
	struct mx_rec_state *s = &rl->wr;
	size_t pre = mx_rl_prefix(s), blen = plen, i;
	uint8_t *body = rec + MX_REC_HDR, *pt = rec + pre;
	uint8_t nonce[12], aad[13], ivbuf[MX_MAX_IV];
	int rc;

	if (plen > mx_rl_max_plain(rl))
		return -EMSGSIZE;
	if (s->suite && s->k.seq == UINT64_MAX)
		return -EOVERFLOW;	/* the sequence number may not wrap */
	rec[0] = ct;
	mx_put_u16(rec + 1, rl->version);
	if (!s->suite)
		goto done;
	switch (s->suite->type) {
	case MX_CIPHER_AEAD:
		if (s->suite->record_iv_len)	/* GCM's explicit nonce: the seq */
			mx_put_u64(body, s->k.seq);
		aead_nonce(s, s->k.seq, body, nonce);
		mac_header(s, ct, plen, aad);
		mx_bulk_seal(s->bulk, nonce, aad, 13, pt, plen, pt + plen);
		blen = s->suite->record_iv_len + plen + s->suite->tag_len;
		break;
#ifdef USE_ARC4
	case MX_CIPHER_STREAM:
		mac_compute(s, ct, pt, plen, pt + plen);
		blen = plen + s->suite->mac_len;
		mx_bulk_stream(s->bulk, pt, blen);
		break;
#endif
	default: {
		size_t bl = s->suite->block_len, n = plen;
		size_t pad;
		uint8_t *iv = s->k.iv;

		if (!is_etm(s)) {
			mac_compute(s, ct, pt, plen, pt + plen);
			n += s->suite->mac_len;
		}
		pad = bl - 1 - (n % bl);
		for (i = 0; i <= pad; i++)
			pt[n + i] = (uint8_t)pad;
		n += pad + 1;
		if (pre > MX_REC_HDR) {
			/* TLS 1.1+: a fresh random IV before each record. */
			rc = mx_ssl_random(body, bl);
			if (rc)
				return rc;
			memcpy(ivbuf, body, bl);
			iv = ivbuf;
		}
		mx_bulk_cbc(s->bulk, iv, pt, n);
		blen = (size_t)(pt - body) + n;
		if (is_etm(s)) {
			/* RFC 7366: the MAC covers the IV and the ciphertext. */
			mac_compute(s, ct, body, blen, body + blen);
			blen += s->suite->mac_len;
		}
		break;
	}
	}
	s->k.seq++;
done:
	mx_put_u16(rec + 3, (uint16_t)blen);
	return (int)(MX_REC_HDR + blen);
}

/* Append one record of plen bytes from data. */
static int write_record(ssl_t *ssl, uint8_t ct, const uint8_t *data, size_t plen)
{
	struct mx_rl *rl = &ssl->rl;
	uint8_t *rec = mx_out_room(ssl, mx_rl_record_max(&rl->wr, plen));
	int n;

	if (!rec)
		return -ENOMEM;
	if (plen)
		memmove(rec + mx_rl_prefix(&rl->wr), data, plen);
	n = mx_rl_seal(rl, ct, rec, plen);
	if (n < 0)
		return n;
	ssl->out_len += (size_t)n;
	return 0;
}

int mx_rl_write(ssl_t *ssl, uint8_t ct, const uint8_t *data, size_t len)
{
	const struct mx_rec_state *s = &ssl->rl.wr;
	size_t n;
	int rc;

	/* TLS 1.0 CBC: a first record of one byte makes the IV of the rest
	 * unpredictable (BEAST); applied to application data only.
	 */
	if (ct == MX_CT_APPDATA && len > 1 && s->suite && s->suite->block_len &&
	    s->k.version <= MX_TLS10) {
		rc = write_record(ssl, ct, data, 1);
		if (rc)
			return rc;
		data++;
		len--;
	}
	do {
		n = len < mx_rl_max_plain(&ssl->rl) ? len : mx_rl_max_plain(&ssl->rl);
		rc = write_record(ssl, ct, data, n);
		if (rc)
			return rc;
		data += n;
		len -= n;
	} while (len);
	return 0;
}

int mx_rl_check_header(const struct mx_rl *rl, const uint8_t *hdr)
{
	uint16_t ver = mx_get_u16(hdr + 1), len = mx_get_u16(hdr + 3);

	if (hdr[0] < MX_CT_CCS || hdr[0] > MX_CT_APPDATA)
		return -SSL_ALERT_UNEXPECTED_MESSAGE;
	if ((ver >> 8) != 3 || (rl->version_locked && ver != rl->version))
		return -SSL_ALERT_PROTOCOL_VERSION;
	if (len > MX_MAX_CIPHER)
		return -SSL_ALERT_RECORD_OVERFLOW;
	return len;
}

/*
 * TLS CBC record body (decrypted, n bytes, n >= mac_len + 1): check
 * padding and MAC in constant time. Returns 0 with *plen set, or
 * -SSL_ALERT_BAD_RECORD_MAC.
 */
static int cbc_check(const struct mx_rec_state *s, uint8_t ct, const uint8_t *p, size_t n,
		     size_t *plen)
{
	size_t ml = s->suite->mac_len, hi = n - ml - 1, lo, i, j, hl;
	uint8_t got[MX_HASH_MAX_LEN] = { 0 }, want[MX_HASH_MAX_LEN] = { 0 };
	uint8_t tag[MX_HASH_MAX_LEN], h[13];
	union mx_hash_ctx c, t;
	uint64_t good, pad = p[n - 1], len, m;

	/* Enough bytes for the padding and the MAC. */
	good = ~mx_ct_lt(hi, pad);
	if (!is_ssl3(s)) {
		/* Every padding byte equals the padding length. */
		for (i = 0; i < 256 && i < n; i++) {
			uint64_t ii = i;

			/* Keep the compiler from folding pad - i into the
			 * address of the byte read (an induction variable
			 * shared by both): the address must be public.
			 */
			__asm__("" : "+r"(ii));
			m = ~mx_ct_lt(pad, ii) & good;	/* i <= pad */
			good &= ~(m & ~mx_ct_eq(p[n - 1 - i], pad));
		}
	} else {
		/* SSL 3.0: only the length is defined, below the block size. */
		good &= mx_ct_lt(pad, s->suite->block_len);
	}
	pad = mx_ct_select(good, pad, 0);
	len = hi - pad;		/* the data's length: secret */

	/* MAC over header (with the secret length) and every candidate length. */
	lo = hi > 255 ? hi - 255 : 0;
	c = s->mac_in;
	hl = mac_header(s, ct, len, h);
	s->mh->update(&c, h, hl);
	s->mh->update(&c, p, lo);
	for (i = lo; i <= hi; i++) {
		t = c;
		mac_finish(s, &t, tag);
		m = mx_ct_eq(i, len);
		for (j = 0; j < ml; j++)
			want[j] |= tag[j] & (uint8_t)m;
		/* The MAC as received, were the data i bytes long. */
		for (j = 0; j < ml; j++)
			got[j] |= p[i + j] & (uint8_t)m;
		if (i < hi)
			s->mh->update(&c, p + i, 1);
	}
	good &= mx_ct_is_zero(mx_ct_memeq(got, want, ml) ^ 1);
	mx_zeroize(&c, sizeof(c));
	mx_zeroize(&t, sizeof(t));
	mx_zeroize(want, sizeof(want));
	/* The verdict is public (it decides the alert), and with it the
	 * length of a record that verified.
	 */
	mx_ct_declassify(&good, sizeof(good));
	len = mx_ct_select(good, len, 0);
	mx_ct_declassify(&len, sizeof(len));
	*plen = (size_t)len;
	return (good & 1) ? 0 : -SSL_ALERT_BAD_RECORD_MAC;
}

/*
 * An encrypt-then-MAC CBC record body (IV included when explicit), n
 * bytes: the MAC first, then decryption and the padding, which the MAC
 * has already authenticated. 0 with *pt, *plen set, or a negated alert.
 */
static int etm_open(struct mx_rec_state *s, uint8_t ct, uint8_t *body, size_t n, uint8_t **pt,
		    size_t *plen)
{
	size_t ml = s->suite->mac_len, bl = s->suite->block_len, pre = 0, pad, i;
	uint8_t tag[MX_HASH_MAX_LEN], *iv = s->k.iv, ivbuf[MX_MAX_IV], bad;
	int ok;

	if (s->k.version >= MX_TLS11)
		pre = bl;
	if (n < pre + bl + ml || (n - pre - ml) % bl)
		return -SSL_ALERT_BAD_RECORD_MAC;
	n -= ml;
	mac_compute(s, ct, body, n, tag);
	ok = mx_ct_memeq(tag, body + n, ml);
	mx_zeroize(tag, sizeof(tag));
	/* The MAC covers the ciphertext: its verdict is public. */
	mx_ct_declassify(&ok, sizeof(ok));
	if (!ok)
		return -SSL_ALERT_BAD_RECORD_MAC;
	if (pre) {
		memcpy(ivbuf, body, bl);
		iv = ivbuf;
	}
	body += pre;
	n -= pre;
	mx_bulk_cbc(s->bulk, iv, body, n);
	/*
	 * The padding length gives the record's length, public once the
	 * MAC held; its bytes are checked without branching on them all
	 * the same (they are the sender's, authenticated).
	 */
	pad = body[n - 1];
	mx_ct_declassify(&pad, sizeof(pad));
	if (pad + 1 > n)
		return -SSL_ALERT_BAD_RECORD_MAC;
	bad = 0;
	for (i = 0; i <= pad; i++)
		bad |= body[n - 1 - i] ^ (uint8_t)pad;
	mx_ct_declassify(&bad, sizeof(bad));
	if (bad)
		return -SSL_ALERT_BAD_RECORD_MAC;
	*pt = body;
	*plen = n - pad - 1;
	return 0;
}

int mx_rl_open(struct mx_rl *rl, uint8_t *rec, uint8_t **pt, size_t *ptlen)
{
	struct mx_rec_state *s = &rl->rd;
	uint8_t ct = rec[0], *body = rec + MX_REC_HDR, nonce[12], aad[13];
	size_t n = mx_get_u16(rec + 3), plen = n, bl;
	int rc = 0;

	*pt = body;
	if (!s->suite)
		goto done;
	switch (s->suite->type) {
	case MX_CIPHER_AEAD: {
		size_t ex = s->suite->record_iv_len;

		if (n < ex + s->suite->tag_len)
			return -SSL_ALERT_BAD_RECORD_MAC;
		plen = n - ex - s->suite->tag_len;
		aead_nonce(s, s->k.seq, body, nonce);
		mac_header(s, ct, plen, aad);
		if (mx_bulk_open(s->bulk, nonce, aad, 13, body + ex, plen, body + ex + plen))
			return -SSL_ALERT_BAD_RECORD_MAC;
		*pt = body + ex;
		break;
	}
#ifdef USE_ARC4
	case MX_CIPHER_STREAM: {
		uint8_t tag[MX_HASH_MAX_LEN];

		if (n < s->suite->mac_len)
			return -SSL_ALERT_BAD_RECORD_MAC;
		mx_bulk_stream(s->bulk, body, n);
		plen = n - s->suite->mac_len;
		mac_compute(s, ct, body, plen, tag);
		if (!mx_ct_memeq(tag, body + plen, s->suite->mac_len))
			rc = -SSL_ALERT_BAD_RECORD_MAC;
		break;
	}
#endif
	default: {
		uint8_t *iv = s->k.iv, ivbuf[16];

		if (is_etm(s)) {
			rc = etm_open(s, ct, body, n, pt, &plen);
			break;
		}
		bl = s->suite->block_len;
		if (s->k.version >= MX_TLS11) {
			if (n < bl)
				return -SSL_ALERT_BAD_RECORD_MAC;
			memcpy(ivbuf, body, bl);
			iv = ivbuf;
			body += bl;
			n -= bl;
		}
		if (n % bl || n < s->suite->mac_len + 1u || n == 0)
			return -SSL_ALERT_BAD_RECORD_MAC;
		mx_bulk_cbc(s->bulk, iv, body, n);
		rc = cbc_check(s, ct, body, n, &plen);
		*pt = body;
		break;
	}
	}
	s->k.seq++;
	if (rc)
		return rc;
done:
	if (plen > mx_rl_max_plain(rl))
		return -SSL_ALERT_RECORD_OVERFLOW;
	*ptlen = plen;
	return 0;
}

int mx_rl_ccs_received(struct mx_rl *rl)
{
	if (!rl->rd_next)
		return -SSL_ALERT_UNEXPECTED_MESSAGE;
	state_clear(&rl->rd);
	rl->rd = *rl->rd_next;
	mx_zeroize(rl->rd_next, sizeof(*rl->rd_next));
	free(rl->rd_next);
	rl->rd_next = NULL;
	return 0;
}

void mx_rl_export(const struct mx_rl *rl, struct mx_traffic_keys *rd, struct mx_traffic_keys *wr)
{
	*rd = rl->rd.k;
	*wr = rl->wr.k;
}

/* --- the record port of library mode ---------------------------------- */

static int flush_hs(ssl_t *ssl)
{
	struct mx_rl *rl = &ssl->rl;
	int rc;

	if (!rl->hs_len)
		return 0;
	rc = mx_rl_write(ssl, MX_CT_HANDSHAKE, rl->hs_buf, rl->hs_len);
	/* Flights are few: keep no buffer between them. */
	mx_zeroize(rl->hs_buf, rl->hs_cap);
	free(rl->hs_buf);
	rl->hs_buf = NULL;
	rl->hs_len = rl->hs_cap = 0;
	return rc;
}

static int port_add(void *port, uint16_t epoch, uint8_t ct, const uint8_t *data, size_t len)
{
	ssl_t *ssl = port;
	struct mx_rl *rl = &ssl->rl;
	int rc;

	if (epoch != ssl->wr_epoch)
		return -EPROTO;
	if (ct != MX_CT_HANDSHAKE) {
		rc = flush_hs(ssl);
		return rc ? rc : mx_rl_write(ssl, ct, data, len);
	}
	if (rl->hs_len + len > rl->hs_cap) {
		size_t cap = rl->hs_len + len;
		uint8_t *b = malloc(cap);

		if (!b)
			return -ENOMEM;
		if (rl->hs_len)
			memcpy(b, rl->hs_buf, rl->hs_len);
		if (rl->hs_buf) {
			mx_zeroize(rl->hs_buf, rl->hs_cap);
			free(rl->hs_buf);
		}
		rl->hs_buf = b;
		rl->hs_cap = cap;
	}
	memcpy(rl->hs_buf + rl->hs_len, data, len);
	rl->hs_len += len;
	return 0;
}

static int port_set_write(void *port, const struct mx_traffic_keys *k)
{
	ssl_t *ssl = port;
	int rc = flush_hs(ssl);

	return rc ? rc : state_set(&ssl->rl.wr, k, true);
}

static int port_set_read(void *port, const struct mx_traffic_keys *k)
{
	struct mx_rl *rl = &((ssl_t *)port)->rl;
	struct mx_rec_state *s;
	int rc;

	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	rc = state_set(s, k, false);
	if (rc) {
		free(s);
		return rc;
	}
	if (rl->rd_next) {
		state_clear(rl->rd_next);
		free(rl->rd_next);
	}
	rl->rd_next = s;
	return 0;
}

static int port_alert(void *port, uint8_t level, uint8_t desc)
{
	ssl_t *ssl = port;
	uint8_t a[2] = { level, desc };
	int rc = flush_hs(ssl);

	return rc ? rc : mx_rl_write(ssl, MX_CT_ALERT, a, 2);
}

static int port_flush(void *port)
{
	return flush_hs(port);
}

static int port_max_fragment(void *port, uint16_t max)
{
	ssl_t *ssl = port;

	if (max < 512 || max > MX_MAX_PLAIN)
		return -EINVAL;
	ssl->rl.max_plain = max;
	return 0;
}

const struct mx_record_port_ops mx_rl_port_ops = {
	.add_handshake_data = port_add,
	.set_write_keys = port_set_write,
	.set_read_keys = port_set_read,
	.send_alert = port_alert,
	.flush = port_flush,
	.set_max_fragment = port_max_fragment,
};
