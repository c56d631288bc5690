/*
 * document.c: reading an article, checking it against the format, and
 * answering questions about it (language, direction, images).
 *
 * The loader is deliberately strict: the file is read by us under a size
 * cap (libxml2 would otherwise un-gzip a path transparently), parsed from
 * memory with no network, no DTD loading and no entity substitution, and a
 * DOCTYPE that declares any entity or names an external DTD stops the
 * parse at once. Only then is the tree validated.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/relaxng.h>
#include <libxml/SAX2.h>

#include "internal.h"

/* Where each element starts in the source: libxml2 2.9 keeps no column. */
struct loc_slot {
	const xmlNode *node;
	int line;
	int column;
};

struct loc_table {
	struct loc_slot *slots;
	size_t cap; /* a power of two */
	size_t used;
};

struct res_entry {
	char *src;
	struct cv_resource *res;
};

struct cv_document {
	xmlDocPtr tree;
	char *path;    /* absolute */
	char *display; /* as the user named it, for messages */
	char *folder;  /* absolute */
	struct loc_table locs;
	struct res_entry *res;
	size_t nres;
};

/* What the schema says an attribute's value must be, from the
 * a:documentation inside its <attribute> (element NULL: any element). */
struct schema_hint {
	char *element;
	char *attribute;
	char *text;
};

/** The compiled article schema, shared by every load of one run. */
struct cv_schema {
	xmlRelaxNGPtr rng;
	struct schema_hint *hints;
	size_t nhints;
};

/* ------------------------------------------------------------------ */
/* Location table                                                      */

static size_t loc_hash(const xmlNode *node, size_t cap)
{
	uintptr_t h = (uintptr_t)node;
	h ^= h >> 17;
	h *= (uintptr_t)0x9E3779B97F4A7C15ull;
	return (size_t)(h >> 7) & (cap - 1);
}

static int loc_put(struct loc_table *t, const xmlNode *node, int line, int column)
{
	if ((t->used + 1) * 2 > t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 1024;
		struct loc_slot *slots = calloc(cap, sizeof *slots);
		if (slots == NULL)
			return CV_FAIL;
		for (size_t i = 0; i < t->cap; i++) {
			if (t->slots[i].node == NULL)
				continue;
			size_t j = loc_hash(t->slots[i].node, cap);
			while (slots[j].node != NULL)
				j = (j + 1) & (cap - 1);
			slots[j] = t->slots[i];
		}
		free(t->slots);
		t->slots = slots;
		t->cap = cap;
	}
	size_t j = loc_hash(node, t->cap);
	while (t->slots[j].node != NULL && t->slots[j].node != node)
		j = (j + 1) & (t->cap - 1);
	if (t->slots[j].node == NULL)
		t->used++;
	t->slots[j] = (struct loc_slot){node, line, column};
	return CV_OK;
}

