/*
 * pdf.c: the PDF plugin's descriptor and its convert function, which
 * drives the stages in turn (model.h):
 *
 *   stylesheets/pdf.xsl   the article -> the layout vocabulary
 *   read/                 the vocabulary -> page set-up, the flow
 *   blocks/               each item read, laid out and measured
 *   schedule.c            paragraphs left for later, on two threads
 *   pages/                the flow cut into pages
 *   draw/                 the pages drawn with Cairo, the text of every
 *                         line through the text layer (text/text.h)
 *   archive/              an incremental update appended to the file:
 *                         language, XMP, dates, what the structure tree
 *                         needs beyond what Cairo writes, and what a
 *                         --param standard= asks
 *
 * Another format may ask where the pages begin (pdf_page_map, through
 * cv_job_page_map): the same stages up to pagination, then pagemap.c.
 *
 * On a long article pages are drawn as pagination completes them, while
 * the scheduler lays out the paragraphs still to come.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xpathInternals.h>

#include "archive/archive.h"
#include "blocks/blocks.h"
#include "draw/draw.h"
#include "lines/lines.h"
#include "pagemap.h"
#include "pages/pages.h"
#include "read/read.h"
#include "schedule.h"

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
	{ "digits", "auto", "auto (the language's own), latin, arabic-indic or persian (U+06F0-06F9): digits of the numbers the PDF makes" },
	{ "toc", "no", "yes: a table of contents with page numbers after the title" },
	{ "standard", "none", "none, pdf/a-2u, pdf/a-3u (the article and its images inside), "
	  "pdf/ua-1, or a comma list: pdf/a-3u,pdf/ua-1 (docs/archival.md)" },
	{ "text-layer", "steered", "steered (text drawn so that PDF readers copy it back in order) "
	  "or plain (glyph runs as shaped, to compare)" },
	{ "kashida", "no", "yes: justified Arabic-script text in a Naskh face is elongated at its "
	  "joins before its spaces are widened; no: spaces only (off by default for now: "
	  "two mixed-direction cases of tests/test_pdf.sh lose a word in poppler or pdf.js)" },
	{ "hyphenate", "no", "yes: justified text in languages that hyphenate may break inside "
	  "words (libhyphen); off by default, since pdf.js copies such a word in two pieces" },
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
	static const char *const words[][5] = {
		{ "number-headings", "yes", "no", NULL, NULL }, { "toc", "yes", "no", NULL, NULL },
		{ "digits", "auto", "latin", "arabic-indic", "persian" },
		{ "kashida", "yes", "no", NULL, NULL }, { "hyphenate", "yes", "no", NULL, NULL },
	};
	static const struct { const char *name; double w, h; } sizes[] = {
		{ "A4", 210, 297 }, { "A5", 148, 210 }, { "A3", 297, 420 },
		{ "LETTER", 215.9, 279.4 }, { "LEGAL", 215.9, 355.6 },
	};
	static const char *const fonts[] = { "font-serif", "font-sans", "font-mono", "font-arabic" };
	for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
		const char *v = cv_settings_lookup(settings, words[i][0]);
		int ok = 0;
		for (size_t j = 1; j < 5 && words[i][j]; j++)
			ok |= strcmp(v, words[i][j]) == 0;
		if (!ok)
			return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0, "%s must be %s, not '%s'",
			                    words[i][0], words[i][3] ? "auto, latin, arabic-indic or persian" : "yes or no", v);
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
	const char *layer = cv_settings_lookup(settings, "text-layer");
	if (strcmp(layer, "steered") != 0 && strcmp(layer, "plain") != 0)
		return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0,
		                    "text-layer must be steered or plain, not '%s'", layer);
	unsigned standards;
	return pdf_archive_standards(cv_settings_lookup(settings, "standard"), &standards, err);
}

/*
 * What the caller chose: the parameters that change how the plugin works
 * (those that change how the PDF looks go to pdf.xsl) and the environment
 * variables kept for tests and measurement (docs/pdf-layout.md).
 * pdf_convert reads them once; nothing else reads the environment.
 */
