/*
 * lines.h: line breaking, from a paragraph shaped once.
 *
 * When Pango breaks a paragraph it shapes the whole text, then shapes
 * every line's piece again; with Amiri, shaping is most of the cost of a
 * long Arabic article. Breaking at word boundaries never changes a glyph
 * (a space ends Arabic joining), so the paragraph is shaped once on a
 * single unbroken Pango line, and its glyph runs are cut at the breaks
 * (copied piece by piece, no reshaping), reordered per line for the bidi
 * algorithm (UAX #9, rule L2), justified and aligned.
 *
 * Where the lines end (pdf_lines_choose, choose.c): a justified paragraph
 * is broken as a whole (total fit, after Knuth and Plass: the breaks that
 * make the sum of every line's demerits least), others line by line, each
 * taking the most words that fit (as Pango and browsers set ragged text).
 * A word wider than the line is cut between glyph clusters, in time
 * linear in its length, and marked as continued; inline code breaks only
 * at its spaces. docs/pdf-layout.md has the parameters and figures.
 *
 * How a justified line is filled (lines.c): Arabic words set in a Naskh
 * face are elongated first (kashida.c: one kashida per word at most, at
 * the join Arabic practice prefers), then the word spaces are widened;
 * a line too full narrows its spaces, within a third of their width.
 * Spaces inside code keep their width, and nothing is ever letter-spaced.
 * Hyphenation (hyphen.c, libhyphen) offers breaks inside words of the
 * languages that hyphenate, when asked.
 */
#ifndef PDF_LINES_H
#define PDF_LINES_H

#include <pango/pango.h>

#include "model.h"

/* What a character of a paragraph is to the breaker (pdf_breakable.flags). */
enum {
	PDF_CHAR_SPACE = 1,    /* a word space: justification widens or narrows it */
	PDF_CHAR_KEEP = 2,     /* no break before it, whatever Pango allows (code) */
	PDF_CHAR_HYPHEN = 4,   /* a hyphenation point before it: a break there adds a hyphen */
	PDF_CHAR_KASHIDA = 8,  /* its word's kashida may go just before it */
	PDF_CHAR_CLUSTER = 16, /* a glyph cluster starts at it: a word wider than
	                        * the line may be cut before it */
	PDF_CHAR_FORCED = 32   /* a line must end before it */
};

/**
 * What choosing the breaks sees of a paragraph: n characters, the width
 * before each (prefix[i], points, for characters [0, i); n + 1 of them),
 * Pango's attributes of each (n + 1: is_line_break, a break allowed
 * before character i; is_white; is_cursor_position) and, unless NULL, the
 * PDF_CHAR_ flags of each (n + 1). Without flags, white space stretches,
 * breaks go where Pango allows them and a word wider than the line is cut
 * at any cursor position.
 */
struct pdf_breakable {
	int n;
	const double *prefix;
	const PangoLogAttr *attrs;
	const unsigned char *flags;
	double hyphen;           /* the width of a hyphen added at a hyphenation point */
	double kashida;          /* the most one kashida may add, points (0: none) */
};

/* How a line ends (pdf_break.how). */
enum {
	PDF_BREAK_HYPHEN = 1,    /* at a hyphenation point: a hyphen is drawn */
	PDF_BREAK_CONTINUED = 2, /* inside a word wider than the line: its text
	                          * goes on on the next line (marked, not hyphenated) */
	PDF_BREAK_RAGGED = 4     /* set at its natural width: the paragraph's last
	                          * line, or the one before a forced break or a word
	                          * wider than the line */
};

/** Where a line ends and how. */
struct pdf_break {
	int end;                 /* the character after the line's last */
	unsigned how;            /* PDF_BREAK_ */
};

/**
 * Chooses where p's lines end, for lines width points wide: when justify,
 * for the paragraph as a whole (total fit); otherwise each line takes the
 * most words that fit, its trailing white space not counted (as Pango
 * breaks). A word wider than the line is cut before clusters, each piece
 * as wide as fits. Stores the lines' ends in breaks (room for p->n + 1;
 * the last ends at p->n) and returns how many (0 for an empty paragraph).
 */
int pdf_lines_choose(const struct pdf_breakable *p, double width, int justify,
                     struct pdf_break *breaks);

/** libhyphen's dictionaries for one conversion (hyphen.c). */
struct pdf_hyphens;

/** How a paragraph's lines are set (pdf_lines_break). */
struct pdf_lines_setting {
	double width;            /* points */
	double line_height;      /* baselines apart, points */
	PangoAlignment align;    /* left, right or center: start and end resolved */
	int justify;             /* fill all lines but the last (and those ragged) */
	int kashida;             /* justified Arabic-script words in a Naskh face
	                          * may be elongated */
	struct pdf_hyphens *hyphens; /* hyphenate justified text, or NULL */
	const int *rigid;        /* byte ranges [rigid[2k], rigid[2k + 1]) of text
	                          * set as typed (inline code), ascending */
	int n_rigid;             /* how many ranges */
};

/**
 * Breaks the text of layout, shaped as one unbroken line (width -1), into
 * lines as set says. On success stores the lines (*n of them, runs in
 * visual order, copied from layout's) in *lines, to free with
 * pdf_lines_free, and returns CV_OK; returns CV_FAIL, storing nothing,
 * when layout is not one line. Work and memory are linear in the length
 * of the text.
 */
int pdf_lines_break(PangoLayout *layout, const struct pdf_lines_setting *set,
                    struct pdf_line **lines, int *n);

/** Frees n lines from pdf_lines_break; NULL is a no-op. */
void pdf_lines_free(struct pdf_line *lines, int n);

/**
 * Reorders the n runs of one line, in logical order, into visual order:
 * UAX #9 rule L2 on the runs' embedding levels (analysis.level).
 */
void pdf_lines_reorder(PangoGlyphItem **runs, int n);

/* hyphen.c */

/** A new set of dictionaries, loaded as languages are met; thread-safe. */
struct pdf_hyphens *pdf_hyphens_new(void);

/** Frees h; NULL is a no-op. */
void pdf_hyphens_free(struct pdf_hyphens *h);

/**
 * Marks in flags (PDF_CHAR_HYPHEN, one per character) the hyphenation
 * points of the n characters of word (UTF-8, len bytes) in language lang
 * ("en", "de-CH"); nothing when no dictionary covers lang. Returns how
 * many points it marked.
 */
int pdf_hyphens_word(struct pdf_hyphens *h, const char *lang, const char *word, int len, int n,
                     unsigned char *flags);

#endif
