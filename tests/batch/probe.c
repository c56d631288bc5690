/*
 * probe.c: a plugin for tests/test_batch.sh, built by it. It writes the
 * article's title, and on request misbehaves as a real plugin might:
 *   --param sleep-ms=N   takes N ms per article (to signal a run midway)
 *   --param crash=yes    dies of SIGSEGV on an article titled "crash"
 *   --param noise=yes    writes a line to descriptor 2, as a library does
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "convert/plugin.h"

static const struct cv_param probe_params[] = {
	{"sleep-ms", "0", "milliseconds to take per article"},
	{"crash", "no", "yes: crash on an article titled crash"},
	{"noise", "no", "yes: write to descriptor 2"},
	{NULL, NULL, NULL}
};

static int probe_convert(struct cv_job *job, struct cv_error *err)
{
	xmlDocPtr tree = cv_document_tree(cv_job_document(job));
	xmlNode *root = xmlDocGetRootElement(tree);
	xmlChar *title = NULL;
	long ms = atol(cv_job_param(job, "sleep-ms"));

	for (xmlNode *m = root->children; m; m = m->next)
		if (m->type == XML_ELEMENT_NODE && strcmp((const char *)m->name, "meta") == 0)
			for (xmlNode *t = m->children; t; t = t->next)
				if (t->type == XML_ELEMENT_NODE && strcmp((const char *)t->name, "title") == 0)
					title = xmlNodeGetContent(t);
	if (strcmp(cv_job_param(job, "noise"), "yes") == 0 && write(2, "library noise\n", 14) < 0) {
		/* nowhere to say it */
	}
	if (cv_job_write(job, "probe: ", 7, err) != CV_OK)
		return CV_FAIL;
	for (long i = 0; i < ms / 10; i++) {
		struct timespec ts = {0, 10000000};
		nanosleep(&ts, NULL);
	}
	if (title && strcmp((const char *)title, "crash") == 0 && strcmp(cv_job_param(job, "crash"), "yes") == 0)
		raise(SIGSEGV);
	int rc = cv_job_write(job, title ? (const char *)title : "", title ? strlen((const char *)title) : 0, err);
	xmlFree(title);
	return rc;
}

CV_PLUGIN_DEFINE("probe", "A test plugin that can be slow, crash or be noisy", "probe", "text/plain",
                 probe_params, probe_convert);
