/*
 * fontslots.c: claims Cairo's WinAnsi slots with glyphs text never uses
 * (see fontslots.h for why).
 */
#include "fontslots.h"

#include <hb.h>
#include <hb-ot.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The text Cairo maps a glyph to, a copy, and its length. */
struct pdf_mapped {
	char *text;
	size_t len;
};

/* One font face: which WinAnsi codes are claimed and by which primer (0:
 * left to Cairo), and the glyphs left to claim them with (a spare taken
 * is set to 0). */
struct pdf_face_slots {
	unsigned char claimed[256];
	hb_codepoint_t primer[256];
	hb_codepoint_t *spare;
	unsigned n_spare;
	/* The spares' advances in one hb font (pdf_face_slots_take), and
	 * whether the cmap maps a character to each: asked of every spare
	 * at every take. */
	hb_position_t *spare_advance;
	unsigned char *spare_encoded;
	hb_font_t *advance_font;
	int advance_scale;
	hb_set_t *encoded;    /* the glyphs the cmap maps a character to */
	GHashTable *cmap_char; /* glyph -> the first character the cmap maps to it */
	/* The text Cairo maps each glyph to (pdf_fontslots_maps): in an
	 * array by glyph for the face's glyphs, asked at every letter
	 * drawn, else (none expected) in a table. */
	struct pdf_mapped *mapped_at;
	unsigned n_glyphs;
	GHashTable *mapped;   /* glyph -> struct pdf_mapped, beyond n_glyphs */
	GHashTable *carriers; /* text -> the spare glyph that carries it */
	long letters, off;    /* pdf_fontslots_tally */
};

struct pdf_fontslots {
	GHashTable *faces; /* cairo_font_face_t * -> struct pdf_face_slots */
	/* The face asked for last and its slots: asked for at every cluster
	 * of a run, most often the same face. */
	cairo_font_face_t *last_face;
	struct pdf_face_slots *last_slots;
	const gunichar *chars; /* the document's characters (pdf_fontslots_new) */
	size_t n_chars;
};

static void pdf_face_slots_free(void *p)
{
	struct pdf_face_slots *fs = p;
	g_free(fs->spare);
	g_free(fs->spare_advance);
	g_free(fs->spare_encoded);
	hb_set_destroy(fs->encoded);
	if (fs->cmap_char)
		g_hash_table_destroy(fs->cmap_char);
	for (unsigned g = 0; g < fs->n_glyphs; g++)
		g_free(fs->mapped_at[g].text);
	g_free(fs->mapped_at);
	if (fs->mapped)
		g_hash_table_destroy(fs->mapped);
	if (fs->carriers)
		g_hash_table_destroy(fs->carriers);
	g_free(fs);
}

static void pdf_mapped_free(void *p)
{
	struct pdf_mapped *m = p;
	g_free(m->text);
	g_free(m);
}

/* The text glyph is mapped to, or NULL. */
static const struct pdf_mapped *pdf_face_mapped(const struct pdf_face_slots *fs, unsigned long glyph)
{
	if (glyph < fs->n_glyphs)
		return fs->mapped_at[glyph].text ? &fs->mapped_at[glyph] : NULL;
	return g_hash_table_lookup(fs->mapped, GUINT_TO_POINTER(glyph));
}

/* Maps glyph to text (which this takes), in place of what it was. */
static void pdf_face_map(struct pdf_face_slots *fs, unsigned long glyph, char *text)
{
	if (glyph < fs->n_glyphs) {
		g_free(fs->mapped_at[glyph].text);
		fs->mapped_at[glyph].text = text;
		fs->mapped_at[glyph].len = strlen(text);
		return;
	}
	struct pdf_mapped *m = g_new(struct pdf_mapped, 1);
	m->text = text;
	m->len = strlen(text);
	g_hash_table_insert(fs->mapped, GUINT_TO_POINTER(glyph), m);
}

struct pdf_fontslots *pdf_fontslots_new(const gunichar *chars, size_t n_chars)
{
	struct pdf_fontslots *slots = g_new0(struct pdf_fontslots, 1);
	slots->chars = chars;
	slots->n_chars = n_chars;
	/* The faces are referenced so that a freed face's address cannot
	 * come back as another face's. */
	slots->faces = g_hash_table_new_full(g_direct_hash, g_direct_equal,
	                                     (GDestroyNotify)cairo_font_face_destroy,
	                                     pdf_face_slots_free);
	return slots;
}

