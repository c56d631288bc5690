/*
 * tagging.h: what the draw stage tells the archival pass (archive/) about
 * the structure tree it had Cairo write.
 *
 * Cairo 1.16 writes a structure element for every structure tag the
 * drawing opens, nested as they were opened and listed in the order they
 * were opened, but takes no attributes for them (a link's target aside).
 * So the draw stage keeps one note per element, in that order, which is
 * the order of a depth-first walk of the tree Cairo writes; the archival
 * pass walks the tree beside the notes and adds what they say. A note
 * also counts the elements under it, so the walk reads only the branches
 * that lead to an element with something to add.
 */
#ifndef PDF_TAGGING_H
#define PDF_TAGGING_H

#include <string.h>

#include <glib.h>

/** A header cell's scope (ISO 32000-1, 14.8.5.7: the Table attribute /Scope). */
enum pdf_scope {
	PDF_SCOPE_NONE = 0,
	PDF_SCOPE_COLUMN,
	PDF_SCOPE_ROW
};

/** One structure element, as the drawing opened it. */
struct pdf_struct_note {
	const char *tag;       /* "P", "TH", "Link"...: a literal, or a string of the flow */
	int descendants;       /* elements opened inside it */
	char *lang;            /* /Lang, where it differs from the enclosing
	                        * element's (owned: copied by the drawing) */
	const char *alt;       /* a Figure's /Alt */
	enum pdf_scope scope;  /* a TH's /Scope */
	char *id;              /* a Note's /ID (owned: made unique by the drawing) */
	int continues;         /* 1 + the index of the note whose element this
	                        * one goes on (an inline tag broken across
	                        * lines or pages: one element, the archival
	                        * pass joins them), else 0 */
	int continued;         /* elements go on this one's */
	int droppable;         /* dropped if nothing went in it (a Span opened
	                        * for what a line draws before its first run) */
};

/** Whether the archival pass has something to add to note's element. */
static inline int pdf_struct_note_marked(const struct pdf_struct_note *note)
{
	return (note->alt && *note->alt) || (note->lang && *note->lang) ||
	       note->scope != PDF_SCOPE_NONE || (note->id && *note->id) ||
	       note->continues || note->continued || note->droppable ||
	       strcmp(note->tag, "Link") == 0;
}

/** Everything the drawing noted, for archive/archive.h. */
struct pdf_tagging {
	GArray *notes;         /* struct pdf_struct_note, in the order opened */
	int n_marked;          /* notes with something to add (attributes, or a
	                        * Link, whose annotation gets /Contents) */
	int artifacts;         /* untagged drawing went into artifact groups */
	GArray *form_pages;    /* int, ascending: the pages (from 0) that paint
	                        * form XObjects of their own inside tagged
	                        * content (an SVG figure, as librsvg draws
	                        * it), besides the artifact groups */
};

#endif
