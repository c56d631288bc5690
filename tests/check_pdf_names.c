/*
 * check_pdf_names.c: Cairo's file with each XObject named once
 * (plugins/pdf/archive/names.c): a repeated name dropped from a
 * "/XObject <<" list, stream data passed untouched even where it looks
 * like one, the cross-reference offsets and startxref moved by what was
 * dropped before them, a string (the article's text) passed as it is, and
 * the same output whatever pieces the bytes come in.
 */
#include "testutil.h"

#include <string.h>

#include <glib.h>

#include "archive/names.h"

static int collect(void *ctx, const unsigned char *data, size_t len, struct cv_error *err)
{
	(void)err;
	g_string_append_len(ctx, (const char *)data, (gssize)len);
	return CV_OK;
}

/* in, fed step bytes at a time (all at once for 0), as the filter writes it. */
static char *filtered(const char *in, size_t step)
{
	GString *out = g_string_new(NULL);
	struct pdf_names *f = pdf_names_new(collect, out);
	struct cv_error err = { 0 };
	size_t len = strlen(in);
	if (step == 0)
		step = len;
	for (size_t i = 0; i < len; i += step)
		ck_assert_int_eq(pdf_names_write(f, in + i, i + step < len ? step : len - i, &err), CV_OK);
	ck_assert_int_eq(pdf_names_end(f, &err), CV_OK);
	pdf_names_free(f);
	return g_string_free(out, FALSE);
}

/* A file as Cairo lays it out: object 1 at 15 (a resource list with x3
 * twice, 10 bytes repeated), 2 at 71, 3 at 104 (a stream whose data
 * reads like such a list), the table at 185. */
static const char CAIRO[] =
	"%PDF-1.5\n%\xb5\xed\xae\xfb\n"
	"1 0 obj\n<< /XObject << /x3 3 0 R /x3 3 0 R >> >>\nendobj\n"
	"2 0 obj\n<< /Type /Page >>\nendobj\n"
	"3 0 obj\n<< /Length 31 >>\nstream\n/XObject << /x1 1 0 R /x1 1 0 R\nendstream\nendobj\n"
	"xref\n0 4\n0000000000 65535 f \n0000000015 00000 n \n0000000071 00000 n \n"
	"0000000104 00000 n \ntrailer\n<< /Size 4 >>\nstartxref\n185\n%%EOF\n";

START_TEST(a_repeated_name_goes_and_the_offsets_move)
{
	/* The offsets above are those of the text. */
	ck_assert(strncmp(CAIRO + 15, "1 0 obj", 7) == 0);
	ck_assert(strncmp(CAIRO + 71, "2 0 obj", 7) == 0);
	ck_assert(strncmp(CAIRO + 104, "3 0 obj", 7) == 0);
	ck_assert(strncmp(CAIRO + 185, "xref\n", 5) == 0);
	char *out = filtered(CAIRO, 0);
	ck_assert_ptr_nonnull(strstr(out, "1 0 obj\n<< /XObject << /x3 3 0 R >> >>\nendobj\n"));
	/* Stream data is not a dictionary, whatever it reads like. */
	ck_assert_ptr_nonnull(strstr(out, "stream\n/XObject << /x1 1 0 R /x1 1 0 R\nendstream"));
	ck_assert_ptr_nonnull(strstr(out, "0000000015 00000 n \n0000000061 00000 n \n0000000094 00000 n \n"));
	ck_assert_ptr_nonnull(strstr(out, "startxref\n175\n%%EOF\n"));
	ck_assert(strncmp(out + 61, "2 0 obj", 7) == 0);
	ck_assert(strncmp(out + 94, "3 0 obj", 7) == 0);
	ck_assert(strncmp(out + 175, "xref\n", 5) == 0);
	ck_assert_uint_eq(strlen(out), strlen(CAIRO) - 10);
	g_free(out);
}
END_TEST

START_TEST(the_output_is_the_same_whatever_the_pieces)
{
	char *whole = filtered(CAIRO, 0);
	for (size_t step = 1; step < 40; step++) {
		char *out = filtered(CAIRO, step);
		ck_assert_str_eq(out, whole);
		g_free(out);
	}
	g_free(whole);
}
END_TEST

START_TEST(a_file_with_no_name_twice_is_left_as_it_is)
{
	const char *in = "1 0 obj\n<< /XObject << /x3 3 0 R /x4 4 0 R >> >>\nendobj\n"
	                 "xref\n0 2\n0000000000 65535 f \n0000000000 00000 n \ntrailer\n<< >>\n"
	                 "startxref\n57\n%%EOF\n";
	for (size_t step = 0; step < 9; step++) {
		char *out = filtered(in, step);
		ck_assert_str_eq(out, in);
		g_free(out);
	}
}
END_TEST

/* A title is the article's text, passed through as it is whatever it
 * reads like: escaped and nested parentheses, a list of XObjects, the
 * keywords the filter looks for; the list after it is still cut. */
START_TEST(a_string_is_left_as_it_is)
{
	const char *in =
		"1 0 obj\n<< /Title (a \\) /XObject << /x1 1 0 R /x1 1 0 R >> (x) stream\n"
		"startxref\n5\nxref\n) >>\nendobj\n"
		"2 0 obj\n<< /XObject << /x3 3 0 R /x3 3 0 R >> >>\nendobj\n";
	const char *want =
		"1 0 obj\n<< /Title (a \\) /XObject << /x1 1 0 R /x1 1 0 R >> (x) stream\n"
		"startxref\n5\nxref\n) >>\nendobj\n"
		"2 0 obj\n<< /XObject << /x3 3 0 R >> >>\nendobj\n";
	for (size_t step = 0; step < 40; step++) {
		char *out = filtered(in, step);
		ck_assert_str_eq(out, want);
		g_free(out);
	}
}
END_TEST

static Suite *names_suite(void)
{
	Suite *s = suite_create("pdf names");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, a_repeated_name_goes_and_the_offsets_move);
	tcase_add_test(tc, the_output_is_the_same_whatever_the_pieces);
	tcase_add_test(tc, a_file_with_no_name_twice_is_left_as_it_is);
	tcase_add_test(tc, a_string_is_left_as_it_is);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(names_suite());
}
