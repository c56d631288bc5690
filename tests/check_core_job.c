/*
 * check_core_job.c: a job's outputs, main and further, appear together
 * or not at all; what a plugin reports names the format once.
 */
#include <fcntl.h>

#include "testutil.h"
#include "batch.h"
#include "internal.h"
#include "fixture_article.h"

static struct fixture_article fx;

static void setup(void)
{
	fixture_article_setup(&fx, "<article version=\"1.0\" xml:lang=\"en\"><meta><title>T</title></meta>"
	                      "<body><p>x</p></body></article>");
}

static void teardown(void)
{
	fixture_article_teardown(&fx);
}

/* The test plugin: "mode" says what its convert function does. */
static const struct cv_param multi_params[] = {
	{"mode", "pages", "what to do"},
	{NULL, NULL, NULL}
};

static int multi_add(struct cv_job *job, const char *suffix, const char *text, struct cv_error *err)
{
	struct cv_extra_output *out;
	if (cv_job_add_output(job, suffix, &out, err) != CV_OK)
		return CV_FAIL;
	return cv_extra_output_write(out, text, strlen(text), err);
}

static int multi_convert(struct cv_job *job, struct cv_error *err)
{
	const char *mode = cv_job_param(job, "mode");
	struct cv_extra_output *out;

	if (strcmp(mode, "threads") == 0) {
		char n[32];
		snprintf(n, sizeof n, "%d", cv_job_threads(job));
		return cv_job_write(job, n, strlen(n), err);
	}
	if (cv_job_write(job, "main", 4, err) != CV_OK)
		return CV_FAIL;
	if (strcmp(mode, "warn") == 0) {
		cv_job_warn(job, "%d things looked odd", 2);
		return CV_OK;
	}
	if (strcmp(mode, "fail") == 0)
		return cv_error_set(err, CV_ERROR_UNSUPPORTED, NULL, 0, 0, "cannot do that");
	if (strcmp(mode, "fail-named") == 0)
		return cv_error_set(err, CV_ERROR_UNSUPPORTED, NULL, 0, 0, "multi: cannot do that");
	if (strcmp(mode, "two") == 0)
		return multi_add(job, "-1.txt", "one", err) || multi_add(job, "-2.txt", "two", err) ? CV_FAIL : CV_OK;
	if (multi_add(job, "-thumb.png", "thumb", err) || multi_add(job, "/p2.html", "page 2", err) ||
	    multi_add(job, "/deep/er/p3.html", "page 3", err))
		return CV_FAIL;
	if (cv_job_add_output(job, "/p2.html", &out, err) == CV_OK)
		return cv_error_set(err, CV_ERROR_LIBRARY, NULL, 0, 0, "a suffix was opened twice");
	if (strcmp(mode, "pages-then-fail") == 0)
		return cv_error_set(err, CV_ERROR_UNSUPPORTED, NULL, 0, 0, "failed after the pages");
	return CV_OK;
}

static const struct cv_plugin multi = {CV_ABI_MAJOR, CV_ABI_MINOR, "multi", "d", "multi", "text/plain",
                                       multi_params, multi_convert, NULL, NULL, {0}};

static int run(const char *target_name, const char *mode, struct cv_error *err)
{
	char target[2 * PATH_MAX];
	const struct cv_param_value values[] = {{"mode", mode}};
	if (strcmp(target_name, "-") == 0)
		snprintf(target, sizeof target, "-");
	else
		snprintf(target, sizeof target, "%s/%s", fx.dir, target_name);
	return cv_job_run(&multi, fx.doc, NULL, values, 1, target, err);
}

static void assert_file(const char *name, const char *text)
{
	char path[2 * PATH_MAX], buf[64] = {0};
	snprintf(path, sizeof path, "%s/%s", fx.dir, name);
	FILE *f = fopen(path, "r");
	ck_assert_msg(f != NULL, "%s is missing", name);
	ck_assert_uint_eq(fread(buf, 1, sizeof buf - 1, f), strlen(text));
	fclose(f);
	ck_assert_str_eq(buf, text);
}

