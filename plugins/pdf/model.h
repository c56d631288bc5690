/*
 * model.h: what flows between the PDF plugin's stages.
 *
 * pdf.c drives the stages in turn, each reading what the ones before it
 * made and never calling back into them:
 *
 *   read/    the layout vocabulary pdf.xsl makes   -> struct pdf_setup, the
 *            (docs/pdf-layout.md)                     flow's items
 *   blocks/  each kind of item reads, measures and frees its own: a
 *            paragraph shaped by Pango (lines/ breaks it), a list item's
 *            marker, a listing, a table, a figure
 *   pages/   pagination decides where every slice goes -> struct pdf_pages
 *   draw/    Cairo pages, structure tags, links, outline, page labels;
 *            every line of text through the text layer (text/text.h)
 *
 * All lengths are PDF points (1/72 in); y grows downwards from the page's
 * top edge.
 */
#ifndef PDF_MODEL_H
#define PDF_MODEL_H

#include <cairo.h>
#include <pango/pangocairo.h>

#include <convert/plugin.h>

#define PDF_MM (72.0 / 25.4)

/** What the <layout> element sets for the whole document (read/read.c). */
struct pdf_setup {
	double page_w, page_h;
	double margin_top, margin_bottom, margin_start, margin_end;
	double text_w;           /* page_w - margins */
	double body_top, body_bottom;
	int rtl;
	unsigned digit_zero;     /* the zero of the digits page numbers are made of:
	                          * '0', U+0660 (Arabic-Indic) or U+06F0 (Persian) */
	char *lang;
	char *font_family;
	double font_size;
	double line_height;      /* default distance between baselines, in em */
	/* Running header and footer. */
	char *header_text;
	double header_size, footer_size;
	double header_color[3], footer_color[3];
	double header_rule;
	/* The Info dictionary. */
	char *title, *author, *subject, *keywords, *creator, *date;
};

/**
 * Pango's fonts for one thread (blocks/blocks.c): Pango font maps are not
 * shared between threads, so each thread that lays paragraphs out has its
 * own. The main thread's is also the one every font is drawn from (draw/).
 */
struct pdf_lane {
	PangoFontMap *fontmap;
	PangoContext *ctx_ltr, *ctx_rtl;
	long unknown_glyphs;     /* glyphs no font could supply */
	char unknown_sample[64]; /* the first missing character, "U+XXXX" */
};

/** A link over a byte range of a block's text. */
struct pdf_link {
	int start, end;   /* byte offsets in the layout's text */
	char *uri;        /* external target, or NULL */
	char *dest;       /* internal named destination, or NULL */
	const char *wrap; /* the structure element the Link goes in (a
	                   * cross-reference or note marker: "Reference"), or NULL */
};

/**
 * An inline element that is a structure element of its own (ISO 32000-1,
 * 14.8.4.4): inline code (Code), a run in another language than the text
 * around it (Span with /Lang, ISO 14289-1 7.2), or a link (Link, one of
 * the block's links). A block's are in document order, each before those
 * inside it, so the ones holding a byte are nested in their order.
 */
struct pdf_inline_tag {
	int start, end;   /* byte offsets in the layout's text; never empty */
	const char *tag;  /* "Code" or "Span"; NULL for a link */
	char *lang;       /* a Span's language (owned), else NULL */
	int link;         /* a link's index in the block's links, else -1 */
	int inner;        /* another of the block's inline tags lies inside it,
	                   * so its own text goes in a Span (Cairo 1.16 marks
	                   * only the content of elements with no children) */
};

/** Where a footnote marker falls in a block's text. */
struct pdf_noteref {
	int offset;       /* byte offset of the marker */
	int note;         /* index into pdf_flow.notes */
};

/** A page number printed inside text (ref to an unnumbered target). */
struct pdf_pageref {
	int offset, length; /* the placeholder's bytes in the text */
	char *dest;
};

/** A line the lines stage (lines/lines.h) cut from a paragraph shaped once. */
struct pdf_line {
	GSList *runs;           /* PangoGlyphItem, visual order, owned */
	double x;               /* left edge of the first run in the box */
	double ascent, height;  /* baseline below the line's top; box height */
	int start, end;         /* bytes of the text */
	int continued;          /* ends inside a word wider than the line: marked
	                         * as going on (draw/), not hyphenated */
};

struct pdf_hyphens;

/**
 * Bytes [start, end) of a block's text came from the text of one node of
 * the article: the <t> element of the vocabulary that names it (only in a
 * page map's run, pdf-pagemap.xsl), with what the reader of inline
 * content had in hand when it began, so that a byte can be taken back to
 * a character of the article's text (pagemap.c).
 */
struct pdf_origin {
	int start, end;
	const xmlNode *t;       /* the vocabulary's <t key="..."> */
	int preserve;           /* white space kept (a listing, inline code) */
	int last_space;         /* a space was the last byte before start */
};

