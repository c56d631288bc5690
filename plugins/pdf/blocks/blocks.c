/*
 * blocks.c: what every kind of block shares (blocks.h): the Pango fonts
 * of a thread (a lane) and the reading context.
 */
#include "blocks/blocks.h"

#include <pango/pangofc-fontmap.h>

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

/*
 * A kept lane's font map is Pango's default one for the calling thread,
 * which Pango keeps for the thread's life (and frees when it ends), not a
 * new one per article: a new map starts with empty caches, so every font
 * description of the article costs a Fontconfig sort again (on a thread
 * Pango starts for it) and every face a fresh load (HarfBuzz's tables of
 * a Naskh or Nastaliq face are large); a worker converting article after
 * article on one thread keeps them warm. The lane of a layout thread
 * (schedule.c) is made on the main thread for the other, so it gets a new
 * map of its own, as before: a map is not shared between threads. What a
 * map chooses does not depend on what it has cached, so an article's
 * bytes do not depend on the articles before it (test_batch.sh).
 *
 * The caches grow with the fonts and sizes the articles use, never
 * shrinking: a worker converting 1,000 varied articles held 8 MB more
 * after its 150th than after its 3rd. So every PDF_FONTS_KEPT articles
 * they are emptied (pango_fc_font_map_cache_clear; the map and what is
 * kept with it, the carrier font, stay), and a worker holds no more
 * fonts at its 1,000th article than at its 10th.
 */
#define PDF_FONTS_KEPT 16

void pdf_lane_init(struct pdf_lane *lane, const char *lang, int kept)
{
	static const char key[] = "pdf-articles";
	if (kept) {
		lane->fontmap = g_object_ref(pango_cairo_font_map_get_default());
		guint served = GPOINTER_TO_UINT(g_object_get_data(G_OBJECT(lane->fontmap), key));
		if (served == PDF_FONTS_KEPT && PANGO_IS_FC_FONT_MAP(lane->fontmap)) {
			pango_fc_font_map_cache_clear(PANGO_FC_FONT_MAP(lane->fontmap));
			served = 0;
		}
		g_object_set_data(G_OBJECT(lane->fontmap), key, GUINT_TO_POINTER(served + 1));
	} else {
		lane->fontmap = pango_cairo_font_map_new();
	}
	/* 72 dpi: a Pango point is a PDF point (no change once set). */
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
