/*
 * paginate.c: cuts the flow into pages, line by line (pages.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pages/pages.h"
#include "pages/rowcut.h"

/* Space between the text and the footnotes (the rule sits in it). */
#define PDF_NOTE_GAP(setup) ((setup)->font_size * 1.2)

struct pdf_pager {
	const struct pdf_setup *setup;
	const struct pdf_flow *flow;
	struct pdf_pages *pages;
	const struct pdf_pager_io *io;
	struct pdf_page *page;   /* the page being filled */
	double y;                /* next free position */
	double pending_space;    /* space after the previous item */
	double notes_h;          /* height of the footnotes placed on the page */
	int at_top;              /* nothing placed on the page yet */
	/* Footnotes waiting for the foot of a page, in order: the rest of
	 * one that did not fit, and any whose marker came after it. */
	struct pdf_note_pos { int note, block, line; } *queue;
	int q_head, q_len, q_cap;
	int *pending_dests;      /* group ids waiting for content */
	int n_pending_dests;
};

static void pdf_page_add_place(struct pdf_page *p, struct pdf_place pl)
{
	if (p->n_places == p->cap_places) {
		p->cap_places = p->cap_places ? p->cap_places * 2 : 32;
		p->places = g_renew(struct pdf_place, p->places, p->cap_places);
	}
	p->places[p->n_places++] = pl;
}

static void pdf_page_add_note(struct pdf_page *p, struct pdf_note_place np)
{
	if (p->n_notes == p->cap_notes) {
		p->cap_notes = p->cap_notes ? p->cap_notes * 2 : 8;
		p->notes = g_renew(struct pdf_note_place, p->notes, p->cap_notes);
	}
	p->notes[p->n_notes++] = np;
}

/* Frees what page p holds. */
static void pdf_page_clear(struct pdf_page *p)
{
	for (int k = 0; k < p->n_places; k++)
		pdf_row_cut_free(p->places[k].cut);
	g_free(p->places);
	g_free(p->notes);
}

static void pdf_dest_set(struct pdf_pages *pages, const char *id, int page)
{
	if (!id || g_hash_table_contains(pages->dests, id))
		return;
	g_hash_table_insert(pages->dests, g_strdup(id), GINT_TO_POINTER(page + 1));
}

/* Tells the caller, if it asked, that item is about to be read. */
static void pdf_pager_need(struct pdf_pager *pg, int item)
{
	if (pg->io && pg->io->need)
		pg->io->need(pg->io->ctx, item);
}

/* The ids of the groups whose first content has just been placed: their
 * destinations are on this page. */
static void pdf_pending_dests_set(struct pdf_pager *pg)
{
	for (int i = 0; i < pg->n_pending_dests; i++)
		pdf_dest_set(pg->pages, pg->flow->items[pg->pending_dests[i]].id,
		             pg->pages->n_pages - 1);
	pg->n_pending_dests = 0;
}

/* Tells the caller, if it asked, that page is final. */
static void pdf_pager_page_done(struct pdf_pager *pg, int page)
{
	if (pg->io && pg->io->page_done)
		pg->io->page_done(pg->io->ctx, page);
}

static double pdf_bottom(struct pdf_pager *pg)
{
	double b = pg->setup->body_bottom;
	if (pg->notes_h > 0)
		b -= pg->notes_h + PDF_NOTE_GAP(pg->setup);
	return b;
}

/* Lays out the foot of the page: notes stack up from the bottom margin. */
static void pdf_finish_notes(struct pdf_pager *pg)
{
	struct pdf_page *p = pg->page;
	double y = pg->setup->body_bottom - pg->notes_h;
	p->notes_top = y;
	for (int i = 0; i < p->n_notes; i++) {
		struct pdf_note_place *np = &p->notes[i];
		const struct pdf_block *b = pg->flow->notes[np->note].blocks[np->block];
		np->y = y;
		y += pdf_block_height(b, np->from, np->to) + (np->to == b->n_lines ? b->space_after : 0);
	}
}

static void pdf_flush_notes(struct pdf_pager *pg, double room, int force);

