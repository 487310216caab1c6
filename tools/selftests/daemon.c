// SPDX-License-Identifier: GPL-2.0
/*
 * Daemon mode: a plain socket (socket, connect, TCP_ULP, MXTLS_HANDSHAKE,
 * write, read) whose handshake a daemon runs over netlink. The daemon is
 * the test daemon of lib/hsd.c, with libssl as its engine; the peer is an
 * OpenSSL process with its own record layer (or the openssl command), so
 * every byte is checked against an independent implementation.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <unistd.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <linux/mxtls.h>

#include "kselftest_harness.h"
#include "tlspair.h"
#include "hsd.h"

#ifndef TCP_ULP
#define TCP_ULP 31
#endif

#define CHUNK		(64 * 1024)

static uint8_t cert_fp[32];

/* Once per process: the certificate the daemon and the peers use */
static void make_cert(struct __test_metadata *_metadata)
{
	static bool made;

	if (!made)
		ASSERT_EQ(hsd_make_cert(cert_fp), 0);
	made = true;
}

static int ulp(int fd)
{
	return setsockopt(fd, SOL_TCP, TCP_ULP, MXTLS_ULP_NAME, sizeof(MXTLS_ULP_NAME));
}

static int handshake(int fd, int role, unsigned int timeout_ms)
{
	struct mxtls_handshake h;

	memset(&h, 0, sizeof(h));
	h.role = role;
	h.timeout_ms = timeout_ms;
	strcpy(h.peer_name, "localhost");
	return setsockopt(fd, SOL_MXTLS, MXTLS_HANDSHAKE, &h, sizeof(h)) ? -errno : 0;
}

static int info(int fd, struct mxtls_info *i)
{
	socklen_t len = sizeof(*i);

	memset(i, 0, sizeof(*i));
	return getsockopt(fd, SOL_MXTLS, MXTLS_INFO, i, &len);
}

/* A /proc/net/mxtls_stat counter */
static long stat_of(const char *name)
{
	FILE *f = fopen("/proc/net/mxtls_stat", "r");
	char key[64];
	long v, ret = -1;

	if (!f)
		return -1;
	while (fscanf(f, "%63s %ld", key, &v) == 2)
		if (!strcmp(key, name))
			ret = v;
	fclose(f);
	return ret;
}

/* Until the counter is want, for up to 2 s (sockets close asynchronously) */
static bool stat_settles(const char *name, long want)
{
	int i;

	for (i = 0; i < 200; i++) {
		if (stat_of(name) == want)
			return true;
		usleep(10000);
	}
	return false;
}

/* What the OpenSSL peer does after its handshake */
struct peer_plan {
	bool server;
	size_t bytes;		/* received, then sent, pattern-checked */
	bool renegotiate;	/* SSL_renegotiate halfway through receiving */
	bool expect_reneg;	/* a re-handshake from our side happens meanwhile */
};

static int ssl_read_all(SSL *ssl, uint8_t *buf, size_t len)
{
	while (len) {
		int n = SSL_read(ssl, buf, (int)(len > CHUNK ? CHUNK : len));

		if (n <= 0)
			return -1;
		buf += n;
		len -= n;
	}
	return 0;
}

static int ssl_write_all(SSL *ssl, const uint8_t *buf, size_t len)
{
	while (len) {
		int n = SSL_write(ssl, buf, (int)(len > CHUNK ? CHUNK : len));

		if (n <= 0)
			return -1;
		buf += n;
		len -= n;
	}
	return 0;
}

/* The peer process: libssl over the socket, exit status says what failed */
static int run_peer(int fd, const struct peer_plan *plan)
{
	SSL_CTX *ctx = SSL_CTX_new(plan->server ? TLS_server_method() : TLS_client_method());
	uint8_t *want = malloc(plan->bytes + 1), *got = malloc(plan->bytes + 1);
	size_t half = plan->bytes / 2;
	int renegs;
	SSL *ssl;

	if (!ctx || !want || !got)
		return 10;
	SSL_CTX_set_max_proto_version(ctx, TLS1_2_VERSION);
	SSL_CTX_set_cipher_list(ctx, HSD_CIPHERS);
	SSL_CTX_set_options(ctx, SSL_OP_ALLOW_CLIENT_RENEGOTIATION);
	if (plan->server && (SSL_CTX_use_certificate_file(ctx, HSD_CERT, SSL_FILETYPE_PEM) != 1 ||
			     SSL_CTX_use_PrivateKey_file(ctx, HSD_KEY, SSL_FILETYPE_PEM) != 1))
		return 11;
	ssl = SSL_new(ctx);
	SSL_set_fd(ssl, fd);
	if ((plan->server ? SSL_accept(ssl) : SSL_connect(ssl)) != 1) {
		ERR_print_errors_fp(stderr);
		return 12;
	}
	fill_pattern(want, plan->bytes, 1);
	if (ssl_read_all(ssl, got, half))
		return 13;
	if (plan->renegotiate) {
		if (SSL_renegotiate(ssl) != 1 || SSL_do_handshake(ssl) != 1) {
			ERR_print_errors_fp(stderr);
			return 14;
		}
	}
	if (ssl_read_all(ssl, got + half, plan->bytes - half)) {
		ERR_print_errors_fp(stderr);
		return 15;
	}
	if (memcmp(want, got, plan->bytes))
		return 16;
	renegs = SSL_num_renegotiations(ssl);
	if (plan->renegotiate && !renegs)
		return 17;
	fill_pattern(want, plan->bytes, 2);
	if (ssl_write_all(ssl, want, plan->bytes))
		return 18;
	/* the other side closes after reading: our close_notify, theirs, EOF */
	SSL_shutdown(ssl);
	SSL_read(ssl, got, 1);
	SSL_free(ssl);
	SSL_CTX_free(ctx);
	return 0;
}

static pid_t start_peer(int fd, int other, const struct peer_plan *plan)
{
	pid_t pid = fork();

	if (!pid) {
		close(other);
		_exit(run_peer(fd, plan));
	}
	close(fd);
	return pid;
}

static int peer_status(pid_t pid)
{
	int status = -1;

	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 100 + WTERMSIG(status);
}

/* Until MXTLS_INFO counts n handshakes, for up to 10 s */
static bool handshakes_reach(int fd, unsigned int n)
{
	struct mxtls_info i;
	int t;

	for (t = 0; t < 1000; t++) {
		if (info(fd, &i) || i.error)
			return false;
		if (i.handshakes >= n)
			return true;
		usleep(10000);
	}
	return false;
}

/*
 * Our side's data: the pattern each way, byte for byte. With a
 * re-handshake halfway, ours (rehandshake) or the peer's (wait), our
 * writer pauses until it is through: OpenSSL refuses application data
 * in the middle of its renegotiation (the kernel would send it).
 */
static int exchange(int fd, size_t bytes, bool rehandshake, bool wait)
{
	uint8_t *want = malloc(bytes), *got = malloc(bytes);
	size_t half = bytes / 2;
	int ret = -1;

	if (!want || !got)
		goto out;
	fill_pattern(want, bytes, 1);
	if (write_all(fd, want, half))
		goto out;
	if (rehandshake && setsockopt(fd, SOL_MXTLS, MXTLS_REHANDSHAKE, NULL, 0))
		goto out;
	if ((rehandshake || wait) && !handshakes_reach(fd, 2))
		goto out;
	if (write_all(fd, want + half, bytes - half))
		goto out;
	fill_pattern(want, bytes, 2);
	if (read_all(fd, got, bytes) || memcmp(want, got, bytes))
		goto out;
	ret = 0;
out:
	free(want);
	free(got);
	return ret;
}

FIXTURE(daemon) {
	pid_t hsd;
	int cfd, sfd;
};

