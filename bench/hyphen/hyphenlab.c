/*
 * hyphenlab FORM OUT.pdf: a one-page PDF, drawn with Cairo as our PDF
 * plugin draws (cairo_show_text_glyphs, so every glyph carries its text),
 * of a short left-to-right paragraph in Noto Serif whose first line ends
 * in "extraor" and a hyphen and whose second line starts with "dinary".
 * FORM says how the hyphen is drawn:
 *
 *   hyphen     the hyphen glyph, its text U+002D HYPHEN-MINUS
 *   shy        the hyphen glyph, its text U+00AD SOFT HYPHEN
 *   empty      the hyphen glyph in a cluster of no text (Cairo writes it
 *              inside /ActualText of the empty string)
 *   cluster    the hyphen glyph in one cluster with the "r" before it, the
 *              cluster's text "r" (Cairo writes /ActualText (r) around
 *              both glyphs)
 *   whole      the glyphs of "extraor-" in one cluster whose text is the
 *              whole word "extraordinary", and those of "dinary" on the
 *              next line in a cluster of no text (Cairo writes both as
 *              /ActualText)
 *   path       the hyphen's outline filled as a path: not text at all
 *   none       no hyphen (the control: a word cut in two)
 *   pango      Pango's own: "extraor<U+00AD>dinary" broken at its soft
 *              hyphen by pango_cairo_show_layout_line
 *
 * bench/hyphen/run copies the text out with each extractor and reports
 * which forms give "extraordinary" back whole.
 *
 * Build: cc -std=c11 bench/hyphen/hyphenlab.c $(pkg-config --cflags --libs pangocairo)
 */
#include <stdio.h>
#include <string.h>

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

static const char *LINE1 = "A word may be hyphenated where the line ends, as extraor";
static const char *LINE2 = "dinary words often are; copying it must give the word back.";
static const char *LINE3 = "The last line of the paragraph ends here.";

/* Draws TEXT at (X, Y) glyph by glyph with its clusters, in SF. */
static void show(cairo_t *cr, cairo_scaled_font_t *sf, double x, double y, const char *text)
{
	cairo_glyph_t *glyphs = NULL;
	cairo_text_cluster_t *clusters = NULL;
	int ng = 0, nc = 0;
	cairo_text_cluster_flags_t flags;
	cairo_scaled_font_text_to_glyphs(sf, x, y, text, -1, &glyphs, &ng, &clusters, &nc, &flags);
	cairo_show_text_glyphs(cr, text, -1, glyphs, ng, clusters, nc, flags);
	cairo_glyph_free(glyphs);
	cairo_text_cluster_free(clusters);
}

static double advance(cairo_scaled_font_t *sf, const char *text)
{
	cairo_text_extents_t ext;
	cairo_scaled_font_text_extents(sf, text, &ext);
	return ext.x_advance;
}

