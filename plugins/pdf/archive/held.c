/*
 * held.c: Cairo's file, written to the job as Cairo writes it and kept
 * for the archival pass (archive.h).
 *
 * The update (update.h) only appends, so Cairo's bytes go to the job at
 * once, as they did before the pass (a reader of the output, or a kill,
 * sees it grow), and their MD5 is taken on the way for the file's /ID.
 * The pass still reads the file's cross-reference table and the few
 * objects it changes: held in the process's memory, the bench book's
 * 6 MB were 12% of the conversion's peak memory. So the copy goes to an
 * anonymous memory file (memfd_create), through a buffer (Cairo writes a
 * few bytes at a time), which qpdf reads through a read-only mapping: only
 * the pages it touches count in the process's memory. Where memfd_create
 * fails, the copy is held in memory. On the way, Cairo's bytes go through
 * a filter that writes each XObject name once (names.h).
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <glib.h>

#include "archive/archive.h"
#include "archive/names.h"

enum { PDF_HELD_CHUNK = 1 << 16 };

struct pdf_held {
	struct cv_job *job;
	struct pdf_names *names; /* Cairo's bytes go through it (names.h) */
	GChecksum *sum;      /* MD5 of the bytes so far */
	int fd;              /* the memory file, or -1 */
	unsigned char *buf;  /* bytes not yet written to it */
	size_t buffered;
	GByteArray *bytes;   /* without one: the bytes */
	size_t len;
	void *map;           /* the file mapped, once asked for */
};

static int pdf_held_keep(void *ctx, const unsigned char *data, size_t len, struct cv_error *err);

struct pdf_held *pdf_held_new(struct cv_job *job)
{
	struct pdf_held *h = g_new0(struct pdf_held, 1);
	h->job = job;
	h->names = pdf_names_new(pdf_held_keep, h);
	h->sum = g_checksum_new(G_CHECKSUM_MD5);
	h->fd = memfd_create("convert-pdf", MFD_CLOEXEC);
	if (h->fd < 0)
		h->bytes = g_byte_array_new();
	else
		h->buf = g_malloc(PDF_HELD_CHUNK);
	return h;
}

/* Writes len bytes from p to the memory file. */
static int pdf_held_put(struct pdf_held *h, const unsigned char *p, size_t len,
                        struct cv_error *err)
{
	while (len > 0) {
		ssize_t n = write(h->fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return cv_error_set(err, CV_ERROR_SYSTEM, NULL, 0, 0, "pdf: cannot keep the file: %s",
			                    strerror(n < 0 ? errno : EIO));
		p += n;
		len -= (size_t)n;
	}
	return CV_OK;
}

/* Writes what is buffered. */
static int pdf_held_flush(struct pdf_held *h, struct cv_error *err)
{
	int rc = h->buffered ? pdf_held_put(h, h->buf, h->buffered, err) : CV_OK;
	h->buffered = 0;
	return rc;
}

int pdf_held_write(void *ctx, const void *data, size_t len, struct cv_error *err)
{
	struct pdf_held *h = ctx;
	return pdf_names_write(h->names, data, len, err);
}

/* Writes len bytes of the file, as the filter passes them, to the job,
 * and keeps them. */
static int pdf_held_keep(void *ctx, const unsigned char *data, size_t len, struct cv_error *err)
{
	struct pdf_held *h = ctx;
	if (cv_job_write(h->job, data, len, err) != CV_OK)
		return CV_FAIL;
	g_checksum_update(h->sum, data, (gssize)len);
	h->len += len;
	if (h->bytes) {
		g_byte_array_append(h->bytes, data, (guint)len);
		return CV_OK;
	}
	if (h->buffered + len > PDF_HELD_CHUNK && pdf_held_flush(h, err) != CV_OK)
		return CV_FAIL;
	if (len >= PDF_HELD_CHUNK)
		return pdf_held_put(h, data, len, err);
	memcpy(h->buf + h->buffered, data, len);
	h->buffered += len;
	return CV_OK;
}

const unsigned char *pdf_held_bytes(struct pdf_held *h, size_t *len, struct cv_error *err)
{
	if (pdf_names_end(h->names, err) != CV_OK)
		return NULL;
	*len = h->len;
	if (h->bytes)
		return h->bytes->data;
	if (h->map == NULL) {
		if (pdf_held_flush(h, err) != CV_OK)
			return NULL;
		void *m = h->len ? mmap(NULL, h->len, PROT_READ, MAP_SHARED, h->fd, 0) : MAP_FAILED;
		if (m == MAP_FAILED) {
			cv_error_set(err, CV_ERROR_SYSTEM, NULL, 0, 0, "pdf: cannot read the file kept: %s",
			             h->len ? strerror(errno) : "it is empty");
			return NULL;
		}
		h->map = m;
	}
	return h->map;
}

void pdf_held_digest(struct pdf_held *h, unsigned char md5[16])
{
	gsize n = 16;
	g_checksum_get_digest(h->sum, md5, &n);
}

void pdf_held_free(struct pdf_held *h)
{
	if (h == NULL)
		return;
	if (h->map)
		munmap(h->map, h->len);
	if (h->fd >= 0)
		close(h->fd);
	if (h->bytes)
		g_byte_array_free(h->bytes, TRUE);
	g_free(h->buf);
	g_checksum_free(h->sum);
	pdf_names_free(h->names);
	g_free(h);
}