START_TEST(further_outputs_appear_beside_the_main_one)
{
	struct cv_error err;
	ck_assert_msg(run("a.multi", "pages", &err) == CV_OK, "%s", err.message);
	assert_file("a.multi", "main");
	assert_file("a-thumb.png", "thumb");
	assert_file("a/p2.html", "page 2");
	assert_file("a/deep/er/p3.html", "page 3");
	/* a.xml, a.multi, a-thumb.png, a/: no temporary file anywhere */
	ck_assert_int_eq(tu_count_entries(fx.dir), 4);
	char sub[PATH_MAX + 8];
	snprintf(sub, sizeof sub, "%s/a", fx.dir);
	ck_assert_int_eq(tu_count_entries(sub), 2);
}
END_TEST

START_TEST(a_failed_conversion_leaves_no_output_and_no_folder)
{
	struct cv_error err;
	ck_assert_int_eq(run("a.multi", "pages-then-fail", &err), CV_FAIL);
	ck_assert_int_eq(tu_count_entries(fx.dir), 1); /* a.xml */
	ck_assert_str_eq(err.message, "multi: failed after the pages");
}
END_TEST

/* "a-1.txt" is a folder, so renaming the further output onto it fails
 * after "a-2.txt" has been placed (the newest is placed first): the
 * placed one goes again. */
START_TEST(a_further_output_that_cannot_be_placed_takes_the_others_with_it)
{
	struct cv_error err;
	char path[PATH_MAX + 16];
	snprintf(path, sizeof path, "%s/a-1.txt", fx.dir);
	ck_assert_int_eq(mkdir(path, 0755), 0);
	ck_assert_int_eq(run("a.multi", "two", &err), CV_FAIL);
	ck_assert_msg(strstr(err.message, "cannot move the output into place") != NULL, "got %s", err.message);
	ck_assert(!tu_exists(fx.dir, "a.multi"));
	ck_assert_int_eq(tu_count_entries(fx.dir), 2); /* a.xml and the folder */
	ck_assert_int_eq(tu_count_entries(path), 0);
}
END_TEST

START_TEST(further_outputs_cannot_go_to_standard_output)
{
	struct cv_error err;
	ck_assert_int_eq(run("-", "two", &err), CV_FAIL);
	ck_assert_msg(strstr(err.message, "multi: this format writes several files") != NULL, "got %s",
	              err.message);
}
END_TEST

static int suffix_test_convert(struct cv_job *job, struct cv_error *err)
{
	static const char *const bad[] = {
		"x.png", "", "-", "/", "/../x", "/a//b", "-a/./b", "/a/", "-\xc3\xbc", "- x", "/..",
		"/1/2/3/4/5/6/7/8/9", ".suffix", NULL
	};
	struct cv_extra_output *out;
	for (size_t i = 0; bad[i]; i++)
		if (cv_job_add_output(job, bad[i], &out, err) == CV_OK)
			return cv_error_set(err, CV_ERROR_LIBRARY, NULL, 0, 0, "suffix \"%s\" was taken", bad[i]);
	/* The main output is "a.suffix": ".suffix" would replace it. */
	if (cv_job_add_output(job, "/1/2/3/4/5/6/7/8", &out, err) != CV_OK)
		return CV_FAIL;
	ck_assert_str_eq(cv_extra_output_name(out), "a/1/2/3/4/5/6/7/8");
	return cv_job_add_output(job, ".x", &out, err);
}

START_TEST(suffixes_stay_beside_the_main_output)
{
	static const struct cv_plugin p = {CV_ABI_MAJOR, CV_ABI_MINOR, "suffix", "d", "suffix", "text/plain",
	                                   NULL, suffix_test_convert, NULL, NULL, {0}};
	struct cv_error err;
	char target[PATH_MAX + 16];
	snprintf(target, sizeof target, "%s/a.suffix", fx.dir);
	ck_assert_msg(cv_job_run(&p, fx.doc, NULL, NULL, 0, target, &err) == CV_OK, "%s", err.message);
	ck_assert(tu_exists(fx.dir, "a.x"));
	ck_assert(tu_exists(fx.dir, "a/1/2/3/4/5/6/7/8"));
}
END_TEST

START_TEST(an_error_names_the_format_and_the_article_once)
{
	struct cv_error err;
	ck_assert_int_eq(run("a.multi", "fail", &err), CV_FAIL);
	ck_assert_str_eq(err.message, "multi: cannot do that");
	ck_assert_str_eq(err.file, fx.path);
	ck_assert_int_eq(run("a.multi", "fail-named", &err), CV_FAIL);
	ck_assert_str_eq(err.message, "multi: cannot do that");
}
END_TEST

