/*
 * layout.c: reads the layout vocabulary (docs/pdf-layout.md) that pdf.xsl
 * produces and turns it into the flow of items, laying every block out
 * once with Pango. Pagination and rendering reuse these layouts, so the
 * expensive shaping work is done exactly once per paragraph.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf.h"

/* Isolates keep a run of the other direction in one piece (UAX #9). */
#define PDF_LRI "\xE2\x81\xA6"
#define PDF_RLI "\xE2\x81\xA7"
#define PDF_PDI "\xE2\x81\xA9"

/* Sub- and superscripts (and note markers): 0.7 of the size, a
 * superscript raised 0.33 em and a subscript lowered 0.18 em of the text
 * around. The raise stays under half the script's own size (0.35 em):
 * poppler and pdf.js take text moved by more than that for another line
 * ("التشكيل<sup>7</sup>" at a line's end came out as a line "7" of its
 * own, "2<sup>16</sup>" as "2" and "16" on two). */
#define PDF_SCRIPT_SCALE 0.7
#define PDF_SUPER_RISE 0.33
#define PDF_SUB_DROP 0.18

/* ------------------------------------------------------------------ */
/* Attribute helpers                                                   */
/* ------------------------------------------------------------------ */

static char *pdf_attr(xmlNode *n, const char *name)
{
	return (char *)xmlGetProp(n, (const xmlChar *)name);
}

static int pdf_attr_is(xmlNode *n, const char *name, const char *value)
{
	char *v = pdf_attr(n, name);
	int r = v && strcmp(v, value) == 0;
	xmlFree(v);
	return r;
}

/* A number attribute; def when absent; NAN when present but not a number. */
static double pdf_attr_num(xmlNode *n, const char *name, double def)
{
	char *v = pdf_attr(n, name);
	if (!v)
		return def;
	char *end;
	double d = strtod(v, &end);
	if (end == v || *end != '\0' || !isfinite(d))
		d = NAN;
	xmlFree(v);
	return d;
}

static char *pdf_strdup_attr(xmlNode *n, const char *name)
{
	char *v = pdf_attr(n, name);
	char *r = v ? g_strdup(v) : NULL;
	xmlFree(v);
	return r;
}

static int pdf_parse_color(const char *s, double rgb[3])
{
	unsigned r, g, b;
	if (!s || sscanf(s, "#%2x%2x%2x", &r, &g, &b) != 3)
		return 0;
	rgb[0] = r / 255.0;
	rgb[1] = g / 255.0;
	rgb[2] = b / 255.0;
	return 1;
}

static int pdf_attr_color(xmlNode *n, const char *name, double rgb[3])
{
	char *v = pdf_attr(n, name);
	int r = pdf_parse_color(v, rgb);
	xmlFree(v);
	return r;
}

/* The structure types Cairo 1.16 accepts (it refuses the rest, and the
 * whole file with them); anything else falls back to fallback. */
static char *pdf_struct_tag(xmlNode *n, const char *fallback)
{
	static const char *const known[] = {
		"Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption",
		"TOC", "TOCI", "Index", "NonStruct", "Private", "P", "H", "H1", "H2",
		"H3", "H4", "H5", "H6", "L", "LI", "Lbl", "LBody", "Table", "TR",
		"TH", "TD", "THead", "TBody", "TFoot", "Span", "Quote", "Note",
		"Reference", "BibEntry", "Code", "Figure", "Formula", "Form", NULL
	};
	char *v = pdf_attr(n, "tag");
	const char *r = fallback;
	for (int i = 0; v && known[i]; i++)
		if (strcmp(v, known[i]) == 0)
			r = known[i];
	xmlFree(v);
	return g_strdup(r);
}

static int pdf_is(xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

void pdf_format_number(const struct pdf_doc *doc, int n, char *buf, size_t len)
{
	char latin[32];
	snprintf(latin, sizeof latin, "%d", n);
	if (!doc->indic_digits) {
		snprintf(buf, len, "%s", latin);
		return;
	}
	size_t o = 0;
	for (const char *p = latin; *p && o + 3 < len; p++) {
		if (*p >= '0' && *p <= '9') {
			/* U+0660 ARABIC-INDIC DIGIT ZERO + d */
			unsigned cp = 0x660 + (unsigned)(*p - '0');
			buf[o++] = (char)(0xC0 | (cp >> 6));
			buf[o++] = (char)(0x80 | (cp & 0x3F));
		} else {
			buf[o++] = *p;
		}
	}
	buf[o] = '\0';
}

int pdf_dest_page(const struct pdf_doc *doc, const char *id)
{
	if (!doc->dests || !id)
		return -1;
	return GPOINTER_TO_INT(g_hash_table_lookup(doc->dests, id)) - 1;
}

/* ------------------------------------------------------------------ */
/* Inline content -> text + Pango attributes                           */
/* ------------------------------------------------------------------ */

struct pdf_inline {
	struct pdf_doc *doc;
	struct pdf_block *block;
	GString *text;
	PangoAttrList *attrs;
	double size;          /* the block's font size */
	int preserve;         /* keep white space */
	int last_space;       /* the last character appended was a space */
	int depth;
	struct cv_error *err;
	int failed;
};

static void pdf_inline_text(struct pdf_inline *in, const char *s)
{
	if (in->preserve) {
		for (const char *p = s; *p; p++) {
			/* Tabs would jump to Pango's tab stops; keep the look of
			 * the source at 4 columns instead. */
			if (*p == '\t')
				g_string_append(in->text, "    ");
			else if (*p != '\r')
				g_string_append_c(in->text, *p);
		}
		in->last_space = 0;
		return;
	}
	for (const char *p = s; *p; p++) {
		if (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r') {
			if (!in->last_space && in->text->len > 0) {
				g_string_append_c(in->text, ' ');
				in->last_space = 1;
			}
		} else {
			g_string_append_c(in->text, *p);
			in->last_space = 0;
		}
	}
}

/* Opens the attributes an inline element sets; they are closed (their
 * end index set) by pdf_inline_close. Opening at the start keeps inner
 * spans after outer ones in the list, so inner ones win. */
static int pdf_inline_open(struct pdf_inline *in, xmlNode *n, PangoAttribute **open, int max)
{
	int k = 0;
	guint start = (guint)in->text->len;
	char *v;
#define PDF_OPEN(a) do { PangoAttribute *a_ = (a); a_->start_index = start; \
	a_->end_index = G_MAXUINT; pango_attr_list_insert(in->attrs, a_); \
	if (k < max) open[k++] = a_; } while (0)
	if ((v = pdf_attr(n, "font-family"))) {
		PDF_OPEN(pango_attr_family_new(v));
		xmlFree(v);
	}
	if ((v = pdf_attr(n, "font-style"))) {
		if (strcmp(v, "italic") == 0)
			PDF_OPEN(pango_attr_style_new(PANGO_STYLE_ITALIC));
		else if (strcmp(v, "normal") == 0)
			PDF_OPEN(pango_attr_style_new(PANGO_STYLE_NORMAL));
		xmlFree(v);
	}
	if ((v = pdf_attr(n, "font-weight"))) {
		if (strcmp(v, "bold") == 0)
			PDF_OPEN(pango_attr_weight_new(PANGO_WEIGHT_BOLD));
		else if (strcmp(v, "normal") == 0)
			PDF_OPEN(pango_attr_weight_new(PANGO_WEIGHT_NORMAL));
		xmlFree(v);
	}
	double scale = pdf_attr_num(n, "font-scale", 1.0);
	if (isfinite(scale) && scale > 0.2 && scale < 5 && scale != 1.0)
		PDF_OPEN(pango_attr_scale_new(scale));
	if ((v = pdf_attr(n, "rise"))) {
		double r = 0;
		if (strcmp(v, "super") == 0)
			r = PDF_SUPER_RISE * in->size;
		else if (strcmp(v, "sub") == 0)
			r = -PDF_SUB_DROP * in->size;
		if (r != 0) {
			PDF_OPEN(pango_attr_rise_new((int)(r * PANGO_SCALE)));
			PDF_OPEN(pango_attr_scale_new(PDF_SCRIPT_SCALE));
		}
		xmlFree(v);
	}
	if ((v = pdf_attr(n, "lang"))) {
		PDF_OPEN(pango_attr_language_new(pango_language_from_string(v)));
		xmlFree(v);
	}
	double rgb[3];
	if (pdf_attr_color(n, "color", rgb))
		PDF_OPEN(pango_attr_foreground_new((guint16)(rgb[0] * 65535),
		                                   (guint16)(rgb[1] * 65535),
		                                   (guint16)(rgb[2] * 65535)));
#undef PDF_OPEN
	return k;
}

