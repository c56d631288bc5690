/*
 * glyphrun.h: how the PDF plugin puts one shaped run of glyphs into the
 * PDF, so that text extractors (poppler, pdf.js, mupdf) read the words
 * back in logical order. Kept apart from the renderer because the order
 * and cluster mapping Cairo is given decides copy-and-paste, not looks.
 */
#ifndef PDF_GLYPHRUN_H
#define PDF_GLYPHRUN_H

#include <cairo.h>
#include <pango/pangocairo.h>

/**
 * Draws run (one item of a laid-out PangoLayoutLine) with its left edge at
 * x and its baseline at y, in user space of cr. text is the layout's text,
 * which the run's item offsets index. The run's font and glyph positions
 * are used as shaped; only the order and clusters handed to Cairo are
 * chosen here.
 */
void pdf_glyphrun_show(cairo_t *cr, const char *text, PangoGlyphItem *run,
                       double x, double y);

#endif
