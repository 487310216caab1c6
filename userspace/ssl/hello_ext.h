/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tlsExtension_t: the caller's extra ClientHello extensions, a list.
 */
#ifndef MXTLS_SSL_HELLO_EXT_H
#define MXTLS_SSL_HELLO_EXT_H

#include <stddef.h>
#include <stdint.h>

#include "matrixsslApi.h"

const tlsExtension_t *mx_hello_ext_first(const tlsExtension_t *list);
const tlsExtension_t *mx_hello_ext_next(const tlsExtension_t *e);
uint16_t mx_hello_ext_type(const tlsExtension_t *e);
const uint8_t *mx_hello_ext_data(const tlsExtension_t *e);
size_t mx_hello_ext_len(const tlsExtension_t *e);

#endif /* MXTLS_SSL_HELLO_EXT_H */
