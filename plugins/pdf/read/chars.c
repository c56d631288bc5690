/*
 * chars.c: the characters a document can show (read.h, pdf_read_chars).
 */
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

/* The set is one bit per code point: every character of the document
 * goes through it, and a bit costs less than a hash table's entry. */
#define PDF_CHARS_LIMIT 0x110000u

static void pdf_chars_add_utf8(unsigned char *set, const xmlChar *s)
{
	if (s == NULL)
		return;
	for (const char *p = (const char *)s; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char_validated(p, -1);
		if (c >= PDF_CHARS_LIMIT)
			break;
		set[c >> 3] |= (unsigned char)(1u << (c & 7));
	}
}

static void pdf_chars_walk(unsigned char *set, xmlNode *n)
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
	unsigned char *set = g_malloc0(PDF_CHARS_LIMIT / 8);
	for (size_t i = 0; i < sizeof pdf_plugin_ranges / sizeof *pdf_plugin_ranges; i++)
		for (gunichar c = pdf_plugin_ranges[i][0]; c <= pdf_plugin_ranges[i][1]; c++)
			set[c >> 3] |= (unsigned char)(1u << (c & 7));
	pdf_chars_walk(set, xmlDocGetRootElement(tree));
	/* A byte at a time, skipping empty ones: the set is sparse, and a
	 * walk of every code point cost 5 ms of each article (a fixed cost
	 * of every PDF of a batch). */
	size_t count = 0;
	for (gunichar b = 0; b < PDF_CHARS_LIMIT / 8; b++)
		for (unsigned bits = set[b]; bits; bits &= bits - 1)
			count++;
	gunichar *out = g_new(gunichar, count ? count : 1);
	size_t k = 0;
	for (gunichar b = 0; b < PDF_CHARS_LIMIT / 8; b++)
		if (set[b])
			for (gunichar i = 0; i < 8; i++)
				if ((set[b] >> i) & 1)
					out[k++] = b * 8 + i;
	g_free(set);
	*n = count;
	return out;
}
