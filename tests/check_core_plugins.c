/*
 * check_core_plugins.c: the plugin registry loads good plugins and skips
 * bad ones with a warning that names the file; a plugin's own folder is
 * found beside it; parameter values are checked once, through the
 * plugin's check function, and refusals name the format.
 */
#include "testutil.h"
#include "internal.h"

#define TPLUG TEST_BUILD_DIR "/tests/plugins"

static char warnings[8192];

/* A scratch folder holding a copy of good.so as name (a different file,
 * so the dynamic loader maps it apart from the original). */
static void copy_good(char *dir, size_t size, const char *name)
{
	char cmd[3 * PATH_MAX];
	tu_mkdtemp(dir, size);
	snprintf(cmd, sizeof cmd, "cp '%s/good.so' '%s/%s'", TPLUG, dir, name);
	ck_assert_int_eq(system(cmd), 0);
}

/* Loads dirs, capturing the warnings printed. */
static void load(struct cv_registry *reg, const char *dirs)
{
	FILE *w = fmemopen(warnings, sizeof warnings - 1, "w");
	memset(warnings, 0, sizeof warnings);
	ck_assert_ptr_nonnull(w);
	memset(reg, 0, sizeof *reg);
	cv_registry_load(reg, dirs, w);
	fclose(w);
}

START_TEST(a_good_plugin_is_loaded_with_its_path)
{
	struct cv_registry reg;
	load(&reg, TPLUG);
	const struct cv_plugin_entry *e = cv_registry_lookup(&reg, "good");
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(e->plugin->extension, "good");
	ck_assert_str_eq(e->plugin->params[0].name, "greeting");
	ck_assert_str_eq(e->path, TPLUG "/good.so");
	cv_registry_free(&reg);
}
END_TEST

START_TEST(a_wrong_abi_is_skipped_with_a_warning_naming_it)
{
	struct cv_registry reg;
	load(&reg, TPLUG);
	ck_assert_ptr_null(cv_registry_lookup(&reg, "wrongabi"));
	char want[256];
	snprintf(want, sizeof want, TPLUG "/wrongabi.so: plugin ABI 2.0 is not this convert's ABI %d.%d",
	         CV_ABI_MAJOR, CV_ABI_MINOR);
	ck_assert_msg(strstr(warnings, want) != NULL, "warnings were: %s", warnings);
	cv_registry_free(&reg);
}
END_TEST

START_TEST(a_missing_descriptor_is_skipped_with_a_warning_naming_it)
{
	struct cv_registry reg;
	load(&reg, TPLUG);
	ck_assert_msg(strstr(warnings, TPLUG "/nodescriptor.so: no entry point [cv_plugin_descriptor]") != NULL,
	              "warnings were: %s", warnings);
	ck_assert_uint_eq(reg.count, 1);
	cv_registry_free(&reg);
}
END_TEST

START_TEST(relative_folders_are_never_searched)
{
	struct cv_registry reg;
	ck_assert_int_eq(chdir(TEST_BUILD_DIR "/tests"), 0);
	load(&reg, "plugins::.");
	ck_assert_uint_eq(reg.count, 0);
	ck_assert_msg(strstr(warnings, "\"plugins\" is not absolute") != NULL, "warnings were: %s", warnings);
	cv_registry_free(&reg);
}
END_TEST

/* Two folders each with a plugin named "good", under different file
 * names (so that neither the file name nor the scan order within a
 * folder decides): whichever folder comes first in the list wins, and
 * the warning names the loser and the winner. */
START_TEST(the_first_folder_wins_a_duplicate_name)
{
	struct cv_registry reg;
	char other[PATH_MAX], dirs[2 * PATH_MAX + 2], want[3 * PATH_MAX];

	copy_good(other, sizeof other, "a-copy.so");
	snprintf(dirs, sizeof dirs, "%s:%s", other, TPLUG);
	load(&reg, dirs);
	const struct cv_plugin_entry *e = cv_registry_lookup(&reg, "good");
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(e->path, strcat(strcpy(want, other), "/a-copy.so"));
	snprintf(want, sizeof want, TPLUG "/good.so: format \"good\" is already provided by %s/a-copy.so; skipped",
	         other);
	ck_assert_msg(strstr(warnings, want) != NULL, "warnings were: %s", warnings);
	cv_registry_free(&reg);

	snprintf(dirs, sizeof dirs, "%s:%s", TPLUG, other);
	load(&reg, dirs);
	e = cv_registry_lookup(&reg, "good");
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(e->path, TPLUG "/good.so");
	snprintf(want, sizeof want, "%s/a-copy.so: format \"good\" is already provided by " TPLUG "/good.so; skipped",
	         other);
	ck_assert_msg(strstr(warnings, want) != NULL, "warnings were: %s", warnings);
	cv_registry_free(&reg);
	tu_rm_rf(other);
}
END_TEST

