/*
 * attr.c: the layout vocabulary's attributes (attr.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "attr.h"

char *pdf_attr(xmlNode *n, const char *name)
{
	return (char *)xmlGetProp(n, (const xmlChar *)name);
}

int pdf_attr_is(xmlNode *n, const char *name, const char *value)
{
	char *v = pdf_attr(n, name);
	int r = v && strcmp(v, value) == 0;
	xmlFree(v);
	return r;
}

double pdf_attr_num(xmlNode *n, const char *name, double def)
{
	char *v = pdf_attr(n, name);
	if (!v)
		return def;
	char *end;
	double d = strtod(v, &end);
	if (end == v || *end != '\0' || !isfinite(d))
		d = NAN;
	xmlFree(v);
	return d;
}

char *pdf_strdup_attr(xmlNode *n, const char *name)
{
	char *v = pdf_attr(n, name);
	char *r = v ? g_strdup(v) : NULL;
	xmlFree(v);
	return r;
}

int pdf_parse_color(const char *s, double rgb[3])
{
	unsigned r, g, b;
	if (!s || sscanf(s, "#%2x%2x%2x", &r, &g, &b) != 3)
		return 0;
	rgb[0] = r / 255.0;
	rgb[1] = g / 255.0;
	rgb[2] = b / 255.0;
	return 1;
}

int pdf_attr_color(xmlNode *n, const char *name, double rgb[3])
{
	char *v = pdf_attr(n, name);
	int r = pdf_parse_color(v, rgb);
	xmlFree(v);
	return r;
}

char *pdf_struct_tag(xmlNode *n, const char *fallback)
{
	static const char *const known[] = {
		"Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption",
		"TOC", "TOCI", "Index", "NonStruct", "Private", "P", "H", "H1", "H2",
		"H3", "H4", "H5", "H6", "L", "LI", "Lbl", "LBody", "Table", "TR",
		"TH", "TD", "THead", "TBody", "TFoot", "Span", "Quote", "Note",
		"Reference", "BibEntry", "Code", "Figure", "Formula", "Form", NULL
	};
	char *v = pdf_attr(n, "tag");
	const char *r = fallback;
	for (int i = 0; v && known[i]; i++)
		if (strcmp(v, known[i]) == 0)
			r = known[i];
	xmlFree(v);
	return g_strdup(r);
}

int pdf_is(xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}
