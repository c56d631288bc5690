/*
 * sandbox: a plugin whose stylesheets (in sandbox/, beside sandbox.so)
 * try what a stylesheet must not do, for tests/test_plugin_sdk.sh. Built
 * outside the source tree with pkg-config flags only.
 *
 * --param sheet=NAME chooses the stylesheet; href and out are passed to
 * it, as every declared parameter is: what to read, where to write.
 */
#include <string.h>

#include <convert/plugin.h>

static const struct cv_param sandbox_params[] = {
	{"sheet", "read.xsl", "the stylesheet of sandbox/ to run"},
	{"href", "data.xml", "what the stylesheet reads with document()"},
	{"out", "", "where the stylesheet tries to write"},
	{NULL, NULL, NULL}
};

static int
sandbox_convert(struct cv_job *job, struct cv_error *err)
{
	return cv_xslt_write(job, cv_job_param(job, "sheet"), NULL, err);
}

CV_PLUGIN_DEFINE("sandbox", "Stylesheets that try to leave their sandbox (a test)",
                 "txt", "text/plain", sandbox_params, sandbox_convert);
