/*
 * names.h: Cairo's file with each XObject named once in its resources,
 * as Cairo writes it.
 *
 * Cairo 1.16 adds a page's XObject to the page's resources at every
 * paint (_cairo_pdf_surface_add_xobject appends, never looks), and a
 * kashida paints two forms (text/stamps.h): the bench book with kashida
 * carried 143 KB of names repeated in its resources, and the archival
 * update another 300 KB to write those dictionaries again with each name
 * once. The filter drops a repeated entry as the bytes go by, before they
 * reach the job, and moves the cross-reference offsets and startxref by
 * what it dropped before them: the file is what Cairo would have written
 * had it looked, and the same bytes make the same file.
 *
 * It reads Cairo's own layout: stream data is passed through untouched
 * from "stream" to "endstream", and so is a literal string (the
 * article's title, a bookmark: text that may read like anything below);
 * outside them, a "/XObject <<" dictionary is
 * held until its ">>" and written with each name once (Cairo writes each
 * entry as " /xN N 0 R", so a name repeated is the same reference
 * repeated); the table after "xref" and the number after "startxref" are
 * rewritten with the offsets moved.
 */
#ifndef PDF_ARCHIVE_NAMES_H
#define PDF_ARCHIVE_NAMES_H

#include <stddef.h>

#include <convert/plugin.h>

struct pdf_names;

/** Where the filter's output goes: len bytes at data (ctx as given). */
typedef int (*pdf_names_sink)(void *ctx, const unsigned char *data, size_t len,
                              struct cv_error *err);

/** A new filter writing to sink (with ctx). Free with pdf_names_free. */
struct pdf_names *pdf_names_new(pdf_names_sink sink, void *ctx);

/** Passes len bytes of Cairo's file through; CV_FAIL when the sink fails. */
int pdf_names_write(struct pdf_names *f, const void *data, size_t len, struct cv_error *err);

/** Writes what is still held (nothing, once Cairo's "%%EOF" went by). */
int pdf_names_end(struct pdf_names *f, struct cv_error *err);

/** Frees f; NULL is a no-op. */
void pdf_names_free(struct pdf_names *f);

#endif
