/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A strict DER reader. Every element is read from a cursor that covers
 * exactly its container, so no length can reach past its parent. Only
 * definite, minimally encoded lengths and single-byte tags are accepted;
 * the primitive decoders below refuse every non-DER form (non-minimal
 * integers, BOOLEAN other than 00/FF, BIT STRING padding that is not
 * zero, and so on). Nothing is copied: values point into the input.
 *
 * Every function returns 0 on success or -EBADMSG.
 */
#ifndef MXTLS_PKI_DER_H
#define MXTLS_PKI_DER_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* A span of DER: a cursor while reading, a value once read. */
struct mx_der {
	const uint8_t *p;
	size_t len;
};

enum {
	MX_DER_BOOLEAN		= 0x01,
	MX_DER_INTEGER		= 0x02,
	MX_DER_BIT_STRING	= 0x03,
	MX_DER_OCTET_STRING	= 0x04,
	MX_DER_NULL		= 0x05,
	MX_DER_OID		= 0x06,
	MX_DER_UTF8_STRING	= 0x0c,
	MX_DER_NUMERIC_STRING	= 0x12,
	MX_DER_PRINTABLE_STRING	= 0x13,
	MX_DER_TELETEX_STRING	= 0x14,
	MX_DER_IA5_STRING	= 0x16,
	MX_DER_UTC_TIME		= 0x17,
	MX_DER_GENERALIZED_TIME	= 0x18,
	MX_DER_VISIBLE_STRING	= 0x1a,
	MX_DER_UNIVERSAL_STRING	= 0x1c,
	MX_DER_BMP_STRING	= 0x1e,
	MX_DER_SEQUENCE		= 0x30,
	MX_DER_SET		= 0x31,
};

/* Context-specific tags: [n] primitive and [n] constructed. */
#define MX_DER_CTX(n)		(0x80 | (n))
#define MX_DER_CTX_CONS(n)	(0xa0 | (n))

static inline struct mx_der mx_der_span(const void *p, size_t len)
{
	struct mx_der d = { .p = p, .len = len };

	return d;
}

static inline bool mx_der_empty(const struct mx_der *cur)
{
	return cur->len == 0;
}

/* The next element's tag, or -1 when the cursor is empty. */
static inline int mx_der_peek(const struct mx_der *cur)
{
	return cur->len ? cur->p[0] : -1;
}

/* True when two spans hold the same bytes. */
static inline bool mx_der_eq(const struct mx_der *a, const struct mx_der *b)
{
	return a->len == b->len && (a->len == 0 || !memcmp(a->p, b->p, a->len));
}

/*
 * Read the next element: its tag, its contents (val) and, when tlv is not
 * NULL, the whole encoding (tag, length and contents). The cursor moves
 * past it.
 */
int mx_der_next(struct mx_der *cur, uint8_t *tag, struct mx_der *val, struct mx_der *tlv);

/* Read the next element, which must carry this tag. */
int mx_der_get(struct mx_der *cur, uint8_t tag, struct mx_der *val);
int mx_der_get_tlv(struct mx_der *cur, uint8_t tag, struct mx_der *val, struct mx_der *tlv);

/* An OPTIONAL element: 1 when present (and read), 0 when absent. */
int mx_der_opt(struct mx_der *cur, uint8_t tag, struct mx_der *val);

/* The cursor must be used up: trailing bytes are an error. */
static inline int mx_der_end(const struct mx_der *cur)
{
	return cur->len ? -EBADMSG : 0;
}

/* INTEGER contents of any sign, minimally encoded. */
int mx_der_int(const struct mx_der *val);

/*
 * INTEGER contents that must be non-negative: mag gets the magnitude
 * without its sign byte (empty for zero).
 */
int mx_der_uint(const struct mx_der *val, struct mx_der *mag);

/* INTEGER contents (of any sign) that must fit in a long. */
int mx_der_long(const struct mx_der *val, long *out);

/* Read an INTEGER element in [min, max]. */
int mx_der_get_long(struct mx_der *cur, long min, long max, long *out);

int mx_der_bool(const struct mx_der *val, bool *out);
int mx_der_null(const struct mx_der *val);

/* BIT STRING contents: the bytes and the count of unused trailing bits. */
int mx_der_bits(const struct mx_der *val, struct mx_der *bytes, unsigned int *unused);

/* A BIT STRING that must be whole bytes (keys, signatures). */
int mx_der_bits_octets(const struct mx_der *val, struct mx_der *bytes);

/* OBJECT IDENTIFIER contents, minimally encoded. */
int mx_der_oid(const struct mx_der *val);

/* OID contents equal to an encoded OID given as a string literal. */
#define MX_OID_IS(val, lit) \
	((val)->len == sizeof(lit) - 1 && !memcmp((val)->p, lit, sizeof(lit) - 1))

#endif /* MXTLS_PKI_DER_H */
