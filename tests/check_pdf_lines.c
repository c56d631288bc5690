/*
 * check_pdf_lines.c: the PDF plugin's line breaking (plugins/pdf/lines/),
 * on its own: where lines end, on synthetic widths and on real text, how
 * they are justified and aligned, and the order of their runs.
 */
#include <math.h>

#include "testutil.h"

#include "blocks/blocks.h"
#include "lines/lines.h"

static struct pdf_lane lane;

static void setup(void) { pdf_lane_init(&lane, "en", 0); }
static void teardown(void) { pdf_lane_free(&lane); }

/* A paragraph for pdf_lines_choose: every character one point wide, a
 * break allowed after each space. */
struct para {
	int n;
	double prefix[128];
	PangoLogAttr attrs[128];
};

static void para_of(struct para *p, const char *s)
{
	memset(p, 0, sizeof *p);
	p->n = (int)strlen(s);
	ck_assert_int_lt(p->n, 127);
	for (int i = 0; i < p->n; i++) {
		p->prefix[i + 1] = p->prefix[i] + 1;
		p->attrs[i].is_white = s[i] == ' ';
		p->attrs[i].is_line_break = i > 0 && s[i - 1] == ' ' && s[i] != ' ';
		p->attrs[i].is_cursor_position = 1;
	}
	p->attrs[p->n].is_line_break = 1;
}

/* The breaks pdf_lines_choose makes of p at width, as "6 11", each
 * followed by "-" when hyphenated and "+" when continued. */
static const char *breaks_of(const struct pdf_breakable *b, double width, int justify)
{
	static char out[512];
	struct pdf_break breaks[128];
	int n = pdf_lines_choose(b, width, justify, breaks);
	out[0] = '\0';
	for (int i = 0; i < n; i++)
		snprintf(out + strlen(out), sizeof out - strlen(out), "%s%d%s", i ? " " : "",
		         breaks[i].end,
		         breaks[i].how & PDF_BREAK_HYPHEN      ? "-"
		         : breaks[i].how & PDF_BREAK_CONTINUED ? "+"
		                                               : "");
	return out;
}

/* The breaks of s at width, set ragged, as breaks_of. */
static const char *choose(const char *s, double width)
{
	struct para p;
	para_of(&p, s);
	struct pdf_breakable b = { p.n, p.prefix, p.attrs, NULL, 0, 0, NULL };
	return breaks_of(&b, width, 0);
}

/* The breaks of s at width, justified (total fit), as breaks_of. */
static const char *choose_justified(const char *s, double width)
{
	struct para p;
	para_of(&p, s);
	struct pdf_breakable b = { p.n, p.prefix, p.attrs, NULL, 0, 0, NULL };
	return breaks_of(&b, width, 1);
}

START_TEST(each_line_takes_the_most_words_that_fit)
{
	/* "aa bb " fills 5 (its space not counted), "cc dd" the next. */
	ck_assert_str_eq(choose("aa bb cc dd", 5), "6 11");
	ck_assert_str_eq(choose("aa bb cc dd", 8), "9 11");
	ck_assert_str_eq(choose("aa bb cc dd", 11), "11");
}
END_TEST

START_TEST(trailing_white_space_takes_no_room)
{
	/* "aa   " is 2 wide at the line's end, however many spaces. */
	ck_assert_str_eq(choose("aa   bb", 2), "5 7");
}
END_TEST

START_TEST(a_line_may_overrun_by_a_hundredth_of_a_point)
{
	struct para p;
	para_of(&p, "aa bb");
	p.prefix[5] += 0.005; /* "aa bb" 5.005 wide */
	struct pdf_break breaks[8];
	struct pdf_breakable b = { p.n, p.prefix, p.attrs, NULL, 0, 0, NULL };
	ck_assert_int_eq(pdf_lines_choose(&b, 5, 0, breaks), 1);
	p.prefix[5] += 0.01;
	ck_assert_int_eq(pdf_lines_choose(&b, 5, 0, breaks), 2);
}
END_TEST

START_TEST(a_word_wider_than_the_line_is_cut_into_pieces_that_fit)
{
	/* "aa " ends ragged before the word; the word's pieces fill a line
	 * each, marked continued; its rest goes on with "cc". */
	ck_assert_str_eq(choose("aa bbbbbbb cc", 5), "3 8+ 13");
	ck_assert_str_eq(choose_justified("aa bbbbbbb cc", 5), "3 8+ 13");
	ck_assert_str_eq(choose("aa bbbbbbbbbbbb cc", 5), "3 8+ 13+ 18");
	/* A word of 100 at 7 wide: 14 pieces of 7, then "bb" with what
	 * follows. */
	char word[128] = "a ";
	memset(word + 2, 'b', 100);
	word[102] = '\0';
	struct para p;
	para_of(&p, word);
	struct pdf_breakable b = { p.n, p.prefix, p.attrs, NULL, 0, 0, NULL };
	ck_assert_str_eq(breaks_of(&b, 7, 0),
	                 "2 9+ 16+ 23+ 30+ 37+ 44+ 51+ 58+ 65+ 72+ 79+ 86+ 93+ 100+ 102");
}
END_TEST

