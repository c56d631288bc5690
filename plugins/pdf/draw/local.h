/*
 * local.h: what the draw stage's files share (draw.h is its face to the
 * driver).
 */
#ifndef PDF_DRAW_LOCAL_H
#define PDF_DRAW_LOCAL_H

#include <locale.h>

#include <cairo-pdf.h>

#include "draw/draw.h"

struct pdf_draw {
	const struct pdf_draw_input *in;
	const struct pdf_setup *setup;
	struct cv_error *err;    /* a failed write, for pdf_draw_end */
	int failed;              /* a write failed: nothing more is written */
	cairo_surface_t *surface;
	cairo_t *cr;
	locale_t c_locale, saved;
	struct pdf_text *text;   /* the text layer */
	double left, right;      /* the text block's edges on the page */
	int outline[8];          /* the last bookmark at each level */
	const char *pending_dest; /* a group's id, set with its first content */
	GPtrArray *carried;      /* groups (struct pdf_item) a page ended with
	                          * nothing of theirs on it, opened on the next */
	GHashTable *fonts;       /* second-thread font -> same font in lane 0 */
	GHashTable *page_images; /* image surfaces painted on this page */
	PangoLayout *header;     /* the running header, once laid out */
	cairo_surface_t *header_outline; /* its outlines, drawn once (artifacts) */
	/* The marked content of the lines being drawn (block.c): when its
	 * paragraph has inline tags (model.h), the tags that hold each run
	 * (a Link, Code, a Span with /Lang) are open while it is drawn, and
	 * a tag that goes on from one run to the next, or from one line to
	 * the next, stays open; text not in a tag without children is in a
	 * Span (one per height: a sub- or superscript has its own, as pdf.js
	 * reads "H₂O" whole across items but puts a space in it within
	 * one). pdf.js starts a new text item at each. */
	const struct pdf_block *block;
	const struct pdf_block *inline_block; /* whose inline tags are open */
	GArray *inline_open;     /* int: their indices, outermost first */
	int span_open;           /* a Span is open... */
	int span_rise;           /* ...for runs raised this much (Pango units) */
	int page;                /* the page being drawn, from 0 */
	GArray *open_notes;      /* indices of the notes of the open elements */
	int notes_unnamed;       /* Notes drawn without an id, for their /IDs */
	GHashTable *slice_first; /* what is drawn in pieces (a block, a
	                          * footnote, an inline tag) -> 1 + the note
	                          * of its first element, which the later
	                          * pieces join (pdf_draw_tag_slice) */
};

/* tags.c */

/**
 * Opens structure element tag (a literal or a string of the flow, which
 * outlives the drawing), noting it for the archival pass (tagging.h)
 * with what note says besides (may be NULL; its id is taken over, its
 * lang copied). Returns the index of its note, or -1 when the drawing
 * notes nothing.
 */
int pdf_draw_tag_begin(struct pdf_draw *d, const char *tag, const struct pdf_struct_note *note);

/**
 * Opens a piece of the element noted first (pdf_draw_tag_begin's answer):
 * Cairo makes it another element, which the archival pass joins to the
 * first (one element, its marked content on several lines or pages).
 * Returns the piece's note, or -1.
 */
int pdf_draw_tag_piece(struct pdf_draw *d, const char *tag, const struct pdf_struct_note *note,
                       int first);

/**
 * Opens the element of one slice of whole (a block over a page break, a
 * footnote's blocks and pages, an inline tag over lines): the first
 * slice drawn opens it; a later one (later set) is a piece joined to it
 * (pdf_draw_tag_piece), so the drawing says which elements are one and
 * the archival pass never guesses. A slice not later (a repeated header
 * cell) is an element of its own. Returns the slice's note, or -1.
 */
int pdf_draw_tag_slice(struct pdf_draw *d, const char *tag, const struct pdf_struct_note *note,
                       const void *whole, int later);

/** Closes the element tag, the last one opened. */
void pdf_draw_tag_end(struct pdf_draw *d, const char *tag);

/**
 * Starts drawing what is no content (a rule, a border, a running head):
 * with in->artifacts, into a group the page paints outside any structure
 * element, which the archival pass marks as an artifact. End with
 * pdf_draw_artifact_end.
 */
void pdf_draw_artifact_begin(struct pdf_draw *d);
void pdf_draw_artifact_end(struct pdf_draw *d);

/** A named destination id at (x, y), if id is one. */
void pdf_draw_dest(struct pdf_draw *d, const char *id, double x, double y);

/** The destinations of content starting at y: id and a waiting group's. */
void pdf_draw_dests(struct pdf_draw *d, const char *id, double y);

/**
 * Opens a Link tag to l's target, inside l->wrap if set (close with
 * pdf_draw_link_end): a piece of the Link first opened for whole (the
 * inline tag it draws, over several lines), or NULL for a link drawn in
 * one piece.
 */
void pdf_draw_link_begin(struct pdf_draw *d, const struct pdf_link *l, const void *whole);

/** Closes the Link l opened (and the element it went in). */
void pdf_draw_link_end(struct pdf_draw *d, const struct pdf_link *l);

/** The bookmark of b, a heading, nested under the last of the level above. */
void pdf_draw_outline(struct pdf_draw *d, const struct pdf_block *b);

/* fonts.c */

/**
 * The font of the main thread's font map that is f, for a run shaped on
 * the second thread's, so that each font is embedded once; f when it is
 * the main map's already or no such font is the same file.
 */
PangoFont *pdf_draw_main_font(struct pdf_draw *d, PangoFont *f);

/* block.c */

/** The spaces that part a table cell from its neighbours, which go with
 *  its text in a right-to-left row (text.h, pdf_text_line). */
struct pdf_draw_cell {
	int space_before, space_after;
};

/** Draws lines [from, to) of b with its layout's origin at (x, y); cell,
 *  if not NULL, says b is a table cell. */
void pdf_draw_lines(struct pdf_draw *d, const struct pdf_block *b, int from, int to, double x,
                    double y, const struct pdf_draw_cell *cell);

/** Draws lines [from, to) of b at top y, with its structure tag. */
void pdf_draw_block(struct pdf_draw *d, const struct pdf_block *b, int from, int to, double y);

/** The left edge of b's layout on the page. */
double pdf_draw_block_x(const struct pdf_draw *d, const struct pdf_block *b);

/** Draws the one line of layout (a marker, a page number) as it stands,
 *  from x on baseline y. */
void pdf_draw_label(struct pdf_draw *d, PangoLayout *layout, int rtl, double x, double y);

/* figure.c */

/** Draws figure f at top y, in its Figure tag, and its caption. */
void pdf_draw_figure(struct pdf_draw *d, const struct pdf_figure *f, double y);

/* table.c */

/** Draws the slice pl of table t, its caption and repeated header rows. */
void pdf_draw_table(struct pdf_draw *d, const struct pdf_table *t, const struct pdf_place *pl);

/* page.c */

/** Draws the running header and the footer (page number) of page index. */
void pdf_draw_furniture(struct pdf_draw *d, int index);

/** Draws the footnotes at the foot of page p, under a short rule. */
void pdf_draw_notes(struct pdf_draw *d, const struct pdf_page *p);

#endif
