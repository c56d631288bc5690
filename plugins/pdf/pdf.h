/*
 * pdf.h: the PDF plugin's private model, shared by its files.
 *
 * The stylesheet pdf.xsl turns the article into the layout vocabulary
 * (docs/pdf-layout.md); layout.c reads that tree into a flat list of
 * items (blocks of text laid out by Pango, figures, tables, rules and the
 * begin/end of structure groups); paginate.c cuts the items into pages;
 * render.c draws the pages on a Cairo PDF surface. All lengths here are
 * PDF points (1/72 in), y grows downwards from the page's top edge.
 */
#ifndef PDF_PDF_H
#define PDF_PDF_H

#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include <convert/plugin.h>

#define PDF_MM (72.0 / 25.4)

/** A link over a byte range of a block's text. */
struct pdf_link {
	int start, end;   /* byte offsets in the layout's text */
	char *uri;        /* external target, or NULL */
	char *dest;       /* internal named destination, or NULL */
};

/** Where a footnote marker falls in a block's text. */
struct pdf_noteref {
	int offset;       /* byte offset of the marker */
	int note;         /* index into pdf_doc.notes */
};

/** A page number printed inside text (ref to an unnumbered target). */
struct pdf_pageref {
	int offset, length; /* the placeholder's bytes in the text */
	char *dest;
};

/** A line cut by lines.c from a paragraph shaped once. */
struct pdf_fast_line {
	GSList *runs;           /* PangoGlyphItem, visual order, owned */
	double x;               /* left edge of the first run in the box */
	double ascent, height;  /* baseline below the line's top; box height */
	int start, end;         /* bytes of the text */
};

/** One paragraph-like block, laid out once by Pango. */
struct pdf_block {
	xmlNode *node;          /* the vocabulary element (for re-layout) */
	PangoLayout *layout;    /* owned; NULL once drawn (pipeline) */
	char *tag;              /* structure tag: P, H1, Caption, ... */
	char *id;               /* named destination, or NULL */
	int outline_level;      /* 0: no bookmark */
	char *outline_title;
	double space_before, space_after;
	double indent_start, indent_end; /* from the start / end side */
	double width;           /* the layout's width */
	int rtl;
	int keep_with_next;
	int continuation;       /* mark wrapped lines (pre) */
	int has_background;
	double background[3];
	double color[3];
	PangoLayout *marker;    /* list marker hung in the start indent */
	char *page_ref_end;     /* TOC: page of this destination at the end */
	struct pdf_link *links;
	int n_links;
	struct pdf_noteref *noterefs;
	int n_noterefs;
	struct pdf_pageref *pagerefs;
	int n_pagerefs;
	/* Line geometry, in the layout's coordinates. */
	int n_lines;
	double *line_top;       /* top of each line's logical box */
	double *line_bottom;
	int deferred;           /* laid out later, in parallel */
	int allow_fast;         /* may use lines.c's breaking */
	struct pdf_fast_line *fast; /* lines.c's lines, or NULL: Pango's */
	int n_fast;
	double *line_baseline;  /* baseline of each line, layout coordinates */
	int *line_start;        /* byte offset of each line in the text */
	int *line_end;
};

/** A footnote: its blocks, laid out at the text width. */
struct pdf_note {
	char *id;
	struct pdf_block **blocks;
	int n_blocks;
	double height;           /* sum of the blocks' heights and spaces */
};

/** A figure: one image and an optional caption; never split. */
struct pdf_figure {
	char *id;
	cairo_surface_t *image;  /* owned; NULL for SVG */
	void *svg;               /* RsvgHandle, owned; NULL otherwise */
	double img_w, img_h;     /* drawn size */
	double src_w, src_h;     /* intrinsic size in points (SVG: from the file) */
	char *alt;
	struct pdf_block *caption; /* or NULL */
	double space_before, space_after;
	double height;           /* image + caption */
	double indent_start;     /* the space it is centred in */
	double avail_w;
};

/** One cell of a table. */
struct pdf_cell {
	struct pdf_block *block;
	int col, row, colspan, rowspan;
	int align;               /* PangoAlignment after direction */
	int header;
};

/** A table: rows cut between pages, header rows repeated. */
struct pdf_table {
	char *id;
	int rtl;
	struct pdf_block *caption;
	int n_rows, n_cols;
	struct pdf_cell *cells;
	int n_cells;
	double *col_x, *col_w;   /* from the start side */
	double *row_h;           /* height of each row */
	int *row_header;         /* row is a header row */
	int *row_group_end;      /* rows [r, end) must stay together (rowspan) */
	int n_header_rows;       /* leading header rows, repeated */
	double rule;             /* line width of the rules */
	double header_background[3];
	double width;
	double space_before, space_after;
	double pad;
	double indent_start;
	double avail_w;          /* the room it is centred in */
};

enum pdf_item_kind {
	PDF_ITEM_BLOCK,
	PDF_ITEM_GROUP_BEGIN,
	PDF_ITEM_GROUP_END,
	PDF_ITEM_RULE,
	PDF_ITEM_FIGURE,
	PDF_ITEM_TABLE
};

