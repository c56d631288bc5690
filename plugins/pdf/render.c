/*
 * render.c: draws the paginated flow on a Cairo PDF surface.
 *
 * Every glyph run goes through pdf_glyphrun_show (glyphrun.c), which
 * decides the order and clusters Cairo is given, so text copies out in
 * logical order. Structure (tagged PDF), named destinations, links, the
 * outline, page labels and the Info dictionary are written here too.
 *
 * Cairo 1.16 notes, learnt the hard way:
 *  - only a structure tag with no child tags gets marked content, so a
 *    paragraph with links wraps its other runs in Span tags, and leaf
 *    tags never stay open across a page break;
 *  - a Link tag needs an enclosing structure tag (Document is opened
 *    first, closed last);
 *  - links to pages not drawn yet are dead: every target is a named
 *    destination;
 *  - tag attributes are parsed with strtod in the current locale: the
 *    whole rendering runs under a thread-local "C" numeric locale.
 */
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <pango/pangofc-font.h>

#include "fontslots.h"
#include "glyphrun.h"
#include "pdf.h"
#include "runorder.h"
#include "stamps.h"

struct pdf_writer {
	struct cv_job *job;
	struct cv_error *err;
	int failed;
	GByteArray *held; /* the whole file, for archive.c's pass */
};

static cairo_status_t pdf_write(void *closure, const unsigned char *data, unsigned int len)
{
	struct pdf_writer *w = closure;
	if (w->failed)
		return CAIRO_STATUS_WRITE_ERROR;
	if (w->held) {
		g_byte_array_append(w->held, data, len);
		return CAIRO_STATUS_SUCCESS;
	}
	if (cv_job_write(w->job, data, len, w->err) != CV_OK) {
		w->failed = 1;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	return CAIRO_STATUS_SUCCESS;
}

struct pdf_render {
	struct pdf_doc *doc;
	cairo_t *cr;
	cairo_surface_t *surface;
	double left, right;      /* the text block's edges on the page */
	int outline[8];          /* the last bookmark at each level */
	const char *pending_dest; /* a group's id, set with its first content */
	GHashTable *fonts;       /* second-thread font -> same font in lane 0 */
	GHashTable *page_images; /* image surfaces painted on this page */
	struct pdf_fontslots *slots; /* Cairo's WinAnsi slots claimed so far */
	struct pdf_stamps *stamps;   /* glyph outlines drawn so far */
	PangoLayout *header;     /* the running header, once laid out */
	int page_dir;            /* how poppler reads this page (pdf_page_dir) */
	int logical;             /* drawing a line item by item in logical
	                          * order (pdf_draw_runs_logical) */
	const PangoGlyphItem **primed; /* ...whose runs drawn with primers */
	int n_primed;                  /* throughout are these (pdf_line_primes) */
	int swapping;            /* drawing two runs the other way round */
	int led;                 /* the line's first run is drawn (pdf_show_run) */
	int item_lead;           /* the next run drawn starts a pdf.js item */
	int in_cell;             /* drawing a table cell (pdf_show_run) */
	const PangoGlyphItem *drawn_last; /* the line's run drawn last (pdf_show_run) */
	int split_wide;          /* wide gaps end items (pdf_same_item) */
	PangoFont *line_spare;   /* the line's first font whose face has glyphs to
	                          * spare, for carriers (pdf_draw_runs) */
	int cell_space;          /* a space before the cell's text... */
	int cell_space_after;    /* ...or after it (pdf_show_run) */
	int cell_lines;          /* lines of the cell still to draw */
	/* The line being drawn has links: each link's runs are a Link, the
	 * runs between links a Span (one per height: a sub- or superscript
	 * has its own, as pdf.js reads "H₂O" whole across items but puts a
	 * space in it within one). pdf.js starts a new text item at each. */
	int tagged_runs;
	const struct pdf_block *block; /* whose line it is */
	int span_open;           /* a Span is open... */
	int span_rise;           /* ...for runs raised this much (Pango units) */
	GPtrArray *alts;         /* the figures' alt texts as tagged, or NULL */
};

/* A run shaped on the second thread's font map is drawn with the same
 * font from the main font map, so each font is embedded once. The glyph
 * ids are the same because it is the same file: checked, and the run's
 * own font is kept when it is not. */
static PangoFont *pdf_main_font(struct pdf_render *r, PangoFont *f)
{
	struct pdf_doc *doc = r->doc;
	if (!f || doc->threads < 2 || pango_font_get_font_map(f) == doc->fontmap)
		return f;
	if (!r->fonts)
		r->fonts = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_object_unref);
	PangoFont *m = g_hash_table_lookup(r->fonts, f);
	if (m)
		return m;
	PangoFontDescription *d = pango_font_describe_with_absolute_size(f);
	m = pango_font_map_load_font(doc->fontmap, doc->ctx_ltr, d);
	pango_font_description_free(d);
	int same = 0;
	if (m && PANGO_IS_FC_FONT(m) && PANGO_IS_FC_FONT(f)) {
		FcPattern *a = pango_fc_font_get_pattern(PANGO_FC_FONT(f));
		FcPattern *b = pango_fc_font_get_pattern(PANGO_FC_FONT(m));
		FcChar8 *fa = NULL, *fb = NULL;
		int ia = -1, ib = -2;
		double sa = -1, sb = -2;
		if (FcPatternGetString(a, FC_FILE, 0, &fa) == FcResultMatch &&
		    FcPatternGetString(b, FC_FILE, 0, &fb) == FcResultMatch &&
		    FcPatternGetInteger(a, FC_INDEX, 0, &ia) == FcResultMatch &&
		    FcPatternGetInteger(b, FC_INDEX, 0, &ib) == FcResultMatch &&
		    FcPatternGetDouble(a, FC_PIXEL_SIZE, 0, &sa) == FcResultMatch &&
		    FcPatternGetDouble(b, FC_PIXEL_SIZE, 0, &sb) == FcResultMatch)
			same = strcmp((const char *)fa, (const char *)fb) == 0 && ia == ib &&
			       fabs(sa - sb) < 1e-6;
	}
	if (!same) {
		if (m)
			g_object_unref(m);
		m = g_object_ref(f);
	}
	g_hash_table_insert(r->fonts, f, m);
	return m;
}

/* The width of run l of a line, in points. */
static double pdf_run_width(GSList *l)
{
	return pango_units_to_double(pango_glyph_string_get_width(((PangoGlyphItem *)l->data)->glyphs));
}

/* The link run item is part of in b, or NULL. */
static const struct pdf_link *pdf_run_link(const struct pdf_block *b, PangoItem *item)
{
	for (int i = 0; i < b->n_links; i++)
		if (item->offset < b->links[i].end && item->offset + item->length > b->links[i].start)
			return &b->links[i];
	return NULL;
}

/* The size of run's font, in points. */
static double pdf_run_em(struct pdf_render *r, const PangoGlyphItem *run)
{
	PangoFont *font = pdf_main_font(r, run->item->analysis.font);
	PangoFontDescription *d = pango_font_describe(font);
	double em = pango_units_to_double(pango_font_description_get_size(d));
	pango_font_description_free(d);
	return em;
}

/* The gap (in em) at which pdf.js ends its text item: its 0.6, with room
 * for rounding. */
#define PDF_ITEM_GAP_EM 0.57

/* Whether run is left to right and has a letter or digit of a script
 * written that way (a Latin word, "1551"; not "١"). */
static int pdf_run_latin(const PangoGlyphItem *run, const char *text)
{
	if (run->item->analysis.level & 1)
		return 0;
	int lr = 0, rl = 0;
	pdf_runorder_count_letters(text, run->item->offset, run->item->offset + run->item->length, &lr, &rl);
	if (lr > 0)
		return 1;
	const char *end = text + run->item->offset + run->item->length;
	for (const char *p = text + run->item->offset; p < end; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (c >= '0' && c <= '9')
			return 1;
	}
	return 0;
}

/* Whether pdf.js reads runs a and b, neighbours on a line being drawn, as
 * one text item (pdf_runorder_same_item): it starts a new one at a change
 * of font and at a tag. */
