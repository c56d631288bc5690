/*
 * output.c: atomic output. Bytes go to a temporary file in the target's
 * folder; only a complete, synced file is put in place, so a failed or
 * interrupted conversion never leaves a partial file under the target's
 * name.
 *
 * The temporary file has no name while it is written (O_TMPFILE): a run
 * killed by any signal, SIGKILL included, or a plugin that crashes leaves
 * nothing behind, because the kernel frees a nameless file with its last
 * descriptor. It is linked in under the target's name when complete (or,
 * to replace an existing target, under a hidden name renamed over it at
 * once, with the catchable signals blocked in between). Where the file
 * system has no O_TMPFILE, a named `.NAME.XXXXXX` is used and recorded
 * for cv_output_cleanup_on_signal.
 *
 * Standard output, and a target that is a character device or a FIFO
 * (/dev/null, a terminal, a named pipe, a link to /proc/self/fd/1), are
 * written as a stream, and only once all is done: the bytes wait in a
 * nameless file in TMPDIR. Such a target is never replaced by a file; a
 * block device, socket or folder is refused.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

#include "internal.h"

/* Plugins hand their bytes over in small pieces (Cairo writes a PDF a
 * few bytes at a time: 167,000 write calls for a 300-page book, a fifth
 * of the run); they are gathered here so the file sees large writes. */
#define CV_OUTPUT_BUFFER 65536

enum output_kind {
	OUTPUT_FILE,   /* a regular file, replaced atomically */
	OUTPUT_STREAM  /* standard output, a character device or a FIFO */
};

struct cv_output {
	int fd;
	enum output_kind kind;
	int named;               /* the temporary has a name (no O_TMPFILE) */
	int slot;                /* its entry in pending_names, or -1 */
	size_t used;             /* bytes waiting in buf */
	uint64_t bytes;          /* bytes written so far */
	GChecksum *sha256;
	char tmp[PATH_MAX];      /* the named temporary, if any */
	char dir[PATH_MAX];      /* the target's folder */
	char target[PATH_MAX];   /* as the user named it ("-" for stdout) */
	char place[PATH_MAX];    /* where the bytes go: target, or the file a link names */
	unsigned char buf[CV_OUTPUT_BUFFER];
};

/*
 * The named temporaries of outputs in progress, for the signal handler:
 * it can only reach them through static storage. Only used where the file
 * system has no O_TMPFILE; one process writes a few outputs at a time.
 */
#define OUTPUT_PENDING_MAX 16
static char pending_names[OUTPUT_PENDING_MAX][PATH_MAX];
static volatile sig_atomic_t pending_used[OUTPUT_PENDING_MAX];

static int pending_add(const char *name)
{
	for (int i = 0; i < OUTPUT_PENDING_MAX; i++) {
		if (!pending_used[i]) {
			memcpy(pending_names[i], name, strlen(name) + 1);
			pending_used[i] = 1;
			return i;
		}
	}
	return -1;
}

static void pending_drop(int slot)
{
	if (slot >= 0)
		pending_used[slot] = 0;
}

void cv_output_cleanup_on_signal(void)
{
	for (int i = 0; i < OUTPUT_PENDING_MAX; i++)
		if (pending_used[i])
			unlink(pending_names[i]);
}

/* The signals that end a run; blocked while a finished output moves into
 * place, so that it is either all there or not at all. */
static void output_block_signals(sigset_t *old)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGPIPE);
	sigprocmask(SIG_BLOCK, &set, old);
}

/* A nameless file in dir, or -1 with errno set. */
static int output_open_nameless(const char *dir)
{
	return open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0666);
}

/* A file in TMPDIR that no crash can leave behind: nameless, or unlinked
 * as soon as it is made. */
static int output_open_scratch(char *name, size_t size)
{
	const char *tmpdir = getenv("TMPDIR");
	int fd;

	if (tmpdir == NULL || *tmpdir == '\0')
		tmpdir = "/tmp";
	fd = output_open_nameless(tmpdir);
	if (fd >= 0)
		return fd;
	snprintf(name, size, "%s/convert.XXXXXX", tmpdir);
	fd = mkostemp(name, O_CLOEXEC);
	if (fd >= 0)
		unlink(name);
	return fd;
}

/* Splits path into its folder (into dir) and base name (into path). */
static int output_split(const char *path, char *dir, size_t size, const char **base)
{
	const char *slash = strrchr(path, '/');
	size_t n = slash == NULL ? 1 : slash == path ? 1 : (size_t)(slash - path);

	*base = slash ? slash + 1 : path;
	if (n >= size)
		return CV_FAIL;
	if (slash == NULL)
		memcpy(dir, ".", 2);
	else
		snprintf(dir, size, "%.*s", (int)n, path);
	return CV_OK;
}

