/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading key and certificate files whole.
 */
#ifndef MXTLS_PKI_FILE_H
#define MXTLS_PKI_FILE_H

#include <stddef.h>
#include <stdint.h>

/* Files larger than this are refused (-EFBIG). */
#define MX_PKI_FILE_MAX (16u << 20)

/*
 * Read a whole file into a new buffer (NUL-terminated for convenience;
 * the NUL is not counted). Free it with mx_file_free(), which zeroizes
 * it since key files pass through here.
 */
int mx_file_read(const char *path, uint8_t **buf, size_t *len);
void mx_file_free(uint8_t *buf, size_t len);

#endif /* MXTLS_PKI_FILE_H */
