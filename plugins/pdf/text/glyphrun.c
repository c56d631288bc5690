/*
 * glyphrun.c: puts one shaped glyph run into the PDF (glyphrun.h).
 *
 * Glyph geometry is in Pango units (PANGO_SCALE per point). A glyph's pen
 * position is the sum of the widths of the glyphs before it in the glyph
 * string, plus its own x_offset/y_offset; the glyph string is in visual
 * order (left to right) whatever the direction.
 *
 * Why not Pango's own order (what the plain layer draws, plain.c): for a
 * right-to-left run the PDF then holds the glyphs in logical order with
 * the pen moving left, and poppler splits words while pdf.js loses every
 * space (0.90 and 0.01 of the words of the Arabic sample). Here every run,
 * whatever its direction, is emitted left to right: glyphs in visual
 * order, clusters in visual order (each cluster's own text still in
 * logical order), flags 0, which poppler and pdf.js reorder themselves;
 * mupdf keeps stream order and reads such lines backwards. A glyph drawn
 * far from where extractors measure it is painted as an outline and its
 * text shown, nearly transparent, where they do
 * (pdf_glyphrun_show_displaced and the others below). docs/pdf-text.md
 * has the rules and the figures; tests/tools/text-layers measures both
 * layers.
 */
#include "glyphrun.h"
#include "carriers.h"
#include "fontslots.h"
#include "stamps.h"
#include "show.h"

#include <stdint.h>
#include <stdlib.h>
#include <hb.h>
#include <math.h>
#include <string.h>
#include <unicode/uchar.h>

/* One cluster of the run, in visual order: glyphs [gs, ge) of the glyph
 * string, bytes [bs, be) of the item's text. */
struct pdf_cluster {
	int gs, ge, bs, be;
};

/* The last letter shown in a run, as pdf_show_note_last took it. */
struct pdf_show_letter {
	cairo_glyph_t g;            /* its glyph, where it was shown */
	cairo_scaled_font_t *font;  /* in this font */
	glong chars;                /* the characters of its text */
};

/* What a run draws, gathered before any of it is drawn (pdf_show_flush):
 * the outlines painted in place of glyphs, then its text clusters in
 * stream order, some of them faint (the text of glyphs painted as
 * outlines, on glyphs nearly transparent: Cairo has no invisible text
 * mode, PDF render mode 3, and skips fully transparent drawing). The
 * clusters' arrays are plain arrays grown in place (pdf_show_grow):
 * every cluster of every line passes through here, and four GArray
 * appends a cluster were a tenth of the text layer's time. */
struct pdf_show {
	cairo_glyph_t *cg;   /* n_cg glyphs */
	size_t n_cg, cap_cg;
	cairo_text_cluster_t *cc; /* n_cc clusters, and for each: */
	unsigned char *faint; /* whether it is faint */
	cairo_scaled_font_t **font; /* its font: NULL for the run's own (a
	                      * stretched carrier's else) */
	size_t n_cc, cap_cc;
	char *utf8;          /* n_utf8 bytes of the clusters' text */
	size_t n_utf8, cap_utf8;
	GArray *outline;     /* cairo_glyph_t: the glyphs painted as outlines */
	GArray *outline_n;   /* int: how many of them each stamp takes */
	int alt;             /* which of two faint alphas the last faint text
	                      * object had (pdf_show_flush) */
	cairo_scaled_font_t *sf; /* the run's font, or NULL: no faint glyph is
	                      * moved (pdf_show_clear_of_last) */
	double em;           /* its size, in user units */
	/* The last letter shown in the run and the one before it, if each
	 * was a letter (pdf_show_note_last): where poppler takes them to
	 * start and end is measured only when asked (pdf_show_last_edges),
	 * which is seldom. */
	int has_last, had_before;
	struct pdf_show_letter last, before;
};

static void pdf_show_init(struct pdf_show *sh, cairo_scaled_font_t *sf, double em)
{
	memset(sh, 0, sizeof *sh);
	/* Never NULL, so that no offset is ever applied to NULL. */
	sh->cap_utf8 = 64;
	sh->utf8 = g_malloc(sh->cap_utf8);
	sh->outline = g_array_new(FALSE, FALSE, sizeof(cairo_glyph_t));
	sh->outline_n = g_array_new(FALSE, FALSE, sizeof(int));
	sh->sf = sf;
	sh->em = em;
}

static void pdf_show_clear(struct pdf_show *sh)
{
	g_free(sh->cg);
	g_free(sh->cc);
	g_free(sh->faint);
	g_free(sh->font);
	g_free(sh->utf8);
	g_array_free(sh->outline, TRUE);
	g_array_free(sh->outline_n, TRUE);
}

/* data (of *cap elements of size bytes) with room for need of them. */
static void *pdf_show_grow(void *data, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return data;
	*cap = need > 2 * *cap ? need : 2 * *cap;
	if (*cap < 16)
		*cap = 16;
	return g_realloc_n(data, *cap, size);
}

/* Whether u (len bytes) starts or ends with something other than a
 * letter: white space, a mark, a format character. */
static int pdf_show_not_letter_edge(const char *u, int len)
{
	if (len <= 0)
		return 1;
	gunichar first = g_utf8_get_char(u);
	gunichar last = g_utf8_get_char(g_utf8_find_prev_char(u, u + len));
	return !g_unichar_isalpha(first) || !g_unichar_isalpha(last);
}

/* Where poppler takes letter l to start (its last character's left edge)
 * and end, by the font's advance, a glyph's advance shared evenly among
 * its characters. */
static void pdf_show_letter_edges(const struct pdf_show_letter *l, double *left, double *right)
{
	cairo_text_extents_t te;
	cairo_scaled_font_glyph_extents(l->font, &l->g, 1, &te);
	*right = l->g.x + te.x_advance;
	*left = l->g.x + te.x_advance * (double)(l->chars - 1) / (double)l->chars;
}

/* The edges of the last letter shown in the run (pdf_show_letter_edges),
 * and, unless dup is NULL, whether poppler took it for a duplicate of the
 * one before it (its left edge under 0.1 em from that one's); 0 when the
 * last cluster shown was not a letter. */
static int pdf_show_last_edges(const struct pdf_show *sh, double *left, double *right, int *dup)
{
	if (!sh->has_last)
		return 0;
	pdf_show_letter_edges(&sh->last, left, right);
	if (dup == NULL)
		return 1;
	*dup = 0;
	if (sh->had_before) {
		double bl, br;
		pdf_show_letter_edges(&sh->before, &bl, &br);
		*dup = sh->last.g.x - bl < 0.1 * sh->em;
	}
	return 1;
}

/* Where a faint glyph carrying a letter goes so that poppler keeps it in
 * the word of the letter shown before it (x, its pen, else). poppler
 * (TextOutputDev.cc, TextPage::addChar) starts a new word at a character
 * whose left edge is less than 0.1 em (dupMaxPriDelta) from the last
 * character's, taking it for a duplicate, and joins the two pieces again
 * only across a gap under 0.03 em (maxCharSpacing, TextLine::coalesce),
 * measuring both by the advances in the font, not by where Pango put the
 * glyphs. After a letter narrower than 0.07 em in the font (the medial
 * meem of "كما", whose pen Amiri's kerning moves on by twice its advance)
 * a carrier set by Pango's pen could start past the one and short of the
 * other ("ك ما"). It then goes 0.11 em past the letter's left edge, still
 * under 0.1 em from its end, or, after a letter under 0.02 em wide, to
 * its end. */
static double pdf_show_clear_of_last(const struct pdf_show *sh, double x)
{
	double last_left, last_right;
	int last_dup;
	if (!pdf_show_last_edges(sh, &last_left, &last_right, &last_dup))
		return x;
	double em = sh->em;
	/* After a letter poppler took for a duplicate (its left edge under
	 * 0.1 em from the one before: a medial jeem 0.072 em wide, then
	 * lam), it starts a new word at the next character whatever its
	 * place, and joins it only across a gap under 0.03 em ("ا لجنائية"). */
	if (last_dup && x - last_right >= 0.025 * em && x - last_right < 0.1 * em)
		return last_right;
	if (x - last_left >= 0.1 * em || x - last_right < 0.025 * em)
		return x;
	if (last_left + 0.11 * em - last_right <= 0.09 * em)
		return last_left + 0.11 * em;
	return last_right;
}

/* Notes the last glyph of a cluster just appended (pdf_show_clear_of_last):
 * when its text starts and ends with a letter, the glyph and its font. */
static void pdf_show_note_last(struct pdf_show *sh, const cairo_glyph_t *g, int n, const char *u,
                               int len, cairo_scaled_font_t *font)
{
	int had = sh->has_last;
	sh->has_last = 0;
	if (sh->sf == NULL || n != 1 || pdf_show_not_letter_edge(u, len))
		return;
	sh->before = sh->last;
	sh->had_before = had;
	sh->last.g = *g;
	sh->last.font = font != NULL ? font : sh->sf;
	sh->last.chars = g_utf8_strlen(u, len);
	sh->has_last = 1;
}

/* Appends a cluster: len bytes of text u carried by the n glyphs g, faint
 * or not, in font (NULL: the run's). A faint glyph carrying a letter
 * moves clear of the letter before it (pdf_show_clear_of_last). */
static void pdf_show_cluster_in(struct pdf_show *sh, const cairo_glyph_t *g, int n, const char *u,
                                int len, int faint, cairo_scaled_font_t *font)
{
	cairo_glyph_t moved;
	if (faint && n == 1 && sh->has_last && len > 0 && g_unichar_isalpha(g_utf8_get_char(u))) {
		moved = *g;
		moved.x = pdf_show_clear_of_last(sh, g->x);
		g = &moved;
	}
	if (n > 0) {
		sh->cg = pdf_show_grow(sh->cg, &sh->cap_cg, sh->n_cg + (size_t)n, sizeof *sh->cg);
		memcpy(sh->cg + sh->n_cg, g, sizeof *g * (size_t)n);
		sh->n_cg += (size_t)n;
	}
	if (sh->n_cc == sh->cap_cc) {
		sh->cap_cc = sh->cap_cc ? 2 * sh->cap_cc : 16;
		sh->cc = g_renew(cairo_text_cluster_t, sh->cc, sh->cap_cc);
		sh->faint = g_renew(unsigned char, sh->faint, sh->cap_cc);
		sh->font = g_renew(cairo_scaled_font_t *, sh->font, sh->cap_cc);
	}
	sh->cc[sh->n_cc].num_bytes = len;
	sh->cc[sh->n_cc].num_glyphs = n;
	sh->faint[sh->n_cc] = (unsigned char)(faint != 0);
	sh->font[sh->n_cc] = font;
	sh->n_cc++;
	if (len > 0) {
		sh->utf8 = pdf_show_grow(sh->utf8, &sh->cap_utf8, sh->n_utf8 + (size_t)len, 1);
		memcpy(sh->utf8 + sh->n_utf8, u, (size_t)len);
		sh->n_utf8 += (size_t)len;
	}
	pdf_show_note_last(sh, g, n, u, len, font);
}

/* Appends a cluster in the run's font (pdf_show_cluster_in). */
static void pdf_show_cluster(struct pdf_show *sh, const cairo_glyph_t *g, int n, const char *u,
                             int len, int faint)
{
	pdf_show_cluster_in(sh, g, n, u, len, faint, NULL);
}

/* Appends a cluster: len bytes of text u carried by glyph g at (x, y). */
static void pdf_show_add(struct pdf_show *sh, unsigned long g, double x, double y,
                         const char *u, int len)
{
	cairo_glyph_t cg = { g, x, y };
	pdf_show_cluster(sh, &cg, 1, u, len, 0);
}

#define PDF_RTL_LEAD "\xe2\x80\x8f"

/* Whether cluster k of sh is a lead (pdf_show_add_lead): an RLM alone,
 * faint, which shares its text object with the cluster after it. */
static int pdf_show_is_lead(const struct pdf_show *sh, size_t k, const char *u)
{
	return sh->faint[k] && sh->cc[k].num_bytes == 3 && memcmp(u, PDF_RTL_LEAD, 3) == 0;
}

/* Whether a faint cluster appended to sh now would start a text object
 * (pdf_show_flush): each faint cluster has one of its own, shared only
 * with a lead before it. */
static int pdf_show_faint_starts(const struct pdf_show *sh)
{
	size_t n = sh->n_cc;
	if (n == 0)
		return 1;
	int len = sh->cc[n - 1].num_bytes;
	return !pdf_show_is_lead(sh, n - 1, sh->utf8 + sh->n_utf8 - len);
}

/* Whether a solid cluster appended to sh now would start a text object
 * after a faint one. */
static int pdf_show_solid_follows_faint(const struct pdf_show *sh)
{
	return sh->n_cc > 0 && sh->faint[sh->n_cc - 1] != 0;
}

/* Appends the text u on the one glyph g, faint. */
static void pdf_show_faint_one(struct pdf_show *sh, const char *u, int len, const cairo_glyph_t *g)
{
	pdf_show_cluster(sh, g, 1, u, len, 1);
}

/* Paints what sh holds with cr's font and colour, the outlines first (with
 * stamps: stamps.h), then the text: a text object for each stretch of
 * solid clusters, and one for each faint cluster (with the lead before
 * it, if any). Cairo puts neighbouring glyphs of one font and colour in
 * one TJ array, whose position adjustments pdf.js reads otherwise than a
 * text matrix: a mark carried faint after a faint cluster that ends a
 * word went to the next word in pdf.js ("نَبْك ِ"). Two faint alphas
 * alternate so that Cairo starts a text object for each. MuPDF reads the
 * first character of each text object as if nothing came before it
 * (pdf_needs_rtl_lead, pdf_show_add_lead). */
static void pdf_show_flush(cairo_t *cr, struct pdf_show *sh, struct pdf_stamps *stamps)
{
	const cairo_glyph_t *og = (const cairo_glyph_t *)(void *)sh->outline->data;
	for (guint i = 0, at = 0; i < sh->outline_n->len; i++) {
		int n = g_array_index(sh->outline_n, int, i);
		pdf_stamps_paint(stamps, cr, og + at, n);
		at += (guint)n;
	}
	const cairo_glyph_t *cg = sh->cg;
	const cairo_text_cluster_t *cc = sh->cc;
	const unsigned char *faint = sh->faint;
	cairo_scaled_font_t *const *font = sh->font;
	const char *u = sh->utf8;
	for (size_t k = 0; k < sh->n_cc;) {
		size_t e = k;
		int ng = 0, nb = 0;
		for (; e < sh->n_cc && faint[e] == faint[k] && font[e] == font[k]; e++) {
			int lead = faint[e] && pdf_show_is_lead(sh, e, u + nb);
			ng += cc[e].num_glyphs, nb += cc[e].num_bytes;
			if (faint[e] && !lead) {
				e++;
				break;
			}
		}
		if (faint[k] || font[k] != NULL)
			cairo_save(cr);
		if (faint[k]) {
			sh->alt = !sh->alt;
			cairo_set_source_rgba(cr, 0, 0, 0, (1.0 + sh->alt) / 255);
		}
		if (font[k] != NULL)
			cairo_set_scaled_font(cr, font[k]);
		pdf_show_text_glyphs(cr, u, nb, cg, ng, cc + k, (int)(e - k));
		if (faint[k] || font[k] != NULL)
			cairo_restore(cr);
		/* Clusters that carry text but no glyph leave sh->cg without
		 * storage (NULL): no offset may be applied to it then. */
		if (ng > 0)
			cg += ng;
		if (nb > 0)
			u += nb;
		k = e;
	}
	sh->n_cg = sh->n_cc = sh->n_utf8 = 0;
	g_array_set_size(sh->outline, 0);
	g_array_set_size(sh->outline_n, 0);
}

/* One run being drawn (pdf_glyphrun_show): what drawing any of its
 * clusters reads. */
