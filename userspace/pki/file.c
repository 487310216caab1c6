// SPDX-License-Identifier: GPL-2.0
/*
 * Whole-file reads for key material.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/ct.h"
#include "pki/file.h"

int mx_file_read(const char *path, uint8_t **buf, size_t *len)
{
	struct stat st;
	uint8_t *b;
	size_t got = 0;
	ssize_t r;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st)) {
		err = -errno;
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		err = -EINVAL;
		goto out;
	}
	if ((uint64_t)st.st_size > MX_PKI_FILE_MAX) {
		err = -EFBIG;
		goto out;
	}
	b = malloc((size_t)st.st_size + 1);
	if (!b) {
		err = -ENOMEM;
		goto out;
	}
	/* The size is a hint only: read until EOF, within it. */
	while (got < (size_t)st.st_size) {
		r = read(fd, b + got, (size_t)st.st_size - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			err = -errno;
			mx_file_free(b, got);
			goto out;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	b[got] = '\0';
	*buf = b;
	*len = got;
	err = 0;
out:
	close(fd);
	return err;
}

void mx_file_free(uint8_t *buf, size_t len)
{
	if (!buf)
		return;
	mx_zeroize(buf, len);
	free(buf);
}