/* Frees o and fills err with message, naming the target. */
static int output_fail(struct cv_output *o, struct cv_error *err, const char *message)
{
	cv_error_set(err, CV_ERROR_SYSTEM, o->target, 0, 0, "%s", message);
	if (o->fd >= 0)
		close(o->fd);
	g_checksum_free(o->sha256);
	free(o);
	return CV_FAIL;
}

/* output_fail with "what: strerror(errno)". */
static int output_fail_errno(struct cv_output *o, struct cv_error *err, const char *what)
{
	char message[512];
	snprintf(message, sizeof message, "%s: %s", what, strerror(errno));
	return output_fail(o, err, message);
}

int cv_output_open(const char *target, const char *input_path,
                   struct cv_output **out, struct cv_error *err)
{
	struct cv_output *o = calloc(1, sizeof *o);
	struct stat in_st, out_st, link_st;
	const char *base;

	*out = NULL;
	if (o == NULL)
		return cv_error_set(err, CV_ERROR_SYSTEM, NULL, 0, 0, "out of memory");
	o->fd = -1;
	o->slot = -1;
	o->sha256 = g_checksum_new(G_CHECKSUM_SHA256);
	if (strlen(target) >= sizeof o->target)
		return output_fail(o, err, "output path too long");
	snprintf(o->target, sizeof o->target, "%s", target);
	snprintf(o->place, sizeof o->place, "%s", target);

	if (strcmp(target, "-") == 0 ||
	    (stat(target, &out_st) == 0 && (S_ISCHR(out_st.st_mode) || S_ISFIFO(out_st.st_mode)))) {
		o->kind = OUTPUT_STREAM;
		o->fd = output_open_scratch(o->tmp, sizeof o->tmp);
		if (o->fd < 0)
			return output_fail_errno(o, err, "cannot create a temporary file for the output");
		*out = o;
		return CV_OK;
	}
	if (stat(target, &out_st) == 0) {
		/* A folder is not replaced either: renaming onto it fails when
		 * the output is complete. */
		if (!S_ISREG(out_st.st_mode) && !S_ISDIR(out_st.st_mode))
			return output_fail(o, err, "the output is neither a regular file nor a character device or FIFO; "
			                   "refusing to replace it");
		if (stat(input_path, &in_st) == 0 && in_st.st_dev == out_st.st_dev && in_st.st_ino == out_st.st_ino)
			return output_fail(o, err, "the output is the input file; refusing to overwrite it");
		/* A symbolic link to a file: the file it names is replaced and
		 * the link is kept. */
		if (lstat(target, &link_st) == 0 && S_ISLNK(link_st.st_mode) && realpath(target, o->place) == NULL)
			return output_fail_errno(o, err, "cannot follow the link");
	}
	if (output_split(o->place, o->dir, sizeof o->dir, &base) != CV_OK)
		return output_fail(o, err, "output path too long");
	o->fd = output_open_nameless(o->dir);
	if (o->fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
		/* The file system has no O_TMPFILE: a named temporary. */
		if ((size_t)snprintf(o->tmp, sizeof o->tmp, "%s/.%s.XXXXXX", o->dir, base) >= sizeof o->tmp)
			return output_fail(o, err, "output path too long");
		sigset_t old;
		output_block_signals(&old);
		o->fd = mkostemp(o->tmp, O_CLOEXEC);
		if (o->fd >= 0) {
			o->named = 1;
			o->slot = pending_add(o->tmp);
		}
		sigprocmask(SIG_SETMASK, &old, NULL);
	}
	if (o->fd < 0)
		return output_fail_errno(o, err, "cannot create the output");
	*out = o;
	return CV_OK;
}

static int output_write_fd(int fd, const void *data, size_t len, const char *file, struct cv_error *err)
{
	if (cv_fd_write_all(fd, data, len) != 0)
		return cv_error_set(err, CV_ERROR_SYSTEM, file, 0, 0, "cannot write the output: %s", strerror(errno));
	return CV_OK;
}

