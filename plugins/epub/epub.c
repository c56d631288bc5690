/*
 * epub: the article as a reflowable EPUB 3 book.
 *
 * epub.xsl decides everything about the book (content documents split at
 * top-level sections, navigation, package metadata, the manifest) and
 * returns it as one <files> tree; this file supplies what a stylesheet
 * cannot know (the timestamp, an identifier derived from the content),
 * then packages the tree: mimetype first and stored, everything else
 * deflated, in the stylesheet's order, all stamped with one time so that
 * the same article and SOURCE_DATE_EPOCH give the same bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "epub.h"

static const struct cv_param epub_params[] = {
	{"toc-depth", "6", "how many section levels the table of contents lists (1-6)"},
	{"page-list", "no", "yes: page breaks and a page-list citing the PDF edition's pages, "
	 "cut as the pdf format would with this run's parameters (docs/archival.md)"},
	{NULL, NULL, NULL}
};

/* toc-depth is one digit from 1 to 6: the section levels the format has. */
static int epub_check(const struct cv_settings *settings, struct cv_error *err)
{
	const char *depth = cv_settings_lookup(settings, "toc-depth");

	const char *pages = cv_settings_lookup(settings, "page-list");

	if (depth[0] < '1' || depth[0] > '6' || depth[1] != '\0')
		return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0,
		                    "toc-depth must be a number from 1 to 6, not \"%s\"", depth);
	if (strcmp(pages, "yes") != 0 && strcmp(pages, "no") != 0)
		return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0,
		                    "page-list must be yes or no, not \"%s\"", pages);
	return CV_OK;
}

/* Whether the article's meta names an identifier of its own. */
static int epub_has_identifier(const xmlDoc *tree)
{
	xmlNodePtr root = xmlDocGetRootElement(tree);

	for (xmlNodePtr m = root ? root->children : NULL; m; m = m->next) {
		if (m->type != XML_ELEMENT_NODE || strcmp((const char *)m->name, "meta") != 0)
			continue;
		for (xmlNodePtr c = m->children; c; c = c->next)
			if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, "identifier") == 0)
				return 1;
	}
	return 0;
}

/*
 * A UUID from the article file's bytes, so that it is stable across runs
 * and differs between articles. The core reads the file again as it read
 * it to load it (a regular file, under the article size cap), which is
 * cheaper than serialising the tree.
 */
static int epub_content_uuid(const struct cv_document *doc, char out[37], struct cv_error *err)
{
	unsigned char *bytes;
	size_t len;

	if (cv_document_load_bytes(doc, &bytes, &len, err) != CV_OK)
		return CV_FAIL;
	epub_uuid_from_bytes(bytes, len, out);
	free(bytes);
	return CV_OK;
}

static int epub_convert(struct cv_job *job, struct cv_error *err)
{
	static const char mimetype[] = "application/epub+zip";
	const struct cv_document *doc = cv_job_document(job);
	const xmlDoc *tree = cv_document_tree(doc);
	char modified[32], uuid[37] = "";
	time_t when;
	struct tm tm;
	xmlDocPtr files = NULL;
	struct epub_zip *zip = NULL;
	unsigned char *bytes = NULL;
	size_t len = 0;
	char *copy;
	int status;

	cv_job_timestamp(job, &when);
	if (gmtime_r(&when, &tm) == NULL ||
	    strftime(modified, sizeof modified, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0, "the timestamp is out of range");
	if (!epub_has_identifier(tree) && epub_content_uuid(doc, uuid, err) != CV_OK)
		return CV_FAIL;

	/* The page-list's article is a copy with the PDF's page breaks in it;
	 * without it, the article itself. */
	xmlDocPtr marked = NULL;
	char *edition = NULL;
	const char *pages = cv_job_param(job, "page-list");
	if (pages && strcmp(pages, "yes") == 0 &&
	    epub_page_list_tree(job, &marked, &edition, err) != CV_OK)
		return CV_FAIL;
	const char *params[] = {"modified", modified, "content-uuid", uuid,
	                        marked ? "page-list-source" : NULL, edition, NULL};
	status = cv_xslt_apply(job, "epub.xsl", marked, params, &files, err);
	xmlFreeDoc(marked);
	free(edition);
	if (status != CV_OK)
		return CV_FAIL;

	zip = epub_zip_new(when, err);
	copy = malloc(sizeof mimetype - 1);
	if (zip == NULL || copy == NULL) {
		free(copy);
		status = zip ? cv_error_set(err, CV_ERROR_SYSTEM, NULL, 0, 0, "out of memory") : CV_FAIL;
		goto done;
	}
	/* OCF: the first entry is "mimetype", stored, without extra fields. */
	memcpy(copy, mimetype, sizeof mimetype - 1);
	status = epub_zip_add(zip, "mimetype", copy, sizeof mimetype - 1, 1, err);
	if (status == CV_OK)
		status = epub_package_write(job, files, zip, err);
	if (status == CV_OK)
		status = epub_zip_finish(zip, &bytes, &len, err);
	if (status == CV_OK)
		status = cv_job_write(job, bytes, len, err);
done:
	free(bytes);
	epub_zip_free(zip);
	xmlFreeDoc(files);
	return status;
}

CV_PLUGIN_DEFINE_CHECKED("epub", "EPUB 3 e-book, reflowable, right-to-left aware (passes epubcheck)",
                         "epub", "application/epub+zip", epub_params, epub_convert, epub_check);
