/*
 * glyphrun.c: puts one shaped glyph run into the PDF.
 *
 * First version: does what pango_cairo_show_glyph_item() does (Pango
 * 1.50, pangocairo-render.c), so the renderer can be built against it.
 * Glyph geometry is in Pango units (PANGO_SCALE per point); a glyph's
 * pen position is the sum of the widths of the glyphs before it, plus its
 * own x_offset/y_offset. The glyph string is in visual order (left to
 * right) whatever the direction; Cairo is told with
 * CAIRO_TEXT_CLUSTER_FLAG_BACKWARD that an RTL run's clusters run from the
 * last glyph to the first.
 */
#include "glyphrun.h"

#include <stdlib.h>

/* Draws the hex box Pango uses for a glyph the font lacks, through
 * Pango itself so it looks as it would anywhere else. */
static void pdf_glyphrun_show_unknown(cairo_t *cr, PangoFont *font,
                                      const PangoGlyphInfo *gi, double x,
                                      double y)
{
	PangoGlyphString *one = pango_glyph_string_new();
	pango_glyph_string_set_size(one, 1);
	one->glyphs[0] = *gi;
	one->glyphs[0].geometry.x_offset = 0;
	one->glyphs[0].geometry.y_offset = 0;
	one->log_clusters[0] = 0;
	cairo_move_to(cr, x, y);
	pango_cairo_show_glyph_string(cr, font, one);
	pango_glyph_string_free(one);
}

void pdf_glyphrun_show(cairo_t *cr, const char *text, PangoGlyphItem *run,
                       double x, double y)
{
	PangoGlyphString *glyphs = run->glyphs;
	PangoItem *item = run->item;
	PangoFont *font = item->analysis.font;
	int backward = (item->analysis.level & 1) != 0;
	int n = glyphs->num_glyphs;

	if (n <= 0 || font == NULL)
		return;

	cairo_scaled_font_t *sf =
		pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(font));
	if (sf == NULL)
		return;

	cairo_glyph_t *cg = malloc(sizeof *cg * (size_t)n);
	cairo_text_cluster_t *cl = malloc(sizeof *cl * (size_t)n);
	if (cg == NULL || cl == NULL) {
		free(cg);
		free(cl);
		return;
	}

	/* Clusters, in the order Pango walks them (logical order). */
	int ncl = 0;
	PangoGlyphItemIter iter;
	if (pango_glyph_item_iter_init_start(&iter, run, text)) {
		do {
			int nb = iter.end_index - iter.start_index;
			int ng = backward ? iter.start_glyph - iter.end_glyph
			                  : iter.end_glyph - iter.start_glyph;
			int lo = iter.start_glyph < iter.end_glyph + 1
			             ? iter.start_glyph : iter.end_glyph + 1;
			int hi = iter.start_glyph + 1 > iter.end_glyph
			             ? iter.start_glyph + 1 : iter.end_glyph;
			for (int i = lo; i < hi; i++) {
				PangoGlyph g = glyphs->glyphs[i].glyph;
				if (g == PANGO_GLYPH_EMPTY || (g & PANGO_GLYPH_UNKNOWN_FLAG))
					ng--;
			}
			cl[ncl].num_bytes = nb;
			cl[ncl].num_glyphs = ng;
			ncl++;
		} while (pango_glyph_item_iter_next_cluster(&iter));
	}

	int count = 0, pen = 0;
	cairo_save(cr);
	cairo_set_scaled_font(cr, sf);
	for (int i = 0; i < n; i++) {
		PangoGlyphInfo *gi = &glyphs->glyphs[i];
		if (gi->glyph != PANGO_GLYPH_EMPTY) {
			double cx = x + (double)(pen + gi->geometry.x_offset) / PANGO_SCALE;
			double cy = y + (double)gi->geometry.y_offset / PANGO_SCALE;
			if (gi->glyph & PANGO_GLYPH_UNKNOWN_FLAG) {
				/* Pango draws no box for an unknown space. */
				if (gi->glyph != (0x20 | PANGO_GLYPH_UNKNOWN_FLAG))
					pdf_glyphrun_show_unknown(cr, font, gi, cx, cy);
			} else {
				cg[count].index = gi->glyph;
				cg[count].x = cx;
				cg[count].y = cy;
				count++;
			}
		}
		pen += gi->geometry.width;
	}
	cairo_show_text_glyphs(cr, text + item->offset, item->length, cg, count,
	                       cl, ncl,
	                       backward ? CAIRO_TEXT_CLUSTER_FLAG_BACKWARD : 0);
	cairo_restore(cr);
	free(cg);
	free(cl);
}
