/*
 * layer.h: what a text layer implements (text.h); text.c chooses one and
 * passes the calls on. One const struct per layer, as curl has one per
 * TLS backend.
 */
#ifndef PDF_TEXT_LAYER_H
#define PDF_TEXT_LAYER_H

#include "text/text.h"

struct pdf_text_layer {
	/** Its state for one PDF drawn with cr (stamps, chars, fonts: see
	 *  pdf_text_new). */
	void *(*new)(cairo_t *cr, int stamps, const gunichar *chars, size_t n_chars,
	             PangoFontMap *fonts);
	/** Frees the state. */
	void (*free)(void *state);
	/** The text of the page about to be drawn (pdf_text_page); NULL: not
	 *  needed. */
	void (*page)(void *state, const struct pdf_text_span *spans, int n);
	/** Draws a line (pdf_text_line). */
	void (*line)(void *state, const struct pdf_text_line *line,
	             const struct pdf_text_marks *marks);
	/** Paints what the page's lines left for its end (pdf_text_page_end);
	 *  NULL: nothing. */
	void (*page_end)(void *state);
};

/** Lines drawn for the extractors' rules (steer.c). */
extern const struct pdf_text_layer pdf_text_steered;

/** Each run as Pango shaped it (plain.c). */
extern const struct pdf_text_layer pdf_text_plain;

#endif
