/*
 * lines.c: line breaking from one shaping (lines.h).
 */
#include <stdlib.h>
#include <string.h>

#include "lines/lines.h"

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

int pdf_lines_choose(const struct pdf_breakable *p, double width, int *breaks)
{
	const PangoLogAttr *attrs = p->attrs;
	const double *prefix = p->prefix;
	int n = 0, s = 0;
	while (s < p->n) {
		int best = -1;
		for (int e = s + 1; e <= p->n; e++) {
			if (e < p->n && !attrs[e].is_line_break)
				continue;
			/* Trailing white space is not counted. */
			int t = e;
			while (t > s && attrs[t - 1].is_white)
				t--;
			if (prefix[t] - prefix[s] > width + 0.01)
				break;
			best = e;
		}
		if (best < 0)
			return -1;
		breaks[n++] = best;
		s = best;
	}
	return n;
}

/* A paragraph shaped as one line, measured for breaking: its runs copied
 * in logical order, each character's byte offset and the widths before
 * it. */
struct pdf_shaped {
	const char *text;
	PangoGlyphItem **runs;
	int n_runs;
	int *byte_of;            /* n + 1: character i's byte offset */
	struct pdf_breakable chars;
};

static void pdf_shaped_free(struct pdf_shaped *sp)
{
	for (int i = 0; i < sp->n_runs; i++)
		if (sp->runs[i])
			pango_glyph_item_free(sp->runs[i]);
	g_free(sp->runs);
	g_free(sp->byte_of);
	g_free((double *)sp->chars.prefix);
}

/* Measures layout's one line into sp. */
static void pdf_shaped_measure(PangoLayout *layout, PangoLayoutLine *one, const PangoLogAttr *attrs,
                               int n_chars, struct pdf_shaped *sp)
{
	const char *text = pango_layout_get_text(layout);
	sp->text = text;
	sp->n_runs = (int)g_slist_length(one->runs);
	sp->runs = g_new(PangoGlyphItem *, sp->n_runs > 0 ? sp->n_runs : 1);
	int k = 0;
	for (GSList *l = one->runs; l; l = l->next)
		sp->runs[k++] = pango_glyph_item_copy(l->data);
	qsort(sp->runs, (size_t)sp->n_runs, sizeof *sp->runs, pdf_cmp_offset);
	sp->byte_of = g_new(int, n_chars + 1);
	double *prefix = g_new0(double, n_chars + 1); /* width of chars [0, i) */
	int i = 0;
	for (const char *p = text; i < n_chars; p = g_utf8_next_char(p))
		sp->byte_of[i++] = (int)(p - text);
	sp->byte_of[n_chars] = (int)strlen(text);
	int *cw = g_new0(int, n_chars + 1);
	for (int r = 0; r < sp->n_runs; r++) {
		PangoItem *it = sp->runs[r]->item;
		int first = (int)g_utf8_pointer_to_offset(text, text + it->offset);
		pango_glyph_item_get_logical_widths(sp->runs[r], text, cw + first);
	}
	for (i = 0; i < n_chars; i++)
		prefix[i + 1] = prefix[i] + pango_units_to_double(cw[i]);
	g_free(cw);
	sp->chars = (struct pdf_breakable){ n_chars, prefix, attrs };
}

/* Takes from sp's runs, from *r on, those of the text before byte
 * end_byte into line, splitting the run that crosses it (its head goes to
 * the line, its tail stays at *r). */
static void pdf_shaped_take(struct pdf_shaped *sp, int *r, int end_byte, GPtrArray *line)
{
	while (*r < sp->n_runs) {
		PangoGlyphItem *run = sp->runs[*r];
		int run_end = run->item->offset + run->item->length;
		if (run->item->offset >= end_byte)
			break;
		if (run_end <= end_byte) {
			g_ptr_array_add(line, run);
			sp->runs[(*r)++] = NULL;
		} else {
			g_ptr_array_add(line, pango_glyph_item_split(run, sp->text,
			                                             end_byte - run->item->offset));
			break;
		}
	}
}

/* The width of line's runs, in points; with spaces set, also counts the
 * spaces before byte text_end (the line's text without its trailing
 * white space). */
