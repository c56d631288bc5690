/*
 * page.c: what a page has besides its flow (local.h): the running header
 * and the footer with the page number, which are not content and not
 * tagged, and the footnotes at its foot.
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

/* Draws the line l, centred in the header or footer band on baseline, in
 * colour rgb: a line of a paragraph of its own, left to right. */
static void pdf_draw_band_text(struct pdf_draw *d, PangoLayout *l, const double rgb[3],
                               double baseline)
{
	PangoLayoutIter *it = pango_layout_get_iter(l);
	double y0 = baseline - pango_units_to_double(pango_layout_iter_get_baseline(it));
	pango_layout_iter_free(it);
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
	if (index > 0 && setup->header_text && *setup->header_text) {
		double base = setup->margin_top - setup->header_size * 1.6;
		/* The same line on every page: shaped once. */
		if (d->header == NULL)
			d->header = pdf_band_layout(d, setup->header_text, setup->header_size);
		pdf_draw_band_text(d, d->header, setup->header_color, base);
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
	pdf_draw_band_text(d, footer, setup->footer_color, fbase);
	g_object_unref(footer);
}

void pdf_draw_notes(struct pdf_draw *d, const struct pdf_page *p)
{
	const struct pdf_setup *setup = d->setup;
	cairo_t *cr = d->cr;
	if (p->n_notes == 0)
		return;
	double ry = p->notes_top - setup->font_size * 0.6;
	double len = setup->text_w / 4;
	cairo_save(cr);
	cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
	cairo_set_line_width(cr, 0.5);
	cairo_move_to(cr, setup->rtl ? d->right - len : d->left, ry);
	cairo_line_to(cr, setup->rtl ? d->right : d->left + len, ry);
	cairo_stroke(cr);
	cairo_restore(cr);
	for (int i = 0; i < p->n_notes; i++) {
		const struct pdf_note_place *np = &p->notes[i];
		const struct pdf_note *n = &d->in->flow->notes[np->note];
		const struct pdf_block *b = n->blocks[np->block];
		if (np->from == 0 && np->block == 0)
			pdf_draw_dest(d, n->id, d->left, np->y);
		double x = pdf_draw_block_x(d, b);
		cairo_tag_begin(cr, "Note", "");
		pdf_draw_lines(d, b, np->from, np->to, x, np->y - b->line_top[np->from], NULL);
		cairo_tag_end(cr, "Note");
	}
}
