// SPDX-License-Identifier: GPL-2.0
/*
 * mxtlsd's log. Lines carry a "<N>" syslog priority prefix on stderr,
 * which journald turns into the message's priority.
 */
#include <stdarg.h>
#include <stdio.h>
#include <syslog.h>

#include "daemon/log.h"

static volatile enum mxd_log_level max_level = MXD_LOG_INFO;
static volatile bool use_syslog;

void mxd_log_setup(enum mxd_log_level level, bool syslog_too)
{
	max_level = level;
	if (syslog_too && !use_syslog)
		openlog("mxtlsd", LOG_PID, LOG_DAEMON);
	use_syslog = syslog_too;
}

void mxd_log(enum mxd_log_level level, const char *fmt, ...)
{
	static const int prio[] = { LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG };
	char line[1024];
	va_list ap;

	if (level > max_level)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	/* One write per line, so that threads do not interleave. */
	fprintf(stderr, "<%d>mxtlsd: %s\n", prio[level], line);
	if (use_syslog)
		syslog(prio[level], "%s", line);
}
