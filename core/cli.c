/*
 * cli.c: parsing convert's command line, from one table of options that
 * also serves "did you mean".
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"

const char cv_cli_usage[] =
	"usage: convert --to FORMAT[,FORMAT...] [-o OUTPUT] [OPTION]... INPUT...\n"
	"       convert --validate INPUT...\n"
	"       convert --list-formats | --help-format FORMAT | --help | --version\n"
	"\n"
	"INPUT is an article (.xml) or a folder: every article beneath a folder is\n"
	"converted, and its tree is mirrored under the output folder.\n"
	"\n"
	"  -t, --to FORMATS        output formats, comma-separated, any case\n"
	"                          (see --list-formats)\n"
	"  -o, --output OUTPUT     a file (one input, one format), DIR/ for many,\n"
	"                          or - for standard output; default: INPUT's name\n"
	"                          with the format's extension, in the current folder\n"
	"  -p, --param NAME=VALUE  a parameter of the format (see --help-format)\n"
	"  -j, --jobs N            convert N articles at a time (default: one per\n"
	"                          core this process may use)\n"
	"      --files-from FILE   read more inputs from FILE, one a line (- for\n"
	"                          standard input)\n"
	"  -0, --null              --files-from's inputs are separated by NUL bytes\n"
	"  -u, --update            skip an output newer than its input, its images\n"
	"                          and the format's plugin\n"
	"      --fail-fast         stop handing out articles after the first failure\n"
	"      --report FILE       one JSON line per input and format, written as\n"
	"                          each finishes (- for standard output)\n"
	"      --progress          a progress line on standard error even when it is\n"
	"                          not a terminal\n"
	"  -q, --quiet             no progress line and no summary, only failures\n"
	"      --validate          check the inputs, write nothing\n"
	"      --list-formats      the formats, their descriptions and plugin files\n"
	"      --help-format NAME  the parameters a format takes\n"
	"      --names             with --list-formats or --help-format: names only\n"
	"  -h, --help              this text\n"
	"  -V, --version           the version, plugin ABI and libraries\n"
	"\n"
	"Outputs are written whole or not at all, and two inputs that would write\n"
	"the same output are refused before anything is written. At the end of a\n"
	"run of many articles a summary line is printed, then the failures.\n"
	"\n"
	"Environment: SOURCE_DATE_EPOCH (seconds since 1970) is the date written\n"
	"into outputs, for reproducible builds; CONVERT_PLUGIN_PATH adds folders\n"
	"(absolute, colon-separated) to search for plugins; TMPDIR holds what\n"
	"waits for standard output.\n"
	"\n"
	"Exit status: 0 done; 1 an input was rejected or a conversion failed;\n"
	"2 a usage error; 128+N ended by signal N (its unfinished outputs removed).\n";

enum opt_id {
	OPT_TO, OPT_OUTPUT, OPT_PARAM, OPT_JOBS, OPT_FILES_FROM, OPT_NULL, OPT_UPDATE,
	OPT_FAIL_FAST, OPT_REPORT, OPT_PROGRESS, OPT_QUIET, OPT_VALIDATE, OPT_LIST,
	OPT_HELP_FORMAT, OPT_NAMES, OPT_HELP, OPT_VERSION
};

static const struct cli_option {
	const char *name;  /* the long form, without "--" */
	char letter;       /* the short form, or 0 */
	int takes_value;
	enum opt_id id;
} cli_options[] = {
	{"to", 't', 1, OPT_TO},
	{"output", 'o', 1, OPT_OUTPUT},
	{"param", 'p', 1, OPT_PARAM},
	{"jobs", 'j', 1, OPT_JOBS},
	{"files-from", 0, 1, OPT_FILES_FROM},
	{"null", '0', 0, OPT_NULL},
	{"update", 'u', 0, OPT_UPDATE},
	{"fail-fast", 0, 0, OPT_FAIL_FAST},
	{"report", 0, 1, OPT_REPORT},
	{"progress", 0, 0, OPT_PROGRESS},
	{"quiet", 'q', 0, OPT_QUIET},
	{"validate", 0, 0, OPT_VALIDATE},
	{"list-formats", 0, 0, OPT_LIST},
	{"help-format", 0, 1, OPT_HELP_FORMAT},
	{"names", 0, 0, OPT_NAMES},
	{"help", 'h', 0, OPT_HELP},
	{"version", 'V', 0, OPT_VERSION},
};
#define CLI_NOPTIONS (sizeof cli_options / sizeof cli_options[0])

/* Edit distance, letters compared without case; words are short. */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t row[64];

	if (la >= 63 || lb >= 63)
		return (size_t)-1;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t cost = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
			size_t best = diag + cost;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			if (up + 1 < best)
				best = up + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

