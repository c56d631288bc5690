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
	qpdf_oh *elems;       /* elems[i]: note i's element, where seen[i] */
	qpdf_oh *parents;     /* and the element it is a child of */
	int *parent_notes;    /* and that element's note (-1: the tree's root) */
	unsigned char *seen;
	GHashTable *page_parents; /* a page's /StructParents -> its ParentTree array */
	GHashTable *annot_entries; /* an annotation's /StructParent -> where its
	                          * value is in /Nums (+1, 0 for none); made at
	                          * the first ask, as the keys never move */
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

/* Walks element elem, drawn as note i, a child of parent, and the
 * branches under it that lead to notes with something to add. */
static int pdf_walk(struct pdf_walk *w, qpdf_oh elem, qpdf_oh parent, int parent_note, int i,
                    int depth)
{
	qpdf_data q = w->a->q;
	const struct pdf_struct_note *note = &w->notes[i];
	w->elems[i] = elem;
	w->parents[i] = parent;
	w->parent_notes[i] = parent_note;
	w->seen[i] = 1;
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
			pdf_walk(w, kid, elem, i, j, depth + 1);
		j = next;
	}
	if (!w->failed && j != end)
		return pdf_walk_fail(w, i, "fewer children than drawn");
	return w->failed ? CV_FAIL : CV_OK;
}

/* The ParentTree array of the page whose /StructParents is key: which
 * element each of its marked-content ids is in (ISO 32000-1, 14.7.4.4).
 * Cairo writes the tree as one /Nums array. */
/* The ParentTree's /Nums array: Cairo writes the tree as one. */
static qpdf_oh pdf_walk_nums(struct pdf_walk *w)
{
	qpdf_data q = w->a->q;
	qpdf_oh tree = qpdf_oh_get_key(q, qpdf_get_root(q), "/StructTreeRoot");
	return qpdf_oh_get_key(q, qpdf_oh_get_key(q, tree, "/ParentTree"), "/Nums");
}

static qpdf_oh pdf_walk_page_parents(struct pdf_walk *w, qpdf_oh page)
{
	qpdf_data q = w->a->q;
	if (w->page_parents == NULL) {
		w->page_parents = g_hash_table_new(g_direct_hash, g_direct_equal);
		qpdf_oh nums = pdf_walk_nums(w);
		int n = qpdf_oh_is_array(q, nums) ? qpdf_oh_get_array_n_items(q, nums) : 0;
		for (int i = 0; i + 1 < n; i += 2) {
			qpdf_oh key = qpdf_oh_get_array_item(q, nums, i);
			qpdf_oh value = qpdf_oh_get_array_item(q, nums, i + 1);
			if (qpdf_oh_is_integer(q, key) && qpdf_oh_is_array(q, value) &&
			    qpdf_oh_is_indirect(q, value))
				g_hash_table_insert(w->page_parents,
				                    GINT_TO_POINTER(qpdf_oh_get_int_value_as_int(q, key) + 1),
				                    GUINT_TO_POINTER(value));
		}
	}
	qpdf_oh key = qpdf_oh_get_key(q, page, "/StructParents");
	if (!qpdf_oh_is_integer(q, key))
		return 0;
	return GPOINTER_TO_UINT(g_hash_table_lookup(w->page_parents, GINT_TO_POINTER(
		qpdf_oh_get_int_value_as_int(q, key) + 1)));
}

/* Where in the ParentTree's /Nums the entry of an annotation's
 * /StructParent is (the index of its value), or -1. */
