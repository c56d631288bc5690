/*
 * plain.c: the plain text layer (text.h): every run as Pango shaped it,
 * in one cairo_show_text_glyphs each, its glyphs in visual order and its
 * clusters in logical order (backward for a right-to-left run), which is
 * what Cairo's API means them to be. Nothing is drawn for the extractors'
 * sake: this is the measure the steered layer is compared against.
 */
#include <string.h>

#include "text/layer.h"

struct pdf_plain {
	cairo_t *cr;
};

/* Whether glyph g is drawn: Pango's empty glyph (a control character)
 * and a box for a missing one are not (a missing glyph fails the
 * conversion: pdf.c). */
static int pdf_plain_drawn(PangoGlyph g)
{
	return g != PANGO_GLYPH_EMPTY && !(g & PANGO_GLYPH_UNKNOWN_FLAG);
}

/* Draws run with its left edge at x and its baseline at y. */
static void pdf_plain_run(cairo_t *cr, const char *text, const PangoGlyphItem *run, double x,
                          double y)
{
	const PangoGlyphString *g = run->glyphs;
	PangoFont *font = run->item->analysis.font;
	int n = g->num_glyphs;
	if (n <= 0 || font == NULL)
		return;
	cairo_scaled_font_t *sf = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(font));
	if (sf == NULL)
		return;
	cairo_text_cluster_t *cc = g_new(cairo_text_cluster_t, n);
	cairo_glyph_t *cg = g_new(cairo_glyph_t, n);
	int ng = 0, pen = 0;
	for (int i = 0; i < n; i++) {
		const PangoGlyphInfo *gi = &g->glyphs[i];
		if (pdf_plain_drawn(gi->glyph)) {
			cg[ng].index = gi->glyph;
			cg[ng].x = x + (double)(pen + gi->geometry.x_offset) / PANGO_SCALE;
			cg[ng].y = y + (double)gi->geometry.y_offset / PANGO_SCALE;
			ng++;
		}
		pen += gi->geometry.width;
	}
	/* The clusters in logical order (Pango's iterator): Cairo takes each
	 * one's glyphs as the next ones in cg, from its end for a
	 * right-to-left run (CAIRO_TEXT_CLUSTER_FLAG_BACKWARD). */
	int ncc = 0;
	PangoGlyphItemIter it;
	for (gboolean more = pango_glyph_item_iter_init_start(&it, (PangoGlyphItem *)run, text); more;
	     more = pango_glyph_item_iter_next_cluster(&it)) {
		int lo = MIN(it.start_glyph, it.end_glyph), hi = MAX(it.start_glyph, it.end_glyph);
		if (it.start_glyph > it.end_glyph)
			lo++, hi++; /* right to left: (end, start] */
		int glyphs = 0;
		for (int i = lo; i < hi; i++)
			glyphs += pdf_plain_drawn(g->glyphs[i].glyph);
		if (glyphs == 0 && it.end_index == it.start_index)
			continue;
		cc[ncc].num_bytes = it.end_index - it.start_index;
		cc[ncc].num_glyphs = glyphs;
		ncc++;
	}
	int rtl = run->item->analysis.level & 1;
	cairo_save(cr);
	cairo_set_scaled_font(cr, sf);
	if (ng > 0)
		cairo_show_text_glyphs(cr, text + run->item->offset, run->item->length, cg, ng, cc, ncc,
		                       rtl ? CAIRO_TEXT_CLUSTER_FLAG_BACKWARD : 0);
	cairo_restore(cr);
	g_free(cc);
	g_free(cg);
}

static void pdf_plain_line(void *state, const struct pdf_text_line *line,
                           const struct pdf_text_marks *marks)
{
	struct pdf_plain *p = state;
	double x = line->x;
	for (GSList *l = line->runs; l; l = l->next) {
		const PangoGlyphItem *run = l->data;
		if (marks && marks->begin)
			marks->begin(marks->ctx, run);
		/* A raised or lowered run (a sub- or superscript, a note
		 * marker) is drawn off the baseline by its rise. */
		double rise = line->label ? 0 : pango_units_to_double(run->y_offset);
		pdf_plain_run(p->cr, line->text, run, x, line->y - rise);
		if (marks && marks->end)
			marks->end(marks->ctx, run);
		x += pango_units_to_double(pango_glyph_string_get_width(run->glyphs));
	}
	if (marks && marks->close)
		marks->close(marks->ctx);
}

static void *pdf_plain_new(cairo_t *cr, int stamps, const gunichar *chars, size_t n_chars,
                           PangoFontMap *fonts)
{
	/* Nothing is painted as an outline, nothing carried. */
	(void)stamps;
	(void)chars;
	(void)n_chars;
	(void)fonts;
	struct pdf_plain *p = g_new0(struct pdf_plain, 1);
	p->cr = cr;
	return p;
}

static void pdf_plain_free(void *state)
{
	g_free(state);
}

const struct pdf_text_layer pdf_text_plain = {
	pdf_plain_new, pdf_plain_free, NULL, pdf_plain_line, NULL
};
