// SPDX-License-Identifier: GPL-2.0
/* Interim: getrandom() directly, until the HMAC-DRBG is built on hmac.h. */
#include <errno.h>
#include <sys/random.h>

#include "crypto/random.h"

int mx_random_bytes(void *buf, size_t len)
{
	unsigned char *p = buf;

	while (len) {
		ssize_t r = getrandom(p, len, 0);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += r;
		len -= (size_t)r;
	}
	return 0;
}
