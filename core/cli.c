/*
 * cli.c: parsing convert's command line.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char cv_cli_usage[] =
	"usage: convert --to FORMAT[,FORMAT...] [-o OUTPUT] [--param NAME=VALUE]... INPUT...\n"
	"       convert --validate INPUT...\n"
	"       convert --list-formats | --help-format FORMAT | --help | --version\n"
	"\n"
	"  -t, --to FORMATS        output formats, comma-separated (see --list-formats)\n"
	"  -o, --output OUTPUT     a file (one input, one format), DIR/ for many,\n"
	"                          or - for standard output; default: INPUT's name\n"
	"                          with the format's extension, in the current folder\n"
	"  -p, --param NAME=VALUE  a parameter of the format (see --help-format)\n"
	"      --validate          check the inputs, write nothing\n"
	"      --list-formats      the formats, their descriptions and plugin files\n"
	"      --help-format NAME  the parameters a format takes\n"
	"\n"
	"Exit status: 0 done; 1 an input was rejected or a conversion failed;\n"
	"2 a usage error. Plugins are loaded from the built-in folder and from\n"
	"the absolute folders in CONVERT_PLUGIN_PATH (colon-separated).\n";

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

/* The value of an option given as "--opt value", "--opt=value" or "-ovalue". */
static int cli_value(int argc, char **argv, int *i, const char *arg, size_t optlen,
                     const char **out, struct cv_error *err)
{
	if (arg[optlen] == '=') {
		*out = arg + optlen + 1;
		return CV_OK;
	}
	if (arg[optlen] != '\0' && arg[1] != '-') {
		*out = arg + optlen;
		return CV_OK;
	}
	if (*i + 1 >= argc)
		return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0, "%.*s needs a value", (int)optlen, arg);
	*out = argv[++*i];
	return CV_OK;
}

static int opt_is(const char *arg, const char *name)
{
	size_t n = strlen(name);
	return strncmp(arg, name, n) == 0 && (arg[n] == '\0' || arg[n] == '=' ||
	                                      (name[1] != '-' && arg[1] != '-'));
}

int cv_cli_parse(int argc, char **argv, struct cv_cli *cli, struct cv_error *err)
{
	int done_options = 0;
	int list = 0, help = 0, version = 0, validate = 0;
	const char *v;

	memset(cli, 0, sizeof *cli);
	cli->inputs = calloc((size_t)argc + 1, sizeof *cli->inputs);
	if (cli->inputs == NULL)
		return cv_error_set(err, CV_ERROR_SYSTEM, NULL, 0, 0, "out of memory");
	for (int i = 1; i < argc; i++) {
		char *a = argv[i];
		if (done_options || a[0] != '-' || strcmp(a, "-") == 0) {
			cli->inputs[cli->ninputs++] = a;
		} else if (strcmp(a, "--") == 0) {
			done_options = 1;
		} else if (opt_is(a, "--to") || opt_is(a, "-t")) {
			if (cli_value(argc, argv, &i, a, a[1] == '-' ? 4 : 2, &v, err) || cli_add_formats(cli, v, err))
				return CV_FAIL;
		} else if (opt_is(a, "--output") || opt_is(a, "-o")) {
			if (cli_value(argc, argv, &i, a, a[1] == '-' ? 8 : 2, &v, err))
				return CV_FAIL;
			if (cli->output != NULL)
				return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0, "-o given twice");
			if (v[0] == '\0')
				return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0, "-o needs a file or folder name");
			cli->output = v;
		} else if (opt_is(a, "--param") || opt_is(a, "-p")) {
			if (cli_value(argc, argv, &i, a, a[1] == '-' ? 7 : 2, &v, err) ||
			    cli_add_param(cli, (char *)v, err))
				return CV_FAIL;
		} else if (strcmp(a, "--validate") == 0) {
			validate = 1;
		} else if (strcmp(a, "--list-formats") == 0) {
			list = 1;
		} else if (strcmp(a, "--names") == 0) {
			cli->names_only = 1;
		} else if (opt_is(a, "--help-format")) {
			if (cli_value(argc, argv, &i, a, 13, &v, err))
				return CV_FAIL;
			cli->help_format = v;
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			help = 1;
		} else if (strcmp(a, "--version") == 0) {
			version = 1;
		} else {
			return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0, "unknown option \"%s\"", a);
		}
	}
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
		return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0, "--names goes with --list-formats");
	if (cli->ninputs == 0)
		return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0, "no input file given");
	for (size_t i = 0; i < cli->ninputs; i++)
		if (strcmp(cli->inputs[i], "-") == 0)
			return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0,
			                    "reading an article from standard input is not supported: its folder is needed for images");
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
		int many = cli->ninputs > 1 || cli->nformats > 1;
		if (strcmp(cli->output, "-") == 0 && many)
			return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0, "-o - takes one input and one format");
		if (many && cli->output[n - 1] != '/')
			return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0,
			                    "several outputs need a folder: -o DIR/ (ending in a slash)");
	}
	return CV_OK;
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
