/*
 * pages.h: pagination cuts the flow into pages, line by line. It decides
 * where every slice of every item goes, and draws nothing.
 *
 * Rules: a block keeps at least two lines on each side of a page break
 * (no orphans, no widows); a block marked keep-with-next (headings) goes
 * to the next page with the start of what follows it; figures, rules and
 * table rows (with the rows a rowspan joins) are never split, but for
 * rows no page can hold, which are cut between lines (rowcut.h); a figure
 * that does not fit floats to the next page, and the whole paragraphs
 * after it that fit fill the gap; a table's header rows are repeated on
 * every page it spans; footnotes go to the foot of the page where their
 * marker falls, and one too long to fit continues at the foot of the next
 * page. Vertical spaces between items collapse to the larger one and
 * vanish at the top of a page.
 */
#ifndef PDF_PAGES_H
#define PDF_PAGES_H

#include <stdio.h>

#include "model.h"

/**
 * How pagination meets its caller while it goes, so that pages can be
 * drawn as soon as they are complete while paragraphs further on are
 * still being laid out. Either may be NULL.
 */
struct pdf_pager_io {
	void *ctx;
	/** Called before pagination reads flow item `item`: return once it
	 *  is laid out. */
	void (*need)(void *ctx, int item);
	/** Called when page `page` is final: nothing more goes on it. */
	void (*page_done)(void *ctx, int page);
};

/**
 * Cuts flow into pages on setup's page (its body's top and bottom, and
 * its font size for the gap above the footnotes), replacing whatever
 * pages held: the pages, and the page of every destination in
 * pages->dests (made if NULL). io, if not NULL, is told as it goes.
 */
void pdf_paginate(const struct pdf_setup *setup, const struct pdf_flow *flow,
                  const struct pdf_pager_io *io, struct pdf_pages *pages);

/**
 * Prints every slice of a block, table or figure placed, one a line, for
 * tests to check the rules on the layout's own numbers:
 * "block PAGE FROM TO LINES KEEP ITEM" (lines [FROM, TO) of LINES; ITEM
 * is the position in the flow), "table PAGE FROM TO ITEM" (rows),
 * "figure PAGE 0 1 ITEM".
 */
void pdf_pages_trace(const struct pdf_pages *pages, const struct pdf_flow *flow, FILE *out);

/** Frees what pages holds. */
void pdf_pages_free(struct pdf_pages *pages);

#endif