const char *cv_cli_nearest(const char *word, const char *const *candidates, size_t n)
{
	const char *best = NULL;
	size_t best_d = (size_t)-1, wl = strlen(word);

	for (size_t i = 0; i < n; i++) {
		size_t cl = strlen(candidates[i]);
		/* A word that starts a candidate is taken for it ("--prog"). */
		size_t d = wl >= 2 && wl < cl && strncasecmp(word, candidates[i], wl) == 0 ? 1 : distance(word, candidates[i]);
		if (d < best_d) {
			best_d = d;
			best = candidates[i];
		}
	}
	/* Near: a third of the word's letters, and at least two, may differ. */
	return best && best_d <= (wl / 3 > 2 ? wl / 3 : 2) && best_d < wl ? best : NULL;
}

static int cli_unknown_option(const char *arg, struct cv_error *err)
{
	const char *names[CLI_NOPTIONS];
	char word[64];
	size_t n = strcspn(arg, "=");

	for (size_t i = 0; i < CLI_NOPTIONS; i++)
		names[i] = cli_options[i].name;
	snprintf(word, sizeof word, "%.*s", (int)n, arg + (arg[1] == '-' ? 2 : 1));
	const char *near = cv_cli_nearest(word, names, CLI_NOPTIONS);
	if (near)
		return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0, "unknown option \"%.*s\"; did you mean --%s?",
		                    (int)n, arg, near);
	return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0, "unknown option \"%.*s\"", (int)n, arg);
}

static int cli_add_formats(struct cv_cli *cli, const char *list, struct cv_error *err)
{
	char *copy = strdup(list);
	char *save = NULL;

	if (copy == NULL)
		return cv_error_set(err, CV_ERROR_SYSTEM, NULL, 0, 0, "out of memory");
	for (char *f = strtok_r(copy, ",", &save); f; f = strtok_r(NULL, ",", &save)) {
		char **grown = realloc(cli->formats, (cli->nformats + 1) * sizeof *grown);
		char *name = strdup(f);
		if (grown == NULL || name == NULL) {
			free(name);
			if (grown)
				cli->formats = grown;
			free(copy);
			return cv_error_set(err, CV_ERROR_SYSTEM, NULL, 0, 0, "out of memory");
		}
		cli->formats = grown;
		cli->formats[cli->nformats++] = name;
	}
	free(copy);
	if (cli->nformats == 0)
		return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0, "--to needs at least one format");
	return CV_OK;
}

static int cli_add_param(struct cv_cli *cli, char *arg, struct cv_error *err)
{
	char *eq = strchr(arg, '=');
	struct cv_param_value *grown;

	if (eq == NULL || eq == arg)
		return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0, "--param takes NAME=VALUE, not \"%s\"", arg);
	grown = realloc(cli->params, (cli->nparams + 1) * sizeof *grown);
	if (grown == NULL)
		return cv_error_set(err, CV_ERROR_SYSTEM, NULL, 0, 0, "out of memory");
	cli->params = grown;
	/* Split in place: argv strings are ours to modify. */
	*eq = '\0';
	cli->params[cli->nparams++] = (struct cv_param_value){arg, eq + 1};
	return CV_OK;
}

static int cli_jobs(struct cv_cli *cli, const char *v, struct cv_error *err)
{
	char *end;
	long n = strtol(v, &end, 10);

	if (*v == '\0' || *end != '\0' || n < 1 || n > 1024)
		return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0, "--jobs takes a number from 1 to 1024, not \"%s\"", v);
	cli->jobs = (unsigned)n;
	return CV_OK;
}

/* Finds the option arg names; *value is set for one that takes a value. */
static const struct cli_option *cli_match(int argc, char **argv, int *i, const char **value,
                                          struct cv_error *err)
{
	const char *arg = argv[*i];
	const struct cli_option *o = NULL;
	const char *attached = NULL;

	if (arg[1] == '-') {
		size_t n = strcspn(arg + 2, "=");
		for (size_t k = 0; k < CLI_NOPTIONS && !o; k++)
			if (strlen(cli_options[k].name) == n && strncmp(arg + 2, cli_options[k].name, n) == 0)
				o = &cli_options[k];
		if (o && arg[2 + n] == '=')
			attached = arg + 3 + n;
	} else {
		for (size_t k = 0; k < CLI_NOPTIONS && !o; k++)
			if (cli_options[k].letter && cli_options[k].letter == arg[1])
				o = &cli_options[k];
		if (o && arg[2] != '\0')
			attached = arg + 2;
	}
	if (o == NULL) {
		cli_unknown_option(arg, err);
		return NULL;
	}
	*value = NULL;
	if (!o->takes_value) {
		if (attached) {
			cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0, "--%s takes no value", o->name);
			return NULL;
		}
		return o;
	}
	if (attached) {
		*value = attached;
	} else if (*i + 1 < argc) {
		*value = argv[++*i];
	} else {
		cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0, "%s needs a value", arg);
		return NULL;
	}
	return o;
}