void pdf_fontslots_free(struct pdf_fontslots *slots)
{
	if (slots == NULL)
		return;
	g_hash_table_destroy(slots->faces);
	g_free(slots);
}

/* The WinAnsi code Cairo gives character c, or -1: the same table as
 * Cairo's _cairo_unicode_to_winansi (which excludes the soft hyphen). */
static int pdf_winansi(gunichar c)
{
	static const gunichar x80[32] = {
		0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
		0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
		0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
		0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178
	};
	if ((c >= 0x20 && c <= 0x7e) || (c >= 0xa1 && c <= 0xff && c != 0xad))
		return (int)c;
	/* Outside the table below: most text (Arabic included). */
	if (c < 0x152 || c > 0x2122 || (c > 0x2dc && c < 0x2013))
		return -1;
	for (int i = 0; i < 32; i++)
		if (x80[i] != 0 && x80[i] == c)
			return 0x80 + i;
	return -1;
}

static int pdf_cmp_unichar(const void *a, const void *b)
{
	gunichar x = *(const gunichar *)a, y = *(const gunichar *)b;
	return x < y ? -1 : x > y;
}

/* The glyphs of font's face that the document's text (chars, n of them)
 * cannot reach: not mapped from any of its characters by the cmap, nor
 * produced from those by any GSUB lookup, and with ink (Cairo drops a
 * show of empty glyphs). Counting only the document's characters, not all
 * the cmap holds, gives every face spares: a face made for one script
 * (Noto Serif Hebrew, Noto Nastaliq Urdu) reaches all its glyphs from its
 * own cmap, but no article uses every character it covers. */
static void pdf_face_slots_find_spare(struct pdf_face_slots *fs, PangoFont *font,
                                      const gunichar *doc, size_t n_doc)
{
	hb_font_t *hb = pango_font_get_hb_font(font);
	fs->encoded = hb_set_get_empty();
	if (hb == NULL)
		return;
	hb_face_t *face = hb_font_get_face(hb);
	unsigned n = hb_face_get_glyph_count(face);
	fs->n_glyphs = n;
	fs->mapped_at = g_new0(struct pdf_mapped, n ? n : 1);
	hb_set_t *chars = hb_set_create(), *glyphs = hb_set_create(), *lookups = hb_set_create();
	hb_face_collect_unicodes(face, chars);
	hb_set_t *encoded = hb_set_create();
	for (hb_codepoint_t u = HB_SET_VALUE_INVALID; hb_set_next(chars, &u);) {
		hb_codepoint_t g;
		if (!hb_font_get_nominal_glyph(hb, u, &g))
			continue;
		hb_set_add(encoded, g);
		/* The first, as FreeType's charmap walk, which Cairo uses,
		 * finds it. */
		if (!g_hash_table_contains(fs->cmap_char, GUINT_TO_POINTER(g)))
			g_hash_table_insert(fs->cmap_char, GUINT_TO_POINTER(g), GUINT_TO_POINTER(u));
	}
	hb_set_destroy(fs->encoded);
	fs->encoded = encoded;
	for (size_t i = 0; i < n_doc; i++) {
		hb_codepoint_t g;
		if (hb_font_get_nominal_glyph(hb, doc[i], &g))
			hb_set_add(glyphs, g);
	}
	/* Variation sequences (cmap format 14) reach glyphs of their own. */
	hb_set_t *selectors = hb_set_create();
	hb_face_collect_variation_selectors(face, selectors);
	for (hb_codepoint_t vs = HB_SET_VALUE_INVALID; hb_set_next(selectors, &vs);) {
		hb_set_t *bases = hb_set_create();
		hb_face_collect_variation_unicodes(face, vs, bases);
		for (hb_codepoint_t u = HB_SET_VALUE_INVALID; hb_set_next(bases, &u);) {
			if (!bsearch(&u, doc, n_doc, sizeof *doc, pdf_cmp_unichar))
				continue;
			hb_codepoint_t g;
			if (hb_font_get_variation_glyph(hb, u, vs, &g))
				hb_set_add(glyphs, g);
		}
		hb_set_destroy(bases);
	}
	hb_set_destroy(selectors);
	unsigned nl = hb_ot_layout_table_get_lookup_count(face, HB_OT_TAG_GSUB);
	if (nl > 0)
		hb_set_add_range(lookups, 0, nl - 1);
	hb_ot_layout_lookups_substitute_closure(face, lookups, glyphs);
	fs->spare = g_new(hb_codepoint_t, n);
	for (hb_codepoint_t g = 1; g < n; g++) {
		hb_glyph_extents_t ext;
		if (hb_set_has(glyphs, g) || !hb_font_get_glyph_extents(hb, g, &ext) ||
		    ext.width == 0 || ext.height == 0)
			continue;
		fs->spare[fs->n_spare++] = g;
	}

	hb_set_destroy(chars);
	hb_set_destroy(glyphs);
	hb_set_destroy(lookups);
}

