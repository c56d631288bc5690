/*
 * stamps.h: paints glyphs as outlines from one copy of each.
 *
 * glyphrun.c paints some glyphs as outlines (a mark Amiri tucks under
 * its neighbour, a letter whose text rides on a carrier): an outline
 * carries no text, so extractors read the text that is shown beside it.
 * Cairo writes an outline as its path, some 20 curves of printed numbers
 * then compressed, every time: on a 300-page Arabic book that was half
 * the file and a third of the run. The same few dozen glyphs recur, so
 * each cluster of them (font, glyphs and their offsets, colour) is drawn
 * once into a recording surface, and every use fills its box with it as
 * a tiling pattern set where the cluster goes. A pattern, unlike a form XObject, does not end pdf.js's
 * text item, so the text around it copies out as before.
 */
#ifndef PDF_STAMPS_H
#define PDF_STAMPS_H

#include <cairo.h>

/* The stamps drawn so far, for one PDF. */
struct pdf_stamps;

/** A new, empty set; free with pdf_stamps_free. */
struct pdf_stamps *pdf_stamps_new(void);

/** Frees stamps and the recording surfaces it holds; NULL is a no-op. */
void pdf_stamps_free(struct pdf_stamps *stamps);

/**
 * Paints the n glyphs g (one cluster: a letter and its marks) in cr's
 * current font and (solid) source colour, as cairo_glyph_path() and
 * cairo_fill() would, leaving cr's path empty. The glyphs are one stamp,
 * drawn once for each arrangement of them. With stamps NULL, or a source
 * that is not a solid colour, the outlines are drawn as paths.
 */
void pdf_stamps_paint(struct pdf_stamps *stamps, cairo_t *cr, const cairo_glyph_t *g, int n);

/**
 * As pdf_stamps_paint, the stamp drawn in font whatever cr's transform:
 * glyphs painted under a scale (a tatweel stretched to a kashida's
 * width, added.h) share the glyph's one stamp. Without stamps, the path
 * is drawn in cr's font, which the caller set before the transform.
 */
void pdf_stamps_paint_in(struct pdf_stamps *stamps, cairo_t *cr, cairo_scaled_font_t *font,
                         const cairo_glyph_t *g, int n);

/**
 * As pdf_stamps_paint_in, but the stamp is painted by pdf_stamps_flush,
 * as its form XObject under cr's transform of now: one Do and no object
 * per use, where a tiling pattern costs an object each (some 330 bytes
 * with its length and resource entry; Cairo 1.16 writes one per fill).
 * A form ends pdf.js's text item and MuPDF's block, so the caller
 * flushes after the page's text (pdf_text_page_end). Without stamps, or with a source that is
 * not a solid colour, the path is drawn now.
 */
void pdf_stamps_defer(struct pdf_stamps *stamps, cairo_t *cr, cairo_scaled_font_t *font,
                      const cairo_glyph_t *g, int n);

/** Paints the stamps deferred so far, in order, and forgets them; stamps
 *  NULL is a no-op. */
void pdf_stamps_flush(struct pdf_stamps *stamps, cairo_t *cr);

#endif