struct pdf_run_draw {
	cairo_t *cr;
	struct pdf_fontslots *slots;   /* NULL: WinAnsi slots left to Cairo */
	struct pdf_stamps *stamps;     /* NULL: outlines drawn as paths */
	struct pdf_carriers *carriers; /* NULL: no run is carried */
	struct pdf_added *added;       /* kashidas' tatweels */
	struct pdf_added_ids ids;      /* the glyphs lines/ adds in this face */
	PangoFont *font;
	cairo_scaled_font_t *sf;
	hb_font_t *hb;
	double em;                     /* the font size, in user units */
	const PangoGlyphString *glyphs;
	const int64_t *pen;            /* each glyph's pen, Pango units from x (a
	                                * run's sum may pass INT_MAX) */
	const struct pdf_cluster *vc;  /* the clusters, in visual order */
	int nvc;
	const char *text;              /* the run's text (its item's) */
	int rtl;
	double x, y;                   /* the run's left edge, its baseline */
	struct pdf_show *sh;           /* the show operation being built */
	const PangoGlyphItem *run;     /* the run itself */
};

/* Draws the hex box Pango uses for a glyph the font lacks, through Pango
 * itself so it looks as it would anywhere else. */
static void pdf_glyphrun_show_unknown(cairo_t *cr, PangoFont *font,
                                      const PangoGlyphInfo *gi, double x,
                                      double y)
{
	PangoGlyphString *one = pango_glyph_string_new();
	pango_glyph_string_set_size(one, 1);
	one->glyphs[0] = *gi;
	one->glyphs[0].geometry.x_offset = 0;
	one->glyphs[0].geometry.y_offset = 0;
	one->log_clusters[0] = 0;
	cairo_move_to(cr, x, y);
	pango_cairo_show_glyph_string(cr, font, one);
	pango_glyph_string_free(one);
}

/* Whether c is a zero-width joiner or non-joiner: part of a word's
 * spelling between two letters (Persian "می‌شود"), drawn by no glyph. */
static int pdf_joiner(gunichar c)
{
	return c == 0x200C || c == 0x200D;
}

/* Whether cluster c's text is joiners alone (pdf_joiner). */
static int pdf_cluster_joiners(const struct pdf_cluster *c, const char *text)
{
	if (c->be <= c->bs)
		return 0;
	for (const char *p = text + c->bs; p < text + c->be; p = g_utf8_next_char(p))
		if (!pdf_joiner(g_utf8_get_char(p)))
			return 0;
	return 1;
}

/* Whether cluster c's text holds a joiner (pdf_joiner): a letter and the
 * joiner after it (pdf_glyphrun_clusters), whose glyph cannot carry both
 * (Cairo maps a glyph to one text, and the letter's glyph is the same
 * without the joiner). */
static int pdf_cluster_holds_joiner(const struct pdf_cluster *c, const char *text)
{
	for (const char *p = text + c->bs; p < text + c->be; p = g_utf8_next_char(p))
		if (pdf_joiner(g_utf8_get_char(p)))
			return 1;
	return 0;
}

/* Whether text, to be shown on its own in a right-to-left run, starts
 * with a character that takes its direction from what comes before it: a
 * mark, a joiner, punctuation. MuPDF gives each glyph the direction of
 * its text's first character, and one whose bidi class is weak or
 * neutral but for numbers (CS, NSM, BN, B, S, WS, ON) the direction of
 * the glyph before it in the same text object, or left to right at the
 * start of one (guess_bidi_level, source/pdf/pdf-op-run.c); Cairo starts
 * a text object wherever the colour changes, so a faint glyph for a mark
 * came out left to right, and MuPDF, reversing the right-to-left
 * stretches of a line it finds drawn in visual order, left it where it
 * was and broke the word in two ("تّثبُالم" for "المُثبّت"); a comma
 * after a kashida's faint letter cut its line in two, the halves swapped
 * ("الإرادة،وأشادت"). Such text gets an RLM in front (PDF_RTL_LEAD). */
static int pdf_needs_rtl_lead(const char *text)
{
	gunichar c = g_utf8_get_char(text);
	GUnicodeType t = g_unichar_type(c);
	if (t == G_UNICODE_NON_SPACING_MARK || t == G_UNICODE_ENCLOSING_MARK || pdf_joiner(c))
		return 1;
	switch (u_charDirection((UChar32)c)) {
	case U_COMMON_NUMBER_SEPARATOR:
	case U_OTHER_NEUTRAL:
		return 1;
	default:
		return 0;
	}
}

static int pdf_show_add_lead(struct pdf_show *sh, PangoFont *font, cairo_scaled_font_t *sf,
                             double x, double y);
static hb_codepoint_t pdf_glyphrun_carrier(PangoFont *font, cairo_scaled_font_t *sf,
                                           gunichar carrier);

/* Splits the glyph string into clusters in visual order. A cluster's text
 * ends where the logically next cluster starts: the smallest start beyond
 * its own (the item's end for the last). A joiner (pdf_joiner) goes with
 * the letter before it in the text, whose cluster then carries it: drawn
 * on its own, its empty glyph carries nothing to pdf.js (which skips a
 * glyph whose text ends in a format character) and the two halves of the
 * word join ("میشود"). Returns the count. */
static int pdf_glyphrun_clusters(const PangoGlyphString *glyphs, const char *text, int length,
                                 int rtl, struct pdf_cluster *cl)
{
	int n = 0;
	for (int i = 0; i < glyphs->num_glyphs; i++) {
		if (n > 0 && glyphs->log_clusters[i] == cl[n - 1].bs) {
			cl[n - 1].ge = i + 1;
			continue;
		}
		cl[n].gs = i;
		cl[n].ge = i + 1;
		cl[n].bs = glyphs->log_clusters[i];
		n++;
	}
	/* Visual order is logical order (LTR) or its reverse (RTL), so the
	 * logically next cluster is a visual neighbour; checking both keeps
	 * this right for either direction without asking which. */
	for (int k = 0; k < n; k++) {
		int end = length;
		if (k + 1 < n && cl[k + 1].bs > cl[k].bs && cl[k + 1].bs < end)
			end = cl[k + 1].bs;
		if (k > 0 && cl[k - 1].bs > cl[k].bs && cl[k - 1].bs < end)
			end = cl[k - 1].bs;
		cl[k].be = end;
	}
	/* The letter before a joiner is its visual right neighbour in a
	 * right-to-left run, its left one in a left-to-right run. */
	int m = 0;
	for (int k = 0; k < n; k++) {
		int into = rtl ? k + 1 : m - 1;
		if (pdf_cluster_joiners(&cl[k], text) && into >= 0 && into < n &&
		    cl[into].be == cl[k].bs && !g_unichar_isspace(g_utf8_get_char(text + cl[into].bs))) {
			if (rtl) {
				cl[k + 1].gs = cl[k].gs;
				cl[k + 1].be = cl[k].be;
			} else {
				cl[into].ge = cl[k].ge;
				cl[into].be = cl[k].be;
			}
			continue;
		}
		cl[m++] = cl[k];
	}
	return m;
}

/* Copies len bytes of UTF-8 from src to dst with the characters in
 * reverse order. Extractors reverse a right-to-left line character by
 * character, including the several characters one glyph stands for (the
 * lam-alef ligature): handing them over reversed makes them come out in
 * logical order ("لا", not "ال"). */
static void pdf_glyphrun_copy_reversed(char *dst, const char *src, int len)
{
	const char *p = src, *end = src + len;
	char *q = dst + len;
	while (p < end) {
		const char *next = g_utf8_find_next_char(p, end);
		if (next == NULL)
			next = end;
		q -= next - p;
		memcpy(q, p, (size_t)(next - p));
		p = next;
	}
}

/* Whether glyph draws something: not empty, not the box Pango draws for
 * a glyph the font lacks. */
static int pdf_glyph_inked(PangoGlyph glyph)
{
	return glyph != PANGO_GLYPH_EMPTY && !(glyph & PANGO_GLYPH_UNKNOWN_FLAG);
}

/* Draws len bytes of text on the one glyph g, faint (pdf_show), now: text
 * drawn on its own between runs. */
static void pdf_draw_faint_one(cairo_t *cr, const char *text, int len, const cairo_glyph_t *g)
{
	cairo_text_cluster_t one = { len, 1 };
	cairo_save(cr);
	cairo_set_source_rgba(cr, 0, 0, 0, 1.0 / 255);
	pdf_show_text_glyphs(cr, text, len, g, 1, &one, 1);
	cairo_restore(cr);
}

/* Paints cluster c's glyphs as outlines (stamps.h) where Pango put them,
 * drawn from pen position x + pen[i] on baseline y, when the run is
 * flushed (pdf_show_flush): they carry no text; whoever calls this shows
 * the text elsewhere. A stamp takes at most eight glyphs. */
static void pdf_paint_cluster(const struct pdf_run_draw *rd, const struct pdf_cluster *c)
{
	const PangoGlyphString *glyphs = rd->glyphs;
	double x = rd->x, y = rd->y;
	int n = 0;
	for (int i = c->gs; i < c->ge; i++) {
		const PangoGlyphInfo *gi = &glyphs->glyphs[i];
		if (!pdf_glyph_inked(gi->glyph))
			continue;
		if (n == 8) {
			g_array_append_val(rd->sh->outline_n, n);
			n = 0;
		}
		cairo_glyph_t g = { gi->glyph, x + (double)(rd->pen[i] + gi->geometry.x_offset) / PANGO_SCALE,
		                    y + (double)gi->geometry.y_offset / PANGO_SCALE };
		g_array_append_val(rd->sh->outline, g);
		n++;
	}
	if (n > 0)
		g_array_append_val(rd->sh->outline_n, n);
}

/* How far (in em) left of its run an RLM is put (pdf_glyphrun_show):
 * beyond Cairo's rounding of positions, well inside the narrowest gap. */
#define PDF_MARK_AHEAD_EM 0.01

/* How far (in em) below the baseline the mark before a line is drawn
 * (pdf_glyphrun_start_mark): past the 0.001 em at which Cairo starts a new text
 * position, far inside the 0.5 pt at which poppler starts a new line. */
#define PDF_MARK_DROP_EM 0.01

/* How far (in em) past a left-to-right line's ends its LRMs go
 * (PDF_MARK_LRM_START, PDF_MARK_LRM_END): a space's width, well past the 0.1 em at which
 * poppler and pdf.js see a gap between words. */
#define PDF_END_GAP_EM 0.25

/* How far (in em) right of its ink the text of a run's first character
 * goes for gap_before: past the 0.102 em at which pdf.js sees a word gap
 * between items, with room for Cairo's rounding. */
#define PDF_GAP_EM 0.13

/* How far (in em) left a run's first glyph goes for PDF_BEFORE_TUCK:
 * past a primer's 1% of the em and Cairo's rounding. */
#define PDF_TUCK_EM 0.02

/* pdf.js (getTextContent): a step forward of more than this between two
 * glyphs is not kerning (NOT_A_SPACE_FACTOR), and of more than
 * PDF_JS_TRACKING_SPACE_EM a word space (TRACKING_SPACE_FACTOR). */
#define PDF_JS_NOT_A_SPACE_EM 0.03
#define PDF_JS_TRACKING_SPACE_EM 0.102

/* pdf.js: a step forward of more than this is no space inside a text
 * item but the end of the item (SPACE_IN_FLOW_MAX_FACTOR). */
#define PDF_JS_SPACE_IN_FLOW_MAX_EM 0.6

/* The gap (in em) between two letters around a space under which pdf.js
 * takes the space glyph for the end of its text item
 * (pdf_glyphrun_show_spaced): its 0.102 em, with room for rounding. */
#define PDF_TIGHT_SPACE_EM 0.12

/* The width (in em) from which a space on a right-to-left line gets a
 * stretched carrier before it (pdf_glyphrun_show_stretched): just under
 * the 0.6 em at which pdf.js ends its text item. */
#define PDF_WIDE_SPACE_EM 0.57

/* The gap (in em) such a carrier leaves before the next word: well inside
 * the 0.102 to 0.6 em in which pdf.js puts a space in its item. */
#define PDF_STRETCH_GAP_EM 0.35

/* How far (in em) a glyph may be drawn from its pen position before its
 * text is moved off it; see pdf_glyphrun_show_displaced(). */
#define PDF_DISPLACED_EM 0.15

/* How far (in em) a glyph's advance may differ from its width in the font
 * before its text is moved off it (pdf_glyphrun_kerned). */
#define PDF_KERNED_EM 0.095

/* How far (in em) a carrier's advance may differ from the width of the
 * cluster whose text it carries before the text goes on the carrier
 * font instead (pdf_glyphrun_show_displaced): half of it is left on each
 * side, under poppler's word break (0.1 em) and pdf.js's added space. */
#define PDF_CARRIER_MISFIT_EM 0.1

/* The gap (in em) a carrier of the space between two items leaves on its
 * left (pdf_glyphrun_gap_text): past poppler's word break (0.1 em). */
#define PDF_GAP_BREAK_EM 0.12

/* Glyph's advance in sf, in user units. */
static double pdf_glyph_advance(cairo_scaled_font_t *sf, unsigned long glyph)
{
	cairo_glyph_t g = { glyph, 0, 0 };
	cairo_text_extents_t te;
	cairo_scaled_font_glyph_extents(sf, &g, 1, &te);
	return te.x_advance;
}

static int pdf_one_winansi(const char *u, int len);

/* Shows the len bytes of text u, faint, on a glyph of the carrier font
 * (carriers.h) width user units wide from x on the baseline; 0 when there
 * is no carrier font or glyph. */
static int pdf_glyphrun_show_on_carrier(const struct pdf_run_draw *rd, const char *u, int len,
                                        double x, double width)
{
	cairo_scaled_font_t *cf = rd->carriers != NULL ? pdf_carriers_font(rd->carriers, rd->sf) : NULL;
	if (cf == NULL || len <= 0)
		return 0;
	/* A single WinAnsi character alone on a glyph would make Cairo put
	 * the glyph in a font of its own (fontslots.h). */
	char *v = g_strdup_printf("%s%.*s", pdf_one_winansi(u, len) ? PDF_RTL_LEAD : "", len, u);
	int vlen = (int)strlen(v);
	unsigned long g = pdf_carriers_glyph(rd->carriers, v, vlen, width / rd->em);
	if (g != 0) {
		cairo_glyph_t cg = { g, x, rd->y };
		pdf_show_cluster_in(rd->sh, &cg, 1, v, vlen, 1, cf);
	}
	g_free(v);
	return g != 0;
}

/* Draws cluster c, one of whose glyphs is drawn well away from its pen
 * position (Amiri tucks some letters and marks under or over their
 * neighbour with a large x_offset). An extractor places a character where
 * its glyph is drawn; poppler sees the displaced one as a gap and splits
 * the word there. So the glyphs are painted as outlines where Pango put
 * them, and the text is shown by the same glyphs at their pen positions
 * on the baseline (offsets dropped), nearly transparent (pdf_show_faint).
 * Also used for a glyph kerned wider than the font draws it
 * (pdf_glyphrun_kerned). prefix and suffix, unless NULL, go before and
 * after the cluster's text (PDF_MARK_RLM_EDGE, a cell's leading space);
 * the text goes shift user units right of the pen (gap_before). */
