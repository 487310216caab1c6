// SPDX-License-Identifier: GPL-2.0
/*
 * Server session cache: fixed table, entry lifetime, LRU replacement,
 * one mutex. A linear scan is the right tool for the table sizes the
 * guide's option is meant for (tens to a few thousand entries).
 */
#include <pthread.h>
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

#if SSL_SESSION_TABLE_SIZE > 0
static struct mx_cache_entry table[SSL_SESSION_TABLE_SIZE];
#else
static struct mx_cache_entry table[1];
#endif
#define N_SLOTS (SSL_SESSION_TABLE_SIZE > 0 ? SSL_SESSION_TABLE_SIZE : 0)

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t stamp;

uint64_t mx_cache_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	/* +1 so that no live entry is ever born at 0 (the free mark). */
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000 + 1;
}

static bool alive(const struct mx_cache_entry *e, uint64_t now)
{
	return e->born && now - e->born < (uint64_t)SSL_SESSION_ENTRY_LIFE;
}

static void drop(struct mx_cache_entry *e)
{
	mx_zeroize(e, sizeof(*e));
}

static struct mx_cache_entry *find(const uint8_t *id, uint8_t id_len)
{
	int i;

	if (id_len == 0 || id_len > MX_MAX_SID)
		return NULL;
	for (i = 0; i < N_SLOTS; i++)
		if (table[i].born && table[i].s.id_len == id_len &&
		    memcmp(table[i].s.id, id, id_len) == 0)
			return &table[i];
	return NULL;
}

int mx_cache_init(void)
{
	pthread_mutex_lock(&lock);
	mx_zeroize(table, sizeof(table));
	stamp = 0;
	pthread_mutex_unlock(&lock);
	return 0;
}

void mx_cache_destroy(void)
{
	mx_cache_init();
}

void mx_cache_store(const struct mx_cached_session *s, uint64_t now)
{
	struct mx_cache_entry *e, *victim = NULL;
	int i;

	if (N_SLOTS == 0 || s->id_len == 0 || s->id_len > MX_MAX_SID)
		return;
	pthread_mutex_lock(&lock);
	e = find(s->id, s->id_len);
	for (i = 0; !e && i < N_SLOTS; i++) {
		if (!alive(&table[i], now)) {
			e = &table[i];
			break;
		}
		if (!victim || table[i].used < victim->used)
			victim = &table[i];
	}
	if (!e)
		e = victim;
	drop(e);
	e->s = *s;
	e->born = now;
	e->used = ++stamp;
	pthread_mutex_unlock(&lock);
}

bool mx_cache_lookup(const uint8_t *id, uint8_t id_len, uint64_t now,
		     struct mx_cached_session *out)
{
	struct mx_cache_entry *e;
	bool found = false;

	pthread_mutex_lock(&lock);
	e = find(id, id_len);
	if (e && !alive(e, now)) {
		drop(e);
		e = NULL;
	}
	if (e) {
		*out = e->s;
		e->used = ++stamp;
		found = true;
	}
	pthread_mutex_unlock(&lock);
	return found;
}

void mx_cache_remove(const uint8_t *id, uint8_t id_len)
{
	struct mx_cache_entry *e;

	pthread_mutex_lock(&lock);
	e = find(id, id_len);
	if (e)
		drop(e);
	pthread_mutex_unlock(&lock);
}

unsigned int mx_cache_count(uint64_t now)
{
	unsigned int n = 0;
	int i;

	pthread_mutex_lock(&lock);
	for (i = 0; i < N_SLOTS; i++)
		n += alive(&table[i], now);
	pthread_mutex_unlock(&lock);
	return n;
}