struct pdf_options {
	enum pdf_text_kind text; /* text-layer */
	unsigned standards;      /* standard: PDF_STANDARD_ bits */
	int timing;        /* CV_PDF_TIMING: print each stage's time */
	int threads;       /* layout threads for a long article: 2 when the job's
	                    * budget (cv_job_threads) allows it; CV_PDF_THREADS
	                    * overrides it (1: one, anything else: two) */
	int pipeline;      /* CV_PDF_NO_PIPELINE unset: draw pages as they are cut */
	int stamps;        /* CV_PDF_NO_STAMPS unset: outlines drawn once, stamped */
	int pango_lines;   /* CV_PDF_PANGO_LINES: Pango breaks every paragraph */
	int trace;         /* CV_PDF_TRACE: print every placed slice */
	int kashida;       /* kashida: justify Arabic by elongation first */
	int hyphenate;     /* hyphenate: break justified text inside words */
};

static int pdf_options_read(struct cv_job *job, struct pdf_options *opt, struct cv_error *err)
{
	/* pdf_check refused any other value before the article was read. */
	const char *layer = cv_job_param(job, "text-layer");
	opt->text = layer && strcmp(layer, "plain") == 0 ? PDF_TEXT_PLAIN : PDF_TEXT_STEERED;
	if (pdf_archive_standards(cv_job_param(job, "standard"), &opt->standards, err) != CV_OK)
		return CV_FAIL;
	const char *kashida = cv_job_param(job, "kashida");
	const char *hyphenate = cv_job_param(job, "hyphenate");
	opt->kashida = kashida && strcmp(kashida, "yes") == 0;
	opt->hyphenate = hyphenate && strcmp(hyphenate, "yes") == 0;
	const char *threads = getenv("CV_PDF_THREADS");
	opt->timing = getenv("CV_PDF_TIMING") != NULL;
	if (threads)
		opt->threads = strcmp(threads, "1") == 0 ? 1 : 2;
	else
		opt->threads = cv_job_threads(job) >= 2 ? 2 : 1;
	opt->pipeline = getenv("CV_PDF_NO_PIPELINE") == NULL;
	opt->stamps = getenv("CV_PDF_NO_STAMPS") == NULL;
	opt->pango_lines = getenv("CV_PDF_PANGO_LINES") != NULL;
	opt->trace = getenv("CV_PDF_TRACE") != NULL;
	return CV_OK;
}

/* One conversion: each stage's output, in the order they are made. */
struct pdf_run {
	struct cv_job *job;
	struct pdf_options opt;
	xmlDocPtr tree;              /* the layout vocabulary */
	gunichar *chars;             /* the characters it can show (pdf_read_chars) */
	size_t n_chars;
	struct pdf_setup setup;
	struct pdf_lane lane;        /* the main thread's fonts */
	struct pdf_flow flow;
	struct pdf_blocks blocks;
	struct pdf_hyphens *hyphens; /* libhyphen's dictionaries, or NULL */
	struct pdf_schedule *schedule;
	struct pdf_pages pages;
	struct pdf_draw_input draw_in;
	struct pdf_draw *draw;
	struct pdf_tagging tagging;  /* what the drawing tagged */
	struct pdf_held *held;       /* the file, kept for the archival pass */
	int pipelined;               /* pages drawn as they are cut */
	gint64 t0, t1, t2, t3;       /* xslt, layout, paginate, draw began */
	gint64 archive;              /* the archival pass's time */
};

/* Reads the vocabulary, lays out what cannot wait and starts the
 * scheduler on the rest. */
