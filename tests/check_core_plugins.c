/*
 * check_core_plugins.c: the plugin registry loads good plugins and skips
 * bad ones with a warning that names the file.
 */
#include "testutil.h"
#include "internal.h"

#define TPLUG TEST_BUILD_DIR "/tests/plugins"

static char warnings[8192];

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
	ck_assert_msg(strstr(warnings, TPLUG "/wrongabi.so: plugin ABI 2.0 is not this convert's ABI 1.2") != NULL,
	              "warnings were: %s", warnings);
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

START_TEST(the_first_folder_wins_a_duplicate_name)
{
	struct cv_registry reg;
	load(&reg, TPLUG ":" TPLUG);
	ck_assert_uint_eq(reg.count, 1);
	ck_assert_msg(strstr(warnings, "already provided") != NULL, "warnings were: %s", warnings);
	cv_registry_free(&reg);
}
END_TEST

START_TEST(descriptor_checks)
{
	struct cv_error err;
	struct cv_plugin p = {CV_ABI_MAJOR, CV_ABI_MINOR + 1, "x", "d", "x", "t", NULL, NULL, {0}};
	ck_assert_int_eq(cv_plugin_check(&p, "/p/x.so", &err), CV_FAIL);
	ck_assert_msg(strstr(err.message, "upgrade convert") != NULL, "got %s", err.message);
	ck_assert_str_eq(err.file, "/p/x.so");
	p.abi_minor = CV_ABI_MINOR;
	ck_assert_int_eq(cv_plugin_check(&p, "/p/x.so", &err), CV_FAIL);
	ck_assert_msg(strstr(err.message, "no convert function") != NULL, "got %s", err.message);
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
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(plugins_suite());
}
