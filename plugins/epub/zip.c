/*
 * zip.c: the OCF container, built in memory with libzip.
 *
 * The core owns atomic output, so the archive is made in a growable
 * buffer (zip_source_buffer_create + zip_open_from_source) and its bytes
 * are read back after zip_close. Reproducible: entries keep the order
 * they were added in, every entry has the same timestamp and the same
 * Unix permissions, and nothing depends on the host's clock or umask.
 *
 * Entries are deflated here, with one zlib stream reset between entries,
 * and handed to libzip as already-compressed data (a source whose stat
 * names the method, sizes and CRC, as libzip's own zip-to-zip copies do).
 * Letting libzip compress would set up a fresh deflate state of some
 * 270 KB per entry: for a book split into thousands of documents that
 * was a third of the conversion time.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>
#include <zlib.h>

#include "epub.h"

/* Fast deflate: a book of thousands of small documents compresses in a
 * third of the time of the default level, for a few percent in size. */
#define EPUB_ZIP_LEVEL 1

struct epub_zip {
	zip_source_t *source; /* the in-memory archive, kept past zip_close */
	zip_t *archive;       /* NULL once finished */
	time_t mtime;         /* what libzip must be given for the wanted DOS time */
	void **owned;         /* stored entries' data, freed after zip_close */
	size_t owned_count, owned_cap;
	z_stream deflater;    /* raw deflate, reset for each entry */
	int deflater_ready;
};

/* One deflated entry, as a libzip source that reports it compressed. */
struct epub_raw {
	unsigned char *bytes; /* the deflate stream */
	zip_uint64_t comp_size, size;
	zip_uint32_t crc;
	time_t mtime;
	zip_uint64_t pos;
	zip_error_t error;
};

static zip_int64_t epub_raw_source(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
	struct epub_raw *r = ud;

	switch (cmd) {
	case ZIP_SOURCE_OPEN:
		r->pos = 0;
		return 0;
	case ZIP_SOURCE_READ: {
		zip_uint64_t n = r->comp_size - r->pos < len ? r->comp_size - r->pos : len;
		memcpy(data, r->bytes + r->pos, n);
		r->pos += n;
		return (zip_int64_t)n;
	}
	case ZIP_SOURCE_CLOSE:
		return 0;
	case ZIP_SOURCE_STAT: {
		zip_stat_t *st = data;
		zip_stat_init(st);
		st->size = r->size;
		st->comp_size = r->comp_size;
		st->comp_method = ZIP_CM_DEFLATE;
		st->crc = r->crc;
		st->mtime = r->mtime;
		st->valid = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD |
		            ZIP_STAT_CRC | ZIP_STAT_MTIME;
		return sizeof *st;
	}
	case ZIP_SOURCE_ERROR:
		return zip_error_to_data(&r->error, data, len);
	case ZIP_SOURCE_FREE:
		zip_error_fini(&r->error);
		free(r->bytes);
		free(r);
		return 0;
	case ZIP_SOURCE_SUPPORTS:
		return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
		                                      ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
	default:
		zip_error_set(&r->error, ZIP_ER_OPNOTSUPP, 0);
		return -1;
	}
}

/* Deflates len bytes at data into a new raw entry (NULL when out of memory). */
static struct epub_raw *epub_raw_new(struct epub_zip *zip, const void *data, size_t len)
{
	struct epub_raw *r = calloc(1, sizeof *r);
	uLong bound;

	if (r == NULL)
		return NULL;
	if (!zip->deflater_ready) {
		/* Raw deflate (-15): the zip entry carries no zlib header. */
		if (deflateInit2(&zip->deflater, EPUB_ZIP_LEVEL, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
			free(r);
			return NULL;
		}
		zip->deflater_ready = 1;
	} else if (deflateReset(&zip->deflater) != Z_OK) {
		free(r);
		return NULL;
	}
	bound = deflateBound(&zip->deflater, (uLong)len);
	r->bytes = malloc(bound ? bound : 1);
	if (r->bytes == NULL) {
		free(r);
		return NULL;
	}
	zip->deflater.next_in = (Bytef *)(uintptr_t)data;
	zip->deflater.avail_in = (uInt)len;
	zip->deflater.next_out = r->bytes;
	zip->deflater.avail_out = (uInt)bound;
	if (deflate(&zip->deflater, Z_FINISH) != Z_STREAM_END) {
		free(r->bytes);
		free(r);
		return NULL;
	}
	r->comp_size = zip->deflater.total_out;
	r->size = len;
	r->crc = (zip_uint32_t)crc32(crc32(0L, Z_NULL, 0), data, (uInt)len);
	r->mtime = zip->mtime;
	zip_error_init(&r->error);
	return r;
}

/*
 * libzip turns a time_t into a DOS date with localtime(). Shift the time
 * by the zone's offset so the stored fields read as UTC whatever TZ is,
 * and clamp to the years DOS dates can hold (1980 to 2107).
 */
static time_t epub_zip_dos_time(time_t t)
{
	struct tm local;
	const time_t dos_first = 315532800;  /* 1980-01-01T00:00:00Z */
	const time_t dos_last = 4354819198;  /* 2107-12-31T23:59:58Z */

	if (t < dos_first)
		t = dos_first;
	if (t > dos_last)
		t = dos_last;
	if (localtime_r(&t, &local) == NULL)
		return t;
	return t - local.tm_gmtoff;
}

static int epub_zip_fail(struct cv_error *err, const char *what, zip_error_t *ze)
{
	return cv_error_set(err, CV_ERROR_LIBRARY, NULL, 0, 0, "%s: %s", what,
	                    ze ? zip_error_strerror(ze) : "libzip failed");
}

struct epub_zip *epub_zip_new(time_t mtime, struct cv_error *err)
{
	struct epub_zip *zip = calloc(1, sizeof *zip);
	zip_error_t ze;

