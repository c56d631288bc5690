/*
 * stamps.c: glyph outlines drawn once per PDF and painted as a tiling
 * pattern wherever they recur (see stamps.h for why).
 */
#include "stamps.h"

#include <math.h>
#include <string.h>
#include <glib.h>

/* The glyphs' box is padded by PDF_STAMP_PAD user units in the tile and
 * filled PDF_STAMP_PAD / 2 inside that: the neighbouring tiles' ink stays
 * out of the filled box whatever a viewer's rounding. */
#define PDF_STAMP_PAD 2.0

/* Glyph offsets in a key are counted in 1/PDF_STAMP_GRID of a user unit:
 * the same cluster drawn elsewhere on a line lands on the same key though
 * its positions were summed in another order. */
#define PDF_STAMP_GRID 64

/* What a stamp draws: n glyphs of one font in one colour, each at an
 * offset from the first. */
struct pdf_stamp_key {
	cairo_scaled_font_t *font;
	double rgba[4];
	int n;
	unsigned long *glyph;
	long *dx, *dy;          /* offsets from glyph 0, in grid units */
};

struct pdf_stamp {
	struct pdf_stamp_key key;
	cairo_surface_t *tile;   /* the glyphs, glyph 0's origin at (-x0, -y0) */
	double x0, y0, w, h;     /* the tile's box, from glyph 0's origin */
};

/* A stamp to paint at the end of the line (pdf_stamps_defer). */
struct pdf_stamp_use {
	struct pdf_stamp *stamp;
	cairo_matrix_t ctm;      /* cr's transform when it was asked for */
	double ox, oy;           /* where its tile's box starts */
};

struct pdf_stamps {
	GHashTable *table;       /* struct pdf_stamp_key * -> struct pdf_stamp */
	GArray *deferred;        /* struct pdf_stamp_use, for pdf_stamps_flush */
};

static guint pdf_stamp_hash(gconstpointer p)
{
	const struct pdf_stamp_key *k = p;
	guint h = g_direct_hash(k->font);
	for (int i = 0; i < 4; i++)
		h = h * 31 + (guint)(k->rgba[i] * 255);
	for (int i = 0; i < k->n; i++)
		h = (h ^ (guint)k->glyph[i]) * 2654435761u + (guint)k->dx[i] * 31 + (guint)k->dy[i];
	return h;
}

static gboolean pdf_stamp_equal(gconstpointer a, gconstpointer b)
{
	const struct pdf_stamp_key *x = a, *y = b;
	size_t n = (size_t)x->n;
	return x->font == y->font && x->n == y->n && memcmp(x->rgba, y->rgba, sizeof x->rgba) == 0 &&
	       memcmp(x->glyph, y->glyph, n * sizeof *x->glyph) == 0 &&
	       memcmp(x->dx, y->dx, n * sizeof *x->dx) == 0 &&
	       memcmp(x->dy, y->dy, n * sizeof *x->dy) == 0;
}

static void pdf_stamp_free(gpointer p)
{
	struct pdf_stamp *s = p;
	cairo_surface_destroy(s->tile);
	cairo_scaled_font_destroy(s->key.font);
	g_free(s->key.glyph);
	g_free(s->key.dx);
	g_free(s->key.dy);
	g_free(s);
}

struct pdf_stamps *pdf_stamps_new(void)
{
	struct pdf_stamps *stamps = g_new0(struct pdf_stamps, 1);
	/* The key lives in the stamp, which holds a reference to the font,
	 * so a freed font's address cannot come back as another's. */
	stamps->table = g_hash_table_new_full(pdf_stamp_hash, pdf_stamp_equal, NULL, pdf_stamp_free);
	stamps->deferred = g_array_new(FALSE, FALSE, sizeof(struct pdf_stamp_use));
	return stamps;
}

void pdf_stamps_free(struct pdf_stamps *stamps)
{
	if (stamps == NULL)
		return;
	g_hash_table_destroy(stamps->table);
	g_array_free(stamps->deferred, TRUE);
	g_free(stamps);
}

/* A stamp for key (whose arrays it takes), drawn from the n glyphs g. */
static struct pdf_stamp *pdf_stamp_new(const struct pdf_stamp_key *key, const cairo_glyph_t *g,
                                       int n)
{
	struct pdf_stamp *s = g_new0(struct pdf_stamp, 1);
	s->key = *key;
	cairo_scaled_font_reference(key->font);
	/* The glyphs as drawn here, glyph 0 at the origin. */
	cairo_glyph_t *at = g_new(cairo_glyph_t, (gsize)n);
	for (int i = 0; i < n; i++) {
		at[i].index = g[i].index;
		at[i].x = g[i].x - g[0].x;
		at[i].y = g[i].y - g[0].y;
	}
	cairo_text_extents_t te;
	cairo_scaled_font_glyph_extents(key->font, at, n, &te);
	/* Whole units, so the tile's box and steps print short. */
	s->x0 = floor(te.x_bearing) - PDF_STAMP_PAD;
	s->y0 = floor(te.y_bearing) - PDF_STAMP_PAD;
	s->w = ceil(te.x_bearing + te.width) + PDF_STAMP_PAD - s->x0;
	s->h = ceil(te.y_bearing + te.height) + PDF_STAMP_PAD - s->y0;
	cairo_rectangle_t box = { 0, 0, s->w, s->h };
	s->tile = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &box);
	cairo_t *cr = cairo_create(s->tile);
	cairo_set_scaled_font(cr, key->font);
	cairo_translate(cr, -s->x0, -s->y0);
	cairo_glyph_path(cr, at, n);
	cairo_set_source_rgba(cr, key->rgba[0], key->rgba[1], key->rgba[2], key->rgba[3]);
	cairo_fill(cr);
	cairo_destroy(cr);
	g_free(at);
	return s;
}

