/*
 * archive.c: the archival pass over the finished PDF (archive.h).
 *
 * Cairo 1.16 writes no /Lang, no XMP, no viewer preferences, Info dates
 * without their D: prefix, and takes no attributes for structure
 * elements; what a standard needs beyond that (an output intent, the
 * source embedded, annotation flags...) is also file-level. So the whole
 * file goes through libqpdf once here: objects are changed in place,
 * streams Cairo wrote are copied as they are, and the file's /ID is made
 * from its content, so the same article gives the same bytes.
 */
#include "archive.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <qpdf/qpdf-c.h>

#include "alttext.h"
#include "artifact.h"

/* The sRGB profile of the output intent: Debian's icc-profiles-free
 * (zlib licence), an ICC v2 display profile. */
#define PDF_ARCHIVE_SRGB "/usr/share/color/icc/sRGB.icc"
#define PDF_ARCHIVE_SRGB_NAME "sRGB IEC61966-2.1"
/* The core caps an article at 64 MiB when it loads it. */
#define PDF_ARCHIVE_MAX_SOURCE (64u * 1024u * 1024u)

enum {
	PDF_STANDARD_A2U = 1u << 0, /* ISO 19005-2, level U */
	PDF_STANDARD_A3U = 1u << 1, /* ISO 19005-3, level U */
	PDF_STANDARD_UA1 = 1u << 2  /* ISO 14289-1 */
};

struct pdf_archive {
	qpdf_data q;
	struct cv_job *job;
	const struct cv_document *article;
	unsigned standards;
	time_t when;
	char pdf_date[24]; /* D:YYYYMMDDHHmmSSZ */
	char xmp_date[24]; /* YYYY-MM-DDTHH:mm:SSZ */
	GHashTable *ids;   /* the article's id -> element, for link texts */
};

/* Parses the standard parameter: "none", or a comma list of standards,
 * at most one of them a PDF/A part. */
static int pdf_archive_standards(const char *value, unsigned *out, struct cv_error *err)
{
	*out = 0;
	if (value == NULL || strcmp(value, "none") == 0 || *value == '\0')
		return CV_OK;
	gchar **parts = g_strsplit(value, ",", -1);
	int rc = CV_OK;
	for (int i = 0; parts[i] && rc == CV_OK; i++) {
		const char *p = g_strstrip(parts[i]);
		if (g_ascii_strcasecmp(p, "pdf/a-2u") == 0)
			*out |= PDF_STANDARD_A2U;
		else if (g_ascii_strcasecmp(p, "pdf/a-3u") == 0)
			*out |= PDF_STANDARD_A3U;
		else if (g_ascii_strcasecmp(p, "pdf/ua-1") == 0)
			*out |= PDF_STANDARD_UA1;
		else
			rc = cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0,
			                  "pdf: standard must be none, pdf/a-2u, pdf/a-3u, pdf/ua-1 "
			                  "or a comma list of them, not '%s'", value);
	}
	g_strfreev(parts);
	if (rc == CV_OK && (*out & PDF_STANDARD_A2U) && (*out & PDF_STANDARD_A3U))
		rc = cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0,
		                  "pdf: a file conforms to one part of PDF/A, not two: "
		                  "choose pdf/a-2u or pdf/a-3u in '%s'", value);
	return rc;
}

int pdf_archive_check_standard(const char *value, struct cv_error *err)
{
	unsigned standards;
	return pdf_archive_standards(value, &standards, err);
}

static int pdf_archive_qpdf_error(struct pdf_archive *a, struct cv_error *err)
{
	const char *why = "unknown error";
	if (qpdf_has_error(a->q))
		why = qpdf_get_error_full_text(a->q, qpdf_get_error(a->q));
	return cv_error_set(err, CV_ERROR_LIBRARY, NULL, 0, 0, "pdf: qpdf: %s", why);
}

/* ------------------------------------------------------------------ */
/* The article's metadata                                             */
/* ------------------------------------------------------------------ */

