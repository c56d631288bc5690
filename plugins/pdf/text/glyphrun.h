/*
 * glyphrun.h: how the steered text layer (text.h, steer.c) puts one shaped
 * run of glyphs into the PDF, so that text extractors (poppler, pdf.js,
 * mupdf) read the words back in logical order: the order and clusters
 * Cairo is given, which glyphs are painted as outlines with their text
 * shown where extractors measure it, and the bidi marks beside the run.
 */
#ifndef PDF_GLYPHRUN_H
#define PDF_GLYPHRUN_H

#include <cairo.h>
#include <pango/pangocairo.h>

#include "text/added.h"

struct pdf_carriers;
struct pdf_fontslots;
struct pdf_stamps;

/**
 * Where runs are drawn: the Cairo context, and the records one PDF keeps
 * of what its drawing claimed: Cairo's WinAnsi slots and the spare glyphs
 * carrying text (fontslots.h; NULL leaves the slots to Cairo and carries
 * nothing), the outlines drawn (stamps.h; NULL draws their paths), and
 * the carrier font (carriers.h; NULL: a run whose face cannot carry its
 * text is drawn as any other).
 */
struct pdf_glyphrun_target {
	cairo_t *cr;
	struct pdf_fontslots *slots;
	struct pdf_stamps *stamps;
	struct pdf_carriers *carriers;
	struct pdf_added *added;     /* kashidas drawn (added.h) */
};

/* Zero-width bidi marks drawn beside a run of the other direction than
 * its line: an RLM at the left edge of a left-to-right run on a
 * right-to-left line, an LRM at the right edge of a right-to-left run on a
 * left-to-right line, when the line goes on past that edge. poppler
 * reorders a line by strong type only and lets such a run swallow the
 * space beside it, gluing two words ("١توقيع", "بولاق must"); the mark,
 * strong in the line's direction, keeps the space outside. It is also
 * what Unicode asks of such text, so a copy keeps its order wherever it
 * is pasted. At a line's edge there is usually no space to keep, and
 * mupdf would glue the mark to whatever it reads next. A run may have
 * several: the values are bits. */
enum pdf_glyphrun_mark {
	PDF_MARK_NONE = 0,
	PDF_MARK_RLM_LEFT = 1 << 0,
	PDF_MARK_LRM_RIGHT = 1 << 1,
	/* An RLM at the left edge of a left-to-right run that starts a
	 * right-to-left line of a table cell. The next cell's text is on the
	 * same baseline, and poppler reads the row as one line: without the
	 * mark, "20" at the left of "القرن 20" took the space before the
	 * next cell and read "20آلات". A zero-width glyph will not do here:
	 * mupdf glues it to the cell before, and pdf.js loses the pen's jump
	 * after it. So the mark rides, with the run's first character, on a
	 * carrier glyph (fontslots.h); the run's first glyph is painted as an
	 * outline. A run whose face has no glyph to spare (a Latin word in
	 * Noto) gets the mark on a carrier of its own in the line's face
	 * that has one, just left of its ink (steer.c); without one there
	 * is no mark. */
	PDF_MARK_RLM_EDGE = 1 << 2,
	/* For a left-to-right line on a page poppler reads as right to left
	 * (it decides one direction per page, by counting letters, and then
	 * reads every line from the right in stretches of one direction,
	 * printing each left-to-right stretch forwards, so the left end of
	 * each comes out against the left end of the right-to-left stretch
	 * printed before it, and its right end against the right end of the
	 * one printed after it): an LRM at the left edge of a right-to-left
	 * run that has text on its left, and, when the line holds
	 * right-to-left text, an LRM a space's width before the line's first
	 * run and after its last when these are left to right. Every
	 * left-to-right stretch then starts and ends with a space poppler
	 * makes of a gap, or with one of the line's own: the listing line
	 * "<p>طُبع ... 1514 عام.</p>" read ".</pعام" and "1514طُبع" before,
	 * and "The word كتاب" read "كتابThe word". They go only on a page
	 * poppler reads that way (steer.c counts its letters as poppler
	 * does): elsewhere they would only add spaces at the line's ends. */
	PDF_MARK_LRM_LEFT = 1 << 3,
	PDF_MARK_LRM_START = 1 << 4,
	PDF_MARK_LRM_END = 1 << 5,
	/* The same for a right-to-left line on a page poppler reads as left
	 * to right (a page of mixed text may go either way): an RLM at the
	 * right edge of a left-to-right run that has text on its right
	 * (PDF_MARK_RLM_LEFT is the other edge), and, when the line holds
	 * left-to-right text, an RLM a space's width outside the line's left
	 * and right ends where these are right to left: "وهذه 1820" read
	 * "وهذه1820". */
	PDF_MARK_RLM_RIGHT = 1 << 6,
	PDF_MARK_RLM_START = 1 << 7,
	PDF_MARK_RLM_END = 1 << 8,
	/* An RLM between the punctuation that ends a right-to-left run and
	 * the space after it (the run's left end), when a left-to-right run
	 * (a number) comes next on the left: poppler reads a comma or a full
	 * stop there as part of a number, took it and the space into the
	 * number's stretch and glued the word to the number
	 * ("الكوفي، 73" read "الكوفي73 ،"); the RLM ends that stretch at the
	 * comma. */
	PDF_MARK_RLM_PUNCT = 1 << 9
};

