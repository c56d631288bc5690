/*
 * resource.c: images an article refers to, read safely.
 *
 * An image path is resolved one component at a time with openat and
 * O_NOFOLLOW from a descriptor of the article's folder, after refusing
 * "..": so nothing outside the folder and no symbolic link is ever
 * followed, whatever races the file system has. The bytes are then
 * checked before any decoder sees them: a complete PNG or JPEG structure
 * with sane dimensions, or a well-formed SVG with no DTD tricks that
 * refers to nothing outside itself (svg.c).
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "internal.h"

struct cv_resource {
	char *name;
	const char *media_type;
	unsigned char *data;
	size_t size;
	int width;
	int height;
};

const unsigned char *cv_resource_data(const struct cv_resource *res) { return res->data; }
size_t cv_resource_size(const struct cv_resource *res) { return res->size; }
const char *cv_resource_media_type(const struct cv_resource *res) { return res->media_type; }
int cv_resource_width(const struct cv_resource *res) { return res->width; }
int cv_resource_height(const struct cv_resource *res) { return res->height; }
const char *cv_resource_name(const struct cv_resource *res) { return res->name; }

void cv_resource_free(struct cv_resource *res)
{
	if (res == NULL)
		return;
	free(res->name);
	free(res->data);
	free(res);
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9') return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	return -1;
}

/*
 * Turns src into a normalised relative path ("a/b.png"), refusing what
 * could reach outside: a scheme, an absolute path, "..", backslashes and
 * escaped control characters. Percent escapes are decoded first, since
 * outputs that are URL-based (EPUB, HTML) would decode them too.
 */
static int resource_normalise(const char *src, char **out, struct cv_error *err)
{
	size_t n = strlen(src);
	char *dec = malloc(n + 1);
	char *norm = malloc(n + 1);
	size_t d = 0, o = 0;
	const char *p;

	if (dec == NULL || norm == NULL)
		goto nomem;
	if (n == 0) {
		cv_error_set(err, CV_ERROR_FORMAT, NULL, 0, 0, "image src is empty");
		goto fail;
	}
	/* A URI scheme: letters then a colon before any slash. */
	for (p = src; isalnum((unsigned char)*p) || *p == '+' || *p == '-' || *p == '.'; p++)
		;
	if (*p == ':' && p != src) {
		cv_error_set(err, CV_ERROR_FORMAT, NULL, 0, 0,
		             "image src \"%s\" is a URL; only files inside the article's folder can be used", src);
		goto fail;
	}
	for (size_t i = 0; i < n; i++) {
		int c = (unsigned char)src[i];
		if (c == '%') {
			int hi = i + 2 < n ? hexval(src[i + 1]) : -1;
			int lo = hi >= 0 ? hexval(src[i + 2]) : -1;
			if (hi < 0 || lo < 0) {
				cv_error_set(err, CV_ERROR_FORMAT, NULL, 0, 0, "image src \"%s\" has a broken %% escape", src);
				goto fail;
			}
			c = hi * 16 + lo;
			i += 2;
		}
		if (c < 0x20 || c == 0x7f || c == '\\' || c == '?' || c == '#') {
			cv_error_set(err, CV_ERROR_FORMAT, NULL, 0, 0,
			             "image src \"%s\" is not a plain relative file path", src);
			goto fail;
		}
		dec[d++] = (char)c;
	}
	dec[d] = '\0';
	if (dec[0] == '/') {
		cv_error_set(err, CV_ERROR_FORMAT, NULL, 0, 0,
		             "image src \"%s\" is an absolute path; it must be relative to the article's folder", src);
		goto fail;
	}
	for (char *seg = dec, *next; seg != NULL; seg = next) {
		next = strchr(seg, '/');
		if (next != NULL)
			*next++ = '\0';
		if (seg[0] == '\0' || strcmp(seg, ".") == 0)
			continue;
		if (strcmp(seg, "..") == 0) {
			cv_error_set(err, CV_ERROR_FORMAT, NULL, 0, 0,
			             "image src \"%s\" climbs out of the article's folder", src);
			goto fail;
		}
		if (o > 0)
			norm[o++] = '/';
		memcpy(norm + o, seg, strlen(seg));
		o += strlen(seg);
	}
	norm[o] = '\0';
	if (o == 0) {
		cv_error_set(err, CV_ERROR_FORMAT, NULL, 0, 0, "image src \"%s\" names no file", src);
		goto fail;
	}
	free(dec);
	*out = norm;
	return CV_OK;
nomem:
	cv_error_set(err, CV_ERROR_SYSTEM, NULL, 0, 0, "out of memory");
fail:
	free(dec);
	free(norm);
	return CV_FAIL;
}

