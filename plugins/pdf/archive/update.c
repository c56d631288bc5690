/*
 * update.c: the incremental update appended to Cairo's file (update.h).
 *
 * New objects are numbered here, from the file's /Size up, and never
 * handed to qpdf as indirect objects: qpdf numbers a new indirect object
 * by first resolving every object of the file (QPDF::getObjectCount, 0.7 s
 * of CPU time on the bench book's 27,000 objects), the very cost the
 * update avoids. So a new object is referred to, inside the objects qpdf
 * holds, by a name of its own (PDF_UPDATE_REF followed by its number),
 * which the update writes as the reference "N 0 R".
 */
#include "archive/update.h"
#include "archive/local.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <zlib.h>

/* The name that stands for a reference to new object N: "/CvRefN". */
#define PDF_UPDATE_REF "/CvRef"

/* A stream's data as the update writes it. */
struct pdf_update_data {
	GBytes *bytes;
	int compressed;
};

struct pdf_update {
	qpdf_data q;
	struct pdf_held *held;
	const unsigned char *file; /* held's bytes, mapped */
	size_t len;
	GArray *ids;          /* object ids to write, in the order marked */
	GHashTable *marked;   /* id -> 1 */
	GHashTable *data;     /* id -> struct pdf_update_data: streams given data */
	int first_new, next;  /* the ids of new objects: [first_new, next) */
	GArray *added;        /* qpdf_oh: new object first_new + i (a stream's
	                       * dictionary, for a stream) */
};

static void pdf_update_data_free(gpointer p)
{
	struct pdf_update_data *d = p;
	g_bytes_unref(d->bytes);
	g_free(d);
}

struct pdf_update *pdf_update_open(struct pdf_held *held, struct cv_error *err)
{
	size_t len;
	const unsigned char *file = pdf_held_bytes(held, &len, err);
	if (file == NULL)
		return NULL;
	struct pdf_update *u = g_new0(struct pdf_update, 1);
	u->q = qpdf_init();
	u->held = held;
	u->file = file;
	u->len = len;
	qpdf_silence_errors(u->q);
	qpdf_set_suppress_warnings(u->q, QPDF_TRUE);
	if (qpdf_read_memory(u->q, "convert", (const char *)file, (unsigned long long)len, NULL) &
	    QPDF_ERRORS) {
		pdf_update_qpdf_error(u, err);
		pdf_update_free(u);
		return NULL;
	}
	u->ids = g_array_new(FALSE, FALSE, sizeof(int));
	u->marked = g_hash_table_new(g_direct_hash, g_direct_equal);
	u->data = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, pdf_update_data_free);
	u->first_new = u->next =
		qpdf_oh_get_int_value_as_int(u->q, qpdf_oh_get_key(u->q, qpdf_get_trailer(u->q), "/Size"));
	u->added = g_array_new(FALSE, FALSE, sizeof(qpdf_oh));
	return u;
}

void pdf_update_free(struct pdf_update *u)
{
	if (u == NULL)
		return;
	qpdf_cleanup(&u->q);
	if (u->ids)
		g_array_free(u->ids, TRUE);
	if (u->marked)
		g_hash_table_destroy(u->marked);
	if (u->data)
		g_hash_table_destroy(u->data);
	if (u->added)
		g_array_free(u->added, TRUE);
	g_free(u);
}

qpdf_data pdf_update_qpdf(struct pdf_update *u)
{
	return u->q;
}

const unsigned char *pdf_update_file(const struct pdf_update *u, size_t *len)
{
	*len = u->len;
	return u->file;
}

int pdf_update_qpdf_error(struct pdf_update *u, struct cv_error *err)
{
	const char *why = "unknown error";
	if (qpdf_has_error(u->q))
		why = qpdf_get_error_full_text(u->q, qpdf_get_error(u->q));
	return cv_error_set(err, CV_ERROR_LIBRARY, NULL, 0, 0, "pdf: qpdf: %s", why);
}

/* Marks object id to be written. */
static void pdf_update_mark(struct pdf_update *u, int id)
{
	if (id <= 0 || g_hash_table_contains(u->marked, GINT_TO_POINTER(id)))
		return;
	g_hash_table_add(u->marked, GINT_TO_POINTER(id));
	g_array_append_val(u->ids, id);
}

void pdf_update_touch(struct pdf_update *u, qpdf_oh o)
{
	pdf_update_mark(u, qpdf_oh_get_object_id(u->q, o));
}

/* The name that stands for new object id. */
static qpdf_oh pdf_update_ref(struct pdf_update *u, int id)
{
	char name[32];
	snprintf(name, sizeof name, PDF_UPDATE_REF "%d", id);
	return qpdf_oh_new_name(u->q, name);
}

