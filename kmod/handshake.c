// SPDX-License-Identifier: GPL-2.0
/*
 * mxtls: daemon mode, the requests and what the application sees of them.
 *
 * MXTLS_HANDSHAKE puts both directions of the socket on the null cipher
 * (plaintext records, hs_chan.c) and queues a request on its network
 * namespace's table, which daemons claim with ACCEPT (hs_netlink.c). The
 * application waits, or polls, until the daemon's DONE, a failure, or the
 * timeout. After the handshake the same request object is queued again
 * for each re-handshake: the peer's (a handshake record arrives), ours
 * (MXTLS_REHANDSHAKE, the netlink REHANDSHAKE command) or the re-key
 * policy's. Locking and lifetime are described in handshake.h.
 */
#include <linux/file.h>
#include <linux/jiffies.h>
#include <linux/pid.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <net/tcp.h>

#include "handshake.h"

struct mxtls_hs_net {
	spinlock_t lock;		/* reqs, and id/owner/in_table of each */
	struct list_head reqs;		/* queued and claimed requests, oldest first */
	u64 next_id;
};

static unsigned int mxtls_hs_net_id __read_mostly;

static struct mxtls_hs_net *mxtls_hs_net(const struct sock *sk)
{
	return net_generic(sock_net(sk), mxtls_hs_net_id);
}

static void mxtls_hs_free(struct kref *ref)
{
	struct mxtls_hs *hs = container_of(ref, struct mxtls_hs, ref);

	skb_queue_purge(&hs->recv);
	put_pid(hs->pid);
	mutex_destroy(&hs->cmd_lock);
	kfree(hs);
}

void mxtls_hs_put(struct mxtls_hs *hs)
{
	struct sock *sk = hs->sk;

	kref_put(&hs->ref, mxtls_hs_free);
	sock_put(sk);
}

/* A reference for a command, and one on the socket */
static struct mxtls_hs *mxtls_hs_find(struct net *net, u64 id, u32 owner, bool by_owner)
{
	struct mxtls_hs_net *hn = net_generic(net, mxtls_hs_net_id);
	struct mxtls_hs *hs, *found = NULL;

	spin_lock(&hn->lock);
	list_for_each_entry(hs, &hn->reqs, node) {
		if (by_owner ? hs->owner != owner : (id ? hs->id != id : hs->owner != 0))
			continue;
		kref_get(&hs->ref);
		sock_hold(hs->sk);
		found = hs;
		break;
	}
	spin_unlock(&hn->lock);
	return found;
}

struct mxtls_hs *mxtls_hs_lookup(struct net *net, u64 id)
{
	return mxtls_hs_find(net, id, 0, false);
}

struct mxtls_hs *mxtls_hs_claim_oldest(struct net *net, u32 portid)
{
	return mxtls_hs_find(net, 0, 0, false);
}

struct mxtls_hs *mxtls_hs_find_owned(struct net *net, u32 portid)
{
	return mxtls_hs_find(net, 0, portid, true);
}

/* Under the socket lock */
bool mxtls_hs_owned(const struct mxtls_hs *hs, u64 id, u32 portid)
{
	return !hs->closed && hs->in_table && hs->id == id && hs->owner == portid;
}

void mxtls_hs_set_owner(struct mxtls_hs *hs, u32 portid)
{
	struct mxtls_hs_net *hn = mxtls_hs_net(hs->sk);

	spin_lock(&hn->lock);
	hs->owner = portid;
	spin_unlock(&hn->lock);
	WRITE_ONCE(hs->state, portid ? MXTLS_HS_CLAIMED : MXTLS_HS_QUEUED);
}

static void mxtls_hs_wake(struct sock *sk)
{
	struct socket_wq *wq;

	rcu_read_lock();
	wq = rcu_dereference(sk->sk_wq);
	if (skwq_has_sleeper(wq))
		wake_up_interruptible_poll(&wq->wait, EPOLLIN | EPOLLRDNORM | EPOLLOUT |
					   EPOLLWRNORM | EPOLLERR);
	rcu_read_unlock();
	sk_wake_async(sk, SOCK_WAKE_SPACE, POLL_OUT);
}

static unsigned long mxtls_hs_grace(void)
{
	return msecs_to_jiffies(MXTLS_HS_GRACE_MS);
}