FIXTURE_SETUP(daemon)
{
	make_cert(_metadata);
	self->hsd = hsd_start(HSD_NORMAL);
	ASSERT_GT(self->hsd, 0);
	ASSERT_EQ(tcp_pair(&self->cfd, &self->sfd), 0);
}

FIXTURE_TEARDOWN(daemon)
{
	close(self->cfd);
	close(self->sfd);
	EXPECT_EQ(hsd_stop(self->hsd), 0);
}

static void check_done(struct __test_metadata *_metadata, int fd, int role)
{
	struct mxtls_info i;

	ASSERT_EQ(info(fd, &i), 0);
	EXPECT_EQ(i.mode, MXTLS_MODE_DAEMON);
	EXPECT_EQ(i.hs_state, MXTLS_HS_DONE);
	EXPECT_EQ(i.hs_role, role);
	EXPECT_EQ(i.hs_error, 0);
	EXPECT_EQ(i.tx_version, MXTLS_TLS_1_2);
	EXPECT_EQ(i.rx_version, MXTLS_TLS_1_2);
	EXPECT_EQ(i.tx_state, MXTLS_STATE_ACTIVE);
	EXPECT_EQ(i.tx_epoch, 1U);
	EXPECT_EQ(i.rx_epoch, 1U);
	EXPECT_EQ(i.handshakes, 1U);
	/* the client verified the server's certificate: that is ours */
	if (role == MXTLS_ROLE_CLIENT) {
		EXPECT_STREQ(i.peer_id, HSD_CN);
		EXPECT_EQ(memcmp(i.peer_fp, cert_fp, 32), 0);
	}
}

TEST_F(daemon, client_vs_openssl_server)
{
	struct peer_plan plan = { .server = true, .bytes = 1 << 20 };
	pid_t peer = start_peer(self->sfd, self->cfd, &plan);

	self->sfd = -1;
	ASSERT_EQ(ulp(self->cfd), 0);
	ASSERT_EQ(handshake(self->cfd, MXTLS_ROLE_CLIENT, 0), 0);
	check_done(_metadata, self->cfd, MXTLS_ROLE_CLIENT);
	EXPECT_EQ(exchange(self->cfd, plan.bytes, false, false), 0);
	close(self->cfd);
	self->cfd = -1;
	EXPECT_EQ(peer_status(peer), 0);
}

TEST_F(daemon, server_vs_openssl_client)
{
	struct peer_plan plan = { .server = false, .bytes = 1 << 20 };
	pid_t peer = start_peer(self->cfd, self->sfd, &plan);

	self->cfd = -1;
	ASSERT_EQ(ulp(self->sfd), 0);
	ASSERT_EQ(handshake(self->sfd, MXTLS_ROLE_SERVER, 0), 0);
	check_done(_metadata, self->sfd, MXTLS_ROLE_SERVER);
	EXPECT_EQ(exchange(self->sfd, plan.bytes, false, false), 0);
	close(self->sfd);
	self->sfd = -1;
	EXPECT_EQ(peer_status(peer), 0);
}

/* The peer renegotiates halfway through what we send; data flows on */
TEST_F(daemon, peer_renegotiates_server)
{
	struct peer_plan plan = { .server = true, .bytes = 1 << 20, .renegotiate = true };
	pid_t peer = start_peer(self->sfd, self->cfd, &plan);
	struct mxtls_info i;

	self->sfd = -1;
	ASSERT_EQ(ulp(self->cfd), 0);
	ASSERT_EQ(handshake(self->cfd, MXTLS_ROLE_CLIENT, 0), 0);
	EXPECT_EQ(exchange(self->cfd, plan.bytes, false, true), 0);
	ASSERT_EQ(info(self->cfd, &i), 0);
	EXPECT_EQ(i.handshakes, 2U);
	EXPECT_EQ(i.tx_epoch, 2U);
	EXPECT_EQ(i.rx_epoch, 2U);
	close(self->cfd);
	self->cfd = -1;
	EXPECT_EQ(peer_status(peer), 0);
}

TEST_F(daemon, peer_renegotiates_client)
{
	struct peer_plan plan = { .server = false, .bytes = 1 << 20, .renegotiate = true };
	pid_t peer = start_peer(self->cfd, self->sfd, &plan);
	struct mxtls_info i;

	self->cfd = -1;
	ASSERT_EQ(ulp(self->sfd), 0);
	ASSERT_EQ(handshake(self->sfd, MXTLS_ROLE_SERVER, 0), 0);
	EXPECT_EQ(exchange(self->sfd, plan.bytes, false, true), 0);
	ASSERT_EQ(info(self->sfd, &i), 0);
	EXPECT_EQ(i.handshakes, 2U);
	EXPECT_EQ(i.tx_epoch, 2U);
	EXPECT_EQ(i.rx_epoch, 2U);
	close(self->sfd);
	self->sfd = -1;
	EXPECT_EQ(peer_status(peer), 0);
}

/* MXTLS_REHANDSHAKE halfway through what we send */
TEST_F(daemon, local_rehandshake_client)
{
	struct peer_plan plan = { .server = true, .bytes = 1 << 20 };
	pid_t peer = start_peer(self->sfd, self->cfd, &plan);
	struct mxtls_info i;

	self->sfd = -1;
	ASSERT_EQ(ulp(self->cfd), 0);
	ASSERT_EQ(handshake(self->cfd, MXTLS_ROLE_CLIENT, 0), 0);
	EXPECT_EQ(exchange(self->cfd, plan.bytes, true, false), 0);
	ASSERT_EQ(info(self->cfd, &i), 0);
	EXPECT_EQ(i.handshakes, 2U);
	EXPECT_EQ(i.tx_epoch, 2U);
	close(self->cfd);
	self->cfd = -1;
	EXPECT_EQ(peer_status(peer), 0);
}

TEST_F(daemon, local_rehandshake_server)
{
	struct peer_plan plan = { .server = false, .bytes = 1 << 20 };
	pid_t peer = start_peer(self->cfd, self->sfd, &plan);
	struct mxtls_info i;

	self->cfd = -1;
	ASSERT_EQ(ulp(self->sfd), 0);
	ASSERT_EQ(handshake(self->sfd, MXTLS_ROLE_SERVER, 0), 0);
	EXPECT_EQ(exchange(self->sfd, plan.bytes, true, false), 0);
	ASSERT_EQ(info(self->sfd, &i), 0);
	EXPECT_EQ(i.handshakes, 2U);
	EXPECT_EQ(i.rx_epoch, 2U);
	close(self->sfd);
	self->sfd = -1;
	EXPECT_EQ(peer_status(peer), 0);
}

/* Non-blocking: EINPROGRESS, EALREADY, I/O refused, then POLLOUT */
TEST_F(daemon, nonblocking)
{
	struct peer_plan plan = { .server = true, .bytes = 4096 };
	pid_t peer = start_peer(self->sfd, self->cfd, &plan);
	struct pollfd p = { .fd = self->cfd, .events = POLLOUT };
	int err = -1;
	socklen_t len = sizeof(err);
	char c;

	self->sfd = -1;
	ASSERT_EQ(ulp(self->cfd), 0);
	ASSERT_EQ(fcntl(self->cfd, F_SETFL, O_NONBLOCK), 0);
	ASSERT_EQ(handshake(self->cfd, MXTLS_ROLE_CLIENT, 0), -EINPROGRESS);
	/* no daemon answered yet within these microseconds, or it did: both fine */
	err = handshake(self->cfd, MXTLS_ROLE_CLIENT, 0);
	EXPECT_TRUE(err == -EALREADY || err == -EISCONN);
	if (err == -EALREADY) {
		EXPECT_EQ(read(self->cfd, &c, 1), -1);
		EXPECT_EQ(errno, EAGAIN);
	}
	ASSERT_EQ(poll(&p, 1, 10000), 1);
	EXPECT_TRUE(p.revents & POLLOUT);
	EXPECT_FALSE(p.revents & POLLERR);
	ASSERT_EQ(getsockopt(self->cfd, SOL_SOCKET, SO_ERROR, &err, &len), 0);
	EXPECT_EQ(err, 0);
	EXPECT_EQ(handshake(self->cfd, MXTLS_ROLE_CLIENT, 0), -EISCONN);
	check_done(_metadata, self->cfd, MXTLS_ROLE_CLIENT);
	ASSERT_EQ(fcntl(self->cfd, F_SETFL, 0), 0);
	EXPECT_EQ(exchange(self->cfd, plan.bytes, false, false), 0);
	close(self->cfd);
	self->cfd = -1;
	EXPECT_EQ(peer_status(peer), 0);
}