/* The spare glyph whose advance is nearest want (in the hb font's units),
 * within tolerance, taken from the list; or 0. An extractor measures a
 * character by its glyph's advance in the font: a glyph much wider or
 * narrower than the text it stands for overlaps its neighbours or leaves
 * a gap, and poppler then drops or splits the word. A spare to carry
 * several characters (several) is one the cmap maps no character to:
 * Cairo maps a glyph first shown with one character to that character,
 * but one first shown with more to the character the cmap gives it, and
 * wraps the text it was meant to carry in ActualText, which pdf.js
 * ignores ("الف" read "لفآ" where the carrier of "ا" and a mark was the
 * glyph of "آ"). */
static hb_codepoint_t pdf_face_slots_take(struct pdf_face_slots *fs, PangoFont *font,
                                          hb_position_t want, hb_position_t tolerance,
                                          int several)
{
	hb_font_t *hb = pango_font_get_hb_font(font);
	if (hb == NULL)
		return 0;
	/* The advances are read once per hb font and scale (a face drawn at
	 * one size most often), not at every take. */
	int xs, ys;
	hb_font_get_scale(hb, &xs, &ys);
	if (fs->spare_advance == NULL || fs->advance_font != hb || fs->advance_scale != xs) {
		if (fs->spare_advance == NULL) {
			fs->spare_advance = g_new(hb_position_t, fs->n_spare ? fs->n_spare : 1);
			fs->spare_encoded = g_new(unsigned char, fs->n_spare ? fs->n_spare : 1);
			for (unsigned i = 0; i < fs->n_spare; i++)
				fs->spare_encoded[i] = (unsigned char)hb_set_has(fs->encoded, fs->spare[i]);
		}
		for (unsigned i = 0; i < fs->n_spare; i++)
			fs->spare_advance[i] = hb_font_get_glyph_h_advance(hb, fs->spare[i]);
		fs->advance_font = hb;
		fs->advance_scale = xs;
	}
	hb_position_t best = tolerance + 1;
	unsigned at = fs->n_spare;
	for (unsigned i = 0; i < fs->n_spare; i++) {
		if (fs->spare[i] == 0 || (several && fs->spare_encoded[i]))
			continue;
		hb_position_t d = fs->spare_advance[i] - want;
		if (d < 0)
			d = -d;
		if (d < best) {
			best = d;
			at = i;
		}
	}
	if (at == fs->n_spare)
		return 0;
	hb_codepoint_t g = fs->spare[at];
	fs->spare[at] = 0;
	return g;
}

/* The record of sf's face, made on first use. */
static struct pdf_face_slots *pdf_fontslots_face(struct pdf_fontslots *slots, PangoFont *font,
                                                 cairo_scaled_font_t *sf)
{
	cairo_font_face_t *key = cairo_scaled_font_get_font_face(sf);
	if (key == slots->last_face && key != NULL)
		return slots->last_slots;
	struct pdf_face_slots *fs = g_hash_table_lookup(slots->faces, key);
	if (fs == NULL) {
		fs = g_new0(struct pdf_face_slots, 1);
		fs->cmap_char = g_hash_table_new(g_direct_hash, g_direct_equal);
		fs->mapped = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, pdf_mapped_free);
		pdf_face_slots_find_spare(fs, font, slots->chars, slots->n_chars);
		g_hash_table_insert(slots->faces, cairo_font_face_reference(key), fs);
	}
	slots->last_face = key;
	slots->last_slots = fs;
	return fs;
}

