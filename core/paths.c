/*
 * paths.c: finding convert's own folders relative to the executable, so
 * the build tree and an installation work the same without configuration:
 *   BIN/../lib/convert/plugins, BIN/../share/convert/{stylesheets,schema}
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

static int paths_resolve(char *dst, size_t size, const char *base,
                         const char *rel, struct cv_error *err)
{
	char joined[PATH_MAX];
	char real[PATH_MAX];

	if ((size_t)snprintf(joined, sizeof joined, "%s/%s", base, rel) >= sizeof joined)
		return cv_error_set(err, CV_ERROR_SYSTEM, NULL, 0, 0, "installation path too long: %s", base);
	if (realpath(joined, real) == NULL)
		return cv_error_set(err, CV_ERROR_SYSTEM, NULL, 0, 0,
		                    "cannot find %s (is convert installed completely?)", joined);
	snprintf(dst, size, "%s", real);
	return CV_OK;
}

int cv_paths_find(struct cv_paths *paths, struct cv_error *err)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	char *slash;

	if (n <= 0)
		return cv_error_set(err, CV_ERROR_SYSTEM, NULL, 0, 0, "cannot locate the convert executable");
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (slash == NULL)
		return cv_error_set(err, CV_ERROR_SYSTEM, NULL, 0, 0, "cannot locate the convert executable");
	*slash = '\0';
	if (paths_resolve(paths->plugins, sizeof paths->plugins, exe, "../lib/convert/plugins", err) ||
	    paths_resolve(paths->stylesheets, sizeof paths->stylesheets, exe, "../share/convert/stylesheets", err) ||
	    paths_resolve(paths->schema, sizeof paths->schema, exe, "../share/convert/schema", err))
		return CV_FAIL;
	return CV_OK;
}
