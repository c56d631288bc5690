/*
 * check_core_pagemap.c: one plugin asks another, through the core, where
 * the pages of its article begin (cv_job_page_map), without linking it:
 * the answer is the paged plugin's, made with the run's parameter values
 * as that plugin sees them, on a job that writes nothing.
 */
#include "testutil.h"
#include "internal.h"
#include "fixture_article.h"

static struct fixture_article fx;

static void setup(void)
{
	fixture_article_setup(&fx, "<article version=\"1.0\" xml:lang=\"en\"><meta><title>T</title></meta>"
	                      "<body><p>one two</p><p>three four</p></body></article>");
}

static void teardown(void)
{
	fixture_article_teardown(&fx);
}

/* The text of the nth <p> of the article. */
static const xmlNode *nth_p_text(const xmlDoc *tree, int n)
{
	xmlNode *body = xmlDocGetRootElement(tree)->children->next;
	for (xmlNode *p = body->children; p; p = p->next)
		if (p->type == XML_ELEMENT_NODE && --n == 0)
			return p->children;
	return NULL;
}

/* "paged": a page per <p>, each beginning at the p's second word, labelled
 * with its "prefix" parameter; its "mode" makes the map fail, write, or
 * name an element. */
static const struct cv_param paged_params[] = {
	{"prefix", "p", "label prefix"},
	{"mode", "map", "what the page map does"},
	{NULL, NULL, NULL}
};

static int paged_convert(struct cv_job *job, struct cv_error *err)
{
	return cv_job_write(job, "x", 1, err);
}

static int paged_map(struct cv_job *job, struct cv_page_map *map, struct cv_error *err)
{
	const xmlDoc *tree = cv_document_tree(cv_job_document(job));
	const char *mode = cv_job_param(job, "mode");
	char label[32];
	if (strcmp(mode, "fail") == 0)
		return cv_error_set(err, CV_ERROR_UNSUPPORTED, NULL, 0, 0, "no pages today");
	if (strcmp(mode, "write") == 0)
		return cv_job_write(job, "x", 1, err);
	if (strcmp(mode, "element") == 0)
		return cv_page_map_add(map, xmlDocGetRootElement(tree), 0, "1", err);
	for (int i = 1; i <= 2; i++) {
		snprintf(label, sizeof label, "%s%d", cv_job_param(job, "prefix"), i);
		if (cv_page_map_add(map, nth_p_text(tree, i), i == 1 ? 4 : 6, label, err) != CV_OK)
			return CV_FAIL;
	}
	return cv_page_map_set_edition(map, "the paged edition", err);
}

static int paged_check(const struct cv_settings *settings, struct cv_error *err)
{
	if (strcmp(cv_settings_lookup(settings, "prefix"), "bad") == 0)
		return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0, "prefix must not be bad");
	return CV_OK;
}

static const struct cv_plugin paged = {CV_ABI_MAJOR, CV_ABI_MINOR, "paged", "d", "pg", "text/plain",
                                       paged_params, paged_convert, paged_check, paged_map, {0}};
static const struct cv_plugin unpaged = {CV_ABI_MAJOR, CV_ABI_MINOR, "unpaged", "d", "u", "text/plain",
                                         NULL, paged_convert, NULL, NULL, {0}};

/* "asker" asks the format its "of" parameter names and writes what it got:
 * "LABEL@OFFSET:WORD ..." then the edition, or the error. */
static const struct cv_param asker_params[] = {
	{"of", "paged", "the format asked"},
	{NULL, NULL, NULL}
};

static int asker_convert(struct cv_job *job, struct cv_error *err)
{
	struct cv_page_map *map;
	char buf[512] = "";
	size_t used = 0;
	if (cv_job_page_map(job, cv_job_param(job, "of"), &map, err) != CV_OK)
		return CV_FAIL;
	for (size_t i = 0; i < cv_page_map_count(map); i++) {
		const xmlNode *node;
		size_t offset;
		const char *label;
		ck_assert_int_eq(cv_page_map_lookup(map, i, &node, &offset, &label), CV_OK);
		used += (size_t)snprintf(buf + used, sizeof buf - used, "%s@%zu:%s ", label, offset,
		                         (const char *)node->content + offset);
	}
	const xmlNode *node;
	size_t offset;
	const char *label;
	ck_assert_int_eq(cv_page_map_lookup(map, cv_page_map_count(map), &node, &offset, &label), CV_FAIL);
	snprintf(buf + used, sizeof buf - used, "| %s", cv_page_map_edition(map));
	cv_page_map_free(map);
	return cv_job_write(job, buf, strlen(buf), err);
}

static const struct cv_plugin asker = {CV_ABI_MAJOR, CV_ABI_MINOR, "asker", "d", "txt", "text/plain",
                                       asker_params, asker_convert, NULL, NULL, {0}};

/* Runs asker with the --param values given (name, value pairs), the
 * registry holding paged and unpaged; returns what it wrote or NULL,
 * with err filled. */
static char *ask(struct cv_error *err, int n, const struct cv_param_value *values)
{
	struct cv_plugin_entry entries[] = {{.plugin = &paged}, {.plugin = &unpaged}, {.plugin = &asker}};
	struct cv_registry reg = {entries, 3};
	char target[PATH_MAX + 16];
	static char got[1024];
	snprintf(target, sizeof target, "%s/out.txt", fx.dir);
	memset(err, 0, sizeof *err);
	if (cv_job_run_result(&asker, fx.doc, NULL, &reg, values, (size_t)n, target, 1, NULL, err) != CV_OK)
		return NULL;
	FILE *f = fopen(target, "r");
	ck_assert_ptr_nonnull(f);
	size_t len = fread(got, 1, sizeof got - 1, f);
	got[len] = '\0';
	fclose(f);
	return got;
}