static void pdf_inline_close(struct pdf_inline *in, PangoAttribute **open, int k)
{
	for (int i = 0; i < k; i++)
		open[i]->end_index = (guint)in->text->len;
}

static void pdf_inline_children(struct pdf_inline *in, xmlNode *parent);
static struct pdf_block *pdf_block_build(struct pdf_doc *doc, xmlNode *node,
                                         double indent_start, double indent_end,
                                         int defer, struct cv_error *err);

static void pdf_inline_note(struct pdf_inline *in, xmlNode *n)
{
	struct pdf_doc *doc = in->doc;
	struct pdf_block *b = in->block;
	char *label = pdf_attr(n, "label");
	char *id = pdf_attr(n, "id");
	int index = -1;

	/* Notes are built on the first pass only; a re-layout (page
	 * references) finds the same note by its id. */
	for (int i = 0; i < doc->n_notes && id; i++)
		if (doc->notes[i].id && strcmp(doc->notes[i].id, id) == 0)
			index = i;
	if (index < 0) {
		if (doc->n_notes == doc->cap_notes) {
			doc->cap_notes = doc->cap_notes ? doc->cap_notes * 2 : 16;
			doc->notes = g_renew(struct pdf_note, doc->notes, doc->cap_notes);
		}
		index = doc->n_notes++;
		memset(&doc->notes[index], 0, sizeof doc->notes[index]);
		doc->notes[index].id = id ? g_strdup(id) : NULL;
		for (xmlNode *c = n->children; c; c = c->next) {
			if (!pdf_is(c, "block"))
				continue;
			struct pdf_block *nb = pdf_block_build(doc, c, 0, 0, 0, in->err);
			if (!nb) {
				in->failed = 1;
				break;
			}
			/* Building the block may have added notes (a note in a
			 * note) and moved the array: look the note up again. */
			struct pdf_note *note = &doc->notes[index];
			note->blocks = g_renew(struct pdf_block *, note->blocks, note->n_blocks + 1);
			note->blocks[note->n_blocks++] = nb;
			note->height += nb->space_before + pdf_block_height(nb, 0, nb->n_lines) + nb->space_after;
		}
	}

	/* The marker: a superscript label that links to the note. */
	b->noterefs = g_renew(struct pdf_noteref, b->noterefs, b->n_noterefs + 1);
	b->noterefs[b->n_noterefs].offset = (int)in->text->len;
	b->noterefs[b->n_noterefs].note = index;
	b->n_noterefs++;
	int start = (int)in->text->len;
	PangoAttribute *a = pango_attr_rise_new((int)(PDF_SUPER_RISE * in->size * PANGO_SCALE));
	a->start_index = (guint)start;
	g_string_append(in->text, PDF_LRI);
	g_string_append(in->text, label ? label : "*");
	g_string_append(in->text, PDF_PDI);
	a->end_index = (guint)in->text->len;
	pango_attr_list_insert(in->attrs, a);
	a = pango_attr_scale_new(PDF_SCRIPT_SCALE);
	a->start_index = (guint)start;
	a->end_index = (guint)in->text->len;
	pango_attr_list_insert(in->attrs, a);
	if (id) {
		b->links = g_renew(struct pdf_link, b->links, b->n_links + 1);
		b->links[b->n_links].start = start;
		b->links[b->n_links].end = (int)in->text->len;
		b->links[b->n_links].uri = NULL;
		b->links[b->n_links].dest = g_strdup(id);
		b->n_links++;
	}
	in->last_space = 0;
	xmlFree(label);
	xmlFree(id);
}

static void pdf_inline_element(struct pdf_inline *in, xmlNode *n)
{
	PangoAttribute *open[12];
	int k;

	if (pdf_is(n, "br")) {
		/* A new Pango paragraph: the line before it is not stretched
		 * by justification, as a forced break should not be. */
		while (in->text->len > 0 && in->text->str[in->text->len - 1] == ' ')
			g_string_truncate(in->text, in->text->len - 1);
		g_string_append_c(in->text, '\n');
		in->last_space = 1;
		return;
	}
	if (pdf_is(n, "note")) {
		pdf_inline_note(in, n);
		return;
	}
	if (pdf_is(n, "page-ref")) {
		struct pdf_block *b = in->block;
		char *dest = pdf_attr(n, "dest");
		int page = pdf_dest_page(in->doc, dest);
		char num[32];
		/* Before pagination a two-digit stand-in keeps the width. */
		pdf_format_number(in->doc, page >= 0 ? page + 1 : 88, num, sizeof num);
		b->pagerefs = g_renew(struct pdf_pageref, b->pagerefs, b->n_pagerefs + 1);
		b->pagerefs[b->n_pagerefs].offset = (int)in->text->len;
		b->pagerefs[b->n_pagerefs].length = (int)strlen(num);
		b->pagerefs[b->n_pagerefs].dest = g_strdup(dest ? dest : "");
		b->n_pagerefs++;
		g_string_append(in->text, num);
		in->last_space = 0;
		xmlFree(dest);
		return;
	}
	if (++in->depth > 64) {
		in->depth--;
		return;
	}
	int is_link = pdf_is(n, "link");
	int start = (int)in->text->len;
	k = pdf_inline_open(in, n, open, 12);
	char *dir = pdf_attr(n, "dir");
	int isolate = dir && (strcmp(dir, "rtl") == 0 || strcmp(dir, "ltr") == 0);
	if (isolate)
		g_string_append(in->text, strcmp(dir, "rtl") == 0 ? PDF_RLI : PDF_LRI);
	int saved_preserve = in->preserve;
	if (pdf_attr_is(n, "preserve", "yes"))
		in->preserve = 1;
	pdf_inline_children(in, n);
	in->preserve = saved_preserve;
	if (isolate)
		g_string_append(in->text, PDF_PDI);
	pdf_inline_close(in, open, k);
	xmlFree(dir);
	if (is_link) {
		struct pdf_block *b = in->block;
		b->links = g_renew(struct pdf_link, b->links, b->n_links + 1);
		b->links[b->n_links].start = start;
		b->links[b->n_links].end = (int)in->text->len;
		b->links[b->n_links].uri = pdf_strdup_attr(n, "href");
		b->links[b->n_links].dest = pdf_strdup_attr(n, "dest");
		b->n_links++;
	}
	in->depth--;
}

