/*
 * structure.c: what the structure tree needs beyond what Cairo writes
 * (tagging.h): the drawing's notes, walked beside the tree.
 *
 * Cairo 1.16 writes one structure element per tag opened, each /K listing
 * its children in the order they were opened (elements as indirect
 * references, among marked-content ids and object references), so the
 * notes, in the order the drawing opened the tags, are a depth-first walk
 * of the tree. A note counts the elements under it: the walk reads an
 * element's children only when one of them leads to a note with something
 * to add, so a book whose tree needs nothing costs nothing here, and one
 * with a table reads the path to each header cell.
 */
#include <string.h>

#include "archive/local.h"

/* Indexes the elements under node by their id (the core has checked that ids are unique). */
static void pdf_archive_index_ids(GHashTable *ids, xmlNode *node)
{
	for (xmlNode *n = node; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		xmlChar *id = xmlGetProp(n, BAD_CAST "id");
		if (id) {
			if (!g_hash_table_contains(ids, id))
				g_hash_table_insert(ids, g_strdup((const char *)id), n);
			xmlFree(id);
		}
		pdf_archive_index_ids(ids, n->children);
	}
}

/* What a link says it leads to, for its /Contents (ISO 14289-1, 7.18.5):
 * the address of an external link; for one inside the article, the
 * title of the section, or the text of the note or element, it goes to. */
static char *pdf_archive_link_text(struct pdf_archive *a, qpdf_oh annot)
{
	qpdf_data q = a->q;
	qpdf_oh action = qpdf_oh_get_key(q, annot, "/A");
	qpdf_oh uri = qpdf_oh_get_key(q, action, "/URI");
	if (qpdf_oh_is_string(q, uri))
		return g_strdup(qpdf_oh_get_utf8_value(q, uri));
	qpdf_oh dest = qpdf_oh_get_key(q, annot, "/Dest");
	if (!qpdf_oh_is_string(q, dest))
		dest = qpdf_oh_get_key(q, action, "/D");
	if (!qpdf_oh_is_string(q, dest))
		return NULL;
	char *name = g_strdup(qpdf_oh_get_utf8_value(q, dest));
	if (a->ids == NULL) {
		a->ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
		pdf_archive_index_ids(a->ids, xmlDocGetRootElement(cv_document_tree(a->article)));
	}
	xmlNode *target = g_hash_table_lookup(a->ids, name);
	xmlNode *title = NULL;
	for (xmlNode *c = target ? target->children : NULL; c && !title; c = c->next)
		if (c->type == XML_ELEMENT_NODE && (xmlStrEqual(c->name, BAD_CAST "title") ||
		                                    xmlStrEqual(c->name, BAD_CAST "caption")))
			title = c;
	char *text = pdf_archive_text(title ? title : target);
	if (text == NULL) {
		if (target && xmlHasProp(target, BAD_CAST "alt")) {
			xmlChar *alt = xmlGetProp(target, BAD_CAST "alt");
			text = g_strdup((const char *)alt);
			xmlFree(alt);
		} else {
			return name;
		}
	}
	g_free(name);
	/* A long note reads as its opening words. */
	if (g_utf8_strlen(text, -1) > 160) {
		char *cut = g_utf8_substring(text, 0, 159);
		g_free(text);
		text = g_strconcat(cut, "\xe2\x80\xa6", NULL);
		g_free(cut);
	}
	return text;
}


/* A walk of the tree beside the notes. */
struct pdf_walk {
	struct pdf_archive *a;
	const struct pdf_struct_note *notes;
	int n;
	int *marked;          /* marked[i]: notes before i with something to add */
	GArray *ids;          /* struct pdf_walk_id: the /ID of each Note, for the IDTree */
	struct cv_error *err;
	int failed;
};

struct pdf_walk_id {
	const char *id;
	qpdf_oh elem;
};

/* Whether a note in [from, to) has something to add. */
static int pdf_walk_wanted(const struct pdf_walk *w, int from, int to)
{
	return w->marked[to] - w->marked[from] > 0;
}

static int pdf_walk_fail(struct pdf_walk *w, int note, const char *why)
{
	if (!w->failed)
		cv_error_set(w->err, CV_ERROR_LIBRARY, NULL, 0, 0,
		             "pdf: the structure tree Cairo wrote is not the one drawn "
		             "(element %d, drawn as %s: %s)", note, note < w->n ? w->notes[note].tag : "?",
		             why);
	w->failed = 1;
	return CV_FAIL;
}

