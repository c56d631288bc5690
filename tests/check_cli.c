/*
 * check_cli.c: the command line: what parses, what is a usage error
 * (exit status 2), and the exit status of a real run.
 */
#include <stdarg.h>
#include <sys/wait.h>

#include "testutil.h"
#include "cli.h"

#define CONVERT TEST_BUILD_DIR "/bin/convert"

/* Parses a NULL-terminated list of words after "convert". */
static int parse(struct cv_cli *cli, struct cv_error *err, ...)
{
	static char store[32][256];
	char *argv[33];
	int argc = 0;
	va_list ap;
	argv[argc++] = "convert";
	va_start(ap, err);
	for (const char *w; (w = va_arg(ap, const char *)) != NULL; argc++) {
		snprintf(store[argc], sizeof store[argc], "%s", w);
		argv[argc] = store[argc];
	}
	va_end(ap);
	argv[argc] = NULL;
	return cv_cli_parse(argc, argv, cli, err);
}

START_TEST(to_output_params_and_inputs)
{
	struct cv_cli cli;
	struct cv_error err;
	ck_assert_int_eq(parse(&cli, &err, "--to", "pdf,epub", "-o", "out/", "--param", "page-size=A5",
	                       "-p", "toc=yes", "a.xml", "b.xml", NULL), CV_OK);
	ck_assert_int_eq(cli.action, CV_CLI_CONVERT);
	ck_assert_uint_eq(cli.nformats, 2);
	ck_assert_str_eq(cli.formats[1], "epub");
	ck_assert_str_eq(cli.output, "out/");
	ck_assert_uint_eq(cli.nparams, 2);
	ck_assert_str_eq(cli.params[0].name, "page-size");
	ck_assert_str_eq(cli.params[0].value, "A5");
	ck_assert_str_eq(cli.params[1].value, "yes");
	ck_assert_uint_eq(cli.ninputs, 2);
	cv_cli_free(&cli);
}
END_TEST

START_TEST(equals_and_attached_forms)
{
	struct cv_cli cli;
	struct cv_error err;
	ck_assert_int_eq(parse(&cli, &err, "--to=docbook", "-oout.dbk", "a.xml", NULL), CV_OK);
	ck_assert_str_eq(cli.formats[0], "docbook");
	ck_assert_str_eq(cli.output, "out.dbk");
	cv_cli_free(&cli);
	ck_assert_int_eq(parse(&cli, &err, "-t", "pdf", "--", "-odd-name.xml", NULL), CV_OK);
	ck_assert_str_eq(cli.inputs[0], "-odd-name.xml");
	cv_cli_free(&cli);
}
END_TEST

START_TEST(usage_errors_say_what_is_wrong)
{
	struct {
		const char *words[9];
		const char *want;
	} cases[] = {
		{{"--to", "pdf", NULL}, "no input file"},
		{{"a.xml", NULL}, "no output format"},
		{{"--bogus", "a.xml", NULL}, "unknown option \"--bogus\""},
		{{"--to", "pdf,epub", "-o", "one.pdf", "a.xml", NULL}, "need a folder"},
		{{"--to", "pdf", "-o", "-", "a.xml", "b.xml", NULL}, "-o - takes one input"},
		{{"--to", "pdf", "--param", "novalue", "a.xml", NULL}, "NAME=VALUE"},
		{{"--to", NULL}, "needs a value"},
		{{"--validate", "--to", "pdf", "a.xml", NULL}, "writes nothing"},
		{{"--to", "pdf", "-", NULL}, "standard input"},
		{{"--to", "pdf", "-j", "0", "a.xml", NULL}, "--jobs takes a number"},
		{{"--to", "pdf", "--jobs=many", "a.xml", NULL}, "--jobs takes a number"},
		{{"--to", "pdf", "-0", "a.xml", NULL}, "-0 goes with --files-from"},
		{{"--to", "pdf", "--files-from", "l", "-o", "x.pdf", NULL}, "need a folder"},
		{{"--to", "pdf", "--report", "-", "-o", "-", "a.xml", NULL}, "share standard output"},
		{{"--to", "pdf", "--quiet=yes", "a.xml", NULL}, "takes no value"},
		{{"--too", "pdf", "a.xml", NULL}, "did you mean --to?"},
		{{"--progres", "--to", "pdf", "a.xml", NULL}, "did you mean --progress?"},
		{{"--fail-fats", "--to", "pdf", "a.xml", NULL}, "did you mean --fail-fast?"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct cv_cli cli;
		struct cv_error err;
		const char **w = cases[i].words;
		int rc = parse(&cli, &err, w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7], w[8], NULL);
		ck_assert_msg(rc == CV_FAIL, "case %zu parsed", i);
		ck_assert_msg(strstr(err.message, cases[i].want) != NULL, "case %zu: got \"%s\", expected \"%s\"", i,
		              err.message, cases[i].want);
		cv_cli_free(&cli);
	}
}
END_TEST

