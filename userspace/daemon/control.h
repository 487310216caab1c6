/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mxtlsd's control socket (a Unix stream socket, control_socket in the
 * configuration): a client writes one command line, the daemon answers
 * with "key=value" lines and closes. Commands: "status".
 */
#ifndef MXTLS_DAEMON_CONTROL_H
#define MXTLS_DAEMON_CONTROL_H

#include <stdio.h>

#include "daemon/profile.h"

/* Listen on path (replacing a stale socket); the fd or a negative errno. */
int mxd_control_listen(const char *path);

/* Serve one connection from the listening fd; status() writes the answer. */
void mxd_control_serve(int lfd, void (*status)(FILE *out, void *arg), void *arg);

#endif /* MXTLS_DAEMON_CONTROL_H */