	zip_error_init(&ze);
	if (zip == NULL) {
		cv_error_set(err, CV_ERROR_SYSTEM, NULL, 0, 0, "out of memory");
		return NULL;
	}
	zip->mtime = epub_zip_dos_time(mtime);
	zip->source = zip_source_buffer_create(NULL, 0, 0, &ze);
	if (zip->source == NULL) {
		epub_zip_fail(err, "cannot make an in-memory archive", &ze);
		zip_error_fini(&ze);
		free(zip);
		return NULL;
	}
	/* Keep the buffer alive after zip_close so it can be read back. */
	zip_source_keep(zip->source);
	zip->archive = zip_open_from_source(zip->source, ZIP_TRUNCATE, &ze);
	if (zip->archive == NULL) {
		epub_zip_fail(err, "cannot open the in-memory archive", &ze);
		zip_error_fini(&ze);
		epub_zip_free(zip);
		return NULL;
	}
	zip_error_fini(&ze);
	return zip;
}

void epub_zip_free(struct epub_zip *zip)
{
	if (zip == NULL)
		return;
	if (zip->archive)
		zip_discard(zip->archive);
	if (zip->source)
		zip_source_free(zip->source);
	for (size_t i = 0; i < zip->owned_count; i++)
		free(zip->owned[i]);
	free(zip->owned);
	if (zip->deflater_ready)
		deflateEnd(&zip->deflater);
	free(zip);
}

int epub_zip_add(struct epub_zip *zip, const char *name, void *data, size_t len,
                 int store, struct cv_error *err)
{
	zip_source_t *src;
	zip_int64_t idx;

	if (len > UINT32_MAX / 2) {
		free(data);
		return cv_error_set(err, CV_ERROR_LIMIT, NULL, 0, 0, "%s is too large", name);
	}
	if (store) {
		if (zip->owned_count == zip->owned_cap) {
			size_t cap = zip->owned_cap ? 2 * zip->owned_cap : 16;
			void **grown = realloc(zip->owned, cap * sizeof *grown);
			if (grown == NULL) {
				free(data);
				return cv_error_set(err, CV_ERROR_SYSTEM, NULL, 0, 0, "out of memory");
			}
			zip->owned = grown;
			zip->owned_cap = cap;
		}
		/* libzip reads the bytes only in zip_close; we free them after it. */
		zip->owned[zip->owned_count++] = data;
		src = zip_source_buffer(zip->archive, data, len, 0);
	} else {
		struct epub_raw *raw = epub_raw_new(zip, data, len);
		free(data);
		if (raw == NULL)
			return cv_error_set(err, CV_ERROR_LIBRARY, NULL, 0, 0, "%s: cannot deflate", name);
		src = zip_source_function(zip->archive, epub_raw_source, raw);
		if (src == NULL)
			epub_raw_source(raw, NULL, 0, ZIP_SOURCE_FREE);
	}
	if (src == NULL)
		return epub_zip_fail(err, name, zip_get_error(zip->archive));
	idx = zip_file_add(zip->archive, name, src, ZIP_FL_ENC_UTF_8);
	if (idx < 0) {
		zip_source_free(src);
		return epub_zip_fail(err, name, zip_get_error(zip->archive));
	}
	/* A deflated entry keeps the default method, so libzip copies the
	 * stream as it is instead of compressing it again. */
	if ((store && zip_set_file_compression(zip->archive, (zip_uint64_t)idx, ZIP_CM_STORE, 0) != 0) ||
	    zip_file_set_mtime(zip->archive, (zip_uint64_t)idx, zip->mtime, 0) != 0 ||
	    zip_file_set_external_attributes(zip->archive, (zip_uint64_t)idx, 0, ZIP_OPSYS_UNIX,
	                                     (zip_uint32_t)0100644 << 16) != 0)
		return epub_zip_fail(err, name, zip_get_error(zip->archive));
	return CV_OK;
}

int epub_zip_finish(struct epub_zip *zip, unsigned char **out, size_t *len,
                    struct cv_error *err)
{
	zip_stat_t st;
	unsigned char *bytes;
	zip_int64_t got;

	*out = NULL;
	*len = 0;
	if (zip_close(zip->archive) != 0)
		return epub_zip_fail(err, "cannot finish the archive", zip_get_error(zip->archive));
	zip->archive = NULL;
	zip_stat_init(&st);
	if (zip_source_stat(zip->source, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
		return epub_zip_fail(err, "cannot size the archive", zip_source_error(zip->source));
	bytes = malloc(st.size ? st.size : 1);
	if (bytes == NULL)
		return cv_error_set(err, CV_ERROR_SYSTEM, NULL, 0, 0, "out of memory");
	if (zip_source_open(zip->source) != 0) {
		free(bytes);
		return epub_zip_fail(err, "cannot read the archive back", zip_source_error(zip->source));
	}
	got = zip_source_read(zip->source, bytes, st.size);
	zip_source_close(zip->source);
	if (got < 0 || (zip_uint64_t)got != st.size) {
		free(bytes);
		return epub_zip_fail(err, "short read of the archive", zip_source_error(zip->source));
	}
	*out = bytes;
	*len = (size_t)st.size;
	return CV_OK;
}
