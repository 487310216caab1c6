/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mxtls: state shared by the module's files.
 */
#ifndef _MXTLS_H
#define _MXTLS_H

#include <linux/list.h>
#include <linux/spinlock.h>
#include <net/sock.h>
#include <net/inet_connection_sock.h>

/* Per-socket state, hung off icsk_ulp_data while the ULP is attached. */
struct mxtls_sock {
	struct sock *sk;
	struct list_head node;		/* on mxtls_socks, under mxtls_socks_lock */
};

extern struct list_head mxtls_socks;
extern spinlock_t mxtls_socks_lock;

static inline struct mxtls_sock *mxtls_get_ctx(const struct sock *sk)
{
	const struct inet_connection_sock *icsk = inet_csk(sk);

	/* The ULP data only changes under the socket lock or at destruction. */
	return (__force struct mxtls_sock *)icsk->icsk_ulp_data;
}

int mxtls_ulp_init(struct sock *sk);
void mxtls_ulp_release(struct sock *sk);

int mxtls_genl_init(void);
void mxtls_genl_exit(void);

#endif /* _MXTLS_H */
