/*
 * fontslots.h: keeps Cairo from splitting a font in two.
 *
 * Cairo 1.16's PDF writer puts the first glyph it meets for each WinAnsi
 * character (space, full stop, digits, ASCII letters) into a separate
 * simple "latin" font, and every other glyph of the same face into a CID
 * font. A right-to-left line then switches font at every space, and pdf.js
 * (Firefox) closes its text item at every font switch: each word becomes
 * an item, the items stay in visual order, and Firefox copies the words of
 * an Arabic line last word first. Cairo gives no switch for this, but it
 * hands each WinAnsi slot to the first glyph that claims it: so the first
 * time a face shows such a character, the character's text is carried by a
 * glyph no text can ever produce (a "primer", drawn nearly transparent)
 * and the real glyph is painted as an outline. Every later glyph for that
 * character then goes with the letters into the CID font. (Letters and
 * digits are primed a word at a time: glyphrun.c, pdf_glyphrun_primers.)
 */
#ifndef PDF_FONTSLOTS_H
#define PDF_FONTSLOTS_H

#include <cairo.h>
#include <pango/pango.h>

/* The WinAnsi slots claimed so far, per font face, for one PDF. */
struct pdf_fontslots;

/**
 * A new, empty record for a document whose text holds only chars (n_chars
 * of them, sorted; the array must outlive the record): a face's glyphs
 * that none of them reaches through the cmap and GSUB are its spares.
 * Free with pdf_fontslots_free.
 */
struct pdf_fontslots *pdf_fontslots_new(const gunichar *chars, size_t n_chars);

/** Frees slots; NULL is a no-op. */
void pdf_fontslots_free(struct pdf_fontslots *slots);

/**
 * Whether sf's face has glyphs to spare (glyphs the document's characters
 * never reach: every face has some unless the text uses all it covers):
 * only then does a primer take a WinAnsi character's first use,
 * and with it that character's text, into Cairo's other font for the
 * face while the rest of the text around it stays in the CID font.
 */
int pdf_fontslots_spares(struct pdf_fontslots *slots, PangoFont *font, cairo_scaled_font_t *sf);

/**
 * Whether character c, shown by font (whose Cairo font is sf), has a
 * WinAnsi slot in sf's face that no glyph has claimed yet.
 */
int pdf_fontslots_open(struct pdf_fontslots *slots, PangoFont *font, cairo_scaled_font_t *sf,
                       gunichar c);

/**
 * The primer of character c in sf's face: the glyph that claims c's
 * WinAnsi slot in place of glyph, the real one; one with ink that no text
 * reaches through the font's cmap and GSUB, and of nearly the same
 * advance. If the slot is open it is claimed now; if a primer claimed it
 * before, that primer is returned again, so that a word drawn with
 * primers stays in one font. Returns 0 when c has no WinAnsi slot or its
 * slot was left to Cairo (no glyph to spare, or a real glyph took it).
 */
unsigned long pdf_fontslots_primer(struct pdf_fontslots *slots, PangoFont *font,
                                   cairo_scaled_font_t *sf, unsigned long glyph, gunichar c);

/**
 * Whether glyph is one the font's cmap maps a character to. Cairo maps
 * such a glyph to that character in the PDF whatever text it is shown
 * with, and wraps other text in ActualText (which pdf.js ignores, and at
 * whose marked content it ends its text item).
 */
int pdf_fontslots_encoded(struct pdf_fontslots *slots, PangoFont *font, cairo_scaled_font_t *sf,
                          unsigned long glyph);

/**
 * A glyph of sf's face to carry the len bytes of text in place of the n
 * glyphs: one no text reaches, the nearest to their advance together,
 * the same one every time for
 * the same text (a PDF maps each glyph to one text). 0 when the face has
 * none to spare.
 */
unsigned long pdf_fontslots_carrier(struct pdf_fontslots *slots, PangoFont *font,
                                    cairo_scaled_font_t *sf, const cairo_glyph_t *glyphs, int n,
                                    const char *text, int len);

/**
 * A glyph of sf's face to carry the len bytes of a mark's text beside its
 * base (glyphrun.c): as pdf_fontslots_carrier, but 0.11 to 0.19 em wide.
 * 0 when the face has none to spare.
 */
unsigned long pdf_fontslots_mark_carrier(struct pdf_fontslots *slots, PangoFont *font,
                                         cairo_scaled_font_t *sf, const char *text, int len);

/**
 * A glyph of sf's face to carry the len bytes of text over width em
 * (within 0.05 em; widths are taken by tenths of an em), or 0.
 */
unsigned long pdf_fontslots_sized_carrier(struct pdf_fontslots *slots, PangoFont *font,
                                          cairo_scaled_font_t *sf, double width,
                                          const char *text, int len);

/**
 * Whether glyph of sf's face, shown alone with the len bytes of text,
 * keeps that text in the PDF. Cairo maps a glyph to the text it is first
 * shown with (first shown with several characters, to the character the
 * cmap gives it, if any) and wraps any other text in ActualText, which
 * pdf.js ignores and at whose marked content it ends its text item; this
 * keeps the same record, and records the mapping at the glyph's first use.
 * Every glyph the text layer shows alone with text goes through here.
 */
int pdf_fontslots_maps(struct pdf_fontslots *slots, PangoFont *font, cairo_scaled_font_t *sf,
                       unsigned long glyph, const char *text, int len);

/**
 * The glyph the cmap of sf's face gives the one character text (len
 * bytes), when it has an advance and keeps that text (pdf_fontslots_maps):
 * a carrier that needs no spare glyph, any number of times. 0 otherwise.
 */
unsigned long pdf_fontslots_nominal(struct pdf_fontslots *slots, PangoFont *font,
                                    cairo_scaled_font_t *sf, const char *text, int len);

/**
 * Adds a run's count of clusters that draw a letter, and of those whose
 * text its glyphs cannot carry (glyphrun.c), to the tally of sf's face;
 * returns whether, so far, more than three in ten of the face's letters
 * could not: a face that cannot carry its text (a Nastaliq face) then has
 * every run carried on the carrier font (carriers.h), whatever the run.
 */
int pdf_fontslots_tally(struct pdf_fontslots *slots, PangoFont *font, cairo_scaled_font_t *sf,
                        int letters, int off);

#endif