/* The first meta child named name, or NULL. */
static xmlNode *pdf_archive_meta(const struct pdf_archive *a, const char *name)
{
	xmlNode *root = xmlDocGetRootElement(cv_document_tree(a->article));
	for (xmlNode *m = root ? root->children : NULL; m; m = m->next) {
		if (m->type != XML_ELEMENT_NODE || !xmlStrEqual(m->name, BAD_CAST "meta"))
			continue;
		for (xmlNode *c = m->children; c; c = c->next)
			if (c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, BAD_CAST name))
				return c;
	}
	return NULL;
}

/* The text of node with its white space collapsed, as a new string, or
 * NULL for no node or no text. */
static char *pdf_archive_text(const xmlNode *node)
{
	if (node == NULL)
		return NULL;
	xmlChar *raw = xmlNodeGetContent(node);
	GString *s = g_string_new(NULL);
	int space = 0;
	for (const char *p = (const char *)raw; p && *p; p++) {
		if (g_ascii_isspace(*p)) {
			space = s->len > 0;
			continue;
		}
		if (space)
			g_string_append_c(s, ' ');
		space = 0;
		g_string_append_c(s, *p);
	}
	xmlFree(raw);
	return g_string_free(s, s->len == 0);
}

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

/* ------------------------------------------------------------------ */
/* Info and XMP                                                        */
/* ------------------------------------------------------------------ */

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

/* Sets the Info dates and makes the XMP packet from the Info dictionary
 * (so the two agree) and the article's meta. */
static void pdf_archive_metadata(struct pdf_archive *a)
{
	qpdf_data q = a->q;
	qpdf_oh trailer = qpdf_get_trailer(q);
	qpdf_oh info = qpdf_oh_get_key(q, trailer, "/Info");
	if (!qpdf_oh_is_dictionary(q, info)) {
		info = qpdf_make_indirect_object(q, qpdf_oh_new_dictionary(q));
		qpdf_oh_replace_key(q, trailer, "/Info", info);
	}
	qpdf_oh_replace_key(q, info, "/CreationDate", qpdf_oh_new_string(q, a->pdf_date));
	qpdf_oh_replace_key(q, info, "/ModDate", qpdf_oh_new_string(q, a->pdf_date));

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

	/* Uncompressed, so that tools that scan for the packet find it; qpdf
	 * leaves metadata streams uncompressed when it writes. */
	qpdf_oh stream = qpdf_oh_new_stream(q);
	qpdf_oh_replace_stream_data(q, stream, (const unsigned char *)x->str, x->len,
	                            qpdf_oh_new_null(q), qpdf_oh_new_null(q));
	qpdf_oh dict = qpdf_oh_get_dict(q, stream);
	qpdf_oh_replace_key(q, dict, "/Type", qpdf_oh_new_name(q, "/Metadata"));
	qpdf_oh_replace_key(q, dict, "/Subtype", qpdf_oh_new_name(q, "/XML"));
	qpdf_oh_replace_key(q, qpdf_get_root(q), "/Metadata", stream);

	g_string_free(x, TRUE);
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
}

/* ------------------------------------------------------------------ */
/* The catalog and the pages                                           */
/* ------------------------------------------------------------------ */