static void pdf_new_page(struct pdf_pager *pg)
{
	struct pdf_pages *pages = pg->pages;
	if (pg->page) {
		pdf_finish_notes(pg);
		pdf_pager_page_done(pg, pages->n_pages - 1);
	}
	if (pages->n_pages == pages->cap_pages) {
		pages->cap_pages = pages->cap_pages ? pages->cap_pages * 2 : 16;
		pages->pages = g_renew(struct pdf_page, pages->pages, pages->cap_pages);
	}
	pg->page = &pages->pages[pages->n_pages++];
	memset(pg->page, 0, sizeof *pg->page);
	pg->y = pg->setup->body_top;
	pg->pending_space = 0;
	pg->notes_h = 0;
	pg->at_top = 1;
	/* Notes carried over come first at the foot, in up to half the
	 * page, and at least one line of them. */
	if (pg->q_len > 0)
		pdf_flush_notes(pg, (pg->setup->body_bottom - pg->setup->body_top) / 2, 1);
}

/* Puts the lines of note position e at the foot while they fit in room
 * (force: at least one line, on a fresh page). Advances e; returns 1 when
 * the note is complete. */
static int pdf_place_note_lines(struct pdf_pager *pg, struct pdf_note_pos *e, double room,
                                int force)
{
	const struct pdf_note *n = &pg->flow->notes[e->note];
	for (; e->block < n->n_blocks; e->block++, e->line = 0) {
		const struct pdf_block *b = n->blocks[e->block];
		double gap = pg->notes_h > 0 ? 0 : PDF_NOTE_GAP(pg->setup);
		int start = e->line, end = start;
		while (end < b->n_lines &&
		       pdf_block_height(b, start, end + 1) + pg->notes_h + gap <= room + 0.01)
			end++;
		if (end == start && force && start < b->n_lines)
			end = start + 1;
		force = 0;
		if (end > start) {
			struct pdf_note_place np = { e->note, e->block, start, end, 0 };
			pdf_page_add_note(pg->page, np);
			pg->notes_h += pdf_block_height(b, start, end) +
			               (end == b->n_lines ? b->space_after : 0);
			if (start == 0 && e->block == 0)
				pdf_dest_set(pg->pages, n->id, pg->pages->n_pages - 1);
		}
		if (end < b->n_lines) {
			e->line = end;
			return 0;
		}
	}
	return 1;
}

static void pdf_flush_notes(struct pdf_pager *pg, double room, int force)
{
	while (pg->q_len > 0) {
		if (!pdf_place_note_lines(pg, &pg->queue[pg->q_head], room, force))
			return;
		force = 0;
		pg->q_head++;
		pg->q_len--;
	}
	pg->q_head = 0;
}

static void pdf_queue_note(struct pdf_pager *pg, int note)
{
	if (pg->q_head + pg->q_len == pg->q_cap) {
		pg->q_cap = pg->q_cap ? pg->q_cap * 2 : 8;
		pg->queue = g_renew(struct pdf_note_pos, pg->queue, pg->q_cap);
	}
	struct pdf_note_pos e = { note, 0, 0 };
	pg->queue[pg->q_head + pg->q_len++] = e;
}

/* The room the footnotes whose markers are in lines [from, to) need on
 * this page: all of a note, or its first two lines when it is longer (the
 * rest continues at the foot of the next page). */
static double pdf_notes_height(const struct pdf_flow *flow, const struct pdf_block *b, int from,
                               int to)
{
	double h = 0;
	if (b->n_noterefs == 0 || to <= from)
		return 0;
	int s = b->line_start[from], e = b->line_end[to - 1];
	for (int i = 0; i < b->n_noterefs; i++) {
		if (b->noterefs[i].offset < s || b->noterefs[i].offset >= e)
			continue;
		const struct pdf_note *n = &flow->notes[b->noterefs[i].note];
		double need = n->height;
		if (n->n_blocks > 0 && n->blocks[0]->n_lines > 2) {
			double two = pdf_block_height(n->blocks[0], 0, 2);
			if (two < need)
				need = two;
		}
		h += need;
	}
	return h;
}

/* The footnote room a whole block's markers need. */
static double pdf_block_notes(const struct pdf_flow *flow, const struct pdf_block *b)
{
	return b && b->n_lines > 0 ? pdf_notes_height(flow, b, 0, b->n_lines) : 0;
}