static void pdf_inline_children(struct pdf_inline *in, xmlNode *parent)
{
	for (xmlNode *c = parent->children; c && !in->failed; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
			pdf_inline_text(in, (const char *)c->content);
		else if (c->type == XML_ELEMENT_NODE)
			pdf_inline_element(in, c);
	}
}

/* ------------------------------------------------------------------ */
/* Blocks                                                              */
/* ------------------------------------------------------------------ */

double pdf_block_height(const struct pdf_block *b, int from, int to)
{
	if (to <= from || b->n_lines == 0)
		return 0;
	return b->line_bottom[to - 1] - b->line_top[from];
}

/* Counts glyphs no font could supply, so a missing font is loud. */
static void pdf_count_unknown(struct pdf_lane *lane, PangoLayout *layout)
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

static void pdf_block_measure_lines(struct pdf_block *b)
{
	if (b->fast) {
		int n = b->n_fast;
		b->n_lines = n;
		b->line_top = g_new(double, n);
		b->line_bottom = g_new(double, n);
		b->line_baseline = g_new(double, n);
		b->line_start = g_new(int, n);
		b->line_end = g_new(int, n);
		double y = 0;
		for (int i = 0; i < n; i++) {
			b->line_top[i] = y;
			b->line_baseline[i] = y + b->fast[i].ascent;
			y += b->fast[i].height;
			b->line_bottom[i] = y;
			b->line_start[i] = b->fast[i].start;
			b->line_end[i] = b->fast[i].end;
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

/* Builds (or rebuilds, for page references) the block's layout from its
 * element. */
static int pdf_block_layout(struct pdf_doc *doc, struct pdf_lane *lane, struct pdf_block *b,
                            struct cv_error *err)
{
	xmlNode *node = b->node;
	int first = !b->layout; /* not a re-layout for page references */
	char *family = pdf_attr(node, "font-family");
	double size = pdf_attr_num(node, "font-size", doc->font_size);
	if (!isfinite(size) || size < 2 || size > 200) {
		xmlFree(family);
		return cv_error_set(err, CV_ERROR_FORMAT, NULL, node->line, 0,
		                    "pdf: block font-size must be a number from 2 to 200");
	}

	PangoFontDescription *fd = pango_font_description_new();
	pango_font_description_set_family(fd, family ? family : doc->font_family);
	pango_font_description_set_size(fd, (gint)(size * PANGO_SCALE));
	if (pdf_attr_is(node, "font-weight", "bold"))
		pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
	if (pdf_attr_is(node, "font-style", "italic"))
		pango_font_description_set_style(fd, PANGO_STYLE_ITALIC);
	xmlFree(family);

	struct pdf_inline in = {0};
	in.doc = doc;
	in.block = b;
	in.text = g_string_sized_new(256);
	in.attrs = pango_attr_list_new();
	in.size = size;
	in.preserve = pdf_attr_is(node, "preserve", "yes");
	in.last_space = 1;
	in.err = err;

	/* Start from a clean slate on a re-layout. */
	for (int i = 0; i < b->n_links; i++) {
		g_free(b->links[i].uri);
		g_free(b->links[i].dest);
	}
	b->n_links = 0;
	b->n_noterefs = 0;
	for (int i = 0; i < b->n_pagerefs; i++)
		g_free(b->pagerefs[i].dest);
	b->n_pagerefs = 0;

	pdf_inline_children(&in, node);
	if (in.failed) {
		g_string_free(in.text, TRUE);
		pango_attr_list_unref(in.attrs);
		pango_font_description_free(fd);
		return CV_FAIL;
	}
	if (!in.preserve)
		while (in.text->len > 0 && in.text->str[in.text->len - 1] == ' ')
			g_string_truncate(in.text, in.text->len - 1);
	else
		while (in.text->len > 0 && in.text->str[in.text->len - 1] == '\n')
			g_string_truncate(in.text, in.text->len - 1);

	pdf_block_free_lines(b);
	/* Plain paragraphs are broken into lines by lines.c (shaped once);
	 * CV_PDF_PANGO_LINES=1 keeps Pango's breaking for all (to compare). */
	int fast = b->allow_fast && !in.preserve && !memchr(in.text->str, '\n', in.text->len) &&
	           !doc->opt->pango_lines;
	if (!b->layout)
		b->layout = pango_layout_new(b->rtl ? lane->ctx_rtl : lane->ctx_ltr);
	PangoLayout *layout = b->layout;
	pango_layout_set_auto_dir(layout, FALSE);
	pango_layout_set_font_description(layout, fd);
	pango_layout_set_width(layout, fast ? -1 : pango_units_from_double(b->width));
	pango_layout_set_wrap(layout, pdf_attr_is(node, "wrap", "char") ? PANGO_WRAP_CHAR
	                                                               : PANGO_WRAP_WORD_CHAR);
	char *align = pdf_attr(node, "align");
	gboolean justify;
	pango_layout_set_alignment(layout, pdf_alignment(align, b->rtl, &justify));
	pango_layout_set_justify(layout, justify);
	xmlFree(align);
	/* Lines are a fixed distance apart (line-height em), so a word in
	 * a taller font (Amiri in Latin text) does not push its line open. */
	double lh = pdf_attr_num(node, "line-height", doc->line_height);
	if (!isfinite(lh) || lh < 0.8 || lh > 4)
		lh = doc->line_height;
	PangoAttribute *a = pango_attr_line_height_new_absolute((int)(lh * size * PANGO_SCALE));
	a->start_index = 0;
	a->end_index = G_MAXUINT;
	pango_attr_list_insert_before(in.attrs, a);
	if (in.preserve) {
		/* A listing is wrapped where it must, never hyphenated. */
		a = pango_attr_insert_hyphens_new(FALSE);
		a->start_index = 0;
		a->end_index = G_MAXUINT;
		pango_attr_list_insert_before(in.attrs, a);
	}
	pango_layout_set_text(layout, in.text->str, (int)in.text->len);
	pango_layout_set_attributes(layout, in.attrs);
	if (fast) {
		char *al = pdf_attr(node, "align");
		gboolean just;
		PangoAlignment pa = pdf_alignment(al, b->rtl, &just);
		xmlFree(al);
		if (pdf_block_fast_lines(b, lh * size, pa, just) != CV_OK)
			pdf_block_free_lines(b);
		if (!b->fast) /* Pango breaks it after all */
			pango_layout_set_width(layout, pango_units_from_double(b->width));
	}
	pango_attr_list_unref(in.attrs);
	g_string_free(in.text, TRUE);

	/* The marker of a list item, set in the same font, hung at the end
	 * of the indent on the start side. */
	char *marker = pdf_attr(node, "marker");
	if (marker && !b->marker) {
		b->marker = pango_layout_new(b->rtl ? lane->ctx_rtl : lane->ctx_ltr);
		pango_layout_set_auto_dir(b->marker, FALSE);
		pango_layout_set_font_description(b->marker, fd);
		pango_layout_set_text(b->marker, marker, -1);
		pdf_count_unknown(lane, b->marker);
	}
	xmlFree(marker);
	pango_font_description_free(fd);
	if (first)
		pdf_count_unknown(lane, layout);
	/* The layout's one unbroken line holds a second copy of every glyph
	 * the fast lines hold: drop it (Pango would only rebuild it if asked
	 * for its lines, and nothing asks for a fast block's), keeping the
	 * text and font the renderer reads. */
	if (b->fast)
		pango_layout_context_changed(layout);

	g_free(b->line_top);
	g_free(b->line_bottom);
	g_free(b->line_start);
	g_free(b->line_end);
	g_free(b->line_baseline);
	pdf_block_measure_lines(b);
	return CV_OK;
}

static int pdf_has_note(xmlNode *n)
{
	for (xmlNode *c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    (strcmp((const char *)c->name, "note") == 0 || pdf_has_note(c)))
			return 1;
	return 0;
}

static struct pdf_block *pdf_block_build(struct pdf_doc *doc, xmlNode *node,
                                         double indent_start, double indent_end,
                                         int defer, struct cv_error *err)
{
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
		b->indent_end += 3 * doc->font_size;
	char *dir = pdf_attr(node, "dir");
	b->rtl = dir ? strcmp(dir, "rtl") == 0 : doc->rtl;
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
	double fs = pdf_attr_num(node, "font-size", doc->font_size);
	if (!isfinite(fs) || fs < 2 || fs > 200) {
		cv_error_set(err, CV_ERROR_FORMAT, NULL, node->line, 0,
		             "pdf: block font-size must be a number from 2 to 200");
		goto fail;
	}
	b->width = doc->text_w - b->indent_start - b->indent_end;
	if (b->continuation)
		b->width -= doc->font_size; /* room for the continuation mark */
	if (b->width < 3 * doc->font_size) {
		cv_error_set(err, CV_ERROR_LIMIT, NULL, node->line, 0,
		             "pdf: indents leave no room for text (%.0f pt)", b->width);
		goto fail;
	}
	/* A paragraph with no footnote (building a note touches the shared
	 * note list) can wait for the parallel pass. */
	if (defer && !pdf_has_note(node)) {
		b->deferred = 1;
		b->allow_fast = 1;
		return b;
	}
	if (pdf_block_layout(doc, &doc->lanes[0], b, err) != CV_OK)
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

int pdf_block_relayout_pagerefs(struct pdf_doc *doc, struct pdf_block *b)
{
	struct cv_error err;
	int lines = b->n_lines;
	if (pdf_block_layout(doc, &doc->lanes[0], b, &err) != CV_OK)
		return -1;
	return b->n_lines != lines;
}

void pdf_block_release(struct pdf_block *b)
{
	pdf_block_free_lines(b);
	if (b->layout)
		g_object_unref(b->layout);
	b->layout = NULL;
	if (b->marker)
		g_object_unref(b->marker);
	b->marker = NULL;
}

static void pdf_block_free(struct pdf_block *b)
{
	if (!b)
		return;
	if (b->layout)
		g_object_unref(b->layout);
	if (b->marker)
		g_object_unref(b->marker);
	pdf_block_free_lines(b);
	for (int i = 0; i < b->n_links; i++) {
		g_free(b->links[i].uri);
		g_free(b->links[i].dest);
	}
	for (int i = 0; i < b->n_pagerefs; i++)
		g_free(b->pagerefs[i].dest);
	g_free(b->links);
	g_free(b->noterefs);
	g_free(b->pagerefs);
	g_free(b->tag);
	g_free(b->id);
	g_free(b->outline_title);
	g_free(b->page_ref_end);
	g_free(b->line_top);
	g_free(b->line_bottom);
	g_free(b->line_start);
	g_free(b->line_end);
	g_free(b->line_baseline);
	g_free(b);
}

/* ------------------------------------------------------------------ */
/* The flow                                                            */
/* ------------------------------------------------------------------ */

static struct pdf_item *pdf_item_add(struct pdf_doc *doc, enum pdf_item_kind kind)
{
	if (doc->n_items == doc->cap_items) {
		doc->cap_items = doc->cap_items ? doc->cap_items * 2 : 64;
		doc->items = g_renew(struct pdf_item, doc->items, doc->cap_items);
	}
	struct pdf_item *it = &doc->items[doc->n_items++];
	memset(it, 0, sizeof *it);
	it->kind = kind;
	return it;
}

static int pdf_read_table(struct pdf_doc *doc, xmlNode *node, double indent_start,
                          double indent_end, struct cv_error *err)
{
	struct pdf_table *t = g_new0(struct pdf_table, 1);
	t->id = pdf_strdup_attr(node, "id");
	t->rtl = pdf_attr_is(node, "dir", "rtl");
	t->rule = pdf_attr_num(node, "rule", 0.5);
	if (!isfinite(t->rule) || t->rule < 0 || t->rule > 5)
		t->rule = 0.5;
	if (!pdf_attr_color(node, "header-background", t->header_background))
		t->header_background[0] = t->header_background[1] = t->header_background[2] = 0.9;
	t->space_before = pdf_attr_num(node, "space-before", 0);
	t->space_after = pdf_attr_num(node, "space-after", 0);
	if (!isfinite(t->space_before) || t->space_before < 0)
		t->space_before = 0;
	if (!isfinite(t->space_after) || t->space_after < 0)
		t->space_after = 0;
	t->width = doc->text_w - indent_start - indent_end;
	t->avail_w = t->width;
	t->pad = 0.3 * doc->font_size;
	t->indent_start = indent_start;

	/* First pass: the grid, with rowspans occupying the rows below. */
	int n_rows = 0;
	for (xmlNode *r = node->children; r; r = r->next)
		if (pdf_is(r, "row"))
			n_rows++;
	if (n_rows == 0 || n_rows > 100000) {
		pdf_table_free(t);
		return cv_error_set(err, CV_ERROR_FORMAT, NULL, node->line, 0,
		                    "pdf: a table needs from 1 to 100000 rows");
	}
	t->n_rows = n_rows;
	t->row_header = g_new0(int, n_rows);
	/* occupied[row] counts the columns taken by rowspans from above. */
	GArray *occupied = g_array_new(FALSE, TRUE, sizeof(GArray *));
	for (int i = 0; i < n_rows; i++) {
		GArray *a = g_array_new(FALSE, TRUE, sizeof(char));
		g_array_append_val(occupied, a);
	}
	int row = 0, failed = 0;
	for (xmlNode *r = node->children; r && !failed; r = r->next) {
		if (pdf_is(r, "block")) {
			if (!t->caption) {
				t->caption = pdf_block_build(doc, r, indent_start, indent_end, 0, err);
				if (!t->caption)
					failed = 1;
			}
			continue;
		}
		if (!pdf_is(r, "row"))
			continue;
		t->row_header[row] = pdf_attr_is(r, "header", "yes");
		int col = 0;
		GArray *occ = g_array_index(occupied, GArray *, row);
		for (xmlNode *c = r->children; c && !failed; c = c->next) {
			if (!pdf_is(c, "cell"))
				continue;
			while (col < (int)occ->len && g_array_index(occ, char, col))
				col++;
			int cs = (int)pdf_attr_num(c, "colspan", 1);
			int rs = (int)pdf_attr_num(c, "rowspan", 1);
			if (cs < 1 || cs > 1000)
				cs = 1;
			if (rs < 1)
				rs = 1;
			if (row + rs > n_rows)
				rs = n_rows - row;
			if (col + cs > 1000) {
				failed = 1;
				cv_error_set(err, CV_ERROR_LIMIT, NULL, c->line, 0,
				             "pdf: a table may have at most 1000 columns");
				break;
			}
			for (int rr = row; rr < row + rs; rr++) {
				GArray *o = g_array_index(occupied, GArray *, rr);
				if ((int)o->len < col + cs)
					g_array_set_size(o, (guint)(col + cs));
				for (int cc = col; cc < col + cs; cc++)
					g_array_index(o, char, cc) = 1;
			}
			t->cells = g_renew(struct pdf_cell, t->cells, t->n_cells + 1);
			struct pdf_cell *cell = &t->cells[t->n_cells];
			memset(cell, 0, sizeof *cell);
			cell->row = row;
			cell->col = col;
			cell->colspan = cs;
			cell->rowspan = rs;
			cell->header = t->row_header[row];
			/* Laid out at full width first; table.c re-wraps it once
			 * the column widths are known. */
			cell->block = pdf_block_build(doc, c, 0, 0, 0, err);
			if (!cell->block) {
				failed = 1;
				break;
			}
			t->n_cells++;
			if (col + cs > t->n_cols)
				t->n_cols = col + cs;
			col += cs;
		}
		row++;
	}
	for (int i = 0; i < n_rows; i++)
		g_array_free(g_array_index(occupied, GArray *, i), TRUE);
	g_array_free(occupied, TRUE);
	if (failed) {
		pdf_table_free(t);
		return CV_FAIL;
	}
	for (int i = 0; i < n_rows && t->row_header[i]; i++)
		t->n_header_rows++;
	if (t->n_header_rows == n_rows)
		t->n_header_rows = 0;
	if (pdf_table_measure(doc, t) != CV_OK) {
		pdf_table_free(t);
		return cv_error_set(err, CV_ERROR_LIMIT, NULL, node->line, 0,
		                    "pdf: table has too many columns to fit the page");
	}
	struct pdf_item *it = pdf_item_add(doc, PDF_ITEM_TABLE);
	it->table = t;
	return CV_OK;
}

static int pdf_read_figure(struct pdf_doc *doc, xmlNode *node, double indent_start,
                           double indent_end, struct cv_error *err)
{
	struct pdf_figure *f = g_new0(struct pdf_figure, 1);
	f->id = pdf_strdup_attr(node, "id");
	f->indent_start = indent_start;
	f->avail_w = doc->text_w - indent_start - indent_end;
	f->space_before = pdf_attr_num(node, "space-before", 0);
	f->space_after = pdf_attr_num(node, "space-after", 0);
	if (!isfinite(f->space_before) || f->space_before < 0)
		f->space_before = 0;
	if (!isfinite(f->space_after) || f->space_after < 0)
		f->space_after = 0;
	for (xmlNode *c = node->children; c; c = c->next) {
		if (pdf_is(c, "image") && !f->image && !f->svg) {
			if (pdf_figure_load(doc, f, c, err) != CV_OK) {
				pdf_figure_free(f);
				return CV_FAIL;
			}
		} else if (pdf_is(c, "block") && !f->caption) {
			f->caption = pdf_block_build(doc, c, indent_start, indent_end, 0, err);
			if (!f->caption) {
				pdf_figure_free(f);
				return CV_FAIL;
			}
		}
	}
	/* Never taller than what fits on a page with its caption. */
	double room = doc->body_bottom - doc->body_top;
	double cap = f->caption ? f->caption->space_before +
	             pdf_block_height(f->caption, 0, f->caption->n_lines) : 0;
	if (f->img_h > room - cap && f->img_h > 0) {
		double k = (room - cap) / f->img_h;
		if (k < 0.1)
			k = 0.1;
		f->img_w *= k;
		f->img_h *= k;
	}
	f->height = f->img_h + cap;
	struct pdf_item *it = pdf_item_add(doc, PDF_ITEM_FIGURE);
	it->figure = f;
	return CV_OK;
}

static int pdf_read_flow(struct pdf_doc *doc, xmlNode *parent, double indent_start,
                         double indent_end, double marker_box, int depth,
                         struct cv_error *err)
{
	if (depth > 64)
		return cv_error_set(err, CV_ERROR_LIMIT, NULL, parent->line, 0,
		                    "pdf: layout groups nest deeper than 64");
	for (xmlNode *n = parent->children; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (pdf_is(n, "block")) {
			struct pdf_block *b = pdf_block_build(doc, n, indent_start, indent_end, 1, err);
			if (!b)
				return CV_FAIL;
			struct pdf_item *it = pdf_item_add(doc, PDF_ITEM_BLOCK);
			it->block = b;
		} else if (pdf_is(n, "group")) {
			double indent = pdf_attr_num(n, "indent", 0);
			if (!isfinite(indent) || indent < 0 || indent > 200)
				indent = 0;
			struct pdf_item *it = pdf_item_add(doc, PDF_ITEM_GROUP_BEGIN);
			it->tag = pdf_struct_tag(n, "Div");
			it->id = pdf_strdup_attr(n, "id");
			char *tag = g_strdup(it->tag);
			/* A quotation is indented on both sides, a list on the
			 * start side only. */
			int both = strcmp(tag, "BlockQuote") == 0;
			int rc = pdf_read_flow(doc, n, indent_start + indent,
			                       indent_end + (both ? indent : 0),
			                       indent > 0 ? indent : marker_box, depth + 1, err);
			if (rc != CV_OK) {
				g_free(tag);
				return rc;
			}
			it = pdf_item_add(doc, PDF_ITEM_GROUP_END);
			it->tag = tag;
		} else if (pdf_is(n, "rule")) {
			struct pdf_item *it = pdf_item_add(doc, PDF_ITEM_RULE);
			it->space_before = pdf_attr_num(n, "space-before", 0);
			it->space_after = pdf_attr_num(n, "space-after", 0);
			it->rule_width = pdf_attr_num(n, "width", 0.5);
			char *len = pdf_attr(n, "length");
			double l = len ? strtod(len, NULL) : 100;
			it->rule_length = (len && strchr(len, '%')) ? doc->text_w * l / 100 : l;
			if (!isfinite(it->rule_length) || it->rule_length <= 0 ||
			    it->rule_length > doc->text_w)
				it->rule_length = doc->text_w;
			if (!isfinite(it->space_before) || it->space_before < 0)
				it->space_before = 0;
			if (!isfinite(it->space_after) || it->space_after < 0)
				it->space_after = 0;
			if (!isfinite(it->rule_width) || it->rule_width < 0 || it->rule_width > 10)
				it->rule_width = 0.5;
			xmlFree(len);
		} else if (pdf_is(n, "figure")) {
			if (pdf_read_figure(doc, n, indent_start, indent_end, err) != CV_OK)
				return CV_FAIL;
		} else if (pdf_is(n, "table")) {
			if (pdf_read_table(doc, n, indent_start, indent_end, err) != CV_OK)
				return CV_FAIL;
		}
	}
	return CV_OK;
}

/* ------------------------------------------------------------------ */
/* The document                                                        */
/* ------------------------------------------------------------------ */

static char *pdf_text_of(xmlNode *n)
{
	xmlChar *c = xmlNodeGetContent(n);
	char *r = g_strdup(c ? (const char *)c : "");
	xmlFree(c);
	/* Collapse white space: it is a one-line header. */
	char *o = r;
	int sp = 1;
	for (char *p = r; *p; p++) {
		if (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r') {
			if (!sp)
				*o++ = ' ';
			sp = 1;
		} else {
			*o++ = *p;
			sp = 0;
		}
	}
	while (o > r && o[-1] == ' ')
		o--;
	*o = '\0';
	return r;
}

static PangoContext *pdf_context_new(PangoFontMap *fm, PangoDirection dir)
{
	PangoContext *ctx = pango_font_map_create_context(fm);
	cairo_font_options_t *fo = cairo_font_options_create();
	/* Unhinted outlines and metrics: positions are the font's design,
	 * identical on every machine and at every zoom. */
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	pango_cairo_context_set_font_options(ctx, fo);
	cairo_font_options_destroy(fo);
	pango_context_set_round_glyph_positions(ctx, FALSE);
	pango_context_set_base_dir(ctx, dir);
	return ctx;
}

static void pdf_lane_init(struct pdf_doc *doc, struct pdf_lane *lane)
{
	lane->fontmap = pango_cairo_font_map_new();
	/* 72 dpi: a Pango point is a PDF point. */
	pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(lane->fontmap), 72.0);
	lane->ctx_ltr = pdf_context_new(lane->fontmap, PANGO_DIRECTION_LTR);
	lane->ctx_rtl = pdf_context_new(lane->fontmap, PANGO_DIRECTION_RTL);
	if (doc->lang) {
		pango_context_set_language(lane->ctx_ltr, pango_language_from_string(doc->lang));
		pango_context_set_language(lane->ctx_rtl, pango_language_from_string(doc->lang));
	}
}

static void pdf_lane_free(struct pdf_lane *lane)
{
	if (lane->ctx_ltr)
		g_object_unref(lane->ctx_ltr);
	if (lane->ctx_rtl)
		g_object_unref(lane->ctx_rtl);
	if (lane->fontmap)
		g_object_unref(lane->fontmap);
}

/* ------------------------------------------------------------------ */
/* Laying paragraphs out on two threads                                */
/* ------------------------------------------------------------------ */

/* Shaping (Amiri's especially) is most of the cost of a long article.
 * Paragraphs are independent, so the deferred ones are split in two runs
 * of about equal text, one per thread, each with its own font map. */
struct pdf_job_range {
	struct pdf_doc *doc;
	struct pdf_lane *lane;
	int from, to;            /* item indices */
};

static gpointer pdf_layout_range(gpointer data)
{
	struct pdf_job_range *jr = data;
	struct pdf_doc *doc = jr->doc;
	for (int i = jr->from; i < jr->to && !jr->lane->failed; i++) {
		struct pdf_block *b = doc->items[i].block;
		if (!b || !b->deferred)
			continue;
		if (pdf_block_layout(doc, jr->lane, b, &jr->lane->err) != CV_OK) {
			jr->lane->failed = 1;
			break;
		}
		b->deferred = 0;
	}
	return NULL;
}

/* How far (in flow items) the second thread may lay out ahead of the
 * item pagination last asked for. Pages are drawn and their paragraphs'
 * glyphs freed as pagination goes, so this bounds the glyphs held at once
 * (a page holds some 16 paragraphs); it is ahead enough that pagination
 * seldom waits. */
#define PDF_LAYOUT_AHEAD 64

/* The pipeline's work list: deferred paragraphs in reading order,
 * claimed one at a time by whichever thread is free. */
struct pdf_queue {
	int *items;
	int n;
	gint next;               /* atomic: next index of items to claim */
	gint *ready;             /* per flow item: laid out */
	int horizon;             /* the last item pagination asked for: set by the
	                          * main thread, under lock */
	/* Under lock: a thread is in g_cond_wait. GLib's GCond makes a
	 * system call on every broadcast, waiter or not; the book's 4,800
	 * paragraphs made 16,000 of them. */
	int main_waits, worker_waits;
	GMutex lock;
	GCond cond;              /* an item is ready, or the horizon moved */
	GThread *thread;
};

static void pdf_queue_run_one(struct pdf_doc *doc, struct pdf_lane *lane, int k)
{
	struct pdf_queue *q = doc->queue;
	struct pdf_block *b = doc->items[q->items[k]].block;
	/* Cannot fail: font sizes were checked when the block was read and a
	 * deferred block has no note to build. */
	if (pdf_block_layout(doc, lane, b, &lane->err) != CV_OK)
		lane->failed = 1;
	b->deferred = 0;
	lane->blocks++;
	g_mutex_lock(&q->lock);
	g_atomic_int_set(&q->ready[q->items[k]], 1);
	if (q->main_waits)
		g_cond_broadcast(&q->cond);
	g_mutex_unlock(&q->lock);
}

static gpointer pdf_queue_worker(gpointer data)
{
	struct pdf_doc *doc = data;
	struct pdf_queue *q = doc->queue;
	for (;;) {
		int k = g_atomic_int_add(&q->next, 1);
		if (k >= q->n)
			break;
		int item = q->items[k];
		g_mutex_lock(&q->lock);
		q->worker_waits = 1;
		while (item > q->horizon + PDF_LAYOUT_AHEAD)
			g_cond_wait(&q->cond, &q->lock);
		q->worker_waits = 0;
		g_mutex_unlock(&q->lock);
		pdf_queue_run_one(doc, &doc->lanes[1], k);
	}
	return NULL;
}

void pdf_wait_item(struct pdf_doc *doc, int item)
{
	struct pdf_queue *q = doc->queue;
	if (!q || item >= doc->n_items)
		return;
	/* Only this thread moves the horizon, so it reads it unlocked. */
	if (item > q->horizon) {
		g_mutex_lock(&q->lock);
		q->horizon = item;
		if (q->worker_waits)
			g_cond_broadcast(&q->cond);
		g_mutex_unlock(&q->lock);
	}
	while (!g_atomic_int_get(&q->ready[item])) {
		/* Rather than wait, lay out the next paragraph in line. */
		int k = g_atomic_int_add(&q->next, 1);
		if (k < q->n) {
			pdf_queue_run_one(doc, &doc->lanes[0], k);
			continue;
		}
		g_mutex_lock(&q->lock);
		q->main_waits = 1;
		while (!g_atomic_int_get(&q->ready[item]))
			g_cond_wait(&q->cond, &q->lock);
		q->main_waits = 0;
		g_mutex_unlock(&q->lock);
	}
}

int pdf_pipeline_finish(struct pdf_doc *doc, struct cv_error *err)
{
	struct pdf_queue *q = doc->queue;
	if (!q)
		return CV_OK;
	/* Whatever pagination did not need (after a failure) is still laid
	 * out, so every block is whole when freed. */
	g_mutex_lock(&q->lock);
	q->horizon = doc->n_items;
	g_cond_broadcast(&q->cond);
	g_mutex_unlock(&q->lock);
	for (;;) {
		int k = g_atomic_int_add(&q->next, 1);
		if (k >= q->n)
			break;
		pdf_queue_run_one(doc, &doc->lanes[0], k);
	}
	if (q->thread)
		g_thread_join(q->thread);
	q->thread = NULL;
	g_mutex_clear(&q->lock);
	g_cond_clear(&q->cond);
	g_free(q->items);
	g_free(q->ready);
	g_free(q);
	doc->queue = NULL;
	doc->lanes[0].unknown_glyphs += doc->lanes[1].unknown_glyphs;
	doc->lanes[1].unknown_glyphs = 0;
	if (!doc->lanes[0].unknown_sample[0])
		memcpy(doc->lanes[0].unknown_sample, doc->lanes[1].unknown_sample,
		       sizeof doc->lanes[0].unknown_sample);
	for (int l = 0; l < 2; l++)
		if (doc->lanes[l].failed) {
			*err = doc->lanes[l].err;
			return CV_FAIL;
		}
	return CV_OK;
}

/* Page numbers printed in the text need the whole pagination first. */
static int pdf_has_page_refs(xmlNode *n)
{
	for (xmlNode *c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)c->name, "page-ref") == 0 ||
		    xmlHasProp(c, (const xmlChar *)"page-ref-end") || pdf_has_page_refs(c))
			return 1;
	}
	return 0;
}

