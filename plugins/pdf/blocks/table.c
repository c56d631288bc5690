/*
 * table.c: a table (blocks.h): its grid read from rows of cells, with
 * rowspans taking room in the rows below; its columns measured from the
 * cells' content and its rows' heights; rows that a rowspan joins kept
 * together.
 */
#include <math.h>
#include <string.h>

#include "attr.h"
#include "blocks/blocks.h"

/* A table's attributes, in the room its indents leave (a new table, with
 * no rows yet). */
static struct pdf_table *pdf_table_new(const struct pdf_setup *setup, xmlNode *node,
                                       double indent_start, double indent_end)
{
	struct pdf_table *t = g_new0(struct pdf_table, 1);
	t->id = pdf_strdup_attr(node, "id");
	t->rtl = pdf_attr_is(node, "dir", "rtl");
	t->rule = pdf_attr_num(node, "rule", 0.5);
	if (!isfinite(t->rule) || t->rule < 0 || t->rule > 5)
		t->rule = 0.5;
	if (!pdf_attr_color(node, "header-background", t->header_background))
		t->header_background[0] = t->header_background[1] = t->header_background[2] = 0.9;
	t->space_before = pdf_attr_num(node, "space-before", 0);
	t->space_after = pdf_attr_num(node, "space-after", 0);
	if (!isfinite(t->space_before) || t->space_before < 0)
		t->space_before = 0;
	if (!isfinite(t->space_after) || t->space_after < 0)
		t->space_after = 0;
	t->width = setup->text_w - indent_start - indent_end;
	t->avail_w = t->width;
	t->pad = 0.3 * setup->font_size;
	t->indent_start = indent_start;
	return t;
}

/* Which columns of each row are taken, by a cell or a rowspan from above. */
struct pdf_grid {
	GArray **taken;          /* per row: a char per column, 1 when taken */
	int n_rows;
};

static struct pdf_grid pdf_grid_new(int n_rows)
{
	struct pdf_grid g = { g_new(GArray *, n_rows), n_rows };
	for (int i = 0; i < n_rows; i++)
		g.taken[i] = g_array_new(FALSE, TRUE, sizeof(char));
	return g;
}

static void pdf_grid_free(struct pdf_grid *g)
{
	for (int i = 0; i < g->n_rows; i++)
		g_array_free(g->taken[i], TRUE);
	g_free(g->taken);
}

/* The first column of row, from col on, that nothing takes. */
static int pdf_grid_free_column(const struct pdf_grid *g, int row, int col)
{
	GArray *occ = g->taken[row];
	while (col < (int)occ->len && g_array_index(occ, char, col))
		col++;
	return col;
}

/* Takes cs columns from col in rs rows from row. */
static void pdf_grid_take(struct pdf_grid *g, int row, int col, int cs, int rs)
{
	for (int rr = row; rr < row + rs; rr++) {
		GArray *o = g->taken[rr];
		if ((int)o->len < col + cs)
			g_array_set_size(o, (guint)(col + cs));
		for (int cc = col; cc < col + cs; cc++)
			g_array_index(o, char, cc) = 1;
	}
}

/* A colspan or rowspan as a count from 1 to most: beyond when it is more
 * than most, 1 when it is not a number or less than 1. Compared as a
 * double, so that no value (2147483647, 1e300) overflows an int, whatever
 * the schema let through: a plugin can be handed any tree. */
static int pdf_span(double v, int most, int beyond)
{
	if (!(v >= 1))
		return 1;
	return v > most ? beyond : (int)v;
}

