/*
 * paragraph.c: a block of text (blocks.h): read from its element, laid
 * out once with Pango, broken into lines (by lines/ when it is a plain
 * paragraph, else by Pango) and measured. Pagination and drawing reuse
 * the layout, so the expensive shaping is done once per paragraph.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "attr.h"
#include "blocks/blocks.h"
#include "lines/lines.h"

void pdf_paragraph_count_unknown(struct pdf_lane *lane, PangoLayout *layout)
{
	const char *text = pango_layout_get_text(layout);
	for (GSList *l = pango_layout_get_lines_readonly(layout); l; l = l->next) {
		PangoLayoutLine *line = l->data;
		for (GSList *r = line->runs; r; r = r->next) {
			PangoGlyphItem *run = r->data;
			for (int i = 0; i < run->glyphs->num_glyphs; i++) {
				PangoGlyph g = run->glyphs->glyphs[i].glyph;
				if (!(g & PANGO_GLYPH_UNKNOWN_FLAG))
					continue;
				if (lane->unknown_glyphs++ == 0) {
					int off = run->item->offset + run->glyphs->log_clusters[i];
					gunichar ch = g_utf8_get_char(text + off);
					snprintf(lane->unknown_sample, sizeof lane->unknown_sample,
					         "U+%04X", (unsigned)ch);
				}
			}
		}
	}
}

/* Frees b's line geometry. */
static void pdf_paragraph_free_geometry(struct pdf_block *b)
{
	g_free(b->line_top);
	g_free(b->line_bottom);
	g_free(b->line_start);
	g_free(b->line_end);
	g_free(b->line_baseline);
	b->line_top = b->line_bottom = b->line_baseline = NULL;
	b->line_start = b->line_end = NULL;
}

/* Frees the lines lines/ cut for b, if any. */
static void pdf_paragraph_free_cut(struct pdf_block *b)
{
	pdf_lines_free(b->cut, b->n_cut);
	b->cut = NULL;
	b->n_cut = 0;
}

