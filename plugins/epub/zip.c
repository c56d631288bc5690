/*
 * zip.c: the OCF container, built in memory with libzip.
 *
 * The core owns atomic output, so the archive is made in a growable
 * buffer (zip_source_buffer_create + zip_open_from_source) and its bytes
 * are read back after zip_close. Reproducible: entries keep the order
 * they were added in, every entry has the same timestamp and the same
 * Unix permissions, and nothing depends on the host's clock or umask.
 */
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "epub.h"

/* Fast deflate: a book of thousands of small documents compresses in a
 * third of the time of the default level, for a few percent in size. */
#define EPUB_ZIP_LEVEL 1

struct epub_zip {
	zip_source_t *source; /* the in-memory archive, kept past zip_close */
	zip_t *archive;       /* NULL once finished */
	time_t mtime;         /* what libzip must be given for the wanted DOS time */
	void **owned;         /* entry data, freed after zip_close has read it */
	size_t owned_count, owned_cap;
};

/*
 * libzip turns a time_t into a DOS date with localtime(). Shift the time
 * by the zone's offset so the stored fields read as UTC whatever TZ is,
 * and clamp to 1980, the first year DOS dates can hold.
 */
static time_t epub_zip_dos_time(time_t t)
{
	struct tm local;
	const time_t dos_epoch = 315532800; /* 1980-01-01T00:00:00Z */

	if (t < dos_epoch)
		t = dos_epoch;
	if (localtime_r(&t, &local) == NULL)
		return t;
	return t - local.tm_gmtoff;
}

static int epub_zip_fail(struct cv_error *err, const char *what, zip_error_t *ze)
{
	return cv_error_set(err, CV_ERROR_LIBRARY, NULL, 0, 0, "epub: %s: %s", what,
	                    ze ? zip_error_strerror(ze) : "libzip failed");
}

struct epub_zip *epub_zip_new(time_t mtime, struct cv_error *err)
{
	struct epub_zip *zip = calloc(1, sizeof *zip);
	zip_error_t ze;

	zip_error_init(&ze);
	if (zip == NULL) {
		cv_error_set(err, CV_ERROR_SYSTEM, NULL, 0, 0, "epub: out of memory");
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
	free(zip);
}

int epub_zip_add(struct epub_zip *zip, const char *name, void *data, size_t len,
                 int store, struct cv_error *err)
{
	zip_source_t *src;
	zip_int64_t idx;

	if (zip->owned_count == zip->owned_cap) {
		size_t cap = zip->owned_cap ? 2 * zip->owned_cap : 64;
		void **grown = realloc(zip->owned, cap * sizeof *grown);
		if (grown == NULL) {
			free(data);
			return cv_error_set(err, CV_ERROR_SYSTEM, NULL, 0, 0, "epub: out of memory");
		}
		zip->owned = grown;
		zip->owned_cap = cap;
	}
	/* libzip reads the bytes only in zip_close; we free them after it. */
	zip->owned[zip->owned_count++] = data;
	src = zip_source_buffer(zip->archive, data, len, 0);
	if (src == NULL)
		return epub_zip_fail(err, name, zip_get_error(zip->archive));
	idx = zip_file_add(zip->archive, name, src, ZIP_FL_ENC_UTF_8);
	if (idx < 0) {
		zip_source_free(src);
		return epub_zip_fail(err, name, zip_get_error(zip->archive));
	}
	if (zip_set_file_compression(zip->archive, (zip_uint64_t)idx,
	                             store ? ZIP_CM_STORE : ZIP_CM_DEFLATE,
	                             store ? 0 : EPUB_ZIP_LEVEL) != 0 ||
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
		return cv_error_set(err, CV_ERROR_SYSTEM, NULL, 0, 0, "epub: out of memory");
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
