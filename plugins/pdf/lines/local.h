/*
 * local.h: what the files of the lines stage share (lines.h is what the
 * other stages see): a paragraph shaped as one line, measured character
 * by character.
 */
#ifndef PDF_LINES_LOCAL_H
#define PDF_LINES_LOCAL_H

#include "lines/lines.h"

/* What a character's glyph cluster is (pdf_shaped.cluster). */
enum {
	PDF_CLUSTER_START = 1,   /* a glyph cluster starts at it */
	PDF_CLUSTER_LONE = 2     /* its cluster is it alone, one glyph drawn at
	                          * its pen and as wide as the face draws it, not
	                          * narrow (no mark, no ligature, no offset, no
	                          * kerning, no piece of a letter) */
};

/* A paragraph shaped as one unbroken line, measured for breaking, its
 * runs cut into lines as they are chosen. */
struct pdf_shaped {
	const char *text;
	PangoGlyphItem **runs;   /* the layout's runs in logical order (borrowed) */
	int n_runs;
	int *lo, *hi;            /* per run: its glyphs [lo, hi) not cut yet */
	int n;                   /* characters */
	int *byte_of;            /* n + 1: character i's byte offset */
	int *run_of;             /* n: the run that holds character i, or -1 */
	unsigned char *cluster;  /* n: PDF_CLUSTER_ facts */
	double *prefix;          /* n + 1: width of characters [0, i), points */
	unsigned char *flags;    /* n + 1: PDF_CHAR_ */
	unsigned char *rank;     /* n: a kashida site's priority, 1 the best */
	unsigned char *word_space; /* per byte of text: a word space starts there */
	struct pdf_breakable chars;
};

/* kashida.c */

/**
 * Marks in sp (flags PDF_CHAR_KASHIDA, rank) the site of each Arabic
 * word that may be elongated: at most one, at the join Arabic practice
 * prefers, in a run of a Naskh face with a tatweel. Returns the most one
 * kashida may add on these lines (points), 0 when no word has a site.
 */
double pdf_kashida_sites(struct pdf_shaped *sp);

/**
 * Elongates words of line (its runs, cut from sp, logical order) whose
 * sites lie in characters (s, t), by want points at most (each kashida
 * between PDF_KASHIDA_MIN_EM and PDF_KASHIDA_MAX_EM of its face's size):
 * the best-placed sites first, spread along the line. Each kashida is the
 * face's tatweel glyph put into the glyph string, in the cluster of the
 * letter before the join, as wide as the elongation (text.h). Returns
 * the width added, points.
 */
double pdf_kashida_fill(struct pdf_shaped *sp, GPtrArray *line, int s, int t, double want);

/* The size of font, points. */
double pdf_lines_em(PangoFont *font);

/* The glyph of character u in font, or 0 when it has none. */
PangoGlyph pdf_lines_glyph(PangoFont *font, gunichar u);

/* The index in run's glyph string of the first glyph (visual order) of
 * the cluster that starts at byte, or -1. */
int pdf_lines_cluster_glyph(const PangoGlyphItem *run, int byte);

/* Puts glyph (width Pango units) into run's glyph string at index at, in
 * the cluster that starts at byte: a glyph that stands for no character
 * of its own (text.h). */
void pdf_lines_insert_glyph(PangoGlyphItem *run, int at, PangoGlyph glyph, int width, int byte);

/* hyphen.c */

/**
 * Marks in sp's flags the hyphenation points of the words of the runs in
 * a left-to-right script, outside the rigid ranges (rigid, n_rigid as in
 * pdf_lines_setting), in each run's language, with h's dictionaries.
 */
void pdf_hyphens_mark(struct pdf_hyphens *h, struct pdf_shaped *sp, const int *rigid,
                      int n_rigid);

#endif