/* Fills b's line geometry from its cut lines or its Pango layout. */
static void pdf_paragraph_measure(struct pdf_block *b)
{
	if (b->cut) {
		int n = b->n_cut;
		b->n_lines = n;
		b->line_top = g_new(double, n);
		b->line_bottom = g_new(double, n);
		b->line_baseline = g_new(double, n);
		b->line_start = g_new(int, n);
		b->line_end = g_new(int, n);
		double y = 0;
		for (int i = 0; i < n; i++) {
			b->line_top[i] = y;
			b->line_baseline[i] = y + b->cut[i].ascent;
			y += b->cut[i].height;
			b->line_bottom[i] = y;
			b->line_start[i] = b->cut[i].start;
			b->line_end[i] = b->cut[i].end;
		}
		return;
	}
	int n = pango_layout_get_line_count(b->layout);
	b->n_lines = n;
	b->line_top = g_new(double, n > 0 ? n : 1);
	b->line_bottom = g_new(double, n > 0 ? n : 1);
	b->line_start = g_new(int, n > 0 ? n : 1);
	b->line_end = g_new(int, n > 0 ? n : 1);
	b->line_baseline = g_new(double, n > 0 ? n : 1);
	PangoLayoutIter *it = pango_layout_get_iter(b->layout);
	int i = 0;
	do {
		int y0, y1;
		pango_layout_iter_get_line_yrange(it, &y0, &y1);
		if (i < n) {
			PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
			b->line_top[i] = pango_units_to_double(y0);
			b->line_bottom[i] = pango_units_to_double(y1);
			b->line_start[i] = line->start_index;
			b->line_baseline[i] = pango_units_to_double(pango_layout_iter_get_baseline(it));
			b->line_end[i] = line->start_index + line->length;
		}
		i++;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
}

/* The width of runs, in points: their glyphs' widths summed in 64 bits
 * (Pango sums them in an int, which passes INT_MAX at 2,097,152 points). */
static double pdf_runs_width(GSList *runs)
{
	int64_t w = 0;
	for (GSList *l = runs; l; l = l->next) {
		const PangoGlyphString *g = ((PangoGlyphItem *)l->data)->glyphs;
		for (int i = 0; i < g->num_glyphs; i++)
			w += g->glyphs[i].geometry.width;
	}
	return (double)w / PANGO_SCALE;
}

int pdf_paragraph_check_width(const struct pdf_block *b, double page_w, struct cv_error *err)
{
	double widest = 0;
	if (b->cut) {
		for (int i = 0; i < b->n_cut; i++)
			widest = fmax(widest, pdf_runs_width(b->cut[i].runs));
	} else if (b->layout) {
		for (GSList *l = pango_layout_get_lines_readonly(b->layout); l; l = l->next)
			widest = fmax(widest, pdf_runs_width(((PangoLayoutLine *)l->data)->runs));
	}
	if (widest <= page_w)
		return CV_OK;
	/* The layout tree's line would point into the stylesheet: the text
	 * says which paragraph. */
	const char *text = b->layout ? pango_layout_get_text(b->layout) : "";
	const char *end = g_utf8_offset_to_pointer(text, g_utf8_strlen(text, 24));
	return cv_error_set(err, CV_ERROR_LIMIT, NULL, 0, 0,
	                    "pdf: a line of the paragraph \"%.*s%s\" is %.0f points wide, wider "
	                    "than the page (%.0f): a word too long to be broken into lines (past "
	                    "2,097,151 points Pango's measures overflow), or a glyph larger than "
	                    "the page", (int)(end - text), text, *end ? "..." : "", widest, page_w);
}

static PangoAlignment pdf_alignment(const char *align, int rtl, gboolean *justify)
{
	*justify = FALSE;
	if (align && strcmp(align, "center") == 0)
		return PANGO_ALIGN_CENTER;
	if (align && strcmp(align, "end") == 0)
		return rtl ? PANGO_ALIGN_LEFT : PANGO_ALIGN_RIGHT;
	if (align && strcmp(align, "justify") == 0)
		*justify = TRUE;
	/* auto_dir is off, so Pango does not mirror: start is chosen here. */
	return rtl ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT;
}

/* The font the element of b sets its text in (size points). */
static PangoFontDescription *pdf_paragraph_font(struct pdf_blocks *bx, xmlNode *node,
                                                double size)
{
	char *family = pdf_attr(node, "font-family");
	PangoFontDescription *fd = pango_font_description_new();
	pango_font_description_set_family(fd, family ? family : bx->setup->font_family);
	pango_font_description_set_size(fd, (gint)(size * PANGO_SCALE));
	if (pdf_attr_is(node, "font-weight", "bold"))
		pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
	if (pdf_attr_is(node, "font-style", "italic"))
		pango_font_description_set_style(fd, PANGO_STYLE_ITALIC);
	xmlFree(family);
	return fd;
}

/* Forgets b's links, note markers and page-ref stand-ins: a re-layout
 * reads them again. */
static void pdf_paragraph_forget_inline(struct pdf_block *b)
{
	for (int i = 0; i < b->n_links; i++) {
		g_free(b->links[i].uri);
		g_free(b->links[i].dest);
	}
	b->n_links = 0;
	for (int i = 0; i < b->n_itags; i++)
		g_free(b->itags[i].lang);
	b->n_itags = 0;
	b->n_noterefs = 0;
	for (int i = 0; i < b->n_pagerefs; i++)
		g_free(b->pagerefs[i].dest);
	b->n_pagerefs = 0;
	b->n_rigid = 0;
	b->n_origins = 0;
}

/* How a paragraph's element says it is set. */
struct pdf_setting {
	double size;             /* font size, points */
	double lh;               /* baselines apart, em */
	double line_height;      /* the same in points */
	PangoAlignment align;    /* start and end resolved by direction */
	gboolean justify;
	int preserve;            /* a listing: white space kept */
	PangoWrapMode wrap;
};

/* Reads how node, a paragraph of direction rtl, is set. */
static int pdf_paragraph_setting(const struct pdf_setup *setup, xmlNode *node, int rtl,
                                 struct pdf_setting *set, struct cv_error *err)
{
	set->size = pdf_attr_num(node, "font-size", setup->font_size);
	if (!isfinite(set->size) || set->size < 2 || set->size > 200)
		return cv_error_set(err, CV_ERROR_FORMAT, NULL, node->line, 0,
		                    "pdf: block font-size must be a number from 2 to 200");
	/* Lines are a fixed distance apart (line-height em), so a word in a
	 * taller font (Amiri in Latin text) does not push its line open. */
	double lh = pdf_attr_num(node, "line-height", setup->line_height);
	if (!isfinite(lh) || lh < 0.8 || lh > 4)
		lh = setup->line_height;
	set->lh = lh;
	set->line_height = lh * set->size;
	char *align = pdf_attr(node, "align");
	set->align = pdf_alignment(align, rtl, &set->justify);
	xmlFree(align);
	set->preserve = pdf_attr_is(node, "preserve", "yes");
	set->wrap = pdf_attr_is(node, "wrap", "char") ? PANGO_WRAP_CHAR : PANGO_WRAP_WORD_CHAR;
	return CV_OK;
}

/* Reads b's inline content into text and attrs, white space trimmed at
 * its end, with the attributes every line takes. */
static int pdf_paragraph_text(struct pdf_blocks *bx, struct pdf_block *b,
                              const struct pdf_setting *set, GString *text, PangoAttrList *attrs,
                              struct cv_error *err)
{
	pdf_paragraph_forget_inline(b);
	if (pdf_inline_read(bx, b, b->node, set->size, set->preserve, text, attrs, err) != CV_OK)
		return CV_FAIL;
	if (!set->preserve)
		while (text->len > 0 && text->str[text->len - 1] == ' ')
			g_string_truncate(text, text->len - 1);
	else
		while (text->len > 0 && text->str[text->len - 1] == '\n')
			g_string_truncate(text, text->len - 1);
	PangoAttribute *a = pango_attr_line_height_new_absolute((int)(set->lh * set->size * PANGO_SCALE));
	a->start_index = 0;
	a->end_index = G_MAXUINT;
	pango_attr_list_insert_before(attrs, a);
	if (set->preserve)
		pdf_listing_attrs(attrs);
	return CV_OK;
}

/* Gives b's layout its text, font and setting; own: lines/ will break it,
 * so Pango shapes it as one unbroken line. */
static void pdf_paragraph_shape(struct pdf_block *b, struct pdf_lane *lane,
                                const struct pdf_setting *set, const PangoFontDescription *fd,
                                const GString *text, PangoAttrList *attrs, int own)
{
	if (!b->layout)
		b->layout = pango_layout_new(b->rtl ? lane->ctx_rtl : lane->ctx_ltr);
	PangoLayout *layout = b->layout;
	pango_layout_set_auto_dir(layout, FALSE);
	pango_layout_set_font_description(layout, fd);
	pango_layout_set_width(layout, own ? -1 : pango_units_from_double(b->width));
	pango_layout_set_wrap(layout, set->wrap);
	pango_layout_set_alignment(layout, set->align);
	pango_layout_set_justify(layout, set->justify);
	pango_layout_set_text(layout, text->str, (int)text->len);
	pango_layout_set_attributes(layout, attrs);
}

/* Breaks b, shaped as one line, into lines with lines/ at its width, as
 * its setting says; when it cannot (the layout is not one line), Pango
 * breaks it. */
static void pdf_paragraph_cut(struct pdf_block *b)
{
	const struct pdf_lines_setting set = {
		b->width, b->pitch, (PangoAlignment)b->align, b->justify, b->kashida && b->justify,
		b->justify ? b->hyphens : NULL, b->rigid, b->n_rigid
	};
	pdf_paragraph_free_cut(b);
	if (pdf_lines_break(b->layout, &set, &b->cut, &b->n_cut) != CV_OK)
		pdf_paragraph_free_cut(b);
	if (!b->cut)
		pango_layout_set_width(b->layout, pango_units_from_double(b->width));
}

/* Builds (or rebuilds, for page references) b's layout from its element:
 * reads its text, shapes it, breaks it into lines and measures them. */
static int pdf_paragraph_build(struct pdf_blocks *bx, struct pdf_lane *lane, struct pdf_block *b,
                               struct cv_error *err)
{
	struct pdf_setting set = { 0 };
	if (pdf_paragraph_setting(bx->setup, b->node, b->rtl, &set, err) != CV_OK)
		return CV_FAIL;
	int first = !b->layout; /* not a re-layout for page references */
	GString *text = g_string_sized_new(256);
	PangoAttrList *attrs = pango_attr_list_new();
	if (pdf_paragraph_text(bx, b, &set, text, attrs, err) != CV_OK) {
		g_string_free(text, TRUE);
		pango_attr_list_unref(attrs);
		return CV_FAIL;
	}
	PangoFontDescription *fd = pdf_paragraph_font(bx, b->node, set.size);
	pdf_paragraph_free_cut(b);
	b->pitch = set.line_height;
	b->align = set.align;
	b->justify = set.justify;
	b->kashida = bx->kashida;
	b->hyphens = bx->hyphens;
	/* Paragraphs are broken into lines by lines/ (shaped once), but for
	 * preserved text and forced breaks; pango_lines keeps Pango's
	 * breaking for all (to compare). */
	int own = !set.preserve && !memchr(text->str, '\n', text->len) && !bx->pango_lines;
	pdf_paragraph_shape(b, lane, &set, fd, text, attrs, own);
	if (own)
		pdf_paragraph_cut(b);
	pango_attr_list_unref(attrs);
	g_string_free(text, TRUE);

	pdf_list_marker_lay_out(b, lane, fd);
	pango_font_description_free(fd);
	if (first)
		pdf_paragraph_count_unknown(lane, b->layout);
	/* The layout's one unbroken line holds a second copy of every glyph
	 * the cut lines hold: drop it (Pango would only rebuild it if asked
	 * for its lines, and nothing asks for a cut paragraph's), keeping the
	 * text and font the renderer reads. */
	if (b->cut)
		pango_layout_context_changed(b->layout);

	pdf_paragraph_free_geometry(b);
	pdf_paragraph_measure(b);
	/* What does not fit on the page would be lost from it. */
	return pdf_paragraph_check_width(b, bx->setup->page_w, err);
}

static int pdf_has_note(xmlNode *n)
{
	for (xmlNode *c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    (strcmp((const char *)c->name, "note") == 0 || pdf_has_note(c)))
			return 1;
	return 0;
}

struct pdf_block *pdf_paragraph_read(struct pdf_blocks *bx, xmlNode *node, double indent_start,
                                     double indent_end, int defer, struct cv_error *err)
{
	const struct pdf_setup *setup = bx->setup;
	struct pdf_block *b = g_new0(struct pdf_block, 1);
	b->node = node;
	b->tag = pdf_struct_tag(node, "P");
	b->id = pdf_strdup_attr(node, "id");
	b->outline_level = (int)pdf_attr_num(node, "outline", 0);
	if (b->outline_level < 0 || b->outline_level > 6)
		b->outline_level = 0;
	b->outline_title = pdf_strdup_attr(node, "outline-title");
	b->space_before = pdf_attr_num(node, "space-before", 0);
	b->space_after = pdf_attr_num(node, "space-after", 0);
	b->indent_start = indent_start + pdf_attr_num(node, "indent-start", 0);
	b->indent_end = indent_end + pdf_attr_num(node, "indent-end", 0);
	b->page_ref_end = pdf_strdup_attr(node, "page-ref-end");
	if (b->page_ref_end)
		b->indent_end += 3 * setup->font_size;
	char *dir = pdf_attr(node, "dir");
	b->rtl = dir ? strcmp(dir, "rtl") == 0 : setup->rtl;
	xmlFree(dir);
	b->keep_with_next = pdf_attr_is(node, "keep-with-next", "yes");
	b->continuation = pdf_attr_is(node, "continuation", "yes");
	b->has_background = pdf_attr_color(node, "background", b->background);
	if (!pdf_attr_color(node, "color", b->color))
		b->color[0] = b->color[1] = b->color[2] = 0;
	if (!isfinite(b->space_before) || !isfinite(b->space_after) ||
	    !isfinite(b->indent_start) || !isfinite(b->indent_end) ||
	    b->space_before < 0 || b->space_after < 0 || b->space_before > 500 ||
	    b->space_after > 500) {
		cv_error_set(err, CV_ERROR_FORMAT, NULL, node->line, 0,
		             "pdf: block spacing or indent is not a sensible number");
		goto fail;
	}
	/* Checked here so that a deferred layout cannot fail. */
	double fs = pdf_attr_num(node, "font-size", setup->font_size);
	if (!isfinite(fs) || fs < 2 || fs > 200) {
		cv_error_set(err, CV_ERROR_FORMAT, NULL, node->line, 0,
		             "pdf: block font-size must be a number from 2 to 200");
		goto fail;
	}
	b->width = setup->text_w - b->indent_start - b->indent_end;
	if (b->continuation)
		b->width -= setup->font_size; /* room for the continuation mark */
	if (b->width < 3 * setup->font_size) {
		cv_error_set(err, CV_ERROR_LIMIT, NULL, node->line, 0,
		             "pdf: indents leave no room for text (%.0f pt)", b->width);
		goto fail;
	}
	/* A paragraph with no footnote (reading a note touches the flow's
	 * note list) can wait for the scheduler. */
	if (defer && !pdf_has_note(node)) {
		b->deferred = 1;
		return b;
	}
	if (pdf_paragraph_build(bx, bx->lane, b, err) != CV_OK)
		goto fail;
	return b;
fail:
	g_free(b->tag);
	g_free(b->id);
	g_free(b->outline_title);
	g_free(b->page_ref_end);
	g_free(b);
	return NULL;
}

int pdf_paragraph_lay_out(struct pdf_blocks *bx, struct pdf_lane *lane, struct pdf_block *b,
                          struct cv_error *err)
{
	int rc = pdf_paragraph_build(bx, lane, b, err);
	b->deferred = 0;
	return rc;
}

int pdf_paragraph_relayout(struct pdf_blocks *bx, struct pdf_block *b)
{
	struct cv_error err;
	int lines = b->n_lines;
	if (pdf_paragraph_build(bx, bx->lane, b, &err) != CV_OK)
		return -1;
	return b->n_lines != lines;
}

void pdf_paragraph_set_width(struct pdf_block *b, double width)
{
	b->width = width;
	if (b->cut) {
		/* The layout is shaped as one line again (it dropped its line
		 * once cut) and cut at the new width. */
		pango_layout_set_width(b->layout, -1);
		pdf_paragraph_cut(b);
		if (b->cut)
			pango_layout_context_changed(b->layout);
	} else {
		pango_layout_set_width(b->layout, pango_units_from_double(width));
	}
	pdf_paragraph_free_geometry(b);
	pdf_paragraph_measure(b);
}

void pdf_paragraph_release(struct pdf_block *b)
{
	pdf_paragraph_free_cut(b);
	if (b->layout)
		g_object_unref(b->layout);
	b->layout = NULL;
	if (b->marker)
		g_object_unref(b->marker);
	b->marker = NULL;
}

void pdf_paragraph_free(struct pdf_block *b)
{
	if (!b)
		return;
	pdf_paragraph_release(b);
	pdf_paragraph_forget_inline(b);
	g_free(b->links);
	g_free(b->itags);
	g_free(b->noterefs);
	g_free(b->pagerefs);
	g_free(b->rigid);
	g_free(b->origins);
	g_free(b->tag);
	g_free(b->id);
	g_free(b->outline_title);
	g_free(b->page_ref_end);
	pdf_paragraph_free_geometry(b);
	g_free(b);
}
