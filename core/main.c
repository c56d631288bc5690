/*
 * main.c: the convert command. Everything else is in the core's library;
 * this file only wires options to it and chooses the exit status:
 * options, then plugins and parameters, then the plan of the run (every
 * output named, clashes refused), then the run.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxslt/xslt.h>

#include "batch.h"
#include "cli.h"

enum { EXIT_OK = 0, EXIT_REJECTED = 1, EXIT_USAGE = 2 };

/*
 * A closed standard descriptor would be taken by the next file we open:
 * with stdout closed, `-o -` would copy the output into its own temporary
 * file; with stderr closed, library messages would land in an output. So
 * each closed one is opened on /dev/null, read-only, so that writing to it
 * still fails as writing to a closed descriptor does.
 */
static int open_standard_descriptors(void)
{
	for (int fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		int got = open("/dev/null", O_RDONLY);
		if (got != fd)
			return CV_FAIL;
	}
	return CV_OK;
}

/* Format names are matched without case: --to PDF is --to pdf. */
static const struct cv_plugin_entry *lookup_format(const struct cv_registry *reg, const char *name)
{
	const struct cv_plugin_entry *e = cv_registry_lookup(reg, name);

	for (size_t i = 0; e == NULL && i < reg->count; i++)
		if (strcasecmp(reg->entries[i].plugin->name, name) == 0)
			e = &reg->entries[i];
	return e;
}

static void unknown_format(const struct cv_registry *reg, const char *name)
{
	const char **names = calloc(reg->count + 1, sizeof *names);
	const char *near = NULL;

	for (size_t i = 0; names && i < reg->count; i++)
		names[i] = reg->entries[i].plugin->name;
	if (names)
		near = cv_cli_nearest(name, names, reg->count);
	if (near)
		fprintf(stderr, "convert: unknown format \"%s\"; did you mean %s? (see convert --list-formats)\n", name, near);
	else
		fprintf(stderr, "convert: unknown format \"%s\" (see convert --list-formats)\n", name);
	free(names);
}

static void list_formats(const struct cv_registry *reg, int names_only)
{
	for (size_t i = 0; i < reg->count; i++) {
		const struct cv_plugin_entry *e = &reg->entries[i];
		if (names_only)
			printf("%s\n", e->plugin->name);
		else
			printf("%-10s %-8s %s\n%10s (%s)\n", e->plugin->name, e->plugin->extension,
			       e->plugin->description ? e->plugin->description : "", "", e->path);
	}
}

static int help_format(const struct cv_registry *reg, const char *name, int names_only)
{
	const struct cv_plugin_entry *e = lookup_format(reg, name);

	if (e == NULL) {
		unknown_format(reg, name);
		return EXIT_USAGE;
	}
	if (names_only) {
		for (const struct cv_param *p = e->plugin->params; p && p->name; p++)
			printf("%s\n", p->name);
		return EXIT_OK;
	}
	printf("%s: %s\n  output: .%s (%s)\n  plugin: %s\n", e->plugin->name,
	       e->plugin->description ? e->plugin->description : "", e->plugin->extension,
	       e->plugin->media_type ? e->plugin->media_type : "", e->path);
	printf("  stylesheets: %s%s\n", e->folder, e->folder[0] ? " first, then the built-in folder" : "the built-in folder");
	if (e->plugin->params == NULL || e->plugin->params[0].name == NULL) {
		printf("  no parameters\n");
		return EXIT_OK;
	}
	printf("  parameters (--param NAME=VALUE):\n");
	for (const struct cv_param *p = e->plugin->params; p->name; p++)
		printf("    %-16s %s (default: %s)\n", p->name, p->help ? p->help : "",
		       p->default_value && *p->default_value ? p->default_value : "none");
	return EXIT_OK;
}

