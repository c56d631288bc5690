/*
 * svg.c: what an SVG image may refer to.
 *
 * An SVG is copied into an EPUB as it is, embedded in HTML as a data: URL
 * and drawn into a PDF by librsvg, so a reference that one output ignores
 * another ships: an EPUB whose SVG names a sibling file or a remote image
 * fails epubcheck (RSC-006, RSC-007) and asks the reader to fetch it. One
 * rule for every format, checked when the article is loaded, before any
 * output exists: an SVG is self-contained. It may refer to its own
 * elements (#id, url(#id)) and embed PNG or JPEG pixels as data: URLs; a
 * hyperlink (<a>) may name a web or mail address, which is a link, not a
 * resource. Everything that can pull in another file is refused: any other
 * href or src, XInclude, an xml-stylesheet instruction, CSS @import and
 * url(), and an animation that sets an href. So are scripts and event
 * handlers: no output runs them, and an EPUB would have to declare them.
 *
 * CSS escapes can spell url( and @import in ways no simple scan sees
 * ("u\72l("), so a backslash is refused in a style sheet, in a style
 * attribute and in any attribute value that holds a parenthesis.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

#define SVG_NS "http://www.w3.org/2000/svg"
#define XLINK_NS "http://www.w3.org/1999/xlink"

/* Attributes whose value is a URL that a renderer may load. */
static const char *const svg_url_attributes[] = {"href", "src", "srcset", "data", "poster", NULL};

/* Elements that animate another attribute (SVG SMIL). */
static const char *const svg_animations[] = {"set", "animate", "animateMotion", "animateTransform",
                                             "animateColor", NULL};

static int svg_in(const char *name, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (strcmp(name, list[i]) == 0)
			return 1;
	return 0;
}

/* The text after "prefix" in s, ignoring case, or NULL. */
static const char *svg_after(const char *s, const char *prefix)
{
	size_t n = strlen(prefix);
	return strncasecmp(s, prefix, n) == 0 ? s + n : NULL;
}

/*
 * What in css (a style sheet, a declaration list or one value) may load
 * another file, or NULL. strict: refuse every backslash; otherwise only
 * one in a value that also holds a parenthesis (where it could spell a
 * function).
 */
static const char *svg_css_problem(const char *css, int strict)
{
	if (strchr(css, '\\') != NULL && (strict || strchr(css, '(') != NULL))
		return "a CSS escape";
	for (const char *p = css; *p; p++) {
		const char *q;
		if (svg_after(p, "@import"))
			return "a CSS @import";
		if (svg_after(p, "image-set(") || svg_after(p, "image("))
			return "a CSS image() or image-set()";
		if ((q = svg_after(p, "url(")) != NULL) {
			while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r' || *q == '\f')
				q++;
			if (*q == '"' || *q == '\'')
				q++;
			if (*q != '#')
				return "a CSS url() that is not #id";
		}
	}
	return NULL;
}

/* Whether value, a URL on an element named element, stays inside the SVG. */
static int svg_url_ok(const char *value, const char *element, const char *attribute)
{
	const char *data;

	if (value[0] == '\0' || value[0] == '#')
		return 1;
	if ((data = svg_after(value, "data:")) != NULL)
		return svg_after(data, "image/png;") || svg_after(data, "image/png,") ||
		       svg_after(data, "image/jpeg;") || svg_after(data, "image/jpeg,");
	/* A hyperlink is followed by a reader, never loaded. */
	if (strcmp(element, "a") == 0 && strcmp(attribute, "href") == 0)
		return svg_after(value, "https://") || svg_after(value, "http://") || svg_after(value, "mailto:");
	return 0;
}

/* what names the problem; value, when not NULL, is what it refers to
 * (target) or the text that holds it. */
