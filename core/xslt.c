/*
 * xslt.c: the hardened XSLT runner every plugin shares, and the files of
 * the stylesheets folders.
 *
 * A stylesheet is looked up in the plugin's own folder (txt.so and txt/),
 * then in the built-in one. libxslt 1.1.35 forbids nothing by default.
 * Each transform gets security preferences that refuse writing files,
 * making folders and the network, and allow reading only under the folder
 * its stylesheet came from and the article's folder; the process-wide
 * entity loader (entity.c) is the second wall. Work is bounded by template
 * depth, variable count and an operation limit, and a transform that ends
 * in any state but OK is a failure.
 *
 * The job is only read here: what one transform needs to remember (the
 * article, the folder it may read, cv:index's last answer) lives in a
 * context of its own, made and dropped by xslt_run.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/xpathInternals.h>
#include <libxslt/extensions.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/variables.h>
#include <libxslt/xsltutils.h>

#include "internal.h"
#include "job.h"

#define XSLT_MAX_SHEETS 64
#define XSLT_OP_LIMIT 4000000000ul
#define XSLT_MAX_STYLESHEET_FILE (4u * 1024u * 1024u)

struct xslt_sheet {
	char *path;
	xsltStylesheetPtr style;
};

/* One transform's own state: what the security callback and the
 * extension functions see through the transform context's _private. */
struct xslt_transform {
	const struct cv_document *doc;
	const char *folder;         /* the stylesheet's folder: readable */
	const xmlNode *index_node;  /* cv:index()'s last answer */
	double index_value;
};

struct cv_xslt_cache {
	char folder[PATH_MAX];
	struct xslt_sheet sheets[XSLT_MAX_SHEETS];
	size_t count;
	xsltSecurityPrefsPtr prefs;
};

/* Messages libxslt prints while compiling or running, kept for err. */
struct xslt_messages {
	char text[900];
	size_t len;
};

static void xslt_collect(void *ctx, const char *fmt, ...)
{
	struct xslt_messages *m = ctx;
	va_list ap;

	if (m->len + 1 >= sizeof m->text)
		return;
	va_start(ap, fmt);
	int n = vsnprintf(m->text + m->len, sizeof m->text - m->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		m->len += (size_t)n < sizeof m->text - m->len ? (size_t)n : sizeof m->text - m->len - 1;
	for (size_t i = 0; i < m->len; i++)
		if (m->text[i] == '\n')
			m->text[i] = ' ';
}

static int path_under(const char *path, const char *folder)
{
	size_t n = strlen(folder);
	return strncmp(path, folder, n) == 0 && path[n] == '/';
}

/* READ_FILE: only beneath the stylesheet's own folder or the article's. */
static int xslt_check_read(xsltSecurityPrefsPtr sec, xsltTransformContextPtr ctxt, const char *value)
{
	const struct xslt_transform *xt = ctxt ? ctxt->_private : NULL;
	char real[PATH_MAX];
	const char *p = value;

	(void)sec;
	if (xt == NULL || value == NULL)
		return 0;
	if (strncmp(p, "file://", 7) == 0)
		p += 7;
	if (p[0] != '/' || realpath(p, real) == NULL)
		return 0;
	return path_under(real, xt->folder) || path_under(real, cv_document_folder(xt->doc));
}

struct cv_xslt_cache *cv_xslt_cache_new(const char *stylesheets_folder)
{
	struct cv_xslt_cache *c = calloc(1, sizeof *c);

	if (c == NULL)
		return NULL;
	snprintf(c->folder, sizeof c->folder, "%s", stylesheets_folder);
	c->prefs = xsltNewSecurityPrefs();
	if (c->prefs == NULL ||
	    xsltSetSecurityPrefs(c->prefs, XSLT_SECPREF_WRITE_FILE, xsltSecurityForbid) ||
	    xsltSetSecurityPrefs(c->prefs, XSLT_SECPREF_CREATE_DIRECTORY, xsltSecurityForbid) ||
	    xsltSetSecurityPrefs(c->prefs, XSLT_SECPREF_READ_NETWORK, xsltSecurityForbid) ||
	    xsltSetSecurityPrefs(c->prefs, XSLT_SECPREF_WRITE_NETWORK, xsltSecurityForbid) ||
	    xsltSetSecurityPrefs(c->prefs, XSLT_SECPREF_READ_FILE, xslt_check_read)) {
		cv_xslt_cache_free(c);
		return NULL;
	}
	return c;
}

void cv_xslt_cache_free(struct cv_xslt_cache *cache)
{
	if (cache == NULL)
		return;
	for (size_t i = 0; i < cache->count; i++) {
		free(cache->sheets[i].path);
		xsltFreeStylesheet(cache->sheets[i].style);
	}
	if (cache->prefs)
		xsltFreeSecurityPrefs(cache->prefs);
	free(cache);
}

/*
 * Where the file name is for job: in the plugin's own folder if it is
 * there, else in the built-in one. path gets the file, *folder the folder
 * it is in. name is relative and never climbs out ("..").
 */
static int xslt_resolve(const struct cv_job *job, const char *name, char *path, size_t size,
                        const char **folder, struct cv_error *err)
{
	const char *folders[2] = {job->folder, job->cache->folder};
	struct stat st;

	if (name == NULL || name[0] == '\0' || name[0] == '/' || strstr(name, "..") != NULL)
		return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0,
		                    "stylesheet name \"%s\" must name a file in a stylesheets folder",
		                    name ? name : "");
	for (size_t i = 0; i < 2; i++) {
		if (folders[i][0] == '\0')
			continue;
		if ((size_t)snprintf(path, size, "%s/%s", folders[i], name) >= size)
			return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0, "stylesheet path too long");
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			*folder = folders[i];
			return CV_OK;
		}
	}
	return cv_error_set(err, CV_ERROR_SYSTEM, NULL, 0, 0, "no stylesheet \"%s\" in %s%s%s", name,
	                    job->folder, job->folder[0] ? " or " : "", job->cache->folder);
}