static int pdf_same_item(void *ctx, const PangoGlyphItem *a, const PangoGlyphItem *b)
{
	struct pdf_render *r = ctx;
	if (r->tagged_runs && (pdf_run_link(r->block, a->item) || pdf_run_link(r->block, b->item) ||
	                       a->y_offset != b->y_offset))
		return 0;
	/* A run drawn with primers throughout is in Cairo's other font. */
	for (int i = 0; i < r->n_primed; i++)
		if (r->primed[i] == a || r->primed[i] == b)
			return 0;
	if (pdf_main_font(r, a->item->analysis.font) != pdf_main_font(r, b->item->analysis.font))
		return 0;
	/* On a right-to-left line a left-to-right run of Latin or European
	 * digits is an item of its own. Drawn in one with the Arabic beside
	 * it, in visual order, it was read first wherever pdf.js split it
	 * off after all: at the isolate of a span broken across two lines
	 * ("ligature الكوفي" for "الكوفي <span dir="ltr">ligature 876</span>"),
	 * at a face that changes inside it. Arabic-Indic digits are right to
	 * left to pdf.js, and stay with their words ("الشكل ١"). */
	const char *text = r->block != NULL ? pango_layout_get_text(r->block->layout) : NULL;
	int a_rtl = a->item->analysis.level & 1;
	if (text != NULL && r->block->rtl && pdf_run_latin(a, text) != pdf_run_latin(b, text))
		return 0;
	/* pdf.js also ends its item at a gap of 0.6 em: a space that
	 * justification widened between two runs of a right-to-left stretch
	 * of a left-to-right line ("إسطنبول 516" read "516 إسطنبول"). On a
	 * right-to-left line the letter before such a space carries it
	 * (pdf_glyphrun_show_stretched), but not a digit or a Latin letter:
	 * between two left-to-right runs the gap ends the item there too
	 * ("1551 H<sub>2</sub>O" justified apart). */
	if (text != NULL && (r->split_wide || (r->block->rtl && !a_rtl))) {
		double gap = pdf_glyphrun_white_right(a, text) + pdf_glyphrun_ink_left(b, text);
		if (gap >= PDF_ITEM_GAP_EM * pdf_run_em(r, b))
			return 0;
	}
	return 1;
}

/* The Cairo font of run, which is drawn with *font, when its face has
 * glyphs to spare, so that its WinAnsi slots are claimed by primers
 * (fontslots.h); else NULL. */
static cairo_scaled_font_t *pdf_priming_face(struct pdf_render *r, const PangoGlyphItem *run,
                                             PangoFont **font)
{
	*font = pdf_main_font(r, run->item->analysis.font);
	cairo_scaled_font_t *sf = *font ? pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(*font)) : NULL;
	return sf != NULL && pdf_fontslots_spares(r->slots, *font, sf) ? sf : NULL;
}

/* The Pango font (as drawn) of the first of runs whose face has glyphs
 * to spare, or NULL. */
static PangoFont *pdf_spare_font(struct pdf_render *r, GSList *runs)
{
	for (GSList *l = runs; l; l = l->next) {
		PangoFont *font;
		if (pdf_priming_face(r, l->data, &font) != NULL)
			return font;
	}
	return NULL;
}

/* Draws run, element l of a line's runs in visual order (first the head
 * of that list), on a line of direction base_rtl. */
static void pdf_show_run(struct pdf_render *r, const char *text, GSList *first, GSList *l,
                         int base_rtl, double x, double y)
{
	PangoGlyphItem *run = l->data;
	PangoFont *own = run->item->analysis.font;
	PangoFont *font = pdf_main_font(r, own);
	run->item->analysis.font = font;
	/* The space between cells (glyphrun.h) goes with the line's rightmost
	 * run, the last in the stream: on a cell's first line when that run
	 * is right to left (the space comes first), on its last line when it
	 * is left to right (the space comes last). */
	int rtl = (run->item->analysis.level & 1) != 0;
	int end_space = l->next == NULL && ((r->cell_space && rtl) || (r->cell_space_after && !rtl &&
	                                                              r->cell_lines == 1));
	int before = l != first && !r->logical && pdf_runorder_gap_before(first, l, text, pdf_same_item, r)
	             ? PDF_BEFORE_GAP : PDF_BEFORE_NONE;
	/* The run drawn just before, when it is this one's left neighbour. */
	const PangoGlyphItem *prev = NULL;
	for (GSList *k = first; k != l; k = k->next)
		if (pdf_run_width(k) > 0)
			prev = k->data;
	if (prev != r->drawn_last)
		prev = NULL;
	if (before == PDF_BEFORE_NONE && prev != NULL &&
	    (prev->y_offset != run->y_offset || !pdf_same_item(r, prev, run)) &&
	    pdf_runorder_word_goes_on(prev, run, text))
		before = PDF_BEFORE_TUCK;
	/* Whether this is the line's first run in the stream that draws
	 * anything (runs of bidi isolates alone draw nothing): not always its
	 * leftmost, when runs are drawn in another order. */
	int lead = (!r->led || r->item_lead) && pdf_run_width(l) > 0;
	if (lead)
		r->led = 1, r->item_lead = 0;
	unsigned mark = pdf_glyphrun_mark(first, l, base_rtl, r->page_dir, r->in_cell);
	if (lead && base_rtl && pdf_glyphrun_lead_line(r->cr, r->slots, text, run, mark, x, y))
		mark &= ~(unsigned)PDF_MARK_RLM_START;
	/* The next run drawn, when it is the visual right neighbour (not
	 * while two runs are drawn the other way round). */
	GSList *n = l->next;
	while (n && pdf_run_width(n) == 0)
		n = n->next;
	double joined = !r->swapping && n != NULL && pdf_same_item(r, run, n->data)
	                ? pdf_glyphrun_ink_left(n->data, text) : -1;
	pdf_glyphrun_show(r->cr, r->slots, r->stamps, text, run, mark, end_space, before, joined, x, y);
	if (pdf_run_width(l) > 0)
		r->drawn_last = run;
	/* A face with no glyph to carry the edge RLM (a Latin word in Noto
	 * that ends the cell line on its left) gets it beside its ink, on a
	 * carrier in the line's face that has one: poppler read the word into
	 * the next cell ("Unicodeخط"). */
	PangoFont *drawn;
	if ((mark & PDF_MARK_RLM_EDGE) && !rtl && r->line_spare != NULL &&
	    pdf_priming_face(r, run, &drawn) == NULL)
		pdf_glyphrun_edge_text(r->cr, r->slots, r->line_spare, "\xe2\x80\x8f",
		                       x + pdf_glyphrun_ink_left(run, text), -HUGE_VAL, NAN, y);
	run->item->analysis.font = own;
}

/* Draws the runs of a line (in visual order) from its left edge x on
 * baseline y, each as it is: a list marker, a table of contents' page
 * number. */
static void pdf_show_line(struct pdf_render *r, const char *text, GSList *runs, int base_rtl,
                          double x, double y)
{
	r->led = 0;
	r->drawn_last = NULL;
	for (GSList *l = runs; l; l = l->next) {
		PangoGlyphItem *run = l->data;
		pdf_show_run(r, text, runs, l, base_rtl, x, y);
		x += pango_units_to_double(pango_glyph_string_get_width(run->glyphs));
	}
}

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

static void pdf_dest(struct pdf_render *r, const char *id, double x, double y)
{
	if (!id || !*id)
		return;
	GString *a = g_string_new("name='");
	pdf_attr_escape(a, id);
	g_string_append_printf(a, "' x=%.2f y=%.2f", x, y > 4 ? y - 4 : 0);
	cairo_tag_begin(r->cr, CAIRO_TAG_DEST, a->str);
	cairo_tag_end(r->cr, CAIRO_TAG_DEST);
	g_string_free(a, TRUE);
}

static void pdf_link_begin(struct pdf_render *r, const struct pdf_link *l)
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
	cairo_tag_begin(r->cr, CAIRO_TAG_LINK, a->str);
	g_string_free(a, TRUE);
}

static int pdf_run_color(PangoItem *item, double rgb[3])
{
	for (GSList *l = item->analysis.extra_attrs; l; l = l->next) {
		PangoAttribute *a = l->data;
		if (a->klass->type == PANGO_ATTR_FOREGROUND) {
			PangoColor c = ((PangoAttrColor *)a)->color;
			rgb[0] = c.red / 65535.0;
			rgb[1] = c.green / 65535.0;
			rgb[2] = c.blue / 65535.0;
			return 1;
		}
	}
	return 0;
}

/* A small hooked arrow at the end of a wrapped line of a listing: drawn,
 * not typed, so copying the listing gives back its text alone. */
