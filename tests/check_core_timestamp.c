/*
 * check_core_timestamp.c: the time a job stamps into its output comes from
 * SOURCE_DATE_EPOCH, else the article's date, else 1980-01-01, never from
 * the clock.
 */
#include "testutil.h"
#include "job.h"

static char dir[PATH_MAX];
static struct cv_schema *schema;
/* Named fields: the descriptor grows at its end. */
static const struct cv_plugin plugin = {.abi_major = CV_ABI_MAJOR, .abi_minor = CV_ABI_MINOR,
                                        .name = "test", .extension = "t"};

#define ARTICLE(meta) "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
	"<article version=\"1.0\" xml:lang=\"en\"><meta><title>T</title>" meta "</meta>" \
	"<body><p>x</p></body></article>\n"

static void setup(void)
{
	struct cv_error err;
	const char *const allowed[] = {TEST_SOURCE_DIR "/stylesheets", TEST_SOURCE_DIR "/schema", NULL};
	cv_entity_policy_install(allowed);
	tu_mkdtemp(dir, sizeof dir);
	ck_assert_msg(cv_schema_new(TEST_SOURCE_DIR "/schema", &schema, &err) == CV_OK, "%s", err.message);
	unsetenv("SOURCE_DATE_EPOCH");
}

static void teardown(void)
{
	cv_schema_free(schema);
	tu_rm_rf(dir);
	unsetenv("SOURCE_DATE_EPOCH");
}

/* The timestamp of a job on an article with meta, and what it returned. */
static time_t stamp(const char *meta_xml, int *from_env)
{
	char path[PATH_MAX];
	char text[1024];
	struct cv_document *doc;
	struct cv_report rep;
	struct cv_job job;
	time_t t = -1;

	snprintf(text, sizeof text, ARTICLE("%s"), meta_xml);
	tu_write_str(dir, "a.xml", text);
	snprintf(path, sizeof path, "%s/a.xml", dir);
	cv_report_init(&rep);
	ck_assert_msg(cv_document_load(path, schema, &doc, &rep) == CV_OK, "%s",
	              rep.count ? rep.items[0].message : "?");
	memset(&job, 0, sizeof job);
	job.plugin = &plugin;
	job.doc = doc;
	*from_env = cv_job_timestamp(&job, &t);
	cv_document_free(doc);
	cv_report_clear(&rep);
	return t;
}

START_TEST(source_date_epoch_comes_first)
{
	int from_env;
	setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
	ck_assert_int_eq(stamp("<date>2024-03-15</date>", &from_env), 1700000000);
	ck_assert_int_eq(from_env, 1);
}
END_TEST

START_TEST(the_article_date_at_midnight_utc_without_source_date_epoch)
{
	int from_env;
	setenv("TZ", "Asia/Tehran", 1);
	tzset();
	/* 2024-03-15T00:00:00Z */
	ck_assert_int_eq(stamp("<date>2024-03-15</date>", &from_env), 1710460800);
	ck_assert_int_eq(from_env, 0);
	unsetenv("TZ");
	tzset();
}
END_TEST

START_TEST(an_article_without_a_date_gets_1980_01_01)
{
	int from_env;
	ck_assert_int_eq(stamp("", &from_env), 315532800);
	ck_assert_int_eq(from_env, 0);
}
END_TEST

START_TEST(a_malformed_or_empty_source_date_epoch_is_ignored)
{
	const char *bad[] = {"", "-1", "17e8", "1700000000 ", "0x10", "253402300800",
	                     "99999999999999999999999"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		int from_env;
		setenv("SOURCE_DATE_EPOCH", bad[i], 1);
		time_t t = stamp("<date>2024-03-15</date>", &from_env);
		ck_assert_msg(t == 1710460800 && from_env == 0,
		              "SOURCE_DATE_EPOCH=\"%s\": got %lld (from the environment: %d), "
		              "expected the article's date 1710460800", bad[i], (long long)t, from_env);
	}
}
END_TEST

START_TEST(source_date_epoch_zero_and_year_9999_are_valid)
{
	int from_env;
	setenv("SOURCE_DATE_EPOCH", "0", 1);
	ck_assert_int_eq(stamp("", &from_env), 0);
	ck_assert_int_eq(from_env, 1);
	setenv("SOURCE_DATE_EPOCH", "253402300799", 1);
	ck_assert_int_eq(stamp("", &from_env), 253402300799LL);
	ck_assert_int_eq(from_env, 1);
}
END_TEST

static Suite *timestamp_suite(void)
{
	Suite *s = suite_create("timestamp");
	TCase *tc = tcase_create("timestamp");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, source_date_epoch_comes_first);
	tcase_add_test(tc, the_article_date_at_midnight_utc_without_source_date_epoch);
	tcase_add_test(tc, an_article_without_a_date_gets_1980_01_01);
	tcase_add_test(tc, a_malformed_or_empty_source_date_epoch_is_ignored);
	tcase_add_test(tc, source_date_epoch_zero_and_year_9999_are_valid);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(timestamp_suite());
}
