/*
 * internal.h: what the core's files share with each other and with the
 * command line, but not with plugins.
 */
#ifndef CV_INTERNAL_H
#define CV_INTERNAL_H

#include <stdarg.h>
#include <stdio.h>

#include <libxslt/xsltInternals.h>

#include "convert/plugin.h"

/* Limits on input; generous for articles, fatal for decompression bombs. */
#define CV_MAX_ARTICLE_BYTES (64u * 1024u * 1024u)
#define CV_MAX_IMAGE_BYTES (32u * 1024u * 1024u)
#define CV_MAX_IMAGE_SIDE 16384
#define CV_MAX_IMAGE_PIXELS (100u * 1000u * 1000u)
#define CV_MAX_SECTION_DEPTH 6

/* ------------------------------------------------------------------ */
/* Diagnostics: a list of errors, printed by main.c                    */

/** Errors collected while checking an input; the caller owns it. */
struct cv_report {
	struct cv_error *items;
	size_t count;
	size_t cap;
	size_t dropped; /* beyond CV_REPORT_MAX, counted only */
};
#define CV_REPORT_MAX 100

void cv_report_init(struct cv_report *rep);
void cv_report_clear(struct cv_report *rep);
/** Appends a copy of err. */
void cv_report_add(struct cv_report *rep, const struct cv_error *err);
/** Prints each error as "convert: FILE:LINE:COL: message". */
void cv_report_print(const struct cv_report *rep, FILE *to);
/** Prints one error the same way. */
void cv_error_print(const struct cv_error *err, FILE *to);
/** cv_error_set with the arguments as a va_list. */
int cv_error_vset(struct cv_error *err, enum cv_error_class klass, const char *file,
                  int line, int column, const char *fmt, va_list ap);

/** Prints a warning: "convert: warning: FILE:LINE:COL: message". */
void cv_warning_print(const struct cv_error *warning, FILE *to);

/**
 * The one rule by which the core names a plugin in what it reports:
 * "FORMAT: " goes before the message of every error and warning the
 * plugin gives, unless the message already starts with it (plugins
 * written for ABI 1.0 and 1.1 named themselves).
 */
void cv_error_name_format(struct cv_error *err, const char *format);

/* ------------------------------------------------------------------ */
/* Files                                                               */

/**
 * Reads the whole regular file open on fd, refusing more than cap bytes.
 * On success *out is a new NUL-terminated buffer of *len bytes, for
 * free(). what names the file in messages ("the article", "image \"a.png\"");
 * file, which may be NULL, goes into err.
 */
int cv_file_read_all(int fd, size_t cap, const char *file, const char *what,
                     unsigned char **out, size_t *len, struct cv_error *err);

/** Writes all len bytes to fd, through EINTR; 0, or -1 with errno set. */
int cv_fd_write_all(int fd, const void *data, size_t len);
/** Reads exactly len bytes from fd; 0, or -1 (errno 0 at end of file). */
int cv_fd_read_exact(int fd, void *data, size_t len);

/* ------------------------------------------------------------------ */
/* Where convert's own files are                                       */

/** The folders found relative to the executable. Owned by main.c. */
struct cv_paths {
	char plugins[4096];     /* built-in plugin folder */
	char stylesheets[4096]; /* realpath of the stylesheets folder */
	char schema[4096];      /* realpath of the schema folder */
};

/** Fills paths from the location of the running executable. */
int cv_paths_find(struct cv_paths *paths, struct cv_error *err);

/**
 * Installs libxml2's process-wide external entity loader so that only
 * files inside the given folders (NULL-terminated) can ever be loaded:
 * no network, no file outside. Call once at start-up, before any parse.
 */
void cv_entity_policy_install(const char *const *folders);

/**
 * Adds one folder (a realpath) to those the entity loader reads from.
 * Only at start-up, before any parse: the policy is read-only afterwards.
 */
int cv_entity_policy_allow(const char *folder);

/* ------------------------------------------------------------------ */
/* Documents                                                           */

/** The compiled article schema (schema/article.rng), shared by loads. */
struct cv_schema;

