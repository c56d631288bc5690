/*
 * cli.h: the command line, parsed into options without side effects, so
 * that parsing can be tested apart from running.
 */
#ifndef CV_CLI_H
#define CV_CLI_H

#include "internal.h"

enum cv_cli_action {
	CV_CLI_CONVERT,
	CV_CLI_VALIDATE,
	CV_CLI_LIST,
	CV_CLI_HELP,
	CV_CLI_HELP_FORMAT,
	CV_CLI_VERSION
};

/** Parsed options. Strings point into argv; arrays are owned. */
struct cv_cli {
	enum cv_cli_action action;
	char **formats;          /* from --to, split at commas */
	size_t nformats;
	const char *output;      /* -o; NULL for the default */
	struct cv_param_value *params;
	size_t nparams;
	const char **inputs;
	size_t ninputs;
	const char *help_format; /* --help-format NAME */
	int names_only;          /* --names with --list-formats or --help-format */
	unsigned jobs;           /* -j N; 0: every core the process may use */
	int progress;            /* --progress 1, --quiet 0, else -1: on a terminal */
	int quiet;               /* --quiet */
	const char *report;      /* --report FILE */
	const char *files_from;  /* --files-from FILE ("-": standard input) */
	int null_separated;      /* -0 */
	int update;              /* --update */
	int fail_fast;           /* --fail-fast */
};

/**
 * Parses argv. Returns CV_OK, or CV_FAIL with err saying what is wrong
 * (a usage error: exit status 2). Free with cv_cli_free even on failure.
 */
int cv_cli_parse(int argc, char **argv, struct cv_cli *cli, struct cv_error *err);
void cv_cli_free(struct cv_cli *cli);

/**
 * The candidate nearest to word (case aside) within a small edit
 * distance, for "did you mean"; NULL when none is near. Borrowed from
 * candidates.
 */
const char *cv_cli_nearest(const char *word, const char *const *candidates, size_t n);

/** The --help text. */
extern const char cv_cli_usage[];

#endif