static double pdf_line_width(GPtrArray *line, const char *text, int text_end, int *spaces)
{
	double width = 0;
	for (guint i = 0; i < line->len; i++) {
		PangoGlyphItem *run = line->pdata[i];
		width += pango_units_to_double(pango_glyph_string_get_width(run->glyphs));
		for (int g = 0; spaces && g < run->glyphs->num_glyphs; g++) {
			int off = run->item->offset + run->glyphs->log_clusters[g];
			if (text[off] == ' ' && off < text_end)
				(*spaces)++;
		}
	}
	return width;
}

/* Widens line's spaces before byte text_end to fill width (avail points). */
static double pdf_line_justify(GPtrArray *line, const char *text, int text_end, int spaces,
                               double width, double avail)
{
	int extra = pango_units_from_double((avail - width) / spaces);
	for (guint i = 0; i < line->len; i++) {
		PangoGlyphItem *run = line->pdata[i];
		for (int g = 0; g < run->glyphs->num_glyphs; g++) {
			int off = run->item->offset + run->glyphs->log_clusters[g];
			if (text[off] == ' ' && off < text_end)
				run->glyphs->glyphs[g].geometry.width += extra;
		}
	}
	return pdf_line_width(line, text, text_end, NULL);
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

/* How a paragraph's lines are set (pdf_lines_break). */
struct pdf_line_setting {
	double width, line_height;
	PangoAlignment align;
	int justify;
};

/* Cuts line li (characters [start_char, end_char), last if last) from
 * sp's runs, from *r on, into out: trailing white space takes no room,
 * spaces are widened to justify, runs reordered for display and the line
 * aligned and measured. */
static void pdf_line_cut(struct pdf_shaped *sp, int *r, int start_char, int end_char, int last,
                         const struct pdf_line_setting *set, struct pdf_line *out)
{
	const char *text = sp->text;
	const PangoLogAttr *attrs = sp->chars.attrs;
	int end_byte = sp->byte_of[end_char];
	GPtrArray *line = g_ptr_array_new();
	pdf_shaped_take(sp, r, end_byte, line);
	/* Trailing white space takes no room. */
	int t = end_char;
	while (t > start_char && attrs[t - 1].is_white)
		t--;
	for (guint i = 0; i < line->len; i++)
		pdf_zero_spaces(line->pdata[i], text, sp->byte_of[t], end_byte);
	int spaces = 0;
	double width = pdf_line_width(line, text, sp->byte_of[t], &spaces);
	if (set->justify && !last && spaces > 0 && width < set->width)
		width = pdf_line_justify(line, text, sp->byte_of[t], spaces, width, set->width);
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
	out->start = sp->byte_of[start_char];
	out->end = end_byte;
	g_ptr_array_free(line, TRUE);
}

int pdf_lines_break(PangoLayout *layout, double width, double line_height, PangoAlignment align,
                    int justify, struct pdf_line **lines, int *n)
{
	int n_attrs = 0;
	const PangoLogAttr *attrs = pango_layout_get_log_attrs_readonly(layout, &n_attrs);
	int n_chars = n_attrs - 1;
	PangoLayoutLine *one = pango_layout_get_line_readonly(layout, 0);
	if (!one || pango_layout_get_line_count(layout) != 1 || n_chars < 0)
		return CV_FAIL;
	struct pdf_shaped sp = { 0 };
	pdf_shaped_measure(layout, one, attrs, n_chars, &sp);
	int *breaks = g_new(int, n_chars + 1);
	int n_lines = pdf_lines_choose(&sp.chars, width, breaks);
	if (n_lines < 0) {
		/* A word longer than the line: Pango cuts it (between
		 * clusters, which a split here could not promise). */
		g_free(breaks);
		pdf_shaped_free(&sp);
		return CV_FAIL;
	}
	if (n_lines == 0)
		breaks[n_lines++] = n_chars;
	const struct pdf_line_setting set = { width, line_height, align, justify };
	struct pdf_line *out = g_new0(struct pdf_line, n_lines);
	int r = 0;
	for (int li = 0, start = 0; li < n_lines; start = breaks[li++])
		pdf_line_cut(&sp, &r, start, breaks[li], li == n_lines - 1, &set, &out[li]);
	/* Runs past the last break (none, unless empty) go with sp. */
	g_free(breaks);
	pdf_shaped_free(&sp);
	*lines = out;
	*n = n_lines;
	return CV_OK;
}