/* txt.so and txt/ beside it: the folder is the plugin's, found from the
 * registry entry and from the descriptor alone (as a job finds it). */
START_TEST(a_folder_named_like_the_plugin_is_its_own)
{
	struct cv_registry reg;
	char dir[PATH_MAX], sub[PATH_MAX + 8], real[PATH_MAX], found[PATH_MAX];

	copy_good(dir, sizeof dir, "txt.so");
	load(&reg, dir);
	const struct cv_plugin_entry *e = cv_registry_lookup(&reg, "good");
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(e->folder, "");
	ck_assert_int_eq(cv_plugin_folder(e->plugin, found, sizeof found), CV_FAIL);
	cv_registry_free(&reg);

	snprintf(sub, sizeof sub, "%s/txt", dir);
	ck_assert_int_eq(mkdir(sub, 0755), 0);
	ck_assert_ptr_nonnull(realpath(sub, real));
	load(&reg, dir);
	e = cv_registry_lookup(&reg, "good");
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(e->folder, real);
	ck_assert_int_eq(cv_plugin_folder(e->plugin, found, sizeof found), CV_OK);
	ck_assert_str_eq(found, real);
	cv_registry_free(&reg);
	tu_rm_rf(dir);
}
END_TEST

/* A descriptor in the test binary itself is in no *.so: no folder. */
START_TEST(a_plugin_outside_a_shared_object_has_no_folder)
{
	static const struct cv_plugin p = {CV_ABI_MAJOR, CV_ABI_MINOR, "x", "d", "x", "t", NULL, NULL, NULL, NULL, {0}};
	char found[PATH_MAX];
	ck_assert_int_eq(cv_plugin_folder(&p, found, sizeof found), CV_FAIL);
}
END_TEST

START_TEST(descriptor_checks)
{
	struct cv_error err;
	struct cv_plugin p = {CV_ABI_MAJOR, CV_ABI_MINOR + 1, "x", "d", "x", "t", NULL, NULL, NULL, NULL, {0}};
	ck_assert_int_eq(cv_plugin_check(&p, "/p/x.so", &err), CV_FAIL);
	ck_assert_msg(strstr(err.message, "upgrade convert") != NULL, "got %s", err.message);
	ck_assert_str_eq(err.file, "/p/x.so");
	p.abi_minor = CV_ABI_MINOR;
	ck_assert_int_eq(cv_plugin_check(&p, "/p/x.so", &err), CV_FAIL);
	ck_assert_msg(strstr(err.message, "no convert function") != NULL, "got %s", err.message);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Settings                                                            */

static const struct cv_param test_params[] = {
	{"colour", "red", "a colour"},
	{"size", NULL, "no default"},
	{NULL, NULL, NULL}
};

static int test_convert(struct cv_job *job, struct cv_error *err)
{
	(void)job;
	(void)err;
	return CV_OK;
}

static int test_checks;

static int test_check_refuses_blue(const struct cv_settings *s, struct cv_error *err)
{
	const char *colour = cv_settings_lookup(s, "colour");
	test_checks++;
	if (strcmp(colour, "blue") == 0)
		return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0, "colour must not be \"%s\"", colour);
	return CV_OK;
}

/* As plugins wrote messages before ABI 1.2: with their own name. */
static int test_check_names_itself(const struct cv_settings *s, struct cv_error *err)
{
	(void)s;
	test_checks++;
	return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0, "old: refused");
}

/* Runs cv_plugins_check_settings, capturing what it prints. */
static int check_settings(const struct cv_plugin *const *plugins, size_t n,
                          const struct cv_param_value *values, size_t nvalues)
{
	FILE *w = fmemopen(warnings, sizeof warnings - 1, "w");
	memset(warnings, 0, sizeof warnings);
	ck_assert_ptr_nonnull(w);
	int status = cv_plugins_check_settings(plugins, n, values, nvalues, w);
	fclose(w);
	return status;
}

START_TEST(settings_give_the_last_value_or_the_default)
{
	static const struct cv_plugin p = {CV_ABI_MAJOR, CV_ABI_MINOR, "t", "d", "t", "t", test_params,
	                                   test_convert, NULL, NULL, {0}};
	const struct cv_param_value values[] = {{"colour", "green"}, {"other", "x"}, {"colour", "blue"}};
	struct cv_settings s = {&p, values, 3};
	ck_assert_str_eq(cv_settings_lookup(&s, "colour"), "blue");
	ck_assert_str_eq(cv_settings_lookup(&s, "size"), "");
	ck_assert_ptr_null(cv_settings_lookup(&s, "other"));
	s.nvalues = 0;
	ck_assert_str_eq(cv_settings_lookup(&s, "colour"), "red");
}
END_TEST

