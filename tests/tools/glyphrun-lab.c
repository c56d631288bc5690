/*
 * glyphrun-lab: typesets a plain text file (one paragraph per line) with
 * Pango and draws every run through pdf_glyphrun_show(), so the output's
 * text can be read back by poppler, pdf.js and mupdf and measured with
 * tests/tools/recall. Used to choose the glyph order glyphrun.c emits
 * (docs/pdf-text.md). Lines are drawn run by run, without the plugin's
 * line-level work (render.c, runorder.c).
 *
 * Build: cc -std=c11 -Iplugins/pdf tests/tools/glyphrun-lab.c \
 *        plugins/pdf/glyphrun.c plugins/pdf/fontslots.c plugins/pdf/stamps.c \
 *        $(pkg-config --cflags --libs pangocairo harfbuzz) -lm
 * Use:   glyphrun-lab TEXT OUT.pdf [FONT]     (FONT default "Amiri 12")
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>

#include "fontslots.h"
#include "glyphrun.h"

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: glyphrun-lab TEXT OUT.pdf [FONT]\n");
		return 2;
	}
	FILE *f = fopen(argv[1], "rb");
	if (!f) { perror(argv[1]); return 1; }
	static char buf[4 << 20];
	size_t len = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[len] = 0;

	const double W = 595, H = 842, M = 60, LW = W - 2 * M;
	cairo_surface_t *s = cairo_pdf_surface_create(argv[2], W, H);
	cairo_t *cr = cairo_create(s);
	struct pdf_fontslots *slots = pdf_fontslots_new();
	PangoLayout *lay = pango_cairo_create_layout(cr);
	PangoFontDescription *fd = pango_font_description_from_string(argc > 3 ? argv[3] : "Amiri 12");
	pango_layout_set_font_description(lay, fd);
	pango_layout_set_width(lay, (int)(LW * PANGO_SCALE));
	pango_layout_set_wrap(lay, PANGO_WRAP_WORD);
	pango_layout_set_auto_dir(lay, TRUE);

	double y = M;
	for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
		pango_layout_set_text(lay, line, -1);
		PangoLayoutIter *it = pango_layout_get_iter(lay);
		do {
			PangoLayoutLine *ll = pango_layout_iter_get_line_readonly(it);
			PangoRectangle log;
			pango_layout_iter_get_line_extents(it, NULL, &log);
			double base = pango_layout_iter_get_baseline(it) / (double)PANGO_SCALE;
			double lh = log.height / (double)PANGO_SCALE;
			double top = log.y / (double)PANGO_SCALE;
			if (y + top + lh > H - M) {
				cairo_show_page(cr);
				y = M - top;
			}
			double x = M + log.x / (double)PANGO_SCALE;
			for (GSList *r = ll->runs; r; r = r->next) {
				PangoGlyphItem *gi = r->data;
				pdf_glyphrun_show(cr, slots, NULL, pango_layout_get_text(lay), gi,
				                  pdf_glyphrun_mark(ll->runs, r,
				                                    ll->resolved_dir == PANGO_DIRECTION_RTL, 0, 0),
				                  0, PDF_BEFORE_NONE, -1, x, y + base);
				x += pango_glyph_string_get_width(gi->glyphs) / (double)PANGO_SCALE;
			}
		} while (pango_layout_iter_next_line(it));
		PangoRectangle ext;
		pango_layout_get_extents(lay, NULL, &ext);
		pango_layout_iter_free(it);
		y += ext.height / (double)PANGO_SCALE + 8;
	}
	pango_font_description_free(fd);
	g_object_unref(lay);
	cairo_destroy(cr);
	pdf_fontslots_free(slots);
	cairo_surface_finish(s);
	int rc = cairo_surface_status(s) != CAIRO_STATUS_SUCCESS;
	cairo_surface_destroy(s);
	return rc;
}
