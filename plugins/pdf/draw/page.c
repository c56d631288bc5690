/*
 * page.c: what a page has besides its flow (local.h): the running header
 * and the footer with the page number, which are not content (artifacts),
 * and the footnotes at its foot.
 */
#include <string.h>

#include "draw/local.h"

/* A layout for a line of the running header or footer. */
static PangoLayout *pdf_band_layout(struct pdf_draw *d, const char *text, double size)
{
	const struct pdf_setup *setup = d->setup;
	PangoLayout *l = pango_layout_new(setup->rtl ? d->in->lane->ctx_rtl : d->in->lane->ctx_ltr);
	PangoFontDescription *fd = pango_font_description_new();
	pango_font_description_set_family(fd, setup->font_family);
	pango_font_description_set_size(fd, (gint)(size * PANGO_SCALE));
	pango_layout_set_auto_dir(l, FALSE);
	pango_layout_set_font_description(l, fd);
	pango_layout_set_width(l, pango_units_from_double(setup->text_w));
	pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
	pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
	pango_layout_set_text(l, text, -1);
	pango_font_description_free(fd);
	return l;
}

/* Fills the outlines of l, its top left corner at (x, y), in colour rgb. */
static void pdf_band_outline(cairo_t *cr, PangoLayout *l, const double rgb[3], double x, double y)
{
	cairo_save(cr);
	cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
	cairo_move_to(cr, x, y);
	pango_cairo_layout_path(cr, l);
	cairo_fill(cr);
	cairo_restore(cr);
}

/* Draws the line l, centred in the header or footer band on baseline, in
 * colour rgb: a line of a paragraph of its own, left to right. Under
 * artifacts, as outlines (once, when once is given: the running header's
 * are drawn into a recording surface that every page paints, one form
 * XObject in the file instead of 300 copies of its paths). */
static void pdf_draw_band_text(struct pdf_draw *d, PangoLayout *l, const double rgb[3],
                               double baseline, cairo_surface_t **once)
{
	PangoLayoutIter *it = pango_layout_get_iter(l);
	double y0 = baseline - pango_units_to_double(pango_layout_iter_get_baseline(it));
	pango_layout_iter_free(it);
	if (d->in->artifacts) {
		/* An artifact's text goes into its group, a form XObject, as
		 * outlines: pdf.js reads a form's text apart from the page's
		 * and would run the page number into the first line's word
		 * ("1From"); and nobody reads an artifact. */
		if (once == NULL) {
			pdf_band_outline(d->cr, l, rgb, d->left, y0);
			return;
		}
		if (*once == NULL) {
			cairo_rectangle_t box = { 0, 0, d->setup->page_w, d->setup->page_h };
			*once = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &box);
			cairo_t *cr = cairo_create(*once);
			pdf_band_outline(cr, l, rgb, d->left, y0);
			cairo_destroy(cr);
		}
		cairo_save(d->cr);
		cairo_set_source_surface(d->cr, *once, 0, 0);
		cairo_paint(d->cr);
		cairo_restore(d->cr);
		return;
	}
	struct pdf_block band = {0};
	band.layout = l;
	band.n_lines = 1;
	memcpy(band.color, rgb, sizeof band.color);
	pdf_draw_lines(d, &band, 0, 1, d->left, y0, NULL);
}

void pdf_draw_furniture(struct pdf_draw *d, int index)
{
	const struct pdf_setup *setup = d->setup;
	cairo_t *cr = d->cr;
	char num[32];
	pdf_format_number(setup->digit_zero, index + 1, num, sizeof num);
	/* One group for the page's furniture (one form to mark). */
	pdf_draw_artifact_begin(d);
	if (index > 0 && setup->header_text && *setup->header_text) {
		double base = setup->margin_top - setup->header_size * 1.6;
		/* The same line on every page: shaped once. */
		if (d->header == NULL)
			d->header = pdf_band_layout(d, setup->header_text, setup->header_size);
		pdf_draw_band_text(d, d->header, setup->header_color, base, &d->header_outline);
		if (setup->header_rule > 0) {
			cairo_save(cr);
			cairo_set_source_rgb(cr, 0.5, 0.5, 0.5);
			cairo_set_line_width(cr, setup->header_rule);
			cairo_move_to(cr, d->left, base + setup->header_size * 0.6);
			cairo_line_to(cr, d->right, base + setup->header_size * 0.6);
			cairo_stroke(cr);
			cairo_restore(cr);
		}
	}
	double fbase = setup->page_h - setup->margin_bottom + setup->footer_size * 2.4;
	PangoLayout *footer = pdf_band_layout(d, num, setup->footer_size);
	pdf_draw_band_text(d, footer, setup->footer_color, fbase, NULL);
	g_object_unref(footer);
	pdf_draw_artifact_end(d);
}

void pdf_draw_notes(struct pdf_draw *d, const struct pdf_page *p)
{
	const struct pdf_setup *setup = d->setup;
	cairo_t *cr = d->cr;
	if (p->n_notes == 0)
		return;
	double ry = p->notes_top - setup->font_size * 0.6;
	double len = setup->text_w / 4;
	pdf_draw_artifact_begin(d);
	cairo_save(cr);
	cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
	cairo_set_line_width(cr, 0.5);
	cairo_move_to(cr, setup->rtl ? d->right - len : d->left, ry);
	cairo_line_to(cr, setup->rtl ? d->right : d->left + len, ry);
	cairo_stroke(cr);
	cairo_restore(cr);
	pdf_draw_artifact_end(d);
	for (int i = 0; i < p->n_notes; i++) {
		const struct pdf_note_place *np = &p->notes[i];
		const struct pdf_note *n = &d->in->flow->notes[np->note];
		const struct pdf_block *b = n->blocks[np->block];
		if (np->from == 0 && np->block == 0)
			pdf_draw_dest(d, n->id, d->left, np->y);
		double x = pdf_draw_block_x(d, b);
		/* ISO 14289-1, 7.9: a Note has an /ID; a note's later pieces
		 * (its other blocks, the rest of it on the next page) go on
		 * its one element. */
		int later = np->from > 0 || np->block > 0;
		struct pdf_struct_note note = { NULL, 0, NULL, NULL, PDF_SCOPE_NONE, NULL, 0, 0, 0 };
		if (!later)
			note.id = n->id ? g_strdup(n->id) : g_strdup_printf("note#%d", ++d->notes_unnamed);
		pdf_draw_tag_slice(d, "Note", &note, n, later);
		pdf_draw_lines(d, b, np->from, np->to, x, np->y - b->line_top[np->from], NULL);
		pdf_draw_tag_end(d, "Note");
	}
}
