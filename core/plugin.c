/*
 * plugin.c: finding and loading output plugins.
 *
 * A plugin's constructors run inside dlopen, before any check we can
 * make, so the trust boundary is the folder: only absolute folders are
 * searched (never the current directory), and only files named *.so.
 * The descriptor's ABI is checked before anything else in it is read.
 *
 * A plugin's own files (stylesheets, CSS) live in a folder named like its
 * shared object, beside it: txt.so and txt/. It is as trusted as the
 * shared object, whose code we run.
 */
#include <dirent.h>
#include <dlfcn.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"

int cv_plugin_check(const struct cv_plugin *p, const char *path, struct cv_error *err)
{
	if (p->abi_major != CV_ABI_MAJOR)
		return cv_error_set(err, CV_ERROR_UNSUPPORTED, path, 0, 0,
		                    "plugin ABI %u.%u is not this convert's ABI %d.%d; rebuild the plugin",
		                    p->abi_major, p->abi_minor, CV_ABI_MAJOR, CV_ABI_MINOR);
	if (p->abi_minor > CV_ABI_MINOR)
		return cv_error_set(err, CV_ERROR_UNSUPPORTED, path, 0, 0,
		                    "plugin needs ABI %u.%u but this convert has %d.%d; upgrade convert",
		                    p->abi_major, p->abi_minor, CV_ABI_MAJOR, CV_ABI_MINOR);
	if (p->name == NULL || p->name[0] == '\0' || strpbrk(p->name, ",/ \t\n") != NULL)
		return cv_error_set(err, CV_ERROR_FORMAT, path, 0, 0, "plugin descriptor has no usable name");
	if (p->extension == NULL || p->extension[0] == '\0' || strchr(p->extension, '/') != NULL)
		return cv_error_set(err, CV_ERROR_FORMAT, path, 0, 0, "plugin \"%s\" declares no file extension", p->name);
	if (p->convert == NULL)
		return cv_error_set(err, CV_ERROR_FORMAT, path, 0, 0, "plugin \"%s\" has no convert function", p->name);
	return CV_OK;
}

/* The folder beside the shared object at so_path: "/p/txt.so" -> "/p/txt". */
static int plugin_folder_beside(const char *so_path, char *out, size_t size)
{
	char folder[PATH_MAX];
	char real[PATH_MAX];
	struct stat st;
	size_t n = strlen(so_path);

	if (n <= 3 || n >= sizeof folder || strcmp(so_path + n - 3, ".so") != 0 || so_path[0] != '/')
		return CV_FAIL;
	memcpy(folder, so_path, n - 3);
	folder[n - 3] = '\0';
	if (realpath(folder, real) == NULL || stat(real, &st) != 0 || !S_ISDIR(st.st_mode) ||
	    strlen(real) >= size)
		return CV_FAIL;
	memcpy(out, real, strlen(real) + 1);
	return CV_OK;
}

/* The descriptor's own address names the shared object it is in, so a
 * job finds its plugin's folder without the registry. */
int cv_plugin_folder(const struct cv_plugin *p, char *out, size_t size)
{
	Dl_info info;

	if (dladdr(p, &info) == 0 || info.dli_fname == NULL)
		return CV_FAIL;
	return plugin_folder_beside(info.dli_fname, out, size);
}

void cv_registry_allow_folders(const struct cv_registry *reg, FILE *warn_to)
{
	for (size_t i = 0; i < reg->count; i++)
		if (reg->entries[i].folder[0] && cv_entity_policy_allow(reg->entries[i].folder) != CV_OK)
			fprintf(warn_to, "convert: warning: %s: too many plugin folders; the stylesheets in %s "
			        "cannot be read\n", reg->entries[i].path, reg->entries[i].folder);
}

static int registry_add(struct cv_registry *reg, const char *path, FILE *warn_to)
{
	struct cv_error err;
	void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	const struct cv_plugin *p;

	if (h == NULL) {
		fprintf(warn_to, "convert: warning: %s: cannot load plugin: %s; skipped\n", path, dlerror());
		return CV_FAIL;
	}
	p = dlsym(h, CV_PLUGIN_SYMBOL);
	if (p == NULL) {
		fprintf(warn_to, "convert: warning: %s: no entry point [%s] in the plugin; skipped\n",
		        path, CV_PLUGIN_SYMBOL);
		dlclose(h);
		return CV_FAIL;
	}
	if (cv_plugin_check(p, path, &err)) {
		fprintf(warn_to, "convert: warning: %s: %s; skipped\n", path, err.message);
		dlclose(h);
		return CV_FAIL;
	}
	const struct cv_plugin_entry *dup = cv_registry_lookup(reg, p->name);
	if (dup != NULL) {
		fprintf(warn_to, "convert: warning: %s: format \"%s\" is already provided by %s; skipped\n",
		        path, p->name, dup->path);
		dlclose(h);
		return CV_FAIL;
	}
	struct cv_plugin_entry *grown = realloc(reg->entries, (reg->count + 1) * sizeof *grown);
	if (grown == NULL) {
		dlclose(h);
		return CV_FAIL;
	}
	reg->entries = grown;
	struct cv_plugin_entry *e = &reg->entries[reg->count];
	e->plugin = p;
	e->handle = h;
	snprintf(e->path, sizeof e->path, "%s", path);
	if (cv_plugin_folder(p, e->folder, sizeof e->folder) != CV_OK)
		e->folder[0] = '\0';
	reg->count++;
	return CV_OK;
}

static int registry_so(const struct dirent *d)
{
	size_t n = strlen(d->d_name);
	return d->d_name[0] != '.' && n > 3 && strcmp(d->d_name + n - 3, ".so") == 0;
}

static void registry_scan(struct cv_registry *reg, const char *dir, FILE *warn_to)
{
	struct dirent **names;
	int n = scandir(dir, &names, registry_so, alphasort);

	if (n < 0)
		return;
	for (int i = 0; i < n; i++) {
		char path[PATH_MAX];
		if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name) < sizeof path)
			registry_add(reg, path, warn_to);
		free(names[i]);
	}
	free(names);
}

int cv_registry_load(struct cv_registry *reg, const char *dirs, FILE *warn_to)
{
	char *copy = strdup(dirs ? dirs : "");
	char *save = NULL;

	if (copy == NULL)
		return CV_FAIL;
	for (char *d = strtok_r(copy, ":", &save); d != NULL; d = strtok_r(NULL, ":", &save)) {
		if (d[0] != '/') {
			fprintf(warn_to, "convert: warning: plugin folder \"%s\" is not absolute; ignored\n", d);
			continue;
		}
		registry_scan(reg, d, warn_to);
	}
	free(copy);
	return CV_OK;
}

void cv_registry_free(struct cv_registry *reg)
{
	/* Plugins stay mapped until exit: sanitizers need their symbols, and
	 * a plugin's static data may still be referenced by a descriptor. */
	free(reg->entries);
	reg->entries = NULL;
	reg->count = 0;
}

const struct cv_plugin_entry *cv_registry_lookup(const struct cv_registry *reg, const char *name)
{
	for (size_t i = 0; i < reg->count; i++)
		if (strcmp(reg->entries[i].plugin->name, name) == 0)
			return &reg->entries[i];
	return NULL;
}