static int pdf_pipeline_start(struct pdf_doc *doc)
{
	struct pdf_queue *q = g_new0(struct pdf_queue, 1);
	q->items = g_new(int, doc->n_items);
	q->ready = g_new0(gint, doc->n_items);
	for (int i = 0; i < doc->n_items; i++) {
		struct pdf_block *b = doc->items[i].block;
		if (b && b->deferred)
			q->items[q->n++] = i;
		else
			q->ready[i] = 1;
	}
	g_mutex_init(&q->lock);
	g_cond_init(&q->cond);
	doc->queue = q;
	pdf_lane_init(doc, &doc->lanes[1]);
	doc->threads = 2;
	doc->pipeline = 1;
	q->thread = g_thread_try_new("pdf-layout", pdf_queue_worker, doc, NULL);
	/* Without a thread the main thread lays everything out as it
	 * paginates (pdf_wait_item). */
	return CV_OK;
}

static size_t pdf_text_size(xmlNode *n)
{
	size_t s = 0;
	for (xmlNode *c = n->children; c; c = c->next)
		s += c->type == XML_TEXT_NODE ? (size_t)xmlStrlen(c->content) : pdf_text_size(c);
	return s;
}

static int pdf_layout_deferred(struct pdf_doc *doc, xmlNode *root, struct cv_error *err)
{
	size_t total = 0;
	int n = 0;
	for (int i = 0; i < doc->n_items; i++) {
		struct pdf_block *b = doc->items[i].block;
		if (b && b->deferred) {
			total += pdf_text_size(b->node);
			n++;
		}
	}
	struct pdf_job_range first = { doc, &doc->lanes[0], 0, doc->n_items };
	/* Threads pay off only on long articles. */
	int threads = doc->opt->threads;
	if (threads == 2 && n >= 32 && total >= 40000 && doc->opt->pipeline &&
	    !pdf_has_page_refs(root)) {
		return pdf_pipeline_start(doc);
	}
	if (threads == 2 && n >= 32 && total >= 40000) {
		size_t half = 0;
		int split = doc->n_items;
		for (int i = 0; i < doc->n_items; i++) {
			struct pdf_block *b = doc->items[i].block;
			if (b && b->deferred)
				half += pdf_text_size(b->node);
			if (half >= total / 2) {
				split = i + 1;
				break;
			}
		}
		pdf_lane_init(doc, &doc->lanes[1]);
		doc->threads = 2;
		struct pdf_job_range second = { doc, &doc->lanes[1], split, doc->n_items };
		first.to = split;
		GThread *t = g_thread_try_new("pdf-layout", pdf_layout_range, &second, NULL);
		if (t) {
			pdf_layout_range(&first);
			g_thread_join(t);
		} else {
			second.lane = &doc->lanes[0];
			pdf_layout_range(&first);
			pdf_layout_range(&second);
		}
		doc->lanes[0].unknown_glyphs += doc->lanes[1].unknown_glyphs;
		if (!doc->lanes[0].unknown_sample[0])
			memcpy(doc->lanes[0].unknown_sample, doc->lanes[1].unknown_sample,
			       sizeof doc->lanes[0].unknown_sample);
		if (doc->lanes[1].failed && !doc->lanes[0].failed) {
			*err = doc->lanes[1].err;
			return CV_FAIL;
		}
	} else {
		pdf_layout_range(&first);
	}
	if (doc->lanes[0].failed) {
		*err = doc->lanes[0].err;
		return CV_FAIL;
	}
	return CV_OK;
}

