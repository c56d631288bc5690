/*
 * job.h: the layout of a job, shared by job.c and xslt.c only.
 */
#ifndef CV_JOB_H
#define CV_JOB_H

#include "internal.h"

struct cv_job {
	const struct cv_plugin *plugin;
	const struct cv_document *doc;
	struct cv_xslt_cache *cache;
	const struct cv_param_value *params; /* the user's, all formats' */
	size_t nparams;
	struct cv_output *output;
	/* cv:index()'s last answer (xslt.c): stylesheets ask for siblings in
	 * order, so the next answer is counted from it. */
	const void *index_node;
	double index_value;
	int pages; /* cv_job_set_pages; -1 until then */
};

#endif