START_TEST(batch_options)
{
	struct cv_cli cli;
	struct cv_error err;
	ck_assert_int_eq(parse(&cli, &err, "-t", "epub", "-j", "3", "--report", "r.jsonl", "--files-from", "-", "-0",
	                       "-u", "--fail-fast", "--progress", "-o", "out/", NULL), CV_OK);
	ck_assert_uint_eq(cli.jobs, 3);
	ck_assert_str_eq(cli.report, "r.jsonl");
	ck_assert_str_eq(cli.files_from, "-");
	ck_assert_int_eq(cli.null_separated, 1);
	ck_assert_int_eq(cli.update, 1);
	ck_assert_int_eq(cli.fail_fast, 1);
	ck_assert_int_eq(cli.progress, 1);
	ck_assert_uint_eq(cli.ninputs, 0);
	cv_cli_free(&cli);
	ck_assert_int_eq(parse(&cli, &err, "-t", "epub", "--jobs=2", "-j4", "-q", "--progress", "a.xml", NULL), CV_OK);
	ck_assert_uint_eq(cli.jobs, 4);
	ck_assert_msg(cli.quiet && cli.progress == 0, "--quiet wins over --progress");
	cv_cli_free(&cli);
	ck_assert_int_eq(parse(&cli, &err, "-t", "epub", "a.xml", NULL), CV_OK);
	ck_assert_msg(cli.progress == -1 && cli.jobs == 0, "progress and jobs are left to the run");
	cv_cli_free(&cli);
	ck_assert_int_eq(parse(&cli, &err, "-V", NULL), CV_OK);
	ck_assert_int_eq(cli.action, CV_CLI_VERSION);
	cv_cli_free(&cli);
	ck_assert_int_eq(parse(&cli, &err, "--help-format", "pdf", "--names", NULL), CV_OK);
	ck_assert_int_eq(cli.action, CV_CLI_HELP_FORMAT);
	ck_assert_int_eq(cli.names_only, 1);
	cv_cli_free(&cli);
}
END_TEST

START_TEST(nearest_word_for_did_you_mean)
{
	const char *formats[] = {"docbook", "epub", "html", "pdf"};
	struct {
		const char *word, *want;
	} cases[] = {
		{"pfd", "pdf"}, {"PDF", "pdf"}, {"epbu", "epub"}, {"docbok", "docbook"}, {"htlm", "html"},
		{"doc", "docbook"}, {"xyzzy", NULL}, {"p", NULL}, {"markdown", NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *got = cv_cli_nearest(cases[i].word, formats, 4);
		ck_assert_msg((got == NULL && cases[i].want == NULL) ||
		              (got && cases[i].want && strcmp(got, cases[i].want) == 0),
		              "%s: got %s, expected %s", cases[i].word, got ? got : "none",
		              cases[i].want ? cases[i].want : "none");
	}
}
END_TEST

/* Runs the real binary; returns its exit status. */
static int run(const char *args)
{
	char cmd[4096];
	snprintf(cmd, sizeof cmd, "cd /tmp && CONVERT_PLUGIN_PATH=%s/tests/plugins %s %s >/dev/null 2>&1",
	         TEST_BUILD_DIR, CONVERT, args);
	int st = system(cmd);
	ck_assert_msg(WIFEXITED(st), "convert %s did not exit normally", args);
	return WEXITSTATUS(st);
}

START_TEST(exit_status_0_1_2)
{
	char dir[PATH_MAX], args[PATH_MAX * 2];
	tu_mkdtemp(dir, sizeof dir);
	tu_write_str(dir, "ok.xml", "<article version=\"1.0\" xml:lang=\"ar\"><meta><title>ع</title></meta><body><p>ع</p></body></article>");
	tu_write_str(dir, "bad.xml", "<article version=\"1.0\" xml:lang=\"ar\"><meta><title>ع</title></meta><body><q/></body></article>");
	ck_assert_int_eq(run("--help"), 0);
	ck_assert_int_eq(run("--version"), 0);
	ck_assert_int_eq(run("-V"), 0);
	ck_assert_int_eq(run("-h"), 0);
	ck_assert_int_eq(run("--list-formats"), 0);
	ck_assert_int_eq(run("--help-format good"), 0);
	ck_assert_int_eq(run("--help-format nosuch"), 2);
	ck_assert_int_eq(run("--frobnicate"), 2);
	snprintf(args, sizeof args, "--to nosuch %s/ok.xml", dir);
	ck_assert_int_eq(run(args), 2);
	snprintf(args, sizeof args, "--to good --param colour=red %s/ok.xml", dir);
	ck_assert_int_eq(run(args), 2);
	snprintf(args, sizeof args, "--validate %s/ok.xml", dir);
	ck_assert_int_eq(run(args), 0);
	snprintf(args, sizeof args, "--validate %s/bad.xml", dir);
	ck_assert_int_eq(run(args), 1);
	snprintf(args, sizeof args, "--to good -o %s/ %s/ok.xml", dir, dir);
	ck_assert_int_eq(run(args), 0);
	ck_assert(tu_exists(dir, "ok.good"));
	snprintf(args, sizeof args, "--to good -o %s/ %s/bad.xml", dir, dir);
	ck_assert_int_eq(run(args), 1);
	ck_assert(!tu_exists(dir, "bad.good"));
	snprintf(args, sizeof args, "--to good --param greeting=fail -o %s/failed.good %s/ok.xml", dir, dir);
	ck_assert_int_eq(run(args), 1);
	ck_assert_int_eq(tu_count_entries(dir), 3); /* ok.xml bad.xml ok.good */
	tu_rm_rf(dir);
}
END_TEST

static Suite *cli_suite(void)
{
	Suite *s = suite_create("cli");
	TCase *tc = tcase_create("parse");
	tcase_add_test(tc, to_output_params_and_inputs);
	tcase_add_test(tc, equals_and_attached_forms);
	tcase_add_test(tc, usage_errors_say_what_is_wrong);
	tcase_add_test(tc, batch_options);
	tcase_add_test(tc, nearest_word_for_did_you_mean);
	suite_add_tcase(s, tc);
	tc = tcase_create("run");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, exit_status_0_1_2);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(cli_suite());
}