/* Checks the combination of options once all are read. */
static int cli_settle(struct cv_cli *cli, int list, int help, int version, int validate, struct cv_error *err)
{
	if (help) {
		cli->action = CV_CLI_HELP;
		return CV_OK;
	}
	if (version) {
		cli->action = CV_CLI_VERSION;
		return CV_OK;
	}
	if (list) {
		cli->action = CV_CLI_LIST;
		return CV_OK;
	}
	if (cli->help_format) {
		cli->action = CV_CLI_HELP_FORMAT;
		return CV_OK;
	}
	if (cli->names_only)
		return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0, "--names goes with --list-formats or --help-format");
	if (cli->ninputs == 0 && cli->files_from == NULL)
		return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0, "no input file given");
	if (cli->null_separated && cli->files_from == NULL)
		return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0, "-0 goes with --files-from");
	for (size_t i = 0; i < cli->ninputs; i++)
		if (strcmp(cli->inputs[i], "-") == 0)
			return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0,
			                    "reading an article from standard input is not supported: its folder is needed "
			                    "for images (--files-from - reads a list of inputs)");
	if (validate) {
		if (cli->nformats || cli->output)
			return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0, "--validate writes nothing: drop --to and -o");
		cli->action = CV_CLI_VALIDATE;
		return CV_OK;
	}
	if (cli->nformats == 0)
		return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0, "no output format given: use --to FORMAT");
	cli->action = CV_CLI_CONVERT;
	if (cli->output != NULL) {
		size_t n = strlen(cli->output);
		int many = cli->ninputs > 1 || cli->nformats > 1 || cli->files_from;
		if (strcmp(cli->output, "-") == 0 && many)
			return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0, "-o - takes one input and one format");
		if (many && cli->output[n - 1] != '/')
			return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0,
			                    "several outputs need a folder: -o DIR/ (ending in a slash)");
		if (strcmp(cli->output, "-") == 0 && cli->report && strcmp(cli->report, "-") == 0)
			return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0, "-o - and --report - would share standard output");
	}
	return CV_OK;
}

int cv_cli_parse(int argc, char **argv, struct cv_cli *cli, struct cv_error *err)
{
	int done_options = 0;
	int list = 0, help = 0, version = 0, validate = 0;
	const char *v;

	memset(cli, 0, sizeof *cli);
	cli->progress = -1;
	cli->inputs = calloc((size_t)argc + 1, sizeof *cli->inputs);
	if (cli->inputs == NULL)
		return cv_error_set(err, CV_ERROR_SYSTEM, NULL, 0, 0, "out of memory");
	for (int i = 1; i < argc; i++) {
		char *a = argv[i];
		if (done_options || a[0] != '-' || strcmp(a, "-") == 0) {
			cli->inputs[cli->ninputs++] = a;
			continue;
		}
		if (strcmp(a, "--") == 0) {
			done_options = 1;
			continue;
		}
		const struct cli_option *o = cli_match(argc, argv, &i, &v, err);
		if (o == NULL)
			return CV_FAIL;
		switch (o->id) {
		case OPT_TO:
			if (cli_add_formats(cli, v, err))
				return CV_FAIL;
			break;
		case OPT_OUTPUT:
			if (cli->output != NULL)
				return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0, "-o given twice");
			if (v[0] == '\0')
				return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0, "-o needs a file or folder name");
			cli->output = v;
			break;
		case OPT_PARAM:
			if (cli_add_param(cli, (char *)v, err))
				return CV_FAIL;
			break;
		case OPT_JOBS:
			if (cli_jobs(cli, v, err))
				return CV_FAIL;
			break;
		case OPT_FILES_FROM:
			if (cli->files_from != NULL)
				return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0, "--files-from given twice");
			cli->files_from = v;
			break;
		case OPT_NULL: cli->null_separated = 1; break;
		case OPT_UPDATE: cli->update = 1; break;
		case OPT_FAIL_FAST: cli->fail_fast = 1; break;
		case OPT_REPORT:
			if (v[0] == '\0')
				return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0, "--report needs a file name");
			cli->report = v;
			break;
		case OPT_PROGRESS: cli->progress = 1; break;
		case OPT_QUIET: cli->quiet = 1; cli->progress = 0; break;
		case OPT_VALIDATE: validate = 1; break;
		case OPT_LIST: list = 1; break;
		case OPT_HELP_FORMAT: cli->help_format = v; break;
		case OPT_NAMES: cli->names_only = 1; break;
		case OPT_HELP: help = 1; break;
		case OPT_VERSION: version = 1; break;
		}
	}
	if (cli->quiet && cli->progress == 1)
		cli->progress = 0;
	return cli_settle(cli, list, help, version, validate, err);
}

void cv_cli_free(struct cv_cli *cli)
{
	for (size_t i = 0; i < cli->nformats; i++)
		free(cli->formats[i]);
	free(cli->formats);
	free(cli->params);
	free(cli->inputs);
	memset(cli, 0, sizeof *cli);
}
