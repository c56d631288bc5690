/*
 * names.c: Cairo's file with each XObject named once in its resources
 * (see names.h for why and how).
 */
#include "archive/names.h"

#include <stdio.h>
#include <string.h>

#include <glib.h>

/* Where the filter is in Cairo's file. */
enum pdf_names_mode {
	PDF_NAMES_TEXT,      /* between objects, in a dictionary */
	PDF_NAMES_STREAM,    /* in a stream's data, up to "endstream" */
	PDF_NAMES_STRING,    /* in a literal string, up to its ")" */
	PDF_NAMES_DICT,      /* in a "/XObject <<" dictionary, up to ">>" */
	PDF_NAMES_XREF,      /* in the cross-reference table, up to "trailer" */
	PDF_NAMES_STARTXREF, /* before the number after "startxref" */
	PDF_NAMES_DONE       /* past it: the rest goes as it comes */
};

/* Bytes dropped: every offset past at moves back by removed (the total
 * dropped up to there). */
struct pdf_names_cut {
	size_t at;
	size_t removed;
};

struct pdf_names {
	pdf_names_sink sink;
	void *ctx;
	GByteArray *hold;    /* Cairo's bytes not yet written */
	size_t at;           /* the offset in Cairo's file of hold's first */
	unsigned char prev;  /* the byte before hold's first, or 0 */
	enum pdf_names_mode mode;
	int depth;           /* PDF_NAMES_STRING: parentheses open */
	int escaped;         /* PDF_NAMES_STRING: the last byte was a backslash */
	GArray *cuts;        /* struct pdf_names_cut, by offset */
	size_t removed;
};

/* A dictionary held longer than this is not Cairo's list of XObjects: it
 * goes out as it is. */
enum { PDF_NAMES_DICT_MAX = 1 << 20 };

static const char XOBJECT[] = "/XObject <<";
static const char STARTXREF[] = "startxref\n";

struct pdf_names *pdf_names_new(pdf_names_sink sink, void *ctx)
{
	struct pdf_names *f = g_new0(struct pdf_names, 1);
	f->sink = sink;
	f->ctx = ctx;
	f->hold = g_byte_array_new();
	f->cuts = g_array_new(FALSE, FALSE, sizeof(struct pdf_names_cut));
	return f;
}

void pdf_names_free(struct pdf_names *f)
{
	if (f == NULL)
		return;
	g_byte_array_free(f->hold, TRUE);
	g_array_free(f->cuts, TRUE);
	g_free(f);
}

/* Writes len bytes at p (not from hold). */
static int pdf_names_put(struct pdf_names *f, const unsigned char *p, size_t len,
                         struct cv_error *err)
{
	return len == 0 ? CV_OK : f->sink(f->ctx, p, len, err);
}

/* Writes hold's first n bytes as they are and lets go of them. */
static int pdf_names_pass(struct pdf_names *f, size_t n, struct cv_error *err)
{
	if (n == 0)
		return CV_OK;
	if (pdf_names_put(f, f->hold->data, n, err) != CV_OK)
		return CV_FAIL;
	f->prev = f->hold->data[n - 1];
	f->at += n;
	g_byte_array_remove_range(f->hold, 0, (guint)n);
	return CV_OK;
}