/* Under the socket lock: a new request, not announced yet */
static void mxtls_hs_enqueue(struct mxtls_hs *hs, u8 reason)
{
	struct mxtls_hs_net *hn = mxtls_hs_net(hs->sk);
	struct mxtls_sock *ctx = hs->ctx;
	struct sock *sk = hs->sk;

	mxtls_hs_purge(hs);
	hs->reason = reason;
	hs->err = 0;
	hs->queued_at = jiffies;
	hs->deadline = hs->queued_at + msecs_to_jiffies(hs->timeout_ms);
	hs->tx_epoch = ctx->tx_epoch;
	hs->rx_epoch = ctx->rx_epoch;
	WRITE_ONCE(hs->state, MXTLS_HS_QUEUED);

	kref_get(&hs->ref);		/* the table's */
	spin_lock(&hn->lock);
	hs->id = hn->next_id++;
	hs->owner = 0;
	list_add_tail(&hs->node, &hn->reqs);
	hs->in_table = true;
	spin_unlock(&hn->lock);

	mxtls_stat_add(sk, MXTLS_STAT_CURR_HS, 1);
	mxtls_stat_add(sk, MXTLS_STAT_HS, 1);
	queue_delayed_work(mxtls_wq, &hs->timer,
			   min(mxtls_hs_grace(), msecs_to_jiffies(hs->timeout_ms)));
}

/*
 * Under the socket lock: a new request, announced to the daemons. No
 * daemon listening is for the timer to find out, after the grace.
 */
int mxtls_hs_queue(struct mxtls_hs *hs, u8 reason)
{
	mxtls_hs_enqueue(hs, reason);
	mxtls_hs_notify_request(sock_net(hs->sk), hs->id, reason);
	return 0;
}

/* The counters the re-key policy starts from */
static void mxtls_hs_rekey_base(struct mxtls_hs *hs)
{
	struct mxtls_sock *ctx = hs->ctx;

	hs->rekey_bytes = ctx->tx_bytes + ctx->rx_bytes;
	hs->rekey_records = ctx->tx_records + ctx->rx_records;
}

/*
 * Under the socket lock: the request ends with err (0 or negative). A
 * failed initial handshake, or a failed re-handshake a daemon had begun,
 * ends the connection; one that no daemon took leaves it as it was.
 * tell_daemon: the end comes from the kernel, the owner hears of it.
 */
void mxtls_hs_end(struct mxtls_hs *hs, int err, int alert, bool tell_daemon)
{
	struct mxtls_hs_net *hn = mxtls_hs_net(hs->sk);
	struct mxtls_sock *ctx = hs->ctx;
	struct sock *sk = hs->sk;
	bool initial = hs->reason == MXTLS_HS_REASON_INITIAL;
	u32 owner;

	if (!hs->in_table)
		return;
	spin_lock(&hn->lock);
	owner = hs->owner;
	list_del(&hs->node);
	hs->in_table = false;
	hs->owner = 0;
	spin_unlock(&hn->lock);
	/* not the last reference: the socket holds one */
	kref_put(&hs->ref, mxtls_hs_free);

	cancel_delayed_work(&hs->timer);
	cancel_delayed_work(&hs->retry);
	mxtls_hs_purge(hs);
	mxtls_stat_add(sk, MXTLS_STAT_CURR_HS, -1);
	mxtls_stat_add(sk, err ? MXTLS_STAT_HS_FAILED : MXTLS_STAT_HS_OK, 1);
	if (owner && tell_daemon)
		mxtls_hs_notify_end(hs, owner, err);

	hs->err = err;
	WRITE_ONCE(hs->tx_hold, false);
	if (!err) {
		hs->handshakes++;
		mxtls_hs_rekey_base(hs);
		WRITE_ONCE(hs->state, MXTLS_HS_DONE);
	} else if (initial || owner) {
		WRITE_ONCE(hs->state, MXTLS_HS_FAILED);
		mxtls_fatal(ctx, err, alert);
	} else {
		/* a re-handshake nobody took: the connection goes on as it was */
		mxtls_hs_rekey_base(hs);
		WRITE_ONCE(hs->state, MXTLS_HS_DONE);
	}
	WRITE_ONCE(hs->app_wait, false);
	/* the initial handshake's waiters, held writers, shutdown() */
	mxtls_hs_wake(sk);
}