qpdf_oh pdf_update_add(struct pdf_update *u, qpdf_oh o)
{
	int id = u->next++;
	g_array_append_val(u->added, o);
	pdf_update_mark(u, id);
	return pdf_update_ref(u, id);
}

/* Keeps data (compressed if asked) as what object id is written with. */
static void pdf_update_keep_data(struct pdf_update *u, int id, const void *data, size_t len,
                                 int compress)
{
	struct pdf_update_data *d = g_new0(struct pdf_update_data, 1);
	if (compress) {
		uLongf cap = compressBound((uLong)len);
		unsigned char *z = g_malloc(cap);
		/* The fastest level: the article a PDF/A-3 embeds is the one
		 * large stream the update makes (1.2 MB of XML in the bench
		 * book: 13 ms, against 45 at the default level, for a file 2%
		 * larger). */
		if (compress2(z, &cap, data, (uLong)len, Z_BEST_SPEED) == Z_OK) {
			d->bytes = g_bytes_new_take(z, cap);
			d->compressed = 1;
		} else {
			g_free(z);
		}
	}
	if (d->bytes == NULL)
		d->bytes = g_bytes_new(data, len);
	g_hash_table_replace(u->data, GINT_TO_POINTER(id), d);
}

qpdf_oh pdf_update_add_stream(struct pdf_update *u, const void *data, size_t len, int compress,
                              qpdf_oh *dict)
{
	*dict = qpdf_oh_new_dictionary(u->q);
	pdf_update_keep_data(u, u->next, data, len, compress);
	return pdf_update_add(u, *dict);
}

void pdf_update_set_stream(struct pdf_update *u, qpdf_oh s, const void *data, size_t len,
                           int compress)
{
	pdf_update_keep_data(u, qpdf_oh_get_object_id(u->q, s), data, len, compress);
	pdf_update_touch(u, s);
}

/* The output: the update's bytes, and the offset in the whole file. */
struct pdf_update_out {
	GString *buf;
	size_t base;          /* bytes before buf: Cairo's file */
};

static size_t pdf_update_offset(const struct pdf_update_out *o)
{
	return o->base + o->buf->len;
}

/* Appends what qpdf unparsed, each name that stands for a new object
 * written as the reference it stands for. */
static void pdf_update_put(const struct pdf_update *u, struct pdf_update_out *o, const char *text)
{
	const size_t n = sizeof PDF_UPDATE_REF - 1;
	const char *p = text, *hit;
	while ((hit = strstr(p, PDF_UPDATE_REF)) != NULL) {
		char *end;
		long id = strtol(hit + n, &end, 10);
		g_string_append_len(o->buf, p, hit - p);
		if (end > hit + n && id >= u->first_new && id < u->next) {
			g_string_append_printf(o->buf, "%ld 0 R", id);
			p = end;
		} else {
			g_string_append_len(o->buf, hit, (gssize)n);
			p = hit + n;
		}
	}
	g_string_append(o->buf, p);
}

/* Writes stream id, with dictionary dict (and, if s is not 0, the file's
 * stream s): the dictionary with the data's /Length and /Filter, then the
 * data (the update's, or the file's as it stands). */
static int pdf_update_stream(struct pdf_update *u, struct pdf_update_out *o, int id, qpdf_oh dict,
                             qpdf_oh s)
{
	qpdf_data q = u->q;
	struct pdf_update_data *d = g_hash_table_lookup(u->data, GINT_TO_POINTER(id));
	unsigned char *raw = NULL;
	size_t len;
	const void *bytes;
	if (d) {
		bytes = g_bytes_get_data(d->bytes, &len);
		if (d->compressed)
			qpdf_oh_replace_key(q, dict, "/Filter", qpdf_oh_new_name(q, "/FlateDecode"));
		else
			qpdf_oh_remove_key(q, dict, "/Filter");
		qpdf_oh_remove_key(q, dict, "/DecodeParms");
	} else {
		if (qpdf_oh_get_stream_data(q, s, qpdf_dl_none, NULL, &raw, &len) & QPDF_ERRORS)
			return CV_FAIL;
		bytes = raw;
	}
	qpdf_oh_replace_key(q, dict, "/Length", qpdf_oh_new_integer(q, (long long)len));
	pdf_update_put(u, o, qpdf_oh_unparse_resolved(q, dict));
	g_string_append(o->buf, "\nstream\n");
	g_string_append_len(o->buf, bytes, (gssize)len);
	g_string_append(o->buf, "\nendstream");
	free(raw);
	return CV_OK;
}

