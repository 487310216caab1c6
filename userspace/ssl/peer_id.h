/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Who the peer proved to be with its certificate: the leaf's subject and
 * SHA-256 fingerprint. A session keeps it (server: in its cache entry and
 * its tickets), so a resumed handshake knows the client it resumes as
 * well as the full handshake that authenticated it did.
 */
#ifndef MXTLS_SSL_PEER_ID_H
#define MXTLS_SSL_PEER_ID_H

#include <stdbool.h>
#include <stdint.h>

/* The subject's room, NUL included: longer names are cut to fit. */
#define MX_PEER_SUBJECT_MAX	256
#define MX_PEER_FP_LEN		32

struct mx_peer_id {
	bool known;
	uint8_t fp[MX_PEER_FP_LEN];		/* SHA-256 of the leaf certificate */
	char subject[MX_PEER_SUBJECT_MAX];	/* RFC 4514, NUL-terminated */
};

#endif /* MXTLS_SSL_PEER_ID_H */