/* A fatal error of the connection (mxtls_fatal) ends its request */
void mxtls_hs_fatal(struct mxtls_sock *ctx, int err)
{
	mxtls_hs_end(ctx->hs, err, -1, true);
}

/*
 * A re-handshake the peer asked for and no daemon took: decline it with a
 * no_renegotiation warning. False when a writer holds TX: try again soon.
 */
static bool mxtls_hs_decline(struct mxtls_hs *hs)
{
	struct mxtls_tx *tx = hs->ctx->tx;

	if (!mutex_trylock(&tx->lock))
		return false;
	mxtls_tx_alert(hs->ctx, MXTLS_ALERT_WARNING, MXTLS_ALERT_NO_RENEGOTIATION,
		       MSG_DONTWAIT | MSG_NOSIGNAL);
	mutex_unlock(&tx->lock);
	return true;
}

/*
 * The grace for a daemon to be there, then the timeout. While unclaimed,
 * the request is refused as soon as no daemon listens on the group.
 */
static void mxtls_hs_timer_work(struct work_struct *work)
{
	struct mxtls_hs *hs = container_of(to_delayed_work(work), struct mxtls_hs, timer);
	struct sock *sk = hs->sk;
	unsigned long now = jiffies;
	int err = 0;

	lock_sock(sk);
	if (hs->closed || !hs->in_table)
		goto out;
	if (time_after_eq(now, hs->deadline))
		err = -ETIMEDOUT;
	else if (!hs->owner && time_after_eq(now, hs->queued_at + mxtls_hs_grace()) &&
		 !genl_has_listeners(&mxtls_genl_family, sock_net(sk), 0))
		err = -ECONNREFUSED;
	if (!err) {
		queue_delayed_work(mxtls_wq, &hs->timer,
				   min_t(unsigned long, hs->deadline - now, mxtls_hs_grace()));
		goto out;
	}
	if (hs->reason == MXTLS_HS_REASON_PEER && !hs->owner && !mxtls_hs_decline(hs)) {
		queue_delayed_work(mxtls_wq, &hs->timer, 1);
		goto out;
	}
	mxtls_hs_end(hs, err, -1, true);
out:
	release_sock(sk);
}

static bool mxtls_sk_nonblock(const struct sock *sk)
{
	return sk->sk_socket && sk->sk_socket->file &&
	       (sk->sk_socket->file->f_flags & O_NONBLOCK);
}

/* Under the socket lock: sleep while *flag is set; 0 once it is not */
static int mxtls_hs_sleep(struct sock *sk, const bool *flag, long *timeo)
{
	DEFINE_WAIT_FUNC(wait, woken_wake_function);
	int err = 0;

	add_wait_queue(sk_sleep(sk), &wait);
	while (READ_ONCE(*flag)) {
		if (!*timeo) {
			err = -EAGAIN;
			break;
		}
		if (signal_pending(current)) {
			err = sock_intr_errno(*timeo);
			break;
		}
		sk_wait_event(sk, timeo, !READ_ONCE(*flag), &wait);
	}
	remove_wait_queue(sk_sleep(sk), &wait);
	return err;
}

/* Under the socket lock: wait for the initial handshake; 0 once it ended */
static int mxtls_hs_wait(struct mxtls_hs *hs, long timeo)
{
	return mxtls_hs_sleep(hs->sk, &hs->app_wait, &timeo);
}

/*
 * Under the socket lock. From our first handshake record of a re-handshake
 * until our Finished went out under the new keys, application data waits:
 * peers such as OpenSSL refuse application data in the middle of a
 * renegotiation. The end of the request releases it in every case, a
 * failure with the connection's error for the writers to find.
 */
void mxtls_hs_hold_tx(struct mxtls_hs *hs, bool hold)
{
	if (hs->tx_hold == hold)
		return;
	WRITE_ONCE(hs->tx_hold, hold);
	if (!hold)
		mxtls_hs_wake(hs->sk);
}

/* Under the socket lock (and tx->lock): may application data go out now? */
bool mxtls_hs_tx_held(const struct mxtls_sock *ctx)
{
	return ctx->hs && ctx->hs->tx_hold;
}