/**
 * The marks for the run at node of runs (a line's PangoGlyphItems in
 * visual order) on a line of direction base_rtl, on a page poppler reads
 * right to left (page_dir 1), left to right (0) or either way (-1: the
 * marks for both); in_cell when the line is in a table cell
 * (PDF_MARK_RLM_EDGE). text is the line's text, which the runs index.
 */
unsigned pdf_glyphrun_mark(GSList *runs, GSList *node, const char *text, int base_rtl, int page_dir,
                           int in_cell);

/* What goes before a run's first character (pdf_glyphrun_show). */
enum pdf_glyphrun_before {
	PDF_BEFORE_NONE = 0,
	/* A word gap for extractors (pdf_runorder_gap_before): the text of
	 * the run's first character goes a little right of its ink, which is
	 * painted as an outline. */
	PDF_BEFORE_GAP,
	/* No gap at all: the run goes on with a word from the run drawn
	 * just before it, on its left, in another pdf.js text item ("2" and
	 * "O" of "H<sub>2</sub>O"). pdf.js starts that item at width 0,
	 * where any step forward is a word space, and the step is seldom 0
	 * (Cairo rounds, a primer's width is within 1% of the em of its
	 * glyph's): "H 2O". The run's first glyph is drawn 0.02 em left,
	 * which no eye sees at text sizes. */
	PDF_BEFORE_TUCK
};

/** How one run is drawn (pdf_glyphrun_show). */
struct pdf_glyphrun_how {
	/* Which bidi marks go beside the run (pdf_glyphrun_mark). */
	unsigned mark;
	/* A space after the run's last character in the stream (its
	 * rightmost), carried with it where the face has a carrier to spare:
	 * the space between two table cells, which pdf.js would not see (the
	 * cells of a right-to-left row are drawn in logical order, so the pen
	 * jumps left between them, and pdf.js starts a new item there with no
	 * space). On a right-to-left run that space comes first once pdf.js
	 * has reordered the item; on a left-to-right run it comes last. */
	int end_space;
	/* What goes before the run's first character (pdf_glyphrun_before). */
	int before;
	/* When the run drawn next is this one's right neighbour in the same
	 * pdf.js text item, the width of the white space that run starts with;
	 * else -1: a wide space where the two meet is measured to the word
	 * after it (a letter on a stretched carrier, glyphrun.c). */
	double joined;
	/* Whether the white space the run starts with on its left goes in
	 * text objects of its own, apart from the run's first ink: a carrier
	 * drawn later that starts inside that space (the mark and space
	 * between two items, steer.c) is read by PDFium right after the text
	 * object that starts just left of it, which ran on into the run's
	 * words ("بش ‏ أن"; docs/pdf-text.md, PDFium). */
	int white_apart;
};

/**
 * Whether run, right to left, would carry an end space (struct
 * pdf_glyphrun_how) with its rightmost letter only on a glyph of the
 * carrier font: its face has a spare glyph for the two, but none within
 * 0.1 em of the letter's width (Noto Serif Hebrew's are a third of a
 * letter). pdf.js reads that glyph, in another font, as an item of its
 * own after the rest of the word (steer.c draws the space apart then).
 */
int pdf_glyphrun_end_space_off_face(const struct pdf_glyphrun_target *to, const char *text,
                                    const PangoGlyphItem *run);

/**
 * Draws run (one item of a laid-out PangoLayoutLine) with its left edge at
 * x and its baseline at y, in user space of to->cr. text is the layout's
 * text, which the run's item offsets index. The run's font and glyph
 * positions are used as shaped; only the order and clusters handed to
 * Cairo, and which glyphs are painted as outlines with their text shown
 * elsewhere, are chosen here, as how says.
 */
void pdf_glyphrun_show(const struct pdf_glyphrun_target *to, const char *text, PangoGlyphItem *run,
                       const struct pdf_glyphrun_how *how, double x, double y);