/* The elements of the XSLT namespace that XSLT 1.0 defines, and 1.1's
 * xsl:document, which libxslt implements. */
static const char *const xslt_elements[] = {
	"apply-imports", "apply-templates", "attribute", "attribute-set", "call-template",
	"choose", "comment", "copy", "copy-of", "decimal-format", "document", "element",
	"fallback", "for-each", "if", "import", "include", "key", "message",
	"namespace-alias", "number", "otherwise", "output", "param", "preserve-space",
	"processing-instruction", "sort", "strip-space", "stylesheet", "template", "text",
	"transform", "value-of", "variable", "when", "with-param",
};

/* The first element of the XSLT namespace at or below node that
 * xslt_elements does not name, or NULL. */
static const xmlNode *xslt_unknown_element(const xmlNode *node)
{
	for (; node != NULL; node = node->next) {
		if (node->type != XML_ELEMENT_NODE)
			continue;
		if (node->ns != NULL && xmlStrEqual(node->ns->href, XSLT_NAMESPACE)) {
			size_t i = 0;
			while (i < sizeof xslt_elements / sizeof *xslt_elements &&
			       !xmlStrEqual(node->name, BAD_CAST xslt_elements[i]))
				i++;
			if (i == sizeof xslt_elements / sizeof *xslt_elements)
				return node;
		}
		const xmlNode *below = xslt_unknown_element(node->children);
		if (below != NULL)
			return below;
	}
	return NULL;
}

/* The same for a compiled stylesheet, its includes and its imports. */
static const xmlNode *xslt_style_unknown(const xsltStylesheet *style)
{
	for (; style != NULL; style = style->next) {
		const xmlNode *bad = style->doc ? xslt_unknown_element(style->doc->children) : NULL;
		for (const xsltDocument *d = style->docList; d != NULL && bad == NULL; d = d->next)
			bad = d->doc ? xslt_unknown_element(d->doc->children) : NULL;
		if (bad == NULL)
			bad = xslt_style_unknown(style->imports);
		if (bad != NULL)
			return bad;
	}
	return NULL;
}