/* Under the socket lock, not tx->lock: a writer waits for the hold to end */
int mxtls_hs_wait_tx(struct mxtls_sock *ctx, long *timeo)
{
	return mxtls_hs_sleep(ctx->sk, &ctx->hs->tx_hold, timeo);
}

/*
 * shutdown(SHUT_WR), before its close_notify: a handshake under way ends
 * first, as the writes it holds do. Sent in the middle, the close_notify
 * would leave the daemon's next flight nowhere to go and the peer waiting
 * for it. Blocking sockets wait up to the send timeout; the request's own
 * deadline bounds the wait in any case.
 */
void mxtls_hs_wait_shutdown(struct mxtls_sock *ctx)
{
	struct sock *sk = ctx->sk;
	long timeo = sock_sndtimeo(sk, mxtls_sk_nonblock(sk));

	lock_sock(sk);
	mxtls_hs_sleep(sk, &ctx->hs->in_table, &timeo);
	release_sock(sk);
}

/* Under the socket lock: a re-handshake from our side */
static int mxtls_hs_local(struct mxtls_sock *ctx, u8 reason)
{
	struct mxtls_hs *hs = ctx->hs;

	if (!hs)
		return -EOPNOTSUPP;
	if (hs->closed)
		return -ENOTCONN;
	if (ctx->err)
		return ctx->err;
	/* no flight of ours may follow our close_notify */
	if ((ctx->sk->sk_shutdown & SEND_SHUTDOWN) || (ctx->tx && ctx->tx->close_notify_sent))
		return -EPIPE;
	if (hs->in_table)
		return -EALREADY;
	if (hs->state != MXTLS_HS_DONE)
		return -ENOTCONN;
	return mxtls_hs_queue(hs, reason);
}

int mxtls_hs_rehandshake(struct mxtls_sock *ctx)
{
	return mxtls_hs_local(ctx, MXTLS_HS_REASON_LOCAL);
}

static void mxtls_hs_rekey_check(struct mxtls_hs *hs)
{
	struct mxtls_sock *ctx = hs->ctx;
	struct mxtls_rekey_policy *p = &hs->policy;

	if ((!p->bytes && !p->records) || hs->in_table || hs->state != MXTLS_HS_DONE ||
	    ctx->err)
		return;
	if ((p->bytes && ctx->tx_bytes + ctx->rx_bytes - hs->rekey_bytes >= p->bytes) ||
	    (p->records && ctx->tx_records + ctx->rx_records - hs->rekey_records >= p->records))
		mxtls_hs_local(ctx, MXTLS_HS_REASON_REKEY);
}

/* read(), write(): wait for the initial handshake; look at the re-key policy */
int mxtls_hs_wait_io(struct mxtls_sock *ctx, bool nonblock, long timeo)
{
	struct mxtls_hs *hs = ctx->hs;
	struct sock *sk = ctx->sk;
	int err = 0;

	if (!READ_ONCE(hs->app_wait) && !READ_ONCE(hs->policy.bytes) &&
	    !READ_ONCE(hs->policy.records))
		return 0;
	lock_sock(sk);
	if (hs->app_wait) {
		err = mxtls_hs_wait(hs, nonblock ? 0 : timeo);
		if (!err)
			err = hs->err;
	}
	if (!err)
		mxtls_hs_rekey_check(hs);
	release_sock(sk);
	return err;
}

__poll_t mxtls_hs_poll(struct mxtls_sock *ctx, __poll_t mask)
{
	if (READ_ONCE(ctx->hs->app_wait))
		mask &= ~(EPOLLIN | EPOLLRDNORM | EPOLLOUT | EPOLLWRNORM);
	else if (READ_ONCE(ctx->hs->tx_hold))
		mask &= ~(EPOLLOUT | EPOLLWRNORM);
	return mask;
}

/* Under the socket lock: may this socket start its handshake? */
static int mxtls_hs_can_start(struct mxtls_sock *ctx)
{
	struct sock *sk = ctx->sk;
	struct tcp_sock *tp = tcp_sk(sk);

	if (ctx->tx || ctx->rx)
		return -EISCONN;
	if (ctx->err)
		return ctx->err;
	if (sk->sk_state != TCP_ESTABLISHED)
		return -ENOTCONN;
	/* the records start with the stream: nothing may have gone through yet */
	if (tp->bytes_sent || tp->write_seq != tp->snd_nxt ||
	    tp->bytes_received != tcp_inq(sk))
		return -EINVAL;
	return 0;
}

