/*
 * alttext.h: gives the figures of a finished PDF their alternative text.
 * Cairo 1.16 writes a Figure structure element for each tagged figure
 * but takes no attributes for it, so the /Alt a screen reader reads is
 * added afterwards, in archive.c's qpdf pass.
 */
#ifndef PDF_ALTTEXT_H
#define PDF_ALTTEXT_H

#include <glib.h>
#include <qpdf/qpdf-c.h>

/**
 * Gives the i-th Figure element of q's structure tree (depth first, which
 * is the order the figures were tagged in) the text alts[i] as /Alt (an
 * empty or NULL text gives none: the article's alt="" marks a decorative
 * image). Appends the Figure elements left without /Alt to bare (a GArray
 * of qpdf_oh; may be NULL) and returns how many there are.
 */
int pdf_alttext_set(qpdf_data q, const char *const *alts, int n, GArray *bare);

#endif