static int pdf_lay_out(struct pdf_run *run, struct cv_error *err)
{
	if (pdf_read_setup(run->tree, &run->setup, err) != CV_OK)
		return CV_FAIL;
	pdf_lane_init(&run->lane, run->setup.lang, 1);
	run->blocks.setup = &run->setup;
	run->blocks.flow = &run->flow;
	run->blocks.job = run->job;
	run->blocks.lane = &run->lane;
	run->blocks.pango_lines = run->opt.pango_lines;
	run->blocks.kashida = run->opt.kashida;
	if (run->opt.hyphenate)
		run->hyphens = pdf_hyphens_new();
	run->blocks.hyphens = run->hyphens;
	if (pdf_read_flow(run->tree, &run->blocks, err) != CV_OK)
		return CV_FAIL;
	run->chars = pdf_read_chars(run->tree, &run->n_chars);
	run->schedule = pdf_schedule_start(&run->blocks, run->opt.threads);
	/* Page numbers printed in the text need the whole pagination first. */
	run->pipelined = run->opt.pipeline && !run->flow.page_refs &&
	                 pdf_schedule_threads(run->schedule) == 2;
	return CV_OK;
}

/* A missing glyph is a hole in an archived document: refuse rather
 * than print boxes. */
static int pdf_check_glyphs(struct pdf_run *run, struct cv_error *err)
{
	if (run->lane.unknown_glyphs == 0)
		return CV_OK;
	return cv_error_set(err, CV_ERROR_UNSUPPORTED, NULL, 0, 0,
	                    "pdf: %ld character(s) have no glyph in any installed font "
	                    "(first: %s); install a font that covers them or pass "
	                    "--param font-...=FAMILY", run->lane.unknown_glyphs,
	                    run->lane.unknown_sample);
}

/* Puts the real page numbers in place of the stand-ins, and cuts the
 * pages again if that changed a paragraph's lines (it rarely does; three
 * passes settle it). */
static int pdf_settle_page_refs(struct pdf_run *run, struct cv_error *err)
{
	run->blocks.dests = run->pages.dests;
	for (int pass = 0; pass < 3; pass++) {
		int changed = 0, any = 0;
		for (int i = 0; i < run->flow.n_items; i++) {
			struct pdf_block *b = run->flow.items[i].block;
			if (!b || b->n_pagerefs == 0)
				continue;
			any = 1;
			int r = pdf_paragraph_relayout(&run->blocks, b);
			if (r < 0)
				return cv_error_set(err, CV_ERROR_LIBRARY, NULL, b->node->line, 0,
				                    "pdf: could not lay out a page reference again");
			changed |= r;
		}
		if (!any || !changed)
			break;
		pdf_paginate(&run->setup, &run->flow, NULL, &run->pages);
	}
	return CV_OK;
}

/* Pagination asks for an item: the scheduler lays it out. */
static void pdf_need_item(void *ctx, int item)
{
	struct pdf_run *run = ctx;
	pdf_schedule_need(run->schedule, item);
}

/* Pagination completed a page: it is drawn, and the paragraphs whose last
 * line it holds give their glyphs back (pagination never goes back, and
 * needs only their line heights), rather than pile up for the whole
 * article. */
static void pdf_page_done(void *ctx, int page)
{
	struct pdf_run *run = ctx;
	const struct pdf_page *p = &run->pages.pages[page];
	pdf_draw_page(run->draw, page);
	for (int k = 0; k < p->n_places; k++) {
		const struct pdf_place *pl = &p->places[k];
		struct pdf_item *it = &run->flow.items[pl->item];
		if (it->kind == PDF_ITEM_BLOCK && pl->to == it->block->n_lines)
			pdf_paragraph_release(it->block);
	}
}

/* Keeps the file's bytes for the post-pass. */
/* Starts the PDF: its bytes are held for the post-pass. */
static int pdf_begin_file(struct pdf_run *run, struct cv_error *err)
{
	run->held = pdf_held_new(run->job);
	unsigned std = run->opt.standards;
	run->draw_in = (struct pdf_draw_input){
		run->job, &run->setup, &run->flow, &run->pages, &run->lane, run->opt.text,
		run->opt.stamps, run->chars, run->n_chars,
		(std & PDF_STANDARD_UA1) != 0, (std & PDF_STANDARD_PDFA) == 0,
		&run->tagging, pdf_held_write, run->held
	};
	run->tagging.artifacts = run->draw_in.artifacts;
	run->draw = pdf_draw_begin(&run->draw_in, err);
	return run->draw ? CV_OK : CV_FAIL;
}