START_TEST(total_fit_looks_ahead_where_first_fit_does_not)
{
	/* At 12: a first fit that shrinks takes "e" onto the first line (13
	 * wide, its 4 spaces at 2/3) and leaves "ffff ggggg" with one space
	 * to fill 2 points (r = 4); total fit sets "a bb c dddd" (spaces at
	 * 133%) and "e ffff ggggg" at its natural width. */
	ck_assert_str_eq(choose_justified("a bb c dddd e ffff ggggg hh", 12), "12 25 27");
}
END_TEST

START_TEST(justified_spaces_shrink_by_at_most_a_third)
{
	/* "aa bb c ddd" is 11 with 3 spaces of 1: justified, it fits 10 by
	 * shrinking them to 2/3 each; ragged, it does not. */
	ck_assert_str_eq(choose_justified("aa bb c ddd e", 10), "12 13");
	ck_assert_str_eq(choose("aa bb c ddd e", 10), "8 13");
	/* "aa bb c dddd" would need its spaces at 1/3: not on one line. */
	ck_assert_str_ne(choose_justified("aa bb c dddd e", 10), "13 14");
}
END_TEST

START_TEST(a_hyphenation_point_is_a_break_that_adds_a_hyphen)
{
	struct para p;
	para_of(&p, "aa bbbbbb cc");
	unsigned char flags[128] = { 0 };
	for (int i = 0; i < p.n; i++)
		flags[i] = p.attrs[i].is_white ? PDF_CHAR_SPACE : 0;
	flags[6] = PDF_CHAR_HYPHEN; /* bbb-bbb */
	struct pdf_breakable b = { p.n, p.prefix, p.attrs, flags, 1, 0, NULL };
	/* "aa bbb-" is 7 wide: it fits 7, ragged and justified. */
	ck_assert_str_eq(breaks_of(&b, 7, 0), "6- 12");
	ck_assert_str_eq(breaks_of(&b, 7, 1), "6- 12");
	/* Without the point, the word goes down whole. */
	flags[6] = 0;
	ck_assert_str_eq(breaks_of(&b, 7, 0), "3 10 12");
}
END_TEST

START_TEST(code_breaks_only_after_its_spaces)
{
	struct para p;
	para_of(&p, "xx a-b c-d");
	/* Pango allows a break after each hyphen; code keeps them. */
	p.attrs[5].is_line_break = 1;
	p.attrs[9].is_line_break = 1;
	unsigned char flags[128] = { 0 };
	flags[5] = PDF_CHAR_KEEP;
	flags[9] = PDF_CHAR_KEEP;
	struct pdf_breakable b = { p.n, p.prefix, p.attrs, flags, 0, 0, NULL };
	ck_assert_str_eq(breaks_of(&b, 5, 0), "3 7 10");
	ck_assert_str_eq(breaks_of(&b, 5, 1), "3 7 10");
	flags[5] = flags[9] = 0;
	ck_assert_str_eq(breaks_of(&b, 5, 0), "5 10");
}
END_TEST

START_TEST(total_fit_of_a_million_characters_keeps_a_bounded_active_list)
{
	/* 200,000 words of four letters, justified at 60: the active list
	 * holds the breaks a line can start from (a dozen words, four
	 * fitness classes), not every break so far, so this is a fraction of
	 * a second where a list that never drops a node is hours: the test
	 * runs under Check's timeout, not a clock. Every line but the last
	 * is full: 12 words of 4 and 11 spaces of 1 make 59, stretched. */
	int words = 200000, n = words * 5 - 1;
	double *prefix = g_new(double, n + 1);
	PangoLogAttr *attrs = g_new0(PangoLogAttr, n + 1);
	prefix[0] = 0;
	for (int i = 0; i < n; i++) {
		prefix[i + 1] = i + 1;
		attrs[i].is_white = i % 5 == 4;
		attrs[i].is_line_break = i > 0 && i % 5 == 0;
		attrs[i].is_cursor_position = 1;
	}
	attrs[n].is_line_break = 1;
	struct pdf_breakable b = { n, prefix, attrs, NULL, 0, 0, NULL };
	struct pdf_break *breaks = g_new(struct pdf_break, n + 1);
	int lines = pdf_lines_choose(&b, 60, 1, breaks);
	ck_assert_int_eq(lines, (words + 11) / 12);
	for (int k = 0; k + 1 < lines; k++)
		ck_assert_int_eq(breaks[k].end, (k + 1) * 60);
	ck_assert_int_eq(breaks[lines - 1].end, n);
	g_free(breaks);
	g_free(attrs);
	g_free(prefix);
}
END_TEST

