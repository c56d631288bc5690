/*
 * note.c: footnotes, read where their markers are (blocks.h,
 * pdf_note_read): their blocks are paragraphs at the text width.
 */
#include <string.h>

#include "attr.h"
#include "blocks/blocks.h"

int pdf_note_read(struct pdf_blocks *bx, xmlNode *n, struct cv_error *err)
{
	struct pdf_flow *flow = bx->flow;
	char *id = pdf_attr(n, "id");
	int index = -1;

	/* A paragraph laid out again (page references) finds its notes by
	 * their ids. */
	for (int i = 0; i < flow->n_notes && id; i++)
		if (flow->notes[i].id && strcmp(flow->notes[i].id, id) == 0)
			index = i;
	if (index >= 0) {
		xmlFree(id);
		return index;
	}
	if (flow->n_notes == flow->cap_notes) {
		flow->cap_notes = flow->cap_notes ? flow->cap_notes * 2 : 16;
		flow->notes = g_renew(struct pdf_note, flow->notes, flow->cap_notes);
	}
	index = flow->n_notes++;
	memset(&flow->notes[index], 0, sizeof flow->notes[index]);
	flow->notes[index].id = id ? g_strdup(id) : NULL;
	xmlFree(id);
	for (xmlNode *c = n->children; c; c = c->next) {
		if (!pdf_is(c, "block"))
			continue;
		struct pdf_block *nb = pdf_paragraph_read(bx, c, 0, 0, 0, err);
		if (!nb)
			return -1;
		/* Reading the block may have added notes (a note in a note)
		 * and moved the array: look the note up again. */
		struct pdf_note *note = &flow->notes[index];
		note->blocks = g_renew(struct pdf_block *, note->blocks, note->n_blocks + 1);
		note->blocks[note->n_blocks++] = nb;
		note->height += nb->space_before + pdf_block_height(nb, 0, nb->n_lines) + nb->space_after;
	}
	return index;
}

void pdf_note_free(struct pdf_note *note)
{
	for (int j = 0; j < note->n_blocks; j++)
		pdf_paragraph_free(note->blocks[j]);
	g_free(note->blocks);
	g_free(note->id);
}
