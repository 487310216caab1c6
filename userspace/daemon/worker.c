// SPDX-License-Identifier: GPL-2.0
/*
 * mxtlsd's handshake workers (see worker.h): requests, the engine on the
 * netlink record port, DONE.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "core/ct.h"
#include "daemon/log.h"
#include "daemon/nl.h"
#include "daemon/stats.h"
#include "daemon/worker.h"
#include "offload/daemon_port.h"
#include "ssl/port_session.h"
#include "ssl/sess_cache.h"
#include "ssl/ssl_int.h"

#define N_BUCKETS	256
#define N_SENT		1024		/* recent sends, to match refusals */
#define HS_MAX_AGE_US	(120ull * 1000000)	/* beyond any kernel timeout */
#define PENDING_MAX	(256 * 1024)	/* bytes held for a request not yet claimed */
#define DONE_TRIES	50		/* DONE sent again over about a second */

struct mxd_stats mxd_stats;

static pthread_mutex_t current_lock = PTHREAD_MUTEX_INITIALIZER;
static struct mxd_runtime *current;

struct mxd_runtime *mxd_runtime_current(void)
{
	struct mxd_runtime *rt;

	pthread_mutex_lock(&current_lock);
	rt = current ? mxd_runtime_get(current) : NULL;
	pthread_mutex_unlock(&current_lock);
	return rt;
}

void mxd_runtime_set(struct mxd_runtime *rt)
{
	struct mxd_runtime *old;

	pthread_mutex_lock(&current_lock);
	old = current;
	current = rt;
	pthread_mutex_unlock(&current_lock);
	mxd_runtime_put(old);
}

/* A record that arrived before the ACCEPT reply. */
struct pending {
	struct pending *next;
	uint8_t ct;
	size_t len;
	uint8_t data[];
};

struct mxd_hs {
	struct mxd_hs *next;
	struct mxd_worker *w;
	uint64_t id;
	int64_t accept_seq;		/* our ACCEPT for it, 0 if none */
	bool claimed;
	struct mxd_request req;
	struct mxd_runtime *rt;
	const struct mxd_profile *prof;
	sslSessOpts_t opts;
	ssl_t *ssl;
	/* client: the session from the profile's cache, then the one made */
	sslSessionId_t sid;
	struct mxd_client_cache *sessions;	/* NULL: not an initial client handshake */
	struct mx_dport port;
	struct pending *pend, **pend_tail;
	size_t pend_bytes;
	struct mxd_peer_identity peer;
	struct mxd_peer_identity cached_peer;	/* who made the session offered */
	uint64_t t0;			/* microseconds */
	/* Succeeded: DONE sent, waiting for the kernel's acknowledgement. */
	bool finishing;
	int64_t done_seq;
	unsigned int done_tries;
	uint64_t retry_at;		/* microseconds, 0: none */
};

struct mxd_worker {
	unsigned int index;
	pthread_t thread;
	struct mxd_nl *nl;
	struct mxd_nl_listener *listener;	/* shared by all workers */
	int epfd, evfd;
	atomic_bool stop;
	struct mxd_hs *table[N_BUCKETS];
	atomic_uint active;
	int64_t sweep_seq;		/* outstanding ACCEPT of any request */
	unsigned int retrying;		/* handshakes waiting to send DONE again */
	struct { uint32_t seq; uint64_t id; } sent[N_SENT];
	unsigned int sent_pos;
};

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

static struct mxd_hs **slot(struct mxd_worker *w, uint64_t id)
{
	struct mxd_hs **p = &w->table[id % N_BUCKETS];

	while (*p && (*p)->id != id)
		p = &(*p)->next;
	return p;
}

static struct mxd_hs *hs_new(struct mxd_worker *w, uint64_t id)
{
	struct mxd_hs *hs = calloc(1, sizeof(*hs));

	if (!hs)
		return NULL;
	hs->w = w;
	hs->id = id;
	hs->pend_tail = &hs->pend;
	hs->t0 = now_us();
	hs->next = w->table[id % N_BUCKETS];
	w->table[id % N_BUCKETS] = hs;
	return hs;
}

