/*
 * check_core_output.c: output is atomic: the target appears whole or
 * not at all, and the input is never overwritten.
 */
#include "testutil.h"
#include "internal.h"

static char dir[PATH_MAX];

static void setup(void) { tu_mkdtemp(dir, sizeof dir); }
static void teardown(void) { tu_rm_rf(dir); }

START_TEST(nothing_shows_until_commit)
{
	char target[PATH_MAX];
	struct cv_output *o;
	struct cv_error err;
	snprintf(target, sizeof target, "%s/out.txt", dir);
	ck_assert_int_eq(cv_output_open(target, "/nonexistent", &o, &err), CV_OK);
	ck_assert_int_eq(cv_output_write(o, "hello", 5, &err), CV_OK);
	ck_assert_msg(!tu_exists(dir, "out.txt"), "target exists before commit");
	ck_assert_int_eq(tu_count_entries(dir), 1); /* the temporary */
	ck_assert_int_eq(cv_output_commit(o, &err), CV_OK);
	ck_assert_int_eq(tu_count_entries(dir), 1);
	FILE *f = fopen(target, "r");
	char buf[16] = {0};
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fread(buf, 1, sizeof buf, f), 5);
	fclose(f);
	ck_assert_str_eq(buf, "hello");
	struct stat st;
	ck_assert_int_eq(stat(target, &st), 0);
	ck_assert_msg((st.st_mode & 0044) != 0 || (umask(022) & 0044), "output keeps mkstemp's 0600 mode");
}
END_TEST

START_TEST(discard_leaves_nothing_and_keeps_an_old_target)
{
	char target[PATH_MAX];
	struct cv_output *o;
	struct cv_error err;
	tu_write_str(dir, "old.txt", "old");
	snprintf(target, sizeof target, "%s/old.txt", dir);
	ck_assert_int_eq(cv_output_open(target, "/nonexistent", &o, &err), CV_OK);
	ck_assert_int_eq(cv_output_write(o, "partial", 7, &err), CV_OK);
	cv_output_discard(o);
	ck_assert_int_eq(tu_count_entries(dir), 1);
	FILE *f = fopen(target, "r");
	char buf[16] = {0};
	ck_assert_uint_eq(fread(buf, 1, sizeof buf, f), 3);
	fclose(f);
	ck_assert_str_eq(buf, "old");
	cv_output_discard(NULL);
}
END_TEST

START_TEST(the_input_is_never_the_output)
{
	char target[PATH_MAX], alias[PATH_MAX];
	struct cv_output *o;
	struct cv_error err;
	tu_write_str(dir, "in.xml", "<article/>");
	snprintf(target, sizeof target, "%s/in.xml", dir);
	snprintf(alias, sizeof alias, "%s/./in.xml", dir);
	ck_assert_int_eq(cv_output_open(alias, target, &o, &err), CV_FAIL);
	ck_assert_msg(strstr(err.message, "is the input") != NULL, "got %s", err.message);
	ck_assert_int_eq(tu_count_entries(dir), 1);
}
END_TEST

START_TEST(a_missing_folder_is_an_error_not_a_crash)
{
	struct cv_output *o;
	struct cv_error err;
	ck_assert_int_eq(cv_output_open("/nonexistent/folder/out.pdf", "/x", &o, &err), CV_FAIL);
	ck_assert_msg(strstr(err.message, "cannot create the output") != NULL, "got %s", err.message);
	ck_assert_str_eq(err.file, "/nonexistent/folder/out.pdf");
}
END_TEST

/* Small pieces are gathered before they reach the file; what arrives
 * must still be every byte, in order, whatever the mix of sizes. */
START_TEST(small_and_large_writes_arrive_whole_and_in_order)
{
	char target[PATH_MAX];
	struct cv_output *o;
	struct cv_error err;
	size_t total = 0, big = 200000;
	unsigned char *want = malloc(1 << 22), *chunk = malloc(big);
	ck_assert_ptr_nonnull(want);
	ck_assert_ptr_nonnull(chunk);
	snprintf(target, sizeof target, "%s/out.bin", dir);
	ck_assert_int_eq(cv_output_open(target, "/nonexistent", &o, &err), CV_OK);
	for (int i = 0; i < 60000; i++) {
		unsigned char piece[7];
		size_t n = (size_t)(i % 7) + 1;
		for (size_t k = 0; k < n; k++)
			piece[k] = (unsigned char)(i * 7 + k);
		ck_assert_int_eq(cv_output_write(o, piece, n, &err), CV_OK);
		memcpy(want + total, piece, n);
		total += n;
		if (i == 30000) {
			for (size_t k = 0; k < big; k++)
				chunk[k] = (unsigned char)(k * 31);
			ck_assert_int_eq(cv_output_write(o, chunk, big, &err), CV_OK);
			memcpy(want + total, chunk, big);
			total += big;
		}
	}
	ck_assert_int_eq(cv_output_commit(o, &err), CV_OK);
	FILE *f = fopen(target, "rb");
	ck_assert_ptr_nonnull(f);
	unsigned char *got = malloc(total + 1);
	ck_assert_ptr_nonnull(got);
	ck_assert_uint_eq(fread(got, 1, total + 1, f), total);
	fclose(f);
	ck_assert_msg(memcmp(got, want, total) == 0, "bytes differ");
	free(got);
	free(chunk);
	free(want);
}
END_TEST

static Suite *output_suite(void)
{
	Suite *s = suite_create("output");
	TCase *tc = tcase_create("atomic");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, nothing_shows_until_commit);
	tcase_add_test(tc, discard_leaves_nothing_and_keeps_an_old_target);
	tcase_add_test(tc, the_input_is_never_the_output);
	tcase_add_test(tc, a_missing_folder_is_an_error_not_a_crash);
	tcase_add_test(tc, small_and_large_writes_arrive_whole_and_in_order);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(output_suite());
}
