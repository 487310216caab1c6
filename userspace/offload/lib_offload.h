/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Library mode's kernel offload: the record port of a session whose
 * records the mxtls module does (lib_port.c), the hand-over
 * (lib_offload.c) and the reader that feeds records for the library to
 * the engine (lib_read.c).
 */
#ifndef MXTLS_OFFLOAD_LIB_OFFLOAD_H
#define MXTLS_OFFLOAD_LIB_OFFLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ssl/port.h"
#include "ssl/ssl_int.h"

struct mxtls_nl;

struct mx_kport {
	ssl_t *ssl;
	int fd;
	struct mxtls_nl *nl;
	/* Handshake messages of the flight being built: one sendmsg at flush. */
	uint8_t *hs;
	size_t hs_len, hs_cap;
	bool ccs_queued;	/* our ChangeCipherSpec waits for the next keys */
	/*
	 * The peer's next keys wait for its ChangeCipherSpec (the module
	 * stops reading there until they come): by then every handshake
	 * message its Finished covers is here, so its verify_data can go
	 * down with them.
	 */
	struct mx_traffic_keys rd_next;
	bool rd_pending;
	/* One direction of a re-handshake is keyed: the other one's
	 * SET_KEYS carries the new handshake's verify_data, both halves.
	 */
	bool half_keyed;
};

extern const struct mx_record_port_ops mx_kport_ops;

/* Free a port (the session's port_release). */
void mx_kport_free(void *port);

/* Send keys for one direction (MXTLS_DIR_TX/RX), with the session's
 * verify_data when vd. 0 or the kernel's negative errno.
 */
int mx_kport_set_keys(struct mx_kport *kp, uint8_t dir, const struct mx_traffic_keys *k,
		      bool vd);

/* The peer's ChangeCipherSpec went through the engine: its keys go
 * down (the module waits for them at that boundary). 0 or -errno.
 */
int mx_kport_peer_ccs(struct mx_kport *kp);

/* Send len bytes as records of content type ct, all of them. 0 or -errno. */
int mx_kport_send(struct mx_kport *kp, uint8_t ct, const uint8_t *data, size_t len);

#endif /* MXTLS_OFFLOAD_LIB_OFFLOAD_H */
