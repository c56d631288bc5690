/*
 * check_pdf_table.c: measuring a table (plugins/pdf/blocks/table.c) on
 * its own: its grid read from the layout vocabulary, its columns' widths
 * from their cells' content, its rows' heights and the rows kept together.
 * Cells are set in Noto Serif 11 in 400 points; a cell's padding is 0.3 em
 * (3.3 points) on each side.
 */
#include <math.h>

#include "testutil.h"

#include "blocks/blocks.h"

#define PAD 3.3
#define ROOM 400.0

static struct pdf_setup setup;
static struct pdf_flow flow;
static struct pdf_lane lane;
static struct pdf_blocks bx;
static xmlDocPtr doc;

static void fixture_setup(void)
{
	memset(&setup, 0, sizeof setup);
	memset(&flow, 0, sizeof flow);
	setup.text_w = ROOM;
	setup.page_w = ROOM + 2 * 60;
	setup.font_size = 11;
	setup.line_height = 1.4;
	setup.font_family = "Noto Serif";
	pdf_lane_init(&lane, "en", 0);
	bx = (struct pdf_blocks){ &setup, &flow, NULL, NULL, NULL, &lane, 0, 0, NULL, 0 };
	doc = NULL;
}

static void fixture_teardown(void)
{
	pdf_blocks_free(&bx);
	pdf_lane_free(&lane);
	if (doc)
		xmlFreeDoc(doc);
}

/* The table xml (a <table> of the layout vocabulary), read and measured. */
static struct pdf_table *table(const char *xml, struct cv_error *err)
{
	doc = xmlReadMemory(xml, (int)strlen(xml), "table.xml", "UTF-8", XML_PARSE_NONET);
	ck_assert_ptr_nonnull(doc);
	struct pdf_table *t = NULL;
	if (pdf_table_read(&bx, xmlDocGetRootElement(doc), 0, 0, &t, err) != CV_OK)
		return NULL;
	return t;
}

static struct pdf_table *table_ok(const char *xml)
{
	struct cv_error err = { 0 };
	struct pdf_table *t = table(xml, &err);
	ck_assert_msg(t != NULL, "not read: %s", err.message);
	return t;
}

/* The width of text on one line in the cells' font. */
static double natural(const char *text)
{
	PangoLayout *l = pango_layout_new(lane.ctx_ltr);
	PangoFontDescription *fd = pango_font_description_from_string("Noto Serif 11");
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	pango_layout_set_text(l, text, -1);
	PangoRectangle r;
	pango_layout_get_extents(l, NULL, &r);
	g_object_unref(l);
	return pango_units_to_double(r.width);
}

/* The width of text's widest word. */
static double widest(const char *text)
{
	double w = 0;
	char **words = g_strsplit(text, " ", -1);
	for (char **x = words; *x; x++)
		if (natural(*x) > w)
			w = natural(*x);
	g_strfreev(words);
	return w;
}

START_TEST(short_cells_keep_their_one_line_widths)
{
	struct pdf_table *t = table_ok("<table><row><cell>one</cell><cell>two words</cell></row></table>");
	ck_assert_int_eq(t->n_cols, 2);
	double want0 = natural("one") + 2 * PAD, want1 = natural("two words") + 2 * PAD;
	ck_assert_msg(fabs(t->col_w[0] - want0) < 1e-6, "column 0 is %.3f, expected %.3f",
	              t->col_w[0], want0);
	ck_assert_msg(fabs(t->col_w[1] - want1) < 1e-6, "column 1 is %.3f, expected %.3f",
	              t->col_w[1], want1);
	ck_assert_msg(fabs(t->width - (want0 + want1)) < 1e-6, "table is %.3f, expected %.3f",
	              t->width, want0 + want1);
	ck_assert_double_eq(t->col_x[0], 0);
	ck_assert_msg(fabs(t->col_x[1] - want0) < 1e-6, "column 1 at %.3f, expected %.3f",
	              t->col_x[1], want0);
	pdf_table_free(t);
}
END_TEST

static const char *const long_a =
	"Whereas recognition of the inherent dignity and of the equal and inalienable rights "
	"of all members of the human family is the foundation of freedom";
static const char *const long_b =
	"Whereas disregard and contempt for human rights have resulted in barbarous acts which "
	"have outraged the conscience of mankind";

