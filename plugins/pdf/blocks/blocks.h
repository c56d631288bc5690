/*
 * blocks.h: the kinds of item in the flow, each of which reads its own
 * element of the layout vocabulary, is measured, and is freed here:
 *
 *   paragraph.c  a block of text laid out once by Pango and broken into
 *                lines (lines/lines.h, or Pango's own breaking), with its
 *                inline content (inline.c) and footnotes (note.c);
 *   list.c       a list item's marker, hung in the start indent;
 *   listing.c    preserved text (pre): white space kept, lines wrapped
 *                where they must and marked as continued;
 *   table.c      a grid of cells (paragraphs), its columns measured from
 *                their content and its rows' heights;
 *   figure.c     an image and its caption.
 *
 * A paragraph's inline content may hold a footnote, which holds paragraphs:
 * paragraph.c, inline.c and note.c recurse as the article nests.
 */
#ifndef PDF_BLOCKS_H
#define PDF_BLOCKS_H

#include <pango/pangocairo.h>

#include "model.h"

/**
 * Makes lane's font map and contexts (72 dpi, unhinted), for language
 * lang. kept: the calling thread's font map, kept warm from one article
 * to the next (blocks.c); otherwise a new one, for a lane made here and
 * used by another thread.
 */
void pdf_lane_init(struct pdf_lane *lane, const char *lang, int kept);

/** Frees what pdf_lane_init made; a lane of zeros is a no-op. */
void pdf_lane_free(struct pdf_lane *lane);

/** What reading and laying out blocks needs besides their elements. */
struct pdf_blocks {
	const struct pdf_setup *setup;
	struct pdf_flow *flow;   /* footnotes are added as their markers are read */
	struct cv_job *job;      /* the article's images */
	GHashTable *images;      /* decoded images by resource, so an image used
	                          * twice is embedded once (Cairo writes one
	                          * XObject per surface); owned */
	GHashTable *dests;       /* page numbers for page-ref: NULL until paginated */
	struct pdf_lane *lane;   /* the main thread's fonts */
	int pango_lines;         /* Pango breaks every paragraph (to compare) */
	int kashida;             /* justify Arabic with kashida (kashida=yes) */
	struct pdf_hyphens *hyphens; /* hyphenate justified text (hyphenate=yes),
	                          * or NULL; owned by the caller */
	int page_map;            /* record each block's origins (model.h) */
};

/** Frees what bx owns (the image cache); not its lane. */
void pdf_blocks_free(struct pdf_blocks *bx);

/* paragraph.c */

/**
 * Reads a <block> (or a table <cell>) into a new paragraph, its start and
 * end indents those of its context (in points) plus its own. With defer,
 * a paragraph without footnotes is only read, and laid out later by
 * pdf_paragraph_lay_out (the scheduler, on any thread); otherwise it is
 * laid out now, on bx's lane. Returns NULL with err set on bad input.
 * Free with pdf_paragraph_free.
 */
struct pdf_block *pdf_paragraph_read(struct pdf_blocks *bx, xmlNode *node, double indent_start,
                                     double indent_end, int defer, struct cv_error *err);

/**
 * Lays out a deferred paragraph with lane's fonts: shapes it, breaks it
 * into lines and measures them. Safe on another thread than the one that
 * read it, with a lane of that thread's. Returns CV_OK, or CV_FAIL with
 * err set.
 */
int pdf_paragraph_lay_out(struct pdf_blocks *bx, struct pdf_lane *lane, struct pdf_block *b,
                          struct cv_error *err);

/**
 * Lays b out again with the page numbers in bx->dests (its page-ref
 * stand-ins replaced). Returns 1 when its number of lines changed, 0 when
 * not, -1 when it could not be laid out.
 */
int pdf_paragraph_relayout(struct pdf_blocks *bx, struct pdf_block *b);

/**
 * CV_OK when every line of b fits on a page page_w points wide, CV_FAIL
 * with err set when one does not: its text would be lost. Pango measures
 * lines in an int of 1/1024 points, so a word longer than 2,097,151
 * points was set on one line, most of it off the page.
 */
