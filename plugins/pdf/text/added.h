/*
 * added.h: glyphs the lines stage adds to a run that stand for no
 * character of the text (lines/lines.h), and how both text layers draw
 * them:
 *
 *  - a kashida: the face's U+0640 glyph, put into the glyph string in
 *    the cluster of the letter before the join it elongates, as wide as
 *    the elongation. It is drawn as the face's tatweel stretched to that
 *    width, an outline (not text): no reader copies a U+0640 the author
 *    did not write. The steered layer paints the letter as an outline too
 *    and shows its text on its own glyph centred over letter and kashida,
 *    nearly transparent: the readers then see at most half the kashida
 *    of gap on either side of it, under the 0.1 em at which poppler and
 *    pdf.js part words, which is why lines/ keeps a kashida under 0.2 em
 *    (glyphrun.c). A glyph stretched to cover the whole (a change of
 *    scale) would leave no gap, but pdf.js ends its text item at every
 *    change of scale and then joins a right-to-left line's pieces in the
 *    wrong order; drawn in logical order instead, MuPDF and PDFium read
 *    a space at each jump;
 *  - a hyphen at the end of a line broken at a hyphenation point: the
 *    face's U+002D glyph, last in the cluster of the line's last
 *    character. It is drawn as a glyph whose text is "-", which poppler
 *    and Chrome's copy join back into the word (bench/hyphen: no drawing
 *    gets the word back whole in all four readers).
 *
 * Such a glyph is known by its glyph (the face's own for U+0640 or
 * U+002D), by sharing its cluster with another glyph, and by its
 * cluster's text not starting with that character.
 */
#ifndef PDF_TEXT_ADDED_H
#define PDF_TEXT_ADDED_H

#include <cairo.h>
#include <pango/pangocairo.h>

#include "text/stamps.h"

/* What a glyph of a run is (pdf_added_kind). */
enum {
	PDF_ADDED_NONE = 0,
	PDF_ADDED_KASHIDA = 1,
	PDF_ADDED_HYPHEN = 2
};

/** The glyphs of one face that lines/ adds. */
struct pdf_added_ids {
	PangoGlyph tatweel;      /* the face's glyph for U+0640, or 0 */
	PangoGlyph hyphen;       /* for U+002D, or 0 */
};

/** The glyphs font's runs may have added. */
struct pdf_added_ids pdf_added_ids(PangoFont *font);

/** What glyph i of run (whose item indexes text) is: PDF_ADDED_. */
int pdf_added_kind(const struct pdf_added_ids *ids, const PangoGlyphItem *run, const char *text,
                   int i);

/** The tatweel forms drawn so far, per face, for one PDF. */
struct pdf_added;

/** A new, empty set; free with pdf_added_free. */
struct pdf_added *pdf_added_new(void);

/** Frees a; NULL is a no-op. */
void pdf_added_free(struct pdf_added *a);

/**
 * Paints a kashida width user units wide from x (its pen position) on
 * baseline y, in font's tatweel (the form the face sets between two
 * letters, its ends overlapping them as the face draws it) stretched to
 * that width, in cr's source colour, through stamps when the line is
 * flushed (pdf_stamps_defer; NULL: as a path, now). Leaves cr's path
 * empty.
 */
void pdf_added_paint_kashida(struct pdf_added *a, struct pdf_stamps *stamps, cairo_t *cr,
                             PangoFont *font, double x, double y, double width);

#endif
