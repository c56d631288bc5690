/*
 * alttext.c: the figures' alternative text, added to the finished PDF's
 * structure tree with qpdf (alttext.h).
 */
#include "alttext.h"

/* Gives the Figure elements under node (a structure element or an array
 * of them, found through /K) the texts alts[*next...], in order, and
 * counts in *count (and appends to bare) those left without /Alt. Takes
 * node's handle and releases it (unless kept in bare): a book's tree has
 * tens of thousands of elements, and qpdf keeps every handle until then. */
static void pdf_alttext_walk(qpdf_data q, qpdf_oh node, const char *const *alts, int n,
                             int *next, int *count, GArray *bare, int depth)
{
	int keep = 0;
	/* Cairo nests as deep as the article does; a bound keeps a damaged
	 * tree from running the stack out. */
	if (depth > 256) {
		qpdf_oh_release(q, node);
		return;
	}
	if (qpdf_oh_is_array(q, node)) {
		int items = qpdf_oh_get_array_n_items(q, node);
		for (int i = 0; i < items; i++)
			pdf_alttext_walk(q, qpdf_oh_get_array_item(q, node, i), alts, n, next, count,
			                 bare, depth + 1);
	} else if (qpdf_oh_is_dictionary(q, node)) {
		qpdf_oh s = qpdf_oh_get_key(q, node, "/S");
		if (qpdf_oh_is_name_and_equals(q, s, "/Figure")) {
			const char *alt = *next < n ? alts[(*next)++] : NULL;
			if (alt != NULL && *alt != '\0') {
				qpdf_oh text = qpdf_oh_new_unicode_string(q, alt);
				qpdf_oh_replace_key(q, node, "/Alt", text);
				qpdf_oh_release(q, text);
			}
			if (!qpdf_oh_has_key(q, node, "/Alt")) {
				(*count)++;
				keep = bare != NULL;
				if (keep)
					g_array_append_val(bare, node);
			}
		}
		qpdf_oh_release(q, s);
		/* /K holds the children: elements, marked-content ids, or
		 * object references (/OBJR) to annotations, which hold no
		 * elements. */
		pdf_alttext_walk(q, qpdf_oh_get_key(q, node, "/K"), alts, n, next, count, bare,
		                 depth + 1);
	}
	if (!keep)
		qpdf_oh_release(q, node);
}

int pdf_alttext_set(qpdf_data q, const char *const *alts, int n, GArray *bare)
{
	qpdf_oh tree = qpdf_oh_get_key(q, qpdf_get_root(q), "/StructTreeRoot");
	int next = 0, count = 0;
	pdf_alttext_walk(q, qpdf_oh_get_key(q, tree, "/K"), alts, n, &next, &count, bare, 0);
	return count;
}
