/*
 * pdf.c: the PDF plugin's descriptor and convert function.
 *
 * The article goes through stylesheets/pdf.xsl into the layout vocabulary
 * (docs/pdf-layout.md); layout.c lays the blocks out with Pango,
 * paginate.c cuts pages, render.c draws them with Cairo's PDF surface
 * through cv_job_write.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf.h"

static const struct cv_param pdf_params[] = {
	{ "page-size", "A4", "A4, A5, A3, letter, legal, or WxH in millimetres (e.g. 170x240)" },
	{ "margin", "22", "page margins in millimetres" },
	{ "font-size", "11", "body text size in points" },
	{ "font-serif", "Noto Serif", "font family for text in Latin and other scripts" },
	{ "font-sans", "Noto Sans", "sans-serif font family" },
	{ "font-mono", "Noto Sans Mono", "font family for code and preformatted text" },
	{ "font-arabic", "Amiri", "font family for Arabic and other Arabic-script text" },
	{ "font-persian", "Noto Naskh Arabic", "font family for Persian text" },
	{ "font-urdu", "Noto Nastaliq Urdu", "font family for Urdu text (Nastaliq; lines 2.5 em apart)" },
	{ "font-hebrew", "Noto Serif Hebrew", "font family for Hebrew and Yiddish text, headings too" },
	{ "number-headings", "yes", "number the section headings (yes or no)" },
	{ "digits", "auto", "auto (the language's own), latin or arabic-indic: digits of the numbers the PDF makes" },
	{ "toc", "no", "yes: a table of contents with page numbers after the title" },
	{ NULL, NULL, NULL }
};

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
	const char *yn[] = { "number-headings", "toc" };
	for (size_t i = 0; i < sizeof yn / sizeof *yn; i++) {
		const char *v = cv_job_param(job, yn[i]);
		if (v && strcmp(v, "yes") != 0 && strcmp(v, "no") != 0)
			return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0,
			                    "pdf: %s must be yes or no, not '%s'", yn[i], v);
	}
	const char *digits = cv_job_param(job, "digits");
	if (digits && strcmp(digits, "auto") != 0 && strcmp(digits, "latin") != 0 &&
	    strcmp(digits, "arabic-indic") != 0)
		return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0,
		                    "pdf: digits must be auto, latin or arabic-indic, not '%s'",
		                    digits);

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

CV_PLUGIN_DEFINE("pdf", "Typeset PDF (Pango and Cairo): tagged, bookmarked, fonts embedded",
                 "pdf", "application/pdf", pdf_params, pdf_convert);
