/*
 * listing.c: preserved text (pre, and code kept as written): white space
 * as in the source, lines wrapped only where they must and never
 * hyphenated (a copied listing keeps its words whole). Its wrapped lines
 * get a drawn continuation mark (draw/), which is not text.
 */
#include "blocks/blocks.h"

void pdf_listing_text(GString *text, const char *s)
{
	for (const char *p = s; *p; p++) {
		/* Tabs would jump to Pango's tab stops; keep the look of the
		 * source at 4 columns instead. */
		if (*p == '\t')
			g_string_append(text, "    ");
		else if (*p != '\r')
			g_string_append_c(text, *p);
	}
}

void pdf_listing_attrs(PangoAttrList *attrs)
{
	/* A listing is wrapped where it must, never hyphenated. */
	PangoAttribute *a = pango_attr_insert_hyphens_new(FALSE);
	a->start_index = 0;
	a->end_index = G_MAXUINT;
	pango_attr_list_insert_before(attrs, a);
}
