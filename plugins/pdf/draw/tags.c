/*
 * tags.c: structure elements (each noted for the archival pass,
 * tagging.h), artifacts, named destinations, links and bookmarks
 * (local.h).
 */
#include "draw/local.h"

/* Appends s to buf with ' and \ escaped, as Cairo's attribute strings
 * want. */
static void pdf_attr_escape(GString *buf, const char *s)
{
	for (; *s; s++) {
		if (*s == '\'' || *s == '\\')
			g_string_append_c(buf, '\\');
		g_string_append_c(buf, *s);
	}
}

static int pdf_draw_note_open(struct pdf_draw *d, const char *tag,
                              const struct pdf_struct_note *note);
static int pdf_draw_note_piece(struct pdf_draw *d, const char *tag,
                               const struct pdf_struct_note *note, int first);

void pdf_draw_dest(struct pdf_draw *d, const char *id, double x, double y)
{
	if (!id || !*id)
		return;
	GString *a = g_string_new("name='");
	pdf_attr_escape(a, id);
	g_string_append_printf(a, "' x=%.2f y=%.2f", x, y > 4 ? y - 4 : 0);
	cairo_tag_begin(d->cr, CAIRO_TAG_DEST, a->str);
	cairo_tag_end(d->cr, CAIRO_TAG_DEST);
	g_string_free(a, TRUE);
}

void pdf_draw_dests(struct pdf_draw *d, const char *id, double y)
{
	pdf_draw_dest(d, id, d->left, y);
	if (d->pending_dest) {
		pdf_draw_dest(d, d->pending_dest, d->left, y);
		d->pending_dest = NULL;
	}
}

void pdf_draw_link_begin(struct pdf_draw *d, const struct pdf_link *l, const void *whole)
{
	GString *a = g_string_new(NULL);
	if (l->dest) {
		g_string_append(a, "dest='");
		pdf_attr_escape(a, l->dest);
	} else {
		g_string_append(a, "uri='");
		pdf_attr_escape(a, l->uri ? l->uri : "");
	}
	g_string_append_c(a, '\'');
	/* A link's later pieces (its runs on other lines) join its first
	 * Link, each annotation an OBJR of it, and the element it went in
	 * its first one's, whose note is the one before. The two are opened
	 * together, so the wrapping element holds no content of its own and
	 * the page's marked content is the same with it or without. */
	int first = whole ? GPOINTER_TO_INT(g_hash_table_lookup(d->slice_first, whole)) - 1 : -1;
	if (l->wrap)
		pdf_draw_tag_piece(d, l->wrap, NULL, first >= 1 ? first - 1 : -1);
	int index = pdf_draw_note_piece(d, CAIRO_TAG_LINK, NULL, first);
	if (whole && first < 0 && index >= 0)
		g_hash_table_insert(d->slice_first, (gpointer)whole, GINT_TO_POINTER(index + 1));
	cairo_tag_begin(d->cr, CAIRO_TAG_LINK, a->str);
	g_string_free(a, TRUE);
}

void pdf_draw_link_end(struct pdf_draw *d, const struct pdf_link *l)
{
	pdf_draw_tag_end(d, CAIRO_TAG_LINK);
	if (l->wrap)
		pdf_draw_tag_end(d, l->wrap);
}

void pdf_draw_outline(struct pdf_draw *d, const struct pdf_block *b)
{
	if (b->outline_level <= 0 || !b->id)
		return;
	int level = b->outline_level;
	GString *a = g_string_new("dest='");
	pdf_attr_escape(a, b->id);
	g_string_append_c(a, '\'');
	const char *title = b->outline_title && *b->outline_title ? b->outline_title
	                                                          : pango_layout_get_text(b->layout);
	int id = cairo_pdf_surface_add_outline(d->surface, d->outline[level - 1], title, a->str,
	                                       level == 1 ? CAIRO_PDF_OUTLINE_FLAG_OPEN : 0);
	g_string_free(a, TRUE);
	for (int l = level; l < 8; l++)
		d->outline[l] = id;
}

/* Notes element tag, about to be opened; returns the note's index, or
 * -1 when nothing is noted. */
