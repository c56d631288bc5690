/*
 * file.c: reading a whole file from an open descriptor, under a cap.
 * The article, its images and stylesheet files are all read this way:
 * the size is checked before anything is allocated, and only regular
 * files are read (a FIFO or device would block or never end). And the
 * loops every writer of a descriptor needs: all the bytes, through EINTR.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

int cv_file_read_all(int fd, size_t cap, const char *file, const char *what,
                     unsigned char **out, size_t *len, struct cv_error *err)
{
	struct stat st;
	unsigned char *buf;
	size_t size;

	*out = NULL;
	*len = 0;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
		return cv_error_set(err, CV_ERROR_FORMAT, file, 0, 0, "%s is not a regular file", what);
	if ((uintmax_t)st.st_size > cap)
		return cv_error_set(err, CV_ERROR_LIMIT, file, 0, 0, "%s is larger than %zu bytes", what, cap);
	size = (size_t)st.st_size;
	buf = malloc(size + 1);
	if (buf == NULL)
		return cv_error_set(err, CV_ERROR_SYSTEM, file, 0, 0, "out of memory reading %s", what);
	for (size_t got = 0; got < size;) {
		ssize_t r = read(fd, buf + got, size - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			free(buf);
			return cv_error_set(err, CV_ERROR_SYSTEM, file, 0, 0, "cannot read %s: %s", what,
			                    r < 0 ? strerror(errno) : "the file shrank while being read");
		}
		got += (size_t)r;
	}
	buf[size] = '\0';
	*out = buf;
	*len = size;
	return CV_OK;
}

int cv_fd_write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0) {
			errno = ENOSPC;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int cv_fd_read_exact(int fd, void *data, size_t len)
{
	char *p = data;

	while (len > 0) {
		ssize_t n = read(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = 0;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}
