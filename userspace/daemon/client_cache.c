// SPDX-License-Identifier: GPL-2.0
/*
 * A client profile's session cache (see client_cache.h): a table scanned
 * linearly, as the server's is; profiles hold tens to a few thousand.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/ct.h"
#include "daemon/client_cache.h"

struct peer {
	char name[MXTLS_PEER_NAME_MAX];
	uint16_t family, port;
	struct in6_addr addr;
};

struct entry {
	struct peer peer;
	sslSessionId_t sid;		/* its ticket is this entry's */
	struct mxd_peer_identity who;
	uint64_t born;			/* ms; 0 marks a free slot */
	uint64_t life;			/* ms */
	uint64_t used;			/* LRU stamp */
};

struct mxd_client_cache {
	pthread_mutex_t lock;
	struct entry *table;
	unsigned int n;
	uint64_t life_ms;
	uint64_t stamp;
};

struct mxd_client_cache *mxd_client_cache_new(unsigned int size, uint64_t life_ms)
{
	struct mxd_client_cache *c = calloc(1, sizeof(*c));

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

static void drop(struct entry *e)
{
	matrixSslClearSessionId(&e->sid);
	mx_zeroize(e, sizeof(*e));
}

void mxd_client_cache_free(struct mxd_client_cache *c)
{
	unsigned int i;

	if (!c)
		return;
	for (i = 0; i < c->n; i++)
		drop(&c->table[i]);
	pthread_mutex_destroy(&c->lock);
	free(c->table);
	free(c);
}

/* The key of a request; zero-filled so that whole structures compare. */
static void peer_of(const struct mxd_request *req, struct peer *p)
{
	memset(p, 0, sizeof(*p));
	memcpy(p->name, req->peer_name, strnlen(req->peer_name, sizeof(p->name) - 1));
	p->family = req->family;
	p->port = req->peer_port;
	p->addr = req->peer_addr;
}

static bool alive(const struct entry *e, uint64_t now)
{
	return e->born && now - e->born < e->life;
}

static struct entry *find(struct mxd_client_cache *c, const struct peer *p)
{
	unsigned int i;

	for (i = 0; i < c->n; i++)
		if (c->table[i].born && !memcmp(&c->table[i].peer, p, sizeof(*p)))
			return &c->table[i];
	return NULL;
}

/* A copy of sid with a ticket of its own; false when out of memory. */
static bool copy_sid(sslSessionId_t *to, const sslSessionId_t *from)
{
	*to = *from;
	to->sessionTicket = NULL;
	if (!from->sessionTicket || !from->sessionTicketLen)
		return true;
	to->sessionTicket = malloc(from->sessionTicketLen);
	if (!to->sessionTicket) {
		mx_zeroize(to, sizeof(*to));
		return false;
	}
	memcpy(to->sessionTicket, from->sessionTicket, from->sessionTicketLen);
	return true;
}

bool mxd_client_cache_get(struct mxd_client_cache *c, const struct mxd_request *req,
			  uint64_t now, sslSessionId_t *out, struct mxd_peer_identity *who)
{
	struct entry *e;
	struct peer p;
	bool found = false;

	peer_of(req, &p);
	pthread_mutex_lock(&c->lock);
	e = find(c, &p);
	if (e && !alive(e, now)) {
		drop(e);
		e = NULL;
	}
	if (e && copy_sid(out, &e->sid)) {
		*who = e->who;
		e->used = ++c->stamp;
		found = true;
	}
	pthread_mutex_unlock(&c->lock);
	return found;
}

void mxd_client_cache_put(struct mxd_client_cache *c, const struct mxd_request *req,
			  uint64_t now, const sslSessionId_t *sid,
			  const struct mxd_peer_identity *who)
{
	struct entry *e, *victim = NULL;
	uint64_t life = c->life_ms;
	unsigned int i;
	struct peer p;

	if (!c->n || !sid->cipherId)
		return;
	/* RFC 5077 3.3: a ticket is no use after the server's hint. */
	if (sid->sessionTicket && sid->sessionTicketLifetimeHint &&
	    (uint64_t)sid->sessionTicketLifetimeHint * 1000 < life)
		life = (uint64_t)sid->sessionTicketLifetimeHint * 1000;
	peer_of(req, &p);
	pthread_mutex_lock(&c->lock);
	e = find(c, &p);
	for (i = 0; !e && i < c->n; i++) {
		if (!alive(&c->table[i], now)) {
			e = &c->table[i];
			break;
		}
		if (!victim || c->table[i].used < victim->used)
			victim = &c->table[i];
	}
	if (!e)
		e = victim;
	drop(e);
	if (copy_sid(&e->sid, sid)) {
		e->peer = p;
		e->who = *who;
		e->born = now;
		e->life = life;
		e->used = ++c->stamp;
	}
	pthread_mutex_unlock(&c->lock);
	mx_zeroize(&p, sizeof(p));
}

void mxd_client_cache_drop(struct mxd_client_cache *c, const struct mxd_request *req)
{
	struct entry *e;
	struct peer p;

	peer_of(req, &p);
	pthread_mutex_lock(&c->lock);
	e = find(c, &p);
	if (e)
		drop(e);
	pthread_mutex_unlock(&c->lock);
}

unsigned int mxd_client_cache_count(struct mxd_client_cache *c, uint64_t now)
{
	unsigned int i, n = 0;

	pthread_mutex_lock(&c->lock);
	for (i = 0; i < c->n; i++)
		n += alive(&c->table[i], now);
	pthread_mutex_unlock(&c->lock);
	return n;
}
