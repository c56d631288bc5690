/*
 * table.c: a slice of a table on its page (local.h): its caption on its
 * first page, the header rows again on every later one, then its rows:
 * each cell's background and rules (an artifact), and its lines in a TH
 * (with its scope) or TD inside a TR, in a Table tag that spans the
 * slices.
 */
#include "draw/local.h"

/* Draws cell c of t (cells [i] of its row) at (cx, cy), w by h, with its
 * lines [from, to). */
static void pdf_draw_cell(struct pdf_draw *d, const struct pdf_table *t, int i, double cx,
                          double cy, double w, double h, int from, int to)
{
	cairo_t *cr = d->cr;
	const struct pdf_cell *c = &t->cells[i];
	pdf_draw_artifact_begin(d);
	if (c->header) {
		cairo_set_source_rgb(cr, t->header_background[0], t->header_background[1],
		                     t->header_background[2]);
		cairo_rectangle(cr, cx, cy, w, h);
		cairo_fill(cr);
	}
	if (t->rule > 0) {
		cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
		cairo_rectangle(cr, cx, cy, w, h);
		cairo_stroke(cr);
	}
	pdf_draw_artifact_end(d);
	const struct pdf_block *b = c->block;
	if (to <= from && b->n_lines > 0)
		return; /* a cell whose lines were all drawn on a page before */
	const char *tag = c->header ? "TH" : "TD";
	/* A header cell heads its column: the article marks header rows
	 * (ISO 14289-1, 7.5). */
	struct pdf_struct_note note = { NULL, 0, NULL, NULL,
	                                c->header ? PDF_SCOPE_COLUMN : PDF_SCOPE_NONE, NULL, 0, 0, 0 };
	/* The rest of a cell cut by a page break goes on its element. */
	pdf_draw_tag_slice(d, tag, &note, b, from > 0);
	/* pdf.js glues the cells of a right-to-left row (glyphrun.h): the
	 * space between two goes before a cell that starts right to left, or
	 * after one that ends left to right. */
	int first_in_row = i == 0 || t->cells[i - 1].row != c->row;
	int last_in_row = i + 1 >= t->n_cells || t->cells[i + 1].row != c->row;
	struct pdf_draw_cell cell = { t->rtl && !first_in_row, t->rtl && !last_in_row };
	pdf_draw_lines(d, b, from, to, cx + t->pad, cy + t->pad - b->line_top[from < b->n_lines ? from : 0],
	               &cell);
	pdf_draw_tag_end(d, tag);
}

void pdf_draw_table(struct pdf_draw *d, const struct pdf_table *t, const struct pdf_place *pl)
{
	cairo_t *cr = d->cr;
	double y = pl->y;
	/* Centred in the room between the indents, like a figure. */
	double box = t->rtl ? d->right - t->indent_start - t->avail_w : d->left + t->indent_start;
	double tx = box + (t->avail_w - t->width) / 2;
	if (pdf_place_table_begins(pl))
		pdf_draw_dests(d, t->id, y);
	if (pl->caption && t->caption) {
		pdf_draw_block(d, t->caption, 0, t->caption->n_lines, y);
		y += pdf_block_height(t->caption, 0, t->caption->n_lines) + t->caption->space_after;
	}
	/* The rows drawn here: the top of each, and the bottom of the last. */
	double *row_y = g_new0(double, t->n_rows + 1);
	char *drawn = g_new0(char, t->n_rows + 1);
	if (pl->header) {
		for (int rr = 0; rr < t->n_header_rows; rr++) {
			row_y[rr] = y;
			drawn[rr] = 1;
			y += t->row_h[rr];
		}
	}
	for (int rr = pl->from; rr < pl->to; rr++) {
		row_y[rr] = y;
		drawn[rr] = 1;
		y += pdf_place_row_height(t, pl, rr);
	}
	row_y[pl->to] = y;
	cairo_set_line_width(cr, t->rule);
	int current_row = -1;
	for (int i = 0; i < t->n_cells; i++) {
		const struct pdf_cell *c = &t->cells[i];
		int from = 0, to = c->block->n_lines;
		int repeated = pl->header && c->row < t->n_header_rows && drawn[c->row];
		if (!repeated && !pdf_place_cell(t, pl, i, &from, &to))
			continue;
		/* Where its box starts here: its row, or the top of the rows
		 * for a cell that began on a page before. */
		int r0 = c->row < pl->from && !repeated ? pl->from : c->row;
		if (r0 != current_row) {
			if (current_row >= 0)
				pdf_draw_tag_end(d, "TR");
			pdf_draw_tag_begin(d, "TR", NULL);
			current_row = r0;
		}
		double h = 0;
		for (int rr = r0; rr < c->row + c->rowspan && rr < t->n_rows && (drawn[rr] || !pl->cut); rr++)
			h += pdf_place_row_height(t, pl, rr);
		double w = t->col_x[c->col + c->colspan] - t->col_x[c->col];
		double cx = t->rtl ? tx + t->width - t->col_x[c->col + c->colspan] : tx + t->col_x[c->col];
		pdf_draw_cell(d, t, i, cx, row_y[r0], w, h, from, to);
	}
	if (current_row >= 0)
		pdf_draw_tag_end(d, "TR");
	g_free(row_y);
	g_free(drawn);
}
