/*
 * archive.h: the PDF plugin's last stage, one qpdf pass over the file
 * the draw stage made, before it is written to the job.
 *
 * Always: the catalog's /Lang from the article's xml:lang, /MarkInfo,
 * /ViewerPreferences (/DisplayDocTitle, and /Direction /R2L for a
 * right-to-left article), XMP metadata that says what the Info dictionary
 * says, Info dates in the D: form, the figures' /Alt (alttext.h), /Tabs /S
 * on pages with annotations, and a file /ID made from the content.
 *
 * With --param standard= pdf/a-2u, pdf/a-3u and/or pdf/ua-1, what the
 * standard asks besides; docs/archival.md says what each promises and
 * which test checks each clause.
 */
#ifndef PDF_ARCHIVE_H
#define PDF_ARCHIVE_H

#include <stddef.h>

#include <convert/plugin.h>

/**
 * Rewrites the PDF in file (len bytes, as the draw stage made it; alts are
 * the figures' alternative texts in the order they were tagged) as said
 * above and writes the result to job. Fails for a malformed standard parameter, a file the
 * standard cannot be claimed for (a font not embedded, a figure without
 * alt text under pdf/ua-1...), or a missing sRGB profile.
 */
int pdf_archive_write(struct cv_job *job, const unsigned char *file, size_t len,
                      const char *const *alts, int n_alts, struct cv_error *err);

/**
 * Checks a value of the standard parameter (none, pdf/a-2u, pdf/a-3u,
 * pdf/ua-1, or a comma list with at most one PDF/A part), so that a bad
 * one can be refused before any article is read; pdf_archive_write
 * checks it again.
 */
int pdf_archive_check_standard(const char *value, struct cv_error *err);

#endif