/* The compiled stylesheet at path, compiled now if not yet. */
static int xslt_lookup(struct cv_xslt_cache *cache, const char *path,
                       xsltStylesheetPtr *out, struct cv_error *err)
{
	struct xslt_messages msg = {{0}, 0};
	xsltStylesheetPtr style;

	for (size_t i = 0; i < cache->count; i++) {
		if (strcmp(cache->sheets[i].path, path) == 0) {
			*out = cache->sheets[i].style;
			return CV_OK;
		}
	}
	if (cache->count == XSLT_MAX_SHEETS)
		return cv_error_set(err, CV_ERROR_LIMIT, NULL, 0, 0, "too many stylesheets");
	/* Compile-time messages go through libxslt's generic channel. */
	xsltSetGenericErrorFunc(&msg, xslt_collect);
	xmlSetGenericErrorFunc(&msg, xslt_collect);
	style = xsltParseStylesheetFile(BAD_CAST path);
	xsltSetGenericErrorFunc(NULL, NULL);
	xmlSetGenericErrorFunc(NULL, NULL);
	if (style == NULL || style->errors > 0) {
		xsltFreeStylesheet(style);
		return cv_error_set(err, CV_ERROR_LIBRARY, path, 0, 0, "cannot compile the stylesheet: %s",
		                    msg.len ? msg.text : "unknown error");
	}
	/* libxslt runs what it does not know (xsl:result-document, for one)
	 * by skipping it, in a stylesheet of a later version and even in a
	 * 1.0 one: the output would be silently wrong. */
	const xmlNode *unknown = xslt_style_unknown(style);
	if (style->forwards_compatible || unknown != NULL) {
		if (unknown != NULL)
			cv_error_set(err, CV_ERROR_UNSUPPORTED, unknown->doc && unknown->doc->URL ?
			             (const char *)unknown->doc->URL : path, xmlGetLineNo(unknown), 0,
			             "xsl:%s is not XSLT 1.0, which is what convert runs", unknown->name);
		else
			cv_error_set(err, CV_ERROR_UNSUPPORTED, path, 0, 0,
			             "the stylesheet's version is not 1.0 or 1.1, and convert runs XSLT 1.0");
		xsltFreeStylesheet(style);
		return CV_FAIL;
	}
	cache->sheets[cache->count].path = strdup(path);
	if (cache->sheets[cache->count].path == NULL) {
		xsltFreeStylesheet(style);
		return cv_error_set(err, CV_ERROR_SYSTEM, NULL, 0, 0, "out of memory");
	}
	cache->sheets[cache->count++].style = style;
	*out = style;
	return CV_OK;
}

int cv_job_load_stylesheet_file(struct cv_job *job, const char *name, char **data,
                                size_t *len, struct cv_error *err)
{
	char path[PATH_MAX];
	const char *folder;
	unsigned char *buf;
	int fd, status;

	*data = NULL;
	*len = 0;
	if (name == NULL || name[0] == '\0' || name[0] == '.' || strchr(name, '/') != NULL)
		return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0,
		                    "\"%s\" is not a plain file name of a stylesheets folder", name ? name : "");
	if (xslt_resolve(job, name, path, sizeof path, &folder, err) != CV_OK)
		return CV_FAIL;
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return cv_error_set(err, CV_ERROR_SYSTEM, path, 0, 0, "cannot open: %s", strerror(errno));
	status = cv_file_read_all(fd, XSLT_MAX_STYLESHEET_FILE, path, name, &buf, len, err);
	close(fd);
	if (status != CV_OK)
		return CV_FAIL;
	*data = (char *)buf;
	return CV_OK;
}

/* ------------------------------------------------------------------ */
/* Extension functions                                                 */

static struct xslt_transform *ext_transform(xmlXPathParserContextPtr ctxt)
{
	xsltTransformContextPtr t = xsltXPathGetTransformContext(ctxt);
	return t ? t->_private : NULL;
}

