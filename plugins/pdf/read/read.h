/*
 * read.h: reads the layout vocabulary that stylesheets/pdf.xsl makes of the
 * article (docs/pdf-layout.md): the <layout> element's page set-up,
 * running header and footer and Info, then its flow (blocks, groups,
 * rules, figures, tables) in reading order, each kind of block reading
 * its own element (blocks/blocks.h).
 */
#ifndef PDF_READ_H
#define PDF_READ_H

#include "blocks/blocks.h"
#include "model.h"

/**
 * Reads the page set-up, header, footer and Info of tree's <layout>
 * element into setup (zeroed by the caller). Returns CV_OK, or CV_FAIL
 * with err set when the tree is not a layout or a size is out of range.
 * Free with pdf_setup_free.
 */
int pdf_read_setup(xmlDocPtr tree, struct pdf_setup *setup, struct cv_error *err);

/**
 * Reads the flow of tree's <layout> element into bx->flow (zeroed by the
 * caller), with bx->setup read: paragraphs that can wait are only read
 * (the scheduler lays them out), all else is laid out on bx's lane.
 * Returns CV_OK, or CV_FAIL with err set. Free with pdf_flow_free.
 */
int pdf_read_flow(xmlDocPtr tree, struct pdf_blocks *bx, struct cv_error *err);

/**
 * The characters tree's text can show, with those the plugin may add
 * itself (page numbers in any digits, hyphens, tatweel, bidi controls,
 * printable ASCII): each once, sorted, *n of them. A glyph no sequence of
 * these reaches through a font's cmap and GSUB is never drawn for text,
 * so the text layer may carry text on it (text/fontslots.h). Free with
 * g_free.
 */
gunichar *pdf_read_chars(xmlDocPtr tree, size_t *n);

/** Frees what setup holds. */
void pdf_setup_free(struct pdf_setup *setup);

/** Frees flow's items and notes. */
void pdf_flow_free(struct pdf_flow *flow);

#endif
