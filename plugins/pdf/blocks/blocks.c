/*
 * blocks.c: what every kind of block shares (blocks.h): the Pango fonts
 * of a thread (a lane) and the reading context.
 */
#include "blocks/blocks.h"

static PangoContext *pdf_context_new(PangoFontMap *fm, PangoDirection dir)
{
	PangoContext *ctx = pango_font_map_create_context(fm);
	cairo_font_options_t *fo = cairo_font_options_create();
	/* Unhinted outlines and metrics: positions are the font's design,
	 * identical on every machine and at every zoom. */
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	pango_cairo_context_set_font_options(ctx, fo);
	cairo_font_options_destroy(fo);
	pango_context_set_round_glyph_positions(ctx, FALSE);
	pango_context_set_base_dir(ctx, dir);
	return ctx;
}

void pdf_lane_init(struct pdf_lane *lane, const char *lang)
{
	lane->fontmap = pango_cairo_font_map_new();
	/* 72 dpi: a Pango point is a PDF point. */
	pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(lane->fontmap), 72.0);
	lane->ctx_ltr = pdf_context_new(lane->fontmap, PANGO_DIRECTION_LTR);
	lane->ctx_rtl = pdf_context_new(lane->fontmap, PANGO_DIRECTION_RTL);
	if (lang) {
		pango_context_set_language(lane->ctx_ltr, pango_language_from_string(lang));
		pango_context_set_language(lane->ctx_rtl, pango_language_from_string(lang));
	}
}

void pdf_lane_free(struct pdf_lane *lane)
{
	if (lane->ctx_ltr)
		g_object_unref(lane->ctx_ltr);
	if (lane->ctx_rtl)
		g_object_unref(lane->ctx_rtl);
	if (lane->fontmap)
		g_object_unref(lane->fontmap);
	lane->ctx_ltr = lane->ctx_rtl = NULL;
	lane->fontmap = NULL;
}

void pdf_blocks_free(struct pdf_blocks *bx)
{
	if (bx->images)
		g_hash_table_destroy(bx->images);
	bx->images = NULL;
}