START_TEST(a_warning_names_the_article_and_the_format_once)
{
	struct cv_error err;
	char path[PATH_MAX + 16], buf[512] = {0}, want[PATH_MAX + 64];
	snprintf(path, sizeof path, "%s/stderr", fx.dir);
	int saved = dup(2), fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ck_assert_int_ge(fd, 0);
	dup2(fd, 2);
	int rc = run("a.multi", "warn", &err);
	fflush(stderr);
	dup2(saved, 2);
	close(fd);
	close(saved);
	ck_assert_int_eq(rc, CV_OK);
	FILE *f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_gt(fread(buf, 1, sizeof buf - 1, f), 0);
	fclose(f);
	snprintf(want, sizeof want, "convert: warning: %s: multi: 2 things looked odd\n", fx.path);
	ck_assert_str_eq(buf, want);
}
END_TEST

START_TEST(the_article_is_read_again_as_loaded)
{
	struct cv_error err;
	unsigned char *data;
	size_t len;
	ck_assert_int_eq(cv_document_load_bytes(fx.doc, &data, &len, &err), CV_OK);
	ck_assert_uint_eq(len, strlen((const char *)data));
	ck_assert(strncmp((const char *)data, "<article version=\"1.0\"", 22) == 0);
	free(data);
	/* A file replaced by something that is no longer a regular file is
	 * refused, as when loading. */
	ck_assert_int_eq(unlink(fx.path), 0);
	ck_assert_int_eq(mkfifo(fx.path, 0600), 0);
	ck_assert_int_eq(cv_document_load_bytes(fx.doc, &data, &len, &err), CV_FAIL);
	ck_assert_ptr_null(data);
	ck_assert_msg(strstr(err.message, "not a regular file") != NULL, "got %s", err.message);
}
END_TEST

START_TEST(a_job_may_use_the_threads_it_was_given)
{
	struct cv_error err;
	char target[PATH_MAX + 16];
	const struct cv_param_value values[] = {{"mode", "threads"}};
	snprintf(target, sizeof target, "%s/a.multi", fx.dir);
	ck_assert_msg(cv_job_run(&multi, fx.doc, NULL, values, 1, target, &err) == CV_OK, "%s", err.message);
	assert_file("a.multi", "1");
	ck_assert_msg(cv_job_run_result(&multi, fx.doc, NULL, NULL, values, 1, target, 3, NULL, &err) == CV_OK, "%s",
	              err.message);
	assert_file("a.multi", "3");
	ck_assert_msg(cv_job_run_result(&multi, fx.doc, NULL, NULL, values, 1, target, 0, NULL, &err) == CV_OK, "%s",
	              err.message);
	assert_file("a.multi", "1");
}
END_TEST

START_TEST(the_cores_are_shared_among_the_workers)
{
	static const struct { unsigned cores; size_t workers; unsigned threads; } cases[] = {
		{2, 2, 1}, {2, 1, 2}, {8, 3, 2}, {1, 4, 1}, {4, 1, 4}, {16, 1000, 1}, {3, 0, 3},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		ck_assert_msg(cv_batch_threads(cases[i].cores, cases[i].workers) == cases[i].threads,
		              "%u cores, %zu workers: %u threads each, expected %u", cases[i].cores,
		              cases[i].workers, cv_batch_threads(cases[i].cores, cases[i].workers),
		              cases[i].threads);
}
END_TEST

static Suite *job_suite(void)
{
	Suite *s = suite_create("job");
	TCase *tc = tcase_create("outputs");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, further_outputs_appear_beside_the_main_one);
	tcase_add_test(tc, a_failed_conversion_leaves_no_output_and_no_folder);
	tcase_add_test(tc, a_further_output_that_cannot_be_placed_takes_the_others_with_it);
	tcase_add_test(tc, further_outputs_cannot_go_to_standard_output);
	tcase_add_test(tc, suffixes_stay_beside_the_main_output);
	suite_add_tcase(s, tc);
	tc = tcase_create("messages");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, an_error_names_the_format_and_the_article_once);
	tcase_add_test(tc, a_warning_names_the_article_and_the_format_once);
	suite_add_tcase(s, tc);
	tc = tcase_create("threads");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, a_job_may_use_the_threads_it_was_given);
	tcase_add_test(tc, the_cores_are_shared_among_the_workers);
	suite_add_tcase(s, tc);
	tc = tcase_create("article");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, the_article_is_read_again_as_loaded);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(job_suite());
}