/** One item of the flow, in reading order. */
struct pdf_item {
	enum pdf_item_kind kind;
	struct pdf_block *block;
	struct pdf_figure *figure;
	struct pdf_table *table;
	char *tag;               /* groups: the structure tag */
	char *id;                /* groups: named destination */
	double space_before, space_after; /* rules */
	double rule_width, rule_length;   /* rules */
};

/** A slice of an item placed on a page. */
struct pdf_place {
	int item;
	int from, to;            /* lines (blocks) or rows (tables) */
	int header;              /* tables: repeat the header rows first */
	int caption;             /* tables: draw the caption first */
	double y;                /* top of the slice on the page */
};

/** A slice of a footnote at the foot of a page. */
struct pdf_note_place {
	int note, block, from, to;
	double y;
};

struct pdf_page {
	struct pdf_place *places;
	int n_places, cap_places;
	struct pdf_note_place *notes;
	int n_notes, cap_notes;
	double notes_top;        /* where the footnote rule goes */
};

/** The whole document: settings, fonts, the flow and its pages. */
struct pdf_doc {
	struct cv_job *job;
	/* Page set-up, in points. */
	double page_w, page_h;
	double margin_top, margin_bottom, margin_start, margin_end;
	double text_w;           /* page_w - margins */
	double body_top, body_bottom;
	int rtl;
	int indic_digits;
	char *lang;
	char *font_family;
	double font_size;
	double line_height;      /* default distance between baselines, in em */
	/* Running header and footer. */
	char *header_text;
	double header_size, footer_size;
	double header_color[3], footer_color[3];
	double header_rule;
	/* Info dictionary. */
	char *title, *author, *subject, *keywords, *creator, *date;
	/* Pango: lane 0 is the main thread's font map; lane 1 a second
	 * thread's, used only while paragraphs are laid out in parallel
	 * (Pango font maps are not shared between threads). */
	struct pdf_lane {
		PangoFontMap *fontmap;
		PangoContext *ctx_ltr, *ctx_rtl;
		long unknown_glyphs;
		char unknown_sample[64]; /* the first missing character */
		int failed;
		struct cv_error err;
		int blocks;              /* paragraphs laid out (for timing) */
	} lanes[2];
	PangoFontMap *fontmap;   /* = lanes[0].fontmap */
	PangoContext *ctx_ltr, *ctx_rtl;
	int threads;             /* 1 or 2 */
	/* The flow. */
	struct pdf_item *items;
	int n_items, cap_items;
	struct pdf_note *notes;
	int n_notes, cap_notes;
	/* Decoded images by resource, so an image used twice is embedded
	 * once (Cairo writes one XObject per surface). */
	GHashTable *images;
	/* Destinations: id -> page index + 1 (filled by pagination). */
	GHashTable *dests;
	/* Pages. */
	struct pdf_page *pages;
	int n_pages, cap_pages;
	int pass;                /* pagination pass (page refs settle) */
	/* Pipeline: paragraphs are laid out on two threads while pages are
	 * cut and drawn as soon as what they hold is ready. */
	int pipeline;
	struct pdf_queue *queue;
	struct pdf_renderer *renderer;
	/* What render.c made, for archive.c (which frees them): the file,
	 * and the figures' alt texts in the order they were tagged. */
	GByteArray *file;
	GPtrArray *alts;
};

/* layout.c */
void pdf_wait_item(struct pdf_doc *doc, int item);
int pdf_pipeline_finish(struct pdf_doc *doc, struct cv_error *err);
int pdf_doc_load(struct pdf_doc *doc, xmlDocPtr tree, struct cv_error *err);
void pdf_doc_free(struct pdf_doc *doc);
void pdf_block_set_width(struct pdf_block *b, double width);
void pdf_block_release(struct pdf_block *b);
int pdf_block_relayout_pagerefs(struct pdf_doc *doc, struct pdf_block *b);
double pdf_block_height(const struct pdf_block *b, int from, int to);
void pdf_format_number(const struct pdf_doc *doc, int n, char *buf, size_t len);
int pdf_dest_page(const struct pdf_doc *doc, const char *id);

/* lines.c */
int pdf_block_fast_lines(struct pdf_block *b, double line_height, PangoAlignment align,
                         int justify);
void pdf_block_free_lines(struct pdf_block *b);

/* figure.c */
int pdf_figure_load(struct pdf_doc *doc, struct pdf_figure *f, xmlNode *img,
                    struct cv_error *err);
void pdf_figure_free(struct pdf_figure *f);
void pdf_figure_draw(cairo_t *cr, const struct pdf_figure *f, double x, double y);

/* table.c */
int pdf_table_measure(struct pdf_doc *doc, struct pdf_table *t);
void pdf_table_free(struct pdf_table *t);

/* paginate.c */
int pdf_paginate(struct pdf_doc *doc, struct cv_error *err);

/* render.c */
int pdf_render(struct pdf_doc *doc, struct cv_error *err);
int pdf_render_begin(struct pdf_doc *doc, struct cv_error *err);
void pdf_render_page(struct pdf_doc *doc, int index);
int pdf_render_end(struct pdf_doc *doc, int ok, struct cv_error *err);

#endif