static void pdf_draw_continuation(cairo_t *cr, double x, double baseline, double size, int rtl)
{
	double s = size * 0.55, d = rtl ? -1 : 1;
	cairo_save(cr);
	cairo_set_source_rgb(cr, 0.45, 0.45, 0.45);
	cairo_set_line_width(cr, size * 0.07);
	cairo_move_to(cr, x, baseline - s);
	cairo_line_to(cr, x + d * s * 0.6, baseline - s);
	cairo_line_to(cr, x + d * s * 0.6, baseline - s * 0.3);
	cairo_line_to(cr, x, baseline - s * 0.3);
	cairo_stroke(cr);
	cairo_move_to(cr, x + d * s * 0.25, baseline - s * 0.55);
	cairo_line_to(cr, x, baseline - s * 0.3);
	cairo_line_to(cr, x + d * s * 0.25, baseline - s * 0.05);
	cairo_stroke(cr);
	cairo_restore(cr);
}

/* Closes the Span that holds the line's runs drawn since its last link. */
static void pdf_span_end(struct pdf_render *r)
{
	if (r->span_open)
		cairo_tag_end(r->cr, "Span");
	r->span_open = 0;
}

/* A run of a line and where it is drawn (pdf_draw_runs_logical). */
struct pdf_run_at {
	GSList *node;
	double x;
};

/* Draws the text u on a carrier (pdf_glyphrun_edge_text) in the font of
 * the run at, ending where its ink starts (at_left) or at end; 0 when it
 * cannot. */
static int pdf_edge_text(struct pdf_render *r, const char *text, const struct pdf_run_at *at,
                         const char *u, int at_left, double end, double y)
{
	PangoGlyphItem *run = at->node->data;
	/* On the right, not more than 0.15 em left of where pdf.js takes the
	 * run to end: it ends its item where the pen goes back 0.2 em, and
	 * the carrier, read on its own, came after the next item
	 * ("مطبعةكتاب ؜"). */
	double from = -HUGE_VAL, after_white = NAN;
	if (at_left) {
		end = at->x + pdf_glyphrun_ink_left(run, text);
	} else {
		from = pdf_glyphrun_stream_end(run, at->x) - 0.15 * pdf_run_em(r, run);
		if (pdf_glyphrun_white_right(run, text) > 0)
			after_white = pdf_glyphrun_text_end(run, text, at->x);
	}
	y -= pango_units_to_double(run->y_offset);
	/* pdf.js joins its items in drawing order whatever their fonts, so
	 * a run in Noto, which has no glyph to spare, gets its text on a
	 * carrier in the line's Amiri. */
	return pdf_glyphrun_edge_text(r->cr, r->slots, pdf_main_font(r, run->item->analysis.font), u, end,
	                              from, after_white, y) ||
	       (r->line_spare != NULL &&
	        pdf_glyphrun_edge_text(r->cr, r->slots, r->line_spare, u, end, from, after_white, y));
}

/* Texts to draw beside a run (pdf_draw_run_edged): on its left, ending
 * where its ink starts, and on its right, ending at right_end (the right
 * edge of its item: pdf.js takes a glyph to end where its advance in the
 * font does, and a letter drawn on a wider carrier ends past the run);
 * failed, if not NULL, is set when the second on the right could not be
 * drawn. */
struct pdf_edges {
	const char *left[2], *right[2];
	double right_end;
	int *failed;
};

static void pdf_draw_run_edged(struct pdf_render *r, const struct pdf_block *b, const char *text,
                               GSList *runs, GSList *l, double x, double y,
                               const struct pdf_edges *edges);

/* Draws run l of runs (a line of b, in visual order) with its left edge
 * at x on baseline y, in its colour and tag. */
static void pdf_draw_run(struct pdf_render *r, const struct pdf_block *b, const char *text,
                         GSList *runs, GSList *l, double x, double y)
{
	pdf_draw_run_edged(r, b, text, runs, l, x, y, NULL);
}

/* pdf_draw_run, with texts drawn just outside the run's ink
 * (pdf_edge_text) inside its tag: before it on its left, after it on
 * its right, as edges says (NULL: none). */
static void pdf_draw_run_edged(struct pdf_render *r, const struct pdf_block *b, const char *text,
                               GSList *runs, GSList *l, double x, double y,
                               const struct pdf_edges *edges)
{
	cairo_t *cr = r->cr;
	PangoGlyphItem *run = l->data;
	double rgb[3];
	if (!pdf_run_color(run->item, rgb))
		memcpy(rgb, b->color, sizeof rgb);
	cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
	const struct pdf_link *link = r->tagged_runs ? pdf_run_link(b, run->item) : NULL;
	if (link) {
		pdf_span_end(r);
		pdf_link_begin(r, link);
	} else if (r->tagged_runs && (!r->span_open || r->span_rise != run->y_offset)) {
		pdf_span_end(r);
		cairo_tag_begin(cr, "Span", "");
		r->span_open = 1;
		r->span_rise = run->y_offset;
	}
	struct pdf_run_at here = { l, x };
	for (int i = 0; edges && i < 2; i++)
		if (edges->left[i])
			pdf_edge_text(r, text, &here, edges->left[i], 1, 0, y);
	pdf_show_run(r, text, runs, l, b->rtl, x, y - pango_units_to_double(run->y_offset));
	for (int i = 0; edges && i < 2; i++)
		if (edges->right[i] && !pdf_edge_text(r, text, &here, edges->right[i], 0, edges->right_end, y) &&
		    i == 1 && edges->failed)
			*edges->failed = 1;
	if (link)
		cairo_tag_end(cr, CAIRO_TAG_LINK);
}

/* The run after l on a line (in visual order, past runs that draw
 * nothing) if the two are drawn the other way round
 * (pdf_runorder_draw_before) and pdf.js starts a new text item at the
 * second of them even so: the run before l is in another item
 * (pdf_same_item), or the run at l is wide enough that the jump over it
 * is no word space to pdf.js (0.6 em); else NULL. */
static GSList *pdf_swapped(struct pdf_render *r, const char *text, GSList *runs, GSList *l)
{
	/* The next run that draws anything, past the isolates. */
	GSList *n = l->next;
	while (n && pdf_run_width(n) == 0)
		n = n->next;
	if (n == NULL)
		return NULL;
	PangoGlyphItem *left = l->data, *right = n->data;
	if (r->in_cell || !pdf_runorder_draw_before(left, right, text))
		return NULL;
	PangoGlyphItem *before = NULL;
	for (GSList *k = runs; k != l; k = k->next)
		if (pdf_run_width(k) > 0)
			before = k->data;
	if (before == NULL || !pdf_same_item(r, before, right))
		return n;
	return pdf_run_width(l) > 0.7 * pdf_run_em(r, right) ? n : NULL;
}

/* The first character of run's text, drawn with font (sf), that is not a
 * letter or digit and that its face shows for the first time, or NULL. */
static const char *pdf_open_mark(struct pdf_render *r, const char *text, const PangoGlyphItem *run,
                                 PangoFont *font, cairo_scaled_font_t *sf)
{
	const char *t = text + run->item->offset;
	for (const char *c = t; c < t + run->item->length; c = g_utf8_next_char(c)) {
		gunichar u = g_utf8_get_char(c);
		if (!g_unichar_isalnum(u) && pdf_fontslots_open(r->slots, font, sf, u))
			return c;
	}
	return NULL;
}

/* Whether a run of the line shows a character that claims its face's
 * WinAnsi slot with a primer (fontslots.h): the primer takes its text into
 * Cairo's other font for the face, where pdf.js starts another item. A run
 * that is one word of ASCII letters and digits (a number) is drawn with
 * primers throughout (glyphrun.c, pdf_glyphrun_primers), and so is a run
 * of one character (pdf_split_primed makes them), so each is an item of
 * its own, and so is any left-to-right run with a primer: such runs are
 * stored in primed (n_primed of them). A line with any other (a Latin word
 * shown first inside a right-to-left run) returns 1, and is drawn as it
 * stands: the grouping cannot see where in the run pdf.js will split it. */
static int pdf_line_primes(struct pdf_render *r, const char *text, GSList *runs,
                           const PangoGlyphItem **primed, int *n_primed)
{
	*n_primed = 0;
	for (GSList *l = runs; l; l = l->next) {
		PangoGlyphItem *run = l->data;
		PangoFont *font;
		cairo_scaled_font_t *sf = pdf_priming_face(r, run, &font);
		if (sf == NULL)
			continue;
		const char *t = text + run->item->offset;
		int open = 0, word = 1, chars = 0;
		for (const char *c = t; c < t + run->item->length; c = g_utf8_next_char(c)) {
			gunichar u = g_utf8_get_char(c);
			if (g_unichar_type(u) == G_UNICODE_FORMAT)
				continue;
			open |= pdf_fontslots_open(r->slots, font, sf, u);
			word &= u < 0x80 && g_unichar_isalnum(u);
			chars++;
		}
		if (!open)
			continue;
		/* A left-to-right run comes apart in pdf.js in its own order:
		 * as an item of its own, it reads in order all the same
		 * ("amirifont.org", a link Amiri shows first). */
		if (((!word && chars != 1) || chars == 0) && (run->item->analysis.level & 1))
			return 1;
		primed[(*n_primed)++] = run;
	}
	return 0;
}

