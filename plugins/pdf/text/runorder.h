/*
 * runorder.h: how the runs of a line meet, as text extractors read them.
 *
 * A line is drawn as runs (PangoGlyphItems) in visual order. pdf.js
 * (Firefox) makes text items of what it reads between changes of font and
 * tags, reverses each item with right-to-left text on its own, and joins
 * the items in drawing order, with a space only where it sees a gap of
 * 0.1 em. Where two runs meet on a right-to-left line, that can glue
 * words that are not neighbours, or put the halves of one word back to
 * front. These questions decide what glyphrun.c and steer.c do there:
 * a gap before a run, the two runs drawn the other way round, or the
 * line's items drawn one by one in logical order. poppler, for its part,
 * reads a whole page in one direction, decided by counting its letters,
 * which decides the bidi marks a line gets.
 */
#ifndef PDF_RUNORDER_H
#define PDF_RUNORDER_H

#include <pango/pango.h>

/* Whether pdf.js reads the neighbouring runs a and b of a line as one
 * text item: the caller knows (same font in the PDF, no tag of their
 * own). */
typedef int (*pdf_runorder_same_item)(void *ctx, const PangoGlyphItem *a,
                                      const PangoGlyphItem *b);

/**
 * Whether the run at node of runs (a line's PangoGlyphItems in visual
 * order) should be drawn with gap_before (pdf_glyphrun_show, glyphrun.h).
 * In a right-to-left line the runs that touch are seldom neighbours in the
 * text: "Gregorio de Gregorii، ويُعرف في ... باسم" is drawn with the comma
 * against "Gregorio", and pdf.js glued the end of the Arabic item to the
 * start of the Latin one ("باسمGregorio"). So: yes where the run starts a
 * new item (same says where it does not), touches the run on its left
 * with no white space, and pdf.js would glue two words that are not one;
 * no where a gap would split a word for poppler (see runorder.c).
 */
int pdf_runorder_gap_before(GSList *runs, GSList *node, const char *text,
                            pdf_runorder_same_item same, void *ctx);

/**
 * Whether right, the run right of left on a right-to-left line, is drawn
 * before it: right is right to left and ends inside a word that left
 * goes on with ("و" and "medi" of "و<code>medi</code>", drawn "medi"
 * then "و"). pdf.js reads its items in drawing order, so the word came out
 * back to front ("mediو"); drawn the other way round, the jump left from
 * "و" to "medi" ends pdf.js's item without a space, and the word reads
 * whole. The caller makes sure pdf.js starts a new item at right.
 */
int pdf_runorder_draw_before(const PangoGlyphItem *left, const PangoGlyphItem *right,
                             const char *text);

/**
 * Whether right, the run right of left on a line, both left to right,
 * goes on with a word of left's: their texts meet (past format
 * characters) between two letters, marks or digits ("H" and "2" of
 * "H<sub>2</sub>O"). See PDF_BEFORE_TUCK (glyphrun.h).
 */
int pdf_runorder_word_goes_on(const PangoGlyphItem *left, const PangoGlyphItem *right,
                              const char *text);

/* One text item pdf.js will read on a line (pdf_runorder_items): runs
 * [first, last) of the line in visual order. */
struct pdf_runorder_item {
	int first, last;
	int lo, hi;              /* its leftmost and rightmost runs with ink */
	int start, end;          /* the byte range of their text */
	int n_bidi, n_chars;     /* its characters pdf.js counts as right to
	                          * left, and all of them */
	int rtl;                 /* pdf.js reads it right to left */
	int spaced_after;        /* white space separates it from the next */
};

/**
 * Fills items (room for one per run) with the text items pdf.js will read
 * on a line of runs (in visual order), in logical order, and
 * returns their number: a new item where a run with ink is not in the same
 * item as the one before it (same). Runs that draw only white space or
 * nothing (isolates) go with the item on their left. pdf.js joins its
 * items in the order they are drawn and reverses each on its own, so a
 * line drawn item by item in this order reads in order (steer.c).
 */
int pdf_runorder_items(GSList *runs, const char *text, pdf_runorder_same_item same, void *ctx,
                       struct pdf_runorder_item *items);

/**
 * Adds to lr and rl the letters of text[from, to) that read left to right
 * and right to left. poppler (TextOutputDev.cc) counts them over a page
 * (bidi marks too, digits not) and reads every line of the page right to
 * left when there are more of the second; the bidi marks of lines of the
 * other direction (glyphrun.h) follow what it will decide.
 */
void pdf_runorder_count_letters(const char *text, int from, int to, int *lr, int *rl);

#endif
