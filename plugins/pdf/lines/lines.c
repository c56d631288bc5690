/*
 * lines.c: line breaking from one shaping (lines.h): a paragraph
 * measured character by character, its lines chosen (choose.c), cut from
 * its runs, filled and aligned.
 */
#include <stdlib.h>
#include <string.h>

#include <hb.h>

#include "lines/local.h"

void pdf_lines_free(struct pdf_line *lines, int n)
{
	for (int i = 0; i < n; i++) {
		for (GSList *l = lines[i].runs; l; l = l->next)
			pango_glyph_item_free(l->data);
		g_slist_free(lines[i].runs);
	}
	g_free(lines);
}

static int pdf_cmp_offset(const void *a, const void *b)
{
	const PangoGlyphItem *x = *(PangoGlyphItem *const *)a, *y = *(PangoGlyphItem *const *)b;
	return x->item->offset - y->item->offset;
}

/* UAX #9 L2: from the highest level down to the lowest odd one, reverse
 * every run of runs at that level or higher. */
void pdf_lines_reorder(PangoGlyphItem **runs, int n)
{
	int max = 0, min_odd = 255;
	for (int i = 0; i < n; i++) {
		int l = runs[i]->item->analysis.level;
		if (l > max)
			max = l;
		if ((l & 1) && l < min_odd)
			min_odd = l;
	}
	for (int lev = max; lev >= min_odd && lev > 0; lev--) {
		for (int i = 0; i < n;) {
			if (runs[i]->item->analysis.level < lev) {
				i++;
				continue;
			}
			int j = i;
			while (j < n && runs[j]->item->analysis.level >= lev)
				j++;
			for (int a = i, b = j - 1; a < b; a++, b--) {
				PangoGlyphItem *t = runs[a];
				runs[a] = runs[b];
				runs[b] = t;
			}
			i = j;
		}
	}
}

/* Sets the width of glyphs of the space characters at bytes [from, to)
 * of run (trailing white space at a line's end takes no room). */
static void pdf_zero_spaces(PangoGlyphItem *run, const char *text, int from, int to)
{
	PangoGlyphString *g = run->glyphs;
	for (int i = 0; i < g->num_glyphs; i++) {
		int off = run->item->offset + g->log_clusters[i];
		if (off >= from && off < to && (text[off] == ' ' || text[off] == '\t'))
			g->glyphs[i].geometry.width = 0;
	}
}

static void pdf_shaped_free(struct pdf_shaped *sp)
{
	g_free(sp->runs);
	g_free(sp->lo);
	g_free(sp->hi);
	g_free(sp->byte_of);
	g_free(sp->run_of);
	g_free(sp->cluster);
	g_free(sp->prefix);
	g_free(sp->flags);
	g_free(sp->rank);
	g_free(sp->word_space);
}

/* Whether glyph gi is set wider or narrower than the face draws it by
 * more than PDF_KERNED_EM of em (kerning): readers measure it by its
 * advance in the face. */
#define PDF_KERNED_EM 0.02

/* A letter narrower than this (em) is drawn with its text apart from
 * its ink by the steered text layer (a piece of a letter Amiri builds
 * from several: pdf_glyphrun_narrow), so no kashida goes beside it. */
#define PDF_NARROW_EM 0.15
static int pdf_kerned(hb_font_t *hb, const PangoGlyphInfo *gi, int em)
{
	if (hb == NULL)
		return 0;
	int d = gi->geometry.width - hb_font_get_glyph_h_advance(hb, gi->glyph);
	return d > PDF_KERNED_EM * em || d < -PDF_KERNED_EM * em;
}

/* What each character's cluster is, from the glyphs of run r (its first
 * character first). */