/* Not a fresh stream, library-mode keys, a second ULP: refused */
TEST_F(daemon, preconditions)
{
	struct mxtls_handshake h;

	memset(&h, 0, sizeof(h));
	ASSERT_EQ(ulp(self->cfd), 0);
	/* bad role, padding, unterminated strings */
	h.role = 3;
	EXPECT_EQ(setsockopt(self->cfd, SOL_MXTLS, MXTLS_HANDSHAKE, &h, sizeof(h)), -1);
	EXPECT_EQ(errno, EINVAL);
	h.role = MXTLS_ROLE_CLIENT;
	h.pad[1] = 1;
	EXPECT_EQ(setsockopt(self->cfd, SOL_MXTLS, MXTLS_HANDSHAKE, &h, sizeof(h)), -1);
	EXPECT_EQ(errno, EINVAL);
	h.pad[1] = 0;
	memset(h.profile, 'a', sizeof(h.profile));
	EXPECT_EQ(setsockopt(self->cfd, SOL_MXTLS, MXTLS_HANDSHAKE, &h, sizeof(h)), -1);
	EXPECT_EQ(errno, EINVAL);
	EXPECT_EQ(setsockopt(self->cfd, SOL_MXTLS, MXTLS_HANDSHAKE, &h, sizeof(h) - 1), -1);
	EXPECT_EQ(errno, EINVAL);
	/* something already went through: the records would not start the stream */
	ASSERT_EQ(write(self->cfd, "x", 1), 1);
	EXPECT_EQ(handshake(self->cfd, MXTLS_ROLE_CLIENT, 0), -EINVAL);
	/* not in daemon mode */
	EXPECT_EQ(setsockopt(self->cfd, SOL_MXTLS, MXTLS_REHANDSHAKE, NULL, 0), -1);
	EXPECT_EQ(errno, EOPNOTSUPP);
}

TEST(no_daemon_refused)
{
	struct mxtls_info i;
	int cfd, sfd;

	make_cert(_metadata);
	ASSERT_EQ(tcp_pair(&cfd, &sfd), 0);
	ASSERT_EQ(ulp(cfd), 0);
	EXPECT_EQ(handshake(cfd, MXTLS_ROLE_CLIENT, 0), -ECONNREFUSED);
	ASSERT_EQ(info(cfd, &i), 0);
	EXPECT_EQ(i.hs_state, MXTLS_HS_FAILED);
	EXPECT_EQ(i.hs_error, ECONNREFUSED);
	EXPECT_EQ(write(cfd, "x", 1), -1);
	EXPECT_EQ(errno, ECONNREFUSED);
	close(cfd);
	close(sfd);
	EXPECT_TRUE(stat_settles("MxtlsCurrHandshake", 0));
}

/* A daemon claims the request and never answers */
TEST(silent_daemon_times_out)
{
	pid_t hsd;
	int cfd, sfd;

	make_cert(_metadata);
	hsd = hsd_start(HSD_SILENT);
	ASSERT_GT(hsd, 0);
	ASSERT_EQ(tcp_pair(&cfd, &sfd), 0);
	ASSERT_EQ(ulp(cfd), 0);
	EXPECT_EQ(handshake(cfd, MXTLS_ROLE_CLIENT, 1500), -ETIMEDOUT);
	close(cfd);
	close(sfd);
	EXPECT_EQ(hsd_stop(hsd), 0);
	EXPECT_TRUE(stat_settles("MxtlsCurrHandshake", 0));
}

/* The daemon exits with the request claimed: ECONNABORTED, nothing left behind */
TEST(daemon_exit_aborts)
{
	pid_t hsd;
	int cfd, sfd;

	make_cert(_metadata);
	hsd = hsd_start(HSD_EXIT_ON_ACCEPT);
	ASSERT_GT(hsd, 0);
	ASSERT_EQ(tcp_pair(&cfd, &sfd), 0);
	ASSERT_EQ(ulp(cfd), 0);
	EXPECT_EQ(handshake(cfd, MXTLS_ROLE_CLIENT, 0), -ECONNABORTED);
	EXPECT_EQ(hsd_stop(hsd), 0);
	close(cfd);
	close(sfd);
	EXPECT_TRUE(stat_settles("MxtlsCurrHandshake", 0));
	EXPECT_TRUE(stat_settles("MxtlsCurrDaemonMode", 0));
	EXPECT_TRUE(stat_settles("MxtlsCurrTx", 0));
	EXPECT_TRUE(stat_settles("MxtlsCurrRx", 0));
}

/* The daemon rejects the peer: EKEYREJECTED, its alert on the wire */
TEST(daemon_rejects)
{
	struct peer_plan plan = { .server = true, .bytes = 16 };
	struct mxtls_info i;
	pid_t hsd, peer;
	int cfd, sfd;

	make_cert(_metadata);
	hsd = hsd_start(HSD_REJECT);
	ASSERT_GT(hsd, 0);
	ASSERT_EQ(tcp_pair(&cfd, &sfd), 0);
	peer = start_peer(sfd, cfd, &plan);
	ASSERT_EQ(ulp(cfd), 0);
	EXPECT_EQ(handshake(cfd, MXTLS_ROLE_CLIENT, 0), -EKEYREJECTED);
	ASSERT_EQ(info(cfd, &i), 0);
	EXPECT_EQ(i.hs_error, EKEYREJECTED);
	EXPECT_EQ(i.alert_sent_level, MXTLS_ALERT_FATAL);
	EXPECT_EQ(i.alert_sent_desc, 42);
	close(cfd);
	/* the peer got the alert instead of data */
	EXPECT_EQ(peer_status(peer), 13);
	EXPECT_EQ(hsd_stop(hsd), 0);
}

static volatile sig_atomic_t got_alarm;

static void on_alarm(int sig)
{
	got_alarm = 1;
}

/* A signal interrupts the wait, not the handshake; calling again waits again */
TEST(signal_interrupts_wait)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	struct hsd_msg *acc = NULL;
	struct hsd_nl *nl;
	int cfd, sfd;
	pid_t child;

	make_cert(_metadata);
	ASSERT_EQ(tcp_pair(&cfd, &sfd), 0);
	ASSERT_EQ(ulp(cfd), 0);
	/* a daemon of our own that claims the request and answers when told */
	ASSERT_EQ(hsd_nl_open(&nl, true), 0);
	child = fork();
	if (!child) {
		sigaction(SIGALRM, &sa, NULL);
		alarm(1);
		if (handshake(cfd, MXTLS_ROLE_CLIENT, 10000) != -EINTR || !got_alarm)
			_exit(1);
		/* again: it waits until the daemon fails it */
		_exit(handshake(cfd, MXTLS_ROLE_CLIENT, 10000) == -EPROTO ? 0 : 2);
	}
	ASSERT_NE(hsd_next(nl, 5000), NULL);
	ASSERT_EQ(hsd_accept(nl, 0, &acc), 0);
	ASSERT_NE(acc, NULL);
	sleep(2);
	EXPECT_EQ(hsd_done(nl, hsd_u64(acc, MXTLS_A_HS_ID), EPROTO, -1), 0);
	EXPECT_EQ(peer_status(child), 0);
	free(acc);
	hsd_nl_close(nl);
	close(cfd);
	close(sfd);
}