static void pdf_archive_catalog(struct pdf_archive *a)
{
	qpdf_data q = a->q;
	qpdf_oh root = qpdf_get_root(q);
	const char *lang = cv_document_lang(a->article, NULL);
	if (lang && *lang)
		qpdf_oh_replace_key(q, root, "/Lang", qpdf_oh_new_unicode_string(q, lang));

	qpdf_oh mark = qpdf_oh_get_key(q, root, "/MarkInfo");
	if (!qpdf_oh_is_dictionary(q, mark)) {
		mark = qpdf_oh_new_dictionary(q);
		qpdf_oh_replace_key(q, root, "/MarkInfo", mark);
	}
	qpdf_oh_replace_key(q, mark, "/Marked", qpdf_oh_new_bool(q, QPDF_TRUE));

	qpdf_oh prefs = qpdf_oh_get_key(q, root, "/ViewerPreferences");
	if (!qpdf_oh_is_dictionary(q, prefs)) {
		prefs = qpdf_oh_new_dictionary(q);
		qpdf_oh_replace_key(q, root, "/ViewerPreferences", prefs);
	}
	/* The window shows the title, not the file name (ISO 14289-1, 7.1). */
	qpdf_oh_replace_key(q, prefs, "/DisplayDocTitle", qpdf_oh_new_bool(q, QPDF_TRUE));
	/* Pages side by side go right to left, as the book is bound. */
	if (cv_document_direction(a->article, NULL) == CV_DIR_RTL)
		qpdf_oh_replace_key(q, prefs, "/Direction", qpdf_oh_new_name(q, "/R2L"));

	/* A page's annotations are visited in the order of the structure
	 * tree (ISO 14289-1, 7.18.3). */
	int pages = qpdf_get_num_pages(q);
	for (int i = 0; i < pages; i++) {
		qpdf_oh page = qpdf_get_page_n(q, (size_t)i);
		qpdf_oh annots = qpdf_oh_get_key(q, page, "/Annots");
		if (qpdf_oh_is_array(q, annots) && qpdf_oh_get_array_n_items(q, annots) > 0)
			qpdf_oh_replace_key(q, page, "/Tabs", qpdf_oh_new_name(q, "/S"));
	}
}

/* ------------------------------------------------------------------ */
/* What the standards ask of every object                              */
/* ------------------------------------------------------------------ */

/* Indexes the elements under node by their id (the core has checked that ids are unique). */
static void pdf_archive_index_ids(GHashTable *ids, xmlNode *node)
{
	for (xmlNode *n = node; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		xmlChar *id = xmlGetProp(n, BAD_CAST "id");
		if (id) {
			if (!g_hash_table_contains(ids, id))
				g_hash_table_insert(ids, g_strdup((const char *)id), n);
			xmlFree(id);
		}
		pdf_archive_index_ids(ids, n->children);
	}
}

/* What a link says it leads to, for its /Contents (ISO 14289-1, 7.18.5):
 * the address of an external link; for one inside the article, the
 * title of the section, or the text of the note or element, it goes to. */
static char *pdf_archive_link_text(struct pdf_archive *a, qpdf_oh annot)
{
	qpdf_data q = a->q;
	qpdf_oh action = qpdf_oh_get_key(q, annot, "/A");
	qpdf_oh uri = qpdf_oh_get_key(q, action, "/URI");
	if (qpdf_oh_is_string(q, uri))
		return g_strdup(qpdf_oh_get_utf8_value(q, uri));
	qpdf_oh dest = qpdf_oh_get_key(q, annot, "/Dest");
	if (!qpdf_oh_is_string(q, dest))
		dest = qpdf_oh_get_key(q, action, "/D");
	if (!qpdf_oh_is_string(q, dest))
		return NULL;
	char *name = g_strdup(qpdf_oh_get_utf8_value(q, dest));
	if (a->ids == NULL) {
		a->ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
		pdf_archive_index_ids(a->ids, xmlDocGetRootElement(cv_document_tree(a->article)));
	}
	xmlNode *target = g_hash_table_lookup(a->ids, name);
	xmlNode *title = NULL;
	for (xmlNode *c = target ? target->children : NULL; c && !title; c = c->next)
		if (c->type == XML_ELEMENT_NODE && (xmlStrEqual(c->name, BAD_CAST "title") ||
		                                    xmlStrEqual(c->name, BAD_CAST "caption")))
			title = c;
	char *text = pdf_archive_text(title ? title : target);
	if (text == NULL) {
		if (target && xmlHasProp(target, BAD_CAST "alt")) {
			xmlChar *alt = xmlGetProp(target, BAD_CAST "alt");
			text = g_strdup((const char *)alt);
			xmlFree(alt);
		} else {
			return name;
		}
	}
	g_free(name);
	/* A long note reads as its opening words. */
	if (g_utf8_strlen(text, -1) > 160) {
		char *cut = g_utf8_substring(text, 0, 159);
		g_free(text);
		text = g_strconcat(cut, "\xe2\x80\xa6", NULL);
		g_free(cut);
	}
	return text;
}

