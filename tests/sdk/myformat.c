/*
 * wordcount: a plugin built outside convert's source tree, against the
 * installed header and pkg-config file only (tests/test_plugin_sdk.sh).
 *
 * It writes a few facts about the article as plain text:
 *
 *   title: <the title>
 *   lang: ar
 *   direction: rtl
 *   sections: 8
 *   paragraphs: 9
 *   words: 312
 *
 * "words" counts the runs of non-blank characters in the text of the body,
 * taken as one string (so "a<em>b</em>" is one word); blanks are the six
 * ASCII ones, as in the C locale. An article without sections gets a
 * warning, since its count of sections says little.
 *
 * Its parameter is checked once per run, before any article is read
 * (ABI 1.2); its messages leave its name out, which the core adds.
 *
 * Build:  cc -shared $(pkg-config --cflags convert-plugin) myformat.c -o wordcount.so
 */
#include <stdio.h>
#include <string.h>

#include <convert/plugin.h>

static const struct cv_param wordcount_params[] = {
	{"heading", "yes", "write the title line first: yes or no"},
	{NULL, NULL, NULL}
};

struct wordcount {
	long sections;
	long paragraphs;
	long words;
	int in_word; /* carried across text nodes: the body is one string */
};

static int
wordcount_is_blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* Walks the (read-only, borrowed) article tree in document order. */
static void
wordcount_walk(const xmlNode *node, struct wordcount *wc)
{
	for (const xmlNode *n = node; n; n = n->next) {
		if (n->type == XML_ELEMENT_NODE) {
			if (xmlStrEqual(n->name, BAD_CAST "section"))
				wc->sections++;
			else if (xmlStrEqual(n->name, BAD_CAST "p"))
				wc->paragraphs++;
		} else if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			for (const xmlChar *c = n->content; c && *c; c++) {
				if (wordcount_is_blank(*c)) {
					wc->in_word = 0;
				} else if (!wc->in_word) {
					wc->in_word = 1;
					wc->words++;
				}
			}
		}
		wordcount_walk(n->children, wc);
	}
}

/* The first child element of parent named name, or NULL. */
static const xmlNode *
wordcount_child(const xmlNode *parent, const char *name)
{
	for (const xmlNode *n = parent ? parent->children : NULL; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, BAD_CAST name))
			return n;
	return NULL;
}

static int
wordcount_check(const struct cv_settings *settings, struct cv_error *err)
{
	const char *heading = cv_settings_lookup(settings, "heading");

	if (strcmp(heading, "yes") != 0 && strcmp(heading, "no") != 0)
		return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0,
		                    "heading must be yes or no, not \"%s\"", heading);
	return CV_OK;
}

static int
wordcount_convert(struct cv_job *job, struct cv_error *err)
{
	const struct cv_document *doc = cv_job_document(job);
	const xmlNode *article = xmlDocGetRootElement(cv_document_tree(doc));
	const xmlNode *body = wordcount_child(article, "body");
	const char *heading = cv_job_param(job, "heading");
	struct wordcount wc = {0, 0, 0, 0};
	char line[256];
	int len;

	if (strcmp(heading, "yes") == 0) {
		/* xmlNodeGetContent gives a copy, which we free. */
		xmlChar *title = xmlNodeGetContent(wordcount_child(wordcount_child(article, "meta"), "title"));
		int status = cv_job_write(job, "title: ", 7, err);
		if (status == CV_OK && title)
			status = cv_job_write(job, title, strlen((const char *)title), err);
		if (status == CV_OK)
			status = cv_job_write(job, "\n", 1, err);
		xmlFree(title);
		if (status != CV_OK)
			return status;
	}

	if (body)
		wordcount_walk(body->children, &wc);
	if (wc.sections == 0)
		cv_job_warn(job, "the article has no sections");
	len = snprintf(line, sizeof line,
	               "lang: %s\ndirection: %s\nsections: %ld\nparagraphs: %ld\nwords: %ld\n",
	               cv_document_lang(doc, NULL),
	               cv_document_direction(doc, NULL) == CV_DIR_RTL ? "rtl" : "ltr",
	               wc.sections, wc.paragraphs, wc.words);
	if (len < 0 || (size_t)len >= sizeof line)
		return cv_error_set(err, CV_ERROR_LIMIT, NULL, 0, 0,
		                    "the language tag is too long");
	return cv_job_write(job, line, (size_t)len, err);
}

CV_PLUGIN_DEFINE_CHECKED("wordcount", "Counts of sections, paragraphs and words, as text",
                         "txt", "text/plain", wordcount_params, wordcount_convert, wordcount_check);