/* A malformed attribute: the policy's refusal */
static bool refused(int err)
{
	return err == -EINVAL || err == -ERANGE;
}

/* What a daemon may not do: ACCEPT or listen without CAP_NET_ADMIN, another's request, bad attributes */
TEST(hostile_daemon)
{
	struct hsd_msg *acc = NULL, *m;
	struct hsd_nl *nl, *other;
	struct hsd_req *r = malloc(sizeof(*r));
	uint8_t big[MXTLS_HS_DATA_MAX + 1];
	uint64_t id;
	int cfd, sfd, status;
	pid_t child;

	make_cert(_metadata);
	ASSERT_EQ(tcp_pair(&cfd, &sfd), 0);
	ASSERT_EQ(ulp(cfd), 0);
	ASSERT_EQ(hsd_nl_open(&nl, true), 0);
	ASSERT_EQ(hsd_nl_open(&other, false), 0);
	child = fork();
	if (!child)
		_exit(handshake(cfd, MXTLS_ROLE_CLIENT, 20000) == -EKEYREJECTED ? 0 : 1);
	m = hsd_next(nl, 5000);
	ASSERT_NE(m, NULL);
	ASSERT_EQ(m->cmd, MXTLS_CMD_HS_REQUEST);
	id = hsd_u64(m, MXTLS_A_HS_ID);
	EXPECT_EQ(hsd_u8(m, MXTLS_A_HS_REASON), MXTLS_HS_REASON_INITIAL);
	free(m);

	/* an unprivileged process: refused before anything is looked at */
	if (!fork()) {
		struct hsd_nl *u, *v;
		int e1, e2, e3;

		if (setgid(65534) || setuid(65534) || hsd_nl_open(&u, false))
			_exit(3);
		e1 = hsd_accept(u, id, NULL);
		e2 = hsd_accept(u, 0, NULL);
		/* nor may it listen to the group */
		e3 = hsd_nl_open(&v, true);
		_exit(e1 == -EPERM && e2 == -EPERM && e3 == -EPERM ? 0 : 4);
	}
	wait(&status);
	EXPECT_EQ(WEXITSTATUS(status), 0);

	/* unknown requests */
	EXPECT_EQ(hsd_accept(nl, id + 1000, NULL), -ENOENT);
	EXPECT_EQ(hsd_send(nl, id + 1000, MXTLS_CT_HANDSHAKE, "x", 1), -ENOENT);
	EXPECT_EQ(hsd_done(nl, id + 1000, 0, -1), -ENOENT);
	/* HS_ID 0 is never a request */
	EXPECT_EQ(hsd_accept(nl, 0, &acc), 0);
	ASSERT_NE(acc, NULL);
	EXPECT_EQ(hsd_u64(acc, MXTLS_A_HS_ID), id);
	EXPECT_EQ(hsd_u8(acc, MXTLS_A_ROLE), MXTLS_ROLE_CLIENT);
	EXPECT_STREQ((const char *)acc->attr[MXTLS_A_PEER_NAME], "localhost");
	EXPECT_STREQ((const char *)acc->attr[MXTLS_A_PROFILE], "default");
	EXPECT_EQ(hsd_u32(acc, MXTLS_A_REQ_UID), getuid());
	EXPECT_EQ(hsd_u32(acc, MXTLS_A_REQ_PID), (uint32_t)child);
	free(acc);
	/* another daemon's request */
	EXPECT_EQ(hsd_accept(other, id, NULL), -EBUSY);
	EXPECT_EQ(hsd_send(other, id, MXTLS_CT_HANDSHAKE, "x", 1), -EPERM);
	EXPECT_EQ(hsd_done(other, id, 0, -1), -EPERM);
	EXPECT_EQ(hsd_accept(other, 0, NULL), -ENOENT);

	/* attributes out of bounds */
	memset(big, 0x16, sizeof(big));
	EXPECT_TRUE(refused(hsd_send(nl, id, MXTLS_CT_HANDSHAKE, big, sizeof(big))));
	EXPECT_TRUE(refused(hsd_send(nl, id, MXTLS_CT_APPLICATION_DATA, "x", 1)));
	EXPECT_TRUE(refused(hsd_send(nl, id, 0, "x", 1)));
	EXPECT_EQ(hsd_send(nl, id, MXTLS_CT_HANDSHAKE, "", 0), -EINVAL);
	/* CCS before TX keys; a CCS that is not one */
	EXPECT_EQ(hsd_send(nl, id, MXTLS_CT_CHANGE_CIPHER_SPEC, "\1", 1), -ENOKEY);
	EXPECT_EQ(hsd_send(nl, id, MXTLS_CT_CHANGE_CIPHER_SPEC, "\2", 1), -EINVAL);
	EXPECT_EQ(hsd_send(nl, id, MXTLS_CT_CHANGE_CIPHER_SPEC, "\1\1", 2), -EINVAL);
	hsd_req_init(r, MXTLS_CMD_HS_SEND);
	hsd_put_u64(r, MXTLS_A_HS_ID, id);
	hsd_put_u8(r, MXTLS_A_CONTENT_TYPE, MXTLS_CT_HANDSHAKE);
	EXPECT_EQ(hsd_call(nl, r, NULL), -EINVAL);
	hsd_put(r, MXTLS_A_DATA, "x", 1);
	hsd_put_u16(r, MXTLS_A_VERSION, 0x0200);
	EXPECT_EQ(hsd_call(nl, r, NULL), -EINVAL);
	/* a short HS_ID, an unterminated peer id, a short fingerprint, a status out of range */
	hsd_req_init(r, MXTLS_CMD_DONE);
	hsd_put_u32(r, MXTLS_A_HS_ID, (uint32_t)id);
	hsd_put_u32(r, MXTLS_A_HS_STATUS, 0);
	EXPECT_TRUE(refused(hsd_call(nl, r, NULL)));
	hsd_req_init(r, MXTLS_CMD_DONE);
	hsd_put_u64(r, MXTLS_A_HS_ID, id);
	hsd_put_u32(r, MXTLS_A_HS_STATUS, 0);
	hsd_put(r, MXTLS_A_PEER_ID, "abc", 3);
	EXPECT_TRUE(refused(hsd_call(nl, r, NULL)));
	hsd_req_init(r, MXTLS_CMD_DONE);
	hsd_put_u64(r, MXTLS_A_HS_ID, id);
	hsd_put_u32(r, MXTLS_A_HS_STATUS, 0);
	hsd_put(r, MXTLS_A_PEER_FP, big, 31);
	EXPECT_TRUE(refused(hsd_call(nl, r, NULL)));
	EXPECT_TRUE(refused(hsd_done(nl, id, -5, -1)));
	EXPECT_TRUE(refused(hsd_done(nl, id, 5000, -1)));
	/* success before any keys switched */
	EXPECT_EQ(hsd_done(nl, id, 0, -1), -EINVAL);
	/* SET_KEYS by HS_ID: no FD needed, but the owner */
	hsd_req_init(r, MXTLS_CMD_SET_KEYS);
	hsd_put_u64(r, MXTLS_A_HS_ID, id);
	hsd_put_u8(r, MXTLS_A_DIRECTION, MXTLS_DIR_TX);
	hsd_put_u16(r, MXTLS_A_VERSION, MXTLS_TLS_1_2);
	hsd_put_u16(r, MXTLS_A_SUITE, 0xc02b);
	hsd_put(r, MXTLS_A_ENC_KEY, big, 16);
	hsd_put(r, MXTLS_A_IV, big, 4);
	hsd_put_u64(r, MXTLS_A_SEQ, 0);
	EXPECT_EQ(hsd_call(other, r, NULL), -EPERM);
	if (!fork()) {
		struct hsd_nl *u;

		if (setgid(65534) || setuid(65534) || hsd_nl_open(&u, false))
			_exit(3);
		_exit(hsd_call(u, r, NULL) == -EPERM ? 0 : 4);
	}
	wait(&status);
	EXPECT_EQ(WEXITSTATUS(status), 0);
	EXPECT_EQ(hsd_call(nl, r, NULL), 0);
	/* a CCS now goes out, TX switches; DONE still wants RX */
	EXPECT_EQ(hsd_send(nl, id, MXTLS_CT_CHANGE_CIPHER_SPEC, "\1", 1), 0);
	EXPECT_EQ(hsd_done(nl, id, 0, -1), -EINVAL);
	/* the real answer */
	EXPECT_EQ(hsd_done(nl, id, EKEYREJECTED, -1), 0);
	EXPECT_EQ(hsd_done(nl, id, 0, -1), -ENOENT);
	EXPECT_EQ(peer_status(child), 0);
	hsd_nl_close(other);
	hsd_nl_close(nl);
	free(r);
	close(cfd);
	close(sfd);
	EXPECT_TRUE(stat_settles("MxtlsCurrHandshake", 0));
}