int pdf_paragraph_check_width(const struct pdf_block *b, double page_w, struct cv_error *err);

/** Breaks b again at width (a table cell, once its column is known). */
void pdf_paragraph_set_width(struct pdf_block *b, double width);

/**
 * Frees b's glyphs (its layout, lines and marker), keeping its line
 * geometry: once its last line is drawn, pagination needs no more.
 */
void pdf_paragraph_release(struct pdf_block *b);

/** Frees b; NULL is a no-op. */
void pdf_paragraph_free(struct pdf_block *b);

/**
 * Counts the glyphs of layout that no font could supply into lane: a
 * missing font is a hole in an archived document, so the conversion
 * fails on it (pdf.c).
 */
void pdf_paragraph_count_unknown(struct pdf_lane *lane, PangoLayout *layout);

/* inline.c */

/**
 * Appends the inline content of node to text and attrs, for paragraph b
 * in a font of size points (preserve: white space kept): the text with
 * white space collapsed, Pango attributes for fonts, sizes, rises,
 * languages and colours, isolates around spans with dir, and b's links,
 * footnote markers (their notes read on the first pass: note.c) and
 * page-ref stand-ins. Returns CV_OK, or CV_FAIL with err set.
 */
int pdf_inline_read(struct pdf_blocks *bx, struct pdf_block *b, xmlNode *node, double size,
                    int preserve, GString *text, PangoAttrList *attrs, struct cv_error *err);

/* note.c */

/**
 * The index in bx->flow of the footnote element n: read now, its blocks
 * laid out at the text width, unless a footnote with its id was read
 * before (a paragraph laid out again). Returns -1 with err set when a
 * block of it is bad.
 */
int pdf_note_read(struct pdf_blocks *bx, xmlNode *n, struct cv_error *err);

/** Frees the blocks of note, and its id. */
void pdf_note_free(struct pdf_note *note);

/* list.c */

/**
 * Lays out b's list marker (its element's marker attribute), if it has
 * one and it is not laid out yet, in font fd with lane's fonts.
 */
void pdf_list_marker_lay_out(struct pdf_block *b, struct pdf_lane *lane,
                             const PangoFontDescription *fd);

/* listing.c */

/** Appends s, preserved text, to text: tabs as four spaces, no CR. */
void pdf_listing_text(GString *text, const char *s);

/** Adds to attrs what a listing's Pango layout needs: no hyphens. */
void pdf_listing_attrs(PangoAttrList *attrs);

/* table.c */

/**
 * Reads a <table> in the room left by the indents into a new table (its
 * caption and cells read and laid out), measures its columns and rows
 * (pdf_table_measure), and stores it in *out. Returns CV_OK, or CV_FAIL
 * with err set on bad input. Free with pdf_table_free.
 */
int pdf_table_read(struct pdf_blocks *bx, xmlNode *node, double indent_start, double indent_end,
                   struct pdf_table **out, struct cv_error *err);

/**
 * Gives t's columns their widths from the content (each at least its
 * widest word, at most its longest unbroken line, the room between
 * shared in proportion, as browsers do), breaks every cell at its
 * column's width and sizes the rows. CV_FAIL when the columns cannot
 * have room for their padding and a glyph.
 */
int pdf_table_measure(struct pdf_table *t);

/** Frees t; NULL is a no-op. */
void pdf_table_free(struct pdf_table *t);

/* figure.c */

/**
 * Reads a <figure> in the room left by the indents into a new figure: its
 * image decoded (once per resource) and sized, its caption laid out.
 * Returns CV_OK, or CV_FAIL with err set. Free with pdf_figure_free.
 */
int pdf_figure_read(struct pdf_blocks *bx, xmlNode *node, double indent_start, double indent_end,
                    struct pdf_figure **out, struct cv_error *err);

/** Frees f; NULL is a no-op. */
void pdf_figure_free(struct pdf_figure *f);

#endif
