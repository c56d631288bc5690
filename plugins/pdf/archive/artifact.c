/*
 * artifact.c: the drawing's artifacts marked (local.h).
 *
 * ISO 14289-1 (7.1) wants every piece of content either in the structure
 * tree or marked as an artifact: running heads and page numbers, rules,
 * borders, backgrounds, decorative images. Cairo 1.16 cannot write an
 * Artifact sequence (it knows only structure tags), and rewriting every
 * page's content stream costs as much again as drawing it (inflating,
 * reading and deflating 5 MB of content on the bench book). So under
 * pdf/ua-1 the draw stage paints everything it does not tag into a group
 * of its own, which Cairo writes as a form XObject painted from the page
 * outside any marked content; here each such form's few bytes of content
 * are wrapped in /Artifact BMC ... EMC. On a page that paints no other
 * forms (the drawing says which do: tagging.h) every form its resources
 * list is an artifact group. A page that does (an SVG figure's groups,
 * inside its Figure) is read, not written: a form painted at
 * marked-content depth 0 is an artifact group, and anything else painted
 * there is refused, as content the file would otherwise leave neither
 * tagged nor an artifact. tests/tools/pdf-archival-check reads every page
 * so of every file the tests make.
 *
 * A form's content is part of the marked-content sequence its Do is in
 * (ISO 32000-1, 14.6), so an Artifact sequence inside a form painted
 * outside any sequence marks an artifact, as one in the page would.
 */
#include <stdlib.h>
#include <string.h>

#include "archive/local.h"

enum pdf_token {
	PDF_TOKEN_END,
	PDF_TOKEN_OPERAND, /* number, string, array or dictionary bracket, true... */
	PDF_TOKEN_NAME,
	PDF_TOKEN_OPERATOR
};

struct pdf_lexer {
	const unsigned char *s;
	size_t len, pos;
	size_t start;      /* the last token's first byte */
};

static int pdf_is_space(unsigned char c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

static int pdf_is_delimiter(unsigned char c)
{
	return strchr("()<>[]{}/%", c) != NULL && c != '\0';
}

static enum pdf_token pdf_lex(struct pdf_lexer *lx)
{
	const unsigned char *s = lx->s;
	for (;;) {
		while (lx->pos < lx->len && pdf_is_space(s[lx->pos]))
			lx->pos++;
		if (lx->pos < lx->len && s[lx->pos] == '%') {
			while (lx->pos < lx->len && s[lx->pos] != '\n' && s[lx->pos] != '\r')
				lx->pos++;
			continue;
		}
		break;
	}
	lx->start = lx->pos;
	if (lx->pos >= lx->len)
		return PDF_TOKEN_END;
	unsigned char c = s[lx->pos++];
	switch (c) {
	case '(': {
		int depth = 1;
		while (lx->pos < lx->len && depth > 0) {
			unsigned char d = s[lx->pos++];
			if (d == '\\')
				lx->pos++;
			else if (d == '(')
				depth++;
			else if (d == ')')
				depth--;
		}
		if (lx->pos > lx->len)
			lx->pos = lx->len;
		return PDF_TOKEN_OPERAND;
	}
	case '<':
		if (lx->pos < lx->len && s[lx->pos] == '<') {
			lx->pos++;
			return PDF_TOKEN_OPERAND;
		}
		while (lx->pos < lx->len && s[lx->pos] != '>')
			lx->pos++;
		if (lx->pos < lx->len)
			lx->pos++;
		return PDF_TOKEN_OPERAND;
	case '>':
		if (lx->pos < lx->len && s[lx->pos] == '>')
			lx->pos++;
		return PDF_TOKEN_OPERAND;
	case '[': case ']': case '{': case '}': case ')':
		return PDF_TOKEN_OPERAND;
	case '/':
		while (lx->pos < lx->len && !pdf_is_space(s[lx->pos]) && !pdf_is_delimiter(s[lx->pos]))
			lx->pos++;
		return PDF_TOKEN_NAME;
	default:
		while (lx->pos < lx->len && !pdf_is_space(s[lx->pos]) && !pdf_is_delimiter(s[lx->pos]))
			lx->pos++;
		if (g_ascii_isdigit(c) || c == '+' || c == '-' || c == '.')
			return PDF_TOKEN_OPERAND;
		size_t n = lx->pos - lx->start;
		if ((n == 4 && memcmp(s + lx->start, "true", 4) == 0) ||
		    (n == 5 && memcmp(s + lx->start, "false", 5) == 0) ||
		    (n == 4 && memcmp(s + lx->start, "null", 4) == 0))
			return PDF_TOKEN_OPERAND;
		return PDF_TOKEN_OPERATOR;
	}
}

/* Whether the operator at lx is op. */
static int pdf_op_is(const struct pdf_lexer *lx, const char *op)
{
	size_t n = strlen(op);
	return lx->pos - lx->start == n && memcmp(lx->s + lx->start, op, n) == 0;
}

/* Skips an inline image's data after its ID operator, to just past the
 * EI that ends it (ISO 32000-1, 8.9.7). */
static void pdf_skip_inline_image(struct pdf_lexer *lx)
{
	const unsigned char *s = lx->s;
	size_t p = lx->pos + 1; /* one white-space byte after ID */
	for (; p + 2 <= lx->len; p++)
		if (pdf_is_space(s[p - 1]) && s[p] == 'E' && s[p + 1] == 'I' &&
		    (p + 2 == lx->len || pdf_is_space(s[p + 2]))) {
			lx->start = p;
			lx->pos = p + 2;
			return;
		}
	lx->start = lx->pos = lx->len;
}


/* The forms a page paints outside marked content, and inside it. */
struct pdf_scan {
	struct pdf_archive *a;
	qpdf_oh xobjects;     /* the page's /Resources /XObject */
	GHashTable *outside;  /* form id -> 1 */
	GHashTable *inside;   /* form id -> 1 */
	GArray *forms;        /* form ids outside, in order */
	int page;
	struct cv_error *err;
};

/* The form XObject named by the name token at [at, at + n) of the page's
 * resources, or 0 (an image, or no such object). */
static int pdf_scan_form(struct pdf_scan *sc, const unsigned char *name, size_t n)
{
	qpdf_data q = sc->a->q;
	char *key = g_strndup((const char *)name, n);
	qpdf_oh x = qpdf_oh_get_key(q, sc->xobjects, key);
	g_free(key);
	if (!qpdf_oh_is_stream(q, x))
		return 0;
	qpdf_oh d = qpdf_oh_get_dict(q, x);
	return qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, d, "/Subtype"), "/Form")
	       ? qpdf_oh_get_object_id(q, x) : 0;
}