static const struct loc_slot *loc_find(const struct loc_table *t, const xmlNode *node)
{
	if (t->cap == 0 || node == NULL)
		return NULL;
	size_t j = loc_hash(node, t->cap);
	while (t->slots[j].node != NULL) {
		if (t->slots[j].node == node)
			return &t->slots[j];
		j = (j + 1) & (t->cap - 1);
	}
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Parsing                                                             */

/* What the SAX hooks need; reached through ctxt->_private. */
struct load_state {
	const char *display;
	const unsigned char *bytes;
	size_t size;
	struct cv_report *rep;
	struct loc_table *locs;
	size_t scan_off; /* incremental line/column counting */
	int scan_line;
	int scan_col;
	int refused;     /* a DOCTYPE we do not accept was seen */
	int failed;
};

static void load_error(struct load_state *st, enum cv_error_class klass,
                       int line, int column, const char *msg)
{
	struct cv_error e;
	cv_error_set(&e, klass, st->display, line, column, "%s", msg);
	cv_report_add(st->rep, &e);
	st->failed = 1;
}

static void load_serror(void *user, xmlErrorPtr error)
{
	xmlParserCtxtPtr ctxt = user;
	struct load_state *st = ctxt->_private;

	if (error->level < XML_ERR_ERROR || st->refused)
		return;
	/* Two libxml2 messages mislead a user: one advises an option we
	 * refuse on purpose, the other asks for an encoding we do not take. */
	if (error->message != NULL && strstr(error->message, "XML_PARSE_HUGE") != NULL) {
		load_error(st, CV_ERROR_LIMIT, error->line, error->int2,
		           "elements nest deeper than the limit of 256 levels; the article cannot be read");
		return;
	}
	if (error->message != NULL && strncmp(error->message, "Input is not proper UTF-8", 25) == 0) {
		char msg[256];
		const char *bytes = strstr(error->message, "Bytes:");
		snprintf(msg, sizeof msg, "the text is not valid UTF-8 (articles are UTF-8)%s%.40s",
		         bytes ? "; " : "", bytes ? bytes : "");
		load_error(st, CV_ERROR_SYNTAX, error->line, error->int2, msg);
		return;
	}
	load_error(st, CV_ERROR_SYNTAX, error->line, error->int2, error->message);
}

static void load_refuse(xmlParserCtxtPtr ctxt, const char *msg)
{
	struct load_state *st = ctxt->_private;
	if (!st->refused)
		load_error(st, CV_ERROR_FORMAT, ctxt->input ? ctxt->input->line : 0,
		           ctxt->input ? ctxt->input->col : 0, msg);
	st->refused = 1;
	xmlStopParser(ctxt);
}

static void load_entity_decl(void *ctx, const xmlChar *name, int type,
                             const xmlChar *public_id, const xmlChar *system_id,
                             xmlChar *content)
{
	char msg[512];
	(void)type; (void)public_id; (void)system_id; (void)content;
	snprintf(msg, sizeof msg,
	         "the DOCTYPE declares the entity \"%s\"; entity declarations are not accepted (nothing is expanded or fetched)",
	         (const char *)name);
	load_refuse(ctx, msg);
}

static void load_internal_subset(void *ctx, const xmlChar *name,
                                 const xmlChar *external_id, const xmlChar *system_id)
{
	char msg[512];
	if (external_id != NULL || system_id != NULL) {
		snprintf(msg, sizeof msg,
		         "the DOCTYPE names an external DTD \"%s\"; external DTDs are not accepted (nothing is fetched)",
		         system_id ? (const char *)system_id : (const char *)external_id);
		load_refuse(ctx, msg);
		return;
	}
	xmlSAX2InternalSubset(ctx, name, external_id, system_id);
}

static void load_external_subset(void *ctx, const xmlChar *name,
                                 const xmlChar *external_id, const xmlChar *system_id)
{
	/* Never load an external subset, whatever the options say. */
	(void)ctx; (void)name; (void)external_id; (void)system_id;
}

/* Advances the line/column counter to byte offset off of the source. */
static void load_scan_to(struct load_state *st, size_t off)
{
	if (off > st->size)
		off = st->size;
	for (; st->scan_off < off; st->scan_off++) {
		unsigned char c = st->bytes[st->scan_off];
		if (c == '\n') {
			st->scan_line++;
			st->scan_col = 1;
		} else if ((c & 0xc0) != 0x80) {
			st->scan_col++; /* count characters, not UTF-8 bytes */
		}
	}
}

static void load_start_element(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                               const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
                               int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct load_state *st = ctxt->_private;

	xmlSAX2StartElementNs(ctx, localname, prefix, uri, nb_namespaces, namespaces,
	                      nb_attributes, nb_defaulted, attributes);
	if (ctxt->node == NULL || ctxt->input == NULL)
		return;
	/* The parser stands at the end of the start tag, whose '<' is the
	 * last one before it ('<' cannot occur inside attribute values). */
	size_t end = (size_t)ctxt->input->consumed + (size_t)(ctxt->input->cur - ctxt->input->base);
	size_t lt = end < st->size ? end : st->size;
	while (lt > st->scan_off && st->bytes[lt] != '<')
		lt--;
	if (lt < st->scan_off || st->bytes[lt] != '<')
		return;
	load_scan_to(st, lt);
	loc_put(st->locs, ctxt->node, st->scan_line, st->scan_col);
}

static int load_read_file(const char *path, const char *display, unsigned char **out,
                          size_t *size, struct cv_report *rep)
{
	struct cv_error e;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0) {
		cv_error_set(&e, CV_ERROR_SYSTEM, display, 0, 0, "cannot open: %s", strerror(errno));
	} else {
		int status = cv_file_read_all(fd, CV_MAX_ARTICLE_BYTES, display, "the article", out, size, &e);
		close(fd);
		if (status == CV_OK && *size > 0)
			return CV_OK;
		if (status == CV_OK) {
			free(*out);
			*out = NULL;
			cv_error_set(&e, CV_ERROR_SYNTAX, display, 1, 1, "the file is empty; an article is an XML document");
		}
	}
	cv_report_add(rep, &e);
	return CV_FAIL;
}