static void hs_free(struct mxd_hs *hs)
{
	struct mxd_hs **p = slot(hs->w, hs->id);
	struct pending *q;

	if (*p == hs)
		*p = hs->next;
	if (hs->retry_at)
		hs->w->retrying--;
	while ((q = hs->pend)) {
		hs->pend = q->next;
		mx_zeroize(q->data, q->len);
		free(q);
	}
	/*
	 * An initial client handshake that did not succeed: whatever the
	 * cache holds for that server failed to resume or ended in an
	 * alert (RFC 5246 7.2.2), or is no use: offer it no more.
	 */
	if (hs->sessions)
		mxd_client_cache_drop(hs->sessions, &hs->req);
	if (hs->ssl)
		matrixSslDeleteSession(hs->ssl);
	matrixSslClearSessionId(&hs->sid);
	mx_dport_clear(&hs->port);
	if (hs->claimed)
		atomic_fetch_sub(&hs->w->active, 1);
	mxd_runtime_put(hs->rt);
	mx_zeroize(hs, sizeof(*hs));
	free(hs);
}

static void remember(struct mxd_worker *w, int64_t seq, uint64_t id)
{
	if (seq <= 0)
		return;
	w->sent[w->sent_pos].seq = (uint32_t)seq;
	w->sent[w->sent_pos].id = id;
	w->sent_pos = (w->sent_pos + 1) % N_SENT;
}

static const char *role_name(uint8_t role)
{
	return role == MXTLS_ROLE_SERVER ? "server" : "client";
}

/* Count a handshake that ended here and forget it. */
static void ended(struct mxd_hs *hs, int status)
{
	bool resumed = !status && matrixSslIsResumedSession(hs->ssl);

	/*
	 * What the handshake made (or resumed) is what the next connection
	 * to that server offers (a failure forgets it: hs_free).
	 */
	if (hs->sessions && !status && hs->sid.cipherId) {
		mxd_client_cache_put(hs->sessions, &hs->req, mx_cache_now(), &hs->sid,
				     &hs->peer);
		hs->sessions = NULL;
	}
	if (hs->claimed) {
		mxd_count(&mxd_stats.hs_usec_total, (int64_t)(now_us() - hs->t0));
		mxd_count(&mxd_stats.active, -1);
	}
	if (!status) {
		mxd_count(&mxd_stats.completed, 1);
		if (resumed)
			mxd_count(&mxd_stats.resumed, 1);
		if (hs->req.reason != MXTLS_HS_REASON_INITIAL)
			mxd_count(&mxd_stats.rehandshakes, 1);
		mxd_info("handshake %llu (%s, profile %s, ino %llu): done, %s %s%s%s%s",
			 (unsigned long long)hs->id, role_name(hs->req.role), hs->prof->name,
			 (unsigned long long)hs->req.ino,
			 matrixSslGetNegotiatedVersion(hs->ssl) == 0x0303 ? "TLS 1.2" :
			 matrixSslGetNegotiatedVersion(hs->ssl) == 0x0302 ? "TLS 1.1" : "TLS 1.0",
			 matrixSslGetCipherName((uint16_t)matrixSslGetNegotiatedCiphersuite(hs->ssl)),
			 resumed ? ", resumed" : "", hs->peer.known ? ", peer " : "",
			 hs->peer.known ? hs->peer.id : "");
	} else if (status != EACCES && status != ENOENT) {
		mxd_count(&mxd_stats.failed, 1);
		mxd_info("handshake %llu (%s, profile %s): failed: %s", (unsigned long long)hs->id,
			 role_name(hs->req.role), hs->prof ? hs->prof->name : hs->req.profile,
			 strerror(status));
	}
	hs_free(hs);
}