static int pdf_update_cmp_int(gconstpointer a, gconstpointer b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* The offset of Cairo's cross-reference section, from its startxref. */
static long long pdf_update_prev(const struct pdf_update *u)
{
	size_t from = u->len > 64 ? u->len - 64 : 0;
	const char *tail = (const char *)u->file + from;
	const char *hit = g_strstr_len(tail, (gssize)(u->len - from), "startxref");
	return hit ? g_ascii_strtoll(hit + 9, NULL, 10) : -1;
}

static void pdf_update_hex(GString *s, const guint8 *d, size_t n)
{
	g_string_append_c(s, '<');
	for (size_t i = 0; i < n; i++)
		g_string_append_printf(s, "%02X", d[i]);
	g_string_append_c(s, '>');
}

int pdf_update_write(struct pdf_update *u, struct cv_job *job, struct cv_error *err)
{
	qpdf_data q = u->q;
	long long prev = pdf_update_prev(u);
	if (prev < 0)
		return cv_error_set(err, CV_ERROR_LIBRARY, NULL, 0, 0,
		                    "pdf: the file Cairo wrote has no startxref");
	struct pdf_update_out o = { g_string_new(NULL), u->len };
	/* Cairo ends its file with a line break after %%EOF; make sure. */
	if (u->len == 0 || u->file[u->len - 1] != '\n')
		g_string_append_c(o.buf, '\n');
	g_array_sort(u->ids, pdf_update_cmp_int);
	GArray *offsets = g_array_sized_new(FALSE, FALSE, sizeof(size_t), u->ids->len);
	int rc = CV_OK;
	for (guint i = 0; i < u->ids->len && rc == CV_OK; i++) {
		int id = g_array_index(u->ids, int, i);
		size_t at = pdf_update_offset(&o);
		g_array_append_val(offsets, at);
		g_string_append_printf(o.buf, "%d 0 obj\n", id);
		if (id >= u->first_new) {
			qpdf_oh obj = g_array_index(u->added, qpdf_oh, id - u->first_new);
			if (g_hash_table_contains(u->data, GINT_TO_POINTER(id)))
				rc = pdf_update_stream(u, &o, id, obj, 0);
			else
				pdf_update_put(u, &o, qpdf_oh_unparse_resolved(q, obj));
		} else {
			qpdf_oh obj = qpdf_get_object_by_id(q, id, 0);
			if (qpdf_oh_is_stream(q, obj))
				rc = pdf_update_stream(u, &o, id, qpdf_oh_get_dict(q, obj), obj);
			else
				pdf_update_put(u, &o, qpdf_oh_unparse_resolved(q, obj));
		}
		g_string_append(o.buf, "\nendobj\n");
	}
	if (rc == CV_OK && qpdf_has_error(q))
		rc = pdf_update_qpdf_error(u, err);
	else if (rc != CV_OK)
		rc = pdf_update_qpdf_error(u, err);

	/* The cross-reference section: a subsection for each run of
	 * consecutive ids, each entry 20 bytes (ISO 32000-1, 7.5.4). */
	size_t xref = pdf_update_offset(&o);
	g_string_append(o.buf, "xref\n");
	for (guint i = 0; i < u->ids->len;) {
		guint j = i + 1;
		while (j < u->ids->len &&
		       g_array_index(u->ids, int, j) == g_array_index(u->ids, int, j - 1) + 1)
			j++;
		g_string_append_printf(o.buf, "%d %u\n", g_array_index(u->ids, int, i), j - i);
		for (; i < j; i++)
			g_string_append_printf(o.buf, "%010zu 00000 n\r\n", g_array_index(offsets, size_t, i));
	}
	g_array_free(offsets, TRUE);

	/* /ID: the first string names the file as Cairo made it, the
	 * second this version of it (ISO 32000-1, 14.4). */
	guint8 first[16], second[16];
	gsize n = sizeof second;
	pdf_held_digest(u->held, first);
	GChecksum *md5 = g_checksum_new(G_CHECKSUM_MD5);
	g_checksum_update(md5, first, sizeof first);
	g_checksum_update(md5, (const guchar *)o.buf->str, (gssize)o.buf->len);
	g_checksum_get_digest(md5, second, &n);
	g_checksum_free(md5);

	qpdf_oh trailer = qpdf_get_trailer(q);
	g_string_append_printf(o.buf, "trailer\n<< /Size %d /Root %d 0 R", u->next,
	                       qpdf_oh_get_object_id(q, qpdf_get_root(q)));
	qpdf_oh info = qpdf_oh_get_key(q, trailer, "/Info");
	if (!qpdf_oh_is_null(q, info)) {
		g_string_append(o.buf, " /Info ");
		pdf_update_put(u, &o, qpdf_oh_unparse(q, info));
	}
	g_string_append_printf(o.buf, " /Prev %lld /ID [", prev);
	pdf_update_hex(o.buf, first, sizeof first);
	pdf_update_hex(o.buf, second, sizeof second);
	g_string_append_printf(o.buf, "] >>\nstartxref\n%zu\n%%%%EOF\n", xref);

	if (rc == CV_OK)
		rc = cv_job_write(job, o.buf->str, o.buf->len, err);
	g_string_free(o.buf, TRUE);
	return rc;
}