/* The archival pass (archive/) over the file held, which writes it. */
static int pdf_post_pass(struct pdf_run *run, struct cv_error *err)
{
	struct pdf_archive_input in = { run->job, run->opt.standards, &run->tagging };
	return pdf_archive_write(&in, run->held, err);
}

/* Finishes the PDF (or drops it, if not ok) and runs the post-pass. */
static int pdf_end_file(struct pdf_run *run, int ok, struct cv_error *err)
{
	int rc = pdf_draw_end(run->draw, ok, err);
	run->draw = NULL;
	if (rc == CV_OK && run->held) {
		gint64 t = g_get_monotonic_time();
		rc = pdf_post_pass(run, err);
		run->archive = g_get_monotonic_time() - t;
	}
	return rc;
}

/* Paginates and draws, each page as soon as it is cut, while the
 * scheduler lays out the paragraphs still to come. */
static int pdf_typeset_pipelined(struct pdf_run *run, struct cv_error *err)
{
	int rc = pdf_begin_file(run, err);
	if (rc == CV_OK) {
		struct pdf_pager_io io = { run, pdf_need_item, pdf_page_done };
		pdf_paginate(&run->setup, &run->flow, &io, &run->pages);
	}
	int fin = pdf_schedule_finish(run->schedule, rc == CV_OK ? err : &(struct cv_error){0});
	if (rc == CV_OK)
		rc = fin;
	if (rc == CV_OK)
		rc = pdf_check_glyphs(run, err);
	if (run->draw) {
		int end = pdf_end_file(run, rc == CV_OK, err);
		if (rc == CV_OK)
			rc = end;
	}
	run->t2 = run->t3 = run->t1;
	return rc;
}

/* Lays everything out and paginates (again, for page numbers in the
 * text). */
static int pdf_paginate_all(struct pdf_run *run, struct cv_error *err)
{
	int rc = pdf_schedule_finish(run->schedule, err);
	if (rc == CV_OK)
		rc = pdf_check_glyphs(run, err);
	run->t2 = g_get_monotonic_time();
	if (rc != CV_OK)
		return rc;
	pdf_paginate(&run->setup, &run->flow, NULL, &run->pages);
	if (pdf_settle_page_refs(run, err) != CV_OK)
		return CV_FAIL;
	run->t3 = g_get_monotonic_time();
	return CV_OK;
}

/* Lays everything out, paginates, then draws. */
static int pdf_typeset(struct pdf_run *run, struct cv_error *err)
{
	if (pdf_paginate_all(run, err) != CV_OK)
		return CV_FAIL;
	if (pdf_begin_file(run, err) != CV_OK)
		return CV_FAIL;
	for (int p = 0; p < run->pages.n_pages; p++)
		pdf_draw_page(run->draw, p);
	return pdf_end_file(run, 1, err);
}

static void pdf_print_timing(const struct pdf_run *run)
{
	const struct pdf_schedule *s = run->schedule;
	fprintf(stderr, "pdf: archive %.3f s\n", run->archive / 1e6);
	fprintf(stderr, "pdf: xslt %.3f s, layout %.3f s, paginate %.3f s, render %.3f s, "
	        "%d pages, %d thread(s)%s, paragraphs per thread %d/%d\n",
	        (run->t1 - run->t0) / 1e6, (run->t2 - run->t1) / 1e6, (run->t3 - run->t2) / 1e6,
	        (g_get_monotonic_time() - run->t3) / 1e6, run->pages.n_pages,
	        s ? pdf_schedule_threads(s) : 1,
	        run->pipelined ? " (pipelined: layout overlaps pagination and rendering)" : "",
	        s ? pdf_schedule_count(s, 0) : 0, s ? pdf_schedule_count(s, 1) : 0);
}

