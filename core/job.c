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

/* The instant every output is stamped with when neither SOURCE_DATE_EPOCH
 * nor the article gives one: 1980-01-01T00:00:00Z, the first instant a
 * zip entry (so an EPUB) can record, so that every format shows the same
 * time. Documented in docs/archival.md. */
#define JOB_FIXED_EPOCH ((time_t)315532800)
/* 9999-12-31T23:59:59Z: the last instant with a four-digit year, which
 * PDF, XMP and OPF dates need. */
#define JOB_LAST_EPOCH 253402300799LL

/* SOURCE_DATE_EPOCH as the reproducible-builds specification defines it:
 * decimal seconds since 1970 UTC, nothing else. Returns 1 and sets *out
 * for a valid value, 0 when unset or empty, -1 when malformed. */
static int job_source_date_epoch(time_t *out)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	if (s == NULL || *s == '\0')
		return 0;
	long long v = 0;
	for (const char *p = s; *p; p++) {
		if (!isdigit((unsigned char)*p) || v > JOB_LAST_EPOCH)
			return -1;
		v = v * 10 + (*p - '0');
	}
	if (v > JOB_LAST_EPOCH)
		return -1;
	*out = (time_t)v;
	return 1;
}

/* The article's meta/date (YYYY-MM-DD, checked by the schema) at midnight
 * UTC. Returns 1 and sets *out when the article has one. */
static int job_article_date(const struct cv_document *doc, time_t *out)
{
	xmlNodePtr root = xmlDocGetRootElement(cv_document_tree(doc));
	for (xmlNodePtr m = root ? root->children : NULL; m; m = m->next) {
		if (m->type != XML_ELEMENT_NODE || !xmlStrEqual(m->name, BAD_CAST "meta"))
			continue;
		for (xmlNodePtr d = m->children; d; d = d->next) {
			if (d->type != XML_ELEMENT_NODE || !xmlStrEqual(d->name, BAD_CAST "date"))
				continue;
			xmlChar *text = xmlNodeGetContent(d);
			struct tm tm = {0};
			char *end = text ? strptime((const char *)text, "%Y-%m-%d", &tm) : NULL;
			int ok = end != NULL && *end == '\0';
			xmlFree(text);
			if (!ok)
				return 0;
			*out = timegm(&tm);
			return *out != (time_t)-1;
		}
	}
	return 0;
}

int cv_job_timestamp(const struct cv_job *job, time_t *out)
{
	int from_env = job_source_date_epoch(out);
	if (from_env > 0)
		return 1;
	if (from_env < 0)
		fprintf(stderr, "convert: warning: %s: %s: SOURCE_DATE_EPOCH is not a number of "
		        "seconds up to year 9999; ignored\n", job->plugin->name,
		        cv_document_display_name(job->doc));
	if (!job_article_date(job->doc, out))
		*out = JOB_FIXED_EPOCH;
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

int cv_job_run(const struct cv_plugin *plugin, const struct cv_document *doc,
               struct cv_xslt_cache *cache, const struct cv_param_value *params,
               size_t nparams, const char *target, struct cv_error *err)
{
	struct cv_job job = {plugin, doc, cache, params, nparams, NULL, NULL, 0};

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
	return cv_output_commit(job.output, err);
}
