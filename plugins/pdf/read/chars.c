/*
 * chars.c: the characters a document can show (read.h, pdf_read_chars).
 */
#include <stdlib.h>

#include "read/read.h"

/* Characters the plugin may show though the vocabulary has none of them:
 * the digits of page numbers in every system (pdf.xsl chooses, C
 * formats), hyphens and the soft hyphen where a line is broken, tatweel
 * where a line is stretched, the bidi controls and the spaces and joiners
 * the text layer carries, and printable ASCII. */
static const gunichar pdf_plugin_ranges[][2] = {
	{ 0x0020, 0x007e }, { 0x00a0, 0x00a0 }, { 0x00ad, 0x00ad }, { 0x060c, 0x060c },
	{ 0x061b, 0x061c }, { 0x061f, 0x061f }, { 0x0640, 0x0640 }, { 0x0660, 0x066c },
	{ 0x06d4, 0x06d4 }, { 0x06f0, 0x06f9 }, { 0x05be, 0x05be }, { 0x200b, 0x200f },
	{ 0x2010, 0x2015 }, { 0x2026, 0x2026 }, { 0x202a, 0x202e }, { 0x2066, 0x2069 },
	{ 0xfeff, 0xfeff },
};

static int pdf_cmp_unichar(const void *a, const void *b)
{
	gunichar x = *(const gunichar *)a, y = *(const gunichar *)b;
	return x < y ? -1 : x > y;
}

static void pdf_chars_add_utf8(GHashTable *set, const xmlChar *s)
{
	if (s == NULL)
		return;
	for (const char *p = (const char *)s; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char_validated(p, -1);
		if (c == (gunichar)-1 || c == (gunichar)-2)
			break;
		g_hash_table_add(set, GUINT_TO_POINTER(c));
	}
}

static void pdf_chars_walk(GHashTable *set, xmlNode *n)
{
	for (; n; n = n->next) {
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
			pdf_chars_add_utf8(set, n->content);
		if (n->type != XML_ELEMENT_NODE)
			continue;
		for (xmlAttr *a = n->properties; a; a = a->next)
			if (a->children)
				pdf_chars_add_utf8(set, a->children->content);
		pdf_chars_walk(set, n->children);
	}
}

gunichar *pdf_read_chars(xmlDocPtr tree, size_t *n)
{
	GHashTable *set = g_hash_table_new(g_direct_hash, g_direct_equal);
	for (size_t i = 0; i < sizeof pdf_plugin_ranges / sizeof *pdf_plugin_ranges; i++)
		for (gunichar c = pdf_plugin_ranges[i][0]; c <= pdf_plugin_ranges[i][1]; c++)
			g_hash_table_add(set, GUINT_TO_POINTER(c));
	pdf_chars_walk(set, xmlDocGetRootElement(tree));
	guint count = 0;
	gpointer *keys = g_hash_table_get_keys_as_array(set, &count);
	gunichar *out = g_new(gunichar, count ? count : 1);
	for (guint i = 0; i < count; i++)
		out[i] = GPOINTER_TO_UINT(keys[i]);
	g_free(keys);
	g_hash_table_destroy(set);
	qsort(out, count, sizeof *out, pdf_cmp_unichar);
	*n = count;
	return out;
}
