/*
 * rowcut.c: rows of a table taller than a page, cut between the lines of
 * their cells (rowcut.h).
 *
 * A part is made top down. Each row is as tall as the cells that end in
 * it need (a cell spanning rows needs its lines below the top of its
 * first row), as when the table was measured (blocks/table.c), but each
 * cell needs only the lines it has left, from the top of the part if it
 * began before it. The rows are taken whole while they fit; of the first
 * that does not, each cell takes the lines that fit above the room's
 * bottom. The cost is linear in the rows and cells of the part, whatever
 * the rowspans.
 */
#include <string.h>

#include "pages/rowcut.h"

struct pdf_rowcut {
	const struct pdf_table *t;
	int row, end;            /* the first row not complete; the rows' end */
	int cell0, cell1;        /* the rows' cells: t->cells[cell0 .. cell1) */
	int *next;               /* per cell: its first line not in a part yet */
	int *open;               /* cells of rows before `row` that go on */
	int n_open;
	int resumed;             /* `row` began in the part before */
	/* Scratch for one part, per row from `row`: its top in the part, and
	 * the bottom the cells ending in it need (valid where stamp is the
	 * part's number: nothing is cleared between parts). */
	double *top, *need;
	int *stamp;
	int part;
};

/* The first cell of t in row `row` or after: cells are in row order. */
static int pdf_first_cell(const struct pdf_table *t, int row)
{
	int lo = 0, hi = t->n_cells;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (t->cells[mid].row < row)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int pdf_last_row(const struct pdf_cell *c)
{
	return c->row + c->rowspan - 1;
}

struct pdf_rowcut *pdf_rowcut_new(const struct pdf_table *t, int row, int end)
{
	struct pdf_rowcut *rc = g_new0(struct pdf_rowcut, 1);
	rc->t = t;
	rc->row = row;
	rc->end = end;
	rc->cell0 = pdf_first_cell(t, row);
	rc->cell1 = pdf_first_cell(t, end);
	rc->next = g_new0(int, rc->cell1 - rc->cell0 + 1);
	rc->open = g_new(int, rc->cell1 - rc->cell0 + 1);
	rc->top = g_new(double, end - row + 1);
	rc->need = g_new(double, end - row + 1);
	rc->stamp = g_new0(int, end - row + 1);
	return rc;
}

int pdf_rowcut_done(const struct pdf_rowcut *rc)
{
	return rc->row >= rc->end;
}

void pdf_rowcut_free(struct pdf_rowcut *rc)
{
	if (!rc)
		return;
	g_free(rc->next);
	g_free(rc->open);
	g_free(rc->top);
	g_free(rc->need);
	g_free(rc->stamp);
	g_free(rc);
}

void pdf_row_cut_free(struct pdf_row_cut *cut)
{
	if (!cut)
		return;
	g_free(cut->cells);
	g_free(cut->from);
	g_free(cut->to);
	g_free(cut->row_h);
	g_free(cut);
}

/* The row in which cell c's box starts in the part: its own, or the
 * part's first for a cell that began before. */
static int pdf_cell_first_row(const struct pdf_rowcut *rc, const struct pdf_cell *c)
{
	return c->row > rc->row ? c->row : rc->row;
}

/* How far down the part cell i reaches with its lines from its next one
 * to e: a cell whose lines all went in the parts before needs nothing
 * more; any other its padding and those lines. */
static double pdf_cell_reach(const struct pdf_rowcut *rc, int i, int e)
{
	const struct pdf_cell *c = &rc->t->cells[i];
	double top = rc->top[pdf_cell_first_row(rc, c) - rc->row];
	int next = rc->next[i - rc->cell0];
	int began = c->row < rc->row || (c->row == rc->row && rc->resumed);
	if (began && next >= c->block->n_lines)
		return top;
	return top + 2 * rc->t->pad + pdf_block_height(c->block, next, e);
}

/* The end of the lines of cell i, from its next one, that reach no lower
 * than limit; with force, one line at least if it has one. */
static int pdf_cell_fit(const struct pdf_rowcut *rc, int i, double limit, int force)
{
	int n = rc->t->cells[i].block->n_lines, next = rc->next[i - rc->cell0], e = next;
	while (e < n && pdf_cell_reach(rc, i, e + 1) <= limit + 0.01)
		e++;
	if (force && e == next && e < n)
		e++;
	return e;
}

/* Cell i enters the part in its first row there, whose top is known:
 * the bottom of its last row must be as low as all its lines left need. */
static void pdf_cell_enter(struct pdf_rowcut *rc, int i)
{
	const struct pdf_cell *c = &rc->t->cells[i];
	int last = pdf_last_row(c) < rc->end ? pdf_last_row(c) : rc->end - 1;
	double reach = pdf_cell_reach(rc, i, c->block->n_lines);
	int k = last - rc->row;
	if (rc->stamp[k] != rc->part || reach > rc->need[k]) {
		rc->stamp[k] = rc->part;
		rc->need[k] = reach;
	}
}

/* The cells of the part from row r to row `to` (exclusive): those that
 * began before it and go on, then those of its rows, in t's order. */
static int *pdf_part_cells(const struct pdf_rowcut *rc, int r, int to, int *n)
{
	int c0 = pdf_first_cell(rc->t, r), c1 = pdf_first_cell(rc->t, to);
	int *cells = g_new(int, rc->n_open + (c1 - c0) + 1);
	*n = 0;
	for (int k = 0; k < rc->n_open; k++)
		cells[(*n)++] = rc->open[k];
	for (int i = c0; i < c1; i++)
		cells[(*n)++] = i;
	return cells;
}

struct pdf_row_cut *pdf_rowcut_next(struct pdf_rowcut *rc, double room, int force, int *from,
                                    int *to)
{
	const struct pdf_table *t = rc->t;
	int r = rc->row;
	rc->part++;
	/* Whole rows, while they fit. */
	int row = r, ci = pdf_first_cell(t, r);
	rc->top[0] = 0;
	for (int k = 0; k < rc->n_open; k++)
		pdf_cell_enter(rc, rc->open[k]);
	for (; row < rc->end; row++) {
		for (; ci < rc->cell1 && t->cells[ci].row == row; ci++)
			pdf_cell_enter(rc, ci);
		int k = row - r;
		double bottom = rc->top[k];
		if (rc->stamp[k] == rc->part && rc->need[k] > bottom)
			bottom = rc->need[k];
		if (bottom > room + 0.01)
			break;
		rc->top[k + 1] = bottom;
	}
	/* The row that does not fit: what its cells' lines can give. Its own
	 * cells (all of them in the part's first row) must give a line, or
	 * it waits for the next part, and the cells beside it that go on
	 * fill only the rows above. */
	int end = row, n_cells;
	int *cells = pdf_part_cells(rc, r, row < rc->end ? row + 1 : row, &n_cells);
	int *take = g_new(int, n_cells + 1);
	int own = 0;
	double bottom = row < rc->end ? rc->top[row - r] : 0;
	for (int k = 0; k < n_cells; k++) {
		const struct pdf_cell *c = &t->cells[cells[k]];
		take[k] = c->block->n_lines;
		if (row < rc->end && pdf_last_row(c) >= row) {
			take[k] = pdf_cell_fit(rc, cells[k], room, 0);
			if (take[k] > rc->next[cells[k] - rc->cell0] && pdf_cell_first_row(rc, c) == row)
				own = 1;
		}
	}
	/* Nothing of the row that does not fit, and nothing but header rows
	 * (which the next page repeats) before it: no part here, or, on a
	 * page of its own, a line of each of its cells however tall. */
	if (row < rc->end && !own && (row == r || row <= t->n_header_rows)) {
		if (!force) {
			g_free(cells);
			g_free(take);
			rc->part--;
			return NULL;
		}
		for (int k = 0; k < n_cells; k++)
			if (pdf_last_row(&t->cells[cells[k]]) >= row)
				take[k] = pdf_cell_fit(rc, cells[k], room, 1);
		own = 1;
	}
	if (row < rc->end && own) {
		end = row + 1;
		for (int k = 0; k < n_cells; k++) {
			const struct pdf_cell *c = &t->cells[cells[k]];
			if (pdf_last_row(c) >= row && take[k] > rc->next[cells[k] - rc->cell0]) {
				double reach = pdf_cell_reach(rc, cells[k], take[k]);
				if (reach > bottom)
					bottom = reach;
			}
		}
		rc->top[row - r + 1] = bottom;
	} else if (row < rc->end) {
		/* The row waits: its cells leave the part, and those beside it
		 * take what the rows above leave them. */
		int kept = 0;
		for (int k = 0; k < n_cells; k++) {
			const struct pdf_cell *c = &t->cells[cells[k]];
			if (c->row >= row)
				continue;
			if (pdf_last_row(c) >= row)
				take[k] = pdf_cell_fit(rc, cells[k], rc->top[row - r], 0);
			cells[kept] = cells[k];
			take[kept++] = take[k];
		}
		n_cells = kept;
	}

	struct pdf_row_cut *cut = g_new0(struct pdf_row_cut, 1);
	cut->n_cells = n_cells;
	cut->cells = cells;
	cut->to = take;
	cut->from = g_new(int, n_cells + 1);
	cut->row_h = g_new(double, end - r + 1);
	for (int k = 0; k < n_cells; k++)
		cut->from[k] = rc->next[cells[k] - rc->cell0];
	for (int k = r; k < end; k++)
		cut->row_h[k - r] = rc->top[k - r + 1] - rc->top[k - r];
	cut->height = rc->top[end - r];
	cut->resumed = rc->resumed;

	/* The next part starts at the row this one left unfinished (after
	 * it, if every cell ending there is complete). */
	int next_row = row;
	if (row < rc->end && end > row) {
		int complete = 1;
		for (int k = 0; k < n_cells; k++)
			if (pdf_last_row(&t->cells[cells[k]]) == row &&
			    take[k] < t->cells[cells[k]].block->n_lines)
				complete = 0;
		if (complete)
			next_row = row + 1;
	}
	rc->n_open = 0;
	for (int k = 0; k < n_cells; k++) {
		const struct pdf_cell *c = &t->cells[cells[k]];
		rc->next[cells[k] - rc->cell0] = take[k];
		if (c->row < next_row && pdf_last_row(c) >= next_row)
			rc->open[rc->n_open++] = cells[k];
	}
	cut->unfinished = next_row < end;
	rc->resumed = cut->unfinished;
	rc->row = next_row;
	*from = r;
	*to = end;
	return cut;
}