static xmlDocPtr load_parse(struct load_state *st)
{
	const unsigned char *b = st->bytes;
	xmlParserCtxtPtr ctxt;
	xmlDocPtr tree;

	/* Read as UTF-8 (below), a UTF-16 or UTF-32 file would only get
	 * "Start tag expected": its byte order mark says what it is. */
	if (st->size >= 4 && ((b[0] == 0xff && b[1] == 0xfe) || (b[0] == 0xfe && b[1] == 0xff) ||
	                      (b[0] == 0 && b[1] == 0 && b[2] == 0xfe && b[3] == 0xff))) {
		load_error(st, CV_ERROR_SYNTAX, 1, 1,
		           "the file is UTF-16 or UTF-32 (it starts with a byte order mark); articles are UTF-8");
		return NULL;
	}
	ctxt = xmlNewParserCtxt();
	if (ctxt == NULL) {
		load_error(st, CV_ERROR_SYSTEM, 0, 0, "out of memory");
		return NULL;
	}
	ctxt->_private = st;
	ctxt->sax->serror = load_serror;
	ctxt->sax->entityDecl = load_entity_decl;
	ctxt->sax->internalSubset = load_internal_subset;
	ctxt->sax->externalSubset = load_external_subset;
	ctxt->sax->startElementNs = load_start_element;
	/* No NOENT, DTDLOAD, DTDATTR, XINCLUDE, HUGE or RECOVER: see
	 * shared/spec/hardening.md. The URL is only a name for messages.
	 * An article is UTF-8 whatever its declaration (IGNORE_ENC) or its
	 * first bytes (the encoding argument: no guess of UTF-16 or UCS-4
	 * from a '<' followed by zeros) suggest: decoding another encoding
	 * reports bytes it cannot convert through libxml2's global handler,
	 * as bare lines on standard error with no file or position, and the
	 * parse then fails on a truncated text; read as UTF-8, such bytes
	 * get our message and their line and column. */
	tree = xmlCtxtReadMemory(ctxt, (const char *)st->bytes, (int)st->size, st->display, "UTF-8",
	                         XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_IGNORE_ENC);
	if (tree != NULL && (!ctxt->wellFormed || st->failed)) {
		xmlFreeDoc(tree);
		tree = NULL;
	}
	if (tree == NULL && !st->failed)
		load_error(st, CV_ERROR_SYNTAX, 0, 0, "not a well-formed XML document");
	xmlFreeParserCtxt(ctxt);
	return tree;
}

/* ------------------------------------------------------------------ */
/* Checks beyond the schema                                            */

static void doc_error(struct cv_document *doc, struct cv_report *rep, const xmlNode *node,
                      enum cv_error_class klass, const char *fmt, const char *a, const char *b)
{
	struct cv_error e;
	int line, col;
	char msg[1024];

	cv_document_locate(doc, node, &line, &col);
	snprintf(msg, sizeof msg, fmt, a, b ? b : "");
	cv_error_set(&e, klass, doc->display, line, col, "%s", msg);
	cv_report_add(rep, &e);
}

static const char *attr(const xmlNode *node, const char *name)
{
	for (xmlAttrPtr a = node->properties; a != NULL; a = a->next)
		if (a->ns == NULL && strcmp((const char *)a->name, name) == 0 &&
		    a->children != NULL && a->children->type == XML_TEXT_NODE)
			return (const char *)a->children->content;
	return NULL;
}