static void pdf_shaped_clusters(struct pdf_shaped *sp, int r, int first)
{
	const PangoGlyphItem *run = sp->runs[r];
	const PangoGlyphString *g = run->glyphs;
	int nch = run->item->num_chars;
	hb_font_t *hb = pango_font_get_hb_font(run->item->analysis.font);
	int em = pango_units_from_double(pdf_lines_em(run->item->analysis.font));
	unsigned char *glyphs = g_new0(unsigned char, nch + 1);
	unsigned char *moved = g_new0(unsigned char, nch + 1);
	/* Byte offsets of the run's characters, to find a cluster's. */
	for (int i = 0; i < g->num_glyphs; i++) {
		int byte = run->item->offset + g->log_clusters[i];
		int lo = first, hi = first + nch;
		while (lo < hi) { /* the character at byte */
			int mid = (lo + hi) / 2;
			if (sp->byte_of[mid] < byte)
				lo = mid + 1;
			else
				hi = mid;
		}
		int c = lo - first;
		if (c < 0 || c >= nch)
			continue;
		if (glyphs[c] < 255)
			glyphs[c]++;
		const PangoGlyphInfo *gi = &g->glyphs[i];
		if (gi->geometry.x_offset || gi->geometry.y_offset || gi->glyph == PANGO_GLYPH_EMPTY ||
		    (gi->glyph & PANGO_GLYPH_UNKNOWN_FLAG) || pdf_kerned(hb, gi, em) ||
		    gi->geometry.width < PDF_NARROW_EM * em)
			moved[c] = 1;
	}
	for (int c = 0; c < nch; c++) {
		unsigned char f = 0;
		if (glyphs[c] > 0)
			f |= PDF_CLUSTER_START;
		if (glyphs[c] == 1 && !moved[c] && (c + 1 == nch || glyphs[c + 1] > 0))
			f |= PDF_CLUSTER_LONE;
		sp->cluster[first + c] = f;
		sp->run_of[first + c] = r;
	}
	g_free(glyphs);
	g_free(moved);
}

/* Measures layout's one line into sp: its runs in logical order, each
 * character's byte offset, run, cluster and the widths before it. */
static void pdf_shaped_measure(PangoLayout *layout, PangoLayoutLine *one, const PangoLogAttr *attrs,
                               int n_chars, struct pdf_shaped *sp)
{
	const char *text = pango_layout_get_text(layout);
	sp->text = text;
	sp->n = n_chars;
	sp->n_runs = (int)g_slist_length(one->runs);
	sp->runs = g_new(PangoGlyphItem *, sp->n_runs > 0 ? sp->n_runs : 1);
	sp->lo = g_new(int, sp->n_runs > 0 ? sp->n_runs : 1);
	sp->hi = g_new(int, sp->n_runs > 0 ? sp->n_runs : 1);
	int k = 0;
	for (GSList *l = one->runs; l; l = l->next)
		sp->runs[k++] = l->data;
	qsort(sp->runs, (size_t)sp->n_runs, sizeof *sp->runs, pdf_cmp_offset);
	for (k = 0; k < sp->n_runs; k++) {
		sp->lo[k] = 0;
		sp->hi[k] = sp->runs[k]->glyphs->num_glyphs;
	}
	sp->byte_of = g_new(int, n_chars + 1);
	sp->run_of = g_new(int, n_chars + 1);
	sp->cluster = g_new0(unsigned char, n_chars + 1);
	sp->prefix = g_new0(double, n_chars + 1);
	sp->flags = g_new0(unsigned char, n_chars + 1);
	sp->rank = g_new0(unsigned char, n_chars + 1);
	sp->word_space = g_new0(unsigned char, strlen(text) + 1);
	int i = 0;
	for (const char *p = text; i < n_chars; p = g_utf8_next_char(p))
		sp->byte_of[i++] = (int)(p - text);
	sp->byte_of[n_chars] = (int)strlen(text);
	for (i = 0; i <= n_chars; i++)
		sp->run_of[i] = -1;
	int *cw = g_new0(int, n_chars + 1);
	int first = 0;
	for (int r = 0; r < sp->n_runs; r++) {
		PangoItem *it = sp->runs[r]->item;
		while (first < n_chars && sp->byte_of[first] < it->offset)
			first++;
		pango_glyph_item_get_logical_widths(sp->runs[r], text, cw + first);
		pdf_shaped_clusters(sp, r, first);
	}
	for (i = 0; i < n_chars; i++)
		sp->prefix[i + 1] = sp->prefix[i] + pango_units_to_double(cw[i]);
	g_free(cw);
	sp->chars = (struct pdf_breakable){ n_chars, sp->prefix, attrs, sp->flags, 0, 0 };
}

/* Whether byte lies in one of the n_rigid ranges of rigid, from *k on
 * (ranges ascending, bytes asked in ascending order). */
