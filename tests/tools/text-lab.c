/*
 * text-lab: typesets a plain text file (one paragraph per line) with Pango
 * and draws every line through the PDF plugin's text layer
 * (plugins/pdf/text/text.h), steered or plain, so that the text poppler,
 * pdf.js and mupdf read back can be measured with tests/tools/recall apart
 * from the rest of the plugin (no pages, tags or structure; paragraphs
 * broken by Pango, as auto-directed as the text).
 *
 * Build: cc -std=c11 -D_GNU_SOURCE -Iplugins/pdf tests/tools/text-lab.c \
 *        plugins/pdf/text/[!t]*.c plugins/pdf/text/text.c \
 *        $(pkg-config --cflags --libs pangocairo harfbuzz) -lm -o text-lab
 * Use:   text-lab TEXT OUT.pdf [steered|plain] [FONT]   (FONT default "Amiri 12")
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>

#include "text/text.h"

static gint pdf_lab_cmp(gconstpointer a, gconstpointer b)
{
	gunichar x = *(const gunichar *)a, y = *(const gunichar *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: text-lab TEXT OUT.pdf [steered|plain] [FONT]\n");
		return 2;
	}
	FILE *f = fopen(argv[1], "rb");
	if (!f) {
		perror(argv[1]);
		return 1;
	}
	static char buf[4 << 20];
	size_t len = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[len] = 0;
	enum pdf_text_kind kind = argc > 3 && strcmp(argv[3], "plain") == 0 ? PDF_TEXT_PLAIN
	                                                                    : PDF_TEXT_STEERED;

	const double W = 595, H = 842, M = 60, LW = W - 2 * M;
	cairo_surface_t *s = cairo_pdf_surface_create(argv[2], W, H);
	cairo_t *cr = cairo_create(s);
	/* The text's characters: what the text layer may not take a glyph of. */
	GArray *chars = g_array_new(FALSE, FALSE, sizeof(gunichar));
	for (const char *p = buf; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		g_array_append_val(chars, c);
	}
	for (gunichar c = 0x20; c < 0x7f; c++)
		g_array_append_val(chars, c);
	g_array_sort(chars, pdf_lab_cmp);
	struct pdf_text *text = pdf_text_new(kind, cr, 1, (const gunichar *)(void *)chars->data,
	                                     chars->len, NULL);
	PangoLayout *lay = pango_cairo_create_layout(cr);
	PangoFontDescription *fd = pango_font_description_from_string(argc > 4 ? argv[4] : "Amiri 12");
	pango_layout_set_font_description(lay, fd);
	pango_layout_set_width(lay, (int)(LW * PANGO_SCALE));
	pango_layout_set_wrap(lay, PANGO_WRAP_WORD);
	pango_layout_set_auto_dir(lay, TRUE);

	double y = M;
	int new_page = 1;
	for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
		pango_layout_set_text(lay, line, -1);
		const char *t = pango_layout_get_text(lay);
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
				new_page = 1;
			}
			if (new_page) {
				/* The page's text, for poppler's direction: taken
				 * from the paragraph that starts it. */
				struct pdf_text_span span = { t, 0, (int)strlen(t) };
				pdf_text_page(text, &span, 1);
				new_page = 0;
			}
			struct pdf_text_line tl = { t, ll->runs, M + log.x / (double)PANGO_SCALE, y + base,
			                            ll->resolved_dir == PANGO_DIRECTION_RTL, 0, 0, 0, 0 };
			pdf_text_line(text, &tl, NULL);
		} while (pango_layout_iter_next_line(it));
		PangoRectangle ext;
		pango_layout_get_extents(lay, NULL, &ext);
		pango_layout_iter_free(it);
		y += ext.height / (double)PANGO_SCALE + 8;
	}
	pango_font_description_free(fd);
	g_object_unref(lay);
	cairo_destroy(cr);
	cairo_surface_finish(s);
	pdf_text_free(text);
	g_array_free(chars, TRUE);
	int rc = cairo_surface_status(s) != CAIRO_STATUS_SUCCESS;
	cairo_surface_destroy(s);
	return rc;
}
