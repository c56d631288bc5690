/*
 * convert/plugin.h: the one header an output plugin includes.
 *
 * A plugin is a shared object that exports one descriptor, made with
 * CV_PLUGIN_DEFINE. The core loads it at run time, checks its ABI version
 * before anything else, and calls its convert function once per article.
 *
 * Ownership words follow MuPDF: a function named _new or _open gives you
 * something to release with the matching _free; _lookup borrows (the
 * pointer lives as long as its owner); nothing is named "get".
 *
 * Const says what a plugin may not change: the article, its resources and
 * the descriptor are reached through const pointers. The job is not const
 * where a call has an effect on the conversion (writing, running XSLT).
 *
 * ABI promise: CV_ABI_MAJOR changes when anything in this header changes
 * meaning or layout in a way an existing plugin would notice (a field
 * moved, a function's contract changed or removed); such plugins are then
 * refused with a message naming their file. CV_ABI_MINOR grows when
 * something is appended (a descriptor field taken from the reserved slots,
 * a new function).
 *
 * A plugin says which minor it needs by defining CV_PLUGIN_ABI_MINOR before
 * including this header (default: CV_ABI_MINOR, everything this header
 * has). Its descriptor then carries that minor, this header declares only
 * what that minor has (so using anything newer does not compile), and
 * every core whose minor is at least that one loads it:
 *
 *   #define CV_PLUGIN_ABI_MINOR 0   // runs on any convert with ABI 1.x
 *   #include <convert/plugin.h>
 */
#ifndef CONVERT_PLUGIN_H
#define CONVERT_PLUGIN_H

#include <stddef.h>
#include <time.h>

#include <libxml/tree.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CV_ABI_MAJOR 1
#define CV_ABI_MINOR 3

#ifndef CV_PLUGIN_ABI_MINOR
#define CV_PLUGIN_ABI_MINOR CV_ABI_MINOR
#endif
#if CV_PLUGIN_ABI_MINOR > CV_ABI_MINOR
#error "CV_PLUGIN_ABI_MINOR is newer than this header: build against a newer convert"
#endif

/** Marks a symbol the core or a plugin exports on purpose. */
#define CV_EXPORT __attribute__((visibility("default")))

#if defined(__GNUC__)
#define CV_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define CV_PRINTF(fmt, args)
#endif

/* ------------------------------------------------------------------ */
/* Errors                                                              */
/* ------------------------------------------------------------------ */

/** Status returned by every fallible function: 0 is success. */
enum cv_status {
	CV_OK = 0,
	CV_FAIL = 1
};

/** What kind of failure an error is (after MuPDF's error classes). */
enum cv_error_class {
	CV_ERROR_NONE = 0,
	CV_ERROR_SYSTEM,      /* the operating system said no (I/O, memory) */
	CV_ERROR_LIBRARY,     /* a library we call failed (libxslt, cairo...) */
	CV_ERROR_ARGUMENT,    /* a bad parameter or option value */
	CV_ERROR_LIMIT,       /* a size, depth or count limit was exceeded */
	CV_ERROR_UNSUPPORTED, /* valid input we cannot handle */
	CV_ERROR_FORMAT,      /* input that breaks the article format */
	CV_ERROR_SYNTAX       /* input that is not well-formed */
};

/**
 * One error, filled by whoever fails. file, line and column locate the
 * problem in the user's input where that is known (line 0: no line).
 * The caller owns the struct; it holds no pointers.
 */
struct cv_error {
	enum cv_error_class klass;
	char file[1024];
	int line;
	int column;
	char message[1024];
};

/**
 * Fills err (which may be NULL) and returns CV_FAIL, so a failure can be
 * reported in one statement: `return cv_error_set(err, ...);`.
 * file may be NULL.
 */
CV_EXPORT int cv_error_set(struct cv_error *err, enum cv_error_class klass,
                           const char *file, int line, int column,
                           const char *fmt, ...) CV_PRINTF(6, 7);

