/*
 * stamps.c: a glyph outline drawn once per PDF and painted as a tiling
 * pattern wherever it recurs (see stamps.h for why).
 */
#include "stamps.h"

#include <math.h>
#include <glib.h>

/* The glyph's box is padded by PDF_STAMP_PAD user units in the tile and
 * filled PDF_STAMP_PAD / 2 inside that: the neighbouring tiles' ink stays
 * out of the filled box whatever a viewer's rounding. */
#define PDF_STAMP_PAD 2.0

struct pdf_stamp_key {
	cairo_scaled_font_t *font;
	unsigned long glyph;
	double rgba[4];
};

struct pdf_stamp {
	struct pdf_stamp_key key;
	cairo_surface_t *tile;   /* the glyph, drawn at (-x0, -y0) */
	double x0, y0, w, h;     /* the tile's box, from the glyph origin */
};

struct pdf_stamps {
	GHashTable *table;       /* struct pdf_stamp_key * -> struct pdf_stamp */
};

static guint pdf_stamp_hash(gconstpointer p)
{
	const struct pdf_stamp_key *k = p;
	guint h = g_direct_hash(k->font) ^ (guint)k->glyph * 2654435761u;
	for (int i = 0; i < 4; i++)
		h = h * 31 + (guint)(k->rgba[i] * 255);
	return h;
}

static gboolean pdf_stamp_equal(gconstpointer a, gconstpointer b)
{
	const struct pdf_stamp_key *x = a, *y = b;
	return x->font == y->font && x->glyph == y->glyph && x->rgba[0] == y->rgba[0] &&
	       x->rgba[1] == y->rgba[1] && x->rgba[2] == y->rgba[2] && x->rgba[3] == y->rgba[3];
}

static void pdf_stamp_free(gpointer p)
{
	struct pdf_stamp *s = p;
	cairo_surface_destroy(s->tile);
	cairo_scaled_font_destroy(s->key.font);
	g_free(s);
}

struct pdf_stamps *pdf_stamps_new(void)
{
	struct pdf_stamps *stamps = g_new0(struct pdf_stamps, 1);
	/* The key lives in the stamp, which holds a reference to the font,
	 * so a freed font's address cannot come back as another's. */
	stamps->table = g_hash_table_new_full(pdf_stamp_hash, pdf_stamp_equal, NULL, pdf_stamp_free);
	return stamps;
}

void pdf_stamps_free(struct pdf_stamps *stamps)
{
	if (stamps == NULL)
		return;
	g_hash_table_destroy(stamps->table);
	g_free(stamps);
}

static struct pdf_stamp *pdf_stamp_new(const struct pdf_stamp_key *key)
{
	struct pdf_stamp *s = g_new0(struct pdf_stamp, 1);
	s->key = *key;
	cairo_scaled_font_reference(key->font);
	cairo_text_extents_t te;
	cairo_glyph_t at = { key->glyph, 0, 0 };
	cairo_scaled_font_glyph_extents(key->font, &at, 1, &te);
	/* Whole units, so the tile's box and steps print short. */
	s->x0 = floor(te.x_bearing) - PDF_STAMP_PAD;
	s->y0 = floor(te.y_bearing) - PDF_STAMP_PAD;
	s->w = ceil(te.x_bearing + te.width) + PDF_STAMP_PAD - s->x0;
	s->h = ceil(te.y_bearing + te.height) + PDF_STAMP_PAD - s->y0;
	cairo_rectangle_t box = { 0, 0, s->w, s->h };
	s->tile = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &box);
	cairo_t *cr = cairo_create(s->tile);
	cairo_set_scaled_font(cr, key->font);
	at.x = -s->x0;
	at.y = -s->y0;
	cairo_glyph_path(cr, &at, 1);
	cairo_set_source_rgba(cr, key->rgba[0], key->rgba[1], key->rgba[2], key->rgba[3]);
	cairo_fill(cr);
	cairo_destroy(cr);
	return s;
}

void pdf_stamps_paint(struct pdf_stamps *stamps, cairo_t *cr, const cairo_glyph_t *g, int n)
{
	struct pdf_stamp_key key = { cairo_get_scaled_font(cr), 0, { 0, 0, 0, 0 } };
	if (stamps == NULL ||
	    cairo_pattern_get_rgba(cairo_get_source(cr), &key.rgba[0], &key.rgba[1], &key.rgba[2],
	                           &key.rgba[3]) != CAIRO_STATUS_SUCCESS) {
		cairo_new_path(cr);
		cairo_glyph_path(cr, g, n);
		cairo_fill(cr);
		return;
	}
	cairo_save(cr);
	for (int i = 0; i < n; i++) {
		key.glyph = g[i].index;
		struct pdf_stamp *s = g_hash_table_lookup(stamps->table, &key);
		if (s == NULL) {
			s = pdf_stamp_new(&key);
			g_hash_table_insert(stamps->table, &s->key, s);
		}
		/* One tile, its origin where the glyph's box starts. */
		double ox = g[i].x + s->x0, oy = g[i].y + s->y0;
		cairo_pattern_t *p = cairo_pattern_create_for_surface(s->tile);
		cairo_pattern_set_extend(p, CAIRO_EXTEND_REPEAT);
		cairo_matrix_t m;
		cairo_matrix_init_translate(&m, -ox, -oy);
		cairo_pattern_set_matrix(p, &m);
		cairo_set_source(cr, p);
		cairo_pattern_destroy(p);
		cairo_new_path(cr);
		cairo_rectangle(cr, ox + PDF_STAMP_PAD / 2, oy + PDF_STAMP_PAD / 2,
		                s->w - PDF_STAMP_PAD, s->h - PDF_STAMP_PAD);
		cairo_fill(cr);
	}
	cairo_restore(cr);
}
