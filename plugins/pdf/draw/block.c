/*
 * block.c: a slice of a paragraph on its page (local.h): its destination
 * and bookmark, background, list marker, structure tag, lines (each
 * through the text layer, inside the Link and Span tags of its runs), a
 * listing's continuation marks and a table of contents' page number.
 */
#include <string.h>

#include "draw/local.h"

/* The colour of item's text, when it sets one. */
static int pdf_run_color(PangoItem *item, double rgb[3])
{
	for (GSList *l = item->analysis.extra_attrs; l; l = l->next) {
		PangoAttribute *a = l->data;
		if (a->klass->type == PANGO_ATTR_FOREGROUND) {
			PangoColor c = ((PangoAttrColor *)a)->color;
			rgb[0] = c.red / 65535.0;
			rgb[1] = c.green / 65535.0;
			rgb[2] = c.blue / 65535.0;
			return 1;
		}
	}
	return 0;
}

/* The link run item is part of in b, or NULL. */
static const struct pdf_link *pdf_run_link(const struct pdf_block *b, PangoItem *item)
{
	for (int i = 0; i < b->n_links; i++)
		if (item->offset < b->links[i].end && item->offset + item->length > b->links[i].start)
			return &b->links[i];
	return NULL;
}

/* Whether the paragraph of the line being drawn tags its runs. */
static int pdf_draw_tagged(const struct pdf_draw *d)
{
	return d->block->n_links > 0;
}

/* pdf_text_marks.apart: a tag ends between a and b. */
static int pdf_marks_apart(void *ctx, const PangoGlyphItem *a, const PangoGlyphItem *b)
{
	struct pdf_draw *d = ctx;
	return pdf_draw_tagged(d) && (pdf_run_link(d->block, a->item) ||
	                              pdf_run_link(d->block, b->item) || a->y_offset != b->y_offset);
}

/* Closes the Span that holds the line's runs drawn since its last link. */
static void pdf_span_end(struct pdf_draw *d)
{
	if (d->span_open)
		pdf_draw_tag_end(d, "Span");
	d->span_open = 0;
}

/* pdf_text_marks.begin: run's colour, and its Link, or a Span for the runs
 * between links at its height. */
static void pdf_marks_begin(void *ctx, const PangoGlyphItem *run)
{
	struct pdf_draw *d = ctx;
	double rgb[3];
	if (!pdf_run_color(run->item, rgb))
		memcpy(rgb, d->block->color, sizeof rgb);
	cairo_set_source_rgb(d->cr, rgb[0], rgb[1], rgb[2]);
	if (!pdf_draw_tagged(d))
		return;
	const struct pdf_link *link = pdf_run_link(d->block, run->item);
	if (link) {
		pdf_span_end(d);
		pdf_draw_link_begin(d, link);
	} else if (!d->span_open || d->span_rise != run->y_offset) {
		pdf_span_end(d);
		pdf_draw_tag_begin(d, "Span", NULL);
		d->span_open = 1;
		d->span_rise = run->y_offset;
	}
}

/* pdf_text_marks.end: a link's run closes its Link. */
static void pdf_marks_end(void *ctx, const PangoGlyphItem *run)
{
	struct pdf_draw *d = ctx;
	const struct pdf_link *link = pdf_draw_tagged(d) ? pdf_run_link(d->block, run->item) : NULL;
	if (link)
		pdf_draw_link_end(d, link);
}

/* pdf_text_marks.close: the line's open Span. */
static void pdf_marks_close(void *ctx)
{
	pdf_span_end(ctx);
}

/* Hands line to the text layer, its runs in the main font map's fonts
 * (fonts.c) while it is drawn. */
static void pdf_draw_text(struct pdf_draw *d, struct pdf_text_line *line,
                          const struct pdf_text_marks *marks)
{
	GPtrArray *own = g_ptr_array_new();
	for (GSList *l = line->runs; l; l = l->next) {
		PangoItem *item = ((PangoGlyphItem *)l->data)->item;
		g_ptr_array_add(own, item->analysis.font);
		item->analysis.font = pdf_draw_main_font(d, item->analysis.font);
	}
	pdf_text_line(d->text, line, marks);
	guint i = 0;
	for (GSList *l = line->runs; l; l = l->next)
		((PangoGlyphItem *)l->data)->item->analysis.font = own->pdata[i++];
	g_ptr_array_free(own, TRUE);
}

