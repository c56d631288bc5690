/*
 * text.h: the text layer: how the text of a line reaches the PDF, so that
 * a reader who copies it, or a tool that indexes it, gets the article's
 * words back in order (docs/pdf-text.md has the figures).
 *
 * The model. Three text extractors stand for the readers' tools, and each
 * rebuilds text from the glyphs a PDF draws by rules of its own:
 *
 *  - poppler (pdftotext; Evince, Okular) builds words from where glyphs
 *    are: a word ends at a gap of 0.1 em, a glyph less than 0.1 em past
 *    the previous one's left edge splits the word (a duplicate, to it),
 *    and it measures each glyph by its advance in the font, not as drawn.
 *    It reads a whole page in one direction, chosen by counting the page's
 *    letters, and cuts each line into stretches of one strong direction;
 *    a neutral character (a space, a comma beside a number) goes to the
 *    stretch that reaches it. A line is built from its leftmost word and
 *    takes in words whose baselines are within half that word's size.
 *  - pdf.js (Firefox) makes text items: it ends one at a change of font,
 *    at marked content (a tag), where the pen jumps left more than 0.2 em
 *    or right more than 0.6 em; inside one it puts a space for a step of
 *    0.102 to 0.6 em. It reverses an item with right-to-left text on its
 *    own (0.3 of its characters Arabic or Hebrew, or one in four or
 *    fewer) and joins the items in the order they are drawn. It never
 *    measures a combining mark's position, drops a glyph whose text starts
 *    with white space, skips one whose text ends in a format character
 *    together with the adjustment after it, and ignores ActualText.
 *  - mupdf (mutool) keeps the order of the stream: it does no bidi
 *    reordering, so a right-to-left line must be drawn in logical order
 *    for it, and pdf.js needs the pen to move right. No order serves both;
 *    the steered layer serves poppler and pdf.js, and mupdf reads
 *    right-to-left lines backwards.
 *
 * And Cairo 1.16, which writes the PDF, puts the first glyph of a face for
 * each WinAnsi character (space, digits, ASCII letters, punctuation) in a
 * simple font of its own and every other glyph in a CID font: a change of
 * font, to pdf.js, wherever such a glyph is drawn.
 *
 * Two layers implement this interface:
 *
 *  - steered (steer.c, the default): every run drawn left to right, each
 *    cluster's text in logical order (glyphrun.c); glyphs drawn away from
 *    their pen, or kerned, as outlines (stamps.c) with their text on
 *    faint glyphs where extractors measure it; Cairo's WinAnsi slots
 *    claimed by glyphs no text uses (primers, fontslots.c), and spare
 *    glyphs carrying spaces and marks (carriers); bidi marks at the edges
 *    of runs of the other direction, for the page direction poppler will
 *    choose; the runs of a line drawn in the order pdf.js reads its items
 *    (runorder.c).
 *  - plain (plain.c): each run as Pango shaped it, through
 *    cairo_show_text_glyphs with its clusters: what a renderer that does
 *    not think of extractors writes. Chosen by --param text-layer=plain,
 *    so that a change can be measured against the extractors both ways,
 *    and a technique retired when the readers no longer need it
 *    (tests/tools/text-layers compares them).
 *
 * The draw stage (draw/) lays out pages and opens structure tags; it hands
 * each line of text here, with hooks for the marked content around runs.
 */
#ifndef PDF_TEXT_H
#define PDF_TEXT_H

#include <cairo.h>
#include <pango/pangocairo.h>

/** Which text layer draws the text. */
enum pdf_text_kind {
	PDF_TEXT_STEERED,
	PDF_TEXT_PLAIN
};

/** A text layer drawing on one PDF; made by pdf_text_new. */
struct pdf_text;

/**
 * The marked content draw/ puts around the runs of a line (the inline
 * structure elements that hold a run: a Link, Code, a Span with /Lang;
 * a Span for the text between them) and their colour. Every slot may be
 * NULL.
 */
struct pdf_text_marks {
	void *ctx;
	/** Whether neighbouring runs a and b are in different marked
	 *  content: pdf.js starts a new item there. */
	int (*apart)(void *ctx, const PangoGlyphItem *a, const PangoGlyphItem *b);
	/** Before anything of run is drawn: its colour, its tag opened. */
	void (*begin)(void *ctx, const PangoGlyphItem *run);
	/** After run and what goes beside it: a tag of its own closed. */
	void (*end)(void *ctx, const PangoGlyphItem *run);
	/** After the line's last run. */
	void (*close)(void *ctx);
};

/** One line of text to draw. */
struct pdf_text_line {
	const char *text;        /* the paragraph's text, which the runs index */
	GSList *runs;            /* PangoGlyphItems in visual order, in fonts of
	                          * one font map (Cairo embeds a font per map) */
	double x, y;             /* left edge of the first run; baseline */
	int rtl;                 /* the paragraph's direction */
	int label;               /* a list marker or a page number: drawn run by
	                          * run, with no line-level work */
	int in_cell;             /* a line of a table cell */
	int cell_space_before;   /* the space before this cell goes with this line */
	int cell_space_after;    /* the space after this cell goes with this line */
};

/** A stretch of a page's text (bytes [from, to) of text). */
struct pdf_text_span {
	const char *text;
	int from, to;
};

/**
 * A new text layer of kind drawing with cr, which it keeps. With stamps,
 * the steered layer draws each glyph it paints as an outline once and
 * repeats it as a pattern (stamps.h); without, as a path every time.
 * chars (n_chars of them, sorted) are every character the document's
 * lines can hold: a glyph of a font that none of them reaches is free to
 * carry text (fontslots.h); the array must outlive the layer. fonts is
 * the font map the lines' fonts come from: what the layer makes for
 * itself that does not depend on the PDF (the carrier font, carriers.h)
 * is kept with it for the next PDF. Free with pdf_text_free once the
 * surface is finished (the stamps' tiles are written then).
 */
struct pdf_text *pdf_text_new(enum pdf_text_kind kind, cairo_t *cr, int stamps,
                              const gunichar *chars, size_t n_chars, PangoFontMap *fonts);

/** Frees t; NULL is a no-op. */
void pdf_text_free(struct pdf_text *t);

/**
 * Tells t the text of the page about to be drawn (its body, tables and
 * notes), for the extractors that read a page as a whole (poppler chooses
 * its direction from the letters).
 */
void pdf_text_page(struct pdf_text *t, const struct pdf_text_span *spans, int n);

/**
 * Paints what the page's lines left for the end of the page, after all
 * its text: the kashidas' letters and tatweels, as forms (stamps.h), which
 * would part the extractors' lines and blocks between lines (MuPDF
 * reorders the next line). Drawing, not text: the caller marks it an
 * artifact.
 */
void pdf_text_page_end(struct pdf_text *t);

/** Draws line; marks may be NULL (no marked content, no colour changes). */
void pdf_text_line(struct pdf_text *t, const struct pdf_text_line *line,
                   const struct pdf_text_marks *marks);

#endif