/* Whether font has its program embedded (a Type 3 font is its own). */
static int pdf_archive_font_embedded(qpdf_data q, qpdf_oh font)
{
	qpdf_oh subtype = qpdf_oh_get_key(q, font, "/Subtype");
	if (qpdf_oh_is_name_and_equals(q, subtype, "/Type3"))
		return 1;
	if (qpdf_oh_is_name_and_equals(q, subtype, "/Type0"))
		font = qpdf_oh_get_array_item(q, qpdf_oh_get_key(q, font, "/DescendantFonts"), 0);
	qpdf_oh fd = qpdf_oh_get_key(q, font, "/FontDescriptor");
	return qpdf_oh_has_key(q, fd, "/FontFile") || qpdf_oh_has_key(q, fd, "/FontFile2") ||
	       qpdf_oh_has_key(q, fd, "/FontFile3");
}

/* Goes over every object for what the standards ask of it, and refuses a
 * file whose fonts or actions no fix here can make conform. */
static int pdf_archive_objects(struct pdf_archive *a, struct cv_error *err)
{
	qpdf_data q = a->q;
	int pdfa = (a->standards & (PDF_STANDARD_A2U | PDF_STANDARD_A3U)) != 0;
	int ua = (a->standards & PDF_STANDARD_UA1) != 0;
	if (!pdfa && !ua)
		return CV_OK;
	int size = qpdf_oh_get_int_value_as_int(q, qpdf_oh_get_key(q, qpdf_get_trailer(q), "/Size"));
	for (int id = 1; id < size; id++) {
		qpdf_oh o = qpdf_get_object_by_id(q, id, 0);
		qpdf_oh d = qpdf_oh_is_stream(q, o) ? qpdf_oh_get_dict(q, o) : o;
		if (!qpdf_oh_is_dictionary(q, d))
			continue;
		qpdf_oh type = qpdf_oh_get_key(q, d, "/Type");
		qpdf_oh subtype = qpdf_oh_get_key(q, d, "/Subtype");
		if (qpdf_oh_has_key(q, d, "/AA") || qpdf_oh_has_key(q, d, "/JS"))
			return cv_error_set(err, CV_ERROR_UNSUPPORTED, NULL, 0, 0,
			                    "pdf: object %d has an action PDF/A and PDF/UA forbid", id);
		if (pdfa && qpdf_oh_is_name_and_equals(q, subtype, "/Image"))
			/* ISO 19005-2, 6.2.8: no /Interpolate true. */
			qpdf_oh_remove_key(q, d, "/Interpolate");
		if (qpdf_oh_is_name_and_equals(q, type, "/Annot")) {
			/* Printed, never hidden (ISO 19005-2, 6.3.2). */
			if (pdfa)
				qpdf_oh_replace_key(q, d, "/F", qpdf_oh_new_integer(q, 4));
			if (ua && qpdf_oh_is_name_and_equals(q, subtype, "/Link") &&
			    !qpdf_oh_has_key(q, d, "/Contents")) {
				char *text = pdf_archive_link_text(a, d);
				if (text)
					qpdf_oh_replace_key(q, d, "/Contents", qpdf_oh_new_unicode_string(q, text));
				g_free(text);
			}
		}
		if (qpdf_oh_is_name_and_equals(q, type, "/Font")) {
			if (qpdf_oh_is_name_and_equals(q, subtype, "/CIDFontType2")) {
				/* ISO 19005-2, 6.2.11.3.2: the map named, though
				 * Identity is the default Cairo relies on. */
				if (pdfa && !qpdf_oh_has_key(q, d, "/CIDToGIDMap"))
					qpdf_oh_replace_key(q, d, "/CIDToGIDMap", qpdf_oh_new_name(q, "/Identity"));
				continue;
			}
			if (qpdf_oh_is_name_and_equals(q, subtype, "/CIDFontType0"))
				continue; /* checked through its Type 0 font */
			qpdf_oh name = qpdf_oh_get_key(q, d, "/BaseFont");
			const char *base = qpdf_oh_is_name(q, name) ? qpdf_oh_get_name(q, name) : "?";
			if (!pdf_archive_font_embedded(q, d))
				return cv_error_set(err, CV_ERROR_UNSUPPORTED, NULL, 0, 0,
				                    "pdf: font %s is not embedded, which the standard "
				                    "forbids", base);
			if (!qpdf_oh_has_key(q, d, "/ToUnicode"))
				return cv_error_set(err, CV_ERROR_UNSUPPORTED, NULL, 0, 0,
				                    "pdf: font %s has no map to Unicode, which the "
				                    "standard needs", base);
		}
	}
	return qpdf_has_error(q) ? pdf_archive_qpdf_error(a, err) : CV_OK;
}