/* Every --param must be declared by at least one chosen format. */
static int check_params(const struct cv_cli *cli, const struct cv_plugin *const *plugins)
{
	for (size_t i = 0; i < cli->nparams; i++) {
		const char *names[256];
		size_t n = 0;
		int known = 0;
		for (size_t f = 0; f < cli->nformats; f++)
			for (const struct cv_param *p = plugins[f]->params; p && p->name; p++) {
				known |= strcmp(p->name, cli->params[i].name) == 0;
				if (n < sizeof names / sizeof *names)
					names[n++] = p->name;
			}
		if (!known) {
			const char *near = cv_cli_nearest(cli->params[i].name, names, n);
			fprintf(stderr, "convert: no chosen format takes the parameter \"%s\"%s%s%s (see convert --help-format)\n",
			        cli->params[i].name, near ? "; did you mean " : "", near ? near : "", near ? "?" : "");
			return EXIT_USAGE;
		}
	}
	return EXIT_OK;
}

/* The inputs of the command line and of --files-from, in that order. */
static int make_plan(const struct cv_cli *cli, struct cv_batch_plan *plan, struct cv_error *err)
{
	if (cv_batch_plan_init(plan, cli->output, err))
		return CV_FAIL;
	for (size_t i = 0; i < cli->ninputs; i++)
		if (cv_batch_plan_add(plan, cli->inputs[i], err))
			return CV_FAIL;
	if (cli->files_from) {
		int std = strcmp(cli->files_from, "-") == 0;
		int fd = std ? STDIN_FILENO : open(cli->files_from, O_RDONLY | O_CLOEXEC);
		int status;
		if (fd < 0)
			return cv_error_set(err, CV_ERROR_SYSTEM, cli->files_from, 0, 0, "cannot open the list: %s",
			                    strerror(errno));
		status = cv_batch_plan_add_list(plan, fd, cli->null_separated, std ? "standard input" : cli->files_from, err);
		if (!std)
			close(fd);
		if (status)
			return CV_FAIL;
	}
	if (plan->single && plan->count > 1)
		return cv_error_set(err, CV_ERROR_ARGUMENT, NULL, 0, 0,
		                    "several outputs need a folder: -o DIR/ (ending in a slash)");
	return CV_OK;
}

/* The cores this process may run on (taskset, cgroups' cpusets). */
static unsigned usable_cores(void)
{
	cpu_set_t set;
	if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
		return (unsigned)CPU_COUNT(&set);
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (unsigned)n : 1;
}

static int run(const struct cv_cli *cli, const struct cv_paths *paths, const struct cv_registry *reg)
{
	const struct cv_plugin **plugins = calloc(cli->nformats + 1, sizeof *plugins);
	const char **files = calloc(cli->nformats + 1, sizeof *files);
	struct cv_batch_plan plan;
	struct cv_schema *schema = NULL;
	struct cv_xslt_cache *cache = NULL;
	struct cv_error err;
	int status = EXIT_USAGE;

	memset(&plan, 0, sizeof plan);
	if (plugins == NULL || files == NULL)
		goto out;
	for (size_t f = 0; f < cli->nformats; f++) {
		const struct cv_plugin_entry *e = lookup_format(reg, cli->formats[f]);
		if (e == NULL) {
			unknown_format(reg, cli->formats[f]);
			goto out;
		}
		plugins[f] = e->plugin;
		files[f] = e->path;
	}
	/* Parameter values are checked here, once, before any input is read. */
	if (check_params(cli, plugins) ||
	    cv_plugins_check_settings(plugins, cli->nformats, cli->params, cli->nparams, stderr))
		goto out;

	if (make_plan(cli, &plan, &err)) {
		cv_error_print(&err, stderr);
		status = err.klass == CV_ERROR_ARGUMENT && err.file[0] == '\0' ? EXIT_USAGE : EXIT_REJECTED;
		goto out;
	}
	if (cv_batch_plan_check(&plan, plugins, cli->nformats, stderr))
		goto out;

	status = EXIT_REJECTED;
	if (cv_schema_new(paths->schema, &schema, &err) ||
	    (cli->action == CV_CLI_CONVERT && (cache = cv_xslt_cache_new(paths->stylesheets)) == NULL)) {
		if (cache == NULL && schema != NULL)
			cv_error_set(&err, CV_ERROR_LIBRARY, NULL, 0, 0, "cannot set up the XSLT runner");
		cv_error_print(&err, stderr);
		goto out;
	}
	struct cv_batch_env env = {plugins, files, cli->action == CV_CLI_CONVERT ? cli->nformats : 0,
	                           schema, cache, cli->params, cli->nparams};
	struct cv_batch_options opt = {
		.jobs = cli->jobs ? cli->jobs : usable_cores(),
		.cores = usable_cores(),
		/* On a terminal, for more than one article: one is quick to tell. */
		.progress = cli->progress >= 0 ? cli->progress : isatty(STDERR_FILENO) && plan.count > 1,
		.quiet = cli->quiet,
		.update = cli->update,
		.fail_fast = cli->fail_fast,
		.validate = cli->action == CV_CLI_VALIDATE,
		.report = cli->report,
	};
	status = cv_batch_run(&plan, &env, &opt) ? EXIT_REJECTED : EXIT_OK;
out:
	cv_batch_plan_free(&plan);
	cv_xslt_cache_free(cache);
	cv_schema_free(schema);
	free(files);
	free(plugins);
	return status;
}

