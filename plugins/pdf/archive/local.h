/*
 * local.h: what the archival pass's files share (archive.h is its face
 * to the driver). archive.c runs them in turn over one update.
 */
#ifndef PDF_ARCHIVE_LOCAL_H
#define PDF_ARCHIVE_LOCAL_H

#include <time.h>

#include <glib.h>
#include <libxml/tree.h>

#include "archive/archive.h"
#include "archive/update.h"

struct pdf_archive {
	const struct pdf_archive_input *in;
	struct pdf_update *u;
	qpdf_data q;
	const struct cv_document *article;
	unsigned standards;
	char pdf_date[24];  /* D:YYYYMMDDHHmmSSZ */
	char xmp_date[24];  /* YYYY-MM-DDTHH:mm:SSZ */
	GHashTable *ids;    /* the article's id -> element, for link texts */
	GHashTable *pages_tabbed; /* page object ids given /Tabs /S */
};

/* held.c */

/** The held file's bytes (*len of them), mapped read-only; NULL with err
 *  set when they cannot be. Borrowed from h. */
const unsigned char *pdf_held_bytes(struct pdf_held *h, size_t *len, struct cv_error *err);

/** The MD5 of the bytes written to h. */
void pdf_held_digest(struct pdf_held *h, unsigned char md5[16]);

/* archive.c */

/** The first child of the article's meta named name, or NULL. */
xmlNode *pdf_archive_meta(const struct pdf_archive *a, const char *name);

/** The text of node with its white space collapsed (new string), or NULL
 *  for no node or no text. */
char *pdf_archive_text(const xmlNode *node);

/* xmp.c */

/** The XMP packet: from the Info dictionary info (so the two agree) and
 *  the article's meta. A new string. */
GString *pdf_archive_xmp(struct pdf_archive *a, qpdf_oh info);

/* structure.c */

/**
 * Walks the structure tree beside the drawing's notes (tagging.h) and
 * adds what they say; gives each link annotation /Contents (and, under
 * PDF/A, its flags) and its page /Tabs /S. CV_FAIL when the tree is not
 * the one the notes describe.
 */
int pdf_archive_structure(struct pdf_archive *a, struct cv_error *err);

/* artifact.c */

/**
 * Marks as artifacts the form XObjects every page paints outside marked
 * content (the drawing puts all it does not tag into such groups), and
 * refuses a page that paints anything else there (ISO 14289-1, 7.1).
 */
int pdf_archive_artifacts(struct pdf_archive *a, struct cv_error *err);

/* source.c */

/** The PDF/A output intent, with Debian's sRGB profile. */
int pdf_archive_output_intent(struct pdf_archive *a, struct cv_error *err);

/** PDF/A fonts: each CIDFontType2 font names its /CIDToGIDMap. */
void pdf_archive_fonts(struct pdf_archive *a);

/** The article and its images as associated files (PDF/A-3). */
int pdf_archive_embed_source(struct pdf_archive *a, struct cv_error *err);

#endif