/* A link's annotation: its /Contents, its flags under PDF/A, and /Tabs /S
 * on its page. */
static void pdf_walk_link(struct pdf_walk *w, qpdf_oh elem, qpdf_oh objr)
{
	struct pdf_archive *a = w->a;
	qpdf_data q = a->q;
	qpdf_oh annot = qpdf_oh_get_key(q, objr, "/Obj");
	if (!qpdf_oh_is_dictionary(q, annot))
		return;
	if (!qpdf_oh_has_key(q, annot, "/Contents")) {
		char *text = pdf_archive_link_text(a, annot);
		if (text)
			qpdf_oh_replace_key(q, annot, "/Contents", qpdf_oh_new_unicode_string(q, text));
		g_free(text);
	}
	/* Printed, never hidden (ISO 19005-2, 6.3.2). */
	if (a->standards & PDF_STANDARD_PDFA)
		qpdf_oh_replace_key(q, annot, "/F", qpdf_oh_new_integer(q, 4));
	pdf_update_touch(a->u, annot);
	/* A page's annotations are visited in the order of the structure
	 * tree (ISO 14289-1, 7.18.3). */
	qpdf_oh page = qpdf_oh_get_key(q, objr, "/Pg");
	if (!qpdf_oh_is_dictionary(q, page))
		page = qpdf_oh_get_key(q, elem, "/Pg");
	int id = qpdf_oh_get_object_id(q, page);
	if (id > 0 && !g_hash_table_contains(a->pages_tabbed, GINT_TO_POINTER(id))) {
		g_hash_table_add(a->pages_tabbed, GINT_TO_POINTER(id));
		qpdf_oh_replace_key(q, page, "/Tabs", qpdf_oh_new_name(q, "/S"));
		pdf_update_touch(a->u, page);
	}
}

/* Adds to element elem what note i says. */
static void pdf_walk_apply(struct pdf_walk *w, int i, qpdf_oh elem)
{
	const struct pdf_struct_note *note = &w->notes[i];
	qpdf_data q = w->a->q;
	int changed = 0;
	if (note->alt && *note->alt) {
		qpdf_oh_replace_key(q, elem, "/Alt", qpdf_oh_new_unicode_string(q, note->alt));
		changed = 1;
	}
	if (note->lang && *note->lang) {
		qpdf_oh_replace_key(q, elem, "/Lang", qpdf_oh_new_unicode_string(q, note->lang));
		changed = 1;
	}
	if (note->scope != PDF_SCOPE_NONE) {
		qpdf_oh attr = qpdf_oh_new_dictionary(q);
		qpdf_oh_replace_key(q, attr, "/O", qpdf_oh_new_name(q, "/Table"));
		qpdf_oh_replace_key(q, attr, "/Scope", qpdf_oh_new_name(q, note->scope == PDF_SCOPE_ROW
		                                                           ? "/Row" : "/Column"));
		qpdf_oh_replace_key(q, elem, "/A", attr);
		changed = 1;
	}
	if (note->id && *note->id) {
		qpdf_oh_replace_key(q, elem, "/ID",
		                    qpdf_oh_new_binary_string(q, note->id, strlen(note->id)));
		struct pdf_walk_id entry = { note->id, elem };
		g_array_append_val(w->ids, entry);
		changed = 1;
	}
	if (strcmp(note->tag, "Link") == 0) {
		qpdf_oh k = qpdf_oh_get_key(q, elem, "/K");
		int n = qpdf_oh_is_array(q, k) ? qpdf_oh_get_array_n_items(q, k) : 1;
		for (int j = 0; j < n; j++) {
			qpdf_oh kid = qpdf_oh_is_array(q, k) ? qpdf_oh_get_array_item(q, k, j) : k;
			if (qpdf_oh_is_dictionary(q, kid) &&
			    qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, kid, "/Type"), "/OBJR"))
				pdf_walk_link(w, elem, kid);
		}
	}
	if (changed)
		pdf_update_touch(w->a->u, elem);
}

/* Walks element elem, drawn as note i, and the branches under it that
 * lead to notes with something to add. */