int pdf_fontslots_spares(struct pdf_fontslots *slots, PangoFont *font, cairo_scaled_font_t *sf)
{
	return slots != NULL && pdf_fontslots_face(slots, font, sf)->n_spare > 0;
}

int pdf_fontslots_open(struct pdf_fontslots *slots, PangoFont *font, cairo_scaled_font_t *sf,
                       gunichar c)
{
	int code = pdf_winansi(c);
	if (slots == NULL || code <= 0)
		return 0;
	return !pdf_fontslots_face(slots, font, sf)->claimed[code];
}

unsigned long pdf_fontslots_primer(struct pdf_fontslots *slots, PangoFont *font,
                                   cairo_scaled_font_t *sf, unsigned long glyph, gunichar c)
{
	int code = pdf_winansi(c);
	if (slots == NULL || code <= 0)
		return 0;
	struct pdf_face_slots *fs = pdf_fontslots_face(slots, font, sf);
	if (!fs->claimed[code]) {
		fs->claimed[code] = 1;
		/* A primer stands at its glyph's place: within 1% of the em if
		 * the face has one, else within 8% as a carrier. Without one
		 * the real glyph takes the slot, and every later use of the
		 * character switches font, where pdf.js ends its text item
		 * (Amiri's spares near a digit's width ran out at "8": each "8"
		 * split its number in two). */
		hb_font_t *hb = pango_font_get_hb_font(font);
		int xs = 0, ys;
		if (hb != NULL)
			hb_font_get_scale(hb, &xs, &ys);
		hb_position_t want = hb == NULL ? 0 : hb_font_get_glyph_h_advance(hb, (hb_codepoint_t)glyph);
		fs->primer[code] = hb == NULL ? 0 : pdf_face_slots_take(fs, font, want, xs / 100, 0);
		if (hb != NULL && fs->primer[code] == 0)
			fs->primer[code] = pdf_face_slots_take(fs, font, want, xs * 8 / 100, 0);
	}
	return fs->primer[code];
}

int pdf_fontslots_encoded(struct pdf_fontslots *slots, PangoFont *font, cairo_scaled_font_t *sf,
                          unsigned long glyph)
{
	return slots != NULL &&
	       hb_set_has(pdf_fontslots_face(slots, font, sf)->encoded, (hb_codepoint_t)glyph);
}

/* The carrier of key (which this takes) in sf's face, chosen the first
 * time: want wide, within tolerance (both in the hb font's units; want
 * < 0 for the n glyphs' width together). */
static unsigned long pdf_fontslots_carry(struct pdf_fontslots *slots, PangoFont *font,
                                         cairo_scaled_font_t *sf, char *key,
                                         const char *text, int len,
                                         const cairo_glyph_t *glyphs, int n,
                                         double want_em, double tolerance_em)
{
	struct pdf_face_slots *fs = pdf_fontslots_face(slots, font, sf);
	if (fs->carriers == NULL)
		fs->carriers = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	gpointer found;
	if (g_hash_table_lookup_extended(fs->carriers, key, NULL, &found)) {
		g_free(key);
		return GPOINTER_TO_UINT(found);
	}
	hb_font_t *hb = pango_font_get_hb_font(font);
	hb_codepoint_t g = 0;
	if (hb != NULL) {
		int xs, ys;
		hb_font_get_scale(hb, &xs, &ys);
		hb_position_t want = (hb_position_t)(want_em * xs);
		if (want_em < 0) {
			want = 0;
			for (int i = 0; i < n; i++)
				want += hb_font_get_glyph_h_advance(hb, (hb_codepoint_t)glyphs[i].index);
		}
		g = pdf_face_slots_take(fs, font, want, (hb_position_t)(tolerance_em * xs),
		                        g_utf8_strlen(text, len) > 1);
	}
	if (g != 0)
		pdf_face_map(fs, g, g_strndup(text, (gsize)len));
	g_hash_table_insert(fs->carriers, key, GUINT_TO_POINTER(g));
	return g;
}

