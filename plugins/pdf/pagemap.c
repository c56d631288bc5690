/*
 * pagemap.c: a page's first word, back in the article (pagemap.h).
 *
 * pdf-pagemap.xsl wraps each piece of the article's text in the
 * vocabulary in <t key="...">, the key of its text node (cv:node-key), and
 * the inline reader notes which bytes of a block's text each piece became
 * (struct pdf_origin). A line begins at a byte; replaying how the reader
 * turned the piece's characters into bytes (white space collapsed, or a
 * listing's tabs widened) finds the character, and the start of its word.
 */
#include <string.h>

#include "pagemap.h"

/* The bytes of the UTF-8 character whose first byte is c. */
static int pdf_utf8_len(unsigned char c)
{
	return c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

static int pdf_is_space(char c)
{
	return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

/* The character offset, in o's text, of the start of the first word with
 * a character at or after byte at of the block's text; -1 if none. */
static long pdf_origin_word(const struct pdf_origin *o, int at)
{
	const xmlNode *text = o->t->children;
	if (text == NULL || text->type != XML_TEXT_NODE || text->content == NULL)
		return -1;
	const char *s = (const char *)text->content;
	int out = o->start, last_space = o->last_space, prev_space = 1;
	long ci = 0, word = 0;
	/* As pdf_inline_text and pdf_listing_text append them (inline.c). */
	for (const char *p = s; *p; ci++) {
		int len = pdf_utf8_len((unsigned char)*p), space = pdf_is_space(*p);
		if (!space && prev_space)
			word = ci;
		if (!space && out >= at)
			return word;
		if (o->preserve)
			out += *p == '\t' ? 4 : *p == '\r' ? 0 : len;
		else if (!space)
			out += len, last_space = 0;
		else if (!last_space && out > 0)
			out++, last_space = 1;
		prev_space = space;
		for (int k = 0; k < len && *p; k++)
			p++;
	}
	return -1;
}

/* The length in characters of o's text. */
static long pdf_origin_length(const struct pdf_origin *o)
{
	const xmlNode *text = o->t->children;
	return text && text->content ? xmlUTF8Strlen(text->content) : 0;
}

/* Whether bytes [from, to) of b's text show something: text the
 * stylesheet made up (a cross-reference's "Table 1"), not white space or
 * the isolates and marks the inline reader puts around runs. */
static int pdf_shows_text(const struct pdf_block *b, int from, int to)
{
	const char *s = b->layout ? pango_layout_get_text(b->layout) : NULL;
	if (s == NULL)
		return 0;
	for (const char *p = s + from; *p && p < s + to; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (!g_unichar_isspace(c) && !(c >= 0x2066 && c <= 0x2069) && c != 0x200E &&
		    c != 0x200F && c != 0x061C && c != 0x00AD)
			return 1;
	}
	return 0;
}

/* Where the article's text is at byte at of b's text: the origin and the
 * character offset of the word there or after. A line that begins in
 * made-up text after some of the article's (a cross-reference cut by the
 * page break) is placed at the end of that text, before what was made
 * up, so that the page's first word follows its mark. */
static const struct pdf_origin *pdf_block_word(const struct pdf_block *b, int at, long *offset)
{
	const struct pdf_origin *prev = NULL;
	for (int i = 0; i < b->n_origins; i++) {
		const struct pdf_origin *o = &b->origins[i];
		if (o->end <= at) {
			prev = o;
			continue;
		}
		if (prev && o->start > at && pdf_shows_text(b, at, o->start))
			break;
		long w = pdf_origin_word(o, at);
		if (w >= 0) {
			*offset = w;
			return o;
		}
	}
	if (prev && pdf_shows_text(b, at, G_MAXINT)) {
		*offset = pdf_origin_length(prev);
		return prev;
	}
	return NULL;
}

/* The first text of place pl: its block and line, or 0 for none. */
static int pdf_place_text(const struct pdf_flow *flow, const struct pdf_place *pl,
                          const struct pdf_block **b, int *line)
{
	const struct pdf_item *it = &flow->items[pl->item];
	*line = 0;
	switch (it->kind) {
	case PDF_ITEM_BLOCK:
		*b = it->block;
		*line = pl->from;
		return 1;
	case PDF_ITEM_FIGURE:
		*b = it->figure->caption;
		return *b != NULL;
	case PDF_ITEM_TABLE: {
		const struct pdf_table *t = it->table;
		if (pl->caption && t->caption) {
			*b = t->caption;
			return 1;
		}
		for (int c = 0; c < t->n_cells; c++) {
			int from, to;
			if (pdf_place_cell(t, pl, c, &from, &to) && from < to) {
				*b = t->cells[c].block;
				*line = from;
				return 1;
			}
		}
		return 0;
	}
	default:
		return 0;
	}
}

/* The first word of the article's own text from place k of page p on:
 * its origin and offset, or NULL when no text follows. */
static const struct pdf_origin *pdf_page_word(const struct pdf_flow *flow,
                                              const struct pdf_pages *pages, int p, int k,
                                              long *offset)
{
	for (; p < pages->n_pages; p++, k = 0) {
		const struct pdf_page *page = &pages->pages[p];
		for (; k < page->n_places; k++) {
			const struct pdf_block *b;
			int line;
			if (!pdf_place_text(flow, &page->places[k], &b, &line) || line >= b->n_lines)
				continue;
			const struct pdf_origin *o = pdf_block_word(b, b->line_start[line], offset);
			if (o)
				return o;
		}
	}
	return NULL;
}

/* The last text of the article's own that pages place (the last origin
 * of the last block with one), and in *end its length in characters. */
static const struct pdf_origin *pdf_last_text(const struct pdf_flow *flow,
                                              const struct pdf_pages *pages, long *end)
{
	for (int p = pages->n_pages; p-- > 0;) {
		const struct pdf_page *page = &pages->pages[p];
		for (int k = page->n_places; k-- > 0;) {
			const struct pdf_item *it = &flow->items[page->places[k].item];
			const struct pdf_block *b = it->kind == PDF_ITEM_BLOCK ? it->block
			                          : it->kind == PDF_ITEM_FIGURE ? it->figure->caption : NULL;
			if (b == NULL || b->n_origins == 0)
				continue;
			const struct pdf_origin *o = &b->origins[b->n_origins - 1];
			*end = pdf_origin_length(o);
			return o;
		}
	}
	return NULL;
}

/* Finds the article's text node of each key in keys (key -> NULL), in one
 * walk of the tree. */
static void pdf_find_nodes(const xmlNode *n, GHashTable *keys)
{
	char key[32];
	for (; n; n = n->next) {
		if (n->type == XML_TEXT_NODE) {
			cv_document_node_key(n, key, sizeof key);
			if (g_hash_table_contains(keys, key))
				g_hash_table_replace(keys, g_strdup(key), (gpointer)n);
		} else if (n->type == XML_ELEMENT_NODE) {
			pdf_find_nodes(n->children, keys);
		}
	}
}

int pdf_page_map_fill(const struct pdf_setup *setup, const struct pdf_flow *flow,
                      const struct pdf_pages *pages, const xmlDoc *tree,
                      struct cv_page_map *map, struct cv_error *err)
{
	int n = pages->n_pages;
	const struct pdf_origin **at = g_new0(const struct pdf_origin *, n);
	long *offset = g_new0(long, n);
	GHashTable *keys = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	int rc = CV_OK;
	for (int p = 0; p < n; p++) {
		at[p] = pdf_page_word(flow, pages, p, 0, &offset[p]);
		xmlChar *key = at[p] ? xmlGetProp(at[p]->t, BAD_CAST "key") : NULL;
		if (key)
			g_hash_table_replace(keys, g_strdup((const char *)key), NULL);
		xmlFree(key);
	}
	/* A page past the article's last text (a figure alone at the end)
	 * begins at the end of that text. */
	long end = 0;
	const struct pdf_origin *last = pdf_last_text(flow, pages, &end);
	if (last) {
		xmlChar *key = xmlGetProp(last->t, BAD_CAST "key");
		if (key)
			g_hash_table_replace(keys, g_strdup((const char *)key), NULL);
		xmlFree(key);
	}
	pdf_find_nodes(tree->children, keys);
	for (int p = 0; p < n && rc == CV_OK; p++) {
		const struct pdf_origin *o = at[p] ? at[p] : last;
		long off = at[p] ? offset[p] : end;
		xmlChar *key = o ? xmlGetProp(o->t, BAD_CAST "key") : NULL;
		const xmlNode *node = key ? g_hash_table_lookup(keys, key) : NULL;
		xmlFree(key);
		if (node == NULL) {
			rc = cv_error_set(err, CV_ERROR_UNSUPPORTED, NULL, 0, 0,
			                  "page %d begins at no text of the article", p + 1);
			break;
		}
		char label[32];
		pdf_format_number(setup->digit_zero, p + 1, label, sizeof label);
		rc = cv_page_map_add(map, node, (size_t)off, label, err);
	}
	g_hash_table_destroy(keys);
	g_free(offset);
	g_free(at);
	return rc;
}
