/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mxtlsd's handshake workers. Each is a thread with its own netlink
 * socket and epoll loop: it claims requests (ACCEPT), runs the engine on
 * the netlink record port for each, and reports DONE. The kernel sends a
 * claimed handshake's records to the socket that claimed it, so a worker
 * busy with a slow private-key operation holds up only its own
 * handshakes; the other workers go on claiming and running theirs.
 */
#ifndef MXTLS_DAEMON_WORKER_H
#define MXTLS_DAEMON_WORKER_H

#include "daemon/nl.h"
#include "daemon/profile.h"

struct mxd_worker;

/* The configuration new handshakes use; a reference the caller puts. */
struct mxd_runtime *mxd_runtime_current(void);
/* Make rt current (takes the caller's reference). */
void mxd_runtime_set(struct mxd_runtime *rt);

/*
 * Start worker number index, claiming the requests it reads from the
 * listener all workers share; 0 or a negative errno.
 */
int mxd_worker_start(unsigned int index, struct mxd_nl_listener *listener,
		     struct mxd_worker **out);
/* Ask it to stop, wait for it, free it. Its running handshakes fail
 * (the kernel sees the socket go: ECONNABORTED).
 */
void mxd_worker_stop(struct mxd_worker *w);
/* Handshakes it runs now. */
unsigned int mxd_worker_active(const struct mxd_worker *w);

#endif /* MXTLS_DAEMON_WORKER_H */
