/*
 * internal.h: what the core's files share with each other and with the
 * command line, but not with plugins.
 */
#ifndef CV_INTERNAL_H
#define CV_INTERNAL_H

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

/* ------------------------------------------------------------------ */
/* Stylesheets                                                         */

/** Compiled stylesheets, shared by every job of one run. */
struct cv_xslt_cache;

struct cv_xslt_cache *cv_xslt_cache_new(const char *stylesheets_folder);
void cv_xslt_cache_free(struct cv_xslt_cache *cache);
/** The realpath of the stylesheets folder the cache compiles from. */
const char *cv_xslt_cache_folder(const struct cv_xslt_cache *cache);

/* ------------------------------------------------------------------ */
/* Output                                                              */

/** An output being written: a temporary file until committed. */
struct cv_output;

/**
 * Opens an output for target ("-" for standard output). The bytes go to
 * a temporary file beside target (or in TMPDIR for standard output).
 * Refuses a target that is the input file itself.
 */
int cv_output_open(const char *target, const char *input_path,
                   struct cv_output **out, struct cv_error *err);
int cv_output_write(struct cv_output *out, const void *data, size_t len,
                    struct cv_error *err);
/** Flushes, syncs and renames into place (or copies to stdout); frees. */
int cv_output_commit(struct cv_output *out, struct cv_error *err);
/** Removes the temporary file and frees; NULL is a no-op. */
void cv_output_discard(struct cv_output *out);

/* ------------------------------------------------------------------ */
/* Jobs                                                                */

/** A user's --param: applies to every format that declares name. */
struct cv_param_value {
	const char *name;
	const char *value;
};

/**
 * Runs plugin on doc writing to target. params are the user's --param
 * values (those the plugin does not declare are ignored). Returns CV_OK or
 * CV_FAIL with err filled; on failure no output is left.
 */
int cv_job_run(const struct cv_plugin *plugin, const struct cv_document *doc,
               struct cv_xslt_cache *cache, const struct cv_param_value *params,
               size_t nparams, const char *target, struct cv_error *err);

#endif
