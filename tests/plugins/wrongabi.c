/* A test plugin built for an ABI this core does not speak. */
#include "convert/plugin.h"

static int wrong_convert(struct cv_job *job, struct cv_error *err)
{
	(void)job;
	return cv_error_set(err, CV_ERROR_LIBRARY, NULL, 0, 0, "must never run");
}

CV_EXPORT const struct cv_plugin cv_plugin_descriptor = {
	CV_ABI_MAJOR + 1, 0, "wrongabi", "never loaded", "x", "text/plain", NULL, wrong_convert, NULL, NULL, {0}
};