static void pdf_glyphrun_show_displaced(const struct pdf_run_draw *rd, const struct pdf_cluster *c,
                                        const char *prefix, const char *suffix, double shift)
{
	const PangoGlyphString *glyphs = rd->glyphs;
	const int64_t *pen = rd->pen;
	const char *text = rd->text;
	double x = rd->x, y = rd->y;
	int n = c->ge - c->gs, nt = 0;
	/* A cluster at the run's edge, carrying the edge RLM or the cell's
	 * space with its own text. */
	int edge = prefix != NULL || suffix != NULL;
	/* The text shown first: a right-to-left cluster's last character. A
	 * mark gets a lead of its own (pdf_show_add_lead) if it can; a joiner,
	 * or a mark where the face has no carrier for a lead, an RLM in front
	 * (as a character of its own, poppler would split the word at the
	 * joiner: "کشت ی‌گیر"). */
	const char *first = g_utf8_prev_char(text + c->be);
	int lead = prefix == NULL && rd->rtl && c->be > c->bs && pdf_show_faint_starts(rd->sh) &&
	           pdf_needs_rtl_lead(first);
	if (lead && (pdf_joiner(g_utf8_get_char(first)) ||
	             pdf_glyphrun_carrier(rd->font, rd->sf, 0x200B) == 0)) {
		prefix = PDF_RTL_LEAD;
		lead = 0;
	}
	int np = prefix ? (int)strlen(prefix) : 0, ns = suffix ? (int)strlen(suffix) : 0;
	int len = np + c->be - c->bs + ns;
	cairo_glyph_t *g = malloc(sizeof *g * (size_t)n);
	char *u = malloc((size_t)len + 1);
	if (g == NULL || u == NULL)
		goto out;
	pdf_paint_cluster(rd, c);
	/* The text glyphs: the same, at their pen positions on the baseline. */
	for (int i = c->gs; i < c->ge; i++) {
		const PangoGlyphInfo *gi = &glyphs->glyphs[i];
		if (!pdf_glyph_inked(gi->glyph))
			continue;
		g[nt].index = gi->glyph;
		g[nt].x = x + shift + (double)pen[i] / PANGO_SCALE;
		g[nt].y = y;
		nt++;
	}
	if (len <= 0)
		goto out;
	memcpy(u, prefix ? prefix : "", (size_t)np);
	if (rd->rtl)
		pdf_glyphrun_copy_reversed(u + np, text + c->bs, c->be - c->bs);
	else
		memcpy(u + np, text + c->bs, (size_t)(c->be - c->bs));
	memcpy(u + np + c->be - c->bs, suffix ? suffix : "", (size_t)ns);
	/* Extractors step from glyph to glyph by the font's own advance,
	 * which for these glyphs is far from Pango's (a tucked letter is
	 * 1 pt wide to Pango, 5 to the font). pdf.js closes its text item
	 * when a glyph starts more than 0.2 em left of where the previous one
	 * ended, and adds a space past 0.1 em to the right; centring the text
	 * glyph on the cluster's advance splits the difference between both
	 * neighbours. */
	int width = 0;
	for (int i = c->gs; i < c->ge; i++)
		width += glyphs->glyphs[i].geometry.width;
	int nch = (int)g_utf8_strlen(u, len);
	/* More glyphs than one for the text would make Cairo write ActualText,
	 * which pdf.js and mupdf ignore and at whose marked content pdf.js
	 * ends its text item; so one glyph carries the text. A real glyph
	 * carrying several characters, or standing for a piece of a letter,
	 * would also give that glyph the wrong text everywhere else it is
	 * used (Cairo maps each glyph to one text): a carrier of its own
	 * (fontslots.h) does it where the face has one to spare. */
	cairo_scaled_font_t *sf = rd->sf;
	/* The carrier: of the cluster's own glyph, where it is one and keeps
	 * the text, and the cmap's glyph for a single character, where Cairo
	 * maps it to that character, the one whose advance is nearer the
	 * cluster's width (an initial "ك" that overhangs the space after it
	 * is a third of the isolated form: carried on that, its text reached
	 * into the next word, "كتابالحروف"); else a glyph no text reaches. */
	unsigned long carrier = pdf_fontslots_nominal(rd->slots, rd->font, sf, u, len);
	int own = nt == 1 && nch == 1 && pdf_fontslots_maps(rd->slots, rd->font, sf, g[0].index, u, len);
	if (carrier != 0 && own &&
	    fabs(pdf_glyph_advance(sf, g[0].index) - (double)width / PANGO_SCALE) <=
	    fabs(pdf_glyph_advance(sf, carrier) - (double)width / PANGO_SCALE))
		carrier = 0;
	else if (carrier == 0 && !own)
		carrier = pdf_fontslots_carrier(rd->slots, rd->font, sf, g, nt, u, len);
	if (carrier != 0 || nt == 1 || nt > nch) {
		if (carrier != 0)
			g[0].index = carrier;
		g[0].y = y;
		cairo_text_extents_t te;
		cairo_scaled_font_glyph_extents(sf, g, 1, &te);
		/* A face's spare glyph is as wide as it happens to be (Noto
		 * Serif Hebrew's are a third of a letter, or nothing): centred
		 * on a wider cluster, it leaves a gap on each side that poppler
		 * reads as a word break past 0.1 em ("מ ילה"). At the run's
		 * edge the text then goes on a glyph of the carrier font as wide
		 * as the cluster; not inside a word, where pdf.js would read the
		 * glyph in another font as an item of its own and reorder the
		 * word's pieces around it. */
		if (edge && fabs((double)width / PANGO_SCALE - te.x_advance) > PDF_CARRIER_MISFIT_EM * rd->em &&
		    pdf_glyphrun_show_on_carrier(rd, u, len, x + shift + (double)pen[c->gs] / PANGO_SCALE,
		                                 (double)width / PANGO_SCALE))
			goto out;
		/* Not stretched to the cluster's width (the text matrix could):
		 * pdf.js, at a change of a text matrix's horizontal scale, takes
		 * its item to have no width so far, and ends it at the next
		 * step however small. */
		g[0].x = x + shift + (double)pen[c->gs] / PANGO_SCALE
		         + ((double)width / PANGO_SCALE - te.x_advance) / 2;
		nt = 1;
	}
	if (nt > 0) {
		if (lead)
			pdf_show_add_lead(rd->sh, rd->font, sf, g[0].x, y);
		pdf_show_cluster(rd->sh, g, nt, u, len, 1);
	}
out:
	free(g);
	free(u);
}

/* Whether cluster c stands for exactly one character. */
static int pdf_cluster_one_char(const struct pdf_cluster *c, const char *text)
{
	return c->be > c->bs && g_utf8_next_char(text + c->bs) == text + c->be;
}

/* What cluster c draws: 0 nothing (or a space), 1 marks only (no
 * advance), 2 more. */
static int pdf_cluster_kind(const PangoGlyphString *glyphs, const struct pdf_cluster *c,
                            const char *text)
{
	if (c->be > c->bs && g_unichar_isspace(g_utf8_get_char(text + c->bs)))
		return 0;
	int kind = 0;
	for (int i = c->gs; i < c->ge; i++) {
		const PangoGlyphInfo *gi = &glyphs->glyphs[i];
		if (!pdf_glyph_inked(gi->glyph))
			continue;
		if (gi->geometry.width != 0)
			return 2;
		kind = 1;
	}
	return kind;
}

/* Draws cluster k of the run, a mark on its own drawn away
 * from its pen position, if its text can go on a carrier beside its base
 * (the next cluster, in visual order) and returns 1; or returns 0 having
 * drawn nothing. Shown at its base's pen position (as
 * pdf_glyphrun_show_displaced would), a mark's left edge is its base's,
 * and poppler takes a character less than 0.1 em from the one before for
 * a duplicate and splits the word around the base; the split shows as a
 * space where kerning leaves a little room after the base ("و يُعرف").
 * poppler also ends a word where a character starts more than 0.1 em past
 * the previous one's end, and a mark has no width: so the text goes on a
 * carrier 0.11-0.19 em wide set just before the base, which keeps 0.1 em
 * between left edges and no gap, when the letter before is wide enough to
 * stay 0.1 em clear of it. pdf.js never looks at a mark's position. */
static int pdf_glyphrun_show_mark(const struct pdf_run_draw *rd, int k)
{
	const PangoGlyphString *glyphs = rd->glyphs;
	const struct pdf_cluster *vc = rd->vc, *c = &vc[k];
	const char *text = rd->text;
	double em = rd->em, x = rd->x, y = rd->y;
	int len = c->be - c->bs;
	if (rd->slots == NULL || k < 1 || k + 1 >= rd->nvc || !pdf_cluster_one_char(c, text) ||
	    pdf_cluster_kind(glyphs, c, text) != 1 || pdf_cluster_kind(glyphs, &vc[k - 1], text) != 2 ||
	    pdf_cluster_kind(glyphs, &vc[k + 1], text) != 2)
		return 0;
	/* A mark in a faint text object of its own gets a lead
	 * (pdf_show_add_lead), or an RLM in front of its text when the face
	 * has no carrier for one (pdf_needs_rtl_lead). */
	char u[16];
	int ul = 0;
	int lead = rd->rtl && pdf_show_faint_starts(rd->sh) && pdf_needs_rtl_lead(text + c->bs);
	if (lead && (pdf_joiner(g_utf8_get_char(text + c->bs)) ||
	             pdf_glyphrun_carrier(rd->font, rd->sf, 0x200B) == 0)) {
		lead = 0;
		if (len + 3 < (int)sizeof u) {
			memcpy(u, PDF_RTL_LEAD, 3);
			ul = 3;
		}
	}
	if (len + ul >= (int)sizeof u)
		return 0;
	memcpy(u + ul, text + c->bs, (size_t)len);
	ul += len;
	unsigned long carrier = pdf_fontslots_mark_carrier(rd->slots, rd->font, rd->sf, u, ul);
	if (carrier == 0)
		return 0;
	cairo_glyph_t cg = { carrier, 0, 0 };
	cairo_text_extents_t te;
	cairo_scaled_font_glyph_extents(rd->sf, &cg, 1, &te);
	double base = x + (double)rd->pen[vc[k + 1].gs] / PANGO_SCALE;
	double before = x + (double)rd->pen[vc[k - 1].gs] / PANGO_SCALE;
	cg.x = base - te.x_advance;
	cg.y = y;
	if (cg.x - before < 0.11 * em)
		return 0;
	pdf_paint_cluster(rd, c);
	if (lead)
		pdf_show_add_lead(rd->sh, rd->font, rd->sf, cg.x, cg.y);
	pdf_show_faint_one(rd->sh, u, ul, &cg);
	return 1;
}

/* How far (in em) before the next letter's a narrow letter's text goes
 * (pdf_glyphrun_narrow). */
#define PDF_NARROW_EM 0.11

/* Whether cluster k is a letter Amiri draws narrower than 0.1 em (a
 * medial khah before yeh: "ويختار") between two letters, which poppler
 * would split off as it does a mark (pdf_glyphrun_show_mark): the next
 * letter starts less than 0.1 em after it. Its text can then go
 * PDF_NARROW_EM before the next letter's when that stays as far clear of
 * the one before (pdf_glyphrun_show_narrow). The gap pdf.js then sees
 * after it stays under the 0.1 em at which it adds a space. */
static int pdf_glyphrun_narrow(const struct pdf_run_draw *rd, int k, const unsigned char *apart)
{
	hb_font_t *hb = rd->hb;
	double em = rd->em * PANGO_SCALE;
	const PangoGlyphString *glyphs = rd->glyphs;
	const int64_t *pen = rd->pen;
	const struct pdf_cluster *vc = rd->vc, *c = &vc[k];
	int nvc = rd->nvc;
	const char *text = rd->text;
	if (k < 1 || k + 1 >= nvc || pen[vc[k + 1].gs] - pen[c->gs] >= 0.1 * em)
		return 0;
	if (apart[k] || apart[k - 1] || c->ge - c->gs != 1 || !pdf_cluster_one_char(c, text) ||
	    pdf_cluster_kind(glyphs, c, text) != 2 || pdf_cluster_kind(glyphs, &vc[k - 1], text) != 2 ||
	    pdf_cluster_kind(glyphs, &vc[k + 1], text) != 2)
		return 0;
	const PangoGlyphInfo *gi = &glyphs->glyphs[c->gs];
	if (hb == NULL || !pdf_glyph_inked(gi->glyph) || gi->geometry.x_offset != 0 ||
	    gi->geometry.y_offset != 0)
		return 0;
	int xs, ys;
	hb_font_get_scale(hb, &xs, &ys);
	double width = (double)hb_font_get_glyph_h_advance(hb, gi->glyph) / xs;
	int64_t at = pen[c->gs], next = pen[vc[k + 1].gs], before = pen[vc[k - 1].gs];
	if (width < 0.02 || width >= 0.1 || next - PDF_NARROW_EM * em - before < PDF_NARROW_EM * em)
		return 0;
	/* poppler splits the next letter off on both sides, and joins the
	 * pieces again unless 0.03 em lies between them; only then is the
	 * narrow letter worth the outline (Amiri has many, most harmless). */
	const struct pdf_cluster *b = &vc[k + 1];
	int64_t after = next;
	for (int i = b->gs; i < b->ge; i++)
		after += glyphs->glyphs[i].geometry.width;
	if (k + 2 < nvc)
		after = pen[vc[k + 2].gs] + glyphs->glyphs[vc[k + 2].gs].geometry.x_offset;
	double b_font = (double)hb_font_get_glyph_h_advance(hb, glyphs->glyphs[b->gs].glyph) / xs;
	double gap_before = (next - at) / em - width;
	double gap_after = (after - next) / em - b_font;
	return gap_before >= 0.025 || gap_after >= 0.025;
}

/* Draws cluster k, a narrow letter (pdf_glyphrun_narrow): its glyph as an
 * outline, its text by the same glyph, nearly transparent, PDF_NARROW_EM
 * before the next letter's. */
static void pdf_glyphrun_show_narrow(const struct pdf_run_draw *rd, int k)
{
	const struct pdf_cluster *vc = rd->vc, *c = &vc[k];
	pdf_paint_cluster(rd, c);
	cairo_glyph_t g = { rd->glyphs->glyphs[c->gs].glyph,
	                    rd->x + (double)rd->pen[vc[k + 1].gs] / PANGO_SCALE - PDF_NARROW_EM * rd->em,
	                    rd->y };
	pdf_show_faint_one(rd->sh, rd->text + c->bs, c->be - c->bs, &g);
}

/* How much narrower (in em) than its glyph's advance a primer may be
 * before it is moved into the gap it leaves (pdf_glyphrun_show_primed). */
#define PDF_PRIMER_FIT_EM 0.02

/* Draws cluster c, the first glyph of its face for a WinAnsi character,
 * so that primer (from pdf_fontslots_primer) takes the character's slot in
 * Cairo's latin font: the glyph is painted as an outline where Pango put
 * it, and its text is shown there by primer (pdf_show_faint). */
static void pdf_glyphrun_show_primed(const struct pdf_run_draw *rd, const struct pdf_cluster *c,
                                     unsigned long primer)
{
	hb_font_t *hb = rd->hb;
	int em = (int)(rd->em * PANGO_SCALE);
	const PangoGlyphString *glyphs = rd->glyphs;
	const int64_t *pen = rd->pen;
	double x = rd->x, y = rd->y;
	/* A primed cluster draws one glyph (pdf_glyphrun_primers). */
	cairo_glyph_t g = { primer, 0, 0 };
	for (int i = c->gs; i < c->ge; i++) {
		const PangoGlyphInfo *gi = &glyphs->glyphs[i];
		if (!pdf_glyph_inked(gi->glyph))
			continue;
		g.x = x + (double)(pen[i] + gi->geometry.x_offset) / PANGO_SCALE;
		g.y = y + (double)gi->geometry.y_offset / PANGO_SCALE;
		/* A primer fits the glyph that claimed its slot; a later glyph
		 * for the same character may be a variant of another width
		 * (Amiri's "1" is 0.487 em in Latin text, 0.532 em among
		 * Arabic). A narrower primer left-aligned leaves a gap after
		 * it that poppler reads as a space past 0.03 em ("1 908");
		 * moved right, it splits the gap in two, the first beside the
		 * mark that may start its run PDF_MARK_AHEAD_EM before it, each
		 * under 0.03 em up to a misfit of 0.05 em. (A wider primer only
		 * overlaps the next letter, which no extractor minds; moved
		 * left, it would pass that mark.) */
		int misfit = hb != NULL ? gi->geometry.width -
		                          hb_font_get_glyph_h_advance(hb, (hb_codepoint_t)primer) : 0;
		if (misfit > PDF_PRIMER_FIT_EM * em)
			g.x += (misfit - PDF_MARK_AHEAD_EM * em) / 2 / PANGO_SCALE;
	}
	pdf_paint_cluster(rd, c);
	pdf_show_faint_one(rd->sh, rd->text + c->bs, c->be - c->bs, &g);
}

/* How many glyphs of cluster c draw something (not empty, not a box for
 * a missing glyph); the last of them is stored in *last. */
static int pdf_glyphrun_inked(const PangoGlyphString *glyphs, const struct pdf_cluster *c,
                              PangoGlyph *last)
{
	int n = 0;
	for (int i = c->gs; i < c->ge; i++) {
		PangoGlyph g = glyphs->glyphs[i].glyph;
		if (pdf_glyph_inked(g)) {
			*last = g;
			n++;
		}
	}
	return n;
}

/* The one character cluster c stands for when it is drawn by one glyph
 * (stored in *glyph), or 0. */
