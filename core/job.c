/*
 * job.c: one article converted by one plugin into its outputs.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "job.h"

const struct cv_document *cv_job_document(const struct cv_job *job)
{
	return job->doc;
}

const char *cv_job_param(const struct cv_job *job, const char *name)
{
	return cv_settings_lookup(&job->settings, name);
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
	struct cv_error w;
	va_list ap;

	va_start(ap, fmt);
	cv_error_vset(&w, CV_ERROR_NONE, cv_document_display_name(job->doc), 0, 0, fmt, ap);
	va_end(ap);
	cv_error_name_format(&w, job->plugin->name);
	cv_warning_print(&w, stderr);
}

int cv_job_write(struct cv_job *job, const void *data, size_t len, struct cv_error *err)
{
	return cv_output_write(job->output, data, len, err);
}

void cv_job_set_pages(struct cv_job *job, int pages)
{
	job->pages = pages;
}

int cv_job_threads(const struct cv_job *job)
{
	return job->threads;
}

int cv_job_run_result(const struct cv_plugin *plugin, const struct cv_document *doc,
                      struct cv_xslt_cache *cache, const struct cv_param_value *params,
                      size_t nparams, const char *target, unsigned threads,
                      struct cv_job_result *res, struct cv_error *err)
{
	struct cv_job job = {
		.plugin = plugin,
		.doc = doc,
		.cache = cache,
		.settings = {plugin, params, nparams},
		.target = target,
		.pages = -1,
		.threads = threads == 0 ? 1 : threads > INT_MAX ? INT_MAX : (int)threads,
	};

	memset(err, 0, sizeof *err);
	if (cv_plugin_folder(plugin, job.folder, sizeof job.folder) != CV_OK)
		job.folder[0] = '\0';
	if (cv_output_open(target, cv_document_path(doc), &job.output, err))
		return CV_FAIL;
	if (plugin->convert(&job, err) != CV_OK) {
		cv_extras_free(job.extras, 0);
		cv_output_discard(job.output);
		if (err->message[0] == '\0')
			cv_error_set(err, CV_ERROR_LIBRARY, NULL, 0, 0, "the plugin failed without saying why");
		cv_error_name_format(err, plugin->name);
		if (err->file[0] == '\0')
			snprintf(err->file, sizeof err->file, "%s", cv_document_display_name(doc));
		return CV_FAIL;
	}
	/* The further outputs first: the main one appears last, so whoever
	 * sees it (make, --update) sees a complete set. */
	if (cv_extras_commit(job.extras, err) != CV_OK) {
		cv_extras_free(job.extras, 0);
		cv_output_discard(job.output);
		return CV_FAIL;
	}
	if (res != NULL)
		res->pages = job.pages;
	if (cv_output_commit_result(job.output, res ? &res->output : NULL, err) != CV_OK) {
		cv_extras_free(job.extras, 0);
		return CV_FAIL;
	}
	cv_extras_free(job.extras, 1);
	return CV_OK;
}

int cv_job_run(const struct cv_plugin *plugin, const struct cv_document *doc,
               struct cv_xslt_cache *cache, const struct cv_param_value *params,
               size_t nparams, const char *target, struct cv_error *err)
{
	return cv_job_run_result(plugin, doc, cache, params, nparams, target, 1, NULL, err);
}