/* DONE for a handshake that succeeded, acknowledged (see on_answer). */
static void send_done_ok(struct mxd_hs *hs)
{
	const uint8_t *cv, *sv;
	struct mxd_done d = {
		.resumed = matrixSslIsResumedSession(hs->ssl),
		.ack = true,
	};

	d.vd_len = mx_port_session_verify_data(hs->ssl, &cv, &sv);
	d.client_vd = cv;
	d.server_vd = sv;
	if (hs->peer.known) {
		d.peer_id = hs->peer.id;
		d.peer_fp = hs->peer.fp;
	}
	d.rekey_bytes = hs->prof->rekey_bytes;
	d.rekey_records = hs->prof->rekey_records;
	hs->done_seq = mxd_nl_done(hs->w->nl, hs->id, &d);
	hs->finishing = true;
	if (hs->done_seq < 0) {
		mxd_warn("handshake %llu: DONE not sent: %s", (unsigned long long)hs->id,
			 strerror((int)-hs->done_seq));
		ended(hs, (int)-hs->done_seq);
	}
}

/* Report the end to the kernel; a success is counted once acknowledged. */
static void finish(struct mxd_hs *hs, int status)
{
	struct mxd_done d = { .status = status };
	int64_t rc;

	if (!status) {
		send_done_ok(hs);
		return;
	}
	rc = mxd_nl_done(hs->w->nl, hs->id, &d);
	if (rc < 0)
		mxd_warn("handshake %llu: DONE not sent: %s", (unsigned long long)hs->id,
			 strerror((int)-rc));
	ended(hs, status);
}

/* --- the record port's kernel side: netlink ------------------------------ */

static int k_send(void *kernel, uint8_t ct, const uint8_t *data, size_t len, bool more)
{
	struct mxd_hs *hs = kernel;
	uint16_t version = hs->ssl ? (uint16_t)matrixSslGetNegotiatedVersion(hs->ssl) : 0;
	int64_t seq = mxd_nl_hs_send(hs->w->nl, hs->id, ct, data, len, version, more);

	remember(hs->w, seq, hs->id);
	return seq < 0 ? (int)seq : 0;
}

static int k_set_keys(void *kernel, uint8_t dir, const struct mx_traffic_keys *k)
{
	struct mxd_hs *hs = kernel;
	int64_t seq = mxd_nl_set_keys(hs->w->nl, hs->id, dir, k);

	remember(hs->w, seq, hs->id);
	return seq < 0 ? (int)seq : 0;
}

static const struct mx_dport_kernel_ops k_ops = {
	.hs_send = k_send,
	.set_keys = k_set_keys,
};

/* The peer's certificate: accept it if the library did (and the profile needs none). */
static int32 cert_cb(ssl_t *ssl, psX509Cert_t *cert, int32 alert)
{
	struct mxd_hs *hs = matrixSslGetUserPtr(ssl);

	if (!cert && hs->prof->role == MXD_SERVER && hs->prof->client_auth == MXD_AUTH_REQUIRE)
		return SSL_ALERT_HANDSHAKE_FAILURE;
	if (alert)
		mxd_info("handshake %llu: peer certificate refused (alert %d)",
			 (unsigned long long)hs->id, (int)alert);
	return alert;
}

/*
 * Who the peer is, once the handshake completed: the engine's (from the
 * certificate, or kept with a server's resumed session); a client's
 * resumed session, who made it (the profile's cache keeps that).
 */
static void peer_identity(struct mxd_hs *hs)
{
	const unsigned char *fp;
	const char *who;

	if (hs->sessions && matrixSslIsResumedSession(hs->ssl)) {
		hs->peer = hs->cached_peer;
		return;
	}
	if (matrixSslGetPeerIdentity(hs->ssl, &who, &fp) != PS_SUCCESS)
		return;
	snprintf(hs->peer.id, sizeof(hs->peer.id), "%s", who);
	memcpy(hs->peer.fp, fp, sizeof(hs->peer.fp));
	hs->peer.known = true;
}

