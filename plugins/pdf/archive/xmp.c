/*
 * xmp.c: the XMP metadata packet (ISO 16684-1) every PDF carries, made
 * from the Info dictionary so that the two agree (ISO 19005-2,
 * 6.6.2.3.1), with the article's language, date, identifier, publisher
 * and rights, and the standards' identification schemas.
 */
#include <string.h>

#include "archive/local.h"

/* The article's first identifier as a URI-like string (doi:..., urn:...). */
static char *pdf_archive_identifier(const struct pdf_archive *a)
{
	xmlNode *id = pdf_archive_meta(a, "identifier");
	char *text = pdf_archive_text(id);
	if (text == NULL)
		return NULL;
	xmlChar *scheme = xmlGetProp(id, BAD_CAST "scheme");
	const char *prefix = "";
	if (scheme && xmlStrEqual(scheme, BAD_CAST "doi"))
		prefix = "doi:";
	else if (scheme && xmlStrEqual(scheme, BAD_CAST "uuid"))
		prefix = "urn:uuid:";
	else if (scheme && xmlStrEqual(scheme, BAD_CAST "isbn"))
		prefix = "urn:isbn:";
	else if (scheme && xmlStrEqual(scheme, BAD_CAST "issn"))
		prefix = "urn:issn:";
	xmlFree(scheme);
	char *out = g_strconcat(prefix, text, NULL);
	g_free(text);
	return out;
}

/* The Info entry key as UTF-8 (new string), or NULL. */
static char *pdf_archive_info(struct pdf_archive *a, qpdf_oh info, const char *key)
{
	qpdf_oh v = qpdf_oh_get_key(a->q, info, key);
	if (!qpdf_oh_is_string(a->q, v))
		return NULL;
	const char *s = qpdf_oh_get_utf8_value(a->q, v);
	return s && *s ? g_strdup(s) : NULL;
}

static void xmp_text(GString *x, const char *s)
{
	gchar *e = g_markup_escape_text(s, -1);
	g_string_append(x, e);
	g_free(e);
}

/* <tag>value</tag>, or nothing for no value. */
static void xmp_simple(GString *x, const char *tag, const char *value)
{
	if (value == NULL)
		return;
	g_string_append_printf(x, "   <%s>", tag);
	xmp_text(x, value);
	g_string_append_printf(x, "</%s>\n", tag);
}

/* <tag><rdf:CONTAINER><rdf:li ...>value</rdf:li></...></tag>. */
static void xmp_list(GString *x, const char *tag, const char *container, const char *value)
{
	if (value == NULL)
		return;
	g_string_append_printf(x, "   <%s><rdf:%s><rdf:li%s>", tag, container,
	                       strcmp(container, "Alt") == 0 ? " xml:lang=\"x-default\"" : "");
	xmp_text(x, value);
	g_string_append_printf(x, "</rdf:li></rdf:%s></%s>\n", container, tag);
}

/* The PDF/A extension schema that declares pdfuaid, which PDF/A does not
 * predefine (ISO 19005-2, 6.6.2.3.2). */
static const char pdf_archive_pdfuaid_schema[] =
	"  <rdf:Description rdf:about=\"\"\n"
	"    xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\"\n"
	"    xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\"\n"
	"    xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n"
	"   <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">\n"
	"    <pdfaSchema:schema>PDF/UA identification schema</pdfaSchema:schema>\n"
	"    <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>\n"
	"    <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\n"
	"    <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType=\"Resource\">\n"
	"     <pdfaProperty:name>part</pdfaProperty:name>\n"
	"     <pdfaProperty:valueType>Integer</pdfaProperty:valueType>\n"
	"     <pdfaProperty:category>internal</pdfaProperty:category>\n"
	"     <pdfaProperty:description>The part of ISO 14289 the file conforms to</pdfaProperty:description>\n"
	"    </rdf:li></rdf:Seq></pdfaSchema:property>\n"
	"   </rdf:li></rdf:Bag></pdfaExtension:schemas>\n"
	"  </rdf:Description>\n";

GString *pdf_archive_xmp(struct pdf_archive *a, qpdf_oh info)
{
	char *title = pdf_archive_info(a, info, "/Title");
	char *author = pdf_archive_info(a, info, "/Author");
	char *subject = pdf_archive_info(a, info, "/Subject");
	char *keywords = pdf_archive_info(a, info, "/Keywords");
	char *creator = pdf_archive_info(a, info, "/Creator");
	char *producer = pdf_archive_info(a, info, "/Producer");
	char *date = pdf_archive_text(pdf_archive_meta(a, "date"));
	char *identifier = pdf_archive_identifier(a);
	char *publisher = pdf_archive_text(pdf_archive_meta(a, "publisher"));
	char *rights = pdf_archive_text(pdf_archive_meta(a, "rights"));

	GString *x = g_string_new("<?xpacket begin=\"\xef\xbb\xbf\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
	                          "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
	                          " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n");
	g_string_append(x, "  <rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n");
	xmp_simple(x, "dc:format", "application/pdf");
	xmp_list(x, "dc:title", "Alt", title);
	xmp_list(x, "dc:creator", "Seq", author);
	xmp_list(x, "dc:description", "Alt", subject);
	xmp_list(x, "dc:language", "Bag", cv_document_lang(a->article, NULL));
	xmp_list(x, "dc:date", "Seq", date);
	xmp_simple(x, "dc:identifier", identifier);
	xmp_list(x, "dc:publisher", "Bag", publisher);
	xmp_list(x, "dc:rights", "Alt", rights);
	g_string_append(x, "  </rdf:Description>\n"
	                   "  <rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n");
	xmp_simple(x, "xmp:CreateDate", a->xmp_date);
	xmp_simple(x, "xmp:ModifyDate", a->xmp_date);
	xmp_simple(x, "xmp:MetadataDate", a->xmp_date);
	xmp_simple(x, "xmp:CreatorTool", creator);
	g_string_append(x, "  </rdf:Description>\n"
	                   "  <rdf:Description rdf:about=\"\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n");
	xmp_simple(x, "pdf:Producer", producer);
	xmp_simple(x, "pdf:Keywords", keywords);
	g_string_append(x, "  </rdf:Description>\n");
	if (a->standards & (PDF_STANDARD_A2U | PDF_STANDARD_A3U))
		g_string_append_printf(x,
			"  <rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
			"   <pdfaid:part>%d</pdfaid:part>\n"
			"   <pdfaid:conformance>U</pdfaid:conformance>\n"
			"  </rdf:Description>\n", a->standards & PDF_STANDARD_A2U ? 2 : 3);
	if (a->standards & PDF_STANDARD_UA1) {
		g_string_append(x,
			"  <rdf:Description rdf:about=\"\" xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n"
			"   <pdfuaid:part>1</pdfuaid:part>\n"
			"  </rdf:Description>\n");
		if (a->standards & (PDF_STANDARD_A2U | PDF_STANDARD_A3U))
			g_string_append(x, pdf_archive_pdfuaid_schema);
	}
	g_string_append(x, " </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"r\"?>\n");

	g_free(title);
	g_free(author);
	g_free(subject);
	g_free(keywords);
	g_free(creator);
	g_free(producer);
	g_free(date);
	g_free(identifier);
	g_free(publisher);
	g_free(rights);
	return x;
}
