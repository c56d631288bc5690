/*
 * carriers.c: the carrier font (carriers.h), written as a TrueType font in
 * memory and opened with FreeType.
 */
#include "carriers.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include <cairo-ft.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <glib.h>
#include <pango/pango.h>

/* Glyph 1 + w + PDF_CARRIER_WIDTHS * s is the s-th glyph of advance
 * w / 128 em; glyph 0 is .notdef. */
#define PDF_CARRIER_UPEM 1024
#define PDF_CARRIER_STEP 8 /* font units: 1/128 em */
#define PDF_CARRIER_WIDTHS 512
#define PDF_CARRIER_SLOTS 64
#define PDF_CARRIER_GLYPHS (1 + PDF_CARRIER_WIDTHS * PDF_CARRIER_SLOTS)
#define PDF_CARRIER_INK 16 /* the speck: a square this many units wide */

struct pdf_carriers {
	PangoFontMap *keep;        /* the face is kept with it */
	cairo_font_face_t *face;   /* NULL until first used */
	int failed;                /* the font could not be made */
	GHashTable *glyphs;        /* "width:text" -> glyph */
	int used[PDF_CARRIER_WIDTHS]; /* slots taken at each width */
	GHashTable *fonts;         /* cairo_scaled_font_t *like -> carrier font */
};

/* The font's bytes being written. */
struct pdf_sfnt {
	GByteArray *b;
};

static void pdf_put16(GByteArray *b, unsigned v)
{
	guint8 x[2] = { (guint8)(v >> 8), (guint8)v };
	g_byte_array_append(b, x, 2);
}

static void pdf_put32(GByteArray *b, uint32_t v)
{
	guint8 x[4] = { (guint8)(v >> 24), (guint8)(v >> 16), (guint8)(v >> 8), (guint8)v };
	g_byte_array_append(b, x, 4);
}

static void pdf_set32(GByteArray *b, size_t at, uint32_t v)
{
	b->data[at] = (guint8)(v >> 24);
	b->data[at + 1] = (guint8)(v >> 16);
	b->data[at + 2] = (guint8)(v >> 8);
	b->data[at + 3] = (guint8)v;
}

static uint32_t pdf_checksum(const guint8 *p, size_t n)
{
	/* Whole words first, then the last one padded with zeros: the font
	 * is a megabyte, summed twice. */
	uint32_t sum = 0;
	size_t i = 0;
	for (; i + 4 <= n; i += 4)
		sum += (uint32_t)p[i] << 24 | (uint32_t)p[i + 1] << 16 | (uint32_t)p[i + 2] << 8 | p[i + 3];
	if (i < n) {
		uint32_t w = 0;
		for (size_t k = 0; k < 4; k++)
			w = (w << 8) | (i + k < n ? p[i + k] : 0);
		sum += w;
	}
	return sum;
}

static GByteArray *pdf_table_head(void)
{
	GByteArray *t = g_byte_array_new();
	pdf_put32(t, 0x00010000);   /* version */
	pdf_put32(t, 0x00010000);   /* fontRevision */
	pdf_put32(t, 0);            /* checkSumAdjustment, set at the end */
	pdf_put32(t, 0x5F0F3CF5);   /* magicNumber */
	pdf_put16(t, 0x000B);       /* flags: baseline and lsb at 0, integer ppem */
	pdf_put16(t, PDF_CARRIER_UPEM);
	for (int i = 0; i < 4; i++)
		pdf_put32(t, 0);    /* created, modified */
	pdf_put16(t, 0);            /* xMin, yMin, xMax, yMax */
	pdf_put16(t, 0);
	pdf_put16(t, PDF_CARRIER_INK);
	pdf_put16(t, PDF_CARRIER_INK);
	pdf_put16(t, 0);            /* macStyle */
	pdf_put16(t, 8);            /* lowestRecPPEM */
	pdf_put16(t, 2);            /* fontDirectionHint */
	pdf_put16(t, 1);            /* indexToLocFormat: long */
	pdf_put16(t, 0);            /* glyphDataFormat */
	return t;
}

