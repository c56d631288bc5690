/*
 * check_pdf_pages.c: the PDF plugin's pagination (plugins/pdf/pages/), on
 * its own, on flows made by hand: paragraphs of 10-point lines on a page
 * whose body is 100 points tall (ten lines), tables of 10-point rows,
 * footnotes and figures. No Pango: pagination reads only the items'
 * measures.
 */
#include <math.h>

#include "testutil.h"

#include "pages/pages.h"
#include "read/read.h"

#define LINE 10.0

static struct pdf_setup setup;
static struct pdf_flow flow;
static struct pdf_pages pages;

static void fixture_setup(void)
{
	memset(&setup, 0, sizeof setup);
	memset(&flow, 0, sizeof flow);
	memset(&pages, 0, sizeof pages);
	setup.body_top = 0;
	setup.body_bottom = 100;
	setup.font_size = 10; /* footnotes start 12 points under the text */
}

static void fixture_teardown(void)
{
	pdf_pages_free(&pages);
	pdf_flow_free(&flow);
}

/* A paragraph of n lines, 10 points each; line i holds bytes
 * [10 i, 10 i + 10) of its text. */
static struct pdf_block *para(int n)
{
	struct pdf_block *b = g_new0(struct pdf_block, 1);
	b->n_lines = n;
	b->line_top = g_new(double, n > 0 ? n : 1);
	b->line_bottom = g_new(double, n > 0 ? n : 1);
	b->line_baseline = g_new(double, n > 0 ? n : 1);
	b->line_start = g_new(int, n > 0 ? n : 1);
	b->line_end = g_new(int, n > 0 ? n : 1);
	for (int i = 0; i < n; i++) {
		b->line_top[i] = i * LINE;
		b->line_bottom[i] = (i + 1) * LINE;
		b->line_baseline[i] = i * LINE + 8;
		b->line_start[i] = 10 * i;
		b->line_end[i] = 10 * i + 10;
	}
	return b;
}

static struct pdf_item *add(enum pdf_item_kind kind)
{
	if (flow.n_items == flow.cap_items) {
		flow.cap_items = flow.cap_items ? 2 * flow.cap_items : 16;
		flow.items = g_renew(struct pdf_item, flow.items, flow.cap_items);
	}
	struct pdf_item *it = &flow.items[flow.n_items++];
	memset(it, 0, sizeof *it);
	it->kind = kind;
	return it;
}

/* Adds a paragraph of n lines to the flow; returns it. */
static struct pdf_block *add_para(int n)
{
	struct pdf_block *b = para(n);
	add(PDF_ITEM_BLOCK)->block = b;
	return b;
}

/* Adds a footnote of n lines and a marker for it in line `line` of b. */
static void add_note(struct pdf_block *b, int line, int n)
{
	flow.notes = g_renew(struct pdf_note, flow.notes, flow.n_notes + 1);
	struct pdf_note *note = &flow.notes[flow.n_notes];
	memset(note, 0, sizeof *note);
	note->blocks = g_new(struct pdf_block *, 1);
	note->blocks[0] = para(n);
	note->n_blocks = 1;
	note->height = n * LINE;
	b->noterefs = g_renew(struct pdf_noteref, b->noterefs, b->n_noterefs + 1);
	b->noterefs[b->n_noterefs].offset = 10 * line + 5;
	b->noterefs[b->n_noterefs].note = flow.n_notes++;
	b->n_noterefs++;
}

/* Adds a table of rows 10-point rows, the first `header` of them header
 * rows, one cell each; rows [join, join + span) joined by a rowspan if
 * span > 1. */
static struct pdf_table *add_table(int rows, int header, int join, int span)
{
	struct pdf_table *t = g_new0(struct pdf_table, 1);
	t->n_rows = rows;
	t->n_cols = 1;
	t->row_h = g_new(double, rows);
	t->row_header = g_new0(int, rows);
	t->row_group_end = g_new(int, rows);
	t->cells = g_new0(struct pdf_cell, rows);
	for (int r = 0; r < rows; r++) {
		t->row_h[r] = LINE;
		t->row_header[r] = r < header;
		t->row_group_end[r] = r + 1;
		t->cells[t->n_cells].block = para(1);
		t->cells[t->n_cells].row = r;
		t->cells[t->n_cells].colspan = t->cells[t->n_cells].rowspan = 1;
		t->n_cells++;
	}
	for (int r = join; span > 1 && r < join + span; r++)
		t->row_group_end[r] = join + span;
	t->n_header_rows = header;
	add(PDF_ITEM_TABLE)->table = t;
	return t;
}

