/*
 * artifact.h: marks what the structure tree does not hold as artifacts.
 *
 * ISO 14289-1 (7.1) wants every piece of content either in the structure
 * tree or marked as an artifact: running heads, page numbers, rules, cell
 * borders, decorative images. Cairo 1.16 has no way to mark an artifact,
 * and what render.c draws outside any tag is exactly that furniture, so
 * archive.c's pass rewrites the pages' content streams: every painting
 * operation outside marked content is wrapped in /Artifact BMC ... EMC,
 * and the marked content of elements taken out of the tree (a figure
 * whose image is decorative, alt="") becomes an artifact too.
 */
#ifndef PDF_ARTIFACT_H
#define PDF_ARTIFACT_H

#include <convert/plugin.h>
#include <qpdf/qpdf-c.h>

/* The marked content to turn into artifacts, by page. */
struct pdf_artifacts;

/** A new, empty set, for one qpdf file; free with pdf_artifacts_free. */
struct pdf_artifacts *pdf_artifacts_new(void);

/** Frees set; NULL is a no-op. */
void pdf_artifacts_free(struct pdf_artifacts *set);

/**
 * Takes the structure element elem out of q's structure tree (its
 * parent's /K and the parent tree); the content it marked directly is
 * made an artifact by pdf_artifacts_mark. Elements under it stay, under
 * elem turned into a /Div.
 */
void pdf_artifacts_untag(struct pdf_artifacts *set, qpdf_data q, qpdf_oh elem);

/**
 * Rewrites the content of every page of q as said above. Pages with
 * nothing to change keep their streams as they are. Releases every
 * object handle of q as it goes (qpdf_oh_release_all), to bound the
 * memory of a long book: call it after the other changes.
 */
int pdf_artifacts_mark(struct pdf_artifacts *set, qpdf_data q, struct cv_error *err);

#endif