static gunichar pdf_glyphrun_single(const PangoGlyphString *glyphs, const struct pdf_cluster *c,
                                    const char *text, PangoGlyph *glyph)
{
	if (pdf_glyphrun_inked(glyphs, c, glyph) != 1 || !pdf_cluster_one_char(c, text))
		return 0;
	return g_utf8_get_char(text + c->bs);
}

/* Chooses, for each of the run's nvc clusters, the primer it is drawn with
 * (fontslots.h), or 0 to draw it as it is; clusters marked apart are drawn
 * by pdf_glyphrun_show_displaced and get none. A space or punctuation mark is
 * primed where its face shows it first. Letters and digits go by word,
 * because poppler ends a word where the font changes: a word with a
 * character whose slot is still open is drawn with primers throughout
 * (reusing those claimed before), all in the latin font, and any other
 * word all in the CID font. */
static void pdf_glyphrun_primers(const struct pdf_run_draw *rd, const unsigned char *apart,
                                 unsigned long *primer)
{
	struct pdf_fontslots *slots = rd->slots;
	PangoFont *font = rd->font;
	cairo_scaled_font_t *sf = rd->sf;
	const struct pdf_cluster *vc = rd->vc;
	int nvc = rd->nvc;
	gunichar *u = g_new0(gunichar, (gsize)(nvc > 0 ? nvc : 1));
	PangoGlyph *g = g_new0(PangoGlyph, (gsize)(nvc > 0 ? nvc : 1));
	for (int k = 0; k < nvc; k++)
		u[k] = apart[k] ? 0 : pdf_glyphrun_single(rd->glyphs, &vc[k], rd->text, &g[k]);
	for (int k = 0; k < nvc;) {
		if (u[k] == 0 || !g_unichar_isalnum(u[k])) {
			primer[k] = u[k] != 0 && pdf_fontslots_open(slots, font, sf, u[k])
			            ? pdf_fontslots_primer(slots, font, sf, g[k], u[k]) : 0;
			k++;
			continue;
		}
		int e = k, open = 0;
		for (; e < nvc && u[e] != 0 && g_unichar_isalnum(u[e]); e++)
			open |= pdf_fontslots_open(slots, font, sf, u[e]);
		for (; k < e; k++)
			primer[k] = open ? pdf_fontslots_primer(slots, font, sf, g[k], u[k]) : 0;
	}
	g_free(u);
	g_free(g);
}

/* Whether one of cluster c's glyphs is drawn far from its pen position:
 * a letter more than limit Pango units (PDF_DISPLACED_EM) left or right;
 * a mark, which has no width of its own to hide a shift in, moved
 * sideways at all (poppler then reads it as a character of its own, out
 * of its word: "ذِك ْرى") or more than 2 limit up or down (poppler reads
 * it as part of another line). */
static int pdf_glyphrun_displaced(const PangoGlyphString *glyphs,
                                  const struct pdf_cluster *c, int limit)
{
	for (int i = c->gs; i < c->ge; i++) {
		const PangoGlyphGeometry *g = &glyphs->glyphs[i].geometry;
		int mark = g->width == 0;
		int side = mark ? 0 : limit;
		if (g->x_offset > side || g->x_offset < -side)
			return 1;
		if (mark && (g->y_offset > 2 * limit || g->y_offset < -2 * limit))
			return 1;
		/* A letter raised or lowered at all: poppler ends a word at a
		 * change of baseline of half a point, and a Nastaliq face sets
		 * every letter of a word but the last higher than the next
		 * (Noto Nastaliq Urdu: up to half an em). */
		if (!mark && (g->y_offset > limit / 5 || g->y_offset < -limit / 5))
			return 1;
	}
	return 0;
}

/* How much further glyph gi advances than its own width in the font, in
 * Pango units (negative: it overhangs what follows). */
static int pdf_glyph_kerning(hb_font_t *hb, const PangoGlyphInfo *gi)
{
	return gi->geometry.width - hb_font_get_glyph_h_advance(hb, gi->glyph);
}

/* Whether a glyph of cluster c advances more than limit Pango units
 * (PDF_KERNED_EM) beyond its own width in the font. Extractors measure a
 * character by the font's width, so Amiri's kerning of some pairs (the ي
 * after ر, ز or و: "الأميرية") shows them a gap inside the word, and
 * poppler and pdf.js put a space there past 0.1 em. */
static int pdf_glyphrun_kerned(hb_font_t *hb, const PangoGlyphString *glyphs,
                               const struct pdf_cluster *c, const char *text, int limit)
{
	/* A space widened to justify the line is a gap already. */
	if (hb == NULL || c->be <= c->bs || g_unichar_isspace(g_utf8_get_char(text + c->bs)))
		return 0;
	for (int i = c->gs; i < c->ge; i++) {
		const PangoGlyphInfo *gi = &glyphs->glyphs[i];
		if (!pdf_glyph_inked(gi->glyph) || gi->geometry.width == 0)
			continue;
		if (pdf_glyph_kerning(hb, gi) > limit)
			return 1;
	}
	return 0;
}

/* Whether the last glyph of cluster c advances more than limit Pango
 * units less than its own width in the font: it overhangs what follows. */
static int pdf_glyphrun_overhangs(hb_font_t *hb, const PangoGlyphString *glyphs,
                                  const struct pdf_cluster *c, const char *text, int limit)
{
	if (hb == NULL || c->be <= c->bs || c->ge <= c->gs ||
	    g_unichar_isspace(g_utf8_get_char(text + c->bs)))
		return 0;
	const PangoGlyphInfo *gi = &glyphs->glyphs[c->ge - 1];
	return pdf_glyph_inked(gi->glyph) && -pdf_glyph_kerning(hb, gi) > limit;
}

/* Whether cluster c draws several characters with one glyph that the cmap
 * maps to a character of its own (a presentation form: shadda with fatha,
 * lam-alef): Cairo would keep the glyph's own character and wrap the
 * text in ActualText, which splits pdf.js's item. */
static int pdf_glyphrun_ligature(struct pdf_fontslots *slots, PangoFont *font,
                                 cairo_scaled_font_t *sf, const PangoGlyphString *glyphs,
                                 const struct pdf_cluster *c, const char *text)
{
	PangoGlyph g;
	return slots != NULL && c->be > c->bs && g_utf8_next_char(text + c->bs) < text + c->be &&
	       pdf_glyphrun_inked(glyphs, c, &g) == 1 && pdf_fontslots_encoded(slots, font, sf, g);
}

/* Whether cluster c draws its characters with more glyphs than there are
 * characters. */
static int pdf_glyphrun_split(const PangoGlyphString *glyphs,
                              const struct pdf_cluster *c, const char *text)
{
	PangoGlyph last;
	if (c->ge - c->gs < 2)
		return 0;
	int n = pdf_glyphrun_inked(glyphs, c, &last);
	return n > 1 && n > (int)g_utf8_strlen(text + c->bs, c->be - c->bs);
}

/* A bidi mark is not drawn, yet its text needs a glyph to reach the PDF:
 * it rides on an empty glyph of the font (no ink, no advance). The fonts'
 * own glyphs for U+200E/F have ink (Amiri and Noto draw a small hint for
 * editors), so each mark has its own carrier among the empty glyphs, one
 * glyph per text as a ToUnicode map needs: ZWSP carries the RLM, ZERO
 * WIDTH NO-BREAK SPACE the LRM (the only two glyphs Amiri and Noto Serif
 * leave empty). Pango draws no glyph for those characters themselves
 * (default ignorables), so no real text competes for the carriers. Cairo
 * drops a show of empty glyphs alone, so a carrier travels in its run's
 * own show operation. Returns 0 when the font has no such empty glyph. */
static hb_codepoint_t pdf_glyphrun_carrier(PangoFont *font, cairo_scaled_font_t *sf,
                                           gunichar carrier)
{
	hb_font_t *hb = pango_font_get_hb_font(font);
	hb_codepoint_t g;
	if (hb == NULL || !hb_font_get_nominal_glyph(hb, carrier, &g) || g == 0 ||
	    hb_font_get_glyph_h_advance(hb, g) != 0)
		return 0;
	cairo_glyph_t cg = { g, 0, 0 };
	cairo_text_extents_t te;
	cairo_scaled_font_glyph_extents(sf, &cg, 1, &te);
	return te.width == 0 && te.height == 0 ? g : 0;
}

/* Draws cluster k of the run, a letter before a space wider
 * than pdf.js reads inside a text item (0.6 em: it ends the item and
 * starts one per word, which it then joins in drawing order, so a loose
 * right-to-left line came out last word first), with its text on a
 * carrier wider than the letter, that ends PDF_STRETCH_GAP_EM before the
 * glyph after the space (pdf.js measures a gap from the end of the last
 * glyph with text; a space's own text does not count). That gap still
 * reads as a space to pdf.js, poppler and mupdf; the letter is painted
 * as an outline. Returns 1, or 0 having drawn nothing. */
static int pdf_glyphrun_show_stretched(const struct pdf_run_draw *rd, int k, double joined)
{
	const struct pdf_cluster *c = &rd->vc[k];
	int n = rd->glyphs->num_glyphs;
	double width = (double)(rd->pen[n - 1] + rd->glyphs->glyphs[n - 1].geometry.width) / PANGO_SCALE;
	/* The space after the letter and where the next word starts: inside
	 * the run, or, when the run drawn next is this one's right neighbour
	 * in the same item (joined: the white space it starts with, else
	 * -1), at its end or the start of the next. */
	double space, end;
	int one_space = k + 1 < rd->nvc && rd->vc[k + 1].be - rd->vc[k + 1].bs == 1 &&
	                rd->text[rd->vc[k + 1].bs] == ' ' &&
	                rd->vc[k + 1].ge - rd->vc[k + 1].gs == 1;
	double sw = one_space
	            ? (double)rd->glyphs->glyphs[rd->vc[k + 1].gs].geometry.width / PANGO_SCALE : 0;
	if (one_space && k + 2 < rd->nvc) {
		if (pdf_cluster_kind(rd->glyphs, &rd->vc[k + 2], rd->text) != 2)
			return 0;
		space = sw;
		end = rd->x + (double)rd->pen[rd->vc[k + 2].gs] / PANGO_SCALE;
	} else if (one_space && k + 2 == rd->nvc && joined >= 0) {
		space = sw + joined;
		end = rd->x + width + joined;
	} else if (k + 1 == rd->nvc && joined > 0) {
		space = joined;
		end = rd->x + width + joined;
	} else {
		return 0;
	}
	if (rd->slots == NULL || space < PDF_WIDE_SPACE_EM * rd->em || c->ge - c->gs != 1 ||
	    !pdf_cluster_one_char(c, rd->text) || pdf_cluster_kind(rd->glyphs, c, rd->text) != 2)
		return 0;
	const PangoGlyphInfo *gi = &rd->glyphs->glyphs[c->gs];
	if (!pdf_glyph_inked(gi->glyph))
		return 0;
	double start = rd->x + (double)rd->pen[c->gs] / PANGO_SCALE;
	int len = c->be - c->bs;
	double want = (end - start) / rd->em - PDF_STRETCH_GAP_EM;
	/* The tenth of an em wanted, else the next one up or down (the gap
	 * left is then 0.25 or 0.45 em): Amiri has few spare glyphs of each
	 * width. */
	const char *u = rd->text + c->bs;
	unsigned long carrier = pdf_fontslots_sized_carrier(rd->slots, rd->font, rd->sf, want, u, len);
	if (carrier == 0)
		carrier = pdf_fontslots_sized_carrier(rd->slots, rd->font, rd->sf, want + 0.1, u, len);
	if (carrier == 0)
		carrier = pdf_fontslots_sized_carrier(rd->slots, rd->font, rd->sf, want - 0.1, u, len);
	if (carrier == 0)
		return 0;
	cairo_glyph_t g = { carrier, start, rd->y };
	cairo_text_extents_t te;
	cairo_scaled_font_glyph_extents(rd->sf, &g, 1, &te);
	/* The gap left must read as a space to all three extractors and
	 * stay inside pdf.js's text item. */
	double gap = (end - start - te.x_advance) / rd->em;
	if (gap < 0.15 || gap > 0.55)
		return 0;
	pdf_paint_cluster(rd, c);
	pdf_show_faint_one(rd->sh, rd->text + c->bs, len, &g);
	return 1;
}

/* Draws cluster k of the run, a letter, and the space after it (k + 1) when the
 * word after the space starts, in visual order, with a mark (a word that
 * ends in tanween or a vowel: "شأناً تقنياً"), and returns 1; or returns 0
 * having drawn nothing. pdf.js never looks at a mark's position: it
 * puts the space it saw before the mark, then measures the word's next
 * letter from the end of the last letter it did place, which is before
 * the space, and adds a second space after the mark ("شأنا ً"). So the
 * letter's text and the space's ride together on one carrier as wide as
 * both, ending where the mark's base begins: pdf.js then has no gap
 * before the base, and the space is in the text where it belongs. The
 * letter is painted as an outline; what sh holds is shown first, to keep
 * the stream in visual order. The same goes for a space that Amiri's
 * kerning leaves less than PDF_TIGHT_SPACE_EM of gap between the letters
 * around it ("ك " before "التالية"): pdf.js, seeing a space glyph and then
 * a letter hardly past the last one's end, ends its text item there, and
 * joins the two halves of the line back to front. */
static int pdf_glyphrun_carry_spaced(const struct pdf_run_draw *rd, int k, double start,
                                     int paint);

/* The most (in em) a spaced carrier may start past the letter shown
 * before it (pdf_glyphrun_carry_spaced): under poppler's 0.1 em word
 * break, with room for Cairo's rounding. */
#define PDF_SPACED_LEFT_EM 0.09
#define PDF_SPACED_BACK_EM 0.05

/* Whether a space (k + 1) and a word (k + 2) follow cluster k in visual
 * order, and the font has spare glyphs to carry both k's text and the
 * space (pdf_glyphrun_carry_spaced). */
static int pdf_glyphrun_space_follows(const struct pdf_run_draw *rd, int k)
{
	return k >= 1 && k + 2 < rd->nvc && rd->vc[k + 1].be - rd->vc[k + 1].bs == 1 &&
	       rd->text[rd->vc[k + 1].bs] == ' ' && rd->slots != NULL;
}

/* Whether the space after cluster k (k + 1) may ride with k's text
 * (pdf_glyphrun_show_spaced): the word after it starts, in visual order,
 * with a mark, or the space is tight. */

static int pdf_glyphrun_spaced_ok(const struct pdf_run_draw *rd, int k)
{
	if (!pdf_glyphrun_space_follows(rd, k))
		return 0;
	int next = pdf_cluster_kind(rd->glyphs, &rd->vc[k + 2], rd->text);
	if (next == 1)
		return 1;
	/* A tight space: the gap from the letter's advance in the font
	 * (where pdf.js takes it to end) to the next letter. */
	const struct pdf_cluster *c = &rd->vc[k];
	const PangoGlyphInfo *gi = &rd->glyphs->glyphs[c->ge - 1];
	hb_font_t *hb = pango_font_get_hb_font(rd->font);
	if (next != 2 || hb == NULL)
		return 0;
	double ends = (double)(rd->pen[c->ge - 1] + hb_font_get_glyph_h_advance(hb, gi->glyph)) / PANGO_SCALE;
	return (double)rd->pen[rd->vc[k + 2].gs] / PANGO_SCALE - ends < PDF_TIGHT_SPACE_EM * rd->em;
}

static int pdf_glyphrun_show_spaced(const struct pdf_run_draw *rd, int k)
{
	if (!pdf_glyphrun_spaced_ok(rd, k))
		return 0;
	const struct pdf_cluster *c = &rd->vc[k];
	if (c->ge - c->gs != 1 || !pdf_cluster_one_char(c, rd->text) ||
	    pdf_cluster_kind(rd->glyphs, c, rd->text) != 2)
		return 0;
	const PangoGlyphInfo *gi = &rd->glyphs->glyphs[c->gs];
	/* A letter Amiri moves sideways ("ذ" before a space) is painted where
	 * it is drawn like any other; its text goes on the carrier all the
	 * same. */
	if (!pdf_glyph_inked(gi->glyph) || gi->geometry.y_offset != 0)
		return 0;
	return pdf_glyphrun_carry_spaced(rd, k, rd->x + (double)rd->pen[c->gs] / PANGO_SCALE, 1);
}

