/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test support: reading the third-party vectors in ../shared/vectors
 * (Wycheproof JSON, NIST CAVP .rsp and RFC "NAME = value" files) and hex.
 * The directory is $MXTLS_VECTORS, else ../shared/vectors beside the
 * repository.
 */
#ifndef MXTLS_TEST_VECTORS_H
#define MXTLS_TEST_VECTORS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <json-c/json.h>

/* Absolute path of a file under the vectors directory (static buffer). */
const char *tv_path(const char *rel);

/* Parse a Wycheproof JSON file; NULL (and a message on stderr) on failure. */
struct json_object *tv_json(const char *rel);

/* A string member of a JSON object, "" when absent. */
const char *tv_str(struct json_object *o, const char *key);

/*
 * Decode hex (either case, even length) into a fresh buffer; *len gets
 * the byte count. Returns NULL for invalid hex. A zero-length result is
 * a valid 1-byte allocation. Free with free().
 */
uint8_t *tv_hex(const char *hex, size_t *len);

/*
 * Reader for NIST .rsp and RFC vector files: records of "NAME = value"
 * lines separated by blank lines, "[section]" lines and "#" comments.
 */
struct tv_rsp {
	FILE *f;
	char section[128];		/* the current record's [section] */
	char next_section[128];
	int have_next;
	size_t n;			/* fields in the current record */
	char *name[32];
	char *value[32];
	char *line;
	size_t cap;
};

int tv_rsp_open(struct tv_rsp *r, const char *rel);
/* Next record: 1 when one was read, 0 at end of file. */
int tv_rsp_next(struct tv_rsp *r);
/* Value of a field of the current record, NULL when absent. */
const char *tv_rsp_get(const struct tv_rsp *r, const char *name);
void tv_rsp_close(struct tv_rsp *r);

#endif /* MXTLS_TEST_VECTORS_H */