/* A daemon in another network namespace sees nothing of this one's requests */
TEST(netns_isolation)
{
	struct hsd_msg *m;
	struct hsd_nl *nl;
	int cfd, sfd, p[2], status;
	pid_t child;
	char c;

	make_cert(_metadata);
	ASSERT_EQ(pipe(p), 0);
	child = fork();
	if (!child) {
		struct hsd_nl *n2;

		if (unshare(CLONE_NEWNET) || hsd_nl_open(&n2, true))
			_exit(2);
		if (write(p[1], "", 1) != 1)
			_exit(3);
		/* no announcement reaches us, nothing to claim */
		m = hsd_next(n2, 1500);
		_exit(m ? 4 : hsd_accept(n2, 0, NULL) == -ENOENT ? 0 : 5);
	}
	ASSERT_EQ(read(p[0], &c, 1), 1);
	ASSERT_EQ(hsd_nl_open(&nl, true), 0);
	ASSERT_EQ(tcp_pair(&cfd, &sfd), 0);
	ASSERT_EQ(ulp(cfd), 0);
	ASSERT_EQ(fcntl(cfd, F_SETFL, O_NONBLOCK), 0);
	ASSERT_EQ(handshake(cfd, MXTLS_ROLE_CLIENT, 3000), -EINPROGRESS);
	m = hsd_next(nl, 3000);
	ASSERT_NE(m, NULL);
	free(m);
	waitpid(child, &status, 0);
	EXPECT_EQ(WEXITSTATUS(status), 0);
	hsd_nl_close(nl);
	close(cfd);
	close(sfd);
	EXPECT_TRUE(stat_settles("MxtlsCurrHandshake", 0));
}

/* REHANDSHAKE over netlink, by the socket's inode; refused in library mode */
TEST_F(daemon, netlink_rehandshake)
{
	struct peer_plan plan = { .server = false, .bytes = 1 << 18 };
	pid_t peer = start_peer(self->cfd, self->sfd, &plan);
	uint8_t *want = malloc(plan.bytes), *got = malloc(plan.bytes);
	struct hsd_req r;
	struct hsd_nl *nl;
	struct stat st;
	int lfd, cfd2, sfd2;

	self->cfd = -1;
	ASSERT_EQ(ulp(self->sfd), 0);
	ASSERT_EQ(handshake(self->sfd, MXTLS_ROLE_SERVER, 0), 0);
	ASSERT_EQ(hsd_nl_open(&nl, false), 0);
	ASSERT_EQ(fstat(self->sfd, &st), 0);
	fill_pattern(want, plan.bytes, 1);
	ASSERT_EQ(write_all(self->sfd, want, plan.bytes / 2), 0);
	hsd_req_init(&r, MXTLS_CMD_REHANDSHAKE);
	hsd_put_u64(&r, MXTLS_A_SOCK_INO, st.st_ino);
	EXPECT_EQ(hsd_call(nl, &r, NULL), 0);
	/* one at a time */
	EXPECT_TRUE(hsd_call(nl, &r, NULL) == -EALREADY || handshakes_reach(self->sfd, 2));
	ASSERT_TRUE(handshakes_reach(self->sfd, 2));
	ASSERT_EQ(write_all(self->sfd, want + plan.bytes / 2, plan.bytes - plan.bytes / 2), 0);
	fill_pattern(want, plan.bytes, 2);
	ASSERT_EQ(read_all(self->sfd, got, plan.bytes), 0);
	EXPECT_EQ(memcmp(want, got, plan.bytes), 0);
	close(self->sfd);
	self->sfd = -1;
	EXPECT_EQ(peer_status(peer), 0);

	/* a library-mode socket, an inode that is no mxtls socket */
	ASSERT_EQ(tcp_pair(&cfd2, &sfd2), 0);
	ASSERT_EQ(ulp(cfd2), 0);
	ASSERT_EQ(fstat(cfd2, &st), 0);
	hsd_req_init(&r, MXTLS_CMD_REHANDSHAKE);
	hsd_put_u64(&r, MXTLS_A_SOCK_INO, st.st_ino);
	EXPECT_EQ(hsd_call(nl, &r, NULL), -EOPNOTSUPP);
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	ASSERT_EQ(fstat(lfd, &st), 0);
	hsd_req_init(&r, MXTLS_CMD_REHANDSHAKE);
	hsd_put_u64(&r, MXTLS_A_SOCK_INO, st.st_ino);
	EXPECT_EQ(hsd_call(nl, &r, NULL), -ENOENT);
	close(lfd);
	close(cfd2);
	close(sfd2);
	hsd_nl_close(nl);
	free(want);
	free(got);
}

/* The re-key policy starts a re-handshake (reason REKEY) once it is due */
TEST_F(daemon, rekey_policy)
{
	struct peer_plan plan = { .server = true, .bytes = 1 << 18 };
	pid_t peer = start_peer(self->sfd, self->cfd, &plan);
	struct mxtls_rekey_policy pol = { .bytes = 1000 }, got;
	uint8_t *want = malloc(plan.bytes), *back = malloc(plan.bytes);
	socklen_t len = sizeof(got);
	char c;

	self->sfd = -1;
	ASSERT_EQ(ulp(self->cfd), 0);
	EXPECT_EQ(setsockopt(self->cfd, SOL_MXTLS, MXTLS_REKEY_POLICY, &pol, sizeof(pol)), -1);
	EXPECT_EQ(errno, EOPNOTSUPP);
	ASSERT_EQ(handshake(self->cfd, MXTLS_ROLE_CLIENT, 0), 0);
	fill_pattern(want, plan.bytes, 1);
	ASSERT_EQ(write_all(self->cfd, want, plan.bytes / 2), 0);
	ASSERT_EQ(setsockopt(self->cfd, SOL_MXTLS, MXTLS_REKEY_POLICY, &pol, sizeof(pol)), 0);
	ASSERT_EQ(getsockopt(self->cfd, SOL_MXTLS, MXTLS_REKEY_POLICY, &got, &len), 0);
	EXPECT_EQ(got.bytes, pol.bytes);
	/* the next I/O call looks at the policy: over 1000 bytes went by */
	EXPECT_EQ(recv(self->cfd, &c, 1, MSG_DONTWAIT), -1);
	ASSERT_TRUE(handshakes_reach(self->cfd, 2));
	pol.bytes = 0;
	ASSERT_EQ(setsockopt(self->cfd, SOL_MXTLS, MXTLS_REKEY_POLICY, &pol, sizeof(pol)), 0);
	ASSERT_EQ(write_all(self->cfd, want + plan.bytes / 2, plan.bytes - plan.bytes / 2), 0);
	fill_pattern(want, plan.bytes, 2);
	ASSERT_EQ(read_all(self->cfd, back, plan.bytes), 0);
	EXPECT_EQ(memcmp(want, back, plan.bytes), 0);
	close(self->cfd);
	self->cfd = -1;
	EXPECT_EQ(peer_status(peer), 0);
	free(want);
	free(back);
}