/* Feed one record; finish the handshake when it ends. */
static void input(struct mxd_hs *hs, uint8_t ct, const uint8_t *data, size_t len)
{
	int rc = mx_port_session_input(hs->ssl, ct, data, len);

	if (rc == MATRIXSSL_HANDSHAKE_COMPLETE) {
		peer_identity(hs);
		finish(hs, 0);
	} else if (rc < 0) {
		finish(hs, -rc);
	}
}

static int begin(struct mxd_hs *hs)
{
	const struct mxd_request *r = &hs->req;
	const struct mxd_profile *p = hs->prof;
	struct mx_port_session_params sp = {
		.role = r->role == MXTLS_ROLE_SERVER ? MX_SERVER : MX_CLIENT,
		.keys = mxd_runtime_keys(hs->rt, p),
		.opts = &hs->opts,
		.suites = p->suites,
		.n_suites = p->n_suites,
	};
	int rc;

	hs->opts.versionFlag = p->version_flags;
	hs->opts.userPtr = hs;
	if (p->role == MXD_SERVER && !p->tickets)
		hs->opts.ticketResumption = -1;
	if (p->role == MXD_SERVER)
		sp.cache = mxd_runtime_sessions(hs->rt, p)->server;
	if (p->role == MXD_CLIENT) {
		/* A re-handshake is a full one: only initial ones resume. */
		if (r->reason == MXTLS_HS_REASON_INITIAL) {
			hs->sessions = mxd_runtime_sessions(hs->rt, p)->client;
			hs->opts.ticketResumption = p->tickets ? 1 : 0;
			if (mxd_client_cache_get(hs->sessions, r, mx_cache_now(), &hs->sid,
						 &hs->cached_peer))
				mxd_debug("handshake %llu: offering a cached session (%s)",
					  (unsigned long long)hs->id,
					  hs->sid.sessionTicket ? "ticket" : "session id");
			sp.sid = &hs->sid;
		}
		sp.cert_cb = cert_cb;
		if (p->verify_hostname) {
			/* A client that verifies needs a name to verify. */
			if (!r->peer_name[0])
				return -EDESTADDRREQ;
			sp.expected_name = r->peer_name;
		}
	} else if (p->client_auth != MXD_AUTH_NONE) {
		sp.cert_cb = cert_cb;
	}
	mx_dport_init(&hs->port, &k_ops, hs, r->reason == MXTLS_HS_REASON_INITIAL ? 0 : 1);
	rc = mx_port_session_new(&hs->ssl, &sp, &mx_dport_ops, &hs->port);
	if (rc)
		return rc;
	if (r->reason != MXTLS_HS_REASON_INITIAL) {
		rc = mx_port_session_established(hs->ssl, r->version, r->suite, r->client_vd,
						 r->server_vd, r->vd_len);
		if (rc)
			return rc;
		/* The peer's HelloRequest or ClientHello comes as a record. */
		if (r->reason == MXTLS_HS_REASON_PEER)
			return 0;
	}
	return mx_port_session_start(hs->ssl);
}

/* --- what the kernel tells us ------------------------------------------- */

/*
 * A request read from the shared listener: this worker claims it. Each
 * notification reaches one worker; other daemon processes race by
 * ACCEPT, which settles it.
 */
static void on_request(struct mxd_worker *w, uint64_t id)
{
	struct mxd_hs *hs = *slot(w, id);

	if (hs)
		return;
	hs = hs_new(w, id);
	if (!hs)
		return;
	hs->accept_seq = mxd_nl_accept(w->nl, id);
	if (hs->accept_seq < 0)
		hs_free(hs);
}

static void sweep(struct mxd_worker *w)
{
	if (w->sweep_seq <= 0)
		w->sweep_seq = mxd_nl_accept(w->nl, 0);
}

