/*
 * model.c: the few questions every stage asks of the model (model.h).
 */
#include <stdio.h>

#include "model.h"

double pdf_block_height(const struct pdf_block *b, int from, int to)
{
	if (to <= from || b->n_lines == 0)
		return 0;
	return b->line_bottom[to - 1] - b->line_top[from];
}

int pdf_dest_page(GHashTable *dests, const char *id)
{
	if (!dests || !id)
		return -1;
	return GPOINTER_TO_INT(g_hash_table_lookup(dests, id)) - 1;
}

void pdf_format_number(int indic, int n, char *buf, size_t len)
{
	char latin[32];
	snprintf(latin, sizeof latin, "%d", n);
	if (!indic) {
		snprintf(buf, len, "%s", latin);
		return;
	}
	size_t o = 0;
	for (const char *p = latin; *p && o + 3 < len; p++) {
		if (*p >= '0' && *p <= '9') {
			/* U+0660 ARABIC-INDIC DIGIT ZERO + d */
			unsigned cp = 0x660 + (unsigned)(*p - '0');
			buf[o++] = (char)(0xC0 | (cp >> 6));
			buf[o++] = (char)(0x80 | (cp & 0x3F));
		} else {
			buf[o++] = *p;
		}
	}
	buf[o] = '\0';
}