/* Whether byte index i of run's text starts a cluster or ends the text:
 * where pango_glyph_item_split can cut it. */
static int pdf_cluster_starts(const PangoGlyphItem *run, int i)
{
	if (i == run->item->length)
		return 1;
	for (int k = 0; k < run->glyphs->num_glyphs; k++)
		if (run->glyphs->log_clusters[k] == i)
			return 1;
	return 0;
}

/* A copy of the runs of a line (in visual order) in which every character
 * that is not a letter or digit and that a face with glyphs to spare shows
 * for the first time (a full stop, a colon, a parenthesis inside an Arabic
 * run) is a run of its own: its primer puts it in Cairo's other font,
 * where pdf.js ends its item, and as a run pdf_line_primes can count it.
 * NULL when no run needs it; free with g_slist_free_full and
 * pango_glyph_item_free. */
static GSList *pdf_split_primed(struct pdf_render *r, const char *text, GSList *runs)
{
	/* Copies only when a run needs cutting. */
	GSList *l = runs;
	for (; l; l = l->next) {
		PangoFont *font;
		cairo_scaled_font_t *sf = pdf_priming_face(r, l->data, &font);
		if (sf != NULL && pdf_open_mark(r, text, l->data, font, sf) != NULL)
			break;
	}
	if (l == NULL)
		return NULL;
	GSList *out = NULL;
	int split = 0;
	for (l = runs; l; l = l->next) {
		PangoGlyphItem *run = pango_glyph_item_copy(l->data);
		PangoFont *font;
		cairo_scaled_font_t *sf = pdf_priming_face(r, run, &font);
		/* The pieces, last first. */
		GSList *pieces = NULL;
		for (const char *at; sf != NULL && (at = pdf_open_mark(r, text, run, font, sf)) != NULL;) {
			const char *t = text + run->item->offset, *after = g_utf8_next_char(at);
			if ((at == t && after == t + run->item->length) ||
			    !pdf_cluster_starts(run, (int)(at - t)) || !pdf_cluster_starts(run, (int)(after - t)))
				break;
			/* What comes before the character, then the character. */
			split = 1;
			if (at > t)
				pieces = g_slist_prepend(pieces, pango_glyph_item_split(run, text, (int)(at - t)));
			if (after == text + run->item->offset + run->item->length)
				break;
			pieces = g_slist_prepend(pieces, pango_glyph_item_split(run, text, (int)(after - at)));
		}
		pieces = g_slist_prepend(pieces, run);
		/* The visual order of a left-to-right run is the logical one. */
		if (!(run->item->analysis.level & 1))
			pieces = g_slist_reverse(pieces);
		out = g_slist_concat(out, pieces);
	}
	if (!split) {
		g_slist_free_full(out, (GDestroyNotify)pango_glyph_item_free);
		return NULL;
	}
	return out;
}

/* The text of the carrier between two items (pdf_draw_items): a bidi
 * mark, so that pdf.js keeps it (it drops a glyph whose text starts with
 * a space), then the space. On a right-to-left line an ALM, which pdf.js
 * counts as Arabic when it decides an item's direction (an RLM counts as
 * Latin there: " + س" and its carrier read left to right); on a
 * left-to-right line an LRM, which poppler reads with the left-to-right
 * text around it (an RLM or ALM is a stretch of its own to poppler, and
 * "1514" then met "طُبع"). */
#define PDF_ALM_SPACE "\xd8\x9c "
#define PDF_LRM_SPACE "\xe2\x80\x8e "

/* The character at run's left (right, if right) edge on the page, past
 * format characters: a left-to-right run's first (last), a right-to-left
 * run's last (first); 0 when there is none. */
static gunichar pdf_run_side_char(const PangoGlyphItem *run, const char *text, int right)
{
	const char *p = text + run->item->offset, *end = p + run->item->length;
	int last = right == !(run->item->analysis.level & 1);
	for (const char *c = last ? end : p; last ? c > p : c < end;) {
		const char *at = last ? g_utf8_prev_char(c) : c;
		gunichar u = g_utf8_get_char(at);
		if (g_unichar_type(u) != G_UNICODE_FORMAT)
			return u;
		c = last ? at : g_utf8_next_char(at);
	}
	return 0;
}

/* Whether white space (or the line's end) is on the page between run i
 * of the n runs at at[] (in visual order) and the next that takes room. */
static int pdf_white_after(const char *text, const struct pdf_run_at *at, int n, int i)
{
	int j = i + 1;
	while (j < n && pdf_run_width(at[j].node) == 0)
		j++;
	return j == n || g_unichar_isspace(pdf_run_side_char(at[i].node->data, text, 1)) ||
	       g_unichar_isspace(pdf_run_side_char(at[j].node->data, text, 0));
}

/* Draws the ni items of a line (pdf_runorder_items, in logical order)
 * whose runs are at at[], with the spaces between them
 * (pdf_draw_runs_logical). */
static void pdf_draw_items(struct pdf_render *r, const struct pdf_block *b, const char *text,
                           GSList *runs, const struct pdf_run_at *at,
                           const struct pdf_runorder_item *items, int ni, PangoFont *end_font,
                           double y)
{
	/* What goes with each item: a bidi mark and a space on its left or
	 * right, or drawn after it in the gap on its left (pdf.js), a space on
	 * its right or, when no face has a glyph to carry it, on the next
	 * item's left (mupdf). */
	struct pdf_item_spaces {
		int rlm_left, rlm_right, lrm_left, lrm_right, lrm_after, space_left;
	} *sp = g_new0(struct pdf_item_spaces, ni);
	int n = (int)g_slist_length(runs);
	for (int k = 0; k + 1 < ni; k++) {
		/* Where the stream jumps right on a left-to-right line, pdf.js
		 * sees the gap and puts a space there itself; there a mark and
		 * space on the left of a right-to-left item would stand between
		 * it and the item before in poppler's and mupdf's reading. */
		if (!items[k].spaced_after || (!b->rtl && items[k + 1].first > items[k].first))
			continue;
		if (items[k + 1].rtl)
			sp[k + 1].rlm_right = 1;
		else if (items[k].rtl)
			sp[k].rlm_left = 1;
		/* Two left-to-right pieces of a right-to-left line ("H2O" and
		 * "page margin" of "H<sub>2</sub>O <span>page margin</span>"):
		 * the stream jumps left from the first to the second. The
		 * space goes after the first, as pdf.js reads it, or before
		 * the second; with an LRM, which keeps a short item left to
		 * right for pdf.js. Either edge must face white space on the
		 * page, or poppler takes the carrier's space into the word
		 * there ("المتحركة<sup>5</sup> 2000" read "المتحركة 5"), and the
		 * first's face must have a glyph to carry it. Where neither
		 * does but the two meet on the page, the space goes in the gap
		 * between them, drawn after the first ("الترميز<sup>5</sup>
		 * <span>type page</span>." read "الترميز5type page"). */
		else if (items[k + 1].first < items[k].first) {
			int before = items[k + 1].lo - 1; /* the run that takes room left of it */
			while (before >= 0 && pdf_run_width(at[before].node) == 0)
				before--;
			if (pdf_white_after(text, at, n, items[k].hi) && r->line_spare != NULL)
				sp[k].lrm_right = 1;
			else if (before < 0 || pdf_white_after(text, at, n, before))
				sp[k + 1].lrm_left = 1;
			else if (items[k + 1].last == items[k].first)
				sp[k].lrm_after = 1;
			/* Or a piece between them: the space is then on the
			 * first's left, white on the page too ("النسخ<sup>4</sup>
			 * <span><strong>layout</strong> column</span>", "column"
			 * between "4" and "layout", read "النسخ4layout"). */
			else if (items[k].lo > 0 && pdf_white_after(text, at, n, items[k].lo - 1))
				sp[k].lrm_after = 1;
		}
	}
	const char *mark_space = b->rtl ? PDF_ALM_SPACE : PDF_LRM_SPACE;
	r->logical = 1;
	for (int k = 0; k < ni; k++) {
		const struct pdf_runorder_item *it = &items[k];
		int failed = 0;
		double right_end = at[it->last - 1].x + pdf_run_width(at[it->last - 1].node);
		/* An item whose stream starts with a vowel mark lost it to the
		 * item before, as a line does to the line before
		 * (pdf_glyphrun_lead_line): "خاصاً" after "amirifont.org". The
		 * RLM and space on its left do the same. */
		r->item_lead = !sp[k].rlm_left;
		for (int j = it->first; j < it->last; j++) {
			struct pdf_edges e = { { NULL, NULL }, { NULL, NULL }, right_end, &failed };
			if (j == it->lo) {
				e.left[0] = sp[k].rlm_left ? mark_space : sp[k].lrm_left ? PDF_LRM_SPACE : NULL;
				e.left[1] = sp[k].space_left ? " " : NULL;
			}
			/* mupdf glued the two ends the stream jumps between,
			 * which are no neighbours in the text, spaced or not;
			 * where the next item is the one on the right it reads
			 * the gap, and a space would split "H<sub>2</sub>O". */
			if (j == it->hi) {
				e.right[0] = sp[k].rlm_right ? mark_space : sp[k].lrm_right ? PDF_LRM_SPACE : NULL;
				e.right[1] = k + 1 < ni && items[k + 1].first != it->last ? " " : NULL;
			}
			pdf_draw_run_edged(r, b, text, runs, at[j].node, at[j].x, y, &e);
		}
		if (sp[k].lrm_after)
			pdf_edge_text(r, text, &at[it->lo], PDF_LRM_SPACE, 1, 0, y);
		if (failed && k + 1 < ni)
			sp[k + 1].space_left = 1;
	}
	/* In a cell the next cell's text follows in the stream: mupdf glued
	 * it to the last item's end ("Unicodeرقمي"), which is no longer the
	 * cell's right edge, where the jump back used to part them. */
	if (end_font != NULL) {
		const struct pdf_runorder_item *it = &items[ni - 1];
		pdf_glyphrun_edge_text(r->cr, r->slots, end_font, " ",
		                       at[it->last - 1].x + pdf_run_width(at[it->last - 1].node), -HUGE_VAL,
		                       NAN, y);
	}
	r->logical = 0;
	r->item_lead = 0;
	g_free(sp);
}

