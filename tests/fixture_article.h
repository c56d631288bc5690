/*
 * fixture_article.h: a Check fixture for the core suites that need one
 * article loaded: fixture_article_setup writes text as a.xml in a new
 * folder and loads it against the schema; fixture_article_teardown frees
 * both and removes the folder. Include after testutil.h and internal.h.
 */
#ifndef CV_FIXTURE_ARTICLE_H
#define CV_FIXTURE_ARTICLE_H

struct fixture_article {
	char dir[PATH_MAX];
	char path[PATH_MAX + 16];
	struct cv_schema *schema;
	struct cv_document *doc;
};

static inline void fixture_article_setup(struct fixture_article *f, const char *text)
{
	struct cv_error err;
	struct cv_report rep;

	tu_mkdtemp(f->dir, sizeof f->dir);
	tu_write_str(f->dir, "a.xml", text);
	snprintf(f->path, sizeof f->path, "%s/a.xml", f->dir);
	ck_assert_msg(cv_schema_new(TEST_SOURCE_DIR "/schema", &f->schema, &err) == CV_OK, "%s",
	              err.message);
	cv_report_init(&rep);
	ck_assert_int_eq(cv_document_load(f->path, f->schema, &f->doc, &rep), CV_OK);
	cv_report_clear(&rep);
}

static inline void fixture_article_teardown(struct fixture_article *f)
{
	cv_document_free(f->doc);
	cv_schema_free(f->schema);
	tu_rm_rf(f->dir);
}

#endif
