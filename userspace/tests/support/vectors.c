// SPDX-License-Identifier: GPL-2.0
/*
 * Test support: vector files and hex. See vectors.h.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "vectors.h"

#ifndef MXTLS_TOP
#error "MXTLS_TOP (the repository path) must be defined by the build"
#endif

const char *tv_path(const char *rel)
{
	static char buf[4096];
	const char *dir = getenv("MXTLS_VECTORS");

	if (dir && *dir)
		snprintf(buf, sizeof(buf), "%s/%s", dir, rel);
	else
		snprintf(buf, sizeof(buf), "%s/../shared/vectors/%s", MXTLS_TOP, rel);
	return buf;
}

struct json_object *tv_json(const char *rel)
{
	struct json_object *o = json_object_from_file(tv_path(rel));

	if (!o)
		fprintf(stderr, "cannot read %s: %s\n", tv_path(rel), json_util_get_last_err());
	return o;
}

const char *tv_str(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v))
		return "";
	return json_object_get_string(v);
}

static int nibble(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

uint8_t *tv_hex(const char *hex, size_t *len)
{
	size_t n = strlen(hex), i;
	uint8_t *out;

	if (n % 2)
		return NULL;
	out = malloc(n / 2 + 1);
	if (!out)
		return NULL;
	for (i = 0; i < n / 2; i++) {
		int hi = nibble(hex[2 * i]), lo = nibble(hex[2 * i + 1]);

		if (hi < 0 || lo < 0) {
			free(out);
			return NULL;
		}
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	*len = n / 2;
	return out;
}

int tv_rsp_open(struct tv_rsp *r, const char *rel)
{
	memset(r, 0, sizeof(*r));
	r->f = fopen(tv_path(rel), "r");
	if (!r->f) {
		fprintf(stderr, "cannot open %s\n", tv_path(rel));
		return -1;
	}
	return 0;
}

static void clear_record(struct tv_rsp *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->name[i]);
		free(r->value[i]);
	}
	r->n = 0;
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

int tv_rsp_next(struct tv_rsp *r)
{
	clear_record(r);
	if (r->have_next) {
		memcpy(r->section, r->next_section, sizeof(r->section));
		r->have_next = 0;
	}
	while (getline(&r->line, &r->cap, r->f) > 0) {
		char *s = trim(r->line), *eq;

		if (*s == '#')
			continue;
		if (*s == '\0') {
			if (r->n)
				return 1;
			continue;
		}
		if (*s == '[') {
			char *end = strchr(s, ']');

			if (end)
				*end = '\0';
			/* A section line also ends a record; it applies to the next. */
			snprintf(r->next_section, sizeof(r->next_section), "%s", s + 1);
			r->have_next = 1;
			if (r->n)
				return 1;
			memcpy(r->section, r->next_section, sizeof(r->section));
			r->have_next = 0;
			continue;
		}
		eq = strchr(s, '=');
		if (!eq || r->n == sizeof(r->name) / sizeof(r->name[0]))
			continue;
		*eq = '\0';
		r->name[r->n] = strdup(trim(s));
		r->value[r->n] = strdup(trim(eq + 1));
		r->n++;
	}
	return r->n > 0;
}

const char *tv_rsp_get(const struct tv_rsp *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (!strcmp(r->name[i], name))
			return r->value[i];
	return NULL;
}

void tv_rsp_close(struct tv_rsp *r)
{
	clear_record(r);
	free(r->line);
	if (r->f)
		fclose(r->f);
	memset(r, 0, sizeof(*r));
}