/* Opens name beneath folder, one component at a time, following no link. */
static int resource_open_beneath(const char *folder, const char *name,
                                 const char *src, int *fd_out, struct cv_error *err)
{
	char *copy = strdup(name);
	int dir = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int fd = -1;

	if (copy == NULL || dir < 0) {
		free(copy);
		if (dir >= 0)
			close(dir);
		return cv_error_set(err, CV_ERROR_SYSTEM, NULL, 0, 0, "cannot open the article's folder: %s", strerror(errno));
	}
	for (char *seg = copy, *next; seg != NULL; seg = next) {
		next = strchr(seg, '/');
		if (next != NULL)
			*next++ = '\0';
		int flags = O_RDONLY | O_NOFOLLOW | O_CLOEXEC | (next ? O_DIRECTORY : O_NONBLOCK);
		fd = openat(dir, seg, flags);
		int saved = errno;
		close(dir);
		if (fd < 0) {
			free(copy);
			if (saved == ELOOP || saved == ENOTDIR)
				return cv_error_set(err, CV_ERROR_FORMAT, NULL, 0, 0,
				                    "image \"%s\" is reached through a symbolic link or a non-folder; refusing it", src);
			if (saved == ENOENT)
				return cv_error_set(err, CV_ERROR_FORMAT, NULL, 0, 0, "image \"%s\" does not exist", src);
			return cv_error_set(err, CV_ERROR_SYSTEM, NULL, 0, 0, "cannot open image \"%s\": %s", src, strerror(saved));
		}
		dir = fd;
	}
	free(copy);
	*fd_out = fd;
	return CV_OK;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int resource_check_size(struct cv_resource *res, const char *src, struct cv_error *err)
{
	if (res->width <= 0 || res->height <= 0)
		return cv_error_set(err, CV_ERROR_FORMAT, NULL, 0, 0, "image \"%s\" has no size in its header", src);
	if (res->width > CV_MAX_IMAGE_SIDE || res->height > CV_MAX_IMAGE_SIDE ||
	    (uint64_t)res->width * (uint64_t)res->height > CV_MAX_IMAGE_PIXELS)
		return cv_error_set(err, CV_ERROR_LIMIT, NULL, 0, 0,
		                    "image \"%s\" claims %d x %d pixels, over the limit of %d per side and %u in all",
		                    src, res->width, res->height, CV_MAX_IMAGE_SIDE, CV_MAX_IMAGE_PIXELS);
	return CV_OK;
}

/* Walks every chunk: a truncated or padded file fails here, not in Cairo. */
static int resource_check_png(struct cv_resource *res, const char *src, struct cv_error *err)
{
	const unsigned char *p = res->data;
	size_t n = res->size, off = 8;
	int seen_idat = 0, seen_iend = 0;

	if (n < 33 || memcmp(p + 8, "\0\0\0\x0dIHDR", 8) != 0)
		return cv_error_set(err, CV_ERROR_FORMAT, NULL, 0, 0, "image \"%s\" is not a complete PNG (no IHDR)", src);
	res->width = (int)(be32(p + 16) > 0x7fffffff ? 0x7fffffff : be32(p + 16));
	res->height = (int)(be32(p + 20) > 0x7fffffff ? 0x7fffffff : be32(p + 20));
	if (resource_check_size(res, src, err))
		return CV_FAIL;
	while (off + 12 <= n) {
		uint32_t len = be32(p + off);
		const unsigned char *type = p + off + 4;
		if (len > n - off - 12)
			break;
		if (memcmp(type, "IDAT", 4) == 0)
			seen_idat = 1;
		off += 12 + (size_t)len;
		if (memcmp(type, "IEND", 4) == 0) {
			seen_iend = 1;
			break;
		}
	}
	if (!seen_idat || !seen_iend)
		return cv_error_set(err, CV_ERROR_FORMAT, NULL, 0, 0, "image \"%s\" is a truncated PNG", src);
	return CV_OK;
}

/* Reads the frame header for the size and requires the end-of-image mark. */
static int resource_check_jpeg(struct cv_resource *res, const char *src, struct cv_error *err)
{
	const unsigned char *p = res->data;
	size_t n = res->size, off = 2, end = n;

	while (off + 4 <= n) {
		if (p[off] != 0xff)
			return cv_error_set(err, CV_ERROR_FORMAT, NULL, 0, 0, "image \"%s\" is a damaged JPEG", src);
		unsigned marker = p[off + 1];
		if (marker == 0xff) {
			off++;
			continue;
		}
		size_t len = (size_t)p[off + 2] << 8 | p[off + 3];
		if (len < 2 || off + 2 + len > n)
			break;
		if ((marker >= 0xc0 && marker <= 0xcf) && marker != 0xc4 && marker != 0xc8 && marker != 0xcc) {
			if (len < 7)
				break;
			res->height = p[off + 5] << 8 | p[off + 6];
			res->width = p[off + 7] << 8 | p[off + 8];
		}
		if (marker == 0xda)
			break;
		off += 2 + len;
	}
	if (res->width == 0 && res->height == 0)
		return cv_error_set(err, CV_ERROR_FORMAT, NULL, 0, 0, "image \"%s\" is a truncated JPEG (no frame header)", src);
	if (resource_check_size(res, src, err))
		return CV_FAIL;
	while (end > 2 && p[end - 1] == 0)
		end--;
	if (end < 4 || p[end - 2] != 0xff || p[end - 1] != 0xd9)
		return cv_error_set(err, CV_ERROR_FORMAT, NULL, 0, 0, "image \"%s\" is a truncated JPEG (no end marker)", src);
	return CV_OK;
}

/* Parsed with the same strictness as the article (no DTD, no entities),
 * then held to svg.c's rule: self-contained. */
static int resource_check_svg(struct cv_resource *res, const char *src, struct cv_error *err)
{
	xmlDocPtr doc;
	int status;

	if (res->size > INT32_MAX)
		return cv_error_set(err, CV_ERROR_LIMIT, NULL, 0, 0, "image \"%s\" is too large", src);
	doc = xmlReadMemory((const char *)res->data, (int)res->size, NULL, NULL,
	                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (doc == NULL)
		return cv_error_set(err, CV_ERROR_FORMAT, NULL, 0, 0, "image \"%s\" is not a well-formed SVG", src);
	status = cv_svg_check(doc, src, err);
	xmlFreeDoc(doc);
	return status;
}

static int resource_sniff(struct cv_resource *res, const char *src, struct cv_error *err)
{
	const unsigned char *p = res->data;
	size_t n = res->size, i = 0;

	if (n >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0) {
		res->media_type = "image/png";
		return resource_check_png(res, src, err);
	}
	if (n >= 3 && p[0] == 0xff && p[1] == 0xd8 && p[2] == 0xff) {
		res->media_type = "image/jpeg";
		return resource_check_jpeg(res, src, err);
	}
	if (n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < n && isspace(p[i]))
		i++;
	if (i < n && p[i] == '<') {
		res->media_type = "image/svg+xml";
		return resource_check_svg(res, src, err);
	}
	return cv_error_set(err, CV_ERROR_UNSUPPORTED, NULL, 0, 0, "image \"%s\" is not a PNG, JPEG or SVG file", src);
}

int cv_resource_open(const char *folder, const char *src,
                     struct cv_resource **out, struct cv_error *err)
{
	struct cv_resource *res = calloc(1, sizeof *res);
	char what[256];
	int fd = -1;

	*out = NULL;
	if (res == NULL)
		return cv_error_set(err, CV_ERROR_SYSTEM, NULL, 0, 0, "out of memory");
	if (resource_normalise(src, &res->name, err) ||
	    resource_open_beneath(folder, res->name, src, &fd, err))
		goto fail;
	snprintf(what, sizeof what, "image \"%.200s\"", src);
	if (cv_file_read_all(fd, CV_MAX_IMAGE_BYTES, NULL, what, &res->data, &res->size, err))
		goto fail;
	close(fd);
	fd = -1;
	if (resource_sniff(res, src, err))
		goto fail;
	*out = res;
	return CV_OK;
fail:
	if (fd >= 0)
		close(fd);
	cv_resource_free(res);
	return CV_FAIL;
}