/* Draws a line that pdf.js reads as several text items (a change of
 * font, a link) one item at a time in logical order, the runs of each in
 * visual order: a right-to-left line, and a left-to-right one whose
 * right-to-left stretch is several items. pdf.js joins its items in the
 * order they are drawn and reverses each on its own, so drawn left to
 * right such a line came out item by item from its end ("Unicode يخزّن
 * معيار", "such as 1820 مطبعة بولاق"); an item's runs it puts in order
 * itself. Where a space separates two items and the stream jumps left
 * from one to the other, it is drawn for pdf.js as a mark and a space
 * (PDF_ALM_SPACE) at the logical start of the second item (its right,
 * the end of its stream) or, when that is not right to left, at the
 * logical end of the first (its left, the start of its stream); and for
 * mupdf, which reads the stream as it comes, as a space where the stream
 * jumps from one to the other. Only Amiri has glyphs to spare for these;
 * between two items in Noto there is none. Returns 0, having drawn
 * nothing, when the line is one item or its items are drawn in logical
 * order anyway. */
static int pdf_draw_runs_logical(struct pdf_render *r, const struct pdf_block *b, const char *text,
                                 GSList *runs, double x, double y)
{
	int n = (int)g_slist_length(runs), ni = 0;
	if (n < 2)
		return 0;
	const PangoGlyphItem **primed = g_new(const PangoGlyphItem *, n);
	struct pdf_run_at *at = g_new(struct pdf_run_at, n);
	struct pdf_runorder_item *items = g_new(struct pdf_runorder_item, n);
	r->primed = primed;
	/* In a cell, only with a face to carry the space that ends it
	 * (pdf_draw_items). */
	PangoFont *end_font = r->in_cell ? r->line_spare : NULL;
	if ((!r->in_cell || end_font != NULL) && !pdf_line_primes(r, text, runs, primed, &r->n_primed)) {
		int i = 0;
		for (GSList *l = runs; l; l = l->next, i++) {
			at[i].node = l;
			at[i].x = x;
			x += pdf_run_width(l);
		}
		r->split_wide = !b->rtl;
		ni = pdf_runorder_items(runs, text, pdf_same_item, r, items);
		r->split_wide = 0;
		/* A left-to-right line's items are in logical order as drawn,
		 * but for a right-to-left stretch of several. */
		int reordered = b->rtl;
		for (int k = 0; k + 1 < ni; k++)
			reordered |= items[k].first > items[k + 1].first;
		if (!reordered)
			ni = 0;
		if (ni > 1)
			pdf_draw_items(r, b, text, runs, at, items, ni, end_font, y);
	}
	r->primed = NULL;
	r->n_primed = 0;
	g_free(primed);
	g_free(at);
	g_free(items);
	return ni > 1;
}

/* poppler builds a line from its leftmost word, and takes into it only
 * words whose baselines are within half that word's size of its own.
 * When the leftmost is a superscript (a note digit at the end of an
 * Arabic line), that is 0.35 em of the text: the text's baseline, 0.33 em
 * down, just makes it, a subscript 0.51 em down does not, and poppler
 * read "H<sub>2</sub>O" elsewhere on the line as "H O" and a line "2". A
 * faint bidi mark on the baseline, ending where that run's ink starts,
 * becomes the leftmost word, in the text's size. */
static void pdf_draw_baseline_lead(struct pdf_render *r, const struct pdf_block *b,
                                   const char *text, GSList *runs, double x, double y)
{
	GSList *l = runs;
	while (l && pdf_run_width(l) == 0)
		l = l->next;
	if (l == NULL || ((PangoGlyphItem *)l->data)->y_offset == 0)
		return;
	for (GSList *k = runs; k; k = k->next) {
		PangoFont *font;
		const PangoGlyphItem *run = k->data;
		if (run->y_offset == 0 && pdf_priming_face(r, run, &font) != NULL) {
			pdf_glyphrun_edge_text(r->cr, r->slots, font, b->rtl ? "\xe2\x80\x8f" : "\xe2\x80\x8e",
			                       x + pdf_glyphrun_ink_left(l->data, text), -HUGE_VAL, NAN, y);
			return;
		}
	}
}

/* Draws the runs of one line of b (in visual order) from its left edge x
 * on baseline y: each in its colour, wrapped in its Link or Span tag when
 * the block has links. */
static void pdf_draw_runs(struct pdf_render *r, const struct pdf_block *b, const char *text,
                          GSList *runs, double x, double y)
{
	double x0 = x;
	GSList *line = runs;
	r->tagged_runs = b->n_links > 0;
	r->block = b;
	r->led = 0;
	r->drawn_last = NULL;
	r->line_spare = pdf_spare_font(r, runs);
	for (GSList *l = runs; l; l = l->next) {
		PangoGlyphItem *run = l->data;
		pdf_glyphrun_prime_space(r->cr, r->slots, pdf_main_font(r, run->item->analysis.font), x, y);
	}
	GSList *split = pdf_split_primed(r, text, runs);
	int drawn = pdf_draw_runs_logical(r, b, text, split ? split : runs, x, y);
	g_slist_free_full(split, (GDestroyNotify)pango_glyph_item_free);
	if (drawn)
		runs = NULL;
	for (GSList *l = runs; l; l = l->next) {
		double w = pdf_run_width(l);
		GSList *n = b->rtl ? pdf_swapped(r, text, runs, l) : NULL;
		if (n == NULL) {
			pdf_draw_run(r, b, text, runs, l, x, y);
			x += w;
			continue;
		}
		/* The right run first, then the isolates between them (they
		 * take no room), then the left one. */
		r->swapping = 1;
		pdf_draw_run(r, b, text, runs, n, x + w, y);
		for (GSList *k = l->next; k != n; k = k->next)
			pdf_draw_run(r, b, text, runs, k, x + w, y);
		pdf_draw_run(r, b, text, runs, l, x, y);
		r->swapping = 0;
		x += w + pdf_run_width(n);
		l = n;
	}
	pdf_span_end(r);
	pdf_draw_baseline_lead(r, b, text, line, x0, y);
	r->cell_space = 0; /* the cell's first line only */
	r->tagged_runs = 0;
	r->block = NULL;
	if (r->cell_lines > 0)
		r->cell_lines--;
}

