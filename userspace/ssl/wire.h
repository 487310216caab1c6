/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Bounds-checked reading and writing of TLS wire encodings.
 *
 * A reader never reads past its end: every getter fails (returns false)
 * instead, and once failed the reader stays failed, so a parser can run
 * a sequence of gets and check once. A writer never writes past its
 * capacity; it counts the length it would have needed so callers can
 * size buffers by a dry run with a NULL buffer.
 */
#ifndef MXTLS_SSL_WIRE_H
#define MXTLS_SSL_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct mx_rd {
	const uint8_t *p;
	size_t left;
	bool bad;
};

static inline void mx_rd_init(struct mx_rd *r, const void *p, size_t len)
{
	r->p = p;
	r->left = len;
	r->bad = false;
}

static inline bool mx_rd_ok(const struct mx_rd *r)
{
	return !r->bad;
}

/* True when everything was read and nothing failed. */
static inline bool mx_rd_done(const struct mx_rd *r)
{
	return !r->bad && r->left == 0;
}

static inline const uint8_t *mx_rd_bytes(struct mx_rd *r, size_t n)
{
	const uint8_t *p = r->p;

	if (r->bad || n > r->left) {
		r->bad = true;
		r->left = 0;
		return NULL;
	}
	r->p += n;
	r->left -= n;
	return p;
}

static inline uint32_t mx_rd_uint(struct mx_rd *r, size_t n)
{
	const uint8_t *p = mx_rd_bytes(r, n);
	uint32_t v = 0;
	size_t i;

	if (!p)
		return 0;
	for (i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

static inline uint8_t mx_rd_u8(struct mx_rd *r)
{
	return (uint8_t)mx_rd_uint(r, 1);
}

static inline uint16_t mx_rd_u16(struct mx_rd *r)
{
	return (uint16_t)mx_rd_uint(r, 2);
}

static inline uint32_t mx_rd_u24(struct mx_rd *r)
{
	return mx_rd_uint(r, 3);
}

/*
 * A vector with an lenbytes-byte length prefix, its length within
 * [min, max]: sub reads its body. Fails the reader otherwise.
 */
static inline bool mx_rd_vec(struct mx_rd *r, size_t lenbytes, size_t min, size_t max,
			     struct mx_rd *sub)
{
	size_t n = mx_rd_uint(r, lenbytes);
	const uint8_t *p;

	if (r->bad || n < min || n > max) {
		r->bad = true;
		mx_rd_init(sub, NULL, 0);
		sub->bad = true;
		return false;
	}
	p = mx_rd_bytes(r, n);
	mx_rd_init(sub, p, p ? n : 0);
	sub->bad = !p;
	return p != NULL;
}

struct mx_wr {
	uint8_t *p;		/* NULL: count only */
	size_t len, cap;
	bool bad;
};

static inline void mx_wr_init(struct mx_wr *w, void *p, size_t cap)
{
	w->p = p;
	w->len = 0;
	w->cap = p ? cap : 0;
	w->bad = false;
}

static inline void mx_wr_bytes(struct mx_wr *w, const void *src, size_t n)
{
	if (w->p && !w->bad && n <= w->cap - w->len) {
		if (n)
			memcpy(w->p + w->len, src, n);
	} else if (w->p) {
		w->bad = true;
	}
	w->len += n;
}

static inline void mx_wr_uint(struct mx_wr *w, uint32_t v, size_t n)
{
	uint8_t b[4];
	size_t i;

	for (i = 0; i < n; i++)
		b[i] = (uint8_t)(v >> (8 * (n - 1 - i)));
	mx_wr_bytes(w, b, n);
}

static inline void mx_wr_u8(struct mx_wr *w, uint8_t v)
{
	mx_wr_uint(w, v, 1);
}

static inline void mx_wr_u16(struct mx_wr *w, uint16_t v)
{
	mx_wr_uint(w, v, 2);
}

static inline void mx_wr_u24(struct mx_wr *w, uint32_t v)
{
	mx_wr_uint(w, v, 3);
}

/* Open a length prefix of lenbytes; returns its offset for mx_wr_close. */
static inline size_t mx_wr_open(struct mx_wr *w, size_t lenbytes)
{
	size_t at = w->len;

	mx_wr_uint(w, 0, lenbytes);
	return at;
}

/* Fill in the prefix opened at 'at' with the length written since. */
static inline void mx_wr_close(struct mx_wr *w, size_t at, size_t lenbytes)
{
	size_t n = w->len - at - lenbytes, i;

	if (n >> (8 * lenbytes))
		w->bad = true;
	if (!w->p || w->bad)
		return;
	for (i = 0; i < lenbytes; i++)
		w->p[at + i] = (uint8_t)(n >> (8 * (lenbytes - 1 - i)));
}

static inline void mx_put_u16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void mx_put_u24(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 16);
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)v;
}

static inline void mx_put_u64(uint8_t *p, uint64_t v)
{
	int i;

	for (i = 7; i >= 0; i--, v >>= 8)
		p[i] = (uint8_t)v;
}

static inline uint16_t mx_get_u16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t mx_get_u24(const uint8_t *p)
{
	return (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
}

#endif /* MXTLS_SSL_WIRE_H */