/** One paragraph-like block, laid out once by Pango (blocks/paragraph.c). */
struct pdf_block {
	xmlNode *node;          /* the vocabulary element (for re-layout) */
	PangoLayout *layout;    /* owned; NULL once released */
	char *tag;              /* structure tag: P, H1, Caption, ... */
	char *id;               /* named destination, or NULL */
	int outline_level;      /* 0: no bookmark */
	char *outline_title;
	double space_before, space_after;
	double indent_start, indent_end; /* from the start / end side */
	double width;           /* the layout's width */
	int rtl;
	int keep_with_next;
	int continuation;       /* a listing: mark wrapped lines (blocks/listing.c) */
	int has_background;
	double background[3];
	double color[3];
	PangoLayout *marker;    /* a list item's marker (blocks/list.c), or NULL */
	char *page_ref_end;     /* TOC: page of this destination at the end */
	struct pdf_link *links;
	int n_links;
	struct pdf_inline_tag *itags; /* its inline structure elements */
	int n_itags;
	struct pdf_noteref *noterefs;
	int n_noterefs;
	struct pdf_pageref *pagerefs;
	int n_pagerefs;
	/* Line geometry, in the layout's coordinates. */
	int n_lines;
	double *line_top;       /* top of each line's logical box */
	double *line_bottom;
	double *line_baseline;  /* baseline of each line */
	int *line_start;        /* byte offset of each line in the text */
	int *line_end;
	int deferred;           /* not laid out yet: the scheduler will */
	struct pdf_line *cut;   /* lines/'s lines, or NULL: Pango's */
	int n_cut;
	/* How lines/ sets its lines (blocks/paragraph.c), kept to break them
	 * again at another width (a table cell, once its column is known). */
	double pitch;           /* baselines apart, points */
	int align;              /* PangoAlignment, start and end resolved */
	int justify;
	int kashida;            /* its Arabic may be elongated (justified) */
	struct pdf_hyphens *hyphens; /* hyphenation dictionaries, or NULL */
	int *rigid;             /* byte ranges of text set as typed (inline
	                         * code): [rigid[2k], rigid[2k + 1]), ascending */
	int n_rigid;
	struct pdf_origin *origins; /* a page map's run only: where the text
	                         * came from, ascending; NULL otherwise */
	int n_origins;
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

/** The article as items in reading order, and its footnotes (read/). */
struct pdf_flow {
	struct pdf_item *items;
	int n_items, cap_items;
	struct pdf_note *notes;
	int n_notes, cap_notes;
	int page_refs;           /* the text prints page numbers (page-ref,
	                          * page-ref-end): pages are cut more than once */
};

/**
 * Rows of a table too tall for a page, cut between the lines of their
 * cells (pages/rowcut.c): the part of them on one page. Its rows are the
 * place's; its cells are those of the rows the cut rows belong with
 * (joined by rowspans), each drawn with its lines [from, to) from the top
 * of its box, whatever was drawn of it on the page before.
 */
struct pdf_row_cut {
	int n_cells;
	int *cells;              /* indexes in t->cells, ascending */
	int *from, *to;          /* each one's lines on this page */
	double *row_h;           /* the height of each of the place's rows here */
	double height;           /* their sum */
	int resumed;             /* the first row began on the page before */
	int unfinished;          /* the last row goes on on the next page */
};

/** A slice of an item placed on a page. */
struct pdf_place {
	int item;
	int from, to;            /* lines (blocks) or rows (tables) */
	int header;              /* tables: repeat the header rows first */
	int caption;             /* tables: draw the caption first */
	double y;                /* top of the slice on the page */
	struct pdf_row_cut *cut; /* tables: rows cut between lines, or NULL; owned */
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

/** What pagination decided (pages/pages.h). */
struct pdf_pages {
	struct pdf_page *pages;
	int n_pages, cap_pages;
	GHashTable *dests;       /* destination id -> page index + 1 */
};

/** The height of lines [from, to) of b. */
double pdf_block_height(const struct pdf_block *b, int from, int to);

/**
 * Whether place pl of table t draws cell c (its index in t->cells): its
 * box, and its lines [*from, *to) in it (all of them unless the rows are
 * cut). Header rows repeated by pl are not its own.
 */
int pdf_place_cell(const struct pdf_table *t, const struct pdf_place *pl, int c, int *from,
                   int *to);

/** The height of row r of t as place pl draws it. */
double pdf_place_row_height(const struct pdf_table *t, const struct pdf_place *pl, int r);

/** Whether pl is the first slice of its table, and the last. */
int pdf_place_table_begins(const struct pdf_place *pl);
int pdf_place_table_ends(const struct pdf_table *t, const struct pdf_place *pl);

/** The page index of destination id in dests, or -1 (none, or not yet paginated). */
int pdf_dest_page(GHashTable *dests, const char *id);

/** Prints n in buf (len bytes) in the digits whose zero is the code point
 *  zero ('0', U+0660 or U+06F0: pdf_setup's digit_zero). */
void pdf_format_number(unsigned zero, int n, char *buf, size_t len);

#endif
