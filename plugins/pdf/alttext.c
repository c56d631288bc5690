/*
 * alttext.c: the figures' alternative text, added to the finished PDF's
 * structure tree with qpdf (alttext.h).
 */
#include "alttext.h"

#include <string.h>

#include <glib.h>
#include <qpdf/qpdf-c.h>

/* Gives the Figure elements under node (a structure element or an array
 * of them, found through /K) the texts alts[*next...], in order. */
static void pdf_alttext_walk(qpdf_data q, qpdf_oh node, const char *const *alts, int n,
                             int *next, int depth)
{
	/* Cairo nests as deep as the article does; a bound keeps a damaged
	 * tree from running the stack out. */
	if (depth > 256)
		return;
	if (qpdf_oh_is_array(q, node)) {
		int items = qpdf_oh_get_array_n_items(q, node);
		for (int i = 0; i < items; i++)
			pdf_alttext_walk(q, qpdf_oh_get_array_item(q, node, i), alts, n, next, depth + 1);
		return;
	}
	if (!qpdf_oh_is_dictionary(q, node))
		return;
	if (qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, node, "/S"), "/Figure") && *next < n) {
		const char *alt = alts[(*next)++];
		if (alt != NULL && *alt != '\0')
			qpdf_oh_replace_key(q, node, "/Alt", qpdf_oh_new_unicode_string(q, alt));
	}
	/* /K holds the children: elements, marked-content ids, or object
	 * references (/OBJR) to annotations, which hold no elements. */
	pdf_alttext_walk(q, qpdf_oh_get_key(q, node, "/K"), alts, n, next, depth + 1);
}

/* Fills err from qpdf's error and returns CV_FAIL. */
static int pdf_alttext_error(qpdf_data q, struct cv_error *err)
{
	const char *why = "unknown error";
	if (qpdf_has_error(q))
		why = qpdf_get_error_full_text(q, qpdf_get_error(q));
	return cv_error_set(err, CV_ERROR_LIBRARY, NULL, 0, 0, "pdf: qpdf: %s", why);
}

int pdf_alttext_apply(const unsigned char *pdf, size_t len, const char *const *alts, int n,
                      unsigned char **out, size_t *out_len, struct cv_error *err)
{
	*out = NULL;
	*out_len = 0;
	qpdf_data q = qpdf_init();
	qpdf_silence_errors(q);
	qpdf_set_suppress_warnings(q, QPDF_TRUE);
	int rc = CV_OK;
	if (qpdf_read_memory(q, "convert", (const char *)pdf, (unsigned long long)len, NULL) &
	    QPDF_ERRORS) {
		rc = pdf_alttext_error(q, err);
		goto out;
	}
	qpdf_oh tree = qpdf_oh_get_key(q, qpdf_get_root(q), "/StructTreeRoot");
	int next = 0;
	pdf_alttext_walk(q, qpdf_oh_get_key(q, tree, "/K"), alts, n, &next, 0);
	if (qpdf_has_error(q)) {
		rc = pdf_alttext_error(q, err);
		goto out;
	}
	/* Everything else as Cairo wrote it: streams stay compressed as
	 * they are, no object streams are made. */
	if ((qpdf_init_write_memory(q) & QPDF_ERRORS) != 0) {
		rc = pdf_alttext_error(q, err);
		goto out;
	}
	qpdf_set_deterministic_ID(q, QPDF_TRUE);
	qpdf_set_object_stream_mode(q, qpdf_o_preserve);
	qpdf_set_decode_level(q, qpdf_dl_none);
	if (qpdf_write(q) & QPDF_ERRORS) {
		rc = pdf_alttext_error(q, err);
		goto out;
	}
	*out_len = qpdf_get_buffer_length(q);
	*out = g_memdup2(qpdf_get_buffer(q), *out_len);
out:
	qpdf_cleanup(&q);
	return rc;
}
