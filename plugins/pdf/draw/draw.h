/*
 * draw.h: the pages drawn on a Cairo PDF surface: each slice where
 * pagination placed it, in its structure tag (tagged PDF), with named
 * destinations, links, bookmarks, page labels, the running header and
 * footer and the Info dictionary. Every line of text goes through the
 * text layer (text/text.h), which decides how its text reaches the file.
 *
 * Pages may be drawn as soon as pagination completes each one, or all at
 * the end; either way in order, once each.
 *
 * Cairo 1.16 notes, learnt the hard way:
 *  - only a structure tag with no child tags gets marked content, so a
 *    paragraph with links wraps its other runs in Span tags, and leaf
 *    tags never stay open across a page break;
 *  - a Link tag needs an enclosing structure tag (Document is opened
 *    first, closed last);
 *  - links to pages not drawn yet are dead: every target is a named
 *    destination;
 *  - tag attributes are parsed with strtod in the current locale: the
 *    whole drawing runs under a thread-local "C" numeric locale.
 */
#ifndef PDF_DRAW_H
#define PDF_DRAW_H

#include "model.h"
#include "tagging.h"
#include "text/text.h"

/** What drawing reads, and where the bytes go. */
struct pdf_draw_input {
	struct cv_job *job;           /* its timestamp (SOURCE_DATE_EPOCH) */
	const struct pdf_setup *setup;
	const struct pdf_flow *flow;
	const struct pdf_pages *pages;
	struct pdf_lane *lane;        /* the main thread's fonts: every font is
	                               * embedded from its font map, once */
	enum pdf_text_kind text;      /* the text layer */
	int stamps;                   /* outlines drawn once and repeated */
	const gunichar *chars;        /* what the text can show (pdf_read_chars) */
	size_t n_chars;
	int artifacts;                /* all that is not tagged goes into groups
	                               * (forms) the archival pass marks as
	                               * artifacts (pdf/ua-1) */
	int interpolate;              /* images ask viewers to smooth them
	                               * (/Interpolate; PDF/A forbids it) */
	/** Filled with a note per structure element opened (tagging.h);
	 *  the caller frees it with pdf_tagging_clear. */
	struct pdf_tagging *tagging;
	/** Takes the next len bytes of the file; CV_OK, or CV_FAIL with err
	 *  set (nothing more is written then). */
	int (*write)(void *ctx, const void *data, size_t len, struct cv_error *err);
	void *write_ctx;
};

struct pdf_draw;

/**
 * Starts the PDF: the surface, the Info dictionary, the Document tag.
 * in must outlive the drawing; err receives a failure to write, reported
 * by pdf_draw_end. Returns NULL with err set when Cairo cannot start.
 */
struct pdf_draw *pdf_draw_begin(const struct pdf_draw_input *in, struct cv_error *err);

/** Draws page `index` of in->pages (the next one). */
void pdf_draw_page(struct pdf_draw *d, int index);

/**
 * Finishes the file (or, if not ok, stops writing it) and frees d.
 * Returns CV_OK; CV_FAIL with err set when a write or Cairo failed, and
 * when not ok (err was set by the caller then).
 */
int pdf_draw_end(struct pdf_draw *d, int ok, struct cv_error *err);

/** Frees what t holds (not t). */
void pdf_tagging_clear(struct pdf_tagging *t);

#endif
