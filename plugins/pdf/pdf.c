/*
 * pdf.c: the PDF plugin's descriptor and convert function.
 *
 * The article goes through stylesheets/pdf.xsl into the layout vocabulary
 * (docs/pdf-layout.md); layout.c lays the blocks out with Pango,
 * paginate.c cuts pages, render.c draws them with Cairo's PDF surface
 * through cv_job_write.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xpathInternals.h>

#include "pdf.h"

static const struct cv_param pdf_params[] = {
	{ "page-size", "A4", "A4, A5, A3, letter, legal, or WxH in millimetres (e.g. 170x240)" },
	{ "margin", "22", "page margins in millimetres" },
	{ "font-size", "11", "body text size in points" },
	{ "font-serif", "Noto Serif", "font family for text in Latin and other scripts" },
	{ "font-sans", "Noto Sans", "sans-serif font family" },
	{ "font-mono", "Noto Sans Mono", "font family for code and preformatted text" },
	{ "font-arabic", "Amiri", "font family for Arabic-script text" },
	{ "number-headings", "yes", "number the section headings (yes or no)" },
	{ "digits", "auto", "auto, latin or arabic-indic: digits of page and section numbers" },
	{ "toc", "no", "yes: a table of contents with page numbers after the title" },
	{ NULL, NULL, NULL }
};

/*
 * Refuses, once and before any article is read, each value that pdf.xsl
 * or layout.c would refuse for every article, reading the numbers as they
 * do (page-size upper-cased and cut at its X, and font-size, through
 * XPath's number(); margin through strtod), with layout.c's limits.
 */
static int pdf_check(const struct cv_settings *settings, struct cv_error *err)
{
	static const char *const words[][4] = {
		{ "number-headings", "yes", "no", NULL }, { "toc", "yes", "no", NULL },
		{ "digits", "auto", "latin", "arabic-indic" },
	};
	static const struct { const char *name; double w, h; } sizes[] = {
		{ "A4", 210, 297 }, { "A5", 148, 210 }, { "A3", 297, 420 },
		{ "LETTER", 215.9, 279.4 }, { "LEGAL", 215.9, 355.6 },
	};
	static const char *const fonts[] = { "font-serif", "font-sans", "font-mono", "font-arabic" };
	for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
		const char *v = cv_settings_lookup(settings, words[i][0]);
		int ok = 0;
		for (size_t j = 1; j < 4 && words[i][j]; j++)
			ok |= strcmp(v, words[i][j]) == 0;
		if (!ok)
			return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0, "%s must be %s, not '%s'",
			                    words[i][0], words[i][3] ? "auto, latin or arabic-indic" : "yes or no", v);
	}
	for (size_t i = 0; i < sizeof fonts / sizeof *fonts; i++) {
		const char *v = cv_settings_lookup(settings, fonts[i]);
		size_t n = strlen(v), ctl = 0;
		for (size_t j = 0; j < n; j++)
			ctl += (unsigned char)v[j] < 0x20 || v[j] == 0x7f;
		if (n == 0 || n > 200 || ctl)
			return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0,
			                    "%s must name a font family, not '%s'", fonts[i], v);
	}
	const char *ps = cv_settings_lookup(settings, "page-size");
	const char *fs = cv_settings_lookup(settings, "font-size");
	const char *margin = cv_settings_lookup(settings, "margin");
	char w[64] = "", h[64] = "", *x, *hc = h;
	double val[2] = { NAN, NAN }, fsv = xmlXPathStringEvalNumber(BAD_CAST fs);
	snprintf(w, sizeof w, "%s", strlen(ps) < sizeof w ? ps : "");
	for (char *c = w; *c; c++)
		*c = *c >= 'a' && *c <= 'z' ? (char)(*c - 'a' + 'A') : *c;
	for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++)
		if (strcmp(w, sizes[i].name) == 0)
			val[0] = sizes[i].w, val[1] = sizes[i].h;
	if (isnan(val[0]) && (x = strchr(w, 'X')) != NULL) {
		for (const char *c = x + 1; *c; c++)
			if (*c != 'M')
				*hc++ = *c;
		*x = '\0';
		val[0] = xmlXPathStringEvalNumber(BAD_CAST w);
		val[1] = xmlXPathStringEvalNumber(BAD_CAST h);
	}
	if (!(val[0] >= 50 && val[0] <= 2000 && val[1] >= 50 && val[1] <= 2000))
		return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0,
		                    "page-size '%s' is not A3, A4, A5, letter, legal or WxH "
		                    "in millimetres (50 to 2000)", ps);
	if (!(fsv >= 4 && fsv <= 72))
		return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0,
		                    "font-size must be a number of points from 4 to 72, not '%s'", fs);
	char *end;
	double m = strtod(margin, &end);
	/* layout.c's sums, in points, so that a value on the limit goes the
	 * same way here and there. */
	if (end == margin || *end != '\0' || !(m >= 0) ||
	    m * PDF_MM + m * PDF_MM > val[0] * PDF_MM * 0.7 ||
	    m * PDF_MM + m * PDF_MM > val[1] * PDF_MM * 0.7)
		return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0,
		                    "margin must be a number of millimetres that leaves at least 30%% "
		                    "of the page for text, not '%s'", margin);
	return CV_OK;
}