/* The peer renegotiates and no daemon is there: no_renegotiation, a warning */
TEST(peer_renegotiates_no_daemon)
{
	struct peer_plan plan = { .server = true, .bytes = 4096, .renegotiate = true };
	uint8_t buf[4096];
	struct mxtls_info i;
	pid_t hsd, peer;
	int cfd, sfd, t;

	make_cert(_metadata);
	hsd = hsd_start(HSD_NORMAL);
	ASSERT_GT(hsd, 0);
	ASSERT_EQ(tcp_pair(&cfd, &sfd), 0);
	peer = start_peer(sfd, cfd, &plan);
	ASSERT_EQ(ulp(cfd), 0);
	ASSERT_EQ(handshake(cfd, MXTLS_ROLE_CLIENT, 0), 0);
	EXPECT_EQ(hsd_stop(hsd), 0);
	fill_pattern(buf, sizeof(buf), 1);
	ASSERT_EQ(write_all(cfd, buf, sizeof(buf) / 2), 0);
	/* the HelloRequest waits for a daemon for the grace, then is declined */
	for (t = 0; t < 500; t++) {
		ASSERT_EQ(info(cfd, &i), 0);
		if (i.alert_sent_desc)
			break;
		usleep(10000);
	}
	EXPECT_EQ(i.alert_sent_level, MXTLS_ALERT_WARNING);
	EXPECT_EQ(i.alert_sent_desc, MXTLS_ALERT_NO_RENEGOTIATION);
	EXPECT_EQ(i.hs_state, MXTLS_HS_DONE);
	EXPECT_EQ(i.hs_error, ECONNREFUSED);
	EXPECT_EQ(i.handshakes, 1U);
	/* OpenSSL takes a refused renegotiation as the end: that is its choice */
	EXPECT_EQ(peer_status(peer), 15);
	close(cfd);
	EXPECT_TRUE(stat_settles("MxtlsCurrHandshake", 0));
}

/* The daemon dies with a re-handshake claimed: the connection ends */
TEST(daemon_exit_mid_rehandshake)
{
	struct peer_plan plan = { .server = true, .bytes = 4096 };
	struct hsd_msg *acc = NULL;
	struct hsd_nl *nl;
	pid_t hsd, peer;
	char c;
	int cfd, sfd;

	make_cert(_metadata);
	hsd = hsd_start(HSD_NORMAL);
	ASSERT_GT(hsd, 0);
	ASSERT_EQ(tcp_pair(&cfd, &sfd), 0);
	peer = start_peer(sfd, cfd, &plan);
	ASSERT_EQ(ulp(cfd), 0);
	ASSERT_EQ(handshake(cfd, MXTLS_ROLE_CLIENT, 0), 0);
	EXPECT_EQ(hsd_stop(hsd), 0);

	/* a restarted daemon learns what the connection is, to renegotiate it */
	ASSERT_EQ(hsd_nl_open(&nl, true), 0);
	ASSERT_EQ(setsockopt(cfd, SOL_MXTLS, MXTLS_REHANDSHAKE, NULL, 0), 0);
	EXPECT_EQ(setsockopt(cfd, SOL_MXTLS, MXTLS_REHANDSHAKE, NULL, 0), -1);
	EXPECT_EQ(errno, EALREADY);
	ASSERT_EQ(hsd_accept(nl, 0, &acc), 0);
	ASSERT_NE(acc, NULL);
	EXPECT_EQ(hsd_u8(acc, MXTLS_A_HS_REASON), MXTLS_HS_REASON_LOCAL);
	EXPECT_EQ(hsd_u16(acc, MXTLS_A_VERSION), MXTLS_TLS_1_2);
	EXPECT_TRUE(hsd_u16(acc, MXTLS_A_SUITE) == 0xc02b || hsd_u16(acc, MXTLS_A_SUITE) == 0xc02c);
	EXPECT_STREQ((const char *)acc->attr[MXTLS_A_PEER_ID], HSD_CN);
	ASSERT_EQ(acc->attr_len[MXTLS_A_PEER_FP], 32);
	EXPECT_EQ(memcmp(acc->attr[MXTLS_A_PEER_FP], cert_fp, 32), 0);
	free(acc);
	/* and dies */
	hsd_nl_close(nl);
	EXPECT_EQ(read(cfd, &c, 1), -1);
	EXPECT_EQ(errno, ECONNABORTED);
	close(cfd);
	EXPECT_NE(peer_status(peer), 0);
	EXPECT_TRUE(stat_settles("MxtlsCurrHandshake", 0));
}

/* SET_KEYS by HS_ID for one direction: AES-128-GCM, TLS 1.2, a key of one byte repeated */
static int fake_keys(struct hsd_nl *nl, uint64_t id, uint8_t dir, uint8_t byte)
{
	uint8_t key[16];
	struct hsd_req r;

	memset(key, byte, sizeof(key));
	hsd_req_init(&r, MXTLS_CMD_SET_KEYS);
	hsd_put_u64(&r, MXTLS_A_HS_ID, id);
	hsd_put_u8(&r, MXTLS_A_DIRECTION, dir);
	hsd_put_u16(&r, MXTLS_A_VERSION, MXTLS_TLS_1_2);
	hsd_put_u16(&r, MXTLS_A_SUITE, 0xc02b);
	hsd_put(&r, MXTLS_A_ENC_KEY, key, 16);
	hsd_put(&r, MXTLS_A_IV, key, 4);
	hsd_put_u64(&r, MXTLS_A_SEQ, 0);
	return hsd_call(nl, &r, NULL);
}

/* The next message of a command, skipping others; NULL after 5 s */
static struct hsd_msg *next_cmd(struct hsd_nl *nl, uint8_t cmd)
{
	struct hsd_msg *m;

	while ((m = hsd_next(nl, 5000)) && m->cmd != cmd)
		free(m);
	return m;
}

/*
 * A daemon-mode client whose handshake nl runs by hand against a raw TCP
 * peer (sfd): keys switch at the CCS records, then a local re-handshake
 * is claimed, a HelloRequest and then the first handshake record sent. Returns its HS_ID, 0 on
 * failure.
 */
static uint64_t held_rehandshake(struct hsd_nl *nl, int *cfd, int *sfd)
{
	static const uint8_t ccs[] = { 20, 3, 3, 0, 1, 1 };
	struct hsd_msg *m;
	uint64_t id;

	if (tcp_pair(cfd, sfd) || ulp(*cfd) || fcntl(*cfd, F_SETFL, O_NONBLOCK) ||
	    handshake(*cfd, MXTLS_ROLE_CLIENT, 20000) != -EINPROGRESS || fcntl(*cfd, F_SETFL, 0))
		return 0;
	m = next_cmd(nl, MXTLS_CMD_HS_REQUEST);
	if (!m)
		return 0;
	id = hsd_u64(m, MXTLS_A_HS_ID);
	free(m);
	if (hsd_accept(nl, id, NULL) || fake_keys(nl, id, MXTLS_DIR_TX, 1) ||
	    fake_keys(nl, id, MXTLS_DIR_RX, 2) ||
	    hsd_send(nl, id, MXTLS_CT_CHANGE_CIPHER_SPEC, "\1", 1) ||
	    write(*sfd, ccs, sizeof(ccs)) != sizeof(ccs))
		return 0;
	m = next_cmd(nl, MXTLS_CMD_HS_RECV);
	if (!m || hsd_u8(m, MXTLS_A_CONTENT_TYPE) != MXTLS_CT_CHANGE_CIPHER_SPEC ||
	    hsd_done(nl, id, 0, -1)) {
		free(m);
		return 0;
	}
	free(m);
	if (setsockopt(*cfd, SOL_MXTLS, MXTLS_REHANDSHAKE, NULL, 0))
		return 0;
	m = next_cmd(nl, MXTLS_CMD_HS_REQUEST);
	if (!m)
		return 0;
	id = hsd_u64(m, MXTLS_A_HS_ID);
	free(m);
	/* until the daemon's first handshake record after a HelloRequest, data flows */
	if (hsd_accept(nl, id, NULL) || hsd_send(nl, id, MXTLS_CT_HANDSHAKE, "\0\0\0\0", 4) ||
	    send(*cfd, "a", 1, MSG_DONTWAIT) != 1 ||
	    hsd_send(nl, id, MXTLS_CT_HANDSHAKE, "\1\0\0\0", 4))
		return 0;
	return id;
}

