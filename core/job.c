/*
 * job.c: one article converted by one plugin into one output.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "job.h"

const struct cv_document *cv_job_document(const struct cv_job *job)
{
	return job->doc;
}

const char *cv_job_param(const struct cv_job *job, const char *name)
{
	const struct cv_param *decl = NULL;

	for (const struct cv_param *p = job->plugin->params; p && p->name; p++)
		if (strcmp(p->name, name) == 0)
			decl = p;
	if (decl == NULL)
		return NULL;
	/* The last --param given wins, as on most command lines. */
	for (size_t i = job->nparams; i-- > 0;)
		if (strcmp(job->params[i].name, name) == 0)
			return job->params[i].value;
	return decl->default_value ? decl->default_value : "";
}

int cv_job_timestamp(const struct cv_job *job, time_t *out)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	(void)job;
	if (s != NULL && *s) {
		char *end;
		long long v = strtoll(s, &end, 10);
		if (*end == '\0' && v >= 0 && isdigit((unsigned char)s[0])) {
			*out = (time_t)v;
			return 1;
		}
	}
	*out = time(NULL);
	return 0;
}

void cv_job_warn(struct cv_job *job, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "convert: warning: %s: %s: ", job->plugin->name, cv_document_display_name(job->doc));
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

#define JOB_MAX_STYLESHEET_FILE (4u * 1024u * 1024u)

int cv_job_load_stylesheet_file(struct cv_job *job, const char *name, char **data,
                                size_t *len, struct cv_error *err)
{
	char path[PATH_MAX];
	unsigned char *buf;
	int fd, status;

	*data = NULL;
	*len = 0;
	if (name == NULL || name[0] == '\0' || name[0] == '.' || strchr(name, '/') != NULL)
		return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0,
		                    "%s: \"%s\" is not a plain file name of the stylesheets folder",
		                    job->plugin->name, name ? name : "");
	if ((size_t)snprintf(path, sizeof path, "%s/%s", cv_xslt_cache_folder(job->cache), name) >= sizeof path)
		return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0, "stylesheet path too long");
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return cv_error_set(err, CV_ERROR_SYSTEM, path, 0, 0, "cannot open: %s", strerror(errno));
	status = cv_file_read_all(fd, JOB_MAX_STYLESHEET_FILE, path, name, &buf, len, err);
	close(fd);
	if (status != CV_OK)
		return CV_FAIL;
	*data = (char *)buf;
	return CV_OK;
}

int cv_job_write(struct cv_job *job, const void *data, size_t len, struct cv_error *err)
{
	return cv_output_write(job->output, data, len, err);
}

void cv_job_set_pages(struct cv_job *job, int pages)
{
	job->pages = pages;
}

int cv_job_run_result(const struct cv_plugin *plugin, const struct cv_document *doc,
                      struct cv_xslt_cache *cache, const struct cv_param_value *params,
                      size_t nparams, const char *target, struct cv_job_result *res,
                      struct cv_error *err)
{
	struct cv_job job = {plugin, doc, cache, params, nparams, NULL, NULL, 0, -1};

	memset(err, 0, sizeof *err);
	if (cv_output_open(target, cv_document_path(doc), &job.output, err))
		return CV_FAIL;
	if (plugin->convert(&job, err) != CV_OK) {
		cv_output_discard(job.output);
		if (err->message[0] == '\0')
			cv_error_set(err, CV_ERROR_LIBRARY, NULL, 0, 0, "the %s plugin failed without saying why", plugin->name);
		if (err->file[0] == '\0')
			snprintf(err->file, sizeof err->file, "%s", cv_document_display_name(doc));
		return CV_FAIL;
	}
	if (res != NULL)
		res->pages = job.pages;
	return cv_output_commit_result(job.output, res ? &res->output : NULL, err);
}

int cv_job_run(const struct cv_plugin *plugin, const struct cv_document *doc,
               struct cv_xslt_cache *cache, const struct cv_param_value *params,
               size_t nparams, const char *target, struct cv_error *err)
{
	return cv_job_run_result(plugin, doc, cache, params, nparams, target, NULL, err);
}
