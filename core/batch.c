/*
 * batch.c: the plan of a run: which articles, and where each output goes.
 *
 * Every output's name is known before anything is converted, so that two
 * inputs that would write the same file (d1/x.xml and d2/x.xml with
 * -o out/) are refused together, naming both, instead of the second
 * silently replacing the first. A folder given as input mirrors its tree
 * under the outputs' folder, which is what keeps same-named articles of an
 * archive apart.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch.h"

int cv_batch_plan_init(struct cv_batch_plan *plan, const char *output, struct cv_error *err)
{
	struct stat st;
	size_t n;

	memset(plan, 0, sizeof *plan);
	if (output == NULL) {
		plan->folder = strdup("");
	} else if ((n = strlen(output)) > 0 && output[n - 1] == '/') {
		plan->folder = strdup(output);
	} else if (strcmp(output, "-") != 0 && stat(output, &st) == 0 && S_ISDIR(st.st_mode)) {
		plan->folder = malloc(n + 2);
		if (plan->folder)
			snprintf(plan->folder, n + 2, "%s/", output);
	} else {
		plan->folder = strdup("");
		plan->single = output;
	}
	if (plan->folder == NULL)
		return cv_error_set(err, CV_ERROR_SYSTEM, NULL, 0, 0, "out of memory");
	return CV_OK;
}

void cv_batch_plan_free(struct cv_batch_plan *plan)
{
	for (size_t i = 0; i < plan->count; i++) {
		free(plan->items[i].input);
		free(plan->items[i].stem);
	}
	free(plan->items);
	free(plan->folder);
	memset(plan, 0, sizeof *plan);
}

/* Adds input with stem folder + rel, rel's ".xml" dropped. */
static int plan_push(struct cv_batch_plan *plan, const char *input, const char *rel, struct cv_error *err)
{
	size_t n = strlen(rel);
	struct cv_batch_item item;

	if (n > 4 && strcmp(rel + n - 4, ".xml") == 0)
		n -= 4;
	if (plan->count == plan->cap) {
		size_t cap = plan->cap ? plan->cap * 2 : 64;
		struct cv_batch_item *grown = realloc(plan->items, cap * sizeof *grown);
		if (grown == NULL)
			return cv_error_set(err, CV_ERROR_SYSTEM, NULL, 0, 0, "out of memory");
		plan->items = grown;
		plan->cap = cap;
	}
	item.input = strdup(input);
	item.stem = malloc(strlen(plan->folder) + n + 1);
	if (item.input == NULL || item.stem == NULL) {
		free(item.input);
		free(item.stem);
		return cv_error_set(err, CV_ERROR_SYSTEM, NULL, 0, 0, "out of memory");
	}
	sprintf(item.stem, "%s%.*s", plan->folder, (int)n, rel);
	plan->items[plan->count++] = item;
	return CV_OK;
}

static int name_is_article(const char *name)
{
	size_t n = strlen(name);
	return name[0] != '.' && n > 4 && strcmp(name + n - 4, ".xml") == 0;
}

