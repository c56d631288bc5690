/*
 * pagemap.h: where each page begins in the article, for another format
 * that cites the PDF's pages (the EPUB page-list; cv_job_page_map). It
 * reads what pagination decided and the origins the blocks recorded in a
 * page map's run (model.h, struct pdf_origin), and draws nothing.
 */
#ifndef PDF_PAGEMAP_H
#define PDF_PAGEMAP_H

#include "model.h"

/**
 * Adds to map, for each page of pages in order, the article text node
 * and character offset of the page's first word, and the page's label
 * (its number as draw/ prints it). The first word is that of the first
 * item on the page with text of the article's own: a paragraph's first
 * line, a figure's or table's caption, the first cell of a table's rows
 * (repeated header rows are not the page's); generated text (numbers,
 * labels) is passed over to the article's text after it, unless the line
 * begins in it after some of the article's text in the same block (a
 * cross-reference cut by the break), which then ends there; a page without
 * any begins where the next page's text does, or past the last text, at
 * the end of it. tree is the article.
 */
int pdf_page_map_fill(const struct pdf_setup *setup, const struct pdf_flow *flow,
                      const struct pdf_pages *pages, const xmlDoc *tree,
                      struct cv_page_map *map, struct cv_error *err);

#endif
