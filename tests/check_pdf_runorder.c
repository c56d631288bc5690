/*
 * check_pdf_runorder.c: where the runs of a line meet as text extractors
 * read them (plugins/pdf/text/runorder.c), on real Pango runs of mixed
 * Arabic and Latin lines: the pdf.js items of a line and their order,
 * words that run across two runs, gaps that keep two words apart, and
 * the letters poppler counts to choose a page's direction.
 */
#include "testutil.h"

#include "blocks/blocks.h"
#include "text/runorder.h"

static struct pdf_lane lane;
static PangoLayout *layout;

static void setup(void)
{
	pdf_lane_init(&lane, "ar", 0);
	layout = NULL;
}

static void teardown(void)
{
	if (layout)
		g_object_unref(layout);
	pdf_lane_free(&lane);
}

/* Lays text out on one line (rtl: a right-to-left paragraph) in Amiri 12,
 * with family for the bytes of each "family:from:to" span in spans;
 * returns the line's runs in visual order. */
static GSList *line_of(const char *text, int rtl, const char *const *spans)
{
	layout = pango_layout_new(rtl ? lane.ctx_rtl : lane.ctx_ltr);
	PangoFontDescription *fd = pango_font_description_from_string("Amiri 12");
	pango_layout_set_auto_dir(layout, FALSE);
	pango_layout_set_font_description(layout, fd);
	pango_font_description_free(fd);
	pango_layout_set_text(layout, text, -1);
	PangoAttrList *attrs = pango_attr_list_new();
	for (int i = 0; spans && spans[i]; i++) {
		char family[64];
		int from, to;
		ck_assert_int_eq(sscanf(spans[i], "%63[^:]:%d:%d", family, &from, &to), 3);
		PangoAttribute *a = strcmp(family, "rise") == 0
		                    ? pango_attr_rise_new(4 * PANGO_SCALE)
		                    : pango_attr_family_new(family);
		a->start_index = (guint)from;
		a->end_index = (guint)to;
		pango_attr_list_insert(attrs, a);
	}
	pango_layout_set_attributes(layout, attrs);
	pango_attr_list_unref(attrs);
	ck_assert_int_eq(pango_layout_get_line_count(layout), 1);
	return pango_layout_get_line_readonly(layout, 0)->runs;
}

/* The run of runs whose text starts with the bytes of s. */
static GSList *run_of(GSList *runs, const char *s)
{
	const char *text = pango_layout_get_text(layout);
	for (GSList *l = runs; l; l = l->next) {
		const PangoItem *it = ((PangoGlyphItem *)l->data)->item;
		if (strncmp(text + it->offset, s, strlen(s)) == 0)
			return l;
	}
	ck_abort_msg("no run starts with \"%s\"", s);
	return NULL;
}

/* The byte offset of s in text. */
static int at(const char *text, const char *s)
{
	const char *p = strstr(text, s);
	ck_assert_ptr_nonnull(p);
	return (int)(p - text);
}

/* pdf.js reads two runs as one item when they are in one font. */
static int same_font(void *ctx, const PangoGlyphItem *a, const PangoGlyphItem *b)
{
	(void)ctx;
	return a->item->analysis.font == b->item->analysis.font;
}

START_TEST(poppler_counts_letters_by_their_script_and_not_digits)
{
	const char *text = "The كتاب of 1514";
	int lr = 0, rl = 0;
	pdf_runorder_count_letters(text, 0, (int)strlen(text), &lr, &rl);
	ck_assert_int_eq(lr, 5);
	ck_assert_int_eq(rl, 4);
}
END_TEST

START_TEST(a_lines_items_come_in_logical_order_each_with_its_direction)
{
	/* "يخزّن معيار Unicode الحرف": the Latin word in Noto Serif is an
	 * item between two Arabic ones. */
	const char *text = "يخزّن معيار Unicode الحرف";
	char span[64];
	snprintf(span, sizeof span, "Noto Serif:%d:%d", at(text, "Unicode"),
	         at(text, "Unicode") + 7);
	GSList *runs = line_of(text, 1, (const char *[]){ span, NULL });
	struct pdf_runorder_item items[16];
	int n = pdf_runorder_items(runs, text, same_font, NULL, items);
	ck_assert_int_eq(n, 3);
	ck_assert_int_eq(items[0].start, 0);
	ck_assert_int_eq(items[1].start, at(text, "Unicode"));
	ck_assert_int_eq(items[2].start, at(text, "الحرف"));
	ck_assert_int_eq(items[0].rtl, 1);
	ck_assert_int_eq(items[1].rtl, 0);
	ck_assert_int_eq(items[2].rtl, 1);
	ck_assert_int_eq(items[0].spaced_after, 1);
	ck_assert_int_eq(items[1].spaced_after, 1);
}
END_TEST