/* Byte order, the same in every locale: the run's order is reproducible. */
static int compare_names(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int skip_hidden(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

/* Adds the articles beneath root/rel (rel "" for root itself). */
static int plan_walk(struct cv_batch_plan *plan, const char *root, const char *rel, int depth,
                     struct cv_error *err)
{
	char dir[PATH_MAX], path[PATH_MAX], sub[PATH_MAX];
	struct dirent **names;
	int n, status = CV_OK;

	if (depth > 64)
		return cv_error_set(err, CV_ERROR_LIMIT, root, 0, 0, "folders nested more than 64 deep");
	if ((size_t)snprintf(dir, sizeof dir, "%s%s%s", root, *rel ? "/" : "", rel) >= sizeof dir)
		return cv_error_set(err, CV_ERROR_LIMIT, root, 0, 0, "path too long beneath this folder");
	n = scandir(dir, &names, skip_hidden, compare_names);
	if (n < 0)
		return cv_error_set(err, CV_ERROR_SYSTEM, dir, 0, 0, "cannot read the folder: %s", strerror(errno));
	for (int i = 0; i < n; i++) {
		struct stat lst, st;
		const char *name = names[i]->d_name;
		if (status == CV_OK &&
		    ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path ||
		     (size_t)snprintf(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", name) >= sizeof sub))
			status = cv_error_set(err, CV_ERROR_LIMIT, dir, 0, 0, "path too long beneath this folder");
		if (status == CV_OK && lstat(path, &lst) == 0) {
			/* A link to a folder is not followed: it could loop. */
			if (S_ISDIR(lst.st_mode))
				status = plan_walk(plan, root, sub, depth + 1, err);
			else if (name_is_article(name) && stat(path, &st) == 0 && S_ISREG(st.st_mode))
				status = plan_push(plan, path, sub, err);
		}
		free(names[i]);
	}
	free(names);
	return status;
}

/* Adds path; a file's stem is its base name, or with keep_path (a
 * relative path from a list) the whole path, so that a list made by
 * `find . -name '*.xml'` mirrors the tree like a folder input does. */
static int plan_add(struct cv_batch_plan *plan, const char *path, int keep_path, struct cv_error *err)
{
	struct stat st;

	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		char root[PATH_MAX];
		size_t before = plan->count, n = strlen(path);
		while (n > 1 && path[n - 1] == '/')
			n--;
		if (n >= sizeof root)
			return cv_error_set(err, CV_ERROR_LIMIT, path, 0, 0, "path too long");
		snprintf(root, sizeof root, "%.*s", (int)n, path);
		if (plan_walk(plan, root, "", 0, err) != CV_OK)
			return CV_FAIL;
		if (plan->count == before)
			return cv_error_set(err, CV_ERROR_ARGUMENT, path, 0, 0, "no article (*.xml) in this folder");
		return CV_OK;
	}
	if (keep_path && path[0] != '/') {
		const char *rel = path;
		while (rel[0] == '.' && rel[1] == '/')
			for (rel += 2; *rel == '/'; rel++)
				;
		if (strncmp(rel, "../", 3) != 0 && strstr(rel, "/../") == NULL)
			return plan_push(plan, path, rel, err);
	}
	const char *base = strrchr(path, '/');
	return plan_push(plan, path, base ? base + 1 : path, err);
}

int cv_batch_plan_add(struct cv_batch_plan *plan, const char *path, struct cv_error *err)
{
	return plan_add(plan, path, 0, err);
}

int cv_batch_plan_add_list(struct cv_batch_plan *plan, int fd, int nul, const char *name,
                           struct cv_error *err)
{
	FILE *f = fdopen(dup(fd), "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int status = CV_OK;

	if (f == NULL)
		return cv_error_set(err, CV_ERROR_SYSTEM, name, 0, 0, "cannot read the list: %s", strerror(errno));
	while (status == CV_OK && (n = getdelim(&line, &cap, nul ? '\0' : '\n', f)) > 0) {
		if (!nul && line[n - 1] == '\n')
			line[--n] = '\0';
		if (!nul && n > 0 && line[n - 1] == '\r')
			line[--n] = '\0';
		if (n > 0 && line[0] != '\0')
			status = plan_add(plan, line, 1, err);
	}
	if (status == CV_OK && ferror(f))
		status = cv_error_set(err, CV_ERROR_SYSTEM, name, 0, 0, "cannot read the list: %s", strerror(errno));
	free(line);
	fclose(f);
	return status;
}

void cv_batch_target(const struct cv_batch_plan *plan, size_t i, const struct cv_plugin *plugin,
                     char *buf, size_t size)
{
	if (plan->single)
		snprintf(buf, size, "%s", plan->single);
	else
		snprintf(buf, size, "%s.%s", plan->items[i].stem, plugin->extension);
}

void cv_batch_make_folders(const char *target)
{
	char dir[PATH_MAX];

	if ((size_t)snprintf(dir, sizeof dir, "%s", target) >= sizeof dir)
		return;
	for (char *p = strchr(dir + 1, '/'); p; p = strchr(p + 1, '/')) {
		*p = '\0';
		mkdir(dir, 0777);
		*p = '/';
	}
}

/* A target, spelled so that two spellings of one path compare equal:
 * "./", "//" and "dir/./x" all fold. */
struct plan_target {
	char *name;
	size_t item;
	size_t format;
};

static void fold_path(char *p)
{
	char *out = p;
	const char *in = p;

	while (*in) {
		if (in[0] == '/' && (in[1] == '/' || (in[1] == '.' && (in[2] == '/' || in[2] == '\0')))) {
			in += in[1] == '/' ? 1 : 2;
			continue;
		}
		if (in == p && in[0] == '.' && in[1] == '/') {
			in += 2;
			continue;
		}
		*out++ = *in++;
	}
	*out = '\0';
}

static int compare_targets(const void *a, const void *b)
{
	const struct plan_target *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	if (c == 0)
		c = x->item < y->item ? -1 : x->item > y->item;
	return c;
}

int cv_batch_plan_check(const struct cv_batch_plan *plan, const struct cv_plugin *const *plugins,
                        size_t nformats, FILE *to)
{
	size_t n = plan->count * nformats, clashes = 0;
	struct plan_target *t;
	char buf[PATH_MAX];

	if (plan->single || n < 2)
		return CV_OK;
	t = calloc(n, sizeof *t);
	if (t == NULL) {
		fprintf(to, "convert: out of memory\n");
		return CV_FAIL;
	}
	for (size_t i = 0, k = 0; i < plan->count; i++) {
		for (size_t f = 0; f < nformats; f++, k++) {
			cv_batch_target(plan, i, plugins[f], buf, sizeof buf);
			fold_path(buf);
			t[k] = (struct plan_target){strdup(buf), i, f};
			if (t[k].name == NULL) {
				fprintf(to, "convert: out of memory\n");
				clashes++;
			}
		}
	}
	if (clashes == 0) {
		qsort(t, n, sizeof *t, compare_targets);
		for (size_t k = 1; k < n; k++) {
			if (strcmp(t[k - 1].name, t[k].name) != 0)
				continue;
			if (++clashes > 20)
				continue;
			const struct cv_batch_item *a = &plan->items[t[k - 1].item], *b = &plan->items[t[k].item];
			struct cv_error e;
			if (t[k - 1].item == t[k].item)
				cv_error_set(&e, CV_ERROR_ARGUMENT, a->input, 0, 0,
				             "the formats %s and %s would both write %s",
				             plugins[t[k - 1].format]->name, plugins[t[k].format]->name, t[k].name);
			else
				cv_error_set(&e, CV_ERROR_ARGUMENT, NULL, 0, 0, "%s and %s would both be written to %s",
				             a->input, b->input, t[k].name);
			cv_error_print(&e, to);
		}
		if (clashes > 20)
			fprintf(to, "convert: ... and %zu more outputs that share a name\n", clashes - 20);
		if (clashes)
			fprintf(to, "convert: nothing was converted: give such inputs separate -o folders, or give their "
			            "folder as the input (its tree is mirrored under -o DIR/)\n");
	}
	for (size_t k = 0; k < n; k++)
		free(t[k].name);
	free(t);
	return clashes ? CV_FAIL : CV_OK;
}
