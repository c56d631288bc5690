/*
 * package.c: turns the <files> tree that epub.xsl makes into archive
 * entries.
 *
 * The stylesheet decides what the book contains and in which order; this
 * file only serialises. Each <file path="..."> holds one of:
 *   an element        an XML document (XHTML, OPF, container.xml) written
 *                     with an XML declaration; doctype="html" adds
 *                     <!DOCTYPE html> for content documents
 *   resource="SRC"    the bytes of the article's image SRC, which the core
 *                     has already resolved, read and checked
 *   stylesheet="NAME" a file of convert's stylesheets folder (epub.css)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlsave.h>

#include "epub.h"


/* A path inside the archive that a reader will accept and that cannot
 * collide with the mimetype entry the plugin writes itself. */
static int epub_path_ok(const char *path)
{
	if (path[0] == '\0' || path[0] == '/' || strcmp(path, "mimetype") == 0)
		return 0;
	for (const char *p = path; *p; p++) {
		if (*p == '\\')
			return 0;
		if ((p == path || p[-1] == '/') && p[0] == '.' && (p[1] == '/' || p[1] == '\0' ||
		                                                   (p[1] == '.' && (p[2] == '/' || p[2] == '\0'))))
			return 0;
	}
	return 1;
}

static int epub_add_copy(struct epub_zip *zip, const char *path, const void *data, size_t len,
                         struct cv_error *err)
{
	void *copy = malloc(len ? len : 1);

	if (copy == NULL)
		return cv_error_set(err, CV_ERROR_SYSTEM, NULL, 0, 0, "out of memory");
	memcpy(copy, data, len);
	return epub_zip_add(zip, path, copy, len, 0, err);
}

static int epub_add_tree(struct epub_zip *zip, const char *path, xmlDocPtr doc, xmlNodePtr root,
                         int html, struct cv_error *err)
{
	xmlOutputBufferPtr out = xmlAllocOutputBuffer(NULL);
	int status;

	if (out == NULL)
		return cv_error_set(err, CV_ERROR_SYSTEM, NULL, 0, 0, "out of memory");
	xmlOutputBufferWriteString(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	if (html)
		xmlOutputBufferWriteString(out, "<!DOCTYPE html>\n");
	xmlNodeDumpOutput(out, doc, root, 0, 0, "UTF-8");
	xmlOutputBufferWriteString(out, "\n");
	xmlOutputBufferFlush(out);
	if (out->error != 0) {
		xmlOutputBufferClose(out);
		return cv_error_set(err, CV_ERROR_LIBRARY, NULL, 0, 0, "cannot serialise %s", path);
	}
	status = epub_add_copy(zip, path, xmlOutputBufferGetContent(out),
	                       xmlOutputBufferGetSize(out), err);
	xmlOutputBufferClose(out);
	return status;
}

/* Opens NAME in the stylesheets folder that sits at REL from FROM's folder. */
/* A CSS file of the stylesheets folder, copied in as the user styled it. */
static int epub_add_stylesheet_file(struct cv_job *job, struct epub_zip *zip, const char *path,
                                    const char *name, struct cv_error *err)
{
	char *data;
	size_t len;

	if (cv_job_load_stylesheet_file(job, name, &data, &len, err))
		return CV_FAIL;
	return epub_zip_add(zip, path, data, len, 0, err);
}

int epub_package_write(struct cv_job *job, xmlDocPtr files, struct epub_zip *zip,
                       struct cv_error *err)
{
	const struct cv_document *doc = cv_job_document(job);
	xmlNodePtr top = xmlDocGetRootElement(files);

	if (top == NULL || strcmp((const char *)top->name, "files") != 0)
		return cv_error_set(err, CV_ERROR_LIBRARY, NULL, 0, 0, "epub.xsl made no <files> tree");
	for (xmlNodePtr f = top->children; f; f = f->next) {
		xmlChar *path, *res, *css, *doctype;
		xmlNodePtr root = NULL;
		int status;

		if (f->type != XML_ELEMENT_NODE)
			continue;
		path = xmlGetProp(f, BAD_CAST "path");
		if (path == NULL || !epub_path_ok((const char *)path)) {
			status = cv_error_set(err, CV_ERROR_LIBRARY, NULL, 0, 0, "bad entry name \"%s\"",
			                      path ? (const char *)path : "");
			xmlFree(path);
			return status;
		}
		res = xmlGetProp(f, BAD_CAST "resource");
		css = xmlGetProp(f, BAD_CAST "stylesheet");
		doctype = xmlGetProp(f, BAD_CAST "doctype");
		for (xmlNodePtr c = f->children; c && root == NULL; c = c->next)
			if (c->type == XML_ELEMENT_NODE)
				root = c;
		if (res) {
			const struct cv_resource *r = cv_document_lookup_resource(doc, (const char *)res);
			/* The core checked every image at load time; absence is a bug. */
			status = r ? epub_add_copy(zip, (const char *)path, cv_resource_data(r),
			                           cv_resource_size(r), err)
			           : cv_error_set(err, CV_ERROR_FORMAT, cv_document_path(doc), 0, 0,
			                          "image \"%s\" was not loaded", (const char *)res);
		} else if (css) {
			status = epub_add_stylesheet_file(job, zip, (const char *)path, (const char *)css, err);
		} else if (root) {
			status = epub_add_tree(zip, (const char *)path, files, root,
			                       doctype && strcmp((const char *)doctype, "html") == 0, err);
		} else {
			status = cv_error_set(err, CV_ERROR_LIBRARY, NULL, 0, 0, "entry %s has no content",
			                      (const char *)path);
		}
		xmlFree(path);
		xmlFree(res);
		xmlFree(css);
		xmlFree(doctype);
		if (status != CV_OK)
			return status;
	}
	return CV_OK;
}