static int pdf_walk_annot_entry(struct pdf_walk *w, qpdf_oh annot)
{
	qpdf_data q = w->a->q;
	qpdf_oh key = qpdf_oh_get_key(q, annot, "/StructParent");
	if (!qpdf_oh_is_integer(q, key))
		return -1;
	int want = qpdf_oh_get_int_value_as_int(q, key);
	/* One pass over /Nums for the whole walk, not one per annotation:
	 * an article of 8,000 notes, each with its link, took 200 s. */
	if (w->annot_entries == NULL) {
		w->annot_entries = g_hash_table_new(g_direct_hash, g_direct_equal);
		qpdf_oh nums = pdf_walk_nums(w);
		int n = qpdf_oh_is_array(q, nums) ? qpdf_oh_get_array_n_items(q, nums) : 0;
		for (int i = 0; i + 1 < n; i += 2) {
			qpdf_oh k = qpdf_oh_get_array_item(q, nums, i);
			if (qpdf_oh_is_integer(q, k) &&
			    !g_hash_table_contains(w->annot_entries,
			                           GINT_TO_POINTER(qpdf_oh_get_int_value_as_int(q, k))))
				g_hash_table_insert(w->annot_entries,
				                    GINT_TO_POINTER(qpdf_oh_get_int_value_as_int(q, k)),
				                    GINT_TO_POINTER(i + 2));
			qpdf_oh_release(q, k);
		}
	}
	return GPOINTER_TO_INT(g_hash_table_lookup(w->annot_entries, GINT_TO_POINTER(want))) - 1;
}

/* Whether the ParentTree can say that marked-content id mcid of page is
 * in elem. */
static int pdf_walk_can_reparent(struct pdf_walk *w, qpdf_oh page, int mcid)
{
	qpdf_oh parents = pdf_walk_page_parents(w, page);
	return parents && mcid >= 0 && mcid < qpdf_oh_get_array_n_items(w->a->q, parents);
}

static void pdf_walk_reparent(struct pdf_walk *w, qpdf_oh page, int mcid, qpdf_oh elem)
{
	qpdf_oh parents = pdf_walk_page_parents(w, page);
	qpdf_oh_set_array_item(w->a->q, parents, mcid, elem);
	pdf_update_touch(w->a->u, parents);
}

/* The ParentTree names elem for the annotation whose entry is at (in
 * /Nums). */
static void pdf_walk_reparent_annot(struct pdf_walk *w, int at, qpdf_oh elem)
{
	qpdf_data q = w->a->q;
	qpdf_oh_set_array_item(q, pdf_walk_nums(w), at, elem);
	qpdf_oh tree = qpdf_oh_get_key(q, qpdf_get_root(q), "/StructTreeRoot");
	qpdf_oh parent_tree = qpdf_oh_get_key(q, tree, "/ParentTree");
	pdf_update_touch(w->a->u, qpdf_oh_is_indirect(q, parent_tree) ? parent_tree : tree);
	qpdf_oh nums = pdf_walk_nums(w);
	if (qpdf_oh_is_indirect(q, nums))
		pdf_update_touch(w->a->u, nums);
}

/* Whether kid is an object reference (an annotation in the tree). */
static int pdf_walk_is_objr(qpdf_data q, qpdf_oh kid)
{
	return qpdf_oh_is_dictionary(q, kid) &&
	       qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, kid, "/Type"), "/OBJR");
}

/* Note piece's child element elem, moved into note first's element: the
 * walk's record of where it is follows it, for a later join or drop. */
static void pdf_walk_moved(struct pdf_walk *w, int first, int piece, qpdf_oh elem)
{
	int id = qpdf_oh_get_object_id(w->a->q, elem);
	int end = piece + 1 + w->notes[piece].descendants;
	for (int j = piece + 1; j < end; j += 1 + w->notes[j].descendants)
		if (w->seen[j] && qpdf_oh_get_object_id(w->a->q, w->elems[j]) == id) {
			w->parents[j] = w->elems[first];
			w->parent_notes[j] = first;
			return;
		}
}

/* An element's /K as a list of kids. */
static qpdf_oh pdf_walk_kids(qpdf_data q, qpdf_oh elem)
{
	qpdf_oh k = qpdf_oh_get_key(q, elem, "/K");
	if (qpdf_oh_is_array(q, k))
		return qpdf_oh_wrap_in_array(q, k);
	qpdf_oh kids = qpdf_oh_new_array(q);
	if (!qpdf_oh_is_null(q, k))
		qpdf_oh_append_item(q, kids, k);
	return kids;
}