START_TEST(a_refused_value_is_reported_once_naming_the_format)
{
	static const struct cv_plugin p = {CV_ABI_MAJOR, 2, "tint", "d", "t", "t", test_params,
	                                   test_convert, test_check_refuses_blue, NULL, {0}};
	const struct cv_plugin *plugins[] = {&p};
	const struct cv_param_value blue[] = {{"colour", "blue"}};
	test_checks = 0;
	ck_assert_int_eq(check_settings(plugins, 1, blue, 1), CV_FAIL);
	ck_assert_int_eq(test_checks, 1);
	ck_assert_str_eq(warnings, "convert: tint: colour must not be \"blue\"\n");
	ck_assert_int_eq(check_settings(plugins, 1, NULL, 0), CV_OK);
	ck_assert_str_eq(warnings, "");
}
END_TEST

START_TEST(a_message_that_names_its_format_is_not_named_twice)
{
	static const struct cv_plugin p = {CV_ABI_MAJOR, 2, "old", "d", "t", "t", test_params,
	                                   test_convert, test_check_names_itself, NULL, {0}};
	const struct cv_plugin *plugins[] = {&p};
	ck_assert_int_eq(check_settings(plugins, 1, NULL, 0), CV_FAIL);
	ck_assert_str_eq(warnings, "convert: old: refused\n");
}
END_TEST

/* Before ABI 1.2 the check slot was a reserved one: never called. */
START_TEST(a_plugin_for_an_older_minor_has_no_check)
{
	static const struct cv_plugin p = {CV_ABI_MAJOR, 1, "tint", "d", "t", "t", test_params,
	                                   test_convert, test_check_refuses_blue, NULL, {0}};
	const struct cv_plugin *plugins[] = {&p};
	const struct cv_param_value blue[] = {{"colour", "blue"}};
	test_checks = 0;
	ck_assert_int_eq(check_settings(plugins, 1, blue, 1), CV_OK);
	ck_assert_int_eq(test_checks, 0);
}
END_TEST

START_TEST(the_format_name_goes_before_the_message_once)
{
	struct cv_error err;
	cv_error_set(&err, CV_ERROR_ARGUMENT, NULL, 0, 0, "bad");
	cv_error_name_format(&err, "txt");
	ck_assert_str_eq(err.message, "txt: bad");
	cv_error_name_format(&err, "txt");
	ck_assert_str_eq(err.message, "txt: bad");
	cv_error_set(&err, CV_ERROR_ARGUMENT, NULL, 0, 0, "txtx: bad");
	cv_error_name_format(&err, "txt");
	ck_assert_str_eq(err.message, "txt: txtx: bad");
	memset(err.message, 'a', sizeof err.message - 1);
	err.message[sizeof err.message - 1] = '\0';
	cv_error_name_format(&err, "txt");
	ck_assert_uint_eq(strlen(err.message), sizeof err.message - 1);
	ck_assert(strncmp(err.message, "txt: aaa", 8) == 0);
}
END_TEST

static Suite *plugins_suite(void)
{
	Suite *s = suite_create("plugins");
	TCase *tc = tcase_create("registry");
	tcase_add_test(tc, a_good_plugin_is_loaded_with_its_path);
	tcase_add_test(tc, a_wrong_abi_is_skipped_with_a_warning_naming_it);
	tcase_add_test(tc, a_missing_descriptor_is_skipped_with_a_warning_naming_it);
	tcase_add_test(tc, relative_folders_are_never_searched);
	tcase_add_test(tc, the_first_folder_wins_a_duplicate_name);
	tcase_add_test(tc, descriptor_checks);
	tcase_add_test(tc, a_folder_named_like_the_plugin_is_its_own);
	tcase_add_test(tc, a_plugin_outside_a_shared_object_has_no_folder);
	suite_add_tcase(s, tc);
	tc = tcase_create("settings");
	tcase_add_test(tc, settings_give_the_last_value_or_the_default);
	tcase_add_test(tc, a_refused_value_is_reported_once_naming_the_format);
	tcase_add_test(tc, a_message_that_names_its_format_is_not_named_twice);
	tcase_add_test(tc, a_plugin_for_an_older_minor_has_no_check);
	tcase_add_test(tc, the_format_name_goes_before_the_message_once);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(plugins_suite());
}
