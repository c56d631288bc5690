/*
 * check_core_document.c: loading an article: what is accepted, what is
 * rejected, and that every rejection names file, line and column.
 */
#include "testutil.h"
#include "internal.h"

static char dir[PATH_MAX];
static struct cv_schema *schema;

#define GOOD_HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
#define ARTICLE(lang, body) GOOD_HEAD "<article version=\"1.0\" xml:lang=\"" lang "\">\n" \
	"<meta><title>T</title></meta>\n<body>\n" body "\n</body>\n</article>\n"

static void setup(void)
{
	struct cv_error err;
	const char *const allowed[] = {TEST_SOURCE_DIR "/stylesheets", TEST_SOURCE_DIR "/schema", NULL};
	cv_entity_policy_install(allowed);
	tu_mkdtemp(dir, sizeof dir);
	ck_assert_msg(cv_schema_new(TEST_SOURCE_DIR "/schema", &schema, &err) == CV_OK, "%s", err.message);
}

static void teardown(void)
{
	cv_schema_free(schema);
	tu_rm_rf(dir);
}

/* Loads text as NAME; returns the report (caller clears) and the document. */
static int load_text(const char *name, const char *text, struct cv_document **doc, struct cv_report *rep)
{
	char path[PATH_MAX];
	tu_write_str(dir, name, text);
	snprintf(path, sizeof path, "%s/%s", dir, name);
	cv_report_init(rep);
	return cv_document_load(path, schema, doc, rep);
}

/* Asserts a rejection whose first message contains want, at line. */
static void assert_rejected(const char *text, int line, const char *want)
{
	struct cv_document *doc = NULL;
	struct cv_report rep;
	int rc = load_text("bad.xml", text, &doc, &rep);

	ck_assert_int_eq(rc, CV_FAIL);
	ck_assert_ptr_null(doc);
	ck_assert_uint_ge(rep.count, 1);
	ck_assert_msg(strstr(rep.items[0].message, want) != NULL,
	              "got message \"%s\", expected it to contain \"%s\"", rep.items[0].message, want);
	ck_assert_msg(strstr(rep.items[0].file, "bad.xml") != NULL, "message names %s, not the file", rep.items[0].file);
	if (line > 0) {
		ck_assert_int_eq(rep.items[0].line, line);
		ck_assert_int_gt(rep.items[0].column, 0);
	}
	cv_report_clear(&rep);
}

START_TEST(a_minimal_article_loads)
{
	struct cv_document *doc;
	struct cv_report rep;
	ck_assert_int_eq(load_text("ok.xml", ARTICLE("en", "<p>Hello</p>"), &doc, &rep), CV_OK);
	ck_assert_uint_eq(rep.count, 0);
	ck_assert_str_eq(cv_document_lang(doc, NULL), "en");
	ck_assert_int_eq(cv_document_direction(doc, NULL), CV_DIR_LTR);
	ck_assert_str_eq(cv_document_folder(doc), dir);
	cv_document_free(doc);
	cv_report_clear(&rep);
}
END_TEST

START_TEST(every_sample_loads)
{
	const char *samples[] = {"qatar-cybercrime-convention.ar.xml", "features.en.xml", "mixed-content.ar.xml"};
	for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
		char path[PATH_MAX];
		struct cv_document *doc;
		struct cv_report rep;
		snprintf(path, sizeof path, "%s/samples/%s", TEST_SOURCE_DIR, samples[i]);
		cv_report_init(&rep);
		int rc = cv_document_load(path, schema, &doc, &rep);
		ck_assert_msg(rc == CV_OK, "%s rejected: %s", samples[i], rep.count ? rep.items[0].message : "?");
		cv_document_free(doc);
		cv_report_clear(&rep);
	}
}
END_TEST