/* ------------------------------------------------------------------ */
/* PDF/A: the output intent and the embedded source                    */
/* ------------------------------------------------------------------ */

/* Reads at most cap bytes of path into a new buffer (g_free). */
static int pdf_archive_read(const char *path, size_t cap, char **data, size_t *len,
                            struct cv_error *err)
{
	*data = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return cv_error_set(err, CV_ERROR_SYSTEM, path, 0, 0, "pdf: cannot read: %s",
		                    strerror(errno));
	GString *buf = g_string_new(NULL);
	char chunk[65536];
	ssize_t got;
	while ((got = read(fd, chunk, sizeof chunk)) > 0 && buf->len <= cap)
		g_string_append_len(buf, chunk, got);
	int e = errno;
	close(fd);
	if (got < 0 || buf->len > cap) {
		g_string_free(buf, TRUE);
		return cv_error_set(err, CV_ERROR_SYSTEM, path, 0, 0, "pdf: cannot read: %s",
		                    got < 0 ? strerror(e) : "too large");
	}
	*len = buf->len;
	*data = g_string_free(buf, FALSE);
	return CV_OK;
}

static int pdf_archive_output_intent(struct pdf_archive *a, struct cv_error *err)
{
	qpdf_data q = a->q;
	char *icc;
	size_t len;
	if (pdf_archive_read(PDF_ARCHIVE_SRGB, 1u << 20, &icc, &len, err) != CV_OK)
		return cv_error_set(err, CV_ERROR_SYSTEM, NULL, 0, 0,
		                    "pdf: PDF/A needs the sRGB profile %s (Debian package "
		                    "icc-profiles-free): %s", PDF_ARCHIVE_SRGB, err->message);
	qpdf_oh profile = qpdf_oh_new_stream(q);
	qpdf_oh_replace_stream_data(q, profile, (const unsigned char *)icc, len,
	                            qpdf_oh_new_null(q), qpdf_oh_new_null(q));
	g_free(icc);
	qpdf_oh_replace_key(q, qpdf_oh_get_dict(q, profile), "/N", qpdf_oh_new_integer(q, 3));
	qpdf_oh intent = qpdf_oh_new_dictionary(q);
	qpdf_oh_replace_key(q, intent, "/Type", qpdf_oh_new_name(q, "/OutputIntent"));
	qpdf_oh_replace_key(q, intent, "/S", qpdf_oh_new_name(q, "/GTS_PDFA1"));
	qpdf_oh_replace_key(q, intent, "/OutputConditionIdentifier",
	                    qpdf_oh_new_string(q, PDF_ARCHIVE_SRGB_NAME));
	qpdf_oh_replace_key(q, intent, "/Info", qpdf_oh_new_string(q, PDF_ARCHIVE_SRGB_NAME));
	qpdf_oh_replace_key(q, intent, "/RegistryName", qpdf_oh_new_string(q, "http://www.color.org"));
	qpdf_oh_replace_key(q, intent, "/DestOutputProfile", profile);
	qpdf_oh intents = qpdf_oh_new_array(q);
	qpdf_oh_append_item(q, intents, qpdf_make_indirect_object(q, intent));
	qpdf_oh_replace_key(q, qpdf_get_root(q), "/OutputIntents", intents);
	return CV_OK;
}

