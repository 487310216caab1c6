// SPDX-License-Identifier: GPL-2.0
/*
 * A thousand offloaded connections at once, both ends keyed, each moving
 * data both ways; the counters follow; once they are closed the module can
 * be removed, and comes back on the next attach.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <linux/mxtls.h>

#include "kselftest_harness.h"
#include "tlspair.h"

#ifndef TCP_ULP
#define TCP_ULP 31
#endif

#define PAIRS 1000

static long stat_value(const char *name)
{
	FILE *f = fopen("/proc/net/mxtls_stat", "r");
	char line[128], key[64];
	long v = -1, n;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%63s %ld", key, &n) == 2 && !strcmp(key, name))
			v = n;
	fclose(f);
	return v;
}

static long module_refcnt(void)
{
	FILE *f = fopen("/sys/module/mxtls/refcnt", "r");
	long n = -1;

	if (f) {
		if (fscanf(f, "%ld", &n) != 1)
			n = -1;
		fclose(f);
	}
	return n;
}

/* Key one direction from a to b with key material derived from i */
static int key_direction(struct mxtls_nl *nl, int a, int b, int i, uint8_t *key, uint8_t *iv)
{
	struct mxtls_keys k = {
		.version = MXTLS_TLS_1_2, .suite = 0xc02f, .seq = (uint64_t)i * 7,
		.enc_key = key, .enc_key_len = 16, .iv = iv, .iv_len = 4,
	};

	fill_pattern(key, 16, (uint32_t)i);
	fill_pattern(iv, 4, (uint32_t)i + 5000);
	k.fd = a;
	k.direction = MXTLS_DIR_TX;
	if (mxtls_nl_set_keys(nl, &k))
		return -1;
	k.fd = b;
	k.direction = MXTLS_DIR_RX;
	return mxtls_nl_set_keys(nl, &k);
}

TEST(thousand_offloaded_sockets_then_rmmod)
{
	struct rlimit rl = { 4 * PAIRS + 64, 4 * PAIRS + 64 };
	static int c[PAIRS], s[PAIRS];
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	long before_tx = stat_value("MxtlsCurrTx");
	uint8_t key[16], iv[4];
	struct mxtls_nl *nl;
	int i;

	ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &rl), 0);
	ASSERT_EQ(mxtls_nl_open(&nl), 0);
	for (i = 0; i < PAIRS; i++) {
		ASSERT_EQ(tcp_pair(&c[i], &s[i]), 0);
		ASSERT_EQ(setsockopt(c[i], IPPROTO_TCP, TCP_ULP, "mxtls", 5), 0);
		ASSERT_EQ(setsockopt(s[i], IPPROTO_TCP, TCP_ULP, "mxtls", 5), 0);
		ASSERT_EQ(key_direction(nl, c[i], s[i], 2 * i, key, iv), 0);
		ASSERT_EQ(key_direction(nl, s[i], c[i], 2 * i + 1, key, iv), 0);
	}
	EXPECT_EQ(stat_value("MxtlsCurrTx"), before_tx + 2 * PAIRS);
	for (i = 0; i < PAIRS; i++) {
		char out[64], in[64] = "";

		fill_pattern(out, sizeof(out), (uint32_t)i);
		ASSERT_EQ(send(c[i], out, sizeof(out), 0), (ssize_t)sizeof(out));
		ASSERT_EQ(recv(s[i], in, sizeof(in), MSG_WAITALL), (ssize_t)sizeof(in));
		ASSERT_EQ(memcmp(in, out, sizeof(in)), 0);
		ASSERT_EQ(send(s[i], in, 17, 0), 17);
		ASSERT_EQ(recv(c[i], out, sizeof(out), 0), 17);
	}
	mxtls_nl_close(nl);
	for (i = 0; i < PAIRS; i++) {
		close(c[i]);
		close(s[i]);
	}
	EXPECT_EQ(stat_value("MxtlsCurrTx"), before_tx);
	EXPECT_EQ(stat_value("MxtlsCurrRx"), before_tx);

	/* the closed connections finish their FIN exchange, then the module may go */
	for (i = 0; i < 500 && module_refcnt() != 0; i++)
		nanosleep(&ts, NULL);
	ASSERT_EQ(module_refcnt(), 0);
	ASSERT_EQ(syscall(SYS_delete_module, "mxtls", O_NONBLOCK), 0);
	EXPECT_EQ(access("/sys/module/mxtls", F_OK), -1);
	/* the netlink family's alias brings it back */
	ASSERT_EQ(mxtls_nl_open(&nl), 0);
	EXPECT_EQ(access("/sys/module/mxtls", F_OK), 0);
	mxtls_nl_close(nl);
}

TEST_HARNESS_MAIN
