/*
 * figure.c: a figure on its page (local.h): the image centred in the
 * room between the indents, in a Figure tag with its alternative text (a
 * decorative one as an artifact), and its caption under it.
 */
#include <librsvg/rsvg.h>

#include "draw/local.h"

/* Draws f's image with its top left corner at (x, y), at its drawn size. */
static void pdf_draw_image(cairo_t *cr, const struct pdf_figure *f, double x, double y,
                           int interpolate)
{
	cairo_save(cr);
	if (f->svg) {
		RsvgRectangle vp = { x, y, f->img_w, f->img_h };
		rsvg_handle_render_document(f->svg, cr, &vp, NULL);
	} else if (f->image) {
		double sw = cairo_image_surface_get_width(f->image);
		double sh = cairo_image_surface_get_height(f->image);
		cairo_translate(cr, x, y);
		cairo_scale(cr, f->img_w / sw, f->img_h / sh);
		cairo_set_source_surface(cr, f->image, 0, 0);
		/* Cairo asks for /Interpolate with the smoothing filters. */
		cairo_pattern_set_filter(cairo_get_source(cr),
		                         interpolate ? CAIRO_FILTER_GOOD : CAIRO_FILTER_FAST);
		cairo_rectangle(cr, 0, 0, sw, sh);
		cairo_fill(cr);
	}
	cairo_restore(cr);
}

/* A new surface with the same pixels, or the same JPEG bytes. */
static cairo_surface_t *pdf_surface_copy(cairo_surface_t *src)
{
	int w = cairo_image_surface_get_width(src), h = cairo_image_surface_get_height(src);
	cairo_surface_t *dst = cairo_image_surface_create(cairo_image_surface_get_format(src), w, h);
	const unsigned char *jpeg = NULL;
	unsigned long len = 0;
	cairo_surface_get_mime_data(src, CAIRO_MIME_TYPE_JPEG, &jpeg, &len);
	if (jpeg) {
		cairo_surface_set_mime_data(dst, CAIRO_MIME_TYPE_JPEG, jpeg, len, NULL, NULL);
	} else {
		cairo_t *c = cairo_create(dst);
		cairo_set_source_surface(c, src, 0, 0);
		cairo_set_operator(c, CAIRO_OPERATOR_SOURCE);
		cairo_paint(c);
		cairo_destroy(c);
	}
	return dst;
}

void pdf_draw_figure(struct pdf_draw *d, const struct pdf_figure *f, double y)
{
	double box = d->setup->rtl ? d->right - f->indent_start - f->avail_w
	                           : d->left + f->indent_start;
	double x = box + (f->avail_w - f->img_w) / 2;
	pdf_draw_dests(d, f->id, y);
	/* A decorative image (alt="") is no figure but an artifact; any
	 * other is a Figure with its alternative text (ISO 14289-1, 7.3). */
	int decorative = f->alt && !*f->alt;
	struct pdf_struct_note note = { NULL, 0, NULL, f->alt, PDF_SCOPE_NONE, NULL, 0, 0, 0 };
	struct pdf_tagging *t = d->in->tagging;
	if (decorative) {
		pdf_draw_artifact_begin(d);
	} else {
		pdf_draw_tag_begin(d, "Figure", &note);
		/* librsvg may paint groups, forms the archival pass must not
		 * take for artifacts. */
		if (f->svg && t) {
			if (!t->form_pages)
				t->form_pages = g_array_new(FALSE, FALSE, sizeof(int));
			if (t->form_pages->len == 0 ||
			    g_array_index(t->form_pages, int, t->form_pages->len - 1) != d->page)
				g_array_append_val(t->form_pages, d->page);
		}
	}
	if (f->image && g_hash_table_contains(d->page_images, f->image)) {
		/* Cairo 1.16 lists an image XObject twice in a page's
		 * resources when one surface is painted twice on the page (a
		 * duplicate key): the second use gets a copy of its own. */
		struct pdf_figure copy = *f;
		copy.image = pdf_surface_copy(f->image);
		pdf_draw_image(d->cr, &copy, x, y, d->in->interpolate);
		cairo_surface_destroy(copy.image);
	} else {
		if (f->image)
			g_hash_table_add(d->page_images, f->image);
		pdf_draw_image(d->cr, f, x, y, d->in->interpolate);
	}
	if (decorative)
		pdf_draw_artifact_end(d);
	else
		pdf_draw_tag_end(d, "Figure");
	if (f->caption)
		pdf_draw_block(d, f->caption, 0, f->caption->n_lines,
		               y + f->img_h + f->caption->space_before);
}
