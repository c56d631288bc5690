/*
 * archive.c: the archival pass (archive.h): the catalog, the Info
 * dictionary and the XMP packet every PDF gets, then what the structure
 * tree needs (structure.c), and what a standard asks (artifact.c,
 * source.c), all in one incremental update (update.h).
 *
 * Cairo 1.16 writes no /Lang, no XMP, no viewer preferences, Info dates
 * without their D: prefix, and takes no attributes for structure
 * elements. The file it wrote is kept as it is: streams are never read
 * again except a few small ones, and the same article gives the same
 * bytes, the update's /ID included.
 */
#include <stdio.h>
#include <string.h>

#include "archive/local.h"

/* Parses the standard parameter: "none", or a comma list of standards,
 * at most one of them a PDF/A part. */
int pdf_archive_standards(const char *value, unsigned *out, struct cv_error *err)
{
	*out = 0;
	if (value == NULL || strcmp(value, "none") == 0 || *value == '\0')
		return CV_OK;
	gchar **parts = g_strsplit(value, ",", -1);
	int rc = CV_OK;
	for (int i = 0; parts[i] && rc == CV_OK; i++) {
		const char *p = g_strstrip(parts[i]);
		if (g_ascii_strcasecmp(p, "pdf/a-2u") == 0)
			*out |= PDF_STANDARD_A2U;
		else if (g_ascii_strcasecmp(p, "pdf/a-3u") == 0)
			*out |= PDF_STANDARD_A3U;
		else if (g_ascii_strcasecmp(p, "pdf/ua-1") == 0)
			*out |= PDF_STANDARD_UA1;
		else
			rc = cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0,
			                  "pdf: standard must be none, pdf/a-2u, pdf/a-3u, pdf/ua-1 "
			                  "or a comma list of them, not '%s'", value);
	}
	g_strfreev(parts);
	if (rc == CV_OK && (*out & PDF_STANDARD_A2U) && (*out & PDF_STANDARD_A3U))
		rc = cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0,
		                  "pdf: a file conforms to one part of PDF/A, not two: "
		                  "choose pdf/a-2u or pdf/a-3u in '%s'", value);
	return rc;
}

/* ------------------------------------------------------------------ */
/* The article's metadata                                             */
/* ------------------------------------------------------------------ */

/* The first meta child named name, or NULL. */
xmlNode *pdf_archive_meta(const struct pdf_archive *a, const char *name)
{
	xmlNode *root = xmlDocGetRootElement(cv_document_tree(a->article));
	for (xmlNode *m = root ? root->children : NULL; m; m = m->next) {
		if (m->type != XML_ELEMENT_NODE || !xmlStrEqual(m->name, BAD_CAST "meta"))
			continue;
		for (xmlNode *c = m->children; c; c = c->next)
			if (c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, BAD_CAST name))
				return c;
	}
	return NULL;
}

/* The text of node with its white space collapsed, as a new string, or
 * NULL for no node or no text. */
char *pdf_archive_text(const xmlNode *node)
{
	if (node == NULL)
		return NULL;
	xmlChar *raw = xmlNodeGetContent(node);
	GString *s = g_string_new(NULL);
	int space = 0;
	for (const char *p = (const char *)raw; p && *p; p++) {
		if (g_ascii_isspace(*p)) {
			space = s->len > 0;
			continue;
		}
		if (space)
			g_string_append_c(s, ' ');
		space = 0;
		g_string_append_c(s, *p);
	}
	xmlFree(raw);
	return g_string_free(s, s->len == 0);
}

/* ------------------------------------------------------------------ */
/* The catalog and the Info dictionary                                 */
/* ------------------------------------------------------------------ */

static void pdf_archive_catalog(struct pdf_archive *a)
{
	qpdf_data q = a->q;
	qpdf_oh root = qpdf_get_root(q);
	const char *lang = cv_document_lang(a->article, NULL);
	if (lang && *lang)
		qpdf_oh_replace_key(q, root, "/Lang", qpdf_oh_new_unicode_string(q, lang));

	qpdf_oh mark = qpdf_oh_get_key(q, root, "/MarkInfo");
	if (!qpdf_oh_is_dictionary(q, mark)) {
		mark = qpdf_oh_new_dictionary(q);
		qpdf_oh_replace_key(q, root, "/MarkInfo", mark);
	}
	qpdf_oh_replace_key(q, mark, "/Marked", qpdf_oh_new_bool(q, QPDF_TRUE));

	qpdf_oh prefs = qpdf_oh_get_key(q, root, "/ViewerPreferences");
	if (!qpdf_oh_is_dictionary(q, prefs)) {
		prefs = qpdf_oh_new_dictionary(q);
		qpdf_oh_replace_key(q, root, "/ViewerPreferences", prefs);
	}
	/* The window shows the title, not the file name (ISO 14289-1, 7.1). */
	qpdf_oh_replace_key(q, prefs, "/DisplayDocTitle", qpdf_oh_new_bool(q, QPDF_TRUE));
	/* Pages side by side go right to left, as the book is bound. */
	if (cv_document_direction(a->article, NULL) == CV_DIR_RTL)
		qpdf_oh_replace_key(q, prefs, "/Direction", qpdf_oh_new_name(q, "/R2L"));
	pdf_update_touch(a->u, root);
}

