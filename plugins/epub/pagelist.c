/*
 * pagelist.c: the page-list of the PDF edition (--param page-list=yes).
 *
 * The PDF plugin says, through the core (cv_job_page_map), where each of
 * its pages begins: a text node of the article and a character offset.
 * The article is shared by every format of the run and read-only, so the
 * markers go into a copy: each marked text node is split there and a
 * <pl:pagebreak> element put between the parts (before the node, for a
 * page that begins with it), which epub.xsl turns into the page-break
 * span and the page-list nav.
 */
#include <stdlib.h>
#include <string.h>

#include "epub.h"

#define EPUB_PAGE_LIST_NS "urn:x-convert:page-list"

/* One page's start, with its node in the article (orig). */
struct epub_break {
	const xmlNode *orig;
	size_t offset;     /* characters */
	size_t page;       /* from 0 */
	const char *label;
};

/* By node, then offset, then page: the breaks in one text node in the
 * order they are read. */
static int epub_break_cmp(const void *a, const void *b)
{
	const struct epub_break *x = a, *y = b;
	if (x->orig != y->orig)
		return x->orig < y->orig ? -1 : 1;
	if (x->offset != y->offset)
		return x->offset < y->offset ? -1 : 1;
	return x->page < y->page ? -1 : x->page > y->page;
}

/* The byte at which character offset chars of s begins (its end if past). */
static size_t epub_utf8_bytes(const char *s, size_t chars)
{
	size_t i = 0;
	for (; s[i] && chars > 0; chars--) {
		i++;
		while ((s[i] & 0xC0) == 0x80)
			i++;
	}
	return i;
}

/* A new <pl:pagebreak n="N" label="L"/> for br, in doc. */
static xmlNodePtr epub_break_marker(xmlDocPtr doc, const struct epub_break *br)
{
	char page[32];
	xmlNodePtr mark = xmlNewDocNode(doc, NULL, BAD_CAST "pagebreak", NULL);
	xmlNsPtr ns = mark ? xmlNewNs(mark, BAD_CAST EPUB_PAGE_LIST_NS, BAD_CAST "pl") : NULL;
	snprintf(page, sizeof page, "%zu", br->page + 1);
	if (ns == NULL || !xmlNewProp(mark, BAD_CAST "n", BAD_CAST page) ||
	    !xmlNewProp(mark, BAD_CAST "label", BAD_CAST br->label)) {
		xmlFreeNode(mark);
		return NULL;
	}
	xmlSetNs(mark, ns);
	return mark;
}

/* Whether nothing but white space comes before n in its parent. */
static int epub_first_child(const xmlNode *n)
{
	for (const xmlNode *p = n->prev; p; p = p->prev)
		if (!xmlIsBlankNode((xmlNodePtr)p))
			return 0;
	return 1;
}

/* The figure or table whose caption text begins, when the nth character
 * of text is the first that is not white space in its caption: the
 * PDF's page then begins with the caption's label ("Figure 3:"), which
 * the book also prints before the caption's text, so its page break goes
 * before the figure or table. NULL otherwise. */
