// SPDX-License-Identifier: GPL-2.0
/*
 * Decoding the module's MXTLS_CMD_GET messages: well-formed IPv4 and IPv6
 * answers, and each way a message can be malformed.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include <netlink/netlink.h>
#include <netlink/genl/genl.h>
#include <linux/mxtls.h>

#include "mxtls_netlink.h"

enum { ALL = ~0u };

/* A GET message with the attributes named in `with` (a bit per attribute). */
static struct nl_msg *get_msg(int family, unsigned int with, uint8_t cmd, size_t addr_len)
{
	struct nl_msg *msg = nlmsg_alloc();
	uint8_t local[16] = { 127, 0, 0, 1 }, peer[16] = { 127, 0, 0, 2 };

	assert_non_null(msg);
	assert_non_null(genlmsg_put(msg, 0, 0, 0x20, 0, 0, cmd, MXTLS_GENL_VERSION));
	if (family == AF_INET6) {
		inet_pton(AF_INET6, "2001:db8::1", local);
		inet_pton(AF_INET6, "2001:db8::2", peer);
	}
	if (with & (1u << MXTLS_A_SOCK_INO))
		assert_int_equal(nla_put_u64(msg, MXTLS_A_SOCK_INO, 4242), 0);
	if (with & (1u << MXTLS_A_OWNER_UID))
		assert_int_equal(nla_put_u32(msg, MXTLS_A_OWNER_UID, 1000), 0);
	if (with & (1u << MXTLS_A_FAMILY))
		assert_int_equal(nla_put_u16(msg, MXTLS_A_FAMILY, family), 0);
	if (with & (1u << MXTLS_A_LOCAL_PORT))
		assert_int_equal(nla_put_u16(msg, MXTLS_A_LOCAL_PORT, 443), 0);
	if (with & (1u << MXTLS_A_PEER_PORT))
		assert_int_equal(nla_put_u16(msg, MXTLS_A_PEER_PORT, 50000), 0);
	if (with & (1u << MXTLS_A_LOCAL_ADDR))
		assert_int_equal(nla_put(msg, MXTLS_A_LOCAL_ADDR, addr_len, local), 0);
	if (with & (1u << MXTLS_A_PEER_ADDR))
		assert_int_equal(nla_put(msg, MXTLS_A_PEER_ADDR, addr_len, peer), 0);
	return msg;
}

static void parses_ipv4(void **state)
{
	struct nl_msg *msg = get_msg(AF_INET, ALL, MXTLS_CMD_GET, 4);
	struct mxtls_sock_info info;
	char buf[INET6_ADDRSTRLEN];

	assert_int_equal(mxtls_nl_parse_sock(nlmsg_hdr(msg), &info), 0);
	assert_int_equal(info.inode, 4242);
	assert_int_equal(info.uid, 1000);
	assert_int_equal(info.family, AF_INET);
	assert_int_equal(info.local_port, 443);
	assert_int_equal(info.peer_port, 50000);
	assert_string_equal(inet_ntop(AF_INET, &info.local_addr, buf, sizeof(buf)), "127.0.0.1");
	assert_string_equal(inet_ntop(AF_INET, &info.peer_addr, buf, sizeof(buf)), "127.0.0.2");
	nlmsg_free(msg);
}

static void parses_ipv6(void **state)
{
	struct nl_msg *msg = get_msg(AF_INET6, ALL, MXTLS_CMD_GET, 16);
	struct mxtls_sock_info info;
	char buf[INET6_ADDRSTRLEN];

	assert_int_equal(mxtls_nl_parse_sock(nlmsg_hdr(msg), &info), 0);
	assert_int_equal(info.family, AF_INET6);
	assert_string_equal(inet_ntop(AF_INET6, &info.local_addr, buf, sizeof(buf)), "2001:db8::1");
	assert_string_equal(inet_ntop(AF_INET6, &info.peer_addr, buf, sizeof(buf)), "2001:db8::2");
	nlmsg_free(msg);
}

static void rejects_missing_attribute(void **state)
{
	int a;

	for (a = MXTLS_A_SOCK_INO; a <= MXTLS_A_OWNER_UID; a++) {
		struct nl_msg *msg = get_msg(AF_INET, ALL & ~(1u << a), MXTLS_CMD_GET, 4);
		struct mxtls_sock_info info;

		assert_int_equal(mxtls_nl_parse_sock(nlmsg_hdr(msg), &info), -EBADMSG);
		nlmsg_free(msg);
	}
}

static void rejects_wrong_address_length(void **state)
{
	static const struct { int family; size_t len; } bad[] = {
		{ AF_INET, 16 }, { AF_INET, 3 }, { AF_INET6, 4 }, { AF_INET6, 15 },
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct nl_msg *msg = get_msg(bad[i].family, ALL, MXTLS_CMD_GET, bad[i].len);
		struct mxtls_sock_info info;

		assert_int_equal(mxtls_nl_parse_sock(nlmsg_hdr(msg), &info), -EBADMSG);
		nlmsg_free(msg);
	}
}

static void rejects_unknown_family_and_command(void **state)
{
	struct mxtls_sock_info info;
	struct nl_msg *msg;

	msg = get_msg(AF_UNIX, ALL, MXTLS_CMD_GET, 4);
	assert_int_equal(mxtls_nl_parse_sock(nlmsg_hdr(msg), &info), -EBADMSG);
	nlmsg_free(msg);

	msg = get_msg(AF_INET, ALL, MXTLS_CMD_UNSPEC, 4);
	assert_int_equal(mxtls_nl_parse_sock(nlmsg_hdr(msg), &info), -EBADMSG);
	nlmsg_free(msg);
}

static void rejects_truncated_attribute(void **state)
{
	struct nl_msg *msg = get_msg(AF_INET, ALL, MXTLS_CMD_GET, 4);
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct mxtls_sock_info info;

	/* Cut the message inside its last attribute. */
	nlh->nlmsg_len -= 2;
	assert_int_equal(mxtls_nl_parse_sock(nlh, &info), -EBADMSG);
	nlmsg_free(msg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_ipv4),
		cmocka_unit_test(parses_ipv6),
		cmocka_unit_test(rejects_missing_attribute),
		cmocka_unit_test(rejects_wrong_address_length),
		cmocka_unit_test(rejects_unknown_family_and_command),
		cmocka_unit_test(rejects_truncated_attribute),
	};

	return cmocka_run_group_tests_name("netlink", tests, NULL, NULL);
}
