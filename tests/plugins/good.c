/* A well-formed test plugin: writes the article's title and direction. */
#include <string.h>

#include "convert/plugin.h"

static const struct cv_param good_params[] = {
	{"greeting", "hello", "the first word written"},
	{NULL, NULL, NULL}
};

static int good_convert(struct cv_job *job, struct cv_error *err)
{
	const struct cv_document *doc = cv_job_document(job);
	const char *greeting = cv_job_param(job, "greeting");
	const char *dir = cv_document_direction(doc, NULL) == CV_DIR_RTL ? "rtl" : "ltr";

	if (strcmp(greeting, "fail") == 0) {
		cv_job_write(job, "partial", 7, err);
		return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0, "asked to fail");
	}
	if (cv_job_write(job, greeting, strlen(greeting), err) || cv_job_write(job, " ", 1, err) ||
	    cv_job_write(job, dir, strlen(dir), err))
		return CV_FAIL;
	return CV_OK;
}

CV_PLUGIN_DEFINE("good", "A test plugin", "good", "text/plain", good_params, good_convert);
