/*
 * draw.c: the PDF surface, its Info dictionary and its pages (draw.h);
 * each item of a page is drawn by its kind's file.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "draw/local.h"

static cairo_status_t pdf_draw_write(void *closure, const unsigned char *data, unsigned int len)
{
	struct pdf_draw *d = closure;
	if (d->failed)
		return CAIRO_STATUS_WRITE_ERROR;
	if (d->in->write(d->in->write_ctx, data, len, d->err) != CV_OK) {
		d->failed = 1;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	return CAIRO_STATUS_SUCCESS;
}

static void pdf_draw_metadata(struct pdf_draw *d)
{
	const struct pdf_setup *setup = d->setup;
	cairo_surface_t *s = d->surface;
	if (setup->title && *setup->title)
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, setup->title);
	if (setup->author && *setup->author)
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR, setup->author);
	if (setup->subject && *setup->subject)
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT, setup->subject);
	if (setup->keywords && *setup->keywords)
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_KEYWORDS, setup->keywords);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR,
	                               setup->creator && *setup->creator ? setup->creator : "convert");

	/* Reproducible dates: SOURCE_DATE_EPOCH, else the article's own
	 * date, else now. */
	char date[32];
	time_t t;
	int fixed = cv_job_timestamp(d->in->job, &t);
	if (!fixed && setup->date && strlen(setup->date) == 10) {
		snprintf(date, sizeof date, "%sT00:00:00", setup->date);
	} else {
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm);
	}
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, date);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, date);
}

struct pdf_draw *pdf_draw_begin(const struct pdf_draw_input *in, struct cv_error *err)
{
	const struct pdf_setup *setup = in->setup;
	struct pdf_draw *d = g_new0(struct pdf_draw, 1);
	d->in = in;
	d->setup = setup;
	d->err = err;
	d->left = setup->rtl ? setup->margin_end : setup->margin_start;
	d->right = setup->page_w - (setup->rtl ? setup->margin_start : setup->margin_end);
	d->surface = cairo_pdf_surface_create_for_stream(pdf_draw_write, d, setup->page_w,
	                                                 setup->page_h);
	if (cairo_surface_status(d->surface) != CAIRO_STATUS_SUCCESS) {
		cv_error_set(err, CV_ERROR_LIBRARY, NULL, 0, 0, "pdf: cairo: %s",
		             cairo_status_to_string(cairo_surface_status(d->surface)));
		cairo_surface_destroy(d->surface);
		g_free(d);
		return NULL;
	}
	/* Thread-local "C" numbers for Cairo's tag attribute parser. */
	d->c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	d->saved = d->c_locale ? uselocale(d->c_locale) : (locale_t)0;
	pdf_draw_metadata(d);
	d->cr = cairo_create(d->surface);
	d->open_notes = g_array_new(FALSE, FALSE, sizeof(int));
	d->inline_open = g_array_new(FALSE, FALSE, sizeof(int));
	d->slice_first = g_hash_table_new(g_direct_hash, g_direct_equal);
	d->carried = g_ptr_array_new();
	/* Its language is the catalog's /Lang. */
	pdf_draw_tag_begin(d, "Document", NULL);
	d->page_images = g_hash_table_new(g_direct_hash, g_direct_equal);
	d->text = pdf_text_new(in->text, d->cr, in->stamps, in->chars, in->n_chars,
	                       in->lane->fontmap);
	return d;
}

/* Adds the text of lines [from, to) of b to spans. */
static void pdf_page_span(GArray *spans, const struct pdf_block *b, int from, int to)
{
	if (b != NULL && b->layout != NULL && to > from) {
		struct pdf_text_span s = { pango_layout_get_text(b->layout), b->line_start[from],
		                           b->line_end[to - 1] };
		g_array_append_val(spans, s);
	}
}

/* Tells the text layer the text of page p: its paragraphs, tables
 * (the caption and rows drawn there) and notes. */
static void pdf_draw_page_text(struct pdf_draw *d, const struct pdf_page *p)
{
	GArray *spans = g_array_new(FALSE, FALSE, sizeof(struct pdf_text_span));
	for (int k = 0; k < p->n_places; k++) {
		const struct pdf_place *pl = &p->places[k];
		const struct pdf_item *it = &d->in->flow->items[pl->item];
		if (it->kind == PDF_ITEM_BLOCK)
			pdf_page_span(spans, it->block, pl->from, pl->to);
		if (it->kind != PDF_ITEM_TABLE)
			continue;
		const struct pdf_table *t = it->table;
		if (pl->caption && t->caption)
			pdf_page_span(spans, t->caption, 0, t->caption->n_lines);
		for (int c = 0; c < t->n_cells; c++) {
			const struct pdf_cell *cell = &t->cells[c];
			int from = 0, to = cell->block->n_lines;
			if ((pl->header && cell->row < t->n_header_rows) ||
			    pdf_place_cell(t, pl, c, &from, &to))
				pdf_page_span(spans, cell->block, from, to);
		}
	}
	for (int i = 0; i < p->n_notes; i++) {
		const struct pdf_note_place *np = &p->notes[i];
		pdf_page_span(spans, d->in->flow->notes[np->note].blocks[np->block], np->from, np->to);
	}
	pdf_text_page(d->text, (const struct pdf_text_span *)(void *)spans->data, (int)spans->len);
	g_array_free(spans, TRUE);
}

