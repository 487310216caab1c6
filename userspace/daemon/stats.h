/* SPDX-License-Identifier: GPL-2.0 */
/* mxtlsd's counters, shared by the workers, read by the control socket. */
#ifndef MXTLS_DAEMON_STATS_H
#define MXTLS_DAEMON_STATS_H

#include <stdatomic.h>
#include <stdint.h>

struct mxd_stats {
	atomic_uint_fast64_t claimed;		/* requests this daemon took */
	atomic_uint_fast64_t completed;		/* handshakes that ended well */
	atomic_uint_fast64_t resumed;		/* ... of which resumptions */
	atomic_uint_fast64_t rehandshakes;	/* ... of which re-handshakes */
	atomic_uint_fast64_t failed;		/* ended with an error */
	atomic_uint_fast64_t denied;		/* refused by a profile's allow lists */
	atomic_uint_fast64_t no_profile;	/* asked for a profile that is not there */
	atomic_uint_fast64_t lost;		/* the kernel dropped them (refusals, timeouts) */
	atomic_uint_fast64_t active;		/* running now */
	atomic_uint_fast64_t hs_usec_total;	/* time from ACCEPT to DONE, summed */
};

extern struct mxd_stats mxd_stats;

static inline void mxd_count(atomic_uint_fast64_t *c, int64_t n)
{
	atomic_fetch_add(c, (uint_fast64_t)n);
}

#endif /* MXTLS_DAEMON_STATS_H */
