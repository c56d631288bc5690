/*
 * text.c: the text layer chosen for a PDF (text.h), passing its calls on
 * to the implementation (layer.h).
 */
#include "text/layer.h"

struct pdf_text {
	const struct pdf_text_layer *layer;
	void *state;
};

struct pdf_text *pdf_text_new(enum pdf_text_kind kind, cairo_t *cr, int stamps,
                              const gunichar *chars, size_t n_chars, PangoFontMap *fonts)
{
	struct pdf_text *t = g_new0(struct pdf_text, 1);
	t->layer = kind == PDF_TEXT_PLAIN ? &pdf_text_plain : &pdf_text_steered;
	t->state = t->layer->new(cr, stamps, chars, n_chars, fonts);
	return t;
}

void pdf_text_free(struct pdf_text *t)
{
	if (!t)
		return;
	t->layer->free(t->state);
	g_free(t);
}

void pdf_text_page(struct pdf_text *t, const struct pdf_text_span *spans, int n)
{
	if (t->layer->page)
		t->layer->page(t->state, spans, n);
}

void pdf_text_page_end(struct pdf_text *t)
{
	if (t->layer->page_end)
		t->layer->page_end(t->state);
}

void pdf_text_line(struct pdf_text *t, const struct pdf_text_line *line,
                   const struct pdf_text_marks *marks)
{
	t->layer->line(t->state, line, marks);
}
