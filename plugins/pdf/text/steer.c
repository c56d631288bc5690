/*
 * steer.c: the steered text layer (text.h): lines drawn so that poppler
 * and pdf.js read them back in order. Each run goes through glyphrun.c;
 * here is what concerns a line as a whole: which runs pdf.js will read as
 * one item (pdf_same_item), the order the runs are drawn in (runorder.h),
 * the spaces and marks carried between items, and the first use of a
 * character in a face (fontslots.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>

#include "text/carriers.h"
#include "text/added.h"
#include "text/fontslots.h"
#include "text/glyphrun.h"
#include "text/layer.h"
#include "text/runorder.h"
#include "text/stamps.h"

/* The steered layer's state: per PDF, and per line being drawn. */
struct pdf_steer {
	cairo_t *cr;
	struct pdf_fontslots *slots; /* Cairo's WinAnsi slots claimed so far */
	struct pdf_stamps *stamps;   /* glyph outlines drawn so far, or NULL */
	struct pdf_carriers *carriers; /* the carrier font (carriers.h) */
	struct pdf_added *added;     /* kashidas' tatweel forms (added.h) */
	struct pdf_glyphrun_target to; /* the five, for glyphrun.c */
	int page_dir;            /* how poppler reads this page (pdf_steer_page) */
	/* The line being drawn. */
	const struct pdf_text_line *line;
	const struct pdf_text_marks *marks;
	int logical;             /* drawing a line item by item in logical
	                          * order (pdf_draw_runs_logical) */
	const PangoGlyphItem **primed; /* ...whose runs drawn with primers */
	int n_primed;                  /* throughout are these (pdf_line_primes) */
	int swapping;            /* drawing two runs the other way round */
	int led;                 /* the line's first run is drawn (pdf_show_run) */
	int item_lead;           /* the next run drawn starts a pdf.js item */
	const PangoGlyphItem *drawn_last; /* the line's run drawn last (pdf_show_run) */
	int split_wide;          /* wide gaps end items (pdf_same_item) */
	const PangoGlyphItem *white_apart; /* the run whose white space on its left
	                          * a gap's carrier lies in (pdf_draw_items) */
	PangoFont *line_spare;   /* the line's first font whose face has glyphs to
	                          * spare, for carriers (pdf_steer_text) */
	/* The marked content a line's text goes in (pdf_draw_run_open). */
	GSList *unended;         /* the run drawn last, whose marked content stays
	                          * open for what is drawn after it, or NULL */
	GArray *primers;         /* struct pdf_primer: the line's, shown in its
	                          * first run's marked content */
	double prime_x, prime_y; /* where they are shown: the line's start */
};

/* A primer claimed for a line (pdf_glyphrun_claim_space), not yet shown. */
struct pdf_primer {
	PangoFont *font;
	unsigned long glyph;
};

/* The width of run l of a line, in points. */
static double pdf_run_width(GSList *l)
{
	return pango_units_to_double(pango_glyph_string_get_width(((PangoGlyphItem *)l->data)->glyphs));
}

/* The size of run's font, in points. */
static double pdf_run_em(const PangoGlyphItem *run)
{
	PangoFontDescription *d = pango_font_describe(run->item->analysis.font);
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
	struct pdf_steer *r = ctx;
	if (r->marks && r->marks->apart && r->marks->apart(r->marks->ctx, a, b))
		return 0;
	/* A run drawn with primers throughout is in Cairo's other font. */
	for (int i = 0; i < r->n_primed; i++)
		if (r->primed[i] == a || r->primed[i] == b)
			return 0;
	if (a->item->analysis.font != b->item->analysis.font)
		return 0;
	/* On a right-to-left line a left-to-right run of Latin or European
	 * digits is an item of its own. Drawn in one with the Arabic beside
	 * it, in visual order, it was read first wherever pdf.js split it
	 * off after all: at the isolate of a span broken across two lines
	 * ("ligature الكوفي" for "الكوفي <span dir="ltr">ligature 876</span>"),
	 * at a face that changes inside it. Arabic-Indic digits are right to
	 * left to pdf.js, and stay with their words ("الشكل ١"). */
	const char *text = r->line->label ? NULL : r->line->text;
	int a_rtl = a->item->analysis.level & 1;
	if (text != NULL && r->line->rtl && pdf_run_latin(a, text) != pdf_run_latin(b, text))
		return 0;
	/* pdf.js also ends its item at a gap of 0.6 em: a space that
	 * justification widened between two runs of a right-to-left stretch
	 * of a left-to-right line ("إسطنبول 516" read "516 إسطنبول"). On a
	 * right-to-left line the letter before such a space carries it
	 * (pdf_glyphrun_show_stretched), but not a digit or a Latin letter:
	 * between two left-to-right runs the gap ends the item there too
	 * ("1551 H<sub>2</sub>O" justified apart). */
	if (text != NULL && (r->split_wide || (r->line->rtl && !a_rtl))) {
		double gap = pdf_glyphrun_white_right(a, text) + pdf_glyphrun_ink_left(b, text);
		if (gap >= PDF_ITEM_GAP_EM * pdf_run_em(b))
			return 0;
	}
	return 1;
}

