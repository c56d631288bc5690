/*
 * render.h: draws the pages on a Cairo PDF surface.
 */
#ifndef PDF_RENDER_H
#define PDF_RENDER_H

#include <cairo-pdf.h>

#include "blocks/blocks.h"
#include "model.h"

/** What drawing reads: the stages' output, and the main thread's fonts. */
struct pdf_doc {
	struct cv_job *job;
	const struct pdf_setup *setup;
	const struct pdf_flow *flow;
	const struct pdf_pages *pages;
	struct pdf_lane *lane;
	int stamps;
	struct pdf_renderer *renderer;
};

int pdf_render_begin(struct pdf_doc *doc, struct cv_error *err);
void pdf_render_page(struct pdf_doc *doc, int index);
int pdf_render_end(struct pdf_doc *doc, int ok, struct cv_error *err);

#endif
