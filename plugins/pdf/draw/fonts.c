/*
 * fonts.c: one font map's fonts for the whole PDF (local.h). A paragraph
 * laid out on the scheduler's second thread was shaped with that
 * thread's font map; Cairo embeds a font per font object, so its runs are
 * drawn with the same font from the main map. The glyph ids are the same
 * because it is the same file: checked, and a run's own font is kept when
 * it is not.
 */
#include <math.h>
#include <string.h>

#include <pango/pangofc-font.h>

#include "draw/local.h"

PangoFont *pdf_draw_main_font(struct pdf_draw *d, PangoFont *f)
{
	struct pdf_lane *lane = d->in->lane;
	if (!f || pango_font_get_font_map(f) == lane->fontmap)
		return f;
	if (!d->fonts)
		d->fonts = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_object_unref);
	PangoFont *m = g_hash_table_lookup(d->fonts, f);
	if (m)
		return m;
	PangoFontDescription *desc = pango_font_describe_with_absolute_size(f);
	m = pango_font_map_load_font(lane->fontmap, lane->ctx_ltr, desc);
	pango_font_description_free(desc);
	int same = 0;
	if (m && PANGO_IS_FC_FONT(m) && PANGO_IS_FC_FONT(f)) {
		FcPattern *a = pango_fc_font_get_pattern(PANGO_FC_FONT(f));
		FcPattern *b = pango_fc_font_get_pattern(PANGO_FC_FONT(m));
		FcChar8 *fa = NULL, *fb = NULL;
		int ia = -1, ib = -2;
		double sa = -1, sb = -2;
		if (FcPatternGetString(a, FC_FILE, 0, &fa) == FcResultMatch &&
		    FcPatternGetString(b, FC_FILE, 0, &fb) == FcResultMatch &&
		    FcPatternGetInteger(a, FC_INDEX, 0, &ia) == FcResultMatch &&
		    FcPatternGetInteger(b, FC_INDEX, 0, &ib) == FcResultMatch &&
		    FcPatternGetDouble(a, FC_PIXEL_SIZE, 0, &sa) == FcResultMatch &&
		    FcPatternGetDouble(b, FC_PIXEL_SIZE, 0, &sb) == FcResultMatch)
			same = strcmp((const char *)fa, (const char *)fb) == 0 && ia == ib &&
			       fabs(sa - sb) < 1e-6;
	}
	if (!same) {
		if (m)
			g_object_unref(m);
		m = g_object_ref(f);
	}
	g_hash_table_insert(d->fonts, f, m);
	return m;
}