/* The Cairo font of run, which is drawn with *font, when its face has
 * glyphs to spare, so that its WinAnsi slots are claimed by primers
 * (fontslots.h); else NULL. */
static cairo_scaled_font_t *pdf_priming_face(struct pdf_steer *r, const PangoGlyphItem *run,
                                             PangoFont **font)
{
	*font = run->item->analysis.font;
	cairo_scaled_font_t *sf = *font ? pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(*font)) : NULL;
	return sf != NULL && pdf_fontslots_spares(r->slots, *font, sf) ? sf : NULL;
}

/* The Pango font (as drawn) of the first of runs whose face has glyphs
 * to spare, or NULL. */
static PangoFont *pdf_spare_font(struct pdf_steer *r, GSList *runs)
{
	for (GSList *l = runs; l; l = l->next) {
		PangoFont *font;
		if (pdf_priming_face(r, l->data, &font) != NULL)
			return font;
	}
	return NULL;
}

/* The bidi mark and space carried between two items of a right-to-left
 * (left-to-right) line (pdf_draw_gap_space), and before a right-to-left
 * cell whose face cannot carry its space (pdf_show_run). A mark first,
 * as pdf.js drops a glyph whose text starts with white space; the line's
 * own direction, which the readers' reordering keeps where it stands. */
#define PDF_RLM_SPACE "\xe2\x80\x8f "
#define PDF_LRM_SPACE "\xe2\x80\x8e "

/* Draws run, element l of a line's runs in visual order (first the head
 * of that list), on a line of direction base_rtl. */
