/*
 * block.c: a slice of a paragraph on its page (local.h): its destination
 * and bookmark, background, list marker, structure tag, lines (each
 * through the text layer, inside the inline tags of its runs: Link, Code,
 * Span), a
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

/* The deepest inline tags nest (inline.c reads 64 levels). */
#define PDF_CHAIN_MAX 64

/* The inline tags of b (model.h) that hold run item, outermost first,
 * into chain; returns how many. By its first byte: tags that hold a byte
 * are nested, in their order. */
static int pdf_run_chain(const struct pdf_block *b, const PangoItem *item, int *chain)
{
	int n = 0;
	for (int i = 0; i < b->n_itags && n < PDF_CHAIN_MAX; i++)
		if (item->offset >= b->itags[i].start && item->offset < b->itags[i].end)
			chain[n++] = i;
	return n;
}

/* Where in chain (of n) the run's link is, or -1. */
static int pdf_chain_link(const struct pdf_block *b, const int *chain, int n)
{
	for (int i = n - 1; i >= 0; i--)
		if (b->itags[chain[i]].link >= 0)
			return i;
	return -1;
}

/* Whether the text of a run with chain (of n) goes in a Span of its own:
 * in a paragraph with inline tags, Cairo 1.16 marks the content only of
 * elements with no children, so text directly in the paragraph, or in a
 * tag with another inside it, is put in a Span. */
static int pdf_chain_filler(const struct pdf_block *b, const int *chain, int n)
{
	return n == 0 || b->itags[chain[n - 1]].inner;
}

/* Whether the paragraph of the line being drawn tags its runs. */
static int pdf_draw_tagged(const struct pdf_draw *d)
{
	return d->block->n_itags > 0;
}

/* pdf_text_marks.apart: a tag ends between a and b. */
static int pdf_marks_apart(void *ctx, const PangoGlyphItem *a, const PangoGlyphItem *b)
{
	struct pdf_draw *d = ctx;
	if (!pdf_draw_tagged(d))
		return 0;
	const struct pdf_block *bl = d->block;
	int ca[PDF_CHAIN_MAX], cb[PDF_CHAIN_MAX];
	int na = pdf_run_chain(bl, a->item, ca), nb = pdf_run_chain(bl, b->item, cb);
	if (pdf_chain_link(bl, ca, na) >= 0 || pdf_chain_link(bl, cb, nb) >= 0)
		return 1;
	if ((na ? ca[na - 1] : -1) != (nb ? cb[nb - 1] : -1))
		return 1;
	return pdf_chain_filler(bl, ca, na) && a->y_offset != b->y_offset;
}

/* Closes the Span that holds the runs drawn since the last tag changed. */
static void pdf_span_end(struct pdf_draw *d)
{
	if (d->span_open)
		pdf_draw_tag_end(d, "Span");
	d->span_open = 0;
}

/* Closes the open inline tags (and the Span in them) down to the first
 * keep of them. */
static void pdf_inline_close_to(struct pdf_draw *d, int keep)
{
	GArray *open = d->inline_open;
	if ((int)open->len > keep)
		pdf_span_end(d);
	while ((int)open->len > keep) {
		const struct pdf_inline_tag *t =
			&d->inline_block->itags[g_array_index(open, int, open->len - 1)];
		g_array_set_size(open, open->len - 1);
		if (t->link >= 0)
			pdf_draw_link_end(d, &d->inline_block->links[t->link]);
		else
			pdf_draw_tag_end(d, t->tag);
	}
}

/* Closes every tag the lines drawn left open. */
static void pdf_marks_finish(struct pdf_draw *d)
{
	pdf_span_end(d);
	pdf_inline_close_to(d, 0);
}

/* Opens b's inline tag i inside those open: its Link, Code or Span, or a
 * piece of it that goes on its first (another line or page, or a
 * right-to-left line drawn in another order than its text). */