/* Draws lines [from, to) of b with the layout's origin at (x, y). */
static void pdf_draw_lines(struct pdf_render *r, const struct pdf_block *b, int from,
                           int to, double x, double y)
{
	cairo_t *cr = r->cr;
	const char *text = pango_layout_get_text(b->layout);
	if (b->fast) {
		/* Lines cut by lines.c: runs in visual order from line.x. */
		for (int li = from; li < to && li < b->n_fast; li++)
			pdf_draw_runs(r, b, text, b->fast[li].runs, x + b->fast[li].x,
			              y + b->line_baseline[li]);
		return;
	}
	PangoLayoutIter *it = pango_layout_get_iter(b->layout);
	int li = 0;
	do {
		if (li >= to)
			break;
		if (li < from) {
			li++;
			continue;
		}
		double baseline = y + pango_units_to_double(pango_layout_iter_get_baseline(it));
		PangoRectangle log;
		pango_layout_iter_get_line_extents(it, NULL, &log);
		pdf_draw_runs(r, b, text, pango_layout_iter_get_line_readonly(it)->runs,
		              x + pango_units_to_double(log.x), baseline);
		if (b->continuation && li + 1 < b->n_lines) {
			PangoLayoutLine *next = pango_layout_get_line_readonly(b->layout, li + 1);
			if (next && !next->is_paragraph_start) {
				double size = pango_units_to_double(
					pango_font_description_get_size(pango_layout_get_font_description(b->layout)));
				double mx = b->rtl ? x - size * 0.3 : x + b->width + size * 0.3;
				pdf_draw_continuation(cr, mx, baseline, size, b->rtl);
			}
		}
		li++;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
}

static double pdf_block_x(const struct pdf_render *r, const struct pdf_block *b)
{
	return b->rtl ? r->right - b->indent_start - b->width - (b->continuation ? r->doc->font_size : 0)
	              : r->left + b->indent_start;
}

static void pdf_add_outline(struct pdf_render *r, const struct pdf_block *b)
{
	if (b->outline_level <= 0 || !b->id)
		return;
	int level = b->outline_level;
	GString *a = g_string_new("dest='");
	pdf_attr_escape(a, b->id);
	g_string_append_c(a, '\'');
	const char *title = b->outline_title && *b->outline_title ? b->outline_title
	                                                          : pango_layout_get_text(b->layout);
	int id = cairo_pdf_surface_add_outline(r->surface, r->outline[level - 1], title, a->str,
	                                       level == 1 ? CAIRO_PDF_OUTLINE_FLAG_OPEN : 0);
	g_string_free(a, TRUE);
	for (int l = level; l < 8; l++)
		r->outline[l] = id;
}

/* Draws a slice of a block placed at top y, with its structure tag. */
static void pdf_draw_block(struct pdf_render *r, const struct pdf_block *b, int from, int to,
                           double y)
{
	cairo_t *cr = r->cr;
	struct pdf_doc *doc = r->doc;
	double x = pdf_block_x(r, b);
	double oy = y - b->line_top[from];

	if (from == 0) {
		pdf_dest(r, b->id, r->left, y);
		if (r->pending_dest) {
			pdf_dest(r, r->pending_dest, r->left, y);
			r->pending_dest = NULL;
		}
		pdf_add_outline(r, b);
	}
	if (b->has_background) {
		double pad = doc->font_size * 0.35;
		double bx = b->rtl ? r->right - b->indent_start - b->width - doc->font_size - pad
		                   : x - pad;
		double bw = b->width + (b->continuation ? doc->font_size : 0) + 2 * pad;
		cairo_save(cr);
		cairo_set_source_rgb(cr, b->background[0], b->background[1], b->background[2]);
		cairo_rectangle(cr, bx, y - (from == 0 ? pad * 0.5 : 0), bw,
		                pdf_block_height(b, from, to) + (from == 0 ? pad * 0.5 : 0) +
		                (to == b->n_lines ? pad * 0.5 : 0));
		cairo_fill(cr);
		cairo_restore(cr);
	}
	if (b->marker && from == 0) {
		int mw, mh;
		pango_layout_get_size(b->marker, &mw, &mh);
		double gap = doc->font_size * 0.5;
		double w = pango_units_to_double(mw);
		double mx = b->rtl ? x + b->width + gap : x - gap - w;
		PangoLayoutLine *ml = pango_layout_get_line_readonly(b->marker, 0);
		double base = oy + b->line_baseline[0];
		cairo_tag_begin(cr, "Lbl", "");
		cairo_set_source_rgb(cr, b->color[0], b->color[1], b->color[2]);
		if (ml)
			pdf_show_line(r, pango_layout_get_text(b->marker), ml->runs, b->rtl, mx, base);
		cairo_tag_end(cr, "Lbl");
	}
	cairo_tag_begin(cr, b->tag, "");
	pdf_draw_lines(r, b, from, to, x, oy);
	cairo_tag_end(cr, b->tag);

	/* Table of contents: the page number at the end side, linked. */
	if (b->page_ref_end && to == b->n_lines && b->n_lines > 0) {
		int page = pdf_dest_page(doc, b->page_ref_end);
		char num[32];
		pdf_format_number(doc, page + 1, num, sizeof num);
		PangoLayout *pl = pango_layout_new(b->rtl ? doc->ctx_rtl : doc->ctx_ltr);
		pango_layout_set_auto_dir(pl, FALSE);
		pango_layout_set_font_description(pl, pango_layout_get_font_description(b->layout));
		pango_layout_set_text(pl, page >= 0 ? num : "?", -1);
		int w, h;
		pango_layout_get_size(pl, &w, &h);
		double base = oy + b->line_baseline[to - 1];
		double nx = b->rtl ? r->left : r->right - pango_units_to_double(w);
		struct pdf_link l = { 0, 0, NULL, b->page_ref_end };
		pdf_link_begin(r, &l);
		PangoLayoutLine *line = pango_layout_get_line_readonly(pl, 0);
		if (line)
			pdf_show_line(r, pango_layout_get_text(pl), line->runs, b->rtl, nx, base);
		cairo_tag_end(cr, CAIRO_TAG_LINK);
		g_object_unref(pl);
	}
}

/* A new surface with the same pixels, or the same JPEG bytes. */
static cairo_surface_t *pdf_surface_copy(cairo_surface_t *src)
{
	int w = cairo_image_surface_get_width(src), h = cairo_image_surface_get_height(src);
	cairo_surface_t *dst = cairo_image_surface_create(cairo_image_surface_get_format(src), w, h);
	const unsigned char *jpeg = NULL;
	unsigned long len = 0;
	cairo_surface_get_mime_data(src, CAIRO_MIME_TYPE_JPEG, &jpeg, &len);
	if (jpeg) {
		cairo_surface_set_mime_data(dst, CAIRO_MIME_TYPE_JPEG, jpeg, len, NULL, NULL);
	} else {
		cairo_t *c = cairo_create(dst);
		cairo_set_source_surface(c, src, 0, 0);
		cairo_set_operator(c, CAIRO_OPERATOR_SOURCE);
		cairo_paint(c);
		cairo_destroy(c);
	}
	return dst;
}

static void pdf_draw_figure(struct pdf_render *r, const struct pdf_figure *f, double y)
{
	double box = r->doc->rtl ? r->right - f->indent_start - f->avail_w
	                         : r->left + f->indent_start;
	double x = box + (f->avail_w - f->img_w) / 2;
	pdf_dest(r, f->id, r->left, y);
	if (r->pending_dest) {
		pdf_dest(r, r->pending_dest, r->left, y);
		r->pending_dest = NULL;
	}
	cairo_tag_begin(r->cr, "Figure", "");
	if (r->alts)
		g_ptr_array_add(r->alts, f->alt);
	if (f->image && g_hash_table_contains(r->page_images, f->image)) {
		/* Cairo 1.16 lists an image XObject twice in a page's
		 * resources when one surface is painted twice on the page (a
		 * duplicate key): the second use gets a copy of its own. */
		struct pdf_figure copy = *f;
		copy.image = pdf_surface_copy(f->image);
		pdf_figure_draw(r->cr, &copy, x, y);
		cairo_surface_destroy(copy.image);
	} else {
		if (f->image)
			g_hash_table_add(r->page_images, f->image);
		pdf_figure_draw(r->cr, f, x, y);
	}
	cairo_tag_end(r->cr, "Figure");
	if (f->caption)
		pdf_draw_block(r, f->caption, 0, f->caption->n_lines,
		               y + f->img_h + f->caption->space_before);
}

static void pdf_draw_table(struct pdf_render *r, const struct pdf_table *t,
                           const struct pdf_place *pl)
{
	cairo_t *cr = r->cr;
	double y = pl->y;
	/* Centred in the room between the indents, like a figure. */
	double box = t->rtl ? r->right - t->indent_start - t->avail_w : r->left + t->indent_start;
	double tx = box + (t->avail_w - t->width) / 2;
	if (pl->from == 0 || pl->caption) {
		pdf_dest(r, t->id, r->left, y);
		if (r->pending_dest) {
			pdf_dest(r, r->pending_dest, r->left, y);
			r->pending_dest = NULL;
		}
	}
	if (pl->caption && t->caption) {
		pdf_draw_block(r, t->caption, 0, t->caption->n_lines, y);
		y += pdf_block_height(t->caption, 0, t->caption->n_lines) + t->caption->space_after;
	}
	/* The rows drawn here and the top of each. */
	double *row_y = g_new0(double, t->n_rows + 1);
	char *drawn = g_new0(char, t->n_rows);
	if (pl->header) {
		for (int rr = 0; rr < t->n_header_rows; rr++) {
			row_y[rr] = y;
			drawn[rr] = 1;
			y += t->row_h[rr];
		}
	}
	for (int rr = pl->from; rr < pl->to; rr++) {
		row_y[rr] = y;
		drawn[rr] = 1;
		y += t->row_h[rr];
	}
	cairo_set_line_width(cr, t->rule);
	int current_row = -1;
	for (int i = 0; i < t->n_cells; i++) {
		const struct pdf_cell *c = &t->cells[i];
		if (!drawn[c->row])
			continue;
		int first_in_row = c->row != current_row;
		if (c->row != current_row) {
			if (current_row >= 0)
				cairo_tag_end(cr, "TR");
			cairo_tag_begin(cr, "TR", "");
			current_row = c->row;
		}
		double h = 0;
		for (int rr = c->row; rr < c->row + c->rowspan && rr < t->n_rows; rr++)
			h += t->row_h[rr];
		double w = t->col_x[c->col + c->colspan] - t->col_x[c->col];
		double cx = t->rtl ? tx + t->width - t->col_x[c->col + c->colspan] : tx + t->col_x[c->col];
		double cy = row_y[c->row];
		if (c->header) {
			cairo_set_source_rgb(cr, t->header_background[0], t->header_background[1],
			                     t->header_background[2]);
			cairo_rectangle(cr, cx, cy, w, h);
			cairo_fill(cr);
		}
		if (t->rule > 0) {
			cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
			cairo_rectangle(cr, cx, cy, w, h);
			cairo_stroke(cr);
		}
		const struct pdf_block *b = c->block;
		const char *tag = c->header ? "TH" : "TD";
		cairo_tag_begin(cr, tag, "");
		r->in_cell = 1;
		/* pdf.js glues the cells of a right-to-left row (glyphrun.h):
		 * the space between two goes before a cell that starts right to
		 * left, or after one that ends left to right. */
		int last_in_row = i + 1 >= t->n_cells || t->cells[i + 1].row != c->row;
		r->cell_space = t->rtl && !first_in_row;
		r->cell_space_after = t->rtl && !last_in_row;
		r->cell_lines = b->n_lines;
		pdf_draw_lines(r, b, 0, b->n_lines, cx + t->pad, cy + t->pad - b->line_top[0]);
		r->in_cell = r->cell_space = r->cell_space_after = r->cell_lines = 0;
		cairo_tag_end(cr, tag);
	}
	if (current_row >= 0)
		cairo_tag_end(cr, "TR");
	g_free(row_y);
	g_free(drawn);
}

static void pdf_draw_notes(struct pdf_render *r, const struct pdf_page *p)
{
	cairo_t *cr = r->cr;
	struct pdf_doc *doc = r->doc;
	if (p->n_notes == 0)
		return;
	double ry = p->notes_top - doc->font_size * 0.6;
	double len = doc->text_w / 4;
	cairo_save(cr);
	cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
	cairo_set_line_width(cr, 0.5);
	cairo_move_to(cr, doc->rtl ? r->right - len : r->left, ry);
	cairo_line_to(cr, doc->rtl ? r->right : r->left + len, ry);
	cairo_stroke(cr);
	cairo_restore(cr);
	for (int i = 0; i < p->n_notes; i++) {
		const struct pdf_note_place *np = &p->notes[i];
		const struct pdf_note *n = &doc->notes[np->note];
		const struct pdf_block *b = n->blocks[np->block];
		if (np->from == 0 && np->block == 0)
			pdf_dest(r, n->id, r->left, np->y);
		double x = pdf_block_x(r, b);
		cairo_tag_begin(cr, "Note", "");
		pdf_draw_lines(r, b, np->from, np->to, x, np->y - b->line_top[np->from]);
		cairo_tag_end(cr, "Note");
	}
}

/* A layout for a running header or footer line of text. */
static PangoLayout *pdf_band_layout(struct pdf_render *r, const char *text, double size)
{
	struct pdf_doc *doc = r->doc;
	PangoLayout *l = pango_layout_new(doc->rtl ? doc->ctx_rtl : doc->ctx_ltr);
	PangoFontDescription *fd = pango_font_description_new();
	pango_font_description_set_family(fd, doc->font_family);
	pango_font_description_set_size(fd, (gint)(size * PANGO_SCALE));
	pango_layout_set_auto_dir(l, FALSE);
	pango_layout_set_font_description(l, fd);
	pango_layout_set_width(l, pango_units_from_double(doc->text_w));
	pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
	pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
	pango_layout_set_text(l, text, -1);
	pango_font_description_free(fd);
	return l;
}

/* One line of text centred (or at a side) in the header or footer band;
 * not tagged: it is a pagination artifact, not content. */
static void pdf_draw_band_text(struct pdf_render *r, PangoLayout *l, const double rgb[3],
                               double baseline)
{
	PangoLayoutIter *it = pango_layout_get_iter(l);
	double y0 = baseline - pango_units_to_double(pango_layout_iter_get_baseline(it));
	pango_layout_iter_free(it);
	struct pdf_block tmp = {0};
	tmp.layout = l;
	tmp.n_lines = 1;
	memcpy(tmp.color, rgb, sizeof tmp.color);
	pdf_draw_lines(r, &tmp, 0, 1, r->left, y0);
}

static void pdf_draw_page_furniture(struct pdf_render *r, int index)
{
	struct pdf_doc *doc = r->doc;
	cairo_t *cr = r->cr;
	char num[32];
	pdf_format_number(doc, index + 1, num, sizeof num);
	if (index > 0 && doc->header_text && *doc->header_text) {
		double base = doc->margin_top - doc->header_size * 1.6;
		/* The same line on every page: shaped once. */
		if (r->header == NULL)
			r->header = pdf_band_layout(r, doc->header_text, doc->header_size);
		pdf_draw_band_text(r, r->header, doc->header_color, base);
		if (doc->header_rule > 0) {
			cairo_save(cr);
			cairo_set_source_rgb(cr, 0.5, 0.5, 0.5);
			cairo_set_line_width(cr, doc->header_rule);
			cairo_move_to(cr, r->left, base + doc->header_size * 0.6);
			cairo_line_to(cr, r->right, base + doc->header_size * 0.6);
			cairo_stroke(cr);
			cairo_restore(cr);
		}
	}
	double fbase = doc->page_h - doc->margin_bottom + doc->footer_size * 2.4;
	PangoLayout *footer = pdf_band_layout(r, num, doc->footer_size);
	pdf_draw_band_text(r, footer, doc->footer_color, fbase);
	g_object_unref(footer);
}

static void pdf_set_metadata(struct pdf_render *r)
{
	struct pdf_doc *doc = r->doc;
	cairo_surface_t *s = r->surface;
	if (doc->title && *doc->title)
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, doc->title);
	if (doc->author && *doc->author)
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR, doc->author);
	if (doc->subject && *doc->subject)
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT, doc->subject);
	if (doc->keywords && *doc->keywords)
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_KEYWORDS, doc->keywords);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR,
	                               doc->creator && *doc->creator ? doc->creator : "convert");

	/* Reproducible dates: SOURCE_DATE_EPOCH, else the article's own
	 * date, else now. */
	char date[32];
	time_t t;
	int fixed = cv_job_timestamp(doc->job, &t);
	if (!fixed && doc->date && strlen(doc->date) == 10) {
		snprintf(date, sizeof date, "%sT00:00:00", doc->date);
	} else {
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm);
	}
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, date);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, date);
}

