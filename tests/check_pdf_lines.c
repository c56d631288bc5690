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

static void setup(void) { pdf_lane_init(&lane, "en"); }
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
	}
	p->attrs[p->n].is_line_break = 1;
}

/* The breaks pdf_lines_choose makes of s at width, as "6 11". */
static const char *choose(const char *s, double width)
{
	static char out[256];
	struct para p;
	para_of(&p, s);
	int breaks[128];
	struct pdf_breakable b = { p.n, p.prefix, p.attrs };
	int n = pdf_lines_choose(&b, width, breaks);
	if (n < 0)
		return "refused";
	out[0] = '\0';
	for (int i = 0; i < n; i++)
		snprintf(out + strlen(out), sizeof out - strlen(out), "%s%d", i ? " " : "", breaks[i]);
	return out;
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
	int breaks[8];
	struct pdf_breakable b = { p.n, p.prefix, p.attrs };
	ck_assert_int_eq(pdf_lines_choose(&b, 5, breaks), 1);
	p.prefix[5] += 0.01;
	ck_assert_int_eq(pdf_lines_choose(&b, 5, breaks), 2);
}
END_TEST

START_TEST(a_word_wider_than_the_line_is_left_to_pango)
{
	ck_assert_str_eq(choose("aa bbbbbbb cc", 5), "refused");
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
			ck_assert_int_eq(pdf_lines_break(l, widths[w], 16, PANGO_ALIGN_LEFT, 0, &lines, &n),
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
	ck_assert_int_eq(pdf_lines_break(l, 200, 16, PANGO_ALIGN_LEFT, 1, &lines, &n), CV_OK);
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
	ck_assert_int_eq(pdf_lines_break(l, 200, 16, PANGO_ALIGN_RIGHT, 0, &lines, &n), CV_OK);
	for (int k = 0; k < n; k++)
		ck_assert_msg(fabs(lines[k].x + line_width(&lines[k]) - 200) < 1e-6,
		              "right-aligned line %d ends at %.3f, expected 200", k,
		              lines[k].x + line_width(&lines[k]));
	pdf_lines_free(lines, n);
	ck_assert_int_eq(pdf_lines_break(l, 200, 16, PANGO_ALIGN_CENTER, 0, &lines, &n), CV_OK);
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
	ck_assert_int_eq(pdf_lines_break(l, 150, 15.4, PANGO_ALIGN_LEFT, 0, &lines, &n), CV_OK);
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
	ck_assert_int_eq(pdf_lines_break(l, 400, 16, PANGO_ALIGN_RIGHT, 0, &lines, &n), CV_OK);
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
	tcase_add_test(tc, a_word_wider_than_the_line_is_left_to_pango);
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
