/*
 * runorder.c: how the runs of a line meet, as text extractors read them
 * (see runorder.h).
 */
#include "runorder.h"

#include <stdlib.h>
#include <string.h>

/* Whether c continues a word: a letter, mark or digit. */
static int pdf_word_char(gunichar c)
{
	switch (g_unichar_type(c)) {
	case G_UNICODE_LOWERCASE_LETTER:
	case G_UNICODE_MODIFIER_LETTER:
	case G_UNICODE_OTHER_LETTER:
	case G_UNICODE_TITLECASE_LETTER:
	case G_UNICODE_UPPERCASE_LETTER:
	case G_UNICODE_SPACING_MARK:
	case G_UNICODE_ENCLOSING_MARK:
	case G_UNICODE_NON_SPACING_MARK:
	case G_UNICODE_DECIMAL_NUMBER:
	case G_UNICODE_LETTER_NUMBER:
	case G_UNICODE_OTHER_NUMBER:
		return 1;
	default:
		return 0;
	}
}

/* Whether byte offset at of text is inside a word: a word character on
 * both sides. */
static int pdf_word_join(const char *text, int at)
{
	return at > 0 && text[at] != '\0' &&
	       pdf_word_char(g_utf8_get_char(g_utf8_prev_char(text + at))) &&
	       pdf_word_char(g_utf8_get_char(text + at));
}

/* The first (last, if last) character of run's text that is not white
 * space, or 0. */
static gunichar pdf_run_edge_char(const PangoGlyphItem *run, const char *text, int last)
{
	const char *p = text + run->item->offset, *end = p + run->item->length;
	if (last) {
		while (end > p) {
			end = g_utf8_prev_char(end);
			if (!g_unichar_isspace(g_utf8_get_char(end)))
				return g_utf8_get_char(end);
		}
		return 0;
	}
	for (; p < end; p = g_utf8_next_char(p))
		if (!g_unichar_isspace(g_utf8_get_char(p)))
			return g_utf8_get_char(p);
	return 0;
}

/* pdf_runorder_gap_before for run ri of the n runs a (those that take
 * room, in visual order). */
static int pdf_runorder_gap_between(GPtrArray *a, int ri, const char *text,
                                    pdf_runorder_same_item same, void *ctx)
{
	const PangoGlyphItem *left = a->pdata[ri - 1], *run = a->pdata[ri];
	if (same(ctx, left, run))
		return 0;
	/* A run of one character: its text would have to move onto the next
	 * run ("ص٢" of "ص<sub>٢</sub>" then reads "ص ٢" in poppler). */
	if (run->glyphs->num_glyphs < 2 || run->glyphs->log_clusters[0] ==
	    run->glyphs->log_clusters[run->glyphs->num_glyphs - 1])
		return 0;
	const PangoItem *li = left->item, *ri_ = run->item;
	if (li->length == 0 || ri_->length == 0)
		return 0;
	int l_rtl = li->analysis.level & 1, r_rtl = ri_->analysis.level & 1;
	/* The characters that touch: a left-to-right run's logical end is on
	 * its right, a right-to-left run's on its left. White space there
	 * is a gap already. */
	const char *lc = l_rtl ? text + li->offset : g_utf8_prev_char(text + li->offset + li->length);
	const char *rc = r_rtl ? g_utf8_prev_char(text + ri_->offset + ri_->length)
	                       : text + ri_->offset;
	if (g_unichar_isspace(g_utf8_get_char(lc)) || g_unichar_isspace(g_utf8_get_char(rc)))
		return 0;
	/* Runs that follow each other inside one word ("و" and "medi" of
	 * "و<code>medi</code>", drawn "medi" then "و"): pdf.js breaks that
	 * word whatever is done, and a gap would make poppler, which reads it
	 * whole, break it too. */
	int join = li->offset + li->length == ri_->offset ? ri_->offset
	           : ri_->offset + ri_->length == li->offset ? li->offset : -1;
	if (join >= 0 && pdf_word_join(text, join))
		return 0;
	/* poppler puts the gap's space on the run's other logical side: before
	 * a left-to-right run's start ("و fina" for "و<code>fina</code>."),
	 * after a right-to-left run's end. */
	if (pdf_word_join(text, r_rtl ? ri_->offset + ri_->length : ri_->offset))
		return 0;
	/* What pdf.js glues: the end of the left item's text and the start of
	 * the right one's. An item with right-to-left text is read in
	 * reverse, so its text ends at its leftmost run and starts at its
	 * rightmost; a left-to-right item's the other way round. */
	int s = ri - 1, e = ri, rtl_l = 0, rtl_r = 0;
	while (s > 0 && same(ctx, a->pdata[s - 1], a->pdata[s]))
		s--;
	while (e + 1 < (int)a->len && same(ctx, a->pdata[e], a->pdata[e + 1]))
		e++;
	for (int k = s; k < ri; k++)
		rtl_l |= ((PangoGlyphItem *)a->pdata[k])->item->analysis.level & 1;
	for (int k = ri; k <= e; k++)
		rtl_r |= ((PangoGlyphItem *)a->pdata[k])->item->analysis.level & 1;
	gunichar gl = pdf_run_edge_char(a->pdata[rtl_l ? s : ri - 1], text, 1);
	gunichar gr = pdf_run_edge_char(a->pdata[rtl_r ? e : ri], text, 0);
	return pdf_word_char(gl) && pdf_word_char(gr) &&
	       !(!rtl_l && !rtl_r && li->offset + li->length == ri_->offset);
}