static xmlNodePtr epub_caption_owner(xmlNodePtr text, size_t chars)
{
	const char *s = text->content ? (const char *)text->content : "";
	size_t at = epub_utf8_bytes(s, chars);
	for (size_t i = 0; i < at; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
			return NULL;
	xmlNodePtr n = text;
	while (n->parent && n->parent->type == XML_ELEMENT_NODE &&
	       !xmlStrEqual(n->parent->name, BAD_CAST "caption")) {
		if (!epub_first_child(n))
			return NULL;
		n = n->parent;
	}
	xmlNodePtr caption = n->parent;
	if (caption == NULL || caption->type != XML_ELEMENT_NODE || !epub_first_child(n))
		return NULL;
	xmlNodePtr owner = caption->parent;
	if (owner && owner->type == XML_ELEMENT_NODE &&
	    (xmlStrEqual(owner->name, BAD_CAST "figure") || xmlStrEqual(owner->name, BAD_CAST "table")))
		return owner;
	return NULL;
}

/* Puts the markers of breaks[0..n) (one text node's, in order) into the
 * copy's text node text: the text before each goes into a new node before
 * it, and text keeps what follows the last. */
static int epub_break_text(xmlNodePtr text, const struct epub_break *breaks, size_t n,
                           struct cv_error *err)
{
	size_t done = 0; /* characters of the original before text's content */
	for (size_t i = 0; i < n; i++) {
		xmlNodePtr owner = done == 0 ? epub_caption_owner(text, breaks[i].offset) : NULL;
		if (owner) {
			xmlNodePtr mark = epub_break_marker(text->doc, &breaks[i]);
			if (mark == NULL)
				return cv_error_set(err, CV_ERROR_SYSTEM, NULL, 0, 0, "out of memory");
			xmlAddPrevSibling(owner, mark);
			continue;
		}
		const char *s = text->content ? (const char *)text->content : "";
		size_t at = epub_utf8_bytes(s, breaks[i].offset > done ? breaks[i].offset - done : 0);
		xmlNodePtr mark = epub_break_marker(text->doc, &breaks[i]);
		xmlNodePtr head = at > 0 ? xmlNewDocTextLen(text->doc, BAD_CAST s, (int)at) : NULL;
		xmlChar *rest = xmlStrdup(BAD_CAST(s + at));
		if (mark == NULL || rest == NULL || (at > 0 && head == NULL)) {
			xmlFreeNode(mark);
			xmlFreeNode(head);
			xmlFree(rest);
			return cv_error_set(err, CV_ERROR_SYSTEM, NULL, 0, 0, "out of memory");
		}
		/* The marker first: libxml2 merges a text node put beside
		 * another text node into it. */
		xmlAddPrevSibling(text, mark);
		if (head)
			xmlAddPrevSibling(mark, head);
		xmlNodeSetContent(text, rest);
		xmlFree(rest);
		done = breaks[i].offset > done ? breaks[i].offset : done;
	}
	return CV_OK;
}

/* Walks the article (orig) and its copy side by side, marking the copy
 * where breaks (sorted, n of them) fall. */
static int epub_break_walk(const xmlNode *orig, xmlNodePtr copy, const struct epub_break *breaks,
                           size_t n, struct cv_error *err)
{
	for (; orig && copy; orig = orig->next, copy = copy->next) {
		/* White space the copy has and the article no longer has: a
		 * paged plugin's stylesheet with xsl:strip-space strips the
		 * tree it runs on, as libxslt does (pdf.xsl has none). */
		while (copy && xmlIsBlankNode(copy) && orig->type != XML_TEXT_NODE)
			copy = copy->next;
		if (copy == NULL)
			break;
		if (orig->type == XML_TEXT_NODE) {
			size_t lo = 0, hi = n;
			while (lo < hi) {
				size_t mid = lo + (hi - lo) / 2;
				if (breaks[mid].orig < orig)
					lo = mid + 1;
				else
					hi = mid;
			}
			size_t end = lo;
			while (end < n && breaks[end].orig == orig)
				end++;
			if (end > lo && epub_break_text(copy, breaks + lo, end - lo, err) != CV_OK)
				return CV_FAIL;
		} else if (orig->type == XML_ELEMENT_NODE &&
		           epub_break_walk(orig->children, copy->children, breaks, n, err) != CV_OK) {
			return CV_FAIL;
		}
	}
	return CV_OK;
}

int epub_page_list_tree(struct cv_job *job, xmlDocPtr *out, char **edition, struct cv_error *err)
{
	const xmlDoc *tree = cv_document_tree(cv_job_document(job));
	struct cv_page_map *map = NULL;
	struct epub_break *breaks = NULL;
	xmlDocPtr copy = NULL;
	int rc = CV_FAIL;

	*out = NULL;
	*edition = NULL;
	/* Copied before the paged plugin's stylesheet runs (it may strip
	 * white space from the article: see epub_break_walk), so that the
	 * book is the one --to epub makes without page-list, but for its
	 * markers. */
	copy = xmlCopyDoc((xmlDocPtr)tree, 1);
	if (copy == NULL)
		return cv_error_set(err, CV_ERROR_SYSTEM, NULL, 0, 0, "out of memory");
	if (cv_job_page_map(job, "pdf", &map, err) != CV_OK)
		goto done;
	size_t n = cv_page_map_count(map);
	breaks = calloc(n ? n : 1, sizeof *breaks);
	*edition = strdup(cv_page_map_edition(map));
	if (breaks == NULL || *edition == NULL) {
		cv_error_set(err, CV_ERROR_SYSTEM, NULL, 0, 0, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		cv_page_map_lookup(map, i, &breaks[i].orig, &breaks[i].offset, &breaks[i].label);
		breaks[i].page = i;
	}
	qsort(breaks, n, sizeof *breaks, epub_break_cmp);
	if (epub_break_walk(tree->children, copy->children, breaks, n, err) != CV_OK)
		goto done;
	*out = copy;
	copy = NULL;
	rc = CV_OK;
done:
	if (rc != CV_OK) {
		free(*edition);
		*edition = NULL;
	}
	xmlFreeDoc(copy);
	free(breaks);
	cv_page_map_free(map);
	return rc;
}
