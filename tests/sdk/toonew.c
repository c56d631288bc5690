/*
 * toonew: a descriptor that needs one minor more than the installed
 * header has, as a plugin built against a newer convert would carry; the
 * core must refuse it ("upgrade convert"). For tests/test_plugin_sdk.sh.
 */
#include <convert/plugin.h>

static int
toonew_convert(struct cv_job *job, struct cv_error *err)
{
	(void)job;
	return cv_error_set(err, CV_ERROR_LIBRARY, NULL, 0, 0, "must never run");
}

CV_EXPORT const struct cv_plugin cv_plugin_descriptor = {
	CV_ABI_MAJOR, CV_ABI_MINOR + 1, "toonew", "never loaded", "x", "text/plain",
	NULL, toonew_convert, NULL, NULL, {0}
};