START_TEST(a_word_of_a_million_characters_is_cut_in_one_pass)
{
	/* The width is the line; the pieces are counted, not timed: cutting
	 * is one pass over the word whatever its length (issue 22, item 3). */
	int n = 1000000;
	double *prefix = g_new(double, n + 1);
	PangoLogAttr *attrs = g_new0(PangoLogAttr, n + 1);
	for (int i = 0; i <= n; i++) {
		prefix[i] = i;
		attrs[i].is_cursor_position = 1;
	}
	attrs[n].is_line_break = 1;
	struct pdf_breakable b = { n, prefix, attrs, NULL, 0, 0, NULL };
	struct pdf_break *breaks = g_new(struct pdf_break, n + 1);
	ck_assert_int_eq(pdf_lines_choose(&b, 1000, 1, breaks), 1000);
	ck_assert_int_eq(breaks[0].end, 1000);
	ck_assert_int_eq(breaks[0].how, PDF_BREAK_CONTINUED);
	ck_assert_int_eq(breaks[999].end, n);
	g_free(breaks);
	g_free(attrs);
	g_free(prefix);
}
END_TEST

START_TEST(an_empty_paragraph_has_no_lines_to_choose)
{
	ck_assert_str_eq(choose("", 5), "");
}
END_TEST

/* text shaped as paragraph.c shapes a paragraph for lines/: one unbroken
 * line, in font. */
static PangoLayout *shaped(const char *text, const char *font, int rtl)
{
	PangoLayout *l = pango_layout_new(rtl ? lane.ctx_rtl : lane.ctx_ltr);
	PangoFontDescription *fd = pango_font_description_from_string(font);
	pango_layout_set_auto_dir(l, FALSE);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(l, -1);
	pango_layout_set_text(l, text, -1);
	return l;
}

/* pdf_lines_break with nothing but a width, a pitch, an alignment and
 * whether to justify. */
static int lines_break(PangoLayout *l, double width, double pitch, PangoAlignment align,
                       int justify, struct pdf_line **lines, int *n)
{
	const struct pdf_lines_setting set = { width, pitch, align, justify, 0, NULL, NULL, 0 };
	return pdf_lines_break(l, &set, lines, n);
}

/* Where Pango's own breaking starts each line of text at width. */
static GArray *pango_starts(const char *text, const char *font, int rtl, double width)
{
	PangoLayout *l = shaped(text, font, rtl);
	pango_layout_set_width(l, pango_units_from_double(width));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	GArray *a = g_array_new(FALSE, FALSE, sizeof(int));
	for (GSList *s = pango_layout_get_lines_readonly(l); s; s = s->next)
		g_array_append_val(a, ((PangoLayoutLine *)s->data)->start_index);
	g_object_unref(l);
	return a;
}

/* The paragraphs of tests/data/udhr-preamble.txt, as "LANG\ttext". */
static GPtrArray *udhr(void)
{
	char *data = NULL;
	ck_assert(g_file_get_contents(TEST_SOURCE_DIR "/tests/data/udhr-preamble.txt", &data, NULL,
	                              NULL));
	GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
	char **all = g_strsplit(data, "\n", -1);
	for (char **s = all; *s; s++)
		if (**s && **s != '#')
			g_ptr_array_add(lines, g_strdup(*s));
	g_strfreev(all);
	g_free(data);
	return lines;
}