/* Takes note i's element out of its parent's /K; a parent left with no
 * kids (a paragraph's slice on a page that held only the piece of an
 * inline tag joined to its first) goes too. */
static void pdf_walk_detach(struct pdf_walk *w, int i)
{
	qpdf_data q = w->a->q;
	qpdf_oh parent = w->parents[i];
	qpdf_oh siblings = pdf_walk_kids(q, parent);
	int n = qpdf_oh_get_array_n_items(q, siblings);
	int id = qpdf_oh_get_object_id(q, w->elems[i]);
	for (int at = 0; at < n; at++) {
		if (qpdf_oh_get_object_id(q, qpdf_oh_get_array_item(q, siblings, at)) != id)
			continue;
		qpdf_oh_erase_item(q, siblings, at);
		qpdf_oh_replace_key(q, parent, "/K", siblings);
		pdf_update_touch(w->a->u, parent);
		if (n == 1 && w->parent_notes[i] > 0)
			pdf_walk_detach(w, w->parent_notes[i]);
		return;
	}
}

/* Joins the element of note piece to that of note first, which it goes
 * on: its kids (marked content, each sequence with its page, the
 * elements inside it, a Link's annotations) become first's, the
 * ParentTree's entries for its marked content and annotations name
 * first, and it leaves its parent. A tree not as Cairo 1.16 writes it is
 * left as it is: two elements. */