static int pdf_scan_refuse(struct pdf_scan *sc, const struct pdf_lexer *lx)
{
	return cv_error_set(sc->err, CV_ERROR_LIBRARY, NULL, 0, 0,
	                    "pdf: page %d paints '%.*s' outside the structure tree and outside "
	                    "any artifact, which pdf/ua-1 forbids", sc->page,
	                    (int)(lx->pos - lx->start), (const char *)lx->s + lx->start);
}

/* Reads one page's content: its forms outside and inside marked content,
 * and nothing else painted outside. */
static int pdf_scan_page(struct pdf_scan *sc, const unsigned char *src, size_t len)
{
	struct pdf_lexer lx = { src, len, 0, 0 };
	int depth = 0;
	size_t name_at = 0, name_len = 0;
	enum pdf_token t;
	while ((t = pdf_lex(&lx)) != PDF_TOKEN_END) {
		if (t == PDF_TOKEN_NAME) {
			name_at = lx.start;
			name_len = lx.pos - lx.start;
			continue;
		}
		if (t != PDF_TOKEN_OPERATOR)
			continue;
		if (pdf_op_is(&lx, "BI")) {
			/* An inline image: its dictionary, ID, data, then EI. */
			while ((t = pdf_lex(&lx)) != PDF_TOKEN_END)
				if (t == PDF_TOKEN_OPERATOR && pdf_op_is(&lx, "ID"))
					break;
			pdf_skip_inline_image(&lx);
			if (depth == 0)
				return pdf_scan_refuse(sc, &lx);
		} else if (pdf_op_is(&lx, "BDC") || pdf_op_is(&lx, "BMC")) {
			depth++;
		} else if (pdf_op_is(&lx, "EMC")) {
			if (depth > 0)
				depth--;
		} else if (pdf_op_is(&lx, "Do")) {
			int id = name_len ? pdf_scan_form(sc, src + name_at, name_len) : 0;
			if (id == 0 && depth == 0)
				return pdf_scan_refuse(sc, &lx);
			if (id && depth > 0) {
				g_hash_table_add(sc->inside, GINT_TO_POINTER(id));
			} else if (id && !g_hash_table_contains(sc->outside, GINT_TO_POINTER(id))) {
				g_hash_table_add(sc->outside, GINT_TO_POINTER(id));
				g_array_append_val(sc->forms, id);
			}
		} else if (depth == 0 &&
		           (pdf_op_is(&lx, "S") || pdf_op_is(&lx, "s") || pdf_op_is(&lx, "f") ||
		            pdf_op_is(&lx, "F") || pdf_op_is(&lx, "f*") || pdf_op_is(&lx, "B") ||
		            pdf_op_is(&lx, "B*") || pdf_op_is(&lx, "b") || pdf_op_is(&lx, "b*") ||
		            pdf_op_is(&lx, "Tj") || pdf_op_is(&lx, "TJ") || pdf_op_is(&lx, "'") ||
		            pdf_op_is(&lx, "\"") || pdf_op_is(&lx, "sh"))) {
			return pdf_scan_refuse(sc, &lx);
		}
		name_len = 0;
	}
	return CV_OK;
}

