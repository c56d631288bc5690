/*
 * show.h: how the steered layer puts glyphs and their text into the
 * PDF (cairo_show_text_glyphs), with what Cairo 1.16 needs around it.
 */
#ifndef PDF_TEXT_SHOW_H
#define PDF_TEXT_SHOW_H

#include <cairo.h>

/**
 * As cairo_show_text_glyphs (no cluster flags), but a show whose glyphs
 * have no ink (a space, a carrier of a bidi mark) is never dropped.
 * Cairo skips a drawing whose ink box, rounded out to whole device
 * units, is empty: a glyph without ink is a point, and a point on a
 * whole unit (on Cairo's 1/256 grid) rounds to nothing, so its text
 * vanished from the file (a justified line whose space between two
 * Arabic spans fell on x = 121.0 read "466القاهرة" in pdf.js). Such a
 * show is moved 1/64 of a unit off the grid line, which no reader sees.
 */
void pdf_show_text_glyphs(cairo_t *cr, const char *utf8, int nb, const cairo_glyph_t *g, int ng,
                          const cairo_text_cluster_t *cc, int ncc);

#endif
