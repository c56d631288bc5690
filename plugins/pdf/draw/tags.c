/*
 * tags.c: named destinations, links and bookmarks (local.h).
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

void pdf_draw_link_begin(struct pdf_draw *d, const struct pdf_link *l)
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
	cairo_tag_begin(d->cr, CAIRO_TAG_LINK, a->str);
	g_string_free(a, TRUE);
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
