/*
 * inline.c: a paragraph's inline content as Pango wants it: one string
 * and a list of attributes (blocks.h, pdf_inline_read).
 */
#include <math.h>
#include <string.h>

#include "attr.h"
#include "blocks/blocks.h"

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

/* The state of one paragraph's inline content being read. */
struct pdf_inline {
	struct pdf_blocks *bx;
	struct pdf_block *block;
	GString *text;
	PangoAttrList *attrs;
	double size;          /* the block's font size */
	int preserve;         /* keep white space */
	int last_space;       /* the last character appended was a space */
	int depth;
	const char *lang;     /* the language of the text being read */
	struct cv_error *err;
	int failed;
};

static void pdf_inline_text(struct pdf_inline *in, const char *s)
{
	if (in->preserve) {
		pdf_listing_text(in->text, s);
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

/* Records that bytes [start, end) of b's text are set as typed (a span
 * with preserve, inline code): its lines break only at its spaces, which
 * justification leaves alone (lines.h). */
static void pdf_inline_rigid(struct pdf_block *b, int start, int end)
{
	if (end <= start)
		return;
	b->rigid = g_renew(int, b->rigid, 2 * (b->n_rigid + 1));
	b->rigid[2 * b->n_rigid] = start;
	b->rigid[2 * b->n_rigid + 1] = end;
	b->n_rigid++;
}

/* Opens an inline structure element (model.h) at the end of the text
 * read so far; link is the index its link will have, or -1. */
static int pdf_inline_tag_open(struct pdf_inline *in, const char *tag, const char *lang, int link)
{
	struct pdf_block *b = in->block;
	b->itags = g_renew(struct pdf_inline_tag, b->itags, b->n_itags + 1);
	int start = (int)in->text->len;
	b->itags[b->n_itags] = (struct pdf_inline_tag){ start, start, tag, g_strdup(lang), link, 0 };
	return b->n_itags++;
}

/* Closes inline element k at the end of the text read so far; one that
 * holds no text is dropped, and with it the empty ones inside it. */
static void pdf_inline_tag_close(struct pdf_inline *in, int k)
{
	struct pdf_block *b = in->block;
	b->itags[k].end = (int)in->text->len;
	if (b->itags[k].end > b->itags[k].start)
		return;
	for (int i = k; i < b->n_itags; i++)
		g_free(b->itags[i].lang);
	b->n_itags = k;
}

static void pdf_inline_note(struct pdf_inline *in, xmlNode *n)
{
	struct pdf_block *b = in->block;
	int index = pdf_note_read(in->bx, n, in->err);
	if (index < 0) {
		in->failed = 1;
		return;
	}
	char *label = pdf_attr(n, "label");
	char *id = pdf_attr(n, "id");

	/* The marker: a superscript label that links to the note. */
	b->noterefs = g_renew(struct pdf_noteref, b->noterefs, b->n_noterefs + 1);
	b->noterefs[b->n_noterefs].offset = (int)in->text->len;
	b->noterefs[b->n_noterefs].note = index;
	b->n_noterefs++;
	int start = (int)in->text->len;
	int itag = id ? pdf_inline_tag_open(in, NULL, NULL, b->n_links) : -1;
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
		b->links[b->n_links].wrap = "Reference";
		b->n_links++;
		pdf_inline_tag_close(in, itag);
	}
	in->last_space = 0;
	xmlFree(label);
	xmlFree(id);
}

/* A piece of the article's text that says which text node it is (a page
 * map's run): its bytes are recorded as coming from there. */
static void pdf_inline_origin(struct pdf_inline *in, xmlNode *n)
{
	struct pdf_block *b = in->block;
	struct pdf_origin o = { (int)in->text->len, 0, n, in->preserve, in->last_space };
	pdf_inline_children(in, n);
	o.end = (int)in->text->len;
	b->origins = g_renew(struct pdf_origin, b->origins, b->n_origins + 1);
	b->origins[b->n_origins++] = o;
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
	if (in->bx->page_map && pdf_is(n, "t")) {
		pdf_inline_origin(in, n);
		return;
	}
	if (pdf_is(n, "page-ref")) {
		struct pdf_block *b = in->block;
		char *dest = pdf_attr(n, "dest");
		int page = pdf_dest_page(in->bx->dests, dest);
		char num[32];
		/* Before pagination a two-digit stand-in keeps the width. */
		pdf_format_number(in->bx->setup->digit_zero, page >= 0 ? page + 1 : 88, num,
		                  sizeof num);
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
	/* Its structure element: a Link, or Code (tag="Code") or a Span for
	 * text in another language than the text around it, which hold the
	 * text inside its isolates (an isolate alone is a run of its own,
	 * drawn apart from the text: it would make an empty element). */
	char *lang = pdf_attr(n, "lang");
	const char *saved_lang = in->lang;
	const char *tag = NULL;
	int itag = is_link ? pdf_inline_tag_open(in, NULL, NULL, in->block->n_links) : -1;
	if (pdf_attr_is(n, "tag", "Code"))
		tag = "Code";
	if (lang && *lang && (!in->lang || strcmp(lang, in->lang) != 0)) {
		if (!tag)
			tag = "Span";
		in->lang = lang;
	}
	if (is_link)
		tag = NULL;
	k = pdf_inline_open(in, n, open, 12);
	char *dir = pdf_attr(n, "dir");
	int isolate = dir && (strcmp(dir, "rtl") == 0 || strcmp(dir, "ltr") == 0);
	if (isolate)
		g_string_append(in->text, strcmp(dir, "rtl") == 0 ? PDF_RLI : PDF_LRI);
	if (tag)
		itag = pdf_inline_tag_open(in, tag, strcmp(tag, "Span") == 0 ? lang : NULL, -1);
	int saved_preserve = in->preserve;
	int rigid = !in->preserve && pdf_attr_is(n, "preserve", "yes");
	int rigid_start = (int)in->text->len;
	if (rigid)
		in->preserve = 1;
	pdf_inline_children(in, n);
	in->preserve = saved_preserve;
	if (rigid)
		pdf_inline_rigid(in->block, rigid_start, (int)in->text->len);
	if (tag)
		pdf_inline_tag_close(in, itag);
	if (isolate)
		g_string_append(in->text, PDF_PDI);
	pdf_inline_close(in, open, k);
	xmlFree(dir);
	in->lang = saved_lang;
	if (is_link) {
		struct pdf_block *b = in->block;
		b->links = g_renew(struct pdf_link, b->links, b->n_links + 1);
		b->links[b->n_links].start = start;
		b->links[b->n_links].end = (int)in->text->len;
		b->links[b->n_links].uri = pdf_strdup_attr(n, "href");
		b->links[b->n_links].dest = pdf_strdup_attr(n, "dest");
		b->links[b->n_links].wrap = pdf_attr_is(n, "tag", "Reference") ? "Reference" : NULL;
		b->n_links++;
		pdf_inline_tag_close(in, itag);
	}
	xmlFree(lang);
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

int pdf_inline_read(struct pdf_blocks *bx, struct pdf_block *b, xmlNode *node, double size,
                    int preserve, GString *text, PangoAttrList *attrs, struct cv_error *err)
{
	struct pdf_inline in = {0};
	in.bx = bx;
	in.block = b;
	in.text = text;
	in.attrs = attrs;
	in.size = size;
	in.preserve = preserve;
	in.last_space = 1;
	in.err = err;
	/* The block's language, or the nearest its element is in. */
	xmlNode *lang_node = node;
	while (lang_node && lang_node->type == XML_ELEMENT_NODE && !xmlHasProp(lang_node, BAD_CAST "lang"))
		lang_node = lang_node->parent;
	char *lang = lang_node && lang_node->type == XML_ELEMENT_NODE ? pdf_attr(lang_node, "lang") : NULL;
	in.lang = lang;
	int first = b->n_itags;
	pdf_inline_children(&in, node);
	xmlFree(lang);
	/* In document order, an element's first inner one comes next. */
	for (int i = first; i + 1 < b->n_itags; i++)
		b->itags[i].inner = b->itags[i + 1].start < b->itags[i].end;
	return in.failed ? CV_FAIL : CV_OK;
}
