/*
 * artifact.c: artifacts marked in the pages' content streams
 * (artifact.h).
 *
 * A content stream is read as PDF operations (operands, then an operator;
 * ISO 32000-1, 7.8.2 and 8.2) and copied through. When an operation
 * paints at marked-content depth 0, an /Artifact BMC sequence opens where
 * the untagged content began (after the last tagged sequence), so that it
 * holds whole graphics objects, and stays open until the next tagged
 * sequence. Marked content nests with text objects (14.6): a sequence
 * that begins inside one ends before its ET. Marked content may span q
 * and Q, which Cairo opens and closes around runs of drawing.
 */
#include "artifact.h"

#include <stdlib.h>
#include <string.h>

#include <glib.h>

struct pdf_artifacts {
	/* page object id -> set of MCIDs (stored as MCID + 1) */
	GHashTable *pages;
};

struct pdf_artifacts *pdf_artifacts_new(void)
{
	struct pdf_artifacts *set = g_new0(struct pdf_artifacts, 1);
	set->pages = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
	                                   (GDestroyNotify)g_hash_table_destroy);
	return set;
}

void pdf_artifacts_free(struct pdf_artifacts *set)
{
	if (set == NULL)
		return;
	g_hash_table_destroy(set->pages);
	g_free(set);
}

/* The entry of the parent tree for page's marked content mcid is set to
 * null: no element owns that content any more. */
static void pdf_artifacts_unparent(qpdf_data q, qpdf_oh page, int mcid)
{
	qpdf_oh key = qpdf_oh_get_key(q, page, "/StructParents");
	qpdf_oh tree = qpdf_oh_get_key(q, qpdf_get_root(q), "/StructTreeRoot");
	qpdf_oh nums = qpdf_oh_get_key(q, qpdf_oh_get_key(q, tree, "/ParentTree"), "/Nums");
	if (!qpdf_oh_is_integer(q, key) || !qpdf_oh_is_array(q, nums))
		return;
	int n = qpdf_oh_get_array_n_items(q, nums);
	for (int i = 0; i + 1 < n; i += 2) {
		if (qpdf_oh_get_int_value_as_int(q, qpdf_oh_get_array_item(q, nums, i)) !=
		    qpdf_oh_get_int_value_as_int(q, key))
			continue;
		qpdf_oh list = qpdf_oh_get_array_item(q, nums, i + 1);
		if (qpdf_oh_is_array(q, list) && mcid < qpdf_oh_get_array_n_items(q, list))
			qpdf_oh_set_array_item(q, list, mcid, qpdf_oh_new_null(q));
		return;
	}
}

/* Records that page's marked content mcid is to become an artifact. */
static void pdf_artifacts_add(struct pdf_artifacts *set, qpdf_data q, qpdf_oh page, int mcid)
{
	int id = qpdf_oh_get_object_id(q, page);
	if (id <= 0 || mcid < 0)
		return;
	GHashTable *mcids = g_hash_table_lookup(set->pages, GINT_TO_POINTER(id));
	if (mcids == NULL) {
		mcids = g_hash_table_new(g_direct_hash, g_direct_equal);
		g_hash_table_insert(set->pages, GINT_TO_POINTER(id), mcids);
	}
	g_hash_table_add(mcids, GINT_TO_POINTER(mcid + 1));
	pdf_artifacts_unparent(q, page, mcid);
}

void pdf_artifacts_untag(struct pdf_artifacts *set, qpdf_data q, qpdf_oh elem)
{
	qpdf_oh page = qpdf_oh_get_key(q, elem, "/Pg");
	qpdf_oh k = qpdf_oh_get_key(q, elem, "/K");
	qpdf_oh kids = qpdf_oh_new_array(q);
	int n = qpdf_oh_is_array(q, k) ? qpdf_oh_get_array_n_items(q, k) : 1;
	for (int i = 0; i < n; i++) {
		qpdf_oh item = qpdf_oh_is_array(q, k) ? qpdf_oh_get_array_item(q, k, i) : k;
		if (qpdf_oh_is_integer(q, item)) {
			pdf_artifacts_add(set, q, page, qpdf_oh_get_int_value_as_int(q, item));
		} else if (qpdf_oh_is_dictionary(q, item) &&
		           qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, item, "/Type"), "/MCR")) {
			qpdf_oh pg = qpdf_oh_get_key(q, item, "/Pg");
			pdf_artifacts_add(set, q, qpdf_oh_is_dictionary(q, pg) ? pg : page,
			                  qpdf_oh_get_int_value_as_int(q, qpdf_oh_get_key(q, item, "/MCID")));
		} else if (qpdf_oh_is_dictionary(q, item)) {
			qpdf_oh_append_item(q, kids, item);
		}
	}
	if (qpdf_oh_get_array_n_items(q, kids) > 0) {
		/* A caption or the like stays, grouped as before. */
		qpdf_oh_replace_key(q, elem, "/S", qpdf_oh_new_name(q, "/Div"));
		qpdf_oh_replace_key(q, elem, "/K", kids);
		qpdf_oh_remove_key(q, elem, "/Alt");
		return;
	}
	qpdf_oh parent = qpdf_oh_get_key(q, elem, "/P");
	qpdf_oh siblings = qpdf_oh_get_key(q, parent, "/K");
	int id = qpdf_oh_get_object_id(q, elem);
	if (qpdf_oh_is_array(q, siblings)) {
		for (int i = qpdf_oh_get_array_n_items(q, siblings) - 1; i >= 0; i--)
			if (qpdf_oh_get_object_id(q, qpdf_oh_get_array_item(q, siblings, i)) == id)
				qpdf_oh_erase_item(q, siblings, i);
	} else if (qpdf_oh_get_object_id(q, siblings) == id) {
		qpdf_oh_replace_key(q, parent, "/K", qpdf_oh_new_array(q));
	}
}