static int pdf_walk(struct pdf_walk *w, qpdf_oh elem, int i, int depth)
{
	qpdf_data q = w->a->q;
	const struct pdf_struct_note *note = &w->notes[i];
	/* Cairo nests as deep as the drawing did; a bound keeps a damaged
	 * tree from running the stack out. */
	if (depth > 256)
		return pdf_walk_fail(w, i, "nested too deep");
	const char *s = qpdf_oh_is_dictionary(q, elem) ? qpdf_oh_get_name(q, qpdf_oh_get_key(q, elem, "/S"))
	                                               : NULL;
	if (s == NULL || s[0] != '/' || strcmp(s + 1, note->tag) != 0)
		return pdf_walk_fail(w, i, s ? s : "not an element");
	pdf_walk_apply(w, i, elem);
	int end = i + 1 + note->descendants;
	if (!pdf_walk_wanted(w, i + 1, end))
		return CV_OK;
	qpdf_oh k = qpdf_oh_get_key(q, elem, "/K");
	int n = qpdf_oh_is_array(q, k) ? qpdf_oh_get_array_n_items(q, k) : 1;
	int j = i + 1;
	for (int c = 0; c < n && !w->failed; c++) {
		qpdf_oh kid = qpdf_oh_is_array(q, k) ? qpdf_oh_get_array_item(q, k, c) : k;
		/* Elements are indirect; marked-content ids and object
		 * references are not. */
		if (!qpdf_oh_is_indirect(q, kid))
			continue;
		if (j >= end)
			return pdf_walk_fail(w, i, "more children than drawn");
		int next = j + 1 + w->notes[j].descendants;
		if (pdf_walk_wanted(w, j, next))
			pdf_walk(w, kid, j, depth + 1);
		j = next;
	}
	if (!w->failed && j != end)
		return pdf_walk_fail(w, i, "fewer children than drawn");
	return w->failed ? CV_FAIL : CV_OK;
}

static int pdf_walk_id_cmp(const void *x, const void *y)
{
	return strcmp(((const struct pdf_walk_id *)x)->id, ((const struct pdf_walk_id *)y)->id);
}

/* The structure tree root's IDTree: every element with an /ID, a name
 * tree in the byte order of the ids (ISO 32000-1, 14.7.2). */
static void pdf_walk_id_tree(struct pdf_walk *w, qpdf_oh tree)
{
	qpdf_data q = w->a->q;
	g_array_sort(w->ids, pdf_walk_id_cmp);
	qpdf_oh names = qpdf_oh_new_array(q);
	for (guint i = 0; i < w->ids->len; i++) {
		const struct pdf_walk_id *e = &g_array_index(w->ids, struct pdf_walk_id, i);
		qpdf_oh_append_item(q, names, qpdf_oh_new_binary_string(q, e->id, strlen(e->id)));
		qpdf_oh_append_item(q, names, e->elem);
	}
	qpdf_oh id_tree = qpdf_oh_new_dictionary(q);
	qpdf_oh_replace_key(q, id_tree, "/Names", names);
	qpdf_oh_replace_key(q, tree, "/IDTree", pdf_update_add(w->a->u, id_tree));
	pdf_update_touch(w->a->u, tree);
}

int pdf_archive_structure(struct pdf_archive *a, struct cv_error *err)
{
	const struct pdf_tagging *tags = a->in->tags;
	if (tags == NULL || tags->notes == NULL || tags->notes->len == 0 || tags->n_marked == 0)
		return CV_OK;
	qpdf_data q = a->q;
	struct pdf_walk w = { a, (const struct pdf_struct_note *)(void *)tags->notes->data,
	                      (int)tags->notes->len, NULL, NULL, err, 0 };
	w.marked = g_new0(int, w.n + 1);
	for (int i = 0; i < w.n; i++)
		w.marked[i + 1] = w.marked[i] + pdf_struct_note_marked(&w.notes[i]);
	w.ids = g_array_new(FALSE, FALSE, sizeof(struct pdf_walk_id));
	qpdf_oh tree = qpdf_oh_get_key(q, qpdf_get_root(q), "/StructTreeRoot");
	qpdf_oh k = qpdf_oh_get_key(q, tree, "/K");
	qpdf_oh top = qpdf_oh_is_array(q, k) ? qpdf_oh_get_array_item(q, k, 0) : k;
	/* The drawing opens one element first and closes it last. */
	int rc = pdf_walk(&w, top, 0, 0);
	if (rc == CV_OK && w.notes[0].descendants + 1 != w.n)
		rc = pdf_walk_fail(&w, 0, "elements drawn outside it");
	if (rc == CV_OK && w.ids->len > 0)
		pdf_walk_id_tree(&w, tree);
	if (rc == CV_OK && qpdf_has_error(q))
		rc = pdf_update_qpdf_error(a->u, err);
	g_free(w.marked);
	g_array_free(w.ids, TRUE);
	return rc;
}
