/*
 * job.h: the layout of a job. job.c owns it; xslt.c and extra.c read
 * what the plugin's calls need (the document, the plugin, its folder,
 * the target) and never write it, and job.c calls neither of them.
 */
#ifndef CV_JOB_H
#define CV_JOB_H

#include <limits.h>

#include "internal.h"

struct cv_job {
	const struct cv_plugin *plugin;
	const struct cv_document *doc;
	struct cv_xslt_cache *cache;
	struct cv_settings settings;
	char folder[PATH_MAX];           /* the plugin's own folder; "" for none */
	const char *target;              /* the main output's path, or "-" */
	struct cv_output *output;
	struct cv_extra_output *extras;  /* cv_job_add_output's, newest first */
	int pages;                       /* cv_job_set_pages; -1 until then */
	int threads;                     /* cv_job_threads: 1 or more */
};

#endif