static GByteArray *pdf_table_hhea(void)
{
	GByteArray *t = g_byte_array_new();
	pdf_put32(t, 0x00010000);
	pdf_put16(t, 800);                                   /* ascender */
	pdf_put16(t, (unsigned)(uint16_t)-200);              /* descender */
	pdf_put16(t, 0);                                     /* lineGap */
	pdf_put16(t, (PDF_CARRIER_WIDTHS - 1) * PDF_CARRIER_STEP); /* advanceWidthMax */
	pdf_put16(t, 0);                                     /* minLeftSideBearing */
	pdf_put16(t, 0);                                     /* minRightSideBearing */
	pdf_put16(t, PDF_CARRIER_INK);                       /* xMaxExtent */
	pdf_put16(t, 1);                                     /* caretSlopeRise */
	pdf_put16(t, 0);                                     /* caretSlopeRun */
	for (int i = 0; i < 5; i++)
		pdf_put16(t, 0);                             /* caretOffset, reserved */
	pdf_put16(t, 0);                                     /* metricDataFormat */
	pdf_put16(t, PDF_CARRIER_GLYPHS);                    /* numberOfHMetrics */
	return t;
}

static GByteArray *pdf_table_maxp(void)
{
	GByteArray *t = g_byte_array_new();
	pdf_put32(t, 0x00010000);
	pdf_put16(t, PDF_CARRIER_GLYPHS);
	pdf_put16(t, 4);  /* maxPoints */
	pdf_put16(t, 1);  /* maxContours */
	pdf_put16(t, 0);  /* maxCompositePoints */
	pdf_put16(t, 0);  /* maxCompositeContours */
	pdf_put16(t, 2);  /* maxZones */
	for (int i = 0; i < 8; i++)
		pdf_put16(t, 0);
	return t;
}

/* The advance of glyph g, in font units. */
static unsigned pdf_carrier_advance(unsigned g)
{
	return g == 0 ? 0 : ((g - 1) % PDF_CARRIER_WIDTHS) * PDF_CARRIER_STEP;
}

static GByteArray *pdf_table_hmtx(void)
{
	GByteArray *t = g_byte_array_sized_new(PDF_CARRIER_GLYPHS * 4);
	g_byte_array_set_size(t, PDF_CARRIER_GLYPHS * 4);
	for (unsigned g = 0; g < PDF_CARRIER_GLYPHS; g++)
		pdf_set32(t, 4 * (size_t)g, (uint32_t)pdf_carrier_advance(g) << 16);
	return t;
}

/* glyf and loca: glyph 0 empty, every other the same speck of ink (Cairo
 * draws nothing of a show whose glyphs are all empty). The speck is
 * written once and copied: 32,768 glyphs appended field by field took
 * most of the time the font took to make. */
static void pdf_table_glyf(GByteArray **glyf, GByteArray **loca)
{
	GByteArray *one = g_byte_array_new();
	pdf_put16(one, 1);                     /* numberOfContours */
	pdf_put16(one, 0);                     /* xMin, yMin, xMax, yMax */
	pdf_put16(one, 0);
	pdf_put16(one, PDF_CARRIER_INK);
	pdf_put16(one, PDF_CARRIER_INK);
	pdf_put16(one, 3);                     /* endPtsOfContours */
	pdf_put16(one, 0);                     /* instructionLength */
	static const guint8 flags[4] = { 1, 1, 1, 1 };
	g_byte_array_append(one, flags, 4);
	static const int dx[4] = { 0, PDF_CARRIER_INK, 0, -PDF_CARRIER_INK };
	static const int dy[4] = { 0, 0, PDF_CARRIER_INK, 0 };
	for (int k = 0; k < 4; k++)
		pdf_put16(one, (unsigned)(uint16_t)dx[k]);
	for (int k = 0; k < 4; k++)
		pdf_put16(one, (unsigned)(uint16_t)dy[k]);
	pdf_put16(one, 0);                     /* pad to four bytes */
	GByteArray *g = g_byte_array_sized_new(one->len * (PDF_CARRIER_GLYPHS - 1));
	GByteArray *l = g_byte_array_sized_new(4 * (PDF_CARRIER_GLYPHS + 1));
	g_byte_array_set_size(g, one->len * (PDF_CARRIER_GLYPHS - 1));
	g_byte_array_set_size(l, 4 * (PDF_CARRIER_GLYPHS + 1));
	pdf_set32(l, 0, 0);
	pdf_set32(l, 4, 0);
	for (unsigned i = 1; i < PDF_CARRIER_GLYPHS; i++) {
		memcpy(g->data + (size_t)(i - 1) * one->len, one->data, one->len);
		pdf_set32(l, 4 * ((size_t)i + 1), i * one->len);
	}
	g_byte_array_free(one, TRUE);
	*glyf = g;
	*loca = l;
}