/* The same for the cells of table rows [from, to). */
static double pdf_rows_notes(const struct pdf_flow *flow, const struct pdf_table *t, int from,
                             int to)
{
	double h = 0;
	for (int c = 0; c < t->n_cells; c++)
		if (t->cells[c].row >= from && t->cells[c].row < to)
			h += pdf_block_notes(flow, t->cells[c].block);
	return h;
}

/* Room left for text above the footnotes once extra more are added. */
static double pdf_bottom_with(struct pdf_pager *pg, double extra)
{
	if (extra <= 0)
		return pdf_bottom(pg);
	return pg->setup->body_bottom - pg->notes_h - extra -
	       (pg->notes_h > 0 ? 0 : PDF_NOTE_GAP(pg->setup));
}

static void pdf_place_notes_of(struct pdf_pager *pg, const struct pdf_block *b, int from,
                               int to)
{
	if (b->n_noterefs == 0 || to <= from)
		return;
	int s = b->line_start[from], e = b->line_end[to - 1];
	for (int i = 0; i < b->n_noterefs; i++)
		if (b->noterefs[i].offset >= s && b->noterefs[i].offset < e)
			pdf_queue_note(pg, b->noterefs[i].note);
	/* In order, behind any note still carried over: what does not fit
	 * under the text placed so far waits for the next page. */
	pdf_flush_notes(pg, pg->setup->body_bottom - pg->y, 0);
}

/* Places lines of a block starting at *line; returns 1 if the block is
 * finished, 0 if the page is full. */
static int pdf_place_block(struct pdf_pager *pg, int item, const struct pdf_block *b,
                           int *line)
{
	const struct pdf_setup *setup = pg->setup;
	int from = *line;
	int n = b->n_lines;
	double space = from == 0 ? (b->space_before > pg->pending_space ? b->space_before
	                                                                : pg->pending_space)
	                         : 0;
	if (pg->at_top)
		space = 0;
	double top = pg->y + space;

	/* How many lines fit, footnotes included. */
	int k = 0;
	for (int j = from; j < n; j++) {
		double nh = pdf_notes_height(pg->flow, b, from, j + 1);
		double bottom = setup->body_bottom - (pg->notes_h + nh > 0 ? pg->notes_h + nh +
		                                      PDF_NOTE_GAP(setup) : 0);
		if (top + pdf_block_height(b, from, j + 1) > bottom + 0.01)
			break;
		k++;
	}
	int rest = n - from - k;
	if (rest > 0) {
		/* Widows: leave at least two lines for the next page. */
		if (rest < 2 && n - from >= 2)
			k = n - from - 2;
		/* Orphans: at least two lines before the break. */
		if (from == 0 && k < 2 && n >= 2)
			k = 0;
		if (k <= 0 && !pg->at_top)
			return 0;
		if (k <= 0)
			k = n - from > 0 ? 1 : 0; /* a page must make progress */
	}
	if (k > 0) {
		struct pdf_place pl = { item, from, from + k, 0, 0, top, NULL };
		pdf_page_add_place(pg->page, pl);
		if (from == 0) {
			pdf_dest_set(pg->pages, b->id, pg->pages->n_pages - 1);
			pdf_pending_dests_set(pg);
		}
		pg->y = top + pdf_block_height(b, from, from + k);
		pg->at_top = 0;
		pdf_place_notes_of(pg, b, from, from + k);
		*line = from + k;
	}
	if (*line >= n) {
		pg->pending_space = b->space_after;
		return 1;
	}
	return 0;
}