static void on_accepted(void *arg, uint32_t seq, const struct mxd_request *req)
{
	struct mxd_worker *w = arg;
	struct mxd_hs *hs = *slot(w, req->id);
	struct pending *q;
	int rc;

	if (w->sweep_seq > 0 && seq == (uint32_t)w->sweep_seq) {
		/* One claimed by the sweep: claim the next. */
		w->sweep_seq = 0;
		sweep(w);
	}
	if (!hs)
		hs = hs_new(w, req->id);
	if (!hs || hs->claimed)
		return;
	hs->claimed = true;
	hs->accept_seq = 0;
	hs->t0 = now_us();
	hs->req = *req;
	atomic_fetch_add(&w->active, 1);
	mxd_count(&mxd_stats.claimed, 1);
	mxd_count(&mxd_stats.active, 1);
	hs->rt = mxd_runtime_current();
	if (!hs->rt) {
		finish(hs, EAGAIN);
		return;
	}
	hs->prof = mxd_config_find(hs->rt->cfg, req->role == MXTLS_ROLE_SERVER ? MXD_SERVER :
				   MXD_CLIENT, req->profile);
	mxd_debug("handshake %llu: %s, profile '%s', peer '%s', uid %u gid %u pid %u, reason %u",
		  (unsigned long long)req->id, role_name(req->role), req->profile,
		  req->peer_name, req->uid, req->gid, req->pid, req->reason);
	if (!hs->prof) {
		mxd_count(&mxd_stats.no_profile, 1);
		mxd_warn("handshake %llu: no %s profile '%s'", (unsigned long long)req->id,
			 role_name(req->role), req->profile[0] ? req->profile : "default");
		finish(hs, ENOENT);
		return;
	}
	if (!mxd_profile_allows(hs->prof, req->uid, req->gid)) {
		mxd_count(&mxd_stats.denied, 1);
		mxd_warn("handshake %llu: uid %u gid %u may not use %s profile '%s'",
			 (unsigned long long)req->id, req->uid, req->gid, role_name(req->role),
			 hs->prof->name);
		finish(hs, EACCES);
		return;
	}
	rc = begin(hs);
	if (rc) {
		finish(hs, -rc);
		return;
	}
	/* Records that overtook the reply, in order. */
	while ((hs = *slot(w, req->id)) && (q = hs->pend)) {
		hs->pend = q->next;
		if (!hs->pend)
			hs->pend_tail = &hs->pend;
		input(hs, q->ct, q->data, q->len);
		mx_zeroize(q->data, q->len);
		free(q);
	}
}

static void on_record(void *arg, uint64_t id, uint8_t ct, const uint8_t *data, size_t len)
{
	struct mxd_worker *w = arg;
	struct mxd_hs *hs = *slot(w, id);
	struct pending *q;

	if (hs && hs->claimed) {
		if (!hs->finishing)
			input(hs, ct, data, len);
		return;
	}
	if (!hs)
		hs = hs_new(w, id);
	if (!hs || hs->pend_bytes + len > PENDING_MAX)
		return;
	q = malloc(sizeof(*q) + len);
	if (!q)
		return;
	q->next = NULL;
	q->ct = ct;
	q->len = len;
	memcpy(q->data, data, len);
	*hs->pend_tail = q;
	hs->pend_tail = &q->next;
	hs->pend_bytes += len;
}

/* The kernel ended it (the peer's alert, a bad record, its timeout, close()). */
static void on_ended(void *arg, uint64_t id, int status)
{
	struct mxd_worker *w = arg;
	struct mxd_hs *hs = *slot(w, id);

	if (!hs)
		return;
	if (hs->claimed) {
		mxd_info("handshake %llu: ended by the kernel: %s", (unsigned long long)id,
			 strerror(status));
		mxd_count(&mxd_stats.lost, 1);
		mxd_count(&mxd_stats.active, -1);
		mxd_count(&mxd_stats.hs_usec_total, (int64_t)(now_us() - hs->t0));
	}
	hs_free(hs);
}

/*
 * The kernel's answer to a successful DONE. EINVAL ("both directions must
 * have switched") can come when the last key switch is still under way in
 * the kernel: DONE goes again shortly, a bounded number of times.
 */
