/*
 * table.c: column widths from content and row heights. Each column gets
 * at least its widest word and at most its longest unbroken line; the
 * room between is shared in proportion, as browsers do.
 */
#include <math.h>
#include <string.h>

#include "pdf.h"

/* Natural (one line) and minimum (widest word) widths of a cell. */
static void pdf_cell_widths(struct pdf_block *b, double *natural, double *minimum)
{
	PangoLayout *l = b->layout;
	PangoRectangle r;
	int saved = pango_layout_get_width(l);
	PangoWrapMode wrap = pango_layout_get_wrap(l);
	pango_layout_set_width(l, -1);
	pango_layout_get_extents(l, NULL, &r);
	*natural = pango_units_to_double(r.width);
	pango_layout_set_wrap(l, PANGO_WRAP_WORD);
	pango_layout_set_width(l, 1);
	pango_layout_get_extents(l, NULL, &r);
	*minimum = pango_units_to_double(r.width);
	pango_layout_set_wrap(l, wrap);
	pango_layout_set_width(l, saved);
}

int pdf_table_measure(struct pdf_doc *doc, struct pdf_table *t)
{
	(void)doc;
	int nc = t->n_cols;
	if (nc <= 0)
		return CV_OK;
	double *mx = g_new0(double, nc), *mn = g_new0(double, nc);
	double *cmx = g_new0(double, t->n_cells), *cmn = g_new0(double, t->n_cells);
	double pad2 = 2 * t->pad;

	for (int i = 0; i < t->n_cells; i++) {
		pdf_cell_widths(t->cells[i].block, &cmx[i], &cmn[i]);
		cmx[i] += pad2;
		cmn[i] += pad2;
		struct pdf_cell *c = &t->cells[i];
		if (c->colspan == 1) {
			if (cmx[i] > mx[c->col])
				mx[c->col] = cmx[i];
			if (cmn[i] > mn[c->col])
				mn[c->col] = cmn[i];
		}
	}
	/* Spanning cells widen their columns evenly when they need more. */
	for (int i = 0; i < t->n_cells; i++) {
		struct pdf_cell *c = &t->cells[i];
		if (c->colspan == 1)
			continue;
		double smx = 0, smn = 0;
		for (int k = c->col; k < c->col + c->colspan; k++) {
			smx += mx[k];
			smn += mn[k];
		}
		for (int k = c->col; k < c->col + c->colspan; k++) {
			if (cmx[i] > smx)
				mx[k] += (cmx[i] - smx) / c->colspan;
			if (cmn[i] > smn)
				mn[k] += (cmn[i] - smn) / c->colspan;
		}
	}
	double smx = 0, smn = 0;
	for (int k = 0; k < nc; k++) {
		if (mn[k] < pad2 + 1)
			mn[k] = pad2 + 1;
		if (mx[k] < mn[k])
			mx[k] = mn[k];
		smx += mx[k];
		smn += mn[k];
	}
	t->col_w = g_new0(double, nc);
	t->col_x = g_new0(double, nc + 1);
	double avail = t->width;
	for (int k = 0; k < nc; k++) {
		if (smx <= avail)
			t->col_w[k] = mx[k];
		else if (smn <= avail)
			t->col_w[k] = mn[k] + (mx[k] - mn[k]) * (avail - smn) / (smx - smn);
		else /* words wider than the page: cells break inside words */
			t->col_w[k] = avail * mn[k] / smn;
	}
	for (int k = 0; k < nc; k++)
		t->col_x[k + 1] = t->col_x[k] + t->col_w[k];
	t->width = t->col_x[nc];
	g_free(mx);
	g_free(mn);
	g_free(cmx);
	g_free(cmn);
	/* Refuse only a table whose columns cannot get room for their
	 * padding and a glyph: narrow natural tables are fine. */
	if (avail / nc < pad2 + 4)
		return CV_FAIL;

	/* Re-wrap each cell at its column width, then size the rows. */
	t->row_h = g_new0(double, t->n_rows);
	for (int i = 0; i < t->n_cells; i++) {
		struct pdf_cell *c = &t->cells[i];
		double w = t->col_x[c->col + c->colspan] - t->col_x[c->col] - pad2;
		pdf_block_set_width(c->block, w);
		if (c->rowspan == 1) {
			double h = pdf_block_height(c->block, 0, c->block->n_lines) + pad2;
			if (h > t->row_h[c->row])
				t->row_h[c->row] = h;
		}
	}
	for (int i = 0; i < t->n_cells; i++) {
		struct pdf_cell *c = &t->cells[i];
		if (c->rowspan == 1)
			continue;
		double h = pdf_block_height(c->block, 0, c->block->n_lines) + pad2, s = 0;
		for (int r = c->row; r < c->row + c->rowspan; r++)
			s += t->row_h[r];
		if (h > s)
			t->row_h[c->row + c->rowspan - 1] += h - s;
	}
	/* Rows joined by a rowspan are kept on one page together. */
	t->row_group_end = g_new0(int, t->n_rows);
	for (int r = 0; r < t->n_rows; r++)
		t->row_group_end[r] = r + 1;
	for (int i = 0; i < t->n_cells; i++) {
		struct pdf_cell *c = &t->cells[i];
		if (c->row + c->rowspan > t->row_group_end[c->row])
			t->row_group_end[c->row] = c->row + c->rowspan;
	}
	for (int r = t->n_rows - 1; r >= 0; r--) {
		int end = t->row_group_end[r];
		for (int k = r + 1; k < end && k < t->n_rows; k++)
			if (t->row_group_end[k] > end)
				end = t->row_group_end[k];
		t->row_group_end[r] = end;
	}
	return CV_OK;
}
