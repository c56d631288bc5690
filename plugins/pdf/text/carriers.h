/*
 * carriers.h: a font of our own whose glyphs carry text and nothing else.
 *
 * Some faces cannot carry their own text: a Nastaliq face draws a word as
 * bodies and dots set at cascading heights, one body for several letters
 * ("ب", "ت" and "ن" share one), so no glyph of it stands for one letter
 * at one place on the baseline. Where the steered layer paints such a run
 * as outlines (glyphrun.c), its text goes on the glyphs of this font,
 * drawn nearly transparent: glyph k of it is a speck of ink with an
 * advance of a multiple of 1/128 em, and each is mapped, once for the
 * file, to the text it first carries. The font is made in memory the
 * first time a run needs it (a TrueType font of 32,769 glyphs, about a
 * megabyte) and kept for the PDFs after it, and Cairo embeds the glyphs
 * used, as it does any font (pdffonts names it CvTextCarrier).
 *
 * Why a font of our own: a reader measures a glyph by its advance in the
 * font, so a carrier must be as wide as the cluster whose text it carries,
 * and a glyph is mapped to one text for the whole file; a real face has
 * few glyphs no text reaches, of few widths, and stretching a glyph
 * sideways (the text matrix) ends pdf.js's text item at the next step.
 */
#ifndef PDF_CARRIERS_H
#define PDF_CARRIERS_H

#include <cairo.h>
#include <pango/pango.h>

/* The carrier font of one PDF and the glyphs given out so far. */
struct pdf_carriers;

/** A new set; the font itself is made on first use, and kept with keep
 *  (the font map the text's fonts come from, which may be NULL) for the
 *  next PDF drawn from it. Free with pdf_carriers_free once the Cairo
 *  surface is finished. */
struct pdf_carriers *pdf_carriers_new(PangoFontMap *keep);

/** Frees c; NULL is a no-op. */
void pdf_carriers_free(struct pdf_carriers *c);

/**
 * The carrier font at the size and transformation of like (the same font
 * matrix and options), owned by c; NULL when the font cannot be made
 * (then nothing is carried).
 */
cairo_scaled_font_t *pdf_carriers_font(struct pdf_carriers *c, cairo_scaled_font_t *like);

/**
 * A glyph of the carrier font with an advance of width em (to the
 * nearest 1/128, at most 4 em), for the len bytes of text: the same glyph
 * every time for the same text and width. 0 when none is left (a width
 * with 64 texts already, and its neighbours too).
 */
unsigned long pdf_carriers_glyph(struct pdf_carriers *c, const char *text, int len, double width);

#endif