/* A centred horizontal rule at top y. */
static void pdf_draw_rule(struct pdf_draw *d, const struct pdf_item *it, double y)
{
	double len = it->rule_length;
	double x = d->left + (d->setup->text_w - len) / 2;
	pdf_draw_artifact_begin(d);
	cairo_save(d->cr);
	cairo_set_source_rgb(d->cr, 0.4, 0.4, 0.4);
	cairo_set_line_width(d->cr, it->rule_width);
	cairo_move_to(d->cr, x, y + it->rule_width / 2);
	cairo_line_to(d->cr, x + len, y + it->rule_width / 2);
	cairo_stroke(d->cr);
	cairo_restore(d->cr);
	pdf_draw_artifact_end(d);
}

/* Opens group it's structure element. */
static void pdf_draw_group_begin(struct pdf_draw *d, const struct pdf_item *it)
{
	pdf_draw_tag_begin(d, it->tag, NULL);
	if (it->id)
		d->pending_dest = it->id;
}

void pdf_draw_page(struct pdf_draw *d, int index)
{
	const struct pdf_page *p = &d->in->pages->pages[index];
	char label[32];
	d->page = index;
	pdf_format_number(d->setup->digit_zero, index + 1, label, sizeof label);
	cairo_pdf_surface_set_page_label(d->surface, label);
	/* The header and footer go first, and so are drawn for the reading
	 * direction the text layer took from the page before. */
	pdf_draw_furniture(d, index);
	pdf_draw_page_text(d, p);
	/* Groups the page ends with, nothing of theirs drawn on it, open on
	 * the next page: Cairo 1.16 opens a structure element's marked
	 * content while it has no child, and the page's last artifact (the
	 * kashidas' letters, pdf_text_page_end) was painted inside it, an
	 * artifact in tagged content (ISO 14289-1 7.1). */
	int tail = p->n_places;
	while (tail > 0 && d->in->flow->items[p->places[tail - 1].item].kind == PDF_ITEM_GROUP_BEGIN)
		tail--;
	for (guint i = 0; i < d->carried->len; i++)
		pdf_draw_group_begin(d, d->carried->pdata[i]);
	g_ptr_array_set_size(d->carried, 0);
	for (int k = 0; k < p->n_places; k++) {
		const struct pdf_place *pl = &p->places[k];
		const struct pdf_item *it = &d->in->flow->items[pl->item];
		switch (it->kind) {
		case PDF_ITEM_GROUP_BEGIN:
			if (k >= tail)
				g_ptr_array_add(d->carried, (gpointer)it);
			else
				pdf_draw_group_begin(d, it);
			break;
		case PDF_ITEM_GROUP_END:
			pdf_draw_tag_end(d, it->tag);
			break;
		case PDF_ITEM_BLOCK:
			pdf_draw_block(d, it->block, pl->from, pl->to, pl->y);
			break;
		case PDF_ITEM_RULE:
			pdf_draw_rule(d, it, pl->y);
			break;
		case PDF_ITEM_FIGURE:
			pdf_draw_figure(d, it->figure, pl->y);
			break;
		case PDF_ITEM_TABLE:
			if (pdf_place_table_begins(pl))
				pdf_draw_tag_begin(d, "Table", NULL);
			pdf_draw_table(d, it->table, pl);
			if (pdf_place_table_ends(it->table, pl))
				pdf_draw_tag_end(d, "Table");
			break;
		}
	}
	pdf_draw_notes(d, p);
	pdf_draw_artifact_begin(d);
	pdf_text_page_end(d->text);
	pdf_draw_artifact_end(d);
	cairo_show_page(d->cr);
	g_hash_table_remove_all(d->page_images);
}

int pdf_draw_end(struct pdf_draw *d, int ok, struct cv_error *err)
{
	for (guint i = 0; i < d->carried->len; i++)
		pdf_draw_group_begin(d, d->carried->pdata[i]);
	g_ptr_array_free(d->carried, TRUE);
	pdf_draw_tag_end(d, "Document");
	g_array_free(d->open_notes, TRUE);
	g_array_free(d->inline_open, TRUE);
	g_hash_table_destroy(d->slice_first);
	if (d->fonts)
		g_hash_table_destroy(d->fonts);
	g_hash_table_destroy(d->page_images);
	cairo_status_t st = cairo_status(d->cr);
	cairo_destroy(d->cr);
	if (d->header)
		g_object_unref(d->header);
	if (d->header_outline)
		cairo_surface_destroy(d->header_outline);
	if (!ok)
		d->failed = 1; /* nothing more is written */
	cairo_surface_finish(d->surface);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(d->surface);
	cairo_surface_destroy(d->surface);
	/* After the surface: it writes the stamps' tiles when it finishes. */
	pdf_text_free(d->text);
	if (d->c_locale) {
		uselocale(d->saved);
		freelocale(d->c_locale);
	}
	int failed = d->failed;
	g_free(d);
	if (!ok || failed)
		return CV_FAIL; /* err was filled already */
	if (st != CAIRO_STATUS_SUCCESS)
		return cv_error_set(err, CV_ERROR_LIBRARY, NULL, 0, 0, "pdf: cairo: %s",
		                    cairo_status_to_string(st));
	return CV_OK;
}