static void pdf_show_run(struct pdf_steer *r, const char *text, GSList *first, GSList *l,
                         int base_rtl, double x, double y)
{
	PangoGlyphItem *run = l->data;
	/* The space between cells (glyphrun.h) goes with the line's rightmost
	 * run, the last in the stream: on a cell's first line when that run
	 * is right to left (the space comes first), on its last line when it
	 * is left to right (the space comes last). */
	int rtl = (run->item->analysis.level & 1) != 0;
	int end_space = l->next == NULL && ((r->line->cell_space_before && rtl) ||
	                                    (r->line->cell_space_after && !rtl));
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
	/* A right-to-left cell's space whose face has no spare glyph as wide
	 * as the cell's first letter (pdf_glyphrun_end_space_off_face) goes
	 * on a carrier of its own in the gap right of the run, drawn before
	 * it (and before the line's lead, which must start the run's pdf.js
	 * item): carried with the letter on the carrier font, it made that
	 * letter an item of its own, which pdf.js, joining items in drawing
	 * order, put after the rest of the word ("ילה מ" for "מילה"). Only
	 * there: in every cell, poppler read a repeated header row's last
	 * cell after the first column (test_pagelist.sh). */
	int spaced_before = 0;
	if (end_space && rtl && pdf_glyphrun_end_space_off_face(&r->to, text, run)) {
		cairo_scaled_font_t *sf = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(run->item->analysis.font));
		if (pdf_glyphrun_gap_text(&r->to, sf, PDF_RLM_SPACE, x + pdf_run_width(l),
		                          0.3 * pdf_run_em(run), y))
			end_space = 0, spaced_before = 1;
	}
	unsigned mark = pdf_glyphrun_mark(first, l, text, base_rtl, r->page_dir, r->line->in_cell);
	if (lead && base_rtl && pdf_glyphrun_lead_line(&r->to, text, run, mark, x, y))
		mark &= ~(unsigned)PDF_MARK_RLM_START;
	/* The next run drawn, when it is the visual right neighbour (not
	 * while two runs are drawn the other way round). */
	GSList *n = l->next;
	while (n && pdf_run_width(n) == 0)
		n = n->next;
	double joined = !r->swapping && n != NULL && pdf_same_item(r, run, n->data)
	                ? pdf_glyphrun_ink_left(n->data, text) : -1;
	struct pdf_glyphrun_how how = { mark, end_space, before, joined, run == r->white_apart };
	pdf_glyphrun_show(&r->to, text, run, &how, x, y);
	/* And a lone space at its right end, where the space used to be in
	 * the stream: MuPDF 1.21 reads the stream as it comes, and glued
	 * the cell to the next one drawn. pdf.js drops it (its text starts
	 * with white space), poppler skips a lone space. */
	if (spaced_before && !pdf_glyphrun_edge_text(&r->to, run->item->analysis.font, " ",
	                                             x + pdf_run_width(l), -HUGE_VAL, NAN, y) &&
	    r->line_spare != NULL)
		pdf_glyphrun_edge_text(&r->to, r->line_spare, " ", x + pdf_run_width(l), -HUGE_VAL, NAN, y);
	if (pdf_run_width(l) > 0)
		r->drawn_last = run;
	/* A face with no glyph to carry the edge RLM (a Latin word in Noto
	 * that ends the cell line on its left) gets it beside its ink, on a
	 * carrier in the line's face that has one: poppler read the word into
	 * the next cell ("Unicodeخط"). */
	PangoFont *drawn;
	if ((mark & PDF_MARK_RLM_EDGE) && !rtl && r->line_spare != NULL &&
	    pdf_priming_face(r, run, &drawn) == NULL)
		pdf_glyphrun_edge_text(&r->to, r->line_spare, "\xe2\x80\x8f",
		                       x + pdf_glyphrun_ink_left(run, text), -HUGE_VAL, NAN, y);
}

/* A run of a line and where it is drawn (pdf_draw_runs_logical). */
struct pdf_run_at {
	GSList *node;
	double x;
};

/* Draws the text u on a carrier (pdf_glyphrun_edge_text) in the font of
 * the run at, ending where its ink starts (at_left) or at end; 0 when it
 * cannot. */
static int pdf_edge_text(struct pdf_steer *r, const char *text, const struct pdf_run_at *at,
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
		from = pdf_glyphrun_stream_end(run, at->x) - 0.15 * pdf_run_em(run);
		if (pdf_glyphrun_white_right(run, text) > 0)
			after_white = pdf_glyphrun_text_end(run, text, at->x);
	}
	y -= pango_units_to_double(run->y_offset);
	/* pdf.js joins its items in drawing order whatever their fonts, so
	 * a run in Noto, which has no glyph to spare, gets its text on a
	 * carrier in the line's Amiri. */
	return pdf_glyphrun_edge_text(&r->to, run->item->analysis.font, u, end, from,
	                              after_white, y) ||
	       (r->line_spare != NULL &&
	        pdf_glyphrun_edge_text(&r->to, r->line_spare, u, end, from, after_white, y));
}

/* Shows the primers the line claimed (pdf_steer_text) and not yet
 * shown. */
static void pdf_show_primers(struct pdf_steer *r)
{
	for (guint i = 0; i < r->primers->len; i++) {
		const struct pdf_primer *p = &g_array_index(r->primers, struct pdf_primer, i);
		pdf_glyphrun_show_primer(&r->to, p->font, p->glyph, r->prime_x, r->prime_y);
	}
	g_array_set_size(r->primers, 0);
}

/* Closes the marked content of the run drawn last (pdf_draw_run_close),
 * if it is still open. */
static void pdf_draw_run_end(struct pdf_steer *r)
{
	const struct pdf_text_marks *m = r->marks;
	if (r->unended != NULL && m && m->end)
		m->end(m->ctx, r->unended->data);
	r->unended = NULL;
}

/* Texts to draw beside a run (pdf_draw_run): on its left, ending
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

/* Draws run l of runs (a line, in visual order) with its left edge at x
 * on baseline y, inside its marked content (pdf_text_marks), with texts
 * drawn just outside the run's ink (pdf_edge_text) inside it: before it on
 * its left, after it on its right, as edges says (NULL: none). */