static int mxtls_hs_install(struct mxtls_sock *ctx, struct mxtls_hs *hs,
			    struct mxtls_crypto *ntx, struct mxtls_crypto *nrx)
{
	struct sock *sk = ctx->sk;
	int err;

	err = mxtls_tx_init(ctx, ntx);
	if (err)
		return err;
	mxtls_stat_add(sk, MXTLS_STAT_CURR_TX, 1);
	err = mxtls_rx_init(ctx, nrx);
	if (err) {
		write_lock_bh(&sk->sk_callback_lock);
		sk->sk_write_space = ctx->tx->saved_write_space;
		write_unlock_bh(&sk->sk_callback_lock);
		ctx->tx->crypto = NULL;
		mxtls_tx_free(ctx);
		return err;
	}
	mxtls_stat_add(sk, MXTLS_STAT_CURR_RX, 1);
	mxtls_stat_add(sk, MXTLS_STAT_TX, 1);
	mxtls_stat_add(sk, MXTLS_STAT_RX, 1);
	mxtls_stat_add(sk, MXTLS_STAT_CURR_HS_SOCKS, 1);
	WRITE_ONCE(ctx->tx_state, MXTLS_STATE_ACTIVE);
	WRITE_ONCE(ctx->rx_state, MXTLS_STATE_ACTIVE);
	WRITE_ONCE(ctx->hs, hs);
	return 0;
}

static struct mxtls_hs *mxtls_hs_new(struct mxtls_sock *ctx, const struct mxtls_handshake *req)
{
	struct mxtls_hs *hs = kzalloc(sizeof(*hs), GFP_KERNEL);

	if (!hs)
		return NULL;
	kref_init(&hs->ref);
	mutex_init(&hs->cmd_lock);
	skb_queue_head_init(&hs->recv);
	INIT_DELAYED_WORK(&hs->timer, mxtls_hs_timer_work);
	INIT_DELAYED_WORK(&hs->retry, mxtls_hs_retry_work);
	hs->ctx = ctx;
	hs->sk = ctx->sk;
	hs->role = req->role;
	hs->timeout_ms = req->timeout_ms ?: MXTLS_HS_TIMEOUT_DEFAULT_MS;
	strscpy(hs->peer_name, req->peer_name, sizeof(hs->peer_name));
	strscpy(hs->profile, req->profile[0] ? req->profile : "default", sizeof(hs->profile));
	current_uid_gid(&hs->uid, &hs->gid);
	hs->pid = get_task_pid(current, PIDTYPE_TGID);
	return hs;
}