static int svg_refuse(const xmlNode *node, const char *src, const char *what, const char *value,
                      int target, struct cv_error *err)
{
	char shown[128] = "";

	if (value != NULL)
		snprintf(shown, sizeof shown, target ? " \"%.80s%s\"" : " (in \"%.80s%s\")", value,
		         strlen(value) > 80 ? "..." : "");
	return cv_error_set(err, CV_ERROR_FORMAT, NULL, 0, 0,
	                    "image \"%s\" holds %s%s (its line %ld); an SVG must be self-contained: "
	                    "only #id references and PNG or JPEG data: URLs, no scripts",
	                    src, what, shown, xmlGetLineNo(node));
}

static int svg_check_element(const xmlNode *n, const char *src, struct cv_error *err)
{
	const char *name = (const char *)n->name;
	const char *ns = n->ns ? (const char *)n->ns->href : "";

	if (strstr(ns, "XInclude") != NULL)
		return svg_refuse(n, src, "an XInclude", NULL, 0, err);
	if (strcmp(name, "script") == 0)
		return svg_refuse(n, src, "a script", NULL, 0, err);
	if (strcmp(name, "style") == 0) {
		xmlChar *css = xmlNodeGetContent(n);
		const char *why = css ? svg_css_problem((const char *)css, 1) : NULL;
		xmlFree(css);
		if (why != NULL)
			return svg_refuse(n, src, why, NULL, 0, err);
	}
	for (const xmlAttr *a = n->properties; a != NULL; a = a->next) {
		const char *an = (const char *)a->name;
		const char *ans = a->ns ? (const char *)a->ns->href : NULL;
		xmlChar *value;
		const char *why = NULL;
		int url;

		/* Other vocabularies' attributes (RDF, Inkscape) are data. */
		if (ans != NULL && strcmp(ans, XLINK_NS) != 0)
			continue;
		url = svg_in(an, svg_url_attributes);
		if (!url && ans != NULL)
			continue;
		value = xmlNodeListGetString(n->doc, a->children, 1);
		if (value == NULL)
			continue;
		const char *shown = (const char *)value;
		int target = 1;
		if (url && !svg_url_ok((const char *)value, name, an)) {
			why = "a reference to";
		} else if (strncmp(an, "on", 2) == 0) {
			why = "the event handler";
			shown = an;
		} else if (strcmp(an, "attributeName") == 0 && svg_in(name, svg_animations) &&
		           (strcmp((const char *)value, "href") == 0 || strcmp((const char *)value, "xlink:href") == 0)) {
			why = "an animation that changes an href";
			shown = NULL;
		} else {
			why = svg_css_problem((const char *)value, strcmp(an, "style") == 0);
			target = 0;
		}
		if (why != NULL) {
			int status = svg_refuse(n, src, why, shown, target, err);
			xmlFree(value);
			return status;
		}
		xmlFree(value);
	}
	return CV_OK;
}

static int svg_check_nodes(const xmlNode *node, const char *src, struct cv_error *err)
{
	for (const xmlNode *n = node; n != NULL; n = n->next) {
		if (n->type == XML_PI_NODE && strcmp((const char *)n->name, "xml-stylesheet") == 0)
			return svg_refuse(n, src, "an xml-stylesheet instruction", NULL, 0, err);
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (svg_check_element(n, src, err) != CV_OK || svg_check_nodes(n->children, src, err) != CV_OK)
			return CV_FAIL;
	}
	return CV_OK;
}

int cv_svg_check(xmlDocPtr doc, const char *src, struct cv_error *err)
{
	xmlNodePtr root = xmlDocGetRootElement(doc);

	if (doc->intSubset != NULL || doc->extSubset != NULL || root == NULL ||
	    strcmp((const char *)root->name, "svg") != 0 || root->ns == NULL ||
	    strcmp((const char *)root->ns->href, SVG_NS) != 0)
		return cv_error_set(err, CV_ERROR_FORMAT, NULL, 0, 0,
		                    "image \"%s\" is not an SVG document (an svg root in the SVG namespace, no DOCTYPE)", src);
	return svg_check_nodes(doc->children, src, err);
}