/* Adds a table of n cells, cell k in row rows[k] (ascending), column
 * cols[k], spanning spans[k] rows, with lines[k] lines of 10 points; rows
 * as tall as their cells, the rows a rowspan joins kept together, no
 * padding (as blocks/table.c measures them). */
static struct pdf_table *add_grid(int n_rows, int n, const int *rows, const int *cols,
                                  const int *spans, const int *lines)
{
	struct pdf_table *t = g_new0(struct pdf_table, 1);
	t->n_rows = n_rows;
	t->row_h = g_new0(double, n_rows);
	t->row_header = g_new0(int, n_rows);
	t->row_group_end = g_new(int, n_rows);
	t->cells = g_new0(struct pdf_cell, n);
	for (int r = 0; r < n_rows; r++)
		t->row_group_end[r] = r + 1;
	for (int k = 0; k < n; k++) {
		struct pdf_cell *c = &t->cells[t->n_cells++];
		c->block = para(lines[k]);
		c->row = rows[k];
		c->col = cols[k];
		c->colspan = 1;
		c->rowspan = spans[k];
		if (cols[k] + 1 > t->n_cols)
			t->n_cols = cols[k] + 1;
		if (spans[k] == 1 && lines[k] * LINE > t->row_h[rows[k]])
			t->row_h[rows[k]] = lines[k] * LINE;
	}
	for (int k = 0; k < n; k++) {
		const struct pdf_cell *c = &t->cells[k];
		double s = 0;
		for (int r = c->row; r < c->row + c->rowspan; r++)
			s += t->row_h[r];
		if (c->rowspan > 1 && lines[k] * LINE > s)
			t->row_h[c->row + c->rowspan - 1] += lines[k] * LINE - s;
		if (c->row + c->rowspan > t->row_group_end[c->row])
			t->row_group_end[c->row] = c->row + c->rowspan;
	}
	for (int r = n_rows - 1; r >= 0; r--)
		for (int k = r + 1; k < t->row_group_end[r]; k++)
			if (t->row_group_end[k] > t->row_group_end[r])
				t->row_group_end[r] = t->row_group_end[k];
	add(PDF_ITEM_TABLE)->table = t;
	return t;
}

/* The lines of cell c of table item i on each page that draws them:
 * "PAGE:FROM-TO" each (a cell whose rows go on with none of its lines
 * left shows FROM-FROM). */
static const char *cell_lines(int item, int c)
{
	static char out[512];
	const struct pdf_table *t = flow.items[item].table;
	out[0] = '\0';
	for (int p = 0; p < pages.n_pages; p++)
		for (int k = 0; k < pages.pages[p].n_places; k++) {
			const struct pdf_place *pl = &pages.pages[p].places[k];
			int from, to;
			if (pl->item == item && pdf_place_cell(t, pl, c, &from, &to))
				snprintf(out + strlen(out), sizeof out - strlen(out), "%s%d:%d-%d",
				         out[0] ? " " : "", p + 1, from, to);
		}
	return out;
}

/* Whether every line of every cell of table item i is drawn, once, in
 * order, and every part stays inside the page. */
static void assert_every_line_once(int item)
{
	const struct pdf_table *t = flow.items[item].table;
	for (int c = 0; c < t->n_cells; c++) {
		int next = 0;
		for (int p = 0; p < pages.n_pages; p++)
			for (int k = 0; k < pages.pages[p].n_places; k++) {
				const struct pdf_place *pl = &pages.pages[p].places[k];
				int from, to;
				if (pl->item != item || !pdf_place_cell(t, pl, c, &from, &to))
					continue;
				ck_assert_msg(from == next, "cell %d: lines from %d on page %d, expected %d",
				              c, from, p + 1, next);
				next = to;
				double h = 0;
				for (int r = pl->from; r < pl->to; r++)
					h += pdf_place_row_height(t, pl, r);
				ck_assert_msg(pl->y + h <= setup.body_bottom + 0.01,
				              "page %d: rows %d-%d end at %.1f, below the body", p + 1,
				              pl->from, pl->to, pl->y + h);
			}
		ck_assert_msg(next == t->cells[c].block->n_lines, "cell %d: %d of its %d lines drawn",
		              c, next, t->cells[c].block->n_lines);
	}
}

