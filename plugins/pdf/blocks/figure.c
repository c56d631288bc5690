/*
 * figure.c: a figure (blocks.h): one image and an optional caption, never
 * split. PNG is decoded by Cairo, JPEG is embedded as it is (Cairo writes
 * the bytes given as MIME data, no re-encoding), SVG is drawn as vectors
 * by librsvg with its default limits. The core has already checked every
 * image's path, size and header.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <librsvg/rsvg.h>

#include "attr.h"
#include "blocks/blocks.h"

struct pdf_png_reader {
	const unsigned char *data;
	size_t size, pos;
};

static cairo_status_t pdf_png_read(void *closure, unsigned char *buf, unsigned len)
{
	struct pdf_png_reader *r = closure;
	if (r->size - r->pos < len)
		return CAIRO_STATUS_READ_ERROR;
	memcpy(buf, r->data + r->pos, len);
	r->pos += len;
	return CAIRO_STATUS_SUCCESS;
}

/* A width attribute (50%, 80mm, 3in, 200px) in points; 0 when absent,
 * -1 when it cannot be read. */
static double pdf_width_points(const char *w, double avail)
{
	if (!w || !*w)
		return 0;
	char *end;
	double v = strtod(w, &end);
	if (end == w || !isfinite(v) || v <= 0)
		return -1;
	if (strcmp(end, "%") == 0)
		return avail * v / 100;
	if (strcmp(end, "mm") == 0)
		return v * PDF_MM;
	if (strcmp(end, "cm") == 0)
		return v * 10 * PDF_MM;
	if (strcmp(end, "in") == 0)
		return v * 72;
	if (strcmp(end, "px") == 0 || *end == '\0')
		return v * 0.75; /* CSS pixels: 96 to the inch */
	if (strcmp(end, "pt") == 0)
		return v;
	return -1;
}

/* The image being read: its element, its src and its resource. */
struct pdf_image_src {
	xmlNode *img;
	const char *src;
	const struct cv_resource *res;
};

/* Decodes a PNG into f. */
static int pdf_figure_png(struct pdf_figure *f, const struct pdf_image_src *is,
                          struct cv_error *err)
{
	struct pdf_png_reader r = { cv_resource_data(is->res), cv_resource_size(is->res), 0 };
	f->image = cairo_image_surface_create_from_png_stream(pdf_png_read, &r);
	if (cairo_surface_status(f->image) != CAIRO_STATUS_SUCCESS)
		return cv_error_set(err, CV_ERROR_FORMAT, NULL, is->img->line, 0,
		                    "pdf: image '%s': cairo cannot read this PNG: %s", is->src,
		                    cairo_status_to_string(cairo_surface_status(f->image)));
	f->src_w = cairo_image_surface_get_width(f->image) * 0.75;
	f->src_h = cairo_image_surface_get_height(f->image) * 0.75;
	return CV_OK;
}

/* Gives f a JPEG, to be embedded as it is. */
static int pdf_figure_jpeg(struct pdf_figure *f, const struct pdf_image_src *is,
                           struct cv_error *err)
{
	int w = cv_resource_width(is->res), h = cv_resource_height(is->res);
	if (w <= 0 || h <= 0)
		return cv_error_set(err, CV_ERROR_FORMAT, NULL, is->img->line, 0,
		                    "pdf: image '%s': JPEG without a size", is->src);
	/* The pixels are never drawn: the PDF surface embeds the JPEG bytes
	 * given as MIME data. The blank surface has the JPEG's size because
	 * Cairo maps the image through the surface's extents. */
	f->image = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	cairo_status_t st = cairo_surface_set_mime_data(f->image, CAIRO_MIME_TYPE_JPEG,
	                                                cv_resource_data(is->res),
	                                                cv_resource_size(is->res), NULL, NULL);
	if (st != CAIRO_STATUS_SUCCESS)
		return cv_error_set(err, CV_ERROR_LIBRARY, NULL, is->img->line, 0,
		                    "pdf: image '%s': %s", is->src, cairo_status_to_string(st));
	f->src_w = w * 0.75;
	f->src_h = h * 0.75;
	return CV_OK;
}

/* Reads an SVG into f, to be drawn as vectors. */
static int pdf_figure_svg(struct pdf_figure *f, const struct pdf_image_src *is,
                          struct cv_error *err)
{
	GError *gerr = NULL;
	/* No base file: an SVG may not pull in other files. Default limits:
	 * never RSVG_HANDLE_FLAG_UNLIMITED. */
	RsvgHandle *h = rsvg_handle_new_from_data(cv_resource_data(is->res),
	                                          cv_resource_size(is->res), &gerr);
	if (!h) {
		cv_error_set(err, CV_ERROR_FORMAT, NULL, is->img->line, 0,
		             "pdf: image '%s': librsvg: %s", is->src,
		             gerr ? gerr->message : "cannot read");
		if (gerr)
			g_error_free(gerr);
		return CV_FAIL;
	}
	f->svg = h;
	rsvg_handle_set_dpi(h, 96);
	double pw = 0, ph = 0;
	if (!rsvg_handle_get_intrinsic_size_in_pixels(h, &pw, &ph) || pw <= 0 || ph <= 0) {
		gboolean has_vb;
		RsvgRectangle vb;
		gboolean hw, hh;
		RsvgLength lw, lh;
		rsvg_handle_get_intrinsic_dimensions(h, &hw, &lw, &hh, &lh, &has_vb, &vb);
		if (has_vb && vb.width > 0 && vb.height > 0) {
			pw = vb.width;
			ph = vb.height;
		} else {
			pw = 400;
			ph = 300;
		}
	}
	f->src_w = pw * 0.75;
	f->src_h = ph * 0.75;
	return CV_OK;
}

