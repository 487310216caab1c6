/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Base64 (RFC 4648, standard alphabet, '=' padding) decoding. PEM bodies
 * carry private keys, so the character-to-value mapping is arithmetic on
 * masks, with no table indexed by the data and no branch on it. What is
 * branched on is each character's class (data, white space, padding,
 * invalid): the layout of the text, the same for every key of a size.
 */
#ifndef MXTLS_PKI_BASE64_H
#define MXTLS_PKI_BASE64_H

#include <stddef.h>
#include <stdint.h>

/* The most bytes that n characters of base64 can decode to. */
static inline size_t mx_base64_max_decoded(size_t n)
{
	return n / 4 * 3 + 3;
}

/*
 * Decode src (n characters; spaces, tabs, CR and LF are skipped) into dst,
 * which has room for mx_base64_max_decoded(n) bytes. *out_len gets the
 * decoded length. -EBADMSG for a character outside the alphabet, a group
 * left incomplete, misplaced padding or non-zero padding bits.
 */
int mx_base64_decode(const char *src, size_t n, uint8_t *dst, size_t *out_len);

#endif /* MXTLS_PKI_BASE64_H */
