/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PEM (RFC 7468 and the RFC 1421 headers OpenSSL still writes for
 * encrypted keys). A buffer may hold any number of blocks with text
 * between them, as CA bundles and "openssl x509 -text" output do.
 */
#ifndef MXTLS_PKI_PEM_H
#define MXTLS_PKI_PEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MX_PEM_LABEL_MAX 64

struct mx_pem_block {
	char label[MX_PEM_LABEL_MAX];	/* "CERTIFICATE", "PRIVATE KEY", ... */
	/* The RFC 1421 headers of a legacy encrypted key, else NULL/0. */
	bool proc_type_encrypted;	/* "Proc-Type: 4,ENCRYPTED" */
	const char *dek_info;		/* the value of "DEK-Info:" */
	size_t dek_info_len;
	const char *body;		/* the base64 text */
	size_t body_len;
	uint8_t *der;			/* the decoded body (malloc'd), once decoded */
	size_t der_len;
};

/*
 * Find the next block in [*pos, end) without decoding it. Returns 1 and
 * advances *pos past it, 0 when there is no further "-----BEGIN " line,
 * or -EBADMSG for a block that is malformed (unterminated, END label
 * differing from BEGIN, unknown header).
 */
int mx_pem_find(const char **pos, const char *end, struct mx_pem_block *blk);

/* Decode a found block's body: 0, -EBADMSG (bad or empty base64), -ENOMEM. */
int mx_pem_decode(struct mx_pem_block *blk);

/*
 * Find and decode the next block: mx_pem_find() then mx_pem_decode(),
 * with the return values of the first. The caller frees the block with
 * mx_pem_block_clear().
 */
int mx_pem_next(const char **pos, const char *end, struct mx_pem_block *blk);

/* Zeroize and free the decoded body; the block may be reused. */
void mx_pem_block_clear(struct mx_pem_block *blk);

/* True when the buffer holds a PEM BEGIN line anywhere. */
bool mx_pem_present(const void *buf, size_t len);

#endif /* MXTLS_PKI_PEM_H */