/* One embedded file, before it is put in the name tree. */
struct pdf_archive_file {
	qpdf_oh spec;
	char *key;       /* the name's bytes as the PDF string holds them */
	size_t key_len;
};

static int pdf_archive_file_cmp(const void *x, const void *y)
{
	const struct pdf_archive_file *f = x, *g = y;
	int c = memcmp(f->key, g->key, f->key_len < g->key_len ? f->key_len : g->key_len);
	return c ? c : (f->key_len > g->key_len) - (f->key_len < g->key_len);
}

/* Makes the file specification of an embedded file: the bytes, their
 * media type, size, dates and MD5 (ISO 32000-1, 7.11.4), related to the
 * document as its source (ISO 19005-3, 6.8). */
static void pdf_archive_embed(struct pdf_archive *a, GArray *files, const char *name,
                              const char *media_type, const char *desc,
                              const unsigned char *data, size_t len)
{
	qpdf_data q = a->q;
	qpdf_oh stream = qpdf_oh_new_stream(q);
	qpdf_oh_replace_stream_data(q, stream, data, len, qpdf_oh_new_null(q), qpdf_oh_new_null(q));
	qpdf_oh dict = qpdf_oh_get_dict(q, stream);
	char *subtype = g_strconcat("/", media_type, NULL);
	qpdf_oh_replace_key(q, dict, "/Type", qpdf_oh_new_name(q, "/EmbeddedFile"));
	qpdf_oh_replace_key(q, dict, "/Subtype", qpdf_oh_new_name(q, subtype));
	g_free(subtype);

	guint8 md5[16];
	gsize md5_len = sizeof md5;
	GChecksum *sum = g_checksum_new(G_CHECKSUM_MD5);
	g_checksum_update(sum, data, len);
	g_checksum_get_digest(sum, md5, &md5_len);
	g_checksum_free(sum);
	qpdf_oh params = qpdf_oh_new_dictionary(q);
	qpdf_oh_replace_key(q, params, "/Size", qpdf_oh_new_integer(q, (long long)len));
	/* The edition's time, not the file's: the bytes must not depend on
	 * when the article was copied where. */
	qpdf_oh_replace_key(q, params, "/CreationDate", qpdf_oh_new_string(q, a->pdf_date));
	qpdf_oh_replace_key(q, params, "/ModDate", qpdf_oh_new_string(q, a->pdf_date));
	qpdf_oh_replace_key(q, params, "/CheckSum",
	                    qpdf_oh_new_binary_string(q, (const char *)md5, md5_len));
	qpdf_oh_replace_key(q, dict, "/Params", params);

	qpdf_oh ef = qpdf_oh_new_dictionary(q);
	qpdf_oh_replace_key(q, ef, "/F", stream);
	qpdf_oh_replace_key(q, ef, "/UF", stream);
	qpdf_oh spec = qpdf_oh_new_dictionary(q);
	qpdf_oh_replace_key(q, spec, "/Type", qpdf_oh_new_name(q, "/Filespec"));
	qpdf_oh key = qpdf_oh_new_unicode_string(q, name);
	qpdf_oh_replace_key(q, spec, "/F", key);
	qpdf_oh_replace_key(q, spec, "/UF", qpdf_oh_new_unicode_string(q, name));
	qpdf_oh_replace_key(q, spec, "/Desc", qpdf_oh_new_string(q, desc));
	qpdf_oh_replace_key(q, spec, "/AFRelationship", qpdf_oh_new_name(q, "/Source"));
	qpdf_oh_replace_key(q, spec, "/EF", ef);

	struct pdf_archive_file f;
	f.spec = qpdf_make_indirect_object(q, spec);
	const char *bytes;
	qpdf_oh_get_value_as_string(q, key, &bytes, &f.key_len);
	f.key = g_memdup2(bytes, f.key_len);
	g_array_append_val(files, f);
}