static int pdf_draw_note_open(struct pdf_draw *d, const char *tag,
                              const struct pdf_struct_note *note)
{
	struct pdf_tagging *t = d->in->tagging;
	if (t) {
		struct pdf_struct_note n = { tag, 0, NULL, NULL, PDF_SCOPE_NONE, NULL, 0, 0, 0 };
		if (note) {
			n = *note;
			n.tag = tag;
			n.descendants = 0;
			n.lang = g_strdup(note->lang);
		}
		if (!t->notes)
			t->notes = g_array_new(FALSE, FALSE, sizeof(struct pdf_struct_note));
		int index = (int)t->notes->len;
		g_array_append_val(t->notes, n);
		g_array_append_val(d->open_notes, index);
		t->n_marked += pdf_struct_note_marked(&n);
		return index;
	}
	if (note)
		g_free(note->id);
	return -1;
}

int pdf_draw_tag_begin(struct pdf_draw *d, const char *tag, const struct pdf_struct_note *note)
{
	int index = pdf_draw_note_open(d, tag, note);
	cairo_tag_begin(d->cr, tag, "");
	return index;
}

/* Notes element tag, about to be opened, as a piece of the element of
 * note first (none when first is -1); returns the note's index, or -1. */
static int pdf_draw_note_piece(struct pdf_draw *d, const char *tag,
                               const struct pdf_struct_note *note, int first)
{
	struct pdf_tagging *t = d->in->tagging;
	if (t == NULL || t->notes == NULL || first < 0 || first >= (int)t->notes->len)
		return pdf_draw_note_open(d, tag, note);
	struct pdf_struct_note n = { tag, 0, NULL, NULL, PDF_SCOPE_NONE, NULL, 0, 0, 0 };
	if (note)
		n = *note;
	n.continues = first + 1;
	struct pdf_struct_note *head = &g_array_index(t->notes, struct pdf_struct_note, first);
	t->n_marked -= pdf_struct_note_marked(head);
	head->continued = 1;
	t->n_marked += pdf_struct_note_marked(head);
	return pdf_draw_note_open(d, tag, &n);
}

int pdf_draw_tag_piece(struct pdf_draw *d, const char *tag, const struct pdf_struct_note *note,
                       int first)
{
	int index = pdf_draw_note_piece(d, tag, note, first);
	cairo_tag_begin(d->cr, tag, "");
	return index;
}

int pdf_draw_tag_slice(struct pdf_draw *d, const char *tag, const struct pdf_struct_note *note,
                       const void *whole, int later)
{
	int first = GPOINTER_TO_INT(g_hash_table_lookup(d->slice_first, whole)) - 1;
	if (later && first >= 0)
		return pdf_draw_tag_piece(d, tag, note, first);
	int index = pdf_draw_tag_begin(d, tag, note);
	if (index >= 0 && first < 0)
		g_hash_table_insert(d->slice_first, (gpointer)whole, GINT_TO_POINTER(index + 1));
	return index;
}

void pdf_draw_tag_end(struct pdf_draw *d, const char *tag)
{
	struct pdf_tagging *t = d->in->tagging;
	if (t && d->open_notes->len > 0) {
		int index = g_array_index(d->open_notes, int, d->open_notes->len - 1);
		g_array_set_size(d->open_notes, d->open_notes->len - 1);
		g_array_index(t->notes, struct pdf_struct_note, index).descendants =
			(int)t->notes->len - index - 1;
	}
	cairo_tag_end(d->cr, tag);
}

void pdf_draw_artifact_begin(struct pdf_draw *d)
{
	if (d->in->artifacts)
		cairo_push_group(d->cr);
}

void pdf_draw_artifact_end(struct pdf_draw *d)
{
	if (!d->in->artifacts)
		return;
	cairo_pattern_t *group = cairo_pop_group(d->cr);
	cairo_save(d->cr);
	cairo_set_source(d->cr, group);
	/* Clipped to the page, which Cairo then leaves out of the file: an
	 * unclipped paint on a page nothing has been drawn on yet makes
	 * Cairo's recording of the page start again, and the structure tags
	 * opened before it are lost (Cairo 1.16, cairo-recording-surface.c,
	 * its "optimize_clears"). */
	cairo_rectangle(d->cr, 0, 0, d->setup->page_w, d->setup->page_h);
	cairo_clip(d->cr);
	cairo_paint(d->cr);
	cairo_restore(d->cr);
	cairo_pattern_destroy(group);
}

void pdf_tagging_clear(struct pdf_tagging *t)
{
	if (t == NULL)
		return;
	if (t->notes) {
		for (guint i = 0; i < t->notes->len; i++) {
			g_free(g_array_index(t->notes, struct pdf_struct_note, i).id);
			g_free(g_array_index(t->notes, struct pdf_struct_note, i).lang);
		}
		g_array_free(t->notes, TRUE);
	}
	if (t->form_pages)
		g_array_free(t->form_pages, TRUE);
	t->notes = t->form_pages = NULL;
}