/* What was printed to standard output must have reached it. */
static int close_stdout(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "convert: cannot write to standard output: %s\n", strerror(errno));
		return status == EXIT_OK ? EXIT_REJECTED : status;
	}
	return status;
}

int main(int argc, char **argv)
{
	struct cv_cli cli;
	struct cv_paths paths;
	struct cv_registry reg = {0};
	struct cv_error err;
	int status;

	if (open_standard_descriptors() != CV_OK)
		return EXIT_REJECTED;
	LIBXML_TEST_VERSION
	if (cv_cli_parse(argc, argv, &cli, &err)) {
		fprintf(stderr, "convert: %s\n%s", err.message, "Try 'convert --help'.\n");
		cv_cli_free(&cli);
		return EXIT_USAGE;
	}
	if (cli.action == CV_CLI_HELP) {
		fputs(cv_cli_usage, stdout);
		cv_cli_free(&cli);
		return close_stdout(EXIT_OK);
	}
	if (cli.action == CV_CLI_VERSION) {
		printf("convert %s (plugin ABI %d.%d, libxml2 %s, libxslt %s)\n", CV_VERSION, CV_ABI_MAJOR,
		       CV_ABI_MINOR, xmlParserVersion, xsltEngineVersion);
		cv_cli_free(&cli);
		return close_stdout(EXIT_OK);
	}
	if (cv_paths_find(&paths, &err)) {
		cv_error_print(&err, stderr);
		cv_cli_free(&cli);
		return EXIT_REJECTED;
	}
	const char *const allowed[] = {paths.stylesheets, paths.schema, NULL};
	cv_entity_policy_install(allowed);

	char dirs[2 * PATH_MAX + 2];
	const char *extra = getenv("CONVERT_PLUGIN_PATH");
	snprintf(dirs, sizeof dirs, "%s%s%s", paths.plugins, extra && *extra ? ":" : "", extra ? extra : "");
	cv_registry_load(&reg, dirs, stderr);
	cv_registry_allow_folders(&reg, stderr);

	switch (cli.action) {
	case CV_CLI_LIST:
		list_formats(&reg, cli.names_only);
		status = EXIT_OK;
		break;
	case CV_CLI_HELP_FORMAT:
		status = help_format(&reg, cli.help_format, cli.names_only);
		break;
	default:
		status = run(&cli, &paths, &reg);
		break;
	}
	cv_registry_free(&reg);
	cv_cli_free(&cli);
	xsltCleanupGlobals();
	xmlCleanupParser();
	return close_stdout(status);
}
