/*
 * legacy: a plugin that needs nothing newer than ABI 1.0, written as the
 * 1.0 documentation said (its messages name it themselves), for
 * tests/test_plugin_sdk.sh. It says so before including the header, so it
 * runs on every convert with ABI 1.x, and the header lets it use nothing
 * newer: building it with -DLEGACY_USES_1_2 must fail.
 *
 * --param mode=ok writes the article element's language; warn also gives
 * a warning; fail fails.
 */
#define CV_PLUGIN_ABI_MINOR 0
#include <string.h>

#include <convert/plugin.h>

static const struct cv_param legacy_params[] = {
	{"mode", "ok", "ok, warn or fail"},
	{NULL, NULL, NULL}
};

static int
legacy_convert(struct cv_job *job, struct cv_error *err)
{
	const char *mode = cv_job_param(job, "mode");
	/* Non-const before ABI 1.2, and still so for a 1.0 plugin. */
	xmlDocPtr tree = cv_document_tree(cv_job_document(job));
	const char *lang = cv_document_lang(cv_job_document(job), xmlDocGetRootElement(tree));

#ifdef LEGACY_USES_1_2
	(void)cv_settings_lookup(NULL, "mode");
#endif
	if (strcmp(mode, "warn") == 0)
		cv_job_warn(job, "legacy: a warning, named as ABI 1.0 plugins did");
	else if (strcmp(mode, "fail") == 0)
		return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0, "legacy: asked to fail");
	else if (strcmp(mode, "ok") != 0)
		return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0,
		                    "legacy: mode must be ok, warn or fail, not \"%s\"", mode);
	if (cv_job_write(job, lang, strlen(lang), err) != CV_OK)
		return CV_FAIL;
	return cv_job_write(job, "\n", 1, err);
}

CV_PLUGIN_DEFINE("legacy", "Built for ABI 1.0 (a test)", "lang", "text/plain",
                 legacy_params, legacy_convert);