START_TEST(direction_follows_dir_then_nearest_lang)
{
	struct cv_document *doc;
	struct cv_report rep;
	const char *text = ARTICLE("ar",
		"<p>عربي <span xml:lang=\"en\">English</span> <span dir=\"ltr\">x</span></p>\n"
		"<p xml:lang=\"fa-IR\">فارسی</p><p xml:lang=\"az-Arab\">x</p><p xml:lang=\"en-US\">e</p>\n"
		"<p dir=\"auto\">Latin first عربي</p><p dir=\"auto\" xml:lang=\"en\">١٢ عربي</p>");
	ck_assert_int_eq(load_text("dir.xml", text, &doc, &rep), CV_OK);
	xmlNodePtr body = xmlDocGetRootElement(cv_document_tree(doc))->children;
	while (body && (body->type != XML_ELEMENT_NODE || strcmp((char *)body->name, "body")))
		body = body->next;
	ck_assert_ptr_nonnull(body);
	enum cv_direction want[] = {CV_DIR_RTL, CV_DIR_RTL, CV_DIR_RTL, CV_DIR_LTR, CV_DIR_LTR, CV_DIR_RTL};
	size_t i = 0;
	for (xmlNodePtr p = body->children; p; p = p->next) {
		if (p->type != XML_ELEMENT_NODE)
			continue;
		ck_assert_msg(cv_document_direction(doc, p) == want[i], "paragraph %zu: got %d, expected %d", i,
		              cv_document_direction(doc, p), want[i]);
		if (i == 0) {
			xmlNodePtr span = p->children->next;
			ck_assert_int_eq(cv_document_direction(doc, span), CV_DIR_LTR);
			ck_assert_str_eq(cv_document_lang(doc, span), "en");
			ck_assert_int_eq(cv_document_direction(doc, span->next->next), CV_DIR_LTR);
			ck_assert_str_eq(cv_document_lang(doc, span->next->next), "ar");
		}
		i++;
	}
	ck_assert_uint_eq(i, 6);
	cv_document_free(doc);
	cv_report_clear(&rep);
}
END_TEST

START_TEST(rtl_languages_are_the_specs)
{
	const char *rtl[] = {"ar", "ar-QA", "fa", "ur", "ps", "sd", "ug", "yi", "he", "he-IL", "dv", "ckb", "syr",
	                     "pa-Arab", "az-Arab-IR", "lad-Hebr", "AR"};
	const char *ltr[] = {"en", "fr", "arn", "ha", "tr", "sr-Latn", "heb", "", "und"};
	for (size_t i = 0; i < sizeof rtl / sizeof rtl[0]; i++)
		ck_assert_msg(cv_lang_is_rtl(rtl[i]), "%s should be right-to-left", rtl[i]);
	for (size_t i = 0; i < sizeof ltr / sizeof ltr[0]; i++)
		ck_assert_msg(!cv_lang_is_rtl(ltr[i]), "%s should be left-to-right", ltr[i]);
}
END_TEST

START_TEST(not_well_formed_names_line_and_column)
{
	assert_rejected(GOOD_HEAD "<article version=\"1.0\" xml:lang=\"en\">\n<meta><title>T</title></meta>\n<body><p>x</b></body></article>\n",
	                4, "mismatch");
}
END_TEST

START_TEST(encoding_and_depth_errors_read_plainly)
{
	char deep[4096] = GOOD_HEAD "<article version=\"1.0\" xml:lang=\"en\"><meta><title>T</title></meta><body>\n";
	assert_rejected(GOOD_HEAD "<article version=\"1.0\" xml:lang=\"en\">\n<meta><title>\xff\xfe</title></meta></article>",
	                3, "not valid UTF-8");
	for (int i = 0; i < 300; i++)
		strcat(deep, "<quote>");
	assert_rejected(deep, 3, "deeper than the limit of 256");
}
END_TEST

/* An article is UTF-8 whatever its declaration says: bytes of another
 * encoding get the UTF-8 message with their line (found by fuzz-load:
 * decoding EUC-JP printed libxml2's bare "encoding error" lines). */
START_TEST(declared_encodings_are_read_as_utf8)
{
	assert_rejected("<?xml version=\"1.0\" encoding=\"EUC-JP\"?>\n<article version=\"1.0\" xml:lang=\"ja\">\n"
	                "<meta><title>\xe0\xdf\xc3\x92</title></meta></article>",
	                3, "not valid UTF-8");
	assert_rejected("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<article version=\"1.0\" xml:lang=\"fr\">\n"
	                "<meta><title>caf\xe9</title></meta></article>",
	                3, "not valid UTF-8");
}
END_TEST

/* Nor do the first bytes choose another encoding: a '<' and three zeros
 * made libxml2 guess UCS-4 and print "input conversion failed" bare
 * (found by fuzz-html); a byte order mark of UTF-16 is named. */