/* Reads the cells of <row> r, row `row` of t, where the grid has room. */
static int pdf_table_read_row(struct pdf_blocks *bx, struct pdf_table *t, struct pdf_grid *grid,
                              xmlNode *r, int row, struct cv_error *err)
{
	t->row_header[row] = pdf_attr_is(r, "header", "yes");
	int col = 0;
	for (xmlNode *c = r->children; c; c = c->next) {
		if (!pdf_is(c, "cell"))
			continue;
		col = pdf_grid_free_column(grid, row, col);
		int cs = pdf_span(pdf_attr_num(c, "colspan", 1), 1000, 1);
		int rs = pdf_span(pdf_attr_num(c, "rowspan", 1), t->n_rows - row, t->n_rows - row);
		if (col + cs > 1000)
			return cv_error_set(err, CV_ERROR_LIMIT, NULL, c->line, 0,
			                    "pdf: a table may have at most 1000 columns");
		pdf_grid_take(grid, row, col, cs, rs);
		t->cells = g_renew(struct pdf_cell, t->cells, t->n_cells + 1);
		struct pdf_cell *cell = &t->cells[t->n_cells];
		memset(cell, 0, sizeof *cell);
		cell->row = row;
		cell->col = col;
		cell->colspan = cs;
		cell->rowspan = rs;
		cell->header = t->row_header[row];
		/* Laid out at full width first; broken again once the column
		 * widths are known (pdf_table_measure). */
		cell->block = pdf_paragraph_read(bx, c, 0, 0, 0, err);
		if (!cell->block)
			return CV_FAIL;
		t->n_cells++;
		if (col + cs > t->n_cols)
			t->n_cols = col + cs;
		col += cs;
	}
	return CV_OK;
}

/* Reads t's caption (its first <block>) and rows, each row's cells in the
 * grid left by rowspans from above. */
static int pdf_table_read_rows(struct pdf_blocks *bx, struct pdf_table *t, xmlNode *node,
                               double indent_start, double indent_end, struct cv_error *err)
{
	struct pdf_grid grid = pdf_grid_new(t->n_rows);
	int row = 0, rc = CV_OK;
	for (xmlNode *r = node->children; r && rc == CV_OK; r = r->next) {
		if (pdf_is(r, "block")) {
			if (!t->caption) {
				t->caption = pdf_paragraph_read(bx, r, indent_start, indent_end, 0, err);
				if (!t->caption)
					rc = CV_FAIL;
			}
		} else if (pdf_is(r, "row")) {
			rc = pdf_table_read_row(bx, t, &grid, r, row++, err);
		}
	}
	pdf_grid_free(&grid);
	return rc;
}

int pdf_table_read(struct pdf_blocks *bx, xmlNode *node, double indent_start, double indent_end,
                   struct pdf_table **out, struct cv_error *err)
{
	int n_rows = 0;
	for (xmlNode *r = node->children; r; r = r->next)
		if (pdf_is(r, "row"))
			n_rows++;
	if (n_rows == 0 || n_rows > 100000)
		return cv_error_set(err, CV_ERROR_FORMAT, NULL, node->line, 0,
		                    "pdf: a table needs from 1 to 100000 rows");
	struct pdf_table *t = pdf_table_new(bx->setup, node, indent_start, indent_end);
	t->n_rows = n_rows;
	t->row_header = g_new0(int, n_rows);
	if (pdf_table_read_rows(bx, t, node, indent_start, indent_end, err) != CV_OK) {
		pdf_table_free(t);
		return CV_FAIL;
	}
	/* The leading header rows, repeated on every page: not when every
	 * row is one. */
	for (int i = 0; i < n_rows && t->row_header[i]; i++)
		t->n_header_rows++;
	if (t->n_header_rows == n_rows)
		t->n_header_rows = 0;
	if (pdf_table_measure(t) != CV_OK) {
		pdf_table_free(t);
		return cv_error_set(err, CV_ERROR_LIMIT, NULL, node->line, 0,
		                    "pdf: table has too many columns to fit the page");
	}
	for (int i = 0; i < t->n_cells; i++)
		if (pdf_paragraph_check_width(t->cells[i].block, bx->setup->page_w, err) != CV_OK) {
			pdf_table_free(t);
			return CV_FAIL;
		}
	*out = t;
	return CV_OK;
}

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

/* Each column's most (mx: its longest line) and least (mn: its widest
 * word) width, padding included: from its cells, then widened evenly for
 * spanning cells that need more. */