/* The node an extension function is about: its argument or the context. */
static xmlNodePtr ext_node(xmlXPathParserContextPtr ctxt, int nargs)
{
	xmlNodePtr node = ctxt->context->node;

	if (nargs == 1) {
		xmlXPathObjectPtr arg = valuePop(ctxt);
		node = NULL;
		if (arg != NULL && arg->type == XPATH_NODESET && arg->nodesetval != NULL &&
		    arg->nodesetval->nodeNr > 0)
			node = arg->nodesetval->nodeTab[0];
		xmlXPathFreeObject(arg);
	}
	while (node != NULL && node->type != XML_ELEMENT_NODE)
		node = node->type == XML_ATTRIBUTE_NODE || node->type == XML_TEXT_NODE ? node->parent : NULL;
	return node;
}

static void ext_dir(xmlXPathParserContextPtr ctxt, int nargs)
{
	struct xslt_transform *xt = ext_transform(ctxt);
	if (nargs > 1 || xt == NULL) {
		xmlXPathSetArityError(ctxt);
		return;
	}
	xmlNodePtr node = ext_node(ctxt, nargs);
	enum cv_direction d = cv_document_direction(xt->doc, node);
	valuePush(ctxt, xmlXPathNewString(BAD_CAST(d == CV_DIR_RTL ? "rtl" : "ltr")));
}

static void ext_lang(xmlXPathParserContextPtr ctxt, int nargs)
{
	struct xslt_transform *xt = ext_transform(ctxt);
	if (nargs > 1 || xt == NULL) {
		xmlXPathSetArityError(ctxt);
		return;
	}
	xmlNodePtr node = ext_node(ctxt, nargs);
	valuePush(ctxt, xmlXPathNewString(BAD_CAST cv_document_lang(xt->doc, node)));
}

/* cv:index(node?): the element's position (from 1) among its parent's
 * children of the same name, or 0 for no element. It is what
 * <xsl:number count="name"/> gives for the element itself, but libxslt
 * matches the count pattern on every preceding sibling, which on a book
 * of 2,400 sections was a third of the PDF stylesheet's time. */
/* An opaque key for a node of the input (a text node too), which
 * cv_document_node_key gives for the same node: a format that reports
 * where in the article something is (a page map) finds the node back
 * from the vocabulary its stylesheet made. */
static void ext_node_key(xmlXPathParserContextPtr ctxt, int nargs)
{
	xmlNodePtr node = ctxt->context->node;
	if (nargs > 1) {
		xmlXPathSetArityError(ctxt);
		return;
	}
	if (nargs == 1) {
		xmlXPathObjectPtr arg = valuePop(ctxt);
		node = arg && arg->type == XPATH_NODESET && arg->nodesetval && arg->nodesetval->nodeNr > 0
		       ? arg->nodesetval->nodeTab[0] : NULL;
		xmlXPathFreeObject(arg);
	}
	char key[32] = "";
	if (node != NULL)
		cv_document_node_key(node, key, sizeof key);
	valuePush(ctxt, xmlXPathNewString(BAD_CAST key));
}

static void ext_index(xmlXPathParserContextPtr ctxt, int nargs)
{
	if (nargs > 1) {
		xmlXPathSetArityError(ctxt);
		return;
	}
	struct xslt_transform *xt = ext_transform(ctxt);
	xmlNodePtr node = ext_node(ctxt, nargs);
	double n = 0;
	if (node != NULL) {
		n = 1;
		for (xmlNodePtr p = node->prev; p != NULL; p = p->prev) {
			if (xt && p == xt->index_node && p->ns == node->ns &&
			    xmlStrEqual(p->name, node->name)) {
				/* Counted before; the stylesheet's sections come in
				 * order, so this keeps the count linear. */
				n += xt->index_value;
				break;
			}
			if (p->type == XML_ELEMENT_NODE && p->ns == node->ns && xmlStrEqual(p->name, node->name))
				n++;
		}
		if (xt) {
			xt->index_node = node;
			xt->index_value = n;
		}
	}
	valuePush(ctxt, xmlXPathNewFloat(n));
}