static void pdf_draw_run_open(struct pdf_steer *r, const char *text, GSList *runs, GSList *l,
                              double x, double y, const struct pdf_edges *edges)
{
	PangoGlyphItem *run = l->data;
	const struct pdf_text_marks *m = r->marks;
	pdf_draw_run_end(r);
	if (m && m->begin)
		m->begin(m->ctx, run);
	/* The line's primers, in the marked content of its first run drawn:
	 * before it, they were in none (ISO 14289-1 7.1). */
	pdf_show_primers(r);
	struct pdf_run_at here = { l, x };
	for (int i = 0; edges && i < 2; i++)
		if (edges->left[i])
			pdf_edge_text(r, text, &here, edges->left[i], 1, 0, y);
	pdf_show_run(r, text, runs, l, r->line->rtl, x, y - pango_units_to_double(run->y_offset));
	for (int i = 0; edges && i < 2; i++)
		if (edges->right[i] && !pdf_edge_text(r, text, &here, edges->right[i], 0, edges->right_end, y) &&
		    i == 1 && edges->failed)
			*edges->failed = 1;
}

/* Leaves the marked content pdf_draw_run_open opened for run l open for
 * what the line draws after l and before its next run (a space carried
 * between items, a mark at the line's end): drawn between two runs'
 * marked content, it would be neither tagged nor an artifact (ISO 14289-1
 * 7.1, plugins/pdf/archive/artifact.c). pdf_draw_run_end closes it. */
static void pdf_draw_run_close(struct pdf_steer *r, GSList *l)
{
	pdf_draw_run_end(r);
	r->unended = l;
}

static void pdf_draw_run(struct pdf_steer *r, const char *text, GSList *runs, GSList *l, double x,
                         double y, const struct pdf_edges *edges)
{
	pdf_draw_run_open(r, text, runs, l, x, y, edges);
	pdf_draw_run_close(r, l);
}

/* The run after l on a line (in visual order, past runs that draw
 * nothing) if the two are drawn the other way round
 * (pdf_runorder_draw_before) and pdf.js starts a new text item at the
 * second of them even so: the run before l is in another item
 * (pdf_same_item), or the run at l is wide enough that the jump over it
 * is no word space to pdf.js (0.6 em); else NULL. */
static GSList *pdf_swapped(struct pdf_steer *r, const char *text, GSList *runs, GSList *l)
{
	/* The next run that draws anything, past the isolates. */
	GSList *n = l->next;
	while (n && pdf_run_width(n) == 0)
		n = n->next;
	if (n == NULL)
		return NULL;
	PangoGlyphItem *left = l->data, *right = n->data;
	if (r->line->in_cell || !pdf_runorder_draw_before(left, right, text))
		return NULL;
	PangoGlyphItem *before = NULL;
	for (GSList *k = runs; k != l; k = k->next)
		if (pdf_run_width(k) > 0)
			before = k->data;
	if (before == NULL || !pdf_same_item(r, before, right))
		return n;
	return pdf_run_width(l) > 0.7 * pdf_run_em(right) ? n : NULL;
}

/* The first character of run's text, drawn with font (sf), that is not a
 * letter or digit and that its face shows for the first time, or NULL. */