unsigned long pdf_fontslots_carrier(struct pdf_fontslots *slots, PangoFont *font,
                                    cairo_scaled_font_t *sf, const cairo_glyph_t *glyphs, int n,
                                    const char *text, int len)
{
	if (slots == NULL)
		return 0;
	/* The nearest in width: glyphrun.c stretches it to the glyphs' width
	 * (pdf_fontslots_scaled). */
	return pdf_fontslots_carry(slots, font, sf, g_strndup(text, (gsize)len), text, len, glyphs,
	                           n, -1, 1000);
}

unsigned long pdf_fontslots_mark_carrier(struct pdf_fontslots *slots, PangoFont *font,
                                         cairo_scaled_font_t *sf, const char *text, int len)
{
	if (slots == NULL)
		return 0;
	/* Its own key: the same text may also have a carrier of another width. */
	return pdf_fontslots_carry(slots, font, sf, g_strdup_printf("mark:%.*s", len, text),
	                           text, len, NULL, 0, 0.15, 0.04);
}

unsigned long pdf_fontslots_sized_carrier(struct pdf_fontslots *slots, PangoFont *font,
                                          cairo_scaled_font_t *sf, double width,
                                          const char *text, int len)
{
	if (slots == NULL || width <= 0)
		return 0;
	/* One carrier per text and tenth of an em of width, so a text in
	 * lines justified differently can still find one wide enough. */
	int tenths = (int)(width * 10 + 0.5);
	return pdf_fontslots_carry(slots, font, sf,
	                           g_strdup_printf("%d:%.*s", tenths, len, text), text, len, NULL, 0,
	                           tenths / 10.0, 0.05);
}

int pdf_fontslots_maps(struct pdf_fontslots *slots, PangoFont *font, cairo_scaled_font_t *sf,
                       unsigned long glyph, const char *text, int len)
{
	if (slots == NULL || len <= 0)
		return 1;
	struct pdf_face_slots *fs = pdf_fontslots_face(slots, font, sf);
	const struct pdf_mapped *have = pdf_face_mapped(fs, glyph);
	if (have == NULL) {
		/* Cairo's first use (cairo-scaled-font-subsets.c): one character
		 * maps the glyph to itself; several, to the glyph's character
		 * in the cmap if it has one, else to themselves. */
		gpointer cmap;
		char buf[8];
		if (g_utf8_next_char(text) < text + len &&
		    g_hash_table_lookup_extended(fs->cmap_char, GUINT_TO_POINTER(glyph), NULL, &cmap))
			pdf_face_map(fs, glyph, g_strndup(buf, (gsize)g_unichar_to_utf8(GPOINTER_TO_UINT(cmap), buf)));
		else
			pdf_face_map(fs, glyph, g_strndup(text, (gsize)len));
		have = pdf_face_mapped(fs, glyph);
	}
	return have->len == (size_t)len && memcmp(have->text, text, (size_t)len) == 0;
}

unsigned long pdf_fontslots_nominal(struct pdf_fontslots *slots, PangoFont *font,
                                    cairo_scaled_font_t *sf, const char *text, int len)
{
	hb_font_t *hb = pango_font_get_hb_font(font);
	hb_codepoint_t g;
	if (slots == NULL || hb == NULL || len <= 0 || g_utf8_next_char(text) != text + len ||
	    !hb_font_get_nominal_glyph(hb, g_utf8_get_char(text), &g) ||
	    hb_font_get_glyph_h_advance(hb, g) <= 0)
		return 0;
	return pdf_fontslots_maps(slots, font, sf, g, text, len) ? g : 0;
}


int pdf_fontslots_tally(struct pdf_fontslots *slots, PangoFont *font, cairo_scaled_font_t *sf,
                        int letters, int off)
{
	if (slots == NULL)
		return 0;
	struct pdf_face_slots *fs = pdf_fontslots_face(slots, font, sf);
	fs->letters += letters;
	fs->off += off;
	return fs->letters > 0 && 10 * fs->off > 3 * fs->letters;
}