START_TEST(long_cells_share_the_room_between_their_widest_word_and_their_line)
{
	char xml[1024];
	snprintf(xml, sizeof xml, "<table><row><cell>%s</cell><cell>%s</cell></row></table>",
	         long_a, long_b);
	struct pdf_table *t = table_ok(xml);
	ck_assert_msg(fabs(t->width - ROOM) < 1e-6, "table is %.3f wide, expected %.0f", t->width,
	              ROOM);
	double most[2] = { natural(long_a) + 2 * PAD, natural(long_b) + 2 * PAD };
	double least[2] = { widest(long_a) + 2 * PAD, widest(long_b) + 2 * PAD };
	for (int k = 0; k < 2; k++)
		ck_assert_msg(t->col_w[k] >= least[k] - 1e-6 && t->col_w[k] <= most[k] + 1e-6,
		              "column %d is %.3f, expected between %.3f and %.3f", k, t->col_w[k],
		              least[k], most[k]);
	/* In proportion to what each could take beyond its widest word. */
	double share0 = (t->col_w[0] - least[0]) / (most[0] - least[0]);
	double share1 = (t->col_w[1] - least[1]) / (most[1] - least[1]);
	ck_assert_msg(fabs(share0 - share1) < 1e-6, "shares %.4f and %.4f, expected equal", share0,
	              share1);
	pdf_table_free(t);
}
END_TEST

START_TEST(a_spanning_cell_widens_the_columns_it_spans_evenly)
{
	struct pdf_table *t = table_ok("<table><row><cell colspan=\"2\">a heading that spans two "
	                               "columns</cell></row><row><cell>a</cell><cell>bbb</cell></row>"
	                               "</table>");
	double need = natural("a heading that spans two columns") + 2 * PAD;
	double a = natural("a") + 2 * PAD, b = natural("bbb") + 2 * PAD;
	double extra = (need - a - b) / 2;
	ck_assert_msg(fabs(t->col_w[0] - (a + extra)) < 1e-6, "column 0 is %.3f, expected %.3f",
	              t->col_w[0], a + extra);
	ck_assert_msg(fabs(t->col_w[1] - (b + extra)) < 1e-6, "column 1 is %.3f, expected %.3f",
	              t->col_w[1], b + extra);
	pdf_table_free(t);
}
END_TEST

START_TEST(a_row_is_as_tall_as_its_tallest_cell)
{
	char xml[1024];
	snprintf(xml, sizeof xml, "<table><row><cell>short</cell><cell>%s %s</cell></row>"
	         "<row><cell>x</cell><cell>y</cell></row></table>", long_a, long_b);
	struct pdf_table *t = table_ok(xml);
	const struct pdf_block *tall = t->cells[1].block;
	ck_assert_int_gt(tall->n_lines, 1);
	double want = pdf_block_height(tall, 0, tall->n_lines) + 2 * PAD;
	ck_assert_msg(fabs(t->row_h[0] - want) < 1e-6, "row 0 is %.3f tall, expected %.3f",
	              t->row_h[0], want);
	/* Each cell is broken at its column's width, less the padding. */
	ck_assert_msg(fabs(tall->width - (t->col_w[1] - 2 * PAD)) < 1e-6,
	              "the cell is %.3f wide, expected %.3f", tall->width, t->col_w[1] - 2 * PAD);
	double one = pdf_block_height(t->cells[2].block, 0, 1) + 2 * PAD;
	ck_assert_msg(fabs(t->row_h[1] - one) < 1e-6, "row 1 is %.3f tall, expected %.3f",
	              t->row_h[1], one);
	pdf_table_free(t);
}
END_TEST

START_TEST(rows_a_rowspan_joins_are_kept_together)
{
	struct pdf_table *t = table_ok("<table><row><cell>a</cell><cell rowspan=\"3\">b</cell></row>"
	                               "<row><cell>c</cell></row><row><cell>d</cell></row>"
	                               "<row><cell>e</cell><cell>f</cell></row></table>");
	ck_assert_int_eq(t->n_rows, 4);
	ck_assert_int_eq(t->n_cols, 2);
	/* "c" and "d" take the first column: the second is the rowspan's. */
	ck_assert_int_eq(t->cells[2].col, 0);
	ck_assert_int_eq(t->cells[3].col, 0);
	/* A slice that starts at row 0 takes rows 0 to 2 (pages/ starts
	 * slices only where a group starts); row 3 is a group of its own. */
	ck_assert_msg(t->row_group_end[0] == 3, "row 0 keeps rows to %d, expected 3",
	              t->row_group_end[0]);
	ck_assert_int_eq(t->row_group_end[3], 4);
	pdf_table_free(t);
}
END_TEST