/*
 * A child that writes one byte, blocking: exits 0 once written, 1 on
 * ECONNABORTED. It lets go of the daemon's socket, or that would outlive
 * the daemon's close.
 */
static pid_t blocked_writer(int fd, struct hsd_nl *nl)
{
	pid_t pid = fork();

	if (!pid) {
		ssize_t n;

		close(hsd_nl_fd(nl));
		n = write(fd, "b", 1);

		_exit(n == 1 ? 0 : errno == ECONNABORTED ? 1 : 2);
	}
	return pid;
}

static bool still_running(pid_t pid)
{
	usleep(300 * 1000);
	return waitpid(pid, NULL, WNOHANG) == 0;
}

/*
 * Our re-handshake holds application data from our first handshake record
 * until our Finished went out under the new keys (OpenSSL refuses data in
 * between); non-blocking writers get EAGAIN and no POLLOUT meanwhile, and
 * the daemon going away releases them with the connection's error.
 */
TEST(rehandshake_holds_tx)
{
	struct pollfd p = { .events = POLLOUT };
	static const uint8_t want[] = { 20, 22, 23, 22, 20, 22, 23, 23 };
	uint8_t types[sizeof(want)], hdr[5], body[256];
	uint8_t fin[16] = { 20, 0, 0, 12 };
	struct hsd_nl *nl;
	int cfd, sfd, cfd2, sfd2, status;
	uint64_t id;
	pid_t w;
	size_t i;

	ASSERT_EQ(hsd_nl_open(&nl, true), 0);
	id = held_rehandshake(nl, &cfd, &sfd);
	ASSERT_NE(id, 0ULL);
	p.fd = cfd;
	EXPECT_EQ(send(cfd, "x", 1, MSG_DONTWAIT), -1);
	EXPECT_EQ(errno, EAGAIN);
	EXPECT_EQ(poll(&p, 1, 0), 0);
	w = blocked_writer(cfd, nl);
	ASSERT_GT(w, 0);
	EXPECT_TRUE(still_running(w));
	/* our CCS: still held */
	ASSERT_EQ(fake_keys(nl, id, MXTLS_DIR_TX, 3), 0);
	ASSERT_EQ(hsd_send(nl, id, MXTLS_CT_CHANGE_CIPHER_SPEC, "\1", 1), 0);
	EXPECT_EQ(send(cfd, "x", 1, MSG_DONTWAIT), -1);
	EXPECT_EQ(errno, EAGAIN);
	EXPECT_TRUE(still_running(w));
	/* our Finished: released */
	ASSERT_EQ(hsd_send(nl, id, MXTLS_CT_HANDSHAKE, fin, sizeof(fin)), 0);
	ASSERT_EQ(waitpid(w, &status, 0), w);
	EXPECT_EQ(WEXITSTATUS(status), 0);
	ASSERT_EQ(poll(&p, 1, 5000), 1);
	EXPECT_TRUE(p.revents & POLLOUT);
	EXPECT_EQ(send(cfd, "c", 1, MSG_DONTWAIT), 1);
	/* on the wire: no application data between the first handshake record and Finished */
	for (i = 0; i < sizeof(want); i++) {
		uint16_t len;

		ASSERT_EQ(recv(sfd, hdr, sizeof(hdr), MSG_WAITALL), (ssize_t)sizeof(hdr));
		types[i] = hdr[0];
		len = hdr[3] << 8 | hdr[4];
		ASSERT_LE(len, (uint16_t)sizeof(body));
		ASSERT_EQ(recv(sfd, body, len, MSG_WAITALL), (ssize_t)len);
	}
	EXPECT_EQ(memcmp(types, want, sizeof(want)), 0);

	/* a second connection held: the daemon's socket goes, the writer learns why */
	id = held_rehandshake(nl, &cfd2, &sfd2);
	ASSERT_NE(id, 0ULL);
	w = blocked_writer(cfd2, nl);
	ASSERT_GT(w, 0);
	EXPECT_TRUE(still_running(w));
	hsd_nl_close(nl);
	ASSERT_EQ(waitpid(w, &status, 0), w);
	EXPECT_EQ(WEXITSTATUS(status), 1);
	EXPECT_EQ(send(cfd2, "x", 1, MSG_DONTWAIT), -1);
	EXPECT_EQ(errno, ECONNABORTED);
	close(cfd);
	close(sfd);
	close(cfd2);
	close(sfd2);
	EXPECT_TRUE(stat_settles("MxtlsCurrHandshake", 0));
}

#define MANY	200

/* 200 connections, both ends in daemon mode, handshakes all at once */
TEST(concurrent_handshakes)
{
	static int cfd[MANY], sfd[MANY];
	struct pollfd p[2 * MANY];
	unsigned int done = 0;
	uint8_t want[1024], got[1024];
	pid_t hsd;
	int i, n;

	make_cert(_metadata);
	hsd = hsd_start(HSD_NORMAL);
	ASSERT_GT(hsd, 0);
	for (i = 0; i < MANY; i++) {
		ASSERT_EQ(tcp_pair(&cfd[i], &sfd[i]), 0);
		ASSERT_EQ(ulp(cfd[i]), 0);
		ASSERT_EQ(ulp(sfd[i]), 0);
		ASSERT_EQ(fcntl(cfd[i], F_SETFL, O_NONBLOCK), 0);
		ASSERT_EQ(fcntl(sfd[i], F_SETFL, O_NONBLOCK), 0);
		ASSERT_EQ(handshake(sfd[i], MXTLS_ROLE_SERVER, 120000), -EINPROGRESS);
		ASSERT_EQ(handshake(cfd[i], MXTLS_ROLE_CLIENT, 120000), -EINPROGRESS);
		p[2 * i] = (struct pollfd){ .fd = cfd[i], .events = POLLOUT };
		p[2 * i + 1] = (struct pollfd){ .fd = sfd[i], .events = POLLOUT };
	}
	while (done < 2 * MANY) {
		n = poll(p, 2 * MANY, 120000);
		ASSERT_GT(n, 0);
		for (i = 0; i < 2 * MANY; i++) {
			if (p[i].fd < 0 || !p[i].revents)
				continue;
			ASSERT_FALSE(p[i].revents & POLLERR);
			ASSERT_EQ(handshake(p[i].fd, i % 2 ? MXTLS_ROLE_SERVER : MXTLS_ROLE_CLIENT, 0),
				  -EISCONN);
			p[i].fd = -1;
			done++;
		}
	}
	for (i = 0; i < MANY; i++) {
		ASSERT_EQ(fcntl(cfd[i], F_SETFL, 0), 0);
		ASSERT_EQ(fcntl(sfd[i], F_SETFL, 0), 0);
		fill_pattern(want, sizeof(want), i);
		ASSERT_EQ(write_all(cfd[i], want, sizeof(want)), 0);
		ASSERT_EQ(read_all(sfd[i], got, sizeof(got)), 0);
		ASSERT_EQ(memcmp(want, got, sizeof(got)), 0);
		close(cfd[i]);
		close(sfd[i]);
	}
	EXPECT_EQ(hsd_stop(hsd), 0);
	EXPECT_TRUE(stat_settles("MxtlsCurrHandshake", 0));
	EXPECT_TRUE(stat_settles("MxtlsCurrDaemonMode", 0));
}