static void pdf_inline_open(struct pdf_draw *d, const struct pdf_block *b, int i)
{
	const struct pdf_inline_tag *t = &b->itags[i];
	d->inline_block = b;
	g_array_append_val(d->inline_open, i);
	if (t->link >= 0) {
		pdf_draw_link_begin(d, &b->links[t->link], t);
		return;
	}
	struct pdf_struct_note note = { t->tag, 0, t->lang, NULL, PDF_SCOPE_NONE, NULL, 0, 0, 0 };
	pdf_draw_tag_slice(d, t->tag, &note, t, 1);
}

/* pdf_text_marks.begin: run's colour, and its tags: the inline tags that
 * hold it (a tag that goes on from the run before stays open, also from
 * the line before), and a Span for its text where they have children. */
static void pdf_marks_begin(void *ctx, const PangoGlyphItem *run)
{
	struct pdf_draw *d = ctx;
	double rgb[3];
	if (!pdf_run_color(run->item, rgb))
		memcpy(rgb, d->block->color, sizeof rgb);
	cairo_set_source_rgb(d->cr, rgb[0], rgb[1], rgb[2]);
	if (!pdf_draw_tagged(d))
		return;
	const struct pdf_block *b = d->block;
	int chain[PDF_CHAIN_MAX];
	int n = pdf_run_chain(b, run->item, chain);
	GArray *open = d->inline_open;
	int k = 0;
	if (d->inline_block == b)
		while (k < n && k < (int)open->len && g_array_index(open, int, k) == chain[k])
			k++;
	int filler = pdf_chain_filler(b, chain, n);
	if (k < n || !filler || d->span_rise != run->y_offset)
		pdf_span_end(d);
	pdf_inline_close_to(d, k);
	for (; k < n; k++)
		pdf_inline_open(d, b, chain[k]);
	if (filler && !d->span_open) {
		pdf_draw_tag_begin(d, "Span", NULL);
		d->span_open = 1;
		d->span_rise = run->y_offset;
	}
}

/* pdf_text_marks.end: a link's run closes its Link (and what is in it). */
static void pdf_marks_end(void *ctx, const PangoGlyphItem *run)
{
	struct pdf_draw *d = ctx;
	if (!pdf_draw_tagged(d))
		return;
	int chain[PDF_CHAIN_MAX];
	int n = pdf_run_chain(d->block, run->item, chain);
	int link = pdf_chain_link(d->block, chain, n);
	if (link >= 0 && d->inline_block == d->block && (int)d->inline_open->len > link)
		pdf_inline_close_to(d, link);
}

/* Before a line of b: what the text layer draws before its first run
 * (primers, a start mark) goes in the tags still open from the line
 * before, or in a Span where they have children (or none is open): in
 * the paragraph itself it would be in no marked content at all. The tags
 * and the Span stay open after the line for the same reason, until a run
 * in other tags, or the end of the block's lines on the page. The Span is
 * dropped when nothing went in it (archive/structure.c). */
static void pdf_marks_line(struct pdf_draw *d, const struct pdf_block *b)
{
	if (b->n_itags == 0 || d->span_open)
		return;
	GArray *open = d->inline_open;
	if (d->inline_block == b && open->len > 0 &&
	    !b->itags[g_array_index(open, int, open->len - 1)].inner)
		return;
	struct pdf_struct_note note = { "Span", 0, NULL, NULL, PDF_SCOPE_NONE, NULL, 0, 0, 1 };
	pdf_draw_tag_begin(d, "Span", &note);
	d->span_open = 1;
	d->span_rise = 0;
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
		d, pdf_marks_apart, pdf_marks_begin, pdf_marks_end, NULL
	};
	d->block = b;
	pdf_marks_line(d, b);
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
		pdf_marks_finish(d);
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
	pdf_marks_finish(d);
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
	pdf_draw_link_begin(d, &l, NULL);
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
	/* A paragraph over a page break is one element (ISO 14289-1 7.1). */
	pdf_draw_tag_slice(d, b->tag, NULL, b, from > 0);
	pdf_draw_lines(d, b, from, to, x, oy, NULL);
	pdf_draw_tag_end(d, b->tag);
	if (b->page_ref_end && to == b->n_lines && b->n_lines > 0)
		pdf_draw_page_ref_end(d, b, oy + b->line_baseline[to - 1]);
}