/* A missing glyph is a hole in an archived document: refuse rather
 * than print boxes. */
static int pdf_missing_glyphs(struct pdf_doc *doc, struct cv_error *err)
{
	return cv_error_set(err, CV_ERROR_UNSUPPORTED, NULL, 0, 0,
	                    "pdf: %ld character(s) have no glyph in any installed font "
	                    "(first: %s); install a font that covers them or pass "
	                    "--param font-...=FAMILY", doc->lanes[0].unknown_glyphs,
	                    doc->lanes[0].unknown_sample);
}

static int pdf_convert(struct cv_job *job, struct cv_error *err)
{
	/* CV_PDF_TIMING=1 prints how long each stage took (for bench/). */
	int timing = getenv("CV_PDF_TIMING") != NULL;
	gint64 t0 = g_get_monotonic_time(), t1, t2, t3;
	xmlDocPtr tree = NULL;
	if (cv_xslt_apply(job, "pdf.xsl", NULL, NULL, &tree, err) != CV_OK)
		return CV_FAIL;
	t1 = g_get_monotonic_time();

	struct pdf_doc doc;
	memset(&doc, 0, sizeof doc);
	doc.job = job;
	int rc = pdf_doc_load(&doc, tree, err);
	t2 = g_get_monotonic_time();
	if (rc == CV_OK && doc.pipeline) {
		/* Pages are drawn as pagination completes them, while the
		 * second thread lays out the paragraphs still to come. */
		rc = pdf_render_begin(&doc, err);
		if (rc == CV_OK)
			rc = pdf_paginate(&doc, err);
		int fin = pdf_pipeline_finish(&doc, rc == CV_OK ? err : &(struct cv_error){0});
		if (rc == CV_OK)
			rc = fin;
		if (rc == CV_OK && doc.lanes[0].unknown_glyphs > 0)
			rc = pdf_missing_glyphs(&doc, err);
		if (doc.renderer) {
			int end = pdf_render_end(&doc, rc == CV_OK, err);
			if (rc == CV_OK)
				rc = end;
		}
		t3 = t2;
	} else {
		if (rc == CV_OK && doc.lanes[0].unknown_glyphs > 0)
			rc = pdf_missing_glyphs(&doc, err);
		t2 = g_get_monotonic_time();
		if (rc == CV_OK)
			rc = pdf_paginate(&doc, err);
		t3 = g_get_monotonic_time();
		if (rc == CV_OK)
			rc = pdf_render(&doc, err);
	}
	cv_job_set_pages(job, doc.n_pages);
	if (timing)
		fprintf(stderr, "pdf: xslt %.3f s, layout %.3f s, paginate %.3f s, "
		        "render %.3f s, %d pages, %d thread(s)%s, paragraphs per thread %d/%d\n", (t1 - t0) / 1e6, (t2 - t1) / 1e6,
		        (t3 - t2) / 1e6, (g_get_monotonic_time() - t3) / 1e6, doc.n_pages,
		        doc.threads ? doc.threads : 1,
		        doc.pipeline ? " (pipelined: layout overlaps pagination and rendering)" : "",
		        doc.lanes[0].blocks, doc.lanes[1].blocks);
	pdf_doc_free(&doc);
	xmlFreeDoc(tree);
	return rc;
}

CV_PLUGIN_DEFINE_CHECKED("pdf", "Typeset PDF (Pango and Cairo): tagged, bookmarked, fonts embedded",
                         "pdf", "application/pdf", pdf_params, pdf_convert, pdf_check);