static GByteArray *pdf_table_cmap(void)
{
	GByteArray *t = g_byte_array_new();
	pdf_put16(t, 0);      /* version */
	pdf_put16(t, 1);      /* numTables */
	pdf_put16(t, 3);      /* Windows */
	pdf_put16(t, 1);      /* Unicode BMP */
	pdf_put32(t, 12);
	/* Format 4 with only the closing segment: no character maps to a
	 * glyph, so Cairo maps each glyph to the text it first carries. */
	pdf_put16(t, 4);
	pdf_put16(t, 24);     /* length */
	pdf_put16(t, 0);      /* language */
	pdf_put16(t, 2);      /* segCountX2 */
	pdf_put16(t, 2);      /* searchRange */
	pdf_put16(t, 0);      /* entrySelector */
	pdf_put16(t, 0);      /* rangeShift */
	pdf_put16(t, 0xFFFF); /* endCode */
	pdf_put16(t, 0);      /* reservedPad */
	pdf_put16(t, 0xFFFF); /* startCode */
	pdf_put16(t, 1);      /* idDelta */
	pdf_put16(t, 0);      /* idRangeOffset */
	return t;
}

static GByteArray *pdf_table_post(void)
{
	GByteArray *t = g_byte_array_new();
	pdf_put32(t, 0x00030000);              /* no glyph names */
	pdf_put32(t, 0);                       /* italicAngle */
	pdf_put16(t, (unsigned)(uint16_t)-100); /* underlinePosition */
	pdf_put16(t, 50);                      /* underlineThickness */
	for (int i = 0; i < 5; i++)
		pdf_put32(t, 0);
	return t;
}

#define PDF_CARRIER_NAME "CvTextCarrier"

static GByteArray *pdf_table_name(void)
{
	static const struct { unsigned id; const char *s; } names[] = {
		{ 1, PDF_CARRIER_NAME }, { 2, "Regular" }, { 4, PDF_CARRIER_NAME }, { 6, PDF_CARRIER_NAME },
	};
	const unsigned n = sizeof names / sizeof *names;
	GByteArray *t = g_byte_array_new(), *str = g_byte_array_new();
	pdf_put16(t, 0);
	pdf_put16(t, n);
	pdf_put16(t, 6 + 12 * n);
	for (unsigned i = 0; i < n; i++) {
		size_t len = strlen(names[i].s);
		pdf_put16(t, 3);
		pdf_put16(t, 1);
		pdf_put16(t, 0x409);
		pdf_put16(t, names[i].id);
		pdf_put16(t, (unsigned)(2 * len));
		pdf_put16(t, str->len);
		for (size_t k = 0; k < len; k++)
			pdf_put16(str, (unsigned char)names[i].s[k]);
	}
	g_byte_array_append(t, str->data, str->len);
	g_byte_array_free(str, TRUE);
	return t;
}

static GByteArray *pdf_table_os2(void)
{
	GByteArray *t = g_byte_array_new();
	pdf_put16(t, 4);        /* version */
	pdf_put16(t, 500);      /* xAvgCharWidth */
	pdf_put16(t, 400);      /* usWeightClass */
	pdf_put16(t, 5);        /* usWidthClass */
	pdf_put16(t, 0);        /* fsType: installable, may be embedded */
	for (int i = 0; i < 10; i++)
		pdf_put16(t, 100);  /* sub- and superscript sizes and offsets, strikeout */
	pdf_put16(t, 0);        /* sFamilyClass */
	for (int i = 0; i < 10; i++)
		g_byte_array_append(t, (const guint8 *)"\0", 1); /* panose */
	for (int i = 0; i < 4; i++)
		pdf_put32(t, 0);    /* ulUnicodeRange */
	g_byte_array_append(t, (const guint8 *)"NONE", 4);
	pdf_put16(t, 0x40);     /* fsSelection: regular */
	pdf_put16(t, 0xFFFF);   /* usFirstCharIndex */
	pdf_put16(t, 0xFFFF);   /* usLastCharIndex */
	pdf_put16(t, 800);      /* sTypoAscender */
	pdf_put16(t, (unsigned)(uint16_t)-200);
	pdf_put16(t, 0);        /* sTypoLineGap */
	pdf_put16(t, 800);      /* usWinAscent */
	pdf_put16(t, 200);      /* usWinDescent */
	pdf_put32(t, 0);        /* ulCodePageRange */
	pdf_put32(t, 0);
	pdf_put16(t, 500);      /* sxHeight */
	pdf_put16(t, 700);      /* sCapHeight */
	pdf_put16(t, 0);        /* usDefaultChar */
	pdf_put16(t, 32);       /* usBreakChar */
	pdf_put16(t, 0);        /* usMaxContext */
	return t;
}

