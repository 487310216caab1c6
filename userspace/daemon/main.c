// SPDX-License-Identifier: GPL-2.0
/*
 * mxtlsd: the handshake daemon of mxtls's daemon mode.
 *
 *   mxtlsd [-c FILE] [-t] [-d]
 *
 * Applications that link no TLS library ask the kernel for a handshake
 * (setsockopt MXTLS_HANDSHAKE); mxtlsd's workers claim the requests over
 * generic netlink and run them with libmxtls's engine, as the profiles of
 * the configuration file say. The main thread handles signals (SIGHUP:
 * reload the configuration and keys, without dropping anything;
 * SIGTERM/SIGINT: stop) and the control socket that mxtlsctl reads.
 * Needs CAP_NET_ADMIN and nothing else.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "daemon/control.h"
#include "daemon/log.h"
#include "daemon/stats.h"
#include "daemon/worker.h"

#define DEFAULT_CONFIG "/etc/mxtlsd.conf"

struct daemon {
	const char *config;
	bool debug;
	unsigned int generation;
	struct mxd_nl_listener *listener;	/* the requests, for all workers */
	struct mxd_worker **workers;
	unsigned int n_workers;
};

static void usage(FILE *f)
{
	fputs("usage: mxtlsd [-c FILE] [-t] [-d]\n"
	      "  -c FILE  configuration file (default " DEFAULT_CONFIG ")\n"
	      "  -t       check the configuration and its keys, then exit\n"
	      "  -d       log at debug level\n", f);
}

static void status(FILE *out, void *arg)
{
	struct daemon *d = arg;
	struct mxd_runtime *rt = mxd_runtime_current();
	uint64_t done = atomic_load(&mxd_stats.completed) + atomic_load(&mxd_stats.failed);
	unsigned int i;

	fprintf(out, "pid=%d\nconfig=%s\ngeneration=%u\nworkers=%u\n", (int)getpid(),
		d->config, rt ? rt->generation : 0, d->n_workers);
	for (i = 0; i < d->n_workers; i++)
		fprintf(out, "worker%u_active=%u\n", i, mxd_worker_active(d->workers[i]));
	if (rt) {
		fprintf(out, "profiles=");
		for (i = 0; i < rt->cfg->n_profiles; i++)
			fprintf(out, "%s%s:%s", i ? "," : "",
				rt->cfg->profiles[i].role == MXD_SERVER ? "server" : "client",
				rt->cfg->profiles[i].name);
		fprintf(out, "\nlog_level=%s\n", mxd_log_level_name(d->debug ? MXD_LOG_DEBUG :
								     rt->cfg->log_level));
	}
	fprintf(out, "claimed=%llu\ncompleted=%llu\nresumed=%llu\nrehandshakes=%llu\n"
		"failed=%llu\ndenied=%llu\nno_profile=%llu\nlost=%llu\nactive=%llu\n"
		"avg_handshake_us=%llu\n",
		(unsigned long long)atomic_load(&mxd_stats.claimed),
		(unsigned long long)atomic_load(&mxd_stats.completed),
		(unsigned long long)atomic_load(&mxd_stats.resumed),
		(unsigned long long)atomic_load(&mxd_stats.rehandshakes),
		(unsigned long long)atomic_load(&mxd_stats.failed),
		(unsigned long long)atomic_load(&mxd_stats.denied),
		(unsigned long long)atomic_load(&mxd_stats.no_profile),
		(unsigned long long)atomic_load(&mxd_stats.lost),
		(unsigned long long)atomic_load(&mxd_stats.active),
		(unsigned long long)(done ? atomic_load(&mxd_stats.hs_usec_total) / done : 0));
	mxd_runtime_put(rt);
}

static void reload(struct daemon *d)
{
	struct mxd_runtime *rt, *old;
	char err[512];
	int rc;

	rc = mxd_runtime_load(d->config, d->generation + 1, &rt, err, sizeof(err));
	if (rc) {
		mxd_err("reload refused, keeping the running configuration: %s", err);
		return;
	}
	d->generation++;
	old = mxd_runtime_current();
	if (old && rt->cfg->workers != old->cfg->workers)
		mxd_warn("reload: 'workers' changes at the next start (%u running)",
			 d->n_workers);
	mxd_runtime_put(old);
	mxd_log_setup(d->debug ? MXD_LOG_DEBUG : rt->cfg->log_level, rt->cfg->log_journal);
	mxd_runtime_set(rt);
	mxd_info("configuration %s reloaded (generation %u); running handshakes finish "
		 "with the previous one", d->config, d->generation);
}