/* ------------------------------------------------------------------ */
/* The document                                                        */
/* ------------------------------------------------------------------ */

/** A loaded, validated article. Owned by the core; plugins borrow it. */
struct cv_document;

/** Text direction after resolving dir and xml:lang. */
enum cv_direction {
	CV_DIR_LTR = 0,
	CV_DIR_RTL = 1
};

/**
 * The parsed article as a libxml2 tree (the format is namespace-free).
 * Borrowed and read-only: valid for the whole conversion, shared by every
 * format converted in the run.
 */
#if CV_PLUGIN_ABI_MINOR >= 2
CV_EXPORT const xmlDoc *cv_document_tree(const struct cv_document *doc);
#else
/* Before ABI 1.2 the pointer was not const (the tree was read-only all the
 * same); a plugin that asks for an older minor builds unchanged. */
CV_EXPORT xmlDocPtr cv_document_tree(const struct cv_document *doc);
#endif

/** Absolute path of the article file. Borrowed. */
CV_EXPORT const char *cv_document_path(const struct cv_document *doc);

/** Absolute path of the folder the article is in. Borrowed. */
CV_EXPORT const char *cv_document_folder(const struct cv_document *doc);

/**
 * The BCP 47 language in force at node (its nearest xml:lang); the
 * article's language for NULL. Borrowed from the tree.
 */
CV_EXPORT const char *cv_document_lang(const struct cv_document *doc,
                                       const xmlNode *node);

/**
 * The direction in force at node: the nearest explicit dir="ltr|rtl"; for
 * dir="auto" the first strong character of the element's text; otherwise
 * the nearest xml:lang (see docs/article-format.md for the right-to-left
 * languages). NULL means the article element.
 */
CV_EXPORT enum cv_direction cv_document_direction(const struct cv_document *doc,
                                                  const xmlNode *node);

/** Whether lang (a BCP 47 tag) is written right-to-left. */
CV_EXPORT int cv_lang_is_rtl(const char *lang);

#if CV_PLUGIN_ABI_MINOR >= 2
/**
 * Reads the article file again, as the core read it when loading (a
 * regular file, under the same size cap), for a plugin that needs its
 * exact bytes (EPUB derives the book's identifier from them). On success
 * *data is a new NUL-terminated buffer of *len bytes for free(). Since
 * ABI 1.2.
 */
CV_EXPORT int cv_document_load_bytes(const struct cv_document *doc, unsigned char **data,
                                     size_t *len, struct cv_error *err);
#endif

/* ------------------------------------------------------------------ */
/* Resources (images)                                                  */
/* ------------------------------------------------------------------ */

/**
 * An image the article refers to. The core resolves every image/@src when
 * it loads the article: the path must stay inside the article's folder, be
 * a regular file reached without symbolic links, under the size cap, and
 * have a sound PNG, JPEG or SVG header within the pixel limits. So a
 * plugin never sees an unsafe or broken image.
 */
struct cv_resource;

/**
 * The resource for an image/@src value as written in the article, or NULL
 * if the article has no such image. Borrowed from the document.
 */
CV_EXPORT const struct cv_resource *
cv_document_lookup_resource(const struct cv_document *doc, const char *src);

/** The file's bytes, exactly as read. Borrowed. */
CV_EXPORT const unsigned char *cv_resource_data(const struct cv_resource *res);
CV_EXPORT size_t cv_resource_size(const struct cv_resource *res);

/** "image/png", "image/jpeg" or "image/svg+xml". */
CV_EXPORT const char *cv_resource_media_type(const struct cv_resource *res);

/** Size in pixels from the header; 0 for an SVG. */
CV_EXPORT int cv_resource_width(const struct cv_resource *res);
CV_EXPORT int cv_resource_height(const struct cv_resource *res);