static int mxtls_hs_start(struct mxtls_sock *ctx, sockptr_t optval, unsigned int optlen)
{
	struct sock *sk = ctx->sk;
	bool nonblock = mxtls_sk_nonblock(sk);
	struct mxtls_crypto *ntx = NULL, *nrx = NULL;
	struct mxtls_handshake *req;
	struct mxtls_hs *hs = NULL, *cur;
	u64 id;
	int err;

	if (optlen < sizeof(*req))
		return -EINVAL;
	req = kmalloc(sizeof(*req), GFP_KERNEL);
	if (!req)
		return -ENOMEM;
	err = -EFAULT;
	if (copy_from_sockptr(req, optval, sizeof(*req)))
		goto out_free;
	err = -EINVAL;
	if ((req->role != MXTLS_ROLE_CLIENT && req->role != MXTLS_ROLE_SERVER) ||
	    memchr_inv(req->pad, 0, sizeof(req->pad)) ||
	    strnlen(req->peer_name, sizeof(req->peer_name)) == sizeof(req->peer_name) ||
	    strnlen(req->profile, sizeof(req->profile)) == sizeof(req->profile))
		goto out_free;

	err = -ENOMEM;
	hs = mxtls_hs_new(ctx, req);
	ntx = mxtls_hs_null_crypto();
	nrx = mxtls_hs_null_crypto();
	if (!hs || !ntx || !nrx)
		goto out_free;

	lock_sock(sk);
	cur = ctx->hs;
	if (cur) {
		/* a second call: wait again while it runs, as connect() does */
		if (cur->app_wait)
			err = nonblock ? -EALREADY : mxtls_hs_wait(cur, MAX_SCHEDULE_TIMEOUT) ?:
						     cur->err;
		else
			err = cur->err ?: -EISCONN;
		goto out_unlock;
	}
	err = mxtls_hs_can_start(ctx) ?: mxtls_hs_install(ctx, hs, ntx, nrx);
	if (err)
		goto out_unlock;
	ntx = NULL;
	nrx = NULL;
	hs->app_wait = true;
	mxtls_hs_enqueue(hs, MXTLS_HS_REASON_INITIAL);
	id = hs->id;
	/* a ClientHello may be there already: to the request's queue */
	mxtls_rx_keys_ready(ctx);
	hs = NULL;
	/*
	 * Announced with the socket unlocked: the daemon that wakes for it
	 * takes the lock at once to claim it, and would otherwise wait for
	 * us to go to sleep. A request that ends meanwhile is refused to it.
	 */
	release_sock(sk);
	mxtls_hs_notify_request(sock_net(sk), id, MXTLS_HS_REASON_INITIAL);
	lock_sock(sk);
	cur = ctx->hs;
	if (!cur->app_wait)
		err = cur->err;
	else
		err = nonblock ? -EINPROGRESS : mxtls_hs_wait(cur, MAX_SCHEDULE_TIMEOUT) ?:
						cur->err;
out_unlock:
	release_sock(sk);
out_free:
	if (hs) {
		put_pid(hs->pid);
		mutex_destroy(&hs->cmd_lock);
		kfree(hs);
	}
	mxtls_crypto_free(ntx);
	mxtls_crypto_free(nrx);
	kfree(req);
	return err;
}

static int mxtls_hs_set_policy(struct mxtls_sock *ctx, sockptr_t optval, unsigned int optlen)
{
	struct mxtls_rekey_policy p;
	int err = 0;

	if (optlen < sizeof(p))
		return -EINVAL;
	if (copy_from_sockptr(&p, optval, sizeof(p)))
		return -EFAULT;
	lock_sock(ctx->sk);
	if (!ctx->hs) {
		err = -EOPNOTSUPP;
	} else {
		WRITE_ONCE(ctx->hs->policy.bytes, p.bytes);
		WRITE_ONCE(ctx->hs->policy.records, p.records);
		ctx->hs->policy_set = true;
	}
	release_sock(ctx->sk);
	return err;
}

int mxtls_hs_sockopt(struct mxtls_sock *ctx, int optname, sockptr_t optval,
		     unsigned int optlen)
{
	u32 reason;
	int err;

	switch (optname) {
	case MXTLS_HANDSHAKE:
		return mxtls_hs_start(ctx, optval, optlen);
	case MXTLS_REKEY_POLICY:
		return mxtls_hs_set_policy(ctx, optval, optlen);
	case MXTLS_REHANDSHAKE:
		/* the reason is for the caller's logs: any value will do */
		if (optlen && optlen != sizeof(reason))
			return -EINVAL;
		if (optlen && copy_from_sockptr(&reason, optval, sizeof(reason)))
			return -EFAULT;
		lock_sock(ctx->sk);
		err = mxtls_hs_local(ctx, MXTLS_HS_REASON_LOCAL);
		release_sock(ctx->sk);
		return err;
	}
	return -ENOPROTOOPT;
}

/* Under the socket lock */
int mxtls_hs_getsockopt(struct mxtls_sock *ctx, int optname, void *val, size_t *size)
{
	if (!ctx->hs)
		return -EOPNOTSUPP;
	memcpy(val, &ctx->hs->policy, sizeof(ctx->hs->policy));
	*size = sizeof(ctx->hs->policy);
	return 0;
}

/* Under the socket lock */
void mxtls_hs_fill_info(struct mxtls_sock *ctx, struct mxtls_info *info)
{
	struct mxtls_hs *hs = ctx->hs;

	info->hs_state = hs->state;
	info->hs_role = hs->role;
	info->mode = MXTLS_MODE_DAEMON;
	info->resumed = hs->resumed;
	info->hs_error = -hs->err;
	strscpy(info->peer_id, hs->peer_id, sizeof(info->peer_id));
	memcpy(info->peer_fp, hs->peer_fp, sizeof(info->peer_fp));
	info->handshakes = hs->handshakes;
}