/* ------------------------------------------------------------------ */
/* Content streams                                                     */
/* ------------------------------------------------------------------ */

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

struct pdf_rewrite {
	const unsigned char *src;
	GString *out;
	size_t copied;     /* src bytes already in out */
	int changed;
	int open;          /* an artifact sequence of ours is open */
	int open_in_text;  /* it began inside a text object */
};

/* Copies src up to at, then text. */
static void pdf_rewrite_insert(struct pdf_rewrite *rw, size_t at, const char *text)
{
	g_string_append_len(rw->out, (const char *)rw->src + rw->copied, (gssize)(at - rw->copied));
	g_string_append(rw->out, text);
	rw->copied = at;
	rw->changed = 1;
}

/* Opens an artifact sequence at at (see the top of this file). */
static void pdf_rewrite_open(struct pdf_rewrite *rw, size_t at, int in_text)
{
	/* After an operator, white space first ("EMC/Artifact" would do, but
	 * reads badly). */
	if (at > 0 && !pdf_is_space(rw->src[at - 1]))
		pdf_rewrite_insert(rw, at, "\n");
	pdf_rewrite_insert(rw, at, "/Artifact BMC\n");
	rw->open = 1;
	rw->open_in_text = in_text;
}

static void pdf_rewrite_close(struct pdf_rewrite *rw, size_t at)
{
	pdf_rewrite_insert(rw, at, "EMC\n");
	rw->open = 0;
}

/* Rewrites one page's content (see the top of this file); drop holds the
 * MCIDs whose sequences become artifacts (or is NULL). Returns a new
 * string, or NULL when nothing changed. */
