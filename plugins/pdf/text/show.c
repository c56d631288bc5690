/*
 * show.c: glyphs and their text shown so that Cairo keeps them (show.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "text/show.h"

/* Cairo's fixed point: 24.8. */
#define PDF_FIXED_ONE 256.0

/* Whether device coordinate v is on a whole unit once Cairo rounds it to
 * its fixed point. */
static int pdf_on_whole_unit(double v)
{
	double f = nearbyint(v * PDF_FIXED_ONE);
	return fmod(f, PDF_FIXED_ONE) == 0;
}

void pdf_show_text_glyphs(cairo_t *cr, const char *utf8, int nb, const cairo_glyph_t *g, int ng,
                          const cairo_text_cluster_t *cc, int ncc)
{
	int nudge_x = 0, nudge_y = 0;
	if (ng > 0) {
		cairo_text_extents_t te;
		cairo_glyph_extents(cr, g, ng, &te);
		if (te.width <= 0 || te.height <= 0) {
			/* The ink box is the points' box: empty across x when
			 * they share one whole x, across y when one whole y. */
			double x0 = g[0].x, y0 = g[0].y;
			cairo_user_to_device(cr, &x0, &y0);
			nudge_x = pdf_on_whole_unit(x0);
			nudge_y = pdf_on_whole_unit(y0);
			for (int i = 1; i < ng && (nudge_x || nudge_y); i++) {
				double x = g[i].x, y = g[i].y;
				cairo_user_to_device(cr, &x, &y);
				nudge_x &= nearbyint(x * PDF_FIXED_ONE) == nearbyint(x0 * PDF_FIXED_ONE);
				nudge_y &= nearbyint(y * PDF_FIXED_ONE) == nearbyint(y0 * PDF_FIXED_ONE);
			}
		}
	}
	if (!nudge_x && !nudge_y) {
		cairo_show_text_glyphs(cr, utf8, nb, g, ng, cc, ncc, 0);
		return;
	}
	cairo_glyph_t *moved = malloc(sizeof *moved * (size_t)ng);
	if (moved == NULL) {
		cairo_show_text_glyphs(cr, utf8, nb, g, ng, cc, ncc, 0);
		return;
	}
	memcpy(moved, g, sizeof *moved * (size_t)ng);
	double dx = nudge_x ? 4 / PDF_FIXED_ONE : 0, dy = nudge_y ? 4 / PDF_FIXED_ONE : 0;
	cairo_device_to_user_distance(cr, &dx, &dy);
	for (int i = 0; i < ng; i++) {
		moved[i].x += dx;
		moved[i].y += dy;
	}
	cairo_show_text_glyphs(cr, utf8, nb, moved, ng, cc, ncc, 0);
	free(moved);
}
