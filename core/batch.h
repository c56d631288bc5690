/*
 * batch.h: converting many articles: the plan (which articles, where each
 * output goes, refused before anything is written if two outputs would
 * share a name) and the run (worker processes, the report, progress).
 * Shared by batch.c, run.c, report.c and main.c only.
 */
#ifndef CV_BATCH_H
#define CV_BATCH_H

#include "internal.h"

/** One article to convert, and the stem its outputs are named from. */
struct cv_batch_item {
	char *input; /* the path as given, or found under a given folder */
	char *stem;  /* output path without the extension: "out/sub/name" */
};

/** The articles of a run and where their outputs go. */
struct cv_batch_plan {
	struct cv_batch_item *items;
	size_t count;
	size_t cap;
	char *folder;       /* outputs' folder with a trailing slash, or "" for the current one */
	const char *single; /* -o FILE or "-": the one output of one article in one format */
};

/**
 * Starts a plan for -o OUTPUT (NULL: the current folder). OUTPUT ending in
 * a slash or naming a folder is the outputs' folder; anything else is the
 * one output's name.
 */
int cv_batch_plan_init(struct cv_batch_plan *plan, const char *output, struct cv_error *err);
void cv_batch_plan_free(struct cv_batch_plan *plan);

/**
 * Adds an input: an article, or a folder whose articles (*.xml, beneath
 * it at any depth, hidden names and links to folders left out) are added
 * in byte order with stems that mirror the folder's tree.
 */
int cv_batch_plan_add(struct cv_batch_plan *plan, const char *path, struct cv_error *err);

/**
 * Adds the inputs listed in the file open on fd, one a line or, with nul,
 * NUL-separated; empty entries are skipped. An article named by a relative
 * path (without ..) keeps that path under the outputs' folder, so that the
 * chunks of one list converted apart (docs/scale.md) cannot clash. name is
 * the list's name for messages.
 */
int cv_batch_plan_add_list(struct cv_batch_plan *plan, int fd, int nul, const char *name,
                           struct cv_error *err);

/**
 * Checks, before anything is written, that no two outputs share a name.
 * Every clash is printed to to, naming both inputs; returns CV_FAIL if any.
 */
int cv_batch_plan_check(const struct cv_batch_plan *plan, const struct cv_plugin *const *plugins,
                        size_t nformats, FILE *to);

/** The output of item i in plugin's format, into buf. */
void cv_batch_target(const struct cv_batch_plan *plan, size_t i, const struct cv_plugin *plugin,
                     char *buf, size_t size);

/** Makes the folders above target that are missing (for -o DIR/ and mirrored trees). */
void cv_batch_make_folders(const char *target);

/** How a run goes, read once from the command line. */
struct cv_batch_options {
	unsigned jobs;        /* worker processes; 1 or more */
	unsigned cores;       /* the cores this process may run on; 1 or more */
	int progress;         /* a progress line on standard error */
	int quiet;            /* no summary line */
	int update;           /* skip outputs newer than all they are made from */
	int fail_fast;        /* hand out no article after the first failure */
	int validate;         /* check only: --validate */
	const char *report;   /* --report FILE ("-": standard output), or NULL */
};

/** What the conversions need, made once before the workers start. */
struct cv_batch_env {
	const struct cv_plugin *const *plugins;
	const char *const *plugin_files; /* each plugin's shared object, for --update */
	size_t nformats;
	const struct cv_schema *schema;
	struct cv_xslt_cache *cache;
	const struct cv_param_value *params;
	size_t nparams;
};

/**
 * The threads each of workers processes converting at once may run (the
 * plugins' cv_job_threads): the cores shared among them, at least 1.
 */
unsigned cv_batch_threads(unsigned cores, size_t workers);

/**
 * Converts (or validates) every item of plan, in worker processes when
 * there is more than one; each conversion may run cv_batch_threads of
 * opt->cores among the workers. Failures are reported as
 * "convert: FILE:LINE:COL: message"; a run ended by SIGINT, SIGTERM,
 * SIGHUP or SIGPIPE removes what is in progress and ends by that signal.
 * Returns 0 when all went well, 1 when anything failed.
 */
int cv_batch_run(const struct cv_batch_plan *plan, const struct cv_batch_env *env,
                 const struct cv_batch_options *opt);

/* ------------------------------------------------------------------ */
/* report.c: what the run says as it goes                              */

/** The outcome of one input in one format (format -1: the input alone). */
struct cv_batch_record {
	size_t item;
	int format;
	int status;               /* CV_BATCH_OK, _FAILED or _FRESH */
	int pages;                /* -1: none */
	unsigned long long bytes; /* with status OK */
	unsigned long long ms;
	char sha256[65];          /* with status OK; else "" */
	const char *message;      /* "convert: ..." lines, or NULL */
	long peak_kb;             /* the converting process's peak memory during the article, or -1 */
};

enum { CV_BATCH_OK = 0, CV_BATCH_FAILED = 1, CV_BATCH_FRESH = 2 };

/** The report, progress line and summary of one run. */
struct cv_batch_report;

/** Opens the report (opt->report) and starts the clock; NULL and err on failure. */
struct cv_batch_report *cv_batch_report_new(const struct cv_batch_plan *plan,
                                            const struct cv_batch_env *env,
                                            const struct cv_batch_options *opt,
                                            struct cv_error *err);
/** Writes one record as a JSON line, at once; keeps a failure's message for the end. */
void cv_batch_report_record(struct cv_batch_report *rep, const struct cv_batch_record *rec);
/** One input is finished: the progress line moves on. */
void cv_batch_report_done(struct cv_batch_report *rep);
/** How many records failed so far. */
size_t cv_batch_report_failures(const struct cv_batch_report *rep);
/** Clears the progress line (before the run ends by a signal). */
void cv_batch_report_interrupt(struct cv_batch_report *rep);
/**
 * Prints the summary line (unless quiet) and then the failures' messages,
 * in input order, to standard error; returns CV_FAIL when the report
 * could not be written. Frees rep.
 */
int cv_batch_report_finish(struct cv_batch_report *rep, struct cv_error *err);

#endif