static GString *pdf_artifacts_rewrite(const unsigned char *src, size_t len, GHashTable *drop)
{
	struct pdf_lexer lx = { src, len, 0, 0 };
	struct pdf_rewrite rw = { src, g_string_sized_new(len + len / 8), 0, 0, 0, 0 };
	long op_start = -1;
	int depth = 0, in_text = 0;
	/* Where untagged content last began (after a tagged sequence ended,
	 * or an artifact was closed), and whether inside a text object; the
	 * current text object's BT, and the end of the last ET. */
	size_t boundary = 0, bt_at = 0, bt_end = 0, et_end = 0;
	int boundary_in_text = 0, painted_in_text = 0;
	int saw_mcid = 0, mcid = -1;
	enum pdf_token t;
	while ((t = pdf_lex(&lx)) != PDF_TOKEN_END) {
		if (op_start < 0)
			op_start = (long)lx.start;
		if (t == PDF_TOKEN_NAME) {
			saw_mcid = lx.pos - lx.start == 5 && memcmp(src + lx.start, "/MCID", 5) == 0;
			continue;
		}
		if (t == PDF_TOKEN_OPERAND) {
			if (saw_mcid)
				mcid = atoi((const char *)src + lx.start);
			saw_mcid = 0;
			continue;
		}
		/* An operator ends the operation that began at op_start. */
		size_t at = (size_t)op_start;
		int paints = 0;
		if (pdf_op_is(&lx, "BI")) {
			/* An inline image: its dictionary, ID, data, then EI. */
			while ((t = pdf_lex(&lx)) != PDF_TOKEN_END)
				if (t == PDF_TOKEN_OPERATOR && pdf_op_is(&lx, "ID"))
					break;
			pdf_skip_inline_image(&lx);
			paints = 1;
		} else if (pdf_op_is(&lx, "BDC") || pdf_op_is(&lx, "BMC")) {
			if (rw.open && !rw.open_in_text && in_text && rw.copied <= bt_at) {
				/* Marked content nests with text objects: what this
				 * text object painted before the tag gets a sequence
				 * of its own inside it. */
				pdf_rewrite_close(&rw, bt_at);
				if (painted_in_text) {
					pdf_rewrite_open(&rw, bt_end, 1);
					pdf_rewrite_close(&rw, at);
				}
			} else if (rw.open) {
				pdf_rewrite_close(&rw, at);
			}
			if (drop && mcid >= 0 && g_hash_table_contains(drop, GINT_TO_POINTER(mcid + 1))) {
				pdf_rewrite_insert(&rw, at, "/Artifact BMC");
				rw.copied = lx.pos;
			}
			depth++;
		} else if (pdf_op_is(&lx, "EMC")) {
			if (depth > 0 && --depth == 0) {
				boundary = lx.pos;
				boundary_in_text = in_text;
			}
		} else if (pdf_op_is(&lx, "BT")) {
			in_text = 1;
			painted_in_text = 0;
			bt_at = at;
			bt_end = lx.pos;
		} else if (pdf_op_is(&lx, "ET")) {
			if (rw.open && rw.open_in_text) {
				pdf_rewrite_close(&rw, at);
				boundary = at;
				boundary_in_text = 1;
			}
			in_text = 0;
			et_end = lx.pos;
		} else if (pdf_op_is(&lx, "S") || pdf_op_is(&lx, "s") || pdf_op_is(&lx, "f") ||
		           pdf_op_is(&lx, "F") || pdf_op_is(&lx, "f*") || pdf_op_is(&lx, "B") ||
		           pdf_op_is(&lx, "B*") || pdf_op_is(&lx, "b") || pdf_op_is(&lx, "b*") ||
		           pdf_op_is(&lx, "Tj") || pdf_op_is(&lx, "TJ") || pdf_op_is(&lx, "'") ||
		           pdf_op_is(&lx, "\"") || pdf_op_is(&lx, "Do") || pdf_op_is(&lx, "sh")) {
			paints = 1;
		}
		if (paints && in_text)
			painted_in_text = 1;
		if (paints && depth == 0 && !rw.open) {
			/* Untagged content in a row since the boundary makes one
			 * sequence (a running head's words and the pattern fills
			 * between them), so that an extractor that ends a text
			 * run at each marked-content boundary reads it as before. */
			if (!boundary_in_text)
				pdf_rewrite_open(&rw, in_text && boundary > bt_at ? at : boundary,
				                 in_text && boundary > bt_at);
			else if (!in_text)
				pdf_rewrite_open(&rw, et_end > boundary ? et_end : boundary, 0);
			else
				pdf_rewrite_open(&rw, at, 1);
		}
		op_start = -1;
		mcid = -1;
		saw_mcid = 0;
	}
	if (!rw.changed) {
		g_string_free(rw.out, TRUE);
		return NULL;
	}
	g_string_append_len(rw.out, (const char *)src + rw.copied, (gssize)(len - rw.copied));
	if (rw.open)
		g_string_append(rw.out, "\nEMC\n");
	return rw.out;
}

int pdf_artifacts_mark(struct pdf_artifacts *set, qpdf_data q, struct cv_error *err)
{
	int pages = qpdf_get_num_pages(q);
	for (int i = 0; i < pages; i++) {
		qpdf_oh page = qpdf_get_page_n(q, (size_t)i);
		unsigned char *data = NULL;
		size_t len = 0;
		if (qpdf_oh_get_page_content_data(q, page, &data, &len) & QPDF_ERRORS) {
			free(data);
			return cv_error_set(err, CV_ERROR_LIBRARY, NULL, 0, 0,
			                    "pdf: qpdf: cannot read the content of page %d", i + 1);
		}
		GHashTable *drop = g_hash_table_lookup(set->pages,
		                                       GINT_TO_POINTER(qpdf_oh_get_object_id(q, page)));
		GString *out = pdf_artifacts_rewrite(data, len, drop);
		free(data);
		if (out != NULL) {
			qpdf_oh contents = qpdf_oh_get_key(q, page, "/Contents");
			if (!qpdf_oh_is_stream(q, contents)) {
				contents = qpdf_oh_new_stream(q);
				qpdf_oh_replace_key(q, page, "/Contents", contents);
			}
			/* qpdf compresses it again when it writes the file. */
			qpdf_oh_replace_stream_data(q, contents, (const unsigned char *)out->str, out->len,
			                            qpdf_oh_new_null(q), qpdf_oh_new_null(q));
			g_string_free(out, TRUE);
		}
		qpdf_oh_release_all(q);
	}
	return CV_OK;
}