static void pdf_run_free(struct pdf_run *run)
{
	pdf_pages_free(&run->pages);
	pdf_flow_free(&run->flow);
	pdf_blocks_free(&run->blocks);
	pdf_schedule_free(run->schedule);
	pdf_hyphens_free(run->hyphens);
	pdf_lane_free(&run->lane);
	pdf_setup_free(&run->setup);
	xmlFreeDoc(run->tree);
	g_free(run->chars);
	pdf_held_free(run->held);
	pdf_tagging_clear(&run->tagging);
}

static int pdf_convert(struct cv_job *job, struct cv_error *err)
{
	struct pdf_run run = { .job = job };
	if (pdf_options_read(job, &run.opt, err) != CV_OK)
		return CV_FAIL;
	run.t0 = g_get_monotonic_time();
	if (cv_xslt_apply(job, "pdf.xsl", NULL, NULL, &run.tree, err) != CV_OK)
		return CV_FAIL;
	run.t1 = g_get_monotonic_time();

	int rc = pdf_lay_out(&run, err);
	if (rc == CV_OK)
		rc = run.pipelined ? pdf_typeset_pipelined(&run, err) : pdf_typeset(&run, err);
	else if (run.schedule)
		pdf_schedule_finish(run.schedule, &(struct cv_error){0});
	if (rc == CV_OK)
		cv_job_set_pages(job, run.pages.n_pages);
	if (rc == CV_OK && run.opt.trace)
		pdf_pages_trace(&run.pages, &run.flow, stderr);
	if (run.opt.timing)
		pdf_print_timing(&run);
	pdf_run_free(&run);
	return rc;
}

/* The edition a page map describes: every parameter that moves a page
 * break (not standard or text-layer, which change how pages are drawn). */
static int pdf_edition(struct cv_job *job, struct cv_page_map *map, struct cv_error *err)
{
	GString *s = g_string_new("PDF edition made by convert with");
	const char *sep = " ";
	for (const struct cv_param *p = pdf_params; p->name; p++) {
		if (strcmp(p->name, "standard") == 0 || strcmp(p->name, "text-layer") == 0)
			continue;
		g_string_append_printf(s, "%s%s=%s", sep, p->name, cv_job_param(job, p->name));
		sep = ", ";
	}
	int rc = cv_page_map_set_edition(map, s->str, err);
	g_string_free(s, TRUE);
	return rc;
}

/* Where the pages of pdf_convert's PDF begin in the article: its stages
 * up to pagination, on a vocabulary whose text says where it came from
 * (pdf-pagemap.xsl); nothing is drawn. */
static int pdf_page_map(struct cv_job *job, struct cv_page_map *map, struct cv_error *err)
{
	struct pdf_run run = { .job = job };
	if (pdf_options_read(job, &run.opt, err) != CV_OK)
		return CV_FAIL;
	if (cv_xslt_apply(job, "pdf-pagemap.xsl", NULL, NULL, &run.tree, err) != CV_OK)
		return CV_FAIL;
	run.blocks.page_map = 1;
	int rc = pdf_lay_out(&run, err);
	if (rc == CV_OK)
		rc = pdf_paginate_all(&run, err);
	else if (run.schedule)
		pdf_schedule_finish(run.schedule, &(struct cv_error){0});
	if (rc == CV_OK)
		rc = pdf_page_map_fill(&run.setup, &run.flow, &run.pages,
		                       cv_document_tree(cv_job_document(job)), map, err);
	if (rc == CV_OK)
		rc = pdf_edition(job, map, err);
	pdf_run_free(&run);
	return rc;
}

CV_PLUGIN_DEFINE_PAGED("pdf", "Typeset PDF (Pango and Cairo): tagged, bookmarked, fonts embedded",
                       "pdf", "application/pdf", pdf_params, pdf_convert, pdf_check, pdf_page_map);