/** The path relative to the article's folder, normalised ("img/a.png"). */
CV_EXPORT const char *cv_resource_name(const struct cv_resource *res);

/* ------------------------------------------------------------------ */
/* The job: one article converted to one format                        */
/* ------------------------------------------------------------------ */

/** One conversion. Owned by the core; plugins borrow it. */
struct cv_job;

/** The article being converted. Borrowed. */
CV_EXPORT const struct cv_document *cv_job_document(const struct cv_job *job);

/**
 * The value of one of the plugin's declared parameters: the user's
 * --param value or the declared default. NULL for a name the plugin did
 * not declare. Borrowed.
 */
CV_EXPORT const char *cv_job_param(const struct cv_job *job, const char *name);

/**
 * The time to stamp into the output, so that the same article gives the
 * same bytes on every run: SOURCE_DATE_EPOCH when it is set and valid
 * (returns 1); else the article's meta/date at 00:00:00 UTC; else
 * 1980-01-01T00:00:00Z (both return 0). Never the clock. A malformed
 * SOURCE_DATE_EPOCH is ignored with a warning.
 */
CV_EXPORT int cv_job_timestamp(const struct cv_job *job, time_t *out);

/**
 * Prints "convert: warning: ARTICLE: FORMAT: message" to standard error.
 * The core names the format, as it does in errors (see cv_convert_fn):
 * the message says only what is wrong.
 */
CV_EXPORT void cv_job_warn(struct cv_job *job, const char *fmt, ...)
	CV_PRINTF(2, 3);

/* ------------------------------------------------------------------ */
/* The hardened XSLT runner                                            */
/* ------------------------------------------------------------------ */

/*
 * Stylesheets are named relative to a stylesheets folder ("epub.xsl"):
 * first the plugin's own folder, named like its shared object and beside
 * it (txt.so and txt/), then the built-in folder. Each is compiled once
 * per run and must be XSLT 1.0 (an instruction libxslt would skip, such as
 * xsl:result-document, is refused). It may include files of the
 * stylesheets folders and read with document() files under the folder it
 * was found in (the XSLT security preferences also allow the article's
 * folder, which the process-wide entity loader does not); writing files,
 * making folders and any network access are refused, and work is bounded.
 *
 * Every declared plugin parameter is passed to the stylesheet as a string
 * parameter of the same name. The stylesheet may also call these
 * extension functions, in namespace "urn:x-convert:xslt":
 *   cv:dir(node-set?)   "rtl" or "ltr" in force at the (first) node
 *   cv:lang(node-set?)  the language in force at the node
 *   cv:index(node-set?) the element's position (from 1) among its parent's
 *                       children of the same name (what <xsl:number/>
 *                       gives for one level, in linear time); 0 for none
 *   cv:media-type(src)  the media type of an image/@src
 *   cv:image-width(src) / cv:image-height(src)  pixels (0 for SVG)
 *   cv:data-uri(src)    the image as a base64 data: URI
 *   cv:resource-name(src) the normalised relative path of an image
 */
#define CV_XSLT_NAMESPACE "urn:x-convert:xslt"

/**
 * Runs stylesheet on input (NULL: the article) with extra string
 * parameters params (name, value, name, value, ..., NULL; may be NULL),
 * which are passed as literal strings. input is only read. On success
 * *result is a new tree the caller frees with xmlFreeDoc.
 */
CV_EXPORT int cv_xslt_apply(struct cv_job *job, const char *stylesheet,
                            const xmlDoc *input, const char *const *params,
                            xmlDocPtr *result, struct cv_error *err);

/**
 * Runs stylesheet on the article and writes the result to the job's
 * output, serialised as the stylesheet's xsl:output says.
 */
CV_EXPORT int cv_xslt_write(struct cv_job *job, const char *stylesheet,
                            const char *const *params, struct cv_error *err);

