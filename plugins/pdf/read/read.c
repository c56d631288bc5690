/*
 * read.c: the layout vocabulary's <layout> element and its flow (read.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "attr.h"
#include "read/read.h"

static struct pdf_item *pdf_item_add(struct pdf_flow *flow, enum pdf_item_kind kind)
{
	if (flow->n_items == flow->cap_items) {
		flow->cap_items = flow->cap_items ? flow->cap_items * 2 : 64;
		flow->items = g_renew(struct pdf_item, flow->items, flow->cap_items);
	}
	struct pdf_item *it = &flow->items[flow->n_items++];
	memset(it, 0, sizeof *it);
	it->kind = kind;
	return it;
}

/* Reads the flow elements under parent into bx->flow, in the room the
 * indents leave. */
static int pdf_read_items(struct pdf_blocks *bx, xmlNode *parent, double indent_start,
                          double indent_end, int depth, struct cv_error *err)
{
	struct pdf_flow *flow = bx->flow;
	double text_w = bx->setup->text_w;
	if (depth > 64)
		return cv_error_set(err, CV_ERROR_LIMIT, NULL, parent->line, 0,
		                    "pdf: layout groups nest deeper than 64");
	for (xmlNode *n = parent->children; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (pdf_is(n, "block")) {
			struct pdf_block *b = pdf_paragraph_read(bx, n, indent_start, indent_end, 1, err);
			if (!b)
				return CV_FAIL;
			struct pdf_item *it = pdf_item_add(flow, PDF_ITEM_BLOCK);
			it->block = b;
		} else if (pdf_is(n, "group")) {
			double indent = pdf_attr_num(n, "indent", 0);
			if (!isfinite(indent) || indent < 0 || indent > 200)
				indent = 0;
			struct pdf_item *it = pdf_item_add(flow, PDF_ITEM_GROUP_BEGIN);
			it->tag = pdf_struct_tag(n, "Div");
			it->id = pdf_strdup_attr(n, "id");
			char *tag = g_strdup(it->tag);
			/* A quotation is indented on both sides, a list on the
			 * start side only. */
			int both = strcmp(tag, "BlockQuote") == 0;
			int rc = pdf_read_items(bx, n, indent_start + indent,
			                        indent_end + (both ? indent : 0), depth + 1, err);
			if (rc != CV_OK) {
				g_free(tag);
				return rc;
			}
			it = pdf_item_add(flow, PDF_ITEM_GROUP_END);
			it->tag = tag;
		} else if (pdf_is(n, "rule")) {
			struct pdf_item *it = pdf_item_add(flow, PDF_ITEM_RULE);
			it->space_before = pdf_attr_num(n, "space-before", 0);
			it->space_after = pdf_attr_num(n, "space-after", 0);
			it->rule_width = pdf_attr_num(n, "width", 0.5);
			char *len = pdf_attr(n, "length");
			double l = len ? strtod(len, NULL) : 100;
			it->rule_length = (len && strchr(len, '%')) ? text_w * l / 100 : l;
			if (!isfinite(it->rule_length) || it->rule_length <= 0 ||
			    it->rule_length > text_w)
				it->rule_length = text_w;
			if (!isfinite(it->space_before) || it->space_before < 0)
				it->space_before = 0;
			if (!isfinite(it->space_after) || it->space_after < 0)
				it->space_after = 0;
			if (!isfinite(it->rule_width) || it->rule_width < 0 || it->rule_width > 10)
				it->rule_width = 0.5;
			xmlFree(len);
		} else if (pdf_is(n, "figure")) {
			struct pdf_figure *f;
			if (pdf_figure_read(bx, n, indent_start, indent_end, &f, err) != CV_OK)
				return CV_FAIL;
			pdf_item_add(flow, PDF_ITEM_FIGURE)->figure = f;
		} else if (pdf_is(n, "table")) {
			struct pdf_table *t;
			if (pdf_table_read(bx, n, indent_start, indent_end, &t, err) != CV_OK)
				return CV_FAIL;
			pdf_item_add(flow, PDF_ITEM_TABLE)->table = t;
		}
	}
	return CV_OK;
}

static char *pdf_text_of(xmlNode *n)
{
	xmlChar *c = xmlNodeGetContent(n);
	char *r = g_strdup(c ? (const char *)c : "");
	xmlFree(c);
	/* Collapse white space: it is a one-line header. */
	char *o = r;
	int sp = 1;
	for (char *p = r; *p; p++) {
		if (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r') {
			if (!sp)
				*o++ = ' ';
			sp = 1;
		} else {
			*o++ = *p;
			sp = 0;
		}
	}
	while (o > r && o[-1] == ' ')
		o--;
	*o = '\0';
	return r;
}

/* Page numbers printed in the text need the whole pagination first. */
static int pdf_has_page_refs(xmlNode *n)
{
	for (xmlNode *c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)c->name, "page-ref") == 0 ||
		    xmlHasProp(c, (const xmlChar *)"page-ref-end") || pdf_has_page_refs(c))
			return 1;
	}
	return 0;
}

