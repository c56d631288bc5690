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
	{NULL, NULL, NULL}
};

/* Whether the article's meta names an identifier of its own. */
static int epub_has_identifier(xmlDocPtr tree)
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
 * and differs between articles. The core has already read and checked the
 * file (under its size cap); reading it again is cheaper than serialising
 * the tree.
 */
static int epub_content_uuid(const struct cv_document *doc, char out[37], struct cv_error *err)
{
	const char *path = cv_document_path(doc);
	FILE *f = fopen(path, "rb");
	unsigned char *bytes = NULL;
	size_t len = 0, cap = 0;

	if (f == NULL)
		return cv_error_set(err, CV_ERROR_SYSTEM, path, 0, 0, "epub: cannot read the article again");
	for (;;) {
		if (len == cap) {
			size_t grown_cap = cap ? 2 * cap : 1u << 16;
			unsigned char *grown = realloc(bytes, grown_cap);
			if (grown == NULL) {
				free(bytes);
				fclose(f);
				return cv_error_set(err, CV_ERROR_SYSTEM, NULL, 0, 0, "epub: out of memory");
			}
			bytes = grown;
			cap = grown_cap;
		}
		size_t n = fread(bytes + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		free(bytes);
		fclose(f);
		return cv_error_set(err, CV_ERROR_SYSTEM, path, 0, 0, "epub: cannot read the article again");
	}
	fclose(f);
	epub_uuid_from_bytes(bytes, len, out);
	free(bytes);
	return CV_OK;
}

static int epub_convert(struct cv_job *job, struct cv_error *err)
{
	static const char mimetype[] = "application/epub+zip";
	const struct cv_document *doc = cv_job_document(job);
	xmlDocPtr tree = cv_document_tree(doc);
	const char *depth = cv_job_param(job, "toc-depth");
	char modified[32], uuid[37] = "";
	time_t when;
	struct tm tm;
	xmlDocPtr files = NULL;
	struct epub_zip *zip = NULL;
	unsigned char *bytes = NULL;
	size_t len = 0;
	char *copy;
	int status;

	if (depth == NULL || depth[0] < '1' || depth[0] > '6' || depth[1] != '\0')
		return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0,
		                    "epub: toc-depth must be a number from 1 to 6, not \"%s\"",
		                    depth ? depth : "");
	cv_job_timestamp(job, &when);
	if (gmtime_r(&when, &tm) == NULL ||
	    strftime(modified, sizeof modified, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0, "epub: the timestamp is out of range");
	if (!epub_has_identifier(tree) && epub_content_uuid(doc, uuid, err) != CV_OK)
		return CV_FAIL;

	const char *params[] = {"modified", modified, "content-uuid", uuid, NULL};
	if (cv_xslt_apply(job, "epub.xsl", NULL, params, &files, err) != CV_OK)
		return CV_FAIL;

	zip = epub_zip_new(when, err);
	copy = malloc(sizeof mimetype - 1);
	if (zip == NULL || copy == NULL) {
		free(copy);
		status = zip ? cv_error_set(err, CV_ERROR_SYSTEM, NULL, 0, 0, "epub: out of memory") : CV_FAIL;
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

CV_PLUGIN_DEFINE("epub", "EPUB 3 e-book, reflowable, right-to-left aware (passes epubcheck)",
                 "epub", "application/epub+zip", epub_params, epub_convert);