static unsigned long glyph_of(cairo_scaled_font_t *sf, const char *ch)
{
	cairo_glyph_t *g = NULL;
	int n = 0;
	cairo_scaled_font_text_to_glyphs(sf, 0, 0, ch, -1, &g, &n, NULL, NULL, NULL);
	unsigned long index = n > 0 ? g[0].index : 0;
	cairo_glyph_free(g);
	return index;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: hyphenlab hyphen|shy|empty|cluster|whole|path|none|pango OUT.pdf\n");
		return 2;
	}
	const char *form = argv[1];
	const double X = 72, Y = 100, PITCH = 16;
	cairo_surface_t *s = cairo_pdf_surface_create(argv[2], 595, 842);
	cairo_t *cr = cairo_create(s);

	PangoFontMap *fm = pango_cairo_font_map_get_default();
	PangoContext *pc = pango_font_map_create_context(fm);
	pango_cairo_context_set_resolution(pc, 72);
	PangoFontDescription *fd = pango_font_description_from_string("Noto Serif 11");
	PangoFont *font = pango_font_map_load_font(fm, pc, fd);
	cairo_scaled_font_t *sf = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(font));
	cairo_set_scaled_font(cr, sf);

	int status = 0;
	if (strcmp(form, "pango") == 0) {
		/* The paragraph set by Pango, as wide as the first line with its
		   hyphen, so that it breaks at the soft hyphen. */
		PangoLayout *lay = pango_layout_new(pc);
		pango_layout_set_font_description(lay, fd);
		char text[512];
		snprintf(text, sizeof text, "%s\xc2\xad%s %s", LINE1, LINE2, LINE3);
		pango_layout_set_text(lay, text, -1);
		pango_layout_set_width(lay, (int)((advance(sf, LINE1) + advance(sf, "-") + 1) * PANGO_SCALE));
		double y = Y;
		for (GSList *l = pango_layout_get_lines_readonly(lay); l; l = l->next, y += PITCH) {
			cairo_move_to(cr, X, y);
			pango_cairo_show_layout_line(cr, l->data);
		}
		g_object_unref(lay);
	} else if (strcmp(form, "whole") == 0) {
		/* The first line up to "extraor", then "extraor-" carrying the
		   whole word; the second line's "dinary" carrying nothing. */
		const char *word = "extraordinary", *tail = "dinary";
		size_t n = strlen(LINE1) - strlen("extraor");
		char head[256];
		memcpy(head, LINE1, n);
		head[n] = 0;
		show(cr, sf, X, Y, head);
		cairo_glyph_t *g = NULL;
		int ng = 0;
		cairo_scaled_font_text_to_glyphs(sf, X + advance(sf, head), Y, "extraor-", -1, &g, &ng, NULL, NULL, NULL);
		cairo_text_cluster_t c1 = { (int)strlen(word), ng };
		cairo_show_text_glyphs(cr, word, (int)strlen(word), g, ng, &c1, 1, 0);
		cairo_glyph_free(g);
		g = NULL; /* else Cairo would fill the freed array again */
		ng = 0;
		cairo_scaled_font_text_to_glyphs(sf, X, Y + PITCH, tail, -1, &g, &ng, NULL, NULL, NULL);
		cairo_text_cluster_t c2 = { 0, ng };
		cairo_show_text_glyphs(cr, "", 0, g, ng, &c2, 1, 0);
		cairo_glyph_free(g);
		show(cr, sf, X + advance(sf, tail), Y + PITCH, LINE2 + strlen(tail));
		show(cr, sf, X, Y + 2 * PITCH, LINE3);
	} else {
		show(cr, sf, X, Y, LINE1);
		double hx = X + advance(sf, LINE1);
		cairo_glyph_t hy = { glyph_of(sf, "-"), hx, Y };
		if (strcmp(form, "hyphen") == 0) {
			cairo_text_cluster_t c = { 1, 1 };
			cairo_show_text_glyphs(cr, "-", 1, &hy, 1, &c, 1, 0);
		} else if (strcmp(form, "shy") == 0) {
			cairo_text_cluster_t c = { 2, 1 };
			cairo_show_text_glyphs(cr, "\xc2\xad", 2, &hy, 1, &c, 1, 0);
		} else if (strcmp(form, "empty") == 0) {
			cairo_text_cluster_t c = { 0, 1 };
			cairo_show_text_glyphs(cr, "", 0, &hy, 1, &c, 1, 0);
		} else if (strcmp(form, "cluster") == 0) {
			/* Redraw the line's last letter with the hyphen in its cluster:
			   the line is drawn again without that letter first. */
			cairo_surface_t *blank = cairo_pdf_surface_create(argv[2], 595, 842);
			cairo_destroy(cr);
			cairo_surface_destroy(s);
			s = blank;
			cr = cairo_create(s);
			cairo_set_scaled_font(cr, sf);
			char head[256];
			size_t n = strlen(LINE1) - 1;
			memcpy(head, LINE1, n);
			head[n] = 0;
			show(cr, sf, X, Y, head);
			cairo_glyph_t two[2] = { { glyph_of(sf, "r"), X + advance(sf, head), Y }, hy };
			cairo_text_cluster_t c = { 1, 2 };
			cairo_show_text_glyphs(cr, "r", 1, two, 2, &c, 1, 0);
		} else if (strcmp(form, "path") == 0) {
			cairo_glyph_path(cr, &hy, 1);
			cairo_fill(cr);
		} else if (strcmp(form, "none") != 0) {
			fprintf(stderr, "hyphenlab: unknown form %s\n", form);
			status = 2;
		}
		show(cr, sf, X, Y + PITCH, LINE2);
		show(cr, sf, X, Y + 2 * PITCH, LINE3);
	}
	cairo_destroy(cr);
	cairo_surface_finish(s);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		fprintf(stderr, "hyphenlab: %s\n", cairo_status_to_string(cairo_surface_status(s)));
		status = 1;
	}
	cairo_surface_destroy(s);
	g_object_unref(font);
	pango_font_description_free(fd);
	g_object_unref(pc);
	return status;
}