START_TEST(a_plugin_learns_where_another_ones_pages_begin)
{
	struct cv_error err;
	const char *got = ask(&err, 0, NULL);
	ck_assert_msg(got != NULL, "%s", err.message);
	ck_assert_str_eq(got, "p1@4:two p2@6:four | the paged edition");
}
END_TEST

START_TEST(the_paged_plugin_sees_the_runs_parameters_as_its_own)
{
	struct cv_error err;
	const struct cv_param_value values[] = {{"prefix", "page "}, {"of", "paged"}};
	const char *got = ask(&err, 2, values);
	ck_assert_msg(got != NULL, "%s", err.message);
	ck_assert_str_eq(got, "page 1@4:two page 2@6:four | the paged edition");
}
END_TEST

START_TEST(the_paged_plugins_check_refuses_its_parameters_first)
{
	struct cv_error err;
	const struct cv_param_value values[] = {{"prefix", "bad"}};
	ck_assert_ptr_null(ask(&err, 1, values));
	ck_assert_msg(strstr(err.message, "paged: prefix must not be bad") != NULL, "got \"%s\"", err.message);
}
END_TEST

START_TEST(a_failed_page_map_fails_the_asking_job_naming_the_paged_format)
{
	struct cv_error err;
	const struct cv_param_value values[] = {{"mode", "fail"}};
	char path[PATH_MAX + 16];
	ck_assert_ptr_null(ask(&err, 1, values));
	ck_assert_msg(strstr(err.message, "paged: no pages today") != NULL, "got \"%s\"", err.message);
	snprintf(path, sizeof path, "%s/out.txt", fx.dir);
	ck_assert_msg(access(path, F_OK) != 0, "the asking job left an output");
}
END_TEST

START_TEST(a_page_map_writes_nothing)
{
	struct cv_error err;
	const struct cv_param_value values[] = {{"mode", "write"}};
	ck_assert_ptr_null(ask(&err, 1, values));
	ck_assert_msg(strstr(err.message, "writes nothing") != NULL, "got \"%s\"", err.message);
}
END_TEST

START_TEST(a_format_without_pages_or_not_loaded_is_named)
{
	struct cv_error err;
	const struct cv_param_value unpaged_v[] = {{"of", "unpaged"}};
	const struct cv_param_value missing_v[] = {{"of", "nothing"}};
	ck_assert_ptr_null(ask(&err, 1, unpaged_v));
	ck_assert_msg(strstr(err.message, "format \"unpaged\" cannot tell where its pages begin") != NULL,
	              "got \"%s\"", err.message);
	ck_assert_ptr_null(ask(&err, 1, missing_v));
	ck_assert_msg(strstr(err.message, "no format \"nothing\" is loaded") != NULL, "got \"%s\"", err.message);
}
END_TEST

START_TEST(a_job_run_without_a_registry_cannot_ask)
{
	struct cv_error err;
	char target[PATH_MAX + 16];
	snprintf(target, sizeof target, "%s/out.txt", fx.dir);
	ck_assert_int_eq(cv_job_run(&asker, fx.doc, NULL, NULL, 0, target, &err), CV_FAIL);
	ck_assert_msg(strstr(err.message, "no format \"paged\" is loaded") != NULL, "got \"%s\"", err.message);
}
END_TEST

START_TEST(a_page_begins_in_a_text_node)
{
	struct cv_error err;
	const struct cv_param_value values[] = {{"mode", "element"}};
	ck_assert_ptr_null(ask(&err, 1, values));
	ck_assert_msg(strstr(err.message, "names a text node") != NULL, "got \"%s\"", err.message);
	cv_page_map_free(NULL);
	ck_assert_uint_eq(cv_page_map_count(NULL), 0);
	ck_assert_str_eq(cv_page_map_edition(NULL), "");
}
END_TEST

START_TEST(a_node_key_names_one_node)
{
	const xmlDoc *tree = cv_document_tree(fx.doc);
	char a[32], b[32], again[32];
	cv_document_node_key(nth_p_text(tree, 1), a, sizeof a);
	cv_document_node_key(nth_p_text(tree, 2), b, sizeof b);
	cv_document_node_key(nth_p_text(tree, 1), again, sizeof again);
	ck_assert_str_ne(a, b);
	ck_assert_str_eq(a, again);
}
END_TEST

static Suite *pagemap_suite(void)
{
	Suite *s = suite_create("pagemap");
	TCase *tc = tcase_create("asking");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, a_plugin_learns_where_another_ones_pages_begin);
	tcase_add_test(tc, the_paged_plugin_sees_the_runs_parameters_as_its_own);
	tcase_add_test(tc, the_paged_plugins_check_refuses_its_parameters_first);
	tcase_add_test(tc, a_failed_page_map_fails_the_asking_job_naming_the_paged_format);
	tcase_add_test(tc, a_page_map_writes_nothing);
	tcase_add_test(tc, a_format_without_pages_or_not_loaded_is_named);
	tcase_add_test(tc, a_job_run_without_a_registry_cannot_ask);
	suite_add_tcase(s, tc);
	tc = tcase_create("map");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, a_page_begins_in_a_text_node);
	tcase_add_test(tc, a_node_key_names_one_node);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(pagemap_suite());
}