int pdf_read_setup(xmlDocPtr tree, struct pdf_setup *setup, struct cv_error *err)
{
	xmlNode *root = xmlDocGetRootElement(tree);
	if (!root || !pdf_is(root, "layout"))
		return cv_error_set(err, CV_ERROR_LIBRARY, NULL, 0, 0,
		                    "pdf: pdf.xsl did not produce a <layout> element");

	double pw = pdf_attr_num(root, "page-width", 210);
	double ph = pdf_attr_num(root, "page-height", 297);
	if (!isfinite(pw) || !isfinite(ph) || pw < 50 || ph < 50 || pw > 2000 || ph > 2000) {
		char *ps = pdf_attr(root, "page-size");
		cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0,
		             "pdf: page-size '%s' is not A3, A4, A5, letter, legal or WxH "
		             "in millimetres (50 to 2000)", ps ? ps : "");
		xmlFree(ps);
		return CV_FAIL;
	}
	setup->page_w = pw * PDF_MM;
	setup->page_h = ph * PDF_MM;
	setup->margin_top = pdf_attr_num(root, "margin-top", 20) * PDF_MM;
	setup->margin_bottom = pdf_attr_num(root, "margin-bottom", 20) * PDF_MM;
	setup->margin_start = pdf_attr_num(root, "margin-start", 20) * PDF_MM;
	setup->margin_end = pdf_attr_num(root, "margin-end", 20) * PDF_MM;
	double margins = setup->margin_top + setup->margin_bottom + setup->margin_start +
	                 setup->margin_end;
	if (!isfinite(margins) ||
	    setup->margin_top < 0 || setup->margin_bottom < 0 || setup->margin_start < 0 ||
	    setup->margin_end < 0 ||
	    setup->margin_start + setup->margin_end > setup->page_w * 0.7 ||
	    setup->margin_top + setup->margin_bottom > setup->page_h * 0.7)
		return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0,
		                    "pdf: margin must be a number of millimetres that leaves "
		                    "at least 30%% of the page for text");
	setup->font_size = pdf_attr_num(root, "font-size", 11);
	if (!isfinite(setup->font_size) || setup->font_size < 4 || setup->font_size > 72)
		return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0,
		                    "pdf: font-size must be a number of points from 4 to 72");
	setup->text_w = setup->page_w - setup->margin_start - setup->margin_end;
	setup->body_top = setup->margin_top;
	setup->body_bottom = setup->page_h - setup->margin_bottom;
	setup->rtl = pdf_attr_is(root, "dir", "rtl");
	setup->digit_zero = pdf_attr_is(root, "digits", "arabic-indic") ? 0x660
	                    : pdf_attr_is(root, "digits", "persian")    ? 0x6f0
	                                                                : '0';
	setup->lang = pdf_strdup_attr(root, "lang");
	setup->font_family = pdf_strdup_attr(root, "font-family");
	if (!setup->font_family)
		setup->font_family = g_strdup("Noto Serif");
	setup->line_height = pdf_attr_num(root, "line-height", 1.4);
	if (!isfinite(setup->line_height) || setup->line_height < 0.8 || setup->line_height > 4)
		return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0,
		                    "pdf: line-height must be from 0.8 to 4 (em)");
	setup->header_size = setup->font_size * 0.8;
	setup->footer_size = setup->font_size * 0.85;

	for (xmlNode *n = root->children; n; n = n->next) {
		if (pdf_is(n, "info")) {
			setup->title = pdf_strdup_attr(n, "title");
			setup->author = pdf_strdup_attr(n, "author");
			setup->subject = pdf_strdup_attr(n, "subject");
			setup->keywords = pdf_strdup_attr(n, "keywords");
			setup->creator = pdf_strdup_attr(n, "creator");
			setup->date = pdf_strdup_attr(n, "date");
		} else if (pdf_is(n, "header")) {
			setup->header_text = pdf_text_of(n);
			double s = pdf_attr_num(n, "font-size", setup->header_size);
			if (isfinite(s) && s > 3 && s < 40)
				setup->header_size = s;
			pdf_attr_color(n, "color", setup->header_color);
			setup->header_rule = pdf_attr_num(n, "rule", 0);
			if (!isfinite(setup->header_rule) || setup->header_rule < 0 || setup->header_rule > 5)
				setup->header_rule = 0;
		} else if (pdf_is(n, "footer")) {
			double s = pdf_attr_num(n, "font-size", setup->footer_size);
			if (isfinite(s) && s > 3 && s < 40)
				setup->footer_size = s;
			pdf_attr_color(n, "color", setup->footer_color);
		}
	}
	return CV_OK;
}

int pdf_read_flow(xmlDocPtr tree, struct pdf_blocks *bx, struct cv_error *err)
{
	xmlNode *root = xmlDocGetRootElement(tree);
	bx->flow->page_refs = pdf_has_page_refs(root);
	return pdf_read_items(bx, root, 0, 0, 0, err);
}

void pdf_setup_free(struct pdf_setup *setup)
{
	g_free(setup->lang);
	g_free(setup->font_family);
	g_free(setup->header_text);
	g_free(setup->title);
	g_free(setup->author);
	g_free(setup->subject);
	g_free(setup->keywords);
	g_free(setup->creator);
	g_free(setup->date);
}

void pdf_flow_free(struct pdf_flow *flow)
{
	for (int i = 0; i < flow->n_items; i++) {
		struct pdf_item *it = &flow->items[i];
		pdf_paragraph_free(it->block);
		pdf_figure_free(it->figure);
		pdf_table_free(it->table);
		g_free(it->tag);
		g_free(it->id);
	}
	g_free(flow->items);
	for (int i = 0; i < flow->n_notes; i++)
		pdf_note_free(&flow->notes[i]);
	g_free(flow->notes);
}