/* Shows cluster k's text and the space after it on one carrier from
 * start to where the word after the space begins (pdf_glyphrun_show_spaced),
 * painting the cluster as an outline first when paint is set, and
 * returns 1; or returns 0 having drawn nothing, when no spare glyph of
 * the font is near that width. */
static int pdf_glyphrun_carry_spaced(const struct pdf_run_draw *rd, int k, double start, int paint)
{
	const struct pdf_cluster *c = &rd->vc[k];
	const struct pdf_show *sh = rd->sh;
	double end = rd->x + (double)rd->pen[rd->vc[k + 2].gs] / PANGO_SCALE;
	/* Nor more than PDF_SPACED_BACK_EM back into the letter shown before
	 * it (its advance in the font), where pdf.js, at 0.2 em, ends its
	 * text item and may join the line's pieces back to front: a
	 * kashida's meem after a reh kerned into it ("مركز"). */
	double last_left, last_right;
	int has_last = pdf_show_last_edges(sh, &last_left, &last_right, NULL);
	if (has_last && last_right - PDF_SPACED_BACK_EM * rd->em > start)
		start = last_right - PDF_SPACED_BACK_EM * rd->em;
	int len = c->be - c->bs + 1;
	char *u = g_malloc((gsize)len);
	if (rd->rtl)
		pdf_glyphrun_copy_reversed(u, rd->text + c->bs, len - 1);
	else
		memcpy(u, rd->text + c->bs, (size_t)(len - 1));
	u[len - 1] = ' ';
	/* A carrier of the span's tenth of an em, else of the next tenth up
	 * (a justified space can be wide, and Amiri has two spare glyphs
	 * near 0.9 em, ten near 1 em). */
	double span = (end - start) / rd->em;
	unsigned long carrier = pdf_fontslots_sized_carrier(rd->slots, rd->font, rd->sf, span, u, len);
	if (carrier == 0)
		carrier = pdf_fontslots_sized_carrier(rd->slots, rd->font, rd->sf, span + 0.1, u, len);
	cairo_glyph_t g = { carrier, 0, rd->y };
	cairo_text_extents_t te;
	if (carrier != 0)
		cairo_scaled_font_glyph_extents(rd->sf, &g, 1, &te);
	/* pdf.js ends its text item where a glyph starts 0.2 em left of the
	 * previous one's end, and adds a space where it starts 0.1 em past. */
	if (carrier == 0 || end - start - te.x_advance < -0.15 * rd->em ||
	    end - start - te.x_advance > 0.08 * rd->em) {
		g_free(u);
		return 0;
	}
	if (paint)
		pdf_paint_cluster(rd, c);
	/* The carrier ends where the base begins, unless the letter has a mark
	 * of its own (before it, in visual order): poppler places that mark by
	 * the letter's pen, so the carrier starts there instead, and splits
	 * any difference in width with the gap before the base. */
	g.x = pdf_cluster_kind(rd->glyphs, &rd->vc[k - 1], rd->text) == 1 ? start : end - te.x_advance;
	/* But never 0.1 em past the end of the letter shown before it, in
	 * the font's advances, where poppler ends a word: a carrier narrower
	 * than its span, after a kashida's letter whose text went against the
	 * letter before it, read "أ كدت". The slack then goes half before
	 * the carrier, half after. */
	if (has_last && g.x - last_right >= PDF_SPACED_LEFT_EM * rd->em)
		g.x = last_right + (end - te.x_advance - last_right) / 2;
	pdf_show_faint_one(rd->sh, u, len, &g);
	g_free(u);
	return 1;
}

/* Adds a zero-width bidi mark (LRM or RLM) at x, carried as described at
 * pdf_glyphrun_carrier; drop is how far below the baseline (see
 * pdf_glyphrun_start_mark). */
static void pdf_show_add_mark(struct pdf_show *sh, PangoFont *font, cairo_scaled_font_t *sf,
                              gunichar mark, double x, double y, double drop)
{
	hb_codepoint_t g = pdf_glyphrun_carrier(font, sf, mark == 0x200F ? 0x200B : 0xFEFF);
	if (g == 0)
		return;
	char u[8];
	cairo_glyph_t cg = { g, x, y + drop };
	/* A mark off the baseline goes faint, in a text object of its own
	 * (pdf_show_flush), so that the text after it starts from a text
	 * matrix on the baseline: after the mark, Cairo moved back to the
	 * baseline with a Td, rounded to six places, and the line's first
	 * word came out a millionth of a point off the rest of the line.
	 * poppler orders the pieces of a line it cuts at a wide gap (a
	 * listing's) by exact baseline, and printed the right piece first. */
	pdf_show_cluster(sh, &cg, 1, u, g_unichar_to_utf8(mark, u), drop != 0);
}

/* Adds an RLM at x as pdf_show_add_mark does, or, where the face has no
 * zero-width space to carry it (Noto Serif Hebrew), on the face's own
 * glyph for U+200F, faint: it has no advance but a picture of the
 * control (Noto's), and maps to the RLM anyway, so Cairo's one text per
 * glyph is kept. */
static void pdf_show_add_rlm(struct pdf_show *sh, PangoFont *font, cairo_scaled_font_t *sf,
                             double x, double y)
{
	hb_font_t *hb = pango_font_get_hb_font(font);
	hb_codepoint_t g;
	if (pdf_glyphrun_carrier(font, sf, 0x200B) != 0 || hb == NULL ||
	    !hb_font_get_nominal_glyph(hb, 0x200F, &g) || g == 0 || hb_font_get_glyph_h_advance(hb, g) != 0) {
		pdf_show_add_mark(sh, font, sf, 0x200F, x, y, 0);
		return;
	}
	cairo_glyph_t cg = { g, x, y };
	pdf_show_cluster(sh, &cg, 1, "\xe2\x80\x8f", 3, 1);
}

/* Appends a lead: an RLM, faint, on the RLM's carrier (pdf_show_add_mark)
 * at (x, y), in the text object of the faint cluster appended next, whose
 * text starts with a mark or joiner (pdf_needs_rtl_lead). A glyph of its
 * own and not the cluster's text: pdf.js skips a glyph whose text is a
 * format character alone, but reads one that starts with it as a
 * character of another word. Placed where that cluster's glyph goes, as
 * pdf.js skips the position adjustment after it too. 0 when the face has
 * no carrier for it. */
static int pdf_show_add_lead(struct pdf_show *sh, PangoFont *font, cairo_scaled_font_t *sf,
                             double x, double y)
{
	hb_codepoint_t g = pdf_glyphrun_carrier(font, sf, 0x200B);
	if (g == 0)
		return 0;
	cairo_glyph_t cg = { g, x, y };
	pdf_show_cluster(sh, &cg, 1, PDF_RTL_LEAD, 3, 1);
	return 1;
}

/* Adds the mark a space's width before a line (PDF_MARK_LRM_START,
 * PDF_MARK_RLM_START) for run, drawn from x, to sh, if mark asks for
 * one. It is the line's first glyph in the stream, a hair below the
 * baseline: pdf.js skips a glyph whose text ends in a format character
 * (\p{Cf}) and with it the position adjustment that follows it in a TJ
 * array, and the gap after this mark moved every later glyph of the text
 * object left by a quarter of an em ("متحر كة"); off the baseline, the
 * mark gets its own text positioning from Cairo (which moves by Td when
 * y changes), and so does the glyph after it. The zero-width marks
 * inside a line sit where the next glyph starts, so pdf.js loses nothing
 * there. */
static void pdf_glyphrun_start_mark(struct pdf_show *sh, PangoGlyphItem *run, cairo_scaled_font_t *sf,
                                    unsigned mark, double x, double y)
{
	if (!(mark & (PDF_MARK_LRM_START | PDF_MARK_RLM_START)))
		return;
	cairo_matrix_t fm;
	cairo_scaled_font_get_font_matrix(sf, &fm);
	double em = fabs(fm.yy);
	int left = run->glyphs->glyphs[0].geometry.x_offset;
	pdf_show_add_mark(sh, run->item->analysis.font, sf, mark & PDF_MARK_LRM_START ? 0x200E : 0x200F,
	                  x + (double)(left < 0 ? left : 0) / PANGO_SCALE - PDF_END_GAP_EM * em, y,
	                  PDF_MARK_DROP_EM * em);
}

/* Whether run draws anything: the runs Pango makes of bidi isolate
 * controls alone hold only empty glyphs. */
static int pdf_glyphrun_visible(const PangoGlyphItem *run)
{
	for (int i = 0; i < run->glyphs->num_glyphs; i++)
		if (run->glyphs->glyphs[i].glyph != PANGO_GLYPH_EMPTY)
			return 1;
	return 0;
}

/* Whether runs hold a visible run of direction rtl. */
static int pdf_glyphrun_has_dir(GSList *runs, int rtl)
{
	for (GSList *l = runs; l; l = l->next) {
		const PangoGlyphItem *run = l->data;
		if (((run->item->analysis.level & 1) != 0) == (rtl != 0) && pdf_glyphrun_visible(run))
			return 1;
	}
	return 0;
}

/* The visible run nearest node on its left in runs, or NULL. */
static const PangoGlyphItem *pdf_glyphrun_left_of(GSList *runs, GSList *node)
{
	const PangoGlyphItem *left = NULL;
	for (GSList *l = runs; l != node; l = l->next)
		if (pdf_glyphrun_visible(l->data))
			left = l->data;
	return left;
}

/* The run nearest node on its left in runs that draws more than white
 * space, or NULL. text is the line's text. */
static const PangoGlyphItem *pdf_glyphrun_inked_left_of(GSList *runs, GSList *node, const char *text)
{
	const PangoGlyphItem *left = NULL;
	for (GSList *l = runs; l != node; l = l->next) {
		const PangoGlyphItem *run = l->data;
		if (pdf_glyphrun_visible(run) &&
		    pdf_glyphrun_ink_left(run, text) < (double)pango_glyph_string_get_width(run->glyphs) / PANGO_SCALE)
			left = run;
	}
	return left;
}

/* The visible run nearest node on its right, or NULL. */
static const PangoGlyphItem *pdf_glyphrun_right_of(GSList *node)
{
	for (GSList *l = node->next; l; l = l->next)
		if (pdf_glyphrun_visible(l->data))
			return l->data;
	return NULL;
}

/* Whether run's text holds a letter (not only digits and punctuation). */
static int pdf_glyphrun_has_letter(const PangoGlyphItem *run, const char *text)
{
	const char *p = text + run->item->offset, *end = p + run->item->length;
	for (; p < end; p = g_utf8_next_char(p))
		if (g_unichar_isalpha(g_utf8_get_char(p)))
			return 1;
	return 0;
}

/* Whether runs before and after are both of direction rtl and before
 * ends where after starts in the text: one stretch of that direction
 * goes on from before into after. */
static int pdf_glyphrun_goes_on(const PangoGlyphItem *before, const PangoGlyphItem *after, int rtl)
{
	return ((before->item->analysis.level & 1) != 0) == (rtl != 0) &&
	       ((after->item->analysis.level & 1) != 0) == (rtl != 0) &&
	       before->item->offset + before->item->length == after->item->offset;
}

unsigned pdf_glyphrun_mark(GSList *runs, GSList *node, const char *text, int base_rtl, int page_dir,
                           int in_cell)
{
	const PangoGlyphItem *run = node->data;
	int rtl = (run->item->analysis.level & 1) != 0;
	const PangoGlyphItem *left = pdf_glyphrun_left_of(runs, node);
	const PangoGlyphItem *right = pdf_glyphrun_right_of(node);
	/* The marks for a line of the other direction than its page (see
	 * PDF_MARK_LRM_LEFT) go only there: elsewhere the ones outside the
	 * line's ends would only add spaces to its copy. */
	int against = page_dir < 0 || (base_rtl != 0) != (page_dir != 0);
	/* A run of the line's direction at either end of a line that holds
	 * text of the other direction. */
	if (rtl == (base_rtl != 0)) {
		/* Past a run of white space alone (a space between two spans
		 * is a run of its own): the colon of "באנגלית: <span>Glasgow"
		 * is then the run's left end, against that space. */
		const PangoGlyphItem *inked = pdf_glyphrun_inked_left_of(runs, node, text);
		unsigned punct = base_rtl && inked != NULL && !(inked->item->analysis.level & 1)
		                 ? PDF_MARK_RLM_PUNCT : PDF_MARK_NONE;
		/* On a right-to-left line, an LRM before the white space that
		 * ends a right-to-left run on its right, where a left-to-right
		 * run (a number, a Latin word) follows: MuPDF gives a space the
		 * direction of the glyph before it, and reversed the space with
		 * the right-to-left run, to its far end, gluing the run's last
		 * word to the number ("نشریات۱۹۴۹" for "در ۱۹۴۹ به ... در
		 * نشریات"). After the LRM the space goes left to right. Not
		 * before a Latin word: there poppler, whose left-to-right
		 * stretch then takes the space in, lost the line's words. Nor on
		 * a page poppler reads left to right: it printed the number with
		 * the next word there ("1وهذه" on an English page). */
		if (base_rtl && !against && right != NULL && !(right->item->analysis.level & 1) &&
		    !pdf_glyphrun_has_letter(right, text) && pdf_glyphrun_white_right(run, text) > 0)
			punct |= PDF_MARK_LRM_RIGHT;
		if (!against || !pdf_glyphrun_visible(run) || !pdf_glyphrun_has_dir(runs, !base_rtl))
			return punct;
		if (base_rtl)
			return punct | (left == NULL ? PDF_MARK_RLM_START : 0) | (right == NULL ? PDF_MARK_RLM_END : 0);
		return (left == NULL ? PDF_MARK_LRM_START : 0) | (right == NULL ? PDF_MARK_LRM_END : 0);
	}
	/* No mark inside a stretch of the other direction that goes on
	 * from the run beside it (a number and its superscript: "2" and
	 * "16" read "162" in poppler). A note mark after a number is no
	 * such stretch: it is isolated, and drawn to the number's left. */
	unsigned mark = PDF_MARK_NONE;
	if (base_rtl) {
		/* Only against right-to-left text: beside a run of its own
		 * direction (a note mark drawn left of its number) the mark
		 * would sit in the middle of one left-to-right stretch. Not
		 * after a sub- or superscript either: off the baseline, poppler
		 * took the mark for a line of its own and broke "س١ + س٢ = ص٢"
		 * over four. */
		if (against && right != NULL && (right->item->analysis.level & 1) != 0 && run->y_offset == 0)
			mark |= PDF_MARK_RLM_RIGHT;
		if (left != NULL)
			return mark | (pdf_glyphrun_goes_on(left, run, 0) ? PDF_MARK_NONE : PDF_MARK_RLM_LEFT);
		/* Also a cell line all left to right: poppler read a number
		 * cell into the next ("1991الإصدار"). */
		return mark | (in_cell ? PDF_MARK_RLM_EDGE : PDF_MARK_NONE);
	}
	if (against && left != NULL && !pdf_glyphrun_goes_on(run, left, 1))
		mark |= PDF_MARK_LRM_LEFT;
	if (right != NULL && !pdf_glyphrun_goes_on(right, run, 1))
		mark |= PDF_MARK_LRM_RIGHT;
	return mark;
}

unsigned long pdf_glyphrun_claim_space(const struct pdf_glyphrun_target *to, PangoFont *font)
{
	struct pdf_fontslots *slots = to->slots;
	cairo_scaled_font_t *sf = font ? pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(font)) : NULL;
	hb_font_t *hb = font ? pango_font_get_hb_font(font) : NULL;
	hb_codepoint_t space;
	if (sf == NULL || hb == NULL || !pdf_fontslots_open(slots, font, sf, ' ') ||
	    !hb_font_get_nominal_glyph(hb, ' ', &space))
		return 0;
	return pdf_fontslots_primer(slots, font, sf, space, ' ');
}

void pdf_glyphrun_show_primer(const struct pdf_glyphrun_target *to, PangoFont *font,
                              unsigned long primer, double x, double y)
{
	cairo_t *cr = to->cr;
	cairo_scaled_font_t *sf = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(font));
	if (primer == 0 || sf == NULL)
		return;
	cairo_glyph_t g = { primer, x, y };
	cairo_save(cr);
	cairo_set_scaled_font(cr, sf);
	pdf_draw_faint_one(cr, " ", 1, &g);
	cairo_restore(cr);
}