int cv_schema_new(const char *schema_folder, struct cv_schema **out, struct cv_error *err);
void cv_schema_free(struct cv_schema *schema);

/**
 * Reads, parses and checks the article at path: size, compression,
 * DOCTYPE, well-formedness, the schema, id uniqueness, ref targets and
 * every image. Every problem found is added to rep. On success *out is a
 * new document to free with cv_document_free.
 */
int cv_document_load(const char *path, const struct cv_schema *schema,
                     struct cv_document **out, struct cv_report *rep);
void cv_document_free(struct cv_document *doc);

/** The article's path as the user named it, for messages. Borrowed. */
const char *cv_document_display_name(const struct cv_document *doc);

/** Line and column of an element of the article (0 when unknown). */
void cv_document_locate(const struct cv_document *doc, const xmlNode *node,
                        int *line, int *column);

/* ------------------------------------------------------------------ */
/* Resources                                                           */

/**
 * Resolves src (as written in image/@src) beneath folder and reads the
 * image. The path must be relative, stay inside the folder and reach a
 * regular file without symbolic links; the bytes must be a complete PNG,
 * JPEG or SVG within the limits. On success *out is new, for
 * cv_resource_free. err names src; the caller adds the location.
 */
int cv_resource_open(const char *folder, const char *src,
                     struct cv_resource **out, struct cv_error *err);
void cv_resource_free(struct cv_resource *res);

/**
 * Checks that doc, an image's parsed bytes, is an SVG document (an svg
 * root in the SVG namespace, no DOCTYPE) that refers to nothing outside
 * itself and holds no script (see svg.c). err names src and, in the SVG,
 * the line of the first problem.
 */
int cv_svg_check(xmlDocPtr doc, const char *src, struct cv_error *err);

/* ------------------------------------------------------------------ */
/* Plugins                                                             */

/** A loaded plugin: its descriptor and where it came from. */
struct cv_plugin_entry {
	const struct cv_plugin *plugin;
	char path[4096];
	char folder[4096]; /* its own stylesheets folder (cv_plugin_folder); "" for none */
	void *handle;
};

/** The plugins found at start-up. */
struct cv_registry {
	struct cv_plugin_entry *entries;
	size_t count;
};

/**
 * Loads every *.so in each folder of the colon-separated list dirs (an
 * entry that is empty or relative is ignored: never the current
 * directory). A plugin with a bad ABI or no descriptor is skipped with a
 * warning on warn_to. Earlier folders win on duplicate names.
 */
int cv_registry_load(struct cv_registry *reg, const char *dirs, FILE *warn_to);
void cv_registry_free(struct cv_registry *reg);
const struct cv_plugin_entry *cv_registry_lookup(const struct cv_registry *reg,
                                                 const char *name);

/**
 * Checks that a descriptor is usable by this core; fills err with a
 * message naming path when not.
 */
int cv_plugin_check(const struct cv_plugin *p, const char *path,
                    struct cv_error *err);

/**
 * The plugin's own stylesheets folder: the folder named like the shared
 * object that holds descriptor p, beside it (txt.so and txt/), as a
 * realpath in out. CV_FAIL when p is not in a *.so or there is no such
 * folder.
 */
int cv_plugin_folder(const struct cv_plugin *p, char *out, size_t size);

/**
 * Lets the entity loader read every loaded plugin's own folder, so that
 * its stylesheets compile and include each other (a warning on warn_to
 * for a folder beyond the loader's limit). Call at start-up, after
 * cv_registry_load and before any parse.
 */
void cv_registry_allow_folders(const struct cv_registry *reg, FILE *warn_to);

/* ------------------------------------------------------------------ */
/* Settings: parameter values, checked once per run                    */

/** A user's --param: applies to every format that declares name. */
struct cv_param_value {
	const char *name;
	const char *value;
};

/** A format's parameter values: the user's over the declared defaults. */
struct cv_settings {
	const struct cv_plugin *plugin;
	const struct cv_param_value *values; /* the user's, all formats' */
	size_t nvalues;
};

