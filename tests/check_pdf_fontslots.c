/*
 * check_pdf_fontslots.c: the spare glyphs the text layer carries text on
 * (plugins/pdf/text/fontslots.c) and the characters a document can show
 * (plugins/pdf/read/chars.c), which decide what is spare: a carrier's
 * advance is measured in the font it is drawn in, whatever size the face
 * was asked for first; a glyph keeps the text it is first shown with;
 * the document's characters come out each once, in order, from every
 * plane.
 */
#include "testutil.h"

#include <hb.h>
#include <math.h>
#include <pango/pangocairo.h>

#include "blocks/blocks.h"
#include "read/read.h"
#include "text/fontslots.h"

static struct pdf_lane lane;

static void setup(void)
{
	pdf_lane_init(&lane, "ar", 0);
}

static void teardown(void)
{
	pdf_lane_free(&lane);
}

/* Amiri at size points, from the lane's font map (owned by the caller). */
static PangoFont *amiri(double size)
{
	PangoFontDescription *fd = pango_font_description_from_string("Amiri");
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	PangoFont *font = pango_font_map_load_font(lane.fontmap, lane.ctx_rtl, fd);
	pango_font_description_free(fd);
	ck_assert_ptr_nonnull(font);
	return font;
}

/* glyph's advance in font, in em. */
static double advance_em(PangoFont *font, unsigned long glyph)
{
	hb_font_t *hb = pango_font_get_hb_font(font);
	int xs, ys;
	hb_font_get_scale(hb, &xs, &ys);
	return (double)hb_font_get_glyph_h_advance(hb, (hb_codepoint_t)glyph) / xs;
}

/* The characters of a short Arabic text, sorted. */
static const gunichar arabic[] = { 0x20, 0x627, 0x628, 0x62a, 0x644, 0x645, 0x646 };

START_TEST(a_carrier_is_as_wide_as_asked_at_the_size_it_is_drawn)
{
	/* Spare glyphs' advances are kept once read: read at 12 pt, they
	 * must not choose the glyph for 20 pt (nor the other way round). */
	PangoFont *small = amiri(12), *large = amiri(20);
	cairo_scaled_font_t *ss = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(small));
	cairo_scaled_font_t *ls = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(large));
	ck_assert_ptr_eq(cairo_scaled_font_get_font_face(ss), cairo_scaled_font_get_font_face(ls));
	struct pdf_fontslots *slots = pdf_fontslots_new(arabic, G_N_ELEMENTS(arabic));
	const struct { PangoFont *font; cairo_scaled_font_t *sf; double em; const char *text; } ask[] = {
		{ small, ss, 0.5, "a" }, { large, ls, 0.3, "b" }, { small, ss, 0.8, "c" }, { large, ls, 0.5, "d" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(ask); i++) {
		unsigned long g = pdf_fontslots_sized_carrier(slots, ask[i].font, ask[i].sf, ask[i].em,
		                                              ask[i].text, 1);
		ck_assert_msg(g != 0, "no carrier of %.1f em", ask[i].em);
		double got = advance_em(ask[i].font, g);
		ck_assert_msg(fabs(got - ask[i].em) <= 0.05 + 1e-9,
		              "carrier %lu for %.1f em at %s pt is %.3f em wide", g, ask[i].em,
		              ask[i].font == small ? "12" : "20", got);
		/* The same text and width: the same glyph, at either size. */
		ck_assert_uint_eq(pdf_fontslots_sized_carrier(slots, ask[i].font == small ? large : small,
		                                              ask[i].font == small ? ls : ss, ask[i].em,
		                                              ask[i].text, 1), g);
	}
	pdf_fontslots_free(slots);
	g_object_unref(small);
	g_object_unref(large);
}
END_TEST

