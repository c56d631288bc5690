/*
 * lines.h: line breaking, from a paragraph shaped once.
 *
 * When Pango breaks a paragraph it shapes the whole text, then shapes
 * every line's piece again; with Amiri, shaping is most of the cost of a
 * long Arabic article. Breaking at word boundaries never changes a glyph
 * (a space ends Arabic joining), so the paragraph is shaped once on a
 * single unbroken Pango line, and its glyph runs are cut at the breaks
 * (pango_glyph_item_split, no reshaping), reordered per line for the bidi
 * algorithm (UAX #9, rule L2), justified by widening the spaces, and
 * aligned. The lines are the ones Pango's own breaking sets
 * (tests/test_pdf.sh compares them).
 *
 * Breaking is greedy: each line takes the most words that fit
 * (pdf_lines_choose). A word longer than the line is left to Pango, which
 * can cut between clusters.
 */
#ifndef PDF_LINES_H
#define PDF_LINES_H

#include <pango/pango.h>

#include "model.h"

/**
 * What choosing the breaks sees of a paragraph: n characters, the width
 * before each (prefix[i], points, for characters [0, i); n + 1 of them)
 * and Pango's attributes of each (n + 1: is_line_break, a break allowed
 * before character i; is_white).
 */
struct pdf_breakable {
	int n;
	const double *prefix;
	const PangoLogAttr *attrs;
};

/**
 * Chooses where p's lines end, for lines width points wide: each line
 * takes the most words that fit, its trailing white space not counted
 * (greedy, as Pango breaks). Stores the character index where each line
 * ends (the last is p->n) in breaks, room for p->n + 1, and returns how
 * many; -1 when a word is wider than the line. The place where total-fit
 * breaking would go.
 */
int pdf_lines_choose(const struct pdf_breakable *p, double width, int *breaks);

/**
 * Breaks the text of layout, shaped as one unbroken line (width -1), into
 * lines width points wide, line_height points apart, aligned by align
 * (left, right or center: the caller has resolved start and end) and, if
 * justify, justified (all lines but the last). On success stores the lines
 * (*n of them, runs in visual order, copied from layout's) in *lines, to
 * free with pdf_lines_free, and returns CV_OK; returns CV_FAIL, storing
 * nothing, when a word is wider than the line or layout is not one line.
 */
int pdf_lines_break(PangoLayout *layout, double width, double line_height, PangoAlignment align,
                    int justify, struct pdf_line **lines, int *n);

/** Frees n lines from pdf_lines_break; NULL is a no-op. */
void pdf_lines_free(struct pdf_line *lines, int n);

/**
 * Reorders the n runs of one line, in logical order, into visual order:
 * UAX #9 rule L2 on the runs' embedding levels (analysis.level).
 */
void pdf_lines_reorder(PangoGlyphItem **runs, int n);

#endif
