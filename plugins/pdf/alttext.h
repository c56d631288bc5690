/*
 * alttext.h: gives the figures of a finished PDF their alternative text.
 * Cairo 1.16 writes a Figure structure element for each tagged figure
 * but takes no attributes for it, so the /Alt a screen reader reads is
 * added afterwards, with qpdf.
 */
#ifndef PDF_ALTTEXT_H
#define PDF_ALTTEXT_H

#include <stddef.h>

#include <convert/plugin.h>

/**
 * Reads the PDF in pdf (len bytes), gives the i-th Figure element of its
 * structure tree (depth first, which is the order the figures were
 * tagged in) the text alts[i] as /Alt (an empty text gives none), and
 * stores the rewritten file in *out (*out_len bytes, to g_free). The
 * file's /ID is made from its content, so the output stays reproducible.
 */
int pdf_alttext_apply(const unsigned char *pdf, size_t len, const char *const *alts, int n,
                      unsigned char **out, size_t *out_len, struct cv_error *err);

#endif