static int is_element(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static void check_root(struct cv_document *doc, struct cv_report *rep, int *fatal)
{
	xmlNodePtr root = xmlDocGetRootElement(doc->tree);
	const char *version;

	if (root == NULL || !is_element(root, "article") || root->ns != NULL) {
		doc_error(doc, rep, root, CV_ERROR_FORMAT,
		          "the root element is <%s>, expected <article> (with no namespace)",
		          root ? (const char *)root->name : "", NULL);
		*fatal = 1;
		return;
	}
	version = attr(root, "version");
	if (version == NULL || strcmp(version, "1.0") != 0) {
		doc_error(doc, rep, root, CV_ERROR_FORMAT,
		          "<article> has version \"%s\"; this convert reads version \"1.0\"%s",
		          version ? version : "(none)", NULL);
		*fatal = 1;
	}
	if (!xmlHasNsProp(root, BAD_CAST "lang", XML_XML_NAMESPACE)) {
		doc_error(doc, rep, root, CV_ERROR_FORMAT,
		          "<article> has no xml:lang; the article's language is required (e.g. xml:lang=\"ar\")%s", "", NULL);
		*fatal = 1;
	}
}

struct rng_ctx {
	struct cv_document *doc;
	struct cv_report *rep;
	const struct cv_schema *schema;
	const xmlNode *last; /* the element of the last message, to drop its echo */
};

/* The forms the schema's typed values take, in plain words, where the
 * schema's own a:documentation for an attribute says nothing. */
static const struct {
	const char *name; /* an element with typed content, or an attribute */
	const char *form;
} plain_forms[] = {
	{"date", "a date written YYYY-MM-DD, for example 2024-03-07"},
	{"lang", "a language tag such as ar, en or fa-IR"},
	{"id", "a name: a letter or _ first, then letters, digits, -, _ or ."},
	{"target", "the id of an element of this article"},
	{"dir", "ltr, rtl or auto"},
	{"type", "bullet or number"},
	{"align", "start, center or end"},
	{"scheme", "uuid, doi, isbn, issn, url or other"},
	{"width", "a length such as 80%, 120mm, 3in or 400px"},
	{"href", "an absolute URL (https://...) or # and an id"},
	{"version", "1.0"},
	{"role", "a word such as editor or translator"},
};

static const char *plain_form(const char *name)
{
	for (size_t i = 0; i < sizeof plain_forms / sizeof plain_forms[0]; i++)
		if (strcmp(plain_forms[i].name, name) == 0)
			return plain_forms[i].form;
	return NULL;
}

/* The schema's language pattern: [a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})* */
static int lang_tag_ok(const char *t)
{
	for (int first = 1;; first = 0) {
		size_t n = 0;
		while (n < 9 && (first ? ((t[n] | 32) >= 'a' && (t[n] | 32) <= 'z')
		                       : ((t[n] | 32) >= 'a' && (t[n] | 32) <= 'z') || (t[n] >= '0' && t[n] <= '9')))
			n++;
		if (n == 0 || n > 8)
			return 0;
		t += n;
		if (*t == '\0')
			return 1;
		if (*t++ != '-')
			return 0;
	}
}

static int under(const xmlNode *n, const xmlNode *ancestor)
{
	for (; n; n = n->parent)
		if (n == ancestor)
			return 1;
	return 0;
}


static const char *schema_hint_lookup(const struct cv_schema *schema, const char *element,
                                      const char *attribute)
{
	const char *any = NULL;

	for (size_t i = 0; i < schema->nhints; i++) {
		const struct schema_hint *h = &schema->hints[i];
		if (strcmp(h->attribute, attribute) != 0)
			continue;
		if (h->element != NULL && strcmp(h->element, element) == 0)
			return h->text;
		if (h->element == NULL)
			any = h->text;
	}
	return any;
}

/*
 * libxml2's RelaxNG messages name the schema's machinery ("Error
 * validating datatype string", "Expecting an element , got nothing");
 * the common ones are said here in the article format's words, with the
 * form a value must take. Returns 0 for a message to drop: the "failed to
 * validate" echo of a problem already told inside the same element.
 */
static int rng_plain(struct rng_ctx *rc, const xmlError *error, char *out, size_t size)
{
	const char *m = error->message ? error->message : "";
	const xmlNode *n = error->node;
	const char *el = n && n->type == XML_ELEMENT_NODE ? (const char *)n->name : NULL;
	const char *parent = n && n->parent && n->parent->type == XML_ELEMENT_NODE ? (const char *)n->parent->name : NULL;
	char a[128] = "";

	if (strncmp(m, "Element ", 8) == 0 && strstr(m, " failed to validate content") && rc->last && n &&
	    under(rc->last, n))
		return 0;
	if (strncmp(m, "Error validating datatype", 25) == 0 && el) {
		xmlChar *text = xmlNodeGetContent(n);
		const char *form = plain_form(el);
		snprintf(out, size, "<%s> must be %s, not \"%.80s\"", el, form ? form : "written as the article format says",
		         text ? (const char *)text : "");
		xmlFree(text);
	} else if (sscanf(m, "Invalid attribute %127s for element", a) == 1 && el) {
		xmlChar *value = xmlGetProp(n, BAD_CAST a);
		const char *form = schema_hint_lookup(rc->schema, el, a);
		if (form == NULL)
			form = plain_form(a);
		if (form && value)
			snprintf(out, size, "%s%s=\"%.80s\" on <%s>: it must be %s", strcmp(a, "lang") == 0 ? "xml:" : "", a,
			         (const char *)value, el, form);
		else
			snprintf(out, size, "<%s> does not take the attribute %s (see docs/article-format.md)", el, a);
		xmlFree(value);
	} else if (strncmp(m, "Did not expect element ", 23) == 0 && el) {
		snprintf(out, size, "<%s> is not allowed here%s%s%s (see docs/article-format.md)", el,
		         parent ? ", inside <" : "", parent ? parent : "", parent ? ">" : "");
	} else if (strncmp(m, "Did not expect text in element ", 31) == 0 && el) {
		snprintf(out, size, "text is not allowed directly inside <%s>%s", el,
		         strcmp(el, "body") == 0 || strcmp(el, "section") == 0 ? ": put it in a paragraph, <p>" : "");
	} else if (strncmp(m, "Expecting an element", 20) == 0 && strstr(m, "got nothing") && el) {
		snprintf(out, size, "<%s> lacks an element it requires%s", el,
		         strcmp(el, "meta") == 0 ? ": a <title>" : " (see docs/article-format.md)");
	} else if (sscanf(m, "Element %127s failed to validate attributes", a) == 1) {
		/* libxml2 points at the element after the one it names. */
		const xmlNode *e = n;
		while (e && e->type == XML_ELEMENT_NODE && strcmp((const char *)e->name, a) != 0)
			e = e->parent;
		xmlChar *lang = e && e->type == XML_ELEMENT_NODE ? xmlGetNsProp(e, BAD_CAST "lang", XML_XML_NAMESPACE) : NULL;
		if (lang && !lang_tag_ok((const char *)lang))
			snprintf(out, size, "xml:lang=\"%.80s\" on <%s>: it must be %s", (const char *)lang, a, plain_form("lang"));
		else
			snprintf(out, size, "<%s> lacks an attribute it requires, or one has a value the format does not allow "
			         "(see docs/article-format.md)", a);
		xmlFree(lang);
	} else {
		snprintf(out, size, "%s", m);
	}
	rc->last = n;
	return 1;
}

static void rng_serror(void *user, xmlErrorPtr error)
{
	struct rng_ctx *rc = user;
	struct cv_error e;
	int line = error->line, col = 0;
	char message[512];

	if (error->level < XML_ERR_ERROR || !rng_plain(rc, error, message, sizeof message))
		return;
	if (error->node != NULL)
		cv_document_locate(rc->doc, error->node, &line, &col);
	cv_error_set(&e, CV_ERROR_FORMAT, rc->doc->display, line, col, "%s", message);
	cv_report_add(rc->rep, &e);
}

static int check_schema(struct cv_document *doc, const struct cv_schema *schema, struct cv_report *rep)
{
	xmlRelaxNGValidCtxtPtr v = xmlRelaxNGNewValidCtxt(schema->rng);
	struct rng_ctx rc = {doc, rep, schema, NULL};
	size_t before = rep->count;
	int rc_valid;

	if (v == NULL)
		return CV_FAIL;
	xmlRelaxNGSetValidStructuredErrors(v, rng_serror, &rc);
	rc_valid = xmlRelaxNGValidateDoc(v, doc->tree);
	xmlRelaxNGFreeValidCtxt(v);
	if (rc_valid != 0 && rep->count == before)
		doc_error(doc, rep, xmlDocGetRootElement(doc->tree), CV_ERROR_FORMAT,
		          "the article does not follow the article format%s", "", NULL);
	return rc_valid == 0 ? CV_OK : CV_FAIL;
}

/* ids, ref targets, #links, section depth and images, in one walk. */
struct walk {
	struct cv_document *doc;
	struct cv_report *rep;
	xmlHashTablePtr ids;
};

static const char *const ref_targets[] = {
	"section", "figure", "table", "list", "quote", "pre", "note", NULL
};

static void walk_ids(struct walk *w, xmlNodePtr node, int depth)
{
	for (xmlNodePtr n = node; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		int d = depth + is_element(n, "section");
		if (is_element(n, "section") && d == CV_MAX_SECTION_DEPTH + 1)
			doc_error(w->doc, w->rep, n, CV_ERROR_FORMAT,
			          "sections nest %s deep here; at most 6 levels are allowed%s", "7", NULL);
		const char *id = attr(n, "id");
		if (id != NULL) {
			xmlNodePtr first = xmlHashLookup(w->ids, BAD_CAST id);
			if (first != NULL) {
				char where[64];
				int line, col;
				cv_document_locate(w->doc, first, &line, &col);
				snprintf(where, sizeof where, "%d", line);
				doc_error(w->doc, w->rep, n, CV_ERROR_FORMAT,
				          "duplicate id \"%s\" (first used on line %s)", id, where);
			} else {
				xmlHashAddEntry(w->ids, BAD_CAST id, n);
			}
		}
		walk_ids(w, n->children, d);
	}
}

static void walk_refs(struct walk *w, xmlNodePtr node)
{
	for (xmlNodePtr n = node; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (is_element(n, "ref")) {
			const char *target = attr(n, "target");
			xmlNodePtr t = target ? xmlHashLookup(w->ids, BAD_CAST target) : NULL;
			if (target != NULL && t == NULL) {
				doc_error(w->doc, w->rep, n, CV_ERROR_FORMAT,
				          "<ref target=\"%s\"> points at no id in the article%s", target, NULL);
			} else if (t != NULL) {
				int ok = 0;
				for (size_t i = 0; ref_targets[i]; i++)
					ok |= is_element(t, ref_targets[i]);
				if (!ok)
					doc_error(w->doc, w->rep, n, CV_ERROR_FORMAT,
					          "<ref target=\"%s\"> points at a <%s>; a ref may point at a section, figure, table, list, quote, pre or note",
					          target, (const char *)t->name);
			}
		} else if (is_element(n, "a")) {
			const char *href = attr(n, "href");
			if (href != NULL && href[0] == '#' && xmlHashLookup(w->ids, BAD_CAST(href + 1)) == NULL)
				doc_error(w->doc, w->rep, n, CV_ERROR_FORMAT,
				          "<a href=\"%s\"> points at no id in the article%s", href, NULL);
		} else if (is_element(n, "image")) {
			const char *src = attr(n, "src");
			if (src != NULL && cv_document_lookup_resource(w->doc, src) == NULL) {
				struct cv_resource *res;
				struct cv_error e;
				if (cv_resource_open(w->doc->folder, src, &res, &e) != CV_OK) {
					doc_error(w->doc, w->rep, n, e.klass, "%s%s", e.message, NULL);
				} else {
					struct res_entry *grown = realloc(w->doc->res, (w->doc->nres + 1) * sizeof *grown);
					char *copy = strdup(src);
					if (grown == NULL || copy == NULL) {
						free(copy);
						if (grown)
							w->doc->res = grown;
						cv_resource_free(res);
						doc_error(w->doc, w->rep, n, CV_ERROR_SYSTEM, "out of memory%s", "", NULL);
					} else {
						w->doc->res = grown;
						w->doc->res[w->doc->nres++] = (struct res_entry){copy, res};
					}
				}
			}
		}
		walk_refs(w, n->children);
	}
}

/* ------------------------------------------------------------------ */
/* Public                                                              */

#define RNG_NS "http://relaxng.org/ns/structure/1.0"
#define RNG_ANNOTATIONS_NS "http://relaxng.org/ns/compatibility/annotations/1.0"

static int rng_is(const xmlNode *n, const char *ns, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns != NULL && strcmp((const char *)n->ns->href, ns) == 0 &&
	       strcmp((const char *)n->name, name) == 0;
}

/* Collects every <attribute name="..."> whose a:documentation says what
 * its value must be, with the name of the <element> it sits in. */
static int schema_collect_hints(struct cv_schema *s, const xmlNode *node, const char *element)
{
	for (const xmlNode *n = node; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		const char *name = attr(n, "name");
		if (rng_is(n, RNG_NS, "attribute") && name != NULL) {
			for (const xmlNode *c = n->children; c != NULL; c = c->next) {
				if (!rng_is(c, RNG_ANNOTATIONS_NS, "documentation"))
					continue;
				struct schema_hint *grown = realloc(s->hints, (s->nhints + 1) * sizeof *grown);
				if (grown == NULL)
					return CV_FAIL;
				s->hints = grown;
				struct schema_hint *h = &s->hints[s->nhints++];
				h->element = element ? strdup(element) : NULL;
				h->attribute = strdup(name);
				h->text = (char *)xmlNodeGetContent(c);
				if ((element && h->element == NULL) || h->attribute == NULL || h->text == NULL)
					return CV_FAIL;
			}
		}
		if (schema_collect_hints(s, n->children, rng_is(n, RNG_NS, "element") && name ? name : element))
			return CV_FAIL;
	}
	return CV_OK;
}

int cv_schema_new(const char *schema_folder, struct cv_schema **out, struct cv_error *err)
{
	xmlDocPtr source;
	char path[PATH_MAX];
	xmlRelaxNGParserCtxtPtr pc;
	struct cv_schema *s = calloc(1, sizeof *s);

	*out = NULL;
	if (s == NULL)
		return cv_error_set(err, CV_ERROR_SYSTEM, NULL, 0, 0, "out of memory");
	snprintf(path, sizeof path, "%s/article.rng", schema_folder);
	pc = xmlRelaxNGNewParserCtxt(path);
	s->rng = pc ? xmlRelaxNGParse(pc) : NULL;
	xmlRelaxNGFreeParserCtxt(pc);
	if (s->rng == NULL) {
		free(s);
		return cv_error_set(err, CV_ERROR_LIBRARY, path, 0, 0, "cannot compile the article schema");
	}
	/* libxml2 drops the annotations when it compiles; read them apart. */
	source = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (source == NULL || schema_collect_hints(s, xmlDocGetRootElement(source), NULL) != CV_OK) {
		xmlFreeDoc(source);
		cv_schema_free(s);
		return cv_error_set(err, CV_ERROR_LIBRARY, path, 0, 0, "cannot read the article schema's annotations");
	}
	xmlFreeDoc(source);
	*out = s;
	return CV_OK;
}

void cv_schema_free(struct cv_schema *schema)
{
	if (schema == NULL)
		return;
	xmlRelaxNGFree(schema->rng);
	for (size_t i = 0; i < schema->nhints; i++) {
		free(schema->hints[i].element);
		free(schema->hints[i].attribute);
		xmlFree(schema->hints[i].text);
	}
	free(schema->hints);
	free(schema);
}

int cv_document_load(const char *path, const struct cv_schema *schema,
                     struct cv_document **out, struct cv_report *rep)
{
	struct cv_document *doc = calloc(1, sizeof *doc);
	struct load_state st = {0};
	unsigned char *bytes = NULL;
	char real[PATH_MAX];
	size_t before = rep->count;
	int fatal = 0;

	*out = NULL;
	if (doc == NULL)
		return CV_FAIL;
	doc->display = strdup(path);
	if (doc->display == NULL)
		goto fail;
	if (load_read_file(path, path, &bytes, &st.size, rep))
		goto fail;
	if (realpath(path, real) == NULL) {
		struct cv_error e;
		cv_error_set(&e, CV_ERROR_SYSTEM, path, 0, 0, "cannot resolve the path: %s", strerror(errno));
		cv_report_add(rep, &e);
		goto fail;
	}
	doc->path = strdup(real);
	char *slash = strrchr(real, '/');
	*slash = '\0';
	doc->folder = strdup(real[0] ? real : "/");
	if (doc->path == NULL || doc->folder == NULL)
		goto fail;

	if (st.size >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b) {
		struct cv_error e;
		cv_error_set(&e, CV_ERROR_UNSUPPORTED, path, 1, 1,
		             "the file is gzip-compressed; give convert the uncompressed XML");
		cv_report_add(rep, &e);
		goto fail;
	}
	if (st.size > INT32_MAX)
		goto fail;
	st.display = doc->display;
	st.bytes = bytes;
	st.rep = rep;
	st.locs = &doc->locs;
	st.scan_line = 1;
	st.scan_col = 1;
	doc->tree = load_parse(&st);
	free(bytes);
	bytes = NULL;
	if (doc->tree == NULL)
		goto fail;

	check_root(doc, rep, &fatal);
	if (fatal)
		goto fail;
	check_schema(doc, schema, rep);
	struct walk w = {doc, rep, xmlHashCreate(64)};
	if (w.ids == NULL)
		goto fail;
	walk_ids(&w, xmlDocGetRootElement(doc->tree), 0);
	walk_refs(&w, xmlDocGetRootElement(doc->tree));
	xmlHashFree(w.ids, NULL);
	if (rep->count != before || rep->dropped)
		goto fail;
	*out = doc;
	return CV_OK;
fail:
	if (rep->count == before) {
		struct cv_error e;
		cv_error_set(&e, CV_ERROR_SYSTEM, path, 0, 0, "cannot load the article");
		cv_report_add(rep, &e);
	}
	free(bytes);
	cv_document_free(doc);
	return CV_FAIL;
}

void cv_document_free(struct cv_document *doc)
{
	if (doc == NULL)
		return;
	xmlFreeDoc(doc->tree);
	for (size_t i = 0; i < doc->nres; i++) {
		free(doc->res[i].src);
		cv_resource_free(doc->res[i].res);
	}
	free(doc->res);
	free(doc->locs.slots);
	free(doc->path);
	free(doc->display);
	free(doc->folder);
	free(doc);
}

void cv_document_locate(const struct cv_document *doc, const xmlNode *node,
                        int *line, int *column)
{
	const struct loc_slot *s = loc_find(&doc->locs, node);

	*line = s ? s->line : (node ? (int)xmlGetLineNo(node) : 0);
	*column = s ? s->column : 0;
	if (*line < 0)
		*line = 0;
}

const xmlDoc *cv_document_tree(const struct cv_document *doc) { return doc->tree; }
const char *cv_document_path(const struct cv_document *doc) { return doc->path; }
const char *cv_document_folder(const struct cv_document *doc) { return doc->folder; }
const char *cv_document_display_name(const struct cv_document *doc) { return doc->display; }

int cv_document_load_bytes(const struct cv_document *doc, unsigned char **data, size_t *len,
                           struct cv_error *err)
{
	/* doc->path is a realpath: no link to follow. */
	int fd = open(doc->path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	int status;

	*data = NULL;
	*len = 0;
	if (fd < 0)
		return cv_error_set(err, CV_ERROR_SYSTEM, doc->display, 0, 0, "cannot open the article again: %s",
		                    strerror(errno));
	status = cv_file_read_all(fd, CV_MAX_ARTICLE_BYTES, doc->display, "the article", data, len, err);
	close(fd);
	return status;
}

const struct cv_resource *cv_document_lookup_resource(const struct cv_document *doc, const char *src)
{
	if (src == NULL)
		return NULL;
	for (size_t i = 0; i < doc->nres; i++)
		if (strcmp(doc->res[i].src, src) == 0)
			return doc->res[i].res;
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Language and direction                                              */

static const char *const rtl_langs[] = {
	"ar", "fa", "ur", "ps", "sd", "ug", "yi", "he", "dv", "ckb", "syr", NULL
};

int cv_lang_is_rtl(const char *lang)
{
	size_t n;

	if (lang == NULL)
		return 0;
	n = strcspn(lang, "-_");
	for (size_t i = 0; rtl_langs[i]; i++)
		if (strlen(rtl_langs[i]) == n && strncasecmp(lang, rtl_langs[i], n) == 0)
			return 1;
	/* A script subtag: any language written in Arabic or Hebrew script. */
	for (const char *p = lang + n; *p; ) {
		p++;
		size_t m = strcspn(p, "-_");
		if (m == 4 && (strncasecmp(p, "arab", 4) == 0 || strncasecmp(p, "hebr", 4) == 0))
			return 1;
		p += m;
	}
	return 0;
}

static const char *xml_lang(const xmlNode *n)
{
	for (xmlAttrPtr a = n->properties; a != NULL; a = a->next)
		if (a->ns != NULL && a->ns->href != NULL &&
		    xmlStrEqual(a->ns->href, XML_XML_NAMESPACE) && strcmp((const char *)a->name, "lang") == 0 &&
		    a->children != NULL)
			return (const char *)a->children->content;
	return NULL;
}

const char *cv_document_lang(const struct cv_document *doc, const xmlNode *node)
{
	if (node == NULL)
		node = xmlDocGetRootElement(doc->tree);
	for (const xmlNode *n = node; n != NULL && n->type == XML_ELEMENT_NODE; n = n->parent) {
		const char *lang = xml_lang(n);
		if (lang != NULL)
			return lang;
	}
	return "und";
}

/* 1 for a right-to-left strong character, -1 for left-to-right, 0 neither. */
static int strong_class(unsigned cp)
{
	if ((cp >= 0x0590 && cp <= 0x08ff) || (cp >= 0xfb1d && cp <= 0xfdff) ||
	    (cp >= 0xfe70 && cp <= 0xfefe) || (cp >= 0x10800 && cp <= 0x10fff) ||
	    (cp >= 0x1e800 && cp <= 0x1efff))
		return 1;
	if ((cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z'))
		return -1;
	if (cp >= 0xc0 && !(cp >= 0x2000 && cp <= 0x2bff) && !(cp >= 0x3000 && cp <= 0x303f) &&
	    cp != 0xd7 && cp != 0xf7 && !(cp >= 0xfe00 && cp <= 0xfe0f))
		return -1;
	return 0;
}

static int first_strong(const xmlNode *node)
{
	for (const xmlNode *n = node->children; n != NULL; n = n->next) {
		if (n->type == XML_TEXT_NODE && n->content != NULL) {
			const unsigned char *p = n->content;
			while (*p) {
				unsigned cp = *p;
				int len = 1;
				if (cp >= 0xf0) { cp &= 0x07; len = 4; }
				else if (cp >= 0xe0) { cp &= 0x0f; len = 3; }
				else if (cp >= 0xc0) { cp &= 0x1f; len = 2; }
				for (int i = 1; i < len && p[i]; i++)
					cp = cp << 6 | (p[i] & 0x3f);
				int c = strong_class(cp);
				if (c != 0)
					return c;
				for (int i = 0; i < len && *p; i++)
					p++;
			}
		} else if (n->type == XML_ELEMENT_NODE && !is_element(n, "note") && attr(n, "dir") == NULL) {
			int c = first_strong(n);
			if (c != 0)
				return c;
		}
	}
	return 0;
}

enum cv_direction cv_document_direction(const struct cv_document *doc, const xmlNode *node)
{
	if (node == NULL)
		node = xmlDocGetRootElement(doc->tree);
	for (const xmlNode *n = node; n != NULL && n->type == XML_ELEMENT_NODE; n = n->parent) {
		const char *dir = attr(n, "dir");
		if (dir != NULL && strcmp(dir, "rtl") == 0)
			return CV_DIR_RTL;
		if (dir != NULL && strcmp(dir, "ltr") == 0)
			return CV_DIR_LTR;
		if (dir != NULL && strcmp(dir, "auto") == 0) {
			int c = first_strong(n);
			if (c != 0)
				return c > 0 ? CV_DIR_RTL : CV_DIR_LTR;
		}
		const char *lang = xml_lang(n);
		if (lang != NULL)
			return cv_lang_is_rtl(lang) ? CV_DIR_RTL : CV_DIR_LTR;
	}
	return CV_DIR_LTR;
}