static const struct cv_resource *ext_resource(xmlXPathParserContextPtr ctxt, int nargs)
{
	struct xslt_transform *xt = ext_transform(ctxt);
	const struct cv_resource *res;
	xmlChar *src;

	if (nargs != 1 || xt == NULL) {
		xmlXPathSetArityError(ctxt);
		return NULL;
	}
	src = xmlXPathPopString(ctxt);
	res = cv_document_lookup_resource(xt->doc, (const char *)src);
	if (res == NULL) {
		xsltTransformError(xsltXPathGetTransformContext(ctxt), NULL, NULL,
		                   "cv: no image \"%s\" in the article\n", src ? (const char *)src : "");
		xmlXPathSetError(ctxt, XPATH_INVALID_OPERAND);
	}
	xmlFree(src);
	return res;
}

static void ext_media_type(xmlXPathParserContextPtr ctxt, int nargs)
{
	const struct cv_resource *res = ext_resource(ctxt, nargs);
	if (res)
		valuePush(ctxt, xmlXPathNewString(BAD_CAST cv_resource_media_type(res)));
}

static void ext_resource_name(xmlXPathParserContextPtr ctxt, int nargs)
{
	const struct cv_resource *res = ext_resource(ctxt, nargs);
	if (res)
		valuePush(ctxt, xmlXPathNewString(BAD_CAST cv_resource_name(res)));
}

static void ext_image_width(xmlXPathParserContextPtr ctxt, int nargs)
{
	const struct cv_resource *res = ext_resource(ctxt, nargs);
	if (res)
		valuePush(ctxt, xmlXPathNewFloat(cv_resource_width(res)));
}

static void ext_image_height(xmlXPathParserContextPtr ctxt, int nargs)
{
	const struct cv_resource *res = ext_resource(ctxt, nargs);
	if (res)
		valuePush(ctxt, xmlXPathNewFloat(cv_resource_height(res)));
}

static void ext_data_uri(xmlXPathParserContextPtr ctxt, int nargs)
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const struct cv_resource *res = ext_resource(ctxt, nargs);
	if (res == NULL)
		return;
	const unsigned char *d = cv_resource_data(res);
	size_t n = cv_resource_size(res);
	const char *type = cv_resource_media_type(res);
	size_t head = strlen("data:") + strlen(type) + strlen(";base64,");
	char *out = xmlMalloc(head + (n + 2) / 3 * 4 + 1);
	if (out == NULL) {
		xmlXPathSetError(ctxt, XPATH_MEMORY_ERROR);
		return;
	}
	char *o = out + sprintf(out, "data:%s;base64,", type);
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)d[i] << 16 | (i + 1 < n ? (unsigned)d[i + 1] << 8 : 0) | (i + 2 < n ? d[i + 2] : 0);
		*o++ = b64[v >> 18 & 63];
		*o++ = b64[v >> 12 & 63];
		*o++ = i + 1 < n ? b64[v >> 6 & 63] : '=';
		*o++ = i + 2 < n ? b64[v & 63] : '=';
	}
	*o = '\0';
	valuePush(ctxt, xmlXPathWrapString(BAD_CAST out));
}

static const struct {
	const char *name;
	xmlXPathFunction fn;
} xslt_functions[] = {
	{"dir", ext_dir},
	{"lang", ext_lang},
	{"index", ext_index},
	{"node-key", ext_node_key},
	{"media-type", ext_media_type},
	{"resource-name", ext_resource_name},
	{"image-width", ext_image_width},
	{"image-height", ext_image_height},
	{"data-uri", ext_data_uri},
};

/* ------------------------------------------------------------------ */
/* Running                                                             */