/* Info dates in the D: form, and the XMP packet made from Info. */
static void pdf_archive_metadata(struct pdf_archive *a)
{
	qpdf_data q = a->q;
	qpdf_oh trailer = qpdf_get_trailer(q);
	qpdf_oh info = qpdf_oh_get_key(q, trailer, "/Info");
	if (!qpdf_oh_is_dictionary(q, info)) {
		info = qpdf_oh_new_dictionary(q);
		qpdf_oh_replace_key(q, trailer, "/Info", pdf_update_add(a->u, info));
	} else {
		pdf_update_touch(a->u, info);
	}
	qpdf_oh_replace_key(q, info, "/CreationDate", qpdf_oh_new_string(q, a->pdf_date));
	qpdf_oh_replace_key(q, info, "/ModDate", qpdf_oh_new_string(q, a->pdf_date));

	GString *x = pdf_archive_xmp(a, info);
	/* Uncompressed, so that tools that scan for the packet find it
	 * (ISO 19005-2, 6.6.2.1 asks it unfiltered). */
	qpdf_oh dict;
	qpdf_oh stream = pdf_update_add_stream(a->u, x->str, x->len, 0, &dict);
	qpdf_oh_replace_key(q, dict, "/Type", qpdf_oh_new_name(q, "/Metadata"));
	qpdf_oh_replace_key(q, dict, "/Subtype", qpdf_oh_new_name(q, "/XML"));
	qpdf_oh_replace_key(q, qpdf_get_root(q), "/Metadata", stream);
	g_string_free(x, TRUE);
}

/* ------------------------------------------------------------------ */

static int pdf_archive_run(struct pdf_archive *a, struct cv_error *err)
{
	pdf_archive_metadata(a);
	pdf_archive_catalog(a);
	int rc = pdf_archive_structure(a, err);
	if (rc == CV_OK && a->in->tags && a->in->tags->artifacts)
		rc = pdf_archive_artifacts(a, err);
	if (rc == CV_OK && (a->standards & PDF_STANDARD_PDFA)) {
		rc = pdf_archive_output_intent(a, err);
		pdf_archive_fonts(a);
	}
	/* PDF/A-2 admits only PDF/A files as attachments, so the source
	 * goes in with PDF/A-3 alone (docs/archival.md). */
	if (rc == CV_OK && (a->standards & PDF_STANDARD_A3U))
		rc = pdf_archive_embed_source(a, err);
	if (rc == CV_OK && qpdf_has_error(a->q))
		rc = pdf_update_qpdf_error(a->u, err);
	return rc;
}

int pdf_archive_write(const struct pdf_archive_input *in, struct pdf_held *held,
                      struct cv_error *err)
{
	struct pdf_archive a;
	memset(&a, 0, sizeof a);
	a.in = in;
	a.standards = in->standards;
	a.article = cv_job_document(in->job);
	a.u = pdf_update_open(held, err);
	if (a.u == NULL)
		return CV_FAIL;
	a.q = pdf_update_qpdf(a.u);
	a.pages_tabbed = g_hash_table_new(g_direct_hash, g_direct_equal);
	time_t when;
	struct tm tm;
	cv_job_timestamp(in->job, &when);
	gmtime_r(&when, &tm);
	strftime(a.pdf_date, sizeof a.pdf_date, "D:%Y%m%d%H%M%SZ", &tm);
	strftime(a.xmp_date, sizeof a.xmp_date, "%Y-%m-%dT%H:%M:%SZ", &tm);
	int rc = pdf_archive_run(&a, err);
	if (rc == CV_OK)
		rc = pdf_update_write(a.u, in->job, err);
	pdf_update_free(a.u);
	g_hash_table_destroy(a.pages_tabbed);
	if (a.ids)
		g_hash_table_destroy(a.ids);
	return rc;
}