/* Adds each image the article shows (once, in order of first use). */
static void pdf_archive_embed_images(struct pdf_archive *a, GArray *files, GHashTable *seen,
                                     xmlNode *node)
{
	for (xmlNode *n = node; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (xmlStrEqual(n->name, BAD_CAST "image")) {
			xmlChar *src = xmlGetProp(n, BAD_CAST "src");
			const struct cv_resource *res =
				src ? cv_document_lookup_resource(a->article, (const char *)src) : NULL;
			xmlFree(src);
			if (res && !g_hash_table_contains(seen, cv_resource_name(res))) {
				g_hash_table_add(seen, (gpointer)cv_resource_name(res));
				pdf_archive_embed(a, files, cv_resource_name(res), cv_resource_media_type(res),
				                  "An image of the source article", cv_resource_data(res),
				                  cv_resource_size(res));
			}
		}
		pdf_archive_embed_images(a, files, seen, n->children);
	}
}

/* Embeds the article and its images, each an associated file of the
 * document (/AF) listed in its EmbeddedFiles name tree, so pdfdetach
 * gives the source back byte for byte. */
static int pdf_archive_embed_source(struct pdf_archive *a, struct cv_error *err)
{
	qpdf_data q = a->q;
	char *xml;
	size_t len;
	const char *path = cv_document_path(a->article);
	if (pdf_archive_read(path, PDF_ARCHIVE_MAX_SOURCE, &xml, &len, err) != CV_OK)
		return CV_FAIL;
	GArray *files = g_array_new(FALSE, FALSE, sizeof(struct pdf_archive_file));
	const char *slash = strrchr(path, '/');
	pdf_archive_embed(a, files, slash ? slash + 1 : path, "application/xml",
	                  "The source article", (const unsigned char *)xml, len);
	g_free(xml);
	GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
	pdf_archive_embed_images(a, files, seen, xmlDocGetRootElement(cv_document_tree(a->article)));
	g_hash_table_destroy(seen);

	qpdf_oh af = qpdf_oh_new_array(q);
	for (guint i = 0; i < files->len; i++)
		qpdf_oh_append_item(q, af, g_array_index(files, struct pdf_archive_file, i).spec);
	/* A name tree's keys are in the byte order of its strings. */
	g_array_sort(files, pdf_archive_file_cmp);
	qpdf_oh names = qpdf_oh_new_array(q);
	for (guint i = 0; i < files->len; i++) {
		struct pdf_archive_file *f = &g_array_index(files, struct pdf_archive_file, i);
		qpdf_oh_append_item(q, names, qpdf_oh_new_binary_string(q, f->key, f->key_len));
		qpdf_oh_append_item(q, names, f->spec);
		g_free(f->key);
	}
	g_array_free(files, TRUE);
	qpdf_oh root = qpdf_get_root(q);
	qpdf_oh_replace_key(q, root, "/AF", af);
	qpdf_oh tree = qpdf_oh_new_dictionary(q);
	qpdf_oh_replace_key(q, tree, "/Names", names);
	qpdf_oh dict = qpdf_oh_get_key(q, root, "/Names");
	if (!qpdf_oh_is_dictionary(q, dict)) {
		dict = qpdf_oh_new_dictionary(q);
		qpdf_oh_replace_key(q, root, "/Names", dict);
	}
	qpdf_oh_replace_key(q, dict, "/EmbeddedFiles", tree);
	return CV_OK;
}

/* ------------------------------------------------------------------ */