START_TEST(lines_end_where_pangos_own_breaking_ends_them)
{
	/* The preamble of the UDHR in five languages and three scripts, at
	 * three widths: lines/ cuts the lines Pango would set. */
	GPtrArray *paras = udhr();
	ck_assert_uint_ge(paras->len, 30);
	const double widths[] = { 140, 230, 470 };
	int checked = 0;
	for (guint i = 0; i < paras->len; i++) {
		const char *line = paras->pdata[i];
		const char *text = strchr(line, '\t') + 1;
		int rtl = strncmp(line, "en", 2) != 0;
		const char *font = rtl ? "Amiri, Noto Serif Hebrew 11" : "Noto Serif 11";
		for (size_t w = 0; w < sizeof widths / sizeof *widths; w++) {
			PangoLayout *l = shaped(text, font, rtl);
			struct pdf_line *lines;
			int n;
			ck_assert_int_eq(lines_break(l, widths[w], 16, PANGO_ALIGN_LEFT, 0, &lines, &n),
			                 CV_OK);
			GArray *want = pango_starts(text, font, rtl, widths[w]);
			ck_assert_msg((int)want->len == n, "%.40s... at %.0f pt: %d lines, Pango sets %u",
			              text, widths[w], n, want->len);
			for (int k = 0; k < n; k++)
				ck_assert_msg(lines[k].start == g_array_index(want, int, k),
				              "%.40s... at %.0f pt: line %d starts at byte %d, Pango's at %d",
				              text, widths[w], k, lines[k].start,
				              g_array_index(want, int, k));
			checked += n;
			g_array_free(want, TRUE);
			pdf_lines_free(lines, n);
			g_object_unref(l);
		}
	}
	ck_assert_int_gt(checked, 200);
	g_ptr_array_free(paras, TRUE);
}
END_TEST

/* The width of line's runs, in points. */
static double line_width(const struct pdf_line *line)
{
	double w = 0;
	for (GSList *r = line->runs; r; r = r->next)
		w += pango_units_to_double(
			pango_glyph_string_get_width(((PangoGlyphItem *)r->data)->glyphs));
	return w;
}

static const char *const english =
	"Whereas recognition of the inherent dignity and of the equal and inalienable rights "
	"of all members of the human family is the foundation of freedom, justice and peace "
	"in the world.";

START_TEST(justified_lines_fill_the_width_but_the_last)
{
	PangoLayout *l = shaped(english, "Noto Serif 11", 0);
	struct pdf_line *lines;
	int n;
	ck_assert_int_eq(lines_break(l, 200, 16, PANGO_ALIGN_LEFT, 1, &lines, &n), CV_OK);
	ck_assert_int_ge(n, 3);
	for (int k = 0; k < n - 1; k++) {
		/* Within the rounding of the spaces' extra to Pango units. */
		ck_assert_msg(fabs(line_width(&lines[k]) - 200) < 0.05,
		              "line %d is %.3f pt wide, expected 200", k, line_width(&lines[k]));
		ck_assert_double_eq(lines[k].x, 0);
	}
	ck_assert_msg(line_width(&lines[n - 1]) < 190, "the last line is %.3f pt wide, not ragged",
	              line_width(&lines[n - 1]));
	pdf_lines_free(lines, n);
	g_object_unref(l);
}
END_TEST

START_TEST(aligned_lines_start_where_their_alignment_puts_them)
{
	PangoLayout *l = shaped(english, "Noto Serif 11", 0);
	struct pdf_line *lines;
	int n;
	ck_assert_int_eq(lines_break(l, 200, 16, PANGO_ALIGN_RIGHT, 0, &lines, &n), CV_OK);
	for (int k = 0; k < n; k++)
		ck_assert_msg(fabs(lines[k].x + line_width(&lines[k]) - 200) < 1e-6,
		              "right-aligned line %d ends at %.3f, expected 200", k,
		              lines[k].x + line_width(&lines[k]));
	pdf_lines_free(lines, n);
	ck_assert_int_eq(lines_break(l, 200, 16, PANGO_ALIGN_CENTER, 0, &lines, &n), CV_OK);
	for (int k = 0; k < n; k++)
		ck_assert_msg(fabs(2 * lines[k].x + line_width(&lines[k]) - 200) < 1e-6,
		              "centred line %d starts at %.3f, expected %.3f", k, lines[k].x,
		              (200 - line_width(&lines[k])) / 2);
	pdf_lines_free(lines, n);
	g_object_unref(l);
}
END_TEST

START_TEST(lines_are_line_height_apart_and_cover_the_text)
{
	PangoLayout *l = shaped(english, "Noto Serif 11", 0);
	struct pdf_line *lines;
	int n;
	ck_assert_int_eq(lines_break(l, 150, 15.4, PANGO_ALIGN_LEFT, 0, &lines, &n), CV_OK);
	for (int k = 0; k < n; k++) {
		ck_assert_msg(fabs(lines[k].height - 15.4) < 1e-9, "line %d is %.3f pt tall, expected 15.4",
		              k, lines[k].height);
		ck_assert_int_eq(lines[k].start, k == 0 ? 0 : lines[k - 1].end);
	}
	ck_assert_int_eq(lines[n - 1].end, (int)strlen(english));
	pdf_lines_free(lines, n);
	g_object_unref(l);
}
END_TEST