static void pdf_walk_join(struct pdf_walk *w, int first, int piece)
{
	qpdf_data q = w->a->q;
	if (!w->seen[first] || !w->seen[piece])
		return;
	qpdf_oh head = w->elems[first], elem = w->elems[piece];
	qpdf_oh head_page = qpdf_oh_get_key(q, head, "/Pg");
	qpdf_oh page = qpdf_oh_get_key(q, elem, "/Pg");
	int same_page = qpdf_oh_get_object_id(q, head_page) == qpdf_oh_get_object_id(q, page);
	qpdf_oh kids = pdf_walk_kids(q, elem);
	int n = qpdf_oh_get_array_n_items(q, kids);
	for (int i = 0; i < n; i++) {
		qpdf_oh kid = qpdf_oh_get_array_item(q, kids, i);
		if (qpdf_oh_is_integer(q, kid)) {
			if (!qpdf_oh_is_dictionary(q, page) ||
			    !pdf_walk_can_reparent(w, page, qpdf_oh_get_int_value_as_int(q, kid)))
				return;
		} else if (qpdf_oh_is_dictionary(q, kid) &&
		           qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, kid, "/Type"), "/MCR")) {
			if (!pdf_walk_can_reparent(w, qpdf_oh_get_key(q, kid, "/Pg"),
			                           qpdf_oh_get_int_value_as_int(
			                                   q, qpdf_oh_get_key(q, kid, "/MCID"))))
				return;
		} else if (pdf_walk_is_objr(q, kid)) {
			if (pdf_walk_annot_entry(w, qpdf_oh_get_key(q, kid, "/Obj")) < 0)
				return;
		} else if (!qpdf_oh_is_indirect(q, kid) || !qpdf_oh_is_dictionary(q, kid)) {
			return;
		}
	}
	qpdf_oh joined = pdf_walk_kids(q, head);
	for (int i = 0; i < n; i++) {
		qpdf_oh kid = qpdf_oh_get_array_item(q, kids, i);
		if (qpdf_oh_is_integer(q, kid)) {
			int mcid = qpdf_oh_get_int_value_as_int(q, kid);
			pdf_walk_reparent(w, page, mcid, head);
			if (!same_page || !qpdf_oh_is_dictionary(q, head_page)) {
				kid = qpdf_oh_new_dictionary(q);
				qpdf_oh_replace_key(q, kid, "/Type", qpdf_oh_new_name(q, "/MCR"));
				qpdf_oh_replace_key(q, kid, "/Pg", page);
				qpdf_oh_replace_key(q, kid, "/MCID", qpdf_oh_new_integer(q, mcid));
			}
		} else if (pdf_walk_is_objr(q, kid)) {
			/* ISO 32000-1 14.7.5.4: a link over two lines, one
			 * Link with an object reference per annotation. */
			qpdf_oh annot = qpdf_oh_get_key(q, kid, "/Obj");
			pdf_walk_reparent_annot(w, pdf_walk_annot_entry(w, annot), head);
			/* Its page, which the element's /Pg no longer says. */
			if (!qpdf_oh_has_key(q, kid, "/Pg") && qpdf_oh_is_dictionary(q, page) &&
			    (!same_page || !qpdf_oh_is_dictionary(q, head_page))) {
				kid = qpdf_oh_new_dictionary(q);
				qpdf_oh_replace_key(q, kid, "/Type", qpdf_oh_new_name(q, "/OBJR"));
				qpdf_oh_replace_key(q, kid, "/Pg", page);
				qpdf_oh_replace_key(q, kid, "/Obj", annot);
			}
		} else if (qpdf_oh_is_indirect(q, kid)) {
			qpdf_oh_replace_key(q, kid, "/P", head);
			pdf_update_touch(w->a->u, kid);
			pdf_walk_moved(w, first, piece, kid);
		} else {
			pdf_walk_reparent(w, qpdf_oh_get_key(q, kid, "/Pg"),
			                  qpdf_oh_get_int_value_as_int(q, qpdf_oh_get_key(q, kid, "/MCID")),
			                  head);
		}
		qpdf_oh_append_item(q, joined, kid);
	}
	qpdf_oh_replace_key(q, head, "/K", joined);
	pdf_update_touch(w->a->u, head);
	pdf_walk_detach(w, piece);
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
	                      (int)tags->notes->len, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, err, 0 };
	w.marked = g_new0(int, w.n + 1);
	for (int i = 0; i < w.n; i++)
		w.marked[i + 1] = w.marked[i] + pdf_struct_note_marked(&w.notes[i]);
	w.ids = g_array_new(FALSE, FALSE, sizeof(struct pdf_walk_id));
	w.elems = g_new0(qpdf_oh, w.n);
	w.parents = g_new0(qpdf_oh, w.n);
	w.seen = g_new0(unsigned char, w.n);
	w.parent_notes = g_new0(int, w.n);
	qpdf_oh tree = qpdf_oh_get_key(q, qpdf_get_root(q), "/StructTreeRoot");
	qpdf_oh k = qpdf_oh_get_key(q, tree, "/K");
	qpdf_oh top = qpdf_oh_is_array(q, k) ? qpdf_oh_get_array_item(q, k, 0) : k;
	/* The drawing opens one element first and closes it last. */
	int rc = pdf_walk(&w, top, tree, -1, 0, 0);
	if (rc == CV_OK && w.notes[0].descendants + 1 != w.n)
		rc = pdf_walk_fail(&w, 0, "elements drawn outside it");
	/* After the walk, which reads the tree as drawn. */
	for (int i = 0; rc == CV_OK && i < w.n; i++) {
		if (w.notes[i].continues)
			pdf_walk_join(&w, w.notes[i].continues - 1, i);
		if (w.notes[i].droppable && w.seen[i] &&
		    qpdf_oh_get_array_n_items(q, pdf_walk_kids(q, w.elems[i])) == 0)
			pdf_walk_detach(&w, i);
	}
	if (rc == CV_OK && w.ids->len > 0)
		pdf_walk_id_tree(&w, tree);
	if (rc == CV_OK && qpdf_has_error(q))
		rc = pdf_update_qpdf_error(a->u, err);
	g_free(w.marked);
	g_free(w.elems);
	g_free(w.parents);
	g_free(w.seen);
	g_free(w.parent_notes);
	if (w.page_parents)
		g_hash_table_destroy(w.page_parents);
	if (w.annot_entries)
		g_hash_table_destroy(w.annot_entries);
	g_array_free(w.ids, TRUE);
	return rc;
}