static int pdf_archive_run(struct pdf_archive *a, const unsigned char *file, size_t len,
                           const char *const *alts, int n_alts, struct cv_error *err)
{
	qpdf_data q = a->q;
	if (qpdf_read_memory(q, "convert", (const char *)file, (unsigned long long)len, NULL) &
	    QPDF_ERRORS)
		return pdf_archive_qpdf_error(a, err);

	GArray *bare = g_array_new(FALSE, FALSE, sizeof(qpdf_oh));
	pdf_alttext_set(q, alts, n_alts, bare);
	/* A decorative image (alt="") is no figure: under PDF/UA it leaves the
	 * tree, and its content and all that render.c drew untagged become
	 * artifacts (artifact.h). */
	struct pdf_artifacts *artifacts = NULL;
	if (a->standards & PDF_STANDARD_UA1) {
		artifacts = pdf_artifacts_new();
		for (guint i = 0; i < bare->len; i++)
			pdf_artifacts_untag(artifacts, q, g_array_index(bare, qpdf_oh, i));
	}
	g_array_free(bare, TRUE);
	pdf_archive_metadata(a);
	pdf_archive_catalog(a);
	int rc = pdf_archive_objects(a, err);
	if (rc == CV_OK && (a->standards & (PDF_STANDARD_A2U | PDF_STANDARD_A3U)))
		rc = pdf_archive_output_intent(a, err);
	/* PDF/A-2 admits only PDF/A files as attachments, so the source
	 * goes in with PDF/A-3 alone (docs/archival.md). */
	if (rc == CV_OK && (a->standards & PDF_STANDARD_A3U))
		rc = pdf_archive_embed_source(a, err);
	if (rc == CV_OK && artifacts)
		rc = pdf_artifacts_mark(artifacts, q, err);
	pdf_artifacts_free(artifacts);
	if (rc != CV_OK)
		return CV_FAIL;
	if (qpdf_has_error(q))
		return pdf_archive_qpdf_error(a, err);

	/* Everything else as Cairo wrote it: streams stay compressed as
	 * they are, no object streams are made. */
	if ((qpdf_init_write_memory(q) & QPDF_ERRORS) != 0)
		return pdf_archive_qpdf_error(a, err);
	qpdf_set_deterministic_ID(q, QPDF_TRUE);
	qpdf_set_object_stream_mode(q, qpdf_o_preserve);
	qpdf_set_decode_level(q, qpdf_dl_none);
	/* The standards are written against ISO 32000-1. */
	if (a->standards)
		qpdf_set_minimum_pdf_version(q, "1.7");
	if (qpdf_write(q) & QPDF_ERRORS)
		return pdf_archive_qpdf_error(a, err);
	return cv_job_write(a->job, qpdf_get_buffer(q), qpdf_get_buffer_length(q), err);
}

int pdf_archive_write(struct cv_job *job, const unsigned char *file, size_t len,
                      const char *const *alts, int n_alts, struct cv_error *err)
{
	struct pdf_archive a;
	memset(&a, 0, sizeof a);
	a.job = job;
	a.article = cv_job_document(job);
	int rc = pdf_archive_standards(cv_job_param(job, "standard"), &a.standards, err);
	if (rc == CV_OK) {
		struct tm tm;
		cv_job_timestamp(job, &a.when);
		gmtime_r(&a.when, &tm);
		strftime(a.pdf_date, sizeof a.pdf_date, "D:%Y%m%d%H%M%SZ", &tm);
		strftime(a.xmp_date, sizeof a.xmp_date, "%Y-%m-%dT%H:%M:%SZ", &tm);
		a.q = qpdf_init();
		qpdf_silence_errors(a.q);
		qpdf_set_suppress_warnings(a.q, QPDF_TRUE);
		rc = pdf_archive_run(&a, file, len, alts, n_alts, err);
		qpdf_cleanup(&a.q);
	}
	if (a.ids)
		g_hash_table_destroy(a.ids);
	return rc;
}