/**
 * Starts a right-to-left line whose stream would begin with a vowel mark:
 * run, drawn from x on baseline y, is the line's leftmost (the first in
 * the stream), and the last word of the line ends in a mark ("فَحَوْمَلِ"),
 * which in visual order comes before its base. pdf.js never measures the
 * position of a glyph whose text holds a combining mark, so it notices
 * the new line only at the base and left the mark in the previous line's
 * text item ("ِقِفا ... فَحَوْمَل"). An RLM and a space, which pdf.js reads
 * at the line's logical end, go first on a narrow carrier (fontslots.h)
 * drawn nearly transparent from x: a glyph pdf.js measures. It has to
 * advance (pdf.js takes a line's position from the end of a glyph that
 * does), and lies over the line's first letter rather than in the margin.
 * The mark before the line that mark asks for, if any, goes in front of
 * it. Returns 1 when it drew them; does nothing and returns 0 for any
 * other run, or where the face has no carrier to spare.
 */
int pdf_glyphrun_lead_line(const struct pdf_glyphrun_target *to, const char *text,
                           PangoGlyphItem *run, unsigned mark, double x, double y);

/**
 * Shows the text u (a space, with or without a bidi mark before it) on a
 * narrow faint carrier (fontslots.h) of font that ends at end, or starts
 * at from if that is further right; after_white, unless NAN, is where
 * pdf.js ends the text of a run that white space ends
 * (pdf_glyphrun_text_end), and the carrier does not start 0.03-0.1 em
 * past it, where pdf.js would make the step a space item. steer.c
 * draws a right-to-left line that pdf.js reads as several text items item
 * by item in logical order, and these are the spaces between the items:
 * pdf.js adds none where the pen jumps left to the next item and drops
 * the text of a glyph that starts with white space (an RLM first keeps
 * it), and mupdf, which reads the stream as it comes, needs one at the
 * jump. Returns 0, having drawn nothing, when the face has no carrier to
 * spare (Noto's faces have none).
 */
int pdf_glyphrun_edge_text(const struct pdf_glyphrun_target *to, PangoFont *font, const char *u,
                           double end, double from, double after_white, double y);

/**
 * Shows the text u faint on a glyph of the carrier font (carriers.h) as
 * wide as w, from x on baseline y, at the size of like, in a text object
 * of its own: the white space between two of pdf.js's text items of a
 * line drawn item by item (steer.c), drawn between them. Returns 0,
 * having drawn nothing, without the carrier font.
 */
int pdf_glyphrun_gap_text(const struct pdf_glyphrun_target *to, cairo_scaled_font_t *like,
                          const char *u, double x, double w, double y);

/**
 * Where pdf.js takes run, drawn from x, to end: where its last glyph in
 * the stream (its rightmost) starts, plus that glyph's advance in the
 * font, which a kerned letter's exceeds ("ك" of "كتاب").
 */
double pdf_glyphrun_stream_end(const PangoGlyphItem *run, double x);

/**
 * Where pdf.js takes the text of run, drawn from x, to end: as
 * pdf_glyphrun_stream_end, for the last glyph that is not white space or
 * a bidi control (pdf.js moves its pen over those, but they do not end
 * its text); the run's right edge if it is all white space.
 */
double pdf_glyphrun_text_end(const PangoGlyphItem *run, const char *text, double x);

/**
 * Where the ink of run starts, in points from its left edge: past the
 * white space and bidi controls it starts with.
 */
double pdf_glyphrun_ink_left(const PangoGlyphItem *run, const char *text);

/**
 * The width of the white space and bidi controls run ends with on its
 * right, in points.
 */
double pdf_glyphrun_white_right(const PangoGlyphItem *run, const char *text);

/**
 * Claims the space's WinAnsi slot in font's face (fontslots.h) for a
 * primer, unless it is claimed already, and returns the primer glyph to
 * show (pdf_glyphrun_show_primer), or 0. Called at the start of a line,
 * before its runs: the change of font the primer makes then falls
 * between lines, where pdf.js starts a new item anyway, and not at the
 * face's first space inside a line.
 */
unsigned long pdf_glyphrun_claim_space(const struct pdf_glyphrun_target *to, PangoFont *font);

/**
 * Shows primer, a glyph of font pdf_glyphrun_claim_space returned, faint
 * at (x, y). Its text is a space, so it goes in the marked content of a
 * run (ISO 14289-1 7.1), not between two runs'.
 */
void pdf_glyphrun_show_primer(const struct pdf_glyphrun_target *to, PangoFont *font,
                              unsigned long primer, double x, double y);

#endif