/* Adds a figure h points tall. */
static void add_figure(double h)
{
	struct pdf_figure *f = g_new0(struct pdf_figure, 1);
	f->img_h = f->height = h;
	add(PDF_ITEM_FIGURE)->figure = f;
}

/* Where the slices of item i went: "PAGE:FROM-TO" each, pages from 1. */
static const char *slices(int item)
{
	static char out[512];
	out[0] = '\0';
	for (int p = 0; p < pages.n_pages; p++)
		for (int k = 0; k < pages.pages[p].n_places; k++) {
			const struct pdf_place *pl = &pages.pages[p].places[k];
			if (pl->item == item)
				snprintf(out + strlen(out), sizeof out - strlen(out), "%s%d:%d-%d",
				         out[0] ? " " : "", p + 1, pl->from, pl->to);
		}
	return out;
}

/* The top of item i's first slice. */
static double top_of(int item)
{
	for (int p = 0; p < pages.n_pages; p++)
		for (int k = 0; k < pages.pages[p].n_places; k++)
			if (pages.pages[p].places[k].item == item)
				return pages.pages[p].places[k].y;
	return NAN;
}

static void paginate(void)
{
	pdf_paginate(&setup, &flow, NULL, &pages);
}

START_TEST(a_paragraph_that_fits_is_placed_whole)
{
	add_para(5);
	paginate();
	ck_assert_int_eq(pages.n_pages, 1);
	ck_assert_str_eq(slices(0), "1:0-5");
}
END_TEST

START_TEST(a_long_paragraph_breaks_between_lines_page_after_page)
{
	add_para(25);
	paginate();
	ck_assert_str_eq(slices(0), "1:0-10 2:10-20 3:20-25");
}
END_TEST

START_TEST(no_orphan_a_paragraph_with_one_line_left_of_room_moves_whole)
{
	add_para(9);
	add_para(5);
	paginate();
	ck_assert_str_eq(slices(0), "1:0-9");
	ck_assert_str_eq(slices(1), "2:0-5");
}
END_TEST

START_TEST(no_widow_two_lines_at_least_go_to_the_next_page)
{
	add_para(4);
	add_para(7); /* 6 would fit, leaving 1 */
	paginate();
	ck_assert_str_eq(slices(1), "1:0-5 2:5-7");
}
END_TEST

START_TEST(three_lines_are_not_split_two_and_one)
{
	add_para(8);
	add_para(3); /* 2 fit: 2 + 1 would leave a widow, 1 + 2 an orphan */
	paginate();
	ck_assert_str_eq(slices(1), "2:0-3");
}
END_TEST

START_TEST(a_heading_goes_to_the_next_page_with_the_start_of_what_follows)
{
	add_para(7);
	add_para(1)->keep_with_next = 1;
	add_para(5);
	paginate();
	/* The heading and two lines of the paragraph need 30, 30 are left:
	 * they fit. */
	ck_assert_str_eq(slices(1), "1:0-1");
	ck_assert_str_eq(slices(2), "1:0-2 2:2-5");
	fixture_teardown();
	fixture_setup();
	add_para(8);
	add_para(1)->keep_with_next = 1;
	add_para(5);
	paginate();
	ck_assert_str_eq(slices(1), "2:0-1");
	ck_assert_str_eq(slices(2), "2:0-5");
}
END_TEST

START_TEST(spaces_collapse_to_the_larger_and_vanish_at_the_top_of_a_page)
{
	struct pdf_block *a = add_para(3), *b = add_para(2), *c = add_para(10);
	a->space_after = 6;
	b->space_before = 4;
	c->space_before = 4;
	paginate();
	ck_assert_msg(top_of(1) == 36, "second paragraph at %.1f, expected 36 (30 + 6, not 10)",
	              top_of(1));
	/* The third starts 4 under the second (56 + 4): four of its lines
	 * fit; its second slice starts page 2 at its top. */
	ck_assert_str_eq(slices(2), "1:0-4 2:4-10");
	ck_assert_double_eq(pages.pages[1].places[0].y, 0);
}
END_TEST