void pdf_stamps_paint(struct pdf_stamps *stamps, cairo_t *cr, const cairo_glyph_t *g, int n)
{
	pdf_stamps_paint_in(stamps, cr, cairo_get_scaled_font(cr), g, n);
}

/* The stamp for the n glyphs g in font and cr's source colour, made if
 * new; or NULL, having drawn them as a path, without stamps or when the
 * source is not a solid colour. */
static struct pdf_stamp *pdf_stamps_lookup_or_draw(struct pdf_stamps *stamps, cairo_t *cr,
                                                   cairo_scaled_font_t *font,
                                                   const cairo_glyph_t *g, int n)
{
	struct pdf_stamp_key key = { font, { 0, 0, 0, 0 }, n, NULL, NULL, NULL };
	if (stamps == NULL ||
	    cairo_pattern_get_rgba(cairo_get_source(cr), &key.rgba[0], &key.rgba[1], &key.rgba[2],
	                           &key.rgba[3]) != CAIRO_STATUS_SUCCESS) {
		cairo_new_path(cr);
		cairo_glyph_path(cr, g, n);
		cairo_fill(cr);
		return NULL;
	}
	key.glyph = g_new(unsigned long, (gsize)n);
	key.dx = g_new(long, (gsize)n);
	key.dy = g_new(long, (gsize)n);
	for (int i = 0; i < n; i++) {
		key.glyph[i] = g[i].index;
		key.dx[i] = lround((g[i].x - g[0].x) * PDF_STAMP_GRID);
		key.dy[i] = lround((g[i].y - g[0].y) * PDF_STAMP_GRID);
	}
	struct pdf_stamp *s = g_hash_table_lookup(stamps->table, &key);
	if (s == NULL) {
		s = pdf_stamp_new(&key, g, n);
		g_hash_table_insert(stamps->table, &s->key, s);
	} else {
		g_free(key.glyph);
		g_free(key.dx);
		g_free(key.dy);
	}
	return s;
}

/* The stamp of glyphs g[0..n) and where its tile's origin falls (where the
 * glyphs' box starts); NULL when there is nothing to paint, or they were
 * drawn as a path instead. */
static struct pdf_stamp *pdf_stamps_place(struct pdf_stamps *stamps, cairo_t *cr,
                                          cairo_scaled_font_t *font, const cairo_glyph_t *g, int n,
                                          double *ox, double *oy)
{
	if (n <= 0)
		return NULL;
	struct pdf_stamp *s = pdf_stamps_lookup_or_draw(stamps, cr, font, g, n);
	if (s != NULL) {
		*ox = g[0].x + s->x0;
		*oy = g[0].y + s->y0;
	}
	return s;
}

void pdf_stamps_paint_in(struct pdf_stamps *stamps, cairo_t *cr, cairo_scaled_font_t *font,
                         const cairo_glyph_t *g, int n)
{
	double ox, oy;
	struct pdf_stamp *s = pdf_stamps_place(stamps, cr, font, g, n, &ox, &oy);
	if (s == NULL)
		return;
	cairo_save(cr);
	cairo_pattern_t *p = cairo_pattern_create_for_surface(s->tile);
	cairo_pattern_set_extend(p, CAIRO_EXTEND_REPEAT);
	cairo_matrix_t m;
	cairo_matrix_init_translate(&m, -ox, -oy);
	cairo_pattern_set_matrix(p, &m);
	cairo_set_source(cr, p);
	cairo_pattern_destroy(p);
	cairo_new_path(cr);
	cairo_rectangle(cr, ox + PDF_STAMP_PAD / 2, oy + PDF_STAMP_PAD / 2, s->w - PDF_STAMP_PAD,
	                s->h - PDF_STAMP_PAD);
	cairo_fill(cr);
	cairo_restore(cr);
}

void pdf_stamps_defer(struct pdf_stamps *stamps, cairo_t *cr, cairo_scaled_font_t *font,
                      const cairo_glyph_t *g, int n)
{
	struct pdf_stamp_use use;
	use.stamp = pdf_stamps_place(stamps, cr, font, g, n, &use.ox, &use.oy);
	if (use.stamp == NULL)
		return;
	cairo_get_matrix(cr, &use.ctm);
	g_array_append_val(stamps->deferred, use);
}

void pdf_stamps_flush(struct pdf_stamps *stamps, cairo_t *cr)
{
	if (stamps == NULL)
		return;
	for (guint i = 0; i < stamps->deferred->len; i++) {
		const struct pdf_stamp_use *use =
			&g_array_index(stamps->deferred, struct pdf_stamp_use, i);
		cairo_save(cr);
		cairo_set_matrix(cr, &use->ctm);
		cairo_set_source_surface(cr, use->stamp->tile, use->ox, use->oy);
		cairo_paint(cr);
		cairo_restore(cr);
	}
	g_array_set_size(stamps->deferred, 0);
}