/* The whole font: the table directory, then the tables, each on four
 * bytes, with head's checksum adjustment. */
static GByteArray *pdf_carrier_font_bytes(void)
{
	GByteArray *glyf, *loca;
	pdf_table_glyf(&glyf, &loca);
	struct { const char *tag; GByteArray *t; } tab[] = {
		{ "OS/2", pdf_table_os2() }, { "cmap", pdf_table_cmap() }, { "glyf", glyf },
		{ "head", pdf_table_head() }, { "hhea", pdf_table_hhea() }, { "hmtx", pdf_table_hmtx() },
		{ "loca", loca }, { "maxp", pdf_table_maxp() }, { "name", pdf_table_name() },
		{ "post", pdf_table_post() },
	};
	const unsigned n = sizeof tab / sizeof *tab;
	GByteArray *f = g_byte_array_new();
	pdf_put32(f, 0x00010000);
	pdf_put16(f, n);
	pdf_put16(f, 128); /* searchRange: 8 * 16 */
	pdf_put16(f, 3);   /* entrySelector */
	pdf_put16(f, n * 16 - 128);
	size_t dir = f->len, head_at = 0;
	for (unsigned i = 0; i < n; i++)
		for (int k = 0; k < 4; k++)
			pdf_put32(f, 0);
	for (unsigned i = 0; i < n; i++) {
		size_t at = f->len, len = tab[i].t->len;
		g_byte_array_append(f, tab[i].t->data, (guint)len);
		while (f->len % 4)
			g_byte_array_append(f, (const guint8 *)"\0", 1);
		if (strcmp(tab[i].tag, "head") == 0)
			head_at = at;
		size_t r = dir + 16 * i;
		memcpy(f->data + r, tab[i].tag, 4);
		pdf_set32(f, r + 4, pdf_checksum(f->data + at, len));
		pdf_set32(f, r + 8, (uint32_t)at);
		pdf_set32(f, r + 12, (uint32_t)len);
		g_byte_array_free(tab[i].t, TRUE);
	}
	pdf_set32(f, head_at + 8, 0xB1B0AFBAu - pdf_checksum(f->data, f->len));
	return f;
}

/* What the Cairo face holds on to, freed with it. */
struct pdf_carrier_ft {
	FT_Library lib;
	FT_Face face;
	GByteArray *bytes;
};

static void pdf_carrier_ft_free(void *p)
{
	struct pdf_carrier_ft *ft = p;
	FT_Done_Face(ft->face);
	FT_Done_FreeType(ft->lib);
	g_byte_array_free(ft->bytes, TRUE);
	g_free(ft);
}

static const cairo_user_data_key_t pdf_carrier_key;

/* A new Cairo face for the carrier font, or NULL. */
static cairo_font_face_t *pdf_carrier_face_new(void)
{
	struct pdf_carrier_ft *ft = g_new0(struct pdf_carrier_ft, 1);
	ft->bytes = pdf_carrier_font_bytes();
	if (FT_Init_FreeType(&ft->lib) != 0) {
		g_byte_array_free(ft->bytes, TRUE);
		g_free(ft);
		return NULL;
	}
	if (FT_New_Memory_Face(ft->lib, ft->bytes->data, (FT_Long)ft->bytes->len, 0, &ft->face) != 0) {
		FT_Done_FreeType(ft->lib);
		g_byte_array_free(ft->bytes, TRUE);
		g_free(ft);
		return NULL;
	}
	cairo_font_face_t *face = cairo_ft_font_face_create_for_ft_face(ft->face, 0);
	if (cairo_font_face_status(face) != CAIRO_STATUS_SUCCESS ||
	    cairo_font_face_set_user_data(face, &pdf_carrier_key, ft, pdf_carrier_ft_free) !=
	        CAIRO_STATUS_SUCCESS) {
		cairo_font_face_destroy(face);
		pdf_carrier_ft_free(ft);
		return NULL;
	}
	return face;
}

