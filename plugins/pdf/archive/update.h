/*
 * update.h: an incremental update (ISO 32000-1, 7.5.6) appended to the
 * file Cairo wrote: the objects the archival pass changed or made, a
 * cross-reference section for them alone, and a trailer whose /Prev
 * points at Cairo's.
 *
 * The file is read with libqpdf, which parses an object only when asked
 * for it, and objects are changed through its handles; the update writes
 * what qpdf unparses for each object marked here. So the cost is that of
 * the few objects read and written, not of the file: rewriting a
 * 300-page book with qpdf costs more CPU time than drawing it.
 */
#ifndef PDF_ARCHIVE_UPDATE_H
#define PDF_ARCHIVE_UPDATE_H

#include <stddef.h>

#include <convert/plugin.h>
#include <qpdf/qpdf-c.h>

struct pdf_update;

struct pdf_held;

/**
 * Reads the PDF held (borrowed, must outlive the update) with qpdf,
 * lazily. Returns NULL with err set when qpdf cannot read it. Free with
 * pdf_update_free.
 */
struct pdf_update *pdf_update_open(struct pdf_held *held, struct cv_error *err);

/** Frees u and its qpdf data; NULL is a no-op. */
void pdf_update_free(struct pdf_update *u);

/** The qpdf file the update is made for. Borrowed. */
qpdf_data pdf_update_qpdf(struct pdf_update *u);

/** The bytes of the file the update is made for, *len of them. Borrowed. */
const unsigned char *pdf_update_file(const struct pdf_update *u, size_t *len);

/**
 * Marks o, an indirect object of the file (a dictionary or an array)
 * changed in place through qpdf, to be written again. A stream's
 * dictionary is written with the stream's data as it stands, undecoded.
 */
void pdf_update_touch(struct pdf_update *u, qpdf_oh o);

/**
 * Makes the direct object o (a dictionary or an array, which may still be
 * changed) a new indirect object of the update. Returns what refers to
 * it, to put in other objects; it is nothing else (see update.c).
 */
qpdf_oh pdf_update_add(struct pdf_update *u, qpdf_oh o);

/**
 * A new stream holding a copy of data, compressed (/FlateDecode) when
 * compress is set. *dict receives its dictionary, a direct dictionary
 * whose entries the caller sets (/Length and /Filter are the update's).
 * Returns what refers to it, as pdf_update_add does.
 */
qpdf_oh pdf_update_add_stream(struct pdf_update *u, const void *data, size_t len, int compress,
                              qpdf_oh *dict);

/** Gives s, a stream of the file, new data (as pdf_update_add_stream
 *  does) and marks it to be written again. */
void pdf_update_set_stream(struct pdf_update *u, qpdf_oh s, const void *data, size_t len,
                           int compress);

/**
 * Writes the update to job, after the file Cairo wrote (there already:
 * held.c). The trailer's /ID is made from the content: the MD5 of the
 * file Cairo wrote, then the MD5 of that and the update, so the same
 * article gives the same bytes.
 */
int pdf_update_write(struct pdf_update *u, struct cv_job *job, struct cv_error *err);

/** Fills err with qpdf's last error and returns CV_FAIL. */
int pdf_update_qpdf_error(struct pdf_update *u, struct cv_error *err);

#endif