static const char *pdf_open_mark(struct pdf_steer *r, const char *text, const PangoGlyphItem *run,
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
static int pdf_line_primes(struct pdf_steer *r, const char *text, GSList *runs,
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
static GSList *pdf_split_primed(struct pdf_steer *r, const char *text, GSList *runs)
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

/* The left and right edges, on the page, of the glyphs of the line's runs
 * (at x positions at[], n of them) that draw the white space in text
 * bytes [from, to); 0 when none does. */
static int pdf_white_extent(const char *text, const struct pdf_run_at *at, int n, int from, int to,
                            double *left, double *right)
{
	int found = 0;
	for (int j = 0; j < n; j++) {
		const PangoGlyphItem *run = at[j].node->data;
		const PangoGlyphString *g = run->glyphs;
		int pen = 0;
		for (int i = 0; i < g->num_glyphs; i++) {
			int off = run->item->offset + g->log_clusters[i];
			double x0 = at[j].x + (double)pen / PANGO_SCALE;
			pen += g->glyphs[i].geometry.width;
			double x1 = at[j].x + (double)pen / PANGO_SCALE;
			if (off < from || off >= to || !g_unichar_isspace(g_utf8_get_char(text + off)) ||
			    x1 <= x0)
				continue;
			if (!found || x0 < *left)
				*left = x0;
			if (!found || x1 > *right)
				*right = x1;
			found = 1;
		}
	}
	return found;
}

/* Draws the white space between items a and b, logical neighbours on a
 * line drawn item by item (pdf_draw_items), as a bidi mark and a space on
 * the carrier font (pdf_glyphrun_gap_text), where the space is on the
 * page, between a and b in the stream. pdf.js joins its items in drawing
 * order with no space where the pen jumps left, as it does from one item
 * to the next on a right-to-left line: the words that met there were
 * glued ("בשנת1924בית"). Drawn in another font than either item, the
 * carrier is an item of its own, read between them whichever way they
 * read; poppler and PDFium, which read by position, find it in the space,
 * and MuPDF reads the space too. */
static void pdf_draw_gap_space(struct pdf_steer *r, const char *text, const struct pdf_run_at *at,
                               int n, const struct pdf_runorder_item *a,
                               const struct pdf_runorder_item *b, double y)
{
	/* The white space around the point where a's text ends and b's
	 * starts. */
	int from = a->end, to = b->start;
	if (to < from)
		return;
	while (from > a->start && g_unichar_isspace(g_utf8_get_char(g_utf8_prev_char(text + from))))
		from = (int)(g_utf8_prev_char(text + from) - text);
	while (to < b->end && g_unichar_isspace(g_utf8_get_char(text + to)))
		to = (int)(g_utf8_next_char(text + to) - text);
	double left = 0, right = 0;
	if (!pdf_white_extent(text, at, n, from, to, &left, &right))
		return;
	PangoGlyphItem *run = at[b->lo].node->data;
	cairo_scaled_font_t *sf = run->item->analysis.font
	                          ? pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(run->item->analysis.font))
	                          : NULL;
	/* The mark of the two items' direction where they share one (two
	 * Latin words on an Arabic line: poppler read an RLM between them as
	 * a stretch of its own and printed the space before both,
	 * "standardstandard"), else the line's. */
	int rtl = a->rtl == b->rtl ? a->rtl : r->line->rtl;
	/* A run the carrier font carries (Noto Nastaliq Urdu) may have drawn
	 * the same text on a glyph as wide just there. PDFium drops a glyph
	 * of the same code as one of the seven before it, at the same place
	 * within 0.07 em, and when that glyph starts its text object, the
	 * space before it too (cpdf_textpage.cpp, ProcessTextObject): the
	 * space between "اپریل" and "2010" was lost. A carrier a step of the
	 * carrier font (1/128 em) wider is another glyph. */
	double em = 0;
	if (sf != NULL) {
		cairo_matrix_t fm;
		cairo_scaled_font_get_font_matrix(sf, &fm);
		em = fabs(fm.yy);
	}
	/* PDFium orders a line's text objects by where each starts, one that
	 * starts where an earlier one does after it (cpdf_textpage.cpp,
	 * ProcessTextObject): a carrier drawn from the left end of the white
	 * space went after the run that starts with that space, inside its
	 * last word ("می‌ توانید"). It starts a thousandth of an em left. */
	pdf_glyphrun_gap_text(&r->to, sf, rtl ? PDF_RLM_SPACE : PDF_LRM_SPACE, left - em / 1000,
	                      right - left + em / 128 + em / 1000, y);
}

/* Draws the ni items of a line (pdf_runorder_items, in logical order)
 * whose runs are at at[], with the spaces between them
 * (pdf_draw_runs_logical). */
static void pdf_draw_items(struct pdf_steer *r, const char *text, GSList *runs,
                           const struct pdf_run_at *at, const struct pdf_runorder_item *items,
                           int ni, PangoFont *end_font, double y)
{
	int n = (int)g_slist_length(runs);
	r->logical = 1;
	for (int k = 0; k < ni; k++) {
		const struct pdf_runorder_item *it = &items[k];
		/* An item whose stream starts with a vowel mark lost it to the
		 * item before, as a line does to the line before
		 * (pdf_glyphrun_lead_line): "خاصاً" after "amirifont.org". */
		r->item_lead = 1;
		/* The item's leftmost run, when a gap's carrier (the mark and
		 * space between it and a logical neighbour on its left,
		 * pdf_draw_gap_space) lies in the white space it starts with:
		 * PDFium orders a line's text objects by where each starts, and
		 * read the carrier, drawn later, after the run's first text
		 * object, which started in that space and ran on into the words
		 * ("بش ‏ أن" for "بشأن" where kashida or a faint letter ended
		 * the object inside a word); that space goes apart
		 * (pdf_glyphrun_how). */
		r->white_apart = NULL;
		if ((k > 0 && items[k - 1].spaced_after && at[items[k - 1].first].x < at[it->first].x) ||
		    (k + 1 < ni && it->spaced_after && at[items[k + 1].first].x < at[it->first].x))
			r->white_apart = at[it->first].node->data;
		/* The space after the item goes in its last run's marked
		 * content (pdf_draw_run_close). */
		for (int j = it->first; j < it->last; j++)
			pdf_draw_run(r, text, runs, at[j].node, at[j].x, y, NULL);
		r->white_apart = NULL;
		if (k + 1 < ni && it->spaced_after)
			pdf_draw_gap_space(r, text, at, n, it, &items[k + 1], y);
		/* MuPDF 1.21 reads the stream as it comes and glued the two ends
		 * it jumps between, which are no neighbours in the text, where
		 * no white space parts the items ("المعزول:U+FEC9" for "ع
		 * (<code>U+FEC9</code>)"): a space on a faint carrier at this
		 * item's right end, which pdf.js drops (a glyph whose text starts
		 * with white space) and poppler skips (a space alone). Where the
		 * next item is the one on the right, the gap parts them. Only
		 * after a right-to-left item: after a left-to-right one MuPDF
		 * 1.28 read the space into the text where the source has none,
		 * and split a word ("iOS آپ" for "<span>iOS</span>آپ"). */
		else if (it->rtl && k + 1 < ni && items[k + 1].first != it->last) {
			const PangoGlyphItem *last = at[it->last - 1].node->data;
			double end = at[it->last - 1].x + pdf_run_width(at[it->last - 1].node);
			if (!pdf_glyphrun_edge_text(&r->to, last->item->analysis.font, " ", end, -HUGE_VAL, NAN, y) &&
			    r->line_spare != NULL)
				pdf_glyphrun_edge_text(&r->to, r->line_spare, " ", end, -HUGE_VAL, NAN, y);
		}
	}
	/* In a cell the next cell's text follows in the stream: mupdf glued
	 * it to the last item's end ("Unicodeرقمي"), which is no longer the
	 * cell's right edge, where the jump back used to part them. */
	if (end_font != NULL) {
		const struct pdf_runorder_item *it = &items[ni - 1];
		pdf_glyphrun_edge_text(&r->to, end_font, " ",
		                       at[it->last - 1].x + pdf_run_width(at[it->last - 1].node), -HUGE_VAL,
		                       NAN, y);
	}
	r->logical = 0;
	r->item_lead = 0;
}

/* Draws a line that pdf.js reads as several text items (a change of
 * font, a link) one item at a time in logical order, the runs of each in
 * visual order: a right-to-left line, and a left-to-right one whose
 * right-to-left stretch is several items. pdf.js joins its items in the
 * order they are drawn and reverses each on its own, so drawn left to
 * right such a line came out item by item from its end ("Unicode يخزّن
 * معيار", "such as 1820 مطبعة بولاق"); an item's runs it puts in order
 * itself. Where a space separates two items and the stream jumps left
 * from one to the other, it is drawn as a mark and a space on the
 * carrier font between the two items (pdf_draw_gap_space). Returns 0, having drawn
 * nothing, when the line is one item or its items are drawn in logical
 * order anyway. */
static int pdf_draw_runs_logical(struct pdf_steer *r, const char *text, GSList *runs, double x,
                                 double y)
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
	PangoFont *end_font = r->line->in_cell ? r->line_spare : NULL;
	if ((!r->line->in_cell || end_font != NULL) &&
	    !pdf_line_primes(r, text, runs, primed, &r->n_primed)) {
		int i = 0;
		for (GSList *l = runs; l; l = l->next, i++) {
			at[i].node = l;
			at[i].x = x;
			x += pdf_run_width(l);
		}
		r->split_wide = !r->line->rtl;
		ni = pdf_runorder_items(runs, text, pdf_same_item, r, items);
		r->split_wide = 0;
		/* A left-to-right line's items are in logical order as drawn,
		 * but for a right-to-left stretch of several. */
		int reordered = r->line->rtl;
		for (int k = 0; k + 1 < ni; k++)
			reordered |= items[k].first > items[k + 1].first;
		if (!reordered)
			ni = 0;
		if (ni > 1)
			pdf_draw_items(r, text, runs, at, items, ni, end_font, y);
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
static void pdf_draw_baseline_lead(struct pdf_steer *r, const char *text, GSList *runs, double x,
                                   double y)
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
			pdf_glyphrun_edge_text(&r->to, font, r->line->rtl ? "\xe2\x80\x8f" : "\xe2\x80\x8e",
			                       x + pdf_glyphrun_ink_left(l->data, text), -HUGE_VAL, NAN, y);
			return;
		}
	}
}

