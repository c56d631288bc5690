/*
 * model.c: the few questions every stage asks of the model (model.h).
 */
#include <stdio.h>

#include "model.h"

double pdf_block_height(const struct pdf_block *b, int from, int to)
{
	if (to <= from || b->n_lines == 0)
		return 0;
	return b->line_bottom[to - 1] - b->line_top[from];
}

int pdf_place_cell(const struct pdf_table *t, const struct pdf_place *pl, int c, int *from,
                   int *to)
{
	const struct pdf_cell *cell = &t->cells[c];
	const struct pdf_row_cut *cut = pl->cut;
	if (cut) {
		/* The cut's cells only: one that began on a page before is
		 * drawn while its rows go on, even once its lines are all
		 * drawn. */
		int lo = 0, hi = cut->n_cells;
		while (lo < hi) {
			int mid = lo + (hi - lo) / 2;
			if (cut->cells[mid] < c)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == cut->n_cells || cut->cells[lo] != c)
			return 0;
		*from = cut->from[lo];
		*to = cut->to[lo];
		return 1;
	}
	if (cell->row < pl->from || cell->row >= pl->to)
		return 0;
	*from = 0;
	*to = cell->block->n_lines;
	return 1;
}

double pdf_place_row_height(const struct pdf_table *t, const struct pdf_place *pl, int r)
{
	if (pl->cut && r >= pl->from && r < pl->to)
		return pl->cut->row_h[r - pl->from];
	return t->row_h[r];
}

int pdf_place_table_begins(const struct pdf_place *pl)
{
	return pl->from == 0 && !(pl->cut && pl->cut->resumed);
}

int pdf_place_table_ends(const struct pdf_table *t, const struct pdf_place *pl)
{
	return pl->to == t->n_rows && !(pl->cut && pl->cut->unfinished);
}

int pdf_dest_page(GHashTable *dests, const char *id)
{
	if (!dests || !id)
		return -1;
	return GPOINTER_TO_INT(g_hash_table_lookup(dests, id)) - 1;
}

void pdf_format_number(unsigned zero, int n, char *buf, size_t len)
{
	char latin[32];
	snprintf(latin, sizeof latin, "%d", n);
	if (zero < 0x80 || zero + 9 > 0x7ff) {
		snprintf(buf, len, "%s", latin);
		return;
	}
	size_t o = 0;
	for (const char *p = latin; *p && o + 3 < len; p++) {
		if (*p >= '0' && *p <= '9') {
			/* Two bytes of UTF-8: zero is below U+0800. */
			unsigned cp = zero + (unsigned)(*p - '0');
			buf[o++] = (char)(0xC0 | (cp >> 6));
			buf[o++] = (char)(0x80 | (cp & 0x3F));
		} else {
			buf[o++] = *p;
		}
	}
	buf[o] = '\0';
}