/* Whether the text of item first goes on into then's inside a word: then
 * starts after first ends with nothing but format characters between
 * (the isolates around a span, "و⁦medi⁩", which draw nothing), and the
 * characters that meet are letters, marks or digits. */
static int pdf_word_goes_on(const PangoItem *first, const PangoItem *then, const char *text)
{
	const char *end = text + first->offset + first->length, *start = text + then->offset;
	if (end > start)
		return 0;
	for (const char *p = end; p < start; p = g_utf8_next_char(p))
		if (g_unichar_type(g_utf8_get_char(p)) != G_UNICODE_FORMAT)
			return 0;
	return pdf_word_char(g_utf8_get_char(g_utf8_prev_char(end))) && pdf_word_char(g_utf8_get_char(start));
}

int pdf_runorder_draw_before(const PangoGlyphItem *left, const PangoGlyphItem *right,
                             const char *text)
{
	const PangoItem *l = left->item, *r = right->item;
	if (!(r->analysis.level & 1) || r->length == 0 || l->length == 0 ||
	    r->offset + r->length > l->offset || pango_glyph_string_get_width(left->glyphs) <= 0 ||
	    pango_glyph_string_get_width(right->glyphs) <= 0)
		return 0;
	return pdf_word_goes_on(r, l, text);
}

int pdf_runorder_word_goes_on(const PangoGlyphItem *left, const PangoGlyphItem *right,
                              const char *text)
{
	const PangoItem *l = left->item, *r = right->item;
	return !(l->analysis.level & 1) && !(r->analysis.level & 1) && l->length > 0 && r->length > 0 &&
	       pdf_word_goes_on(l, r, text);
}

int pdf_runorder_gap_before(GSList *runs, GSList *node, const char *text,
                            pdf_runorder_same_item same, void *ctx)
{
	/* The runs that take room, in visual order: the isolates around an
	 * embedded span draw nothing. */
	GPtrArray *a = g_ptr_array_new();
	int ri = -1;
	for (GSList *l = runs; l; l = l->next) {
		PangoGlyphItem *run = l->data;
		if (l == node)
			ri = (int)a->len;
		if (pango_glyph_string_get_width(run->glyphs) > 0 || l == node)
			g_ptr_array_add(a, run);
	}
	int gap = ri > 0 && pdf_runorder_gap_between(a, ri, text, same, ctx);
	g_ptr_array_free(a, TRUE);
	return gap;
}

void pdf_runorder_count_letters(const char *text, int from, int to, int *lr, int *rl)
{
	for (const char *p = text + from; p < text + to; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (!g_unichar_isalpha(c))
			continue;
		switch (g_unichar_get_script(c)) {
		case G_UNICODE_SCRIPT_ARABIC:
		case G_UNICODE_SCRIPT_HEBREW:
		case G_UNICODE_SCRIPT_SYRIAC:
		case G_UNICODE_SCRIPT_THAANA:
		case G_UNICODE_SCRIPT_NKO:
			(*rl)++;
			break;
		default:
			(*lr)++;
		}
	}
}

/* Whether run draws something other than white space. */
static int pdf_runorder_inked(const char *text, const PangoGlyphItem *run)
{
	const PangoGlyphString *g = run->glyphs;
	for (int i = 0; i < g->num_glyphs; i++)
		if (g->glyphs[i].glyph != PANGO_GLYPH_EMPTY &&
		    !g_unichar_isspace(g_utf8_get_char(text + run->item->offset + g->log_clusters[i])))
			return 1;
	return 0;
}

static int pdf_runorder_cmp_item(const void *a, const void *b)
{
	const struct pdf_runorder_item *x = a, *y = b;
	return x->start - y->start;
}

/* Whether white space separates the text of items p and q (q after p),
 * past the bidi controls of isolates and marks between them. */
