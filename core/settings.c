/*
 * settings.c: a format's parameter values, and the one check of them
 * that happens before any article is read.
 *
 * A value is the same for every article of a run, so a plugin checks it
 * once, in its check function, rather than in convert(), where a bad
 * value in a batch of 1,000 articles would be reported 1,000 times,
 * each after the article had been parsed for nothing.
 */
#include <string.h>

#include "internal.h"

const char *cv_settings_lookup(const struct cv_settings *settings, const char *name)
{
	const struct cv_param *decl = NULL;

	for (const struct cv_param *p = settings->plugin->params; p && p->name; p++)
		if (strcmp(p->name, name) == 0)
			decl = p;
	if (decl == NULL)
		return NULL;
	/* The last --param given wins, as on most command lines. */
	for (size_t i = settings->nvalues; i-- > 0;)
		if (strcmp(settings->values[i].name, name) == 0)
			return settings->values[i].value;
	return decl->default_value ? decl->default_value : "";
}

/* The descriptor has a check field only from ABI 1.2 on: an older
 * plugin's slot there is a reserved one. */
static cv_check_fn settings_check_fn(const struct cv_plugin *p)
{
	return p->abi_minor >= 2 ? p->check : NULL;
}

int cv_plugins_check_settings(const struct cv_plugin *const *plugins, size_t nplugins,
                              const struct cv_param_value *values, size_t nvalues,
                              FILE *to)
{
	int status = CV_OK;

	for (size_t i = 0; i < nplugins; i++) {
		const struct cv_settings s = {plugins[i], values, nvalues};
		cv_check_fn check = settings_check_fn(plugins[i]);
		struct cv_error err;

		if (check == NULL)
			continue;
		memset(&err, 0, sizeof err);
		if (check(&s, &err) == CV_OK)
			continue;
		if (err.message[0] == '\0')
			cv_error_set(&err, CV_ERROR_ARGUMENT, NULL, 0, 0,
			             "a parameter was refused without saying why");
		cv_error_name_format(&err, plugins[i]->name);
		cv_error_print(&err, to);
		status = CV_FAIL;
	}
	return status;
}