static void pdf_table_column_range(const struct pdf_table *t, double *mx, double *mn)
{
	double *cmx = g_new0(double, t->n_cells), *cmn = g_new0(double, t->n_cells);
	double pad2 = 2 * t->pad;
	for (int i = 0; i < t->n_cells; i++) {
		pdf_cell_widths(t->cells[i].block, &cmx[i], &cmn[i]);
		cmx[i] += pad2;
		cmn[i] += pad2;
		const struct pdf_cell *c = &t->cells[i];
		if (c->colspan == 1) {
			if (cmx[i] > mx[c->col])
				mx[c->col] = cmx[i];
			if (cmn[i] > mn[c->col])
				mn[c->col] = cmn[i];
		}
	}
	for (int i = 0; i < t->n_cells; i++) {
		const struct pdf_cell *c = &t->cells[i];
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
	g_free(cmx);
	g_free(cmn);
}

/* Gives t's columns their widths and places (col_w, col_x) in t->width,
 * and narrows t->width to them. */
static void pdf_table_columns(struct pdf_table *t)
{
	int nc = t->n_cols;
	double *mx = g_new0(double, nc), *mn = g_new0(double, nc);
	double pad2 = 2 * t->pad;
	pdf_table_column_range(t, mx, mn);
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
	if (smn > avail) {
		/* A word wider than its column's share of the table is cut
		 * between its clusters (lines/) rather than given the room
		 * of the other columns, whose words would be cut instead. */
		smn = smx = 0;
		for (int k = 0; k < nc; k++) {
			if (mn[k] > avail / nc)
				mn[k] = avail / nc;
			if (mx[k] < mn[k])
				mx[k] = mn[k];
			smn += mn[k];
			smx += mx[k];
		}
	}
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
}

/* Breaks each cell at its column's width and sizes the rows: a row is as
 * tall as its tallest cell; a cell spanning rows makes its last row
 * taller if the rows are not tall enough for it. */
static void pdf_table_rows(struct pdf_table *t)
{
	double pad2 = 2 * t->pad;
	t->row_h = g_new0(double, t->n_rows);
	for (int i = 0; i < t->n_cells; i++) {
		struct pdf_cell *c = &t->cells[i];
		double w = t->col_x[c->col + c->colspan] - t->col_x[c->col] - pad2;
		pdf_paragraph_set_width(c->block, w);
		if (c->rowspan == 1) {
			double h = pdf_block_height(c->block, 0, c->block->n_lines) + pad2;
			if (h > t->row_h[c->row])
				t->row_h[c->row] = h;
		}
	}
	for (int i = 0; i < t->n_cells; i++) {
		const struct pdf_cell *c = &t->cells[i];
		if (c->rowspan == 1)
			continue;
		double h = pdf_block_height(c->block, 0, c->block->n_lines) + pad2, s = 0;
		for (int r = c->row; r < c->row + c->rowspan; r++)
			s += t->row_h[r];
		if (h > s)
			t->row_h[c->row + c->rowspan - 1] += h - s;
	}
}

/* The rows that must stay on one page with each row: those a rowspan
 * joins it to, and theirs in turn. */
static void pdf_table_row_groups(struct pdf_table *t)
{
	t->row_group_end = g_new0(int, t->n_rows);
	for (int r = 0; r < t->n_rows; r++)
		t->row_group_end[r] = r + 1;
	for (int i = 0; i < t->n_cells; i++) {
		const struct pdf_cell *c = &t->cells[i];
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
}

int pdf_table_measure(struct pdf_table *t)
{
	int nc = t->n_cols;
	if (nc <= 0)
		return CV_OK;
	double avail = t->width;
	pdf_table_columns(t);
	/* Refuse only a table whose columns cannot get room for their
	 * padding and a glyph: narrow natural tables are fine. */
	if (avail / nc < 2 * t->pad + 4)
		return CV_FAIL;
	pdf_table_rows(t);
	pdf_table_row_groups(t);
	return CV_OK;
}

void pdf_table_free(struct pdf_table *t)
{
	if (!t)
		return;
	for (int i = 0; i < t->n_cells; i++)
		pdf_paragraph_free(t->cells[i].block);
	g_free(t->cells);
	pdf_paragraph_free(t->caption);
	g_free(t->col_x);
	g_free(t->col_w);
	g_free(t->row_h);
	g_free(t->row_header);
	g_free(t->row_group_end);
	g_free(t->id);
	g_free(t);
}