#define RLM "\xe2\x80\x8f"
#define LRM "\xe2\x80\x8e"

int pdf_glyphrun_lead_line(const struct pdf_glyphrun_target *to, const char *text,
                           PangoGlyphItem *run, unsigned mark, double x, double y)
{
	cairo_t *cr = to->cr;
	struct pdf_fontslots *slots = to->slots;
	PangoGlyphString *glyphs = run->glyphs;
	PangoFont *font = run->item->analysis.font;
	if (slots == NULL || font == NULL || !(run->item->analysis.level & 1) || glyphs->num_glyphs < 1)
		return 0;
	/* The first cluster in the stream (visual order) that is not white
	 * space (a line's trailing space comes first, with no width), and
	 * whether its text holds a mark. In visual order a right-to-left
	 * run's clusters go from the end of its text to the start. */
	const char *t = text + run->item->offset;
	int end = run->item->length, vowel = 0;
	for (int i = 0; i < glyphs->num_glyphs;) {
		int start = glyphs->log_clusters[i], blank = 1;
		for (const char *p = t + start; p < t + end; p = g_utf8_next_char(p)) {
			gunichar c = g_utf8_get_char(p);
			vowel |= g_unichar_type(c) == G_UNICODE_NON_SPACING_MARK;
			blank &= g_unichar_isspace(c);
		}
		if (!blank)
			break;
		while (i < glyphs->num_glyphs && glyphs->log_clusters[i] == start)
			i++;
		end = start;
	}
	if (!vowel)
		return 0;
	cairo_scaled_font_t *sf = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(font));
	unsigned long g = sf ? pdf_fontslots_mark_carrier(slots, font, sf, RLM " ", 4) : 0;
	if (g == 0)
		return 0;
	/* The mark before the line, if any, goes first: poppler takes the
	 * first character after a jump right for the start of a word, and
	 * after the mark, the carrier's word would not have taken in the
	 * line's first letter ("اً" of "خاصاً"). */
	struct pdf_show sh;
	pdf_show_init(&sh, NULL, 0);
	pdf_glyphrun_start_mark(&sh, run, sf, mark, x, y);
	pdf_show_add(&sh, g, x, y, RLM " ", 4);
	/* Both faint, in one text object. */
	for (size_t i = 0; i < sh.n_cc; i++)
		sh.faint[i] = 1;
	cairo_save(cr);
	cairo_set_scaled_font(cr, sf);
	pdf_show_flush(cr, &sh, to->stamps);
	cairo_restore(cr);
	pdf_show_clear(&sh);
	return 1;
}

/* The carrier of cluster c's text (a single character, or an RTL one's in
 * reverse) between prefix and suffix, or 0 (PDF_MARK_RLM_EDGE, a cell's
 * leading space). */
static unsigned long pdf_glyphrun_edge_carrier(struct pdf_fontslots *slots, PangoFont *font,
                                               cairo_scaled_font_t *sf,
                                               const PangoGlyphString *glyphs,
                                               const struct pdf_cluster *c, const char *text,
                                               const char *prefix, const char *suffix)
{
	int len = c->be - c->bs, nt = 0;
	if (slots == NULL || !pdf_cluster_one_char(c, text))
		return 0;
	char *u = g_strdup_printf("%s%.*s%s", prefix, len, text + c->bs, suffix);
	cairo_glyph_t *g = g_new0(cairo_glyph_t, (gsize)(c->ge - c->gs + 1));
	for (int i = c->gs; i < c->ge; i++)
		if (pdf_glyph_inked(glyphs->glyphs[i].glyph))
			g[nt++].index = glyphs->glyphs[i].glyph;
	unsigned long carrier = nt > 0 ? pdf_fontslots_carrier(slots, font, sf, g, nt, u,
	                                                       (int)strlen(u)) : 0;
	g_free(g);
	g_free(u);
	return carrier;
}

double pdf_glyphrun_ink_left(const PangoGlyphItem *run, const char *text)
{
	const PangoGlyphString *glyphs = run->glyphs;
	const char *t = text + run->item->offset;
	int64_t pen = 0;
	for (int i = 0; i < glyphs->num_glyphs; i++) {
		/* Past white space and the empty glyphs of bidi controls. */
		if (!g_unichar_isspace(g_utf8_get_char(t + glyphs->log_clusters[i])) &&
		    pdf_glyph_inked(glyphs->glyphs[i].glyph))
			break;
		pen += glyphs->glyphs[i].geometry.width;
	}
	return (double)pen / PANGO_SCALE;
}

/* Whether glyph i of run shows white space or a bidi control. */
static int pdf_glyph_white(const PangoGlyphString *g, const char *t, int i)
{
	gunichar c = g_utf8_get_char(t + g->log_clusters[i]);
	return g_unichar_isspace(c) || g_unichar_type(c) == G_UNICODE_FORMAT;
}

double pdf_glyphrun_white_right(const PangoGlyphItem *run, const char *text)
{
	const PangoGlyphString *glyphs = run->glyphs;
	const char *t = text + run->item->offset;
	int64_t pen = 0;
	for (int i = glyphs->num_glyphs - 1; i >= 0 && pdf_glyph_white(glyphs, t, i); i--)
		pen += glyphs->glyphs[i].geometry.width;
	return (double)pen / PANGO_SCALE;
}

/* Where glyph i of run, drawn from x, ends for pdf.js: where it starts
 * plus its advance in the font; its end by its Pango width when it draws
 * nothing or the font has no HarfBuzz face. */
static double pdf_glyph_font_end(const PangoGlyphItem *run, int i, double x)
{
	const PangoGlyphString *g = run->glyphs;
	PangoFont *font = run->item->analysis.font;
	int64_t pen = 0;
	for (int k = 0; k < i; k++)
		pen += g->glyphs[k].geometry.width;
	hb_font_t *hb = font ? pango_font_get_hb_font(font) : NULL;
	cairo_scaled_font_t *sf = font ? pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(font)) : NULL;
	const PangoGlyphInfo *gi = &g->glyphs[i];
	if (hb == NULL || sf == NULL || !pdf_glyph_inked(gi->glyph))
		return x + (double)(pen + gi->geometry.width) / PANGO_SCALE;
	cairo_matrix_t fm;
	cairo_scaled_font_get_font_matrix(sf, &fm);
	int xs, ys;
	hb_font_get_scale(hb, &xs, &ys);
	double adv = xs != 0 ? (double)hb_font_get_glyph_h_advance(hb, gi->glyph) / xs * fabs(fm.xx) : 0;
	return x + (double)(pen + gi->geometry.x_offset) / PANGO_SCALE + adv;
}

double pdf_glyphrun_stream_end(const PangoGlyphItem *run, double x)
{
	int n = run->glyphs->num_glyphs;
	return n > 0 ? pdf_glyph_font_end(run, n - 1, x) : x;
}

double pdf_glyphrun_text_end(const PangoGlyphItem *run, const char *text, double x)
{
	const PangoGlyphString *g = run->glyphs;
	const char *t = text + run->item->offset;
	int last = g->num_glyphs - 1;
	while (last >= 0 && pdf_glyph_white(g, t, last))
		last--;
	if (last < 0)
		return x + (double)pango_glyph_string_get_width(run->glyphs) / PANGO_SCALE;
	return pdf_glyph_font_end(run, last, x);
}

int pdf_glyphrun_gap_text(const struct pdf_glyphrun_target *to, cairo_scaled_font_t *like,
                          const char *u, double x, double w, double y)
{
	if (to->carriers == NULL || like == NULL)
		return 0;
	cairo_scaled_font_t *cf = pdf_carriers_font(to->carriers, like);
	cairo_matrix_t fm;
	cairo_scaled_font_get_font_matrix(like, &fm);
	double em = fabs(fm.yy);
	/* poppler takes a glyph that touches a word into that word: drawn
	 * from the left item's edge, the carrier went into the word there
	 * and its space was lost ("205القسم"). It starts past poppler's word
	 * break on that side where the white space is twice as wide. */
	if (w > 2 * PDF_GAP_BREAK_EM * em) {
		x += PDF_GAP_BREAK_EM * em;
		w -= PDF_GAP_BREAK_EM * em;
	}
	int len = (int)strlen(u);
	unsigned long g = cf && em > 0 ? pdf_carriers_glyph(to->carriers, u, len, w / em) : 0;
	if (g == 0)
		return 0;
	cairo_glyph_t cg = { g, x, y };
	cairo_save(to->cr);
	cairo_set_scaled_font(to->cr, cf);
	pdf_draw_faint_one(to->cr, u, len, &cg);
	cairo_restore(to->cr);
	return 1;
}

int pdf_glyphrun_edge_text(const struct pdf_glyphrun_target *to, PangoFont *font, const char *u,
                           double end, double from, double after_white, double y)
{
	cairo_t *cr = to->cr;
	struct pdf_fontslots *slots = to->slots;
	cairo_scaled_font_t *sf = font ? pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(font)) : NULL;
	int len = (int)strlen(u);
	unsigned long g = sf && slots ? pdf_fontslots_mark_carrier(slots, font, sf, u, len) : 0;
	if (g == 0)
		return 0;
	cairo_glyph_t cg = { g, 0, y };
	cairo_text_extents_t te;
	cairo_scaled_font_glyph_extents(sf, &cg, 1, &te);
	cg.x = end - te.x_advance;
	if (from > cg.x)
		cg.x = from;
	/* After white space pdf.js ends its item at a step forward of 0.03
	 * to 0.1 em past the text before (PDF_JS_NOT_A_SPACE_EM,
	 * PDF_JS_TRACKING_SPACE_EM) and makes the step an item of its own, a
	 * space its items' order leaves after the next item ("العربيةكتاب"
	 * for "<a>العربية</a> كتاب", after a kerned "ك"); any other step
	 * keeps the carrier in the item. */
	if (!isnan(after_white)) {
		cairo_matrix_t fm;
		cairo_scaled_font_get_font_matrix(sf, &fm);
		double em = fabs(fm.yy);
		if (cg.x > after_white + PDF_JS_NOT_A_SPACE_EM * em &&
		    cg.x <= after_white + PDF_JS_TRACKING_SPACE_EM * em)
			cg.x = after_white + 0.5 * PDF_JS_NOT_A_SPACE_EM * em;
		/* Past 0.6 em it does the same ("إسطنبولالمتحركة" for a
		 * justified "<strong>إسطنبول</strong> المتحركة" in English
		 * text); between the two it adds a space in the item. */
		else if (cg.x > after_white + PDF_JS_SPACE_IN_FLOW_MAX_EM * em)
			cg.x = after_white + 0.5 * PDF_JS_SPACE_IN_FLOW_MAX_EM * em;
	}
	cairo_save(cr);
	cairo_set_scaled_font(cr, sf);
	pdf_draw_faint_one(cr, u, len, &cg);
	cairo_restore(cr);
	return 1;
}

/* What is decided for each cluster of a run before it is drawn
 * (pdf_glyphrun_show). */
struct pdf_run_plan {
	unsigned char *apart;    /* its text is moved off its glyphs */
	unsigned char *off;      /* ...and not for a mark alone: what
	                          * pdf_glyphrun_carried counts */
	unsigned long *primer;   /* the primer it is drawn with, or 0 */
	int lead;                /* the cluster that carries an edge RLM, or -1 */
	int spaced;              /* the cluster that carries the end space, or -1 */
	int gapped;              /* the cluster whose text starts the gap, or -1 */
	int lrm_at;              /* the cluster an LRM goes before, or -1 */
	int lrm_right_at;        /* ...the LRM on a right-to-left run's right, or nvc */
	int rlm_punct_at;        /* ...the RLM after punctuation, or -1 */
	int white_to;            /* the clusters before it, white space on the
	                          * run's left, are shown faint, each in a
	                          * text object of its own (white_apart) */
};

/* Whether one of cluster c's glyphs that advance (a letter, not a mark)
 * is drawn off its pen position: more than limit Pango units sideways,
 * or raised or lowered by more than a fifth of that (poppler ends a word
 * at a change of baseline of half a point). Marks do not count: a
 * vocalised Naskh text moves most of them, and its letters still stand
 * one for one on the baseline. */
static int pdf_glyphrun_letter_off(const PangoGlyphString *glyphs, const struct pdf_cluster *c,
                                   int limit)
{
	for (int i = c->gs; i < c->ge; i++) {
		const PangoGlyphGeometry *g = &glyphs->glyphs[i].geometry;
		if (g->width != 0 && pdf_glyph_inked(glyphs->glyphs[i].glyph) &&
		    (abs(g->x_offset) > limit || abs(g->y_offset) > limit / 5))
			return 1;
	}
	return 0;
}

/* Marks the clusters of a right-to-left run whose text goes off their
 * glyphs: drawn far from their pen, kerned, drawn in more glyphs than
 * characters, a presentation form, or a last letter that overhangs. */
static void pdf_glyphrun_plan_apart(const struct pdf_run_draw *rd, struct pdf_run_plan *plan)
{
	const PangoGlyphString *glyphs = rd->glyphs;
	const struct pdf_cluster *vc = rd->vc;
	int nvc = rd->nvc;
	cairo_matrix_t fm;
	cairo_scaled_font_get_font_matrix(rd->sf, &fm);
	int limit = (int)(PDF_DISPLACED_EM * fm.yy * PANGO_SCALE);
	if (limit < 0)
		limit = -limit;
	int kern_limit = (int)(PDF_KERNED_EM * fm.yy * PANGO_SCALE);
	if (kern_limit < 0)
		kern_limit = -kern_limit;
	for (int k = 0; rd->rtl && k < nvc; k++) {
		int other = pdf_glyphrun_kerned(rd->hb, glyphs, &vc[k], rd->text, kern_limit) ||
		            pdf_glyphrun_split(glyphs, &vc[k], rd->text) ||
		            pdf_cluster_holds_joiner(&vc[k], rd->text) ||
		            pdf_glyphrun_ligature(rd->slots, rd->font, rd->sf, glyphs, &vc[k], rd->text);
		int displaced = pdf_glyphrun_displaced(glyphs, &vc[k], limit);
		plan->apart[k] = displaced || other;
		plan->off[k] = other || (displaced && pdf_glyphrun_letter_off(glyphs, &vc[k], limit));
	}
	/* A right-to-left run's rightmost letter, when nothing white follows
	 * it in the run, whose glyph overhangs its advance (an initial "ك"):
	 * extractors measure it by the font's width, which reached past the
	 * gap to the next run's word ("كتاببولاق" for two Arabic spans on a
	 * line of English). */
	if (rd->rtl && nvc > 0 &&
	    pdf_glyphrun_overhangs(rd->hb, glyphs, &vc[nvc - 1], rd->text, kern_limit))
		plan->apart[nvc - 1] = 1;
}

/* Chooses the clusters that carry what goes at the run's edges: the edge
 * RLM, the end space and the gap before (how). */
static void pdf_glyphrun_plan_edges(const struct pdf_run_draw *rd, const struct pdf_glyphrun_how *how,
                                    struct pdf_run_plan *plan)
{
	const struct pdf_cluster *vc = rd->vc;
	int nvc = rd->nvc;
	/* The cluster that carries an edge RLM (PDF_MARK_RLM_EDGE), if its
	 * face has a carrier to spare. */
	plan->lead = -1;
	if ((how->mark & PDF_MARK_RLM_EDGE) && !rd->rtl && nvc > 0 &&
	    pdf_glyphrun_edge_carrier(rd->slots, rd->font, rd->sf, rd->glyphs, &vc[0], rd->text, RLM,
	                              "") != 0) {
		plan->lead = 0;
		plan->apart[0] = 1;
	}
	/* The cluster that carries the end space, if any: the last in the
	 * stream (a right-to-left run's logical first, a left-to-right
	 * run's last). */
	plan->spaced = -1;
	if (how->end_space && nvc > 0 && !plan->apart[nvc - 1] &&
	    pdf_glyphrun_edge_carrier(rd->slots, rd->font, rd->sf, rd->glyphs, &vc[nvc - 1], rd->text,
	                              "", " ") != 0) {
		plan->spaced = nvc - 1;
		plan->apart[plan->spaced] = 1;
	}
	/* The cluster whose text starts the gap (PDF_BEFORE_GAP): the first
	 * that draws something with an advance. */
	plan->gapped = -1;
	if (how->before == PDF_BEFORE_GAP && nvc > 0 && plan->lead != 0 &&
	    pdf_cluster_kind(rd->glyphs, &vc[0], rd->text) == 2) {
		plan->gapped = 0;
		plan->apart[0] = 1;
	}
}