/* Decodes the image into f, by its media type; a PNG or JPEG decoded once
 * per resource (bx->images). */
static int pdf_figure_decode(struct pdf_blocks *bx, struct pdf_figure *f,
                             const struct pdf_image_src *is, struct cv_error *err)
{
	cairo_surface_t *cached = bx->images ? g_hash_table_lookup(bx->images, is->res) : NULL;
	if (cached) {
		f->image = cairo_surface_reference(cached);
		f->src_w = cairo_image_surface_get_width(cached) * 0.75;
		f->src_h = cairo_image_surface_get_height(cached) * 0.75;
		return CV_OK;
	}
	const char *type = cv_resource_media_type(is->res);
	int rc;
	if (strcmp(type, "image/png") == 0)
		rc = pdf_figure_png(f, is, err);
	else if (strcmp(type, "image/jpeg") == 0)
		rc = pdf_figure_jpeg(f, is, err);
	else if (strcmp(type, "image/svg+xml") == 0)
		rc = pdf_figure_svg(f, is, err);
	else
		rc = cv_error_set(err, CV_ERROR_UNSUPPORTED, NULL, is->img->line, 0,
		                  "pdf: image '%s': %s is not supported", is->src, type);
	if (rc == CV_OK && f->image) {
		if (!bx->images)
			bx->images = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
			                                    (GDestroyNotify)cairo_surface_destroy);
		g_hash_table_insert(bx->images, (gpointer)is->res, cairo_surface_reference(f->image));
	}
	return rc;
}

/* Reads the image of element img into f and sizes it in f's room. */
static int pdf_figure_load(struct pdf_blocks *bx, struct pdf_figure *f, xmlNode *img,
                           struct cv_error *err)
{
	char *src = (char *)xmlGetProp(img, (const xmlChar *)"src");
	char *width = (char *)xmlGetProp(img, (const xmlChar *)"width");
	char *alt = (char *)xmlGetProp(img, (const xmlChar *)"alt");
	int rc = CV_FAIL;
	struct pdf_image_src is = {
		img, src, src ? cv_document_lookup_resource(cv_job_document(bx->job), src) : NULL
	};

	f->alt = g_strdup(alt ? alt : "");
	if (!is.res) {
		cv_error_set(err, CV_ERROR_FORMAT, NULL, img->line, 0,
		             "pdf: image '%s' is not among the article's resources",
		             src ? src : "");
		goto out;
	}
	if (pdf_figure_decode(bx, f, &is, err) != CV_OK)
		goto out;
	double w = pdf_width_points(width, f->avail_w);
	if (w < 0) {
		cv_error_set(err, CV_ERROR_FORMAT, NULL, img->line, 0,
		             "pdf: image '%s': width '%s' is not a length", src, width);
		goto out;
	}
	if (w == 0)
		w = f->src_w;
	if (w > f->avail_w)
		w = f->avail_w;
	f->img_w = w;
	f->img_h = f->src_h * w / f->src_w;
	rc = CV_OK;
out:
	xmlFree(src);
	xmlFree(width);
	xmlFree(alt);
	return rc;
}

int pdf_figure_read(struct pdf_blocks *bx, xmlNode *node, double indent_start, double indent_end,
                    struct pdf_figure **out, struct cv_error *err)
{
	const struct pdf_setup *setup = bx->setup;
	struct pdf_figure *f = g_new0(struct pdf_figure, 1);
	f->id = pdf_strdup_attr(node, "id");
	f->indent_start = indent_start;
	f->avail_w = setup->text_w - indent_start - indent_end;
	f->space_before = pdf_attr_num(node, "space-before", 0);
	f->space_after = pdf_attr_num(node, "space-after", 0);
	if (!isfinite(f->space_before) || f->space_before < 0)
		f->space_before = 0;
	if (!isfinite(f->space_after) || f->space_after < 0)
		f->space_after = 0;
	for (xmlNode *c = node->children; c; c = c->next) {
		if (pdf_is(c, "image") && !f->image && !f->svg) {
			if (pdf_figure_load(bx, f, c, err) != CV_OK) {
				pdf_figure_free(f);
				return CV_FAIL;
			}
		} else if (pdf_is(c, "block") && !f->caption) {
			f->caption = pdf_paragraph_read(bx, c, indent_start, indent_end, 0, err);
			if (!f->caption) {
				pdf_figure_free(f);
				return CV_FAIL;
			}
		}
	}
	/* Never taller than what fits on a page with its caption. */
	double room = setup->body_bottom - setup->body_top;
	double cap = f->caption ? f->caption->space_before +
	             pdf_block_height(f->caption, 0, f->caption->n_lines) : 0;
	if (f->img_h > room - cap && f->img_h > 0) {
		double k = (room - cap) / f->img_h;
		if (k < 0.1)
			k = 0.1;
		f->img_w *= k;
		f->img_h *= k;
	}
	f->height = f->img_h + cap;
	*out = f;
	return CV_OK;
}

void pdf_figure_free(struct pdf_figure *f)
{
	if (!f)
		return;
	if (f->image)
		cairo_surface_destroy(f->image);
	if (f->svg)
		g_object_unref(f->svg);
	pdf_paragraph_free(f->caption);
	g_free(f->alt);
	g_free(f->id);
	g_free(f);
}