/* The runs of text (an Arabic line) with its "medi" in an isolate set in
 * Noto Sans Mono, the span's font covering the isolate's controls as
 * blocks/inline.c opens it. */
static GSList *code_line(const char *text)
{
	char span[64];
	snprintf(span, sizeof span, "Noto Sans Mono:%d:%d", at(text, "medi") - 3,
	         at(text, "medi") + 7);
	return line_of(text, 1, (const char *[]){ span, NULL });
}

START_TEST(a_word_that_runs_into_a_span_is_drawn_right_run_first)
{
	/* "و<code>medi</code>": the word is "و" then "medi", in two runs
	 * with only the isolate's controls between them. */
	const char *text = "قال و\u2066medi\u2069 هنا";
	GSList *runs = code_line(text);
	GSList *medi = run_of(runs, "medi"), *waw = run_of(runs, "قال");
	/* On the page "medi" is left of "قال و". */
	ck_assert_int_eq(pdf_runorder_draw_before(medi->data, waw->data, text), 1);
	ck_assert_int_eq(pdf_runorder_draw_before(waw->data, medi->data, text), 0);
}
END_TEST

START_TEST(a_word_spaced_from_a_span_is_drawn_as_it_stands)
{
	const char *text = "قال و \u2066medi\u2069 هنا";
	GSList *runs = code_line(text);
	ck_assert_int_eq(pdf_runorder_draw_before(run_of(runs, "medi")->data,
	                                          run_of(runs, "قال")->data, text), 0);
}
END_TEST

START_TEST(a_word_goes_on_across_a_subscript)
{
	/* "H<sub>2</sub>O": three runs, one word. */
	const char *text = "H2O and water";
	GSList *runs = line_of(text, 0, (const char *[]){ "rise:1:2", NULL });
	GSList *h = run_of(runs, "H"), *two = run_of(runs, "2"), *o = run_of(runs, "O");
	ck_assert_int_eq(pdf_runorder_word_goes_on(h->data, two->data, text), 1);
	ck_assert_int_eq(pdf_runorder_word_goes_on(two->data, o->data, text), 1);
	ck_assert_int_eq(pdf_runorder_word_goes_on(o->data, h->data, text), 0);
}
END_TEST

START_TEST(a_gap_parts_two_words_that_only_touch_on_the_page)
{
	/* "الطابع Gregorio، ويعرف": on the page the comma of the Arabic run
	 * touches "Gregorio", which pdf.js, reading two items, glued to the
	 * Arabic word ("ويعرفGregorio"); a gap before the Latin run parts
	 * them. The Arabic run itself gets none. */
	const char *text = "الطابع Gregorio، ويعرف";
	char span[64];
	snprintf(span, sizeof span, "Noto Serif:%d:%d", at(text, "Gregorio"),
	         at(text, "Gregorio") + 8);
	GSList *runs = line_of(text, 1, (const char *[]){ span, NULL });
	GSList *latin = run_of(runs, "Gregorio");
	ck_assert_int_eq(pdf_runorder_gap_before(runs, latin, text, same_font, NULL), 1);
	ck_assert_int_eq(pdf_runorder_gap_before(runs, runs, text, same_font, NULL), 0);
}
END_TEST

START_TEST(no_gap_where_two_runs_are_one_item)
{
	const char *text = "الطابع Gregorio، ويعرف";
	GSList *runs = line_of(text, 1, NULL);
	/* One font: pdf.js reads the line as one item, which it orders
	 * itself. */
	for (GSList *l = runs; l; l = l->next)
		ck_assert_int_eq(pdf_runorder_gap_before(runs, l, text, same_font, NULL), 0);
}
END_TEST

static Suite *runorder_suite(void)
{
	Suite *s = suite_create("pdf runorder");
	TCase *tc = tcase_create("run order");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, poppler_counts_letters_by_their_script_and_not_digits);
	tcase_add_test(tc, a_lines_items_come_in_logical_order_each_with_its_direction);
	tcase_add_test(tc, a_word_that_runs_into_a_span_is_drawn_right_run_first);
	tcase_add_test(tc, a_word_spaced_from_a_span_is_drawn_as_it_stands);
	tcase_add_test(tc, a_word_goes_on_across_a_subscript);
	tcase_add_test(tc, a_gap_parts_two_words_that_only_touch_on_the_page);
	tcase_add_test(tc, no_gap_where_two_runs_are_one_item);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(runorder_suite());
}