/* Whether poppler types c, punctuation, as part of a number (its
 * UnicodeTypeTable.cc gives "#$%+,-./:" the type of a digit, unicodeTypeNum)
 * and so reads it into the left-to-right stretch on its left on a
 * right-to-left page (TextOutputDev.cc, reorderText): the hyphen of
 * "כ-458" came out after the number ("כ458-"), the one of "ה-GCS" after
 * the word ("הGCS-"). An RLM between the two ends that stretch at it. */
static int pdf_poppler_number_punct(gunichar c)
{
	return c != 0 && c < 0x80 && strchr("#$%+,-./:", (int)c) != NULL;
}

/* Chooses where the bidi marks inside the run go (mark), and whether the
 * white space on its left goes apart (white_apart: pdf_glyphrun_how). */
static void pdf_glyphrun_plan_marks(const struct pdf_run_draw *rd, unsigned mark, int white_apart,
                                    struct pdf_run_plan *plan)
{
	const struct pdf_cluster *vc = rd->vc;
	int nvc = rd->nvc;
	/* The run's first and (one past) last clusters, in visual order,
	 * that are not white space. */
	int ink_from = 0, ink_to = nvc;
	while (ink_from < nvc && pdf_cluster_kind(rd->glyphs, &vc[ink_from], rd->text) == 0)
		ink_from++;
	while (ink_to > 0 && pdf_cluster_kind(rd->glyphs, &vc[ink_to - 1], rd->text) == 0)
		ink_to--;
	/* An LRM goes before the first cluster that is not white space: a
	 * right-to-left run may start, on its left, with the space before
	 * it, and poppler would take a mark there for the end of the word on
	 * the other side of that space. */
	plan->lrm_at = -1;
	if (mark & PDF_MARK_LRM_LEFT)
		plan->lrm_at = ink_from < nvc ? ink_from : nvc - 1;
	/* An LRM on a right-to-left run's right goes before the white space
	 * there (the space between "في" and "1514" of "عام 1514 في فانو"),
	 * not after it: poppler reads that space into the run's stretch, and
	 * puts it at the stretch's other end ("في فانو1514"). A run that is
	 * only that space (the word on its left in a run of its own) has it
	 * at its start too: at its end the LRM touched the number's first
	 * digit, and poppler put the digit on a line of its own. */
	plan->lrm_right_at = nvc;
	if (rd->rtl && (mark & PDF_MARK_LRM_RIGHT) && nvc > 0)
		plan->lrm_right_at = ink_to;
	/* PDF_MARK_RLM_PUNCT: the punctuation mark before the white space on
	 * the run's left end; or, with no white space there, one that
	 * poppler types as part of a number (pdf_poppler_number_punct): a
	 * prefix letter's hyphen against a number or Latin word. */
	plan->rlm_punct_at = -1;
	if (rd->rtl && (mark & PDF_MARK_RLM_PUNCT) && ink_from < nvc) {
		gunichar ch = g_utf8_get_char(rd->text + vc[ink_from].bs);
		if (ink_from > 0 ? !g_unichar_isalnum(ch) : pdf_poppler_number_punct(ch))
			plan->rlm_punct_at = ink_from;
	}
	plan->white_to = white_apart && ink_from < nvc ? ink_from : 0;
}

/* Adds cluster k to the show being built, its glyphs as Pango placed them
 * and its text (reversed in a right-to-left run), faint or not; a glyph
 * the font lacks is drawn as Pango's box, with no text. */
static void pdf_glyphrun_add_cluster(const struct pdf_run_draw *rd, int k, int faint)
{
	const PangoGlyphString *glyphs = rd->glyphs;
	const struct pdf_cluster *c = &rd->vc[k];
	struct pdf_show *sh = rd->sh;
	/* On the stack but for a cluster of many glyphs or bytes: every
	 * cluster drawn as it is comes here. */
	cairo_glyph_t gbuf[8];
	cairo_glyph_t *g = c->ge - c->gs + 1 <= 8 ? gbuf : g_new(cairo_glyph_t, (gsize)(c->ge - c->gs + 1));
	int shown = 0;
	for (int i = c->gs; i < c->ge; i++) {
		const PangoGlyphInfo *gi = &glyphs->glyphs[i];
		double gx = rd->x + (double)(rd->pen[i] + gi->geometry.x_offset) / PANGO_SCALE;
		double gy = rd->y + (double)gi->geometry.y_offset / PANGO_SCALE;
		if (gi->glyph == PANGO_GLYPH_EMPTY)
			continue;
		if (gi->glyph & PANGO_GLYPH_UNKNOWN_FLAG) {
			/* Pango draws no box for an unknown space. */
			if (gi->glyph != (0x20 | PANGO_GLYPH_UNKNOWN_FLAG))
				pdf_glyphrun_show_unknown(rd->cr, rd->font, gi, gx, gy);
			continue;
		}
		g[shown].index = gi->glyph;
		g[shown].x = gx;
		g[shown].y = gy;
		shown++;
	}
	int len = c->be - c->bs;
	if (len > 0) {
		char ubuf[64];
		char *u = len <= (int)sizeof ubuf ? ubuf : g_malloc((gsize)len);
		if (rd->rtl)
			pdf_glyphrun_copy_reversed(u, rd->text + c->bs, len);
		else
			memcpy(u, rd->text + c->bs, (size_t)len);
		pdf_show_cluster(sh, g, shown, u, len, faint);
		if (u != ubuf)
			g_free(u);
	}
	if (g != gbuf)
		g_free(g);
}

/* Whether cluster c, drawn as it is, keeps its text in the PDF: a single
 * glyph that Cairo maps to its text (pdf_fontslots_maps); a cluster of
 * several glyphs, or none, is left as it was. */
static int pdf_glyphrun_keeps_text(const struct pdf_run_draw *rd, const struct pdf_cluster *c)
{
	PangoGlyph g;
	int len = c->be - c->bs;
	if (len <= 0 || pdf_glyphrun_inked(rd->glyphs, c, &g) != 1 || c->ge - c->gs != 1)
		return 1;
	/* Asked twice of every letter (pdf_glyphrun_carried, then as it is
	 * drawn): a cluster's text fits on the stack but in odd cases. */
	char buf[64];
	char *u = len <= (int)sizeof buf ? buf : g_malloc((gsize)len);
	if (rd->rtl)
		pdf_glyphrun_copy_reversed(u, rd->text + c->bs, len);
	else
		memcpy(u, rd->text + c->bs, (size_t)len);
	int keeps = pdf_fontslots_maps(rd->slots, rd->font, rd->sf, g, u, len);
	if (u != buf)
		g_free(u);
	return keeps;
}

/* Whether cluster c holds a glyph lines/ added of kind (added.h), stored
 * in *added, beside one inked glyph of its own text, stored in *letter. */
static int pdf_glyphrun_added(const struct pdf_run_draw *rd, const struct pdf_cluster *c,
                              int kind, int *added, int *letter)
{
	int inked = 0;
	*added = *letter = -1;
	for (int i = c->gs; i < c->ge; i++) {
		if (pdf_added_kind(&rd->ids, rd->run, rd->text - rd->run->item->offset, i) == kind)
			*added = i;
		else if (pdf_glyph_inked(rd->glyphs->glyphs[i].glyph) && inked++ == 0)
			*letter = i;
	}
	return *added >= 0 && *letter >= 0 && inked == 1 && c->be > c->bs;
}

/* Draws cluster k of the run when it holds a kashida (added.h), and
 * returns how many clusters it drew: 2 when the space after it went with
 * it (may_space, and pdf_glyphrun_spaced_ok), else 1; or returns 0 having
 * drawn nothing. The kashida is painted as the face's tatweel stretched
 * to its width, the letter as an outline where Pango put it, and the
 * letter's text is shown on its own glyph over both, nearly transparent:
 * the readers find less of a gap on either side of it than they part
 * words at, and no tatweel. */
static int pdf_glyphrun_show_kashida(const struct pdf_run_draw *rd, int k, int may_space)
{
	const struct pdf_cluster *c = &rd->vc[k];
	const PangoGlyphString *glyphs = rd->glyphs;
	int kashida, letter;
	if (!pdf_glyphrun_added(rd, c, PDF_ADDED_KASHIDA, &kashida, &letter))
		return 0;
	cairo_t *cr = rd->cr;
	pdf_show_flush(cr, rd->sh, rd->stamps);
	const PangoGlyphInfo *kg = &glyphs->glyphs[kashida], *lg = &glyphs->glyphs[letter];
	pdf_added_paint_kashida(rd->added, rd->stamps, cr, rd->font,
	                        rd->x + (double)rd->pen[kashida] / PANGO_SCALE, rd->y,
	                        (double)kg->geometry.width / PANGO_SCALE);
	cairo_glyph_t g = { lg->glyph,
	                    rd->x + (double)(rd->pen[letter] + lg->geometry.x_offset) / PANGO_SCALE,
	                    rd->y + (double)lg->geometry.y_offset / PANGO_SCALE };
	pdf_stamps_defer(rd->stamps, cr, cairo_get_scaled_font(cr), &g, 1);
	double x0 = rd->x + (double)rd->pen[c->gs] / PANGO_SCALE;
	/* A word's first letter before a space and a word that starts with a
	 * mark ("شاملة سوياً", the kashida after the initial sheen): its
	 * text and the space ride on one carrier from the kashida's start to
	 * the mark's base, as pdf_glyphrun_show_spaced has a letter's; shown
	 * apart, pdf.js put a second space before the mark ("سويا ً"). */
	if (may_space && rd->rtl && pdf_glyphrun_space_follows(rd, k) &&
	    pdf_glyphrun_carry_spaced(rd, k, x0, 0))
		return 2;
	/* The text: the letter's glyph, centred from the cluster's start to
	 * its end; a kashida under 0.1 em (lines/ keeps one at a word's last
	 * join so) all on its right, the letter's text against the letter
	 * before it: poppler splits a word whose first letter stands under
	 * 0.1 em from a carrier before it, and joins the pieces again only
	 * across a gap under 0.03 em. */
	double x1 = rd->x + (double)(rd->pen[c->ge - 1] + glyphs->glyphs[c->ge - 1].geometry.width) /
	            PANGO_SCALE;
	cairo_text_extents_t te;
	cairo_glyph_extents(cr, &g, 1, &te);
	int len = c->be - c->bs;
	char *u = g_malloc((gsize)len);
	if (rd->rtl)
		pdf_glyphrun_copy_reversed(u, rd->text + c->bs, len);
	else
		memcpy(u, rd->text + c->bs, (size_t)len);
	double gap = x1 - x0 - te.x_advance;
	g.x = gap < 0.1 * rd->em ? x0 : x0 + gap / 2;
	g.y = rd->y;
	pdf_show_faint_one(rd->sh, u, len, &g);
	g_free(u);
	return 1;
}

/* Draws cluster k of the run when it ends with a hyphen lines/ added at
 * a line end (added.h), and returns 1; or returns 0 having drawn nothing.
 * Letter and hyphen are painted as outlines where Pango put them, and
 * each shows its own text on its own glyph, nearly transparent: the
 * letter's, then "-", which poppler and Chrome join back into the word. */
static int pdf_glyphrun_show_hyphen(const struct pdf_run_draw *rd, int k)
{
	const struct pdf_cluster *c = &rd->vc[k];
	const PangoGlyphString *glyphs = rd->glyphs;
	int hyphen, letter;
	if (rd->rtl || !pdf_glyphrun_added(rd, c, PDF_ADDED_HYPHEN, &hyphen, &letter))
		return 0;
	cairo_t *cr = rd->cr;
	pdf_show_flush(cr, rd->sh, rd->stamps);
	const int order[2] = { letter, hyphen };
	for (int j = 0; j < 2; j++) {
		const PangoGlyphInfo *gi = &glyphs->glyphs[order[j]];
		cairo_glyph_t g = { gi->glyph,
		                    rd->x + (double)(rd->pen[order[j]] + gi->geometry.x_offset) / PANGO_SCALE,
		                    rd->y + (double)gi->geometry.y_offset / PANGO_SCALE };
		pdf_stamps_paint(rd->stamps, cr, &g, 1);
		if (j == 0)
			pdf_show_faint_one(rd->sh, rd->text + c->bs, c->be - c->bs, &g);
		else
			pdf_show_faint_one(rd->sh, "-", 1, &g);
	}
	return 1;
}

/* Draws cluster k, as the plan says, and returns how many clusters it
 * drew: 2 when the space after it went with it. joined: as
 * pdf_glyphrun_how. */
static int pdf_glyphrun_draw_cluster(const struct pdf_run_draw *rd, const struct pdf_run_plan *plan,
                                     int k, double joined)
{
	const unsigned char *apart = plan->apart;
	const unsigned long *primer = plan->primer;
	int nvc = rd->nvc;
	/* A letter rides with the space after it where it can, also one
	 * whose text is moved off its ink anyway ("مِنْ ذِكْرى"), but not
	 * one that carries an edge mark, a space or a gap. */
	int may_space = rd->rtl && k != plan->lead && k != plan->spaced && k != plan->gapped &&
	                primer[k] == 0 && (k + 1 == nvc || (!apart[k + 1] && primer[k + 1] == 0));
	int drawn = pdf_glyphrun_show_kashida(rd, k, may_space);
	if (drawn > 0)
		return drawn;
	if (pdf_glyphrun_show_hyphen(rd, k))
		return 1;
	if (may_space) {
		if (k + 1 < nvc && pdf_glyphrun_show_spaced(rd, k))
			return 2; /* the space went with it */
		/* A letter whose text is moved off its ink anyway too: the
		 * carrier takes its text to its pen position. */
		if (pdf_glyphrun_show_stretched(rd, k, joined))
			return 1;
	}
	if (apart[k]) {
		if (!rd->rtl || k == plan->spaced || k == plan->gapped || !pdf_glyphrun_show_mark(rd, k))
			pdf_glyphrun_show_displaced(rd, &rd->vc[k], k == plan->lead ? RLM : NULL,
			                            k == plan->spaced ? " " : NULL,
			                            k == plan->gapped ? PDF_GAP_EM * rd->em : 0);
		return 1;
	}
	if (rd->rtl && primer[k] == 0 && pdf_glyphrun_narrow(rd, k, apart)) {
		pdf_glyphrun_show_narrow(rd, k);
		return 1;
	}
	if (primer[k] != 0) {
		pdf_glyphrun_show_primed(rd, &rd->vc[k], primer[k]);
		return 1;
	}
	/* A cluster whose text starts with a mark, first in a text object
	 * after faint text, goes faint with its letter too, behind an RLM
	 * (pdf_needs_rtl_lead); so does one whose glyph Cairo maps to
	 * another text already (a Nastaliq face draws several letters with
	 * one body and dots apart: "ب" and "ت" share a glyph). */
	const struct pdf_cluster *c = &rd->vc[k];
	if ((rd->rtl && c->be > c->bs && pdf_show_solid_follows_faint(rd->sh) &&
	     pdf_needs_rtl_lead(g_utf8_prev_char(rd->text + c->be))) ||
	    !pdf_glyphrun_keeps_text(rd, c)) {
		pdf_glyphrun_show_displaced(rd, c, NULL, NULL, 0);
		return 1;
	}
	/* White space on the run's left, apart (white_apart): a faint
	 * cluster is a text object of its own (pdf_show_flush). */
	pdf_glyphrun_add_cluster(rd, k, k < plan->white_to);
	return 1;
}

/* Draws the run's clusters with the bidi marks inside it, after the marks
 * at its start and before those at its end (mark). */