#if CV_PLUGIN_ABI_MINOR >= 1
/**
 * Reads a file of the stylesheets folders that is not XSLT (a CSS file a
 * format copies into its output), so users restyle it like the XSLT: the
 * plugin's own folder first, then the built-in one. name is a plain file
 * name ("epub.css"); the file must be a regular file of at most 4 MiB. On
 * success *data is a new NUL-terminated buffer of *len bytes that the
 * caller releases with free(). Since ABI 1.1.
 */
CV_EXPORT int cv_job_load_stylesheet_file(struct cv_job *job, const char *name,
                                          char **data, size_t *len,
                                          struct cv_error *err);
#endif

/* ------------------------------------------------------------------ */
/* Output                                                              */
/* ------------------------------------------------------------------ */

/**
 * Appends bytes to the job's output. The core writes into a temporary
 * file beside the target and renames it into place only when the convert
 * function returns CV_OK; on failure nothing is left behind.
 */
CV_EXPORT int cv_job_write(struct cv_job *job, const void *data, size_t len,
                           struct cv_error *err);

#if CV_PLUGIN_ABI_MINOR >= 2
/** A further output of the job, beside the main one. Owned by the job. */
struct cv_extra_output;

/**
 * Opens a further output, for a format that writes several files (a
 * folder of pages, thumbnails beside a PDF). Its file name is the main
 * output's name without its extension, followed by suffix: with the main
 * output "out/a.pdf", suffix "-thumb-1.png" names "out/a-thumb-1.png" and
 * "/p2.html" names "out/a/p2.html" (the folder is made if missing).
 *
 * suffix starts with '.', '-', '_' or '/', and holds only ASCII letters,
 * digits and ". - _ /", with no empty, "." or ".." component; a suffix
 * already opened by the job is refused, as is any further output when the
 * main one goes to standard output (-o -).
 *
 * Each further output is written like the main one: into a temporary
 * file, renamed into place only when the convert function returns CV_OK
 * and every output is complete; if the conversion fails, none is left
 * (not even the ones already renamed). On success *out is borrowed from
 * the job, valid until the convert function returns. Since ABI 1.2.
 */
CV_EXPORT int cv_job_add_output(struct cv_job *job, const char *suffix,
                                struct cv_extra_output **out, struct cv_error *err);

/** Appends bytes to a further output, as cv_job_write does. Since ABI 1.2. */
CV_EXPORT int cv_extra_output_write(struct cv_extra_output *out, const void *data,
                                    size_t len, struct cv_error *err);

/**
 * The further output's path relative to the main output's folder
 * ("a-thumb-1.png", "a/p2.html"), for a link from the main output.
 * Borrowed. Since ABI 1.2.
 */
CV_EXPORT const char *cv_extra_output_name(const struct cv_extra_output *out);
#endif

#if CV_PLUGIN_ABI_MINOR >= 3
/**
 * Tells the core how many pages the output has, for the batch report
 * (--report); formats without pages do not call it. Since ABI 1.3.
 */
CV_EXPORT void cv_job_set_pages(struct cv_job *job, int pages);

/**
 * How many threads of its own the plugin may run for this job: the cores
 * this process may run on (its CPU affinity), shared among the worker
 * processes converting articles at the same time (convert -j N), and at
 * least 1. With -j 2 on two cores each worker has one: a second thread
 * would only contend with the other worker. Since ABI 1.3.
 */
CV_EXPORT int cv_job_threads(const struct cv_job *job);
#endif

/* ------------------------------------------------------------------ */
/* The descriptor                                                      */
/* ------------------------------------------------------------------ */

/** One parameter a plugin accepts (--param name=value). */
struct cv_param {
	const char *name;          /* e.g. "page-size" */
	const char *default_value; /* used when the user gives none */
	const char *help;          /* one line for --help-format */
};