/* A loopback port nobody uses now */
static int free_port(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0), port = -1;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (!bind(fd, (struct sockaddr *)&a, sizeof(a)) &&
	    !getsockname(fd, (struct sockaddr *)&a, &len))
		port = ntohs(a.sin_port);
	close(fd);
	return port;
}

/* The openssl command with its stdin and stdout on pipes, in dir */
static pid_t spawn_openssl(char *const argv[], int *in, int *out, const char *dir)
{
	int pin[2], pout[2];
	pid_t pid;

	if (pipe(pin) || pipe(pout))
		return -1;
	pid = fork();
	if (!pid) {
		dup2(pin[0], 0);
		dup2(pout[1], 1);
		close(pin[0]);
		close(pin[1]);
		close(pout[0]);
		close(pout[1]);
		if (dir && chdir(dir))
			_exit(126);
		execvp("openssl", argv);
		_exit(127);
	}
	close(pin[0]);
	close(pout[1]);
	*in = pin[1];
	*out = pout[0];
	return pid;
}

static int connect_retry(int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	int t, fd;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	for (t = 0; t < 200; t++) {
		fd = socket(AF_INET, SOCK_STREAM, 0);
		if (!connect(fd, (struct sockaddr *)&a, sizeof(a)))
			return fd;
		close(fd);
		usleep(50000);
	}
	return -1;
}

/* Plain socket client, openssl s_server -WWW serving a file: the file, byte for byte */
TEST(openssl_s_server)
{
	static const char hdr[] = "HTTP/1.0 200 ok\r\nContent-type: text/plain\r\n\r\n";
	static const char get[] = "GET /data.bin HTTP/1.0\r\n\r\n";
	size_t size = 1 << 20, have = 0, cap = size + 4096;
	uint8_t *want = malloc(size), *got = malloc(cap);
	char port_s[16];
	int fd, in, out, port, status;
	struct mxtls_info i;
	pid_t hsd, srv;
	ssize_t n;
	FILE *f;
	char *argv[] = { "openssl", "s_server", "-accept", port_s, "-cert", HSD_CERT,
			 "-key", HSD_KEY, "-tls1_2", "-cipher", HSD_CIPHERS, "-WWW",
			 "-naccept", "1", "-quiet", NULL };

	make_cert(_metadata);
	mkdir("/tmp/mxtls-www", 0755);
	fill_pattern(want, size, 7);
	f = fopen("/tmp/mxtls-www/data.bin", "w");
	ASSERT_NE(f, NULL);
	ASSERT_EQ(fwrite(want, 1, size, f), size);
	fclose(f);
	hsd = hsd_start(HSD_NORMAL);
	ASSERT_GT(hsd, 0);
	port = free_port();
	snprintf(port_s, sizeof(port_s), "%d", port);
	srv = spawn_openssl(argv, &in, &out, "/tmp/mxtls-www");
	ASSERT_GT(srv, 0);
	fd = connect_retry(port);
	ASSERT_GE(fd, 0);
	ASSERT_EQ(ulp(fd), 0);
	ASSERT_EQ(handshake(fd, MXTLS_ROLE_CLIENT, 0), 0);
	ASSERT_EQ(info(fd, &i), 0);
	EXPECT_STREQ(i.peer_id, HSD_CN);
	EXPECT_EQ(memcmp(i.peer_fp, cert_fp, 32), 0);
	ASSERT_EQ(write_all(fd, get, strlen(get)), 0);
	while ((n = read(fd, got + have, cap - have)) > 0)
		have += n;
	EXPECT_EQ(n, 0);
	ASSERT_EQ(have, strlen(hdr) + size);
	EXPECT_EQ(memcmp(got, hdr, strlen(hdr)), 0);
	EXPECT_EQ(memcmp(got + strlen(hdr), want, size), 0);
	close(fd);
	close(in);
	close(out);
	waitpid(srv, &status, 0);
	EXPECT_EQ(hsd_stop(hsd), 0);
	free(want);
	free(got);
}

/* Lines of digits: never one of s_client's command letters */
static void fill_digits(char *buf, size_t len, unsigned int seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = i % 64 == 63 ? '\n' : '0' + (i * 7 + seed) % 10;
}

/* Reading what s_client prints until it has printed want */
static bool output_has(int out, const char *want, size_t len, int timeout_ms)
{
	static char buf[1 << 20];
	static size_t have;
	struct pollfd p = { .fd = out, .events = POLLIN };
	ssize_t n;

	while (!memmem(buf, have, want, len)) {
		if (have == sizeof(buf) || poll(&p, 1, timeout_ms) <= 0)
			return false;
		n = read(out, buf + have, sizeof(buf) - have);
		if (n <= 0)
			return false;
		have += n;
	}
	return true;
}

/* openssl s_client against a plain-socket server; it renegotiates (R) mid-transfer */
TEST(openssl_s_client)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	static char chunk[3][8192], got[8192];
	socklen_t len = sizeof(a);
	int lfd, fd, in, out, status;
	char addr[32];
	pid_t hsd, cli;
	char *argv[] = { "openssl", "s_client", "-connect", addr, "-tls1_2",
			 "-cipher", HSD_CIPHERS, NULL };

	make_cert(_metadata);
	hsd = hsd_start(HSD_NORMAL);
	ASSERT_GT(hsd, 0);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	ASSERT_EQ(bind(lfd, (struct sockaddr *)&a, sizeof(a)), 0);
	ASSERT_EQ(listen(lfd, 1), 0);
	ASSERT_EQ(getsockname(lfd, (struct sockaddr *)&a, &len), 0);
	snprintf(addr, sizeof(addr), "127.0.0.1:%d", ntohs(a.sin_port));
	cli = spawn_openssl(argv, &in, &out, NULL);
	ASSERT_GT(cli, 0);
	fd = accept(lfd, NULL, NULL);
	ASSERT_GE(fd, 0);
	close(lfd);
	ASSERT_EQ(ulp(fd), 0);
	ASSERT_EQ(handshake(fd, MXTLS_ROLE_SERVER, 0), 0);

	fill_digits(chunk[0], sizeof(chunk[0]), 1);
	fill_digits(chunk[1], sizeof(chunk[1]), 2);
	fill_digits(chunk[2], sizeof(chunk[2]), 3);
	ASSERT_EQ(write_all(in, chunk[0], sizeof(chunk[0])), 0);
	ASSERT_EQ(read_all(fd, got, sizeof(got)), 0);
	EXPECT_EQ(memcmp(got, chunk[0], sizeof(got)), 0);
	/* R: s_client renegotiates */
	ASSERT_EQ(write_all(in, "R\n", 2), 0);
	ASSERT_TRUE(handshakes_reach(fd, 2));
	ASSERT_EQ(write_all(in, chunk[1], sizeof(chunk[1])), 0);
	ASSERT_EQ(read_all(fd, got, sizeof(got)), 0);
	EXPECT_EQ(memcmp(got, chunk[1], sizeof(got)), 0);
	ASSERT_EQ(write_all(fd, chunk[2], sizeof(chunk[2])), 0);
	EXPECT_TRUE(output_has(out, chunk[2], sizeof(chunk[2]), 20000));
	close(in);
	close(fd);
	waitpid(cli, &status, 0);
	close(out);
	EXPECT_EQ(hsd_stop(hsd), 0);
}

TEST_HARNESS_MAIN