START_TEST(a_glyph_keeps_the_text_it_is_first_shown_with)
{
	PangoFont *font = amiri(12);
	cairo_scaled_font_t *sf = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(font));
	hb_font_t *hb = pango_font_get_hb_font(font);
	hb_codepoint_t beh, teh;
	ck_assert(hb_font_get_nominal_glyph(hb, 0x628, &beh));
	ck_assert(hb_font_get_nominal_glyph(hb, 0x62a, &teh));
	struct pdf_fontslots *slots = pdf_fontslots_new(arabic, G_N_ELEMENTS(arabic));
	ck_assert(pdf_fontslots_maps(slots, font, sf, beh, "\xd8\xa8", 2));
	ck_assert(!pdf_fontslots_maps(slots, font, sf, beh, "\xd8\xaa", 2));
	ck_assert(pdf_fontslots_maps(slots, font, sf, beh, "\xd8\xa8", 2));
	/* Shown first with two characters, a glyph the cmap maps maps to
	 * the cmap's character: teh then keeps only teh. */
	ck_assert(!pdf_fontslots_maps(slots, font, sf, teh, "\xd8\xaa\xd9\x8e", 4));
	ck_assert(pdf_fontslots_maps(slots, font, sf, teh, "\xd8\xaa", 2));
	/* A carrier's glyph keeps the text it was chosen for. */
	unsigned long g = pdf_fontslots_sized_carrier(slots, font, sf, 0.4, "\xd8\xa8 ", 3);
	ck_assert_uint_ne(g, 0);
	ck_assert(pdf_fontslots_maps(slots, font, sf, g, "\xd8\xa8 ", 3));
	ck_assert(!pdf_fontslots_maps(slots, font, sf, g, "\xd8\xa8", 2));
	pdf_fontslots_free(slots);
	g_object_unref(font);
}
END_TEST

START_TEST(a_documents_characters_come_each_once_in_order_from_every_plane)
{
	/* Text and attribute values, the BMP and beyond it, the last plane
	 * included. */
	static const char xml[] =
		"<layout note=\"\xf0\x9d\x94\xb8 \xe4\xb8\xad\"><p>z\xc3\xa9\xd8\xa8"
		"\xf0\x9f\x98\x80\xd8\xa8z\xf4\x8f\xbf\xbd</p></layout>";
	xmlDocPtr doc = xmlReadMemory(xml, (int)sizeof xml - 1, "t.xml", "UTF-8", XML_PARSE_NONET);
	ck_assert_ptr_nonnull(doc);
	size_t n;
	gunichar *chars = pdf_read_chars(doc, &n);
	for (size_t i = 1; i < n; i++)
		ck_assert_msg(chars[i - 1] < chars[i], "U+%04X then U+%04X", chars[i - 1], chars[i]);
	static const gunichar want[] = { 0x7a, 0xe9, 0x628, 0x4e2d, 0x1d538, 0x1f600, 0x10fffd,
	                                 /* the plugin's own */ 0x20, 0x6f0, 0xfeff };
	for (size_t i = 0; i < G_N_ELEMENTS(want); i++) {
		int found = 0;
		for (size_t k = 0; k < n; k++)
			found |= chars[k] == want[i];
		ck_assert_msg(found, "U+%04X not listed", want[i]);
	}
	static const gunichar absent[] = { 0xe8, 0x629, 0x4e2e, 0x1f601, 0x10fffe };
	for (size_t i = 0; i < G_N_ELEMENTS(absent); i++)
		for (size_t k = 0; k < n; k++)
			ck_assert_msg(chars[k] != absent[i], "U+%04X listed", absent[i]);
	g_free(chars);
	xmlFreeDoc(doc);
}
END_TEST

static Suite *fontslots_suite(void)
{
	Suite *s = suite_create("pdf fontslots");
	TCase *tc = tcase_create("spare glyphs");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, a_carrier_is_as_wide_as_asked_at_the_size_it_is_drawn);
	tcase_add_test(tc, a_glyph_keeps_the_text_it_is_first_shown_with);
	tcase_add_test(tc, a_documents_characters_come_each_once_in_order_from_every_plane);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(fontslots_suite());
}