START_TEST(a_table_splits_between_rows_with_its_header_rows_repeated)
{
	add_table(26, 1, 0, 1);
	paginate();
	ck_assert_str_eq(slices(0), "1:0-10 2:10-19 3:19-26");
	ck_assert_int_eq(pages.pages[0].places[0].header, 0);
	ck_assert_int_eq(pages.pages[1].places[0].header, 1);
	ck_assert_int_eq(pages.pages[2].places[0].header, 1);
}
END_TEST

START_TEST(rows_joined_by_a_rowspan_stay_on_one_page)
{
	add_para(5);
	add_table(10, 0, 4, 3); /* rows 4-6 together: 5 + 4 rows fit, not 5 + 7 */
	paginate();
	ck_assert_str_eq(slices(1), "1:0-4 2:4-10");
}
END_TEST

START_TEST(a_table_whose_header_and_first_row_do_not_fit_starts_the_next_page)
{
	add_para(9);
	add_table(5, 1, 0, 1);
	paginate();
	ck_assert_str_eq(slices(1), "2:0-5");
}
END_TEST

START_TEST(a_row_taller_than_a_page_goes_on_line_by_line_under_the_header_repeated)
{
	/* A header row, then a row whose cells have 25 and 12 lines, on
	 * pages of 10: each page takes the header and 9 lines of each. */
	static const int rows[] = { 0, 0, 1, 1, 2, 2 }, cols[] = { 0, 1, 0, 1, 0, 1 };
	static const int spans[] = { 1, 1, 1, 1, 1, 1 }, lines[] = { 1, 1, 25, 12, 1, 1 };
	struct pdf_table *t = add_grid(3, 6, rows, cols, spans, lines);
	t->n_header_rows = 1;
	t->row_header[0] = 1;
	paginate();
	ck_assert_str_eq(slices(0), "1:0-2 2:1-2 3:1-2 3:2-3");
	ck_assert_str_eq(cell_lines(0, 2), "1:0-9 2:9-18 3:18-25");
	ck_assert_str_eq(cell_lines(0, 3), "1:0-9 2:9-12 3:12-12");
	ck_assert_str_eq(cell_lines(0, 4), "3:0-1");
	ck_assert_int_eq(pages.pages[1].places[0].header, 1);
	ck_assert_int_eq(pages.pages[2].places[0].header, 1);
	assert_every_line_once(0);
}
END_TEST

START_TEST(a_rowspan_taller_than_a_page_is_cut_between_rows_beside_its_spanning_cell)
{
	/* A cell of 20 lines spanning 15 rows of one line: 10 rows and 10
	 * of its lines on the first page, the rest beside the other 5. */
	int rows[16], cols[16], spans[16], lines[16];
	rows[0] = 0, cols[0] = 0, spans[0] = 15, lines[0] = 20;
	for (int k = 1; k < 16; k++)
		rows[k] = k - 1, cols[k] = 1, spans[k] = 1, lines[k] = 1;
	add_grid(15, 16, rows, cols, spans, lines);
	paginate();
	ck_assert_str_eq(slices(0), "1:0-10 2:10-15");
	ck_assert_str_eq(cell_lines(0, 0), "1:0-10 2:10-20");
	ck_assert_str_eq(cell_lines(0, 12), "2:0-1");
	assert_every_line_once(0);
}
END_TEST

START_TEST(rows_too_tall_for_a_page_start_below_the_rows_that_fit)
{
	/* Three rows of one line fit on the first page; the cut row follows
	 * them there rather than leave the rest of the page empty. */
	static const int rows[] = { 0, 1, 2, 3, 4 }, cols[] = { 0, 0, 0, 0, 0 };
	static const int spans[] = { 1, 1, 1, 1, 1 }, lines[] = { 1, 1, 1, 14, 1 };
	add_para(2);
	add_grid(5, 5, rows, cols, spans, lines);
	paginate();
	ck_assert_str_eq(slices(1), "1:0-3 1:3-4 2:3-4 2:4-5");
	ck_assert_str_eq(cell_lines(1, 3), "1:0-5 2:5-14");
	assert_every_line_once(1);
}
END_TEST