START_TEST(leading_header_rows_repeat_unless_every_row_is_one)
{
	struct pdf_table *t = table_ok("<table><row header=\"yes\"><cell>h</cell></row>"
	                               "<row header=\"yes\"><cell>h2</cell></row>"
	                               "<row><cell>a</cell></row><row header=\"yes\"><cell>x</cell>"
	                               "</row></table>");
	ck_assert_int_eq(t->n_header_rows, 2);
	pdf_table_free(t);
	xmlFreeDoc(doc);
	t = table_ok("<table><row header=\"yes\"><cell>h</cell></row></table>");
	ck_assert_int_eq(t->n_header_rows, 0);
	pdf_table_free(t);
}
END_TEST

START_TEST(a_table_too_wide_for_its_columns_padding_is_refused)
{
	GString *xml = g_string_new("<table><row>");
	for (int i = 0; i < 100; i++)
		g_string_append(xml, "<cell>x</cell>");
	g_string_append(xml, "</row></table>");
	struct cv_error err = { 0 };
	struct pdf_table *t = table(xml->str, &err);
	g_string_free(xml, TRUE);
	ck_assert_ptr_null(t);
	ck_assert_int_eq(err.klass, CV_ERROR_LIMIT);
	ck_assert_msg(strstr(err.message, "too many columns") != NULL, "message: %s", err.message);
}
END_TEST

START_TEST(a_span_past_the_end_of_the_table_stops_at_its_last_row)
{
	/* The schema bounds spans, but the table reader must not trust it:
	 * row + rowspan overflowed an int, and the grid was indexed out of
	 * bounds (issue 22, item 1). */
	static const char *const spans[] = { "2147483647", "4294967296", "1e300", "-2147483648",
	                                     "NaN", "0" };
	for (size_t i = 0; i < sizeof spans / sizeof *spans; i++) {
		char xml[512];
		snprintf(xml, sizeof xml, "<table><row><cell>a</cell><cell>b</cell></row>"
		         "<row><cell rowspan=\"%s\" colspan=\"%s\">c</cell><cell>d</cell></row>"
		         "<row><cell>e</cell></row></table>", spans[i], spans[i]);
		struct pdf_table *t = table_ok(xml);
		int big = spans[i][0] != '-' && spans[i][0] != 'N' && spans[i][0] != '0';
		ck_assert_msg(t->cells[2].rowspan == (big ? 2 : 1), "rowspan=\"%s\" read as %d",
		              spans[i], t->cells[2].rowspan);
		ck_assert_msg(t->cells[2].colspan == 1, "colspan=\"%s\" read as %d", spans[i],
		              t->cells[2].colspan);
		/* "e" takes the column the rowspan leaves it. */
		ck_assert_int_eq(t->cells[4].col, big ? 1 : 0);
		ck_assert_int_eq(t->row_group_end[1], big ? 3 : 2);
		pdf_table_free(t);
		xmlFreeDoc(doc);
		doc = NULL;
	}
}
END_TEST

static Suite *table_suite(void)
{
	Suite *s = suite_create("pdf table");
	TCase *tc = tcase_create("measuring");
	tcase_add_checked_fixture(tc, fixture_setup, fixture_teardown);
	tcase_add_test(tc, short_cells_keep_their_one_line_widths);
	tcase_add_test(tc, long_cells_share_the_room_between_their_widest_word_and_their_line);
	tcase_add_test(tc, a_spanning_cell_widens_the_columns_it_spans_evenly);
	tcase_add_test(tc, a_row_is_as_tall_as_its_tallest_cell);
	tcase_add_test(tc, rows_a_rowspan_joins_are_kept_together);
	tcase_add_test(tc, leading_header_rows_repeat_unless_every_row_is_one);
	tcase_add_test(tc, a_table_too_wide_for_its_columns_padding_is_refused);
	tcase_add_test(tc, a_span_past_the_end_of_the_table_stops_at_its_last_row);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(table_suite());
}