static void pdf_glyphrun_draw(const struct pdf_run_draw *rd, PangoGlyphItem *run,
                              const struct pdf_run_plan *plan, const struct pdf_glyphrun_how *how)
{
	const PangoGlyphString *glyphs = rd->glyphs;
	const struct pdf_cluster *vc = rd->vc;
	const int64_t *pen = rd->pen;
	struct pdf_show *sh = rd->sh;
	unsigned mark = how->mark;
	double em = rd->em, x = rd->x, y = rd->y;
	/* The RLM goes a little left of where the run's first glyph is drawn:
	 * poppler splits a word at a mark it finds inside it ("1 514"), and
	 * Cairo's rounding of glyph positions (to 1/1000 of the font size in
	 * TJ) can put a mark set exactly at the edge a hair inside. */
	int left = glyphs->glyphs[0].geometry.x_offset < 0 ? glyphs->glyphs[0].geometry.x_offset : 0;
	pdf_glyphrun_start_mark(sh, run, rd->sf, mark, x, y);
	if (mark & PDF_MARK_RLM_LEFT)
		pdf_show_add_mark(sh, rd->font, rd->sf, 0x200F,
		                  x + (double)left / PANGO_SCALE - PDF_MARK_AHEAD_EM * em, y, 0);
	for (int k = 0; k < rd->nvc;) {
		double at = x + (double)pen[vc[k].gs] / PANGO_SCALE;
		if (k == plan->lrm_at)
			pdf_show_add_mark(sh, rd->font, rd->sf, 0x200E, at - PDF_MARK_AHEAD_EM * em, y, 0);
		if (k == plan->lrm_right_at)
			pdf_show_add_mark(sh, rd->font, rd->sf, 0x200E, at, y, 0);
		if (k == plan->rlm_punct_at)
			pdf_show_add_rlm(sh, rd->font, rd->sf, at, y);
		k += pdf_glyphrun_draw_cluster(rd, plan, k, how->joined);
	}
	if ((mark & (PDF_MARK_LRM_END | PDF_MARK_RLM_RIGHT | PDF_MARK_RLM_END)) ||
	    ((mark & PDF_MARK_LRM_RIGHT) && plan->lrm_right_at == rd->nvc))
		pdf_show_add_mark(sh, rd->font, rd->sf,
		                  mark & (PDF_MARK_LRM_RIGHT | PDF_MARK_LRM_END) ? 0x200E : 0x200F,
		                  x + (double)pango_glyph_string_get_width(run->glyphs) / PANGO_SCALE +
		                  (mark & (PDF_MARK_LRM_END | PDF_MARK_RLM_END) ? PDF_END_GAP_EM * em : 0),
		                  y, 0);
}

/* Whether a run's face cannot carry its text (a Nastaliq face: bodies and
 * dots at cascading heights, one body for several letters): the
 * clusters that draw a letter off its place (pdf_glyphrun_letter_off) or
 * whose glyph Cairo maps to another text (pdf_glyphrun_keeps_text) are
 * more than half the run's, or more than three in ten of the face's so
 * far (pdf_fontslots_tally). What a face does is measured on the runs it
 * draws, whichever face it is. Such a run is carried whole
 * (pdf_glyphrun_draw_carried): in another font for some clusters, the
 * rest of the run would split pdf.js's item at every one of them. */
static int pdf_glyphrun_carried(const struct pdf_run_draw *rd, const struct pdf_run_plan *plan)
{
	if (rd->carriers == NULL || !rd->rtl)
		return 0;
	int letters = 0, off = 0;
	for (int k = 0; k < rd->nvc; k++) {
		if (pdf_cluster_kind(rd->glyphs, &rd->vc[k], rd->text) != 2)
			continue;
		letters++;
		off += plan->off[k] || !pdf_glyphrun_keeps_text(rd, &rd->vc[k]);
	}
	int face = pdf_fontslots_tally(rd->slots, rd->font, rd->sf, letters, off);
	return letters > 0 && (2 * off > letters || face);
}

/* Whether u (len bytes) is one character that has a WinAnsi code: Cairo
 * puts the first glyph of a font shown with such a character in a font
 * of its own (fontslots.h). */
static int pdf_one_winansi(const char *u, int len)
{
	if (len <= 0 || g_utf8_next_char(u) != u + len)
		return 0;
	gunichar c = g_utf8_get_char(u);
	return (c >= 0x20 && c < 0x7f) || (c >= 0xa0 && c <= 0xff);
}

/* Draws a run whose face cannot carry its text (pdf_glyphrun_carried):
 * every glyph as an outline where Pango put it, and the text on the
 * carrier font (carriers.h), faint, a glyph per cluster as wide as the
 * cluster, end to end on the baseline, in visual order (each cluster's
 * text reversed). A space goes with the cluster on its left, as one
 * carrier as wide as both: pdf.js drops a glyph whose text starts with
 * white space and would read the gap instead, which a narrow space
 * (Noto Nastaliq Urdu's is 0.13 em) after a space glyph makes an item of
 * its own. A mark goes on a carrier of no width, where its base starts:
 * pdf.js does not measure a mark, and a width would move every later
 * glyph of the text object. The bidi marks of the run's edges (how) go
 * on carriers of no width too, so the run stays in one font. */
static void pdf_glyphrun_draw_carried(const struct pdf_run_draw *rd, PangoGlyphItem *run,
                                      const struct pdf_glyphrun_how *how)
{
	cairo_scaled_font_t *cf = pdf_carriers_font(rd->carriers, rd->sf);
	const struct pdf_cluster *vc = rd->vc;
	const int64_t *pen = rd->pen;
	double em = rd->em;
	for (int k = 0; k < rd->nvc; k++)
		pdf_paint_cluster(rd, &vc[k]);
	if (cf == NULL)
		return;
	/* The carriers in visual order: text, left edge, width. */
	GPtrArray *texts = g_ptr_array_new_with_free_func(g_free);
	GArray *xs = g_array_new(FALSE, FALSE, sizeof(double));
	GArray *ws = g_array_new(FALSE, FALSE, sizeof(double));
	unsigned mark = how->mark;
	if (mark & (PDF_MARK_RLM_LEFT | PDF_MARK_RLM_START)) {
		double x0 = rd->x - ((mark & PDF_MARK_RLM_START) ? PDF_END_GAP_EM * em : 0);
		g_ptr_array_add(texts, g_strdup(RLM));
		g_array_append_val(xs, x0);
		double w0 = 0;
		g_array_append_val(ws, w0);
	}
	/* Where the white space on the run's right starts: before it, the
	 * LRM of PDF_MARK_LRM_RIGHT, and the space on its own after it
	 * (MuPDF gives a space the direction of the glyph before it). */
	int white_from = rd->nvc;
	while (white_from > 0 && pdf_cluster_kind(rd->glyphs, &vc[white_from - 1], rd->text) == 0)
		white_from--;
	for (int k = 0; k < rd->nvc; k++) {
		const struct pdf_cluster *c = &vc[k];
		int len = c->be - c->bs, width = 0;
		if (k == white_from && (mark & PDF_MARK_LRM_RIGHT) && k < rd->nvc) {
			double xl = rd->x + (double)pen[c->gs] / PANGO_SCALE, w0 = 0;
			g_ptr_array_add(texts, g_strdup(LRM));
			g_array_append_val(xs, xl);
			g_array_append_val(ws, w0);
			mark &= ~(unsigned)PDF_MARK_LRM_RIGHT;
		}
		for (int i = c->gs; i < c->ge; i++)
			width += rd->glyphs->glyphs[i].geometry.width;
		double x = rd->x + (double)pen[c->gs] / PANGO_SCALE, w = (double)width / PANGO_SCALE;
		if (len <= 0)
			continue;
		char *u = g_malloc((gsize)len + 1);
		pdf_glyphrun_copy_reversed(u, rd->text + c->bs, len);
		u[len] = '\0';
		if (g_unichar_isspace(g_utf8_get_char(u)) && texts->len > 0 &&
		    g_array_index(ws, double, ws->len - 1) > 0) {
			/* The space rides with the carrier on its left. */
			char *prev = g_ptr_array_index(texts, texts->len - 1);
			g_ptr_array_index(texts, texts->len - 1) = g_strconcat(prev, " ", NULL);
			g_free(prev);
			g_array_index(ws, double, ws->len - 1) += w;
			g_free(u);
			continue;
		}
		g_ptr_array_add(texts, u);
		g_array_append_val(xs, x);
		g_array_append_val(ws, w);
	}
	if (how->end_space && texts->len > 0) {
		char *prev = g_ptr_array_index(texts, texts->len - 1);
		g_ptr_array_index(texts, texts->len - 1) = g_strconcat(prev, " ", NULL);
		g_free(prev);
	}
	if (mark & (PDF_MARK_RLM_END | PDF_MARK_LRM_RIGHT)) {
		double xe = rd->x + (double)pango_glyph_string_get_width(run->glyphs) / PANGO_SCALE +
		            ((mark & PDF_MARK_RLM_END) ? PDF_END_GAP_EM * em : 0);
		g_ptr_array_add(texts, g_strdup((mark & PDF_MARK_LRM_RIGHT) ? LRM : RLM));
		g_array_append_val(xs, xe);
		double w0 = 0;
		g_array_append_val(ws, w0);
	}
	for (guint i = 0; i < texts->len; i++) {
		const char *t = g_ptr_array_index(texts, i);
		/* An RLM in front of text that starts with a mark or joiner, at
		 * the start of the text object (pdf_needs_rtl_lead), and of a
		 * single WinAnsi character (pdf_one_winansi). */
		int len = (int)strlen(t);
		char *u = (i == 0 && pdf_needs_rtl_lead(t)) || pdf_one_winansi(t, len)
		          ? g_strconcat(PDF_RTL_LEAD, t, NULL) : g_strdup(t);
		len = (int)strlen(u);
		unsigned long g = pdf_carriers_glyph(rd->carriers, u, len, g_array_index(ws, double, i) / em);
		if (g != 0) {
			cairo_glyph_t cg = { g, g_array_index(xs, double, i), rd->y };
			pdf_show_cluster_in(rd->sh, &cg, 1, u, len, 1, cf);
		}
		g_free(u);
	}
	g_ptr_array_free(texts, TRUE);
	g_array_free(xs, TRUE);
	g_array_free(ws, TRUE);
}

/* Draws an ellipsis run (PANGO_ANALYSIS_FLAG_IS_ELLIPSIS) from x on
 * baseline y: each glyph with the text of an ellipsis. */
static void pdf_glyphrun_show_ellipsis(const struct pdf_glyphrun_target *to, PangoGlyphItem *run,
                                       double x, double y)
{
	cairo_t *cr = to->cr;
	cairo_save(cr);
	cairo_set_scaled_font(cr, pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(run->item->analysis.font)));
	int64_t pen = 0;
	for (int i = 0; i < run->glyphs->num_glyphs; i++) {
		const PangoGlyphInfo *gi = &run->glyphs->glyphs[i];
		if (pdf_glyph_inked(gi->glyph)) {
			cairo_glyph_t g = { gi->glyph, x + (double)(pen + gi->geometry.x_offset) / PANGO_SCALE,
			                    y + (double)gi->geometry.y_offset / PANGO_SCALE };
			cairo_text_cluster_t one = { 3, 1 };
			cairo_show_text_glyphs(cr, "\xe2\x80\xa6", 3, &g, 1, &one, 1, 0);
		}
		pen += gi->geometry.width;
	}
	cairo_restore(cr);
}

int pdf_glyphrun_end_space_off_face(const struct pdf_glyphrun_target *to, const char *text,
                                    const PangoGlyphItem *run)
{
	const PangoGlyphString *glyphs = run->glyphs;
	PangoFont *font = run->item->analysis.font;
	int n = glyphs->num_glyphs;
	if ((run->item->analysis.level & 1) == 0 || n <= 0 || font == NULL || to->slots == NULL ||
	    to->carriers == NULL)
		return 0;
	cairo_scaled_font_t *sf = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(font));
	if (sf == NULL)
		return 0;
	cairo_matrix_t fm;
	cairo_scaled_font_get_font_matrix(sf, &fm);
	struct pdf_cluster *vc = g_new(struct pdf_cluster, (gsize)n);
	const char *t = text + run->item->offset;
	int nvc = pdf_glyphrun_clusters(glyphs, t, run->item->length, 1, vc);
	int off = 0;
	if (nvc > 0) {
		/* The same carrier pdf_glyphrun_plan_edges asks for, measured
		 * as pdf_glyphrun_show_displaced measures it. */
		const struct pdf_cluster *c = &vc[nvc - 1];
		unsigned long g = pdf_glyphrun_edge_carrier(to->slots, font, sf, glyphs, c, t, "", " ");
		int64_t width = 0;
		for (int i = c->gs; i < c->ge; i++)
			width += glyphs->glyphs[i].geometry.width;
		off = g != 0 && fabs((double)width / PANGO_SCALE - pdf_glyph_advance(sf, g)) >
		                PDF_CARRIER_MISFIT_EM * fabs(fm.yy);
	}
	g_free(vc);
	return off;
}

void pdf_glyphrun_show(const struct pdf_glyphrun_target *to, const char *text, PangoGlyphItem *run,
                       const struct pdf_glyphrun_how *how, double x, double y)
{
	PangoGlyphString *glyphs = run->glyphs;
	PangoItem *item = run->item;
	PangoFont *font = item->analysis.font;
	int n = glyphs->num_glyphs;
	if (n <= 0 || font == NULL)
		return;
	cairo_scaled_font_t *sf = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(font));
	if (sf == NULL)
		return;
	/* An ellipsis Pango put for text cut off (a running header too long
	 * for its line): its glyph stands for all that text, which is not
	 * on the page; it reads as the ellipsis it shows. */
	if (item->analysis.flags & PANGO_ANALYSIS_FLAG_IS_ELLIPSIS) {
		pdf_glyphrun_show_ellipsis(to, run, x, y);
		return;
	}

	struct pdf_show sh;
	struct pdf_cluster *vc = g_new(struct pdf_cluster, (gsize)n);
	int64_t *pen = g_new(int64_t, (gsize)n);
	struct pdf_run_plan plan = { 0 };
	int64_t p = 0;
	for (int i = 0; i < n; i++) {
		pen[i] = p;
		p += glyphs->glyphs[i].geometry.width;
	}
	cairo_matrix_t fm;
	cairo_scaled_font_get_font_matrix(sf, &fm);
	pdf_show_init(&sh, sf, fabs(fm.yy));
	struct pdf_run_draw rd = {
		to->cr, to->slots, to->stamps, to->carriers, to->added, pdf_added_ids(font), font, sf,
		pango_font_get_hb_font(font), fabs(fm.yy),
		glyphs, pen, vc,
		pdf_glyphrun_clusters(glyphs, text + item->offset, item->length, item->analysis.level & 1, vc),
		text + item->offset,
		(item->analysis.level & 1) != 0, x, y, &sh, run
	};

	plan.apart = g_new0(unsigned char, (gsize)rd.nvc);
	plan.off = g_new0(unsigned char, (gsize)rd.nvc);
	plan.primer = g_new0(unsigned long, (gsize)rd.nvc);
	pdf_glyphrun_plan_apart(&rd, &plan);
	if (pdf_glyphrun_carried(&rd, &plan)) {
		cairo_save(rd.cr);
		cairo_set_scaled_font(rd.cr, sf);
		pdf_glyphrun_draw_carried(&rd, run, how);
		pdf_show_flush(rd.cr, &sh, rd.stamps);
		cairo_restore(rd.cr);
		goto done;
	}
	pdf_glyphrun_plan_edges(&rd, how, &plan);
	if (rd.slots != NULL)
		pdf_glyphrun_primers(&rd, plan.apart, plan.primer);
	pdf_glyphrun_plan_marks(&rd, how->mark, how->white_apart, &plan);
	if (how->before == PDF_BEFORE_TUCK && !rd.rtl && rd.nvc > 0)
		for (int i = vc[0].gs; i < vc[0].ge; i++)
			pen[i] -= (int64_t)(PDF_TUCK_EM * rd.em * PANGO_SCALE);

	cairo_save(rd.cr);
	cairo_set_scaled_font(rd.cr, sf);
	pdf_glyphrun_draw(&rd, run, &plan, how);
	/* The unknown-glyph boxes above moved the font; set it again. */
	cairo_set_scaled_font(rd.cr, sf);
	pdf_show_flush(rd.cr, &sh, rd.stamps);
	cairo_restore(rd.cr);
done:
	g_free(plan.primer);
	g_free(plan.apart);
	g_free(plan.off);
	g_free(vc);
	g_free(pen);
	pdf_show_clear(&sh);
}