/* Wraps form id's content in an Artifact sequence. */
static int pdf_artifact_wrap(struct pdf_archive *a, int id, struct cv_error *err)
{
	qpdf_data q = a->q;
	qpdf_oh form = qpdf_get_object_by_id(q, id, 0);
	unsigned char *data = NULL;
	size_t len = 0;
	if (qpdf_oh_get_stream_data(q, form, qpdf_dl_generalized, NULL, &data, &len) & QPDF_ERRORS) {
		free(data);
		return pdf_update_qpdf_error(a->u, err);
	}
	GString *s = g_string_sized_new(len + 32);
	g_string_append(s, "/Artifact BMC\n");
	g_string_append_len(s, (const char *)data, (gssize)len);
	g_string_append(s, "\nEMC\n");
	free(data);
	pdf_update_set_stream(a->u, form, s->str, s->len, 1);
	g_string_free(s, TRUE);
	return CV_OK;
}

/* Every form XObject of the page's resources is an artifact group. */
static void pdf_scan_resources(struct pdf_scan *sc)
{
	qpdf_data q = sc->a->q;
	if (!qpdf_oh_is_dictionary(q, sc->xobjects))
		return;
	GPtrArray *keys = g_ptr_array_new_with_free_func(g_free);
	for (qpdf_oh_begin_dict_key_iter(q, sc->xobjects); qpdf_oh_dict_more_keys(q);)
		g_ptr_array_add(keys, g_strdup(qpdf_oh_dict_next_key(q)));
	for (guint i = 0; i < keys->len; i++) {
		const char *key = keys->pdata[i];
		int id = pdf_scan_form(sc, (const unsigned char *)key, strlen(key));
		if (id && !g_hash_table_contains(sc->outside, GINT_TO_POINTER(id))) {
			g_hash_table_add(sc->outside, GINT_TO_POINTER(id));
			g_array_append_val(sc->forms, id);
		}
	}
	g_ptr_array_free(keys, TRUE);
}

int pdf_archive_artifacts(struct pdf_archive *a, struct cv_error *err)
{
	qpdf_data q = a->q;
	const GArray *read_pages = a->in->tags->form_pages;
	struct pdf_scan sc = { a, 0, g_hash_table_new(g_direct_hash, g_direct_equal),
	                       g_hash_table_new(g_direct_hash, g_direct_equal),
	                       g_array_new(FALSE, FALSE, sizeof(int)), 0, err };
	int rc = CV_OK;
	int pages = qpdf_get_num_pages(q);
	guint next_read = 0;
	for (int i = 0; i < pages && rc == CV_OK; i++) {
		qpdf_oh page = qpdf_get_page_n(q, (size_t)i);
		sc.page = i + 1;
		sc.xobjects = qpdf_oh_get_key(q, qpdf_oh_get_key(q, page, "/Resources"), "/XObject");
		if (!read_pages || next_read >= read_pages->len ||
		    g_array_index(read_pages, int, next_read) != i) {
			pdf_scan_resources(&sc);
			continue;
		}
		next_read++;
		unsigned char *data = NULL;
		size_t len = 0;
		if (qpdf_oh_get_page_content_data(q, page, &data, &len) & QPDF_ERRORS)
			rc = cv_error_set(err, CV_ERROR_LIBRARY, NULL, 0, 0,
			                  "pdf: qpdf: cannot read the content of page %d", i + 1);
		else
			rc = pdf_scan_page(&sc, data, len);
		free(data);
	}
	for (guint i = 0; i < sc.forms->len && rc == CV_OK; i++) {
		int id = g_array_index(sc.forms, int, i);
		if (g_hash_table_contains(sc.inside, GINT_TO_POINTER(id)))
			rc = cv_error_set(err, CV_ERROR_LIBRARY, NULL, 0, 0,
			                  "pdf: form %d is painted both as an artifact and as tagged "
			                  "content", id);
		else
			rc = pdf_artifact_wrap(a, id, err);
	}
	g_hash_table_destroy(sc.outside);
	g_hash_table_destroy(sc.inside);
	g_array_free(sc.forms, TRUE);
	return rc;
}