START_TEST(first_bytes_do_not_choose_an_encoding)
{
	static const char ucs4[] = "<\0\0\0xml version=\"1.0\"?>\n<article/>";
	static const char utf16[] = "\xff\xfe<\0a\0/\0>\0";
	const struct { const char *bytes; size_t len; const char *want; } cases[] = {
		{ ucs4, sizeof ucs4 - 1, "" }, { utf16, sizeof utf16 - 1, "UTF-16" },
	};
	char path[PATH_MAX];

	snprintf(path, sizeof path, "%s/bad.xml", dir);
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct cv_document *doc = NULL;
		struct cv_report rep;
		tu_write(dir, "bad.xml", cases[i].bytes, cases[i].len);
		cv_report_init(&rep);
		ck_assert_int_eq(cv_document_load(path, schema, &doc, &rep), CV_FAIL);
		ck_assert_uint_ge(rep.count, 1);
		ck_assert_int_eq(rep.items[0].line, 1);
		ck_assert_msg(strstr(rep.items[0].message, cases[i].want) != NULL, "got \"%s\", expected \"%s\"",
		              rep.items[0].message, cases[i].want);
		cv_report_clear(&rep);
	}
}
END_TEST

START_TEST(entity_declarations_are_refused)
{
	assert_rejected(GOOD_HEAD "<!DOCTYPE article [\n<!ENTITY a \"aaaa\">\n]>\n<article/>", 3, "entity");
	assert_rejected(GOOD_HEAD "<!DOCTYPE article [\n<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;\n]>\n<article/>", 3,
	                "entity");
}
END_TEST

START_TEST(external_dtd_is_refused)
{
	assert_rejected(GOOD_HEAD "<!DOCTYPE article SYSTEM \"http://example.invalid/a.dtd\">\n<article/>", 2,
	                "external DTD");
}
END_TEST

START_TEST(gzip_and_empty_files_are_refused)
{
	assert_rejected("\x1f\x8b\x08\x00\x00\x00", 0, "gzip");
	assert_rejected("", 0, "empty");
}
END_TEST

START_TEST(wrong_root_version_and_language)
{
	assert_rejected(GOOD_HEAD "<html/>", 2, "expected <article>");
	assert_rejected(GOOD_HEAD "<article version=\"2.0\" xml:lang=\"en\"><meta><title>T</title></meta><body/></article>", 2,
	                "version \"2.0\"");
	assert_rejected(GOOD_HEAD "<article version=\"1.0\"><meta><title>T</title></meta><body/></article>", 2, "xml:lang");
}
END_TEST

START_TEST(schema_errors_point_at_the_element)
{
	assert_rejected(ARTICLE("en", "<p>ok</p>\n  <blink>no</blink>"), 6, "blink");
}
END_TEST

START_TEST(duplicate_ids_and_dangling_refs)
{
	assert_rejected(ARTICLE("en", "<p id=\"x\">a</p>\n<p id=\"x\">b</p>"), 6, "duplicate id \"x\"");
	assert_rejected(ARTICLE("en", "<p>see <ref target=\"nowhere\"/></p>"), 5, "points at no id");
	assert_rejected(ARTICLE("en", "<p id=\"para\">x</p><p>see <ref target=\"para\"/></p>"), 5, "points at a <p>");
}
END_TEST

START_TEST(every_problem_is_reported)
{
	struct cv_document *doc;
	struct cv_report rep;
	ck_assert_int_eq(load_text("many.xml", ARTICLE("en", "<p id=\"x\">a</p>\n<p id=\"x\">b <ref target=\"q\"/></p>"), &doc, &rep),
	                 CV_FAIL);
	ck_assert_uint_eq(rep.count, 2);
	cv_report_clear(&rep);
}
END_TEST

static const unsigned char png_1x1[] = {
	0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
	0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
	0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0,
	0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99, 0x3d, 0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
	0x4e, 0x44, 0xae, 0x42, 0x60, 0x82
};