static int pdf_runorder_spaced(const char *text, const struct pdf_runorder_item *p,
                               const struct pdf_runorder_item *q)
{
	const char *a = text + p->end, *b = text + q->start;
	while (a > text + p->start) {
		const char *c = g_utf8_prev_char(a);
		if (g_unichar_type(g_utf8_get_char(c)) != G_UNICODE_FORMAT)
			break;
		a = c;
	}
	if (a > text + p->start && g_unichar_isspace(g_utf8_get_char(g_utf8_prev_char(a))))
		return 1;
	for (; a < b; a = g_utf8_next_char(a))
		if (g_unichar_isspace(g_utf8_get_char(a)))
			return 1;
	while (g_unichar_type(g_utf8_get_char(b)) == G_UNICODE_FORMAT)
		b = g_utf8_next_char(b);
	return g_unichar_isspace(g_utf8_get_char(b));
}

/* Adds to n_bidi the characters of text[from, to) that pdf.js counts as
 * right to left when it decides an item's direction (Arabic and Hebrew
 * letters and digits), and to n_chars all of them: it reads an item right
 * to left when 0.3 of its characters are such, or it has 4 or fewer and
 * one is. */
static void pdf_runorder_count_bidi(const char *text, int from, int to, int *n_bidi, int *n_chars)
{
	for (const char *p = text + from; p < text + to; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (g_unichar_type(c) == G_UNICODE_FORMAT)
			continue;
		(*n_chars)++;
		GUnicodeScript sc = g_unichar_get_script(c);
		if ((sc == G_UNICODE_SCRIPT_ARABIC || sc == G_UNICODE_SCRIPT_HEBREW) && g_unichar_isalnum(c))
			(*n_bidi)++;
	}
}

/* Whether text[a, b) is empty or all white space and format characters;
 * 0 when b comes before a. */
static int pdf_runorder_blank(const char *text, int a, int b)
{
	if (b < a)
		return 0;
	for (const char *p = text + a; p < text + b; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (!g_unichar_isspace(c) && g_unichar_type(c) != G_UNICODE_FORMAT)
			return 0;
	}
	return 1;
}

int pdf_runorder_items(GSList *runs, const char *text, pdf_runorder_same_item same, void *ctx,
                       struct pdf_runorder_item *items)
{
	int n = 0, i = 0;
	int inked_in_item = 0;
	int from = 0, to = 0; /* the text of the item's inked runs so far */
	const PangoGlyphItem *prev = NULL; /* the last run that draws anything */
	int switched = 0; /* the font changed since the last inked run */
	for (GSList *l = runs; l; l = l->next, i++) {
		const PangoGlyphItem *run = l->data;
		int inked = pdf_runorder_inked(text, run);
		int start = run->item->offset, end = start + run->item->length;
		/* A new item also where the run does not go on from the
		 * item's text: drawn in logical order, the two then stand
		 * apart ("2" of "2<sup>16</sup> محرفاً" is drawn with the sup,
		 * not with the Arabic on its left that pdf.js reads as one
		 * item with it). */
		int drawn = pango_glyph_string_get_width(run->glyphs) > 0;
		/* A space in another font between two runs of one (the space
		 * between "<em>الطباعة</em> <em>الجملة</em>") is a change of
		 * font all the same, where pdf.js ends its item. */
		if (drawn && prev != NULL && !same(ctx, prev, run))
			switched = 1;
		if (n == 0 || (inked && inked_in_item &&
		               (switched ||
		                (!pdf_runorder_blank(text, to, start) && !pdf_runorder_blank(text, end, from))))) {
			memset(&items[n], 0, sizeof items[n]);
			items[n].first = items[n].lo = items[n].hi = i;
			items[n].start = items[n].end = run->item->offset;
			inked_in_item = 0;
			from = start;
			to = end;
			n++;
		}
		struct pdf_runorder_item *it = &items[n - 1];
		it->last = i + 1;
		if (drawn)
			prev = run;
		if (inked)
			switched = 0;
		/* The text range of what it draws: an isolate's controls
		 * belong to neither side, and a space run drawn with the item
		 * may be the text's way to a run drawn elsewhere ("17" of
		 * "17 H<sub>2</sub>O", right of "O" and its space). */
		if (!inked)
			continue;
		if (!inked_in_item || start < from)
			from = start;
		if (!inked_in_item || end > to)
			to = end;
		if (!inked_in_item) {
			it->lo = i;
			it->start = run->item->offset;
			it->end = run->item->offset + run->item->length;
		}
		inked_in_item = 1;
		it->hi = i;
		pdf_runorder_count_bidi(text, start, end, &it->n_bidi, &it->n_chars);
		it->rtl = it->n_bidi > 0 && (it->n_bidi * 10 >= it->n_chars * 3 || it->n_chars <= 4);
		if (run->item->offset < it->start)
			it->start = run->item->offset;
		if (run->item->offset + run->item->length > it->end)
			it->end = run->item->offset + run->item->length;
	}
	qsort(items, (size_t)n, sizeof *items, pdf_runorder_cmp_item);
	for (int k = 0; k + 1 < n; k++)
		items[k].spaced_after = pdf_runorder_spaced(text, &items[k], &items[k + 1]);
	return n;
}
