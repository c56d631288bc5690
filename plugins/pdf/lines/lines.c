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

int pdf_lines_break(PangoLayout *layout, double width, double line_height, PangoAlignment align,
                    int justify, struct pdf_line **lines, int *n)
{
	const char *text = pango_layout_get_text(layout);
	int n_attrs = 0;
	const PangoLogAttr *attrs = pango_layout_get_log_attrs_readonly(layout, &n_attrs);
	int n_chars = n_attrs - 1;
	PangoLayoutLine *one = pango_layout_get_line_readonly(layout, 0);
	if (!one || pango_layout_get_line_count(layout) != 1 || n_chars < 0)
		return CV_FAIL;

	/* The runs in logical order, and every character's width. */
	int n_runs = (int)g_slist_length(one->runs);
	PangoGlyphItem **runs = g_new(PangoGlyphItem *, n_runs > 0 ? n_runs : 1);
	int k = 0;
	for (GSList *l = one->runs; l; l = l->next)
		runs[k++] = pango_glyph_item_copy(l->data);
	qsort(runs, (size_t)n_runs, sizeof *runs, pdf_cmp_offset);
	int *byte_of = g_new(int, n_chars + 1);
	double *prefix = g_new0(double, n_chars + 1); /* width of chars [0, i) */
	{
		int i = 0;
		for (const char *p = text; i < n_chars; p = g_utf8_next_char(p))
			byte_of[i++] = (int)(p - text);
		byte_of[n_chars] = (int)strlen(text);
	}
	int *cw = g_new0(int, n_chars + 1);
	for (int r = 0; r < n_runs; r++) {
		PangoItem *it = runs[r]->item;
		int first = (int)g_utf8_pointer_to_offset(text, text + it->offset);
		pango_glyph_item_get_logical_widths(runs[r], text, cw + first);
	}
	for (int i = 0; i < n_chars; i++)
		prefix[i + 1] = prefix[i] + pango_units_to_double(cw[i]);
	g_free(cw);

	/* Greedy breaking: the longest line that fits, trailing white
	 * space not counted. */
	double avail = width;
	GArray *breaks = g_array_new(FALSE, FALSE, sizeof(int));
	int s = 0;
	while (s < n_chars) {
		int best = -1, e;
		for (e = s + 1; e <= n_chars; e++) {
			if (e < n_chars && !attrs[e].is_line_break)
				continue;
			int t = e;
			while (t > s && attrs[t - 1].is_white)
				t--;
			if (prefix[t] - prefix[s] > avail + 0.01)
				break;
			best = e;
		}
		if (best < 0) {
			/* A word longer than the line: Pango cuts it (between
			 * clusters, which a split here could not promise). */
			for (int i = 0; i < n_runs; i++)
				pango_glyph_item_free(runs[i]);
			g_free(runs);
			g_free(byte_of);
			g_free(prefix);
			g_array_free(breaks, TRUE);
			return CV_FAIL;
		}
		g_array_append_val(breaks, best);
		s = best;
	}

	/* Cut the runs at the breaks into lines. */
	int n_lines = (int)breaks->len;
	if (n_lines == 0) {
		int zero = n_chars;
		g_array_append_val(breaks, zero);
		n_lines = 1;
	}
	struct pdf_line *out = g_new0(struct pdf_line, n_lines);
	int r = 0, start_char = 0;
	for (int li = 0; li < n_lines; li++) {
		int end_char = g_array_index(breaks, int, li);
		int end_byte = byte_of[end_char];
		GPtrArray *line = g_ptr_array_new();
		while (r < n_runs) {
			PangoGlyphItem *run = runs[r];
			int run_end = run->item->offset + run->item->length;
			if (run->item->offset >= end_byte)
				break;
			if (run_end <= end_byte) {
				g_ptr_array_add(line, run);
				r++;
			} else {
				PangoGlyphItem *head = pango_glyph_item_split(run, text,
				                                              end_byte - run->item->offset);
				g_ptr_array_add(line, head);
				break;
			}
		}
		/* Trailing white space takes no room. */
		int t = end_char;
		while (t > start_char && attrs[t - 1].is_white)
			t--;
		for (guint i = 0; i < line->len; i++)
			pdf_zero_spaces(line->pdata[i], text, byte_of[t], end_byte);
		double width = 0;
		int spaces = 0;
		for (guint i = 0; i < line->len; i++) {
			PangoGlyphItem *run = line->pdata[i];
			width += pango_units_to_double(pango_glyph_string_get_width(run->glyphs));
			for (int g = 0; g < run->glyphs->num_glyphs; g++) {
				int off = run->item->offset + run->glyphs->log_clusters[g];
				if (text[off] == ' ' && off < byte_of[t])
					spaces++;
			}
		}
		int last = li == n_lines - 1;
		if (justify && !last && spaces > 0 && width < avail) {
			int extra = pango_units_from_double((avail - width) / spaces);
			for (guint i = 0; i < line->len; i++) {
				PangoGlyphItem *run = line->pdata[i];
				for (int g = 0; g < run->glyphs->num_glyphs; g++) {
					int off = run->item->offset + run->glyphs->log_clusters[g];
					if (text[off] == ' ' && off < byte_of[t])
						run->glyphs->glyphs[g].geometry.width += extra;
				}
			}
			width = 0;
			for (guint i = 0; i < line->len; i++)
				width += pango_units_to_double(
					pango_glyph_string_get_width(((PangoGlyphItem *)line->pdata[i])->glyphs));
		}
		pdf_lines_reorder((PangoGlyphItem **)line->pdata, (int)line->len);
		struct pdf_line *fl = &out[li];
		if (align == PANGO_ALIGN_RIGHT)
			fl->x = avail - width;
		else if (align == PANGO_ALIGN_CENTER)
			fl->x = (avail - width) / 2;
		else
			fl->x = 0;
		/* Line box: every run's box is line_height tall around its
		 * own ascent and descent (as Pango's absolute line height). */
		double top = 0, bottom = 0;
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
			if (!any || rt < top)
				top = rt;
			if (!any || rb > bottom)
				bottom = rb;
			any = 1;
		}
		if (!any) {
			top = -line_height * 0.8;
			bottom = line_height * 0.2;
		}
		for (int i = (int)line->len - 1; i >= 0; i--)
			fl->runs = g_slist_prepend(fl->runs, line->pdata[i]);
		fl->ascent = -top;
		fl->height = bottom - top;
		fl->start = byte_of[start_char];
		fl->end = end_byte;
		g_ptr_array_free(line, TRUE);
		start_char = end_char;
	}
	/* Runs past the last break (none, unless empty): free them. */
	for (; r < n_runs; r++)
		pango_glyph_item_free(runs[r]);
	g_free(runs);
	g_free(byte_of);
	g_free(prefix);
	g_array_free(breaks, TRUE);
	*lines = out;
	*n = n_lines;
	return CV_OK;
}
