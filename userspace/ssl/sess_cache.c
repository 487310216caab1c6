// SPDX-License-Identifier: GPL-2.0
/*
 * Server session caches: fixed table, entry lifetime, LRU replacement,
 * one mutex each. A linear scan is the right tool for the table sizes
 * the guide's option is meant for (tens to a few thousand entries).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/ct.h"
#include "matrixsslConfig.h"
#include "ssl/sess_cache.h"

struct mx_cache_entry {
	struct mx_cached_session s;
	uint64_t born;		/* ms; 0 marks a free slot */
	uint64_t used;		/* LRU stamp */
};

struct mx_sess_cache {
	pthread_mutex_t lock;
	struct mx_cache_entry *table;
	unsigned int n;
	uint64_t life_ms;
	uint64_t stamp;
};

#if SSL_SESSION_TABLE_SIZE > 0
static struct mx_cache_entry lib_table[SSL_SESSION_TABLE_SIZE];
#else
static struct mx_cache_entry lib_table[1];
#endif

static struct mx_sess_cache lib_cache = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.table = lib_table,
	.n = SSL_SESSION_TABLE_SIZE > 0 ? SSL_SESSION_TABLE_SIZE : 0,
	.life_ms = SSL_SESSION_ENTRY_LIFE,
};

uint64_t mx_cache_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	/* +1 so that no live entry is ever born at 0 (the free mark). */
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000 + 1;
}

static bool alive(const struct mx_sess_cache *c, const struct mx_cache_entry *e, uint64_t now)
{
	return e->born && now - e->born < c->life_ms;
}

static void drop(struct mx_cache_entry *e)
{
	mx_zeroize(e, sizeof(*e));
}

static struct mx_cache_entry *find(struct mx_sess_cache *c, const uint8_t *id, uint8_t id_len)
{
	unsigned int i;

	if (id_len == 0 || id_len > MX_MAX_SID)
		return NULL;
	for (i = 0; i < c->n; i++)
		if (c->table[i].born && c->table[i].s.id_len == id_len &&
		    memcmp(c->table[i].s.id, id, id_len) == 0)
			return &c->table[i];
	return NULL;
}

static void wipe(struct mx_sess_cache *c)
{
	pthread_mutex_lock(&c->lock);
	if (c->n)
		mx_zeroize(c->table, c->n * sizeof(*c->table));
	c->stamp = 0;
	pthread_mutex_unlock(&c->lock);
}

int mx_cache_init(void)
{
	wipe(&lib_cache);
	return 0;
}

void mx_cache_destroy(void)
{
	wipe(&lib_cache);
}

struct mx_sess_cache *mx_cache_default(void)
{
	return &lib_cache;
}

struct mx_sess_cache *mx_cache_new(unsigned int size, uint64_t life_ms)
{
	struct mx_sess_cache *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	if (size) {
		c->table = calloc(size, sizeof(*c->table));
		if (!c->table) {
			free(c);
			return NULL;
		}
	}
	pthread_mutex_init(&c->lock, NULL);
	c->n = size;
	c->life_ms = life_ms;
	return c;
}

void mx_cache_free(struct mx_sess_cache *c)
{
	if (!c || c == &lib_cache)
		return;
	wipe(c);
	pthread_mutex_destroy(&c->lock);
	free(c->table);
	free(c);
}

void mx_cache_store(struct mx_sess_cache *c, const struct mx_cached_session *s, uint64_t now)
{
	struct mx_cache_entry *e, *victim = NULL;
	unsigned int i;

	if (c->n == 0 || s->id_len == 0 || s->id_len > MX_MAX_SID)
		return;
	pthread_mutex_lock(&c->lock);
	e = find(c, s->id, s->id_len);
	for (i = 0; !e && i < c->n; i++) {
		if (!alive(c, &c->table[i], now)) {
			e = &c->table[i];
			break;
		}
		if (!victim || c->table[i].used < victim->used)
			victim = &c->table[i];
	}
	if (!e)
		e = victim;
	drop(e);
	e->s = *s;
	e->born = now;
	e->used = ++c->stamp;
	pthread_mutex_unlock(&c->lock);
}

bool mx_cache_lookup(struct mx_sess_cache *c, const uint8_t *id, uint8_t id_len, uint64_t now,
		     struct mx_cached_session *out)
{
	struct mx_cache_entry *e;
	bool found = false;

	pthread_mutex_lock(&c->lock);
	e = find(c, id, id_len);
	if (e && !alive(c, e, now)) {
		drop(e);
		e = NULL;
	}
	if (e) {
		*out = e->s;
		e->used = ++c->stamp;
		found = true;
	}
	pthread_mutex_unlock(&c->lock);
	return found;
}

void mx_cache_remove(struct mx_sess_cache *c, const uint8_t *id, uint8_t id_len)
{
	struct mx_cache_entry *e;

	pthread_mutex_lock(&c->lock);
	e = find(c, id, id_len);
	if (e)
		drop(e);
	pthread_mutex_unlock(&c->lock);
}

unsigned int mx_cache_count(struct mx_sess_cache *c, uint64_t now)
{
	unsigned int i, n = 0;

	pthread_mutex_lock(&c->lock);
	for (i = 0; i < c->n; i++)
		n += alive(c, &c->table[i], now);
	pthread_mutex_unlock(&c->lock);
	return n;
}