/**
 * Runs the check function of each of the chosen plugins (those built for
 * ABI 1.2 or later that have one) on the user's values, before any
 * article is read. Prints each refusal to `to`, naming the format, and
 * returns CV_FAIL if there was one (a usage error: exit status 2).
 */
int cv_plugins_check_settings(const struct cv_plugin *const *plugins, size_t nplugins,
                              const struct cv_param_value *values, size_t nvalues,
                              FILE *to);

/* ------------------------------------------------------------------ */
/* Stylesheets                                                         */

/** Compiled stylesheets, shared by every job of one run. */
struct cv_xslt_cache;

struct cv_xslt_cache *cv_xslt_cache_new(const char *stylesheets_folder);
void cv_xslt_cache_free(struct cv_xslt_cache *cache);

/* ------------------------------------------------------------------ */
/* Output                                                              */

/** An output being written: a temporary file until committed. */
struct cv_output;

/** What a committed output came to, for the batch report. */
struct cv_output_result {
	unsigned long long bytes;
	char sha256[65]; /* lowercase hex */
};

/**
 * Opens an output for target. The bytes go to a nameless temporary file
 * beside target. "-" (standard output) and a target that is a character
 * device or FIFO are written as a stream once all is done, from a
 * nameless file in TMPDIR; such a target is never replaced by a file.
 * A symbolic link to a regular file is kept and the file it names
 * replaced. Refuses a target that is the input file itself, a folder, or
 * any other kind of file.
 */
int cv_output_open(const char *target, const char *input_path,
                   struct cv_output **out, struct cv_error *err);
int cv_output_write(struct cv_output *out, const void *data, size_t len,
                    struct cv_error *err);
/** Flushes, syncs and puts the file in place (or copies to the stream); frees. */
int cv_output_commit(struct cv_output *out, struct cv_error *err);
/** cv_output_commit, and fills res (which may be NULL) with the bytes and their SHA-256. */
int cv_output_commit_result(struct cv_output *out, struct cv_output_result *res,
                            struct cv_error *err);
/** Removes the temporary file and frees; NULL is a no-op. */
void cv_output_discard(struct cv_output *out);
/**
 * Unlinks the named temporary files of the outputs in progress (only made
 * where the file system has no O_TMPFILE). Async-signal-safe: for the
 * handler of a signal that ends the run.
 */
void cv_output_cleanup_on_signal(void);

/*
 * Further outputs of a job (cv_job_add_output): each a cv_output, all
 * placed or all removed together when the job ends.
 */

/**
 * Renames every further output in list into place, after the convert
 * function succeeded and before the main output is. On failure err says
 * why, and cv_extras_free(list, 0) removes the ones already placed.
 */
int cv_extras_commit(struct cv_extra_output *list, struct cv_error *err);

/**
 * Frees list. keep 0 (the conversion failed): first removes every
 * output of it, placed or not, and the folders it made.
 */
void cv_extras_free(struct cv_extra_output *list, int keep);

/* ------------------------------------------------------------------ */
/* Jobs                                                                */

/**
 * Runs plugin on doc writing to target, with a budget of one thread
 * (cv_job_threads). params are the user's --param values (those the
 * plugin does not declare are ignored), already passed through
 * cv_plugins_check_settings. Returns CV_OK or CV_FAIL with err filled; on
 * failure no output is left, main or further.
 */
int cv_job_run(const struct cv_plugin *plugin, const struct cv_document *doc,
               struct cv_xslt_cache *cache, const struct cv_param_value *params,
               size_t nparams, const char *target, struct cv_error *err);

/** What a finished job came to, for the batch report. */
struct cv_job_result {
	struct cv_output_result output;
	int pages; /* from cv_job_set_pages; -1 when the plugin said none */
};

/**
 * cv_job_run with a budget of threads (cv_job_threads; 0 counts as 1),
 * and on success fills res with what the job came to.
 */
int cv_job_run_result(const struct cv_plugin *plugin, const struct cv_document *doc,
                      struct cv_xslt_cache *cache, const struct cv_param_value *params,
                      size_t nparams, const char *target, unsigned threads,
                      struct cv_job_result *res, struct cv_error *err);

#endif
