/*
 * extra.c: a job's further outputs, for formats that write several files
 * (a folder of pages, thumbnails beside a PDF).
 *
 * Each is a cv_output (a temporary file beside its target), so each is
 * written atomically; and they go together with the main output: placed
 * only when the conversion succeeded, and all removed, with any folder
 * made for them, when it failed, even the ones already renamed into
 * place. Their names derive from the main output's, so inputs that map
 * to distinct main outputs never share a further one.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "job.h"

/* Folders a suffix may make below the main output's folder. */
#define EXTRA_MAX_DEPTH 8

struct cv_extra_output {
	struct cv_extra_output *next;
	struct cv_output *out;  /* NULL once committed */
	int placed;             /* renamed into place */
	char target[PATH_MAX];
	char name[PATH_MAX];    /* relative to the main output's folder */
	size_t nmade;           /* folders made for it, outermost first, */
	size_t made[EXTRA_MAX_DEPTH]; /* as lengths of target's prefixes */
};

/* A suffix is a short run of ". - _ /" and ASCII letters and digits,
 * starting with one of ". - _ /", whose "/"-separated parts are never
 * empty, "." or "..", at most EXTRA_MAX_DEPTH folders deep. */
static int extra_suffix_ok(const char *suffix)
{
	size_t n = strlen(suffix), depth = 0;

	if (n < 2 || n > 255 || strchr(".-_/", suffix[0]) == NULL || suffix[n - 1] == '/')
		return 0;
	for (const char *c = suffix; *c; c++) {
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
		      strchr(".-_/", *c) != NULL))
			return 0;
		depth += *c == '/';
	}
	if (depth > EXTRA_MAX_DEPTH)
		return 0;
	for (const char *part = suffix; part != NULL;) {
		const char *slash = strchr(part, '/');
		size_t len = slash ? (size_t)(slash - part) : strlen(part);
		/* The part before the first "/" continues the main output's
		 * stem, so only it may be empty ("/p2.html"). */
		if ((len == 0 && part != suffix) || (len == 1 && part[0] == '.') ||
		    (len == 2 && part[0] == '.' && part[1] == '.'))
			return 0;
		part = slash ? slash + 1 : NULL;
	}
	return 1;
}

/* Makes the folders of e->target that do not exist, recording them. */
static int extra_make_folders(struct cv_extra_output *e, size_t stem_end, struct cv_error *err)
{
	char path[PATH_MAX];

	memcpy(path, e->target, strlen(e->target) + 1);
	for (char *slash = strchr(path + stem_end, '/'); slash != NULL; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (mkdir(path, 0777) == 0)
			e->made[e->nmade++] = (size_t)(slash - path);
		else if (errno != EEXIST)
			return cv_error_set(err, CV_ERROR_SYSTEM, path, 0, 0, "cannot make the folder: %s",
			                    strerror(errno));
		*slash = '/';
	}
	return CV_OK;
}

/* Removes what e left: its temporary file, its placed file, its folders
 * (only if empty: another output may be in them). */
static void extra_remove(struct cv_extra_output *e)
{
	cv_output_discard(e->out);
	e->out = NULL;
	if (e->placed)
		unlink(e->target);
	e->placed = 0;
	for (size_t i = e->nmade; i-- > 0;) {
		char folder[PATH_MAX];
		snprintf(folder, sizeof folder, "%.*s", (int)e->made[i], e->target);
		rmdir(folder);
	}
}

int cv_job_add_output(struct cv_job *job, const char *suffix, struct cv_extra_output **out,
                      struct cv_error *err)
{
	const char *base, *dot;
	size_t stem_len;
	struct cv_extra_output *e;

	*out = NULL;
	if (suffix == NULL || !extra_suffix_ok(suffix))
		return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0,
		                    "\"%s\" is not a suffix for a further output (it starts with . - _ or /, "
		                    "holds ASCII letters, digits and . - _ / only, and is at most %d folders deep)",
		                    suffix ? suffix : "", EXTRA_MAX_DEPTH);
	if (job->target == NULL)
		return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0,
		                    "a job that makes a page map writes nothing");
	if (strcmp(job->target, "-") == 0)
		return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0,
		                    "this format writes several files, so it cannot write to standard output (-o -)");
	/* The stem: the main output's path without its extension. */
	base = strrchr(job->target, '/');
	base = base ? base + 1 : job->target;
	dot = strrchr(base, '.');
	stem_len = (size_t)((dot && dot != base ? dot : base + strlen(base)) - job->target);
	e = calloc(1, sizeof *e);
	if (e == NULL)
		return cv_error_set(err, CV_ERROR_SYSTEM, NULL, 0, 0, "out of memory");
	if ((size_t)snprintf(e->target, sizeof e->target, "%.*s%s", (int)stem_len, job->target, suffix) >=
	    sizeof e->target) {
		free(e);
		return cv_error_set(err, CV_ERROR_ARGUMENT, job->target, 0, 0, "further output path too long");
	}
	snprintf(e->name, sizeof e->name, "%s", e->target + (base - job->target));
	int taken = strcmp(e->target, job->target) == 0;
	for (const struct cv_extra_output *o = job->extras; o && !taken; o = o->next)
		taken = strcmp(o->target, e->target) == 0;
	if (taken) {
		cv_error_set(err, CV_ERROR_ARGUMENT, e->target, 0, 0, "this output is already being written by the job");
		free(e);
		return CV_FAIL;
	}
	if (extra_make_folders(e, stem_len, err) != CV_OK ||
	    cv_output_open(e->target, cv_document_path(job->doc), &e->out, err) != CV_OK) {
		extra_remove(e);
		free(e);
		return CV_FAIL;
	}
	e->next = job->extras;
	job->extras = e;
	*out = e;
	return CV_OK;
}

int cv_extra_output_write(struct cv_extra_output *out, const void *data, size_t len,
                          struct cv_error *err)
{
	return cv_output_write(out->out, data, len, err);
}

const char *cv_extra_output_name(const struct cv_extra_output *out)
{
	return out->name;
}

int cv_extras_commit(struct cv_extra_output *list, struct cv_error *err)
{
	for (struct cv_extra_output *e = list; e != NULL; e = e->next) {
		struct cv_output *o = e->out;
		e->out = NULL; /* committed or not, cv_output_commit frees it */
		if (cv_output_commit(o, err) != CV_OK)
			return CV_FAIL;
		e->placed = 1;
	}
	return CV_OK;
}

void cv_extras_free(struct cv_extra_output *list, int keep)
{
	while (list != NULL) {
		struct cv_extra_output *next = list->next;
		if (!keep)
			extra_remove(list);
		free(list);
		list = next;
	}
}
