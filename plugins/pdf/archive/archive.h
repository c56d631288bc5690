/*
 * archive.h: the PDF plugin's last stage, after the draw stage: an
 * incremental update appended to the file Cairo wrote (update.h), then
 * the whole written to the job.
 *
 * Always: the catalog's /Lang from the article's xml:lang, /MarkInfo,
 * /ViewerPreferences (/DisplayDocTitle, and /Direction /R2L for a
 * right-to-left article), XMP metadata that says what the Info dictionary
 * says, Info dates in the D: form, a file /ID made from the content, and
 * what the structure tree needs beyond what Cairo writes (tagging.h): a
 * Figure's /Alt, a TH's /Scope, /Lang where a run's language differs, a
 * Note's /ID, a link's /Contents and /Tabs /S on its page.
 *
 * With --param standard= pdf/a-2u, pdf/a-3u and/or pdf/ua-1, what the
 * standard asks besides; docs/archival.md says what each promises and
 * which test checks each clause.
 */
#ifndef PDF_ARCHIVE_H
#define PDF_ARCHIVE_H

#include <stddef.h>

#include <convert/plugin.h>

#include "tagging.h"

enum {
	PDF_STANDARD_A2U = 1u << 0, /* ISO 19005-2, level U */
	PDF_STANDARD_A3U = 1u << 1, /* ISO 19005-3, level U */
	PDF_STANDARD_UA1 = 1u << 2  /* ISO 14289-1 */
};
#define PDF_STANDARD_PDFA (PDF_STANDARD_A2U | PDF_STANDARD_A3U)

/**
 * Reads a value of the standard parameter (none, pdf/a-2u, pdf/a-3u,
 * pdf/ua-1, or a comma list with at most one PDF/A part) into *out, a set
 * of PDF_STANDARD_ bits. CV_FAIL with err saying what is allowed.
 */
int pdf_archive_standards(const char *value, unsigned *out, struct cv_error *err);

/**
 * Cairo's file as the draw stage writes it (held.c): written to the job
 * at once, and kept for the pass in an anonymous memory file, so that
 * only what qpdf reads of it counts in the process's memory.
 */
struct pdf_held;

/** A new, empty file for job. Free with pdf_held_free. */
struct pdf_held *pdf_held_new(struct cv_job *job);

/** Writes len bytes to the job and keeps them (the draw stage's write;
 *  ctx is the struct pdf_held). */
int pdf_held_write(void *ctx, const void *data, size_t len, struct cv_error *err);

/** Frees h; NULL is a no-op. */
void pdf_held_free(struct pdf_held *h);

/** What the pass reads besides the file. */
struct pdf_archive_input {
	struct cv_job *job;
	unsigned standards;              /* PDF_STANDARD_ bits */
	const struct pdf_tagging *tags;  /* what the drawing tagged */
};

/**
 * Writes to in->job the update to the PDF held (as the draw stage made
 * it, and wrote to the job). Fails for a file the standard
 * cannot be claimed for (a structure tree that is not what was drawn,
 * content neither tagged nor an artifact under pdf/ua-1...), or a missing
 * sRGB profile.
 */
int pdf_archive_write(const struct pdf_archive_input *in, struct pdf_held *held,
                      struct cv_error *err);

#endif