/* The least height an item needs at the bottom of a page to start there. */
static double pdf_item_first_height(const struct pdf_flow *flow, int i)
{
	const struct pdf_item *it = &flow->items[i];
	switch (it->kind) {
	case PDF_ITEM_BLOCK: {
		struct pdf_block *b = it->block;
		int k = b->n_lines < 2 ? b->n_lines : 2;
		if (b->n_lines == 3)
			k = 3; /* two and one would leave a widow */
		return b->space_before + pdf_block_height(b, 0, k);
	}
	case PDF_ITEM_FIGURE:
		return it->figure->space_before + it->figure->height;
	case PDF_ITEM_TABLE: {
		struct pdf_table *t = it->table;
		double h = t->space_before;
		if (t->caption)
			h += pdf_block_height(t->caption, 0, t->caption->n_lines) +
			     t->caption->space_after;
		int end = t->n_header_rows < t->n_rows ? t->row_group_end[t->n_header_rows]
		                                         : t->n_rows;
		for (int r = 0; r < end; r++)
			h += t->row_h[r];
		return h;
	}
	case PDF_ITEM_RULE:
		return it->space_before + it->rule_width;
	default:
		return 0;
	}
}

static double pdf_item_full_height(const struct pdf_flow *flow, int i)
{
	const struct pdf_item *it = &flow->items[i];
	if (it->kind == PDF_ITEM_BLOCK)
		return it->block->space_before + pdf_block_height(it->block, 0, it->block->n_lines) +
		       it->block->space_after;
	return pdf_item_first_height(flow, i);
}

/* What a keep-with-next block needs: itself and the start of the next
 * content (through further keep-with-next blocks: title, subtitle...). */
static double pdf_keep_height(struct pdf_pager *pg, int i)
{
	const struct pdf_flow *flow = pg->flow;
	double h = 0;
	for (int depth = 0; i < flow->n_items && depth < 4; i++) {
		const struct pdf_item *it = &flow->items[i];
		pdf_pager_need(pg, i);
		if (it->kind == PDF_ITEM_GROUP_BEGIN || it->kind == PDF_ITEM_GROUP_END)
			continue;
		if (it->kind == PDF_ITEM_BLOCK && it->block->keep_with_next) {
			h += pdf_item_full_height(flow, i);
			depth++;
			continue;
		}
		return h + pdf_item_first_height(flow, i);
	}
	return h;
}

/* Whether rows h tall, below above points of caption and header rows
 * and with notes points of footnotes, fit on a page of their own. */
static int pdf_fits_a_page(const struct pdf_pager *pg, double above, double h, double notes)
{
	const struct pdf_setup *setup = pg->setup;
	double bottom = setup->body_bottom - (notes > 0 ? notes + PDF_NOTE_GAP(setup) : 0);
	return setup->body_top + above + h <= bottom + 0.01;
}

/* The next part of rows too tall for a page (rowcut.h), in the room left
 * below y: its footnotes go to the foot of this page or after. */
static struct pdf_row_cut *pdf_place_cut(struct pdf_pager *pg, const struct pdf_table *t,
                                         struct pdf_rowcut *rc, double y, int *to)
{
	int from;
	struct pdf_row_cut *cut = pdf_rowcut_next(rc, pdf_bottom(pg) - y, pg->at_top, &from, to);
	if (!cut)
		return NULL;
	double saved = pg->y;
	pg->y = y + cut->height;
	for (int k = 0; k < cut->n_cells; k++)
		pdf_place_notes_of(pg, t->cells[cut->cells[k]].block, cut->from[k], cut->to[k]);
	pg->y = saved;
	return cut;
}

/* The height of t's caption (cap_h), header rows (header_h) and row
 * groups up to its second body row: what must start on one page. */
static double pdf_table_start_height(const struct pdf_table *t, double cap_h, double header_h)
{
	double h = cap_h + header_h;
	int r = t->n_header_rows;
	while (r < t->n_rows && r < t->n_header_rows + 2) {
		int end = t->row_group_end[r];
		for (; r < end && r < t->n_rows; r++)
			h += t->row_h[r];
	}
	return h;
}