/* Draws a line of text (in visual order) from its left edge x on
 * baseline y: each run in its marked content. */
static void pdf_steer_text(struct pdf_steer *r, const char *text, GSList *runs, double x, double y)
{
	double x0 = x;
	GSList *line = runs;
	r->led = 0;
	r->drawn_last = NULL;
	r->line_spare = pdf_spare_font(r, runs);
	r->prime_x = x;
	r->prime_y = y;
	for (GSList *l = runs; l; l = l->next) {
		PangoFont *font = ((PangoGlyphItem *)l->data)->item->analysis.font;
		struct pdf_primer p = { font, pdf_glyphrun_claim_space(&r->to, font) };
		if (p.glyph != 0)
			g_array_append_val(r->primers, p);
	}
	GSList *split = pdf_split_primed(r, text, runs);
	int drawn = pdf_draw_runs_logical(r, text, split ? split : runs, x, y);
	if (drawn)
		runs = NULL;
	for (GSList *l = runs; l; l = l->next) {
		double w = pdf_run_width(l);
		GSList *n = r->line->rtl ? pdf_swapped(r, text, runs, l) : NULL;
		if (n == NULL) {
			pdf_draw_run(r, text, runs, l, x, y, NULL);
			x += w;
			continue;
		}
		/* The right run first, then the isolates between them (they
		 * take no room), then the left one. */
		r->swapping = 1;
		pdf_draw_run(r, text, runs, n, x + w, y, NULL);
		for (GSList *k = l->next; k != n; k = k->next)
			pdf_draw_run(r, text, runs, k, x + w, y, NULL);
		pdf_draw_run(r, text, runs, l, x, y, NULL);
		r->swapping = 0;
		x += w + pdf_run_width(n);
		l = n;
	}
	pdf_draw_baseline_lead(r, text, line, x0, y);
	/* A slot claimed is shown, or Cairo would give it to the next glyph
	 * that asks (a line of runs that all draw nothing). */
	pdf_show_primers(r);
	pdf_draw_run_end(r);
	if (r->marks && r->marks->close)
		r->marks->close(r->marks->ctx);
	/* Only now: the run whose marked content was open may be one of them. */
	g_slist_free_full(split, (GDestroyNotify)pango_glyph_item_free);
}