static int output_write_all(struct cv_output *o, const void *data, size_t len, struct cv_error *err)
{
	g_checksum_update(o->sha256, data, (gssize)len);
	o->bytes += len;
	return output_write_fd(o->fd, data, len, o->target, err);
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

/* Copies the finished bytes to standard output or the stream target. */
static int output_copy_to_stream(struct cv_output *o, struct cv_error *err)
{
	char buf[65536];
	ssize_t n;
	int to = STDOUT_FILENO, status = CV_OK;

	if (strcmp(o->target, "-") != 0) {
		to = open(o->target, O_WRONLY | O_NOCTTY | O_CLOEXEC);
		if (to < 0)
			return cv_error_set(err, CV_ERROR_SYSTEM, o->target, 0, 0, "cannot open the output: %s", strerror(errno));
	}
	if (lseek(o->fd, 0, SEEK_SET) < 0)
		status = cv_error_set(err, CV_ERROR_SYSTEM, o->target, 0, 0, "cannot rewind the output");
	while (status == CV_OK && (n = read(o->fd, buf, sizeof buf)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			status = cv_error_set(err, CV_ERROR_SYSTEM, o->target, 0, 0, "cannot read back the output");
		else if (output_write_fd(to, buf, (size_t)n, o->target, err) != CV_OK)
			status = cv_error_set(err, CV_ERROR_SYSTEM, o->target, 0, 0, "cannot write to %s: %s",
			                      to == STDOUT_FILENO ? "standard output" : "the output", strerror(errno));
	}
	if (to != STDOUT_FILENO && close(to) != 0 && status == CV_OK)
		status = cv_error_set(err, CV_ERROR_SYSTEM, o->target, 0, 0, "cannot write the output: %s", strerror(errno));
	return status;
}

/* Gives the nameless file the name final; fails with EEXIST if taken. */
static int output_link(int fd, const char *final)
{
	char proc[64];

	if (linkat(fd, "", AT_FDCWD, final, AT_EMPTY_PATH) == 0)
		return 0;
	if (errno == EEXIST)
		return -1;
	/* AT_EMPTY_PATH needs CAP_DAC_READ_SEARCH; /proc works for anyone. */
	snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
	return linkat(AT_FDCWD, proc, AT_FDCWD, final, AT_SYMLINK_FOLLOW);
}

/* Puts the finished file in place under o->place. */
static int output_place(struct cv_output *o, struct cv_error *err)
{
	sigset_t old;
	int status = CV_OK;

	output_block_signals(&old);
	if (o->named) {
		if (rename(o->tmp, o->place) != 0)
			status = cv_error_set(err, CV_ERROR_SYSTEM, o->target, 0, 0, "cannot move the output into place: %s",
			                      strerror(errno));
	} else if (output_link(o->fd, o->place) != 0) {
		/* The target exists: link under a hidden name and rename it over
		 * the target, so the old file stays whole until the new one is. */
		const char *base = strrchr(o->place, '/');
		base = base ? base + 1 : o->place;
		for (int tries = 0; status == CV_OK; tries++) {
			if (errno != EEXIST || tries == 100) {
				status = cv_error_set(err, CV_ERROR_SYSTEM, o->target, 0, 0, "cannot put the output in place: %s",
				                      strerror(errno));
				break;
			}
			if ((size_t)snprintf(o->tmp, sizeof o->tmp, "%s/.%s.%06x", o->dir, base,
			                     (unsigned)g_random_int() & 0xffffff) >= sizeof o->tmp) {
				errno = ENAMETOOLONG;
				continue;
			}
			if (output_link(o->fd, o->tmp) == 0) {
				if (rename(o->tmp, o->place) != 0) {
					status = cv_error_set(err, CV_ERROR_SYSTEM, o->target, 0, 0,
					                      "cannot move the output into place: %s", strerror(errno));
					unlink(o->tmp);
				}
				break;
			}
		}
	}
	if (status == CV_OK) {
		pending_drop(o->slot);
		o->slot = -1;
		o->named = 0;
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	return status;
}

int cv_output_commit_result(struct cv_output *o, struct cv_output_result *res, struct cv_error *err)
{
	int status = CV_OK;
	mode_t mask;

	if (output_flush(o, err) != CV_OK) {
		cv_output_discard(o);
		return CV_FAIL;
	}
	if (res != NULL) {
		res->bytes = o->bytes;
		snprintf(res->sha256, sizeof res->sha256, "%s", g_checksum_get_string(o->sha256));
	}
	if (o->kind == OUTPUT_STREAM) {
		status = output_copy_to_stream(o, err);
		cv_output_discard(o);
		return status;
	}
	/* A new file gets the mode a plain create would give it. */
	mask = umask(0);
	umask(mask);
	if (fchmod(o->fd, 0666 & ~mask) != 0 || fsync(o->fd) != 0)
		status = cv_error_set(err, CV_ERROR_SYSTEM, o->target, 0, 0, "cannot finish the output: %s", strerror(errno));
	if (status == CV_OK)
		status = output_place(o, err);
	cv_output_discard(o);
	return status;
}

int cv_output_commit(struct cv_output *o, struct cv_error *err)
{
	return cv_output_commit_result(o, NULL, err);
}

void cv_output_discard(struct cv_output *o)
{
	if (o == NULL)
		return;
	if (o->named) {
		unlink(o->tmp);
		pending_drop(o->slot);
	}
	if (o->fd >= 0)
		close(o->fd);
	g_checksum_free(o->sha256);
	free(o);
}