static void pdf_place_table(struct pdf_pager *pg, int item)
{
	const struct pdf_flow *flow = pg->flow;
	const struct pdf_table *t = flow->items[item].table;
	int row = 0;
	int first = 1;
	int on_page = 0;                /* a slice of t is on this page already */
	struct pdf_rowcut *rc = NULL;   /* rows too tall for a page, being cut */
	double header_h = 0;
	for (int r = 0; r < t->n_header_rows; r++)
		header_h += t->row_h[r];
	double cap_h = t->caption ? pdf_block_height(t->caption, 0, t->caption->n_lines) +
	                            t->caption->space_after : 0;
	/* A table starts where its caption, its header and two body rows
	 * fit, or overleaf: one row alone under its header reads as a
	 * stray. */
	if (!pg->at_top) {
		double space = t->space_before > pg->pending_space ? t->space_before : pg->pending_space;
		double need = pdf_table_start_height(t, cap_h, header_h);
		if (pg->y + space + need > pdf_bottom(pg) + 0.01 &&
		    need <= pg->setup->body_bottom - pg->setup->body_top)
			pdf_new_page(pg);
	}

	while (row < t->n_rows) {
		double space = first ? (t->space_before > pg->pending_space ? t->space_before
		                                                            : pg->pending_space)
		                     : 0;
		if (pg->at_top)
			space = 0;
		double top = pg->y + space;
		double y = top + (first ? cap_h : 0);
		int repeat = !first && !on_page && t->n_header_rows > 0 && row >= t->n_header_rows;
		if (repeat)
			y += header_h;
		int to = row, full = 0;
		while (!rc && to < t->n_rows) {
			int end = t->row_group_end[to];
			/* Header rows go with the first body row group. */
			if (to < t->n_header_rows && t->n_header_rows < t->n_rows)
				end = t->row_group_end[t->n_header_rows];
			double h = 0;
			for (int r = to; r < end; r++)
				h += t->row_h[r];
			double notes = pdf_rows_notes(flow, t, to, end) +
			               (first && to == row ? pdf_block_notes(flow, t->caption) : 0);
			if (y + h > pdf_bottom_with(pg, notes) + 0.01) {
				/* Rows no page can hold are cut between lines
				 * rather than clipped, from here on, below the
				 * rows that fit; others go to the next page. */
				double above = first && to == row ? cap_h
				               : to >= t->n_header_rows ? header_h : 0;
				if ((pg->at_top && to == row) || !pdf_fits_a_page(pg, above, h, notes))
					rc = pdf_rowcut_new(t, to, end);
				else
					full = 1;
				break;
			}
			/* Footnotes of the caption and of these rows go to this
			 * page's foot now, so the next rows see the room left. */
			if (first && to == row && t->caption)
				pdf_place_notes_of(pg, t->caption, 0, t->caption->n_lines);
			for (int c = 0; c < t->n_cells; c++)
				if (t->cells[c].row >= to && t->cells[c].row < end)
					pdf_place_notes_of(pg, t->cells[c].block, 0,
					                   t->cells[c].block->n_lines);
			y += h;
			to = end;
		}
		struct pdf_row_cut *cut = NULL;
		if (rc && to == row) {
			cut = pdf_place_cut(pg, t, rc, y, &to);
			if (cut) {
				if (first && t->caption)
					pdf_place_notes_of(pg, t->caption, 0, t->caption->n_lines);
				y += cut->height;
			}
			full = !pdf_rowcut_done(rc);
			if (!full) {
				pdf_rowcut_free(rc);
				rc = NULL;
			}
		}
		if (to == row && !cut) {
			pdf_new_page(pg);
			on_page = 0;
			continue;
		}
		struct pdf_place pl = { item, row, to, repeat, first && t->caption, top, cut };
		pdf_page_add_place(pg->page, pl);
		if (first)
			pdf_dest_set(pg->pages, t->id, pg->pages->n_pages - 1);
		pg->y = y;
		pg->at_top = 0;
		first = 0;
		on_page = 1;
		row = cut && cut->unfinished ? to - 1 : to;
		if (full && row < t->n_rows) {
			pdf_new_page(pg);
			on_page = 0;
		}
	}
	pdf_rowcut_free(rc);
	pg->pending_space = t->space_after;
}

/* Whether group item i is a list's or a list item's start. */
static int pdf_group_is(const struct pdf_item *it, const char *tag)
{
	return it->kind == PDF_ITEM_GROUP_BEGIN && it->tag && strcmp(it->tag, tag) == 0;
}

/* The most items looked ahead to keep a list's first two items together. */
#define PDF_LIST_KEEP_ITEMS 64

/* What the list starting at group item i needs to start on a page: its
 * first item whole and the start of its second; 0 when it has fewer than
 * two items or they are further than PDF_LIST_KEEP_ITEMS away. */