START_TEST(images_resolve_inside_the_folder)
{
	struct cv_document *doc;
	struct cv_report rep;
	char sub[PATH_MAX];
	snprintf(sub, sizeof sub, "%s/img", dir);
	mkdir(sub, 0755);
	tu_write(sub, "dot.png", png_1x1, sizeof png_1x1);
	ck_assert_int_eq(load_text("img.xml", ARTICLE("en", "<figure><image src=\"img/./dot%2Epng\" alt=\"a dot\"/></figure>"),
	                           &doc, &rep), CV_OK);
	const struct cv_resource *res = cv_document_lookup_resource(doc, "img/./dot%2Epng");
	ck_assert_ptr_nonnull(res);
	ck_assert_str_eq(cv_resource_media_type(res), "image/png");
	ck_assert_str_eq(cv_resource_name(res), "img/dot.png");
	ck_assert_int_eq(cv_resource_width(res), 1);
	ck_assert_uint_eq(cv_resource_size(res), sizeof png_1x1);
	ck_assert_ptr_null(cv_document_lookup_resource(doc, "other.png"));
	cv_document_free(doc);
	cv_report_clear(&rep);
}
END_TEST

START_TEST(unsafe_images_are_refused)
{
	char link[PATH_MAX];
	tu_write(dir, "ok.png", png_1x1, sizeof png_1x1);
	tu_write(dir, "cut.png", png_1x1, sizeof png_1x1 - 20);
	unsigned char huge[sizeof png_1x1];
	memcpy(huge, png_1x1, sizeof huge);
	huge[18] = 0x4e; huge[19] = 0x20; huge[22] = 0x4e; huge[23] = 0x20; /* 20000 x 20000 */
	tu_write(dir, "huge.png", huge, sizeof huge);
	snprintf(link, sizeof link, "%s/link.png", dir);
	ck_assert_int_eq(symlink("/etc/passwd", link), 0);
	assert_rejected(ARTICLE("en", "<figure><image src=\"../ok.png\" alt=\"\"/></figure>"), 5, "climbs out");
	assert_rejected(ARTICLE("en", "<figure><image src=\"%2E%2e/ok.png\" alt=\"\"/></figure>"), 5, "climbs out");
	assert_rejected(ARTICLE("en", "<figure><image src=\"/etc/passwd\" alt=\"\"/></figure>"), 5, "absolute");
	assert_rejected(ARTICLE("en", "<figure><image src=\"file:///etc/passwd\" alt=\"\"/></figure>"), 5, "URL");
	assert_rejected(ARTICLE("en", "<figure><image src=\"missing.png\" alt=\"\"/></figure>"), 5, "does not exist");
	assert_rejected(ARTICLE("en", "<figure><image src=\"link.png\" alt=\"\"/></figure>"), 5, "symbolic link");
	assert_rejected(ARTICLE("en", "<figure><image src=\"cut.png\" alt=\"\"/></figure>"), 5, "truncated PNG");
	assert_rejected(ARTICLE("en", "<figure><image src=\"huge.png\" alt=\"\"/></figure>"), 5, "20000 x 20000");
	assert_rejected(ARTICLE("en", "<figure><image src=\"bad.xml\" alt=\"\"/></figure>"), 5, "SVG");
}
END_TEST

static Suite *document_suite(void)
{
	Suite *s = suite_create("document");
	TCase *tc = tcase_create("load");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, a_minimal_article_loads);
	tcase_add_test(tc, every_sample_loads);
	tcase_add_test(tc, direction_follows_dir_then_nearest_lang);
	tcase_add_test(tc, rtl_languages_are_the_specs);
	tcase_add_test(tc, not_well_formed_names_line_and_column);
	tcase_add_test(tc, encoding_and_depth_errors_read_plainly);
	tcase_add_test(tc, declared_encodings_are_read_as_utf8);
	tcase_add_test(tc, first_bytes_do_not_choose_an_encoding);
	tcase_add_test(tc, entity_declarations_are_refused);
	tcase_add_test(tc, external_dtd_is_refused);
	tcase_add_test(tc, gzip_and_empty_files_are_refused);
	tcase_add_test(tc, wrong_root_version_and_language);
	tcase_add_test(tc, schema_errors_point_at_the_element);
	tcase_add_test(tc, duplicate_ids_and_dangling_refs);
	tcase_add_test(tc, every_problem_is_reported);
	tcase_add_test(tc, images_resolve_inside_the_folder);
	tcase_add_test(tc, unsafe_images_are_refused);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(document_suite());
}