static int pdf_rigid_at(const int *rigid, int n_rigid, int *k, int byte)
{
	while (*k < n_rigid && rigid[2 * *k + 1] <= byte)
		(*k)++;
	return *k < n_rigid && rigid[2 * *k] <= byte;
}

/* The hyphen's width in the first left-to-right run's face. */
static double pdf_hyphen_width(const struct pdf_shaped *sp)
{
	for (int r = 0; r < sp->n_runs; r++) {
		PangoFont *font = sp->runs[r]->item->analysis.font;
		PangoGlyph g = pdf_lines_glyph(font, '-');
		if (!(sp->runs[r]->item->analysis.level & 1) && g) {
			PangoRectangle log;
			pango_font_get_glyph_extents(font, g, NULL, &log);
			return pango_units_to_double(log.width);
		}
	}
	return 0;
}

/* Gives sp's characters their flags for breaking: word spaces, the
 * clusters a word may be cut before, and what set asks for (code set as
 * typed, kashida sites, hyphenation points). */
static void pdf_shaped_flags(struct pdf_shaped *sp, const struct pdf_lines_setting *set)
{
	const PangoLogAttr *attrs = sp->chars.attrs;
	int k = 0;
	for (int i = 0; i < sp->n; i++) {
		int byte = sp->byte_of[i];
		int rigid = pdf_rigid_at(set->rigid, set->n_rigid, &k, byte);
		unsigned char f = 0;
		if (sp->text[byte] == ' ' && !rigid) {
			f |= PDF_CHAR_SPACE;
			sp->word_space[byte] = 1;
		}
		if (sp->cluster[i] & PDF_CLUSTER_START)
			f |= PDF_CHAR_CLUSTER;
		if (rigid && i > 0) {
			/* Code breaks only after its spaces, and a piece of a
			 * token cut to fit does not end with a hyphen. */
			if (!attrs[i - 1].is_white)
				f |= PDF_CHAR_KEEP;
			if (sp->text[sp->byte_of[i - 1]] == '-')
				f &= (unsigned char)~PDF_CHAR_CLUSTER;
		}
		sp->flags[i] |= f;
	}
	if (!set->justify)
		return;
	if (set->kashida)
		sp->chars.kashida = pdf_kashida_sites(sp);
	if (set->hyphens) {
		pdf_hyphens_mark(set->hyphens, sp, set->rigid, set->n_rigid);
		sp->chars.hyphen = pdf_hyphen_width(sp);
	}
}

/* A new glyph item for bytes [from, to) of run r of sp, the glyphs not
 * yet cut at the end that holds them (the start of a left-to-right run,
 * the end of a right-to-left one): copied, so that cutting a run of any
 * length into lines is linear in its length. */
static PangoGlyphItem *pdf_shaped_slice(struct pdf_shaped *sp, int r, int from, int to)
{
	PangoGlyphItem *run = sp->runs[r];
	PangoItem *it = run->item;
	const PangoGlyphString *g = run->glyphs;
	int rel = to - it->offset, rtl = it->analysis.level & 1, lo, hi;
	if (!rtl) {
		lo = sp->lo[r];
		hi = lo;
		while (hi < sp->hi[r] && g->log_clusters[hi] < rel)
			hi++;
		sp->lo[r] = hi;
	} else {
		hi = sp->hi[r];
		lo = hi;
		while (lo > sp->lo[r] && g->log_clusters[lo - 1] < rel)
			lo--;
		sp->hi[r] = lo;
	}
	/* A view of those glyphs, copied as a whole glyph item would be. */
	PangoGlyphString view = { hi - lo, g->glyphs + lo, g->log_clusters + lo, hi - lo };
	PangoGlyphItem part = *run;
	part.glyphs = &view;
	PangoGlyphItem *out = pango_glyph_item_copy(&part);
	int shift = from - it->offset;
	for (int i = 0; i < out->glyphs->num_glyphs; i++)
		out->glyphs->log_clusters[i] -= shift;
	out->item->offset = from;
	out->item->length = to - from;
	out->item->num_chars = (int)g_utf8_strlen(sp->text + from, to - from);
	return out;
}

/* Takes the text of bytes [from, to) from sp's runs, from *r on, into
 * line (runs in logical order). */
