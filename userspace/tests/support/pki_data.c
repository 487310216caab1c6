// SPDX-License-Identifier: GPL-2.0
/*
 * Test support: generated PKI test data.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "pki_data.h"

#define DATA_DIR MXTLS_TOP "/build/pki-test"
#define SCRIPT MXTLS_TOP "/scripts/pki-testdata.sh"
#define MAX_AGE (6 * 3600)

const char *pki_data_dir(void)
{
	static int ready;
	struct stat m, s;

	if (ready)
		return DATA_DIR;
	if (stat(DATA_DIR "/manifest", &m) || stat(SCRIPT, &s) || m.st_mtime < s.st_mtime ||
	    time(NULL) - m.st_mtime > MAX_AGE) {
		if (system(SCRIPT " " DATA_DIR " >/dev/null")) {
			fprintf(stderr, "pki_data: %s failed\n", SCRIPT);
			return NULL;
		}
	}
	ready = 1;
	return DATA_DIR;
}

const char *pki_data_path(const char *name)
{
	static char buf[8][512];
	static unsigned int next;
	char *p = buf[next++ % 8];

	/* The data may not have been made yet (the first test to ask). */
	pki_data_dir();
	snprintf(p, sizeof(buf[0]), "%s/%s", DATA_DIR, name);
	return p;
}

struct pki_case *pki_data_cases(const char *kind, size_t *n)
{
	/* Kept reachable for the life of the process. */
	static struct {
		char kind[16];
		struct pki_case *cases;
		size_t n;
	} cache[8];
	struct pki_case *cases = NULL, *c;
	char line[2048], *tok, *save;
	size_t count = 0, i;
	FILE *f;

	for (i = 0; i < 8 && cache[i].cases; i++) {
		if (!strcmp(cache[i].kind, kind)) {
			*n = cache[i].n;
			return cache[i].cases;
		}
	}
	if (i == 8 || strlen(kind) >= sizeof(cache[0].kind) || !pki_data_dir())
		return NULL;
	f = fopen(DATA_DIR "/manifest", "r");
	if (!f)
		return NULL;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, kind, strlen(kind)) || line[strlen(kind)] != ' ')
			continue;
		cases = realloc(cases, (count + 1) * sizeof(*cases));
		if (!cases)
			abort();
		c = &cases[count++];
		memset(c, 0, sizeof(*c));
		for (tok = strtok_r(line, " ", &save); tok && c->n < PKI_CASE_MAX_FIELDS;
		     tok = strtok_r(NULL, " ", &save))
			c->f[c->n++] = strdup(tok);
	}
	fclose(f);
	strcpy(cache[i].kind, kind);
	cache[i].cases = cases;
	cache[i].n = count;
	*n = count;
	return cases;
}

uint8_t *pki_data_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	long size;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)size + 1);
		if (buf && fread(buf, 1, (size_t)size, f) != (size_t)size) {
			free(buf);
			buf = NULL;
		}
		if (buf) {
			buf[size] = '\0';
			*len = (size_t)size;
		}
	}
	fclose(f);
	return buf;
}