static int xslt_run(struct cv_job *job, const char *name, const xmlDoc *input,
                    const char *const *params, xmlDocPtr *result,
                    xsltStylesheetPtr *style_out, struct cv_error *err)
{
	xsltStylesheetPtr style = NULL;
	xsltTransformContextPtr t;
	struct xslt_messages msg = {{0}, 0};
	struct xslt_transform xt = {job->doc, NULL, NULL, 0};
	char path[PATH_MAX];
	const char *all[2 * 64 + 1];
	size_t n = 0;
	xmlDocPtr res;

	*result = NULL;
	if (xslt_resolve(job, name, path, sizeof path, &xt.folder, err) ||
	    xslt_lookup(job->cache, path, &style, err))
		return CV_FAIL;
	/* libxslt takes the input as non-const, but only reads it. */
	xmlDocPtr in = (xmlDocPtr)(input ? input : cv_document_tree(job->doc));
	/* The plugin's declared parameters, then the caller's extras. */
	for (const struct cv_param *p = job->plugin->params; p && p->name && n + 2 < 2 * 64; p++) {
		all[n++] = p->name;
		all[n++] = cv_settings_lookup(&job->settings, p->name);
	}
	for (size_t i = 0; params && params[i] && params[i + 1] && n + 2 < 2 * 64; i += 2) {
		all[n++] = params[i];
		all[n++] = params[i + 1];
	}
	all[n] = NULL;

	t = xsltNewTransformContext(style, in);
	if (t == NULL)
		return cv_error_set(err, CV_ERROR_SYSTEM, NULL, 0, 0, "out of memory");
	t->_private = &xt;
	t->maxTemplateDepth = 3000;
	t->maxTemplateVars = 150000;
	t->opLimit = XSLT_OP_LIMIT;
	xsltSetCtxtSecurityPrefs(job->cache->prefs, t);
	xsltSetCtxtParseOptions(t, XML_PARSE_NONET);
	xsltSetTransformErrorFunc(t, &msg, xslt_collect);
	for (size_t i = 0; i < sizeof xslt_functions / sizeof xslt_functions[0]; i++)
		xsltRegisterExtFunction(t, BAD_CAST xslt_functions[i].name, BAD_CAST CV_XSLT_NAMESPACE,
		                        xslt_functions[i].fn);
	if (xsltQuoteUserParams(t, all) != 0) {
		xsltFreeTransformContext(t);
		return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0, "%s: bad stylesheet parameters", name);
	}
	res = xsltApplyStylesheetUser(style, in, NULL, NULL, NULL, t);
	if (res == NULL || t->state != XSLT_STATE_OK) {
		xmlFreeDoc(res);
		xsltFreeTransformContext(t);
		return cv_error_set(err, CV_ERROR_LIBRARY, cv_document_display_name(job->doc), 0, 0,
		                    "%s failed: %s", name, msg.len ? msg.text : "the transform stopped");
	}
	xsltFreeTransformContext(t);
	*result = res;
	if (style_out)
		*style_out = style;
	return CV_OK;
}

int cv_xslt_apply(struct cv_job *job, const char *stylesheet, const xmlDoc *input,
                  const char *const *params, xmlDocPtr *result, struct cv_error *err)
{
	return xslt_run(job, stylesheet, input, params, result, NULL, err);
}

int cv_xslt_write(struct cv_job *job, const char *stylesheet,
                  const char *const *params, struct cv_error *err)
{
	xsltStylesheetPtr style = NULL;
	xmlDocPtr res;
	xmlChar *buf = NULL;
	int len = 0;
	int status;

	if (xslt_run(job, stylesheet, NULL, params, &res, &style, err))
		return CV_FAIL;
	if (xsltSaveResultToString(&buf, &len, res, style) != 0) {
		xmlFreeDoc(res);
		return cv_error_set(err, CV_ERROR_LIBRARY, NULL, 0, 0, "%s: cannot serialise the result", stylesheet);
	}
	status = cv_job_write(job, buf, (size_t)len, err);
	xmlFree(buf);
	xmlFreeDoc(res);
	return status;
}