/* Where offset o of Cairo's file is in the file written. */
static size_t pdf_names_moved(const struct pdf_names *f, size_t o)
{
	/* The last cut before o. */
	guint lo = 0, hi = f->cuts->len;
	while (lo < hi) {
		guint mid = lo + (hi - lo) / 2;
		if (g_array_index(f->cuts, struct pdf_names_cut, mid).at < o)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo == 0 ? o : o - g_array_index(f->cuts, struct pdf_names_cut, lo - 1).removed;
}

/* Writes the body of a "/XObject <<" dictionary, the first n bytes held
 * (up to its ">>"), each name once, the first of its entries kept; an
 * entry runs from its name to the next name or the end, its leading white
 * space with it. */
static int pdf_names_dict(struct pdf_names *f, size_t n, struct cv_error *err)
{
	const char *p = (const char *)f->hold->data, *end = p + n;
	GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	GString *out = g_string_sized_new(n);
	const char *q = p, *entry = p;
	while (q < end) {
		if (*q != '/') {
			q++;
			continue;
		}
		const char *e = q + 1;
		while (e < end && *e != ' ' && *e != '/' && *e != '\n' && *e != '\r')
			e++;
		const char *next = e;
		while (next < end && *next != '/')
			next++;
		char *name = g_strndup(q, (gsize)(e - q));
		if (g_hash_table_contains(seen, name)) {
			g_free(name);
		} else {
			g_hash_table_add(seen, name);
			g_string_append_len(out, entry, next - entry);
		}
		entry = q = next;
	}
	g_string_append_len(out, entry, q - entry);
	g_hash_table_destroy(seen);
	int rc = pdf_names_put(f, (const unsigned char *)out->str, out->len, err);
	if (out->len < n) {
		f->removed += n - out->len;
		struct pdf_names_cut cut = { f->at, f->removed };
		g_array_append_val(f->cuts, cut);
	}
	if (out->len > 0)
		f->prev = (unsigned char)out->str[out->len - 1];
	g_string_free(out, TRUE);
	f->at += n;
	g_byte_array_remove_range(f->hold, 0, (guint)n);
	return rc;
}

/* Writes a line of the cross-reference table (n bytes held, its "\n"
 * included), an entry in use with its offset moved. */
static int pdf_names_xref_line(struct pdf_names *f, size_t n, struct cv_error *err)
{
	const unsigned char *l = f->hold->data;
	int entry = n >= 18 && l[10] == ' ' && l[16] == ' ' && l[17] == 'n';
	for (int i = 0; entry && i < 16; i++)
		entry = i == 10 || g_ascii_isdigit(l[i]);
	if (!entry || f->removed == 0)
		return pdf_names_pass(f, n, err);
	size_t o = 0;
	for (int i = 0; i < 10; i++)
		o = o * 10 + (size_t)(l[i] - '0');
	char digits[16];
	snprintf(digits, sizeof digits, "%010zu", pdf_names_moved(f, o));
	memcpy(f->hold->data, digits, 10);
	return pdf_names_pass(f, n, err);
}

/* The first token at or after i in hold that changes the mode, its
 * length in *len and the mode it starts in *mode; or hold's length when
 * none starts before the last few bytes (kept: a token may go on in the
 * next write). */
static size_t pdf_names_token(const struct pdf_names *f, size_t i, size_t *len,
                              enum pdf_names_mode *mode)
{
	const unsigned char *h = f->hold->data;
	size_t n = f->hold->len;
	for (; i < n; i++) {
		unsigned char before = i > 0 ? h[i - 1] : f->prev;
		size_t left = n - i;
		/* A string is the article's text (a title, a bookmark), which
		 * may read like any of the tokens below. */
		if (h[i] == '(') {
			*len = 1;
			*mode = PDF_NAMES_STRING;
			return i;
		}
		if (h[i] == '/' && left >= sizeof XOBJECT - 1 &&
		    memcmp(h + i, XOBJECT, sizeof XOBJECT - 1) == 0) {
			*len = sizeof XOBJECT - 1;
			*mode = PDF_NAMES_DICT;
			return i;
		}
		if (h[i] == 's' && before != 'd' && left >= 8 && memcmp(h + i, "stream", 6) == 0 &&
		    (h[i + 6] == '\n' || (h[i + 6] == '\r' && h[i + 7] == '\n'))) {
			*len = h[i + 6] == '\n' ? 7 : 8;
			*mode = PDF_NAMES_STREAM;
			return i;
		}
		if (h[i] == 'x' && before == '\n' && left >= 5 && memcmp(h + i, "xref\n", 5) == 0) {
			*len = 5;
			*mode = PDF_NAMES_XREF;
			return i;
		}
		if (h[i] == 's' && left >= sizeof STARTXREF - 1 &&
		    memcmp(h + i, STARTXREF, sizeof STARTXREF - 1) == 0) {
			*len = sizeof STARTXREF - 1;
			*mode = PDF_NAMES_STARTXREF;
			return i;
		}
		/* Too few bytes left to tell: wait for more. */
		if (left < 12)
			return i;
	}
	return n;
}

/* Writes what can be written of what is held. */
static int pdf_names_run(struct pdf_names *f, int end, struct cv_error *err)
{
	for (;;) {
		GByteArray *h = f->hold;
		if (h->len == 0)
			return CV_OK;
		switch (f->mode) {
		case PDF_NAMES_DONE:
			return pdf_names_pass(f, h->len, err);
		case PDF_NAMES_TEXT: {
			size_t len = 0;
			enum pdf_names_mode mode = PDF_NAMES_TEXT;
			size_t i = pdf_names_token(f, 0, &len, &mode);
			if (len == 0)
				return pdf_names_pass(f, end ? h->len : i, err);
			if (pdf_names_pass(f, i + len, err) != CV_OK)
				return CV_FAIL;
			f->mode = mode;
			f->depth = 1;
			f->escaped = 0;
			break;
		}
		case PDF_NAMES_STRING: {
			/* Up to the ")" that closes it: balanced parentheses may
			 * stand in a string, and a backslash escapes the byte after
			 * it (ISO 32000-1 7.3.4.2). */
			size_t i = 0;
			for (; i < h->len && f->depth > 0; i++) {
				unsigned char c = h->data[i];
				if (f->escaped)
					f->escaped = 0;
				else if (c == '\\')
					f->escaped = 1;
				else if (c == '(')
					f->depth++;
				else if (c == ')')
					f->depth--;
			}
			if (pdf_names_pass(f, i, err) != CV_OK)
				return CV_FAIL;
			if (f->depth == 0)
				f->mode = PDF_NAMES_TEXT;
			break;
		}
		case PDF_NAMES_STREAM: {
			const unsigned char *e = memmem(h->data, h->len, "endstream", 9);
			if (e == NULL)
				return pdf_names_pass(f, end || h->len < 9 ? (end ? h->len : 0) : h->len - 8, err);
			if (pdf_names_pass(f, (size_t)(e - h->data) + 9, err) != CV_OK)
				return CV_FAIL;
			f->mode = PDF_NAMES_TEXT;
			break;
		}
		case PDF_NAMES_DICT: {
			const unsigned char *e = memchr(h->data, '>', h->len);
			if (e == NULL && !end && h->len < PDF_NAMES_DICT_MAX)
				return CV_OK;
			if (e == NULL) {
				f->mode = PDF_NAMES_TEXT;
				break;
			}
			if (pdf_names_dict(f, (size_t)(e - h->data), err) != CV_OK)
				return CV_FAIL;
			f->mode = PDF_NAMES_TEXT;
			break;
		}
		case PDF_NAMES_XREF: {
			const unsigned char *e = memchr(h->data, '\n', h->len);
			if (e == NULL)
				return end ? pdf_names_pass(f, h->len, err) : CV_OK;
			if (h->len >= 7 && memcmp(h->data, "trailer", 7) == 0) {
				f->mode = PDF_NAMES_TEXT;
				break;
			}
			if (pdf_names_xref_line(f, (size_t)(e - h->data) + 1, err) != CV_OK)
				return CV_FAIL;
			break;
		}
		case PDF_NAMES_STARTXREF: {
			const unsigned char *e = memchr(h->data, '\n', h->len);
			if (e == NULL)
				return end ? pdf_names_pass(f, h->len, err) : CV_OK;
			size_t n = (size_t)(e - h->data), o = 0;
			int digits = n > 0 && n < 20;
			for (size_t i = 0; digits && i < n; i++) {
				digits = g_ascii_isdigit(h->data[i]);
				o = o * 10 + (size_t)(h->data[i] - '0');
			}
			f->mode = PDF_NAMES_DONE;
			if (!digits || f->removed == 0)
				break;
			char num[24];
			int len = snprintf(num, sizeof num, "%zu", pdf_names_moved(f, o));
			if (pdf_names_put(f, (const unsigned char *)num, (size_t)len, err) != CV_OK)
				return CV_FAIL;
			f->prev = (unsigned char)num[len - 1];
			f->at += n;
			g_byte_array_remove_range(h, 0, (guint)n);
			break;
		}
		}
	}
}

int pdf_names_write(struct pdf_names *f, const void *data, size_t len, struct cv_error *err)
{
	/* Past the end, and in stream data with nothing held, the bytes go
	 * straight through (most of the file: its content streams and fonts)
	 * up to the last few, which may start "endstream". */
	const unsigned char *p = data;
	if (f->hold->len == 0 && f->mode == PDF_NAMES_DONE) {
		f->at += len;
		return pdf_names_put(f, p, len, err);
	}
	if (f->hold->len == 0 && f->mode == PDF_NAMES_STREAM && len > 8) {
		const unsigned char *e = memmem(p, len, "endstream", 9);
		size_t n = e ? (size_t)(e - p) : len - 8;
		if (n > 0 && pdf_names_put(f, p, n, err) != CV_OK)
			return CV_FAIL;
		if (n > 0)
			f->prev = p[n - 1];
		f->at += n;
		p += n;
		len -= n;
	}
	g_byte_array_append(f->hold, p, (guint)len);
	return pdf_names_run(f, 0, err);
}

int pdf_names_end(struct pdf_names *f, struct cv_error *err)
{
	return pdf_names_run(f, 1, err);
}
