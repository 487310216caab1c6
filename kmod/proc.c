// SPDX-License-Identifier: GPL-2.0
/*
 * mxtls: counters per network namespace, shown in /proc/net/mxtls_stat.
 */
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "mxtls.h"

struct mxtls_net {
	atomic_long_t stats[MXTLS_STAT_MAX];
};

static unsigned int mxtls_net_id __read_mostly;

static const char * const mxtls_stat_names[MXTLS_STAT_MAX] = {
	[MXTLS_STAT_CURR_TX]		= "MxtlsCurrTx",
	[MXTLS_STAT_CURR_RX]		= "MxtlsCurrRx",
	[MXTLS_STAT_TX]			= "MxtlsTx",
	[MXTLS_STAT_RX]			= "MxtlsRx",
	[MXTLS_STAT_DECRYPT_ERROR]	= "MxtlsDecryptError",
	[MXTLS_STAT_RECORD_OVERFLOW]	= "MxtlsRecordOverflow",
	[MXTLS_STAT_REKEY_TX]		= "MxtlsRekeyTx",
	[MXTLS_STAT_REKEY_RX]		= "MxtlsRekeyRx",
	[MXTLS_STAT_ALERT_SENT]		= "MxtlsAlertSent",
	[MXTLS_STAT_ALERT_RCVD]		= "MxtlsAlertRcvd",
	[MXTLS_STAT_CLOSE_NOTIFY_SENT]	= "MxtlsCloseNotifySent",
	[MXTLS_STAT_CLOSE_NOTIFY_RCVD]	= "MxtlsCloseNotifyRcvd",
	[MXTLS_STAT_CURR_HS]		= "MxtlsCurrHandshake",
	[MXTLS_STAT_HS]			= "MxtlsHandshake",
	[MXTLS_STAT_HS_OK]		= "MxtlsHandshakeOk",
	[MXTLS_STAT_HS_FAILED]		= "MxtlsHandshakeFailed",
	[MXTLS_STAT_CURR_HS_SOCKS]	= "MxtlsCurrDaemonMode",
};

void mxtls_stat_add(const struct sock *sk, enum mxtls_stat stat, long delta)
{
	struct mxtls_net *mn = net_generic(sock_net(sk), mxtls_net_id);

	atomic_long_add(delta, &mn->stats[stat]);
}

static int mxtls_stat_show(struct seq_file *seq, void *v)
{
	struct mxtls_net *mn = net_generic(seq_file_single_net(seq), mxtls_net_id);
	int i;

	for (i = 0; i < MXTLS_STAT_MAX; i++)
		seq_printf(seq, "%-32s\t%ld\n", mxtls_stat_names[i],
			   atomic_long_read(&mn->stats[i]));
	return 0;
}

static int __net_init mxtls_net_init(struct net *net)
{
	if (IS_ENABLED(CONFIG_PROC_FS) &&
	    !proc_create_net_single("mxtls_stat", 0444, net->proc_net, mxtls_stat_show, NULL))
		return -ENOMEM;
	return 0;
}

static void __net_exit mxtls_net_exit(struct net *net)
{
	remove_proc_entry("mxtls_stat", net->proc_net);
}

static struct pernet_operations mxtls_net_ops = {
	.init	= mxtls_net_init,
	.exit	= mxtls_net_exit,
	.id	= &mxtls_net_id,
	.size	= sizeof(struct mxtls_net),
};

int __init mxtls_proc_init(void)
{
	return register_pernet_subsys(&mxtls_net_ops);
}

void mxtls_proc_exit(void)
{
	unregister_pernet_subsys(&mxtls_net_ops);
}
