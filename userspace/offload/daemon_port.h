/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The netlink record port of daemon mode: the engine's record port
 * (ssl/port.h) mapped onto the kernel's handshake channel.
 *
 *   add_handshake_data   handshake bytes gathered per flight -> HS_SEND
 *   set_write_keys       SET_KEYS (TX), then the CCS through HS_SEND: the
 *                        kernel switches TX right after that record
 *   set_read_keys        SET_KEYS (RX): the kernel switches at the peer's CCS
 *   send_alert           HS_SEND of an alert, under the current TX keys
 *
 * The kernel side is reached through struct mx_dport_kernel_ops, so the
 * port runs the same against netlink (mxtlsd) and against a test double.
 * Records received go to the engine with mx_port_session_input().
 */
#ifndef MXTLS_OFFLOAD_DAEMON_PORT_H
#define MXTLS_OFFLOAD_DAEMON_PORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/mxtls.h>

#include "ssl/port.h"

/* Largest HS_SEND payload the kernel takes (it fragments into records). */
#define MX_DPORT_MAX_SEND	MXTLS_HS_DATA_MAX

struct mx_dport_kernel_ops {
	/*
	 * Bytes of content type ct to frame as records under the TX keys.
	 * more: another hs_send of the flight follows at once (after TX keys
	 * perhaps), so the records may wait for it and leave together.
	 */
	int (*hs_send)(void *kernel, uint8_t ct, const uint8_t *data, size_t len, bool more);
	/* Keys for one direction (MXTLS_DIR_TX or MXTLS_DIR_RX). */
	int (*set_keys)(void *kernel, uint8_t dir, const struct mx_traffic_keys *k);
};

struct mx_dport {
	const struct mx_dport_kernel_ops *ops;
	void *kernel;
	uint16_t wr_epoch;		/* the TX epoch the kernel is at */
	bool ccs_queued;		/* our CCS waits for its keys */
	uint8_t *buf;			/* handshake bytes of the flight so far */
	size_t len, cap;
	uint64_t sent_bytes;		/* handshake bytes handed to the kernel */
	unsigned int sends;		/* HS_SEND calls */
};

extern const struct mx_record_port_ops mx_dport_ops;

/* wr_epoch: 0 for a first handshake, 1 for one over protected records. */
void mx_dport_init(struct mx_dport *p, const struct mx_dport_kernel_ops *ops, void *kernel,
		   uint16_t wr_epoch);
/* Wipe and free what is queued. */
void mx_dport_clear(struct mx_dport *p);

#endif /* MXTLS_OFFLOAD_DAEMON_PORT_H */
