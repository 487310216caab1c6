// SPDX-License-Identifier: GPL-2.0
/*
 * Test support: driving the openssl command-line tool. See ossl_cli.h.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "ossl_cli.h"

static char dir[64];

static void cleanup(void)
{
	char cmd[128];

	if (dir[0]) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", dir);
	}
}

static const char *scratch(void)
{
	if (!dir[0]) {
		snprintf(dir, sizeof(dir), "/tmp/mxtls-test-XXXXXX");
		if (!mkdtemp(dir)) {
			perror("mkdtemp");
			abort();
		}
		atexit(cleanup);
	}
	return dir;
}

const char *ossl_path(const char *name)
{
	static char buf[8][512];
	static unsigned int next;
	char *p = buf[next++ % 8];

	snprintf(p, sizeof(buf[0]), "%s/%s", scratch(), name);
	return p;
}

int ossl_run(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;
	int n, rc;

	va_start(ap, fmt);
	n = vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n + 64 >= sizeof(cmd))
		return -1;
	snprintf(cmd + n, sizeof(cmd) - (size_t)n, " >>'%s/log' 2>&1", scratch());
	rc = system(cmd);
	if (rc == -1 || !WIFEXITED(rc))
		return -1;
	return WEXITSTATUS(rc);
}

int ossl_write(const char *name, const void *data, size_t len)
{
	FILE *f = fopen(ossl_path(name), "wb");
	int ok;

	if (!f)
		return -1;
	ok = fwrite(data, 1, len, f) == len;
	return fclose(f) == 0 && ok ? 0 : -1;
}

uint8_t *ossl_read(const char *name, size_t *len)
{
	FILE *f = fopen(ossl_path(name), "rb");
	uint8_t *buf = NULL;
	size_t cap = 0, n = 0;

	if (!f)
		return NULL;
	for (;;) {
		size_t r;

		if (n == cap) {
			uint8_t *nb = realloc(buf, cap ? 2 * cap : 4096);

			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
			cap = cap ? 2 * cap : 4096;
		}
		r = fread(buf + n, 1, cap - n, f);
		if (r == 0)
			break;
		n += r;
	}
	fclose(f);
	*len = n;
	return buf;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Append the hex digits of s (skipping ':' and blanks) to out. */
static size_t append_hex(uint8_t *out, size_t n, size_t cap, const char *s)
{
	int hi = -1;

	for (; *s; s++) {
		int v = hexval((unsigned char)*s);

		if (v < 0)
			continue;
		if (hi < 0) {
			hi = v;
		} else {
			if (n < cap)
				out[n++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	return n;
}

uint8_t *ossl_key_field(const char *file, const char *label, size_t *len)
{
	char cmd[1024], *line = NULL;
	size_t cap = 0, n = 0, ll = strlen(label);
	uint8_t *out = malloc(8192);
	int in = 0, found = 0;
	FILE *p;

	if (!out)
		return NULL;
	snprintf(cmd, sizeof(cmd), "openssl pkey -in '%s' -text -noout 2>/dev/null", file);
	p = popen(cmd, "r");
	if (!p) {
		free(out);
		return NULL;
	}
	while (getline(&line, &cap, p) > 0) {
		if (in) {
			if (line[0] == ' ' || line[0] == '\t') {
				n = append_hex(out, n, 8192, line);
				continue;
			}
			in = 0;
		}
		if (!found && !strncmp(line, label, ll) && line[ll] == ':') {
			const char *rest = line + ll + 1, *paren = strstr(rest, "(0x");

			found = 1;
			if (paren) {
				char digits[64] = "0";
				size_t d = strspn(paren + 3, "0123456789abcdefABCDEF");

				/* an odd count gets a leading zero */
				if (d < sizeof(digits) - 1)
					memcpy(digits + (d % 2), paren + 3, d);
				digits[d + d % 2] = '\0';
				n = append_hex(out, n, 8192, digits);
			} else {
				in = 1;
			}
		}
	}
	free(line);
	pclose(p);
	if (!found || n == 0) {
		free(out);
		return NULL;
	}
	*len = n;
	return out;
}

char *ossl_hex(const uint8_t *p, size_t len)
{
	char *s = malloc(2 * len + 1);
	size_t i;

	if (!s)
		return NULL;
	for (i = 0; i < len; i++)
		sprintf(s + 2 * i, "%02x", p[i]);
	s[2 * len] = '\0';
	return s;
}
