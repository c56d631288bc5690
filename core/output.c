/*
 * output.c: atomic output. Bytes go to a temporary file beside the
 * target; only a complete, synced file is renamed into place, so a failed
 * or interrupted conversion never leaves a partial file under the
 * target's name. Standard output is written only once all is done.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

/* Plugins hand their bytes over in small pieces (Cairo writes a PDF a
 * few bytes at a time: 167,000 write calls for a 300-page book, a fifth
 * of the run); they are gathered here so the file sees large writes. */
#define CV_OUTPUT_BUFFER 65536

struct cv_output {
	int fd;
	int to_stdout;
	size_t used;             /* bytes waiting in buf */
	char tmp[PATH_MAX];
	char target[PATH_MAX];
	unsigned char buf[CV_OUTPUT_BUFFER];
};

int cv_output_open(const char *target, const char *input_path,
                   struct cv_output **out, struct cv_error *err)
{
	struct cv_output *o = calloc(1, sizeof *o);
	struct stat in_st, out_st;
	char dir[PATH_MAX];
	const char *base;

	*out = NULL;
	if (o == NULL)
		return cv_error_set(err, CV_ERROR_SYSTEM, NULL, 0, 0, "out of memory");
	o->to_stdout = strcmp(target, "-") == 0;
	if (o->to_stdout) {
		const char *tmpdir = getenv("TMPDIR");
		snprintf(o->tmp, sizeof o->tmp, "%s/convert.XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
	} else {
		if (stat(target, &out_st) == 0 && stat(input_path, &in_st) == 0 &&
		    in_st.st_dev == out_st.st_dev && in_st.st_ino == out_st.st_ino) {
			free(o);
			return cv_error_set(err, CV_ERROR_ARGUMENT, target, 0, 0,
			                    "the output is the input file; refusing to overwrite it");
		}
		snprintf(o->target, sizeof o->target, "%s", target);
		snprintf(dir, sizeof dir, "%s", target);
		char *slash = strrchr(dir, '/');
		base = slash ? slash + 1 : target;
		if (slash)
			slash[slash == dir ? 1 : 0] = '\0';
		else
			strcpy(dir, ".");
		if ((size_t)snprintf(o->tmp, sizeof o->tmp, "%s/.%s.XXXXXX", dir, base) >= sizeof o->tmp) {
			free(o);
			return cv_error_set(err, CV_ERROR_ARGUMENT, target, 0, 0, "output path too long");
		}
	}
	o->fd = mkostemp(o->tmp, O_CLOEXEC);
	if (o->fd < 0) {
		int e = errno;
		free(o);
		return cv_error_set(err, CV_ERROR_SYSTEM, target, 0, 0, "cannot create the output: %s", strerror(e));
	}
	*out = o;
	return CV_OK;
}

static int output_write_all(struct cv_output *o, const void *data, size_t len,
                            struct cv_error *err)
{
	const char *p = data;
	while (len > 0) {
		ssize_t n = write(o->fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return cv_error_set(err, CV_ERROR_SYSTEM, o->to_stdout ? "-" : o->target, 0, 0,
			                    "cannot write the output: %s", strerror(errno));
		p += n;
		len -= (size_t)n;
	}
	return CV_OK;
}

static int output_flush(struct cv_output *o, struct cv_error *err)
{
	size_t n = o->used;
	o->used = 0;
	return n > 0 ? output_write_all(o, o->buf, n, err) : CV_OK;
}

int cv_output_write(struct cv_output *o, const void *data, size_t len, struct cv_error *err)
{
	if (o->used + len > sizeof o->buf && output_flush(o, err) != CV_OK)
		return CV_FAIL;
	if (len >= sizeof o->buf)
		return output_write_all(o, data, len, err);
	memcpy(o->buf + o->used, data, len);
	o->used += len;
	return CV_OK;
}

static int output_copy_to_stdout(struct cv_output *o, struct cv_error *err)
{
	char buf[65536];
	ssize_t n;

	if (lseek(o->fd, 0, SEEK_SET) < 0)
		return cv_error_set(err, CV_ERROR_SYSTEM, "-", 0, 0, "cannot rewind the output");
	while ((n = read(o->fd, buf, sizeof buf)) > 0) {
		for (ssize_t off = 0; off < n;) {
			ssize_t w = write(STDOUT_FILENO, buf + off, (size_t)(n - off));
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				return cv_error_set(err, CV_ERROR_SYSTEM, "-", 0, 0, "cannot write to standard output: %s",
				                    strerror(errno));
			off += w;
		}
	}
	return n < 0 ? cv_error_set(err, CV_ERROR_SYSTEM, "-", 0, 0, "cannot read back the output") : CV_OK;
}

int cv_output_commit(struct cv_output *o, struct cv_error *err)
{
	int status = CV_OK;
	mode_t mask;

	if (output_flush(o, err) != CV_OK) {
		cv_output_discard(o);
		return CV_FAIL;
	}
	if (o->to_stdout) {
		status = output_copy_to_stdout(o, err);
		cv_output_discard(o);
		return status;
	}
	/* mkstemp makes 0600; give the file the mode a plain create would. */
	mask = umask(0);
	umask(mask);
	if (fchmod(o->fd, 0666 & ~mask) != 0 || fsync(o->fd) != 0)
		status = cv_error_set(err, CV_ERROR_SYSTEM, o->target, 0, 0, "cannot finish the output: %s", strerror(errno));
	if (close(o->fd) != 0 && status == CV_OK)
		status = cv_error_set(err, CV_ERROR_SYSTEM, o->target, 0, 0, "cannot finish the output: %s", strerror(errno));
	o->fd = -1;
	if (status == CV_OK && rename(o->tmp, o->target) != 0)
		status = cv_error_set(err, CV_ERROR_SYSTEM, o->target, 0, 0, "cannot move the output into place: %s",
		                      strerror(errno));
	if (status != CV_OK)
		unlink(o->tmp);
	free(o);
	return status;
}

void cv_output_discard(struct cv_output *o)
{
	if (o == NULL)
		return;
	if (o->fd >= 0)
		close(o->fd);
	unlink(o->tmp);
	free(o);
}