/* Draws one line of b, runs in visual order from x on baseline y, li of
 * its lines; cell, if not NULL, is the table cell it is in. */
static void pdf_draw_line(struct pdf_draw *d, const struct pdf_block *b, const char *text,
                          GSList *runs, int li, double x, double y,
                          const struct pdf_draw_cell *cell)
{
	struct pdf_text_line line = {
		text, runs, x, y, b->rtl, 0, cell != NULL,
		cell != NULL && cell->space_before && li == 0,
		cell != NULL && cell->space_after && li == b->n_lines - 1
	};
	const struct pdf_text_marks marks = {
		d, pdf_marks_apart, pdf_marks_begin, pdf_marks_end, pdf_marks_close
	};
	d->block = b;
	pdf_draw_text(d, &line, &marks);
	d->block = NULL;
}

void pdf_draw_label(struct pdf_draw *d, PangoLayout *layout, int rtl, double x, double y)
{
	PangoLayoutLine *l = pango_layout_get_line_readonly(layout, 0);
	if (!l)
		return;
	struct pdf_text_line line = { pango_layout_get_text(layout), l->runs, x, y, rtl, 1, 0, 0, 0 };
	pdf_draw_text(d, &line, NULL);
}

/* A small hooked arrow at the end of a wrapped line of a listing: drawn,
 * not typed, so copying the listing gives back its text alone. */
static void pdf_draw_continuation(cairo_t *cr, double x, double baseline, double size, int rtl)
{
	double s = size * 0.55, d = rtl ? -1 : 1;
	cairo_save(cr);
	cairo_set_source_rgb(cr, 0.45, 0.45, 0.45);
	cairo_set_line_width(cr, size * 0.07);
	cairo_move_to(cr, x, baseline - s);
	cairo_line_to(cr, x + d * s * 0.6, baseline - s);
	cairo_line_to(cr, x + d * s * 0.6, baseline - s * 0.3);
	cairo_line_to(cr, x, baseline - s * 0.3);
	cairo_stroke(cr);
	cairo_move_to(cr, x + d * s * 0.25, baseline - s * 0.55);
	cairo_line_to(cr, x, baseline - s * 0.3);
	cairo_line_to(cr, x + d * s * 0.25, baseline - s * 0.05);
	cairo_stroke(cr);
	cairo_restore(cr);
}

/* Whether line li of b, broken by Pango, wraps: its text goes on on the
 * next line (a listing marks it). */
static int pdf_line_wraps(const struct pdf_block *b, int li)
{
	if (li + 1 >= b->n_lines)
		return 0;
	PangoLayoutLine *next = pango_layout_get_line_readonly(b->layout, li + 1);
	return next && !next->is_paragraph_start;
}