/* The renderer's state between pages: pages may be drawn as soon as
 * pagination finishes each one (doc->pipeline), or all at the end. */
struct pdf_renderer {
	struct pdf_writer w;
	struct pdf_render r;
	locale_t c_locale, saved;
};

int pdf_render_begin(struct pdf_doc *doc, struct cv_error *err)
{
	struct pdf_renderer *rr = g_new0(struct pdf_renderer, 1);
	rr->w.job = doc->job;
	rr->w.err = err;
	struct pdf_render *r = &rr->r;
	r->doc = doc;
	r->left = doc->rtl ? doc->margin_end : doc->margin_start;
	r->right = doc->page_w - (doc->rtl ? doc->margin_start : doc->margin_end);
	r->surface = cairo_pdf_surface_create_for_stream(pdf_write, &rr->w, doc->page_w, doc->page_h);
	if (cairo_surface_status(r->surface) != CAIRO_STATUS_SUCCESS) {
		cv_error_set(err, CV_ERROR_LIBRARY, NULL, 0, 0, "pdf: cairo: %s",
		             cairo_status_to_string(cairo_surface_status(r->surface)));
		cairo_surface_destroy(r->surface);
		g_free(rr);
		return CV_FAIL;
	}
	/* Thread-local "C" numbers for Cairo's tag attribute parser. */
	rr->c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	rr->saved = rr->c_locale ? uselocale(rr->c_locale) : (locale_t)0;
	pdf_set_metadata(r);
	r->cr = cairo_create(r->surface);
	cairo_tag_begin(r->cr, "Document", "");
	r->page_images = g_hash_table_new(g_direct_hash, g_direct_equal);
	r->slots = pdf_fontslots_new();
	/* CV_PDF_NO_STAMPS=1 paints outlines as paths (to compare). */
	r->stamps = getenv("CV_PDF_NO_STAMPS") ? NULL : pdf_stamps_new();
	/* The file is kept whole for archive.c's pass, with the figures' alt
	 * texts in the order they are tagged. */
	rr->w.held = g_byte_array_new();
	r->alts = g_ptr_array_new();
	doc->renderer = rr;
	return CV_OK;
}