static void pdf_shaped_take(struct pdf_shaped *sp, int *r, int from, int to, GPtrArray *line)
{
	while (*r < sp->n_runs) {
		PangoItem *it = sp->runs[*r]->item;
		int start = it->offset > from ? it->offset : from;
		int end = it->offset + it->length < to ? it->offset + it->length : to;
		if (it->offset >= to)
			break;
		if (end > start)
			g_ptr_array_add(line, pdf_shaped_slice(sp, *r, start, end));
		if (it->offset + it->length > to)
			break;
		(*r)++;
	}
}

/* The width of line's runs, in points. */
static double pdf_line_width(GPtrArray *line)
{
	double width = 0;
	for (guint i = 0; i < line->len; i++) {
		PangoGlyphItem *run = line->pdata[i];
		width += pango_units_to_double(pango_glyph_string_get_width(run->glyphs));
	}
	return width;
}

/* Counts line's word spaces (not code's) before byte text_end. */
static int pdf_line_spaces(GPtrArray *line, const struct pdf_shaped *sp, int text_end)
{
	int spaces = 0;
	for (guint i = 0; i < line->len; i++) {
		PangoGlyphItem *run = line->pdata[i];
		for (int g = 0; g < run->glyphs->num_glyphs; g++) {
			int off = run->item->offset + run->glyphs->log_clusters[g];
			spaces += off < text_end && sp->word_space[off];
		}
	}
	return spaces;
}

/* Widens (or, when the line is too full, narrows) line's word spaces
 * before byte text_end by extra points in all. */
static void pdf_line_spread(GPtrArray *line, const struct pdf_shaped *sp, int text_end, int spaces,
                            double extra)
{
	int units = pango_units_from_double(extra), each = units / spaces, left = units - each * spaces;
	for (guint i = 0; i < line->len; i++) {
		PangoGlyphItem *run = line->pdata[i];
		for (int g = 0; g < run->glyphs->num_glyphs; g++) {
			int off = run->item->offset + run->glyphs->log_clusters[g];
			if (off < text_end && sp->word_space[off]) {
				int one = (left > 0) - (left < 0);
				run->glyphs->glyphs[g].geometry.width += each + one;
				left -= one;
			}
		}
	}
}

/* Adds a hyphen after the last character of line (byte last), in its
 * run's face: a glyph that stands for no character (text.h). */
static void pdf_line_hyphen(GPtrArray *line, int last)
{
	for (guint i = 0; i < line->len; i++) {
		PangoGlyphItem *run = line->pdata[i];
		if (last < run->item->offset || last >= run->item->offset + run->item->length ||
		    (run->item->analysis.level & 1))
			continue;
		PangoFont *font = run->item->analysis.font;
		PangoGlyph g = pdf_lines_glyph(font, '-');
		if (g == 0)
			return;
		PangoRectangle log;
		pango_font_get_glyph_extents(font, g, NULL, &log);
		pdf_lines_insert_glyph(run, run->glyphs->num_glyphs, g, log.width, last);
		return;
	}
}

/* The line's box, line_height tall around each run's own ascent and
 * descent (as Pango's absolute line height): its top and bottom from the
 * baseline. */
static void pdf_line_box(GPtrArray *line, double line_height, double *top, double *bottom)
{
	int any = 0;
	for (guint i = 0; i < line->len; i++) {
		PangoGlyphItem *run = line->pdata[i];
		PangoFontMetrics *m = pango_font_get_metrics(run->item->analysis.font, NULL);
		double a = pango_units_to_double(pango_font_metrics_get_ascent(m));
		double d = pango_units_to_double(pango_font_metrics_get_descent(m));
		pango_font_metrics_unref(m);
		double rise = pango_units_to_double(run->y_offset);
		double rt = -(line_height + a - d) / 2 - rise;
		double rb = rt + line_height;
		if (!any || rt < *top)
			*top = rt;
		if (!any || rb > *bottom)
			*bottom = rb;
		any = 1;
	}
	if (!any) {
		*top = -line_height * 0.8;
		*bottom = line_height * 0.2;
	}
}

/* Fills line (characters [s, e), its text ending at byte text_end) to
 * set's width: kashida first, then the word spaces; a line too full
 * narrows its spaces (total fit chose it within their shrink). Returns
 * its width. */