/**
 * Converts the job's article, writing through cv_job_write. Returns CV_OK,
 * or CV_FAIL with err filled (name the element and line where one is at
 * fault).
 *
 * Messages say what is wrong and leave the format's name out: the core
 * names the format in every error and warning a plugin gives, as
 * "convert: ARTICLE:LINE:COL: FORMAT: message" (a message that already
 * starts with "FORMAT: ", as plugins wrote them before ABI 1.2, is not
 * named twice).
 */
typedef int (*cv_convert_fn)(struct cv_job *job, struct cv_error *err);

/**
 * A format's parameter values for one run: for each declared parameter,
 * the user's --param value or the declared default. Owned by the core.
 * Since ABI 1.2.
 */
struct cv_settings;

#if CV_PLUGIN_ABI_MINOR >= 2
/**
 * The value of one of the plugin's declared parameters, as cv_job_param
 * will give it to every job of the run; NULL for an undeclared name.
 * Borrowed. Since ABI 1.2.
 */
CV_EXPORT const char *cv_settings_lookup(const struct cv_settings *settings,
                                         const char *name);
#endif

/**
 * Checks the parameter values before anything is converted. The core
 * calls it once per run, before it reads any article; a refusal (CV_FAIL,
 * err saying which parameter and what it allows) is reported once,
 * naming the format, and convert exits with status 2 having converted
 * nothing. Since ABI 1.2.
 */
typedef int (*cv_check_fn)(const struct cv_settings *settings, struct cv_error *err);

/**
 * What a plugin exports, as the symbol CV_PLUGIN_SYMBOL. Fields are only
 * ever appended (taking a reserved slot and bumping CV_ABI_MINOR); the
 * core reads a field only from a plugin whose abi_minor has it.
 */
struct cv_plugin {
	unsigned abi_major;        /* CV_ABI_MAJOR when built; checked first */
	unsigned abi_minor;        /* the minor the plugin needs: CV_PLUGIN_ABI_MINOR */
	const char *name;          /* format name for --to: "pdf" */
	const char *description;   /* one line for --list-formats */
	const char *extension;     /* output file extension, no dot: "pdf" */
	const char *media_type;    /* "application/pdf" */
	const struct cv_param *params; /* ends with {NULL}; may be NULL */
	cv_convert_fn convert;     /* required */
	cv_check_fn check;         /* since 1.2; may be NULL */
	void *reserved[7];         /* zero; for fields appended later */
};

/** The name of the one symbol a plugin exports. */
#define CV_PLUGIN_SYMBOL "cv_plugin_descriptor"

/**
 * Defines the plugin's descriptor. Use once per plugin:
 *   CV_PLUGIN_DEFINE("html", "Standalone HTML5 page", "html", "text/html",
 *                    html_params, html_convert);
 */
#define CV_PLUGIN_DEFINE(name_, description_, extension_, media_type_, \
                         params_, convert_) \
	CV_EXPORT const struct cv_plugin cv_plugin_descriptor = { \
		CV_ABI_MAJOR, CV_PLUGIN_ABI_MINOR, (name_), (description_), \
		(extension_), (media_type_), (params_), (convert_), NULL, {0} }

#if CV_PLUGIN_ABI_MINOR >= 2
/**
 * The same with a check function for the parameters (since ABI 1.2):
 *   CV_PLUGIN_DEFINE_CHECKED("html", "Standalone HTML5 page", "html",
 *                            "text/html", html_params, html_convert,
 *                            html_check);
 */
#define CV_PLUGIN_DEFINE_CHECKED(name_, description_, extension_, media_type_, \
                                 params_, convert_, check_) \
	CV_EXPORT const struct cv_plugin cv_plugin_descriptor = { \
		CV_ABI_MAJOR, CV_PLUGIN_ABI_MINOR, (name_), (description_), \
		(extension_), (media_type_), (params_), (convert_), (check_), {0} }
#endif

#ifdef __cplusplus
}
#endif

#endif /* CONVERT_PLUGIN_H */
