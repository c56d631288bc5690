/*
 * fuzz_convert.c: one plugin's conversion of whatever article the loader
 * accepts. Built once per format (FUZZ_FORMAT, e.g. "epub"): the plugin
 * is found and loaded through the registry as convert does, and each
 * accepted input is converted into the scratch folder and removed.
 */
#include "fuzz.h"

#ifndef FUZZ_FORMAT
#error "FUZZ_FORMAT names the plugin under test"
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct cv_registry registry;
static const struct cv_plugin *plugin;
static struct cv_xslt_cache *cache;
static char target[PATH_MAX];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const struct cv_plugin_entry *e;

	(void)argc;
	(void)argv;
	fuzz_setup();
	cv_registry_load(&registry, fuzz.paths.plugins, stderr);
	e = cv_registry_lookup(&registry, FUZZ_FORMAT);
	if (e == NULL)
		fuzz_die("no plugin for the format", FUZZ_FORMAT);
	plugin = e->plugin;
	cache = cv_xslt_cache_new(fuzz.paths.stylesheets);
	if (cache == NULL)
		fuzz_die("cannot set up the XSLT runner", NULL);
	snprintf(target, sizeof target, "%s/out.%s", fuzz.folder, plugin->extension);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cv_document *doc = fuzz_load(data, size);
	struct cv_error err;

	if (doc == NULL)
		return 0;
	/* A failure is an answer too; what is tested is that it comes back
	 * with no crash, leak, hang or sanitizer report. */
	if (cv_job_run(plugin, doc, cache, NULL, 0, target, &err) == CV_OK)
		unlink(target);
	cv_document_free(doc);
	return 0;
}
