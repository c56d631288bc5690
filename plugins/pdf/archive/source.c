/*
 * source.c: what PDF/A adds to the file: the output intent (ISO 19005-2,
 * 6.2.3), the map each CIDFontType2 font must name (6.2.11.3.2), and with
 * PDF/A-3 the article and its images as associated files (ISO 19005-3,
 * 6.8).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "archive/local.h"

/* The sRGB profile of the output intent: Debian's icc-profiles-free
 * (zlib licence), an ICC v2 display profile. */
#define PDF_ARCHIVE_SRGB "/usr/share/color/icc/sRGB.icc"
#define PDF_ARCHIVE_SRGB_NAME "sRGB IEC61966-2.1"

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

int pdf_archive_output_intent(struct pdf_archive *a, struct cv_error *err)
{
	qpdf_data q = a->q;
	char *icc;
	size_t len;
	if (pdf_archive_read(PDF_ARCHIVE_SRGB, 1u << 20, &icc, &len, err) != CV_OK)
		return cv_error_set(err, CV_ERROR_SYSTEM, NULL, 0, 0,
		                    "pdf: PDF/A needs the sRGB profile %s (Debian package "
		                    "icc-profiles-free): %s", PDF_ARCHIVE_SRGB, err->message);
	qpdf_oh profile_dict;
	qpdf_oh profile = pdf_update_add_stream(a->u, icc, len, 1, &profile_dict);
	g_free(icc);
	qpdf_oh_replace_key(q, profile_dict, "/N", qpdf_oh_new_integer(q, 3));
	qpdf_oh intent = qpdf_oh_new_dictionary(q);
	qpdf_oh_replace_key(q, intent, "/Type", qpdf_oh_new_name(q, "/OutputIntent"));
	qpdf_oh_replace_key(q, intent, "/S", qpdf_oh_new_name(q, "/GTS_PDFA1"));
	qpdf_oh_replace_key(q, intent, "/OutputConditionIdentifier",
	                    qpdf_oh_new_string(q, PDF_ARCHIVE_SRGB_NAME));
	qpdf_oh_replace_key(q, intent, "/Info", qpdf_oh_new_string(q, PDF_ARCHIVE_SRGB_NAME));
	qpdf_oh_replace_key(q, intent, "/RegistryName", qpdf_oh_new_string(q, "http://www.color.org"));
	qpdf_oh_replace_key(q, intent, "/DestOutputProfile", profile);
	qpdf_oh intents = qpdf_oh_new_array(q);
	qpdf_oh_append_item(q, intents, pdf_update_add(a->u, intent));
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
	qpdf_oh dict;
	qpdf_oh stream = pdf_update_add_stream(a->u, data, len, 1, &dict);
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
	f.spec = pdf_update_add(a->u, spec);
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
int pdf_archive_embed_source(struct pdf_archive *a, struct cv_error *err)
{
	qpdf_data q = a->q;
	unsigned char *xml;
	size_t len;
	const char *path = cv_document_path(a->article);
	/* The bytes the core read, as it read them. */
	if (cv_document_load_bytes(a->article, &xml, &len, err) != CV_OK)
		return CV_FAIL;
	GArray *files = g_array_new(FALSE, FALSE, sizeof(struct pdf_archive_file));
	const char *slash = strrchr(path, '/');
	pdf_archive_embed(a, files, slash ? slash + 1 : path, "application/xml",
	                  "The source article", xml, len);
	free(xml);
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
	/* Cairo writes the names dictionary as an object of its own. */
	if (qpdf_oh_is_indirect(q, dict))
		pdf_update_touch(a->u, dict);
	return CV_OK;
}

/*
 * Cairo 1.16 writes each font's dictionaries uncompressed, its descendant
 * font as "N 0 obj\n<< /Type /Font\n   /Subtype /CIDFontType2\n..."
 * (cairo-pdf-surface.c, _cairo_pdf_surface_emit_truetype_font_subset), so
 * they are found in the file's bytes rather than through every page's
 * and form's resources (40 ms of qpdf's parsing on the bench book); each
 * one found is read through qpdf, which also weeds out bytes that only
 * look like one inside a compressed stream. tests/tools/pdf-archival-check
 * checks every font of every file the tests make.
 */
void pdf_archive_fonts(struct pdf_archive *a)
{
	static const char key[] = "/Subtype /CIDFontType2";
	qpdf_data q = a->q;
	size_t len;
	const char *file = (const char *)pdf_update_file(a->u, &len);
	const char *end = file + len, *p = file;
	while ((p = memmem(p, (size_t)(end - p), key, sizeof key - 1)) != NULL) {
		/* The object's header: back to "obj", then its number. */
		const char *obj = p;
		while (obj > file && p - obj < 64 && memcmp(obj, "obj", 3) != 0)
			obj--;
		p += sizeof key - 1;
		const char *num = obj;
		while (num > file && (num[-1] == ' ' || g_ascii_isdigit(num[-1])))
			num--;
		int id = memcmp(obj, "obj", 3) == 0 ? atoi(num) : 0;
		if (id <= 0)
			continue;
		qpdf_oh font = qpdf_get_object_by_id(q, id, 0);
		/* ISO 19005-2, 6.2.11.3.2: the map named, though Identity is
		 * the default Cairo relies on. */
		if (qpdf_oh_is_dictionary(q, font) &&
		    qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, font, "/Subtype"), "/CIDFontType2") &&
		    !qpdf_oh_has_key(q, font, "/CIDToGIDMap")) {
			qpdf_oh_replace_key(q, font, "/CIDToGIDMap", qpdf_oh_new_name(q, "/Identity"));
			pdf_update_touch(a->u, font);
		}
	}
}

