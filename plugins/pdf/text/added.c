/*
 * added.c: kashidas and line-end hyphens lines/ adds to runs (added.h).
 */
#include <hb.h>

#include "text/added.h"

struct pdf_added {
	GHashTable *tatweel;     /* PangoFont * -> its tatweel form + 1 (0: none) */
};

struct pdf_added *pdf_added_new(void)
{
	struct pdf_added *a = g_new0(struct pdf_added, 1);
	a->tatweel = g_hash_table_new_full(g_direct_hash, g_direct_equal, g_object_unref, NULL);
	return a;
}

void pdf_added_free(struct pdf_added *a)
{
	if (!a)
		return;
	g_hash_table_destroy(a->tatweel);
	g_free(a);
}

/* The face's glyph for u, or 0. */
static PangoGlyph pdf_added_glyph(hb_font_t *hb, gunichar u)
{
	hb_codepoint_t g = 0;
	return hb && hb_font_get_nominal_glyph(hb, u, &g) ? g : 0;
}

struct pdf_added_ids pdf_added_ids(PangoFont *font)
{
	hb_font_t *hb = font ? pango_font_get_hb_font(font) : NULL;
	struct pdf_added_ids ids = { pdf_added_glyph(hb, 0x0640), pdf_added_glyph(hb, '-') };
	return ids;
}

int pdf_added_kind(const struct pdf_added_ids *ids, const PangoGlyphItem *run, const char *text,
                   int i)
{
	const PangoGlyphString *g = run->glyphs;
	PangoGlyph glyph = g->glyphs[i].glyph;
	if (glyph == 0 || (glyph != ids->tatweel && glyph != ids->hyphen))
		return PDF_ADDED_NONE;
	int cl = g->log_clusters[i];
	int shared = (i > 0 && g->log_clusters[i - 1] == cl) ||
	             (i + 1 < g->num_glyphs && g->log_clusters[i + 1] == cl);
	if (!shared)
		return PDF_ADDED_NONE;
	gunichar c = g_utf8_get_char(text + run->item->offset + cl);
	if (glyph == ids->tatweel && c != 0x0640)
		return PDF_ADDED_KASHIDA;
	if (glyph == ids->hyphen && c != '-')
		return PDF_ADDED_HYPHEN;
	return PDF_ADDED_NONE;
}

/* The glyph font sets for a tatweel between two Behs (a face may draw
 * its nominal tatweel empty and substitute a form in context: Amiri), or
 * the nominal glyph; 0 when it has none. */
static PangoGlyph pdf_added_tatweel_form(PangoFont *font)
{
	hb_font_t *hb = pango_font_get_hb_font(font);
	PangoGlyph nominal = pdf_added_glyph(hb, 0x0640);
	if (nominal == 0)
		return 0;
	hb_buffer_t *buf = hb_buffer_create();
	const uint32_t text[] = { 0x0628, 0x0640, 0x0628 };
	hb_buffer_add_utf32(buf, text, 3, 0, 3);
	hb_buffer_set_direction(buf, HB_DIRECTION_RTL);
	hb_buffer_set_script(buf, HB_SCRIPT_ARABIC);
	hb_buffer_set_language(buf, hb_language_from_string("ar", -1));
	hb_shape(hb, buf, NULL, 0);
	unsigned int n = 0;
	hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &n);
	hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, &n);
	PangoGlyph form = nominal;
	for (unsigned int i = 0; i < n; i++)
		if (info[i].cluster == 1 && pos[i].x_advance > 0)
			form = info[i].codepoint;
	hb_buffer_destroy(buf);
	return form;
}

void pdf_added_paint_kashida(struct pdf_added *a, struct pdf_stamps *stamps, cairo_t *cr,
                             PangoFont *font, double x, double y, double width)
{
	gpointer v = g_hash_table_lookup(a->tatweel, font);
	if (v == NULL) {
		v = GUINT_TO_POINTER(pdf_added_tatweel_form(font) + 1);
		g_hash_table_insert(a->tatweel, g_object_ref(font), v);
	}
	PangoGlyph form = GPOINTER_TO_UINT(v) - 1;
	cairo_scaled_font_t *sf = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(font));
	if (form == 0 || sf == NULL || width <= 0)
		return;
	cairo_glyph_t g = { form, 0, 0 };
	cairo_text_extents_t te;
	cairo_scaled_font_glyph_extents(sf, &g, 1, &te);
	if (te.width <= 0)
		return;
	/* The ink keeps the overlap with the letters on either side that the
	 * face gives it, and stretches in between. */
	double left = -te.x_bearing, right = te.x_bearing + te.width - te.x_advance;
	double sx = (width + left + right) / te.width;
	if (sx <= 0)
		return;
	/* Deferred to the line's end, as a form XObject under the stretch
	 * (stamps.h): Cairo writes a tiling pattern object for every use of
	 * a stamp painted in place, and a path costs its curves each time. */
	cairo_save(cr);
	cairo_set_scaled_font(cr, sf);
	cairo_translate(cr, x - left - te.x_bearing * sx, y);
	cairo_scale(cr, sx, 1);
	cairo_new_path(cr);
	pdf_stamps_defer(stamps, cr, sf, &g, 1);
	cairo_restore(cr);
}