static double pdf_list_start_height(struct pdf_pager *pg, int i)
{
	const struct pdf_flow *flow = pg->flow;
	double h = 0;
	int depth = 0, items = 0;
	for (int j = i + 1; j < flow->n_items && j <= i + PDF_LIST_KEEP_ITEMS; j++) {
		const struct pdf_item *it = &flow->items[j];
		if (it->kind == PDF_ITEM_GROUP_BEGIN) {
			if (depth++ == 0 && pdf_group_is(it, "LI"))
				items++;
			continue;
		}
		if (it->kind == PDF_ITEM_GROUP_END) {
			if (--depth < 0)
				return 0; /* the list ended with one item */
			continue;
		}
		pdf_pager_need(pg, j);
		if (items >= 2)
			return h + pdf_item_first_height(flow, j);
		h += pdf_item_full_height(flow, j);
	}
	return 0;
}

/* A group's place on the page (its tags), where the pager is: an id it
 * has waits for the group's first content. A list starts where its first
 * item and the start of its second fit, or overleaf. */
static void pdf_place_group(struct pdf_pager *pg, int i)
{
	const struct pdf_item *it = &pg->flow->items[i];
	if (!pg->at_top && pdf_group_is(it, "L")) {
		double need = pdf_list_start_height(pg, i);
		if (need > 0 && pg->y + pg->pending_space + need > pdf_bottom(pg) + 0.01 &&
		    need <= pg->setup->body_bottom - pg->setup->body_top)
			pdf_new_page(pg);
	}
	struct pdf_place pl = { i, 0, 0, 0, 0, pg->y, NULL };
	pdf_page_add_place(pg->page, pl);
	if (it->kind == PDF_ITEM_GROUP_BEGIN && it->id)
		pg->pending_dests[pg->n_pending_dests++] = i;
}

/* Places paragraph i, on as many pages as it takes; one that must stay
 * with what follows starts a new page when the two do not fit here. */
static void pdf_place_paragraph(struct pdf_pager *pg, int i)
{
	const struct pdf_setup *setup = pg->setup;
	const struct pdf_block *b = pg->flow->items[i].block;
	if (b->keep_with_next && !pg->at_top) {
		double need = pdf_keep_height(pg, i);
		double space = b->space_before > pg->pending_space ? b->space_before : pg->pending_space;
		if (pg->y + need - b->space_before + space > pdf_bottom(pg) + 0.01 &&
		    need < setup->body_bottom - setup->body_top)
			pdf_new_page(pg);
	}
	int line = 0;
	while (!pdf_place_block(pg, i, b, &line))
		pdf_new_page(pg);
}

/* Fills the rest of the page with the whole paragraphs after figure i,
 * which does not fit there (not across a section or other group, so the
 * structure stays as written). Returns the last item placed (i if none). */
static int pdf_fill_before_float(struct pdf_pager *pg, int i)
{
	const struct pdf_flow *flow = pg->flow;
	int last = i;
	for (int j = i + 1; j < flow->n_items; j++) {
		pdf_pager_need(pg, j);
		const struct pdf_item *nx = &flow->items[j];
		if (nx->kind != PDF_ITEM_BLOCK || nx->block->keep_with_next || nx->block->n_noterefs > 0)
			break;
		const struct pdf_block *nb = nx->block;
		double sp = nb->space_before > pg->pending_space ? nb->space_before : pg->pending_space;
		if (pg->y + sp + pdf_block_height(nb, 0, nb->n_lines) > pdf_bottom(pg) + 0.01)
			break;
		int line = 0;
		pdf_place_block(pg, j, nb, &line);
		last = j;
	}
	return last;
}

/* Places figure or rule i, which is never split: one that does not fit
 * goes to the next page, a figure after the paragraphs that fill the gap
 * (pdf_fill_before_float). Returns the last item placed. */