/* Whether MuPDF 1.28 reads some character of a label left to right
 * (guess_bidi_level in pdf-op-run.c): a Latin letter, a European digit,
 * which the Extended Arabic-Indic digits of Persian and Urdu are ("۱"),
 * a plus or a percent sign; or, having none it reads right to left (an
 * Arabic or Hebrew letter, an Arabic-Indic digit), the label is all
 * neutrals ("•"), which it reads left to right at a text object's
 * start. */
static int pdf_label_reads_ltr(const char *text)
{
	int rtl = 0;
	for (const char *p = text; *p; p = g_utf8_next_char(p)) {
		switch (u_charDirection((UChar32)g_utf8_get_char(p))) {
		case U_LEFT_TO_RIGHT:
		case U_EUROPEAN_NUMBER:
		case U_EUROPEAN_NUMBER_SEPARATOR:
		case U_EUROPEAN_NUMBER_TERMINATOR:
			return 1;
		case U_RIGHT_TO_LEFT:
		case U_RIGHT_TO_LEFT_ARABIC:
		case U_ARABIC_NUMBER:
			rtl = 1;
			break;
		default:
			break;
		}
	}
	return !rtl;
}

/* Draws the runs of a label (a list marker, a page number) as they are,
 * from its left edge x on baseline y.
 *
 * MuPDF 1.28 adds no space where a line goes on from a character it reads
 * left to right to one it reads right to left (stext-device.c,
 * fz_add_stext_char_imp: "Ignore jumps within line when switching
 * between LTR and RTL text"), so a right-to-left list item's first word
 * was read glued to a marker in Persian or Urdu digits ("۱نجیم"). Such a
 * label ends with an RLM on a carrier of no width at its left edge, drawn
 * after it: the item's first word, which starts half an em to its left
 * (draw/block.c), then comes 0.15-0.8 em past the character before it in
 * MuPDF's logical order, where MuPDF adds a space. The carrier takes a
 * space after the RLM too: pdf.js, which joins its items in drawing
 * order and adds no space where the pen jumps left, as it does from the
 * marker to the item, read the two glued (".۳دولت"); it keeps a glyph
 * whose text starts with the RLM, and MuPDF adds no second space after
 * one. */