START_TEST(a_header_row_is_not_left_alone_above_rows_cut_on_the_next_page)
{
	/* Room for the header row at the foot of the first page, not for a
	 * line of the tall row: both start the next page. */
	static const int rows[] = { 0, 1 }, cols[] = { 0, 0 };
	static const int spans[] = { 1, 1 }, lines[] = { 1, 25 };
	add_para(9);
	struct pdf_table *t = add_grid(2, 2, rows, cols, spans, lines);
	t->n_header_rows = 1;
	t->row_header[0] = 1;
	paginate();
	ck_assert_str_eq(slices(1), "2:0-2 3:1-2 4:1-2");
	ck_assert_str_eq(cell_lines(1, 1), "2:0-9 3:9-18 4:18-25");
	assert_every_line_once(1);
}
END_TEST

START_TEST(a_line_taller_than_a_page_still_gets_a_page)
{
	/* Pages cannot hold it; it goes on one of its own rather than hang
	 * pagination or vanish, and the rows after it follow. */
	static const int rows[] = { 0, 1 }, cols[] = { 0, 0 };
	static const int spans[] = { 1, 1 }, lines[] = { 1, 1 };
	struct pdf_table *t = add_grid(2, 2, rows, cols, spans, lines);
	t->cells[0].block->line_bottom[0] = 150;
	t->row_h[0] = 150;
	add_para(1);
	paginate();
	ck_assert_str_eq(cell_lines(0, 0), "1:0-1");
	ck_assert_str_eq(cell_lines(0, 1), "2:0-1");
	ck_assert_str_eq(slices(1), "2:0-1");
}
END_TEST

START_TEST(a_footnote_goes_to_the_foot_of_its_markers_page)
{
	add_para(9);
	struct pdf_block *b = add_para(5);
	add_note(b, 3, 2);
	paginate();
	/* 10 lines of text do not fit with the note: the second paragraph
	 * goes to page 2, and its note with it. */
	ck_assert_str_eq(slices(1), "2:0-5");
	ck_assert_int_eq(pages.pages[0].n_notes, 0);
	ck_assert_int_eq(pages.pages[1].n_notes, 1);
	const struct pdf_note_place *np = &pages.pages[1].notes[0];
	ck_assert_int_eq(np->note, 0);
	ck_assert_int_eq(np->from, 0);
	ck_assert_int_eq(np->to, 2);
	ck_assert_msg(pages.pages[1].notes_top == 80, "notes at %.1f, expected 80 (100 - 20)",
	              pages.pages[1].notes_top);
}
END_TEST

START_TEST(text_makes_room_for_the_footnotes_of_its_lines)
{
	struct pdf_block *b = add_para(12);
	add_note(b, 1, 2);
	paginate();
	/* 100 - 20 of note - 12 of gap leave 6 lines of text. */
	ck_assert_str_eq(slices(0), "1:0-6 2:6-12");
	ck_assert_int_eq(pages.pages[0].n_notes, 1);
}
END_TEST

START_TEST(a_long_footnote_continues_at_the_foot_of_the_next_page)
{
	struct pdf_block *b = add_para(6);
	add_note(b, 5, 8);
	add_para(20);
	paginate();
	int lines = 0, last_page = 0, next_line = 0;
	for (int p = 0; p < pages.n_pages; p++)
		for (int k = 0; k < pages.pages[p].n_notes; k++) {
			const struct pdf_note_place *np = &pages.pages[p].notes[k];
			ck_assert_msg(np->from == next_line, "page %d: note lines from %d, expected %d",
			              p + 1, np->from, next_line);
			next_line = np->to;
			lines += np->to - np->from;
			last_page = p + 1;
		}
	ck_assert_int_eq(pages.pages[0].n_notes, 1); /* it starts on its marker's page */
	ck_assert_int_eq(lines, 8);
	ck_assert_int_gt(last_page, 1);
}
END_TEST

START_TEST(a_figure_that_does_not_fit_floats_and_paragraphs_fill_the_gap)
{
	add_para(7);
	add_figure(50);
	add_para(2);
	add_para(1);
	add_para(3);
	paginate();
	ck_assert_str_eq(slices(2), "1:0-2");
	ck_assert_str_eq(slices(3), "1:0-1");
	ck_assert_str_eq(slices(1), "2:0-1");
	ck_assert_double_eq(top_of(1), 0);
	ck_assert_str_eq(slices(4), "2:0-3");
}
END_TEST