static void done_answer(struct mxd_hs *hs, int err, const char *why)
{
	if (!err) {
		ended(hs, 0);
		return;
	}
	if (err == -EINVAL && hs->done_tries < DONE_TRIES) {
		hs->done_tries++;
		hs->retry_at = now_us() + 1000u * hs->done_tries;
		hs->w->retrying++;
		return;
	}
	mxd_warn("handshake %llu: the kernel refused DONE: %s%s%s", (unsigned long long)hs->id,
		 strerror(-err), *why ? ": " : "", why);
	if (err == -EINVAL) {
		struct mxd_done d = { .status = EPROTO };

		mxd_nl_done(hs->w->nl, hs->id, &d);
		ended(hs, EPROTO);
		return;
	}
	mxd_count(&mxd_stats.lost, 1);
	mxd_count(&mxd_stats.active, -1);
	hs_free(hs);
}

static void on_refused(void *arg, uint32_t seq, int err, const char *why)
{
	struct mxd_worker *w = arg;
	struct mxd_hs *hs;
	unsigned int i;

	if (w->sweep_seq > 0 && seq == (uint32_t)w->sweep_seq) {
		w->sweep_seq = 0;	/* ENOENT: nothing (more) to claim */
		return;
	}
	for (i = 0; i < N_BUCKETS; i++)
		for (hs = w->table[i]; hs; hs = hs->next)
			if (hs->finishing && hs->done_seq == (int64_t)seq) {
				done_answer(hs, err, why);
				return;
			}
	if (!err)
		return;
	for (i = 0; i < N_BUCKETS; i++)
		for (hs = w->table[i]; hs; hs = hs->next)
			if (!hs->claimed && hs->accept_seq == (int64_t)seq) {
				/* Another worker or daemon has it. */
				hs_free(hs);
				return;
			}
	for (i = 0; i < N_SENT; i++) {
		if (w->sent[i].seq != seq || !w->sent[i].id)
			continue;
		hs = *slot(w, w->sent[i].id);
		mxd_warn("handshake %llu: the kernel refused a message: %s%s%s",
			 (unsigned long long)w->sent[i].id, strerror(-err), *why ? ": " : "", why);
		w->sent[i].id = 0;
		if (hs && hs->claimed && err != -ENOENT && err != -EPERM) {
			/* the kernel still has it: end it now, not at its timeout */
			finish(hs, -err);
		} else if (hs && hs->claimed) {
			mxd_count(&mxd_stats.lost, 1);
			mxd_count(&mxd_stats.active, -1);
			mxd_count(&mxd_stats.hs_usec_total, (int64_t)(now_us() - hs->t0));
			hs_free(hs);
		}
		return;
	}
	mxd_debug("the kernel refused message %u: %s%s%s", seq, strerror(-err), *why ? ": " : "",
		  why);
}

/* Handshakes older than any kernel timeout are gone there: forget them. */
static void expire(struct mxd_worker *w)
{
	uint64_t now = now_us();
	struct mxd_hs *hs, *next;
	unsigned int i;

	for (i = 0; i < N_BUCKETS; i++)
		for (hs = w->table[i]; hs; hs = next) {
			next = hs->next;
			if (hs->retry_at && now >= hs->retry_at) {
				hs->retry_at = 0;
				w->retrying--;
				send_done_ok(hs);
				continue;
			}
			if (now - hs->t0 < (hs->claimed ? HS_MAX_AGE_US : HS_MAX_AGE_US / 24))
				continue;
			if (hs->claimed)
				finish(hs, ETIMEDOUT);
			else
				hs_free(hs);
		}
}

/*
 * One request per wake-up: while more wait, the socket stays readable and
 * the next epoll_wait() returns at once, here or in an idle worker.
 */
static int listen_one(struct mxd_worker *w)
{
	uint64_t id;
	int rc = mxd_nl_listener_next(w->listener, &id);

	if (rc <= 0)
		return rc;
	on_request(w, id);
	/* the ACCEPT, and its answer, which the kernel gave as it took it */
	return mxd_nl_flush(w->nl) ?: mxd_nl_receive(w->nl);
}

