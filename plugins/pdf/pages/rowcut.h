/*
 * rowcut.h: rows of a table taller than a page, cut between the lines of
 * their cells, for pagination (paginate.c) to place part by part.
 *
 * Rows stay whole wherever they can: only rows that a page cannot hold
 * (with the rows a rowspan joins them to) are cut, rather than have the
 * page clip the lines that do not fit. Each part holds the rows it can
 * whole, then, of the row that does not fit, as many lines of each of
 * its cells as the room below takes; the next part goes on with each
 * cell's next line at the top of its box. A cell spanning rows goes on
 * beside them, across as many parts as it needs.
 */
#ifndef PDF_ROWCUT_H
#define PDF_ROWCUT_H

#include "model.h"

/** Rows [row, end) of a table being cut into parts. */
struct pdf_rowcut;

/**
 * Starts cutting rows [row, end) of t, rows that must stay together
 * (t->row_group_end). Free with pdf_rowcut_free.
 */
struct pdf_rowcut *pdf_rowcut_new(const struct pdf_table *t, int row, int end);

/**
 * The next part, in room points of height: a new cut (free with
 * pdf_row_cut_free, or hand to a place) of rows [*from, *to). NULL when
 * not one line fits in room, unless force (a page of its own): then a
 * line of each cell at least, however tall.
 */
struct pdf_row_cut *pdf_rowcut_next(struct pdf_rowcut *rc, double room, int force, int *from,
                                    int *to);

/** Whether every line of every row has been cut into a part. */
int pdf_rowcut_done(const struct pdf_rowcut *rc);

/** Frees rc; NULL is a no-op. */
void pdf_rowcut_free(struct pdf_rowcut *rc);

/** Frees cut; NULL is a no-op. */
void pdf_row_cut_free(struct pdf_row_cut *cut);

#endif