int pdf_doc_load(struct pdf_doc *doc, xmlDocPtr tree, struct cv_error *err)
{
	xmlNode *root = xmlDocGetRootElement(tree);
	if (!root || !pdf_is(root, "layout"))
		return cv_error_set(err, CV_ERROR_LIBRARY, NULL, 0, 0,
		                    "pdf: pdf.xsl did not produce a <layout> element");

	double pw = pdf_attr_num(root, "page-width", 210);
	double ph = pdf_attr_num(root, "page-height", 297);
	if (!isfinite(pw) || !isfinite(ph) || pw < 50 || ph < 50 || pw > 2000 || ph > 2000) {
		char *ps = pdf_attr(root, "page-size");
		cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0,
		             "pdf: page-size '%s' is not A3, A4, A5, letter, legal or WxH "
		             "in millimetres (50 to 2000)", ps ? ps : "");
		xmlFree(ps);
		return CV_FAIL;
	}
	doc->page_w = pw * PDF_MM;
	doc->page_h = ph * PDF_MM;
	doc->margin_top = pdf_attr_num(root, "margin-top", 20) * PDF_MM;
	doc->margin_bottom = pdf_attr_num(root, "margin-bottom", 20) * PDF_MM;
	doc->margin_start = pdf_attr_num(root, "margin-start", 20) * PDF_MM;
	doc->margin_end = pdf_attr_num(root, "margin-end", 20) * PDF_MM;
	if (!isfinite(doc->margin_top + doc->margin_bottom + doc->margin_start + doc->margin_end) ||
	    doc->margin_top < 0 || doc->margin_bottom < 0 || doc->margin_start < 0 ||
	    doc->margin_end < 0 ||
	    doc->margin_start + doc->margin_end > doc->page_w * 0.7 ||
	    doc->margin_top + doc->margin_bottom > doc->page_h * 0.7)
		return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0,
		                    "pdf: margin must be a number of millimetres that leaves "
		                    "at least 30%% of the page for text");
	doc->font_size = pdf_attr_num(root, "font-size", 11);
	if (!isfinite(doc->font_size) || doc->font_size < 4 || doc->font_size > 72)
		return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0,
		                    "pdf: font-size must be a number of points from 4 to 72");
	doc->text_w = doc->page_w - doc->margin_start - doc->margin_end;
	doc->body_top = doc->margin_top;
	doc->body_bottom = doc->page_h - doc->margin_bottom;
	doc->rtl = pdf_attr_is(root, "dir", "rtl");
	doc->indic_digits = pdf_attr_is(root, "digits", "arabic-indic");
	doc->lang = pdf_strdup_attr(root, "lang");
	doc->font_family = pdf_strdup_attr(root, "font-family");
	if (!doc->font_family)
		doc->font_family = g_strdup("Noto Serif");
	doc->line_height = pdf_attr_num(root, "line-height", 1.4);
	if (!isfinite(doc->line_height) || doc->line_height < 0.8 || doc->line_height > 4)
		return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0,
		                    "pdf: line-height must be from 0.8 to 4 (em)");
	doc->header_size = doc->font_size * 0.8;
	doc->footer_size = doc->font_size * 0.85;
	doc->dests = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

	pdf_lane_init(doc, &doc->lanes[0]);
	doc->fontmap = doc->lanes[0].fontmap;
	doc->ctx_ltr = doc->lanes[0].ctx_ltr;
	doc->ctx_rtl = doc->lanes[0].ctx_rtl;

	for (xmlNode *n = root->children; n; n = n->next) {
		if (pdf_is(n, "info")) {
			doc->title = pdf_strdup_attr(n, "title");
			doc->author = pdf_strdup_attr(n, "author");
			doc->subject = pdf_strdup_attr(n, "subject");
			doc->keywords = pdf_strdup_attr(n, "keywords");
			doc->creator = pdf_strdup_attr(n, "creator");
			doc->date = pdf_strdup_attr(n, "date");
		} else if (pdf_is(n, "header")) {
			doc->header_text = pdf_text_of(n);
			double s = pdf_attr_num(n, "font-size", doc->header_size);
			if (isfinite(s) && s > 3 && s < 40)
				doc->header_size = s;
			pdf_attr_color(n, "color", doc->header_color);
			doc->header_rule = pdf_attr_num(n, "rule", 0);
			if (!isfinite(doc->header_rule) || doc->header_rule < 0 || doc->header_rule > 5)
				doc->header_rule = 0;
		} else if (pdf_is(n, "footer")) {
			double s = pdf_attr_num(n, "font-size", doc->footer_size);
			if (isfinite(s) && s > 3 && s < 40)
				doc->footer_size = s;
			pdf_attr_color(n, "color", doc->footer_color);
		}
	}
	if (pdf_read_flow(doc, root, 0, 0, 0, 0, err) != CV_OK)
		return CV_FAIL;
	return pdf_layout_deferred(doc, root, err);
}