void pdf_draw_lines(struct pdf_draw *d, const struct pdf_block *b, int from, int to, double x,
                    double y, const struct pdf_draw_cell *cell)
{
	const char *text = pango_layout_get_text(b->layout);
	if (b->cut) {
		/* Lines cut by lines/: runs in visual order from line.x. A
		 * line that ends inside a word wider than the line (code, a
		 * long URL, an Arabic word) takes the listing's mark, in the
		 * margin, instead of a hyphen. */
		for (int li = from; li < to && li < b->n_cut; li++) {
			pdf_draw_line(d, b, text, b->cut[li].runs, li, x + b->cut[li].x,
			              y + b->line_baseline[li], cell);
			if (b->cut[li].continued) {
				double size = pango_units_to_double(pango_font_description_get_size(
					pango_layout_get_font_description(b->layout)));
				double mx = b->rtl ? x - size * 0.3 : x + b->width + size * 0.3;
				pdf_draw_continuation(d->cr, mx, y + b->line_baseline[li], size, b->rtl);
			}
		}
		return;
	}
	PangoLayoutIter *it = pango_layout_get_iter(b->layout);
	int li = 0;
	do {
		if (li >= to)
			break;
		if (li < from) {
			li++;
			continue;
		}
		double baseline = y + pango_units_to_double(pango_layout_iter_get_baseline(it));
		PangoRectangle log;
		pango_layout_iter_get_line_extents(it, NULL, &log);
		pdf_draw_line(d, b, text, pango_layout_iter_get_line_readonly(it)->runs, li,
		              x + pango_units_to_double(log.x), baseline, cell);
		if (b->continuation && pdf_line_wraps(b, li)) {
			double size = pango_units_to_double(
				pango_font_description_get_size(pango_layout_get_font_description(b->layout)));
			double mx = b->rtl ? x - size * 0.3 : x + b->width + size * 0.3;
			pdf_draw_continuation(d->cr, mx, baseline, size, b->rtl);
		}
		li++;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
}

double pdf_draw_block_x(const struct pdf_draw *d, const struct pdf_block *b)
{
	return b->rtl ? d->right - b->indent_start - b->width -
	                (b->continuation ? d->setup->font_size : 0)
	              : d->left + b->indent_start;
}

/* The fill behind lines [from, to) of b, at top y (its left edge x). */
static void pdf_draw_background(struct pdf_draw *d, const struct pdf_block *b, int from, int to,
                                double x, double y)
{
	double fs = d->setup->font_size, pad = fs * 0.35;
	double bx = b->rtl ? d->right - b->indent_start - b->width - fs - pad : x - pad;
	double bw = b->width + (b->continuation ? fs : 0) + 2 * pad;
	pdf_draw_artifact_begin(d);
	cairo_save(d->cr);
	cairo_set_source_rgb(d->cr, b->background[0], b->background[1], b->background[2]);
	cairo_rectangle(d->cr, bx, y - (from == 0 ? pad * 0.5 : 0), bw,
	                pdf_block_height(b, from, to) + (from == 0 ? pad * 0.5 : 0) +
	                (to == b->n_lines ? pad * 0.5 : 0));
	cairo_fill(d->cr);
	cairo_restore(d->cr);
	pdf_draw_artifact_end(d);
}

/* b's list marker, hung in the start indent beside its first line (whose
 * baseline is at y), in an Lbl tag. */
static void pdf_draw_marker(struct pdf_draw *d, const struct pdf_block *b, double x, double y)
{
	int mw, mh;
	pango_layout_get_size(b->marker, &mw, &mh);
	double gap = d->setup->font_size * 0.5;
	double w = pango_units_to_double(mw);
	double mx = b->rtl ? x + b->width + gap : x - gap - w;
	pdf_draw_tag_begin(d, "Lbl", NULL);
	cairo_set_source_rgb(d->cr, b->color[0], b->color[1], b->color[2]);
	pdf_draw_label(d, b->marker, b->rtl, mx, y);
	pdf_draw_tag_end(d, "Lbl");
}

/* A table of contents' entry b: the page of its destination at the end
 * side of its last line (baseline y), linked. */
static void pdf_draw_page_ref_end(struct pdf_draw *d, const struct pdf_block *b, double y)
{
	const struct pdf_setup *setup = d->setup;
	int page = pdf_dest_page(d->in->pages->dests, b->page_ref_end);
	char num[32];
	pdf_format_number(setup->digit_zero, page + 1, num, sizeof num);
	struct pdf_lane *lane = d->in->lane;
	PangoLayout *pl = pango_layout_new(b->rtl ? lane->ctx_rtl : lane->ctx_ltr);
	pango_layout_set_auto_dir(pl, FALSE);
	pango_layout_set_font_description(pl, pango_layout_get_font_description(b->layout));
	pango_layout_set_text(pl, page >= 0 ? num : "?", -1);
	int w, h;
	pango_layout_get_size(pl, &w, &h);
	double nx = b->rtl ? d->left : d->right - pango_units_to_double(w);
	struct pdf_link l = { 0, 0, NULL, b->page_ref_end, NULL };
	pdf_draw_link_begin(d, &l);
	pdf_draw_label(d, pl, b->rtl, nx, y);
	pdf_draw_link_end(d, &l);
	g_object_unref(pl);
}

void pdf_draw_block(struct pdf_draw *d, const struct pdf_block *b, int from, int to, double y)
{
	double x = pdf_draw_block_x(d, b);
	double oy = y - b->line_top[from];

	if (from == 0) {
		pdf_draw_dests(d, b->id, y);
		pdf_draw_outline(d, b);
	}
	if (b->has_background)
		pdf_draw_background(d, b, from, to, x, y);
	if (b->marker && from == 0)
		pdf_draw_marker(d, b, x, oy + b->line_baseline[0]);
	pdf_draw_tag_begin(d, b->tag, NULL);
	pdf_draw_lines(d, b, from, to, x, oy, NULL);
	pdf_draw_tag_end(d, b->tag);
	if (b->page_ref_end && to == b->n_lines && b->n_lines > 0)
		pdf_draw_page_ref_end(d, b, oy + b->line_baseline[to - 1]);
}
