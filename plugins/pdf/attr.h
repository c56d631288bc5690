/*
 * attr.h: reading the attributes of the layout vocabulary pdf.xsl makes
 * (docs/pdf-layout.md), for the reader of the vocabulary (read/) and the
 * kinds of block that read their own elements (blocks/).
 */
#ifndef PDF_ATTR_H
#define PDF_ATTR_H

#include <libxml/tree.h>

/** The attribute name of n, or NULL; free with xmlFree. */
char *pdf_attr(xmlNode *n, const char *name);

/** Whether n's attribute name is value. */
int pdf_attr_is(xmlNode *n, const char *name, const char *value);

/** A number attribute: def when absent, NAN when present but not a number. */
double pdf_attr_num(xmlNode *n, const char *name, double def);

/** A copy of n's attribute name (g_free), or NULL. */
char *pdf_strdup_attr(xmlNode *n, const char *name);

/** Reads a colour "#rrggbb" into rgb (0 to 1); 0 when it is not one. */
int pdf_parse_color(const char *s, double rgb[3]);

/** n's colour attribute name into rgb; 0 (rgb untouched) when absent or bad. */
int pdf_attr_color(xmlNode *n, const char *name, double rgb[3]);

/**
 * n's structure tag (attribute tag), a copy to g_free: one of the types
 * Cairo 1.16 accepts (it refuses the rest, and the whole file with them),
 * else fallback.
 */
char *pdf_struct_tag(xmlNode *n, const char *fallback);

/** Whether n is the element name. */
int pdf_is(xmlNode *n, const char *name);

#endif
