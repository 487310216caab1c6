/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mxtlsd's log: stderr (which systemd's journal takes), and syslog(3)
 * when asked for; messages above the configured level are dropped.
 */
#ifndef MXTLS_DAEMON_LOG_H
#define MXTLS_DAEMON_LOG_H

#include "daemon/config.h"

void mxd_log_setup(enum mxd_log_level level, bool syslog_too);
void mxd_log(enum mxd_log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define mxd_err(...)	mxd_log(MXD_LOG_ERR, __VA_ARGS__)
#define mxd_warn(...)	mxd_log(MXD_LOG_WARNING, __VA_ARGS__)
#define mxd_info(...)	mxd_log(MXD_LOG_INFO, __VA_ARGS__)
#define mxd_debug(...)	mxd_log(MXD_LOG_DEBUG, __VA_ARGS__)

#endif /* MXTLS_DAEMON_LOG_H */