static double pdf_line_fill(struct pdf_shaped *sp, GPtrArray *line, int s, int e, int text_end,
                            double width, const struct pdf_lines_setting *set)
{
	double want = set->width - width;
	if (want > 0 && set->kashida)
		want -= pdf_kashida_fill(sp, line, s, e, want);
	int spaces = pdf_line_spaces(line, sp, text_end);
	if (spaces > 0 && (want > 0.001 || want < -0.001))
		pdf_line_spread(line, sp, text_end, spaces, want);
	return pdf_line_width(line);
}

/* Cuts line li (characters [start, br->end)) from sp's runs, from *r on,
 * into out: trailing white space takes no room, a hyphen is added where
 * the break asks for one, the line is filled when justified, its runs
 * reordered for display, and it is aligned and measured. */
static void pdf_line_cut(struct pdf_shaped *sp, int *r, int start, const struct pdf_break *br,
                         const struct pdf_lines_setting *set, struct pdf_line *out)
{
	const PangoLogAttr *attrs = sp->chars.attrs;
	int end = br->end, end_byte = sp->byte_of[end];
	GPtrArray *line = g_ptr_array_new();
	pdf_shaped_take(sp, r, sp->byte_of[start], end_byte, line);
	/* Trailing white space takes no room. */
	int t = end;
	while (t > start && attrs[t - 1].is_white)
		t--;
	for (guint i = 0; i < line->len; i++)
		pdf_zero_spaces(line->pdata[i], sp->text, sp->byte_of[t], end_byte);
	if ((br->how & PDF_BREAK_HYPHEN) && t > start)
		pdf_line_hyphen(line, sp->byte_of[t - 1]);
	double width = pdf_line_width(line);
	/* A last line total fit chose for its spaces' shrink is narrowed
	 * too; other ragged lines keep their natural width. */
	if (set->justify &&
	    (!(br->how & (PDF_BREAK_RAGGED | PDF_BREAK_CONTINUED)) || width > set->width + 0.01))
		width = pdf_line_fill(sp, line, start, t, sp->byte_of[t], width, set);
	pdf_lines_reorder((PangoGlyphItem **)line->pdata, (int)line->len);
	if (set->align == PANGO_ALIGN_RIGHT)
		out->x = set->width - width;
	else if (set->align == PANGO_ALIGN_CENTER)
		out->x = (set->width - width) / 2;
	else
		out->x = 0;
	double top = 0, bottom = 0;
	pdf_line_box(line, set->line_height, &top, &bottom);
	for (int i = (int)line->len - 1; i >= 0; i--)
		out->runs = g_slist_prepend(out->runs, line->pdata[i]);
	out->ascent = -top;
	out->height = bottom - top;
	out->start = sp->byte_of[start];
	out->end = end_byte;
	out->continued = (br->how & PDF_BREAK_CONTINUED) != 0;
	g_ptr_array_free(line, TRUE);
}

int pdf_lines_break(PangoLayout *layout, const struct pdf_lines_setting *set,
                    struct pdf_line **lines, int *n)
{
	int n_attrs = 0;
	const PangoLogAttr *attrs = pango_layout_get_log_attrs_readonly(layout, &n_attrs);
	int n_chars = n_attrs - 1;
	PangoLayoutLine *one = pango_layout_get_line_readonly(layout, 0);
	if (!one || pango_layout_get_line_count(layout) != 1 || n_chars < 0)
		return CV_FAIL;
	struct pdf_shaped sp = { 0 };
	pdf_shaped_measure(layout, one, attrs, n_chars, &sp);
	pdf_shaped_flags(&sp, set);
	struct pdf_break *breaks = g_new(struct pdf_break, n_chars + 1);
	int n_lines = pdf_lines_choose(&sp.chars, set->width, set->justify, breaks);
	if (n_lines == 0)
		breaks[n_lines++] = (struct pdf_break){ n_chars, PDF_BREAK_RAGGED };
	struct pdf_line *out = g_new0(struct pdf_line, n_lines);
	int r = 0;
	for (int li = 0, start = 0; li < n_lines; start = breaks[li++].end)
		pdf_line_cut(&sp, &r, start, &breaks[li], set, &out[li]);
	g_free(breaks);
	pdf_shaped_free(&sp);
	*lines = out;
	*n = n_lines;
	return CV_OK;
}
