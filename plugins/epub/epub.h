/*
 * epub.h: what the EPUB plugin's files share. Nothing here is public.
 */
#ifndef EPUB_H
#define EPUB_H

#include <stddef.h>
#include <time.h>

#include <convert/plugin.h>

/* ------------------------------------------------------------------ */
/* zip.c: an OCF container built in memory                             */

/** A zip archive being built in memory. */
struct epub_zip;

/**
 * Starts an empty archive whose entries are all stamped with mtime.
 * Returns NULL with err filled on failure; free with epub_zip_free.
 */
struct epub_zip *epub_zip_new(time_t mtime, struct cv_error *err);

/** Abandons or releases the archive; NULL is a no-op. */
void epub_zip_free(struct epub_zip *zip);

/**
 * Adds an entry named name (a relative path inside the archive). The
 * archive takes data, which must come from malloc, and frees it (also on
 * failure). store: 1 keeps it uncompressed (the mimetype), 0 deflates.
 * A name already present is an error.
 */
int epub_zip_add(struct epub_zip *zip, const char *name, void *data, size_t len,
                 int store, struct cv_error *err);

/**
 * Finishes the archive. On success *out is a malloc'd buffer of *len bytes
 * that the caller frees; the archive can then only be freed.
 */
int epub_zip_finish(struct epub_zip *zip, unsigned char **out, size_t *len,
                    struct cv_error *err);

/* ------------------------------------------------------------------ */
/* uuid.c: name-based identifiers                                      */

/**
 * Writes into out (at least 37 bytes) the version 5 UUID, in lower-case
 * text form, of the len bytes at data, in convert's own namespace. The
 * same bytes always give the same UUID.
 */
void epub_uuid_from_bytes(const void *data, size_t len, char out[37]);

/* ------------------------------------------------------------------ */
/* package.c: the stylesheet's <files> tree into the archive           */

/**
 * Writes every <file> of the wrapper tree made by epub.xsl into zip, in
 * its order: serialised XML documents, the named stylesheet-folder file
 * (CSS) and the article's images.
 */
int epub_package_write(struct cv_job *job, xmlDocPtr files, struct epub_zip *zip,
                       struct cv_error *err);

/* ------------------------------------------------------------------ */
/* pagelist.c: the PDF edition's page breaks (page-list=yes)           */

/**
 * A copy of the article with a <pl:pagebreak n="N" label="L"> element
 * (namespace urn:x-convert:page-list) before the first word of each page
 * of the PDF edition, as the PDF plugin cuts them with this run's
 * parameters (cv_job_page_map). On success *out is a new tree for
 * xmlFreeDoc and *edition a new string for free() naming the edition.
 */
int epub_page_list_tree(struct cv_job *job, xmlDocPtr *out, char **edition, struct cv_error *err);

#endif /* EPUB_H */