START_TEST(a_destination_is_on_the_page_of_its_first_content)
{
	add_para(9);
	struct pdf_item *g = add(PDF_ITEM_GROUP_BEGIN);
	g->id = g_strdup("sect");
	g->tag = g_strdup("Sect");
	struct pdf_block *b = add_para(4);
	b->id = g_strdup("para");
	add(PDF_ITEM_GROUP_END)->tag = g_strdup("Sect");
	paginate();
	/* The group's first paragraph moved to page 2 (index 1), and the
	 * group's id with it. */
	ck_assert_int_eq(pdf_dest_page(pages.dests, "para"), 1);
	ck_assert_int_eq(pdf_dest_page(pages.dests, "sect"), 1);
	ck_assert_int_eq(pdf_dest_page(pages.dests, "nowhere"), -1);
}
END_TEST

/* What pagination told its caller. */
struct told {
	int needed[64], n_needed;
	int done[64], n_done;
};

static void told_need(void *ctx, int item)
{
	struct told *t = ctx;
	t->needed[t->n_needed++] = item;
}

static void told_done(void *ctx, int page)
{
	struct told *t = ctx;
	t->done[t->n_done++] = page;
}

START_TEST(pagination_asks_for_each_item_before_it_and_says_when_each_page_is_done)
{
	add_para(8);
	add_para(1)->keep_with_next = 1;
	add_para(15);
	add_figure(90);
	add_para(3);
	struct told t = { 0 };
	struct pdf_pager_io io = { &t, told_need, told_done };
	pdf_paginate(&setup, &flow, &io, &pages);
	/* Every item asked for before any slice of it is placed. */
	for (int i = 0; i < flow.n_items; i++) {
		int asked = 0;
		for (int k = 0; k < t.n_needed; k++)
			asked |= t.needed[k] == i;
		ck_assert_msg(asked, "item %d placed without being asked for", i);
	}
	ck_assert_int_eq(t.n_done, pages.n_pages);
	for (int p = 0; p < t.n_done; p++)
		ck_assert_msg(t.done[p] == p, "page %d done as the %d-th", t.done[p], p + 1);
}
END_TEST

static Suite *pages_suite(void)
{
	Suite *s = suite_create("pdf pages");
	TCase *tc = tcase_create("pagination");
	tcase_add_checked_fixture(tc, fixture_setup, fixture_teardown);
	tcase_add_test(tc, a_paragraph_that_fits_is_placed_whole);
	tcase_add_test(tc, a_long_paragraph_breaks_between_lines_page_after_page);
	tcase_add_test(tc, no_orphan_a_paragraph_with_one_line_left_of_room_moves_whole);
	tcase_add_test(tc, no_widow_two_lines_at_least_go_to_the_next_page);
	tcase_add_test(tc, three_lines_are_not_split_two_and_one);
	tcase_add_test(tc, a_heading_goes_to_the_next_page_with_the_start_of_what_follows);
	tcase_add_test(tc, spaces_collapse_to_the_larger_and_vanish_at_the_top_of_a_page);
	tcase_add_test(tc, a_table_splits_between_rows_with_its_header_rows_repeated);
	tcase_add_test(tc, rows_joined_by_a_rowspan_stay_on_one_page);
	tcase_add_test(tc, a_table_whose_header_and_first_row_do_not_fit_starts_the_next_page);
	tcase_add_test(tc, a_row_taller_than_a_page_goes_on_line_by_line_under_the_header_repeated);
	tcase_add_test(tc, a_rowspan_taller_than_a_page_is_cut_between_rows_beside_its_spanning_cell);
	tcase_add_test(tc, rows_too_tall_for_a_page_start_below_the_rows_that_fit);
	tcase_add_test(tc, a_header_row_is_not_left_alone_above_rows_cut_on_the_next_page);
	tcase_add_test(tc, a_line_taller_than_a_page_still_gets_a_page);
	tcase_add_test(tc, a_footnote_goes_to_the_foot_of_its_markers_page);
	tcase_add_test(tc, text_makes_room_for_the_footnotes_of_its_lines);
	tcase_add_test(tc, a_long_footnote_continues_at_the_foot_of_the_next_page);
	tcase_add_test(tc, a_figure_that_does_not_fit_floats_and_paragraphs_fill_the_gap);
	tcase_add_test(tc, a_destination_is_on_the_page_of_its_first_content);
	tcase_add_test(tc, pagination_asks_for_each_item_before_it_and_says_when_each_page_is_done);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(pages_suite());
}