/*
 * Makes c->face, or sets c->failed. The face is made once for the font
 * map the text is in and kept with it (as the map's data, freed with the
 * map), not once per PDF: the font is the same bytes every time, and
 * Cairo keeps the last 256 scaled fonts it was done with, each holding
 * its face, so a face made per article stayed (a megabyte of font and
 * FreeType's tables each): a worker converting article after article
 * went from 59 to 120 MB over 200 articles (test_batch.sh). What a PDF
 * has given out (the glyphs' texts) stays the PDF's own.
 */
static void pdf_carriers_open(struct pdf_carriers *c)
{
	static const char key[] = "pdf-carrier-face";
	cairo_font_face_t *kept = c->keep ? g_object_get_data(G_OBJECT(c->keep), key) : NULL;
	if (kept) {
		c->face = cairo_font_face_reference(kept);
		return;
	}
	c->face = pdf_carrier_face_new();
	if (c->face == NULL) {
		c->failed = 1;
		return;
	}
	if (c->keep)
		g_object_set_data_full(G_OBJECT(c->keep), key, cairo_font_face_reference(c->face),
		                       (GDestroyNotify)cairo_font_face_destroy);
}

struct pdf_carriers *pdf_carriers_new(PangoFontMap *keep)
{
	struct pdf_carriers *c = g_new0(struct pdf_carriers, 1);
	c->keep = keep;
	c->glyphs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	c->fonts = g_hash_table_new_full(g_direct_hash, g_direct_equal,
	                                 (GDestroyNotify)cairo_scaled_font_destroy,
	                                 (GDestroyNotify)cairo_scaled_font_destroy);
	return c;
}

void pdf_carriers_free(struct pdf_carriers *c)
{
	if (c == NULL)
		return;
	g_hash_table_destroy(c->fonts);
	g_hash_table_destroy(c->glyphs);
	if (c->face)
		cairo_font_face_destroy(c->face);
	g_free(c);
}

cairo_scaled_font_t *pdf_carriers_font(struct pdf_carriers *c, cairo_scaled_font_t *like)
{
	if (c->face == NULL && !c->failed)
		pdf_carriers_open(c);
	if (c->face == NULL)
		return NULL;
	cairo_scaled_font_t *sf = g_hash_table_lookup(c->fonts, like);
	if (sf != NULL)
		return sf;
	cairo_matrix_t fm, ctm;
	cairo_scaled_font_get_font_matrix(like, &fm);
	cairo_scaled_font_get_ctm(like, &ctm);
	cairo_font_options_t *opt = cairo_font_options_create();
	cairo_scaled_font_get_font_options(like, opt);
	/* No hinting: the advances are exact multiples of the em. */
	cairo_font_options_set_hint_metrics(opt, CAIRO_HINT_METRICS_OFF);
	sf = cairo_scaled_font_create(c->face, &fm, &ctm, opt);
	cairo_font_options_destroy(opt);
	if (cairo_scaled_font_status(sf) != CAIRO_STATUS_SUCCESS) {
		cairo_scaled_font_destroy(sf);
		return NULL;
	}
	g_hash_table_insert(c->fonts, cairo_scaled_font_reference(like), sf);
	return sf;
}

unsigned long pdf_carriers_glyph(struct pdf_carriers *c, const char *text, int len, double width)
{
	long w = lround(width * PDF_CARRIER_UPEM / PDF_CARRIER_STEP);
	if (w < 0)
		w = 0;
	if (w >= PDF_CARRIER_WIDTHS)
		w = PDF_CARRIER_WIDTHS - 1;
	/* The width asked for, else the nearest with a slot left. */
	for (long d = 0; d < 8; d++) {
		for (int side = 0; side < (d ? 2 : 1); side++) {
			long at = side ? w - d : w + d;
			if (at < 0 || at >= PDF_CARRIER_WIDTHS)
				continue;
			char *key = g_strdup_printf("%ld:%.*s", at, len, text);
			gpointer found = g_hash_table_lookup(c->glyphs, key);
			if (found != NULL) {
				g_free(key);
				return GPOINTER_TO_UINT(found);
			}
			if (c->used[at] == PDF_CARRIER_SLOTS) {
				g_free(key);
				continue;
			}
			unsigned long g = 1 + (unsigned long)at +
			                  (unsigned long)PDF_CARRIER_WIDTHS * (unsigned long)c->used[at]++;
			g_hash_table_insert(c->glyphs, key, GUINT_TO_POINTER(g));
			return g;
		}
	}
	return 0;
}
