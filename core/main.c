/*
 * main.c: the convert command. Everything else is in the core's library;
 * this file only wires options to it and chooses the exit status.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/parser.h>
#include <libxslt/xslt.h>

#include "cli.h"

enum { EXIT_OK = 0, EXIT_REJECTED = 1, EXIT_USAGE = 2 };

/* The default output: INPUT's base name, .xml dropped, plus extension. */
static void output_name(char *dst, size_t size, const char *dir, const char *input, const char *ext)
{
	const char *base = strrchr(input, '/');
	size_t n;

	base = base ? base + 1 : input;
	n = strlen(base);
	if (n > 4 && strcmp(base + n - 4, ".xml") == 0)
		n -= 4;
	snprintf(dst, size, "%s%.*s.%s", dir, (int)n, base, ext);
}

/* -o FILE, -o -, -o DIR/ (made if missing) or an existing folder. */
static void output_target(char *dst, size_t size, const char *out, const char *input, const char *ext)
{
	struct stat st;
	char dir[PATH_MAX];

	if (out == NULL) {
		output_name(dst, size, "", input, ext);
	} else if (out[strlen(out) - 1] == '/') {
		mkdir(out, 0777);
		output_name(dst, size, out, input, ext);
	} else if (strcmp(out, "-") != 0 && stat(out, &st) == 0 && S_ISDIR(st.st_mode)) {
		snprintf(dir, sizeof dir, "%s/", out);
		output_name(dst, size, dir, input, ext);
	} else {
		snprintf(dst, size, "%s", out);
	}
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

static int help_format(const struct cv_registry *reg, const char *name)
{
	const struct cv_plugin_entry *e = cv_registry_lookup(reg, name);

	if (e == NULL) {
		fprintf(stderr, "convert: unknown format \"%s\" (see convert --list-formats)\n", name);
		return EXIT_USAGE;
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
static int check_params(const struct cv_cli *cli, const struct cv_plugin **plugins)
{
	for (size_t i = 0; i < cli->nparams; i++) {
		int known = 0;
		for (size_t f = 0; f < cli->nformats; f++)
			for (const struct cv_param *p = plugins[f]->params; p && p->name; p++)
				known |= strcmp(p->name, cli->params[i].name) == 0;
		if (!known) {
			fprintf(stderr, "convert: no chosen format takes the parameter \"%s\" (see convert --help-format)\n",
			        cli->params[i].name);
			return EXIT_USAGE;
		}
	}
	return EXIT_OK;
}

static int run(const struct cv_cli *cli, const struct cv_paths *paths, const struct cv_registry *reg)
{
	const struct cv_plugin **plugins = calloc(cli->nformats + 1, sizeof *plugins);
	struct cv_schema *schema = NULL;
	struct cv_xslt_cache *cache = NULL;
	struct cv_error err;
	int status = EXIT_OK;

	if (plugins == NULL)
		return EXIT_REJECTED;
	for (size_t f = 0; f < cli->nformats; f++) {
		const struct cv_plugin_entry *e = cv_registry_lookup(reg, cli->formats[f]);
		if (e == NULL) {
			fprintf(stderr, "convert: unknown format \"%s\" (see convert --list-formats)\n", cli->formats[f]);
			free(plugins);
			return EXIT_USAGE;
		}
		plugins[f] = e->plugin;
	}
	if (check_params(cli, plugins) ||
	    cv_plugins_check_settings(plugins, cli->nformats, cli->params, cli->nparams, stderr)) {
		free(plugins);
		return EXIT_USAGE;
	}
	if (cv_schema_new(paths->schema, &schema, &err) ||
	    (cli->action == CV_CLI_CONVERT && (cache = cv_xslt_cache_new(paths->stylesheets)) == NULL)) {
		if (cache == NULL && schema != NULL)
			cv_error_set(&err, CV_ERROR_LIBRARY, NULL, 0, 0, "cannot set up the XSLT runner");
		cv_error_print(&err, stderr);
		cv_schema_free(schema);
		free(plugins);
		return EXIT_REJECTED;
	}
	for (size_t i = 0; i < cli->ninputs; i++) {
		struct cv_report rep;
		struct cv_document *doc;

		cv_report_init(&rep);
		if (cv_document_load(cli->inputs[i], schema, &doc, &rep)) {
			cv_report_print(&rep, stderr);
			cv_report_clear(&rep);
			status = EXIT_REJECTED;
			continue;
		}
		cv_report_clear(&rep);
		for (size_t f = 0; f < cli->nformats; f++) {
			char target[PATH_MAX];
			output_target(target, sizeof target, cli->output, cli->inputs[i], plugins[f]->extension);
			if (cv_job_run(plugins[f], doc, cache, cli->params, cli->nparams, target, &err)) {
				cv_error_print(&err, stderr);
				status = EXIT_REJECTED;
			}
		}
		cv_document_free(doc);
	}
	cv_xslt_cache_free(cache);
	cv_schema_free(schema);
	free(plugins);
	return status;
}

int main(int argc, char **argv)
{
	struct cv_cli cli;
	struct cv_paths paths;
	struct cv_registry reg = {0};
	struct cv_error err;
	int status;

	LIBXML_TEST_VERSION
	if (cv_cli_parse(argc, argv, &cli, &err)) {
		fprintf(stderr, "convert: %s\n%s", err.message, "Try 'convert --help'.\n");
		cv_cli_free(&cli);
		return EXIT_USAGE;
	}
	if (cli.action == CV_CLI_HELP) {
		fputs(cv_cli_usage, stdout);
		cv_cli_free(&cli);
		return EXIT_OK;
	}
	if (cli.action == CV_CLI_VERSION) {
		printf("convert %s (plugin ABI %d.%d, libxml2 %s, libxslt %s)\n", CV_VERSION, CV_ABI_MAJOR,
		       CV_ABI_MINOR, xmlParserVersion, xsltEngineVersion);
		cv_cli_free(&cli);
		return EXIT_OK;
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
		status = help_format(&reg, cli.help_format);
		break;
	default:
		status = run(&cli, &paths, &reg);
		break;
	}
	cv_registry_free(&reg);
	cv_cli_free(&cli);
	xsltCleanupGlobals();
	xmlCleanupParser();
	return status;
}