void pdf_doc_free(struct pdf_doc *doc)
{
	if (doc->queue) {
		struct cv_error ignored;
		pdf_pipeline_finish(doc, &ignored);
	}
	for (int i = 0; i < doc->n_items; i++) {
		struct pdf_item *it = &doc->items[i];
		pdf_block_free(it->block);
		if (it->figure)
			pdf_figure_free(it->figure);
		if (it->table)
			pdf_table_free(it->table);
		g_free(it->tag);
		g_free(it->id);
	}
	g_free(doc->items);
	for (int i = 0; i < doc->n_notes; i++) {
		for (int j = 0; j < doc->notes[i].n_blocks; j++)
			pdf_block_free(doc->notes[i].blocks[j]);
		g_free(doc->notes[i].blocks);
		g_free(doc->notes[i].id);
	}
	g_free(doc->notes);
	for (int i = 0; i < doc->n_pages; i++) {
		g_free(doc->pages[i].places);
		g_free(doc->pages[i].notes);
	}
	g_free(doc->pages);
	if (doc->dests)
		g_hash_table_destroy(doc->dests);
	if (doc->images)
		g_hash_table_destroy(doc->images);
	pdf_lane_free(&doc->lanes[0]);
	pdf_lane_free(&doc->lanes[1]);
	g_free(doc->lang);
	g_free(doc->font_family);
	g_free(doc->header_text);
	g_free(doc->title);
	g_free(doc->author);
	g_free(doc->subject);
	g_free(doc->keywords);
	g_free(doc->creator);
	g_free(doc->date);
}

void pdf_table_free(struct pdf_table *t)
{
	if (!t)
		return;
	for (int i = 0; i < t->n_cells; i++)
		pdf_block_free(t->cells[i].block);
	g_free(t->cells);
	pdf_block_free(t->caption);
	g_free(t->col_x);
	g_free(t->col_w);
	g_free(t->row_h);
	g_free(t->row_header);
	g_free(t->row_group_end);
	g_free(t->id);
	g_free(t);
}

void pdf_figure_free(struct pdf_figure *f)
{
	if (!f)
		return;
	if (f->image)
		cairo_surface_destroy(f->image);
	if (f->svg)
		g_object_unref(f->svg);
	pdf_block_free(f->caption);
	g_free(f->alt);
	g_free(f->id);
	g_free(f);
}

/* Re-wraps a block at a new width (table cells once columns are known). */
void pdf_block_set_width(struct pdf_block *b, double width)
{
	b->width = width;
	pango_layout_set_width(b->layout, pango_units_from_double(width));
	g_free(b->line_top);
	g_free(b->line_bottom);
	g_free(b->line_start);
	g_free(b->line_end);
	g_free(b->line_baseline);
	pdf_block_measure_lines(b);
}