/* GET, under the socket list's lock: what the daemon-mode state says, without the socket lock */
int mxtls_hs_fill_get(struct sk_buff *skb, const struct mxtls_sock *ctx)
{
	const struct mxtls_hs *hs = READ_ONCE(ctx->hs);
	char id[MXTLS_PEER_ID_MAX];

	if (nla_put_u8(skb, MXTLS_A_MODE, hs ? MXTLS_MODE_DAEMON : MXTLS_MODE_LIBRARY) ||
	    nla_put_u64_64bit(skb, MXTLS_A_TX_RECORDS, READ_ONCE(ctx->tx_records), MXTLS_A_PAD) ||
	    nla_put_u64_64bit(skb, MXTLS_A_RX_RECORDS, READ_ONCE(ctx->rx_records), MXTLS_A_PAD) ||
	    nla_put_u64_64bit(skb, MXTLS_A_TX_BYTES, READ_ONCE(ctx->tx_bytes), MXTLS_A_PAD) ||
	    nla_put_u64_64bit(skb, MXTLS_A_RX_BYTES, READ_ONCE(ctx->rx_bytes), MXTLS_A_PAD))
		return -EMSGSIZE;
	if (!hs)
		return 0;
	/* DONE may be writing it: a snapshot that is a string whatever happens */
	memcpy(id, hs->peer_id, sizeof(id));
	id[sizeof(id) - 1] = 0;
	if (nla_put_u8(skb, MXTLS_A_HS_STATE, READ_ONCE(hs->state)) ||
	    nla_put_u8(skb, MXTLS_A_ROLE, hs->role) ||
	    (id[0] && nla_put_string(skb, MXTLS_A_PEER_ID, id)) ||
	    (memchr_inv(hs->peer_fp, 0, sizeof(hs->peer_fp)) &&
	     nla_put(skb, MXTLS_A_PEER_FP, sizeof(hs->peer_fp), hs->peer_fp)))
		return -EMSGSIZE;
	return 0;
}

/*
 * close(): the request ends (the daemon hears of it), then commands at
 * work finish and no timer runs any more; the object goes with the ULP.
 */
void mxtls_hs_close(struct mxtls_sock *ctx)
{
	struct mxtls_hs *hs = ctx->hs;
	struct sock *sk = ctx->sk;

	lock_sock(sk);
	hs->closed = true;
	mxtls_hs_end(hs, -EPIPE, -1, true);
	release_sock(sk);
	mutex_lock(&hs->cmd_lock);
	mutex_unlock(&hs->cmd_lock);
	cancel_delayed_work_sync(&hs->timer);
	cancel_delayed_work_sync(&hs->retry);
}

void mxtls_hs_release(struct mxtls_sock *ctx)
{
	struct mxtls_hs *hs = ctx->hs;

	if (!hs)
		return;
	WRITE_ONCE(ctx->hs, NULL);
	mxtls_stat_add(ctx->sk, MXTLS_STAT_CURR_HS_SOCKS, -1);
	kref_put(&hs->ref, mxtls_hs_free);
}

static int __net_init mxtls_hs_net_init(struct net *net)
{
	struct mxtls_hs_net *hn = net_generic(net, mxtls_hs_net_id);

	spin_lock_init(&hn->lock);
	INIT_LIST_HEAD(&hn->reqs);
	hn->next_id = 1;
	return 0;
}

static struct pernet_operations mxtls_hs_net_ops = {
	.init	= mxtls_hs_net_init,
	.id	= &mxtls_hs_net_id,
	.size	= sizeof(struct mxtls_hs_net),
};

int __init mxtls_hs_init(void)
{
	int err = register_pernet_subsys(&mxtls_hs_net_ops);

	if (err)
		return err;
	err = mxtls_hs_netlink_init();
	if (err)
		unregister_pernet_subsys(&mxtls_hs_net_ops);
	return err;
}

void mxtls_hs_exit(void)
{
	mxtls_hs_netlink_exit();
	unregister_pernet_subsys(&mxtls_hs_net_ops);
}