static int run(struct daemon *d, struct mxd_runtime *rt)
{
	struct epoll_event ev = { .events = EPOLLIN };
	struct signalfd_siginfo si;
	char *ctl = NULL;
	int sfd, cfd = -1, epfd, n, rc = 0;
	unsigned int i;
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	/* Before the workers start, so that they inherit the mask. */
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	sfd = signalfd(-1, &set, SFD_CLOEXEC);
	epfd = epoll_create1(EPOLL_CLOEXEC);
	if (sfd < 0 || epfd < 0) {
		mxd_err("signalfd/epoll: %s", strerror(errno));
		return 1;
	}
	ev.data.fd = sfd;
	epoll_ctl(epfd, EPOLL_CTL_ADD, sfd, &ev);
	if (rt->cfg->control_socket[0]) {
		ctl = strdup(rt->cfg->control_socket);
		cfd = mxd_control_listen(ctl);
		if (cfd < 0) {
			mxd_err("control socket %s: %s", ctl, strerror(-cfd));
			free(ctl);
			return 1;
		}
		ev.data.fd = cfd;
		epoll_ctl(epfd, EPOLL_CTL_ADD, cfd, &ev);
	}

	d->n_workers = rt->cfg->workers;
	mxd_runtime_set(rt);
	d->workers = calloc(d->n_workers, sizeof(*d->workers));
	rc = mxd_nl_listener_open(&d->listener);
	if (rc) {
		mxd_err(rc == -ENOENT ? "the mxtls module is not loaded (modprobe mxtls)" :
			"netlink: %s", strerror(-rc));
		d->n_workers = 0;
		rc = 1;
		goto out;
	}
	for (i = 0; d->workers && i < d->n_workers; i++) {
		rc = mxd_worker_start(i, d->listener, &d->workers[i]);
		if (rc) {
			mxd_err(rc == -ENOENT ? "the mxtls module is not loaded (modprobe mxtls)" :
				"worker %u: %s", i, strerror(-rc));
			d->n_workers = i;
			rc = 1;
			goto out;
		}
	}
	mxd_info("running: %u workers, %u profiles, pid %d", d->n_workers, rt->cfg->n_profiles,
		 (int)getpid());

	for (;;) {
		n = epoll_wait(epfd, &ev, 1, -1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (ev.data.fd == cfd) {
			mxd_control_serve(cfd, status, d);
			continue;
		}
		if (read(sfd, &si, sizeof(si)) != sizeof(si))
			continue;
		if (si.ssi_signo == SIGHUP) {
			reload(d);
			continue;
		}
		mxd_info("signal %u: stopping", si.ssi_signo);
		break;
	}
out:
	for (i = 0; i < d->n_workers; i++)
		mxd_worker_stop(d->workers[i]);
	free(d->workers);
	mxd_nl_listener_close(d->listener);
	if (ctl) {
		unlink(ctl);
		free(ctl);
	}
	if (cfd >= 0)
		close(cfd);
	close(sfd);
	close(epfd);
	mxd_runtime_set(NULL);
	return rc;
}

int main(int argc, char **argv)
{
	struct daemon d = { .config = DEFAULT_CONFIG, .generation = 1 };
	struct mxd_runtime *rt;
	bool check = false;
	char err[512];
	int c, rc;

	while ((c = getopt(argc, argv, "c:tdh")) != -1) {
		switch (c) {
		case 'c':
			d.config = optarg;
			break;
		case 't':
			check = true;
			break;
		case 'd':
			d.debug = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	if (matrixSslOpen() < 0) {
		fprintf(stderr, "mxtlsd: the library did not start\n");
		return 1;
	}
	rc = mxd_runtime_load(d.config, d.generation, &rt, err, sizeof(err));
	if (rc) {
		fprintf(stderr, "mxtlsd: %s\n", err);
		matrixSslClose();
		return 1;
	}
	if (check) {
		printf("%s: configuration and keys are good (%u profiles)\n", d.config,
		       rt->cfg->n_profiles);
		mxd_runtime_put(rt);
		matrixSslClose();
		return 0;
	}
	mxd_log_setup(d.debug ? MXD_LOG_DEBUG : rt->cfg->log_level, rt->cfg->log_journal);
	rc = run(&d, rt);
	matrixSslClose();
	return rc;
}