static int pdf_place_whole(struct pdf_pager *pg, int i)
{
	const struct pdf_item *it = &pg->flow->items[i];
	int figure = it->kind == PDF_ITEM_FIGURE;
	double sb = figure ? it->figure->space_before : it->space_before;
	double h = figure ? it->figure->height : it->rule_width;
	double space = sb > pg->pending_space ? sb : pg->pending_space;
	double notes = figure ? pdf_block_notes(pg->flow, it->figure->caption) : 0;
	int last = i;
	if (!pg->at_top && pg->y + space + h > pdf_bottom_with(pg, notes) + 0.01) {
		if (figure)
			last = pdf_fill_before_float(pg, i);
		pdf_new_page(pg);
		space = 0;
	}
	if (pg->at_top)
		space = 0;
	struct pdf_place pl = { i, 0, 1, 0, 0, pg->y + space, NULL };
	pdf_page_add_place(pg->page, pl);
	if (figure) {
		pdf_dest_set(pg->pages, it->figure->id, pg->pages->n_pages - 1);
		if (it->figure->caption)
			pdf_place_notes_of(pg, it->figure->caption, 0, it->figure->caption->n_lines);
	}
	pdf_pending_dests_set(pg);
	pg->y += space + h;
	pg->at_top = 0;
	pg->pending_space = figure ? it->figure->space_after : it->space_after;
	return last;
}

void pdf_paginate(const struct pdf_setup *setup, const struct pdf_flow *flow,
                  const struct pdf_pager_io *io, struct pdf_pages *pages)
{
	struct pdf_pager pg = {0};
	pg.setup = setup;
	pg.flow = flow;
	pg.pages = pages;
	pg.io = io;
	pg.pending_dests = g_new(int, flow->n_items > 0 ? flow->n_items : 1);
	if (pages->dests)
		g_hash_table_remove_all(pages->dests);
	else
		pages->dests = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (int i = 0; i < pages->n_pages; i++)
		pdf_page_clear(&pages->pages[i]);
	pages->n_pages = 0;
	pdf_new_page(&pg);

	for (int i = 0; i < flow->n_items; i++) {
		pdf_pager_need(&pg, i);
		switch (flow->items[i].kind) {
		case PDF_ITEM_GROUP_BEGIN:
		case PDF_ITEM_GROUP_END:
			pdf_place_group(&pg, i);
			break;
		case PDF_ITEM_BLOCK:
			pdf_place_paragraph(&pg, i);
			break;
		case PDF_ITEM_FIGURE:
		case PDF_ITEM_RULE:
			i = pdf_place_whole(&pg, i); /* past the paragraphs that went before it */
			break;
		case PDF_ITEM_TABLE:
			pdf_pending_dests_set(&pg);
			pdf_place_table(&pg, i);
			break;
		}
	}
	/* Footnotes still waiting get pages of their own at the end. */
	while (pg.q_len > 0)
		pdf_new_page(&pg);
	pdf_finish_notes(&pg);
	pdf_pager_page_done(&pg, pages->n_pages - 1);
	g_free(pg.pending_dests);
	g_free(pg.queue);
}

void pdf_pages_trace(const struct pdf_pages *pages, const struct pdf_flow *flow, FILE *out)
{
	for (int p = 0; p < pages->n_pages; p++) {
		const struct pdf_page *pg = &pages->pages[p];
		for (int k = 0; k < pg->n_places; k++) {
			const struct pdf_place *pl = &pg->places[k];
			const struct pdf_item *it = &flow->items[pl->item];
			if (it->kind == PDF_ITEM_BLOCK)
				fprintf(out, "block %d %d %d %d %d %d\n", p + 1, pl->from, pl->to,
				        it->block->n_lines, it->block->keep_with_next, pl->item);
			else if (it->kind == PDF_ITEM_TABLE || it->kind == PDF_ITEM_FIGURE)
				fprintf(out, "%s %d %d %d %d\n",
				        it->kind == PDF_ITEM_TABLE ? "table" : "figure", p + 1,
				        pl->from, pl->to, pl->item);
		}
	}
}

void pdf_pages_free(struct pdf_pages *pages)
{
	for (int i = 0; i < pages->n_pages; i++)
		pdf_page_clear(&pages->pages[i]);
	g_free(pages->pages);
	if (pages->dests)
		g_hash_table_destroy(pages->dests);
	memset(pages, 0, sizeof *pages);
}
