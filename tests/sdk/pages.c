/*
 * pages: a format of several files, for tests/test_plugin_sdk.sh. The main
 * output lists the article's top-level sections, one line each, with the
 * name of a further output that holds that section's title; with
 * --param fail=yes it fails once all of them are written.
 */
#include <stdio.h>
#include <string.h>

#include <convert/plugin.h>

static const struct cv_param pages_params[] = {
	{"fail", "no", "yes: fail after writing every page"},
	{NULL, NULL, NULL}
};

static int
pages_convert(struct cv_job *job, struct cv_error *err)
{
	const xmlNode *article = xmlDocGetRootElement(cv_document_tree(cv_job_document(job)));
	int n = 0;

	for (const xmlNode *body = article->children; body; body = body->next) {
		if (body->type != XML_ELEMENT_NODE || !xmlStrEqual(body->name, BAD_CAST "body"))
			continue;
		for (const xmlNode *s = body->children; s; s = s->next) {
			if (s->type != XML_ELEMENT_NODE || !xmlStrEqual(s->name, BAD_CAST "section"))
				continue;
			char suffix[32], line[300];
			struct cv_extra_output *page;
			snprintf(suffix, sizeof suffix, "/s%d.txt", ++n);
			if (cv_job_add_output(job, suffix, &page, err) != CV_OK)
				return CV_FAIL;
			/* The title is the section's first element. */
			const xmlNode *t = s->children;
			while (t->type != XML_ELEMENT_NODE)
				t = t->next;
			xmlChar *title = xmlNodeGetContent(t);
			int status = cv_extra_output_write(page, title, strlen((const char *)title), err);
			xmlFree(title);
			int len = snprintf(line, sizeof line, "%s\n", cv_extra_output_name(page));
			if (status != CV_OK || cv_job_write(job, line, (size_t)len, err) != CV_OK)
				return CV_FAIL;
		}
	}
	if (strcmp(cv_job_param(job, "fail"), "yes") == 0)
		return cv_error_set(err, CV_ERROR_UNSUPPORTED, NULL, 0, 0, "asked to fail after %d pages", n);
	return CV_OK;
}

CV_PLUGIN_DEFINE("pages", "A list of sections and a file per section (a test)", "list", "text/plain",
                 pages_params, pages_convert);
