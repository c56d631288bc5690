/*
 * schedule.h: the one scheduler of the PDF plugin's threads. It lays out
 * the paragraphs reading left for later (blocks.h, pdf_paragraph_read
 * with defer), in reading order, claimed one at a time by whichever thread
 * is free: a second thread with a font map of its own (Pango's are not
 * shared between threads), and the caller's, which lays out the next
 * paragraph in line whenever it would otherwise wait.
 *
 * Shaping (Amiri's especially) is most of the cost of a long article, and
 * paragraphs are independent, so the second thread pays off there; on a
 * short article (fewer than 32 such paragraphs or 40 kB of their text) the
 * caller lays them all out itself. pdf.c either waits for all of them
 * before pagination, or paginates as they come (pdf_schedule_need): then
 * the second thread keeps at most PDF_LAYOUT_AHEAD items ahead of the
 * pages, so that glyphs freed as pages are drawn do not pile up there.
 * Which thread lays out a paragraph never changes the PDF.
 */
#ifndef PDF_SCHEDULE_H
#define PDF_SCHEDULE_H

#include "blocks/blocks.h"

struct pdf_schedule;

/**
 * Starts laying out the deferred paragraphs of bx->flow, on a second
 * thread too when threads is 2 and the article is long enough. Free with
 * pdf_schedule_free after pdf_schedule_finish.
 */
struct pdf_schedule *pdf_schedule_start(struct pdf_blocks *bx, int threads);

/** How many threads lay the paragraphs out: 1 or 2. */
int pdf_schedule_threads(const struct pdf_schedule *s);

/**
 * Returns once flow item `item` is laid out, laying out paragraphs in
 * line on the caller's thread meanwhile. Lets the second thread go
 * PDF_LAYOUT_AHEAD items past it.
 */
void pdf_schedule_need(struct pdf_schedule *s, int item);

/**
 * Lays out every paragraph still waiting, joins the second thread, and
 * adds its count of missing glyphs to bx's lane. Returns CV_OK, or
 * CV_FAIL with err set from the first failure.
 */
int pdf_schedule_finish(struct pdf_schedule *s, struct cv_error *err);

/** How many paragraphs thread t (0: the caller's) laid out. */
int pdf_schedule_count(const struct pdf_schedule *s, int t);

/**
 * Frees s and the second thread's fonts: after the pages are drawn, since
 * the glyphs shaped with those fonts hold them until then. NULL is a
 * no-op.
 */
void pdf_schedule_free(struct pdf_schedule *s);

#endif