/* A run at embedding level level, for pdf_lines_reorder. */
static PangoGlyphItem *run_at(int level, int offset)
{
	PangoGlyphItem *g = g_new0(PangoGlyphItem, 1);
	g->item = pango_item_new();
	g->item->analysis.level = (guint8)level;
	g->item->offset = offset;
	return g;
}

/* The offsets of runs after pdf_lines_reorder, as "0 2 1 3". */
static const char *reordered(const int *levels, int n)
{
	static char out[64];
	PangoGlyphItem *runs[8];
	for (int i = 0; i < n; i++)
		runs[i] = run_at(levels[i], i);
	pdf_lines_reorder(runs, n);
	out[0] = '\0';
	for (int i = 0; i < n; i++) {
		snprintf(out + strlen(out), sizeof out - strlen(out), "%s%d", i ? " " : "",
		         runs[i]->item->offset);
		pango_item_free(runs[i]->item);
		g_free(runs[i]);
	}
	return out;
}

START_TEST(runs_reorder_by_their_embedding_levels)
{
	/* UAX #9 L2: a right-to-left run between two left-to-right ones
	 * stays in place; two reverse; an embedded number (level 2) in an
	 * Arabic line (level 1) keeps its own order inside the reversal. */
	ck_assert_str_eq(reordered((int[]){ 0, 1, 0 }, 3), "0 1 2");
	ck_assert_str_eq(reordered((int[]){ 0, 1, 1, 0 }, 4), "0 2 1 3");
	ck_assert_str_eq(reordered((int[]){ 1, 2, 2, 1 }, 4), "3 1 2 0");
	ck_assert_str_eq(reordered((int[]){ 1, 1, 1 }, 3), "2 1 0");
	ck_assert_str_eq(reordered((int[]){ 0, 0 }, 2), "0 1");
}
END_TEST

START_TEST(an_arabic_line_is_drawn_from_its_logical_end)
{
	/* "عام 1514 في فانو": visual order from the left is the logically
	 * last run first; the number keeps its digits left to right. */
	const char *text = "طبع أول كتاب عام 1514 في مدينة فانو";
	PangoLayout *l = shaped(text, "Amiri 11", 1);
	struct pdf_line *lines;
	int n;
	ck_assert_int_eq(lines_break(l, 400, 16, PANGO_ALIGN_RIGHT, 0, &lines, &n), CV_OK);
	ck_assert_int_eq(n, 1);
	int last = -1;
	for (GSList *r = lines[0].runs; r; r = r->next) {
		PangoItem *it = ((PangoGlyphItem *)r->data)->item;
		ck_assert_msg(last < 0 || it->offset < last, "run at byte %d drawn after one at %d",
		              it->offset, last);
		last = it->offset;
	}
	ck_assert_int_eq(last, 0);
	pdf_lines_free(lines, n);
	g_object_unref(l);
}
END_TEST

static Suite *lines_suite(void)
{
	Suite *s = suite_create("pdf lines");
	TCase *tc = tcase_create("breaking");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, each_line_takes_the_most_words_that_fit);
	tcase_add_test(tc, trailing_white_space_takes_no_room);
	tcase_add_test(tc, a_line_may_overrun_by_a_hundredth_of_a_point);
	tcase_add_test(tc, a_word_wider_than_the_line_is_cut_into_pieces_that_fit);
	tcase_add_test(tc, total_fit_looks_ahead_where_first_fit_does_not);
	tcase_add_test(tc, justified_spaces_shrink_by_at_most_a_third);
	tcase_add_test(tc, a_hyphenation_point_is_a_break_that_adds_a_hyphen);
	tcase_add_test(tc, code_breaks_only_after_its_spaces);
	tcase_add_test(tc, a_word_of_a_million_characters_is_cut_in_one_pass);
	tcase_add_test(tc, total_fit_of_a_million_characters_keeps_a_bounded_active_list);
	tcase_add_test(tc, an_empty_paragraph_has_no_lines_to_choose);
	tcase_add_test(tc, lines_end_where_pangos_own_breaking_ends_them);
	tcase_add_test(tc, justified_lines_fill_the_width_but_the_last);
	tcase_add_test(tc, aligned_lines_start_where_their_alignment_puts_them);
	tcase_add_test(tc, lines_are_line_height_apart_and_cover_the_text);
	tcase_add_test(tc, runs_reorder_by_their_embedding_levels);
	tcase_add_test(tc, an_arabic_line_is_drawn_from_its_logical_end);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(lines_suite());
}