static void *worker_main(void *arg)
{
	struct mxd_worker *w = arg;
	struct epoll_event ev[4];
	int n, i, rc;

	sweep(w);
	while (!atomic_load(&w->stop)) {
		/* what expire() or the sweep queued */
		rc = mxd_nl_flush(w->nl);
		if (rc)
			mxd_err("worker %u: netlink: %s", w->index, strerror(-rc));
		n = epoll_wait(w->epfd, ev, 4, w->retrying ? 1 : 1000);
		for (i = 0; i < n; i++) {
			if (ev[i].data.fd == mxd_nl_listener_fd(w->listener))
				rc = listen_one(w);
			else if (ev[i].data.fd == mxd_nl_fd(w->nl))
				rc = mxd_nl_receive(w->nl);
			else
				continue;
			if (rc == -ENOBUFS) {
				mxd_warn("worker %u: netlink overflow, claiming what is queued",
					 w->index);
				sweep(w);
			} else if (rc) {
				mxd_err("worker %u: netlink: %s", w->index, strerror(-rc));
			}
		}
		expire(w);
	}
	return NULL;
}

int mxd_worker_start(unsigned int index, struct mxd_nl_listener *listener,
		     struct mxd_worker **out)
{
	static const struct mxd_nl_cb cb = {
		.accepted = on_accepted,
		.record = on_record,
		.ended = on_ended,
		.refused = on_refused,
	};
	struct mxd_nl_cb mine = cb;
	struct epoll_event ev = { .events = EPOLLIN };
	struct mxd_worker *w;
	int rc;

	w = calloc(1, sizeof(*w));
	if (!w)
		return -ENOMEM;
	w->index = index;
	w->listener = listener;
	w->epfd = -1;
	w->evfd = -1;
	mine.arg = w;
	rc = mxd_nl_open(&w->nl, &mine);
	if (rc)
		goto fail;
	w->epfd = epoll_create1(EPOLL_CLOEXEC);
	w->evfd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (w->epfd < 0 || w->evfd < 0) {
		rc = -errno;
		goto fail;
	}
	ev.data.fd = mxd_nl_fd(w->nl);
	if (epoll_ctl(w->epfd, EPOLL_CTL_ADD, ev.data.fd, &ev)) {
		rc = -errno;
		goto fail;
	}
	ev.data.fd = w->evfd;
	if (epoll_ctl(w->epfd, EPOLL_CTL_ADD, w->evfd, &ev)) {
		rc = -errno;
		goto fail;
	}
	ev.events = EPOLLIN | EPOLLEXCLUSIVE;
	ev.data.fd = mxd_nl_listener_fd(listener);
	if (epoll_ctl(w->epfd, EPOLL_CTL_ADD, ev.data.fd, &ev)) {
		rc = -errno;
		goto fail;
	}
	rc = -pthread_create(&w->thread, NULL, worker_main, w);
	if (rc)
		goto fail;
	*out = w;
	return 0;
fail:
	if (w->epfd >= 0)
		close(w->epfd);
	if (w->evfd >= 0)
		close(w->evfd);
	mxd_nl_close(w->nl);
	free(w);
	return rc;
}

void mxd_worker_stop(struct mxd_worker *w)
{
	uint64_t one = 1;
	struct mxd_hs *hs;
	unsigned int i;

	atomic_store(&w->stop, true);
	if (write(w->evfd, &one, sizeof(one)) < 0)
		mxd_err("worker %u: cannot wake it: %s", w->index, strerror(errno));
	pthread_join(w->thread, NULL);
	for (i = 0; i < N_BUCKETS; i++)
		while ((hs = w->table[i]))
			hs_free(hs);
	mxd_nl_close(w->nl);
	close(w->epfd);
	close(w->evfd);
	free(w);
}

unsigned int mxd_worker_active(const struct mxd_worker *w)
{
	return atomic_load(&w->active);
}