static void pdf_steer_label(struct pdf_steer *r, const char *text, GSList *runs, double x, double y)
{
	r->led = 0;
	r->drawn_last = NULL;
	double left = x;
	for (GSList *l = runs; l; l = l->next) {
		pdf_show_run(r, text, runs, l, r->line->rtl, x, y);
		x += pdf_run_width(l);
	}
	if (r->line->rtl && runs != NULL && pdf_label_reads_ltr(text)) {
		PangoFont *font = ((PangoGlyphItem *)runs->data)->item->analysis.font;
		pdf_glyphrun_gap_text(&r->to, pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(font)),
		                      PDF_RLM_SPACE, left, 0, y);
	}
}

static void pdf_steer_line(void *state, const struct pdf_text_line *line,
                           const struct pdf_text_marks *marks)
{
	struct pdf_steer *r = state;
	r->line = line;
	r->marks = marks;
	if (line->label)
		pdf_steer_label(r, line->text, line->runs, line->x, line->y);
	else
		pdf_steer_text(r, line->text, line->runs, line->x, line->y);
	r->line = NULL;
	r->marks = NULL;
}

/* Which way poppler will read the page (glyphrun.h, PDF_MARK_LRM_LEFT): 1
 * right to left, 0 left to right, counting the letters of its text; -1
 * when their balance is close enough for the marks drawn for one answer
 * to tip it to the other (an eighth of the letters: a line of English
 * with three Arabic words gets eight LRMs). */
static void pdf_steer_page(void *state, const struct pdf_text_span *spans, int n)
{
	struct pdf_steer *r = state;
	int lr = 0, rl = 0;
	for (int i = 0; i < n; i++)
		pdf_runorder_count_letters(spans[i].text, spans[i].from, spans[i].to, &lr, &rl);
	r->page_dir = abs(lr - rl) * 8 <= lr + rl ? -1 : rl > lr;
}

/* The kashidas' stamps, as forms (stamps.h), after the page's text. */
static void pdf_steer_page_end(void *state)
{
	struct pdf_steer *r = state;
	pdf_stamps_flush(r->stamps, r->cr);
}

static void *pdf_steer_new(cairo_t *cr, int stamps, const gunichar *chars, size_t n_chars,
                           PangoFontMap *fonts)
{
	struct pdf_steer *r = g_new0(struct pdf_steer, 1);
	r->cr = cr;
	r->slots = pdf_fontslots_new(chars, n_chars);
	r->stamps = stamps ? pdf_stamps_new() : NULL;
	r->carriers = pdf_carriers_new(fonts);
	r->added = pdf_added_new();
	r->primers = g_array_new(FALSE, FALSE, sizeof(struct pdf_primer));
	r->to = (struct pdf_glyphrun_target){ cr, r->slots, r->stamps, r->carriers, r->added };
	return r;
}

static void pdf_steer_free(void *state)
{
	struct pdf_steer *r = state;
	pdf_fontslots_free(r->slots);
	pdf_carriers_free(r->carriers);
	pdf_stamps_free(r->stamps);
	pdf_added_free(r->added);
	g_array_free(r->primers, TRUE);
	g_free(r);
}

const struct pdf_text_layer pdf_text_steered = {
	pdf_steer_new, pdf_steer_free, pdf_steer_page, pdf_steer_line, pdf_steer_page_end
};
