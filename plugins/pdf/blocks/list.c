/*
 * list.c: a list item's marker ("1.", "•", "٣."), which pdf.xsl gives its
 * first block as the marker attribute: laid out in the block's font, and
 * hung at the end of the start indent, before the first line (draw/).
 */
#include "attr.h"
#include "blocks/blocks.h"

void pdf_list_marker_lay_out(struct pdf_block *b, struct pdf_lane *lane,
                             const PangoFontDescription *fd)
{
	char *marker = pdf_attr(b->node, "marker");
	if (marker && !b->marker) {
		b->marker = pango_layout_new(b->rtl ? lane->ctx_rtl : lane->ctx_ltr);
		pango_layout_set_auto_dir(b->marker, FALSE);
		pango_layout_set_font_description(b->marker, fd);
		pango_layout_set_text(b->marker, marker, -1);
		pdf_paragraph_count_unknown(lane, b->marker);
	}
	xmlFree(marker);
}