/* Adds the letters of lines [from, to) of b to lr and rl
 * (pdf_runorder_count_letters). */
static void pdf_block_letters(const struct pdf_block *b, int from, int to, int *lr, int *rl)
{
	if (b != NULL && b->layout != NULL && to > from)
		pdf_runorder_count_letters(pango_layout_get_text(b->layout), b->line_start[from],
		                           b->line_end[to - 1], lr, rl);
}

/* Which way poppler will read page p (glyphrun.h, PDF_MARK_LRM_LEFT): 1
 * right to left, 0 left to right, counting the letters of its body,
 * tables and notes; -1 when their balance is close enough for the marks
 * drawn for one answer to tip it to the other (an eighth of the letters:
 * a line of English with three Arabic words gets eight LRMs). */
static int pdf_page_dir(const struct pdf_doc *doc, const struct pdf_page *p)
{
	int lr = 0, rl = 0;
	for (int k = 0; k < p->n_places; k++) {
		const struct pdf_place *pl = &p->places[k];
		const struct pdf_item *it = &doc->items[pl->item];
		if (it->kind == PDF_ITEM_BLOCK)
			pdf_block_letters(it->block, pl->from, pl->to, &lr, &rl);
		if (it->kind != PDF_ITEM_TABLE)
			continue;
		const struct pdf_table *t = it->table;
		if (pl->caption && t->caption)
			pdf_block_letters(t->caption, 0, t->caption->n_lines, &lr, &rl);
		for (int c = 0; c < t->n_cells; c++) {
			const struct pdf_cell *cell = &t->cells[c];
			if ((cell->row >= pl->from && cell->row < pl->to) ||
			    (pl->header && cell->row < t->n_header_rows))
				pdf_block_letters(cell->block, 0, cell->block->n_lines, &lr, &rl);
		}
	}
	for (int i = 0; i < p->n_notes; i++) {
		const struct pdf_note_place *np = &p->notes[i];
		pdf_block_letters(doc->notes[np->note].blocks[np->block], np->from, np->to, &lr, &rl);
	}
	if (abs(lr - rl) * 8 <= lr + rl)
		return -1;
	return rl > lr;
}

void pdf_render_page(struct pdf_doc *doc, int pi)
{
	struct pdf_renderer *rr = doc->renderer;
	struct pdf_render *r = &rr->r;
	struct pdf_page *p = &doc->pages[pi];
	char label[32];
	pdf_format_number(doc, pi + 1, label, sizeof label);
	cairo_pdf_surface_set_page_label(r->surface, label);
	pdf_draw_page_furniture(r, pi);
	r->page_dir = pdf_page_dir(doc, p);
	for (int k = 0; k < p->n_places; k++) {
		struct pdf_place *pl = &p->places[k];
		struct pdf_item *it = &doc->items[pl->item];
		switch (it->kind) {
		case PDF_ITEM_GROUP_BEGIN:
			cairo_tag_begin(r->cr, it->tag, "");
			if (it->id)
				r->pending_dest = it->id;
			break;
		case PDF_ITEM_GROUP_END:
			cairo_tag_end(r->cr, it->tag);
			break;
		case PDF_ITEM_BLOCK:
			pdf_draw_block(r, it->block, pl->from, pl->to, pl->y);
			break;
		case PDF_ITEM_RULE: {
			double len = it->rule_length;
			double x = r->left + (doc->text_w - len) / 2;
			cairo_save(r->cr);
			cairo_set_source_rgb(r->cr, 0.4, 0.4, 0.4);
			cairo_set_line_width(r->cr, it->rule_width);
			cairo_move_to(r->cr, x, pl->y + it->rule_width / 2);
			cairo_line_to(r->cr, x + len, pl->y + it->rule_width / 2);
			cairo_stroke(r->cr);
			cairo_restore(r->cr);
			break;
		}
		case PDF_ITEM_FIGURE:
			pdf_draw_figure(r, it->figure, pl->y);
			break;
		case PDF_ITEM_TABLE:
			if (pl->from == 0 || pl->caption)
				cairo_tag_begin(r->cr, "Table", "");
			pdf_draw_table(r, it->table, pl);
			if (pl->to == it->table->n_rows)
				cairo_tag_end(r->cr, "Table");
			break;
		}
	}
	pdf_draw_notes(r, p);
	cairo_show_page(r->cr);
	g_hash_table_remove_all(r->page_images);
	/* Pipelined pagination never goes back: a paragraph whose last line
	 * is drawn here is not needed again but for its line heights, so
	 * its glyphs go now rather than pile up for the whole article. */
	if (doc->pipeline)
		for (int k = 0; k < p->n_places; k++) {
			struct pdf_place *pl = &p->places[k];
			struct pdf_item *it = &doc->items[pl->item];
			if (it->kind == PDF_ITEM_BLOCK && pl->to == it->block->n_lines)
				pdf_block_release(it->block);
		}
}

int pdf_render_end(struct pdf_doc *doc, int ok, struct cv_error *err)
{
	struct pdf_renderer *rr = doc->renderer;
	if (!rr)
		return CV_FAIL;
	struct pdf_render *r = &rr->r;
	doc->renderer = NULL;
	cairo_tag_end(r->cr, "Document");
	if (r->fonts)
		g_hash_table_destroy(r->fonts);
	g_hash_table_destroy(r->page_images);
	cairo_status_t st = cairo_status(r->cr);
	cairo_destroy(r->cr);
	pdf_fontslots_free(r->slots);
	if (r->header)
		g_object_unref(r->header);
	if (!ok)
		rr->w.failed = 1; /* nothing more is written */
	cairo_surface_finish(r->surface);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(r->surface);
	cairo_surface_destroy(r->surface);
	/* After the surface: it writes the stamps' tiles when it finishes. */
	pdf_stamps_free(r->stamps);
	if (rr->c_locale) {
		uselocale(rr->saved);
		freelocale(rr->c_locale);
	}
	int failed = rr->w.failed;
	GByteArray *held = rr->w.held;
	GPtrArray *alts = r->alts;
	g_free(rr);
	int rc = CV_OK;
	if (!ok || failed)
		rc = CV_FAIL; /* err was filled already */
	else if (st != CAIRO_STATUS_SUCCESS)
		rc = cv_error_set(err, CV_ERROR_LIBRARY, NULL, 0, 0, "pdf: cairo: %s",
		                  cairo_status_to_string(st));
	if (rc == CV_OK) {
		/* Handed to archive.c, which writes the file to the job. */
		doc->file = held;
		doc->alts = alts;
	} else {
		g_byte_array_free(held, TRUE);
		g_ptr_array_free(alts, TRUE);
	}
	return rc;
}

int pdf_render(struct pdf_doc *doc, struct cv_error *err)
{
	if (pdf_render_begin(doc, err) != CV_OK)
		return CV_FAIL;
	for (int pi = 0; pi < doc->n_pages; pi++)
		pdf_render_page(doc, pi);
	return pdf_render_end(doc, 1, err);
}
